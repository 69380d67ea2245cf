//! Reading a sentence for a significant event nobody labelled (SPEC §3.6):
//! a change in the family or household (shared with `stale-genogram`) or an
//! incident (police, injury, hospital, missing, arrest, exclusion, overdose,
//! self-harm). A change or incident that the clause denies, reports absent
//! or only plans (`no injuries were seen`, `if he goes missing`) is not one.

use std::sync::LazyLock;

use crate::model::{Entry, Record, Span};
use crate::parse::words::{self, PhraseSet, Word};
use crate::vocabulary::{self, Vocabulary};

/// The kind given to a change in the family or household.
pub const FAMILY_CHANGE: &str = "family-change";

/// How many words before a change or incident a denial or a plan reaches.
const REACH_BEFORE: usize = 5;
/// How many words after an incident a report of its absence reaches
/// (`bruises were not seen`).
const REACH_AFTER: usize = 3;
/// How many words may stand between `moved` and `to` in `moved Kai to`.
const MOVED_OBJECT_WORDS: usize = 3;

/// An event read from a sentence: its kind and the words that say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// `family-change`, or an incident kind of `significant-incidents`.
    pub kind: &'static str,
    /// The words of the change or incident, in the text.
    pub phrase: Span,
}

/// The word lists of `event-reading`, read once.
struct Reading {
    absent_before: Vec<String>,
    not_yet: Vec<String>,
    absent_after: Vec<String>,
    break_words: Vec<String>,
    break_marks: Vec<char>,
}

static READING: LazyLock<Reading> = LazyLock::new(|| {
    let table = &vocabulary::get().event_reading;
    let breaks = Vocabulary::list(table, "clause-breaks");
    Reading {
        absent_before: Vocabulary::list(table, "absent-before").to_vec(),
        not_yet: Vocabulary::list(table, "not-yet").to_vec(),
        absent_after: Vocabulary::list(table, "absent-after").to_vec(),
        break_words: breaks
            .iter()
            .map(|b| b.trim().to_lowercase())
            .filter(|b| b.chars().any(char::is_alphabetic))
            .collect(),
        break_marks: breaks
            .iter()
            .filter(|b| !b.chars().any(char::is_alphabetic))
            .filter_map(|b| b.trim().chars().next())
            .collect(),
    }
});

/// Family-change phrases, tagged by their order in the vocabulary (the
/// list puts the most telling first).
static CHANGES: LazyLock<PhraseSet<usize>> = LazyLock::new(|| {
    let phrases = Vocabulary::list(&vocabulary::get().family_change, "phrases");
    PhraseSet::new(phrases.iter().enumerate().map(|(i, p)| (words::phrase(p), i)))
});

/// Incident phrases, tagged by kind.
static INCIDENTS: LazyLock<PhraseSet<&'static str>> =
    LazyLock::new(|| {
        PhraseSet::new(vocabulary::get().significant_incidents.iter().flat_map(
            |(kind, phrases)| phrases.iter().map(move |p| (words::phrase(p), kind.as_str())),
        ))
    });

/// Entry types that are events by themselves, tagged by kind.
static KINDS: LazyLock<PhraseSet<&'static str>> =
    LazyLock::new(|| {
        PhraseSet::new(vocabulary::get().significant_kinds.iter().flat_map(|(kind, phrases)| {
            phrases.iter().map(move |p| (words::phrase(p), kind.as_str()))
        }))
    });

/// The kind of event an entry is by its type (`Strategy discussion`,
/// `Police call-out`): a `significant-kinds` phrase opening its `Contact`
/// field or its title.
pub fn entry_kind(entry: &Entry) -> Option<&'static str> {
    let contact = Record::field(entry, "contact").map(|f| f.value.as_str()).unwrap_or("");
    [contact, entry.title.as_str()].into_iter().find_map(|text| {
        let found = words::words(text, 0..text.len());
        KINDS.match_at(&found, 0).map(|(_, _, kind)| kind)
    })
}

/// The first change in the family or household that `text[sentence]`
/// records, preferring the phrase listed first in the vocabulary.
pub fn family_change(text: &str, sentence: Span) -> Option<Detected> {
    let found = words::words(text, sentence);
    let listed = CHANGES
        .find_all(&found)
        .into_iter()
        .filter(|&(at, len, _)| recorded(text, &found, at, len, false))
        .min_by_key(|&(at, _, order)| (order, at))
        .map(|(at, len, _)| (at, len));
    listed
        .or_else(|| moved_someone(text, &found))
        .map(|(at, len)| Detected { kind: FAMILY_CHANGE, phrase: phrase_span(&found, at, len) })
}

/// The first incident that `text[sentence]` records.
pub fn incident(text: &str, sentence: Span) -> Option<Detected> {
    let found = words::words(text, sentence);
    INCIDENTS
        .find_all(&found)
        .into_iter()
        .find(|&(at, len, _)| recorded(text, &found, at, len, true))
        .map(|(at, len, kind)| Detected { kind, phrase: phrase_span(&found, at, len) })
}

/// The event `text[sentence]` records: the earlier of a family change and
/// an incident.
pub fn event(text: &str, sentence: Span) -> Option<Detected> {
    let change = family_change(text, sentence.clone());
    let incident = incident(text, sentence);
    match (change, incident) {
        (Some(c), Some(i)) => Some(if i.phrase.start < c.phrase.start { i } else { c }),
        (c, i) => c.or(i),
    }
}

fn phrase_span(found: &[Word], at: usize, len: usize) -> Span {
    found[at].span.start..found[at + len - 1].span.end
}

