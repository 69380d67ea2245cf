//! The text model shared by the CLI and the server: line breaks (`\n`,
//! `\r\n` and a lone `\r`, as in CommonMark and LSP), a leading byte-order
//! mark, and byte offsets to 1-based lines and character columns.

use std::borrow::Cow;

/// A record's text as it is read from a file: without a leading byte-order
/// mark (offsets count from the first character after it).
pub fn without_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// The text as the analysis reads it: each lone `\r` made `\n`. Both are
/// one byte, so every offset into the result is the same offset into
/// `text`, and the parsers need to know only `\n` and `\r\n`.
pub fn lf_line_breaks(text: &str) -> Cow<'_, str> {
    if !has_lone_cr(text) {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte by another keeps the text UTF-8.
    Cow::Owned(String::from_utf8(bytes).expect("ASCII for ASCII keeps UTF-8"))
}

/// Whether `text` has a `\r` not followed by `\n`.
fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('\r').any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'))
}

/// Byte offset where each line starts: 0, and after every `\n`, `\r\n`
/// and lone `\r`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    if text.contains('\r') {
        for (i, &byte) in bytes.iter().enumerate() {
            let lone_cr = byte == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if byte == b'\n' || lone_cr {
                starts.push(i + 1);
            }
        }
    } else {
        // The common case, found with memchr.
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    }
    starts
}

/// The length of the line break that ends `line` (a line with its break).
fn break_len(line: &str) -> usize {
    if line.ends_with("\r\n") {
        2
    } else if line.ends_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// Maps byte offsets of one text to lines and columns.
///
/// A column is found in constant time, however long the line: the index
/// keeps the number of characters before every [`BLOCK`] bytes of the
/// text, so a conversion counts at most two blocks' worth of bytes instead
/// of the whole line up to the offset (which made many findings on one long
/// line quadratic).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Characters in `text[..b * BLOCK]`, for every block `b` (the last
    /// entry is for the block holding the end of the text).
    chars_before_block: Vec<usize>,
}

/// Bytes per block of [`LineIndex::chars_before_block`].
const BLOCK: usize = 64;

/// Whether `byte` starts a character in UTF-8 (is not a continuation byte).
fn starts_char(byte: &u8) -> bool {
    (byte & 0xC0) != 0x80
}

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let line_starts = line_starts(text);
        let mut chars_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        chars_before_block.push(0);
        for block in text.as_bytes().chunks(BLOCK) {
            chars += block.iter().filter(|b| starts_char(b)).count();
            chars_before_block.push(chars);
        }
        LineIndex { line_starts, chars_before_block }
    }

    /// Characters in `text[..offset]` (`offset` on a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        crate::work::add(offset - from);
        self.chars_before_block[block]
            + text.as_bytes()[from..offset].iter().filter(|b| starts_char(b)).count()
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line).copied().unwrap_or(text.len());
        let end = match self.line_starts.get(line + 1) {
            Some(&next) => next - break_len(&text[start..next]),
            None => text.len(),
        };
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        // Inside a `\r\n`: the end of the line's text, as the server says.
        let offset = offset.min(self.line_range(text, line).end);
        let start = self.line_starts[line];
        let column = self.chars_before(text, offset) - self.chars_before(text, start);
        LineCol { line: line + 1, column: column + 1 }
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line ending a text uses: that of its first line break (`\r\n`, a
/// lone `\r`, or `\n`, the default for a text of one line).
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// `inserted` (text a fix inserts, written with `\n`) with each line break
/// in `ending`, so that a fix keeps the document's own line endings.
pub fn with_line_ending<'a>(inserted: &'a str, ending: &str) -> std::borrow::Cow<'a, str> {
    if ending == "\n" || !inserted.contains('\n') {
        return std::borrow::Cow::Borrowed(inserted);
    }
    let mut out = String::with_capacity(inserted.len() + 8);
    let mut previous = '\0';
    for c in inserted.chars() {
        if c == '\n' && previous != '\r' {
            out.push_str(ending);
        } else if c == '\n' {
            // Already `\r\n`: the `\r` was pushed; finish it as `ending`.
            out.pop();
            out.push_str(ending);
        } else {
            out.push(c);
        }
        previous = c;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nZoë said\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        // "said" starts after "Zoë " (5 bytes, 4 characters).
        assert_eq!(index.line_col(text, 8), LineCol { line: 2, column: 5 });
        assert_eq!(index.line_range(text, 1), 3..12);
    }

    /// Columns agree with counting characters from the line start, on
    /// lines longer than a block, at every offset, and the work of one
    /// conversion does not grow with the line.
    #[test]
    fn columns_on_long_lines_agree_with_counting() {
        let text = format!("é\n{}\nab{}", "aé“b ".repeat(100), "ü".repeat(70));
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let line = text[..offset].matches('\n').count();
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected =
                LineCol { line: line + 1, column: text[start..offset].chars().count() + 1 };
            assert_eq!(index.line_col(&text, offset), expected, "{offset}");
        }
        let long = "word ".repeat(100_000);
        let index = LineIndex::new(&long);
        let (at, steps) = crate::work::counted(|| index.line_col(&long, 400_000));
        assert_eq!(at, LineCol { line: 1, column: 400_001 });
        assert!(steps < 2 * BLOCK as u64, "{steps}");
    }

    /// `\n`, `\r\n` and a lone `\r` are each one line break, for lines,
    /// columns and line ranges alike.
    #[test]
    fn every_line_ending_breaks_lines() {
        let text = "a\rZoë\r\nb\n\r\rc";
        assert_eq!(line_starts(text), [0, 2, 8, 10, 11, 12]);
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        assert_eq!(index.line_col(text, 2), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 6), LineCol { line: 2, column: 4 });
        // Inside the `\r\n`: the end of the line's text.
        assert_eq!(index.line_col(text, 7), LineCol { line: 2, column: 4 });
        assert_eq!(index.line_col(text, 12), LineCol { line: 6, column: 1 });
        let ranges: Vec<_> = (0..6).map(|line| index.line_range(text, line)).collect();
        assert_eq!(ranges, [0..1, 2..6, 8..9, 10..10, 11..11, 12..13]);
    }

    #[test]
    fn lone_crs_become_lf_and_nothing_else_moves() {
        assert_eq!(lf_line_breaks("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(lf_line_breaks("a\r\nb\n"), Cow::Borrowed(_)));
        assert_eq!(without_bom("\u{feff}# Notes\r".to_owned()), "# Notes\r");
        assert_eq!(without_bom("# \u{feff}".to_owned()), "# \u{feff}");
    }

    #[test]
    fn inserted_text_takes_the_documents_line_ending() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\rb"), "\r");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("one line"), "\n");
        assert_eq!(
            with_line_ending("# Family composition\n\n", "\r\n"),
            "# Family composition\r\n\r\n"
        );
        assert_eq!(with_line_ending("a\r\nb\n", "\r\n"), "a\r\nb\r\n");
        assert_eq!(with_line_ending("a\nb\n", "\r"), "a\rb\r");
        assert_eq!(with_line_ending("a\nb", "\n"), "a\nb");
        assert_eq!(with_line_ending("no break", "\r\n"), "no break");
    }
}
