//! Splitting a record into units that parse independently: the head (front
//! matter and whatever comes before the first entry) and then one unit per
//! top-level entry. The analysis parses and lints each unit on its own, so
//! that an edit re-analyses only the unit it touches (see
//! [`crate::analysis::Analyzer`]).
//!
//! A unit boundary is a line where the whole-document Markdown parse is
//! certain to start a fresh block: an ATX heading at column 0 that begins
//! with a date, outside front matter, HTML comments, fenced code and HTML
//! blocks. Such a heading closes every open list, block quote and paragraph,
//! so the text after it parses the same alone as in the whole document.
//! Where the scanner is unsure (a fence inside a list item, an HTML block)
//! it does not split: fewer boundaries are always safe.
//!
//! Only dated headings of the shallowest level split, so a nested dated
//! heading stays inside its entry.

use rustc_hash::FxHashMap;
use std::ops::Range;

use super::{dates, front_matter, heading_text, markdown, text_mask};

/// The units of `text`, in order, covering it exactly. The first is the
/// head (possibly empty); every other one starts at a dated heading.
pub fn split(text: &str) -> Vec<Range<usize>> {
    Splitter::default().split(text)
}

/// [`split`], remembering which heading lines are dated, so that splitting
/// the same record again after an edit reads no date twice.
#[derive(Default)]
pub struct Splitter {
    /// Heading line to its level, if it begins with a date.
    headings: FxHashMap<Box<str>, Option<u8>>,
}

impl Splitter {
    /// See [`split`].
    pub fn split(&mut self, text: &str) -> Vec<Range<usize>> {
        let units = self.split_remembering(text);
        // Keep what the next split of an edited text is likely to need.
        if self.headings.len() > 2 * units.len() + 64 {
            self.headings.clear();
        }
        units
    }

    fn split_remembering(&mut self, text: &str) -> Vec<Range<usize>> {
        let content_start = front_matter::locate(text).map_or(0, |(span, _, _)| span.end);
        // As in `parse`: the inline comments after the front matter, as the
        // Markdown parser reads them (a `<!--` in code opens no comment), are
        // blanked; a comment in an HTML block is read as one (`opening_html`).
        // The blanked front matter of `parse` is blank lines, which change
        // nothing.
        let comments: Vec<Range<usize>> = markdown::comments(&text[content_start..], 0)
            .inline
            .into_iter()
            .map(|c| c.start + content_start..c.end + content_start)
            .collect();
        let mut comment = comments.iter().peekable();

        let mut candidates: Vec<(usize, u8)> = Vec::new();
        // The shallowest dated heading anywhere, in a list or quote too: an
        // entry runs to the next heading of its level, so no unit may start
        // at a deeper one.
        let mut shallowest_anywhere = u8::MAX;
        // Whether a line since the last blank one begins with a date: a
        // setext underline could make it a dated heading.
        let mut run_dated = false;
        let mut block = Block::None;
        let mut offset = content_start;
        // One vectorised search for every line break: most lines are
        // skipped after reading their first byte.
        let mut line_ends = memchr::memchr_iter(b'\n', &text.as_bytes()[content_start..])
            .map(|i| content_start + i + 1);
        while offset < text.len() {
            let line_start = offset;
            offset = line_ends.next().unwrap_or(text.len());
            let raw_line = &text[line_start..offset];
            while comment.peek().is_some_and(|c| c.end <= line_start) {
                comment.next();
            }
            // Most lines are prose starting with a letter: no heading, fence,
            // HTML or container starts there, and no date.
            let plain = block == Block::None
                && raw_line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
                && comment.peek().is_none_or(|c| c.start >= offset);
            if plain {
                continue;
            }
            // So are blank lines, which end a run of lines.
            let blank = block == Block::None
                && matches!(raw_line, "\n" | "\r\n")
                && comment.peek().is_none_or(|c| c.start >= offset);
            if blank {
                run_dated = false;
                continue;
            }
            // A line touched by a comment: read it with the comment blanked.
            let masked;
            let line = match comment.peek() {
                Some(c) if c.start < offset => {
                    let mut owned = raw_line.to_string();
                    // Comments are sorted and apart: those touching this
                    // line follow the last one ending before it.
                    let first = comments.partition_point(|c| c.end <= line_start);
                    for c in comments[first..].iter().take_while(|c| c.start < offset) {
                        let from = c.start.max(line_start) - line_start;
                        let to = c.end.min(offset) - line_start;
                        text_mask::blank(&mut owned, from..to);
                    }
                    masked = owned;
                    masked.as_str()
                }
                _ => raw_line,
            };
            let line = line.trim_end_matches(['\n', '\r']);
            block = match block.next(line) {
                Next::Inside(b) => b,
                Next::Outside => {
                    let inner = without_containers(line);
                    if inner.starts_with('#') {
                        let level = match self.headings.get(inner) {
                            Some(level) => *level,
                            None => *self
                                .headings
                                .entry(inner.into())
                                .or_insert_with(|| dated_heading_level(inner)),
                        };
                        if let Some(level) = level {
                            shallowest_anywhere = shallowest_anywhere.min(level);
                            // At column 0, and not partly inside a comment.
                            if inner.len() == line.len()
                                && line == raw_line.trim_end_matches(['\n', '\r'])
                            {
                                candidates.push((line_start, level));
                            }
                        }
                    } else if let Some(level) = setext_level(inner)
                        .or_else(|| setext_level(line.trim_start()))
                        .filter(|_| run_dated)
                    {
                        shallowest_anywhere = shallowest_anywhere.min(level);
                    }
                    Block::None
                }
            };
            if line.trim().is_empty() {
                run_dated = false;
            } else if !run_dated {
                let text = without_containers(line).trim();
                run_dated = text.starts_with(|c: char| c.is_ascii_digit())
                    && dates::leading_date(text).is_some();
            }
        }

        let shallowest = candidates
            .iter()
            .map(|&(_, level)| level)
            .min()
            .filter(|&level| level <= shallowest_anywhere);
        let mut units = Vec::new();
        let mut start = 0;
        for &(at, level) in &candidates {
            if Some(level) == shallowest && at > start {
                units.push(start..at);
                start = at;
            } else if Some(level) == shallowest && at == 0 {
                // The record opens with an entry: an empty head.
                units.push(0..0);
            }
        }
        units.push(start..text.len());
        units
    }
}

