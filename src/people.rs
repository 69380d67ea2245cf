//! The record's children and adults with Parental Responsibility, and
//! where the text names them (SPEC §4.1 "Who took part"): by full name,
//! by first name, or, for parents only, by title and surname (`Ms Smith`),
//! using the genogram's sex to tell `Mr` from `Ms` where it is known.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{FrontMatter, Genogram, Record};
use crate::parse::genogram::Sex;
use crate::parse::words::{self, Word};
use crate::vocabulary::{self, Vocabulary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Child,
    Parent,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub role: Role,
    full: Vec<String>,
    first: Vec<String>,
    /// The last space-separated part, in words (`Nolan-Fox` is two).
    surname: Vec<String>,
    sex: Sex,
}

impl Person {
    /// How messages describe the person: `Kerry Nolan (parent with PR)`.
    pub fn describe(&self) -> String {
        match self.role {
            Role::Child => self.name.clone(),
            Role::Parent => format!("{} (parental responsibility)", self.name),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct People {
    pub people: Vec<Person>,
}

impl People {
    pub fn from_record(record: &Record) -> People {
        People::new(&record.front_matter, record.genogram.as_ref())
    }

    /// The people of a record with this front matter and genogram.
    pub fn new(front: &FrontMatter, genogram: Option<&Genogram>) -> People {
        let mut people = Vec::new();
        // The genogram's people by name (ASCII case ignored, the first of a
        // name), looked up once per person of the front matter.
        let mut sexes: HashMap<String, Sex> = HashMap::new();
        for p in genogram.map_or(&[][..], |g| &g.people[..]) {
            sexes.entry(p.name.to_ascii_lowercase()).or_insert(p.sex);
        }
        for (names, role) in [(&front.children, Role::Child), (&front.parents, Role::Parent)] {
            for name in names {
                let full = words::phrase(name);
                if full.is_empty() {
                    continue;
                }
                // The surname is the last space-separated part; the first
                // name is what comes before it (`Lily-Mae` is two words).
                let parts: Vec<&str> = name.split_whitespace().collect();
                let (surname, first) = match parts.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        (words::phrase(last), words::phrase(&rest.join(" ")))
                    }
                    _ => (full.clone(), full.clone()),
                };
                let sex = sexes.get(&name.to_ascii_lowercase()).copied().unwrap_or(Sex::Unknown);
                people.push(Person { name: name.clone(), role, full, first, surname, sex });
            }
        }
        People { people }
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Indices of the people named in `text[span]`, in the order of `people`.
    /// A possessive (`Millie's school`) does not name a person.
    pub fn named_in(&self, text: &str, span: Range<usize>) -> Vec<usize> {
        self.named(text, words::words(text, span))
    }

    /// Like [`People::named_in`], counting possessives too: `Ms Brannigan's
    /// views were not obtained` is about Ms Brannigan.
    pub fn mentioned_in(&self, text: &str, span: Range<usize>) -> Vec<usize> {
        let found = words::words(text, span)
            .into_iter()
            .map(|mut w| {
                if let Some(stem) = w.lower.strip_suffix("'s") {
                    w.lower = stem.into();
                }
                w
            })
            .collect();
        self.named(text, found)
    }

    fn named(&self, text: &str, found: Vec<Word>) -> Vec<usize> {
        (0..self.people.len()).filter(|&i| self.names(&found, text, i)).collect()
    }

    fn names(&self, found: &[Word], text: &str, index: usize) -> bool {
        let person = &self.people[index];
        if !words::find_phrase(found, &person.full).is_empty() {
            return true;
        }
        // A first name that is not preceded by a title (`Mr Ruby` is not Ruby).
        let first_hits = words::find_phrase(found, &person.first);
        if first_hits.iter().any(|&at| at == 0 || title_sex(&found[at - 1].lower).is_none())
            && !self.first_name_is_someone_elses_surname(found, &first_hits)
        {
            return true;
        }
        if person.role != Role::Parent {
            return false;
        }
        words::find_phrase(found, &person.surname).into_iter().any(|at| {
            at > 0
                && title_sex(&found[at - 1].lower)
                    .is_some_and(|title| title_fits(title, person.sex))
                && text[found[at - 1].span.clone()].chars().next().is_some_and(char::is_uppercase)
        })
    }

    /// `Ms Ruby` would be odd, but `Mr Grant` with a child called `Grant`
    /// must not name the child: a first name right after a title is a surname.
    fn first_name_is_someone_elses_surname(&self, found: &[Word], hits: &[usize]) -> bool {
        hits.iter().all(|&at| at > 0 && title_sex(&found[at - 1].lower).is_some())
    }
}

/// The sex a title implies: `Some(Some(sex))` for a gendered title,
/// `Some(None)` for a neutral one, `None` for a word that is not a title.
fn title_sex(word: &str) -> Option<Option<Sex>> {
    let people = &vocabulary::get().people;
    let is =
        |key: &str| Vocabulary::words(people, key).iter().any(|t| t.eq_ignore_ascii_case(word));
    if is("male-titles") {
        Some(Some(Sex::Male))
    } else if is("female-titles") {
        Some(Some(Sex::Female))
    } else if is("neutral-titles") {
        Some(None)
    } else {
        None
    }
}

fn title_fits(title: Option<Sex>, sex: Sex) -> bool {
    match (title, sex) {
        (None, _) | (_, Sex::Unknown) => true,
        (Some(t), s) => t == s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn names_by_full_name_first_name_and_title() {
        let text = "---\nchild: Daniel Okafor\nparents: [Grace Okafor, Samuel Okafor]\n---\n\n```genogram\nperson Daniel Okafor: child, male\nperson Grace Okafor: mother, female, PR\nperson Samuel Okafor: father, male, PR\n```\n";
        let record = parse(text);
        let people = People::from_record(&record);
        let named = |s: &str| people.named_in(s, 0..s.len());
        assert_eq!(named("Daniel, Ms Okafor"), [0, 1]);
        assert_eq!(named("home visit to Mr Okafor"), [2]);
        assert_eq!(named("Grace Okafor (mother)"), [1]);
        assert_eq!(named("at Ms Okafor's house"), Vec::<usize>::new());
        assert_eq!(people.mentioned_in("Ms Okafor's views", 0..17), [1]);
        assert_eq!(named("Tom Pope (DSL)"), Vec::<usize>::new());
    }

    #[test]
    fn hyphenated_names() {
        let text =
            "---\nchildren: [Daniel Nolan-Fox, Lily-Mae Fox]\nparents: [Kerry Nolan-Fox]\n---\n";
        let record = parse(text);
        let people = People::from_record(&record);
        let named = |s: &str| people.named_in(s, 0..s.len());
        assert_eq!(named("Daniel said"), [0]);
        assert_eq!(named("Lily-Mae and Ms Nolan-Fox"), [1, 2]);
        assert_eq!(named("Lily said"), Vec::<usize>::new());
    }
}
