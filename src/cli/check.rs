//! `casenote check`: find the records, read them, check each with its
//! configuration, and print the findings in the chosen format.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::config::{format_size, suggest_rule, Config, Level};
use crate::config_files::describe_io;
use crate::diagnostic::{Diagnostic, Severity};
use crate::logging;
use crate::rules::{metas, RuleMeta};

use super::args::{CheckArgs, Format, RuleOptions};
use super::files::{
    collect_records, display_path, read_record, ConfigFinder, FileFilter, RecordPath,
};
use super::fix::FixMode;
use super::render::{self, CheckedFile, TextOptions};
use super::{baseline, colour, fix, Stderr, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

/// Overrides today's date, for reproducible runs and tests.
const TODAY_VARIABLE: &str = "CASENOTE_TODAY";

pub fn run(args: &CheckArgs) -> i32 {
    logging::raise_to(logging::Level::from_verbosity(args.verbose));
    let started = Instant::now();
    let mut stderr = Stderr::default();
    let Some((today, selection)) = prelude(&args.rules, &mut stderr) else { return EXIT_TROUBLE };
    let from_stdin = args.paths.len() == 1 && args.paths[0].as_os_str() == "-";
    if let Some(problem) = usage_problem(args, from_stdin) {
        stderr.error(format_args!("{problem}"));
        return EXIT_TROUBLE;
    }
    let mut filter = match FileFilter::new(&args.exclude) {
        Ok(filter) => filter,
        Err(message) => {
            stderr.error(format_args!("{message}"));
            return EXIT_TROUBLE;
        }
    };
    let loaded = if from_stdin {
        read_stdin(args, &selection, &mut filter, &mut stderr).map(|record| (vec![record], 0))
    } else {
        find(&args.paths, &mut stderr).and_then(|found| {
            load_filtered(found, &args.rules, &selection, args.training, &mut filter, &mut stderr)
        })
    };
    let Some((records, unreadable)) = loaded else { return EXIT_TROUBLE };
    let progress = args.format == Format::Text;
    let outcomes =
        in_parallel(&records, progress, |record| crate::check(&record.text, &record.config, today));
    let mut checked = Vec::with_capacity(records.len());
    let mut checked_records = Vec::with_capacity(records.len());
    for (record, outcome) in records.into_iter().zip(outcomes) {
        outcome.log(&record, outcome.result.as_deref());
        match outcome.result {
            Some(diagnostics) => checked_records.push((record, diagnostics)),
            None => skipped(&record, &mut stderr),
        }
    }

    if args.add_suppressions {
        return baseline::run(&checked_records, today, from_stdin, &mut stderr);
    }
    if let Some(mode) = FixMode::from_args(args) {
        let fixed = fix::run(&mut checked_records, mode, today, from_stdin, &mut stderr);
        if args.diff || from_stdin {
            return match fixed {
                _ if stderr.had_errors() => EXIT_TROUBLE,
                Some(0) | None => EXIT_CLEAN,
                Some(_) => EXIT_FINDINGS,
            };
        }
    }
    for (record, diagnostics) in checked_records {
        checked.push(CheckedFile::new(record.display, record.text, diagnostics));
    }

    let colour = colour::for_stdout(args.color);
    let output = if args.statistics {
        render::statistics(&checked, colour)
    } else {
        match args.format {
            Format::Text => {
                render::text(&checked, TextOptions { color: colour, quiet: args.quiet }, unreadable)
            }
            Format::Json => render::json(&checked),
            Format::Sarif => render::sarif(&checked, &metas().collect::<Vec<_>>()),
            Format::Github => render::github(&checked),
            Format::Junit => render::junit(&checked),
            Format::Gitlab => render::gitlab(&checked),
        }
    };
    colour::print(&output, colour);
    if logging::enabled(logging::Level::Info) {
        let findings: usize = checked.iter().map(|f| f.diagnostics.len()).sum();
        logging::info(format_args!(
            "checked {} files, {findings} findings, {unreadable} not read, in {:.1?} (today {today})",
            checked.len(),
            started.elapsed()
        ));
    }
    match exit_status(&checked, &stderr) {
        EXIT_FINDINGS if args.exit_zero => EXIT_CLEAN,
        status => status,
    }
}

/// Options that do not go together, found before anything is read.
fn usage_problem(args: &CheckArgs, from_stdin: bool) -> Option<&'static str> {
    let reads_stdin = args.paths.iter().any(|path| path.as_os_str() == "-");
    if reads_stdin && !from_stdin {
        Some("`-` (standard input) cannot be checked together with other paths")
    } else if args.stdin_filename.is_some() && !from_stdin {
        Some("--stdin-filename is only for `casenote check -` (a record on standard input)")
    } else if from_stdin && args.add_suppressions {
        Some("--add-suppressions writes files; it cannot be used with `-` (standard input)")
    } else {
        None
    }
}

