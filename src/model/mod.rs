//! The parsed record (SPEC §3). Every span is a byte range into the
//! record's original text. Built by [`crate::parse`]; read by the rules.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;

pub use crate::parse::frequency::Frequency;
pub use crate::parse::genogram::Genogram;

pub type Span = Range<usize>;

/// A whole record.
#[derive(Debug)]
pub struct Record<'a> {
    pub text: &'a str,
    /// The text with HTML comments, code and front matter blanked out (same
    /// byte offsets): what the prose rules read. Owned by a parse; a record
    /// read as far as some units go may borrow it (`parse::assemble`).
    pub prose: Cow<'a, str>,
    /// `prose` with quoted words blanked too: what the opinion, hypothesis
    /// and language rules read.
    pub unquoted: Cow<'a, str>,
    pub front_matter: FrontMatter,
    pub entries: Vec<Entry>,
    /// Paragraphs, list items and table cells, in order.
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    /// Heading of the family composition section, if any.
    pub family_composition: Option<Heading>,
    /// The first ```` ```genogram ```` block, parsed.
    pub genogram: Option<Genogram>,
    /// Code blocks, code spans and front matter, in text order: no rule
    /// looks inside them.
    pub code_spans: Vec<Span>,
    /// HTML comments (suppressions among them), in the original text.
    pub comments: Vec<Span>,
    /// Quoted passages (including the quotation marks).
    pub quotes: Vec<Span>,
}

/// YAML front matter (SPEC §3.1). Keys with a value of the wrong kind are
/// left empty and listed in `problems`.
#[derive(Debug, Default)]
pub struct FrontMatter {
    /// The block from the opening `---` to the closing one; `None` if absent.
    pub span: Option<Span>,
    pub record: Option<String>,
    pub children: Vec<String>,
    pub born: Option<NaiveDate>,
    pub agency: Option<String>,
    pub document: Option<String>,
    pub stages: Vec<String>,
    pub parents: Vec<String>,
    pub contact_frequency: Option<Frequency>,
    pub worker: Option<String>,
    /// Acronym to expansion.
    pub glossary: Vec<(String, String)>,
    pub problems: Vec<FrontMatterProblem>,
}

/// Something wrong in the front matter, at a 1-based line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterProblem {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading line(s).
    pub span: Span,
    /// The heading's text without `#` marks or emphasis markers.
    pub text: String,
    pub text_span: Span,
}

/// An entry: a heading that begins with a date, to the next heading of the
/// same or a higher level (SPEC §3.2).
#[derive(Debug)]
pub struct Entry {
    pub heading: Heading,
    /// The entry's date; `None` when the date does not exist.
    pub date: Option<NaiveDate>,
    pub date_span: Span,
    /// What follows the date (and time) in the heading.
    pub title: String,
    pub title_span: Span,
    /// From the heading to the end of the entry.
    pub span: Span,
    pub fields: Vec<Field>,
    pub sections: Vec<Section>,
    pub kind: ContactKind,
    /// The entry's blocks: a range of indices into `Record::blocks`.
    pub blocks: Range<usize>,
}

/// What an entry records, from its `Contact` field or its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    /// A visit, call, meeting, discussion, conference or core group.
    Contact,
    /// A letter, email or text message.
    Correspondence,
    /// A case note, management oversight or supervision.
    ManagementOversight,
    CaseNote,
    Supervision,
    /// No recognisable type.
    Unknown,
}

impl ContactKind {
    pub fn is_contact(self) -> bool {
        self == ContactKind::Contact
    }
}

impl Entry {
    /// Where the entry names who took part (SPEC §4.1 "Who took part"): the
    /// values of its `Present`/`Seen` and `Contact` fields, and its title.
    pub fn participant_spans(&self) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .fields
            .iter()
            .filter(|f| matches!(f.name, Some("present" | "contact")))
            .map(|f| f.value_span.clone())
            .collect();
        spans.push(self.title_span.clone());
        spans
    }
}

/// A `Key: value` line at the start of an entry.
#[derive(Debug, Clone)]
pub struct Field {
    /// Canonical name (`recorded`, `present`, …) or `None` for a key with no meaning.
    pub name: Option<&'static str>,
    pub key: String,
    pub value: String,
    pub value_span: Span,
    pub line_span: Span,
}