/// A writer's or someone's move of a person: `moved Kai to`, `placed the
/// children with`; the words between name a person, so that `moved the
/// appointment to Friday` is not a change.
fn moved_someone(text: &str, found: &[Word]) -> Option<(usize, usize)> {
    let v = vocabulary::get();
    let verbs = Vocabulary::list(&v.family_change, "moved-someone");
    let particles = Vocabulary::list(&v.family_change, "moved-someone-to");
    let pronouns = Vocabulary::list(&v.grammar_words, "person-pronouns");
    let people = Vocabulary::list(&v.grammar_words, "nouns-for-people");
    let is_person = |w: &Word| {
        text[w.span.clone()].starts_with(|c: char| c.is_uppercase())
            || pronouns.iter().any(|p| *p == w.lower)
            || people.iter().any(|p| *p == w.lower)
    };
    (0..found.len()).find_map(|at| {
        if !verbs.iter().any(|v| *v == found[at].lower) {
            return None;
        }
        let object_end = (at + 1..found.len().min(at + 2 + MOVED_OBJECT_WORDS))
            .find(|&k| particles.iter().any(|p| *p == found[k].lower))?;
        let object = &found[at + 1..object_end];
        let len = object_end - at + 1;
        (!object.is_empty()
            && object.iter().any(is_person)
            && recorded(text, found, at, len, false))
        .then_some((at, len))
    })
}

/// Whether the change or incident at `found[at..at + len]` is recorded as
/// having happened: no denial or plan shortly before it in its clause and,
/// for incidents, no report of its absence shortly after it.
fn recorded(text: &str, found: &[Word], at: usize, len: usize, read_after: bool) -> bool {
    let reading = &*READING;
    let denies =
        |w: &Word, list: &[String]| w.lower.ends_with("n't") || list.iter().any(|x| *x == w.lower);
    let mut k = at;
    while k > 0 && at - k < REACH_BEFORE {
        let gap = &text[found[k - 1].span.end..found[k].span.start];
        if gap.contains(reading.break_marks.as_slice()) {
            break;
        }
        let word = &found[k - 1];
        if reading.break_words.iter().any(|b| *b == word.lower) {
            break;
        }
        // A capital inside the sentence makes `May` the month, not a modal.
        let month_or_name = k > 1 && text[word.span.clone()].starts_with(char::is_uppercase);
        let plans = !month_or_name && denies(word, &reading.not_yet);
        if denies(word, &reading.absent_before) || plans {
            return false;
        }
        k -= 1;
    }
    if read_after {
        for k in at + len..found.len().min(at + len + REACH_AFTER) {
            if text[found[k - 1].span.end..found[k].span.start].contains(';') {
                break;
            }
            if denies(&found[k], &reading.absent_after) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Span {
        0..text.len()
    }

    fn kind_and_words(text: &str) -> Option<(&'static str, &str)> {
        event(text, whole(text)).map(|d| (d.kind, &text[d.phrase]))
    }

    #[test]
    fn changes_made_by_the_writer_or_reported_by_a_parent() {
        let moved = "I moved Kai to his new foster placement on 3 May.";
        assert_eq!(kind_and_words(moved), Some((FAMILY_CHANGE, "new foster placement")));
        let moved = "On 3 May I moved Kai and Mia to their aunt's house.";
        assert_eq!(kind_and_words(moved), Some((FAMILY_CHANGE, "moved Kai and Mia to")));
        let split = "Ms Reid said she and Mr Cole split up last month.";
        assert_eq!(kind_and_words(split), Some((FAMILY_CHANGE, "split up")));
        let separated = "Ms Reid told me that she and Mr Cole separated last week.";
        assert_eq!(kind_and_words(separated), Some((FAMILY_CHANGE, "separated last")));
    }

    #[test]
    fn moving_a_thing_is_not_a_change() {
        assert_eq!(kind_and_words("I moved the review to Friday."), None);
        assert_eq!(kind_and_words("We moved the meeting into the hall."), None);
    }

    #[test]
    fn incidents_by_kind() {
        let cases = [
            ("Police attended the flat at 23:10.", "police-call-out", "Police attended"),
            ("Kai had a bruise on his left cheek.", "injury", "bruise"),
            ("Ms Reid took Kai to A&E at 02:00.", "hospital", "A&E"),
            ("Kai went missing from school at lunchtime.", "missing-episode", "went missing"),
            ("Mr Cole was arrested at the address.", "arrest", "was arrested"),
            ("Kai was excluded for two days.", "exclusion", "was excluded"),
            ("Ms Reid took an overdose on Sunday.", "overdose", "overdose"),
            ("Kai said he had self-harmed.", "self-harm", "self-harmed"),
        ];
        for (text, kind, words) in cases {
            assert_eq!(kind_and_words(text), Some((kind, words)), "{text}");
        }
    }

    #[test]
    fn denied_absent_or_planned_incidents_are_not_events() {
        for text in [
            "No injuries were seen.",
            "There were no marks or bruises on his arms.",
            "Kai did not need to go to A&E.",
            "Bruises were not seen on either arm.",
            "If Kai goes missing, Ms Reid will ring the police.",
            "Mr Cole has not been arrested.",
            "The plan is to prevent self-harm.",
            "Ms Reid denied any injury to Kai.",
            "No injuries were seen and nobody was arrested.",
        ] {
            assert_eq!(kind_and_words(text), None, "{text}");
        }
    }

    #[test]
    fn a_denial_in_another_clause_does_not_reach() {
        let text = "There was no food in the fridge, and Kai had a bruise on his arm.";
        assert_eq!(kind_and_words(text), Some(("injury", "bruise")));
    }
}
