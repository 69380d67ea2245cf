//! `casenote chronology` end to end: the multi-agency example against its
//! expected CSV, child matching by name and birth, ordering of entries with
//! and without a time, filters, a record with no events, and safe output.

mod common;

use std::path::Path;
use std::process::Command;

use common::Project;

const TODAY: &str = "2026-12-07";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .arg("chronology")
        .args(args)
        .current_dir(dir)
        .env("CASENOTE_TODAY", TODAY)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("CASENOTE_LOG")
        .output()
        .unwrap();
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn the_multi_agency_example_gives_one_merged_date_ordered_csv() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_in(root, &["examples/multi-agency/", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let expected = std::fs::read_to_string(root.join("tests/chronology/multi-agency.csv")).unwrap();
    assert_eq!(run.stdout, expected);
}

fn record(child: &str, birth: &str, agency: &str, reference: &str, entries: &str) -> String {
    format!(
        "---\nrecord: {reference}\nchild: {child}\n{birth}agency: {agency}\n---\n\n# Record\n\n{entries}"
    )
}

/// Two agencies write about one child; a third record names a child of
/// the same name born in another year.
fn project() -> Project {
    let project = Project::new("chronology");
    project.write(
        "school.md",
        record(
            "Mia Lane",
            "born: 2015-06-01\n",
            "education",
            "ED-1",
            "## 2026-05-04 — Case note\n\nSignificant event: Mia was excluded for one day.\n\n\
             ## 2026-05-10 09:00 — Case note\n\nMia went missing from school at lunchtime.\n",
        ),
    );
    project.write(
        "police.md",
        record(
            "Mia Lane",
            "",
            "police",
            "PN-2",
            "## Family composition\n\n```genogram\nperson Mia Lane: child, female, born 2015\n```\n\n\
             ## 2026-05-04 08:00 — Police call-out\n\nOfficers attended after a 999 call.\n\n\
             ## 2026-05-10 — Case note\n\nNo injuries were seen and nobody was arrested.\n",
        ),
    );
    project.write(
        "other-mia.md",
        record(
            "Mia Lane",
            "born: 2018-02-02\n",
            "health",
            "H-3",
            "## 2026-04-01 — Hospital admission\n\nMia was admitted with asthma.\n",
        ),
    );
    project
}

#[test]
fn same_child_merges_across_agencies_and_another_birth_date_does_not() {
    let project = project();
    let run = run_in(project.path(), &["--format", "csv", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The untimed entry of 4 May comes before the 08:00 call-out; the
    // detected missing episode is in date order with its status.
    assert_eq!(
        run.stdout,
        "child,date,time,agency,record,event,kind,impact on child,source,status\r\n\
Mia Lane,2026-05-04,,education,ED-1,Mia was excluded for one day.,exclusion,,school.md:12,confirmed\r\n\
Mia Lane,2026-05-04,08:00,police,PN-2,Police call-out,police-call-out,,police.md:15,confirmed\r\n\
Mia Lane,2026-05-10,09:00,education,ED-1,Mia went missing from school at lunchtime.,missing-episode,,school.md:16,not yet confirmed\r\n\
Mia Lane,2026-04-01,,health,H-3,Hospital admission,hospital,,other-mia.md:10,confirmed\r\n"
    );
    assert_eq!(
        run.stderr,
        "casenote: warning: other-mia.md, police.md, school.md: these records name a child of the same name with different birth dates, so they are not merged (the output lists each chronology apart)\n"
    );
}

#[test]
fn json_lists_the_conflict_and_each_chronology_with_its_birth() {
    let project = project();
    let run = run_in(project.path(), &["--format", "json", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let births: Vec<&str> = json["chronologies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["born"].as_str().unwrap())
        .collect();
    assert_eq!(births, ["2015-06-01", "2018-02-02"]);
    assert_eq!(
        json["conflicts"],
        serde_json::json!([{"child": "Mia Lane", "records": [["other-mia.md", "2018-02-02"], ["police.md", "2015"], ["school.md", "2015-06-01"]]}])
    );
    let first = &json["chronologies"][0];
    assert_eq!(first["events"].as_array().unwrap().len(), 2);
    assert_eq!(first["unconfirmed"][0]["kind"], "missing-episode");
    assert_eq!(first["unconfirmed"][0]["origin"], "detected");
}

#[test]
fn filters_confirmed_only_child_and_dates() {
    let project = project();
    let run = run_in(
        project.path(),
        &["--format", "csv", "--confirmed-only", "--from", "2026-05-01", "--to", "04/05/2026", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines.iter().all(|l| l.contains(",2026-05-04,")), "{}", run.stdout);
    let run = run_in(project.path(), &["--child", "Someone Else", "."]);
    assert_eq!(run.stdout, "No significant events found.\n");
    let run = run_in(project.path(), &["--from", "tomorrow", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`tomorrow` is not a date"), "{}", run.stderr);
}

#[test]
fn a_record_with_no_events_has_an_empty_chronology() {
    let project = Project::new("chronology-empty");
    project.write(
        "quiet.md",
        record(
            "Sam Okoro",
            "",
            "education",
            "ED-9",
            "## 2026-05-04 — Case note\n\nSam read to the class. No injuries were seen.\n",
        ),
    );
    let run = run_in(project.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "# Chronology: Sam Okoro\n\nFrom: quiet.md (education, ED-9)\n\nNo confirmed significant events.\n"
    );
}

#[test]
fn output_never_replaces_a_record_or_a_file_casenote_did_not_write() {
    let project = project();
    project.write("notes.csv", "mine\r\n");
    let run = run_in(project.path(), &[".", "-o", "school.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("school.md"), "{}", run.stderr);
    let run = run_in(project.path(), &[".", "--format", "csv", "-o", "notes.csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(std::fs::read_to_string(project.path().join("notes.csv")).unwrap(), "mine\r\n");
    // Its own output it replaces; with --force, the other file too.
    for args in [
        &["--format", "csv", "-o", "out.csv"][..],
        &["--format", "csv", "-o", "out.csv"],
        &["--format", "csv", "-o", "notes.csv", "--force"],
    ] {
        let mut all = vec!["."];
        all.extend_from_slice(args);
        let run = run_in(project.path(), &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let written = std::fs::read_to_string(project.path().join("notes.csv")).unwrap();
    assert!(written.starts_with("child,date,"), "{written}");
    let html = run_in(project.path(), &[".", "--format", "html", "-o", "c.html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let page = std::fs::read_to_string(project.path().join("c.html")).unwrap();
    assert!(page.starts_with("<!-- written by casenote chronology -->\n<!DOCTYPE html>"));
    assert!(page.contains("This chronology contains personal data."));
    assert!(!page.contains(" src=") && !page.contains("href=\"http"), "loads nothing");
    assert_eq!(run_in(project.path(), &[".", "--format", "html", "-o", "c.html"]).code, 0);
}

/// The HTML chronology of the example rendered in headless Chromium (as
/// `scripts/chronology-render-check.sh` does): the rendered page holds the
/// time axis, the accumulating-concern band and the table, and the
/// screenshot (kept in `target/chronology-render/`) is not blank. Skipped,
/// saying so, where no Chromium is installed.
#[test]
fn the_html_chronology_renders_in_headless_chromium() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        eprintln!("skipped: no Chromium installed");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/chronology-render");
    std::fs::create_dir_all(&out).unwrap();
    let html = out.join("multi-agency-test.html");
    let png = out.join("multi-agency-test.png");
    let html_arg = html.to_str().unwrap();
    let run =
        run_in(root, &["examples/multi-agency/", "--format", "html", "--force", "-o", html_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let profile = tempfile::tempdir().unwrap();
    let chromium = |extra: &[&str]| {
        Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
            ])
            .args([
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(format!("file://{}", html.display()))
            .output()
            .unwrap()
    };
    let dom = String::from_utf8_lossy(&chromium(&["--dump-dom"]).stdout).into_owned();
    for part in [
        "class=\"timeline\"",
        "class=\"concern\"",
        "accumulating concern: 4 × police call-out",
        "class=\"events\"",
        "id=\"personal-data\"",
    ] {
        assert!(dom.contains(part), "the rendered page has no {part}");
    }
    let _ = std::fs::remove_file(&png);
    chromium(&["--window-size=1200,1500", &format!("--screenshot={}", png.display())]);
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 5000, "the screenshot {} is missing or blank ({size} bytes)", png.display());
}

#[test]
fn unreadable_and_oversized_records_are_named_and_the_others_kept() {
    let project = project();
    project.write("binary.md", [0xff_u8, 0xfe, 0x00, 0x41]);
    project.write("huge.md", "x".repeat(5_000));
    let run = run_in(project.path(), &[".", "--format", "csv", "--max-file-size", "4kB"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("binary.md: not valid UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("huge.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("Mia"), "no record text on stderr: {}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 5, "{}", run.stdout);
}
