//! `missing-genogram`: the agency's threshold requires a genogram and the
//! record has none.

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::{Fix, Severity};
use crate::fixes;
use crate::model::FrontMatter;
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};
use crate::vocabulary::{self, Vocabulary};

pub struct MissingGenogram;

static META: RuleMeta = RuleMeta {
    id: "missing-genogram",
    default_severity: Severity::Warning,
    principle: Principle::FamilyComposition,
    summary: "The agency and stage (or document) require a genogram and the record has none",
    training_example: "add a ```genogram block with \"updated:\", a \"person\" line for each member and \"children of\" lines",
    doc: DOC,
};

impl Rule for MissingGenogram {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Where the unit's family composition section ends, if it has one.
    fn note(&self, ctx: &Context) -> Option<Note> {
        let record = ctx.record;
        let heading = record.family_composition.as_ref()?;
        let next = record
            .headings
            .iter()
            .find(|h| h.span.start > heading.span.start && h.level <= heading.level);
        let end = next.map_or(record.text.len(), |h| h.span.start);
        Some(Box::new(heading.span.start + record.text[heading.span.start..end].trim_end().len()))
    }

    fn check_record(&self, ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        if ctx.genogram.is_some() {
            return;
        }
        if let Some(reason) = required_because(&ctx.head.front_matter) {
            let record = ctx.head;
            let skeleton = fixes::genogram_skeleton(record, ctx.today);
            let section_end = notes.iter().find_map(|n| n.get::<usize>().map(|end| n.base + end));
            let (at, text) = match section_end {
                Some(end) => (end, format!("\n\n{skeleton}")),
                None => (
                    fixes::after_front_matter(record),
                    format!("\n\n# Family composition\n\n{skeleton}\n"),
                ),
            };
            out.push(
                Finding::new(
                    record.record_span(),
                    format!("{reason}, so this record needs a genogram: add a ```genogram block to the family composition section"),
                )
                .with_fix(Fix::insert("Add a genogram block from the front matter", at, text)),
            );
        }
    }
}

/// Why a genogram is required (SPEC §6.2, §6.3, read literally); `None`
/// when the record's agency, stage and document do not require one. Public
/// so that the supervisor report reads the same answer.
pub fn required_because(front: &FrontMatter) -> Option<String> {
    let thresholds = &vocabulary::get().genogram_thresholds;
    if let Some(document) = &front.document {
        if Vocabulary::words(thresholds, "documents").contains(document) {
            return Some(format!(
                "This is an {} (ICPC and review conference reports include a genogram)",
                document.replace('-', " ")
            ));
        }
    }
    let agency = front.agency.as_ref()?;
    let stage = front.stages.iter().find(|s| Vocabulary::words(thresholds, agency).contains(s))?;
    Some(format!("At the {stage} stage, {agency} records reach the genogram threshold"))
}

const DOC: &str = r#"## What it checks

The record reaches a genogram threshold and holds no ```` ```genogram ````
block. A block that is present but invalid still counts as present (it is
reported by `invalid-genogram`); a record with no family composition at all
gets both `missing-family-composition` and this rule. The finding marks the
front matter's opening `---` line (line 1 when there is no front matter).

Thresholds (read literally from the partnership procedure): an ICPC report
or a review conference report (`document`), or a record whose `agency` and
`stage` are:

| agency | stage includes |
|---|---|
| `probation`, `yos` | `pprc`, `mappa`, `safeguarding-concern`, `section-47` |
| `childrens-social-care` | `social-work-assessment`, `child-in-need`, `section-47`, `child-protection-plan`, `child-protection-concern`, `looked-after` |
| `health` | `safeguarding-concern`, `child-protection-concern`, `section-47` |
| `police` | `section-47`, `mappa` |
| `education`, `other` | `section-47`, `child-protection-concern` |

## Principle

All records contain detailed family composition, ideally as a genogram;
conference reports include the genogram (recording principles 6.1–6.3).

## Why it matters

At these stages professionals from several agencies make decisions about
the child together. A genogram lets everyone see the family at a glance:
who has parental responsibility, who lives in the household, half-siblings
and new partners.

## Example

Bad: `agency: health`, `stage: [child-protection-concern]` and only a table.

Good:

````markdown
```genogram
updated: 2026-10-01
person Kayla Ward: child, female, born 2013, household
person Donna Ward: mother, female, born 1985, PR, household
person Shaun Ward: father, male, born 1983, PR
couple Donna Ward & Shaun Ward: separated 2020
children of Donna Ward & Shaun Ward: Kayla Ward
```
````

## How to fix

Add a genogram block to the family composition section (see the genogram
language in the specification, §3.4).

## Configuration

```toml
[rules]
missing-genogram = "warning"
```
"#;
