//! `unused-suppression`: a suppression comment that suppresses nothing.
//! The check itself runs after every other rule, in `crate::suppress`.

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    default_severity: Severity::Hint,
    principle: Principle::Housekeeping,
    summary: "A suppression comment suppresses nothing, or names an unknown rule",
    training_example:
        "remove \"<!-- casenote-disable-next-line long-sentence -->\" once the sentence is split",
    doc: DOC,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context, _out: &mut Vec<Finding>) {
        // Needs every other rule's findings: see `crate::suppress::apply`.
    }
}

const DOC: &str = r#"## What it checks

Inline suppression comments that silence nothing, or that name a rule
casenote does not have:

```markdown
<!-- casenote-disable-next-line RULE[, RULE] -->
<!-- casenote-disable RULE --> … <!-- casenote-enable RULE -->
```

With no RULE, a comment applies to every rule. A `casenote-disable` placed
right after the front matter, before any other content, also covers the
record-level findings reported on the front matter.

## Principle

Suppressions are a record of a professional decision that a finding does
not apply; stale ones hide future findings.

## Why it matters

A suppression left behind after the text was fixed silences the next real
problem on that line. A misspelt rule id silences nothing while looking as
if it does.

## Example

Bad:

```markdown
<!-- casenote-disable-next-line long-sentnce -->
Jamie was at school.
```

Good:

```markdown
Jamie was at school.
```

## How to fix

Remove the comment, or correct the rule id (see `casenote rules`).

## Configuration

```toml
[rules]
unused-suppression = "off"
```
"#;
