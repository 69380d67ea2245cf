//! One chronology per child, merged from every record about them (SPEC
//! §3.6): the same full name and, where both records give one, the same
//! birth year or date. Rows are ordered by date, time, then agency. The
//! patterns a reviewer looks for are found here too: counts per kind and
//! agency, accumulating concern (3 or more events of one kind within 90
//! days), and gaps in contact longer than the planned frequency.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Born, Origin, RecordEvents};
use crate::vocabulary::normalise;

/// Events of one kind that make accumulating concern, and the window.
pub const CONCERN_EVENTS: usize = 3;
pub const CONCERN_DAYS: i64 = 90;

/// One record read for the chronology.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path to show in the `source` column.
    pub path: String,
    pub events: RecordEvents,
}

/// The command's options that choose rows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only the child of this full name (case-insensitive).
    pub child: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Leave out detected events.
    pub confirmed_only: bool,
}

/// One row of a chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `YYYY-MM-DD`, or empty when the entry's date does not exist.
    pub date: String,
    /// `HH:MM`, or empty.
    pub time: String,
    pub agency: String,
    pub record: String,
    pub summary: String,
    pub kind: String,
    pub impact: String,
    /// `path:line`.
    pub source: String,
    pub confirmed: bool,
    pub origin: Origin,
    #[serde(skip)]
    pub day: Option<NaiveDate>,
    /// 1-based line of the event in its record.
    pub line: usize,
    #[serde(skip)]
    pub path: String,
}

impl Row {
    /// Date (rows with no date last), time (none first), agency, then
    /// where the event is written.
    pub fn order(a: &Row, b: &Row) -> std::cmp::Ordering {
        (a.day.is_none(), a.day, &a.time, &a.agency, &a.path, a.line).cmp(&(
            b.day.is_none(),
            b.day,
            &b.time,
            &b.agency,
            &b.path,
            b.line,
        ))
    }
}

impl Chronology {
    /// Every row, confirmed or not, in one date order.
    pub fn all_rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.events.iter().chain(&self.unconfirmed).collect();
        rows.sort_by(|a, b| Row::order(a, b));
        rows
    }
}

/// A record that contributed to a chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contributor {
    pub path: String,
    pub record: String,
    pub agency: String,
}

impl Contributor {
    /// The agency and case reference, those given, joined by a comma.
    pub fn about(&self) -> String {
        [self.agency.as_str(), self.record.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How many events of a kind an agency recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: String,
    pub agency: String,
    pub count: usize,
}

/// The most events of a kind in any 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rolling {
    pub kind: String,
    pub most_in_90_days: usize,
}

/// 3 or more events of one kind within 90 days (overlapping windows joined).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accumulating {
    pub kind: String,
    #[serde(serialize_with = "iso_date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso_date")]
    pub to: NaiveDate,
    pub events: usize,
}

/// A period with no contact longer than the planned frequency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub agency: String,
    pub record: String,
    #[serde(serialize_with = "iso_date")]
    pub from: NaiveDate,
    #[serde(serialize_with = "iso_date")]
    pub to: NaiveDate,
    pub days: i64,
    pub planned: String,
}

/// Dates in JSON as `YYYY-MM-DD`.
fn iso_date<S: serde::Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Patterns {
    pub counts: Vec<KindCount>,
    pub rolling: Vec<Rolling>,
    pub accumulating_concern: Vec<Accumulating>,
    pub gaps: Vec<Gap>,
}

/// One child's chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chronology {
    pub child: String,
    /// The birth date or year the records give, if any.
    pub born: Option<String>,
    pub records: Vec<Contributor>,
    /// Confirmed events, in order.
    pub events: Vec<Row>,
    /// Detected events, "not yet confirmed", in order.
    pub unconfirmed: Vec<Row>,
    pub patterns: Patterns,
}

/// Records naming the same child with different births: not merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub child: String,
    /// Each record's path and the birth it gives (empty: none).
    pub records: Vec<(String, String)>,
}

