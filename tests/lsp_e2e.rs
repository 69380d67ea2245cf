//! End to end: spawn `casenote server` and speak JSON-RPC over its stdin and
//! stdout with `Content-Length` framing, as an editor does.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;
use common::{initialize, Server};

const URI: &str = "file:///casenote-e2e/zoe.md";

/// "The home was chaotic." is an `unlabelled-opinion` at line 16, UTF-16
/// columns 30 to 51 (the emoji is two code units), and the only finding.
const RECORD: &str = "\
---
child: Zoë Brontë
parents: [Siân Brontë]
contact-frequency: weekly
---

# Family composition

Zoë lives with her mother, Siân Brontë.

## 2026-11-03 14:00 — Home visit 🏠 (announced)

Recorded: 2026-11-04
Contact: home visit, announced
Present: Zoë Brontë

Zoë 🙂 showed me her drawing. The home was chaotic.

Wishes and feelings: Zoë said she likes school.
";

fn range(a: u32, b: u32, c: u32, d: u32) -> Value {
    json!({"start": {"line": a, "character": b}, "end": {"line": c, "character": d}})
}

#[test]
fn a_session_over_stdio_from_initialize_to_exit() {
    let mut server = Server::start();
    let response = initialize(&mut server);
    assert_eq!(response["result"]["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(response["result"]["capabilities"]["positionEncoding"], "utf-16");

    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": RECORD}}),
    );
    let params = server.diagnostics(1);
    let diagnostics = params["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{params:#}");
    assert_eq!(diagnostics[0]["code"], "unlabelled-opinion");
    assert_eq!(diagnostics[0]["source"], "casenote");
    assert_eq!(diagnostics[0]["range"], range(16, 30, 16, 51));

    // Incremental: add an unexplained acronym after the emoji on line 16.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": range(16, 6, 16, 6), "text": "The SW 📋 visited. "}]}),
    );
    let params = server.diagnostics(2);
    let found: Vec<(&str, &Value)> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), &d["range"]))
        .collect();
    // "The SW 📋 visited. " is 19 code units; "SW" starts 4 into it.
    assert_eq!(
        found,
        [
            ("unexplained-acronym", &range(16, 10, 16, 12)),
            ("unlabelled-opinion", &range(16, 49, 16, 70))
        ]
    );

    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 16, "character": 60}}),
    );
    assert_eq!(hover["result"]["range"], range(16, 49, 16, 70));
    assert!(
        hover["result"]["contents"]["value"].as_str().unwrap().contains("`unlabelled-opinion`"),
        "{hover}"
    );

    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range(16, 60, 16, 60), "context": {"diagnostics": []}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let disable =
        actions.iter().find(|a| a["title"] == "Disable unlabelled-opinion for this line").unwrap();
    assert_eq!(
        disable["edit"]["changes"][URI],
        json!([{"range": range(16, 0, 16, 0), "newText": "<!-- casenote-disable-next-line unlabelled-opinion -->\n"}])
    );
    assert!(actions.iter().any(|a| a["title"] == "Explain unlabelled-opinion"));

    let (status, stderr) = server.stop();
    assert_eq!(status, Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "", "nothing on stderr");
}

/// A client that dies (stdin closes) while the server waits for its answer
/// to a request (here the file-watcher registration) must not leave the
/// server running.
#[test]
fn a_client_that_goes_away_does_not_leave_the_server_running() {
    let mut server = Server::start();
    initialize(&mut server);
    // Do not answer `client/registerCapability`; just go.
    server.stdin = None;
    assert_eq!(server.wait_exit(), Some(1), "no shutdown was asked for");
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let mut server = Server::start();
    initialize(&mut server);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), Some(1));
}

/// A 5,000-line record: front matter, then weekly visits.
fn long_record() -> String {
    let mut text = String::from(
        "---\nchild: Zoë Brontë\nparents: [Siân Brontë]\nagency: childrens-social-care\nstage: [child-in-need]\n\
         contact-frequency: weekly\n---\n\n# Family composition\n\n```genogram\nupdated: 2018-01-01\n\
         person Zoë Brontë: child, female, born 2016, household\nperson Siân Brontë: mother, female, PR, household\n\
         children of Siân Brontë: Zoë Brontë\n```\n",
    );
    let mut date = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    while text.lines().count() < 5000 {
        let recorded = date + chrono::Days::new(1);
        text.push_str(&format!(
            "\n## {date} 10:00 — Home visit\n\nRecorded: {recorded}\nContact: home visit, announced\n\
             Present: Zoë Brontë, Siân Brontë (mother)\n\n### Observations\n\n\
             Zoë 🙂 showed me her reading book and read two pages aloud. Ms Brontë made lunch while we talked.\n\n\
             ### Wishes and feelings\n\nZoë said she wants to go swimming. Ms Brontë said she wants help with the rent.\n"
        ));
        date = date + chrono::Days::new(7);
    }
    text
}

