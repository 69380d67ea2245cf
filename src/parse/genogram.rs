//! The genogram language (SPEC §3.4).
//!
//! ```text
//! updated: 2026-10-01
//! person Jamie Smith: child, male, born 2016, household
//! couple Sarah Smith & Mark Smith: separated 2022
//! children of Sarah Smith & Mark Smith: Jamie Smith
//! foster children of Paul Clarke & Susan Clarke: Mia Hughes
//! twins: Noah Hughes & Isla Hughes
//! relationship Dean Hughes -> Kelly Price: violence 2019
//! contact Mia Hughes & Kelly Price: supervised, fortnightly
//! issue Kelly Price: substance misuse   # a trailing comment
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
    /// `adopted children of …` and `foster children of …`: children linked
    /// to the adults who adopted or foster them.
    pub care_families: Vec<CareFamily>,
    pub twins: Vec<Twins>,
    pub relationships: Vec<Relationship>,
    pub contacts: Vec<Contact>,
    pub issues: Vec<Issue>,
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
    /// Words of `genogram.person-states` (`in care`, `pregnant`, `unborn`,
    /// `stillborn`, `miscarriage`, `adopted`), lower case, as written.
    pub states: Vec<String>,
    pub line: Range<usize>,
}

impl Person {
    /// Whether the person has the state `word` of `genogram.person-states`.
    pub fn has_state(&self, word: &str) -> bool {
        self.states.iter().any(|s| s == word)
    }
}

/// How the children of a care family came to the adults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareKind {
    Adopted,
    Foster,
}

#[derive(Debug, Clone)]
pub struct CareFamily {
    pub kind: CareKind,
    /// One or two carers.
    pub carers: Vec<String>,
    pub children: Vec<String>,
    pub line: Range<usize>,
}

/// Two or three children born together.
#[derive(Debug, Clone)]
pub struct Twins {
    pub names: Vec<String>,
    pub line: Range<usize>,
}

/// `relationship A & B: KIND [YYYY]`, or `A -> B` when it has a direction.
#[derive(Debug, Clone)]
pub struct Relationship {
    pub a: String,
    pub b: String,
    /// `A -> B`: from `a` towards `b` (who harms whom).
    pub directed: bool,
    /// A word of `genogram.relationship-kinds`, lower case.
    pub kind: String,
    pub year: Option<i32>,
    pub line: Range<usize>,
}

/// `contact A & B: ARRANGEMENT`.
#[derive(Debug, Clone)]
pub struct Contact {
    pub a: String,
    pub b: String,
    pub arrangement: String,
    pub line: Range<usize>,
}

/// `issue PERSON: TEXT [YYYY]`: a safeguarding or health issue.
#[derive(Debug, Clone)]
pub struct Issue {
    pub person: String,
    pub text: String,
    pub year: Option<i32>,
    pub line: Range<usize>,
}

impl Issue {
    /// The word of `genogram.shaded-issues` this issue is, if it is one of
    /// the issues drawn with a standard shading.
    pub fn shading(&self) -> Option<&'static str> {
        let shaded = Vocabulary::words(&vocabulary::get().genogram, "shaded-issues");
        shaded.iter().find(|s| s.eq_ignore_ascii_case(&self.text)).map(String::as_str)
    }
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
        self.care_families.iter_mut().for_each(|f| shift(&mut f.line));
        self.twins.iter_mut().for_each(|t| shift(&mut t.line));
        self.relationships.iter_mut().for_each(|r| shift(&mut r.line));
        self.contacts.iter_mut().for_each(|c| shift(&mut c.line));
        self.issues.iter_mut().for_each(|i| shift(&mut i.line));
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
            let line = without_comment(raw_line).trim();
            if line.is_empty() {
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
            return Err(format!("this line has no `:`; expected {LINE_FORMS}"));
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
        } else if let Some(carers) = strip_word(head, "adopted children of") {
            self.care_families.push(parse_care_family(
                CareKind::Adopted,
                carers,
                rest,
                &line_span,
            )?);
            refer(references, self.care_families.last().map(CareFamily::names), &line_span);
        } else if let Some(carers) = strip_word(head, "foster children of") {
            self.care_families.push(parse_care_family(CareKind::Foster, carers, rest, &line_span)?);
            refer(references, self.care_families.last().map(CareFamily::names), &line_span);
        } else if head.eq_ignore_ascii_case("twins") {
            let names = split_names(rest, '&');
            if !(2..=3).contains(&names.len()) {
                return Err("expected `twins: A & B` (or three names: `twins: A & B & C`)".into());
            }
            refer(references, Some(names.to_vec()), &line_span);
            self.twins.push(Twins { names, line: line_span });
        } else if let Some(pair) = strip_word(head, "relationship") {
            let relationship = parse_relationship(pair, rest, line_span.clone())?;
            refer(
                references,
                Some(vec![relationship.a.clone(), relationship.b.clone()]),
                &line_span,
            );
            self.relationships.push(relationship);
        } else if let Some(pair) = strip_word(head, "contact") {
            let names = split_names(pair, '&');
            let ([a, b], false) = (names.as_slice(), rest.is_empty()) else {
                return Err(
                    "expected `contact A & B: ARRANGEMENT` (supervised, indirect, weekly, none …)"
                        .into(),
                );
            };
            refer(references, Some(names.clone()), &line_span);
            let (a, b) = (a.clone(), b.clone());
            self.contacts.push(Contact { a, b, arrangement: rest.to_string(), line: line_span });
        } else if let Some(person) = strip_word(head, "issue") {
            if person.contains('&') || rest.is_empty() {
                return Err("expected `issue PERSON: TEXT [YYYY]` (one person, what the issue is, the year if known)".into());
            }
            let (text, year) = split_year(rest);
            refer(references, Some(vec![person.to_string()]), &line_span);
            self.issues.push(Issue { person: person.to_string(), text, year, line: line_span });
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
            return Err(format!("`{head}` is not a genogram line; expected {LINE_FORMS}"));
        }
        Ok(())
    }
}

