//! `unlabelled-hypothesis`: speculation written as fact.

use crate::analysis::Context;
use crate::cues::{Cue, CueKind};
use crate::diagnostic::{Fix, Severity};
use crate::fixes;
use crate::model::{Block, SectionKind, Sentence};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct UnlabelledHypothesis;

static META: RuleMeta = RuleMeta {
    id: "unlabelled-hypothesis",
    default_severity: Severity::Warning,
    principle: Principle::FactAndOpinion,
    summary: "A sentence in fact context speculates about causes, explanations or the future",
    training_example: "\"The bruise may have been caused by a fall.\" → \"Hypothesis: the bruise may have been caused by a fall.\"",
    doc: DOC,
};

impl Rule for UnlabelledHypothesis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (block, sentence) in ctx.fact_sentences() {
            let cues = &ctx.cues(sentence).hypothesis;
            if let Some(first) = cues.first() {
                out.push(with_fixes(
                    ctx,
                    block,
                    sentence,
                    Finding::new(sentence.span.clone(), message(first)),
                ));
            }
        }
    }
}

/// Label the block (when the sentence is all of it), open the sentence
/// with an inline label, or move it to the Hypotheses section.
fn with_fixes(ctx: &Context, block: &Block, sentence: &Sentence, mut finding: Finding) -> Finding {
    let record = ctx.record;
    if block.label.is_none() && block.sentences.len() == 1 {
        finding.fixes.push(Fix::insert(
            "Label the paragraph \"Hypothesis:\"",
            block.span.start,
            "Hypothesis: ",
        ));
    }
    finding.fixes.push(fixes::open_sentence_with(
        record,
        &sentence.span,
        "Open the sentence with \"My hypothesis is that\"",
        "My hypothesis is that ",
    ));
    if let Some(entry) = block.entry.map(|i| &record.entries[i]) {
        finding.fixes.push(fixes::move_sentence_to_section(
            record,
            entry,
            &sentence.span,
            SectionKind::Hypotheses,
            "Hypotheses",
        ));
    }
    finding
}

fn message(cue: &Cue) -> String {
    let w = &cue.text;
    match cue.kind {
        CueKind::Inference => format!(
            "\"{w}\" draws an inference from the facts: label it \"Hypothesis:\" or move it under \"### Hypotheses\""
        ),
        CueKind::MustInference => format!(
            "\"{w}\" infers what you did not see: record what you saw, and label the inference \"Hypothesis:\" or move it under \"### Hypotheses\""
        ),
        _ => format!(
            "\"{w}\" speculates about a cause or what may happen: label it \"Hypothesis:\" or move it under \"### Hypotheses\""
        ),
    }
}

const DOC: &str = r#"## What it checks

A sentence in **fact context** that speculates about causes, explanations
or the future: `may`, `might`, `could` (possibility, not ability),
`possibly`, `perhaps`, `probably`, `likely`, `suggests`, `indicates`,
`it is possible that`, `may have been caused by`; inference with `must`
(`she must have forgotten`, `he must be sad`); an unseen event and its
cause read from an impression (`appeared to have fallen as a result of…`).

Not flagged: `must` as obligation (`the form must be signed by Friday`,
`parents must be present`); `I expect` a thing (`I expect the report by
Friday`), only `I expect that…`.

Not flagged: `may` as the month (`since May`) or as permission
(`Ms Smith may ring the duty team at any time`); `could` describing ability
(`Jamie could not reach the tap`, `Kayla could name two adults`); plans
(`I will visit on 10 November`); words in quotation marks; reported or
attributed views (`Dr Rao said the bruise could be a week old`);
sentences labelled `Hypothesis:` or opening with `My hypothesis is` or
`A possible explanation is`; `Hypotheses`, `Analysis`, `Decision` and
`Management oversight` sections.

A sentence with both an opinion and a hypothesis gets both rules.

## Principle

Records must differentiate between fact, opinion, judgement and
hypothesis (recording principle 2).

## Why it matters

A hypothesis is a question to test, not a finding. Written as fact, it
closes the question: the next reader, a conference or a court may take a
guess about the cause of an injury as established.

## Example

Bad:

```markdown
The bruise on Jamie's arm was probably caused by a fall. His lateness may be linked to the new baby.
```

Good:

```markdown
Jamie had a bruise 3 cm across on his upper left arm. He said he fell off his bike.

Hypothesis: Jamie's lateness may be linked to the new baby; I will ask the school for his attendance since the birth.
```

## How to fix

Keep the facts in the narrative, and move the explanation under
`### Hypotheses`, start its paragraph with `Hypothesis:`, or open the
sentence with `My hypothesis is` or `A possible explanation is`. Say how
you will test it.

## Configuration

```toml
[rules]
unlabelled-hypothesis = "warning"

[vocabulary]
hypothesis = ["conceivably"]     # extra cue words
```
"#;
