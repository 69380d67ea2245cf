//! Sentence splitting (SPEC §4.1): at `.`, `?` or `!` followed by white
//! space, or at the end of the block. `e.g.`, `i.e.`, `etc.`, titles and
//! decimals do not end a sentence.

use std::ops::Range;

/// Abbreviations whose full stop does not end a sentence (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "no", "st", "prof", "sgt", "det", "cllr",
    "approx", "vs", "ref", "nos", "mx", "rev", "c.f", "cf", "para", "tel",
];

/// Sentence spans inside `span` of `text`, trimmed of white space.
pub fn split(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let slice = &text[span.clone()];
    let bytes = slice.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'?' | b'!') {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            if slice[end..].starts_with('\u{201D}') || slice[end..].starts_with('\u{2019}') {
                end += 3;
            }
            let at_space = end < bytes.len() && (bytes[end] as char).is_ascii_whitespace();
            let closed_by_quote = end > i + 1;
            let continues_lower = closed_by_quote && next_word_is_lowercase(&slice[end..]);
            if at_space && !(b == b'.' && is_abbreviation(&slice[..i])) && !continues_lower {
                push(&mut sentences, slice, start, end, span.start);
                start = end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push(&mut sentences, slice, start, bytes.len(), span.start);
    sentences
}

fn next_word_is_lowercase(rest: &str) -> bool {
    rest.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// Whether the text before a full stop ends with an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (last.chars().count() == 1 && last.chars().all(|c| c.is_uppercase()))
}

fn push(out: &mut Vec<Range<usize>>, slice: &str, start: usize, end: usize, base: usize) {
    let piece = &slice[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().chars().any(char::is_alphanumeric) {
        out.push(base + start + lead..base + end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, 0..text.len()).into_iter().map(|s| &text[s]).collect()
    }

    #[test]
    fn splits_at_stops_but_not_abbreviations() {
        assert_eq!(
            sentences("Dr. Rao saw Jamie, e.g. at 3.30 pm. He said \"no.\" Then he left! Ok"),
            ["Dr. Rao saw Jamie, e.g. at 3.30 pm.", "He said \"no.\"", "Then he left!", "Ok"]
        );
    }

    #[test]
    fn a_quote_ending_in_a_stop_inside_a_sentence() {
        assert_eq!(
            sentences("She said \"Stop!\" and left. Next."),
            ["She said \"Stop!\" and left.", "Next."]
        );
    }
}
