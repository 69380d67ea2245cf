//! Completion: front-matter keys and values, section headings, field keys,
//! labels, contact types, the names of the child and parents from the front
//! matter, genogram keywords, and a dated "new entry" template.

use std::ops::Range;

use chrono::NaiveDate;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, TextEdit,
};

use super::help::{self, Element};
use super::text::Text;
use crate::model::Record;
use crate::vocabulary::{self, Vocabulary};

/// Planned frequencies offered for `contact-frequency` and `Frequency:`.
const FREQUENCIES: &[&str] = &[
    "weekly",
    "fortnightly",
    "monthly",
    "6-weekly",
    "daily",
    "every 10 working days",
    "every 3 weeks",
    "twice a week",
];

/// What a completion needs to know.
pub struct Request<'a> {
    pub record: &'a Record<'a>,
    pub text: &'a Text,
    /// The cursor, as a byte offset.
    pub offset: usize,
    pub today: NaiveDate,
    /// Whether the client accepts snippets.
    pub snippets: bool,
}

/// One candidate before it becomes a `CompletionItem`.
struct Candidate {
    label: String,
    insert: String,
    replace: Range<usize>,
    kind: CompletionItemKind,
    detail: Option<String>,
    help: Option<String>,
    group: u8,
    snippet: bool,
    /// What the client matches typed text against, when not the label.
    filter: Option<String>,
}

pub fn complete(request: &Request) -> Vec<CompletionItem> {
    let candidates = candidates(request);
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            filter_text: c.filter,
            label: c.label,
            kind: Some(c.kind),
            detail: c.detail,
            documentation: c.help.map(|value| {
                Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
            }),
            sort_text: Some(format!("{}{i:04}", c.group)),
            insert_text_format: Some(if c.snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                request.text.range(&c.replace),
                c.insert,
            ))),
            ..CompletionItem::default()
        })
        .collect()
}

fn candidates(request: &Request) -> Vec<Candidate> {
    let record = request.record;
    let text = record.text;
    let offset = request.offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];

    if let Some(front) = &record.front_matter.span {
        if line_start > front.start && line_start < front.end {
            return front_matter(record, front, line_start, offset, prefix);
        }
    }
    if let Some(genogram) = &record.genogram {
        if genogram.span.contains(&offset) && line_start > genogram.span.start {
            return genogram_lines(record, line_start, offset, prefix);
        }
    }
    if record
        .code_spans
        .iter()
        .chain(&record.comments)
        .any(|span| span.start < offset && offset < span.end)
    {
        return Vec::new();
    }
    if prefix.trim_start().starts_with('#') {
        return headings(request, line_start, offset);
    }
    // After the indentation, a list marker and an opening emphasis marker.
    let body = prefix.trim_start();
    let body = body
        .strip_prefix(['-', '*', '+'])
        .filter(|rest| rest.starts_with(' '))
        .map_or(body, str::trim_start);
    let emphasis = ["**", "__", "*", "_"].into_iter().find(|m| body.starts_with(m)).unwrap_or("");
    let word = &body[emphasis.len()..];
    let word_start = offset - word.len();
    if let Some(colon) = word.find(':') {
        let key = word[..colon].trim().trim_end_matches(['*', '_']).trim();
        return values(request, key, line_start, word_start + colon + 1, offset);
    }
    if word.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '’')
        && word.split_whitespace().count() <= 4
    {
        // Nothing before the word: a new entry may start here.
        let bare_line = word.len() == prefix.len();
        return line_start_items(request, word_start..offset, emphasis, bare_line, line_start);
    }
    names(record, prefix, offset, 3)
}

fn item(
    label: &str,
    insert: String,
    replace: Range<usize>,
    kind: CompletionItemKind,
    group: u8,
) -> Candidate {
    Candidate {
        label: label.to_owned(),
        insert,
        replace,
        kind,
        detail: None,
        help: None,
        group,
        snippet: false,
        filter: None,
    }
}

/// The names of the record's children and parents (and genogram people).
fn people(record: &Record) -> Vec<(String, &'static str)> {
    let front = &record.front_matter;
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut push = |name: &str, role: &'static str| {
        if !name.trim().is_empty() && !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        {
            out.push((name.trim().to_owned(), role));
        }
    };
    for child in &front.children {
        push(child, "child");
    }
    for parent in &front.parents {
        push(parent, "parental responsibility");
    }
    for person in record.genogram.iter().flat_map(|g| &g.people) {
        push(&person.name, "in the genogram");
    }
    out
}

