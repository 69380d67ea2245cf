//! `check --fix`, `--fix-unsafe` and `--diff`: apply the findings' fixes
//! to the files, atomically, keeping each file's line endings and
//! byte-order mark.
//!
//! Which fixes are safe (applied by `--fix`): those that only reword text
//! from a fixed table, so that the record says the same thing in plainer
//! words and no fact, label or date is added:
//! - `unexplained-acronym`: spell the acronym out from the glossary
//!   (`CIN` → `child in need (CIN)`);
//! - `vague-language`: a table replacement (`as per` → `in line with`,
//!   `mum` → `mother`, `dad` → `father`).
//!
//! Every other fix needs a human choice, so only `--fix-unsafe` applies it
//! (the first fix offered, as an editor's quick fix would be): labelling a
//! sentence `Opinion:` or `Hypothesis:` (casenote may have misread it), a
//! `Recorded:` field with today's date (the entry may have been written on
//! another day), fields and sections left blank for the worker to
//! complete, a genogram skeleton, a `Significant event:` line.

use std::path::Path;

use chrono::NaiveDate;

use super::args::CheckArgs;
use super::check::Loaded;
use super::safe_write::write_atomically;
use super::{print_stdout, Stderr};
use crate::config_files::describe_io;
use crate::diagnostic::{Diagnostic, Edit, Fix};

/// Rules whose first fix `--fix` applies (see the module documentation).
pub const SAFE_FIX_RULES: &[&str] = &["unexplained-acronym", "vague-language"];

/// Rounds of fixing a file at most: a fix can make room for another (two
/// overlapping fixes are applied one round apart).
const MAX_ROUNDS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixMode {
    /// Apply every finding's first fix, not only the safe ones.
    pub unsafe_too: bool,
    /// Print a unified diff instead of writing.
    pub diff: bool,
}

impl FixMode {
    pub fn from_args(args: &CheckArgs) -> Option<FixMode> {
        (args.fix || args.fix_unsafe || args.diff)
            .then_some(FixMode { unsafe_too: args.fix_unsafe, diff: args.diff })
    }
}

/// Whether `--fix` applies this finding's fix.
pub fn is_safe(diagnostic: &Diagnostic) -> bool {
    SAFE_FIX_RULES.contains(&diagnostic.rule)
}

/// Fixes every record, and leaves in `records` the text and findings after
/// the fixes. Writes each changed file (or, with `diff`, prints its diff;
/// from standard input, prints the fixed text). Returns how many files
/// changed (or would), `None` if none could be fixed for an error.
pub fn run(
    records: &mut [(Loaded, Vec<Diagnostic>)],
    mode: FixMode,
    today: NaiveDate,
    from_stdin: bool,
    stderr: &mut Stderr,
) -> Option<usize> {
    let mut changed_files = 0;
    let mut fixed_findings = 0;
    for (record, diagnostics) in records.iter_mut() {
        let original = match &record.path {
            Some(path) => match read_for_rewrite(path, &record.text) {
                Ok(original) => original,
                Err(reason) => {
                    stderr.error(format_args!("{}: {reason}; not fixed", record.display));
                    continue;
                }
            },
            None => Original { bom: false, body: record.text.clone() },
        };
        let (body, fixed, after) =
            fix_text(&original.body, diagnostics, &record.config, today, mode);
        if from_stdin && !mode.diff {
            print_stdout(&body);
        }
        if fixed == 0 {
            continue;
        }
        fixed_findings += fixed;
        changed_files += 1;
        if mode.diff {
            print_stdout(&unified_diff(&record.display, &original.body, &body));
        } else if let Some(path) = &record.path {
            if let Err(reason) = write_back(path, original.bom, &body) {
                stderr.error(format_args!("{}: {reason}; not fixed", record.display));
                continue;
            }
        }
        record.text = crate::text::lf_line_breaks(&body).into_owned();
        *diagnostics = after;
    }
    if !mode.diff && !from_stdin && fixed_findings > 0 {
        let files = if changed_files == 1 { "file" } else { "files" };
        let findings = if fixed_findings == 1 { "finding" } else { "findings" };
        eprintln!("Fixed {fixed_findings} {findings} in {changed_files} {files}.");
    }
    Some(changed_files)
}

