//! `late-recording`: an entry written more than N working days after the contact.

use crate::analysis::Context;
use crate::diagnostic::{Related, Severity};
use crate::model::Record;
use crate::parse::dates::{find_dates, working_days_excluding};
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
            let late = working_days_excluding(contact, recorded, &ctx.config.holidays);
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

An entry whose `Recorded` date is more than 2 working days after the
entry's date. Working days are Monday to Friday, except bank holidays: a
Friday visit recorded on Tuesday is 2 working days (on time); a Tuesday
visit recorded on Friday is 3 (late); a visit on Christmas Eve 2026 (a
Thursday) recorded on Tuesday 29 December is 1, as Christmas Day and the
Boxing Day substitute on Monday 28 December are not working days.

The bank holidays are those of England and Wales unless `bank-holidays`
names Scotland (2 January, St Andrew's Day, the first Monday of August, no
Easter Monday), Northern Ireland (St Patrick's Day, the Battle of the
Boyne) or `none`; casenote knows them for 2020 to 2030, substitute days
included. Add local closures with `extra-holidays`.

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
bank-holidays = "england-and-wales"   # or "scotland", "northern-ireland", "none"
extra-holidays = [2026-12-29, 2026-12-30, 2026-12-31]   # office closed
```
"#;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::config::{self, Config};

    /// The late-recording findings' messages for a visit and its recording.
    fn late(visit: &str, recorded: &str, config: &Config) -> Vec<String> {
        let text = format!("## {visit} — Home visit\n\nRecorded: {recorded}\n");
        let today = NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
        crate::check(&text, config, today)
            .into_iter()
            .filter(|d| d.rule == "late-recording")
            .map(|d| d.message)
            .collect()
    }

    fn with(settings: &str) -> Config {
        config::parse(&format!("[settings]\n{settings}\n")).unwrap()
    }

    #[test]
    fn christmas_and_easter_are_not_counted() {
        // Christmas Eve 2026 to 29 December: 1 working day in England and Wales.
        assert_eq!(late("2026-12-24", "2026-12-29", &Config::default()), Vec::<String>::new());
        assert_eq!(
            late("2026-12-24", "2026-12-29", &with("bank-holidays = \"none\"")),
            ["Recorded 3 working days after the contact (2026-12-24 to 2026-12-29); the limit is 2: record contacts promptly, or say why this one was late"]
        );
        // Easter 2026: Thursday 2 April to Wednesday 8 April is 2 working days
        // where Easter Monday is a holiday, 3 in Scotland, where it is not.
        for nation in ["england-and-wales", "northern-ireland"] {
            let config = with(&format!("bank-holidays = \"{nation}\""));
            assert_eq!(late("2026-04-02", "2026-04-08", &config), Vec::<String>::new(), "{nation}");
        }
        let scotland = late("2026-04-02", "2026-04-08", &with("bank-holidays = \"scotland\""));
        assert_eq!(scotland.len(), 1);
        assert!(scotland[0].starts_with("Recorded 3 working days"), "{}", scotland[0]);
    }

    #[test]
    fn extra_holidays_are_not_counted() {
        // 23 December 2026 to 4 January 2027: 8 weekdays, less Christmas,
        // the 28th and New Year's Day: 5; less an office closure 29–31: 2.
        assert_eq!(late("2026-12-23", "2027-01-04", &Config::default()).len(), 1);
        let closed = with("extra-holidays = [2026-12-29, \"30/12/2026\", \"31 December 2026\"]");
        assert_eq!(late("2026-12-23", "2027-01-04", &closed), Vec::<String>::new());
    }

    #[test]
    fn the_settings_are_checked() {
        let error = |text: &str| config::parse(text).unwrap_err().to_string();
        assert_eq!(
            error("[settings]\nbank-holidays = \"scotlnd\"\n"),
            "line 2, key `settings.bank-holidays`: unknown bank holidays \"scotlnd\" (did you mean \"scotland\"?)"
        );
        assert_eq!(
            error("[settings]\nextra-holidays = [\"31/02/2026\"]\n"),
            "line 2, key `settings.extra-holidays`: expected an array of dates (2026-12-29 or \"29/12/2026\"), found \"31/02/2026\""
        );
        assert_eq!(
            error("[settings]\nextra-holidays = \"2026-12-29\"\n"),
            "line 2, key `settings.extra-holidays`: expected an array of dates (2026-12-29 or \"29/12/2026\"), found string"
        );
    }
}
