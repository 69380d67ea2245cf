//! `check --add-suppressions`: a baseline for old records. Every current
//! finding gets a suppression comment, so that a team adopting casenote
//! sees only the problems written from now on. Running it again adds
//! nothing: the findings it would suppress are already suppressed.
//!
//! Where the comment goes:
//! - above the finding's line: `<!-- casenote-disable-next-line RULE, ... -->`,
//!   or the rules added to such a comment already there;
//! - for a finding inside front matter: `casenote-disable` and
//!   `casenote-enable` comments right after it (a disable before any other
//!   content covers the front matter);
//! - for a finding inside a code block (a genogram): `casenote-disable`
//!   above the block and `casenote-enable` below it (a comment inside the
//!   block would be part of it).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::NaiveDate;

use super::check::Loaded;
use super::fix::{read_for_rewrite, write_back};
use super::{Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::text::LineIndex;

/// The rule whose findings are never suppressed: a stale suppression
/// comment is removed, not suppressed.
const UNUSED: &str = "unused-suppression";
const NEXT_LINE: &str = "casenote-disable-next-line";

pub fn run(
    records: &[(Loaded, Vec<Diagnostic>)],
    today: NaiveDate,
    from_stdin: bool,
    stderr: &mut Stderr,
) -> i32 {
    debug_assert!(!from_stdin, "refused as a usage error");
    let (mut added, mut files, mut left) = (0, 0, 0);
    for (record, diagnostics) in records {
        let Some(path) = &record.path else { continue };
        let edits = suppressions(&record.text, diagnostics);
        if edits.is_empty() {
            continue;
        }
        let original = match read_for_rewrite(path, &record.text) {
            Ok(original) => original,
            Err(reason) => {
                stderr.error(format_args!("{}: {reason}; not changed", record.display));
                continue;
            }
        };
        let count = edits.len();
        let body = Fix { title: String::new(), edits }.apply(&original.body);
        if let Err(reason) = write_back(path, original.bom, &body) {
            stderr.error(format_args!("{}: {reason}; not changed", record.display));
            continue;
        }
        let after = crate::check(&crate::text::lf_line_breaks(&body), &record.config, today);
        left += after.iter().filter(|d| d.rule != UNUSED).count();
        added += count;
        files += 1;
    }
    let comments = if added == 1 { "comment" } else { "comments" };
    let in_files = if files == 1 { "file" } else { "files" };
    eprintln!("Added {added} suppression {comments} to {files} {in_files}.");
    if left > 0 {
        stderr.warning(format_args!(
            "{left} findings could not be suppressed by a comment; fix them or suppress them by hand"
        ));
    }
    if stderr.had_errors() {
        EXIT_TROUBLE
    } else {
        EXIT_CLEAN
    }
}

/// The edits (in `\n`; applied in the text's own line ending) that suppress
/// every finding in `text` but `unused-suppression`.
pub fn suppressions(text: &str, diagnostics: &[Diagnostic]) -> Vec<Edit> {
    let index = LineIndex::new(text);
    let record = crate::parse::parse(text);
    let front_matter = record.front_matter.span.clone();
    // Where a line's findings are suppressed: above the line, or around
    // the code block or front matter holding it.
    let mut above: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    let mut around: BTreeMap<(usize, usize), BTreeSet<&str>> = BTreeMap::new();
    for diagnostic in diagnostics.iter().filter(|d| d.rule != UNUSED) {
        let line = index.line_range(text, index.line_of(diagnostic.span.start.min(text.len())));
        let inside = |span: &Range<usize>| span.start < line.start && line.start < span.end;
        if let Some(span) =
            front_matter.as_ref().filter(|span| span.start <= line.start && line.start < span.end)
        {
            let after = next_line_start(text, span.end);
            around.entry((after, after)).or_default().insert(diagnostic.rule);
        } else if let Some(block) = record.code_spans.iter().find(|span| inside(span)) {
            let start = index.line_range(text, index.line_of(block.start)).start;
            around
                .entry((start, next_line_start(text, block.end)))
                .or_default()
                .insert(diagnostic.rule);
        } else {
            above.entry(line.start).or_default().insert(diagnostic.rule);
        }
    }
    let mut edits = Vec::new();
    for (line_start, rules) in above {
        edits.push(comment_above(text, &index, line_start, rules));
    }
    for ((start, end), rules) in around {
        let rules = rules.into_iter().collect::<Vec<_>>().join(", ");
        let enable = format!("<!-- casenote-enable {rules} -->\n");
        let disable = format!("<!-- casenote-disable {rules} -->\n");
        if start == end {
            edits.push(Edit { span: start..start, text: format!("{disable}{enable}") });
        } else {
            edits.push(Edit { span: start..start, text: disable });
            edits.push(Edit { span: end..end, text: ends_line(text, end, enable) });
        }
    }
    edits
}

/// A next-line comment for `rules` above the line at `line_start`, with
/// the line's indentation and quote markers; or, when the line above is
/// such a comment already, that comment with the rules added.
fn comment_above(text: &str, index: &LineIndex, line_start: usize, rules: BTreeSet<&str>) -> Edit {
    let line = &text[line_start..index.line_range(text, index.line_of(line_start)).end];
    let prefix_len = line.len() - line.trim_start_matches([' ', '\t', '>']).len();
    let prefix = &line[..prefix_len];
    if line_start > 0 {
        let above = index.line_range(text, index.line_of(line_start - 1));
        let existing = text[above.clone()].trim();
        if let Some(named) = existing
            .strip_prefix("<!--")
            .and_then(|rest| rest.strip_suffix("-->"))
            .and_then(|inner| inner.trim().strip_prefix(NEXT_LINE))
        {
            let mut all: BTreeSet<&str> =
                named.split([',', ' ', '\t']).filter(|rule| !rule.is_empty()).collect();
            all.extend(rules);
            let indent = &text[above.start
                ..above.start
                    + (text[above.clone()].len() - text[above.clone()].trim_start().len())];
            let joined = all.into_iter().collect::<Vec<_>>().join(", ");
            return Edit { span: above, text: format!("{indent}<!-- {NEXT_LINE} {joined} -->") };
        }
    }
    let joined = rules.into_iter().collect::<Vec<_>>().join(", ");
    Edit { span: line_start..line_start, text: format!("{prefix}<!-- {NEXT_LINE} {joined} -->\n") }
}

/// The start of the line after the one holding `offset` (or the end).
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1)
}