/// The kind of a section heading inside an entry (SPEC §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Observations,
    Analysis,
    Hypotheses,
    WishesAndFeelings,
    ParentsViews,
    Decision,
    NextSteps,
    ManagementOversight,
    /// A heading with no meaning in the format (`Discussion`, `Information shared`).
    Other,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    pub heading: Heading,
    /// From the heading to the next heading of the same or a higher level.
    pub span: Span,
}

/// A label at the start of a paragraph or list item (SPEC §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Fact,
    Opinion,
    Hypothesis,
    WishesAndFeelings,
    Decision,
    Endorsement,
    JointDecision,
    /// `Significant event:`: a one-line summary for the chronology (fact context).
    SignificantEvent,
    /// `Impact on child:`: the writer's view of an event's impact (opinion context).
    Impact,
}

/// How the opinion and hypothesis rules treat a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// Unlabelled narrative: must be factual.
    Fact,
    /// Labelled or placed as opinion, judgement or analysis.
    Opinion,
    /// Labelled or placed as hypothesis.
    Hypothesis,
    /// Decisions, endorsements and oversight: judgements by nature.
    Decision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    ListItem,
    TableCell,
}

/// A paragraph, list item or table cell outside code and field lines.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text, after any list marker and without field lines.
    pub span: Span,
    pub label: Option<Label>,
    /// Index into `Record::entries`.
    pub entry: Option<usize>,
    /// Index into that entry's `sections`.
    pub section: Option<usize>,
    pub voice: Voice,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub kind: LabelKind,
    /// The label including its colon and emphasis markers.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    /// Set when the sentence opens with an inline label (`In my view, …`).
    pub inline_label: Option<Voice>,
}

impl Sentence {
    /// The voice the opinion and hypothesis rules apply to this sentence.
    pub fn voice(&self, block: &Block) -> Voice {
        self.inline_label.unwrap_or(block.voice)
    }
}

impl Record<'_> {
    /// The field of `entry` with canonical `name`.
    pub fn field<'e>(entry: &'e Entry, name: &str) -> Option<&'e Field> {
        entry.fields.iter().find(|f| f.name == Some(name))
    }

    /// The blocks of entry `index`.
    pub fn entry_blocks(&self, index: usize) -> impl Iterator<Item = &Block> {
        let range = self.entries.get(index).map_or(0..0, |e| e.blocks.clone());
        self.blocks[range].iter().filter(move |b| b.entry == Some(index))
    }

    /// The span to report record-level findings at (SPEC §4): the front
    /// matter's opening `---` line, or line 1 where there is none. A line,
    /// not the whole block: editors underline a finding's whole range.
    pub fn record_span(&self) -> Span {
        let start = self.front_matter.span.as_ref().map_or(0, |span| span.start);
        let line = &self.text[start..];
        let end = line.find('\n').unwrap_or(line.len());
        start..start + line[..end].trim_end_matches('\r').len()
    }
}

/// Moving a parsed element `by` bytes later in the text: a unit parsed on
/// its own (spans relative to the unit) placed at its offset in the record.
pub trait Shift {
    fn shift(&mut self, by: usize);
}

impl Shift for Span {
    fn shift(&mut self, by: usize) {
        *self = self.start + by..self.end + by;
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: usize) {
        self.iter_mut().for_each(|item| item.shift(by));
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: usize) {
        if let Some(item) = self {
            item.shift(by);
        }
    }
}

impl Shift for Heading {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        self.text_span.shift(by);
    }
}

impl Shift for Field {
    fn shift(&mut self, by: usize) {
        self.value_span.shift(by);
        self.line_span.shift(by);
    }
}

impl Shift for Section {
    fn shift(&mut self, by: usize) {
        self.heading.shift(by);
        self.span.shift(by);
    }
}

impl Shift for Entry {
    fn shift(&mut self, by: usize) {
        self.heading.shift(by);
        self.date_span.shift(by);
        self.title_span.shift(by);
        self.span.shift(by);
        self.fields.shift(by);
        self.sections.shift(by);
    }
}

impl Shift for Label {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
    }
}

impl Shift for Sentence {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
    }
}

impl Shift for Block {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        self.label.shift(by);
        self.sentences.shift(by);
    }
}

impl Shift for Genogram {
    fn shift(&mut self, by: usize) {
        *self = std::mem::take(self).shifted(by);
    }
}
