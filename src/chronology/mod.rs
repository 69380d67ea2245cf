//! Chronologies (SPEC §3.6), pure: a record's significant events, and the
//! multi-agency chronology of each child merged from several records.
//!
//! - [`detect`] reads a sentence for an unlabelled event (a family change
//!   or an incident), for this module and the rules `stale-genogram` and
//!   `unconfirmed-significant-event`;
//! - this file lists one record's events ([`events`]) and what the merge
//!   needs of it ([`RecordEvents`]);
//! - [`merge`] groups records by child, orders the rows and finds the
//!   patterns (accumulating concern, gaps in contact);
//! - [`render`] writes Markdown, CSV, JSON and HTML.
//!
//! Text, not files: the CLI and the language server read the records.

pub mod detect;
pub mod merge;
pub mod render;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::model::{Block, ContactKind, Entry, Frequency, LabelKind, Record, Span, Voice};

/// How an event came to be in the chronology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A `Significant event:` line.
    Labelled,
    /// An entry whose type is an event (`significant-kinds`).
    EntryType,
    /// Read from an unlabelled sentence: not yet confirmed.
    Detected,
}

/// One significant event of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The entry's index in the record.
    pub entry: usize,
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    /// A `significant-kinds` or `significant-incidents` kind, `family-change`,
    /// or `event` when the summary says nothing the vocabulary knows.
    pub kind: &'static str,
    pub summary: String,
    pub impact: Option<String>,
    pub origin: Origin,
    /// The `Significant event:` block, the entry heading, or the sentence
    /// that suggests the event.
    pub span: Span,
}

impl Event {
    pub fn confirmed(&self) -> bool {
        self.origin != Origin::Detected
    }
}

/// The kind of a labelled event whose summary names nothing known.
pub const OTHER_KIND: &str = "event";

/// The significant events of `record`, in document order: labelled events,
/// entries that are events by their type, and, for an entry with neither,
/// the first sentence in fact context that records a change or incident.
pub fn events(record: &Record) -> Vec<Event> {
    let mut found = Vec::new();
    for (index, entry) in record.entries.iter().enumerate() {
        entry_events(record, index, entry, &mut found);
    }
    found
}

fn entry_events(record: &Record, index: usize, entry: &Entry, out: &mut Vec<Event>) {
    let blocks: Vec<&Block> = record.entry_blocks(index).collect();
    let time = entry_time(record, entry);
    let entry_kind = detect::entry_kind(entry);
    let event = |kind, summary: String, impact, origin, span| Event {
        entry: index,
        date: entry.date,
        time,
        kind,
        summary,
        impact,
        origin,
        span,
    };
    let labelled: Vec<usize> =
        (0..blocks.len()).filter(|&i| has_label(blocks[i], LabelKind::SignificantEvent)).collect();
    for (n, &i) in labelled.iter().enumerate() {
        let block = blocks[i];
        let summary = label_text(record, block);
        let until = labelled.get(n + 1).copied().unwrap_or(blocks.len());
        let impact = first_impact(record, &blocks[i + 1..until]);
        let kind = entry_kind.or_else(|| summary_kind(&summary)).unwrap_or(OTHER_KIND);
        out.push(event(kind, summary, impact, Origin::Labelled, block.span.clone()));
    }
    if !labelled.is_empty() {
        return;
    }
    if let Some(kind) = entry_kind {
        let impact = first_impact(record, &blocks);
        out.push(event(
            kind,
            entry.title.clone(),
            impact,
            Origin::EntryType,
            entry.heading.span.clone(),
        ));
        return;
    }
    let detected = blocks.iter().flat_map(|b| b.sentences.iter().map(move |s| (*b, s))).find_map(
        |(block, sentence)| {
            (sentence.voice(block) == Voice::Fact)
                .then(|| detect::event(&record.prose, sentence.span.clone()))
                .flatten()
                .map(|d| (d, sentence.span.clone()))
        },
    );
    if let Some((found, sentence)) = detected {
        let summary = one_line(&record.text[sentence.clone()]);
        out.push(event(found.kind, summary, None, Origin::Detected, sentence));
    }
}

/// The kind a labelled summary names (`Kai was arrested…` → `arrest`).
fn summary_kind(summary: &str) -> Option<&'static str> {
    detect::event(summary, 0..summary.len()).map(|d| d.kind)
}

fn has_label(block: &Block, kind: LabelKind) -> bool {
    block.label.as_ref().is_some_and(|l| l.kind == kind)
}

/// The text of a labelled block after its label, on one line.
fn label_text(record: &Record, block: &Block) -> String {
    let start = block.label.as_ref().map_or(block.span.start, |l| l.span.end);
    one_line(&record.text[start.min(block.span.end)..block.span.end])
}

fn first_impact(record: &Record, blocks: &[&Block]) -> Option<String> {
    blocks
        .iter()
        .find(|b| has_label(b, LabelKind::Impact))
        .map(|b| label_text(record, b))
        .filter(|text| !text.is_empty())
}

/// White space collapsed to single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The time after the date in the entry's heading (`14:30`, `14.30`).
fn entry_time(record: &Record, entry: &Entry) -> Option<NaiveTime> {
    let between =
        record.text.get(entry.date_span.end..entry.title_span.start.max(entry.date_span.end))?;
    let digits: String = between
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ':' || *c == '.')
        .collect();
    let (hours, minutes) = digits.split_once([':', '.'])?;
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.get(..2)?.parse().ok()?, 0)
}

