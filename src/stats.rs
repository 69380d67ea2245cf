//! Caseload statistics for supervisors (`casenote report`): per record, the
//! figures a supervisor reviews, and their totals over a caseload.
//!
//! Pure: a parsed record, its diagnostics, the configuration and today's
//! date in; numbers out. No I/O. Figures are read from the core wherever the
//! core already knows the answer: which contacts lack their nature, whether
//! the genogram is stale and where contact gaps are come from the findings
//! of those rules ([`FIGURE_RULES`]), so a suppressed finding of theirs
//! counts as recorded, as it does in `casenote check`; which contacts lack
//! the child's wishes and feelings, which decisions are unendorsed and
//! whether a genogram is required come from the model through the rules'
//! own predicates (so the report cannot disagree with the rule, and a
//! suppression does not make a decision endorsed); what a contact, a
//! participant or a recording date is comes from the model.
//!
//! The rules behind the figures must have run even when the configuration
//! turns them off: [`check_for_figures`] checks with [`figures_config`] for
//! the figures, and, only when that differs, with the configuration itself
//! for the findings shown and counted.

mod chronology;
mod entries;
pub mod team;
pub mod triage;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::config::{Config, Level};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{ContactKind, Entry, Frequency, LabelKind, Record, SectionKind, Span};
use crate::parse::dates::{find_dates, working_days_excluding, Holidays};
use crate::people::{People, Role};
use crate::rules::missing_genogram::required_because;
use crate::rules::missing_wishes_feelings::missing_views;
use crate::rules::unendorsed_decision::unendorsed;
use crate::rules::{self, Principle};
use crate::text::LineIndex;
pub use chronology::RecordChronology;
use entries::EntryIndex;
pub use team::{ByStatus, Practitioner, PrincipleRate};
pub use triage::{ChildSeen, Concern, Status, TriageItem};

/// The rules whose findings the figures read.
pub const FIGURE_RULES: &[&str] =
    &[WISHES_FEELINGS, CONTACT_NATURE, STALE_GENOGRAM, FREQUENCY_NOT_MET];

const WISHES_FEELINGS: &str = "missing-wishes-feelings";
const CONTACT_NATURE: &str = "missing-contact-nature";
const STALE_GENOGRAM: &str = "stale-genogram";
const FREQUENCY_NOT_MET: &str = "contact-frequency-not-met";

/// Every principle, in the order reports list them.
pub const PRINCIPLES: [Principle; 8] = [
    Principle::FactAndOpinion,
    Principle::WishesAndFeelings,
    Principle::Contact,
    Principle::Decisions,
    Principle::FamilyComposition,
    Principle::Timeliness,
    Principle::Language,
    Principle::Housekeeping,
];

/// A stable key for a principle, for JSON and HTML anchors.
pub fn principle_key(principle: Principle) -> &'static str {
    match principle {
        Principle::FactAndOpinion => "fact-and-opinion",
        Principle::WishesAndFeelings => "wishes-and-feelings",
        Principle::Contact => "contact",
        Principle::Decisions => "decisions",
        Principle::FamilyComposition => "family-composition",
        Principle::Timeliness => "timeliness",
        Principle::Language => "language",
        Principle::Housekeeping => "suppressions",
    }
}

/// `config` with every rule of [`FIGURE_RULES`] it turns off turned back on
/// at its default severity, so the figures can be read whatever the user
/// chose to see. Other settings are untouched.
pub fn figures_config(config: &Config) -> Config {
    let mut figures = config.clone();
    for id in FIGURE_RULES {
        if let Some(meta) = rules::meta(id) {
            if config.level(id, meta.default_severity) == Level::Off {
                figures.rules.insert((*id).to_owned(), Level::On(meta.default_severity));
            }
        }
    }
    figures
}

/// Checks `text` for the figures and for the findings shown: returns the
/// diagnostics of `check` with [`figures_config`] and with `config` (one
/// check when they are the same configuration, as they are unless `config`
/// turns off a rule of [`FIGURE_RULES`]).
pub fn check_for_figures(
    text: &str,
    config: &Config,
    today: NaiveDate,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let figures = figures_config(config);
    let for_figures = crate::check(text, &figures, today);
    let shown =
        if figures == *config { for_figures.clone() } else { crate::check(text, config, today) };
    (for_figures, shown)
}

/// A share: how many of how many, and the fraction (none of none has none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Share {
    pub recorded: usize,
    pub of: usize,
    /// `recorded / of`, rounded to 3 decimal places; `null` when `of` is 0.
    pub share: Option<f64>,
}

impl Share {
    pub fn new(recorded: usize, of: usize) -> Share {
        let share = (of > 0).then(|| (recorded as f64 / of as f64 * 1000.0).round() / 1000.0);
        Share { recorded, of, share }
    }

    fn add(self, other: Share) -> Share {
        Share::new(self.recorded + other.recorded, self.of + other.of)
    }

    /// As a whole percentage (`67%`), or `—` when there is nothing to count.
    pub fn percent(&self) -> String {
        match self.share {
            Some(share) => format!("{}%", (share * 100.0).round() as i64),
            None => "—".to_owned(),
        }
    }
}

/// Findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BySeverity {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub hint: usize,
}

impl BySeverity {
    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Hint => self.hint,
        }
    }

    fn add(&mut self, other: &BySeverity) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
        self.hint += other.hint;
    }

    fn bump(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
            Severity::Hint => self.hint += 1,
        }
    }
}

/// Findings of one principle (every principle is listed, zeros included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipleCount {
    pub principle: &'static str,
    pub title: &'static str,
    pub findings: usize,
}

/// Counts of the findings shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Findings {
    pub total: usize,
    pub by_severity: BySeverity,
    pub by_principle: Vec<PrincipleCount>,
}

