//! Document text in a rope, and conversions between the core's byte offsets
//! and LSP positions in the negotiated encoding (UTF-16 by default, UTF-8
//! when the client offers it). Every conversion clamps: a position past the
//! end of a line or of the document never panics.

use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

use super::sparse::Sparse;

/// How LSP `Position::character` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
    /// Bytes of UTF-8, when the client offers `positionEncoding` `utf-8`.
    Utf8,
}

/// An immutable view of a document's text (ropes clone in O(1)).
#[derive(Clone, Debug)]
pub struct Text {
    rope: Rope,
    encoding: Encoding,
}

impl Text {
    pub fn new(text: &str, encoding: Encoding) -> Self {
        Text { rope: Rope::from_str(text), encoding }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The whole text (the core reads `&str`; byte offsets are the rope's).
    pub fn to_text(&self) -> String {
        // Chunk by chunk into one allocation (`to_string` goes through
        // `Display` and grows the string as it goes).
        let mut whole = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            whole.push_str(chunk);
        }
        whole
    }

    /// Writes the text of `span` into `out` at the same offsets, as the
    /// core reads it (a lone CR as LF); false if `span` is not on
    /// character boundaries of the text or does not fit.
    pub fn write_into(&self, span: Range<usize>, out: &mut Sparse) -> bool {
        let Some(slice) = self.rope.get_byte_slice(span.clone()) else { return false };
        let mut at = span.start;
        for chunk in slice.chunks() {
            if !out.write(at, chunk) {
                return false;
            }
            for (i, _) in chunk.match_indices('\r') {
                if self.rope.get_byte(at + i + 1) != Some(b'\n') {
                    out.replace_ascii(at + i, b'\n');
                }
            }
            at += chunk.len();
        }
        true
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// The byte at `offset`, if there is one.
    pub fn byte(&self, offset: usize) -> Option<u8> {
        self.rope.get_byte(offset)
    }

    /// The document's line ending: that of its first line (`\n` for a
    /// text of one line), read without copying the text.
    pub fn line_ending(&self) -> &'static str {
        let first = self.rope.line(0);
        let len = first.len_chars();
        match (len.checked_sub(2).map(|i| first.char(i)), len.checked_sub(1).map(|i| first.char(i)))
        {
            (Some('\r'), Some('\n')) => "\r\n",
            (_, Some('\r')) => "\r",
            _ => "\n",
        }
    }

    /// Applies one `didChange` content change. A change without a range
    /// replaces the whole text; ranges are clamped to the text.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = self.rope.byte_to_char(self.offset(range.start));
                let end = self.rope.byte_to_char(self.offset(range.end)).max(start);
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }

    /// Char index range of 0-based `line` without its line break; the last
    /// line for a line past the end.
    fn line_chars(&self, line: usize) -> Range<usize> {
        let line = line.min(self.rope.len_lines().saturating_sub(1));
        let start = self.rope.line_to_char(line);
        let slice = self.rope.line(line);
        let mut len = slice.len_chars();
        if len > 0 && slice.char(len - 1) == '\n' {
            len -= 1;
        }
        if len > 0 && slice.char(len - 1) == '\r' {
            len -= 1;
        }
        start..start + len
    }

