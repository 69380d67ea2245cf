//! One text model for every line ending (issue 18): records generated with
//! LF, CRLF or lone-CR line breaks, with and without a byte-order mark, with
//! emoji and accents, are read the same way by `casenote check` and by the
//! server, and every quick fix the server offers keeps the record's own line
//! ending, its byte-order mark and its front matter.
//!
//! Positions are turned back into byte offsets here with this file's own
//! arithmetic (lines broken at `\n`, `\r\n` and a lone `\r`; CLI columns in
//! characters, server columns in UTF-16 code units), independent of the
//! code under test.

use std::process::Command;

use proptest::prelude::*;
use serde_json::{json, Value};

mod common;
use common::{initialize, Server};

const BOM: &str = "\u{feff}";

/// The endings a record may use.
const ENDINGS: [&str; 3] = ["\n", "\r\n", "\r"];

/// Byte offset where each line of `text` starts (after `\n`, `\r\n` or a
/// lone `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
                continue;
            }
            b'\r' | b'\n' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The byte offset of 0-based `line` and a column counted with `width`
/// (characters or UTF-16 units) from the line's start, clamped to the
/// line's text.
fn offset(text: &str, line: usize, column: usize, width: fn(char) -> usize) -> usize {
    let starts = line_starts(text);
    let start = starts[line];
    let end = starts.get(line + 1).map_or(text.len(), |&next| {
        let with_break = &text[start..next];
        start + with_break.trim_end_matches('\n').trim_end_matches('\r').len()
    });
    let mut counted = 0;
    for (at, c) in text[start..end].char_indices() {
        if counted >= column {
            return start + at;
        }
        counted += width(c);
    }
    end
}

/// One finding as both adapters must agree on it: rule, severity, message,
/// and its span as byte offsets into the text without a byte-order mark.
type Finding = (String, String, String, usize, usize);

/// What `casenote check --format json` finds in `raw` written to a file.
fn check_findings(raw: &str) -> Vec<Finding> {
    let dir = tempfile::Builder::new().prefix("casenote-endings-").tempdir().unwrap();
    let path = dir.path().join("record.md");
    std::fs::write(&path, raw).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .env("CASENOTE_TODAY", "2026-11-25")
        .output()
        .unwrap();
    let found: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    let text = raw.strip_prefix(BOM).unwrap_or(raw);
    let chars = |_: char| 1;
    let mut findings: Vec<Finding> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = |end: &str| {
                let p = &d["range"][end];
                let line = p["line"].as_u64().unwrap() as usize - 1;
                offset(text, line, p["column"].as_u64().unwrap() as usize - 1, chars)
            };
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
                at("start"),
                at("end"),
            )
        })
        .collect();
    findings.sort();
    findings
}

/// The server's diagnostics as [`Finding`]s (offsets without the BOM).
fn server_findings(raw: &str, diagnostics: &[Value]) -> Vec<Finding> {
    let bom = if raw.starts_with(BOM) { BOM.len() } else { 0 };
    let severity = |n: &Value| match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "hint",
    };
    let mut findings: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let at = |end: &str| lsp_offset(raw, &d["range"][end]) - bom;
            (
                d["code"].as_str().unwrap().to_owned(),
                severity(&d["severity"]).to_owned(),
                d["message"].as_str().unwrap().to_owned(),
                at("start"),
                at("end"),
            )
        })
        .collect();
    findings.sort();
    findings
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn lsp_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    offset(text, line, character, char::len_utf16)
}

/// `text` with LSP text edits applied (last first, as they do not overlap).
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let start = lsp_offset(text, &e["range"]["start"]);
            let end = lsp_offset(text, &e["range"]["end"]);
            (start, end, e["newText"].as_str().unwrap())
        })
        .collect();
    spans.sort_by_key(|&(start, end, _)| std::cmp::Reverse((start, end)));
    let mut out = text.to_owned();
    for (start, end, inserted) in spans {
        out.replace_range(start..end, inserted);
    }
    out
}

/// Whether every line break of `text` is `ending`.
fn only_ending(text: &str, ending: &str) -> bool {
    let without = text.replace(ending, "");
    !without.contains(['\n', '\r'])
}

/// The front matter as the core reads it, for comparison.
fn front_matter(raw: &str) -> String {
    let text = raw.strip_prefix(BOM).unwrap_or(raw);
    let text = casenote::text::lf_line_breaks(text);
    format!("{:?}", casenote::parse::parse(&text).front_matter)
}

