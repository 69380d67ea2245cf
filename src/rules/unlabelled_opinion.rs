//! `unlabelled-opinion`: opinion or judgement written as fact.

use crate::analysis::Context;
use crate::cues::{About, Cue, CueKind};
use crate::diagnostic::{Fix, Severity};
use crate::fixes;
use crate::model::{Block, SectionKind, Sentence};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct UnlabelledOpinion;

static META: RuleMeta = RuleMeta {
    id: "unlabelled-opinion",
    default_severity: Severity::Warning,
    principle: Principle::FactAndOpinion,
    summary: "A sentence in fact context states the writer's opinion or judgement",
    training_example: "\"Ms Smith seemed low.\" → \"Ms Smith was crying and said she had not slept.\" or \"Opinion: Ms Smith's mood is low.\"",
    doc: DOC,
};

impl Rule for UnlabelledOpinion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        for (block, sentence) in ctx.fact_sentences() {
            let mut cues = ctx.cues(sentence).opinion.clone();
            // A wishes-and-feelings section or label records the person's
            // own wishes: `Jamie wants to live with his nan` belongs there.
            if ctx.in_wishes_and_feelings(block) {
                cues.retain(|c| c.kind != CueKind::Preference);
            }
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
/// with an inline label, or move it to the Analysis section.
fn with_fixes(ctx: &Context, block: &Block, sentence: &Sentence, mut finding: Finding) -> Finding {
    let record = ctx.record;
    if block.label.is_none() && block.sentences.len() == 1 {
        finding.fixes.push(Fix::insert(
            "Label the paragraph \"Opinion:\"",
            block.span.start,
            "Opinion: ",
        ));
    }
    finding.fixes.push(fixes::open_sentence_with(
        record,
        &sentence.span,
        "Open the sentence with \"In my opinion,\"",
        "In my opinion, ",
    ));
    if let Some(entry) = block.entry.map(|i| &record.entries[i]) {
        finding.fixes.push(fixes::move_sentence_to_section(
            record,
            entry,
            &sentence.span,
            SectionKind::Analysis,
            "Analysis",
        ));
    }
    finding
}

fn message(cue: &Cue) -> String {
    let w = &cue.text;
    let target = match cue.about {
        About::Home => "the home",
        About::Relationship => "a relationship",
        About::Conduct => "someone's conduct",
        About::Writer => "your own state",
        _ => "a person",
    };
    match cue.kind {
        CueKind::Stance => format!(
            "\"{w}\" gives your own view as part of the facts: label it \"Opinion:\" or move it under \"### Analysis\", and record the facts it rests on"
        ),
        CueKind::Evidential => format!(
            "\"{w}\" states an impression: describe what you saw or heard, or label it \"Opinion:\""
        ),
        CueKind::Certainty => format!(
            "\"{w}\" asserts your reading of the situation as fact: record what you saw or heard, or label it \"Opinion:\""
        ),
        CueKind::Evaluative if cue.about != About::Unknown => format!(
            "\"{w}\" judges {target}: describe what you saw (who did what, what was there), or label it \"Opinion:\""
        ),
        CueKind::Evaluative => format!(
            "\"{w}\" is a judgement, not an observation: describe what you saw (who did what, what was there), or label it \"Opinion:\""
        ),
        CueKind::InnerState => format!(
            "\"{w}\" reads a feeling into someone: record what they said or did that showed it, or label it \"Opinion:\""
        ),
        CueKind::Preference => format!(
            "\"{w}\" states someone's likes, wishes or intentions without a source: record what they said or did (\"Zara said she loves swimming\"), or label it \"Opinion:\""
        ),
        CueKind::Label => format!(
            "\"{w}\" labels {target} instead of describing: record what was said and done, or label it \"Opinion:\""
        ),
        CueKind::Manner => format!(
            "\"{w}\" judges how something was done: describe what you saw (how long, how fast, what happened), or label it \"Opinion:\""
        ),
        CueKind::Degree => format!(
            "\"{w}\" judges degree: say what you saw or heard and how much (\"shouted for ten minutes\"), or label it \"Opinion:\""
        ),
        CueKind::Motive => format!(
            "\"{w}\" reads a motive into someone: record what they did and said, and label the reason \"Opinion:\" or \"Hypothesis:\""
        ),
        CueKind::Relationship => format!(
            "\"{w}\" judges a relationship: describe what you saw between them, or label it \"Opinion:\""
        ),
        CueKind::RiskOrCapacity => format!(
            "\"{w}\" is a professional judgement of risk or capacity: label it \"Professional judgement:\" or move it under \"### Analysis\", with the evidence for it"
        ),
        _ => format!("\"{w}\" states an opinion: describe what you saw, or label it \"Opinion:\""),
    }
}

const DOC: &str = r#"## What it checks

A sentence in **fact context** (unlabelled narrative, an `Observations`
section, a `Fact:` label, a wishes-and-feelings section) that states the
writer's opinion or judgement instead of what was seen or heard:

- evaluative words about people, homes or relationships: `chaotic`,
  `dirty`, `disinterested`, `aggressive`, `a loving mother`,
  `a good relationship`, `interacted appropriately`;
- evidential verbs that report an impression: `seemed`, `appeared`,
  `presented as`, `came across as`;
- the writer's own cognition: `I think`, `I feel`, `I believe`,
  `I am concerned`;
- certainty adverbs: `clearly`, `obviously`;
- judgements of risk or capacity: `is at risk of significant harm`,
  `is unable to protect`, `is struggling`;
- any adjective said of a person or their conduct that names no
  observable state (`Tom is bossy`, `turned up hungover`, `a smart
  child`), and judgements of degree (`far too loud`, `overly emotional`);
- inner states, likes, wishes and intentions asserted about someone else
  without a source (`was shy`, `enjoys nursery`, `hates bath time`,
  `he wanted the truck`);
- labels for people and behaviour (`a liar`, `a drug user`, `misbehaving`,
  `acting up`);
- judgements of manner and ability (`carefully`, `slept badly`, `good
  control`, `struggles with reading`, `can't relate to other children`);
- motives read into someone (`to get our attention`, `on purpose`).

Observable states are not judgements: `barefoot`, `asleep`, `alone`,
`late`, `wet`, `tall`, `walked slowly`, `too young to give her views`
(the list is `opinion.observable-states` in `grammar/vocabulary.toml`).
Likes and wishes in a wishes-and-feelings section are the person's own,
recorded there on purpose.

Not flagged: words inside quotation marks; reported or attributed speech
(`Jamie said he felt scared`, `According to the GP, …`); negated
observations (`There was no sign that Jamie was frightened`); an adjective
describing a concrete object (`dirty plates`, `a broken lock`); sentences
labelled `Opinion:`, `Judgement:`, `Analysis:` or opening with an inline
label (`In my view, …`); `Analysis`, `Decision` and `Management oversight`
sections; field lines.

## Principle

Records must differentiate between fact, opinion, judgement and
hypothesis (recording principle 2).

## Why it matters

Case records may be read out in court and relied on by other agencies.
An opinion written as fact can be repeated from record to record until it
is treated as established, and it gives the reader no way to test it. A
labelled opinion, with the facts it rests on, is a professional judgement
the reader can weigh.

## Example

Bad:

```markdown
### Observations

The home was chaotic. Ms Smith seemed low. Ms Smith has a good relationship with Jamie.
```

Good:

```markdown
### Observations

There were dirty plates on the floor and the kitchen bin was overflowing.
Ms Smith was crying and said she had not slept. Jamie sat on Ms Smith's knee
and she read him a story.

### Analysis

Ms Smith's mood is low, and the home conditions have worsened since the last visit.
```

## How to fix

Replace the judgement with what you saw or heard, or keep it and label it:
start the paragraph with `Opinion:` (or `Professional judgement:`), open the
sentence with `In my view,`, or move it under `### Analysis`.

## Configuration

```toml
[rules]
unlabelled-opinion = "error"     # off | hint | info | warning | error

[vocabulary]
opinion = ["feisty"]             # extra cue words
```
"#;
