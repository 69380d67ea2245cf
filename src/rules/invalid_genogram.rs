//! `invalid-genogram`: a line of the genogram block that cannot be understood.

use crate::analysis::RecordContext;
use crate::diagnostic::Severity;
use crate::rules::{Finding, Principle, Rule, RuleMeta, UnitNote};

pub struct InvalidGenogram;

static META: RuleMeta = RuleMeta {
    id: "invalid-genogram",
    default_severity: Severity::Error,
    principle: Principle::FamilyComposition,
    summary: "A line of the genogram block cannot be understood",
    training_example: "declare everyone with a \"person NAME: …\" line before naming them in \"couple\" or \"children of\"",
    doc: DOC,
};

impl Rule for InvalidGenogram {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The record's genogram only: the first block, wherever it is.
    fn check_record(&self, ctx: &RecordContext, _notes: &[UnitNote], out: &mut Vec<Finding>) {
        let Some(genogram) = ctx.genogram else { return };
        for error in &genogram.errors {
            out.push(Finding::new(error.span.clone(), format!("Genogram: {}", error.message)));
        }
    }
}

const DOC: &str = r#"## What it checks

Each line of the ```` ```genogram ```` block must be one of:

- `updated: DATE` — when the genogram was last brought up to date;
- `person NAME: attributes` — a role, a sex (`male`, `female`, `unknown`),
  `born YYYY`, `died YYYY`, `PR` (parental responsibility), `household`
  (lives with the child);
- `couple A & B: STATUS [since YYYY | YYYY]` — married, cohabiting,
  separated, divorced, widowed;
- `children of A & B: C, D` (or `children of A: C`);
- `adopted children of A & B: C` and `foster children of A & B: C` — the
  adults who adopted or foster a child (one or two of them);
- `twins: A & B` (or three names);
- `relationship A & B: KIND [YYYY]`, or `relationship A -> B: KIND [YYYY]`
  for a direction (who harms whom), with KIND one of `close`, `very close`,
  `distant`, `conflict`, `hostile`, `cut off`, `abuse`, `violence`;
- `contact A & B: ARRANGEMENT` — supervised, indirect, weekly, none …;
- `issue PERSON: TEXT [YYYY]` — a safeguarding or health issue;
- a `#` comment (a whole line, or after white space at the end of a line)
  or a blank line.

A person's attributes may also say `in care`, `pregnant`, `unborn`,
`stillborn`, `miscarriage` or `adopted`.

A reference to an undeclared person, a person declared twice, or a line
that fits none of these is reported at that line.

## Principle

All records contain detailed family composition, ideally as a genogram
(recording principle 6.1).

## Why it matters

A genogram that cannot be read cannot be drawn or checked: it may leave out
a parent or a child without anyone noticing.

## Example

Bad:

````markdown
```genogram
person Toby Fraser: child, male, born 2025
children of Linda Fraser & Alan Fraser: Jade Fraser
```
````

Good:

````markdown
```genogram
person Toby Fraser: child, male, born 2025
person Jade Fraser: mother, female, born 2004, PR
person Linda Fraser: grandmother, female, born 1979
person Alan Fraser: grandfather, male
children of Linda Fraser & Alan Fraser: Jade Fraser
children of Jade Fraser: Toby Fraser
relationship Alan Fraser -> Jade Fraser: cut off 2023
issue Jade Fraser: mental health
```
````

## How to fix

Read the message: declare the missing person, remove the duplicate, or
rewrite the line in one of the forms above.

## Configuration

```toml
[rules]
invalid-genogram = "error"
```
"#;
