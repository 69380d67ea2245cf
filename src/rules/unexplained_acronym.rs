//! `unexplained-acronym`: an acronym not spelt out at its first use.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{Context, RecordContext};
use crate::diagnostic::{Fix, Severity};
use crate::rules::{Finding, Note, Principle, Rule, RuleMeta, UnitNote};
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

    /// The first use in the unit of each acronym that is not always
    /// allowed, with the finding to report if it is the record's first use
    /// and is not explained there.
    fn note(&self, ctx: &Context) -> Option<Note> {
        let text = &ctx.record.unquoted;
        let v = vocabulary::get();
        let mut known: HashSet<String> =
            Vocabulary::words(&v.acronyms, "allowed").iter().cloned().collect();
        known.extend(ctx.front_matter.glossary.iter().map(|(a, _)| a.clone()));
        known.extend(ctx.config.acronyms.iter().cloned());
        let skip: HashSet<String> =
            Vocabulary::words(&v.acronyms, "expansion-skip-words").iter().cloned().collect();
        // Field keys are the format's words, not the writer's (`RECORDED:`).
        let mut keys: Vec<Range<usize>> = ctx
            .record
            .entries
            .iter()
            .flat_map(|e| &e.fields)
            .map(|f| f.line_span.start..f.value_span.start.min(f.line_span.end))
            .collect();
        // Sorted, so that each acronym finds the key it might be in by
        // binary search (keys lie on distinct lines and do not overlap).
        keys.sort_by_key(|k| k.start);
        let in_key = |offset: usize| {
            let after = keys.partition_point(|k| k.start <= offset);
            after > 0 && keys[after - 1].contains(&offset)
        };
        let mut uses = Vec::new();
        for (span, acronym) in acronyms(text) {
            if in_key(span.start) {
                continue;
            }
            if !known.insert(acronym.clone()) {
                continue; // Allowed, or not its first use in the unit.
            }
            let unexplained = (!explained(text, &span, &acronym, &skip)).then_some(span);
            let first = FirstUse { acronym, unexplained };
            uses.push(first);
        }
        (!uses.is_empty()).then(|| Box::new(uses) as Note)
    }

    fn check_record(&self, ctx: &RecordContext, notes: &[UnitNote], out: &mut Vec<Finding>) {
        let mut seen: HashSet<&str> = HashSet::new();
        for note in notes {
            for first in note.get::<Vec<FirstUse>>().into_iter().flatten() {
                if !seen.insert(&first.acronym) {
                    continue;
                }
                if let Some(span) = &first.unexplained {
                    let span = span.start + note.base..span.end + note.base;
                    out.push(unexplained(&first.acronym, span, ctx.text));
                }
            }
        }
    }
}

/// An acronym's first use in a unit, and where it is if it is not
/// explained there (relative to the unit). The finding is written only for
/// the record's first use: an editor keeps every unit's notes.
struct FirstUse {
    acronym: String,
    unexplained: Option<Range<usize>>,
}

/// The finding for an acronym not spelt out at `span` of `text`, with the
/// expansion the vocabulary knows as a fix.
fn unexplained(acronym: &str, span: Range<usize>, text: &str) -> Finding {
    let mut finding = Finding::new(
        span.clone(),
        format!(
            "\"{acronym}\" is not spelt out at its first use: write it in full with the acronym in brackets, e.g. \"… ({acronym})\", or add it to the record's glossary"
        ),
    );
    if let Some(expansion) =
        Vocabulary::words(&vocabulary::get().acronym_expansions, acronym).first()
    {
        let written = &text[span.clone()];
        finding.fixes.push(Fix::replace(
            format!("Spell out \"{acronym}\" as \"{expansion}\""),
            span,
            format!("{expansion} ({written})"),
        ));
    }
    finding
}

