//! `casenote check`: find the records, read them, check each with its
//! configuration, and print the findings in the chosen format.

use std::io::IsTerminal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::{suggest_rule, Config, Level};
use crate::diagnostic::Severity;
use crate::rules::{metas, RuleMeta};

use super::args::{CheckArgs, Format};
use super::files::{collect_records, read_record, ConfigFinder};
use super::render::{self, CheckedFile, TextOptions};
use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

/// Overrides today's date, for reproducible runs and tests.
const TODAY_VARIABLE: &str = "CASENOTE_TODAY";

pub fn run(args: &CheckArgs) -> i32 {
    let mut stderr = Stderr::default();
    // Usage errors stop before any file is touched.
    let today = match today() {
        Ok(today) => today,
        Err(message) => {
            stderr.error(format_args!("{message}"));
            return EXIT_TROUBLE;
        }
    };
    let selection = match RuleSelection::new(&args.select, &args.ignore) {
        Ok(selection) => selection,
        Err(message) => {
            stderr.error(format_args!("{message}"));
            return EXIT_TROUBLE;
        }
    };

    let roots = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut configs = ConfigFinder::new(args.config.as_deref(), &mut stderr);
    let records = collect_records(&roots, &mut stderr);

    let mut checked = Vec::with_capacity(records.len());
    let mut unreadable = 0;
    for record in records {
        let text = match read_record(&record.path) {
            Ok(text) => text,
            Err(reason) => {
                stderr.error(format_args!("{}: {reason}", record.display));
                unreadable += 1;
                continue;
            }
        };
        let mut config = configs.config_for(&record.path, &mut stderr);
        selection.apply(&mut config);
        if args.training {
            config.training = true;
        }
        // A bug in one rule must not stop the other records being checked.
        match catch_unwind(AssertUnwindSafe(|| crate::check(&text, &config, today))) {
            Ok(diagnostics) => checked.push(CheckedFile::new(record.display, text, diagnostics)),
            Err(_) => stderr.error(format_args!(
                "{}: internal error while checking; file skipped",
                record.display
            )),
        }
    }

    let output = match args.format {
        Format::Text => render::text(
            &checked,
            TextOptions { color: use_colour(), quiet: args.quiet },
            unreadable,
        ),
        Format::Json => render::json(&checked),
        Format::Sarif => render::sarif(&checked, &metas().collect::<Vec<_>>()),
        Format::Github => render::github(&checked),
    };
    print_stdout(&output);
    exit_status(&checked, &stderr)
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

/// Today's date, or `CASENOTE_TODAY` when set.
fn today() -> Result<NaiveDate, String> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
                format!("{TODAY_VARIABLE} must be a date like 2026-11-25, not `{value}`")
            })
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Colour only for a person at a terminal who has not asked for none
/// (<https://no-color.org>: a set, non-empty NO_COLOR).
fn use_colour() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// `--select` and `--ignore`, applied on top of each record's configuration.
#[derive(Debug, Default)]
struct RuleSelection {
    /// `--select`: only these rules run (None: no restriction).
    only: Option<Vec<&'static RuleMeta>>,
    /// `--ignore`: these never run, even when selected.
    ignored: Vec<&'static RuleMeta>,
}

impl RuleSelection {
    fn new(select: &[String], ignore: &[String]) -> Result<Self, String> {
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
