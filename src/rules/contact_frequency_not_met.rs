//! `contact-frequency-not-met`: a gap between visits to the child longer
//! than the planned frequency.

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::{Related, Severity};
use chrono::NaiveDate;

use crate::model::{Frequency, Record, Span};
use crate::parse::frequency::{FrequencyError, RANGE};
use crate::people::Role;
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};

pub struct ContactFrequencyNotMet;

static META: RuleMeta = RuleMeta {
    id: "contact-frequency-not-met",
    default_severity: Severity::Info,
    principle: Principle::Contact,
    summary: "The gap between two contacts with the child is longer than the planned frequency",
    training_example: "see the child within the planned frequency, or record why the visit was missed and when it is rearranged",
    doc: DOC,
};

/// A contact with a child: when, where its heading is, and the frequency
/// its entry plans.
#[derive(Clone)]
struct Seen {
    date: NaiveDate,
    heading: Span,
    frequency: Option<Frequency>,
}

impl Rule for ContactFrequencyNotMet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// A `Frequency` field whose number is out of range is not used to
    /// measure gaps: say so, rather than leave the gap unchecked in silence.
    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for entry in &ctx.record.entries {
            let Some(field) = Record::field(entry, "frequency") else { continue };
            if Frequency::read(&field.value) == Err(FrequencyError::OutOfRange) {
                out.push(Finding::new(
                    field.value_span.clone(),
                    format!(
                        "This planned frequency is out of range: it must be {RANGE}. It is not used, so gaps before this contact are not measured against it; correct the number"
                    ),
                ));
            }
        }
    }

    /// The unit's contacts with a child.
    fn note(&self, ctx: &Context) -> Option<Note> {
        let seen: Vec<Seen> = ctx
            .record
            .entries
            .iter()
            .filter(|e| e.kind.is_contact())
            .filter(|e| {
                ctx.participants(e).iter().any(|&p| ctx.people.people[p].role == Role::Child)
            })
            .filter_map(|e| {
                Some(Seen {
                    date: e.date?,
                    heading: e.heading.span.clone(),
                    frequency: Record::field(e, "frequency")
                        .and_then(|f| Frequency::parse(&f.value)),
                })
            })
            .collect();
        (!seen.is_empty()).then(|| Box::new(seen) as Note)
    }

    fn check_record(&self, ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        let mut seen: Vec<Seen> = notes
            .iter()
            .flat_map(|n| {
                n.get::<Vec<Seen>>()
                    .into_iter()
                    .flatten()
                    .map(|s| Seen { heading: n.absolute(&s.heading), ..s.clone() })
            })
            .collect();
        seen.sort_by_key(|e| e.date);
        for pair in seen.windows(2) {
            let (earlier, later) = (&pair[0], &pair[1]);
            let (from, to) = (earlier.date, later.date);
            let planned = later.frequency.or(ctx.head.front_matter.contact_frequency);
            let Some(frequency) = planned else { continue };
            if frequency.exceeded(from, to) {
                let days = (to - from).num_days();
                let mut finding = Finding::new(
                    later.heading.clone(),
                    format!(
                        "The child was last seen {days} days before this contact ({from}), longer than the planned frequency of every {}: record why, and how contact will get back on plan",
                        frequency.describe()
                    ),
                );
                finding.related.push(Related {
                    span: earlier.heading.clone(),
                    message: "the previous contact with the child".into(),
                });
                out.push(finding);
            }
        }
    }
}

const DOC: &str = r#"## What it checks

Two consecutive entries in which a child of the record took part (named in
`Present`/`Seen`, `Contact` or the title), with no such entry between them,
whose dates are further apart than the planned frequency. The planned
frequency is the later entry's `Frequency` field, else the record's
`contact-frequency`. Reported on the later entry.

A `Frequency` field whose period is longer than ten years (`every
613566757 weeks`, often a typing slip) is reported on the field and not
used: its number is never wrapped into a shorter period.

`weekly` is 7 days, `fortnightly` 14, `monthly` one calendar month,
`6-weekly` 42, `every N working days` counts Monday to Friday, and
`N times a week` is 7/N days rounded up. Contacts with only adults, case
notes and correspondence are skipped.

## Principle

Recording includes the frequency of contact, and plans set how often a
child must be seen (recording principle 4).

## Why it matters

Children on plans are seen at set intervals because risk can change
quickly. A missed visit that is not explained is a gap in the child's
safety net that a supervisor needs to see.

## Example

Bad (fortnightly, but 21 days apart):

```markdown
## 2026-09-22 — Home visit
Present: Jamie Smith, Sarah Smith

## 2026-10-13 — Home visit
Present: Jamie Smith, Sarah Smith
```

Good: a visit by 6 October, or an entry recording why it was missed:

```markdown
## 2026-10-06 — Home visit (unannounced)
Present: Jamie Smith
```

## How to fix

See the child within the planned frequency. If a visit could not happen,
record why and when it was rearranged; if the plan changed, record the new
frequency in the entry's `Frequency:` field.

## Configuration

```toml
[rules]
contact-frequency-not-met = "warning"
```
"#;