/// Opens `raw` in the server, compares its findings with `check`'s, and
/// applies every quick fix it offers, checking each result. Returns the
/// number of fixes applied.
fn check_one(server: &mut Server, uri: &str, raw: &str, ending: &str) -> usize {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": raw}}),
    );
    let published = server.wait_for("diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    let params = &published["params"];
    let diagnostics = params["diagnostics"].as_array().unwrap().clone();
    assert_eq!(server_findings(raw, &diagnostics), check_findings(raw), "{raw:?}");

    let front = front_matter(raw);
    let mut applied = 0;
    for diagnostic in &diagnostics {
        let response = server.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic]}}),
        );
        for action in response["result"].as_array().into_iter().flatten() {
            let Some(edits) = action["edit"]["changes"][uri].as_array() else { continue };
            let title = action["title"].as_str().unwrap_or_default();
            let fixed = apply_edits(raw, edits);
            assert!(only_ending(&fixed, ending), "{title}: mixed line endings in {fixed:?}");
            assert_eq!(fixed.starts_with(BOM), raw.starts_with(BOM), "{title}: {fixed:?}");
            assert_eq!(fixed.matches(BOM).count(), raw.matches(BOM).count(), "{title}");
            assert_eq!(
                front_matter(&fixed),
                front,
                "{title}: the front matter changed in {fixed:?}"
            );
            applied += 1;
        }
    }
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    applied
}

/// A record written with `\n`, with something for most quick fixes to do:
/// missing fields, sections and labels, vague words, an acronym, a
/// decision, an unused suppression, and a family composition and genogram
/// that may be missing.
fn record(pieces: &Pieces) -> String {
    let mut text = String::from("---\nrecord: CIN-5102\nchild: Zoë Brontë\nborn: 2016-04-02\n");
    text.push_str(
        "agency: childrens-social-care\nstage: [child-in-need]\nparents: [Siân Brontë]\n",
    );
    if pieces.frequency {
        text.push_str("contact-frequency: weekly\n");
    }
    text.push_str("---\n\n");
    if pieces.family {
        text.push_str("# Family composition\n\nZoë 🙂 lives with her mother, Siân Brontë.\n\n");
        if pieces.genogram {
            text.push_str("```genogram\nupdated: 2026-10-01\nperson Zoë Brontë: child, female, born 2016, household\nperson Siân Brontë: mother, female, born 1990, PR, household\nchildren of Siân Brontë: Zoë Brontë\n```\n\n");
        }
    }
    for (i, entry) in pieces.entries.iter().enumerate() {
        text.push_str(&format!("## 2026-11-{:02} 14:00 — Home visit 🏠\n\n", i * 7 + 3));
        if entry.fields & 1 != 0 {
            text.push_str(&format!("Recorded: 2026-11-{:02}\n", i * 7 + 3));
        }
        text.push_str("Contact: home visit, announced\n");
        if entry.fields & 2 != 0 {
            text.push_str("Present: Zoë Brontë, Siân Brontë (mother)\n");
        }
        text.push('\n');
        for &sentence in &entry.sentences {
            text.push_str(SENTENCES[sentence]);
            text.push_str("\n\n");
        }
        if entry.fields & 4 != 0 {
            text.push_str("### Wishes and feelings\n\nZoë said she likes school 📚.\n\n");
        }
    }
    text
}

/// Paragraphs an entry may hold.
const SENTENCES: [&str; 8] = [
    "Zoë 🙂 showed me her drawing. The home was chaotic.",
    "Siân said the boiler is fixed. This may be linked to the new tenancy.",
    "Mum was at home as per the plan.",
    "The HV weighed Zoë 🍼 on the kitchen scales.",
    "### Decision\n\nZoë to stay on the plan.",
    "<!-- casenote-disable-next-line long-sentence -->\nZoë was at school.",
    "Zoë drew a house,\nthen a garden 🌻 beside it.",
    "I think Siân seemed tired.",
];