impl Findings {
    fn count(diagnostics: &[&Diagnostic]) -> Findings {
        let mut by_severity = BySeverity::default();
        let mut by_principle = [0_usize; PRINCIPLES.len()];
        for d in diagnostics {
            by_severity.bump(d.severity);
            let principle = rules::meta(d.rule).map_or(Principle::Housekeeping, |m| m.principle);
            if let Some(i) = PRINCIPLES.iter().position(|p| *p == principle) {
                by_principle[i] += 1;
            }
        }
        Findings::from_parts(diagnostics.len(), by_severity, by_principle)
    }

    fn from_parts(
        total: usize,
        by_severity: BySeverity,
        counts: [usize; PRINCIPLES.len()],
    ) -> Findings {
        let by_principle = PRINCIPLES
            .iter()
            .zip(counts)
            .map(|(&p, findings)| PrincipleCount {
                principle: principle_key(p),
                title: p.title(),
                findings,
            })
            .collect();
        Findings { total, by_severity, by_principle }
    }

    fn principle_counts(&self) -> [usize; PRINCIPLES.len()] {
        let mut counts = [0; PRINCIPLES.len()];
        for (slot, count) in counts.iter_mut().zip(&self.by_principle) {
            *slot = count.findings;
        }
        counts
    }
}

/// The state of a record's genogram, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GenogramState {
    /// No ```` ```genogram ```` block, and the agency, stage or document
    /// requires one (as `missing-genogram` reads it).
    Missing,
    /// A block that cannot be understood (`invalid-genogram`).
    Invalid,
    /// A later entry records a change in the family (`stale-genogram`).
    Stale,
    /// Valid, but with no `updated:` date, so nobody can tell.
    Undated,
    /// Valid, dated, and no later entry records a change in the family.
    UpToDate,
    /// No genogram block, and none is required.
    NotRequired,
}

impl GenogramState {
    pub fn describe(self) -> &'static str {
        match self {
            GenogramState::Missing => "missing",
            GenogramState::Invalid => "invalid",
            GenogramState::Stale => "out of date",
            GenogramState::Undated => "no updated date",
            GenogramState::UpToDate => "up to date",
            GenogramState::NotRequired => "none (not required)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GenogramStats {
    pub present: bool,
    pub valid: bool,
    #[serde(serialize_with = "iso_date_opt")]
    pub updated: Option<NaiveDate>,
    /// Present, valid, dated, and no `stale-genogram` finding.
    pub up_to_date: bool,
    pub state: GenogramState,
}

/// A gap between two contacts with the child longer than the planned
/// frequency (a `contact-frequency-not-met` finding).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContactGap {
    #[serde(serialize_with = "iso_date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso_date")]
    pub to: NaiveDate,
    pub days: i64,
    /// 1-based line of the later entry's heading, where the finding is.
    pub line: usize,
}

/// One entry, for the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// 1-based line of the entry's heading.
    pub line: usize,
    /// `null` when the heading's date does not exist.
    #[serde(serialize_with = "iso_date_opt")]
    pub date: Option<NaiveDate>,
    pub title: String,
    /// `contact`, `correspondence`, `management-oversight`, `case-note`,
    /// `supervision` or `unknown`.
    pub kind: &'static str,
    /// Whether a child of the record took part.
    pub child_seen: bool,
    /// Working days from the entry's date to its `Recorded` date.
    pub recording_delay: Option<i64>,
    /// Findings shown inside the entry.
    pub findings: usize,
    /// Who wrote it: the name in its `Author` field, else the record's `worker`.
    pub practitioner: Option<String>,
    /// Whether its decision is endorsed; `null` when it records no decision.
    pub decision_endorsed: Option<bool>,
    /// Findings shown inside the entry, per principle of [`PRINCIPLES`].
    #[serde(skip)]
    pub findings_by_principle: [usize; PRINCIPLES.len()],
}

/// The figures for one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordStats {
    /// As given on the command line joined with the file's relative path.
    pub path: String,
    /// Whether the file is a case record at all (front matter or a dated
    /// entry); other Markdown files (a README beside the records) are left
    /// out of a caseload.
    #[serde(skip)]
    pub is_record: bool,
    /// The case reference (`record:` in the front matter).
    pub record: Option<String>,
    pub worker: Option<String>,
    pub children: Vec<String>,
    pub agency: Option<String>,
    /// The record's planned contact frequency, in words (`7 days`).
    pub contact_frequency: Option<String>,
    #[serde(serialize_with = "iso_date_opt")]
    pub first_entry: Option<NaiveDate>,
    #[serde(serialize_with = "iso_date_opt")]
    pub last_entry: Option<NaiveDate>,
    /// Days from the last entry to today.
    pub days_since_last_entry: Option<i64>,
    pub entries: usize,
    /// Entries that are contacts (visits, calls, meetings, …).
    pub contacts: usize,
    pub findings: Findings,
    /// Contacts in which a child of the record took part whose wishes and
    /// feelings are recorded (no `missing-wishes-feelings` naming a child).
    pub child_wishes_feelings: Share,
    /// Contacts with their nature (no `missing-contact-nature`) and a planned
    /// frequency (a `Frequency` field or the record's `contact-frequency`).
    pub contact_nature_frequency: Share,
    /// Entries recording a decision (a `Decision` section or label) that are
    /// endorsed (what `unendorsed-decision` reads, from the model).
    pub decisions_endorsed: Share,
    pub genogram: GenogramStats,
    /// Median of the entries' recording delays, in working days.
    pub median_recording_delay: Option<f64>,
    pub contact_gaps: Vec<ContactGap>,
    pub timeline: Vec<TimelineEntry>,
    /// Significant events read from unlabelled sentences, "not yet
    /// confirmed" (what `unconfirmed-significant-event` points at).
    pub unconfirmed_events: usize,
    /// The record's significant events and accumulating concern.
    pub chronology: RecordChronology,
    /// Red, amber or green: the worst of its triage items (green: none).
    pub status: Status,
    /// Per child of the record: when last seen, against the plan.
    pub children_seen: Vec<ChildSeen>,
    /// What needs attention in this record, in triage order (listed once,
    /// for the whole caseload, in JSON).
    #[serde(skip)]
    pub triage: Vec<TriageItem>,
    /// Findings shown outside every entry, per principle of [`PRINCIPLES`].
    #[serde(skip)]
    pub outside_entries_by_principle: [usize; PRINCIPLES.len()],
}