    /// Byte offset of an LSP position, clamped to the line and the text.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let chars = self.line_chars(line);
        let character = position.character as usize;
        let char_index = match self.encoding {
            Encoding::Utf16 => {
                let line_start = self.rope.char_to_utf16_cu(chars.start);
                let line_end = self.rope.char_to_utf16_cu(chars.end);
                self.rope.utf16_cu_to_char((line_start + character).min(line_end))
            }
            Encoding::Utf8 => {
                let line_start = self.rope.char_to_byte(chars.start);
                let line_end = self.rope.char_to_byte(chars.end);
                self.rope.byte_to_char((line_start + character).min(line_end))
            }
        };
        self.rope.char_to_byte(char_index.clamp(chars.start, chars.end))
    }

    /// LSP position of a byte offset (clamped, moved back to the start of
    /// a character it falls inside, and to the end of the line's text when
    /// it falls inside a CR LF line break).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.rope.len_bytes());
        let line = self.rope.char_to_line(self.rope.byte_to_char(offset));
        let chars = self.line_chars(line);
        let char_index = self.rope.byte_to_char(offset).min(chars.end);
        let line_start = chars.start;
        let character = match self.encoding {
            Encoding::Utf16 => {
                self.rope.char_to_utf16_cu(char_index) - self.rope.char_to_utf16_cu(line_start)
            }
            Encoding::Utf8 => {
                self.rope.char_to_byte(char_index) - self.rope.char_to_byte(line_start)
            }
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: &Range<usize>) -> LspRange {
        let start = self.position(span.start);
        let end = self.position(span.end.max(span.start));
        LspRange::new(start, end)
    }

    pub fn span(&self, range: &LspRange) -> Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        start.min(end)..end.max(start)
    }

    /// 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.rope.byte_to_line(offset.min(self.rope.len_bytes()))
    }

    /// Byte range of 0-based `line` without its line break (clamped).
    pub fn line_span(&self, line: usize) -> Range<usize> {
        let chars = self.line_chars(line);
        self.rope.char_to_byte(chars.start)..self.rope.char_to_byte(chars.end)
    }

    /// The last line holding text of `span` (a span ending with a line
    /// break ends on the line before it).
    pub fn last_line(&self, span: &Range<usize>) -> usize {
        let end = span.end.min(self.rope.len_bytes());
        if end > span.start {
            self.line_of(end - 1)
        } else {
            self.line_of(end)
        }
    }
}

/// LSP ranges of byte spans.
pub trait Positions {
    fn range(&self, span: &Range<usize>) -> LspRange;
}

impl Positions for Text {
    fn range(&self, span: &Range<usize>) -> LspRange {
        Text::range(self, span)
    }
}

/// Positions of many offsets in one version of a document: the line starts
/// are found once, where [`Text::position`] walks the rope for each offset.
/// Same answers as [`Text::position`], clamping included.
///
/// Linear overall: a UTF-16 column is counted from the nearest checkpoint
/// (every [`CHECKPOINT`] bytes), never from the start of a long line, so
/// many findings on one long line cost no more than findings on many lines.
pub struct LineIndex {
    text: Arc<str>,
    /// Byte offset where each line starts (after `\n`, `\r\n` or a lone `\r`).
    starts: Vec<usize>,
    encoding: Encoding,
    /// UTF-16 code units before the char boundary at or before each
    /// multiple of [`CHECKPOINT`]; empty when the text is ASCII (then a
    /// column in UTF-16 is a column in bytes).
    utf16: Vec<(usize, usize)>,
}

/// Bytes between the checkpoints of [`LineIndex`].
const CHECKPOINT: usize = 256;

impl LineIndex {
    pub fn new(text: &Text) -> LineIndex {
        LineIndex::of_string(text.to_text(), text.encoding())
    }