/// `text` with the fixes applied, how many findings were fixed, and the
/// findings left. Safe fixes are applied round after round while they
/// lower the number of findings; unsafe ones (with `--fix-unsafe`) in the
/// first round only, so that a fix that does not end its finding is never
/// applied twice.
pub fn fix_text(
    text: &str,
    diagnostics: &[Diagnostic],
    config: &crate::Config,
    today: NaiveDate,
    mode: FixMode,
) -> (String, usize, Vec<Diagnostic>) {
    let mut body = text.to_owned();
    let mut current = diagnostics.to_vec();
    let mut fixed = 0;
    for round in 0..MAX_ROUNDS {
        let chosen = choose(&current, |d| is_safe(d) || (mode.unsafe_too && round == 0));
        if chosen.is_empty() {
            break;
        }
        let edits: Vec<Edit> = chosen.iter().flat_map(|fix| fix.edits.iter().cloned()).collect();
        let next = Fix { title: String::new(), edits }.apply(&body);
        let after = crate::check(&crate::text::lf_line_breaks(&next), config, today);
        if round > 0 && after.len() >= current.len() {
            break;
        }
        fixed += chosen.len();
        body = next;
        current = after;
    }
    (body, fixed, current)
}

/// The first fix of each finding `wanted` accepts, leaving out any whose
/// edits touch or overlap an edit already chosen.
fn choose(diagnostics: &[Diagnostic], wanted: impl Fn(&Diagnostic) -> bool) -> Vec<&Fix> {
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut chosen = Vec::new();
    for diagnostic in diagnostics.iter().filter(|d| wanted(d)) {
        let Some(fix) = diagnostic.fixes.first() else { continue };
        let touches = |edit: &Edit| {
            taken.iter().any(|span| edit.span.start <= span.end && span.start <= edit.span.end)
        };
        if fix.edits.iter().any(touches) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|edit| edit.span.clone()));
        chosen.push(fix);
    }
    chosen
}

/// A file's text as it is on disk: its byte-order mark, and the rest with
/// its own line breaks (the offsets of the analysed text).
pub(super) struct Original {
    pub bom: bool,
    pub body: String,
}

/// Reads the file again to rewrite it, refusing it if it changed since it
/// was checked (`checked` is the text the findings are about).
pub(super) fn read_for_rewrite(path: &Path, checked: &str) -> Result<Original, String> {
    let bytes = std::fs::read(path).map_err(|err| describe_io(&err))?;
    let text = String::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_owned())?;
    let bom = text.starts_with('\u{feff}');
    let body = crate::text::without_bom(text);
    if crate::text::lf_line_breaks(&body) != checked {
        return Err("changed while it was being checked".to_owned());
    }
    Ok(Original { bom, body })
}

/// Writes the fixed text back atomically, with the byte-order mark it had.
pub(super) fn write_back(path: &Path, bom: bool, body: &str) -> Result<(), String> {
    let mut bytes = Vec::with_capacity(body.len() + 3);
    if bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(body.as_bytes());
    write_atomically(path, &bytes).map_err(|err| format!("cannot write: {}", describe_io(&err)))
}

/// A unified diff of one file, as `git diff` prints it.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn safe_fixes_reword_and_keep_crlf_and_emoji() {
        let text = "# Jamie Smith 🙂\r\n\r\nI will visit as per the plan with mum.\r\n";
        let config = crate::Config::default();
        let findings = crate::check(text, &config, today());
        let mode = FixMode { unsafe_too: false, diff: false };
        let (fixed, count, _) = fix_text(text, &findings, &config, today(), mode);
        assert_eq!(
            fixed,
            "# Jamie Smith 🙂\r\n\r\nI will visit in line with the plan with mother.\r\n"
        );
        assert_eq!(count, 2);
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let fix = |span: std::ops::Range<usize>| Diagnostic {
            rule: "vague-language",
            severity: crate::Severity::Info,
            message: String::new(),
            span: span.clone(),
            related: Vec::new(),
            fixes: vec![Fix::replace("x", span, "y")],
        };
        let findings = [fix(0..4), fix(2..6), fix(7..9)];
        let chosen = choose(&findings, |_| true);
        assert_eq!(chosen.len(), 2);
        assert_eq!(chosen[1].edits[0].span, 7..9);
    }

    #[test]
    fn a_diff_names_the_file_and_the_changed_line() {
        assert_eq!(
            unified_diff("a.md", "one\ntwo\n", "one\n2\n"),
            "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"
        );
    }
}
