//! `stale-genogram`: the family changed after the genogram was updated.

use crate::analysis::{Context, RecordContext};
use crate::chronology::detect;
use crate::diagnostic::{Related, Severity};
use crate::model::{Span, Voice};
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};

pub struct StaleGenogram;

static META: RuleMeta = RuleMeta {
    id: "stale-genogram",
    default_severity: Severity::Info,
    principle: Principle::FamilyComposition,
    summary:
        "An entry after the genogram's updated date records a change in the family or household",
    training_example: "add the new partner to the genogram and set \"updated:\" to today's date",
    doc: DOC,
};

impl Rule for StaleGenogram {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The unit's first entry recording a change after the genogram's date:
    /// its heading and the words of the change.
    fn note(&self, ctx: &Context) -> Option<Note> {
        let record = ctx.record;
        let genogram = ctx.genogram.filter(|g| g.is_valid())?;
        let updated = genogram.updated?;
        for (index, entry) in record.entries.iter().enumerate() {
            if entry.date.is_none_or(|d| d <= updated) {
                continue;
            }
            let found = record
                .entry_blocks(index)
                .flat_map(|b| b.sentences.iter().map(move |s| (b, s)))
                .filter(|(b, s)| s.voice(b) == Voice::Fact)
                .find_map(|(_, s)| detect::family_change(&record.prose, s.span.clone()))
                .map(|change| record.text[change.phrase].to_string());
            if let Some(change) = found {
                return Some(Box::new((entry.heading.span.clone(), change)));
            }
        }
        None
    }

    fn check_record(&self, ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        let Some(genogram) = ctx.genogram else { return };
        let Some(updated) = genogram.updated else { return };
        let first = notes.iter().find_map(|n| {
            n.get::<(Span, String)>().map(|(heading, change)| (n.absolute(heading), change))
        });
        if let Some((heading, change)) = first {
            let mut finding = Finding::new(
                heading,
                format!(
                    "This entry records a change in the family or household (\"{change}\") after the genogram was last updated ({updated}): update the genogram and its \"updated:\" date"
                ),
            );
            finding
                .related
                .push(Related { span: genogram.span.clone(), message: "the genogram".into() });
            out.push(finding);
        }
    }
}

const DOC: &str = r#"## What it checks

An entry dated after the genogram's `updated:` date that records a change
in the family or household: someone moved in or out, a new partner, a
birth, a death, a separation or marriage, a child placed or returned home.
Reported once per record, at the first such entry's heading. Not checked
when the genogram is invalid or has no `updated:` date. Changes that are
only possible or planned (`if Mr Bradley returns home`) and text in
analysis, hypothesis or decision contexts do not count.

## Principle

Review conference reports include an updated genogram reflecting changes to
the child's family or relationships (recording principle 6.2).

## Why it matters

A new adult in the household is one of the commonest sources of new risk to
a child. A genogram that no longer matches the household misleads every
professional who relies on it.

## Example

Bad: the genogram says `updated: 2026-08-20` and an entry on 22 September
records "He told me he moved into the flat on 14 September".

Good: the same entry, and the genogram updated:

````markdown
```genogram
updated: 2026-09-22
person Craig Lowe: partner of Kerry Nolan, male, household
couple Kerry Nolan & Craig Lowe: cohabiting since 2026
```
````

## How to fix

Update the genogram block with the change and set its `updated:` date.

## Configuration

```toml
[rules]
stale-genogram = "warning"
```
"#;
