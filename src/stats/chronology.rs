//! A record's own chronology for the supervisor report: its significant
//! events (confirmed and not yet confirmed) in date order and the
//! accumulating concern among them, read by the chronology module itself
//! ([`crate::chronology::events`] through [`merge::merge`]), so that the
//! report and `casenote chronology` cannot disagree.

use serde::Serialize;

use crate::chronology::merge::{self, Accumulating, Filter, Input, Row};
use crate::chronology::{Child, RecordEvents};
use crate::model::Record;

/// One record's chronology.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordChronology {
    /// Every significant event, confirmed or not, ordered by date, time,
    /// then where it is written (the rows of `casenote chronology --format
    /// json`).
    pub events: Vec<Row>,
    /// 3 or more events of one kind within 90 days (not-yet-confirmed
    /// events count, as in `casenote chronology`).
    pub accumulating_concern: Vec<Accumulating>,
}

impl RecordChronology {
    /// The chronology of `record`, its rows' `source` naming `path`.
    pub fn of(path: &str, record: &Record) -> RecordChronology {
        let mut events = RecordEvents::of(record);
        // Every event of a record is about each of its children alike, and
        // a record may name none: merge it under one name so that it gives
        // exactly one chronology whatever the front matter says.
        events.children = vec![Child { name: String::new(), born: None }];
        let input = Input { path: path.to_owned(), events };
        let merged = merge::merge(std::slice::from_ref(&input), &Filter::default());
        let Some(chronology) = merged.chronologies.into_iter().next() else {
            return RecordChronology::default();
        };
        RecordChronology {
            events: chronology.all_rows().into_iter().cloned().collect(),
            accumulating_concern: chronology.patterns.accumulating_concern,
        }
    }

    /// Events read from unlabelled sentences: "not yet confirmed".
    pub fn unconfirmed(&self) -> usize {
        self.events.iter().filter(|row| !row.confirmed).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_naming_no_child_still_has_its_events_in_date_order() {
        let text = "## 2026-03-09 — Phone call\n\nMs Reid said Kai had a bruise on his arm.\n\n\
## 2026-03-02 14:30 — Police call-out\n\nOfficers went to the flat.\n";
        let chronology = RecordChronology::of("a.md", &crate::parse::parse(text));
        let rows: Vec<_> = chronology
            .events
            .iter()
            .map(|r| {
                (r.date.as_str(), r.time.as_str(), r.kind.as_str(), r.confirmed, r.source.as_str())
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-03-02", "14:30", "police-call-out", true, "a.md:5"),
                ("2026-03-09", "", "injury", false, "a.md:3"),
            ]
        );
        assert_eq!(chronology.unconfirmed(), 1);
        assert_eq!(chronology.accumulating_concern, []);
    }

    #[test]
    fn no_events_no_rows() {
        let chronology = RecordChronology::of("a.md", &crate::parse::parse("# Notes\n"));
        assert_eq!(chronology, RecordChronology::default());
    }
}