/// The record on standard input, with the configuration found for
/// `--stdin-filename` (or the working folder) and its per-file ignores.
fn read_stdin(
    args: &CheckArgs,
    selection: &RuleSelection,
    filter: &mut FileFilter,
    stderr: &mut Stderr,
) -> Option<Loaded> {
    let mut configs = ConfigFinder::new(args.rules.config.as_deref(), stderr)?;
    let name = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-"));
    let (mut config, folder) = configs.config_and_folder(&name, stderr);
    let limit = args.rules.max_file_size.unwrap_or(config.max_file_size);
    let display = display_path(&name);
    let text = match read_stdin_text(limit) {
        Ok(text) => text,
        Err(reason) => {
            stderr.error(format_args!("{display} (standard input): {reason}"));
            return None;
        }
    };
    selection.apply(&mut config);
    filter.apply_ignores(&name, &mut config, folder.as_deref(), stderr);
    if args.training {
        config.training = true;
    }
    let size = text.len() as u64;
    Some(Loaded { display, text, config, size, path: None })
}

/// Standard input as a record's text (as [`read_record`] reads a file),
/// refused above `limit` bytes.
fn read_stdin_text(limit: u64) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| crate::config_files::describe_io(&err))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "more than {} read; not checked (--max-file-size)",
            format_size(limit)
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_owned())?;
    let text = crate::text::without_bom(text);
    Ok(crate::text::lf_line_breaks(&text).into_owned())
}

/// A record read from disk with the configuration that applies to it.
pub(super) struct Loaded {
    pub display: String,
    pub text: String,
    pub config: Config,
    /// Its size in bytes, as read (without a byte-order mark).
    pub size: u64,
    /// Where it was read from (`None`: standard input).
    pub path: Option<PathBuf>,
}

/// Every record under `paths` (default `.`); paths that cannot be walked
/// are reported to `stderr`. `None` when a path named does not exist: a
/// typing mistake stops the command before any output.
pub(super) fn find(paths: &[PathBuf], stderr: &mut Stderr) -> Option<Vec<RecordPath>> {
    let started = Instant::now();
    let roots = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let mut missing = false;
    for root in &roots {
        if let Err(err) = std::fs::metadata(root) {
            if err.kind() == std::io::ErrorKind::NotFound {
                stderr.error(format_args!("{}: {}", display_path(root), describe_io(&err)));
                missing = true;
            }
        }
    }
    if missing {
        return None;
    }
    let found = collect_records(&roots, stderr);
    logging::debug(format_args!(
        "found {} records under {} paths in {:.1?}",
        found.len(),
        roots.len(),
        started.elapsed()
    ));
    Some(found)
}

/// Reads each record [`find`] found and finds its configuration, with `selection` and training mode applied. A record
/// above its size limit (`--max-file-size`, else its configuration's
/// `max-file-size`) is refused unread. I/O stays sequential so that errors
/// are reported once each, in path order. Returns the records read and how
/// many could not be read.
///
/// `None` when the `--config` file cannot be used (said on `stderr`).
pub(super) fn load(
    found: Vec<RecordPath>,
    options: &RuleOptions,
    selection: &RuleSelection,
    training: bool,
    stderr: &mut Stderr,
) -> Option<(Vec<Loaded>, usize)> {
    load_filtered(found, options, selection, training, &mut FileFilter::default(), stderr)
}

