//! Building blocks for quick fixes: where in an entry a field, a section or
//! a line goes, written in the style the entry already uses.

use crate::diagnostic::Fix;
use crate::model::{Entry, Record};

/// Adds `Key: value` fields at the end of the entry's field block (or right
/// under its heading), in the entry's style (`- Key:` or `**Key:**`).
pub fn add_fields(record: &Record, entry: &Entry, title: &str, fields: &[(&str, &str)]) -> Fix {
    let style = entry.fields.last().map(|f| &record.text[f.line_span.clone()]);
    let line = |key: &str, value: &str| match style {
        Some(s) if s.trim_start().starts_with("- ") => format!("- {key}: {value}"),
        Some(s) if s.trim_start().starts_with("**") => format!("**{key}:** {value}"),
        _ => format!("{key}: {value}"),
    };
    let lines: Vec<String> = fields.iter().map(|(k, v)| line(k, v)).collect();
    match entry.fields.last() {
        Some(last) => Fix::insert(title, last.line_span.end, format!("\n{}", lines.join("\n"))),
        None => Fix::insert(title, entry.heading.span.end, format!("\n\n{}", lines.join("\n"))),
    }
}

/// Appends `block` (Markdown, without surrounding blank lines) at the end of
/// the entry, after its last non-blank text.
pub fn append_to_entry(record: &Record, entry: &Entry, title: &str, block: &str) -> Fix {
    let body = &record.text[entry.span.clone()];
    let end = entry.span.start + body.trim_end().len();
    Fix::insert(title, end, format!("\n\n{block}"))
}

/// A section heading one level below the entry's heading.
pub fn section_heading(entry: &Entry, name: &str) -> String {
    format!("{} {name}", "#".repeat(usize::from(entry.heading.level) + 1))
}

/// A date in the UK form records use: `25/11/2026`.
pub fn uk_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The sentence with its first word in lower case when it is a common
/// opening word (`The`, `This`, `There`), so that a phrase can go before it;
/// names keep their capital.
pub fn after_opening_phrase(sentence: &str) -> String {
    const LOWER: &[&str] = &[
        "The", "This", "That", "These", "Those", "There", "It", "A", "An", "His", "Her", "Their",
        "Its", "He", "She", "They", "Both", "Each", "All", "Perhaps",
    ];
    let first = sentence.split_whitespace().next().unwrap_or("");
    let bare = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if LOWER.contains(&bare) {
        let mut chars = sentence.chars();
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
    } else {
        sentence.to_string()
    }
}

/// Opens the sentence at `span` with `phrase` (`In my opinion, `).
pub fn open_sentence_with(
    record: &Record,
    span: &std::ops::Range<usize>,
    title: &str,
    phrase: &str,
) -> Fix {
    let sentence = &record.text[span.clone()];
    let first_end = sentence.find(char::is_whitespace).unwrap_or(sentence.len());
    let first = after_opening_phrase(&sentence[..first_end]);
    Fix::replace(title, span.start..span.start + first_end, format!("{phrase}{first}"))
}

/// Moves the sentence at `span` to the end of the entry's first section of
/// `kind`, or to a new section `name` at the end of the entry.
pub fn move_sentence_to_section(
    record: &Record,
    entry: &Entry,
    span: &std::ops::Range<usize>,
    kind: crate::model::SectionKind,
    name: &str,
) -> Fix {
    let title = format!("Move the sentence under \"{name}\"");
    let sentence = record.text[span.clone()].to_string();
    // Remove the sentence and the spaces that separated it from its
    // neighbour on the same line (after it, or before it at a line's end).
    let after = &record.text[span.end..];
    let trailing = after.len() - after.trim_start_matches([' ', '\t']).len();
    let at_line_end = after[trailing..].is_empty() || after[trailing..].starts_with(['\n', '\r']);
    let before = &record.text[..span.start];
    let leading = before.len() - before.trim_end_matches([' ', '\t']).len();
    let removal_span = if at_line_end {
        span.start - leading..span.end + trailing
    } else {
        span.start..span.end + trailing
    };
    let removal = crate::diagnostic::Edit { span: removal_span, text: String::new() };
    let insertion = match entry.sections.iter().find(|s| s.kind == kind) {
        Some(section) => {
            let body = &record.text[section.span.clone()];
            let end = section.span.start + body.trim_end().len();
            crate::diagnostic::Edit { span: end..end, text: format!("\n\n{sentence}") }
        }
        None => {
            let body = &record.text[entry.span.clone()];
            let end = entry.span.start + body.trim_end().len();
            crate::diagnostic::Edit {
                span: end..end,
                text: format!("\n\n{}\n\n{sentence}", section_heading(entry, name)),
            }
        }
    };
    if insertion.span.start >= removal.span.start && insertion.span.start <= removal.span.end {
        // The sentence already ends the entry: only the heading goes before it.
        let heading = format!("{}\n\n", section_heading(entry, name));
        return Fix::insert(title, span.start, heading);
    }
    Fix { title, edits: vec![removal, insertion] }
}

/// A genogram block started from the front matter's children and parents.
pub fn genogram_skeleton(record: &Record, today: chrono::NaiveDate) -> String {
    let front = &record.front_matter;
    let mut lines =
        vec!["```genogram".to_string(), format!("updated: {}", today.format("%Y-%m-%d"))];
    for child in &front.children {
        let born = match (front.children.len(), front.born) {
            (1, Some(date)) => format!(", born {}", chrono::Datelike::year(&date)),
            _ => String::new(),
        };
        lines.push(format!("person {child}: child{born}, household"));
    }
    for parent in &front.parents {
        lines.push(format!("person {parent}: parent, PR"));
    }
    if !front.children.is_empty() && (1..=2).contains(&front.parents.len()) {
        lines.push(format!(
            "children of {}: {}",
            front.parents.join(" & "),
            front.children.join(", ")
        ));
    }
    lines.push("```".to_string());
    lines.join("\n")
}

/// Where record-level text goes: right after the front matter (or at the top).
pub fn after_front_matter(record: &Record) -> usize {
    record.front_matter.span.as_ref().map_or(0, |s| s.end)
}
