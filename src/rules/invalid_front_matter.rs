//! `invalid-front-matter`: front matter that is not valid YAML, or a known
//! key with a value of the wrong kind.

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct InvalidFrontMatter;

static META: RuleMeta = RuleMeta {
    id: "invalid-front-matter",
    default_severity: Severity::Error,
    principle: Principle::Timeliness,
    summary: "The front matter is not valid YAML, or a known key has a value of the wrong kind",
    training_example: "\"contact-frequency: 10\" → \"contact-frequency: every 10 days\"",
    doc: DOC,
};

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let front = &ctx.record.front_matter;
        let (Some(span), false) = (&front.span, front.problems.is_empty()) else { return };
        let problems: Vec<String> =
            front.problems.iter().map(|p| format!("line {}: {}", p.line, p.message)).collect();
        out.push(Finding::new(span.clone(), format!("Front matter: {}", problems.join("; "))));
    }
}

const DOC: &str = r#"## What it checks

The YAML block between `---` lines at the top of the record:

- it must be valid YAML (otherwise none of its keys is used);
- known keys must have values of the right kind (otherwise only that key
  is ignored): `child` a name, `children` and `parents` lists of names,
  `born` a date, `agency` one of `probation`, `yos`,
  `childrens-social-care`, `health`, `police`, `education`, `other`,
  `document` one of `case-record`, `icpc-report`,
  `review-conference-report`, `stage` a list of known stages,
  `contact-frequency` a frequency (`weekly`, `every 10 working days`, …),
  `glossary` a mapping of acronyms to their meaning.

Unknown keys are allowed. The finding covers the whole block; the message
names each offending line.

## Principle

Records must be accurate; the front matter drives the checks on contact
frequency, wishes and feelings and genograms (recording principle 1).

## Why it matters

A mistyped key silently switches checks off: with an unreadable
`contact-frequency`, missed visits are no longer noticed; with an unknown
`agency`, a missing genogram is not reported.

## Example

Bad:

```yaml
contact-frequency: 10
agency: social-care
```

Good:

```yaml
contact-frequency: every 10 days
agency: childrens-social-care
```

## How to fix

Correct the value named in the message; the other keys keep working
meanwhile.

## Configuration

```toml
[rules]
invalid-front-matter = "error"
```
"#;