/// Every form of line, for the messages of lines that fit none.
const LINE_FORMS: &str = "`person NAME: …`, `couple A & B: …`, `children of A & B: …`, \
`adopted children of A & B: …`, `foster children of A & B: …`, `twins: A & B`, \
`relationship A & B: KIND`, `contact A & B: …`, `issue PERSON: …` or `updated: DATE`";

/// The line without a `#` comment: a whole-line comment, or one after white
/// space (names and attributes never hold `#`).
fn without_comment(line: &str) -> &str {
    let mut after_blank = true;
    for (at, c) in line.char_indices() {
        if c == '#' && after_blank {
            return &line[..at];
        }
        after_blank = c.is_whitespace();
    }
    line
}

/// Checks the names once every person is declared.
fn refer(
    references: &mut Vec<(String, Range<usize>)>,
    names: Option<Vec<String>>,
    line: &Range<usize>,
) {
    references.extend(names.into_iter().flatten().map(|name| (name, line.clone())));
}

/// `TEXT [YYYY]`: the text and the year that ends it, if one does.
fn split_year(text: &str) -> (String, Option<i32>) {
    if let Some((before, last)) = text.rsplit_once(char::is_whitespace) {
        if let Some(year) = year(last) {
            return (before.trim().to_string(), Some(year));
        }
    }
    (text.to_string(), None)
}

impl CareFamily {
    fn names(&self) -> Vec<String> {
        self.carers.iter().chain(&self.children).cloned().collect()
    }
}

fn parse_care_family(
    kind: CareKind,
    carers: &str,
    children: &str,
    line: &Range<usize>,
) -> Result<CareFamily, String> {
    let carers = split_names(carers, '&');
    let children = split_names(children, ',');
    if carers.is_empty() || carers.len() > 2 || children.is_empty() {
        let keyword = match kind {
            CareKind::Adopted => "adopted",
            CareKind::Foster => "foster",
        };
        return Err(format!(
            "expected `{keyword} children of A & B: C, D` (one or two carers, at least one child)"
        ));
    }
    Ok(CareFamily { kind, carers, children, line: line.clone() })
}

