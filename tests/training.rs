//! The training pairs in `examples/training/`: one folder per recording
//! principle, each with a `poor.md` record and an `improved.md` rewrite of
//! the same record.
//!
//! For every pair:
//! - the improved record has no findings at all;
//! - the poor record gets exactly the findings listed below (rule, 1-based
//!   line and character column of the finding's start), no more, no fewer;
//! - every finding of the poor record belongs to the pair's principle (the
//!   record is otherwise clean, so a trainer can teach one thing at a time);
//! - the rules the pair is said to cover all appear in the poor record, and
//!   any rule of the principle it does not cover is named with the reason.
//!
//! The expectations were written by reading each record against
//! `SPEC.md` §4, not by copying the linter's output. Each one carries the
//! text found at its position, so an edit that moves a sentence shows up
//! as a wrong expectation rather than a silent mismatch.

use casenote::rules::{Principle, ALL};
use casenote::text::LineIndex;
use casenote::{check, Config};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// An expected finding: line, column, rule id, and the text at that position.
type Expected = (usize, usize, &'static str, &'static str);

/// A training pair and what its poor record must show.
struct Pair {
    folder: &'static str,
    principle: Principle,
    /// Rules of the principle that the poor record demonstrates.
    covers: &'static [&'static str],
    /// Rules of the principle it does not, and why.
    not_covered: &'static [(&'static str, &'static str)],
    poor: &'static [Expected],
}

const PAIRS: &[Pair] = &[
    Pair {
        folder: "fact-and-opinion",
        principle: Principle::FactAndOpinion,
        covers: &["unlabelled-opinion", "unlabelled-hypothesis"],
        not_covered: &[],
        poor: &[
            (42, 1, "unlabelled-opinion", "The flat was dirty and cluttered"),
            (42, 69, "unlabelled-opinion", "Ms Walsh appeared to be under the influence"),
            (44, 1, "unlabelled-opinion", "Ruby was clearly hungry"),
            (44, 75, "unlabelled-opinion", "Ruby has a close and loving bond"),
            (46, 56, "unlabelled-hypothesis", "The mark was probably caused"),
            (46, 121, "unlabelled-hypothesis", "Ruby's delayed speech may be due"),
            (48, 1, "unlabelled-opinion", "I am concerned that Ms Walsh"),
            (69, 1, "unlabelled-hypothesis", "Ruby is often brought in after 10:00"),
        ],
    },
    Pair {
        folder: "wishes-and-feelings",
        principle: Principle::WishesAndFeelings,
        covers: &["missing-wishes-feelings"],
        not_covered: &[],
        poor: &[
            // Only the mother's views: Maisie and Oscar are missing.
            (28, 1, "missing-wishes-feelings", "## 2026-10-21 16:00 — Home visit"),
            // Direct work done, but what Maisie said is not recorded.
            (44, 1, "missing-wishes-feelings", "## 2026-10-29 12:30 — School visit"),
            // The father's request is in the narrative, not recorded as his view.
            (54, 1, "missing-wishes-feelings", "## 2026-11-02 10:00 — Phone call"),
            // The baby is left out: no observation, no reason.
            (63, 1, "missing-wishes-feelings", "## 2026-11-04 16:15 — Home visit"),
        ],
    },
    Pair {
        folder: "contact",
        principle: Principle::Contact,
        covers: &["missing-contact-nature", "missing-contact-frequency", "contact-frequency-not-met"],
        not_covered: &[],
        poor: &[
            // No `contact-frequency` in the front matter, no `Frequency` field.
            (27, 1, "missing-contact-frequency", "## 2026-10-01 16:00 — Home visit"),
            // No contact type: the school visit does not count as seeing Kai.
            (43, 1, "missing-contact-nature", "## 2026-10-14 — Update"),
            // A phone call with no `Present` field.
            (52, 1, "missing-contact-nature", "## 2026-10-20 10:15 — Phone call"),
            // Every 10 working days, but Kai was last seen (on the record) on 1 October.
            (62, 1, "contact-frequency-not-met", "## 2026-10-27 16:30 — Home visit"),
        ],
    },
    Pair {
        folder: "decisions",
        principle: Principle::Decisions,
        covers: &["unendorsed-decision"],
        not_covered: &[],
        poor: &[
            // "The strategy discussion agreed…" is prose, not a joint decision.
            (29, 1, "unendorsed-decision", "## 2026-11-02 10:00 — Strategy discussion"),
            // "My manager agreed it" is prose, not an endorsement.
            (44, 1, "unendorsed-decision", "## 2026-11-03 16:00 — Home visit"),
            // The manager's oversight is in a later entry, not at the decision.
            (60, 1, "unendorsed-decision", "## 2026-11-10 15:00 — Case note"),
        ],
    },
    Pair {
        folder: "family-composition",
        principle: Principle::FamilyComposition,
        covers: &["missing-family-composition", "missing-genogram", "unconfirmed-significant-event"],
        not_covered: &[
            (
                "stale-genogram",
                "needs a genogram block, which the poor record lacks; shown by the variation of improved.md in `family_composition_variations_show_the_other_rules`",
            ),
            (
                "invalid-genogram",
                "needs a genogram block, which the poor record lacks; shown by the variation of improved.md in `family_composition_variations_show_the_other_rules`",
            ),
        ],
        poor: &[
            (1, 1, "missing-family-composition", "---"),
            (1, 1, "missing-genogram", "---"),
            // The new partner moving in has no `Significant event:` line.
            (26, 1, "unconfirmed-significant-event", "Ms Price told me that Ryan moved in"),
        ],
    },
    Pair {
        folder: "timeliness",
        principle: Principle::Timeliness,
        covers: &["late-recording", "missing-recording-date", "invalid-date", "invalid-front-matter"],
        not_covered: &[],
        poor: &[
            // `agency: health visiting service` is not one of the agencies.
            (1, 1, "invalid-front-matter", "---"),
            // A Tuesday visit recorded on Friday: 3 working days.
            (30, 1, "late-recording", "## 2026-10-06 10:00 — Home visit"),
            // 31 November does not exist.
            (51, 198, "invalid-date", "31/11/2026"),
            // `Recorded:` is written at the end of the entry, not among its fields.
            (55, 1, "missing-recording-date", "## 2026-10-29 11:00 — Home visit"),
            // 12 November typed as 2026-12-11: in the future.
            (78, 4, "invalid-date", "2026-12-11"),
        ],
    },
    Pair {
        folder: "language",
        principle: Principle::Language,
        covers: &["unexplained-acronym", "vague-language", "long-sentence"],
        not_covered: &[],
        poor: &[
            (19, 23, "unexplained-acronym", "CIN review meeting"),
            (22, 22, "unexplained-acronym", "DSL"),
            (24, 36, "vague-language", "mum)"),
            (25, 52, "vague-language", "appropriate"),
            (27, 1, "vague-language", "Mum engaged"),
            (27, 5, "vague-language", "engaged well"),
            (27, 44, "vague-language", "as per the plan"),
            (27, 102, "unexplained-acronym", "SENCO"),
            (27, 127, "unexplained-acronym", "EHCP"),
            (27, 184, "unexplained-acronym", "CAMHS"),
            (40, 1, "long-sentence", "Tyler told me he has not been sleeping well"),
            (40, 252, "vague-language", "presented as tired"),
            (40, 290, "vague-language", "no concerns"),
        ],
    },
];

