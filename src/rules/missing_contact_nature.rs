//! `missing-contact-nature`: an entry that does not say what kind of
//! contact it was or who took part.

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::fixes;
use crate::model::{ContactKind, Record};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct MissingContactNature;

static META: RuleMeta = RuleMeta {
    id: "missing-contact-nature",
    default_severity: Severity::Warning,
    principle: Principle::Contact,
    summary: "An entry records no contact type, or a contact does not say who was present",
    training_example: "add \"Contact: home visit, unannounced\" and \"Present: Jamie Smith, Sarah Smith (mother)\"",
    doc: DOC,
};

impl Rule for MissingContactNature {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for entry in &ctx.record.entries {
            let missing_present =
                Record::field(entry, "present").is_none_or(|f| f.value.trim().is_empty());
            let fix = if entry.kind == ContactKind::Unknown {
                fixes::add_fields(ctx.record, entry, "Add a \"Contact:\" field", &[("Contact", "")])
            } else {
                let named: Vec<&str> = ctx
                    .participants(entry)
                    .iter()
                    .map(|&p| ctx.people.people[p].name.as_str())
                    .collect();
                fixes::add_fields(
                    ctx.record,
                    entry,
                    "Add a \"Present:\" field",
                    &[("Present", &named.join(", "))],
                )
            };
            let message = match entry.kind {
                ContactKind::Unknown => {
                    "This entry does not say what kind of contact it was: add a \"Contact:\" field (e.g. \"Contact: home visit, announced\") or name the type in the heading"
                }
                ContactKind::Contact if missing_present => {
                    "This contact does not say who was present: add a \"Present:\" field naming everyone who took part, with their role"
                }
                _ => continue,
            };
            out.push(Finding::new(entry.heading.span.clone(), message).with_fix(fix));
        }
    }
}

const DOC: &str = r#"## What it checks

An entry with no recognisable contact type (no `Contact` field naming one,
and none in its title), or a contact (visit, call, meeting, discussion,
conference, core group) with no `Present`/`Seen` field.

Recognised types: home visit, school visit, office visit, nursery visit,
hospital visit, phone call, video call, text message, letter, email,
strategy discussion, meeting, conference, core group, supervision, case
note, management oversight. Case notes, oversight, supervision and
correspondence need no `Present` field.

## Principle

Recording of involvement with children and families includes the nature
of the contact (recording principle 4).

## Why it matters

Whether a child was seen at home or only spoken to on the phone, announced
or unannounced, alone or with a parent, changes what the contact can tell
anyone. A reader, a supervisor or a court cannot weigh an entry that does
not say what it was or who was there.

## Example

Bad:

```markdown
## 2026-10-09 — Update

I rang Ms Smith to arrange the next visit.
```

Good:

```markdown
## 2026-10-09 — Phone call

Recorded: 2026-10-09
Contact: phone call, planned
Present: Sarah Smith (mother)

I rang Ms Smith to arrange the next visit.
```

## How to fix

Add the fields at the top of the entry: `Contact:` with the type (and
announced or unannounced, and where), and `Present:` with everyone who took
part and their role.

## Configuration

```toml
[rules]
missing-contact-nature = "warning"
```
"#;
