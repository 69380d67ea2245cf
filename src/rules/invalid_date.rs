//! `invalid-date`: a date that does not exist, or a heading, `Recorded` or
//! `Endorsed by` date in the future.

use std::ops::Range;

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::model::{LabelKind, Record};
use crate::parse::dates::{find_dates, DateMention};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct InvalidDate;

static META: RuleMeta = RuleMeta {
    id: "invalid-date",
    default_severity: Severity::Error,
    principle: Principle::Timeliness,
    summary: "A date does not exist, or an entry, Recorded or Endorsed by date is in the future",
    training_example: "\"31/09/2026\" → \"30/09/2026\" (September has 30 days)",
    doc: DOC,
};

impl Rule for InvalidDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let record = ctx.record;
        let text = &record.unquoted;
        for mention in find_dates(text, 0).into_iter().filter(|m| m.date.is_none()) {
            out.push(Finding::new(
                mention.span.clone(),
                format!(
                    "\"{}\" is not a real date: check the day and the month",
                    &record.text[mention.span.clone()]
                ),
            ));
        }
        // Dates that record when something happened cannot be in the future.
        let mut recorded_dates: Vec<(DateMention, &str)> = Vec::new();
        for (index, entry) in record.entries.iter().enumerate() {
            let heading_date = DateMention { span: entry.date_span.clone(), date: entry.date };
            recorded_dates.push((heading_date, "the entry's date"));
            if let Some(field) = Record::field(entry, "recorded") {
                if let Some(m) = first_date(text, field.value_span.clone()) {
                    recorded_dates.push((m, "the Recorded date"));
                }
            }
            for block in record.entry_blocks(index) {
                if let Some(label) =
                    block.label.as_ref().filter(|l| l.kind == LabelKind::Endorsement)
                {
                    if let Some(m) = first_date(text, label.span.end..block.span.end) {
                        recorded_dates.push((m, "the endorsement date"));
                    }
                }
            }
        }
        for (mention, what) in recorded_dates {
            if let Some(date) = mention.date.filter(|d| *d > ctx.today) {
                out.push(Finding::new(
                    mention.span,
                    format!("{what} ({date}) is in the future (today is {}): check the year, day and month", ctx.today),
                ));
            }
        }
    }
}

fn first_date(text: &str, span: Range<usize>) -> Option<DateMention> {
    find_dates(&text[span.clone()], span.start).into_iter().next()
}

const DOC: &str = r#"## What it checks

- A date that does not exist (`31/02/2026`, `31/09/2026`, `30 February`),
  anywhere outside quotes and code (the genogram block is code; dates in
  the front matter are checked by `invalid-front-matter`, and the
  genogram's `updated:` date by `invalid-genogram`).
- An entry heading date, a `Recorded` date or an `Endorsed by` date after
  today. Future dates in prose are normal (court dates, plans) and are not
  flagged.

Dates are read in the forms `2026-11-03`, `03/11/2026` (day/month/year),
`3 November 2026` and `3 Nov 2026`.

## Principle

Records must be accurate (recording principle 1).

## Why it matters

A wrong date can place a visit on a day the child was elsewhere, hide late
recording, or make a record unreliable in court. An impossible or future
date is almost always a typing error that is easy to fix now and hard to
untangle later.

## Example

Bad:

```markdown
Recorded: 31/09/2026
```

Good:

```markdown
Recorded: 30/09/2026
```

## How to fix

Correct the date. UK dates are day/month/year: `03/11/2026` is 3 November.

## Configuration

```toml
[rules]
invalid-date = "error"
```
"#;
