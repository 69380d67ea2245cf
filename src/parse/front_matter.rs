//! YAML front matter (SPEC §3.1). Never fails: problems are collected.

use std::ops::Range;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use super::dates::find_dates;
use super::frequency::{Frequency, FrequencyError};
use crate::model::{FrontMatter, FrontMatterProblem};
use crate::vocabulary::{self, Vocabulary};

/// Finds the front matter block at the start of `text`: its whole span and
/// the span of its YAML body. An opening `---` with no closing line is
/// reported as a problem and the block runs to the end of the text.
pub fn locate(text: &str) -> Option<(Range<usize>, Range<usize>, bool)> {
    let first_line_end = text.find('\n')?;
    // A byte-order mark (an editor may send one) belongs to the front
    // matter's span, so that nothing is inserted before it.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    if text[bom..first_line_end].trim_end() != "---" {
        return None;
    }
    let body_start = first_line_end + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((0..offset + trimmed.len(), body_start..offset, true));
        }
        offset += line.len();
    }
    Some((0..text.len(), body_start..text.len(), false))
}

/// Collections nested deeper than this are refused before loading: the
/// YAML loader recurses once per level, and a record needs two.
const MAX_DEPTH: usize = 32;

/// What would make the YAML loader overflow the stack or expand without
/// bound (nesting, aliases), found with its event parser, which neither
/// recurses nor expands: the 1-based line and the problem.
fn hostile(source: &str) -> Option<(usize, String)> {
    let mut parser = Parser::new_from_str(source);
    let mut depth = 0usize;
    loop {
        // A syntax error is left for the loader to report.
        let Ok((event, marker)) = parser.next_token() else { return None };
        match event {
            Event::StreamEnd => return None,
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((
                        marker.line(),
                        format!("the front matter nests lists or maps more than {MAX_DEPTH} deep"),
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            Event::Alias(_) => {
                return Some((
                    marker.line(),
                    "the front matter uses a YAML alias (`*name`): write the value out".into(),
                ));
            }
            _ => {}
        }
    }
}

/// Parses the front matter of `text`, if it has one.
pub fn parse(text: &str) -> FrontMatter {
    let Some((span, body, closed)) = locate(text) else {
        return FrontMatter::default();
    };
    let mut front = FrontMatter { span: Some(span), ..FrontMatter::default() };
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let body_line = line_of(body.start);
    if !closed {
        front.problems.push(FrontMatterProblem {
            line: 1,
            message: "the front matter has no closing `---` line".into(),
        });
        return front;
    }
    let source = &text[body.clone()];
    if let Some((line, message)) = hostile(source) {
        front
            .problems
            .push(FrontMatterProblem { line: body_line + line.saturating_sub(1), message });
        return front;
    }
    let documents = match YamlLoader::load_from_str(source) {
        Ok(documents) => documents,
        Err(error) => {
            front.problems.push(FrontMatterProblem {
                line: body_line + error.marker().line().saturating_sub(1),
                message: format!("the front matter is not valid YAML: {}", error.info()),
            });
            return front;
        }
    };
    let root = match documents.into_iter().next() {
        None | Some(Yaml::Null) => return front,
        Some(Yaml::Hash(hash)) => hash,
        Some(_) => {
            front.problems.push(FrontMatterProblem {
                line: body_line,
                message: "the front matter must be a list of `key: value` lines".into(),
            });
            return front;
        }
    };
    // Lines of top-level keys, to name the offending line in messages.
    let key_line = |key: &str| {
        let mut offset = body.start;
        for line in source.split_inclusive('\n') {
            if line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
                return line_of(offset);
            }
            offset += line.len();
        }
        body_line
    };
    let vocabulary = vocabulary::get();
    for (key, value) in root {
        let Yaml::String(key) = key else { continue };
        let mut wrong = |expected: &str| {
            front.problems.push(FrontMatterProblem {
                line: key_line(&key),
                message: format!("`{key}` must be {expected}"),
            })
        };
        let allowed = |list: &str| Vocabulary::words(&vocabulary.front_matter, list);
        match key.as_str() {
            "record" => match scalar(&value) {
                Some(v) => front.record = Some(v),
                None => wrong("a case reference"),
            },
            "worker" => match scalar(&value) {
                Some(v) => front.worker = Some(v),
                None => wrong("a name"),
            },
            "child" => match scalar(&value) {
                Some(v) => front.children.push(v),
                None => wrong("a name (use `children: [A, B]` for a sibling group)"),
            },
            "children" | "parents" => match names(&value) {
                Some(list) if key == "children" => front.children.extend(list),
                Some(list) => front.parents = list,
                None => wrong("a list of names, such as `[Sarah Smith, Mark Smith]`"),
            },
            "born" => match scalar(&value).and_then(|v| find_dates(&v, 0).into_iter().next().filter(|m| m.span == (0..v.len()))) {
                Some(m) if m.date.is_some() => front.born = m.date,
                _ => wrong("a date such as 2016-05-02"),
            },
            "agency" | "document" => {
                let options = allowed(&key);
                match scalar(&value).filter(|v| options.contains(v)) {
                    Some(v) if key == "agency" => front.agency = Some(v),
                    Some(v) => front.document = Some(v),
                    None => wrong(&format!("one of {}", options.join(", "))),
                }
            }
            "stage" => {
                let options = allowed("stage");
                match names(&value) {
                    Some(list) if list.iter().all(|s| options.contains(s)) => front.stages = list,
                    _ => wrong(&format!("a list of stages from: {}", options.join(", "))),
                }
            }
            "contact-frequency" => match scalar_string(&value).map(|v| Frequency::read(&v)) {
                Some(Ok(f)) => front.contact_frequency = Some(f),
                Some(Err(FrequencyError::OutOfRange)) => wrong(&format!("{}: this one is out of range", super::frequency::RANGE)),
                _ => wrong("a frequency such as `weekly`, `fortnightly`, `every 10 working days` or `2 times a week`"),
            },
            "glossary" => match &value {
                Yaml::Hash(map) => {
                    // `{ETE: Education, Training and Employment}`: YAML ends
                    // the meaning at the comma and reads `Training and
                    // Employment` as a key with no value. Such keys are
                    // gathered onto the meaning before them, to show the
                    // quoted form.
                    let mut cut: Option<(String, String)> = None;
                    let report_cut = |cut: &mut Option<(String, String)>, wrong: &mut dyn FnMut(&str)| {
                        if let Some((acronym, meaning)) = cut.take() {
                            wrong(&format!(
                                "a mapping of acronyms to their meaning, but YAML ended the meaning of `{acronym}` at a comma \
                                 and read the rest as acronyms with no meaning; put a meaning that has a comma in quotes: \
                                 `{acronym}: \"{meaning}\"`"
                            ));
                        }
                    };
                    let mut last: Option<(String, String)> = None;
                    for (acronym, expansion) in map {
                        match (scalar(acronym), scalar(expansion)) {
                            (Some(a), Some(e)) => {
                                report_cut(&mut cut, &mut wrong);
                                last = Some((a.clone(), e.clone()));
                                front.glossary.push((a, e));
                            }
                            (Some(rest), None) if matches!(expansion, Yaml::Null) && (cut.is_some() || last.is_some()) => {
                                let (acronym, meaning) = cut.take().or_else(|| last.take()).unwrap_or_default();
                                cut = Some((acronym, format!("{meaning}, {rest}")));
                            }
                            _ => {
                                report_cut(&mut cut, &mut wrong);
                                last = None;
                                wrong("a mapping of acronyms to their meaning, such as `{PEP: Personal Education Plan}`");
                            }
                        }
                    }
                    report_cut(&mut cut, &mut wrong);
                }
                _ => wrong("a mapping of acronyms to their meaning, such as `{PEP: Personal Education Plan}`"),
            },
            _ => {} // Unknown keys are allowed.
        }
    }
    front
}

/// A string, or a number or boolean read as text.
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.trim().to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    }
}

