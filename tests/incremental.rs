//! Incremental analysis: an editor applies edits to its copy of a record
//! and re-checks it with a remembering `Analyzer`. Whatever the edits, the
//! text must equal the edited text and the findings must equal a fresh
//! check of it; and an edit inside one entry must re-analyse that entry
//! only.

use casenote::analysis::Analyzer;
use casenote::lsp::text::{Encoding, Text};
use casenote::{check, Config};
use chrono::NaiveDate;
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn records() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dev");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// Pieces of text that change how a record splits and reads.
const PIECES: &[&str] = &[
    "## 2026-10-05 — Home visit\n",
    "\n## 3 Oct 2026 — Phone call\nPresent: Jamie Smith\n\n",
    "### 2026-10-06 nested\n",
    "# Family composition\n",
    "```\n",
    "```genogram\nupdated: 2026-01-01\nperson Jamie Smith: child\n```\n",
    "<!-- ",
    " -->",
    "<!-- casenote-disable -->\n",
    "<div>\n",
    "---\n",
    "child: Jamie Smith\n",
    "She seemed low. ",
    "Mum said \"I'm fine\". ",
    "The SW visited. ",
    "Recorded: 2026-11-30\n",
    "Decision: close the case.\n",
    "\n",
    "- ",
    "> ",
    "é🙂",
    "2026-10-07 summary\n",
    "===\n",
    "    ## 2026-10-08 indented\n",
    "1. ",
    "",
];

#[derive(Debug, Clone)]
struct Edit {
    /// Where, as fractions of the text's length (so any text takes them).
    start: f64,
    length: f64,
    piece: usize,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (0.0..=1.0f64, prop_oneof![Just(0.0), 0.0..0.02f64, 0.0..0.3f64], 0..PIECES.len())
            .prop_map(|(start, length, piece)| Edit { start, length, piece }),
        1..8,
    )
}

/// The char-boundary byte offset nearest below `fraction` of `text`.
fn offset_at(text: &str, fraction: f64) -> usize {
    let mut offset = ((text.len() as f64) * fraction) as usize;
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn edits_give_the_same_text_and_findings_as_a_fresh_check(record in 0usize..21, edits in edits()) {
        let records = records();
        let mut expected = records[record % records.len()].clone();
        let config = Config::default();
        let mut document = Text::new(&expected, Encoding::Utf16);
        let mut analyzer = Analyzer::default();
        analyzer.check(&expected, &config, today());
        for edit in edits {
            let start = offset_at(&expected, edit.start);
            let end = offset_at(&expected, (edit.start + edit.length).min(1.0)).max(start);
            let range = Range::new(document.position(start), document.position(end));
            let change = TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: PIECES[edit.piece].to_owned(),
            };
            document.apply(&change);
            expected.replace_range(start..end, PIECES[edit.piece]);
            let text = document.to_text();
            prop_assert_eq!(&text, &expected);
            prop_assert_eq!(analyzer.check(&text, &config, today()), check(&text, &config, today()));
        }
    }
}

#[test]
fn an_edit_inside_one_entry_re_analyses_that_entry_only() {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/dev/education-section47-hussain.md");
    let record = std::fs::read_to_string(path).unwrap();
    let config = Config::default();
    let mut analyzer = Analyzer::default();
    let before = analyzer.check(&record, &config, today());
    let entries = record.matches("\n## ").count();
    assert!(analyzer.units_analysed() > entries, "every unit analysed at first");

    // Unchanged: nothing analysed again, same findings.
    assert_eq!(analyzer.check(&record, &config, today()), before);
    assert_eq!(analyzer.units_analysed(), 0);

    // One word added in the last entry: one unit analysed, and the only
    // new finding is the opinion it states, where it was typed.
    // A new paragraph after the last entry's fields, before its sections.
    let last_entry = record.rfind("\n## ").unwrap();
    let at = last_entry + record[last_entry..].find("\n\n###").unwrap();
    let edited = format!("{}\n\nShe seemed fine.{}", &record[..at], &record[at..]);
    let after = analyzer.check(&edited, &config, today());
    assert_eq!(analyzer.units_analysed(), 1);
    assert_eq!(after, check(&edited, &config, today()));
    let seemed = at + "\n\nShe ".len();
    assert!(after
        .iter()
        .any(|d| d.rule == "unlabelled-opinion" && d.span.start <= seemed && seemed < d.span.end));
    // Every other finding is as before, moved by the inserted text.
    let inserted = "\n\nShe seemed fine.".len();
    let sentence = at..at + inserted;
    let moved: Vec<_> = before
        .into_iter()
        .map(|mut d| {
            if d.span.start >= at {
                d.span = d.span.start + inserted..d.span.end + inserted;
            }
            d
        })
        .collect();
    let others: Vec<_> = after.iter().filter(|d| !sentence.contains(&d.span.start)).collect();
    assert_eq!(others.len(), moved.len());
    for (now, then) in others.iter().zip(&moved) {
        assert_eq!((now.rule, &now.span), (then.rule, &then.span));
    }

    // The front matter changes what every entry means: all analysed again.
    let renamed = edited.replacen("---\n", "---\nworker: A. Person\n", 1);
    analyzer.check(&renamed, &config, today());
    assert!(analyzer.units_analysed() > entries);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The unit boundaries are sound: the record assembled from its units,
    /// each parsed alone, is the whole-record parse, to every span and
    /// masked character.
    #[test]
    fn units_parse_alone_as_in_the_whole_record(pieces in prop::collection::vec(0..PIECES.len(), 0..40)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        let units = casenote::parse::units::split(&text);
        let whole = casenote::parse::parse(&text);
        let assembled = casenote::parse::assemble::parse_units(&text, &units, 0..units.len());
        prop_assert_eq!(format!("{assembled:#?}"), format!("{whole:#?}"));
    }
}

#[test]
fn every_corpus_record_assembles_from_its_units() {
    for text in records() {
        let units = casenote::parse::units::split(&text);
        let whole = casenote::parse::parse(&text);
        let assembled = casenote::parse::assemble::parse_units(&text, &units, 0..units.len());
        assert_eq!(format!("{assembled:#?}"), format!("{whole:#?}"));
    }
}
