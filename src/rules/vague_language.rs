//! `vague-language`: phrases recording guidance warns against.

use std::sync::LazyLock;

use crate::analysis::Context;
use crate::diagnostic::{Fix, Severity};
use crate::parse::words;
use crate::rules::{Finding, Principle, Rule, RuleMeta};
use crate::vocabulary::{self, Vocabulary};

pub struct VagueLanguage;

static META: RuleMeta = RuleMeta {
    id: "vague-language",
    default_severity: Severity::Info,
    principle: Principle::Language,
    summary: "Vague phrases: engaged well, presented as, appropriate, no concerns, mum/dad, as per",
    training_example: "\"Mum engaged well\" → \"Ms Smith came to all three sessions and completed the safety plan\"",
    doc: DOC,
};

impl Rule for VagueLanguage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = &ctx.record.unquoted;
        static DEFAULT: LazyLock<Phrases> =
            LazyLock::new(|| Phrases::new(Vocabulary::words(&vocabulary::get().vague, "phrases")));
        let configured =
            ctx.config.vocabulary.get("vague").filter(|p| !p.is_empty()).map(|p| Phrases::new(p));
        // `Mum's` is `Mum`: compare words without a possessive `'s`.
        let found: Vec<words::Word> = words::words(text, 0..text.len())
            .into_iter()
            .map(|mut w| {
                if let Some(stem) = w.lower.strip_suffix("'s") {
                    w.lower = stem.into();
                }
                w
            })
            .collect();
        let matches = [&*DEFAULT].into_iter().chain(configured.as_ref()).flat_map(|phrases| {
            phrases
                .set
                .find_all(&found)
                .into_iter()
                .map(|(at, _, index)| (at, &phrases.list[index]))
        });
        for (at, phrase) in matches {
            {
                let span = found[at].span.start..found[at + phrase.len() - 1].span.end;
                let written = &ctx.record.text[span.clone()];
                let mut finding = Finding::new(span.clone(), message(&phrase.join(" "), written));
                if let Some(better) = replacement(&phrase.join(" ")) {
                    let better = match written.chars().next() {
                        Some(c) if c.is_uppercase() => better[..1].to_uppercase() + &better[1..],
                        _ => better.to_string(),
                    };
                    finding.fixes.push(Fix::replace(
                        format!("Replace with \"{better}\""),
                        span.clone(),
                        better,
                    ));
                }
                out.push(finding);
            }
        }
    }
}

/// Vague phrases in words, indexed for one pass over a text.
struct Phrases {
    list: Vec<Vec<String>>,
    set: words::PhraseSet<usize>,
}

impl Phrases {
    fn new(phrases: &[String]) -> Phrases {
        let list: Vec<Vec<String>> = phrases.iter().map(|p| words::phrase(p)).collect();
        let set = words::PhraseSet::new(list.iter().cloned().enumerate().map(|(i, p)| (p, i)));
        Phrases { list, set }
    }
}

/// A plain replacement, where one is always right.
fn replacement(phrase: &str) -> Option<&'static str> {
    match phrase {
        "mum" | "mom" => Some("mother"),
        "dad" => Some("father"),
        "mums" | "moms" => Some("mothers"),
        "dads" => Some("fathers"),
        "as per" => Some("in line with"),
        _ => None,
    }
}

fn message(phrase: &str, written: &str) -> String {
    let advice = match phrase {
        "mum" | "mums" | "dad" | "dads" | "mom" | "moms" => {
            "write the person's name (e.g. Ms Smith), or \"mother\" / \"father\"".to_string()
        }
        p if p.starts_with("engag") => {
            "say what the person did: attended, answered questions, agreed to the plan".into()
        }
        p if p.starts_with("present") => "describe what you saw and heard instead".into(),
        p if p.contains("appropriate") => "say what was done and against what standard".into(),
        "no concerns" => "say what was checked and what was found".into(),
        "as per" => "write \"in line with\" or \"as agreed in\"".into(),
        _ => "say plainly what you mean".into(),
    };
    format!("\"{written}\" is vague: {advice}")
}

const DOC: &str = r#"## What it checks

Phrases that recording guidance warns against, anywhere in the record
(headings and field values too, and reported speech, since it is the
writer's wording), but never inside quotation marks, the front matter,
code or the genogram:

- `engaged well` (`engages well`, `engaging well`): needs the `well`;
- `presented as`;
- `appropriate`, `appropriately`, `inappropriate`;
- `no concerns`;
- `mum`, `dad`, `mom` (even beside a name);
- `as per`.

## Principle

Language must be clear, straightforward and concise, and accurate in fact
(recording principle 2).

## Why it matters

"Engaged well" and "no concerns" say nothing a reader can check: engaged
in what, concerns about what, checked how? "Appropriate" hides a judgement
whose standard is unstated. "Mum" and "dad" are the child's words, not a
professional's, and make it unclear which adult is meant.

## Example

Bad:

```markdown
Mum engaged well and there were no concerns.
```

Good:

```markdown
Ms Smith came to the meeting on time and agreed to the three actions. Jamie's bedroom had a bed, clean bedding and toys.
```

## How to fix

Replace the phrase with what happened: who did what, what was checked and
what was found. Name the adult, or write "mother" or "father".

## Configuration

```toml
[rules]
vague-language = "info"

[vocabulary]
vague = ["going forward"]        # extra phrases
```
"#;
