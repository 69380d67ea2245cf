//! Replays the fuzz targets' regression inputs (`fuzz/regressions/<target>/`),
//! their seed corpora (`fuzz/seeds/<target>/`) and a few hand-written cases
//! through the same target functions the fuzzers run (`fuzz/targets.rs`).
//! See `fuzz/README.md`.
//!
//! Every input is replayed, even after one fails, and the test fails listing
//! every input that panics, with where it panicked. Inputs of bugs already
//! reported and not yet fixed (`targets::KNOWN_BUGS`) fail too, marked
//! `KNOWN BUG`: the test passes once they are fixed.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A target's body, as the fuzzers run it.
type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] =
    &[("parse", targets::parse), ("check", targets::check), ("lsp_edits", targets::lsp_edits)];

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.is_file() && p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

thread_local! {
    /// Where the last panic on this thread was raised, and whether it is a known bug.
    static LAST_PANIC: RefCell<Option<(String, Option<&'static targets::KnownBug>)>> = const { RefCell::new(None) };
}

/// Runs every input, returning a line per failure.
fn replay(
    target: Target,
    inputs: &[(String, Vec<u8>)],
) -> (Vec<String>, Option<(Duration, String)>) {
    let mut failures = Vec::new();
    let mut slowest: Option<(Duration, String)> = None;
    for (name, bytes) in inputs {
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| target(bytes)));
        let took = start.elapsed();
        if slowest.as_ref().is_none_or(|(d, _)| took > *d) {
            slowest = Some((took, name.clone()));
        }
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let first_line =
                message.lines().next().unwrap_or("").chars().take(200).collect::<String>();
            let (location, known) = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            let known = match known {
                Some(bug) => format!(" [KNOWN BUG, reported: {}]", bug.what),
                None => String::new(),
            };
            failures.push(format!("{name}: panicked at {location}: {first_line}{known}"));
        }
    }
    (failures, slowest)
}

fn inputs_of(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for kind in ["regressions", "seeds"] {
        for path in files(&root.join(kind).join(target)) {
            let name =
                format!("fuzz/{kind}/{target}/{}", path.file_name().unwrap().to_string_lossy());
            inputs.push((name, std::fs::read(&path).expect("readable input")));
        }
    }
    for (i, bytes) in hand_written(target).into_iter().enumerate() {
        inputs.push((format!("hand-written {target} #{i}"), bytes));
    }
    inputs
}

/// `Input::string` in raw mode.
fn string(s: &str) -> Vec<u8> {
    assert!(s.len() < 128);
    let mut out = vec![0x80 | s.len() as u8];
    out.extend_from_slice(s.as_bytes());
    out
}

/// `Input::small_u32`.
fn number(n: u32) -> Vec<u8> {
    if n < 0xF0 {
        vec![n as u8]
    } else {
        let mut out = vec![0xFF];
        out.extend_from_slice(&n.to_le_bytes());
        out
    }
}

/// An `lsp_edits` input: encoding, initial text, and range changes
/// (`None` for a full replacement).
fn edits(utf8: bool, initial: &str, changes: &[(Option<[u32; 4]>, &str)]) -> Vec<u8> {
    let mut out = vec![u8::from(utf8)];
    out.extend(string(initial));
    for (range, text) in changes {
        match range {
            None => out.push(0),
            Some(r) => {
                out.push(1);
                for n in r {
                    out.extend(number(*n));
                }
            }
        }
        out.extend(string(text));
    }
    out
}

/// A `check` input with the default header (defaults, today 2026-11-25).
fn record(text: &str) -> Vec<u8> {
    let mut out = vec![0; 8];
    out.extend_from_slice(text.as_bytes());
    out
}

fn hand_written(target: &str) -> Vec<Vec<u8>> {
    const RECORDS: &[&str] = &[
        "",
        "---\nchild: [unclosed\n",
        "é\u{0}\u{feff}\r\n## 2026-01-01 — x\r\nRecorded: 2026-01-01\r\n\r\nMs Smith seemed tired.\r\n",
        "## 31/02/2026 — Home visit\nRecorded:\nPresent:\n",
        "```genogram\nupdated: 2026-02-31\ncouple A & : married since\nchildren of : \n",
    ];
    match target {
        "parse" => {
            let mut out: Vec<Vec<u8>> = RECORDS.iter().map(|r| r.as_bytes().to_vec()).collect();
            out.push(b"## 2026-11-03 \xff\xfe Visit\r\nRecorded: 03/11/2026\n\xc3".to_vec());
            out
        }
        "check" => {
            let mut out: Vec<Vec<u8>> = RECORDS.iter().map(|r| record(r)).collect();
            // Every flag, today a year back, zero working days, zero words.
            let mut header = vec![0x1F, 0x93, 0xFE, 254, 221, 0x01, 0, 0, 0, 3];
            header.extend(b"may");
            header.extend(string("ABC"));
            header.extend(b"## 2026-11-03 - Visit\nRecorded: 2026-11-06\n\nABC may be tired.\n");
            out.push(header);
            out
        }
        "lsp_edits" => vec![
            edits(
                false,
                "Zo\u{eb} was \u{1F642} here\nline two\n",
                &[
                    (Some([0, 4, 0, 7]), "is"),
                    (Some([0, 10, 0, 10]), "!"),
                    (Some([1, 5, 7, 3]), "2"),
                    (None, "new"),
                ],
            ),
            // A change that joins a CR and an LF, and one that splits them.
            edits(false, "a\rX\nb", &[(Some([0, 2, 1, 0]), ""), (Some([0, 2, 0, 2]), "Y")]),
            edits(
                true,
                "\u{1F642}\r\n\r\u{e9}",
                &[
                    (Some([0, 1, 0, 3]), "\r"),
                    (Some([u32::MAX, u32::MAX, 0, 0]), "\n"),
                    (Some([2, 1, 1, 0]), "\r\n"),
                ],
            ),
            edits(
                false,
                "\u{1F642}\u{1F642}",
                &[(Some([0, 1, 0, 3]), "x"), (Some([0, 0xF0, 0, 1]), "\n")],
            ),
        ],
        _ => unreachable!(),
    }
}

#[test]
fn replay_fuzz_inputs() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let known =
            info.location().and_then(|l| targets::known_bug(l, &targets::panic_message(info)));
        LAST_PANIC.with(|p| *p.borrow_mut() = Some((location, known)));
        // Keep the full message and backtrace of unexpected panics.
        if known.is_none() {
            default_hook(info);
        }
    }));
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, target) in TARGETS {
        let inputs = inputs_of(name);
        count += inputs.len();
        let (failed, slowest) = replay(*target, &inputs);
        if let Some((took, input)) = slowest {
            eprintln!("{name}: {} inputs, slowest {input} in {took:.2?}", inputs.len());
        }
        failures.extend(failed);
    }
    assert!(count > 0, "no fuzz inputs found");
    for bug in targets::KNOWN_BUGS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(bug.input);
        assert!(path.is_file(), "KNOWN_BUGS names a missing input: {}", path.display());
    }
    assert!(
        failures.is_empty(),
        "{} of {count} fuzz inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
