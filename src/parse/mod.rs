//! From text to [`Record`]: front matter, then pulldown-cmark's offset
//! iterator for the Markdown structure, then the record format on top
//! (entries, fields, sections, labels, sentences). Parsing never fails.

pub mod assemble;
pub mod dates;
pub mod frequency;
pub mod front_matter;
pub mod genogram;
mod markdown;
pub mod sentences;
pub mod text_mask;
pub mod units;
pub mod words;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{
    Block, ContactKind, Entry, Field, Heading, Label, LabelKind, Record, Section, SectionKind,
    Sentence, Voice,
};
use crate::vocabulary::{self, normalise, Vocabulary};
use genogram::Genogram;
use markdown::{Outline, RawBlock};

/// Parses a record. Never fails: what cannot be understood is left out and
/// reported by the rules that need it.
pub fn parse(text: &str) -> Record<'_> {
    let front_matter = front_matter::parse(text);
    let mut prose = text.to_string();
    let front_span = front_matter.span.clone();
    if let Some(span) = &front_span {
        text_mask::blank(&mut prose, span.clone());
    }
    // Comments after the front matter (a `<!--` inside it is YAML text), as
    // the Markdown parser reads them: never inside code. Inline ones are
    // blanked before the outline is read, those in HTML blocks after.
    let markdown::Comments { all: comments, inline } =
        markdown::comments(&prose, front_span.as_ref().map_or(0, |f| f.end));
    for comment in &inline {
        text_mask::blank(&mut prose, comment.clone());
    }

    let mut outline = markdown::outline(&prose);
    outline.snap_to(text);
    for comment in &comments {
        text_mask::blank(&mut prose, comment.clone());
    }
    let mut code_spans: Vec<Range<usize>> = front_span.iter().cloned().collect();
    for code in outline
        .code_blocks
        .iter()
        .map(|c| c.span.clone())
        .chain(outline.inline_code.iter().cloned())
    {
        text_mask::blank(&mut prose, code.clone());
        code_spans.push(code);
    }
    // In text order, as every other list of spans.
    code_spans.sort_by_key(|span| span.start);
    let genogram = outline
        .code_blocks
        .iter()
        .find(|c| {
            c.info.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("genogram"))
        })
        .map(|c| Genogram::parse(&text[c.body.clone()], c.body.start, c.span.clone()));

    let headings = outline.headings.clone();
    let mut entries = find_entries(text, &prose, &headings, &comments);
    let family_composition = headings
        .iter()
        .find(|h| {
            !entries.iter().any(|e| e.span.contains(&h.span.start))
                && Vocabulary::canonical(&vocabulary::get().record_sections, &h.text)
                    == Some("family-composition")
        })
        .cloned();

    let mut quotes = Vec::new();
    let blocks = build_blocks(&prose, &outline, &mut entries, &mut quotes);
    for (index, entry) in entries.iter_mut().enumerate() {
        let first = blocks.partition_point(|b| b.span.start < entry.span.start);
        let end = blocks.partition_point(|b| b.span.start < entry.span.end);
        entry.blocks = first..end;
        debug_assert!(blocks[first..end].iter().all(|b| b.entry.is_none_or(|e| e >= index)));
    }
    for entry in &entries {
        for field in &entry.fields {
            quotes.extend(text_mask::quotes(&prose, field.value_span.clone()));
        }
    }
    for heading in &headings {
        quotes.extend(text_mask::quotes(&prose, heading.text_span.clone()));
    }
    quotes.sort_by_key(|q| q.start);
    let mut unquoted = prose.clone();
    for quote in &quotes {
        text_mask::blank(&mut unquoted, quote.clone());
    }

    Record {
        text,
        prose: prose.into(),
        unquoted: unquoted.into(),
        front_matter,
        entries,
        blocks,
        headings,
        family_composition,
        genogram,
        code_spans,
        comments,
        quotes,
    }
}

/// Entries: headings whose text begins with a date, each running to the
/// next heading of the same or a higher level.
fn find_entries(
    text: &str,
    prose: &str,
    headings: &[Heading],
    comments: &[Range<usize>],
) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        let Some((date, date_len)) = dates::leading_date(&heading.text) else { continue };
        let next = headings[i + 1..]
            .iter()
            .position(|h| h.level <= heading.level)
            .map_or(headings.len(), |k| i + 1 + k);
        let end = headings.get(next).map_or(text.len(), |h| h.span.start);
        let text_start = heading.text_span.start;
        let title_raw = &heading.text[date_len..];
        let title =
            title_raw.trim_start_matches(|c: char| c.is_whitespace() || "—–-:,".contains(c));
        let title_start =
            text_start + (heading.text.len() - title.len()).min(heading.text_span.len());
        let title = title.trim_end().to_string();
        let sections = find_sections(&headings[i + 1..next], heading, heading.span.end..end);
        let body_end = sections.first().map_or(end, |s| s.span.start);
        let fields = find_fields(prose, heading.span.end..body_end, comments);
        let mut entry = Entry {
            heading: heading.clone(),
            date: date.date,
            date_span: text_start + date.span.start..text_start + date.span.end,
            title_span: title_start..title_start + title.len(),
            title,
            span: heading.span.start..end,
            fields,
            sections,
            kind: ContactKind::Unknown,
            blocks: 0..0,
        };
        entry.kind = contact_kind(&entry);
        entries.push(entry);
    }
    entries
}