/// A multi-line construct the scanner is inside.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Block {
    None,
    /// Fenced code: the fence character and length.
    Fence(u8, usize),
    /// An HTML block ending at a line that contains this text.
    HtmlUntil(&'static str),
    /// An HTML block ending at a blank line.
    HtmlUntilBlank,
}

enum Next {
    Inside(Block),
    Outside,
}

impl Block {
    /// The state after `line`: still (or newly) inside a block, or outside.
    fn next(&self, line: &str) -> Next {
        match self {
            Block::Fence(ch, len) => {
                if is_closing_fence(line, *ch, *len) {
                    Next::Inside(Block::None)
                } else {
                    Next::Inside(self.clone())
                }
            }
            Block::HtmlUntil(end) => {
                if line.to_ascii_lowercase().contains(end) {
                    Next::Inside(Block::None)
                } else {
                    Next::Inside(self.clone())
                }
            }
            Block::HtmlUntilBlank => {
                if line.trim().is_empty() {
                    Next::Inside(Block::None)
                } else {
                    Next::Inside(self.clone())
                }
            }
            Block::None => {
                if let Some((ch, len)) = opening_fence(line) {
                    return Next::Inside(Block::Fence(ch, len));
                }
                if let Some(html) = opening_html(line) {
                    return Next::Inside(html);
                }
                Next::Outside
            }
        }
    }
}

/// Leading indentation in columns (a tab to the next multiple of 4).
fn indent(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, &line[i..]),
        }
    }
    (columns, "")
}

fn opening_fence(line: &str) -> Option<(u8, usize)> {
    let (columns, rest) = indent(line);
    if columns > 3 {
        return None;
    }
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    // A backtick fence's info string holds no backtick.
    (len >= 3 && !(ch == b'`' && rest[len..].contains('`'))).then_some((ch, len))
}

fn is_closing_fence(line: &str, ch: u8, len: usize) -> bool {
    let (columns, rest) = indent(line);
    let run = rest.bytes().take_while(|&b| b == ch).count();
    columns <= 3 && run >= len && rest[run..].trim().is_empty()
}

/// The HTML block a line opens (CommonMark §4.6), conservatively: any line
/// starting with `<` is taken to open one.
fn opening_html(line: &str) -> Option<Block> {
    let (columns, rest) = indent(line);
    if columns > 3 || !rest.starts_with('<') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let ends_here = |end: &str| lower.contains(end);
    for (open, end) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if lower.starts_with(open)
            && lower[open.len()..].chars().next().is_none_or(|c| c.is_whitespace() || c == '>')
        {
            return (!ends_here(end)).then_some(Block::HtmlUntil(end));
        }
    }
    let special = [("<!--", "-->"), ("<![cdata[", "]]>"), ("<?", "?>")];
    for (open, end) in special {
        if let Some(rest) = lower.strip_prefix(open) {
            return (!rest.contains(end)).then_some(Block::HtmlUntil(end));
        }
    }
    if lower.starts_with("<!") && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return (!lower[2..].contains('>')).then_some(Block::HtmlUntil(">"));
    }
    // Blocks of type 6 and 7 run to a blank line; a one-line one ends here.
    Some(Block::HtmlUntilBlank)
}

