//! `missing-family-composition`: no family composition section.

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::{Fix, Severity};
use crate::fixes;
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};

pub struct MissingFamilyComposition;

static META: RuleMeta = RuleMeta {
    id: "missing-family-composition",
    default_severity: Severity::Warning,
    principle: Principle::FamilyComposition,
    summary: "The record has no family composition section",
    training_example: "add \"# Family composition\" with a table of who is in the family and household, and a genogram block",
    doc: DOC,
};

impl Rule for MissingFamilyComposition {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn note(&self, ctx: &Context) -> Option<Note> {
        // The section is outside any entry, but may follow the entries.
        ctx.record.family_composition.as_ref().map(|_| Box::new(()) as Note)
    }

    fn check_record(&self, ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        if ctx.is_record() && notes.is_empty() {
            let record = ctx.head;
            let mut rows = vec![
                "| Name | Relationship | Born | Lives with the child | Parental responsibility |"
                    .to_string(),
                "|---|---|---|---|---|".to_string(),
            ];
            rows.extend(
                record.front_matter.children.iter().map(|c| format!("| {c} | child | | yes | |")),
            );
            rows.extend(
                record.front_matter.parents.iter().map(|p| format!("| {p} | parent | | | yes |")),
            );
            let section = format!(
                "\n\n# Family composition\n\n{}\n\n{}\n",
                rows.join("\n"),
                fixes::genogram_skeleton(record, ctx.today)
            );
            out.push(
                Finding::new(
                    record.record_span(),
                    "This record has no family composition: add a \"# Family composition\" section listing the family and household (name, relationship, born, lives with the child, parental responsibility), ideally with a genogram block",
                )
                .with_fix(Fix::insert("Add a family composition section with a genogram", fixes::after_front_matter(record), section)),
            );
        }
    }
}

const DOC: &str = r#"## What it checks

The record has no section headed `Family composition` (or `Genogram`, or
`Family and household`) outside its entries, at any heading level. The
finding marks the front matter's opening `---` line (line 1 when there is
no front matter).

## Principle

All records contain detailed family composition, ideally as a genogram
(recording principle 6.1).

## Why it matters

Who lives with the child, who has parental responsibility and who else is
around the family is the first thing any new worker, manager or partner
agency needs. Risk often comes from changes in the household.

## Example

Bad: a record whose first heading is its first entry.

Good:

````markdown
# Family composition

| Name | Relationship | Born | Lives with Jamie |
|---|---|---|---|
| Jamie Smith | subject child | 2016 | yes |
| Sarah Smith | mother, parental responsibility | 1990 | yes |

```genogram
updated: 2026-10-01
person Jamie Smith: child, male, born 2016, household
person Sarah Smith: mother, female, born 1990, PR, household
children of Sarah Smith: Jamie Smith
```
````

## How to fix

Add a `# Family composition` section before the entries, with a table or
list of family members and, ideally, a genogram block.

## Configuration

```toml
[rules]
missing-family-composition = "warning"
```
"#;
