//! `missing-wishes-feelings`: a contact without the views of the child
//! or of an adult with Parental Responsibility who took part.

use crate::analysis::Context;
use crate::diagnostic::{Fix, Related, Severity};
use crate::fixes;
use crate::model::{Entry, LabelKind, Record, SectionKind};
use crate::people::{People, Role};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct MissingWishesFeelings;

static META: RuleMeta = RuleMeta {
    id: "missing-wishes-feelings",
    default_severity: Severity::Warning,
    principle: Principle::WishesAndFeelings,
    summary: "A contact does not record the wishes and feelings of a child or parent who took part",
    training_example: "add \"### Wishes and feelings\" with \"Jamie said he wants to stay with his mum at weekends. Ms Smith said she wants more help in the mornings.\"",
    doc: DOC,
};

impl Rule for MissingWishesFeelings {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (index, entry) in ctx.record.entries.iter().enumerate() {
            if !entry.kind.is_contact() {
                continue;
            }
            let missing = missing_views(ctx.record, ctx.people, index);
            if missing.is_empty() {
                continue;
            }
            let names: Vec<String> =
                missing.iter().map(|&p| ctx.people.people[p].describe()).collect();
            let mut finding = Finding::new(
                entry.heading.span.clone(),
                format!(
                    "No wishes and feelings are recorded for {}, who took part in this contact: record what they said they want and feel under \"### Wishes and feelings\", or why their views could not be obtained",
                    join_names(&names)
                ),
            );
            finding.fixes.push(add_views(ctx, entry, &missing));
            if let Some(present) = Record::field(entry, "present") {
                finding.related.push(Related {
                    span: present.line_span.clone(),
                    message: "who took part".into(),
                });
            }
            out.push(finding);
        }
    }
}

/// The people (indices into `people`) who took part in entry `index` and
/// whose wishes and feelings it does not record. Empty for entries that are
/// not contacts. Also used by the supervisor's statistics.
pub fn missing_views(record: &Record, people: &People, index: usize) -> Vec<usize> {
    let entry = &record.entries[index];
    if !entry.kind.is_contact() {
        return Vec::new();
    }
    let mut took_part: Vec<usize> = entry
        .participant_spans()
        .into_iter()
        .flat_map(|s| people.named_in(&record.prose, s))
        .collect();
    took_part.sort_unstable();
    took_part.dedup();
    let recorded = recorded_for(record, people, index, entry, &took_part);
    took_part.into_iter().filter(|p| !recorded.contains(p)).collect()
}

/// The participants whose wishes and feelings the entry records: those
/// named in a wishes-and-feelings section or label. A section or label
/// naming nobody counts for every child who took part (for every parent,
/// when it is a parents' views section).
fn recorded_for(
    record: &Record,
    people: &People,
    index: usize,
    entry: &Entry,
    took_part: &[usize],
) -> Vec<usize> {
    let mut recorded = Vec::new();
    let mut credit = |span: std::ops::Range<usize>, role: Role| {
        let named = people.mentioned_in(&record.prose, span);
        if named.is_empty() {
            recorded.extend(took_part.iter().copied().filter(|&p| people.people[p].role == role));
        } else {
            recorded.extend(named);
        }
    };
    for section in &entry.sections {
        match section.kind {
            SectionKind::WishesAndFeelings => credit(section.span.clone(), Role::Child),
            SectionKind::ParentsViews => credit(section.span.clone(), Role::Parent),
            _ => {}
        }
    }
    for block in record.entry_blocks(index) {
        if block.label.as_ref().is_some_and(|l| l.kind == LabelKind::WishesAndFeelings) {
            credit(block.span.clone(), Role::Child);
        }
    }
    recorded
}

/// Adds a line for each person missing: to the entry's wishes-and-feelings
/// section, or in a new one at the end of the entry.
fn add_views(ctx: &Context, entry: &Entry, missing: &[usize]) -> Fix {
    let record = ctx.record;
    let lines: Vec<String> =
        missing.iter().map(|&p| format!("{} said ", ctx.people.people[p].name)).collect();
    let title = "Add a \"Wishes and feelings\" section for the people missing";
    match entry.sections.iter().find(|s| s.kind == SectionKind::WishesAndFeelings) {
        Some(section) => {
            let body = &record.text[section.span.clone()];
            let end = section.span.start + body.trim_end().len();
            Fix::insert(title, end, format!("\n\n{}", lines.join("\n\n")))
        }
        None => fixes::append_to_entry(
            record,
            entry,
            title,
            &format!(
                "{}\n\n{}",
                fixes::section_heading(entry, "Wishes and feelings"),
                lines.join("\n\n")
            ),
        ),
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

const DOC: &str = r#"## What it checks

An entry that records contact (a visit, call, meeting, discussion,
conference or core group) with the record's child or with an adult with
Parental Responsibility, and records no wishes and feelings for one of
them, nor a reason they could not be given.

Who took part is read from the `Present`/`Seen` field, the `Contact` field
and the entry's title, by the full name or first name of the record's
`child`/`children` and `parents`, or by title and surname (`Ms Smith`),
which names parents only.

Wishes and feelings are recorded for a person when a wishes-and-feelings
section (`Wishes and feelings`, `Child's views`, `Voice of the child`,
`Views of parents`, …) or label (`Wishes and feelings:`, `Child's views:`,
`Wishes:`, `Feelings:`) in the entry names them, whether it gives their
views or the reason they could not be obtained. A section naming nobody
counts for every child who took part. One finding per entry names
everyone missing.

Case notes, supervision, management oversight and correspondence
(letters, emails, text messages) are not contacts.

## Principle

Recording of involvement with children and adults with Parental
Responsibility includes their stated wishes and feelings (recording
principle 4).

## Why it matters

The child's voice is the thread that should run through every record: a
record that says what professionals did but not what the child said
leaves decisions made about the child, not with them. Parents' views
matter too: they show whether the plan is understood and agreed.

## Example

Bad:

```markdown
## 2026-11-03 16:00 — Home visit (announced)

Contact: home visit, announced
Present: Jamie Smith, Sarah Smith

### Observations

Jamie showed me his bedroom.
```

Good:

```markdown
### Wishes and feelings

Jamie said he likes his new school and wants to see his father more often.
Ms Smith said she would like help with the mornings.
```

or, when views cannot be given:

```markdown
Wishes and feelings: Jamie was asleep and I did not wake him; I will see him after school on Friday.
```

## How to fix

Add a `### Wishes and feelings` section (or a `Wishes and feelings:`
paragraph) naming each child and each parent with PR who took part, with
what they said, or why their views could not be obtained.

## Configuration

```toml
[rules]
missing-wishes-feelings = "warning"
```
"#;