/// A line without leading indentation, block quote markers and list
/// markers: where a heading inside a container would begin.
fn without_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if let Some(after) = trimmed.strip_prefix('>') {
            rest = after;
            continue;
        }
        let bullet = trimmed.starts_with(['-', '*', '+']) as usize;
        let digits =
            if bullet == 1 { 0 } else { trimmed.bytes().take_while(u8::is_ascii_digit).count() };
        let marker = if bullet == 1 {
            1
        } else if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        if marker > 0 && (trimmed.len() == marker || trimmed[marker..].starts_with([' ', '\t'])) {
            rest = &trimmed[marker..];
            continue;
        }
        return trimmed;
    }
}

/// The level of a setext underline (`===` level 1, `---` level 2).
fn setext_level(line: &str) -> Option<u8> {
    let line = line.trim_end();
    let level = match line.as_bytes().first()? {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let ch = line.as_bytes()[0];
    line.bytes().all(|b| b == ch).then_some(level)
}

/// The level of an ATX heading at column 0 whose text begins with a date.
fn dated_heading_level(line: &str) -> Option<u8> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes)
        || !line[hashes..].is_empty() && !line[hashes..].starts_with([' ', '\t'])
    {
        return None;
    }
    let (_, inner) = heading_text(line);
    // Every date form starts with a digit: skip the date parser otherwise.
    if !inner.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    dates::leading_date(inner).map(|_| hashes as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|u| &text[u]).collect()
    }

    #[test]
    fn splits_at_each_dated_heading_of_the_shallowest_level() {
        let text = "---\nchild: A\n---\n# Family composition\n\n## 2026-01-02 — Visit\nx\n### 2026-01-02 later\ny\n## 3 Jan 2026 — Call\nz\n";
        assert_eq!(
            units(text),
            [
                "---\nchild: A\n---\n# Family composition\n\n",
                "## 2026-01-02 — Visit\nx\n### 2026-01-02 later\ny\n",
                "## 3 Jan 2026 — Call\nz\n"
            ]
        );
    }

    #[test]
    fn an_entry_first_gives_an_empty_head() {
        assert_eq!(
            units("## 2026-01-02 A\n## 2026-01-03 B\n"),
            ["", "## 2026-01-02 A\n", "## 2026-01-03 B\n"]
        );
        assert_eq!(units("no entries\n"), ["no entries\n"]);
        assert_eq!(units(""), [""]);
    }

    #[test]
    fn does_not_split_inside_code_comments_html_or_front_matter() {
        let fenced = "## 2026-01-02 A\n```\n## 2026-01-03 in code\n```\n## 2026-01-04 B\n";
        assert_eq!(
            units(fenced),
            ["", "## 2026-01-02 A\n```\n## 2026-01-03 in code\n```\n", "## 2026-01-04 B\n"]
        );
        let long_fence = "## 2026-01-02 A\n````\n```\n## 2026-01-03 in code\n````\n";
        assert_eq!(units(long_fence).len(), 2);
        let commented = "## 2026-01-02 A\n<!-- note\n## 2026-01-03 in a comment\n-->\n";
        assert_eq!(units(commented).len(), 2);
        let html = "## 2026-01-02 A\n<div>\n## 2026-01-03 in html\n</div>\n\n## 2026-01-04 B\n";
        assert_eq!(
            units(html),
            ["", "## 2026-01-02 A\n<div>\n## 2026-01-03 in html\n</div>\n\n", "## 2026-01-04 B\n"]
        );
        let front = "---\nnote: |\n  ## 2026-01-03 in yaml\n---\nx\n";
        assert_eq!(units(front).len(), 1);
        let indented = "## 2026-01-02 A\n   ## 2026-01-03 indented\n";
        assert_eq!(units(indented).len(), 2);
        // A comment with a blank line in it is still one HTML block.
        let blank_inside = "## 2026-01-02 A\n<!-- note\n\n## 2026-01-03 in a comment\n-->\n";
        assert_eq!(units(blank_inside).len(), 2);
    }

    #[test]
    fn a_comment_opener_in_code_hides_nothing() {
        // Issue 18: `<!--` in inline code or a fenced block is text, so the
        // next entry is still a unit of its own.
        let inline = "## 2026-01-02 A\nType `<!--` here.\n\n## 2026-01-03 B\n-->\n";
        assert_eq!(
            units(inline),
            ["", "## 2026-01-02 A\nType `<!--` here.\n\n", "## 2026-01-03 B\n-->\n"]
        );
        let fenced = "## 2026-01-02 A\n```\n<!--\n```\n## 2026-01-03 B\n-->\n";
        assert_eq!(units(fenced).len(), 3);
        // And a textual comment that would hide a fence does not split
        // inside the fence.
        let fence_after = " --><!-- <div>\n```\n## 2026-10-05 A\n -->\n## 2026-10-06 B\n";
        assert_eq!(units(fence_after).len(), 1);
    }
}
