//! Words: tokens holding a letter or digit (SPEC §4.1), with byte offsets.

use std::ops::Range;

use compact_str::CompactString;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Range<usize>,
    /// Lower case, curly apostrophes straightened (inline, not on the heap,
    /// for all but very long words: records hold millions of words).
    pub lower: CompactString,
}

/// The words of `text[span]`: runs of letters and digits, with apostrophes
/// inside a word kept (`Ruby's`, `don't`). Hyphens split words.
pub fn words(text: &str, span: Range<usize>) -> Vec<Word> {
    word_iter(text, span).collect()
}

/// [`words`], one at a time: for reading only the first few.
pub fn word_iter(text: &str, span: Range<usize>) -> impl Iterator<Item = Word> + '_ {
    let slice = &text[span.clone()];
    let mut start: Option<usize> = None;
    let mut chars = slice.char_indices().peekable();
    let mut done = false;
    std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let next_is_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            let inside = c.is_alphanumeric()
                || (start.is_some() && (c == '\'' || c == '\u{2019}') && next_is_alnum);
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    start = None;
                    return Some(make(slice, s, i, span.start));
                }
                _ => {}
            }
        }
        if done {
            return None;
        }
        done = true;
        start.take().map(|s| make(slice, s, slice.len(), span.start))
    })
}

fn make(slice: &str, start: usize, end: usize, base: usize) -> Word {
    let word = &slice[start..end];
    let lower = if word.is_ascii() {
        let mut lower = CompactString::from(word);
        lower.make_ascii_lowercase();
        lower
    } else {
        word.chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase)
            .collect()
    };
    Word { span: base + start..base + end, lower }
}

/// Counts words as SPEC §4.1 defines them: white-space separated tokens
/// holding a letter or digit.
pub fn count(text: &str) -> usize {
    text.split_whitespace().filter(|t| t.chars().any(char::is_alphanumeric)).count()
}

/// Splits a phrase of the vocabulary into lower-case words.
pub fn phrase(text: &str) -> Vec<String> {
    words(text, 0..text.len()).into_iter().map(|w| w.lower.into()).collect()
}

/// Whether `words` begins with `phrase` (lower-case words).
pub fn starts_with_phrase(words: &[Word], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words.len() >= phrase.len()
        && phrase.iter().zip(words).all(|(p, w)| w.lower == *p)
}

/// Indices in `words` where `phrase` (lower-case words) starts.
pub fn find_phrase(words: &[Word], phrase: &[String]) -> Vec<usize> {
    if phrase.is_empty() || phrase.len() > words.len() {
        return Vec::new();
    }
    (0..=words.len() - phrase.len())
        .filter(|&i| phrase.iter().enumerate().all(|(k, p)| words[i + k].lower == *p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_keeping_apostrophes() {
        let text = "Ruby’s mum—didn't go; X-ray 14:30.";
        let w: Vec<String> =
            words(text, 0..text.len()).into_iter().map(|w| w.lower.into()).collect();
        assert_eq!(w, ["ruby's", "mum", "didn't", "go", "x", "ray", "14", "30"]);
        assert_eq!(count(text), 5);
    }
}

/// Phrases indexed by their first word, for finding many phrases in one
/// pass over a text's words.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    by_first: rustc_hash::FxHashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T: Copy> PhraseSet<T> {
    pub fn new(phrases: impl IntoIterator<Item = (Vec<String>, T)>) -> Self {
        let mut by_first: rustc_hash::FxHashMap<String, Vec<(Vec<String>, T)>> = Default::default();
        for (phrase, tag) in phrases {
            if let Some(first) = phrase.first().cloned() {
                by_first.entry(first).or_default().push((phrase, tag));
            }
        }
        PhraseSet { by_first }
    }

    /// The longest phrase starting at `words[i]`: (start, length, tag).
    pub fn match_at(&self, words: &[Word], i: usize) -> Option<(usize, usize, T)> {
        let first = words.get(i)?;
        self.by_first
            .get(first.lower.as_str())?
            .iter()
            .filter(|(phrase, _)| {
                words.len() - i >= phrase.len()
                    && phrase.iter().skip(1).zip(&words[i + 1..]).all(|(p, w)| *p == w.lower)
            })
            .max_by_key(|(phrase, _)| phrase.len())
            .map(|(phrase, tag)| (i, phrase.len(), *tag))
    }

    /// Whether some phrase starts with `word` (lower case).
    pub fn starts_any(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    /// Every match in `words`: (start index, length in words, tag), in order.
    pub fn find_all(&self, words: &[Word]) -> Vec<(usize, usize, T)> {
        let mut found = Vec::new();
        for (i, word) in words.iter().enumerate() {
            for (phrase, tag) in self.by_first.get(word.lower.as_str()).into_iter().flatten() {
                let fits = words.len() - i >= phrase.len()
                    && phrase.iter().skip(1).zip(&words[i + 1..]).all(|(p, w)| *p == w.lower);
                if fits {
                    found.push((i, phrase.len(), *tag));
                }
            }
        }
        found
    }
}