fn find_sections(headings: &[Heading], entry: &Heading, span: Range<usize>) -> Vec<Section> {
    // `headings` are those inside the entry, all deeper than its heading.
    let inner: Vec<&Heading> = headings.iter().filter(|h| h.level > entry.level).collect();
    inner
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let end = inner[i + 1..]
                .iter()
                .find(|n| n.level <= h.level)
                .map_or(span.end, |n| n.span.start);
            Section { kind: section_kind(&h.text), heading: (*h).clone(), span: h.span.start..end }
        })
        .collect()
}

fn section_kind(name: &str) -> SectionKind {
    match Vocabulary::canonical(&vocabulary::get().sections, name.trim_end_matches(':')) {
        Some("observations") => SectionKind::Observations,
        Some("analysis") => SectionKind::Analysis,
        Some("hypotheses") => SectionKind::Hypotheses,
        Some("wishes-and-feelings") => SectionKind::WishesAndFeelings,
        Some("parents-views") => SectionKind::ParentsViews,
        Some("decision") => SectionKind::Decision,
        Some("next-steps") => SectionKind::NextSteps,
        Some("management-oversight") => SectionKind::ManagementOversight,
        _ => SectionKind::Other,
    }
}

static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__|\*|_)?[ \t]*(?P<key>[A-Za-z][A-Za-z'’ /-]*?)[ \t]*(?:\*\*|__|\*|_)?[ \t]*:(?:\*\*|__|\*|_)?(?:[ \t]+(?P<value>.*?))?[ \t]*$")
        .expect("field pattern")
});

/// The label kind named by `key`, if it is a label.
fn label_kind(key: &str) -> Option<LabelKind> {
    Some(match Vocabulary::canonical(&vocabulary::get().labels, key)? {
        "fact" => LabelKind::Fact,
        "opinion" => LabelKind::Opinion,
        "hypothesis" => LabelKind::Hypothesis,
        "wishes-and-feelings" => LabelKind::WishesAndFeelings,
        "decision" => LabelKind::Decision,
        "endorsement" => LabelKind::Endorsement,
        "significant-event" => LabelKind::SignificantEvent,
        "impact" => LabelKind::Impact,
        _ => LabelKind::JointDecision,
    })
}

/// The `Key: value` lines at the start of an entry's body (SPEC §3.2).
fn find_fields(prose: &str, body: Range<usize>, comments: &[Range<usize>]) -> Vec<Field> {
    let fields_vocabulary = &vocabulary::get().fields;
    let mut fields = Vec::new();
    let mut offset = body.start;
    for line in prose[body.clone()].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            // Blank lines before the first field, and lines holding only a
            // comment, do not end the field block.
            let only_comment = comments.iter().any(|c| c.start >= line_start && c.start < offset);
            if fields.is_empty() || only_comment {
                continue;
            }
            break;
        }
        let Some(captures) = FIELD_LINE.captures(content) else { break };
        let key = captures.name("key").expect("key").as_str().trim();
        if key.split_whitespace().count() > 4 || label_kind(key).is_some() {
            break;
        }
        let (value, value_span) = match captures.name("value") {
            Some(v) => (v.as_str().to_string(), line_start + v.start()..line_start + v.end()),
            None => (String::new(), line_start + content.len()..line_start + content.len()),
        };
        let name = Vocabulary::canonical(fields_vocabulary, key).map(|n| {
            // The canonical names are `&'static` through the static vocabulary.
            fields_vocabulary.get_key_value(n).expect("known").0.as_str()
        });
        fields.push(Field {
            name,
            key: key.to_string(),
            value,
            value_span,
            line_span: line_start..line_start + content.len(),
        });
    }
    fields
}

/// The entry's type: the earliest contact type named in its `Contact` field,
/// else in its title.
fn contact_kind(entry: &Entry) -> ContactKind {
    let contact = Record::field(entry, "contact").map(|f| f.value.as_str()).unwrap_or("");
    [contact, entry.title.as_str()]
        .into_iter()
        .find_map(contact_kind_in)
        .unwrap_or(ContactKind::Unknown)
}