impl Conflict {
    /// The sentence the command prints.
    pub fn message(&self) -> String {
        let listed: Vec<String> = self
            .records
            .iter()
            .map(|(path, born)| {
                if born.is_empty() {
                    format!("{path} (no birth date)")
                } else {
                    format!("{path} (born {born})")
                }
            })
            .collect();
        format!(
            "{}: records name this child with different birth dates, so they are not merged: {}",
            self.child,
            listed.join(", ")
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Chronologies {
    pub chronologies: Vec<Chronology>,
    pub conflicts: Vec<Conflict>,
    /// Records that name no child (no `child`/`children` in the front matter).
    pub unnamed: Vec<String>,
}

/// A record naming a child: its index in the inputs and the birth it gives.
type Member = (usize, Option<Born>);

/// The chronology of every child named by `inputs`, ordered by name.
pub fn merge(inputs: &[Input], filter: &Filter) -> Chronologies {
    let mut result = Chronologies::default();
    // Normalised name → (shown name, [(input, birth)]).
    let mut by_name: BTreeMap<String, (String, Vec<Member>)> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if input.events.children.is_empty() {
            result.unnamed.push(input.path.clone());
        }
        for child in &input.events.children {
            let key = normalise(&child.name);
            if filter.child.as_deref().is_some_and(|wanted| normalise(wanted) != key) {
                continue;
            }
            by_name
                .entry(key)
                .or_insert_with(|| (child.name.clone(), Vec::new()))
                .1
                .push((i, child.born));
        }
    }
    for (key, (name, members)) in by_name {
        let groups = by_birth(&members);
        if groups.len() > 1 {
            let mut records: Vec<(String, String)> = members
                .iter()
                .map(|(i, born)| {
                    (inputs[*i].path.clone(), born.map(|b| b.to_string()).unwrap_or_default())
                })
                .collect();
            records.sort();
            result.conflicts.push(Conflict { child: name.clone(), records });
        }
        for (born, group) in groups {
            result.chronologies.push(chronology(inputs, &key, &name, born, &group, filter));
        }
    }
    result
}

/// Members grouped by birth: those that agree go together; a record with
/// no birth joins the only group, or stands alone when there are several.
fn by_birth(members: &[Member]) -> Vec<(Option<Born>, Vec<usize>)> {
    let mut groups: Vec<(Option<Born>, Vec<usize>)> = Vec::new();
    for &(i, born) in members {
        let Some(born) = born else { continue };
        match groups.iter_mut().find(|(b, _)| b.is_some_and(|b| b.agrees(born))) {
            Some((b, group)) => {
                // A date is more precise than a year.
                if matches!(born, Born::Date(_)) {
                    *b = Some(born);
                }
                group.push(i);
            }
            None => groups.push((Some(born), vec![i])),
        }
    }
    let unborn: Vec<usize> = members.iter().filter(|(_, b)| b.is_none()).map(|(i, _)| *i).collect();
    match groups.len() {
        0 => groups.push((None, unborn)),
        1 => groups[0].1.extend(unborn),
        _ => groups.extend(unborn.into_iter().map(|i| (None, vec![i]))),
    }
    for (_, group) in &mut groups {
        group.sort_unstable();
        group.dedup();
    }
    groups.sort_by_key(|(born, _)| (born.is_none(), born.map(Born::year)));
    groups
}

fn chronology(
    inputs: &[Input],
    key: &str,
    name: &str,
    born: Option<Born>,
    group: &[usize],
    filter: &Filter,
) -> Chronology {
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for &i in group {
        let input = &inputs[i];
        let record = &input.events;
        let reference = record.reference.clone().unwrap_or_default();
        let agency = record.agency.clone().unwrap_or_default();
        records.push(Contributor {
            path: input.path.clone(),
            record: reference.clone(),
            agency: agency.clone(),
        });
        // A record about several children: every event is about each of them.
        debug_assert!(record.children.iter().any(|c| normalise(&c.name) == key));
        for (event, &line) in record.events.iter().zip(&record.lines) {
            if filter.confirmed_only && !event.confirmed() {
                continue;
            }
            let outside = event.date.is_some_and(|d| {
                filter.from.is_some_and(|from| d < from) || filter.to.is_some_and(|to| d > to)
            });
            if outside || (event.date.is_none() && (filter.from.is_some() || filter.to.is_some())) {
                continue;
            }
            rows.push(Row {
                date: event.date.map(|d| d.to_string()).unwrap_or_default(),
                time: event.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
                agency: agency.clone(),
                record: reference.clone(),
                summary: event.summary.clone(),
                kind: event.kind.to_string(),
                impact: event.impact.clone().unwrap_or_default(),
                source: format!("{}:{line}", input.path),
                confirmed: event.confirmed(),
                origin: event.origin,
                day: event.date,
                line,
                path: input.path.clone(),
            });
        }
    }
    rows.sort_by(Row::order);
    let patterns = patterns(inputs, group, &rows, filter);
    let (events, unconfirmed) = rows.into_iter().partition(|r| r.confirmed);
    Chronology {
        child: name.to_string(),
        born: born.map(|b| b.to_string()),
        records,
        events,
        unconfirmed,
        patterns,
    }
}

fn patterns(inputs: &[Input], group: &[usize], rows: &[Row], filter: &Filter) -> Patterns {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut by_kind: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for row in rows {
        *counts.entry((row.kind.clone(), row.agency.clone())).or_default() += 1;
        if let Some(day) = row.day {
            by_kind.entry(&row.kind).or_default().push(day);
        }
    }
    let mut rolling = Vec::new();
    let mut accumulating = Vec::new();
    for (kind, mut days) in by_kind {
        days.sort_unstable();
        let (most, windows) = windows(&days);
        rolling.push(Rolling { kind: kind.to_string(), most_in_90_days: most });
        accumulating.extend(windows.into_iter().map(|(from, to, events)| Accumulating {
            kind: kind.to_string(),
            from,
            to,
            events,
        }));
    }
    accumulating.sort_by(|a, b| (a.from, &a.kind).cmp(&(b.from, &b.kind)));
    let mut gaps = Vec::new();
    for &i in group {
        let record = &inputs[i].events;
        let mut contacts: Vec<_> = record
            .contacts
            .iter()
            .filter(|c| filter.from.is_none_or(|from| c.date >= from))
            .filter(|c| filter.to.is_none_or(|to| c.date <= to))
            .collect();
        contacts.sort_by_key(|c| c.date);
        for pair in contacts.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            let Some(planned) = later.frequency else { continue };
            if planned.exceeded(earlier.date, later.date) {
                gaps.push(Gap {
                    agency: record.agency.clone().unwrap_or_default(),
                    record: record.reference.clone().unwrap_or_default(),
                    from: earlier.date,
                    to: later.date,
                    days: (later.date - earlier.date).num_days(),
                    planned: planned.describe(),
                });
            }
        }
    }
    gaps.sort_by(|a, b| (a.from, &a.agency).cmp(&(b.from, &b.agency)));
    let counts = counts
        .into_iter()
        .map(|((kind, agency), count)| KindCount { kind, agency, count })
        .collect();
    Patterns { counts, rolling, accumulating_concern: accumulating, gaps }
}

/// The most dates in any 90 days, and the spans where 3 or more fall
/// within 90 days (overlapping spans joined): two pointers, linear.
fn windows(days: &[NaiveDate]) -> (usize, Vec<(NaiveDate, NaiveDate, usize)>) {
    let mut most = 0;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for end in 0..days.len() {
        while (days[end] - days[start]).num_days() >= CONCERN_DAYS {
            start += 1;
        }
        let count = end - start + 1;
        most = most.max(count);
        if count >= CONCERN_EVENTS {
            match spans.last_mut() {
                Some(last) if last.1 >= start => last.1 = end,
                _ => spans.push((start, end)),
            }
        }
    }
    let spans = spans.into_iter().map(|(s, e)| (days[s], days[e], e - s + 1)).collect();
    (most, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn three_within_ninety_days_is_accumulating_concern() {
        let days: Vec<NaiveDate> =
            ["2026-01-01", "2026-02-01", "2026-03-31", "2026-07-01"].map(day).to_vec();
        assert_eq!(windows(&days), (3, vec![(day("2026-01-01"), day("2026-03-31"), 3)]));
        // 1 January to 1 April is 90 days: outside the window.
        let days: Vec<NaiveDate> = ["2026-01-01", "2026-02-01", "2026-04-01"].map(day).to_vec();
        assert_eq!(windows(&days), (2, vec![]));
    }

    #[test]
    fn births_that_disagree_are_not_merged() {
        let year = |y| Some(Born::Year(y));
        let date = Some(Born::Date(day("2016-05-02")));
        assert_eq!(by_birth(&[(0, year(2016)), (1, date), (2, None)]), vec![(date, vec![0, 1, 2])]);
        assert_eq!(
            by_birth(&[(0, year(2016)), (1, year(2018)), (2, None)]),
            vec![(year(2016), vec![0]), (year(2018), vec![1]), (None, vec![2])]
        );
        assert_eq!(
            by_birth(&[(0, year(2018)), (1, year(2016))]),
            vec![(year(2016), vec![1]), (year(2018), vec![0])]
        );
    }
}