/// The issue asks for the time from a one-character edit in a 5,000-line
/// record to its diagnostics. Printed (run with `--nocapture`); the bound
/// only catches a pathological slowdown, even in a debug build.
#[test]
fn a_one_character_edit_in_a_5000_line_record_is_linted_promptly() {
    let text = long_record();
    let lines = text.lines().count();
    let mut server = Server::start();
    initialize(&mut server);
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let opened = server.diagnostics(1);
    assert!(opened["diagnostics"].is_array());
    let mut timings = Vec::new();
    for version in 2..=4 {
        // Type one character in the middle of the record.
        let line = (lines / 2) as u32;
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"range": range(line, 0, line, 0), "text": "x"}]}),
        );
        server.diagnostics(version);
        timings.push(started.elapsed());
    }
    eprintln!("one-character edit in a {lines}-line record to diagnostics: {:?}", timings);
    assert!(timings.iter().all(|t| *t < Duration::from_secs(10)), "{timings:?}");
    let (status, _) = server.stop();
    assert_eq!(status, Some(0));
}

/// Byte offset of a line and column in ASCII text.
fn offset_of(text: &str, line: u32, character: u32) -> usize {
    let start: usize = text.split_inclusive('\n').take(line as usize).map(str::len).sum();
    start + character as usize
}

/// After edits that add, change and remove lines, the diagnostics a server
/// publishes (each entry's JSON reused from the last publish where the
/// entry did not change, with its lines moved) are exactly those of a
/// server that opened the edited text.
#[test]
fn diagnostics_after_edits_are_those_of_the_edited_text_opened_fresh() {
    let mut text = String::from(
        "---\nchild: Zoe Bronte\nparents: [Sian Bronte]\ncontact-frequency: weekly\n---\n\n\
         # Family composition\n\nZoe lives with her mother, Sian Bronte.\n",
    );
    for day in 1..=28 {
        text.push_str(&format!(
            "\n## 2026-02-{day:02} 10:00 — Home visit\n\nRecorded: 2026-02-{day:02}\n\
             Contact: home visit, announced\nPresent: Zoe Bronte\n\n\
             The home was chaotic. Zoe showed me her drawing as per the plan.\n\n\
             Wishes and feelings: Zoe said she likes school.\n"
        ));
    }
    let mut edited = Server::start();
    initialize(&mut edited);
    edited.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": text}}),
    );
    edited.diagnostics(1);
    let lines = text.lines().count() as u32;
    let edits = [
        // Two new lines with an opinion, in the middle: later entries move down.
        (range(lines / 2, 0, lines / 2, 0), "Mum seemed tired.\n\n"),
        // One character, no line moves.
        (range(20, 0, 20, 0), "x"),
        // Three lines removed near the start: later entries move up.
        (range(30, 0, 33, 0), ""),
        // A whole entry's opinion removed at the end.
        (range(lines - 4, 0, lines - 4, 21), ""),
    ];
    for (version, (range, inserted)) in (2..).zip(edits) {
        let at = |end: &str| {
            offset_of(
                &text,
                range[end]["line"].as_u64().unwrap() as u32,
                range[end]["character"].as_u64().unwrap() as u32,
            )
        };
        let span = at("start")..at("end");
        text.replace_range(span, inserted);
        edited.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"range": range, "text": inserted}]}),
        );
        let after_edit = edited.diagnostics(version);
        let mut fresh = Server::start();
        initialize(&mut fresh);
        fresh.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": version, "text": text}}),
        );
        let opened = fresh.diagnostics(version);
        assert!(opened["diagnostics"].as_array().unwrap().len() > 28, "{opened:#}");
        assert_eq!(after_edit, opened, "after edit {version}");
        fresh.stop();
    }
    edited.stop();
}
