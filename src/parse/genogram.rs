//! The genogram language (SPEC §3.4).
//!
//! ```text
//! updated: 2026-10-01
//! person Jamie Smith: child, male, born 2016, household
//! couple Sarah Smith & Mark Smith: separated 2022
//! children of Sarah Smith & Mark Smith: Jamie Smith
//! ```

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;

use super::dates::find_dates;
use crate::vocabulary::{self, Vocabulary};

#[derive(Debug, Clone, Default)]
pub struct Genogram {
    /// The whole fenced block.
    pub span: Range<usize>,
    pub updated: Option<NaiveDate>,
    pub people: Vec<Person>,
    pub couples: Vec<Couple>,
    /// Parents (one or two names) and their children.
    pub families: Vec<(Vec<String>, Vec<String>)>,
    /// Lines that cannot be understood, with what is wrong.
    pub errors: Vec<GenogramError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenogramError {
    /// The offending line (without its line ending).
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub sex: Sex,
    pub born: Option<i32>,
    pub died: Option<i32>,
    pub parental_responsibility: bool,
    pub household: bool,
    pub line: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Couple {
    pub a: String,
    pub b: String,
    pub status: String,
    pub since: Option<i32>,
    pub line: Range<usize>,
}

impl Genogram {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Parses the body of a fenced block. `body_start` is the byte offset
    /// of `body` in the record; `span` is the whole block.
    /// The genogram moved `by` bytes later in the text.
    pub fn shifted(mut self, by: usize) -> Genogram {
        let shift = |span: &mut Range<usize>| *span = span.start + by..span.end + by;
        shift(&mut self.span);
        self.errors.iter_mut().for_each(|e| shift(&mut e.span));
        self.people.iter_mut().for_each(|p| shift(&mut p.line));
        self.couples.iter_mut().for_each(|c| shift(&mut c.line));
        self
    }

    pub fn parse(body: &str, body_start: usize, span: Range<usize>) -> Genogram {
        let mut genogram = Genogram { span, ..Genogram::default() };
        // Names referenced by couple and children lines, checked once every
        // person is known (a family may be listed before its members).
        let mut references: Vec<(String, Range<usize>)> = Vec::new();
        // Declared names, ASCII case ignored: looked up once per reference.
        let mut names: HashSet<String> = HashSet::new();
        let mut offset = body_start;
        for raw_line in body.split_inclusive('\n') {
            let line_span = offset..offset + raw_line.trim_end_matches(['\n', '\r']).len();
            offset += raw_line.len();
            let line = raw_line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Err(message) =
                genogram.read_line(line, line_span.clone(), &mut references, &mut names)
            {
                genogram.errors.push(GenogramError { span: line_span, message });
            }
        }
        let failed: HashSet<(usize, usize)> =
            genogram.errors.iter().map(|e| (e.span.start, e.span.end)).collect();
        for (name, span) in references {
            if !names.contains(&name.to_ascii_lowercase())
                && !failed.contains(&(span.start, span.end))
            {
                genogram.errors.push(GenogramError {
                    span,
                    message: format!("{name} is not declared: add a `person {name}: …` line"),
                });
            }
        }
        genogram.errors.sort_by_key(|e| e.span.start);
        genogram
    }
}

impl Genogram {
    /// Reads one non-blank, non-comment line into the genogram.
    fn read_line(
        &mut self,
        line: &str,
        line_span: Range<usize>,
        references: &mut Vec<(String, Range<usize>)>,
        names: &mut HashSet<String>,
    ) -> Result<(), String> {
        let Some((head, rest)) = line.split_once(':') else {
            return Err("this line has no `:`; expected `person NAME: …`, `couple A & B: …`, `children of A & B: …` or `updated: DATE`".into());
        };
        let (head, rest) = (head.trim(), rest.trim());
        if head.eq_ignore_ascii_case("updated") {
            match find_dates(rest, 0).first() {
                Some(m) if m.span.start == 0 && m.date.is_some() => self.updated = m.date,
                Some(m) if m.span.start == 0 => return Err(format!("`{rest}` is not a real date")),
                _ => {
                    return Err(format!("`updated` needs a date such as 2026-10-01, not `{rest}`"))
                }
            }
        } else if let Some(name) = strip_word(head, "person") {
            if names.contains(&name.to_ascii_lowercase()) {
                return Err(format!("{name} is declared twice; declare each person once"));
            }
            self.people.push(parse_person(name, rest, line_span)?);
            names.insert(name.to_ascii_lowercase());
        } else if let Some(pair) = strip_word(head, "couple") {
            let couple = parse_couple(pair, rest, line_span.clone())?;
            references.push((couple.a.clone(), line_span.clone()));
            references.push((couple.b.clone(), line_span));
            self.couples.push(couple);
        } else if let Some(parents) = strip_word(head, "children of") {
            let parents: Vec<String> = split_names(parents, '&');
            let children: Vec<String> = split_names(rest, ',');
            if parents.is_empty() || parents.len() > 2 || children.is_empty() {
                return Err(
                    "expected `children of A & B: C, D` (one or two parents, at least one child)"
                        .into(),
                );
            }
            for name in parents.iter().chain(&children) {
                references.push((name.clone(), line_span.clone()));
            }
            self.families.push((parents, children));
        } else {
            return Err(format!(
                "`{head}` is not a genogram line; expected `person NAME:`, `couple A & B:`, `children of A & B:` or `updated:`"
            ));
        }
        Ok(())
    }
}

/// `text` without a leading keyword (case-insensitive) followed by white space.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

fn split_names(text: &str, separator: char) -> Vec<String> {
    text.split(separator).map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect()
}

fn year(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (1850..=2200).contains(&year).then_some(year)
}

fn parse_person(name: &str, attributes: &str, line: Range<usize>) -> Result<Person, String> {
    let vocabulary = vocabulary::get();
    let sexes = Vocabulary::words(&vocabulary.genogram, "sex");
    let mut person = Person {
        name: name.to_string(),
        role: None,
        sex: Sex::Unknown,
        born: None,
        died: None,
        parental_responsibility: false,
        household: false,
        line,
    };
    for attribute in attributes.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        let lower = attribute.to_lowercase();
        if let Some(value) = lower.strip_prefix("born ") {
            person.born =
                Some(year(value).ok_or_else(|| format!("`{attribute}`: expected `born YYYY`"))?);
        } else if let Some(value) = lower.strip_prefix("died ") {
            person.died =
                Some(year(value).ok_or_else(|| format!("`{attribute}`: expected `died YYYY`"))?);
        } else if lower == "pr" {
            person.parental_responsibility = true;
        } else if lower == "household" {
            person.household = true;
        } else if sexes.contains(&lower) {
            person.sex = match lower.as_str() {
                "male" => Sex::Male,
                "female" => Sex::Female,
                _ => Sex::Unknown,
            };
        } else if person.role.is_none() {
            person.role = Some(attribute.to_string());
        } else {
            return Err(format!(
                "`{attribute}` is not a person attribute; use a role, a sex, `born YYYY`, `died YYYY`, `PR` or `household`"
            ));
        }
    }
    Ok(person)
}

fn parse_couple(pair: &str, status: &str, line: Range<usize>) -> Result<Couple, String> {
    let names = split_names(pair, '&');
    let [a, b] = names.as_slice() else {
        return Err("expected `couple A & B: status`".into());
    };
    let vocabulary = vocabulary::get();
    let statuses = Vocabulary::words(&vocabulary.genogram, "couple-status");
    let mut words = status.split_whitespace();
    let kind = words.next().unwrap_or("").to_lowercase();
    if !statuses.contains(&kind) {
        return Err(format!(
            "`{status}` is not a couple status; use one of {}",
            statuses.join(", ")
        ));
    }
    let since = match (words.next(), words.next(), words.next()) {
        (None, _, _) => None,
        (Some(w), Some(y), None) if w.eq_ignore_ascii_case("since") => {
            Some(year(y).ok_or_else(|| format!("`{y}` is not a year"))?)
        }
        (Some(y), None, None) => Some(year(y).ok_or_else(|| format!("`{y}` is not a year"))?),
        _ => {
            return Err(format!(
                "`{status}`: expected `STATUS`, `STATUS YYYY` or `STATUS since YYYY`"
            ))
        }
    };
    Ok(Couple { a: a.clone(), b: b.clone(), status: kind, since, line })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Genogram {
        Genogram::parse(body, 0, 0..body.len())
    }

    #[test]
    fn reads_the_spec_example() {
        let g = parse(
            "updated: 2026-10-01\nperson Jamie Smith: child, male, born 2016, household\n\
             person Sarah Smith: mother, female, born 1990, PR, household\n\
             person Mark Smith: father, male, born 1988, PR\n\
             couple Sarah Smith & Mark Smith: separated 2022\n\
             children of Sarah Smith & Mark Smith: Jamie Smith\n# a comment\n",
        );
        assert!(g.is_valid(), "{:?}", g.errors);
        assert_eq!(g.people.len(), 3);
        assert_eq!(g.person("sarah smith").unwrap().sex, Sex::Female);
        assert!(g.person("Mark Smith").unwrap().parental_responsibility);
        assert_eq!(g.couples[0].since, Some(2022));
        assert_eq!(g.updated, NaiveDate::from_ymd_opt(2026, 10, 1));
    }

    #[test]
    fn reports_the_offending_line() {
        let body = "person A B: child\nperson A B: child\nchildren of A B & C D: A B\nwibble\n";
        let g = parse(body);
        let lines: Vec<&str> = g.errors.iter().map(|e| &body[e.span.clone()]).collect();
        assert_eq!(lines, ["person A B: child", "children of A B & C D: A B", "wibble"]);
        assert!(g.errors[1].message.contains("C D is not declared"));
    }
}
