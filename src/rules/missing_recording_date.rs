//! `missing-recording-date`: an entry with no `Recorded` field.

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::fixes;
use crate::model::Record;
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct MissingRecordingDate;

static META: RuleMeta = RuleMeta {
    id: "missing-recording-date",
    default_severity: Severity::Info,
    principle: Principle::Timeliness,
    summary: "An entry has no Recorded field",
    training_example: "add \"Recorded: 2026-11-04\" below the entry heading",
    doc: DOC,
};

impl Rule for MissingRecordingDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for entry in &ctx.record.entries {
            if Record::field(entry, "recorded").is_none() {
                let today = fixes::uk_date(ctx.today);
                out.push(
                    Finding::new(
                        entry.heading.span.clone(),
                        "This entry does not say when it was written: add a \"Recorded:\" field with the date (e.g. \"Recorded: 2026-11-04\") among the fields under the heading",
                    )
                    .with_fix(fixes::add_fields(ctx.record, entry, "Add \"Recorded:\" with today's date", &[("Recorded", &today)])),
                );
            }
        }
    }
}

const DOC: &str = r#"## What it checks

An entry with no `Recorded` field (or `Date recorded`, `Written`) among the
fields at its start. A `Recorded:` line at the end of the entry is not a
field.

## Principle

Records must be contemporaneous and accurate (recording principle 1).

## Why it matters

Without the date an entry was written, nobody can tell whether it was
recorded at the time or reconstructed later, which matters for its weight
in court and for management oversight of timeliness.

## Example

Bad:

```markdown
## 09/10/2026 — Phone call

I rang Ms Nolan to arrange the next visit.
```

Good:

```markdown
## 09/10/2026 — Phone call

Recorded: 09/10/2026
Contact: phone call
Present: Kerry Nolan

I rang Ms Nolan to arrange the next visit.
```

## How to fix

Add `Recorded: DATE` to the fields directly under the entry's heading.

## Configuration

```toml
[rules]
missing-recording-date = "warning"
```
"#;
