//! Figures per practitioner and for the whole team, so that supervision
//! can start from them. An entry belongs to the name in its `Author` field
//! (before any comma or bracket: `Amira Patel, Social Worker`), else to the
//! record's `worker`; findings outside every entry belong to the record's
//! worker.

use std::collections::BTreeMap;

use serde::Serialize;

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
pub fn practitioners<'a>(
    records: impl IntoIterator<Item = &'a RecordStats>,
) -> (Vec<Practitioner>, Practitioner) {
    let mut by_name: BTreeMap<Option<&str>, Tally> = BTreeMap::new();
    let mut team = Tally::default();
    for record in records {
        let worker = record.worker.as_deref();
        let mut involved: Vec<Option<&str>> = vec![worker];
        for entry in &record.timeline {
            let name = entry.practitioner.as_deref();
            if !involved.contains(&name) {
                involved.push(name);
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
        for tally in [by_name.entry(worker).or_default(), &mut team] {
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
    for (name, tally) in by_name {
        named.push(tally.into_practitioner(name.map(str::to_owned)));
    }
    named.extend(nobody.map(|tally| tally.into_practitioner(None)));
    (named, team.into_practitioner(None))
}

/// The practitioner an `Author` value names: the text before a comma or an
/// opening bracket (`Amira Patel, Social Worker` → `Amira Patel`).
pub fn practitioner_name(author: &str) -> Option<String> {
    let name = author.split([',', '(', ';']).next().unwrap_or("").trim();
    (!name.is_empty()).then(|| name.to_owned())
}
