//! `--format text`: rustc/ruff-style findings with the source line
//! underlined, and a summary.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use super::{located, CheckedFile, Located};
use crate::diagnostic::Severity;

#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    /// ANSI colours (the caller decides: a terminal, and no `NO_COLOR`).
    pub color: bool,
    /// Only the `path:line:col: severity[rule] message` lines.
    pub quiet: bool,
}

/// Tabs are shown as this many spaces so that the underline lines up.
const TAB_WIDTH: usize = 4;

/// Renders every finding, then (unless quiet) a summary. `unreadable` is
/// the number of files that could not be read, for the summary.
pub fn render(files: &[CheckedFile], options: TextOptions, unreadable: usize) -> String {
    let paint = Paint { enabled: options.color };
    let mut out = String::new();
    for found in located(files) {
        let d = found.diagnostic;
        let severity_style = severity_style(d.severity);
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {}",
            paint.apply(BOLD, &found.file.path),
            found.start.line,
            found.start.column,
            paint.apply(severity_style, &format!("{}[{}]", d.severity, d.rule)),
            d.message,
        );
        if options.quiet {
            continue;
        }
        excerpt(&mut out, &found, &paint, severity_style);
        for related in &d.related {
            let (at, _) = found.file.range(&related.span);
            let note =
                format!("{}:{}:{}: {}", found.file.path, at.line, at.column, related.message);
            let gutter = " ".repeat(digits(found.start.line));
            let _ = writeln!(out, "{gutter} {} {note}", paint.apply(GUTTER, "= note:"));
        }
        out.push('\n');
    }
    if !options.quiet {
        let _ = writeln!(out, "{}", paint.apply(BOLD, &summary(files, unreadable)));
    }
    out
}

/// The finding's first line, underlined from its start to its end (or to
/// the end of the line when the finding spans several lines).
///
/// Only the characters shown are read: the window around the finding is
/// found by walking back from its start and forward to the width limit, so
/// many findings on one long line cost each a bounded amount of work.
fn excerpt(out: &mut String, found: &Located<'_>, paint: &Paint, style: Style) {
    let file = found.file;
    let line_range = file.line_index().line_range(&file.text, found.start.line - 1);
    let line = &file.text[line_range.clone()];
    let span = &found.diagnostic.span;
    let start = span.start.clamp(line_range.start, line_range.end) - line_range.start;
    let end = span.end.clamp(line_range.start, line_range.end) - line_range.start;

    let window = Window::around_span(line, start);
    let mut shown = String::new();
    let (mut indent, mut underline) = (0, 0);
    if window.cut_start {
        shown.push(ELLIPSIS);
        indent += 1;
    }
    let mut used = 0;
    let mut cut_end = false;
    let mut read = 0;
    for (offset, c) in line[window.from..].char_indices() {
        let offset = window.from + offset;
        let width = width(c);
        if used + width > window.budget {
            cut_end = true;
            break;
        }
        read += 1;
        used += width;
        push_displayed(&mut shown, c);
        if offset < start {
            indent += width;
        } else if offset < end {
            underline += width;
        }
    }
    crate::work::add(read);
    if cut_end {
        shown.push(ELLIPSIS);
    }
    let number = found.start.line.to_string();
    let blank = " ".repeat(number.len());
    let bar = paint.apply(GUTTER, "|");
    let _ = writeln!(out, "{} {bar} {}", paint.apply(GUTTER, &number), shown.trim_end());
    let carets = "^".repeat(underline.max(1));
    let _ = writeln!(out, "{blank} {bar} {}{}", " ".repeat(indent), paint.apply(style, &carets));
}

/// Source lines wider than this (Markdown paragraphs are often one long
/// line) are shown as a window around the finding, so that the underline
/// is not broken up by the terminal wrapping the line.
const MAX_EXCERPT_WIDTH: usize = 100;
/// Columns of context kept before the finding when the line is cut.
const CONTEXT_BEFORE: usize = 20;
const ELLIPSIS: char = '…';
/// A line longer than this in bytes is treated as wider than
/// [`MAX_EXCERPT_WIDTH`] without measuring it (only a line of zero-width
/// characters could be narrower).
const MAX_NARROW_BYTES: usize = 16 * MAX_EXCERPT_WIDTH;

/// Where the shown part of a line starts, whether the line was cut there,
/// and the width the shown part may take.
struct Window {
    from: usize,
    cut_start: bool,
    budget: usize,
}

