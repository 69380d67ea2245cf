//! Hover: over a finding, its rule's explanation; over a label, section
//! heading, field key, front-matter key or entry heading, what it means in
//! the record format.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::model::{Record, Voice};
use crate::rules;
use crate::vocabulary::{self, Vocabulary};

use super::help::{self, Element};

/// The Markdown to show at byte `offset` and the span it is about, if any.
pub fn hover(
    record: &Record,
    findings: &[Diagnostic],
    offset: usize,
) -> Option<(String, Range<usize>)> {
    let mut parts = Vec::new();
    let mut about: Option<Range<usize>> = None;
    let mut seen = Vec::new();
    for finding in findings.iter().filter(|f| covers(&f.span, offset)) {
        if seen.contains(&finding.rule) {
            continue;
        }
        seen.push(finding.rule);
        parts.push(explain_finding(finding));
        about.get_or_insert(finding.span.clone());
    }
    if let Some((text, span)) = element(record, offset) {
        parts.push(text);
        about.get_or_insert(span);
    }
    (!parts.is_empty()).then(|| (parts.join("\n\n---\n\n"), about.unwrap_or(offset..offset)))
}

fn covers(span: &Range<usize>, offset: usize) -> bool {
    span.contains(&offset) || (span.is_empty() && span.start == offset)
}

/// A finding's message followed by its rule's documentation.
pub fn explain_finding(finding: &Diagnostic) -> String {
    let mut out =
        format!("**casenote: `{}`** ({})\n\n{}", finding.rule, finding.severity, finding.message);
    if let Some(meta) = rules::meta(finding.rule) {
        out.push_str(&format!(
            "\n\n*Principle: {}.*\n\n{}",
            meta.principle.title(),
            meta.doc.trim()
        ));
    }
    out
}

/// The format element at `offset`, explained.
fn element(record: &Record, offset: usize) -> Option<(String, Range<usize>)> {
    if let Some(found) = front_matter_key(record, offset) {
        return Some(found);
    }
    let v = vocabulary::get();
    if let Some(heading) = &record.family_composition {
        if heading.span.contains(&offset) {
            let name = Vocabulary::canonical(&v.record_sections, &heading.text)?;
            return Some((help::markdown(Element::RecordSection, name)?, heading.span.clone()));
        }
    }
    let entry = record.entries.iter().rev().find(|e| e.span.contains(&offset))?;
    if entry.heading.span.contains(&offset) {
        return Some((entry_heading(entry), entry.heading.span.clone()));
    }
    for section in entry.sections.iter().rev() {
        if section.heading.span.contains(&offset) {
            let name = section.heading.text.trim_end_matches(':');
            let text = match Vocabulary::canonical(&v.sections, name) {
                Some(canonical) => help::markdown(Element::Section, canonical)?,
                None => format!(
                    "**{}** (section)\n\nA heading with no meaning in the record format: unlabelled sentences under it are read as fact.",
                    section.heading.text
                ),
            };
            return Some((text, section.heading.span.clone()));
        }
    }
    for field in &entry.fields {
        let line = &record.text[field.line_span.clone()];
        let Some(at) = line.find(field.key.as_str()) else { continue };
        let span = field.line_span.start + at..field.line_span.start + at + field.key.len();
        if span.contains(&offset) {
            let text = match field.name {
                Some(name) => help::markdown(Element::Field, name)?,
                None => format!(
                    "**{}** (field)\n\nA field with no meaning in the record format.",
                    field.key
                ),
            };
            return Some((text, span));
        }
    }
    for block in record.entry_blocks(record.entries.iter().position(|e| std::ptr::eq(e, entry))?) {
        if let Some(label) = &block.label {
            if label.span.contains(&offset) {
                let name = label_name(label.kind);
                return Some((help::markdown(Element::Label, name)?, label.span.clone()));
            }
        }
        for sentence in &block.sentences {
            let Some(voice) = sentence.inline_label else { continue };
            let canonical = if voice == Voice::Hypothesis { "hypothesis" } else { "opinion" };
            let opening = inline_label_span(record.text, sentence.span.start, canonical);
            if opening.as_ref().is_some_and(|span| span.contains(&offset)) {
                return Some((help::markdown(Element::InlineLabel, canonical)?, opening?));
            }
        }
    }
    None
}

fn label_name(kind: crate::model::LabelKind) -> &'static str {
    use crate::model::LabelKind::*;
    match kind {
        Fact => "fact",
        Opinion => "opinion",
        Hypothesis => "hypothesis",
        WishesAndFeelings => "wishes-and-feelings",
        Decision => "decision",
        Endorsement => "endorsement",
        JointDecision => "joint-decision",
        SignificantEvent => "significant-event",
        Impact => "impact",
    }
}

/// The span of the longest inline-label phrase opening the sentence at `start`.
fn inline_label_span(text: &str, start: usize, canonical: &str) -> Option<Range<usize>> {
    let rest = text.get(start..)?;
    Vocabulary::words(&vocabulary::get().inline_labels, canonical)
        .iter()
        .filter(|phrase| {
            rest.get(..phrase.len()).is_some_and(|head| head.eq_ignore_ascii_case(phrase))
        })
        .map(|phrase| start..start + phrase.len())
        .max_by_key(|span| span.len())
}

/// A front-matter key (`agency:`) at the start of a line of the front matter.
fn front_matter_key(record: &Record, offset: usize) -> Option<(String, Range<usize>)> {
    let span = record.front_matter.span.clone()?;
    if !span.contains(&offset) {
        return None;
    }
    let line_start = record.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &record.text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let key = line.split(':').next()?;
    if key.is_empty() || key.starts_with(char::is_whitespace) || !line.contains(':') {
        return None;
    }
    let key_span = line_start..line_start + key.len();
    if !key_span.contains(&offset) {
        return None;
    }
    Some((help::markdown(Element::FrontMatter, key.trim())?, key_span))
}

/// What an entry heading says: its date, title and kind.
fn entry_heading(entry: &crate::model::Entry) -> String {
    let date = match entry.date {
        Some(date) => date.format("%A %-d %B %Y").to_string(),
        None => "a date that does not exist".to_owned(),
    };
    let kind = match entry.kind {
        crate::model::ContactKind::Contact => "a contact: record who took part, their wishes and feelings, and the nature and frequency of contact",
        crate::model::ContactKind::Correspondence => "correspondence, not a contact",
        crate::model::ContactKind::ManagementOversight => "management oversight: judgements and decisions by nature",
        crate::model::ContactKind::CaseNote => "a case note, not a contact",
        crate::model::ContactKind::Supervision => "supervision, not a contact",
        crate::model::ContactKind::Unknown => "no recognisable contact type: add a `Contact:` field or name the type in the title",
    };
    let title = if entry.title.is_empty() { String::new() } else { format!(": {}", entry.title) };
    format!("**Entry** of {date}{title}\n\nThis entry is {kind}.")
}
