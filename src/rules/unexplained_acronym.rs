//! `unexplained-acronym`: an acronym not spelt out at its first use.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::Context;
use crate::diagnostic::{Fix, Severity};
use crate::rules::{Finding, Principle, Rule, RuleMeta};
use crate::vocabulary::{self, Vocabulary};

pub struct UnexplainedAcronym;

static META: RuleMeta = RuleMeta {
    id: "unexplained-acronym",
    default_severity: Severity::Info,
    principle: Principle::Language,
    summary: "An acronym is used without being spelt out at its first use",
    training_example: "\"referred to CAMHS\" → \"referred to Child and Adolescent Mental Health Services (CAMHS)\"",
    doc: DOC,
};

impl Rule for UnexplainedAcronym {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let text = &ctx.record.unquoted;
        let v = vocabulary::get();
        let mut known: HashSet<String> = Vocabulary::words(&v.acronyms, "allowed").iter().cloned().collect();
        known.extend(ctx.record.front_matter.glossary.iter().map(|(a, _)| a.clone()));
        known.extend(ctx.config.acronyms.iter().cloned());
        let skip: HashSet<String> = Vocabulary::words(&v.acronyms, "expansion-skip-words").iter().cloned().collect();
        // Field keys are the format's words, not the writer's (`RECORDED:`).
        let keys: Vec<Range<usize>> = ctx
            .record
            .entries
            .iter()
            .flat_map(|e| &e.fields)
            .map(|f| f.line_span.start..f.value_span.start.min(f.line_span.end))
            .collect();
        for (span, acronym) in acronyms(text) {
            if keys.iter().any(|k| k.contains(&span.start)) {
                continue;
            }
            if !known.insert(acronym.clone()) {
                continue; // Allowed, or not its first use.
            }
            if !explained(text, &span, &acronym, &skip) {
                let mut finding = Finding::new(
                    span.clone(),
                    format!(
                        "\"{acronym}\" is not spelt out at its first use: write it in full with the acronym in brackets, e.g. \"… ({acronym})\", or add it to the record's glossary"
                    ),
                );
                if let Some(expansion) = Vocabulary::words(&v.acronym_expansions, &acronym).first() {
                    let written = &ctx.record.text[span.clone()];
                    finding.fixes.push(Fix::replace(
                        format!("Spell out \"{acronym}\" as \"{expansion}\""),
                        span,
                        format!("{expansion} ({written})"),
                    ));
                }
                out.push(finding);
            }
        }
    }
}

/// Acronyms in `text`: tokens of two or more capital letters, optionally
/// with digits or `&` and a plural `s`. Returns the token span and the
/// acronym without its plural `s`. Lines in capitals (shouted headings)
/// are skipped.
fn acronyms(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let part_of_token = c.is_alphanumeric() || c == '&';
        match (part_of_token, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let token = &text[s..i];
                let base = token.strip_suffix('s').filter(|b| b.len() >= 2).unwrap_or(token);
                let capitals = base.chars().filter(char::is_ascii_uppercase).count();
                let shape = base.starts_with(|c: char| c.is_ascii_uppercase())
                    && base.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
                    && !base.ends_with('&');
                if shape && capitals >= 2 && !in_capitals_line(text, s) {
                    found.push((s..i, base.to_string()));
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether the line around `offset` is written mostly in capitals.
fn in_capitals_line(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let words: Vec<&str> = text[start..end].split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let shouting = words.iter().filter(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)).count();
    shouting >= 3 && shouting * 4 >= words.len() * 3
}

/// `Expansion (ACR)` or `ACR (expansion)`, where the expansion's initials
/// spell the acronym (small words such as `and`, `in`, `the` may be skipped).
fn explained(text: &str, span: &Range<usize>, acronym: &str, skip: &HashSet<String>) -> bool {
    let letters: Vec<char> = acronym.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let before = text[..span.start].trim_end();
    let after = text[span.end..].trim_start();
    if before.ends_with('(') && after.starts_with(')') {
        let words = initials(&before[..before.len() - 1], 12);
        return spells(&letters, words.iter().rev(), skip, true);
    }
    if let Some(inner) = after.strip_prefix('(').and_then(|rest| rest.split(')').next()) {
        let words = initials(inner, 20);
        return spells(&letters, words.iter(), skip, false);
    }
    false
}

/// The last (or only) `limit` words of `text`, lower case, hyphens splitting.
fn initials(text: &str, limit: usize) -> Vec<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words[words.len().saturating_sub(limit)..].to_vec()
}

/// Whether `words` (read backwards when `backwards`) spell `letters` by
/// their initials, allowing small words in between.
fn spells<'w>(letters: &[char], words: impl Iterator<Item = &'w String>, skip: &HashSet<String>, backwards: bool) -> bool {
    let mut wanted: Vec<char> = letters.to_vec();
    if backwards {
        wanted.reverse();
    }
    let mut next = 0;
    for word in words {
        if next == wanted.len() {
            break;
        }
        if word.starts_with(wanted[next]) {
            next += 1;
        } else if !skip.contains(word) {
            return false;
        }
    }
    next == wanted.len()
}

