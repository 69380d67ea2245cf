//! The TextMate injection grammar that colours case records in editors
//! (`editors/vscode/syntaxes/casenote.injection.tmLanguage.json`),
//! generated from `grammar/vocabulary.toml` so that a new alias reaches the
//! editor without a second edit. `tests/editor_grammar.rs` fails when the
//! file is out of date; `CASENOTE_UPDATE_GRAMMAR=1 cargo test --test
//! editor_grammar` rewrites it.
//!
//! The grammar is injected into Markdown (`text.html.markdown`) with left
//! priority, so at the start of a line its rules are tried before
//! Markdown's own. It colours:
//!
//! - entry headings (a heading whose text begins with a date): the date is
//!   `constant.numeric.date.entry.casenote`, contact types in the title
//!   `support.constant.contact-type.KIND.casenote`;
//! - section headings (`### Observations`, `# Family composition`):
//!   `entity.name.section.SECTION.casenote` beside Markdown's scopes;
//! - field keys at the start of a line or list item (`Recorded:`):
//!   `support.type.property-name.field.FIELD.casenote`;
//! - labels at the start of a paragraph or list item (`Opinion:`), each
//!   kind its own scope, and inline labels (`In my opinion`) with
//!   `.inline` added;
//! - the genogram language inside ```` ```genogram ```` blocks (scopes
//!   ending in `.genogram`).
//!
//! Pure: the vocabulary in, a JSON string out, the same every time.

use serde_json::{json, Map, Value};

use crate::vocabulary::{self, Aliases, Vocabulary};

/// The grammar's scope name, as `package.json` registers it.
pub const SCOPE_NAME: &str = "casenote.injection";

/// Where the grammar applies: Markdown, outside code, comments and the
/// front matter (whose `worker:` is not the `Worker` field).
pub const INJECTION_SELECTOR: &str =
    "L:text.html.markdown -markup.fenced_code -markup.raw -markup.inline.raw -comment -meta.embedded";

/// The path of the generated file, relative to the crate root.
pub const PATH: &str = "editors/vscode/syntaxes/casenote.injection.tmLanguage.json";

/// The base scope of each label kind: different standard scopes, so that
/// common themes already show the kinds in different colours.
const LABEL_SCOPES: &[(&str, &str)] = &[
    ("fact", "entity.name.type"),
    ("opinion", "keyword.control"),
    ("hypothesis", "storage.type"),
    ("wishes-and-feelings", "string.other"),
    ("decision", "entity.name.function"),
    ("endorsement", "support.function"),
    ("joint-decision", "support.function"),
];

/// Markdown's emphasis marks around a key or label (`**Opinion:**`).
const EMPHASIS: &str = r"(\*\*|__|\*|_)?";
/// A list item's marker, with the spaces after it.
const LIST_MARKER: &str = r"(?:([-*+]|[0-9]{1,9}[.)])[ \t]+)?";

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

/// The grammar as pretty-printed JSON, ending with a newline.
pub fn grammar_json() -> String {
    let mut text = serde_json::to_string_pretty(&grammar(vocabulary::get()))
        .expect("a JSON value always serialises");
    text.push('\n');
    text
}

/// The grammar as a JSON value.
pub fn grammar(vocabulary: &Vocabulary) -> Value {
    let mut repository = Map::new();
    let mut patterns = Vec::new();
    let mut add = |name: &str, rule: Value, patterns: &mut Vec<Value>| {
        patterns.push(json!({ "include": format!("#{name}") }));
        repository.insert(name.to_owned(), rule);
    };
    add("genogram-block", genogram_block(vocabulary), &mut patterns);
    add("entry-heading", entry_headings(vocabulary), &mut patterns);
    add("section-heading", section_headings(vocabulary), &mut patterns);
    add("field", fields(vocabulary), &mut patterns);
    add("label", labels(vocabulary), &mut patterns);
    add("inline-label", inline_labels(vocabulary), &mut patterns);
    repository.insert(
        "date".to_owned(),
        json!({
            "match": format!(r"(?i)\b{}\b", date_pattern()),
            "name": "constant.numeric.date.casenote",
        }),
    );
    repository.insert("contact-type".to_owned(), contact_types(vocabulary));
    repository.insert("genogram".to_owned(), genogram_language(vocabulary));
    json!({
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "comment": "Generated from grammar/vocabulary.toml by src/editor_grammar.rs: do not edit. Regenerate with `CASENOTE_UPDATE_GRAMMAR=1 cargo test --test editor_grammar`.",
        "name": "casenote",
        "scopeName": SCOPE_NAME,
        "injectionSelector": INJECTION_SELECTOR,
        "patterns": patterns,
        "repository": repository,
    })
}

