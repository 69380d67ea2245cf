//! `missing-contact-frequency`: no planned frequency of contact anywhere.

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::Severity;
use crate::fixes;
use crate::model::Record;
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};

pub struct MissingContactFrequency;

static META: RuleMeta = RuleMeta {
    id: "missing-contact-frequency",
    default_severity: Severity::Warning,
    principle: Principle::Contact,
    summary: "The record has no planned contact frequency and a contact entry has no Frequency field",
    training_example: "add \"contact-frequency: fortnightly\" to the front matter, or \"Frequency: weekly\" to the entry",
    doc: DOC,
};

impl Rule for MissingContactFrequency {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The unit's first contact without a frequency, as a finding.
    fn note(&self, ctx: &Context) -> Option<Note> {
        if ctx.front_matter.contact_frequency.is_some() {
            return None;
        }
        let first = ctx
            .record
            .entries
            .iter()
            .find(|e| e.kind.is_contact() && Record::field(e, "frequency").is_none());
        first.map(|entry| {
            Box::new(
                Finding::new(
                    entry.heading.span.clone(),
                    "The planned frequency of contact is not recorded: add \"contact-frequency:\" to the front matter (e.g. \"contact-frequency: weekly\") or a \"Frequency:\" field to each contact",
                )
                .with_fix(fixes::add_fields(ctx.record, entry, "Add a \"Frequency:\" field", &[("Frequency", "")])),
            ) as Note
        })
    }

    fn check_record(&self, _ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        out.extend(UnitNote::first_finding(notes));
    }
}

const DOC: &str = r#"## What it checks

The record has no `contact-frequency` in its front matter, and a contact
entry has no `Frequency` field. Reported once per record, at the first such
entry's heading.

Frequencies: `daily`, `weekly`, `fortnightly`, `monthly`, `every N days`,
`every N weeks`, `every N working days`, `6-weekly`, `N times a week`.

## Principle

Recording of involvement with children and families includes the
frequency of contact (recording principle 4).

## Why it matters

Without a planned frequency nobody can tell whether a child is being seen
as often as the plan requires, and gaps in contact go unnoticed.

## Example

Bad:

```markdown
---
child: Jamie Smith
---
```

Good:

```markdown
---
child: Jamie Smith
contact-frequency: every 10 working days
---
```

## How to fix

Add `contact-frequency:` to the front matter, or a `Frequency:` field to
each contact entry (an entry's field overrides the record's frequency).

## Configuration

```toml
[rules]
missing-contact-frequency = "warning"
```
"#;
