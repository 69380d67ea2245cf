//! End-to-end tests of the `casenote` binary: each runs it in a fresh
//! temporary folder with a fixed date and asserts exact output.
//!
//! Finding messages are the analysis core's wording, so the expected text
//! takes them from `casenote::check`; everything else (paths, positions,
//! severities, layout, exit status) is spelt out here.

use std::process::Command;

use casenote::config::Config;
use serde_json::{json, Value};

mod common;
use common::{run_casenote, today, Project, Run, AS_PER, TODAY};

impl Project {
    fn run(&self, args: &[&str]) -> Run {
        run_casenote(self.path(), args, None, &[])
    }
}

/// The core's message for the first `rule` finding in `text`.
fn core_message(text: &str, rule: &str, config: &Config) -> String {
    casenote::check(text, config, today())
        .into_iter()
        .find(|d| d.rule == rule)
        .unwrap_or_else(|| panic!("the core reports no {rule} in {text:?}"))
        .message
}

fn vague_message() -> String {
    core_message(AS_PER, "vague-language", &Config::default())
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn rule_ids() -> Vec<&'static str> {
    casenote::rules::metas().map(|meta| meta.id).collect()
}

// ---------------------------------------------------------------- formats

#[test]
fn text_format_underlines_the_finding_and_summarises() {
    let project = Project::new("cli");
    project.write("notes/a.md", AS_PER).write("notes/b.md", "# Ella Smith\n\nSeen at school.\n");
    let run = project.run(&["check", "--select", "vague-language"]);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "notes/a.md:3:14: info[vague-language] {}\n\
             3 | I will visit as per the plan.\n  |              ^^^^^^\n\n\
             Found 1 problem (1 info) in 1 of 2 files.\n",
            vague_message()
        )
    );
    // Info only: nothing at warning or error severity.
    assert_eq!(run.code, 0);
}

#[test]
fn quiet_prints_one_line_per_finding_and_no_summary() {
    let project = Project::new("cli");
    project.write("a.md", AS_PER).write("b.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    let message = vague_message();
    assert_eq!(
        run.stdout,
        format!("a.md:3:14: info[vague-language] {message}\nb.md:3:14: info[vague-language] {message}\n")
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn no_problems_found() {
    let project = Project::new("cli");
    project.write("notes/a.md", "# Jamie Smith\n\nSeen at home.\n");
    let run = project.run(&["check", "--select", "vague-language"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "No problems found in 1 file.\n", "")
    );
}

#[test]
fn an_empty_folder_has_nothing_to_report() {
    let project = Project::new("cli");
    let run = project.run(&["check"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "No problems found in 0 files.\n", "")
    );
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "[]\n"));
    let run = project.run(&["check", "--format", "github"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let sarif = json_of(&project.run(&["check", "--format", "sarif"]));
    assert_eq!(sarif["runs"][0]["results"], json!([]));
}

#[test]
fn json_is_sorted_by_path_then_position() {
    let project = Project::new("cli");
    let two = "# Jamie Smith\n\nI will visit as per the plan.\n\nZoë will call as per the plan.\n";
    project.write("notes/b.md", AS_PER).write("notes/a.md", two);
    // Named in reverse order: output order must not depend on it.
    let run = project.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "vague-language",
        "notes/b.md",
        "notes/a.md",
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let message = vague_message();
    let second = casenote::check(two, &Config::default(), today())
        .into_iter()
        .filter(|d| d.rule == "vague-language")
        .nth(1)
        .expect("two vague-language findings")
        .message;
    let finding = |path: &str, line: usize, start: usize, message: &str| {
        json!({"path": path, "rule": "vague-language", "severity": "info", "message": message,
               "range": {"start": {"line": line, "column": start}, "end": {"line": line, "column": start + 6}}})
    };
    assert_eq!(
        json_of(&run),
        json!([
            finding("notes/a.md", 3, 14, &message),
            // Columns count characters: `ë` is two bytes but one column.
            finding("notes/a.md", 5, 15, &second),
            finding("notes/b.md", 3, 14, &message),
        ])
    );
}

#[test]
fn sarif_describes_every_rule_and_each_result() {
    let project = Project::new("cli");
    project.write("notes/my record.md", AS_PER);
    let run = project.run(&["check", "--format", "sarif", "--select", "vague-language"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let log = json_of(&run);
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    assert_eq!(log["version"], "2.1.0");
    let run_ = &log["runs"][0];
    assert_eq!(run_["columnKind"], "unicodeCodePoints");
    let driver = &run_["tool"]["driver"];
    assert_eq!(driver["name"], "casenote");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let ids = rule_ids();
    assert!(!ids.is_empty(), "the rule registry is empty");
    let listed: Vec<&str> =
        driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ids);
    for (rule, meta) in driver["rules"].as_array().unwrap().iter().zip(casenote::rules::metas()) {
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["help"]["markdown"], meta.doc.trim());
        assert_eq!(rule["properties"]["principle"], meta.principle.title());
        let level = match meta.default_severity {
            casenote::Severity::Error => "error",
            casenote::Severity::Warning => "warning",
            _ => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
    }

    let index = ids.iter().position(|id| *id == "vague-language").unwrap();
    assert_eq!(
        run_["results"],
        json!([{
            "ruleId": "vague-language",
            "ruleIndex": index,
            "level": "note",
            "message": {"text": vague_message()},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "notes/my%20record.md"},
                "region": {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 20},
            }}],
        }])
    );
}