/// Totals over a caseload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    pub records: usize,
    pub entries: usize,
    pub contacts: usize,
    pub findings: Findings,
    pub child_wishes_feelings: Share,
    pub contact_nature_frequency: Share,
    pub decisions_endorsed: Share,
    pub genograms_present: usize,
    pub genograms_up_to_date: usize,
    /// Median over every entry's recording delay, in working days.
    pub median_recording_delay: Option<f64>,
    pub contact_gaps: usize,
    pub records_by_status: ByStatus,
    /// Significant events, confirmed or not.
    pub significant_events: usize,
    pub unconfirmed_events: usize,
}

/// What `casenote report --format json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Caseload {
    /// The date the figures were computed for.
    #[serde(serialize_with = "iso_date")]
    pub date: NaiveDate,
    pub totals: Totals,
    /// Markdown files left out because they are not case records.
    pub other_files: usize,
    /// Sorted by path.
    pub records: Vec<RecordStats>,
    /// Everything that needs attention, in the order to act on it.
    pub triage: Vec<TriageItem>,
    /// Per practitioner, by name (entries that name nobody last).
    pub practitioners: Vec<Practitioner>,
    /// The same figures for the whole team.
    pub team: Practitioner,
}

impl Caseload {
    /// The caseload of `records`, leaving out files that are not records.
    pub fn new(mut records: Vec<RecordStats>, date: NaiveDate) -> Caseload {
        let all = records.len();
        records.retain(|r| r.is_record);
        records.sort_by(|a, b| a.path.cmp(&b.path));
        let totals = totals(&records);
        let mut triage: Vec<TriageItem> =
            records.iter().flat_map(|r| r.triage.iter().cloned()).collect();
        triage::sort(&mut triage);
        let (practitioners, team) = team::practitioners(&records);
        Caseload {
            date,
            totals,
            other_files: all - records.len(),
            records,
            triage,
            practitioners,
            team,
        }
    }
}

/// Totals over `records`.
pub fn totals<'a>(records: impl IntoIterator<Item = &'a RecordStats>) -> Totals {
    let records: Vec<&RecordStats> = records.into_iter().collect();
    let mut by_severity = BySeverity::default();
    let mut by_principle = [0; PRINCIPLES.len()];
    let mut delays = Vec::new();
    let mut totals = Totals {
        records: records.len(),
        entries: 0,
        contacts: 0,
        findings: Findings::from_parts(0, BySeverity::default(), [0; PRINCIPLES.len()]),
        child_wishes_feelings: Share::new(0, 0),
        contact_nature_frequency: Share::new(0, 0),
        decisions_endorsed: Share::new(0, 0),
        genograms_present: 0,
        genograms_up_to_date: 0,
        median_recording_delay: None,
        contact_gaps: 0,
        records_by_status: ByStatus::default(),
        significant_events: 0,
        unconfirmed_events: 0,
    };
    let mut findings = 0;
    for r in records {
        totals.entries += r.entries;
        totals.contacts += r.contacts;
        findings += r.findings.total;
        by_severity.add(&r.findings.by_severity);
        for (total, count) in by_principle.iter_mut().zip(r.findings.principle_counts()) {
            *total += count;
        }
        totals.child_wishes_feelings = totals.child_wishes_feelings.add(r.child_wishes_feelings);
        totals.contact_nature_frequency =
            totals.contact_nature_frequency.add(r.contact_nature_frequency);
        totals.decisions_endorsed = totals.decisions_endorsed.add(r.decisions_endorsed);
        totals.genograms_present += usize::from(r.genogram.present);
        totals.genograms_up_to_date += usize::from(r.genogram.up_to_date);
        totals.contact_gaps += r.contact_gaps.len();
        totals.records_by_status.bump(r.status);
        totals.significant_events += r.chronology.events.len();
        totals.unconfirmed_events += r.unconfirmed_events;
        delays.extend(r.timeline.iter().filter_map(|e| e.recording_delay));
    }
    totals.findings = Findings::from_parts(findings, by_severity, by_principle);
    totals.median_recording_delay = median(&mut delays);
    totals
}