fn parse_relationship(pair: &str, rest: &str, line: Range<usize>) -> Result<Relationship, String> {
    let kinds = Vocabulary::list(&vocabulary::get().genogram, "relationship-kinds");
    let form = || {
        format!(
            "expected `relationship A & B: KIND [YYYY]` (or `A -> B` for a direction) with KIND one of {}",
            kinds.join(", ")
        )
    };
    let directed = pair.contains("->");
    let names = if directed {
        pair.split("->").map(str::trim).map(String::from).collect()
    } else {
        split_names(pair, '&')
    };
    let [a, b] = names.as_slice() else { return Err(form()) };
    if a.is_empty() || b.is_empty() || a.contains('&') || b.contains('&') {
        return Err(form());
    }
    let (kind, year) = split_year(rest);
    let kind = kind.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if !kinds.contains(&kind) {
        return Err(format!("`{rest}` is not a relationship; {}", form()));
    }
    Ok(Relationship { a: a.clone(), b: b.clone(), directed, kind, year, line })
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
    let states = Vocabulary::list(&vocabulary.genogram, "person-states");
    let mut person = Person {
        name: name.to_string(),
        role: None,
        sex: Sex::Unknown,
        born: None,
        died: None,
        parental_responsibility: false,
        household: false,
        states: Vec::new(),
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
        } else if states.contains(&lower) {
            person.states.push(lower);
        } else if person.role.is_none() {
            person.role = Some(attribute.to_string());
        } else {
            return Err(format!(
                "`{attribute}` is not a person attribute; use a role, a sex, `born YYYY`, `died YYYY`, `PR`, `household` or one of {}",
                states.join(", ")
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

    const EXTENDED: &str = "person Mia Hughes: child, female, born 2012, in care\n\
        person Ava Price: child, female, born 2022\n\
        person Leo Price: child, male, born 2019, adopted\n\
        person Kelly Price: mother, female, pregnant\n\
        person Ryan Price: male\n\
        person Dean Hughes: father, male\n\
        person Baby Price: unborn\n\
        person Noah Hughes: child, born 2020\n\
        person Isla Hughes: child, born 2020\n\
        person Paul Clarke: foster carer, male, household\n\
        person Susan Clarke: foster carer, female, household\n\
        adopted children of Kelly Price & Ryan Price: Leo Price\n\
        foster children of Paul Clarke & Susan Clarke: Mia Hughes\n\
        twins: Noah Hughes & Isla Hughes\n\
        relationship Kelly Price & Dean Hughes: violence 2019      # a comment\n\
        relationship Dean Hughes -> Kelly Price: Very  Close\n\
        relationship Mia Hughes & Ava Price: cut off\n\
        contact Mia Hughes & Kelly Price: supervised, fortnightly\n\
        issue Dean Hughes: domestic abuse 2019\n\
        issue Kelly Price: Substance misuse\n";

    #[test]
    fn reads_the_extended_language() {
        let g = parse(EXTENDED);
        assert!(g.is_valid(), "{:?}", g.errors);
        assert_eq!(g.person("Mia Hughes").unwrap().states, ["in care"]);
        assert_eq!(g.person("Mia Hughes").unwrap().role.as_deref(), Some("child"));
        assert!(g.person("Leo Price").unwrap().has_state("adopted"));
        assert!(g.person("Kelly Price").unwrap().has_state("pregnant"));
        assert_eq!(g.person("Baby Price").unwrap().states, ["unborn"]);
        let kinds: Vec<(CareKind, &[String], &[String])> = g
            .care_families
            .iter()
            .map(|f| (f.kind, f.carers.as_slice(), f.children.as_slice()))
            .collect();
        assert_eq!(kinds.len(), 2);
        assert_eq!(kinds[0].0, CareKind::Adopted);
        assert_eq!(kinds[0].1, ["Kelly Price", "Ryan Price"]);
        assert_eq!(kinds[1].0, CareKind::Foster);
        assert_eq!(kinds[1].2, ["Mia Hughes"]);
        assert_eq!(g.twins[0].names, ["Noah Hughes", "Isla Hughes"]);
        let relationships: Vec<(&str, &str, bool, &str, Option<i32>)> = g
            .relationships
            .iter()
            .map(|r| (r.a.as_str(), r.b.as_str(), r.directed, r.kind.as_str(), r.year))
            .collect();
        assert_eq!(
            relationships,
            [
                ("Kelly Price", "Dean Hughes", false, "violence", Some(2019)),
                ("Dean Hughes", "Kelly Price", true, "very close", None),
                ("Mia Hughes", "Ava Price", false, "cut off", None),
            ]
        );
        assert_eq!(g.contacts[0].arrangement, "supervised, fortnightly");
        assert_eq!(
            (g.contacts[0].a.as_str(), g.contacts[0].b.as_str()),
            ("Mia Hughes", "Kelly Price")
        );
        assert_eq!((g.issues[0].text.as_str(), g.issues[0].year), ("domestic abuse", Some(2019)));
        assert_eq!(g.issues[0].shading(), None);
        assert_eq!((g.issues[1].text.as_str(), g.issues[1].year), ("Substance misuse", None));
        assert_eq!(g.issues[1].shading(), Some("substance misuse"));
        let line = &EXTENDED[g.relationships[0].line.clone()];
        assert!(line.starts_with("relationship Kelly") && line.ends_with("# a comment"), "{line}");
    }

    #[test]
    fn reports_each_malformed_extended_line_with_its_form() {
        let body = "person A B: child, in care\nperson C D: mother\n\
            twins: A B\n\
            relationship A B & C D: friendly\n\
            relationship A B -> : close\n\
            contact A B & C D:\n\
            issue A B & C D: offending\n\
            issue E F: offending 2020\n\
            foster children of C D:\n\
            adopted children of C D & E F & G H: A B\n\
            person G H: sleepy, tall, adopted\n\
            relationship A B & C D: close 2021\n";
        let g = parse(body);
        let found: Vec<(&str, &str)> =
            g.errors.iter().map(|e| (&body[e.span.clone()], e.message.as_str())).collect();
        let expected = [
            ("twins: A B", "expected `twins: A & B`"),
            ("relationship A B & C D: friendly", "`friendly` is not a relationship; expected `relationship A & B: KIND [YYYY]`"),
            ("relationship A B -> : close", "expected `relationship A & B: KIND [YYYY]` (or `A -> B` for a direction) with KIND one of close, very close"),
            ("contact A B & C D:", "expected `contact A & B: ARRANGEMENT`"),
            ("issue A B & C D: offending", "expected `issue PERSON: TEXT [YYYY]`"),
            ("issue E F: offending 2020", "E F is not declared"),
            ("foster children of C D:", "expected `foster children of A & B: C, D`"),
            ("adopted children of C D & E F & G H: A B", "expected `adopted children of A & B: C, D`"),
            ("person G H: sleepy, tall, adopted", "`tall` is not a person attribute; use a role, a sex, `born YYYY`, `died YYYY`, `PR`, `household` or one of in care, pregnant"),
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for ((line, message), (want_line, want_start)) in found.iter().zip(expected) {
            assert_eq!(*line, want_line);
            assert!(message.starts_with(want_start), "{line}: {message}");
        }
    }
}