fn training_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("training")
}

fn read(folder: &str, file: &str) -> String {
    let path = training_dir().join(folder).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// Findings as (line, column, rule), sorted.
fn findings(text: &str) -> Vec<(usize, usize, &'static str)> {
    let index = LineIndex::new(text);
    let mut found: Vec<_> = check(text, &Config::default(), today())
        .into_iter()
        .map(|d| {
            let at = index.line_col(text, d.span.start);
            (at.line, at.column, d.rule)
        })
        .collect();
    found.sort();
    found
}

/// Fails with the missing and the unexpected findings listed separately.
fn assert_findings(what: &str, text: &str, expected: &[(usize, usize, &'static str)]) {
    let actual = findings(text);
    let mut expected = expected.to_vec();
    expected.sort();
    let missing: Vec<_> = expected.iter().filter(|e| !actual.contains(e)).collect();
    let unexpected: Vec<_> = actual.iter().filter(|a| !expected.contains(a)).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty() && actual.len() == expected.len(),
        "{what}:\n  missing:    {missing:?}\n  unexpected: {unexpected:?}\n  all found:  {actual:?}"
    );
}

/// The text starting at a 1-based line and character column.
fn text_at(text: &str, line: usize, column: usize) -> &str {
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    match line_text.char_indices().nth(column - 1) {
        Some((byte, _)) => &line_text[byte..],
        None => "",
    }
}

fn rules_of(principle: Principle) -> Vec<&'static str> {
    ALL.iter().map(|r| r.meta()).filter(|m| m.principle == principle).map(|m| m.id).collect()
}

fn pair(folder: &str) -> &'static Pair {
    PAIRS.iter().find(|p| p.folder == folder).unwrap()
}