/// Names, each replacing the longest end of `prefix` (from a word start)
/// that begins it, or the current word.
fn names(record: &Record, prefix: &str, offset: usize, group: u8) -> Vec<Candidate> {
    let word_len = prefix.len()
        - prefix.trim_end_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '\'').len();
    people(record)
        .into_iter()
        .map(|(name, role)| {
            let matched = prefix
                .char_indices()
                .filter(|(i, _)| *i == 0 || !prefix[..*i].ends_with(|c: char| c.is_alphanumeric()))
                .map(|(i, _)| &prefix[i..])
                .find(|tail| {
                    !tail.is_empty() && name.to_lowercase().starts_with(&tail.to_lowercase())
                })
                .map_or(word_len, str::len);
            let mut candidate = item(
                &name,
                name.clone(),
                offset - matched..offset,
                CompletionItemKind::VALUE,
                group,
            );
            candidate.detail = Some(role.to_owned());
            candidate
        })
        .collect()
}

fn front_matter(
    record: &Record,
    front: &Range<usize>,
    line_start: usize,
    offset: usize,
    prefix: &str,
) -> Vec<Candidate> {
    let v = vocabulary::get();
    let word_start = offset
        - (prefix.len() - prefix.trim_end_matches(|c: char| c.is_alphanumeric() || c == '-').len());
    let key = if let Some((key, _)) =
        prefix.split_once(':').filter(|(k, _)| !k.starts_with(char::is_whitespace))
    {
        Some(key.trim().to_owned())
    } else if prefix.trim_start().starts_with('-') {
        // A list item: the key of the nearest line above that starts a key.
        record.text[front.start..line_start]
            .lines()
            .rev()
            .find(|line| {
                !line.starts_with(char::is_whitespace)
                    && !line.starts_with('-')
                    && line.contains(':')
            })
            .and_then(|line| line.split_once(':'))
            .map(|(key, _)| key.trim().to_owned())
    } else {
        None
    };
    match key {
        Some(key) => {
            let values: Vec<&str> = match key.as_str() {
                "agency" | "document" | "stage" => {
                    Vocabulary::words(&v.front_matter, &key).iter().map(String::as_str).collect()
                }
                "contact-frequency" => FREQUENCIES.to_vec(),
                _ => Vec::new(),
            };
            values
                .into_iter()
                .map(|value| {
                    item(
                        value,
                        value.to_owned(),
                        word_start..offset,
                        CompletionItemKind::ENUM_MEMBER,
                        1,
                    )
                })
                .collect()
        }
        None if !prefix.starts_with(char::is_whitespace) && !prefix.contains(' ') => {
            let present: Vec<&str> = record.text[front.clone()]
                .lines()
                .filter_map(|line| line.split_once(':').map(|(k, _)| k.trim()))
                .collect();
            Element::FrontMatter
                .canonical_names()
                .into_iter()
                .filter(|key| !present.contains(key))
                .map(|key| {
                    let mut c = item(
                        key,
                        format!("{key}: "),
                        line_start..offset,
                        CompletionItemKind::PROPERTY,
                        1,
                    );
                    c.help = help::markdown(Element::FrontMatter, key);
                    c
                })
                .collect()
        }
        None => Vec::new(),
    }
}

/// The keywords that start a genogram line (SPEC §3.4).
const GENOGRAM_KEYWORDS: [&str; 10] = [
    "person ",
    "couple ",
    "children of ",
    "updated: ",
    "adopted children of ",
    "foster children of ",
    "twins: ",
    "relationship ",
    "contact ",
    "issue ",
];

fn genogram_lines(
    record: &Record,
    line_start: usize,
    offset: usize,
    prefix: &str,
) -> Vec<Candidate> {
    let trimmed = prefix.trim_start();
    if !trimmed.contains(' ') {
        return GENOGRAM_KEYWORDS
            .into_iter()
            .map(|keyword| {
                item(
                    keyword.trim_end(),
                    keyword.to_owned(),
                    offset - trimmed.len()..offset,
                    CompletionItemKind::KEYWORD,
                    1,
                )
            })
            .collect();
    }
    let _ = line_start;
    names(record, prefix, offset, 2)
}

/// The entry holding `offset`, or the last one before it.
fn entry_at<'r>(record: &'r Record, offset: usize) -> Option<&'r crate::model::Entry> {
    record
        .entries
        .iter()
        .rev()
        .find(|e| e.span.contains(&offset))
        .or_else(|| record.entries.iter().rev().find(|e| e.span.start < offset))
}

