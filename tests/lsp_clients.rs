//! Real editors as clients of `casenote server`: headless Neovim (0.7) and
//! Emacs with eglot (1.9) open `examples/jamie-smith-poor.md`, and the
//! scripts in `tests/lsp_clients/` record the diagnostics that arrive, a
//! hover, the code actions, and the diagnostics after an edit. They must
//! match what the analysis core finds.
//!
//! An editor that is not installed is skipped, unless
//! `CASENOTE_REAL_CLIENTS=1` (set in CI, which installs them) makes that a
//! failure. Debian: `apt-get install neovim emacs-nox elpa-eglot`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use casenote::Config;

const TODAY: &str = "2026-11-25";
/// The line the scripts replace the first unlabelled opinion's line with.
const EDIT: &str = "Jamie showed me his bike.";

fn required() -> bool {
    std::env::var("CASENOTE_REAL_CLIENTS").is_ok_and(|v| v == "1")
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What the scripts should see, computed by the core: `PREFIX LINE COLUMN
/// RULE casenote` lines, with columns in bytes (Neovim) or UTF-16 code
/// units (eglot reports the LSP position).
fn expected_lines(text: &str, prefix: &str, utf16: bool) -> Vec<String> {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let mut found: Vec<(usize, usize, &str)> = casenote::check(text, &Config::default(), today)
        .iter()
        .map(|d| {
            let line_start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..d.span.start].matches('\n').count();
            let before = &text[line_start..d.span.start];
            let column = if utf16 { before.encode_utf16().count() } else { before.len() };
            (line, column, d.rule)
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(line, column, rule)| format!("{prefix} {line} {column} {rule} casenote"))
        .collect()
}

/// The record with the line of its first unlabelled opinion replaced.
fn edited(text: &str) -> (usize, String) {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let findings = casenote::check(text, &Config::default(), today);
    let mut sorted: Vec<(usize, usize, &str)> = findings
        .iter()
        .map(|d| {
            let line = text[..d.span.start].matches('\n').count();
            (line, d.span.start, d.rule)
        })
        .collect();
    sorted.sort();
    let target = sorted.iter().find(|f| f.2 == "unlabelled-opinion").expect("an opinion").0;
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[target] = EDIT;
    (target, lines.join("\n"))
}

fn check_output(editor: &str, output: &str, utf16: bool) {
    let text = std::fs::read_to_string(manifest().join("examples/jamie-smith-poor.md")).unwrap();
    let lines: Vec<&str> = output.lines().collect();
    assert!(!lines.iter().any(|l| l.starts_with("FAIL")), "{editor}: {output}");
    let got = |prefix: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("{prefix} ")))
            .map(|l| (*l).to_owned())
            .collect()
    };
    assert_eq!(
        got("diagnostic"),
        expected_lines(&text, "diagnostic", utf16),
        "{editor}: diagnostics after opening"
    );
    let first_rule = expected_lines(&text, "x", utf16)[0].split(' ').nth(3).unwrap().to_owned();
    let hover = got("hover");
    assert_eq!(hover.len(), 1, "{editor}: {output}");
    assert!(
        hover[0].starts_with(&format!("hover **casenote: `{first_rule}`**")),
        "{editor}: {}",
        hover[0]
    );
    let actions = got("action");
    assert!(actions.contains(&format!("action Explain {first_rule}")), "{editor}: {actions:?}");
    assert!(actions.iter().any(|a| a.starts_with("action Disable ")), "{editor}: {actions:?}");
    let (target, after) = edited(&text);
    assert_eq!(got("edited"), [format!("edited {target}")], "{editor}");
    assert_eq!(
        got("after"),
        expected_lines(&after, "after", utf16),
        "{editor}: diagnostics after the edit"
    );
    assert_eq!(lines.last(), Some(&"done"), "{editor}: {output}");
}

/// Runs `program` with `args` in a fresh folder holding the record, with a
/// time limit; returns what the script wrote.
fn run_editor(program: &str, args: &[&str]) -> String {
    let dir = tempfile::Builder::new().prefix("casenote-client-").tempdir().unwrap();
    let record = dir.path().join("jamie-smith-poor.md");
    std::fs::copy(manifest().join("examples/jamie-smith-poor.md"), &record).unwrap();
    let out = dir.path().join("result.txt");
    let mut child = Command::new(program)
        .args(args)
        .arg(&record)
        .current_dir(dir.path())
        .env("CASENOTE_BIN", env!("CARGO_BIN_EXE_casenote"))
        .env("CASENOTE_OUT", &out)
        .env("CASENOTE_TODAY", TODAY)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{program} did not finish: {}",
                std::fs::read_to_string(&out).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "{program} exited with {status}: {output}");
    output
}

fn script(name: &str) -> String {
    manifest().join("tests/lsp_clients").join(name).display().to_string()
}

fn available(program: &str) -> bool {
    if installed(program) {
        return true;
    }
    assert!(!required(), "{program} is not installed and CASENOTE_REAL_CLIENTS=1");
    eprintln!("skipped: {program} is not installed (set CASENOTE_REAL_CLIENTS=1 to require it)");
    false
}

#[test]
fn neovim_receives_diagnostics_hover_and_code_actions() {
    if !available("nvim") {
        return;
    }
    let command = format!("luafile {}", script("neovim.lua"));
    let output =
        run_editor("nvim", &["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", &command]);
    // Neovim reports byte columns.
    check_output("neovim", &output, false);
}

#[test]
fn eglot_receives_diagnostics_hover_and_code_actions() {
    if !available("emacs") || !Path::new("/usr/share/emacs/site-lisp/elpa").is_dir() {
        assert!(!required(), "eglot (elpa-eglot) is not installed and CASENOTE_REAL_CLIENTS=1");
        return;
    }
    let output = run_editor("emacs", &["--batch", "-Q", "-l", &script("eglot.el")]);
    // eglot hands over the LSP positions: UTF-16 code units.
    check_output("eglot", &output, true);
}
