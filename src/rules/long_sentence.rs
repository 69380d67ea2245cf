//! `long-sentence`: a sentence of more than 35 words (configurable).

use crate::analysis::Context;
use crate::diagnostic::Severity;
use crate::parse::words;
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct LongSentence;

static META: RuleMeta = RuleMeta {
    id: "long-sentence",
    default_severity: Severity::Hint,
    principle: Principle::Language,
    summary: "A sentence of more than 35 words (configurable)",
    training_example:
        "split a 50-word sentence into three: what you saw, what was said, what you did",
    doc: DOC,
};

impl Rule for LongSentence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let limit = ctx.config.long_sentence_words;
        for sentence in ctx.record.blocks.iter().flat_map(|b| &b.sentences) {
            // Quoted words are the speaker's, not the writer's.
            let count = words::count(&ctx.record.unquoted[sentence.span.clone()]);
            if count > limit {
                out.push(Finding::new(
                    sentence.span.clone(),
                    format!("This sentence has {count} words (more than {limit}): split it so that each sentence says one thing"),
                ));
            }
        }
    }
}

const DOC: &str = r#"## What it checks

A sentence of more than 35 words, in any context. Words are white-space
separated tokens holding a letter or digit; words inside quotation marks
are not counted. Headings, field lines and code are not sentences.

## Principle

Language must be clear, straightforward and concise (recording
principle 2).

## Why it matters

Long sentences hide who did what, mix facts with judgements, and are hard
to read aloud in court or to a family. Short sentences make each fact
checkable.

## Example

Bad:

```markdown
I went through her safety plan with her line by line, checked that the two helpline numbers on it were saved in her phone, agreed with her that she will come to the drop-in every Tuesday until Christmas, and gave her a copy of the leaflet to take home.
```

Good:

```markdown
I went through her safety plan with her line by line. I checked that the two helpline numbers were saved in her phone. She agreed to come to the drop-in every Tuesday until Christmas. I gave her a copy of the leaflet to take home.
```

## How to fix

Split the sentence where it changes subject or moves from what happened to
what you think about it.

## Configuration

```toml
[rules]
long-sentence = "off"

[settings]
long-sentence-words = 35
```
"#;