/// Acronyms in `text`: tokens of two or more capital letters, optionally
/// with digits or `&` and a plural `s`. Returns the token span and the
/// acronym without its plural `s`. Lines in capitals (shouted headings)
/// are skipped.
fn acronyms(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut start = None;
    // The line last asked about, and whether it shouts: asked once per line.
    let mut line: Option<(Range<usize>, bool)> = None;
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
                    && base
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
                    && !base.ends_with('&');
                // `CIN-2041` is a reference number, not a use of the acronym.
                let reference = text[i..].starts_with('-')
                    && text[i + 1..].starts_with(|c: char| c.is_ascii_digit());
                let mut shouting = |s: usize| match &line {
                    Some((span, shouting)) if span.contains(&s) => *shouting,
                    _ => {
                        let (span, shouting) = in_capitals_line(text, s);
                        line = Some((span, shouting));
                        shouting
                    }
                };
                if shape && capitals >= 2 && !reference && !shouting(s) {
                    found.push((s..i, base.to_string()));
                }
            }
            _ => {}
        }
    }
    found
}

/// The line around `offset` (with its line break), and whether it is
/// written mostly in capitals.
fn in_capitals_line(text: &str, offset: usize) -> (Range<usize>, bool) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let words: Vec<&str> = text[start..end]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let shouting = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
        .count();
    (start..end + 1, shouting >= 3 && shouting * 4 >= words.len() * 3)
}

/// How far from an acronym its expansion is read: the last 400 bytes
/// before `(ACR)`, or the 400 bytes after `ACR (` for the closing bracket.
const REACH: usize = 400;

/// At most this many words right before `(ACR)` can spell it.
const WORDS_BEFORE: usize = 12;

/// `Expansion (ACR)` or `ACR (expansion)`, where the expansion spells the
/// acronym: each word gives its initial, and may give more letters from
/// inside it (`postpartum haemorrhage (PPH)`, `Coordinator` in `SENCO`);
/// small words such as `and`, `in`, `the` may be skipped.
///
/// The work is bounded by the acronym's length times [`REACH`], whatever
/// follows or precedes it.
fn explained(text: &str, span: &Range<usize>, acronym: &str, skip: &HashSet<String>) -> bool {
    let letters: Vec<char> =
        acronym.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    if letters.is_empty() || letters.len() > REACH {
        return false; // Nothing within reach can spell it.
    }
    let before = text[..span.start].trim_end();
    let after = text[span.end..].trim_start();
    if before.ends_with('(') && after.starts_with(')') {
        // Only the last few words can spell it: read no further back.
        let before = &before[..before.len() - 1];
        let from = ceil_char_boundary(before, before.len().saturating_sub(REACH));
        let words = expansion_words(&before[from..]);
        // The expansion is some number of words right before the bracket.
        let words = &words[words.len().saturating_sub(WORDS_BEFORE)..];
        let table = Spelling::new(&letters, words, skip);
        return (0..words.len()).any(|first| table.spells_from(first));
    }
    if let Some(rest) = after.strip_prefix('(') {
        // The closing bracket within reach (or the end of a short text).
        let window = &rest[..ceil_char_boundary(rest, REACH.min(rest.len()))];
        let inner = match window.find(')') {
            Some(close) => &window[..close],
            None if window.len() == rest.len() => window,
            None => return false,
        };
        return spells(&letters, &expansion_words(inner), skip);
    }
    false
}

/// The smallest char boundary of `text` at or after `offset`.
fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset.min(text.len())
}

/// Lower-case words of `text`, hyphens and slashes splitting words.
fn expansion_words(text: &str) -> Vec<Vec<char>> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || *c == '&')
                .flat_map(char::to_lowercase)
                .collect::<Vec<char>>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `words` spell `letters` (see [`explained`]).
fn spells(letters: &[char], words: &[Vec<char>], skip: &HashSet<String>) -> bool {
    !letters.is_empty() && Spelling::new(letters, words, skip).spells_from(0)
}

/// Which suffixes of the words spell which suffixes of the letters, filled
/// in by dynamic programming from the last word back: no recursion, and
/// each (word, letter) pair is decided once, in time bounded by the word's
/// length. (The recursive search it replaces tried every way of sharing
/// letters between words again and again: exponential on `and and … and`.)
struct Spelling {
    /// `can[w * (letters + 1) + p]`: `words[w..]` spell `letters[p..]`.
    can: Vec<bool>,
    width: usize,
}

