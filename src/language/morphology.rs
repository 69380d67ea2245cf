//! Inflection-aware word classes: a list of lemmas (`love`, `happy`) is
//! expanded once into every regular form (`loves`, `loved`, `loving`;
//! `happier`, `happiest`, `happily`) plus the irregular forms the
//! vocabulary gives, so that looking a word up is one hash probe.

use rustc_hash::FxHashMap;

/// How a class of lemmas inflects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inflects {
    /// `enjoy` → `enjoys`, `enjoyed`, `enjoying`.
    Verb,
    /// `happy` → `happier`, `happiest`.
    Adjective,
    /// `careful` → `carefully`: only the adverb of manner.
    Adverb,
}

/// Words of one class, by every form, each giving its lemma.
#[derive(Debug, Clone, Default)]
pub struct WordClass {
    forms: FxHashMap<String, String>,
}

impl WordClass {
    /// `lemmas` (lower case; a phrase's first word is inflected: `look up
    /// to` → `looks up to`), with `irregular` forms (`feel` → `felt`).
    pub fn new<'a>(
        lemmas: impl IntoIterator<Item = &'a String>,
        inflects: Inflects,
        irregular: &FxHashMap<String, Vec<String>>,
    ) -> WordClass {
        let mut forms = FxHashMap::default();
        for lemma in lemmas {
            let lemma = lemma.to_lowercase();
            let (head, rest) = match lemma.split_once(' ') {
                Some((h, r)) => (h.to_string(), format!(" {r}")),
                None => (lemma.clone(), String::new()),
            };
            let mut all = match inflects {
                Inflects::Verb => verb_forms(&head),
                Inflects::Adjective => adjective_forms(&head),
                Inflects::Adverb => adverb_forms(&head),
            };
            if inflects != Inflects::Adverb {
                all.extend(irregular.get(&head).into_iter().flatten().cloned());
            }
            for form in all {
                forms.entry(format!("{form}{rest}")).or_insert_with(|| lemma.clone());
            }
        }
        WordClass { forms }
    }

    /// The lemma of `word` (lower case) if it is a form of this class.
    pub fn lemma(&self, word: &str) -> Option<&str> {
        self.forms.get(word).map(String::as_str)
    }

    pub fn contains(&self, word: &str) -> bool {
        self.forms.contains_key(word)
    }

    /// Every form, for matching phrases.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.forms.keys().map(String::as_str)
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `stop` → `stopp` (before `-ed`, `-ing`, `-er`): a short word ending
/// consonant–vowel–consonant. Over-generating is harmless: a form that is
/// not a word is never looked up.
fn doubled(word: &str) -> Option<String> {
    let b = word.as_bytes();
    let n = b.len();
    (n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3]))
    .then(|| format!("{word}{}", b[n - 1] as char))
}

fn verb_forms(v: &str) -> Vec<String> {
    let mut out = vec![v.to_string()];
    let stem_y = v.strip_suffix('y').filter(|s| s.bytes().last().is_some_and(|c| !is_vowel(c)));
    if let Some(s) = stem_y {
        out.extend([format!("{s}ies"), format!("{s}ied")]);
    } else if v.ends_with('e') {
        out.extend([format!("{v}s"), format!("{v}d")]);
    } else if ["s", "sh", "ch", "x", "z", "o"].iter().any(|e| v.ends_with(e)) {
        out.extend([format!("{v}es"), format!("{v}ed")]);
    } else {
        out.extend([format!("{v}s"), format!("{v}ed")]);
    }
    match v.strip_suffix('e').filter(|s| !s.ends_with('e') && !s.is_empty()) {
        Some(s) => out.push(format!("{s}ing")),
        None => out.push(format!("{v}ing")),
    }
    if let Some(d) = doubled(v) {
        out.extend([format!("{d}ed"), format!("{d}ing")]);
    }
    out
}

fn adjective_forms(a: &str) -> Vec<String> {
    let mut out = vec![a.to_string()];
    if let Some(s) = a.strip_suffix('y') {
        out.extend([format!("{s}ier"), format!("{s}iest")]);
    } else if a.ends_with('e') {
        out.extend([format!("{a}r"), format!("{a}st")]);
    } else {
        out.extend([format!("{a}er"), format!("{a}est")]);
    }
    if let Some(d) = doubled(a) {
        out.extend([format!("{d}er"), format!("{d}est")]);
    }
    out
}

fn adverb_forms(a: &str) -> Vec<String> {
    let form = if let Some(s) = a.strip_suffix("le").filter(|s| !s.is_empty()) {
        format!("{s}ly")
    } else if let Some(s) = a.strip_suffix('y') {
        format!("{s}ily")
    } else if a.ends_with("ic") {
        format!("{a}ally")
    } else if a.ends_with("ll") {
        format!("{a}y")
    } else {
        format!("{a}ly")
    };
    vec![form]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(lemmas: &[&str], inflects: Inflects) -> WordClass {
        let lemmas: Vec<String> = lemmas.iter().map(|s| s.to_string()).collect();
        let mut irregular = FxHashMap::default();
        irregular.insert("feel".to_string(), vec!["felt".to_string()]);
        WordClass::new(&lemmas, inflects, &irregular)
    }

    #[test]
    fn verbs_inflect() {
        let c =
            class(&["love", "enjoy", "hate", "cry", "stop", "feel", "look up to"], Inflects::Verb);
        for (form, lemma) in [
            ("loves", "love"),
            ("loving", "love"),
            ("enjoyed", "enjoy"),
            ("enjoying", "enjoy"),
            ("hates", "hate"),
            ("cries", "cry"),
            ("cried", "cry"),
            ("stopped", "stop"),
            ("felt", "feel"),
            ("looks up to", "look up to"),
        ] {
            assert_eq!(c.lemma(form), Some(lemma), "{form}");
        }
        assert_eq!(c.lemma("lovely"), None);
    }

    #[test]
    fn adjectives_and_adverbs_inflect() {
        let c = class(&["happy", "big", "large", "loud"], Inflects::Adjective);
        assert_eq!(c.lemma("happier"), Some("happy"));
        assert_eq!(c.lemma("biggest"), Some("big"));
        assert_eq!(c.lemma("larger"), Some("large"));
        assert_eq!(c.lemma("louder"), Some("loud"));
        let a =
            class(&["careful", "happy", "gentle", "sensible", "basic", "quick"], Inflects::Adverb);
        for (form, lemma) in [
            ("carefully", "careful"),
            ("happily", "happy"),
            ("gently", "gentle"),
            ("sensibly", "sensible"),
            ("basically", "basic"),
            ("quickly", "quick"),
        ] {
            assert_eq!(a.lemma(form), Some(lemma), "{form}");
        }
    }
}
