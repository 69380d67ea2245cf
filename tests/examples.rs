//! The bundled `examples/` records: the improved record is clean and the
//! poor one gets exactly the findings a reviewer would expect.

use casenote::text::LineIndex;
use casenote::{check, Config};
use chrono::NaiveDate;

fn findings(name: &str) -> Vec<(usize, usize, &'static str)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let index = LineIndex::new(&text);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    check(&text, &Config::default(), today)
        .into_iter()
        .map(|d| {
            let at = index.line_col(&text, d.span.start);
            (at.line, at.column, d.rule)
        })
        .collect()
}

#[test]
fn the_improved_record_is_clean() {
    assert_eq!(findings("jamie-smith-improved.md"), []);
}

#[test]
fn the_poor_record_gets_every_expected_finding_and_no_other() {
    assert_eq!(
        findings("jamie-smith-poor.md"),
        [
            (1, 1, "missing-family-composition"),
            (1, 1, "missing-genogram"),
            (14, 1, "late-recording"),
            (14, 1, "missing-contact-frequency"),
            (14, 1, "missing-wishes-feelings"),
            (14, 1, "unendorsed-decision"),
            (19, 36, "vague-language"),
            (23, 1, "unlabelled-opinion"),
            (23, 23, "unlabelled-opinion"),
            (23, 47, "vague-language"),
            (23, 67, "unlabelled-opinion"),
            (23, 114, "unconfirmed-significant-event"),
            (23, 114, "unlabelled-hypothesis"),
            (25, 1, "long-sentence"),
            (25, 1, "unlabelled-opinion"),
            (25, 59, "vague-language"),
            (25, 94, "vague-language"),
            (25, 183, "unexplained-acronym"),
            (31, 1, "missing-contact-nature"),
            (31, 1, "missing-recording-date"),
        ]
    );
}
