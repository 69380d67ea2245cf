//! `casenote chronology`: read records exactly as `check` does, list each
//! one's significant events in parallel, merge them per child
//! ([`crate::chronology::merge`]) and write Markdown, CSV, JSON or HTML.
//! Messages name files, never the children or the events.

use super::args::{ChronologyArgs, ChronologyFormat, RuleOptions};
use super::check::{find, in_parallel, load, prelude, skipped};
use super::safe_write::{self, OutputKind};
use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::chronology::merge::{merge, Filter, Input};
use crate::chronology::render::{self, CSV_HEADER};
use crate::chronology::RecordEvents;
use crate::logging;

pub fn run(args: &ChronologyArgs) -> i32 {
    logging::raise_to(logging::Level::from_verbosity(args.verbose));
    let started = std::time::Instant::now();
    let mut stderr = Stderr::default();
    let options = RuleOptions {
        config: args.config.clone(),
        select: Vec::new(),
        ignore: Vec::new(),
        max_file_size: args.max_file_size,
    };
    let Some((today, selection)) = prelude(&options, &mut stderr) else { return EXIT_TROUBLE };
    let Some(found) = find(&args.paths, &mut stderr) else { return EXIT_TROUBLE };
    let kind = output_kind(args.format);
    // Refused before any record is read: the output must never replace one.
    let inputs: Vec<_> = found.iter().map(|record| record.path.clone()).collect();
    if let Some(path) = &args.output {
        if let Err(refusal) = safe_write::check_output(path, &inputs, kind, args.force) {
            stderr.error(format_args!("{}", refusal.describe(path, kind)));
            return EXIT_TROUBLE;
        }
    }
    let Some((records, unreadable)) = load(found, &options, &selection, false, &mut stderr) else {
        return EXIT_TROUBLE;
    };
    let outcomes = in_parallel(&records, true, |record| RecordEvents::read(&record.text));
    let mut read = Vec::new();
    for (record, outcome) in records.iter().zip(outcomes) {
        outcome.log(record, None);
        match outcome.result {
            Some(events) => read.push(Input { path: record.display.clone(), events }),
            None => skipped(record, &mut stderr),
        }
    }
    let filter = Filter {
        child: args.child.clone(),
        from: args.from,
        to: args.to,
        confirmed_only: args.confirmed_only,
    };
    let all = merge(&read, &filter);
    for path in &all.unnamed {
        stderr.warning(format_args!(
            "{path}: names no child (no `child:` or `children:` in its front matter); its events are left out"
        ));
    }
    for conflict in &all.conflicts {
        let paths: Vec<&str> = conflict.records.iter().map(|(path, _)| path.as_str()).collect();
        stderr.warning(format_args!(
            "{}: these records name a child of the same name with different birth dates, so they are not merged (the output lists each chronology apart)",
            paths.join(", ")
        ));
    }
    if args.child.is_some() && all.chronologies.is_empty() {
        stderr.warning(format_args!("no record names a child of that name"));
    }
    let output = match args.format {
        ChronologyFormat::Markdown => render::markdown(&all),
        ChronologyFormat::Csv => render::csv(&all),
        ChronologyFormat::Json => render::json(&all),
        ChronologyFormat::Html => render::html::page(&all, today),
    };
    let output = match args.format {
        // The marker lets a later run replace the file (and only that).
        ChronologyFormat::Markdown | ChronologyFormat::Html if args.output.is_some() => {
            format!("{}\n{output}", safe_write::marker("chronology"))
        }
        _ => output,
    };
    match &args.output {
        Some(path) => {
            if let Err(message) =
                safe_write::write_output(path, output.as_bytes(), &inputs, kind, args.force)
            {
                stderr.error(format_args!("{message}"));
            }
        }
        None => print_stdout(&output),
    }
    logging::info(format_args!(
        "chronology of {} records ({unreadable} not read): {} children in {:.1?}",
        records.len(),
        all.chronologies.len(),
        started.elapsed()
    ));
    if stderr.had_errors() {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

fn output_kind(format: ChronologyFormat) -> &'static OutputKind {
    match format {
        ChronologyFormat::Markdown | ChronologyFormat::Html => &MARKED,
        ChronologyFormat::Csv => &CSV,
        ChronologyFormat::Json => &JSON,
    }
}

/// Markdown and HTML carry the marker comment near their start.
const MARKED: OutputKind = OutputKind {
    command: "chronology",
    what: "the chronology",
    recognise: |head| safe_write::has_marker(head, "<!-- written by casenote chronology -->"),
    head: 4096,
};

/// CSV has no comments: recognised by its header row.
const CSV: OutputKind = OutputKind {
    command: "chronology",
    what: "the chronology",
    recognise: is_chronology_csv,
    head: 4096,
};

/// JSON has no comments: recognised by its shape.
const JSON: OutputKind = OutputKind {
    command: "chronology",
    what: "the chronology",
    recognise: is_chronology_json,
    head: 64 << 20,
};

fn is_chronology_csv(head: &[u8]) -> bool {
    let header = CSV_HEADER.join(",");
    head.starts_with(header.as_bytes()) && head[header.len()..].starts_with(b"\r\n")
}

fn is_chronology_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|value| {
        ["chronologies", "conflicts", "unnamed"].iter().all(|key| value.get(key).is_some())
    })
}