/// The figures for one record.
///
/// `diagnostics` are what the figures read: `check` with [`figures_config`];
/// `shown` are the findings to count: `check` with the user's configuration
/// (both from [`check_for_figures`]). `path` is how the record is named in
/// output; `config` gives the late-recording limit and the report's
/// thresholds. A finding is attributed to the entry that holds it, wherever
/// in the entry its rule marks it.
pub fn record_stats(
    path: &str,
    record: &Record,
    diagnostics: &[Diagnostic],
    shown: &[Diagnostic],
    config: &Config,
    today: NaiveDate,
) -> RecordStats {
    let text = record.text;
    let front = &record.front_matter;
    let people = People::from_record(record);
    let shown: Vec<&Diagnostic> = shown.iter().collect();
    // Looked up per entry: built once, so that the figures stay linear in
    // entries and findings.
    let lines = LineIndex::new(text);
    let line_of_entry = |entry: &Entry| lines.line_of(entry.heading.span.start.min(text.len())) + 1;
    let entry_index = EntryIndex::new(&record.entries);
    let in_entries: HashSet<(&str, usize)> = diagnostics
        .iter()
        .filter_map(|d| Some((d.rule, entry_index.entry_at(d.span.start)?)))
        .collect();
    let found_in = |rule: &'static str, index: usize| in_entries.contains(&(rule, index));
    let mut per_entry = vec![[0_usize; PRINCIPLES.len()]; record.entries.len()];
    let mut outside_entries_by_principle = [0; PRINCIPLES.len()];
    for d in &shown {
        let principle = rules::meta(d.rule).map_or(Principle::Housekeeping, |m| m.principle);
        let Some(slot) = PRINCIPLES.iter().position(|p| *p == principle) else { continue };
        match entry_index.entry_at(d.span.start) {
            Some(i) => per_entry[i][slot] += 1,
            None => outside_entries_by_principle[slot] += 1,
        }
    }

    let mut timeline = Vec::with_capacity(record.entries.len());
    let mut wishes = (0, 0);
    let mut nature = (0, 0);
    let mut decisions = (0, 0);
    let mut delays = Vec::new();
    // Per child of the record: the last contact they took part in.
    let mut last_seen: Vec<Option<(NaiveDate, usize, Option<Frequency>)>> =
        vec![None; front.children.len()];
    let mut evidence_unendorsed = Vec::new();
    let mut evidence_views = Vec::new();
    let mut evidence_late = Vec::new();
    for (index, entry) in record.entries.iter().enumerate() {
        let line = line_of_entry(entry);
        let took_part: Vec<usize> = entry
            .participant_spans()
            .into_iter()
            .flat_map(|span| people.named_in(&record.prose, span))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let children_seen: Vec<&str> = took_part
            .iter()
            .map(|&p| &people.people[p])
            .filter(|p| p.role == Role::Child)
            .map(|p| p.name.as_str())
            .collect();
        if entry.kind.is_contact() {
            nature.1 += 1;
            let has_nature = !found_in(CONTACT_NATURE, index);
            let has_frequency =
                front.contact_frequency.is_some() || Record::field(entry, "frequency").is_some();
            nature.0 += usize::from(has_nature && has_frequency);
            if !children_seen.is_empty() {
                wishes.1 += 1;
                let missing_children: Vec<String> = missing_views(record, &people, index)
                    .into_iter()
                    .filter(|&p| people.people[p].role == Role::Child)
                    .map(|p| people.people[p].name.clone())
                    .collect();
                wishes.0 += usize::from(missing_children.is_empty());
                if !missing_children.is_empty() {
                    evidence_views.push((line, entry.date, missing_children));
                }
                if let Some(date) = entry.date {
                    let frequency =
                        Record::field(entry, "frequency").and_then(|f| Frequency::parse(&f.value));
                    for (slot, child) in last_seen.iter_mut().zip(&front.children) {
                        let later = slot.is_none_or(|(seen, _, _)| date >= seen);
                        if later && children_seen.contains(&child.as_str()) {
                            *slot = Some((date, line, frequency));
                        }
                    }
                }
            }
        }
        let decision_endorsed = records_decision(record, index, entry).then(|| {
            decisions.1 += 1;
            let endorsed = !unendorsed(record, index);
            decisions.0 += usize::from(endorsed);
            if !endorsed {
                evidence_unendorsed.push((line, entry.date));
            }
            endorsed
        });
        let delay = recording_delay(entry, &config.holidays);
        delays.extend(delay);
        if let Some(delay) = delay {
            evidence_late.push((line, entry.date, delay));
        }
        let practitioner = Record::field(entry, "author")
            .and_then(|f| team::practitioner_name(&f.value))
            .or_else(|| front.worker.clone());
        timeline.push(TimelineEntry {
            line,
            date: entry.date,
            title: entry
                .title
                .trim()
                .trim_start_matches(['—', '–', '-', ':', ','])
                .trim()
                .to_owned(),
            kind: kind_key(entry.kind),
            child_seen: !children_seen.is_empty(),
            recording_delay: delay,
            findings: per_entry[index].iter().sum(),
            practitioner,
            decision_endorsed,
            findings_by_principle: per_entry[index],
        });
    }

    let dates: Vec<NaiveDate> = record.entries.iter().filter_map(|e| e.date).collect();
    let first_entry = dates.iter().min().copied();
    let last_entry = dates.iter().max().copied();
    let children_seen: Vec<ChildSeen> = front
        .children
        .iter()
        .zip(&last_seen)
        .map(|(child, seen)| {
            let planned = seen.and_then(|(_, _, f)| f).or(front.contact_frequency);
            let seen = seen.map(|(date, line, _)| (date, line));
            ChildSeen::new(child, seen, first_entry, planned, today)
        })
        .collect();
    let genogram = genogram_stats(record, diagnostics);
    let genogram_stale = (genogram.state == GenogramState::Stale).then(|| {
        diagnostics
            .iter()
            .filter(|d| d.rule == STALE_GENOGRAM)
            .find_map(|d| entry_index.entry_at(d.span.start))
            .map_or((1, None), |i| (line_of_entry(&record.entries[i]), record.entries[i].date))
    });
    let evidence = triage::Evidence {
        children: &children_seen,
        unendorsed: evidence_unendorsed,
        missing_views: evidence_views,
        genogram_missing: genogram.state == GenogramState::Missing,
        genogram_stale,
        late: evidence_late,
        late_after: config.late_recording_working_days,
    };
    let mut items =
        triage::items(&evidence, &config.report, today, |concern, status, line, date| TriageItem {
            concern,
            status,
            path: path.to_owned(),
            record: front.record.clone(),
            worker: front.worker.clone(),
            child: None,
            line,
            date,
            days: None,
            summary: String::new(),
        });
    triage::sort(&mut items);
    let chronology = RecordChronology::of(path, record);
    RecordStats {
        path: path.to_owned(),
        is_record: front.span.is_some() || !record.entries.is_empty(),
        record: front.record.clone(),
        worker: front.worker.clone(),
        children: front.children.clone(),
        agency: front.agency.clone(),
        contact_frequency: front.contact_frequency.map(|f| f.describe()),
        first_entry,
        last_entry,
        days_since_last_entry: last_entry.map(|d| (today - d).num_days()),
        entries: record.entries.len(),
        contacts: nature.1,
        findings: Findings::count(&shown),
        child_wishes_feelings: Share::new(wishes.0, wishes.1),
        contact_nature_frequency: Share::new(nature.0, nature.1),
        decisions_endorsed: Share::new(decisions.0, decisions.1),
        genogram,
        median_recording_delay: median(&mut delays),
        contact_gaps: contact_gaps(record, diagnostics),
        timeline,
        unconfirmed_events: chronology.unconfirmed(),
        chronology,
        status: triage::status_of(&items),
        children_seen,
        triage: items,
        outside_entries_by_principle,
    }
}