/// A date as entry headings write it (with a year), and an optional time.
fn date_pattern() -> String {
    format!(
        r"(?:[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}|[0-9]{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:{MONTHS})\.?,?[ \t]+[0-9]{{4}})(?:,?[ \t]+(?:at[ \t]+)?[0-9]{{1,2}}[:.][0-9]{{2}})?"
    )
}

/// A phrase as a regular expression: metacharacters escaped, any run of
/// spaces matching white space, either apostrophe matching both.
fn phrase(text: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push_str(r"[ \t]+");
            space = false;
        }
        match c {
            '\'' | '\u{2019}' => out.push_str("['\u{2019}]"),
            '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
            | '#' | '/' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The spellings as one case-insensitive alternation, longest first.
fn alternation<'a>(spellings: impl IntoIterator<Item = &'a String>) -> String {
    let mut all: Vec<&String> = spellings.into_iter().collect();
    all.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    all.dedup();
    let alternatives: Vec<String> = all.into_iter().map(|s| phrase(s)).collect();
    format!("(?i:{})", alternatives.join("|"))
}

/// `[["a", "b"]]`-style aliases in a stable order: canonical names sorted.
fn groups(table: &Aliases) -> impl Iterator<Item = (&String, &Vec<String>)> {
    table.iter().filter(|(_, spellings)| !spellings.is_empty())
}

/// The patterns Markdown applies inside a paragraph.
fn markdown_inline() -> Value {
    json!({ "include": "text.html.markdown#inline" })
}

fn entry_headings(vocabulary: &Vocabulary) -> Value {
    let _ = vocabulary;
    let rules: Vec<Value> = (1..=6)
        .map(|level| {
            json!({
                "match": format!(
                    r"(?:^|\G)[ ]{{0,3}}(#{{{level}}})[ \t]+(?:\*\*|__|\*|_)?((?i:{date}))(?=[ \t*_]|$)(.*?)(?:[ \t]+(#+))?[ \t]*$",
                    date = date_pattern()
                ),
                "name": format!("markup.heading.markdown heading.{level}.markdown markup.heading.entry.casenote"),
                "captures": {
                    "1": { "name": "punctuation.definition.heading.markdown" },
                    "2": { "name": "entity.name.section.markdown constant.numeric.date.entry.casenote" },
                    "3": {
                        "name": "entity.name.section.markdown meta.title.entry.casenote",
                        "patterns": [{ "include": "#contact-type" }, markdown_inline()],
                    },
                    "4": { "name": "punctuation.definition.heading.markdown" },
                },
            })
        })
        .collect();
    json!({ "patterns": rules })
}

fn section_headings(vocabulary: &Vocabulary) -> Value {
    // Entry sections, then the record's own (family composition).
    let sections: Vec<(&String, &Vec<String>)> =
        groups(&vocabulary.sections).chain(groups(&vocabulary.record_sections)).collect();
    let names: Vec<String> = sections
        .iter()
        .map(|(_, spellings)| format!("({})", alternation(spellings.iter())))
        .collect();
    let mut name_captures = Map::new();
    for (i, (canonical, _)) in sections.iter().enumerate() {
        name_captures.insert(
            (i + 3).to_string(),
            json!({ "name": format!("entity.name.section.{canonical}.casenote") }),
        );
    }
    let rules: Vec<Value> = (1..=6)
        .map(|level| {
            let mut captures = name_captures.clone();
            captures.insert("1".into(), json!({ "name": "punctuation.definition.heading.markdown" }));
            captures.insert("2".into(), json!({ "name": "entity.name.section.markdown" }));
            captures.insert(
                (sections.len() + 3).to_string(),
                json!({ "name": "punctuation.definition.heading.markdown" }),
            );
            json!({
                "match": format!(
                    r"(?:^|\G)[ ]{{0,3}}(#{{{level}}})[ \t]+((?:\*\*|__|\*|_)?(?:{})(?:\*\*|__|\*|_)?:?)(?:[ \t]+(#+))?[ \t]*$",
                    names.join("|")
                ),
                "name": format!("markup.heading.markdown heading.{level}.markdown markup.heading.section.casenote"),
                "captures": captures,
            })
        })
        .collect();
    json!({ "patterns": rules })
}