#[test]
fn github_annotations() {
    let project = Project::new("cli");
    project.write("notes/a.md", AS_PER);
    let run = project.run(&["check", "--format", "github", "--select", "vague-language"]);
    let message = vague_message().replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    assert_eq!(
        run.stdout,
        format!(
            "::notice file=notes/a.md,line=3,col=14,endLine=3,endColumn=20,title=casenote vague-language::{message}\n"
        )
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn training_mode_uses_the_teaching_messages() {
    let project = Project::new("cli");
    project.write("a.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--training", "--select", "vague-language"]);
    let config = Config { training: true, ..Config::default() };
    let message = core_message(AS_PER, "vague-language", &config);
    assert_eq!(run.stdout, format!("a.md:3:14: info[vague-language] {message}\n"));
}

// ------------------------------------------------------------ exit status

#[test]
fn warnings_exit_with_status_one() {
    let project = Project::new("cli");
    project.write("casenote.toml", "[rules]\nvague-language = \"warning\"\n").write("a.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(run.stdout, format!("a.md:3:14: warning[vague-language] {}\n", vague_message()));
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
}

// ------------------------------------------------------- unreadable files

#[test]
fn a_file_that_is_not_utf8_is_named_and_the_others_are_still_checked() {
    let project = Project::new("cli");
    project
        .write("notes/a.md", AS_PER)
        .write("notes/bad.md", b"# SECRET NAME\n\nThe child \xff said\n".as_slice())
        .write("notes/c.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(
        run.stderr,
        "casenote: error: notes/bad.md: not valid UTF-8 (invalid byte at line 3)\n"
    );
    let message = vague_message();
    assert_eq!(
        run.stdout,
        format!("notes/a.md:3:14: info[vague-language] {message}\nnotes/c.md:3:14: info[vague-language] {message}\n")
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_non_utf8_error_never_quotes_the_record() {
    let project = Project::new("cli");
    project.write("notes/bad.md", b"# SECRET NAME\n\nThe child \xff said\n".as_slice());
    let run = project.run(&["check"]);
    assert_eq!(
        run.stderr,
        "casenote: error: notes/bad.md: not valid UTF-8 (invalid byte at line 3)\n"
    );
    assert!(!run.stdout.contains("SECRET"));
    assert_eq!(run.code, 2);
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, "[]\n"));
}

#[test]
fn a_missing_path_stops_before_any_output() {
    let project = Project::new("cli");
    project.write("notes/a.md", AS_PER);
    for format in ["json", "text"] {
        let run = project.run(&["check", "--format", format, "missing.md", "notes"]);
        assert_eq!(run.stderr, "casenote: error: missing.md: no such file or directory\n");
        assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    }
    let run = project.run(&["report", "missing.md", "notes"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(!project.path().join("casenote-report.html").exists());
}

#[cfg(unix)]
#[test]
fn a_directory_loop_is_reported_once() {
    let project = Project::new("cli");
    project.write("notes/a.md", "# Jamie Smith\n");
    std::os::unix::fs::symlink("..", project.path().join("notes/loop")).unwrap();
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(run.stderr, "casenote: error: notes/loop: directory loop (links back to .)\n");
    assert_eq!(run.code, 2);
}

// ---------------------------------------------------------- configuration

#[test]
fn a_bad_setting_names_file_line_and_key_and_linting_goes_on() {
    let project = Project::new("cli");
    project
        .write("notes/casenote.toml", "[settings]\nlong-sentence-words = 0\n")
        .write("notes/a.md", AS_PER);
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(
        run.stderr,
        "casenote: error: notes/casenote.toml:2:23: key `settings.long-sentence-words`: \
         expected a positive integer, found 0 (using default settings)\n"
    );
    assert_eq!(run.code, 2);
    assert!(json_of(&run).is_array());
}

#[test]
fn a_bad_rule_level_falls_back_to_the_defaults() {
    let project = Project::new("cli");
    project
        .write("casenote.toml", "# team settings\n[rules]\nvague-language = \"loud\"\n")
        .write("notes/a.md", AS_PER)
        .write("notes/b.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    // Reported once, although two records use it.
    assert_eq!(
        run.stderr,
        "casenote: error: casenote.toml:3:18: key `rules.vague-language`: unknown level \"loud\" \
         (expected \"off\", \"hint\", \"info\", \"warning\" or \"error\") (using default settings)\n"
    );
    // The default severity (info), not a level from the bad file.
    let message = vague_message();
    assert_eq!(
        run.stdout,
        format!("notes/a.md:3:14: info[vague-language] {message}\nnotes/b.md:3:14: info[vague-language] {message}\n")
    );
    assert_eq!(run.code, 2);
}

#[test]
fn an_unknown_rule_in_the_config_suggests_the_right_one() {
    let project = Project::new("cli");
    project.write(".casenote.toml", "[rules]\nvague-languag = \"off\"\n").write("a.md", AS_PER);
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(
        run.stderr,
        "casenote: warning: .casenote.toml:2:1: key `rules.vague-languag`: unknown rule id \
         (did you mean `vague-language`?); ignored, the rest of the file applies\n"
    );
    // A warning: the check itself went on (vague-language at info).
    assert_eq!(run.code, 0);
    assert_eq!(json_of(&run).as_array().unwrap().len(), 1);
}

/// Issue 18: one typo no longer turns off a team's whole configuration.
#[test]
fn an_unknown_key_is_one_warning_and_the_other_settings_still_apply() {
    let project = Project::new("cli");
    project
        .write(
            "casenote.toml",
            "[rules]\nvague-language = \"error\"\n\n[settings]\nlong-sentence-word = 3\ntraining = false\n",
        )
        .write("notes/a.md", AS_PER);
    let run = project.run(&["check", "--quiet"]);
    assert_eq!(
        run.stderr,
        "casenote: warning: casenote.toml:5:1: key `settings.long-sentence-word`: unknown setting \
         (did you mean `long-sentence-words`?); ignored, the rest of the file applies\n"
    );
    // `vague-language = "error"` still applies; so does the default sentence length.
    let message = vague_message();
    assert_eq!(run.stdout, format!("notes/a.md:3:14: error[vague-language] {message}\n"));
    assert_eq!(run.code, 1);
}

#[test]
fn the_nearest_config_applies_and_config_flag_overrides_discovery() {
    let project = Project::new("cli");
    project
        .write("casenote.toml", "[rules]\nvague-language = \"error\"\n")
        .write("notes/casenote.toml", "[rules]\nvague-language = \"hint\"\n")
        .write("notes/a.md", AS_PER)
        .write("other/b.md", AS_PER)
        .write("custom.toml", "[rules]\nvague-language = \"warning\"\n");
    let message = vague_message();
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(
        run.stdout,
        format!("notes/a.md:3:14: hint[vague-language] {message}\nother/b.md:3:14: error[vague-language] {message}\n")
    );
    assert_eq!(run.code, 1);

    let run =
        project.run(&["check", "--quiet", "--select", "vague-language", "--config", "custom.toml"]);
    assert_eq!(
        run.stdout,
        format!("notes/a.md:3:14: warning[vague-language] {message}\nother/b.md:3:14: warning[vague-language] {message}\n")
    );

    // A missing or invalid --config stops before anything is checked.
    let run = project.run(&["check", "--config", "absent.toml", "--format", "json"]);
    assert_eq!(run.stderr, "casenote: error: --config absent.toml: no such file or directory\n");
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    project.write("bad.toml", "[rules]\nvague-language = \"loud\"\n");
    let run = project.run(&["check", "--config", "bad.toml", "--format", "json"]);
    assert!(
        run.stderr.starts_with("casenote: error: bad.toml:2:18: key `rules.vague-language`"),
        "{}",
        run.stderr
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
}

// ------------------------------------------------------ --select / --ignore

#[test]
fn select_and_ignore_choose_the_rules() {
    let project = Project::new("cli");
    let long = format!("# Jamie Smith\n\n{} as per the plan.\n", ["word"; 40].join(" "));
    project.write("a.md", &long);
    let run =
        project.run(&["check", "--format", "json", "--select", "vague-language,long-sentence"]);
    let rules: Vec<String> = json_of(&run)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["long-sentence", "vague-language"]);

    let run = project.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "vague-language",
        "--select",
        "long-sentence",
        "--ignore",
        "long-sentence",
    ]);
    let rules: Vec<String> = json_of(&run)
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["vague-language"]);

    let run = project.run(&["check", "--format", "json", "--ignore", "vague-language"]);
    let findings = json_of(&run);
    assert!(
        findings.as_array().unwrap().iter().all(|f| f["rule"] != "vague-language"),
        "{findings}"
    );
}

#[test]
fn select_beats_a_config_that_turns_the_rule_off() {
    let project = Project::new("cli");
    project.write("casenote.toml", "[rules]\nvague-language = \"off\"\n").write("a.md", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(run.stdout, format!("a.md:3:14: info[vague-language] {}\n", vague_message()));
}

#[test]
fn an_unknown_rule_in_select_or_ignore_is_a_usage_error() {
    let project = Project::new("cli");
    project.write("a.md", AS_PER);
    let run = project.run(&["check", "--select", "nope"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (2, "", "casenote: error: unknown rule `nope` in --select; run `casenote rules` to list every rule\n")
    );
    let run = project.run(&["check", "--ignore", "vague-langauge"]);
    assert_eq!(
        run.stderr,
        "casenote: error: unknown rule `vague-langauge` in --ignore (did you mean `vague-language`?); \
         run `casenote rules` to list every rule\n"
    );
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
}

// ------------------------------------------------------------- the walk

#[test]
fn gitignore_is_honoured_outside_a_git_repository() {
    let project = Project::new("cli");
    project
        .write(".gitignore", "drafts/\n*.tmp.md\n")
        .write("notes/a.md", AS_PER)
        .write("notes/a.tmp.md", AS_PER)
        .write("drafts/b.md", AS_PER)
        .write("notes/readme.txt", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(run.stdout, format!("notes/a.md:3:14: info[vague-language] {}\n", vague_message()));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn a_file_named_explicitly_is_checked_whatever_its_extension() {
    let project = Project::new("cli");
    project.write("notes/record.txt", AS_PER);
    let run = project.run(&["check", "--quiet", "--select", "vague-language", "notes/record.txt"]);
    assert_eq!(
        run.stdout,
        format!("notes/record.txt:3:14: info[vague-language] {}\n", vague_message())
    );
    let run = project.run(&["check", "--select", "vague-language", "notes"]);
    assert_eq!(run.stdout, "No problems found in 0 files.\n");
}

#[test]
fn paths_are_printed_as_given_joined_with_the_relative_path() {
    let project = Project::new("cli");
    project.write("team/notes/a.md", AS_PER);
    let message = vague_message();
    for (arg, shown) in [
        ("team", "team/notes/a.md"),
        ("team/", "team/notes/a.md"),
        ("./team/notes", "team/notes/a.md"),
        ("team/notes/../notes/a.md", "team/notes/../notes/a.md"),
    ] {
        let run = project.run(&["check", "--quiet", "--select", "vague-language", arg]);
        assert_eq!(
            run.stdout,
            format!("{shown}:3:14: info[vague-language] {message}\n"),
            "for {arg}"
        );
    }
    // A file reached twice is checked once.
    let run =
        project.run(&["check", "--quiet", "--select", "vague-language", "team", "team/notes/a.md"]);
    assert_eq!(run.stdout, format!("team/notes/a.md:3:14: info[vague-language] {message}\n"));
}

// --------------------------------------------------------- other commands

#[test]
fn rules_lists_every_rule_and_explain_documents_each() {
    let project = Project::new("cli");
    let run = project.run(&["rules"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // Rule lines are indented under their principle.
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut expected = rule_ids();
    assert!(!expected.is_empty(), "the rule registry is empty");
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    for id in listed {
        let meta = casenote::rules::meta(id).unwrap();
        let line = run.stdout.lines().find(|l| l.split_whitespace().next() == Some(id)).unwrap();
        assert!(
            line.contains(meta.default_severity.as_str()) && line.ends_with(meta.summary),
            "{line}"
        );
        let explained = project.run(&["explain", id]);
        assert_eq!(
            explained.stdout,
            format!(
                "{id} (default severity: {}; principle: {})\n\n{}\n",
                meta.default_severity,
                meta.principle.title(),
                meta.doc.trim()
            )
        );
        assert_eq!((explained.code, explained.stderr.as_str()), (0, ""));
    }
}

#[test]
fn explain_an_unknown_rule() {
    let project = Project::new("cli");
    let run = project.run(&["explain", "no-such-rule"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (2, "", "casenote: error: unknown rule `no-such-rule`; run `casenote rules` to list every rule\n")
    );
}

#[test]
fn explain_suggests_a_close_rule_id() {
    let project = Project::new("cli");
    let run = project.run(&["explain", "vague-languag"]);
    assert_eq!(
        run.stderr,
        "casenote: error: unknown rule `vague-languag` (did you mean `vague-language`?); \
         run `casenote rules` to list every rule\n"
    );
    assert_eq!(run.code, 2);
}

/// `report` itself is tested in `tests/report.rs`; here, that it runs and
/// where its page goes by default.
#[test]
fn report_writes_casenote_report_html_by_default() {
    let project = Project::new("cli");
    project.write("notes/a.md", AS_PER);
    let run = project.run(&["report"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    // It says what it wrote (the note has no front matter and no dated
    // entry: not a case record).
    assert_eq!(run.stderr, "Wrote casenote-report.html (0 records, 0 findings)\n");
    let html = std::fs::read_to_string(project.path().join("casenote-report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
}

/// The language server itself is tested in `tests/lsp.rs` and
/// `tests/lsp_e2e.rs`; here, only how the command starts and stops.
#[test]
fn server_without_a_client_exits_without_writing_anything() {
    let project = Project::new("cli");
    // stdin is closed at once: no `shutdown` was asked for, so status 1 (LSP).
    for args in [&["server"][..], &["server", "--stdio"][..]] {
        let run = project.run(args);
        assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (1, "", ""));
    }
    let run = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .args(["server"])
        .current_dir(project.path())
        .env("CASENOTE_TODAY", "25/11/2026")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "casenote: error: CASENOTE_TODAY must be a date like 2026-11-25, not `25/11/2026`\n"
    );
}

#[test]
fn usage_errors_exit_with_status_two() {
    let project = Project::new("cli");
    let run = project.run(&["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'xml' for '--format <FORMAT>'"), "{}", run.stderr);
    let run = project.run(&["frobnicate"]);
    assert_eq!(run.code, 2);
}

#[test]
fn casenote_today_must_be_a_date_and_is_documented() {
    let project = Project::new("cli");
    let run = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .args(["check"])
        .current_dir(project.path())
        .env("CASENOTE_TODAY", "25/11/2026")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        "casenote: error: CASENOTE_TODAY must be a date like 2026-11-25, not `25/11/2026`\n"
    );
    let help = project.run(&["check", "--help"]);
    assert!(help.stdout.contains("CASENOTE_TODAY=YYYY-MM-DD"), "{}", help.stdout);
}

// ------------------------------------------------------ size limit, logging

#[test]
fn max_file_size_and_logging_are_documented() {
    let project = Project::new("cli");
    for command in ["check", "report"] {
        let help = project.run(&[command, "--help"]).stdout;
        for needle in [
            "--max-file-size <SIZE>",
            "[settings] max-file-size = \"64MiB\"",
            "default 32MiB",
            "-v, --verbose...",
            "CASENOTE_LOG=LEVEL",
            "never record text",
        ] {
            assert!(help.contains(needle), "`casenote {command} --help` lacks {needle}:\n{help}");
        }
    }
    let help = project.run(&["server", "--help"]).stdout;
    assert!(help.contains("CASENOTE_LOG=LEVEL"), "{help}");
    assert_eq!(casenote::config::DEFAULT_MAX_FILE_SIZE, 32 * 1024 * 1024);
}

#[test]
fn a_file_above_max_file_size_is_named_and_the_others_are_still_checked() {
    let project = Project::new("cli");
    let big = format!("{AS_PER}{}", "Seen at school.\n".repeat(100));
    project.write("notes/a.md", AS_PER).write("notes/big.md", &big).write("notes/c.md", AS_PER);
    let run =
        project.run(&["check", "--quiet", "--select", "vague-language", "--max-file-size", "1KiB"]);
    assert_eq!(
        run.stderr,
        format!(
            "casenote: error: notes/big.md: too large to check: {} bytes (1.6 KiB), above the limit \
             of 1024 bytes (1 KiB); not read. Raise the limit with --max-file-size SIZE \
             (e.g. --max-file-size 64MiB) or `max-file-size = \"64MiB\"` under [settings] in casenote.toml\n",
            big.len()
        )
    );
    let message = vague_message();
    assert_eq!(
        run.stdout,
        format!("notes/a.md:3:14: info[vague-language] {message}\nnotes/c.md:3:14: info[vague-language] {message}\n")
    );
    assert_eq!(run.code, 2);
    // The text summary counts it as a file that could not be read.
    let run = project.run(&["check", "--select", "vague-language", "--max-file-size", "1KiB"]);
    assert!(run.stdout.ends_with("in 2 of 2 files. 1 file could not be read.\n"), "{}", run.stdout);
    // From the configuration file.
    project.write("notes/casenote.toml", "[settings]\nmax-file-size = \"1 KiB\"\n");
    let run = project.run(&["check", "--format", "json", "--select", "vague-language"]);
    assert!(run.stderr.contains("notes/big.md: too large to check"), "{}", run.stderr);
    assert_eq!(json_of(&run).as_array().unwrap().len(), 2);
    // The flag wins.
    let run = project.run(&[
        "check",
        "--format",
        "json",
        "--select",
        "vague-language",
        "--max-file-size",
        "1M",
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(json_of(&run).as_array().unwrap().len(), 3);
}

#[test]
fn verbose_flags_and_casenote_log_set_the_log_level() {
    let project = Project::new("cli");
    project.write("notes/a.md", AS_PER);
    let log_lines = |run: &Run, level: &str| {
        run.stderr.lines().filter(|l| l.starts_with(&format!("casenote: {level} ["))).count()
    };
    // Quiet by default.
    let run = project.run(&["check", "--format", "json"]);
    assert_eq!(run.stderr, "");
    // -v: a summary.
    let run = project.run(&["check", "--format", "json", "-v"]);
    assert_eq!(log_lines(&run, "info"), 1, "{}", run.stderr);
    assert!(run.stderr.contains("checked 1 files, 1 findings, 0 not read"), "{}", run.stderr);
    assert_eq!(log_lines(&run, "debug"), 0, "{}", run.stderr);
    // -vv: each file's size, time, thread and findings per rule, never its text.
    let run = project.run(&["check", "--format", "json", "-vv"]);
    let line = run.stderr.lines().find(|l| l.contains("notes/a.md: ")).expect(&run.stderr);
    assert!(
        line.contains(&format!("notes/a.md: {} bytes, checked in ", AS_PER.len()))
            && line.ends_with("; 1 findings: vague-language=1"),
        "{line}"
    );
    assert!(!run.stderr.contains("as per"), "{}", run.stderr);
    assert_eq!(log_lines(&run, "trace"), 0);
    // -vvv: configuration lookups and reads.
    let run = project.run(&["check", "--format", "json", "-vvv"]);
    assert!(
        run.stderr.contains("notes/a.md: no casenote.toml found; default settings"),
        "{}",
        run.stderr
    );
    assert!(log_lines(&run, "trace") >= 2, "{}", run.stderr);
    // The report logs too.
    let run = project.run(&["report", "--format", "json", "-o", "r.json", "-vv"]);
    assert!(run.stderr.contains("notes/a.md: "), "{}", run.stderr);

    let with_env = |value: &str, args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
            .args(args)
            .current_dir(project.path())
            .env("CASENOTE_TODAY", TODAY)
            .env("CASENOTE_LOG", value)
            .output()
            .unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = with_env("debug", &["check", "--format", "json"]);
    assert!(
        stderr.contains("casenote: debug [") && !stderr.contains("casenote: trace ["),
        "{stderr}"
    );
    // -v adds to CASENOTE_LOG, never quietens it.
    let stderr = with_env("TRACE", &["check", "--format", "json", "-v"]);
    assert!(stderr.contains("casenote: trace ["), "{stderr}");
    let stderr = with_env("off", &["check", "--format", "json", "-vv"]);
    assert!(stderr.contains("casenote: debug ["), "{stderr}");
    let stderr = with_env("error", &["check", "--format", "json"]);
    assert_eq!(stderr, "");
    // A wrong value is named, and ignored.
    let stderr = with_env("loud", &["check", "--format", "json"]);
    assert_eq!(
        stderr,
        "casenote: warning: CASENOTE_LOG=`loud` is not a log level (use error, warn, info, debug, \
         trace or off); using warn\n"
    );
}

/// A record with a genogram block, for `casenote genogram`.
const WITH_GENOGRAM: &str =
    "# Family composition\n\n```genogram\nperson Kim Smith: mother, female\n```\n";

fn read(project: &Project, relative: &str) -> String {
    std::fs::read_to_string(project.path().join(relative)).unwrap()
}

/// Safe writes (issue 18): neither command replaces a record it reads, nor
/// a file it did not write, whatever `-o` says.
#[test]
fn report_and_genogram_never_overwrite_an_input() {
    let project = Project::new("cli");
    project.write("notes/a.md", WITH_GENOGRAM);
    for (args, expected) in [
        (
            &["report", "notes", "-o", "notes/a.md"][..],
            "casenote: error: notes/a.md: is one of the records being read; not overwritten. \
             Choose another file for the report\n",
        ),
        (
            &["report", "notes", "--format", "json", "-o", "./notes/../notes/a.md", "--force"][..],
            "casenote: error: notes/../notes/a.md: is one of the records being read; not \
             overwritten. Choose another file for the report\n",
        ),
        (
            &["genogram", "notes/a.md", "-o", "notes/a.md", "--force"][..],
            "casenote: error: notes/a.md: is the record itself; choose another file for the \
             picture\n",
        ),
    ] {
        let run = project.run(args);
        assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (2, "", expected));
        assert_eq!(read(&project, "notes/a.md"), WITH_GENOGRAM);
    }
    assert_eq!(
        std::fs::read_dir(project.path().join("notes")).unwrap().count(),
        1,
        "no temporary file is left behind"
    );
}

#[test]
fn report_and_genogram_refuse_an_existing_file_they_did_not_write_without_force() {
    let project = Project::new("cli");
    project.write("notes/a.md", WITH_GENOGRAM);
    let theirs = "<html>someone else's page</html>\n";
    for (args, output, command, what) in [
        (&["report", "notes", "-o", "page.html"][..], "page.html", "report", "report"),
        (
            &["report", "notes", "--format", "json", "-o", "page.json"][..],
            "page.json",
            "report",
            "report",
        ),
        (&["genogram", "notes/a.md", "-o", "page.svg"][..], "page.svg", "genogram", "picture"),
    ] {
        project.write(output, theirs);
        let run = project.run(args);
        let expected = format!(
            "casenote: error: {output}: already exists and was not written by `casenote \
             {command}`; not overwritten. Choose another file, or pass --force to replace it\n"
        );
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (2, "", expected.as_str())
        );
        assert_eq!(read(&project, output), theirs, "{what}");

        // What casenote wrote, it may write again; --force replaces the rest.
        let mut forced = args.to_vec();
        forced.push("--force");
        // The report says what it wrote; the genogram command says nothing.
        let said = |stderr: &str| match command {
            "report" => stderr == format!("Wrote {output} (0 records, 0 findings)\n"),
            _ => stderr.is_empty(),
        };
        let run = project.run(&forced);
        assert!(run.code == 0 && said(&run.stderr), "{what}: {}", run.stderr);
        let first = read(&project, output);
        assert_ne!(first, theirs);
        let run = project.run(args);
        assert!(run.code == 0 && said(&run.stderr), "{what}: {}", run.stderr);
        assert_eq!(read(&project, output), first);
    }
    assert!(read(&project, "page.html")
        .starts_with("<!DOCTYPE html>\n<!-- written by casenote report -->\n"));
    assert!(read(&project, "page.svg").starts_with("<!-- written by casenote genogram -->\n<svg"));
    // The default report file is protected too.
    project.write("casenote-report.html", theirs);
    let run = project.run(&["report", "notes"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("casenote-report.html: already exists"), "{}", run.stderr);
    assert_eq!(read(&project, "casenote-report.html"), theirs);
}

#[test]
fn an_output_that_cannot_be_replaced_leaves_everything_intact() {
    let project = Project::new("cli");
    project.write("notes/a.md", WITH_GENOGRAM);
    project.write("out.svg/keep.txt", "kept");
    // A folder where the file should go: refused even with --force.
    for args in [
        &["genogram", "notes/a.md", "-o", "out.svg", "--force"][..],
        &["report", "notes", "-o", "out.svg", "--force"][..],
    ] {
        let run = project.run(args);
        assert_eq!(run.code, 2);
        assert_eq!(
            run.stderr,
            "casenote: error: out.svg: is a folder; choose a file for the picture\n".replace(
                "the picture",
                if args[0] == "report" { "the report" } else { "the picture" }
            )
        );
        assert_eq!(read(&project, "out.svg/keep.txt"), "kept");
    }
    let mut names: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["notes", "out.svg"], "no temporary file is left behind");
}
