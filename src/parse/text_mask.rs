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
pub fn quotes(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> =
        text[span.clone()].char_indices().map(|(i, c)| (i + span.start, c)).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let before = if i == 0 { None } else { Some(chars[i - 1].1) };
        let after = chars.get(i + 1).map(|&(_, c)| c);
        let close = match c {
            '"' => Some(find_char(&chars, i + 1, |j, ch| ch == '"' && j > i + 1)),
            '\u{201C}' => Some(find_char(&chars, i + 1, |_, ch| ch == '\u{201D}')),
            '\'' | '\u{2018}'
                if before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b))
                    && after.is_some_and(|a| !a.is_whitespace()) =>
            {
                Some(find_char(&chars, i + 1, |j, ch| {
                    (ch == '\'' || ch == '\u{2019}')
                        && j > i + 1
                        && !chars[j - 1].1.is_whitespace()
                        && chars.get(j + 1).is_none_or(|&(_, n)| !n.is_alphanumeric())
                }))
            }
            _ => None,
        };
        match close.flatten() {
            Some(j) => {
                let (end_offset, end_char) = chars[j];
                found.push(start..end_offset + end_char.len_utf8());
                i = j + 1;
            }
            None => i += 1,
        }
    }
    found
}

fn find_char(
    chars: &[(usize, char)],
    from: usize,
    accept: impl Fn(usize, char) -> bool,
) -> Option<usize> {
    (from..chars.len()).find(|&j| accept(j, chars[j].1))
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
