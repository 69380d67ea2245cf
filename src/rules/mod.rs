//! The rules. Each lives in its own file with everything about it: id,
//! default severity, summary, principle, documentation, and the check.
//! Adding a rule = one new file + one line in [`ALL`].

mod contact_frequency_not_met;
mod invalid_date;
mod invalid_front_matter;
mod invalid_genogram;
mod late_recording;
mod long_sentence;
mod missing_contact_frequency;
mod missing_contact_nature;
mod missing_family_composition;
pub mod missing_genogram;
mod missing_recording_date;
pub mod missing_wishes_feelings;
mod stale_genogram;
mod unconfirmed_significant_event;
pub mod unendorsed_decision;
mod unexplained_acronym;
mod unlabelled_hypothesis;
mod unlabelled_opinion;
mod unused_suppression;
mod vague_language;

use std::any::Any;

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::Severity;
use crate::model::Span;

/// The recording principle a rule comes from (SPEC §6), used to group rules
/// in documentation and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principle {
    FactAndOpinion,
    WishesAndFeelings,
    Contact,
    Decisions,
    FamilyComposition,
    Timeliness,
    Language,
    Housekeeping,
}

impl Principle {
    pub fn title(self) -> &'static str {
        match self {
            Principle::FactAndOpinion => "Fact, opinion, judgement and hypothesis",
            Principle::WishesAndFeelings => "Wishes and feelings",
            Principle::Contact => "Nature and frequency of contact",
            Principle::Decisions => "Decisions and management oversight",
            Principle::FamilyComposition => "Family composition and genograms",
            Principle::Timeliness => "Timely and accurate recording",
            Principle::Language => "Clear, straightforward language",
            Principle::Housekeeping => "Suppressions",
        }
    }
}

/// Everything about a rule except its check.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub default_severity: Severity,
    pub principle: Principle,
    /// One line, for `casenote rules`.
    pub summary: &'static str,
    /// Markdown: what it checks, why, a bad and a good example, how to fix,
    /// how to configure. Printed by `casenote explain`.
    pub doc: &'static str,
    /// One line naming a better version, appended to messages in training mode.
    pub training_example: &'static str,
}

/// A rule: metadata plus its checks. Most rules read one unit of the
/// record at a time (the head, or one entry: see [`crate::parse::units`]),
/// which lets an editor re-check only the entry being typed in. A rule that
/// needs the whole record notes what it needs from each unit and decides in
/// `check_record`.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Pushes findings inside one unit, with spans relative to the unit's
    /// text (severity is filled in later from the configuration).
    fn check(&self, _ctx: &Context, _out: &mut Vec<Finding>) {}
    /// What this rule must remember of one unit for `check_record`, with
    /// spans relative to the unit's text.
    fn note(&self, _ctx: &Context) -> Option<Note> {
        None
    }
    /// Pushes findings that need the whole record, from every unit's note
    /// in document order; spans here are offsets into the whole text.
    fn check_record(&self, _ctx: &RecordContext, _notes: &[UnitNote], _out: &mut Vec<Finding>) {}
}

/// A rule's private summary of one unit.
pub type Note = Box<dyn Any + Send + Sync>;

/// One unit's note and where the unit starts in the record.
pub struct UnitNote<'a> {
    pub base: usize,
    pub note: &'a (dyn Any + Send + Sync),
}

impl UnitNote<'_> {
    /// The note as the rule's own type.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.note.downcast_ref()
    }

    /// For rules reported once per record: the first unit's note that is
    /// a finding, moved to the record's offsets.
    pub fn first_finding(notes: &[UnitNote]) -> Option<Finding> {
        notes.iter().find_map(|n| n.get::<Finding>().map(|f| f.clone().shifted(n.base)))
    }

    /// A span of the note, as an offset range into the whole record.
    pub fn absolute(&self, span: &Span) -> Span {
        self.base + span.start..self.base + span.end
    }
}

/// A finding before configuration: rule, span, message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub related: Vec<crate::diagnostic::Related>,
    pub fixes: Vec<crate::diagnostic::Fix>,
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Finding { span, message: message.into(), related: Vec::new(), fixes: Vec::new() }
    }

    pub fn with_fix(mut self, fix: crate::diagnostic::Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// The finding moved `by` bytes later: from a unit's offsets to the record's.
    pub fn shifted(mut self, by: usize) -> Self {
        let shift = |span: &mut Span| *span = span.start + by..span.end + by;
        shift(&mut self.span);
        self.related.iter_mut().for_each(|r| shift(&mut r.span));
        self.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()).for_each(|e| shift(&mut e.span));
        self
    }
}

/// Every rule, in the order `casenote rules` lists them.
pub static ALL: &[&dyn Rule] = &[
    &unlabelled_opinion::UnlabelledOpinion,
    &unlabelled_hypothesis::UnlabelledHypothesis,
    &missing_wishes_feelings::MissingWishesFeelings,
    &missing_contact_nature::MissingContactNature,
    &missing_contact_frequency::MissingContactFrequency,
    &contact_frequency_not_met::ContactFrequencyNotMet,
    &unendorsed_decision::UnendorsedDecision,
    &missing_family_composition::MissingFamilyComposition,
    &missing_genogram::MissingGenogram,
    &stale_genogram::StaleGenogram,
    &invalid_genogram::InvalidGenogram,
    &late_recording::LateRecording,
    &missing_recording_date::MissingRecordingDate,
    &invalid_date::InvalidDate,
    &invalid_front_matter::InvalidFrontMatter,
    &unexplained_acronym::UnexplainedAcronym,
    &vague_language::VagueLanguage,
    &long_sentence::LongSentence,
    &unconfirmed_significant_event::UnconfirmedSignificantEvent,
    &unused_suppression::UnusedSuppression,
];

/// The metadata of the rule with this id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().map(|r| r.meta()).find(|m| m.id == id)
}

/// Every rule's metadata.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    ALL.iter().map(|r| r.meta())
}
