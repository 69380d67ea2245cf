//! The negative corpus: plain factual sentences, in eight kinds of writing
//! (`tests/negative/*.txt`, one sentence a line), none of which states an
//! opinion or hypothesis under SPEC §4. It guards the precision of the
//! fact/opinion classifier: at most 0.5 % of them may be flagged by
//! `unlabelled-opinion` or `unlabelled-hypothesis`, and none of the
//! sentences in `must-not-flag.txt` (each once a false alarm) may be.
//!
//! Each file becomes one record: every sentence its own paragraph in the
//! `Observations` of a home visit, so that the sentence is in fact context
//! and nothing else in the record is flagged by those rules.

use std::fs;
use std::path::PathBuf;

use casenote::{check, Config};
use chrono::NaiveDate;

const FRAME: &str = "---
record: NEGATIVE
children: [Sam Ashby]
agency: other
document: case-record
stage: [child-in-need]
parents: [Pat Ashby]
contact-frequency: weekly
worker: Jo Marsh
---

# Family composition

| Name | Relationship |
|---|---|
| Sam Ashby | child |

## 2026-10-01 10:00 — Home visit

Recorded: 2026-10-01
Author: Jo Marsh, family support worker
Contact: home visit, planned
Present: Sam Ashby, Pat Ashby

### Observations

";

/// The sentences of one file and, for each, the opinion and hypothesis
/// findings it received (rule and message).
fn flagged_in(path: &PathBuf) -> (Vec<String>, Vec<(String, &'static str, String)>) {
    let sentences: Vec<String> = fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let mut text = FRAME.to_string();
    let mut starts = Vec::new();
    for sentence in &sentences {
        starts.push(text.len());
        text.push_str(sentence);
        text.push_str("\n\n");
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut flagged = Vec::new();
    for d in check(&text, &Config::default(), today) {
        if !matches!(d.rule, "unlabelled-opinion" | "unlabelled-hypothesis") {
            continue;
        }
        let index = starts.partition_point(|&s| s <= d.span.start);
        assert!(index > 0, "{}: a finding in the frame: {} {}", path.display(), d.rule, d.message);
        flagged.push((sentences[index - 1].clone(), d.rule, d.message));
    }
    (sentences, flagged)
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir("tests/negative")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn at_most_half_a_percent_of_factual_sentences_are_flagged() {
    let files = corpus_files();
    let kinds = files.iter().filter(|p| !p.ends_with("must-not-flag.txt")).count();
    assert!(kinds >= 8, "the negative corpus covers eight kinds of writing, found {kinds}");
    let mut total = 0;
    let mut report = String::new();
    let mut flagged_sentences = std::collections::BTreeSet::new();
    for path in &files {
        let (sentences, flagged) = flagged_in(path);
        total += sentences.len();
        for (sentence, rule, message) in flagged {
            report.push_str(&format!("\n  {}: {rule}: {message}\n    {sentence}", path.display()));
            flagged_sentences.insert(sentence);
        }
    }
    assert!(total >= 1500, "the negative corpus holds {total} sentences, fewer than 1,500");
    let rate = flagged_sentences.len() as f64 / total as f64;
    eprintln!(
        "negative corpus: {} of {total} sentences flagged ({:.2} %){report}",
        flagged_sentences.len(),
        rate * 100.0
    );
    assert!(rate <= 0.005, "more than 0.5 % of factual sentences flagged:{report}");
}

#[test]
fn former_false_alarms_are_not_flagged() {
    let (sentences, flagged) = flagged_in(&PathBuf::from("tests/negative/must-not-flag.txt"));
    assert!(sentences.len() >= 6);
    assert!(flagged.is_empty(), "flagged: {flagged:#?}");
}
