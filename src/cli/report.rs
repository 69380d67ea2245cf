//! `casenote report`: read records exactly as `check` does, measure and
//! check them in parallel, and write one self-contained HTML page (or the
//! statistics as JSON).

use std::collections::HashMap;
use std::path::PathBuf;

use super::args::{ReportArgs, ReportFormat};
use super::check::{find, in_parallel, load, prelude, skipped, Loaded, Outcome};
use super::files::display_path;
use super::safe_write::{self, OutputKind};
use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::logging;
use crate::report::{self, count, RecordReport};
use crate::stats::{self, Caseload};

/// Where the HTML report goes when `-o` is not given.
pub const DEFAULT_HTML: &str = "casenote-report.html";

pub fn run(args: &ReportArgs) -> i32 {
    logging::raise_to(logging::Level::from_verbosity(args.verbose));
    let started = std::time::Instant::now();
    let mut stderr = Stderr::default();
    let Some((today, selection)) = prelude(&args.rules, &mut stderr) else { return EXIT_TROUBLE };
    let Some(found) = find(&args.paths, &mut stderr) else { return EXIT_TROUBLE };
    let destination = match (&args.output, args.format) {
        (Some(path), ReportFormat::Html) => Some((path.clone(), &HTML)),
        (Some(path), ReportFormat::Json) => Some((path.clone(), &JSON)),
        (None, ReportFormat::Html) => Some((PathBuf::from(DEFAULT_HTML), &HTML)),
        (None, ReportFormat::Json) => None,
    };
    // Refused before any record is read: a report must never replace one.
    let inputs: Vec<PathBuf> = found.iter().map(|record| record.path.clone()).collect();
    if let Some((path, kind)) = &destination {
        if let Err(refusal) = safe_write::check_output(path, &inputs, kind, args.force) {
            stderr.error(format_args!("{}", refusal.describe(path, kind)));
            return EXIT_TROUBLE;
        }
    }
    let Some((records, unreadable)) = load(found, &args.rules, &selection, false, &mut stderr)
    else {
        return EXIT_TROUBLE;
    };

    let (output, summary) = match args.format {
        ReportFormat::Html => {
            let names = names_in_page(&args.paths, &records);
            let results = in_parallel(&records, true, |record| {
                let name = names.get(record.display.as_str()).unwrap_or(&record.display);
                report::prepare(name, &record.text, &record.config, today)
            });
            let prepared: Vec<RecordReport> = collect(&records, results, &mut stderr);
            let shown: Vec<&RecordReport> = prepared.iter().filter(|r| r.stats.is_record).collect();
            let findings = shown.iter().map(|r| r.findings.len()).sum();
            (report::render(&prepared, today), (shown.len(), findings))
        }
        ReportFormat::Json => {
            let results = in_parallel(&records, false, |record| {
                stats::analyse(&record.display, &record.text, &record.config, today).0
            });
            let figures = collect(&records, results, &mut stderr);
            let caseload = Caseload::new(figures, today);
            let summary = (caseload.totals.records, caseload.totals.findings.total);
            let mut json = serde_json::to_string_pretty(&caseload).unwrap_or_default();
            json.push('\n');
            (json, summary)
        }
    };

    let written = match &destination {
        Some((path, kind)) => {
            safe_write::write_output(path, output.as_bytes(), &inputs, kind, args.force)
        }
        None => {
            print_stdout(&output);
            Ok(())
        }
    };
    match (written, &destination) {
        (Err(message), _) => stderr.error(format_args!("{message}")),
        (Ok(()), Some((path, _))) => {
            let (records, findings) = summary;
            eprintln!(
                "Wrote {} ({}, {})",
                display_path(path),
                count(records, "record", "records"),
                count(findings, "finding", "findings")
            );
        }
        (Ok(()), None) => {}
    }
    logging::info(format_args!(
        "reported on {} records ({unreadable} not read) in {:.1?}",
        records.len(),
        started.elapsed()
    ));
    if stderr.had_errors() {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

/// How the page names each record (by its display path): relative to the
/// folder it was found in, so an absolute or long folder is not repeated on
/// every line. A name two folders would share keeps its full path.
fn names_in_page<'a>(roots: &[PathBuf], records: &'a [Loaded]) -> HashMap<&'a str, String> {
    let folders: Vec<String> = roots
        .iter()
        .filter(|root| root.is_dir())
        .map(|root| display_path(root))
        .filter(|shown| shown != ".")
        .collect();
    let relative = |display: &'a str| -> String {
        folders
            .iter()
            .filter_map(|folder| display.strip_prefix(folder.as_str())?.strip_prefix('/'))
            .min_by_key(|rest| rest.len())
            .unwrap_or(display)
            .to_owned()
    };
    let mut names: HashMap<&str, String> =
        records.iter().map(|r| (r.display.as_str(), relative(&r.display))).collect();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for name in names.values() {
        *uses.entry(name.clone()).or_default() += 1;
    }
    for (display, name) in names.iter_mut() {
        if uses[name.as_str()] > 1 {
            *name = (*display).to_owned();
        }
    }
    names
}

/// The results that did not panic; each record whose did is named on stderr.
fn collect<T>(records: &[Loaded], outcomes: Vec<Outcome<T>>, stderr: &mut Stderr) -> Vec<T> {
    records
        .iter()
        .zip(outcomes)
        .filter_map(|(record, outcome)| {
            outcome.log(record, None);
            if outcome.result.is_none() {
                skipped(record, stderr);
            }
            outcome.result
        })
        .collect()
}

/// The HTML report: its head carries the marker.
const HTML: OutputKind = OutputKind {
    command: "report",
    what: "the report",
    recognise: |head| safe_write::has_marker(head, "<!-- written by casenote report -->"),
    head: 4096,
};

/// The statistics as JSON: recognised by their shape, as JSON has no
/// comments.
const JSON: OutputKind = OutputKind {
    command: "report",
    what: "the report",
    recognise: is_caseload_json,
    head: 64 << 20,
};

/// Whether `bytes` are a whole JSON object with the caseload's keys.
fn is_caseload_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|value| {
        ["date", "totals", "other_files", "records"].iter().all(|key| value.get(key).is_some())
    })
}