impl Window {
    /// The window of `line` for a finding starting at byte `start`: the
    /// whole line when it fits, else from about [`CONTEXT_BEFORE`] columns
    /// before the finding, with room for an ellipsis at either end.
    fn around_span(line: &str, start: usize) -> Window {
        if !is_wide(line) {
            return Window { from: 0, cut_start: false, budget: usize::MAX };
        }
        let start = crate::text::floor_char_boundary(line, start);
        // Walk back from the finding until the context is wide enough.
        let mut from = start;
        let mut context = 0;
        let mut before = line[..start].char_indices().rev();
        while context < CONTEXT_BEFORE {
            let Some((offset, c)) = before.next() else { break };
            from = offset;
            context += width(c);
        }
        if context < CONTEXT_BEFORE {
            // The line start is within the context: zero-width characters
            // leading the line are not shown.
            from = line
                .char_indices()
                .find(|&(_, c)| width(c) > 0)
                .map_or(line.len(), |(offset, _)| offset)
                .min(start.max(from));
        }
        Window { from, cut_start: from > 0, budget: MAX_EXCERPT_WIDTH - 2 }
    }
}

/// Whether `line` is wider than [`MAX_EXCERPT_WIDTH`], read no further
/// than needed to know.
fn is_wide(line: &str) -> bool {
    if line.len() > MAX_NARROW_BYTES {
        return true;
    }
    let mut total = 0;
    for c in line.chars() {
        total += width(c);
        if total > MAX_EXCERPT_WIDTH {
            return true;
        }
    }
    false
}

/// How wide a character of the source line is shown.
fn width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        c if c.is_control() => 1,
        c => c.width().unwrap_or(0),
    }
}

/// Shows a character of the source line. Control characters are replaced
/// so that a record cannot drive the terminal.
fn push_displayed(out: &mut String, c: char) {
    match c {
        '\t' => out.extend([' '; TAB_WIDTH]),
        c if c.is_control() => out.push('\u{fffd}'),
        c => out.push(c),
    }
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// `Found 12 problems (1 error, 8 warnings, 3 info) in 4 of 21 files.` or
/// `No problems found in 21 files.`
pub fn summary(files: &[CheckedFile], unreadable: usize) -> String {
    let checked = files.len();
    let count = |severity| {
        files.iter().flat_map(|f| &f.diagnostics).filter(|d| d.severity == severity).count()
    };
    let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let mut line = if total == 0 {
        format!("No problems found in {}.", plural(checked, "file", "files"))
    } else {
        let breakdown: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "info", "info"),
            (Severity::Hint, "hint", "hints"),
        ]
        .into_iter()
        .filter_map(|(severity, one, many)| {
            let n = count(severity);
            (n > 0).then(|| plural(n, one, many))
        })
        .collect();
        let with_findings = files.iter().filter(|f| !f.diagnostics.is_empty()).count();
        format!(
            "Found {} ({}) in {with_findings} of {}.",
            plural(total, "problem", "problems"),
            breakdown.join(", "),
            plural(checked, "file", "files"),
        )
    };
    if unreadable > 0 {
        let _ = write!(line, " {} could not be read.", plural(unreadable, "file", "files"));
    }
    line
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

use anstyle::{AnsiColor, Style};

const BOLD: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
        Severity::Hint => AnsiColor::Green,
    };
    colour.on_default().bold()
}

/// ANSI styling (`anstyle`) that is a no-op when colour is off.
struct Paint {
    enabled: bool,
}

impl Paint {
    fn apply(&self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, diagnostic};
    use super::*;

    const PLAIN: TextOptions = TextOptions { color: false, quiet: false };

    #[test]
    fn findings_are_underlined_with_a_summary() {
        assert_eq!(
            render(&fixtures::files(), PLAIN, 0),
            "\
notes/a.md:3:14: info[vague-language] Vague: `as per`
3 | I will visit as per the plan.
  |              ^^^^^^

notes/a.md:4:1: warning[unlabelled-opinion] Opinion stated as fact
4 | Zoë's home was dirty.
  | ^^^^^^^^^^^^^^^^^^^^^
  = note: notes/a.md:1:1: record heading

Found 2 problems (1 warning, 1 info) in 1 of 2 files.
"
        );
    }

    #[test]
    fn quiet_prints_only_the_finding_lines() {
        assert_eq!(
            render(&fixtures::files(), TextOptions { color: false, quiet: true }, 0),
            "notes/a.md:3:14: info[vague-language] Vague: `as per`\n\
             notes/a.md:4:1: warning[unlabelled-opinion] Opinion stated as fact\n"
        );
    }

