//! What a supervisor must act on first: per child, the days since they were
//! last seen against the planned frequency; per record, the items that need
//! attention and a red / amber / green status from the thresholds under
//! `[report]` (`ReportThresholds`). Pure, like the rest of `stats`.

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::Serialize;

use super::iso_date_opt;
use crate::config::ReportThresholds;
use crate::model::Frequency;

/// A record's status, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Red,
    Amber,
    Green,
}

impl Status {
    /// Every status, worst first.
    pub const ALL: [Status; 3] = [Status::Red, Status::Amber, Status::Green];

    /// The key used in JSON, HTML classes and filters.
    pub fn key(self) -> &'static str {
        match self {
            Status::Red => "red",
            Status::Amber => "amber",
            Status::Green => "green",
        }
    }

    /// The text label shown beside the colour.
    pub fn label(self) -> &'static str {
        match self {
            Status::Red => "Red",
            Status::Amber => "Amber",
            Status::Green => "Green",
        }
    }
}

/// What needs attention, in the order a manager acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Concern {
    /// A child not seen within the planned frequency.
    NotSeen,
    /// A decision with no manager's endorsement nor joint decision.
    UnendorsedDecision,
    /// A contact with the child that records no wishes and feelings of the child.
    MissingWishesFeelings,
    /// The agency's threshold requires a genogram and there is none.
    MissingGenogram,
    /// A later entry records a change in the family.
    StaleGenogram,
    /// An entry recorded later than the configured working days.
    LateRecording,
}

impl Concern {
    /// Every concern, in triage order.
    pub const ALL: [Concern; 6] = [
        Concern::NotSeen,
        Concern::UnendorsedDecision,
        Concern::MissingWishesFeelings,
        Concern::MissingGenogram,
        Concern::StaleGenogram,
        Concern::LateRecording,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Concern::NotSeen => "not-seen",
            Concern::UnendorsedDecision => "unendorsed-decision",
            Concern::MissingWishesFeelings => "missing-wishes-feelings",
            Concern::MissingGenogram => "missing-genogram",
            Concern::StaleGenogram => "stale-genogram",
            Concern::LateRecording => "late-recording",
        }
    }

    /// A heading for the concern's group of items.
    pub fn title(self) -> &'static str {
        match self {
            Concern::NotSeen => "Children not seen within the planned frequency",
            Concern::UnendorsedDecision => "Decisions not endorsed",
            Concern::MissingWishesFeelings => "Contacts without the child's wishes and feelings",
            Concern::MissingGenogram => "Genograms missing",
            Concern::StaleGenogram => "Genograms out of date",
            Concern::LateRecording => "Late recording",
        }
    }
}

/// When a child of the record was last seen, against the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChildSeen {
    pub child: String,
    /// The date of the last contact the child took part in.
    #[serde(serialize_with = "iso_date_opt")]
    pub last_seen: Option<NaiveDate>,
    /// 1-based line of that contact's heading.
    pub line: Option<usize>,
    /// Days from `last_seen` to today.
    pub days_since_seen: Option<i64>,
    /// The planned frequency in words (`7 days`): the last contact's
    /// `Frequency` field, else the record's `contact-frequency`.
    pub planned_frequency: Option<String>,
    /// The last day by which the child should have been seen again.
    #[serde(serialize_with = "iso_date_opt")]
    pub due: Option<NaiveDate>,
    /// Days past `due` (0 when not overdue).
    pub days_overdue: Option<i64>,
}

impl ChildSeen {
    /// The figures for a child last seen on `last_seen` (at `line`), or
    /// never seen in entries that start on `first_entry`.
    pub fn new(
        child: &str,
        last_seen: Option<(NaiveDate, usize)>,
        first_entry: Option<NaiveDate>,
        planned: Option<Frequency>,
        today: NaiveDate,
    ) -> ChildSeen {
        // A child never seen has been due since the record's first entry.
        let from = last_seen.map(|(date, _)| date).or(first_entry);
        let due = planned.zip(from).map(|(frequency, from)| frequency.due(from));
        ChildSeen {
            child: child.to_owned(),
            last_seen: last_seen.map(|(date, _)| date),
            line: last_seen.map(|(_, line)| line),
            days_since_seen: last_seen.map(|(date, _)| (today - date).num_days()),
            planned_frequency: planned.map(Frequency::describe),
            due,
            days_overdue: due.map(|due| (today - due).num_days().max(0)),
        }
    }
}

/// One thing that needs attention, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TriageItem {
    pub concern: Concern,
    pub status: Status,
    /// The record's path, as in `records`.
    pub path: String,
    /// The case reference.
    pub record: Option<String>,
    pub worker: Option<String>,
    /// The child it is about, where it is about one.
    pub child: Option<String>,
    /// 1-based line of the entry it is about (1: the record as a whole).
    pub line: usize,
    /// The entry's date.
    #[serde(serialize_with = "iso_date_opt")]
    pub date: Option<NaiveDate>,
    /// Days overdue (`not-seen`), days since the decision
    /// (`unendorsed-decision`), working days late (`late-recording`).
    pub days: Option<i64>,
    /// One line saying what is wrong.
    pub summary: String,
}

