//! Positions: byte offsets to 1-based lines and character columns.

/// Maps byte offsets of one text to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
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
        let mut end = self.line_starts.get(line + 1).map(|s| s - 1).unwrap_or(text.len());
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        LineCol { line: line + 1, column: text[start..offset].chars().count() + 1 }
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