fn check_pair(folder: &str) {
    let pair = pair(folder);

    let improved = read(folder, "improved.md");
    assert_findings(&format!("{folder}/improved.md"), &improved, &[]);

    let poor = read(folder, "poor.md");
    for &(line, column, rule, snippet) in pair.poor {
        assert!(
            text_at(&poor, line, column).starts_with(snippet),
            "{folder}/poor.md: the expectation {rule} at {line}:{column} should point at {snippet:?}, \
             but the text there is {:?}",
            text_at(&poor, line, column)
        );
    }
    let expected: Vec<_> =
        pair.poor.iter().map(|&(line, column, rule, _)| (line, column, rule)).collect();
    assert_findings(&format!("{folder}/poor.md"), &poor, &expected);

    // The poor record teaches one principle: all its findings come from it.
    let principle_rules = rules_of(pair.principle);
    for &(_, _, rule, _) in pair.poor {
        assert!(
            principle_rules.contains(&rule),
            "{folder}/poor.md: {rule} is not a rule of {:?}",
            pair.principle
        );
    }
    // Every rule of the principle is covered, or named with the reason it is not.
    for rule in &principle_rules {
        let covered = pair.covers.contains(rule);
        let excused = pair.not_covered.iter().any(|(r, _)| r == rule);
        assert!(
            covered != excused,
            "{folder}: {rule} must be either covered or listed as not covered (not both)"
        );
        if covered {
            assert!(
                pair.poor.iter().any(|&(_, _, r, _)| r == *rule),
                "{folder}/poor.md: no expected finding of {rule}, which the pair says it covers"
            );
        }
    }
    for rule in pair.covers.iter().chain(pair.not_covered.iter().map(|(r, _)| r)) {
        assert!(
            principle_rules.contains(rule),
            "{folder}: {rule} is not a rule of {:?}",
            pair.principle
        );
    }
}

#[test]
fn fact_and_opinion() {
    check_pair("fact-and-opinion");
}

#[test]
fn wishes_and_feelings() {
    check_pair("wishes-and-feelings");
}

#[test]
fn contact() {
    check_pair("contact");
}

#[test]
fn decisions() {
    check_pair("decisions");
}

#[test]
fn family_composition() {
    check_pair("family-composition");
}

#[test]
fn timeliness() {
    check_pair("timeliness");
}

#[test]
fn language() {
    check_pair("language");
}

/// The genogram rules the poor record cannot show (it has no genogram), each
/// shown by one small edit of the improved record, as the README suggests
/// for a session exercise.
#[test]
fn family_composition_variations_show_the_other_rules() {
    let improved = read("family-composition", "improved.md");
    let replace = |from: &str, to: &str| {
        assert!(
            improved.contains(from),
            "family-composition/improved.md no longer contains {from:?}"
        );
        improved.replacen(from, to, 1)
    };

    // The genogram dated before Mr Shaw moved in: the 12 October entry records
    // the change ("moved in") after the genogram's `updated:` date.
    let stale = replace("updated: 2026-10-12", "updated: 2026-09-01");
    let heading = line_of(&stale, "## 2026-10-12 15:45");
    assert_findings("stale genogram", &stale, &[(heading, 1, "stale-genogram")]);

    // "living together" is not a couple status of the genogram language.
    let invalid = replace(
        "couple Gemma Price & Ryan Shaw: cohabiting since 2026",
        "couple Gemma Price & Ryan Shaw: living together since 2026",
    );
    let line = line_of(&invalid, "couple Gemma Price & Ryan Shaw:");
    assert_findings("invalid genogram", &invalid, &[(line, 1, "invalid-genogram")]);

    // The table alone is not enough at the assessment stage.
    let start = improved.find("```genogram").unwrap();
    let end = start + improved[start..].find("\n```\n").unwrap() + "\n```\n".len();
    let no_block = format!("{}{}", &improved[..start], &improved[end..]);
    assert_findings("no genogram block", &no_block, &[(1, 1, "missing-genogram")]);
}

/// 1-based number of the first line starting with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
        + 1
}

/// Every principle of `casenote rules` (but the suppression housekeeping)
/// has a folder, every folder has a pair here, and the README names them all.
#[test]
fn every_principle_has_a_pair_and_every_pair_a_folder() {
    let principles: Vec<Principle> = {
        let mut p: Vec<_> = ALL
            .iter()
            .map(|r| r.meta().principle)
            .filter(|p| *p != Principle::Housekeeping)
            .collect();
        p.sort();
        p.dedup();
        p
    };
    for principle in &principles {
        assert!(
            PAIRS.iter().any(|p| p.principle == *principle),
            "no training pair for {principle:?}"
        );
    }

    let mut folders: Vec<String> = std::fs::read_dir(training_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = PAIRS.iter().map(|p| p.folder.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed, "folders in examples/training/ and pairs in this test differ");

    let readme = std::fs::read_to_string(training_dir().join("README.md")).unwrap();
    for pair in PAIRS {
        assert!(
            readme.contains(&format!("{}/", pair.folder)),
            "examples/training/README.md does not mention {}/",
            pair.folder
        );
        for file in ["poor.md", "improved.md"] {
            assert!(
                training_dir().join(pair.folder).join(file).is_file(),
                "{}/{file} is missing",
                pair.folder
            );
        }
    }
}

/// `casenote check examples/training/` also reads the README: it must not
/// add findings of its own to a session's output.
#[test]
fn the_readme_is_clean() {
    let readme = std::fs::read_to_string(training_dir().join("README.md")).unwrap();
    assert_findings("examples/training/README.md", &readme, &[]);
}
