//! No input crashes the core: every span it returns lies inside the text,
//! on character boundaries.

use casenote::analysis::check_unguarded;
use casenote::Config;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn assert_sound(text: &str) {
    for d in check_unguarded(text, &Config::default(), today()) {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{d:?}");
        for r in &d.related {
            assert!(r.span.end <= text.len() && text.is_char_boundary(r.span.start), "{r:?}");
        }
    }
}

#[test]
fn awkward_inputs() {
    let cases = [
        "",
        "\n",
        "---",
        "---\n",
        "---\nchild: [unclosed\n",
        "---\nchild: Jamie\n---",
        "---\n- just\n- a list\n---\n",
        "---\nparents: {a: b}\nglossary: [x]\nstage: 7\nborn: 31/02/2026\n---\n",
        "```genogram\nperson",
        "```genogram\nupdated: 2026-02-31\ncouple A & : married since\nchildren of : \n",
        "## 2026-11-03\n",
        "## 31/02/2026 — Home visit\nRecorded:\nPresent:\n",
        "# Family composition\n\n<!-- casenote-disable\n",
        "<!-- casenote-disable-next-line -->",
        "He said \"unclosed quote. She seemed ' odd “ too.",
        "- \n  - \n1. \n| a |\n|---|\n| |\n",
        "## 3 Nov 2026 — Visit\n\n### Wishes and feelings\n\nWishes and feelings:\n",
        "é\u{0}\u{feff}\r\n## 2026-01-01 — x\r\nRecorded: 2026-01-01\r\n\r\nMs Smith seemed tired.\r\n",
        "## 2026-11-03 — Home visit\nPresent: Mr\nContact: visit\n\nMay. may may. Could could. At risk of",
    ];
    for text in cases {
        assert_sound(text);
    }
}

#[test]
fn binary_bytes_read_lossily() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    assert_sound(&String::from_utf8_lossy(&bytes));
}

#[test]
fn a_large_record() {
    let entry = "## 2026-10-05 10:00 — Home visit\n\nRecorded: 2026-10-05\nContact: home visit\nPresent: Jamie Smith, Sarah Smith\n\n### Observations\n\nThe home was chaotic. Ms Smith said she \"felt fine\" and may ring the duty team.\n\n";
    let text = format!(
        "---\nchild: Jamie Smith\nparents: [Sarah Smith]\n---\n\n# Family composition\n\n{}",
        entry.repeat(30_000)
    );
    assert!(text.len() > 5_000_000);
    assert_sound(&text);
}

/// Markdown-ish text built from the pieces records are made of.
fn record_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("child: Jamie Smith\n".to_string()),
        Just("## 2026-11-03 14:00 — Home visit\n".to_string()),
        Just("### Wishes and feelings\n".to_string()),
        Just("### Decision\n".to_string()),
        Just("Recorded: 03/11/2026\n".to_string()),
        Just("Present: Jamie, Ms Smith\n".to_string()),
        Just("```genogram\n".to_string()),
        Just("```\n".to_string()),
        Just("person Jamie Smith: child\n".to_string()),
        Just("- Opinion: ".to_string()),
        Just("**Fact:** ".to_string()),
        Just("<!-- casenote-disable-next-line vague-language -->\n".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("| a | b |\n".to_string()),
        Just("\n".to_string()),
        "[A-Za-z .,;:!?'\"()&é—]{0,40}",
        ".{0,10}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_record_like_text(text in record_like()) {
        assert_sound(&text);
    }

    /// A byte-order mark and the line ending change no finding: with a
    /// mark, every span (and fix) is the same, three bytes later; with
    /// lone CRs for LFs, every span is the same.
    #[test]
    fn the_mark_and_the_line_ending_change_no_finding(text in record_like()) {
        // Only the first mark of a text is a byte-order mark.
        let text = text.replace(['\r', '\u{feff}'], "");
        let plain = casenote::check(&text, &Config::default(), today());
        let shifted: Vec<_> = plain.iter().cloned().map(|d| d.shifted(3)).collect();
        let with_bom = casenote::check(&format!("\u{feff}{text}"), &Config::default(), today());
        prop_assert_eq!(with_bom, shifted);
        let cr = casenote::check(&text.replace('\n', "\r"), &Config::default(), today());
        prop_assert_eq!(cr, plain);
    }

    #[test]
    fn never_panics_on_any_text(text in ".{0,300}") {
        assert_sound(&text);
    }
}