/// A child named by a record, with the birth date or year it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub name: String,
    pub born: Option<Born>,
}

/// A birth as a record gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Born {
    Year(i32),
    Date(NaiveDate),
}

impl Born {
    pub fn year(self) -> i32 {
        use chrono::Datelike;
        match self {
            Born::Year(year) => year,
            Born::Date(date) => date.year(),
        }
    }

    /// Whether two records may be about the same child: the same year, and
    /// the same date where both give one.
    pub fn agrees(self, other: Born) -> bool {
        match (self, other) {
            (Born::Date(a), Born::Date(b)) => a == b,
            _ => self.year() == other.year(),
        }
    }
}

impl std::fmt::Display for Born {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Born::Year(year) => write!(f, "{year}"),
            Born::Date(date) => write!(f, "{date}"),
        }
    }
}

/// A contact entry, for the gaps in contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub date: NaiveDate,
    /// The entry's `Frequency` field, else the record's `contact-frequency`.
    pub frequency: Option<Frequency>,
}

/// What the merge needs of one record.
#[derive(Debug, Clone)]
pub struct RecordEvents {
    pub reference: Option<String>,
    pub agency: Option<String>,
    pub children: Vec<Child>,
    pub events: Vec<Event>,
    /// 1-based line of each event's span start, in `events`' order.
    pub lines: Vec<usize>,
    pub contacts: Vec<Contact>,
}

impl RecordEvents {
    /// Parses `text` and lists its events.
    pub fn read(text: &str) -> RecordEvents {
        let record = crate::parse::parse(text);
        RecordEvents::of(&record)
    }

    pub fn of(record: &Record) -> RecordEvents {
        let events = events(record);
        let index = crate::text::LineIndex::new(record.text);
        let lines = events.iter().map(|e| index.line_of(e.span.start) + 1).collect();
        let front = &record.front_matter;
        let children = front
            .children
            .iter()
            .map(|name| Child { name: name.clone(), born: born_of(record, name) })
            .collect();
        let contacts = record
            .entries
            .iter()
            .filter(|e| e.kind == ContactKind::Contact)
            .filter_map(|e| {
                let frequency = Record::field(e, "frequency")
                    .and_then(|f| Frequency::parse(&f.value))
                    .or(front.contact_frequency);
                Some(Contact { date: e.date?, frequency })
            })
            .collect();
        RecordEvents {
            reference: front.record.clone(),
            agency: front.agency.clone(),
            children,
            events,
            lines,
            contacts,
        }
    }
}

/// The child's birth: the front matter's `born` for a record about one
/// child, else the genogram's `born YYYY`.
fn born_of(record: &Record, name: &str) -> Option<Born> {
    let front = &record.front_matter;
    if front.children.len() == 1 {
        if let Some(date) = front.born {
            return Some(Born::Date(date));
        }
    }
    record.genogram.as_ref()?.person(name)?.born.map(Born::Year)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "---\nchild: Kai Reid\nborn: 2016-04-09\nagency: police\nrecord: PN-1\n---\n\
## 2026-03-02 14:30 — Police call-out\n\nOfficers went to the flat.\n\nImpact on child: Kai was woken at night.\n\n\
## 2026-03-05 — Home visit\n\nContact: home visit\nPresent: Kai Reid\n\nSignificant event: Mr Cole moved out of the flat.\n\n\
## 2026-03-09 — Phone call\n\nMs Reid said Kai had a bruise on his arm.\n\n\
## 2026-03-10 — Phone call\n\nNo injuries were seen.\n";

    #[test]
    fn labelled_entry_type_and_detected_events() {
        let record = crate::parse::parse(RECORD);
        let found = events(&record);
        let summary: Vec<(&str, &str, Origin, Option<&str>)> = found
            .iter()
            .map(|e| (e.kind, e.summary.as_str(), e.origin, e.impact.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "police-call-out",
                    "Police call-out",
                    Origin::EntryType,
                    Some("Kai was woken at night.")
                ),
                ("family-change", "Mr Cole moved out of the flat.", Origin::Labelled, None),
                ("injury", "Ms Reid said Kai had a bruise on his arm.", Origin::Detected, None),
            ]
        );
        assert_eq!(found[0].time, NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(found[1].time, None);
        let read = RecordEvents::of(&record);
        assert_eq!(read.lines, [7, 18, 22]);
        assert_eq!(
            read.children,
            [Child {
                name: "Kai Reid".into(),
                born: Some(Born::Date(NaiveDate::from_ymd_opt(2016, 4, 9).unwrap()))
            }]
        );
        assert_eq!(read.contacts.len(), 4);
    }

    #[test]
    fn labels_in_list_items_and_emphasis() {
        let text = "---\nchild: Ada Lee\n---\n## 2026-05-04 — Case note\n\n\
- **Key event:** Ada went missing overnight.\n- *Impact:* Ada missed school.\n";
        let record = crate::parse::parse(text);
        let found = events(&record);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].summary, "Ada went missing overnight.");
        assert_eq!(found[0].kind, "missing-episode");
        assert_eq!(found[0].impact.as_deref(), Some("Ada missed school."));
        assert_eq!(found[0].origin, Origin::Labelled);
    }
}
