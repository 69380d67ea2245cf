//! What each element of the record format means, from
//! `grammar/format-help.toml` (embedded), for hover and completion details.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::vocabulary::{self, Aliases};

/// The embedded data file.
pub const SOURCE: &str = include_str!("../../grammar/format-help.toml");

/// Kinds of format element, named as the tables of both data files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Field,
    Section,
    RecordSection,
    Label,
    InlineLabel,
    ContactType,
    FrontMatter,
}

impl Element {
    #[cfg(test)]
    pub const ALL: [Element; 7] = [
        Element::Field,
        Element::Section,
        Element::RecordSection,
        Element::Label,
        Element::InlineLabel,
        Element::ContactType,
        Element::FrontMatter,
    ];

    /// The table name in `format-help.toml` (and `vocabulary.toml`).
    pub fn table(self) -> &'static str {
        match self {
            Element::Field => "fields",
            Element::Section => "sections",
            Element::RecordSection => "record-sections",
            Element::Label => "labels",
            Element::InlineLabel => "inline-labels",
            Element::ContactType => "contact-types",
            Element::FrontMatter => "front-matter",
        }
    }

    /// What to call it in a hover.
    pub fn noun(self) -> &'static str {
        match self {
            Element::Field => "field",
            Element::Section => "section",
            Element::RecordSection => "record section",
            Element::Label => "label",
            Element::InlineLabel => "inline label",
            Element::ContactType => "contact type",
            Element::FrontMatter => "front matter key",
        }
    }

    /// The canonical names the vocabulary defines for this kind of element.
    pub fn canonical_names(self) -> Vec<&'static str> {
        let v = vocabulary::get();
        let keys = |table: &'static Aliases| table.keys().map(String::as_str).collect::<Vec<_>>();
        match self {
            Element::Field => keys(&v.fields),
            Element::Section => keys(&v.sections),
            Element::RecordSection => keys(&v.record_sections),
            Element::Label => keys(&v.labels),
            Element::InlineLabel => keys(&v.inline_labels),
            Element::ContactType => keys(&v.contact_types),
            Element::FrontMatter => vocabulary::Vocabulary::words(&v.front_matter, "keys")
                .iter()
                .map(String::as_str)
                .collect(),
        }
    }

    /// The spellings of a canonical name (canonical first); for front-matter
    /// keys, the key itself.
    pub fn spellings(self, name: &str) -> Vec<&'static str> {
        let v = vocabulary::get();
        let table = match self {
            Element::Field => &v.fields,
            Element::Section => &v.sections,
            Element::RecordSection => &v.record_sections,
            Element::Label => &v.labels,
            Element::InlineLabel => &v.inline_labels,
            Element::ContactType => &v.contact_types,
            Element::FrontMatter => {
                return self.canonical_names().into_iter().filter(|key| *key == name).collect();
            }
        };
        vocabulary::Vocabulary::words(table, name).iter().map(String::as_str).collect()
    }
}

type Tables = BTreeMap<String, BTreeMap<String, String>>;

static HELP: LazyLock<Tables> = LazyLock::new(|| {
    // Embedded and covered by a test: a parse failure is a build defect.
    toml::from_str(SOURCE).expect("grammar/format-help.toml is valid")
});

/// The help text of a canonical name, if there is one.
pub fn text(element: Element, name: &str) -> Option<&'static str> {
    HELP.get(element.table())?.get(name).map(String::as_str)
}

/// A hover's Markdown for an element: its name, kind, meaning and aliases.
pub fn markdown(element: Element, name: &str) -> Option<String> {
    let help = text(element, name)?;
    let spellings = element.spellings(name);
    let title = spellings.first().copied().unwrap_or(name);
    let mut out = format!("**{title}** ({})\n\n{help}", element.noun());
    if spellings.len() > 1 {
        let others: Vec<String> = spellings[1..].iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!("\n\nAlso written: {}.", others.join(", ")));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canonical_name_has_help_and_every_help_names_something() {
        for element in Element::ALL {
            let names = element.canonical_names();
            assert!(!names.is_empty(), "no {} in the vocabulary", element.table());
            for name in &names {
                assert!(
                    text(element, name).is_some_and(|t| !t.trim().is_empty()),
                    "grammar/format-help.toml has no [{}] {name}",
                    element.table()
                );
            }
            for name in HELP.get(element.table()).into_iter().flat_map(|t| t.keys()) {
                assert!(
                    names.contains(&name.as_str()),
                    "grammar/format-help.toml [{}] {name} is not in the vocabulary",
                    element.table()
                );
            }
        }
        for table in HELP.keys() {
            assert!(
                Element::ALL.iter().any(|e| e.table() == table),
                "grammar/format-help.toml has an unknown table [{table}]"
            );
        }
    }

    #[test]
    fn markdown_names_the_aliases() {
        let text = markdown(Element::Field, "present").unwrap();
        assert!(text.starts_with("**Present** (field)"), "{text}");
        assert!(text.contains("`Who was seen`"), "{text}");
    }
}