/// [`load`], leaving out the records `filter` excludes and turning off the
/// rules of per-file ignores.
fn load_filtered(
    found: Vec<RecordPath>,
    options: &RuleOptions,
    selection: &RuleSelection,
    training: bool,
    filter: &mut FileFilter,
    stderr: &mut Stderr,
) -> Option<(Vec<Loaded>, usize)> {
    let started = Instant::now();
    let mut configs = ConfigFinder::new(options.config.as_deref(), stderr)?;
    let mut loaded = Vec::new();
    let mut unreadable = 0;
    for record in found {
        let (mut config, folder) = configs.config_and_folder(&record.path, stderr);
        if filter.leaves_out(&record, &config, folder.as_deref(), stderr) {
            logging::trace(format_args!("{}: left out by [files] or --exclude", record.display));
            continue;
        }
        let limit = options.max_file_size.unwrap_or(config.max_file_size);
        let reading = Instant::now();
        let text = match read_record(&record.path, Some(limit)) {
            Ok(text) => text,
            Err(reason) => {
                stderr.error(format_args!("{}: {reason}", record.display));
                unreadable += 1;
                continue;
            }
        };
        logging::trace(format_args!(
            "{}: read {} bytes in {:.1?} (limit {})",
            record.display,
            text.len(),
            reading.elapsed(),
            format_size(limit)
        ));
        selection.apply(&mut config);
        // After --select: a rule a file's per-file ignores turn off stays off.
        filter.apply_ignores(&record.path, &mut config, folder.as_deref(), stderr);
        if training {
            config.training = true;
        }
        let size = text.len() as u64;
        loaded.push(Loaded {
            display: record.display,
            text,
            config,
            size,
            path: Some(record.path),
        });
    }
    if logging::enabled(logging::Level::Debug) {
        let bytes: u64 = loaded.iter().map(|record| record.size).sum();
        logging::debug(format_args!(
            "read {} records ({}) in {:.1?}; configuration files: {} parsed, {} cache hits",
            loaded.len(),
            format_size(bytes),
            started.elapsed(),
            configs.files_parsed(),
            configs.cache_hits
        ));
    }
    Some((loaded, unreadable))
}

/// Below this many files no progress bar is shown.
const PROGRESS_MIN_FILES: usize = 20;

/// What running the work on one record gave, and what it cost.
pub(super) struct Outcome<T> {
    /// `None` where the work panicked.
    pub result: Option<T>,
    pub elapsed: Duration,
    /// The rayon worker that ran it.
    pub thread: Option<usize>,
}

impl<T> Outcome<T> {
    /// Logs, at debug, the record's path, size, time and thread and, when
    /// given, its findings counted by rule id: never their messages or text.
    pub(super) fn log(&self, record: &Loaded, diagnostics: Option<&[Diagnostic]>) {
        if !logging::enabled(logging::Level::Debug) {
            return;
        }
        let thread =
            self.thread.map_or_else(|| "the main thread".to_owned(), |t| format!("worker {t}"));
        let status = if self.result.is_some() { "checked" } else { "failed (internal error)" };
        let counts = diagnostics.map(|diagnostics| {
            let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
            for diagnostic in diagnostics {
                *by_rule.entry(diagnostic.rule).or_default() += 1;
            }
            let counts: Vec<String> =
                by_rule.iter().map(|(rule, n)| format!("{rule}={n}")).collect();
            format!("; {} findings: {}", diagnostics.len(), counts.join(" "))
        });
        logging::debug(format_args!(
            "{}: {} bytes, {status} in {:.1?} on {thread} ({} workers){}",
            record.display,
            record.size,
            self.elapsed,
            rayon::current_num_threads(),
            counts.unwrap_or_default()
        ));
    }
}