#[derive(Clone, Debug)]
struct Entry {
    /// Bits: 1 `Recorded`, 2 `Present`, 4 a wishes-and-feelings section.
    fields: u8,
    sentences: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Pieces {
    frequency: bool,
    family: bool,
    genogram: bool,
    entries: Vec<Entry>,
}

fn pieces() -> impl Strategy<Value = Pieces> {
    let entry = (0u8..8, prop::collection::vec(0..SENTENCES.len(), 0..4))
        .prop_map(|(fields, sentences)| Entry { fields, sentences });
    (any::<bool>(), any::<bool>(), any::<bool>(), prop::collection::vec(entry, 1..4)).prop_map(
        |(frequency, family, genogram, entries)| Pieces { frequency, family, genogram, entries },
    )
}

/// `text` (written with `\n`) with `ending` and, if `bom`, a byte-order mark.
fn encoded(text: &str, ending: &str, bom: bool) -> String {
    let text = text.replace('\n', ending);
    if bom {
        format!("{BOM}{text}")
    } else {
        text
    }
}

fn started() -> Server {
    let mut server = Server::start();
    initialize(&mut server);
    server
}

/// Every ending, with and without a BOM, on a record that offers a fix of
/// every kind the generator can produce.
#[test]
fn every_line_ending_gives_the_same_findings_and_fixes_that_keep_it() {
    let all = Pieces {
        frequency: false,
        family: true,
        genogram: false,
        entries: vec![
            Entry { fields: 0, sentences: (0..SENTENCES.len()).collect() },
            Entry { fields: 1, sentences: vec![0, 6] },
        ],
    };
    let lf = record(&all);
    let mut server = started();
    let mut counts = Vec::new();
    for (n, (ending, bom)) in ENDINGS.iter().flat_map(|e| [(*e, false), (*e, true)]).enumerate() {
        let raw = encoded(&lf, ending, bom);
        let uri = format!("file:///casenote-endings/every-{n}.md");
        counts.push(check_one(&mut server, &uri, &raw, ending));
    }
    // The same fixes are offered whatever the ending.
    assert!(counts.iter().all(|&c| c == counts[0] && c >= 10), "{counts:?}");
    server.stop();
}

/// Lone CRs are line breaks for `check`'s positions in every format: the
/// finding is on line 17, not on line 1.
#[test]
fn lone_cr_records_report_real_lines_in_every_format() {
    let lf = record(&Pieces {
        frequency: true,
        family: true,
        genogram: true,
        entries: vec![Entry { fields: 7, sentences: vec![0] }],
    });
    let line = lf[..lf.find("The home was chaotic").unwrap()].matches('\n').count() + 1;
    let dir = tempfile::Builder::new().prefix("casenote-endings-").tempdir().unwrap();
    let path = dir.path().join("cr.md");
    std::fs::write(&path, encoded(&lf, "\r", true)).unwrap();
    let run = |format: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
            .args(["check", "--format", format])
            .arg(&path)
            .env("CASENOTE_TODAY", "2026-11-25")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // "Zoë 🙂 showed me her drawing. " is 29 characters.
    let text = run("text");
    assert!(text.contains(&format!("cr.md:{line}:30: warning[unlabelled-opinion]")), "{text}");
    assert!(
        text.contains(&format!("{line} | Zoë 🙂 showed me her drawing. The home was chaotic.\n")),
        "{text}"
    );
    assert!(!text.contains('\u{fffd}'), "{text}");
    let github = run("github");
    assert!(
        github.contains(&format!("line={line},col=30,endLine={line},endColumn=51,")),
        "{github}"
    );
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let opinion = results.iter().find(|r| r["ruleId"] == "unlabelled-opinion").unwrap();
    let region = &opinion["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region,
        &json!({"startLine": line, "startColumn": 30, "endLine": line, "endColumn": 51})
    );
    let found: Value = serde_json::from_str(&run("json")).unwrap();
    let opinion =
        found.as_array().unwrap().iter().find(|d| d["rule"] == "unlabelled-opinion").unwrap();
    assert_eq!(
        opinion["range"],
        json!({"start": {"line": line, "column": 30}, "end": {"line": line, "column": 51}})
    );
}

/// Generated records, each with a random ending and maybe a BOM, through
/// one server (a fresh document each).
#[test]
fn quick_fixes_keep_the_ending_and_both_adapters_agree() {
    let server = std::cell::RefCell::new(started());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    });
    let case = (pieces(), prop::sample::select(ENDINGS.to_vec()), any::<bool>());
    let n = std::cell::Cell::new(0);
    let result = runner.run(&case, |(pieces, ending, bom)| {
        n.set(n.get() + 1);
        let raw = encoded(&record(&pieces), ending, bom);
        let uri = format!("file:///casenote-endings/generated-{}.md", n.get());
        check_one(&mut server.borrow_mut(), &uri, &raw, ending);
        Ok(())
    });
    server.into_inner().stop();
    result.unwrap();
}