/// A `KEY:` rule at the start of a line or list item, running to the end
/// of the line with Markdown's inline patterns (and `extra`) after it.
fn keyed_line(spellings: &[String], key_scope: &str, line_scope: &str, extra: &[Value]) -> Value {
    let mut patterns: Vec<Value> = extra.to_vec();
    patterns.push(markdown_inline());
    json!({
        "begin": format!(
            r"(?:^|\G)[ ]{{0,3}}{LIST_MARKER}{EMPHASIS}({}){EMPHASIS}[ \t]*(:){EMPHASIS}",
            alternation(spellings.iter())
        ),
        "beginCaptures": {
            "1": { "name": "punctuation.definition.list.begin.markdown" },
            "2": { "name": "punctuation.definition.bold.markdown" },
            "3": { "name": key_scope },
            "4": { "name": "punctuation.definition.bold.markdown" },
            "5": { "name": "punctuation.separator.key-value.casenote" },
            "6": { "name": "punctuation.definition.bold.markdown" },
        },
        "end": "$",
        "name": line_scope,
        "patterns": patterns,
    })
}

fn fields(vocabulary: &Vocabulary) -> Value {
    let rules: Vec<Value> = groups(&vocabulary.fields)
        .map(|(canonical, spellings)| {
            keyed_line(
                spellings,
                &format!("support.type.property-name.field.{canonical}.casenote"),
                &format!("meta.paragraph.markdown meta.field.{canonical}.casenote"),
                &field_value_patterns(canonical),
            )
        })
        .collect();
    json!({ "patterns": rules })
}

/// What is coloured in a field's value: dates, and contact types in `Contact`.
fn field_value_patterns(field: &str) -> Vec<Value> {
    let mut patterns = vec![json!({ "include": "#date" })];
    if field == "contact" {
        patterns.push(json!({ "include": "#contact-type" }));
    }
    patterns
}

fn label_scope(kind: &str) -> String {
    let base = LABEL_SCOPES.iter().find(|(k, _)| *k == kind).map_or("keyword.other", |(_, s)| s);
    format!("{base}.label.{kind}")
}

fn labels(vocabulary: &Vocabulary) -> Value {
    let rules: Vec<Value> = groups(&vocabulary.labels)
        .map(|(kind, spellings)| {
            keyed_line(
                spellings,
                &format!("{}.casenote", label_scope(kind)),
                &format!("meta.paragraph.markdown meta.label.{kind}.casenote"),
                &[json!({ "include": "#inline-label" })],
            )
        })
        .collect();
    json!({ "patterns": rules })
}

fn inline_labels(vocabulary: &Vocabulary) -> Value {
    let rules: Vec<Value> = groups(&vocabulary.inline_labels)
        .map(|(kind, spellings)| {
            json!({
                "match": format!(r"\b{}\b", alternation(spellings.iter())),
                "name": format!("{}.inline.casenote", label_scope(kind)),
            })
        })
        .collect();
    json!({ "patterns": rules })
}

fn contact_types(vocabulary: &Vocabulary) -> Value {
    let mut rules: Vec<Value> = groups(&vocabulary.contact_types)
        .map(|(kind, spellings)| {
            json!({
                "match": format!(r"\b{}\b", alternation(spellings.iter())),
                "name": format!("support.constant.contact-type.{kind}.casenote"),
            })
        })
        .collect();
    // Longer phrases first across kinds ("strategy meeting" before "meeting").
    rules.sort_by_key(|rule| std::cmp::Reverse(rule["match"].as_str().map_or(0, str::len)));
    let qualifiers: Vec<&String> = vocabulary.contact_qualifiers.values().flatten().collect();
    if !qualifiers.is_empty() {
        rules.push(json!({
            "match": format!(r"\b{}\b", alternation(qualifiers)),
            "name": "support.constant.contact-qualifier.casenote",
        }));
    }
    json!({ "patterns": rules })
}

fn genogram_block(vocabulary: &Vocabulary) -> Value {
    let _ = vocabulary;
    json!({
        "begin": r"(?:^|\G)([ ]{0,3})(`{3,}|~{3,})[ \t]*((?i:genogram))\b([^`]*)$",
        "beginCaptures": {
            "2": { "name": "punctuation.definition.markdown" },
            "3": { "name": "fenced_code.block.language.markdown" },
            "4": { "name": "fenced_code.block.language.attributes.markdown" },
        },
        "end": r"(?:^|\G)([ ]{0,3})(\2)[ \t]*$",
        "endCaptures": {
            "2": { "name": "punctuation.definition.markdown" },
        },
        "name": "markup.fenced_code.block.markdown",
        "contentName": "meta.embedded.block.genogram",
        "patterns": [{ "include": "#genogram" }],
    })
}