/// Only a string: a bare number such as `contact-frequency: 10` has no unit.
fn scalar_string(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// A list of strings, or one string standing for a list of one.
fn names(value: &Yaml) -> Option<Vec<String>> {
    match value {
        Yaml::Array(items) => items.iter().map(scalar).collect(),
        Yaml::String(s) => Some(vec![s.trim().to_string()]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys() {
        let text = "---\nchild: Jamie Smith\nagency: health\nstage: [section-47]\nparents: [A B, C D]\ncontact-frequency: weekly\nglossary: {PEP: Personal Education Plan}\n---\n# x\n";
        let front = parse(text);
        assert!(front.problems.is_empty(), "{:?}", front.problems);
        assert_eq!(front.children, ["Jamie Smith"]);
        assert_eq!(front.parents, ["A B", "C D"]);
        assert_eq!(front.contact_frequency, Some(Frequency::Days(7)));
        assert_eq!(front.glossary, [("PEP".to_string(), "Personal Education Plan".to_string())]);
        assert_eq!(front.span, Some(0..text.find("---\n# x").unwrap() + 3));
    }

    #[test]
    fn a_wrong_kind_names_its_line_and_keeps_the_rest() {
        let front = parse("---\nchild: Jamie\ncontact-frequency: 10\nagency: council\n---\n");
        let lines: Vec<usize> = front.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(front.children, ["Jamie"]);
        assert_eq!(front.contact_frequency, None);
    }

    #[test]
    fn invalid_yaml_names_its_line() {
        let front = parse("---\nchild: Jamie\nparents: [A, B\nworker: X\n---\n");
        assert_eq!(front.problems.len(), 1);
        assert!(front.problems[0].line >= 3, "{:?}", front.problems);
        assert!(front.children.is_empty());
    }

    #[test]
    fn a_comma_in_an_unquoted_glossary_meaning_is_explained_with_the_quoted_form() {
        let front = parse(
            "---\nchild: Jamie\nglossary: {ETE: Education, Training and Employment, PEP: Personal Education Plan}\n---\n",
        );
        let messages: Vec<(usize, &str)> =
            front.problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            messages,
            [(
                3,
                "`glossary` must be a mapping of acronyms to their meaning, but YAML ended the meaning of `ETE` \
                 at a comma and read the rest as acronyms with no meaning; put a meaning that has a comma in \
                 quotes: `ETE: \"Education, Training and Employment\"`"
            )]
        );
        assert_eq!(front.glossary[1], ("PEP".to_string(), "Personal Education Plan".to_string()));
        // Quoted, it is one meaning.
        let front = parse("---\nglossary: {ETE: \"Education, Training and Employment\"}\n---\n");
        assert!(front.problems.is_empty(), "{:?}", front.problems);
    }

    #[test]
    fn an_out_of_range_frequency_is_a_problem_not_a_wrapped_number() {
        let front = parse("---\ncontact-frequency: every 613566757 weeks\n---\n");
        assert_eq!(front.contact_frequency, None);
        assert_eq!(front.problems.len(), 1);
        assert!(front.problems[0].message.contains("out of range"), "{:?}", front.problems);
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_front_matter() {
        let plain = "---\nchild: Jamie\n---\n# x\n";
        let with_bom = format!("\u{feff}{plain}");
        let front = parse(&with_bom);
        assert!(front.problems.is_empty(), "{:?}", front.problems);
        assert_eq!(front.children, ["Jamie"]);
        assert_eq!(front.span, Some(0..plain.find("---\n# x").unwrap() + 3 + 3));
    }
}