/// Whether entry `index` records a decision: a `Decision` section or a
/// `Decision:` label (SPEC §4.1), as `unendorsed-decision` reads it.
fn records_decision(record: &Record, index: usize, entry: &Entry) -> bool {
    entry.sections.iter().any(|s| s.kind == SectionKind::Decision)
        || record
            .entry_blocks(index)
            .any(|b| b.label.as_ref().is_some_and(|l| l.kind == LabelKind::Decision))
}

/// Working days from the entry's date to its `Recorded` date, when both exist.
fn recording_delay(entry: &Entry, holidays: &Holidays) -> Option<i64> {
    let date = entry.date?;
    let field = Record::field(entry, "recorded")?;
    let recorded = find_dates(&field.value, 0).first().and_then(|m| m.date)?;
    Some(working_days_excluding(date, recorded, holidays))
}

fn genogram_stats(record: &Record, diagnostics: &[Diagnostic]) -> GenogramStats {
    let Some(genogram) = &record.genogram else {
        let state = if required_because(&record.front_matter).is_some() {
            GenogramState::Missing
        } else {
            GenogramState::NotRequired
        };
        return GenogramStats {
            present: false,
            valid: false,
            updated: None,
            up_to_date: false,
            state,
        };
    };
    let valid = genogram.is_valid();
    let stale = diagnostics.iter().any(|d| d.rule == STALE_GENOGRAM);
    let state = match (valid, genogram.updated, stale) {
        (false, _, _) => GenogramState::Invalid,
        (true, None, _) => GenogramState::Undated,
        (true, Some(_), true) => GenogramState::Stale,
        (true, Some(_), false) => GenogramState::UpToDate,
    };
    GenogramStats {
        present: true,
        valid,
        updated: genogram.updated,
        up_to_date: state == GenogramState::UpToDate,
        state,
    }
}

/// Gaps from the `contact-frequency-not-met` findings: the finding is at the
/// later contact's heading, its related place at the earlier one's.
fn contact_gaps(record: &Record, diagnostics: &[Diagnostic]) -> Vec<ContactGap> {
    let index = LineIndex::new(record.text);
    let mut by_heading: HashMap<usize, &Entry> = HashMap::new();
    for entry in record.entries.iter().rev() {
        by_heading.insert(entry.heading.span.start, entry); // the first wins
    }
    let entry_at = |span: &Span| by_heading.get(&span.start).copied();
    let mut gaps: Vec<ContactGap> = diagnostics
        .iter()
        .filter(|d| d.rule == FREQUENCY_NOT_MET)
        .filter_map(|d| {
            let later = entry_at(&d.span)?;
            let earlier = d.related.iter().find_map(|r| entry_at(&r.span))?;
            let (from, to) = (earlier.date?, later.date?);
            Some(ContactGap {
                from,
                to,
                days: (to - from).num_days(),
                line: index.line_of(later.heading.span.start.min(record.text.len())) + 1,
            })
        })
        .collect();
    gaps.sort_by_key(|g| (g.from, g.to));
    gaps.dedup();
    gaps
}

fn kind_key(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Contact => "contact",
        ContactKind::Correspondence => "correspondence",
        ContactKind::ManagementOversight => "management-oversight",
        ContactKind::CaseNote => "case-note",
        ContactKind::Supervision => "supervision",
        ContactKind::Unknown => "unknown",
    }
}

/// The median (the mean of the middle two for an even count).
pub(crate) fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn iso_date<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

pub(crate) fn iso_date_opt<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => iso_date(date, serializer),
        None => serializer.serialize_none(),
    }
}