/// The genogram language (SPEC §3.4).
fn genogram_language(vocabulary: &Vocabulary) -> Value {
    let sexes = alternation(Vocabulary::words(&vocabulary.genogram, "sex"));
    let statuses = alternation(Vocabulary::words(&vocabulary.genogram, "couple-status"));
    let attribute_patterns = json!([
        { "match": r"(?i)\b(born|died)\b(?:[ \t]+([0-9]{4}(?:-[0-9]{1,2}-[0-9]{1,2})?))?",
          "captures": {
              "1": { "name": "keyword.other.${1:/downcase}.genogram" },
              "2": { "name": "constant.numeric.year.genogram" } } },
        { "match": r"\bPR\b", "name": "constant.language.parental-responsibility.genogram" },
        { "match": r"(?i)\bhousehold\b", "name": "constant.language.household.genogram" },
        { "match": format!(r"\b{sexes}\b"), "name": "support.constant.sex.genogram" },
        { "match": ",", "name": "punctuation.separator.comma.genogram" },
    ]);
    let names = json!([
        { "match": "&", "name": "punctuation.separator.couple.genogram" },
        { "match": ",", "name": "punctuation.separator.comma.genogram" },
        { "match": r"[^&,\s][^&,]*?(?=\s*(?:[&,]|$))", "name": "variable.other.person.genogram" },
    ]);
    json!({
        "patterns": [
            { "match": r"(?:^|\G)[ \t]*(#.*)$", "captures": { "1": { "name": "comment.line.number-sign.genogram" } } },
            {
                "match": r"(?:^|\G)[ \t]*((?i:updated))[ \t]*(:)[ \t]*(.*?)[ \t]*$",
                "captures": {
                    "1": { "name": "keyword.other.updated.genogram" },
                    "2": { "name": "punctuation.separator.key-value.genogram" },
                    "3": { "name": "constant.numeric.date.genogram" },
                },
            },
            {
                "match": r"(?:^|\G)[ \t]*((?i:person))[ \t]+([^:]+?)[ \t]*(:)(.*)$",
                "captures": {
                    "1": { "name": "keyword.other.person.genogram" },
                    "2": { "name": "variable.other.person.genogram" },
                    "3": { "name": "punctuation.separator.key-value.genogram" },
                    "4": { "name": "meta.attributes.genogram", "patterns": attribute_patterns },
                },
            },
            {
                "match": r"(?:^|\G)[ \t]*((?i:couple))[ \t]+([^:]+?)[ \t]*(:)(.*)$",
                "captures": {
                    "1": { "name": "keyword.other.couple.genogram" },
                    "2": { "name": "meta.couple.genogram", "patterns": names },
                    "3": { "name": "punctuation.separator.key-value.genogram" },
                    "4": { "name": "meta.status.genogram", "patterns": [
                        { "match": format!(r"\b{statuses}\b"), "name": "support.constant.couple-status.genogram" },
                        { "match": r"(?i)\bsince\b", "name": "keyword.other.since.genogram" },
                        { "match": r"\b[0-9]{4}\b", "name": "constant.numeric.year.genogram" },
                    ] },
                },
            },
            {
                "match": r"(?:^|\G)[ \t]*((?i:children[ \t]+of))[ \t]+([^:]+?)[ \t]*(:)(.*)$",
                "captures": {
                    "1": { "name": "keyword.other.children-of.genogram" },
                    "2": { "name": "meta.parents.genogram", "patterns": names },
                    "3": { "name": "punctuation.separator.key-value.genogram" },
                    "4": { "name": "meta.children.genogram", "patterns": names },
                },
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_built_from_the_vocabulary() {
        let a = grammar_json();
        assert_eq!(a, grammar_json());
        let value: Value = serde_json::from_str(&a).unwrap();
        assert_eq!(value["scopeName"], SCOPE_NAME);
        // Every spelling of every field and label reaches the grammar.
        for spelling in
            vocabulary::get().fields.values().chain(vocabulary::get().labels.values()).flatten()
        {
            assert!(a.contains(&phrase(spelling).replace('\\', "\\\\")), "{spelling} is missing");
        }
        for kind in vocabulary::get().labels.keys() {
            assert!(a.contains(&format!(".label.{kind}.casenote\"")), "no scope for label {kind}");
        }
    }

    #[test]
    fn phrases_escape_and_loosen() {
        assert_eq!(phrase("Worker's view"), "Worker['\u{2019}]s[ \\t]+view");
        assert_eq!(phrase("A&E (x)"), "A&E[ \\t]+\\(x\\)");
        assert_eq!(
            alternation(&["Seen".to_owned(), "Seen alone".to_owned()]),
            "(?i:Seen[ \\t]+alone|Seen)"
        );
    }
}