/// `inserted` preceded by a line break when it goes at the very end of a
/// text that does not end with one.
fn ends_line(text: &str, at: usize, inserted: String) -> String {
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        format!("\n{inserted}")
    } else {
        inserted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn baseline(text: &str) -> String {
        let findings = crate::check(text, &crate::Config::default(), today());
        let edits = suppressions(text, &findings);
        Fix { title: String::new(), edits }.apply(text)
    }

    #[test]
    fn a_comment_goes_above_each_line_with_findings_and_silences_them() {
        let text = "# Jamie Smith\n\nI will visit as per the plan.\n\n- as per the plan\n";
        let once = baseline(text);
        assert_eq!(
            once,
            "# Jamie Smith\n\n<!-- casenote-disable-next-line vague-language -->\nI will visit as per the plan.\n\n\
             <!-- casenote-disable-next-line vague-language -->\n- as per the plan\n"
        );
        assert_eq!(crate::check(&once, &crate::Config::default(), today()), Vec::new());
        assert_eq!(baseline(&once), once, "a second run adds nothing");
    }

    #[test]
    fn an_existing_comment_above_gets_the_rule_added() {
        let text = "# Jamie Smith\n\n<!-- casenote-disable-next-line long-sentence -->\nI will visit as per the plan.\n";
        let findings = crate::check(text, &crate::Config::default(), today());
        let edits = suppressions(text, &findings);
        let fixed = Fix { title: String::new(), edits }.apply(text);
        assert!(
            fixed.contains(
                "<!-- casenote-disable-next-line long-sentence, vague-language -->\nI will"
            ),
            "{fixed}"
        );
    }
}
