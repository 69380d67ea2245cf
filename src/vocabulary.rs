//! The record format's vocabulary and the rules' cue words, read from
//! `grammar/vocabulary.toml` (embedded at build time, parsed once).

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::Deserialize;

/// The embedded data file, also read by the editor grammars.
pub const SOURCE: &str = include_str!("../grammar/vocabulary.toml");

/// A map from a canonical name to its spellings (canonical first).
pub type Aliases = BTreeMap<String, Vec<String>>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Vocabulary {
    pub fields: Aliases,
    pub sections: Aliases,
    pub record_sections: Aliases,
    pub labels: Aliases,
    pub inline_labels: Aliases,
    pub contact_types: Aliases,
    pub contact_qualifiers: Aliases,
    pub front_matter: Aliases,
    pub genogram_thresholds: Aliases,
    pub genogram: Aliases,
    pub people: Aliases,
    pub opinion: Aliases,
    pub hypothesis: Aliases,
    pub attribution: Aliases,
    pub negation: Aliases,
    pub family_change: Aliases,
    pub vague: Aliases,
    pub acronyms: Aliases,
    pub grammar_words: Aliases,
    pub acronym_expansions: Aliases,
    pub irregular_forms: Aliases,
    pub significant_kinds: Aliases,
    pub significant_incidents: Aliases,
    pub event_reading: Aliases,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    // The file is part of the binary and covered by a test, so a parse
    // failure here is a build defect, not bad input.
    toml::from_str(SOURCE).expect("grammar/vocabulary.toml is valid")
});

/// The shared vocabulary.
pub fn get() -> &'static Vocabulary {
    &VOCABULARY
}

impl Vocabulary {
    /// The words of `table.key`, or an empty list.
    pub fn words<'a>(table: &'a Aliases, key: &str) -> &'a [String] {
        table.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The words of `table.key`, which must exist: for the tables that code
    /// reads by name, so that a misspelt key fails at the first test
    /// instead of silently giving an empty list.
    pub fn list<'a>(table: &'a Aliases, key: &str) -> &'a [String] {
        match table.get(key) {
            Some(words) => words,
            None => panic!("grammar/vocabulary.toml has no list named `{key}` in this table"),
        }
    }

    /// The canonical name whose spellings include `text` (case-insensitive).
    pub fn canonical<'a>(table: &'a Aliases, text: &str) -> Option<&'a str> {
        // Called for every heading, field and label: the shared tables are
        // indexed once by normalised spelling.
        let wanted = normalise(text);
        if let Some(index) = INDEX.get(&(table as *const Aliases as usize)) {
            return index.get(wanted.as_str()).copied();
        }
        table
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|s| normalised_chars(s).eq(wanted.chars())))
            .map(|(name, _)| name.as_str())
    }
}

/// For each table of the shared vocabulary (by address), its canonical names
/// by normalised spelling; the first name in table order wins, as in the
/// unindexed search.
static INDEX: LazyLock<HashMap<usize, HashMap<String, &'static str>>> = LazyLock::new(|| {
    let v = get();
    let tables = [
        &v.fields,
        &v.sections,
        &v.record_sections,
        &v.labels,
        &v.inline_labels,
        &v.contact_types,
        &v.contact_qualifiers,
        &v.front_matter,
        &v.genogram_thresholds,
        &v.genogram,
        &v.people,
    ];
    tables
        .into_iter()
        .map(|table| {
            let mut index: HashMap<String, &'static str> = HashMap::new();
            for (name, spellings) in table {
                for spelling in spellings {
                    index.entry(normalise(spelling)).or_insert(name.as_str());
                }
            }
            (table as *const Aliases as usize, index)
        })
        .collect()
});

/// The characters of [`normalise`]`(text)`, without allocating.
fn normalised_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut words = text.split_whitespace().peekable();
    std::iter::from_fn(move || {
        let word = words.next()?;
        let space = words.peek().is_some().then_some(' ');
        Some(word.chars().chain(space))
    })
    .flatten()
    .map(|c| if c == '\u{2019}' { '\'' } else { c })
    .flat_map(char::to_lowercase)
}

/// Lower case, curly apostrophes straightened, inner white space collapsed.
pub fn normalise(text: &str) -> String {
    normalised_chars(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_chars_match_normalise() {
        for text in ["", "  Who   WAS\tseen ", "Worker’s view", "ÉTÉ Ab", "x"] {
            assert_eq!(normalised_chars(text).collect::<String>(), normalise(text), "{text:?}");
        }
    }

    #[test]
    fn the_data_file_parses_and_resolves_aliases() {
        let v = get();
        assert_eq!(Vocabulary::canonical(&v.fields, "who WAS seen"), Some("present"));
        assert_eq!(Vocabulary::canonical(&v.fields, "Seen alone"), Some("seen-alone"));
        assert_eq!(Vocabulary::canonical(&v.sections, "Worker’s view"), Some("analysis"));
        assert_eq!(Vocabulary::canonical(&v.labels, "agreed with"), Some("joint-decision"));
        assert_eq!(Vocabulary::canonical(&v.labels, "Apologies"), None);
    }
}