impl Spelling {
    fn new(letters: &[char], words: &[Vec<char>], skip: &HashSet<String>) -> Self {
        let width = letters.len() + 1;
        let mut can = vec![false; (words.len() + 1) * width];
        // Every letter comes from a word: more letters than the words hold
        // cannot be spelt, and the table stays all false.
        if letters.len() > words.iter().map(Vec::len).sum::<usize>() {
            crate::work::add(can.len());
            return Spelling { can, width };
        }
        can[words.len() * width + letters.len()] = true;
        let mut steps = can.len();
        for (w, word) in words.iter().enumerate().rev() {
            let skippable = skip.contains(&word.iter().collect::<String>());
            let next = (w + 1) * width;
            for p in 0..width {
                let mut ok = skippable && can[next + p];
                if !ok && letters.get(p).is_some_and(|l| word.first() == Some(l)) {
                    // The initial gives `letters[p]`; the next letters may
                    // come from inside the word, in order (read greedily).
                    let mut used = 1;
                    let mut inner = word[1..].iter();
                    loop {
                        if can[next + p + used] {
                            ok = true;
                            break;
                        }
                        let Some(&wanted) = letters.get(p + used) else { break };
                        let before = inner.len();
                        let found = inner.any(|&c| c == wanted);
                        steps += before - inner.len() + 1;
                        if !found {
                            break;
                        }
                        used += 1;
                    }
                }
                can[w * width + p] = ok;
            }
        }
        crate::work::add(steps);
        Spelling { can, width }
    }

    /// Whether the words from `first` on spell all the letters.
    fn spells_from(&self, first: usize) -> bool {
        self.can.get(first * self.width).copied().unwrap_or(false)
    }
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
        assert!(check("treated as a PPH (postpartum haemorrhage) with", "PPH"));
        assert!(check("Special Educational Needs Coordinator (SENCO)", "SENCO"));
        assert!(check("has postnatal depression (PND)", "PND"));
        assert!(check("his unpaid work (UPW)", "UPW"));
        assert!(check("Domestic Abuse, Stalking and Harassment (DASH)", "DASH"));
        assert!(!check("the plan (ABC)", "ABC"));
        assert!(check("the ABC (and a big candle", "ABC"));
        assert!(check("Independent Reviewing Officer (IRO)", "IRO"));
        assert!(!check("Reviewing Officer (IRO)", "IRO"));
    }

    /// The inputs that made the old search exponential or overflow the
    /// stack are decided, in work bounded by the acronym's length times
    /// the reach, whatever the length of the text around them.
    #[test]
    fn hostile_expansions_are_decided_in_bounded_work() {
        let check = |text: &str, acronym: &str| {
            let start = text.find(acronym).unwrap();
            crate::work::counted(|| {
                explained(text, &(start..start + acronym.len()), acronym, &skip())
            })
        };
        for n in [10, 50, 99, 100, 12_000] {
            let text = format!("The AAAAAAAB ({}) met.", "and ".repeat(n));
            let (explained, steps) = check(&text, "AAAAAAAB");
            assert!(!explained);
            assert!(steps < 20 * REACH as u64, "{n}: {steps}");
            let text = format!("ABC ({}", "and ".repeat(n));
            let (explained, steps) = check(&text, "ABC");
            assert!(!explained);
            assert!(steps < 20 * REACH as u64, "{n}: {steps}");
        }
        let long = "a".repeat(29) + "b";
        for capitals in [10, 26, 200] {
            let acronym = "A".repeat(capitals) + "B";
            let text = format!("{} ({acronym}) met.", [long.as_str(); 12].join(" "));
            let (explained, steps) = check(&text, &acronym);
            assert_eq!(explained, capitals < 360, "{capitals}");
            assert!(steps < (capitals as u64 + 2) * 2 * REACH as u64, "{capitals}: {steps}");
        }
    }

    #[test]
    fn finds_acronym_shapes() {
        let found: Vec<String> =
            acronyms("A&E and CAMHSs, X-ray, Ms Smith, PC 4471, S47, ref CIN-2041")
                .into_iter()
                .map(|a| a.1)
                .collect();
        assert_eq!(found, ["A&E", "CAMHS", "PC"]);
    }
}