/// Runs `work` on every record in parallel; results come in the records'
/// order, `None` where `work` panicked (a bug in one rule must not stop the
/// other records), with the time each took. With `progress`, many files,
/// stderr a terminal and no log above warnings, a progress bar is drawn on
/// stderr (it never names a file or quotes text).
pub(super) fn in_parallel<T: Send>(
    records: &[Loaded],
    progress: bool,
    work: impl Fn(&Loaded) -> T + Sync,
) -> Vec<Outcome<T>> {
    let show_bar = progress
        && records.len() >= PROGRESS_MIN_FILES
        && std::io::stderr().is_terminal()
        && !logging::enabled(logging::Level::Info);
    let bar = show_bar.then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(records.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files ({elapsed})") {
            bar.set_style(style);
        }
        bar
    });
    logging::debug(format_args!(
        "checking {} records on {} worker threads",
        records.len(),
        rayon::current_num_threads()
    ));
    let results = records
        .par_iter()
        .map(|record| {
            let started = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| work(record))).ok();
            let outcome = Outcome {
                result,
                elapsed: started.elapsed(),
                thread: rayon::current_thread_index(),
            };
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            outcome
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    results
}

/// Reports a record whose check panicked.
pub(super) fn skipped(record: &Loaded, stderr: &mut Stderr) {
    stderr.error(format_args!("{}: internal error while checking; file skipped", record.display));
}

fn exit_status(checked: &[CheckedFile], stderr: &Stderr) -> i32 {
    if stderr.had_errors() {
        EXIT_TROUBLE
    } else if checked.iter().flat_map(|f| &f.diagnostics).any(|d| d.severity >= Severity::Warning) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Today's date and the rule selection, or `None` after reporting a usage
/// error: usage errors stop before any file is touched.
pub(super) fn prelude(
    options: &RuleOptions,
    stderr: &mut Stderr,
) -> Option<(NaiveDate, RuleSelection)> {
    let found = today()
        .and_then(|today| Ok((today, RuleSelection::new(&options.select, &options.ignore)?)));
    found.map_err(|message| stderr.error(format_args!("{message}"))).ok()
}

/// Today's date, or `CASENOTE_TODAY` when set.
pub(super) fn today() -> Result<NaiveDate, String> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
                format!("{TODAY_VARIABLE} must be a date like 2026-11-25, not `{value}`")
            })
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// `--select` and `--ignore`, applied on top of each record's configuration.
#[derive(Debug, Default)]
pub(super) struct RuleSelection {
    /// `--select`: only these rules run (None: no restriction).
    only: Option<Vec<&'static RuleMeta>>,
    /// `--ignore`: these never run, even when selected.
    ignored: Vec<&'static RuleMeta>,
}

impl RuleSelection {
    pub(super) fn new(select: &[String], ignore: &[String]) -> Result<Self, String> {
        let only = resolve_rules(select, "--select")?;
        let ignored = resolve_rules(ignore, "--ignore")?;
        Ok(RuleSelection { only: (!only.is_empty()).then_some(only), ignored })
    }

    fn apply(&self, config: &mut Config) {
        if let Some(only) = &self.only {
            for meta in metas() {
                if !only.iter().any(|selected| selected.id == meta.id) {
                    config.rules.insert(meta.id.to_owned(), Level::Off);
                } else if config.rules.get(meta.id) == Some(&Level::Off) {
                    // Asked for by name on the command line: that beats a
                    // configuration file turning it off.
                    config.rules.insert(meta.id.to_owned(), Level::On(meta.default_severity));
                }
            }
        }
        for meta in &self.ignored {
            config.rules.insert(meta.id.to_owned(), Level::Off);
        }
    }
}

fn resolve_rules(ids: &[String], option: &str) -> Result<Vec<&'static RuleMeta>, String> {
    ids.iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .map(|id| {
            crate::rules::meta(id).ok_or_else(|| {
                let hint = suggest_rule(id).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                format!("unknown rule `{id}` in {option}{hint}; run `casenote rules` to list every rule")
            })
        })
        .collect()
}