/// The kind of the earliest contact type phrase in `text`.
pub fn contact_kind_in(text: &str) -> Option<ContactKind> {
    static CONTACT_TYPES: LazyLock<words::PhraseSet<ContactKind>> = LazyLock::new(|| {
        words::PhraseSet::new(vocabulary::get().contact_types.iter().flat_map(
            |(kind_name, phrases)| {
                phrases.iter().map(|phrase| (words::phrase(phrase), kind_of(kind_name, phrase)))
            },
        ))
    });
    let found = words::words(text, 0..text.len());
    // The earliest, and of those the longest.
    CONTACT_TYPES
        .find_all(&found)
        .into_iter()
        .min_by_key(|&(at, len, _)| (at, usize::MAX - len))
        .map(|m| m.2)
}

fn kind_of(kind_name: &str, phrase: &str) -> ContactKind {
    match (kind_name, phrase) {
        ("correspondence", _) => ContactKind::Correspondence,
        ("not-contact", "management oversight") => ContactKind::ManagementOversight,
        ("not-contact", "supervision") => ContactKind::Supervision,
        ("not-contact", _) => ContactKind::CaseNote,
        _ => ContactKind::Contact,
    }
}

static BLOCK_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let mut labels: Vec<String> = vocabulary::get()
        .labels
        .values()
        .flatten()
        .map(|l| regex::escape(l).replace('\'', "['’]"))
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    Regex::new(&format!(
        r"(?i)^(?:\*\*|__|\*|_)?[ \t]*(?P<label>{})[ \t]*(?:\*\*|__|\*|_)?[ \t]*:(?:[ \t]*(?:\*\*|__|\*|_))?",
        labels.join("|")
    ))
    .expect("label pattern")
});

static INLINE_LABEL: LazyLock<Vec<(Vec<String>, Voice)>> = LazyLock::new(|| {
    let v = vocabulary::get();
    let opinion = Vocabulary::words(&v.inline_labels, "opinion")
        .iter()
        .map(|p| (words::phrase(p), Voice::Opinion));
    let hypothesis = Vocabulary::words(&v.inline_labels, "hypothesis")
        .iter()
        .map(|p| (words::phrase(p), Voice::Hypothesis));
    opinion.chain(hypothesis).collect()
});

/// Paragraphs, list items and table cells with their entry, section,
/// label, voice and sentences.
fn build_blocks(
    prose: &str,
    outline: &Outline,
    entries: &mut [Entry],
    quotes: &mut Vec<Range<usize>>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let owners: Vec<Option<usize>> = {
        let mut sweep = EntrySweep::new(entries);
        outline.blocks.iter().map(|b| sweep.at(b.span.start)).collect()
    };
    // Per entry, its sections' parents, worked out at its first block.
    let mut parents: Vec<Option<Vec<Option<usize>>>> = vec![None; entries.len()];
    for (raw, entry_index) in outline.blocks.iter().zip(owners) {
        let RawBlock { kind, span } = raw.clone();
        let mut start = span.start;
        if let Some(entry) = entry_index.map(|i| &entries[i]) {
            // Field lines are not sentences.
            if let Some(last) = entry.fields.iter().rev().find(|f| f.line_span.start < span.end) {
                // (A lone CR ends a line for the Markdown parser, not for
                // the field reader: never start past the block's end.)
                start = start.max(last.line_span.end).min(span.end);
            }
        }
        let mut span = start..span.end;
        let trimmed = prose[span.clone()].trim();
        if trimmed.is_empty() {
            continue;
        }
        span.start += prose[span.clone()].find(trimmed).unwrap_or(0);
        span.end = span.start + trimmed.len();

        let text = &prose[span.clone()];
        let label = BLOCK_LABEL.captures(text).and_then(|c| {
            let kind = label_kind(c.name("label")?.as_str())?;
            Some(Label { kind, span: span.start..span.start + c.get(0)?.end() })
        });
        let entry = entry_index.map(|i| &entries[i]);
        let section = entry_index.and_then(|i| {
            let parents = parents[i].get_or_insert_with(|| section_parents(&entries[i]));
            innermost_section(&entries[i], parents, span.start)
        });
        let voice =
            block_voice(entry, section.map(|s| &entry.expect("entry").sections[s]), label.as_ref());
        let sentence_start = label.as_ref().map_or(span.start, |l| l.span.end);
        quotes.extend(text_mask::quotes(prose, sentence_start..span.end));
        let sentences = sentences::split(prose, sentence_start..span.end)
            .into_iter()
            .map(|s| Sentence { inline_label: inline_label(prose, &s), span: s })
            .collect();
        blocks.push(Block { kind, span, label, entry: entry_index, section, voice, sentences });
    }
    blocks
}

