//! Figures per practitioner and for the whole team, so that supervision
//! can start from them. An entry belongs to the name in its `Author` field
//! (before any comma or bracket: `Amira Patel, Social Worker`), else to the
//! record's `worker`; findings outside every entry belong to the record's
//! worker.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::vocabulary::{self, Vocabulary};

use super::triage::Status;
use super::{median, principle_key, RecordStats, Share, PRINCIPLES};

/// How many findings of one principle there are per 10 entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipleRate {
    pub principle: &'static str,
    pub title: &'static str,
    pub findings: usize,
    /// Findings per 10 entries, to 1 decimal place; `null` with no entries.
    pub per_10_entries: Option<f64>,
}

/// Records by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ByStatus {
    pub red: usize,
    pub amber: usize,
    pub green: usize,
}

impl ByStatus {
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Red => self.red,
            Status::Amber => self.amber,
            Status::Green => self.green,
        }
    }

    pub(super) fn bump(&mut self, status: Status) {
        match status {
            Status::Red => self.red += 1,
            Status::Amber => self.amber += 1,
            Status::Green => self.green += 1,
        }
    }
}

/// The figures of one practitioner, or of the team.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Practitioner {
    /// The practitioner's name; `null` for the team, or for entries and
    /// records that name nobody.
    pub name: Option<String>,
    /// Records they are the worker of or wrote an entry in.
    pub records: usize,
    /// Status of those records.
    pub records_by_status: ByStatus,
    pub entries: usize,
    pub findings: usize,
    /// Every principle, in report order.
    pub findings_per_10_entries: Vec<PrincipleRate>,
    /// Decisions in their entries that are endorsed.
    pub decisions_endorsed: Share,
    /// Median working days from contact to recording in their entries.
    pub median_recording_delay: Option<f64>,
}

#[derive(Default)]
struct Tally {
    records: usize,
    by_status: ByStatus,
    entries: usize,
    by_principle: [usize; PRINCIPLES.len()],
    endorsed: (usize, usize),
    delays: Vec<i64>,
}

impl Tally {
    fn into_practitioner(mut self, name: Option<String>) -> Practitioner {
        let entries = self.entries;
        let findings_per_10_entries = PRINCIPLES
            .iter()
            .zip(self.by_principle)
            .map(|(&p, findings)| PrincipleRate {
                principle: principle_key(p),
                title: p.title(),
                findings,
                per_10_entries: (entries > 0)
                    .then(|| (findings as f64 * 100.0 / entries as f64).round() / 10.0),
            })
            .collect();
        Practitioner {
            name,
            records: self.records,
            records_by_status: self.by_status,
            entries,
            findings: self.by_principle.iter().sum(),
            findings_per_10_entries,
            decisions_endorsed: Share::new(self.endorsed.0, self.endorsed.1),
            median_recording_delay: median(&mut self.delays),
        }
    }
}

/// Per practitioner (by name; entries naming nobody last), and the team.
/// Names are matched by [`practitioner_key`], so `PC 4471 Megan Lloyd` and
/// `megan lloyd` are one practitioner, shown as the first name met
/// without its prefixes.
pub fn practitioners<'a>(
    records: impl IntoIterator<Item = &'a RecordStats>,
) -> (Vec<Practitioner>, Practitioner) {
    let mut by_name: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    let mut key = |name: Option<&str>| -> Option<String> {
        let name = name?;
        let key = practitioner_key(name);
        if key.is_empty() {
            return None;
        }
        shown.entry(key.clone()).or_insert_with(|| without_prefixes(name));
        Some(key)
    };
    let mut team = Tally::default();
    for record in records {
        let worker = key(record.worker.as_deref());
        let mut involved: Vec<Option<String>> = vec![worker.clone()];
        for entry in &record.timeline {
            let name = key(entry.practitioner.as_deref());
            if !involved.contains(&name) {
                involved.push(name.clone());
            }
            for tally in [by_name.entry(name).or_default(), &mut team] {
                tally.entries += 1;
                for (total, n) in tally.by_principle.iter_mut().zip(entry.findings_by_principle) {
                    *total += n;
                }
                if let Some(endorsed) = entry.decision_endorsed {
                    tally.endorsed.1 += 1;
                    tally.endorsed.0 += usize::from(endorsed);
                }
                tally.delays.extend(entry.recording_delay);
            }
        }
        // The record's own findings count once, for its worker.
        for tally in [by_name.entry(worker.clone()).or_default(), &mut team] {
            for (total, n) in tally.by_principle.iter_mut().zip(record.outside_entries_by_principle)
            {
                *total += n;
            }
        }
        for name in involved {
            let tally = by_name.entry(name).or_default();
            tally.records += 1;
            tally.by_status.bump(record.status);
        }
        team.records += 1;
        team.by_status.bump(record.status);
    }
    let mut named: Vec<Practitioner> = Vec::with_capacity(by_name.len());
    let nobody = by_name.remove(&None);
    for (key, tally) in by_name {
        let name = key.and_then(|key| shown.remove(&key));
        named.push(tally.into_practitioner(name));
    }
    named.sort_by(|a, b| a.name.cmp(&b.name));
    named.extend(nobody.map(|tally| tally.into_practitioner(None)));
    (named, team.into_practitioner(None))
}

/// The practitioner an `Author` value names: the text before a comma or an
/// opening bracket (`Amira Patel, Social Worker` → `Amira Patel`).
pub fn practitioner_name(author: &str) -> Option<String> {
    let name = author.split([',', '(', ';']).next().unwrap_or("").trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The words of a practitioner's name that tell practitioners apart:
/// lower case, without titles, ranks (`practitioner-prefixes` in the
/// vocabulary) or words holding a digit (collar numbers).
pub fn practitioner_key(name: &str) -> String {
    name_words(name).map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// The name as written, without its prefixes.
fn without_prefixes(name: &str) -> String {
    name_words(name).collect::<Vec<_>>().join(" ")
}

fn name_words(name: &str) -> impl Iterator<Item = &str> {
    let people = &vocabulary::get().people;
    let prefix = |word: &str| {
        let word = word.trim_end_matches('.');
        ["male-titles", "female-titles", "neutral-titles", "practitioner-prefixes"]
            .iter()
            .any(|key| Vocabulary::list(people, key).iter().any(|p| p.eq_ignore_ascii_case(word)))
    };
    name.split_whitespace()
        .filter(move |word| !prefix(word) && !word.contains(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_titles_and_collar_numbers_do_not_make_another_practitioner() {
        assert_eq!(practitioner_key("PC 4471 Megan Lloyd"), "megan lloyd");
        assert_eq!(practitioner_key("Dr. Ola  Ade"), "ola ade");
        assert_eq!(practitioner_key("megan Lloyd"), "megan lloyd");
        assert_eq!(without_prefixes("DS Ravi Kaur"), "Ravi Kaur");
        assert_eq!(practitioner_key("PC 4471"), "");
    }
}
