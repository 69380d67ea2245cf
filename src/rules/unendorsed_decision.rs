//! `unendorsed-decision`: a decision without a manager's endorsement or a
//! named joint decision.

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::fixes;
use crate::model::{ContactKind, LabelKind, Record, SectionKind};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct UnendorsedDecision;

static META: RuleMeta = RuleMeta {
    id: "unendorsed-decision",
    default_severity: Severity::Warning,
    principle: Principle::Decisions,
    summary: "A decision has no manager's endorsement and no named joint decision",
    training_example: "add \"Endorsed by: Joanne Firth, Team Manager, 15/10/2026\" or \"Agreed with: police (Detective Constable Noor) and health (Claire Dobson)\"",
    doc: DOC,
};

impl Rule for UnendorsedDecision {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (index, entry) in ctx.record.entries.iter().enumerate() {
            if unendorsed(ctx.record, index) {
                let endorsement =
                    format!("Endorsed by: , Team Manager, {}", fixes::uk_date(ctx.today));
                out.push(
                    Finding::new(
                        entry.heading.span.clone(),
                        "This entry records a decision with no manager's endorsement and no joint decision: add \"Endorsed by: NAME, ROLE, DATE\", a \"### Management oversight\" section, or \"Agreed with:\" naming the agencies",
                    )
                    .with_fix(fixes::append_to_entry(ctx.record, entry, "Add \"Endorsed by:\" for the manager to complete", &endorsement))
                    .with_fix(fixes::append_to_entry(ctx.record, entry, "Add \"Agreed with:\" for a joint decision", "Agreed with: ")),
                );
            }
        }
    }
}

/// Whether entry `index` of `record` records a decision (a `Decision`
/// section or label) with no endorsement in the same entry (an `Endorsed
/// by:` or joint-decision label, or a management oversight section); a
/// management oversight entry is its own endorsement. Public so that the
/// supervisor report reads the same answer from the model.
pub fn unendorsed(record: &Record, index: usize) -> bool {
    let Some(entry) = record.entries.get(index) else { return false };
    if entry.kind == ContactKind::ManagementOversight {
        return false;
    }
    let labels: Vec<LabelKind> =
        record.entry_blocks(index).filter_map(|b| b.label.as_ref().map(|l| l.kind)).collect();
    let decides = entry.sections.iter().any(|s| s.kind == SectionKind::Decision)
        || labels.contains(&LabelKind::Decision);
    let endorsed = entry.sections.iter().any(|s| s.kind == SectionKind::ManagementOversight)
        || labels.iter().any(|l| matches!(l, LabelKind::Endorsement | LabelKind::JointDecision));
    decides && !endorsed
}

const DOC: &str = r#"## What it checks

An entry that records a decision (a `Decision`, `Decisions`, `Outcome`,
`Plan` or `Actions agreed` section, or a `Decision:` label) with none of:

- `Endorsed by: NAME, ROLE, DATE` in the same entry;
- a `Management oversight` (`Manager's comments`, `Endorsement`) section in
  the same entry;
- a joint decision naming the agencies (`Agreed with:` / `Joint decision:`);
- the entry itself being a management oversight entry.

An endorsement in a later entry does not count: the record must show, at
the decision, who stands behind it. Prose such as "the strategy discussion
agreed…" is not a label and does not count.

## Principle

Judgements, decisions and interventions are recorded, and where a decision
was taken jointly across agencies or endorsed by a manager, the record
makes that clear (recording principle 3).

## Why it matters

Decisions about children carry weight in court and across agencies. A
reader must be able to see whether a decision was one worker's, a
manager's, or agreed by the partnership, and who to ask about it.

## Example

Bad:

```markdown
### Decision

Jamie to remain on the Child in Need plan.
```

Good:

```markdown
### Decision

Jamie to remain on the Child in Need plan.

Endorsed by: Joanne Firth, Team Manager, 15/10/2026
```

## How to fix

Ask your manager to endorse the decision and record it in the entry with
`Endorsed by: NAME, ROLE, DATE`, or record the agencies that took it
jointly with `Agreed with:` or `Joint decision:`.

## Configuration

```toml
[rules]
unendorsed-decision = "error"
```
"#;