    #[test]
    fn colour_wraps_path_severity_gutter_and_underline() {
        let files = vec![CheckedFile::new(
            "a.md".to_owned(),
            "as per\n".to_owned(),
            vec![diagnostic("vague-language", Severity::Info, "m", 0..6)],
        )];
        let out = render(&files, TextOptions { color: true, quiet: false }, 0);
        assert!(
            out.starts_with(
                "\x1b[1ma.md\x1b[0m:1:1: \x1b[1m\x1b[36minfo[vague-language]\x1b[0m m\n"
            ),
            "{out:?}"
        );
        assert!(out.contains("\x1b[1m\x1b[36m^^^^^^\x1b[0m"), "{out:?}");
    }

    #[test]
    fn underline_respects_wide_characters_tabs_and_line_ends() {
        // "日本" is two double-width characters; the tab shows as 4 spaces.
        let text = "日本\tas per\r\nnext line\n";
        let files = vec![CheckedFile::new(
            "w.md".to_owned(),
            text.to_owned(),
            // Runs across the line end: underlined to the end of line 1.
            vec![diagnostic("vague-language", Severity::Info, "m", 7..20)],
        )];
        assert_eq!(
            render(&files, PLAIN, 0),
            "w.md:1:4: info[vague-language] m\n1 | 日本    as per\n  |         ^^^^^^\n\nFound 1 problem (1 info) in 1 of 1 file.\n"
        );
    }

    #[test]
    fn empty_spans_and_control_characters() {
        let text = "a\x1b[31mb\n";
        let files = vec![CheckedFile::new(
            "c.md".to_owned(),
            text.to_owned(),
            vec![diagnostic("long-sentence", Severity::Hint, "m", 0..0)],
        )];
        assert_eq!(
            render(&files, TextOptions { color: false, quiet: false }, 0),
            "c.md:1:1: hint[long-sentence] m\n1 | a\u{fffd}[31mb\n  | ^\n\nFound 1 problem (1 hint) in 1 of 1 file.\n"
        );
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_finding() {
        let text = format!("{}as per{}\n", "a ".repeat(100), " b".repeat(100));
        let files = vec![CheckedFile::new(
            "l.md".to_owned(),
            text,
            vec![diagnostic("vague-language", Severity::Info, "m", 200..206)],
        )];
        let expected_line = format!("…{}as per{}…", "a ".repeat(10), " b".repeat(36));
        assert_eq!(
            render(&files, PLAIN, 0),
            format!(
                "l.md:1:201: info[vague-language] m\n1 | {expected_line}\n  | {}^^^^^^\n\n\
                 Found 1 problem (1 info) in 1 of 1 file.\n",
                " ".repeat(21)
            )
        );
        // A short prefix is not cut; the tail is.
        let text = format!("as per{}\n", " b".repeat(100));
        let files = vec![CheckedFile::new(
            "s.md".to_owned(),
            text,
            vec![diagnostic("vague-language", Severity::Info, "m", 0..6)],
        )];
        let out = render(&files, PLAIN, 0);
        assert!(out.contains(&format!("1 | as per{}…\n  | ^^^^^^\n", " b".repeat(46))), "{out}");
    }

    #[test]
    fn line_numbers_widen_the_gutter() {
        let text = format!("{}as per\n", "\n".repeat(11));
        let files = vec![CheckedFile::new(
            "n.md".to_owned(),
            text,
            vec![diagnostic("vague-language", Severity::Error, "m", 11..17)],
        )];
        assert_eq!(
            render(&files, TextOptions { color: false, quiet: true }, 0),
            "n.md:12:1: error[vague-language] m\n"
        );
        let out = render(&files, PLAIN, 0);
        assert!(out.contains("12 | as per\n   | ^^^^^^\n"), "{out}");
    }

    #[test]
    fn summaries() {
        assert_eq!(summary(&[], 0), "No problems found in 0 files.");
        let clean = || CheckedFile::new("a.md".to_owned(), String::new(), Vec::new());
        assert_eq!(summary(&[clean()], 0), "No problems found in 1 file.");
        assert_eq!(
            summary(&[clean(), clean()], 1),
            "No problems found in 2 files. 1 file could not be read."
        );
        let many = CheckedFile::new(
            "b.md".to_owned(),
            String::new(),
            vec![
                diagnostic("r", Severity::Error, "", 0..0),
                diagnostic("r", Severity::Warning, "", 0..0),
                diagnostic("r", Severity::Warning, "", 0..0),
                diagnostic("r", Severity::Info, "", 0..0),
                diagnostic("r", Severity::Info, "", 0..0),
                diagnostic("r", Severity::Hint, "", 0..0),
            ],
        );
        assert_eq!(
            summary(&[clean(), many, clean()], 2),
            "Found 6 problems (1 error, 2 warnings, 2 info, 1 hint) in 1 of 3 files. 2 files could not be read."
        );
    }
}
