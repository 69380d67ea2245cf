//! Word classes for the words of one sentence.
//!
//! Harper's Brill tagger gives a Universal Dependencies tag from a
//! frequency dictionary of about 27,000 words and 201 contextual rules. It
//! returns nothing for words it has never seen; those get a class from
//! their shape (`-ly` adverb, `-ing`/`-ed` verb form, `-ous`/`-ful`/`-y`
//! adjective, a capital letter for a name).

use harper_brill::{Tagger, UPOS};

/// A word class, as the classifier needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Noun,
    Name,
    Verb,
    Aux,
    Adjective,
    Adverb,
    Pronoun,
    Determiner,
    Preposition,
    Conjunction,
    Number,
    Particle,
    Other,
}

impl Pos {
    fn from_upos(tag: UPOS) -> Pos {
        match tag {
            UPOS::NOUN => Pos::Noun,
            UPOS::PROPN => Pos::Name,
            UPOS::VERB => Pos::Verb,
            UPOS::AUX => Pos::Aux,
            UPOS::ADJ => Pos::Adjective,
            UPOS::ADV => Pos::Adverb,
            UPOS::PRON => Pos::Pronoun,
            UPOS::DET => Pos::Determiner,
            UPOS::ADP => Pos::Preposition,
            UPOS::CCONJ | UPOS::SCONJ => Pos::Conjunction,
            UPOS::NUM => Pos::Number,
            UPOS::PART => Pos::Particle,
            _ => Pos::Other,
        }
    }
}

/// The class of each word (`words` as written, in order).
pub fn tag(words: &[&str]) -> Vec<Pos> {
    let owned: Vec<String> = words.iter().map(|w| w.replace('\u{2019}', "'")).collect();
    let tags = harper_brill::brill_tagger().tag_sentence(&owned);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| match tags.get(i).copied().flatten() {
            // The dictionary is case-blind: a capitalised word inside a
            // sentence that it calls a common noun is a name (`Mr Reid`).
            Some(UPOS::NOUN) if i > 0 && starts_upper(w) => Pos::Name,
            Some(t) => Pos::from_upos(t),
            None => by_shape(w, i),
        })
        .collect()
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A class from the word's shape, for words the tagger does not know.
pub fn by_shape(word: &str, position: usize) -> Pos {
    let lower = word.to_lowercase();
    if lower.chars().all(|c| c.is_ascii_digit()) {
        return Pos::Number;
    }
    if starts_upper(word) && position > 0 {
        return Pos::Name;
    }
    let ends = |s: &str| lower.len() > s.len() + 2 && lower.ends_with(s);
    if lower.len() > 4 && lower.starts_with("un") && !ends("ing") && !ends("ed") && !ends("ly") {
        // `unwell`, `unkempt`: a negated adjective.
        Pos::Adjective
    } else if ends("ly") {
        Pos::Adverb
    } else if ends("ing") || ends("ed") {
        Pos::Verb
    } else if ["ous", "ful", "ive", "able", "ible", "ish", "ic", "less", "y", "al", "ent", "ant"]
        .iter()
        .any(|s| ends(s))
    {
        Pos::Adjective
    } else if starts_upper(word) {
        Pos::Name
    } else {
        Pos::Noun
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_predicates_and_unknown_words() {
        let tags = tag(&["Tom", "is", "very", "bossy", "."]);
        assert_eq!(tags[1], Pos::Aux);
        assert_eq!(tags[3], Pos::Adjective);
        assert_eq!(tag(&["She", "walked", "carefully"])[2], Pos::Adverb);
        assert_eq!(by_shape("hungoverish", 2), Pos::Adjective);
        assert_eq!(by_shape("Castillo", 1), Pos::Name);
        assert_eq!(by_shape("misbehaving", 1), Pos::Verb);
        assert_eq!(by_shape("unwell", 3), Pos::Adjective);
    }
}