fn headings(request: &Request, line_start: usize, offset: usize) -> Vec<Candidate> {
    let record = request.record;
    let replace = line_start..offset;
    let mut out = Vec::new();
    if let Some(entry) = entry_at(record, offset) {
        let hashes = "#".repeat(usize::from(entry.heading.level) + 1);
        for name in Element::Section.canonical_names() {
            let Some(title) = Element::Section.spellings(name).first().copied() else { continue };
            let mut c = item(
                title,
                format!("{hashes} {title}"),
                replace.clone(),
                CompletionItemKind::MODULE,
                1,
            );
            c.detail = Some("section".to_owned());
            c.help = help::markdown(Element::Section, name);
            out.push(c);
        }
    }
    out.push(new_entry(request, replace.clone()));
    if record.family_composition.is_none() {
        let mut c = item(
            "Family composition",
            "# Family composition".to_owned(),
            replace,
            CompletionItemKind::MODULE,
            2,
        );
        c.help = help::markdown(Element::RecordSection, "family-composition");
        out.push(c);
    }
    // The typed text starts with `#`: match it against the heading line.
    for c in &mut out {
        let first_line = c
            .insert
            .lines()
            .next()
            .unwrap_or("")
            .replace("${1:", "")
            .replace("${2:", "")
            .replace('}', "");
        c.filter = Some(first_line);
    }
    out
}

/// Field keys, labels, the new-entry template and names at a line start.
fn line_start_items(
    request: &Request,
    replace: Range<usize>,
    emphasis: &str,
    bare_line: bool,
    line_start: usize,
) -> Vec<Candidate> {
    let record = request.record;
    let mut out = Vec::new();
    if bare_line {
        out.push(new_entry(request, line_start..request.offset));
    }
    let close = |key: &str| {
        if emphasis.is_empty() {
            format!("{key}: ")
        } else {
            format!("{key}:{emphasis} ")
        }
    };
    if entry_at(record, request.offset).is_some_and(|e| e.span.contains(&request.offset)) {
        for name in Element::Field.canonical_names() {
            let Some(key) = Element::Field.spellings(name).first().copied() else { continue };
            let mut c = item(key, close(key), replace.clone(), CompletionItemKind::FIELD, 1);
            c.detail = Some("field".to_owned());
            c.help = help::markdown(Element::Field, name);
            out.push(c);
        }
    }
    for name in Element::Label.canonical_names() {
        for label in Element::Label.spellings(name) {
            let mut c = item(label, close(label), replace.clone(), CompletionItemKind::KEYWORD, 2);
            c.detail = Some("label".to_owned());
            c.help = help::markdown(Element::Label, name);
            out.push(c);
        }
    }
    let prefix = &record.text[line_start..request.offset];
    out.extend(names(record, prefix, request.offset, 3));
    out
}

/// Values after `Key:`: contact types, names, frequencies, dates.
fn values(
    request: &Request,
    key: &str,
    line_start: usize,
    value_start: usize,
    offset: usize,
) -> Vec<Candidate> {
    let record = request.record;
    let v = vocabulary::get();
    let value = &record.text[value_start..offset];
    // The current item of a comma-separated list.
    let item_start = value_start + value.rfind(',').map_or(0, |i| i + 1);
    let item_start = item_start
        + (record.text[item_start..offset].len()
            - record.text[item_start..offset].trim_start().len());
    let replace = item_start..offset;
    let field = Vocabulary::canonical(&v.fields, key);
    let label = Vocabulary::canonical(&v.labels, key);
    let simple = |values: Vec<String>, kind| {
        values
            .into_iter()
            .map(|value| item(&value, value.clone(), replace.clone(), kind, 1))
            .collect::<Vec<_>>()
    };
    match (field, label) {
        (Some("contact"), _) => {
            let mut out = Vec::new();
            for (kind, phrases) in &v.contact_types {
                for phrase in phrases {
                    let mut c = item(
                        phrase,
                        phrase.clone(),
                        replace.clone(),
                        CompletionItemKind::ENUM_MEMBER,
                        1,
                    );
                    c.detail = Some(format!("contact type: {kind}"));
                    c.help = help::text(Element::ContactType, kind).map(str::to_owned);
                    out.push(c);
                }
            }
            out.extend(simple(
                Vocabulary::words(&v.contact_qualifiers, "words").to_vec(),
                CompletionItemKind::ENUM_MEMBER,
            ));
            out
        }
        (Some("frequency"), _) => simple(
            FREQUENCIES.iter().map(|f| (*f).to_owned()).collect(),
            CompletionItemKind::ENUM_MEMBER,
        ),
        (Some("recorded"), _) => {
            simple(vec![request.today.format("%Y-%m-%d").to_string()], CompletionItemKind::VALUE)
        }
        (Some("seen-alone"), _) => {
            simple(vec!["yes".to_owned(), "no, because ".to_owned()], CompletionItemKind::VALUE)
        }
        (Some("author"), _) => {
            simple(record.front_matter.worker.iter().cloned().collect(), CompletionItemKind::VALUE)
        }
        (_, Some("endorsement")) => {
            let date = crate::fixes::uk_date(request.today);
            let mut c = item(
                &format!("NAME, Team Manager, {date}"),
                format!(", Team Manager, {date}"),
                offset..offset,
                CompletionItemKind::SNIPPET,
                1,
            );
            if request.snippets {
                c.insert = format!("${{1:NAME}}, ${{2:Team Manager}}, {date}");
                c.snippet = true;
            }
            c.replace = replace;
            vec![c]
        }
        _ => {
            let _ = line_start;
            names(record, &record.text[item_start..offset], offset, 1)
        }
    }
}