/// Parses, checks and measures one record: its figures and the findings
/// `config` shows.
pub fn analyse(
    path: &str,
    text: &str,
    config: &Config,
    today: NaiveDate,
) -> (RecordStats, Vec<Diagnostic>) {
    let record = crate::parse::parse(text);
    let (diagnostics, shown) = check_for_figures(text, config, today);
    (record_stats(path, &record, &diagnostics, &shown, config, today), shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    fn stats_with(text: &str, config: &Config) -> RecordStats {
        analyse("notes/a.md", text, config, d(TODAY.0, TODAY.1, TODAY.2)).0
    }

    fn stats(text: &str) -> RecordStats {
        stats_with(text, &Config::default())
    }

    /// Four entries: two home visits (the second missing Jamie's views and
    /// recorded late), a phone call with the mother only, and a case note
    /// with an unendorsed decision. Weekly contact, so the 10 November visit
    /// comes 14 days after the one before.
    const RECORD: &str = "---
record: CIN-1
child: Jamie Smith
parents: [Sarah Smith]
agency: childrens-social-care
stage: [child-in-need]
contact-frequency: weekly
worker: Amira Patel
---

# Family composition

```genogram
updated: 2026-10-01
person Jamie Smith: child, male, born 2016, household
person Sarah Smith: mother, female, born 1990, PR, household
children of Sarah Smith: Jamie Smith
```

## 2026-10-27 — Home visit

Recorded: 2026-10-28
Contact: home visit, announced
Present: Jamie Smith, Sarah Smith

### Wishes and feelings

Jamie said he likes school. Sarah Smith said she is tired.

## 2026-11-10 — Home visit

Recorded: 2026-11-16
Contact: home visit, unannounced
Present: Jamie Smith, Sarah Smith

### Wishes and feelings

Sarah Smith said she wants help.

### Decision

Jamie to stay on the plan.

Endorsed by: Joanne Firth, Team Manager, 16/11/2026

## 2026-11-12 — Phone call

Recorded: 2026-11-12
Contact: phone call
Present: Sarah Smith

Wishes and feelings: Sarah Smith said she was coping.

## 2026-11-13 — Case note

Recorded: 2026-11-13

Decision: close the referral from school.
";

    #[test]
    fn figures_of_a_small_record() {
        let s = stats(RECORD);
        assert_eq!(s.path, "notes/a.md");
        assert_eq!(s.record.as_deref(), Some("CIN-1"));
        assert_eq!(s.worker.as_deref(), Some("Amira Patel"));
        assert_eq!(s.children, ["Jamie Smith"]);
        assert_eq!(s.agency.as_deref(), Some("childrens-social-care"));
        assert_eq!(s.contact_frequency.as_deref(), Some("7 days"));
        assert_eq!((s.first_entry, s.last_entry), (Some(d(2026, 10, 27)), Some(d(2026, 11, 13))));
        assert_eq!(s.days_since_last_entry, Some(12));
        assert_eq!((s.entries, s.contacts), (4, 3));
        // Jamie took part in two contacts; his views are missing from the second.
        assert_eq!(s.child_wishes_feelings, Share { recorded: 1, of: 2, share: Some(0.5) });
        // Every contact has a type, who was present, and the record's frequency.
        assert_eq!(s.contact_nature_frequency, Share { recorded: 3, of: 3, share: Some(1.0) });
        // The visit's decision is endorsed, the case note's is not.
        assert_eq!(s.decisions_endorsed, Share { recorded: 1, of: 2, share: Some(0.5) });
        assert_eq!(
            s.genogram,
            GenogramStats {
                present: true,
                valid: true,
                updated: Some(d(2026, 10, 1)),
                up_to_date: true,
                state: GenogramState::UpToDate
            }
        );
        // Delays 1 (Tue→Wed), 4 (Tue 10→Mon 16), 0, 0: median (0 + 1) / 2.
        let delays: Vec<_> = s.timeline.iter().map(|e| e.recording_delay).collect();
        assert_eq!(delays, [Some(1), Some(4), Some(0), Some(0)]);
        assert_eq!(s.median_recording_delay, Some(0.5));
        assert_eq!(
            s.contact_gaps,
            [ContactGap { from: d(2026, 10, 27), to: d(2026, 11, 10), days: 14, line: 30 }]
        );
        let timeline: Vec<_> =
            s.timeline.iter().map(|e| (e.line, e.title.as_str(), e.kind, e.child_seen)).collect();
        assert_eq!(
            timeline,
            [
                (20, "Home visit", "contact", true),
                (30, "Home visit", "contact", true),
                (46, "Phone call", "contact", false),
                (54, "Case note", "case-note", false),
            ]
        );
    }

    #[test]
    fn findings_are_counted_by_severity_principle_and_entry() {
        let s = stats(RECORD);
        let diagnostics = crate::check(RECORD, &Config::default(), d(2026, 11, 25));
        let rules: Vec<&str> = diagnostics.iter().map(|d| d.rule).collect();
        // The figures above rest on exactly these findings.
        assert_eq!(
            rules,
            [
                "contact-frequency-not-met",
                "late-recording",
                "missing-wishes-feelings",
                "unendorsed-decision"
            ]
        );
        assert_eq!(s.findings.total, 4);
        assert_eq!(s.findings.by_severity, BySeverity { error: 0, warning: 2, info: 2, hint: 0 });
        let by_principle: Vec<(&str, usize)> =
            s.findings.by_principle.iter().map(|p| (p.principle, p.findings)).collect();
        assert_eq!(
            by_principle,
            [
                ("fact-and-opinion", 0),
                ("wishes-and-feelings", 1),
                ("contact", 1),
                ("decisions", 1),
                ("family-composition", 0),
                ("timeliness", 1),
                ("language", 0),
                ("suppressions", 0),
            ]
        );
        let per_entry: Vec<usize> = s.timeline.iter().map(|e| e.findings).collect();
        assert_eq!(per_entry, [0, 3, 0, 1]);
    }

    #[test]
    fn figures_do_not_depend_on_the_rules_shown() {
        let mut config = Config::default();
        for id in FIGURE_RULES.iter().chain(&["unendorsed-decision", "missing-genogram"]) {
            config.rules.insert((*id).to_owned(), Level::Off);
        }
        let s = stats_with(RECORD, &config);
        assert_eq!(s.child_wishes_feelings.recorded, 1);
        assert_eq!(s.decisions_endorsed.recorded, 1);
        assert_eq!(s.contact_gaps.len(), 1);
        // Only late-recording is left to count.
        assert_eq!(s.findings.total, 1);
        assert_eq!(s.timeline.iter().map(|e| e.findings).sum::<usize>(), 1);
    }

    #[test]
    fn the_findings_shown_are_those_of_check() {
        // With stale-genogram off, its suppression is not "unused" in
        // `check`; the figures' own check must not add that hint.
        let text = RECORD.replace(
            "## 2026-11-13",
            "<!-- casenote-disable-next-line stale-genogram -->\n## 2026-11-13",
        );
        let mut config = Config::default();
        config.rules.insert(STALE_GENOGRAM.to_owned(), Level::Off);
        let today = d(TODAY.0, TODAY.1, TODAY.2);
        let (s, shown) = analyse("a.md", &text, &config, today);
        assert_eq!(shown, crate::check(&text, &config, today));
        assert!(!shown.iter().any(|d| d.rule == "unused-suppression"));
        assert_eq!(s.findings.total, shown.len());
        let figures = crate::check(&text, &figures_config(&config), today);
        assert!(figures.iter().any(|d| d.rule == "unused-suppression"));
    }

    #[test]
    fn a_parent_missing_is_not_the_child_missing() {
        // Only the mother's views are missing: the child's share is full,
        // but the finding is still counted.
        let text = RECORD.replace(
            "Jamie said he likes school. Sarah Smith said she is tired.",
            "Jamie said he likes school.",
        );
        let s = stats(&text);
        assert_eq!(s.child_wishes_feelings, Share::new(1, 2));
        assert_eq!(s.findings.by_principle[1].findings, 2);
    }

    #[test]
    fn genogram_states() {
        let state = |text: &str| stats(text).genogram.state;
        assert_eq!(state(RECORD), GenogramState::UpToDate);
        assert_eq!(state(&RECORD.replace("updated: 2026-10-01\n", "")), GenogramState::Undated);
        assert_eq!(
            state(&RECORD.replace("children of Sarah Smith", "children of Nobody")),
            GenogramState::Invalid
        );
        assert_eq!(
            state(&RECORD.replace(
                "Recorded: 2026-11-13\n",
                "Recorded: 2026-11-13\n\nMs Smith's new partner moved in on 12 November.\n"
            )),
            GenogramState::Stale
        );
        // With no genogram block: missing where the agency and stage
        // require one (as `missing-genogram` reads it), else not required.
        let without = RECORD.replace("```genogram", "```text");
        assert_eq!(state(&without), GenogramState::Missing);
        let missing = stats(&without);
        assert!(!missing.genogram.present && !missing.genogram.up_to_date);
        assert_eq!(
            state(&without.replace("stage: [child-in-need]\n", "")),
            GenogramState::NotRequired
        );
        let note = stats("## 2026-11-02 — Case note\n\nRecorded: 2026-11-02\n");
        assert_eq!(note.genogram.state, GenogramState::NotRequired);
        assert!(!note.triage.iter().any(|i| i.concern == Concern::MissingGenogram));
    }

    #[test]
    fn an_empty_text_has_no_figures() {
        let s = stats("");
        assert_eq!((s.entries, s.contacts, s.findings.total), (0, 0, 0));
        assert_eq!(s.child_wishes_feelings, Share { recorded: 0, of: 0, share: None });
        assert_eq!(s.child_wishes_feelings.percent(), "—");
        assert_eq!(
            (s.median_recording_delay, s.last_entry, s.days_since_last_entry),
            (None, None, None)
        );
    }

    #[test]
    fn frequency_comes_from_the_entry_when_the_record_has_none() {
        let text = RECORD.replace("contact-frequency: weekly\n", "");
        let s = stats(&text);
        assert_eq!(s.contact_nature_frequency, Share::new(0, 3));
        let text =
            text.replace("Contact: phone call\n", "Contact: phone call\nFrequency: weekly\n");
        assert_eq!(stats(&text).contact_nature_frequency, Share::new(1, 3));
    }

    #[test]
    fn caseload_totals() {
        let a = stats(RECORD);
        let mut b = stats(
            "---\nchild: Ella Smith\n---\n\n# Family composition\n\nElla lives with her aunt.\n",
        );
        assert_eq!(b.findings.total, 0);
        b.path = "notes/0.md".to_owned();
        let readme = stats("# Notes\n\nHow we keep records.\n");
        assert!(!readme.is_record && b.is_record);
        let caseload = Caseload::new(vec![a.clone(), readme, b], d(2026, 11, 25));
        assert_eq!(caseload.records[0].path, "notes/0.md");
        assert_eq!((caseload.records.len(), caseload.other_files), (2, 1));
        let t = &caseload.totals;
        assert_eq!((t.records, t.entries, t.contacts, t.findings.total), (2, 4, 3, 4));
        assert_eq!(t.findings.by_severity, a.findings.by_severity);
        assert_eq!(t.findings.by_principle, a.findings.by_principle);
        assert_eq!(t.child_wishes_feelings, Share::new(1, 2));
        assert_eq!((t.genograms_present, t.genograms_up_to_date, t.contact_gaps), (1, 1, 1));
        assert_eq!(t.median_recording_delay, Some(0.5));
        let json = serde_json::to_value(&caseload).unwrap();
        assert_eq!(json["date"], "2026-11-25");
        assert_eq!(json["records"][1]["genogram"]["state"], "up-to-date");
        assert_eq!(json["records"][1]["contact_gaps"][0]["from"], "2026-10-27");
        assert_eq!(json["records"][0]["last_entry"], serde_json::Value::Null);
    }

    #[test]
    fn children_seen_triage_and_status() {
        let s = stats(RECORD);
        // Weekly: seen on 10 November, due by the 17th, 8 days overdue on the 25th.
        assert_eq!(
            s.children_seen,
            [ChildSeen {
                child: "Jamie Smith".into(),
                last_seen: Some(d(2026, 11, 10)),
                line: Some(30),
                days_since_seen: Some(15),
                planned_frequency: Some("7 days".into()),
                due: Some(d(2026, 11, 17)),
                days_overdue: Some(8),
            }]
        );
        let items: Vec<_> = s
            .triage
            .iter()
            .map(|i| (i.concern, i.status, i.line, i.days, i.summary.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                (
                    Concern::NotSeen,
                    Status::Amber,
                    30,
                    Some(8),
                    "last seen 15 days ago; planned every 7 days, 8 days overdue"
                ),
                (
                    Concern::UnendorsedDecision,
                    Status::Amber,
                    54,
                    Some(12),
                    "Decision not endorsed, 12 days old"
                ),
                (
                    Concern::MissingWishesFeelings,
                    Status::Amber,
                    30,
                    None,
                    "No wishes and feelings recorded for Jamie Smith"
                ),
                (
                    Concern::LateRecording,
                    Status::Amber,
                    30,
                    Some(4),
                    "Recorded 4 working days after the contact"
                ),
            ]
        );
        assert_eq!(s.status, Status::Amber);
    }

    #[test]
    fn thresholds_make_items_red() {
        let mut config = Config::default();
        config.report.overdue_red_days = 8;
        config.report.unendorsed_red_days = 13;
        config.report.missing_views_red = 1;
        config.report.late_recording_red_working_days = 5;
        let s = stats_with(RECORD, &config);
        let statuses: Vec<_> = s.triage.iter().map(|i| (i.concern, i.status)).collect();
        assert_eq!(
            statuses,
            [
                (Concern::NotSeen, Status::Red),
                (Concern::UnendorsedDecision, Status::Amber),
                (Concern::MissingWishesFeelings, Status::Red),
                (Concern::LateRecording, Status::Amber),
            ]
        );
        assert_eq!(s.status, Status::Red);
        // A late-recording limit of 4 working days makes the 10 November visit on time.
        config.late_recording_working_days = 4;
        assert!(!stats_with(RECORD, &config)
            .triage
            .iter()
            .any(|i| i.concern == Concern::LateRecording));
    }

    #[test]
    fn a_record_with_nothing_to_act_on_is_green() {
        let s = stats(
            "---\nchild: Ella Smith\ncontact-frequency: monthly\n---\n\n# Family composition\n\nElla lives with her aunt.\n\n\
             ## 2026-11-20 — Home visit\n\nRecorded: 2026-11-20\nContact: home visit\nPresent: Ella Smith\n\n\
             Wishes and feelings: Ella said she likes her room.\n",
        );
        assert_eq!(s.triage, []);
        assert_eq!(s.status, Status::Green);
        assert_eq!(s.children_seen[0].days_overdue, Some(0));
    }

    #[test]
    fn without_a_plan_a_child_long_unseen_is_amber_and_a_missing_genogram_is_listed() {
        let text = RECORD
            .replace("contact-frequency: weekly\n", "")
            .replace("# Family composition\n\n```genogram", "# Family composition\n\n```text");
        let s = stats_with(&text, &Config::default());
        assert_eq!(s.children_seen[0].planned_frequency, None);
        assert_eq!(s.children_seen[0].days_overdue, None);
        assert!(!s.triage.iter().any(|i| i.concern == Concern::NotSeen));
        assert!(s.triage.iter().any(|i| i.concern == Concern::MissingGenogram && i.line == 1));
        let mut config = Config::default();
        config.report.unseen_amber_days = 14;
        let s = stats_with(&text, &config);
        let item = s.triage.iter().find(|i| i.concern == Concern::NotSeen).unwrap();
        assert_eq!(
            (item.status, item.summary.as_str()),
            (Status::Amber, "last seen 15 days ago; no planned frequency")
        );
    }

    #[test]
    fn practitioners_and_team() {
        let text = RECORD.replace(
            "Contact: phone call\n",
            "Author: Leanne Holt, Senior Practitioner\nContact: phone call\n",
        );
        let a = stats(&text);
        let b = analyse("notes/b.md", RECORD, &Config::default(), d(2026, 11, 25)).0;
        let caseload = Caseload::new(vec![a, b], d(2026, 11, 25));
        let names: Vec<_> = caseload.practitioners.iter().map(|p| p.name.as_deref()).collect();
        assert_eq!(names, [Some("Amira Patel"), Some("Leanne Holt")]);
        let amira = &caseload.practitioners[0];
        assert_eq!((amira.records, amira.entries, amira.findings), (2, 7, 8));
        assert_eq!(amira.records_by_status, ByStatus { red: 0, amber: 2, green: 0 });
        assert_eq!(amira.decisions_endorsed, Share::new(2, 4));
        let rates: Vec<_> =
            amira.findings_per_10_entries.iter().map(|r| (r.principle, r.per_10_entries)).collect();
        assert_eq!(rates[1], ("wishes-and-feelings", Some(2.9)));
        assert_eq!(rates[0], ("fact-and-opinion", Some(0.0)));
        let leanne = &caseload.practitioners[1];
        assert_eq!((leanne.records, leanne.entries, leanne.findings), (1, 1, 0));
        assert_eq!(leanne.median_recording_delay, Some(0.0));
        let team = &caseload.team;
        assert_eq!(
            (team.name.as_deref(), team.records, team.entries, team.findings),
            (None, 2, 8, 8)
        );
        assert_eq!(team.median_recording_delay, Some(0.5));
        // Two records, each with four items, in triage order across them.
        let order: Vec<_> = caseload.triage.iter().map(|i| (i.concern, i.path.as_str())).collect();
        assert_eq!(
            order[..3],
            [
                (Concern::NotSeen, "notes/a.md"),
                (Concern::NotSeen, "notes/b.md"),
                (Concern::UnendorsedDecision, "notes/a.md"),
            ]
        );
        assert_eq!(caseload.triage.len(), 8);
        let json = serde_json::to_value(&caseload).unwrap();
        assert_eq!(json["triage"][0]["concern"], "not-seen");
        assert_eq!(json["records"][0]["status"], "amber");
        assert_eq!(json["practitioners"][1]["name"], "Leanne Holt");
    }

    #[test]
    fn one_practitioner_whatever_rank_collar_number_or_case() {
        let text = RECORD
            .replace("worker: Amira Patel", "worker: PC 4471 Amira Patel")
            .replace("Contact: phone call\n", "Author: amira patel (duty)\nContact: phone call\n");
        let caseload = Caseload::new(vec![stats(&text)], d(2026, 11, 25));
        let names: Vec<_> = caseload.practitioners.iter().map(|p| p.name.as_deref()).collect();
        assert_eq!(names, [Some("Amira Patel")]);
        assert_eq!((caseload.practitioners[0].records, caseload.practitioners[0].entries), (1, 4));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3, 1, 2]), Some(2.0));
        assert_eq!(median(&mut [4, 1, 2, 3]), Some(2.5));
    }
}