    /// The index of a document's text already read out of its rope.
    pub fn of_string(text: impl Into<Arc<str>>, encoding: Encoding) -> LineIndex {
        let text: Arc<str> = text.into();
        // The same line breaks as the CLI's positions.
        let starts = crate::text::line_starts(&text);
        let mut utf16 = Vec::new();
        if encoding == Encoding::Utf16 && !text.is_ascii() {
            let mut units = 0;
            let mut at = 0;
            while at < text.len() {
                utf16.push((at, units));
                let mut next = (at + CHECKPOINT).min(text.len());
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                if next <= at {
                    next = at + 1;
                    while !text.is_char_boundary(next) {
                        next += 1;
                    }
                }
                units += text[at..next].encode_utf16().count();
                at = next;
            }
        }
        LineIndex { text, starts, encoding, utf16 }
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The text indexed.
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// UTF-16 code units before `offset` (a char boundary).
    fn utf16_before(&self, offset: usize) -> usize {
        let checkpoint = self.utf16.partition_point(|&(at, _)| at <= offset).saturating_sub(1);
        match self.utf16.get(checkpoint) {
            Some(&(at, units)) => units + self.text[at..offset].encode_utf16().count(),
            None => offset,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = match self.starts.get(line + 1) {
            Some(&next) => {
                let with_break = &self.text[start..next];
                start + with_break.trim_end_matches('\n').trim_end_matches('\r').len()
            }
            None => self.text.len(),
        };
        let offset = offset.min(end);
        let character = match self.encoding {
            Encoding::Utf16 if !self.utf16.is_empty() => {
                self.utf16_before(offset) - self.utf16_before(start)
            }
            Encoding::Utf16 | Encoding::Utf8 => offset - start,
        };
        Position::new(to_u32(line), to_u32(character))
    }
}

impl Positions for LineIndex {
    fn range(&self, span: &Range<usize>) -> LspRange {
        LspRange::new(self.position(span.start), self.position(span.end.max(span.start)))
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_ending_is_the_first_lines() {
        let ending = |text: &str| Text::new(text, Encoding::Utf16).line_ending();
        assert_eq!(ending("a\r\nb\n"), "\r\n");
        assert_eq!(ending("é🙂\rb"), "\r");
        assert_eq!(ending("a\nb\r\n"), "\n");
        assert_eq!(ending(""), "\n");
        assert_eq!(ending("one line"), "\n");
        assert_eq!(ending("\r\n"), "\r\n");
    }

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|((a, b), (c, d))| LspRange::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = Text::new("Zoë 🙂 said\r\nok\n", Encoding::Utf16);
        // "said" is at byte 10 (Z o ë=2 space 🙂=4 space), UTF-16 column 7.
        assert_eq!(text.position(10), Position::new(0, 7));
        assert_eq!(text.offset(Position::new(0, 7)), 10);
        // Inside the emoji's surrogate pair: back to its start.
        assert_eq!(text.offset(Position::new(0, 5)), 5);
        // Past the end of the line: its end, before the CR LF.
        assert_eq!(text.offset(Position::new(0, 99)), 14);
        assert_eq!(text.position(16), Position::new(1, 0));
        // Inside the CR LF: the end of the line's text.
        assert_eq!(text.position(15), Position::new(0, 11));
        // Past the end of the text.
        assert_eq!(text.offset(Position::new(9, 0)), text.len_bytes());
        assert_eq!(text.position(999), Position::new(2, 0));
    }

    proptest::proptest! {
        #[test]
        fn the_line_index_agrees_with_the_rope(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "🙂", "\n", "\r", "\r\n", " "]), 0..40),
            offsets in proptest::collection::vec(0usize..200, 1..20),
            utf8 in proptest::bool::ANY,
        ) {
            let source: String = pieces.concat();
            let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let text = Text::new(&source, encoding);
            let index = LineIndex::new(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(index.position(offset), text.position(offset), "{:?} at {}", source, offset);
            }
        }
    }

    #[test]
    fn the_line_index_agrees_with_the_rope_across_chunks() {
        // Long enough for many rope chunks, with CR LF pairs and lone CRs
        // falling on every alignment.
        let pieces = ["ab", "\r\n", "é", "\r", "🙂", "\n", "xyz", "\r\r\n"];
        let source: String = (0..20_000).map(|i| pieces[(i * 7 + i / 3) % pieces.len()]).collect();
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let text = Text::new(&source, encoding);
            let index = LineIndex::new(&text);
            for offset in (0..=source.len() + 2).step_by(3) {
                assert_eq!(index.position(offset), text.position(offset), "at {offset}");
            }
        }
    }

    #[test]
    fn utf8_columns_count_bytes() {
        let text = Text::new("Zoë 🙂 said\n", Encoding::Utf8);
        assert_eq!(text.position(10), Position::new(0, 10));
        assert_eq!(text.offset(Position::new(0, 10)), 10);
        // Inside a character: back to its start.
        assert_eq!(text.offset(Position::new(0, 3)), 2);
    }

    #[test]
    fn incremental_changes_apply_in_order_and_clamp() {
        let mut text = Text::new("Zoë was 🙂 here\nline two\n", Encoding::Utf16);
        text.apply(&change(Some(((0, 4), (0, 7))), "is"));
        assert_eq!(text.to_text(), "Zoë is 🙂 here\nline two\n");
        text.apply(&change(Some(((0, 10), (0, 10))), "!"));
        assert_eq!(text.to_text(), "Zoë is 🙂 !here\nline two\n");
        text.apply(&change(Some(((1, 5), (7, 3))), "2"));
        assert_eq!(text.to_text(), "Zoë is 🙂 !here\nline 2");
        text.apply(&change(None, "new"));
        assert_eq!(text.to_text(), "new");
    }
}