/// Escapes text for a snippet (`$`, `}` and `\`).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('$', "\\$").replace('}', "\\}")
}

/// A dated entry template with today's date.
fn new_entry(request: &Request, replace: Range<usize>) -> Candidate {
    let record = request.record;
    let level = record.entries.first().map_or(2, |e| usize::from(e.heading.level));
    let hashes = "#".repeat(level);
    let sub = "#".repeat(level + 1);
    let date = request.today.format("%Y-%m-%d").to_string();
    let people: Vec<String> =
        record.front_matter.children.iter().chain(&record.front_matter.parents).cloned().collect();
    let present = if people.is_empty() { "NAMES".to_owned() } else { people.join(", ") };
    let frequency = record.front_matter.contact_frequency.is_none();
    let (insert, snippet) = if request.snippets {
        let mut lines = vec![
            format!("{hashes} {date} ${{1:14:00}} — ${{2:Home visit}}"),
            String::new(),
            format!("Recorded: {date}"),
            "Contact: ${3:home visit, announced}".to_owned(),
            format!("Present: ${{4:{}}}", escape(&present)),
        ];
        if frequency {
            lines.push("Frequency: ${5:weekly}".to_owned());
        }
        lines.extend([
            String::new(),
            format!("{sub} Observations"),
            String::new(),
            "$0".to_owned(),
            String::new(),
            format!("{sub} Wishes and feelings"),
            String::new(),
            format!("{sub} Analysis"),
            String::new(),
        ]);
        (lines.join("\n"), true)
    } else {
        let mut lines = vec![
            format!("{hashes} {date} — Home visit"),
            String::new(),
            format!("Recorded: {date}"),
            "Contact: home visit, announced".to_owned(),
            format!("Present: {present}"),
        ];
        if frequency {
            lines.push("Frequency: weekly".to_owned());
        }
        lines.extend([
            String::new(),
            format!("{sub} Observations"),
            String::new(),
            String::new(),
            format!("{sub} Wishes and feelings"),
            String::new(),
            format!("{sub} Analysis"),
            String::new(),
        ]);
        (lines.join("\n"), false)
    };
    Candidate {
        label: format!("New entry ({date})"),
        insert,
        replace,
        kind: CompletionItemKind::SNIPPET,
        detail: Some("a dated entry with fields and sections".to_owned()),
        help: None,
        group: 0,
        snippet,
        filter: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_genogram_line_start_offers_every_keyword() {
        let text = "# Family composition\n\n```genogram\nperson Amy Brown: mother\nfo\n```\n";
        let record = crate::parse::parse(text);
        let line_start = text.find("fo\n").unwrap();
        let offset = line_start + 2;
        let labels: Vec<String> = genogram_lines(&record, line_start, offset, "fo")
            .into_iter()
            .inspect(|c| assert_eq!(c.replace, line_start..offset))
            .map(|c| c.label)
            .collect();
        assert_eq!(
            labels,
            [
                "person",
                "couple",
                "children of",
                "updated:",
                "adopted children of",
                "foster children of",
                "twins:",
                "relationship",
                "contact",
                "issue"
            ]
        );
    }
}