impl TriageItem {
    /// Triage order: by concern; then the most overdue children, the oldest
    /// decisions and contacts, the latest recording; then by place.
    fn order(&self) -> (Concern, Reverse<i64>, Option<NaiveDate>, &str, usize) {
        let most_first = match self.concern {
            Concern::NotSeen | Concern::LateRecording => self.days.unwrap_or(0),
            _ => 0,
        };
        (self.concern, Reverse(most_first), self.date, self.path.as_str(), self.line)
    }
}

/// Sorts items into triage order.
pub fn sort(items: &mut [TriageItem]) {
    items.sort_by(|a, b| a.order().cmp(&b.order()));
}

/// The worst status of `items`; green when there are none.
pub fn status_of(items: &[TriageItem]) -> Status {
    items.iter().map(|i| i.status).min().unwrap_or(Status::Green)
}

/// What a record offers the triage, gathered by `record_stats`.
pub struct Evidence<'a> {
    pub children: &'a [ChildSeen],
    /// Entries with an unendorsed decision: line, date.
    pub unendorsed: Vec<(usize, Option<NaiveDate>)>,
    /// Contacts missing a child's wishes and feelings: line, date, children.
    pub missing_views: Vec<(usize, Option<NaiveDate>, Vec<String>)>,
    /// The genogram is required and missing.
    pub genogram_missing: bool,
    /// The genogram is out of date: the line and date of the entry recording the change.
    pub genogram_stale: Option<(usize, Option<NaiveDate>)>,
    /// Entries recorded late: line, date, working days.
    pub late: Vec<(usize, Option<NaiveDate>, i64)>,
    /// `late-recording-working-days`: later than this is late.
    pub late_after: u32,
}

/// The items of one record, unsorted. `item` fills in the record's place.
pub fn items(
    evidence: &Evidence,
    thresholds: &ReportThresholds,
    today: NaiveDate,
    item: impl Fn(Concern, Status, usize, Option<NaiveDate>) -> TriageItem,
) -> Vec<TriageItem> {
    let red_if = |red: bool| if red { Status::Red } else { Status::Amber };
    let mut items = Vec::new();
    for child in evidence.children {
        let seen = match child.days_since_seen {
            Some(days) => format!("last seen {days} days ago"),
            None => "not seen in any entry".to_owned(),
        };
        let line = child.line.unwrap_or(1);
        let found = match (&child.planned_frequency, child.days_overdue) {
            (Some(planned), Some(overdue)) if overdue > 0 => Some((
                red_if(overdue >= i64::from(thresholds.overdue_red_days)),
                Some(overdue),
                format!("{seen}; planned every {planned}, {overdue} days overdue"),
            )),
            (None, _) => {
                let days = child.days_since_seen.unwrap_or(i64::MAX);
                (child.last_seen.is_some() && days > i64::from(thresholds.unseen_amber_days))
                    .then(|| (Status::Amber, None, format!("{seen}; no planned frequency")))
            }
            _ => None,
        };
        if let Some((status, days, summary)) = found {
            let mut it = item(Concern::NotSeen, status, line, child.last_seen);
            it.child = Some(child.child.clone());
            it.days = days;
            it.summary = summary;
            items.push(it);
        }
    }
    for &(line, date) in &evidence.unendorsed {
        let age = date.map(|d| (today - d).num_days());
        let status = red_if(age.is_some_and(|a| a >= i64::from(thresholds.unendorsed_red_days)));
        let mut it = item(Concern::UnendorsedDecision, status, line, date);
        it.days = age;
        it.summary = match age {
            Some(age) => format!("Decision not endorsed, {age} days old"),
            None => "Decision not endorsed".to_owned(),
        };
        items.push(it);
    }
    let many = evidence.missing_views.len() >= thresholds.missing_views_red as usize;
    for (line, date, children) in &evidence.missing_views {
        let mut it = item(Concern::MissingWishesFeelings, red_if(many), *line, *date);
        it.child = Some(children.join(", "));
        it.summary = format!("No wishes and feelings recorded for {}", children.join(", "));
        items.push(it);
    }
    if evidence.genogram_missing {
        let mut it = item(Concern::MissingGenogram, Status::Amber, 1, None);
        it.summary = "The agency's threshold requires a genogram and there is none".to_owned();
        items.push(it);
    }
    if let Some((line, date)) = evidence.genogram_stale {
        let mut it = item(Concern::StaleGenogram, Status::Amber, line, date);
        it.summary = "A change in the family is recorded after the genogram was updated".to_owned();
        items.push(it);
    }
    for &(line, date, delay) in &evidence.late {
        if delay <= i64::from(evidence.late_after) {
            continue;
        }
        let status = red_if(delay >= i64::from(thresholds.late_recording_red_working_days));
        let mut it = item(Concern::LateRecording, status, line, date);
        it.days = Some(delay);
        it.summary = format!("Recorded {delay} working days after the contact");
        items.push(it);
    }
    items
}