/// For each offset (ascending), the innermost entry holding it: a sweep
/// over entries in document order with a stack of the open ones.
struct EntrySweep<'e> {
    entries: &'e [Entry],
    next: usize,
    open: Vec<usize>,
}

impl<'e> EntrySweep<'e> {
    fn new(entries: &'e [Entry]) -> Self {
        EntrySweep { entries, next: 0, open: Vec::new() }
    }

    fn at(&mut self, offset: usize) -> Option<usize> {
        while self.next < self.entries.len() && self.entries[self.next].span.start <= offset {
            self.open.push(self.next);
            self.next += 1;
        }
        self.open.retain(|&i| self.entries[i].span.end > offset);
        self.open.last().copied()
    }
}

/// The innermost section of `entry` holding `offset` whose kind has a
/// meaning; else the innermost one. `parents` is [`section_parents`] of
/// the entry: sections nest (each runs to the next heading of its level),
/// so the sections holding an offset are the last one starting before it
/// and its parents, at most six deep, found without reading the others.
fn innermost_section(entry: &Entry, parents: &[Option<usize>], offset: usize) -> Option<usize> {
    let sections = &entry.sections;
    let mut at = sections.partition_point(|s| s.span.start <= offset).checked_sub(1);
    while let Some(i) = at.filter(|&i| !sections[i].span.contains(&offset)) {
        at = parents[i];
    }
    let innermost = at?;
    let mut meaningful = Some(innermost);
    while let Some(i) = meaningful.filter(|&i| sections[i].kind == SectionKind::Other) {
        meaningful = parents[i];
    }
    meaningful.or(Some(innermost))
}

/// Each section's parent: the innermost earlier section holding its start.
fn section_parents(entry: &Entry) -> Vec<Option<usize>> {
    let sections = &entry.sections;
    let mut open: Vec<usize> = Vec::new();
    let mut parents = Vec::with_capacity(sections.len());
    for (i, section) in sections.iter().enumerate() {
        while open.last().is_some_and(|&o| !sections[o].span.contains(&section.span.start)) {
            open.pop();
        }
        parents.push(open.last().copied());
        open.push(i);
    }
    parents
}

fn block_voice(entry: Option<&Entry>, section: Option<&Section>, label: Option<&Label>) -> Voice {
    if entry.is_some_and(|e| e.kind == ContactKind::ManagementOversight) {
        return Voice::Decision;
    }
    if let Some(label) = label {
        return match label.kind {
            LabelKind::Fact | LabelKind::WishesAndFeelings | LabelKind::SignificantEvent => {
                Voice::Fact
            }
            LabelKind::Opinion | LabelKind::Impact => Voice::Opinion,
            LabelKind::Hypothesis => Voice::Hypothesis,
            LabelKind::Decision | LabelKind::Endorsement | LabelKind::JointDecision => {
                Voice::Decision
            }
        };
    }
    match section.map(|s| s.kind) {
        Some(SectionKind::Analysis) => Voice::Opinion,
        Some(SectionKind::Hypotheses) => Voice::Hypothesis,
        Some(SectionKind::Decision | SectionKind::ManagementOversight) => Voice::Decision,
        _ => Voice::Fact,
    }
}

fn inline_label(prose: &str, sentence: &Range<usize>) -> Option<Voice> {
    static LONGEST: LazyLock<usize> =
        LazyLock::new(|| INLINE_LABEL.iter().map(|(p, _)| p.len()).max().unwrap_or(0));
    let found: Vec<words::Word> =
        words::word_iter(prose, sentence.clone()).take(*LONGEST).collect();
    let opening = &prose[sentence.start..found.first()?.span.start];
    if opening.chars().any(char::is_alphanumeric) {
        return None;
    }
    INLINE_LABEL
        .iter()
        .find(|(phrase, _)| {
            found.len() >= phrase.len() && found.iter().zip(phrase).all(|(w, p)| w.lower == *p)
        })
        .map(|(_, voice)| *voice)
}

/// Heading text without `#` marks, closing `#`s or surrounding emphasis.
pub(crate) fn heading_text(line: &str) -> (usize, &str) {
    let without_hashes = line.trim_start().trim_start_matches('#');
    let inner = without_hashes.trim().trim_end_matches('#').trim_end();
    let inner = inner.trim_matches(|c| c == '*' || c == '_').trim();
    let start = line.find(inner).unwrap_or(0);
    (start, inner)
}

/// Text normalised for comparing names and labels.
pub fn same_words(a: &str, b: &str) -> bool {
    normalise(a) == normalise(b)
}
