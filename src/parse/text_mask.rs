//! Blanking parts of a text (comments, code, quotes) while keeping every
//! byte offset: each blanked byte becomes a space, line breaks stay.

use std::ops::Range;

/// Replaces the bytes of `span` in `text` with spaces (newlines kept).
/// `span` must lie on character boundaries.
pub fn blank(text: &mut String, span: Range<usize>) {
    let end = span.end.min(text.len());
    if span.start >= end || !text.is_char_boundary(span.start) || !text.is_char_boundary(end) {
        return;
    }
    let replacement: String = text[span.start..end]
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' })
        .collect();
    text.replace_range(span.start..end, &replacement);
}

/// Spans of HTML comments starting at or after `from`.
pub fn html_comments_from(text: &str, from: usize) -> Vec<Range<usize>> {
    html_comments(&text[from..]).into_iter().map(|c| c.start + from..c.end + from).collect()
}

/// Spans of HTML comments (`<!-- … -->`); an unclosed one runs to the end.
pub fn html_comments(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(start) = find(text, from, "<!--") {
        let end = find(text, start + 4, "-->").map_or(text.len(), |i| i + 3);
        spans.push(start..end);
        from = end;
    }
    spans
}

/// The first `needle` in `text` at or after `from`, found by its first byte
/// with memchr (records hold few `<` and `-`).
fn find(text: &str, mut from: usize, needle: &str) -> Option<usize> {
    let first = needle.as_bytes()[0] as char;
    while let Some(i) = text[from..].find(first) {
        let at = from + i;
        if text[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Quoted passages inside `span` of `text`: `"…"`, `“…”`, and `'…'` or
/// `‘…’` used as quotation marks (not apostrophes: `I'm`, `Harpers'`).
/// Each span includes its quotation marks.
///
/// Linear in the span: the marks that can close a quote are listed in one
/// pass, and each opening takes the first one after it with a cursor that
/// only moves forward, so a quote that never closes costs no rescan.
pub fn quotes(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let Some(slice) = text.get(span.clone()) else { return Vec::new() };
    crate::work::add(2 * slice.len());
    // Byte offsets (in `slice`) of marks that can close each kind of quote.
    let (mut double, mut curly, mut single) = (Vec::new(), Vec::new(), Vec::new());
    let mut before: Option<char> = None;
    let mut chars = slice.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let after = chars.peek().map(|&(_, n)| n);
        match c {
            '"' => double.push(at),
            '\u{201D}' => curly.push(at),
            '\'' | '\u{2019}'
                if before.is_some_and(|b| !b.is_whitespace())
                    && after.is_none_or(|n| !n.is_alphanumeric()) =>
            {
                single.push(at)
            }
            _ => {}
        }
        before = Some(c);
    }
    let mut cursors = [0usize; 3];
    let mut first_from = |kind: usize, list: &[usize], from: usize| {
        let cursor = &mut cursors[kind];
        while list.get(*cursor).is_some_and(|&at| at < from) {
            *cursor += 1;
        }
        list.get(*cursor).copied()
    };

    let mut found = Vec::new();
    let mut inside_until = 0; // the end of the last quote found
    let mut before: Option<char> = None;
    let mut chars = slice.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let after = chars.peek().map(|&(_, n)| n);
        let previous = before.replace(c);
        if at < inside_until {
            continue;
        }
        // Where the character after the opening mark starts, and where the
        // one after that starts (a `"` or `'` quote holds at least one).
        let next = at + c.len_utf8();
        let second = next + after.map_or(0, char::len_utf8);
        let close = match c {
            '"' => first_from(0, &double, second),
            '\u{201C}' => first_from(1, &curly, next),
            '\'' | '\u{2018}'
                if previous.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b))
                    && after.is_some_and(|a| !a.is_whitespace()) =>
            {
                first_from(2, &single, second)
            }
            _ => None,
        };
        if let Some(close) = close {
            let end = close + slice[close..].chars().next().map_or(1, char::len_utf8);
            found.push(span.start + at..span.start + end);
            inside_until = end;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quotes(text, 0..text.len()).into_iter().map(|s| &text[s]).collect()
    }

    #[test]
    fn finds_quotes_but_not_apostrophes() {
        assert_eq!(quoted(r#"She said "I miss my dad" today."#), [r#""I miss my dad""#]);
        assert_eq!(
            quoted("Ms Whitley said 'I'm a rubbish mum' and left."),
            ["'I'm a rubbish mum'"]
        );
        assert_eq!(quoted("the Harpers' home and Kemi's room"), Vec::<&str>::new());
        assert_eq!(quoted("he said “no” twice"), ["“no”"]);
        assert_eq!(quoted(r#"a "" b "c" d"#), ["\"\" b \""]);
        assert_eq!(quoted("x 'a' 'b c' 'd"), ["'a'", "'b c'"]);
        assert_eq!(quoted("“a “b” c”"), ["“a “b”"]);
    }

    /// An opening mark that never closes is skipped in one step: the
    /// quotes after many unclosed ones are still found, and a span inside
    /// the text keeps its offsets.
    #[test]
    fn unclosed_quotes_do_not_hide_later_ones() {
        let mut text = "'a ".repeat(1000);
        text.push_str("“a ".repeat(1000).as_str());
        text.push_str(r#"said "yes" then"#);
        assert_eq!(quoted(&text), [r#""yes""#]);
        let offset = text.find('"').unwrap();
        assert_eq!(quotes(&text, 5..text.len()), [offset..offset + 5]);
    }

    #[test]
    fn blanking_keeps_offsets() {
        let mut text = String::from("a <!-- é --> b\nc");
        let spans = html_comments(&text);
        blank(&mut text, spans[0].clone());
        assert_eq!(text.len(), "a <!-- é --> b\nc".len());
        assert!(text.starts_with("a ") && text.ends_with(" b\nc"));
    }
}
