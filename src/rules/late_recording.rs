//! `late-recording`: an entry written more than N working days after the contact.

use crate::analysis::Context;
use crate::diagnostic::{Related, Severity};
use crate::model::Record;
use crate::parse::dates::{find_dates, working_days_between};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct LateRecording;

static META: RuleMeta = RuleMeta {
    id: "late-recording",
    default_severity: Severity::Info,
    principle: Principle::Timeliness,
    summary: "An entry was recorded more than 2 working days after the contact (configurable)",
    training_example:
        "write up the visit within 2 working days; if you could not, say why in the entry",
    doc: DOC,
};

impl Rule for LateRecording {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let limit = i64::from(ctx.config.late_recording_working_days);
        for entry in &ctx.record.entries {
            let Some(contact) = entry.date else { continue };
            let Some(field) = Record::field(entry, "recorded") else { continue };
            // An impossible date is `invalid-date`'s to report.
            let Some(recorded) = find_dates(&field.value, 0).first().and_then(|m| m.date) else {
                continue;
            };
            let late = working_days_between(contact, recorded);
            if late > limit {
                let mut finding = Finding::new(
                    entry.heading.span.clone(),
                    format!(
                        "Recorded {late} working days after the contact ({contact} to {recorded}); the limit is {limit}: record contacts promptly, or say why this one was late"
                    ),
                );
                finding.related.push(Related {
                    span: field.line_span.clone(),
                    message: "when it was recorded".into(),
                });
                out.push(finding);
            }
        }
    }
}

const DOC: &str = r#"## What it checks

An entry whose `Recorded` date is more than 2 working days (Monday to
Friday) after the entry's date. A Friday visit recorded on Tuesday is 2
working days (on time); a Tuesday visit recorded on Friday is 3 (late).

## Principle

Records must be contemporaneous (recording principle 1).

## Why it matters

Memory fades and merges within days. A record written a week later is less
accurate, and in court its weight can be challenged. Other professionals
may also need the information before it is written.

## Example

Bad:

```markdown
## 2026-09-22 16:10 — Home visit (unannounced)

Recorded: 2026-09-25
```

Good:

```markdown
## 2026-09-22 16:10 — Home visit (unannounced)

Recorded: 2026-09-23
```

## How to fix

Record contacts within the limit. If that was not possible, say why in the
entry (leave, sickness, an emergency) so a reader can see the delay was
known.

## Configuration

```toml
[rules]
late-recording = "warning"

[settings]
late-recording-working-days = 2
```
"#;
