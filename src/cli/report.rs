//! `casenote report`: read records exactly as `check` does, measure and
//! check them in parallel, and write one self-contained HTML page (or the
//! statistics as JSON).

use std::path::{Path, PathBuf};

use super::args::{ReportArgs, ReportFormat};
use super::check::{in_parallel, load, prelude, skipped, Loaded, Outcome};
use super::files::display_path;
use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::config_files::describe_io;
use crate::logging;
use crate::report::{self, RecordReport};
use crate::stats::{self, Caseload};

/// Where the HTML report goes when `-o` is not given.
pub const DEFAULT_HTML: &str = "casenote-report.html";

pub fn run(args: &ReportArgs) -> i32 {
    logging::raise_to(logging::Level::from_verbosity(args.verbose));
    let started = std::time::Instant::now();
    let mut stderr = Stderr::default();
    let Some((today, selection)) = prelude(&args.rules, &mut stderr) else { return EXIT_TROUBLE };
    let (records, unreadable) = load(&args.paths, &args.rules, &selection, false, &mut stderr);

    let output = match args.format {
        ReportFormat::Html => {
            let results = in_parallel(&records, true, |record| {
                report::prepare(&record.display, &record.text, &record.config, today)
            });
            let prepared: Vec<RecordReport> = collect(&records, results, &mut stderr);
            report::render(&prepared, today)
        }
        ReportFormat::Json => {
            let results = in_parallel(&records, false, |record| {
                stats::analyse(&record.display, &record.text, &record.config, today).0
            });
            let figures = collect(&records, results, &mut stderr);
            let mut json =
                serde_json::to_string_pretty(&Caseload::new(figures, today)).unwrap_or_default();
            json.push('\n');
            json
        }
    };

    let written = match (&args.output, args.format) {
        (Some(path), _) => write(path, &output),
        (None, ReportFormat::Html) => write(Path::new(DEFAULT_HTML), &output),
        (None, ReportFormat::Json) => {
            print_stdout(&output);
            Ok(())
        }
    };
    if let Err(message) = written {
        stderr.error(format_args!("{message}"));
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

/// Writes the report; the error names the file, never its content.
fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|err| {
        format!(
            "{}: cannot write the report: {}",
            display_path(&PathBuf::from(path)),
            describe_io(&err)
        )
    })
}