const DOC: &str = r#"## What it checks

An acronym (two or more capital letters, optionally with digits or `&` and
a plural `s`: `CIN`, `ICPC`, `A&E`, `CAMHSs`) whose first use in the record
does not stand next to its expansion in brackets, either way round:
`Child in Need (CIN)` or `CIN (Child in Need)`. The expansion may be in any
case (`multiple sclerosis (MS)`). Flagged once, at the first use; a later
explanation does not help the reader who met it first.

Always allowed: `GP`, `NHS`, `UK`, `TV`, `OK`, `ID`, the record's
`glossary` (front matter) and the configured `acronyms`. Headings and field
values count; quotes, the front matter, code and the genogram do not.

## Principle

Language must be clear and straightforward (recording principle 2).

## Why it matters

Records are read by families, other agencies, new workers and courts.
Acronyms differ between agencies and areas (`CP` can be a plan or a
conference; `HV` a health visitor or a home visit): a reader who guesses
wrong misreads the record. Children reading their own files later should
not need a glossary.

## Example

Bad:

```markdown
Present: Nadia Ahmed, HV
```

Good:

```markdown
Present: Nadia Ahmed, health visitor (HV)
```

## How to fix

Write the term in full at its first use with the acronym in brackets, or
add the acronym to the record's `glossary:` in the front matter, or (for
an organisation) to `acronyms` in `casenote.toml`.

## Configuration

```toml
[rules]
unexplained-acronym = "info"

[settings]
acronyms = ["CAMHS", "MASH"]     # allowed unexplained everywhere
```
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn skip() -> HashSet<String> {
        ["and", "in", "the", "a", "to", "of"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn expansions_either_way_round() {
        let check = |text: &str, acronym: &str| {
            let start = text.find(acronym).unwrap();
            explained(text, &(start..start + acronym.len()), acronym, &skip())
        };
        assert!(check("a Child in Need (CIN) meeting", "CIN"));
        assert!(check("Child and Adolescent Mental Health Services (CAMHS)", "CAMHS"));
        assert!(check("has multiple sclerosis (MS) and", "MS"));
        assert!(check("Body-worn video (BWV) was on", "BWV"));
        assert!(check("the CIN (Child in Need) plan", "CIN"));
        assert!(!check("Tom Pope (DSL) said", "DSL"));
        assert!(!check("Nadia Ahmed, HV, Jo", "HV"));
    }

    #[test]
    fn finds_acronym_shapes() {
        let found: Vec<String> = acronyms("A&E and CAMHSs, X-ray, Ms Smith, PC 4471, S47").into_iter().map(|a| a.1).collect();
        assert_eq!(found, ["A&E", "CAMHS", "PC"]);
    }
}
