//! The rules. Each lives in its own file with everything about it: id,
//! default severity, summary, principle, documentation, and the check.
//! Adding a rule = one new file + one line in [`ALL`].

mod unlabelled_opinion;
mod unlabelled_hypothesis;
pub mod missing_wishes_feelings;
mod missing_contact_nature;
mod missing_contact_frequency;
mod contact_frequency_not_met;
mod unendorsed_decision;
mod missing_family_composition;
mod missing_genogram;
mod stale_genogram;
mod invalid_genogram;
mod late_recording;
mod missing_recording_date;
mod invalid_date;
mod invalid_front_matter;
mod unexplained_acronym;
mod vague_language;
mod long_sentence;
mod unused_suppression;

use crate::analysis::Context;
use crate::diagnostic::Severity;

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

/// A rule: metadata plus a check over a parsed record.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Pushes findings (severity is filled in later from the configuration).
    fn check(&self, ctx: &Context, out: &mut Vec<Finding>);
}

/// A finding before configuration: rule, span, message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub related: Vec<crate::diagnostic::Related>,
    pub fixes: Vec<crate::diagnostic::Fix>,
}

impl Finding {
    pub fn new(span: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        Finding { span, message: message.into(), related: Vec::new(), fixes: Vec::new() }
    }

    pub fn with_fix(mut self, fix: crate::diagnostic::Fix) -> Self {
        self.fixes.push(fix);
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
