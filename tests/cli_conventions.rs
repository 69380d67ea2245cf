//! The command-line conventions of `casenote check` (standard input, which
//! files, fixes, a baseline, statistics, output formats, colour), `init`,
//! `completions` and `server -v`: each runs the binary in a fresh folder
//! with a fixed date and asserts exact output.

use casenote::config::Config;

mod common;
use common::{run_casenote, today, Project, Run, AS_PER};

fn run_in(project: &Project, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    run_casenote(project.path(), args, stdin, env)
}

fn run(project: &Project, args: &[&str]) -> Run {
    run_in(project, args, None, &[])
}

/// The core's message for the first `rule` finding in `text`.
fn message(text: &str, rule: &str) -> String {
    casenote::check(text, &Config::default(), today())
        .into_iter()
        .find(|d| d.rule == rule)
        .unwrap_or_else(|| panic!("the core reports no {rule} in {text:?}"))
        .message
}

fn vague() -> String {
    message(AS_PER, "vague-language")
}

fn read(project: &Project, relative: &str) -> Vec<u8> {
    std::fs::read(project.path().join(relative)).unwrap()
}

// ------------------------------------------------------------------ stdin

#[test]
fn standard_input_is_checked_under_the_stdin_filename_with_its_config() {
    let project = Project::new("conv");
    project.write("team/casenote.toml", "[rules]\nvague-language = \"warning\"\n");
    let args = ["check", "-", "--quiet", "--select", "vague-language"];
    let plain = run_in(&project, &args, Some(AS_PER), &[]);
    assert_eq!(plain.stdout, format!("-:3:14: info[vague-language] {}\n", vague()));
    assert_eq!((plain.code, plain.stderr.as_str()), (0, ""));

    let named = [&args[..], &["--stdin-filename", "team/new.md"]].concat();
    let run = run_in(&project, &named, Some(AS_PER), &[]);
    assert_eq!(run.stdout, format!("team/new.md:3:14: warning[vague-language] {}\n", vague()));
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
}

#[test]
fn stdin_options_that_do_not_fit_are_usage_errors() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER);
    let run = run(&project, &["check", "--stdin-filename", "a.md", "a.md"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (2, "", "casenote: error: --stdin-filename is only for `casenote check -` (a record on standard input)\n")
    );
    let run = run_in(&project, &["check", "-", "a.md"], Some(AS_PER), &[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "casenote: error: `-` (standard input) cannot be checked together with other paths\n"
    );
}

#[test]
fn fixing_standard_input_prints_the_fixed_record() {
    let project = Project::new("conv");
    let run = run_in(&project, &["check", "-", "--fix"], Some(AS_PER), &[]);
    assert_eq!(run.stdout, "# Jamie Smith\n\nI will visit in line with the plan.\n");
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
}

// ------------------------------------------------------------ which files

#[test]
fn files_include_exclude_and_per_file_ignores_from_the_config() {
    let project = Project::new("conv");
    project
        .write(
            "casenote.toml",
            "[files]\ninclude = [\"notes/**\"]\nexclude = [\"notes/archive/**\"]\n\n\
             [files.per-file-ignores]\n\"notes/templates/*.md\" = [\"vague-language\"]\n",
        )
        .write("notes/a.md", AS_PER)
        .write("notes/archive/old.md", AS_PER)
        .write("notes/templates/t.md", AS_PER)
        .write("drafts/d.md", AS_PER);
    let args = ["check", "--quiet", "--select", "vague-language"];
    let run = run(&project, &args);
    assert_eq!(run.stdout, format!("notes/a.md:3:14: info[vague-language] {}\n", vague()));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));

    // A file named on the command line is checked whatever [files] says,
    // but its per-file ignores still apply.
    let named = [&args[..], &["drafts/d.md", "notes/templates/t.md"]].concat();
    let run = self::run(&project, &named);
    assert_eq!(run.stdout, format!("drafts/d.md:3:14: info[vague-language] {}\n", vague()));

    // The statistics show the per-file ignore: only a.md counts.
    let run = self::run(&project, &["check", "--statistics", "--select", "vague-language"]);
    assert_eq!(run.stdout, "1  vague-language  info [*]\n");
}

#[test]
fn exclude_on_the_command_line_leaves_out_matching_files() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER).write("old/b.md", AS_PER).write("c.md", AS_PER);
    let run = run(
        &project,
        &[
            "check",
            "--quiet",
            "--select",
            "vague-language",
            "--exclude",
            "old/",
            "--exclude",
            "c.*",
        ],
    );
    assert_eq!(run.stdout, format!("a.md:3:14: info[vague-language] {}\n", vague()));
    let run = self::run(&project, &["check", "--exclude", "[", "a.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("casenote: error: --exclude: "), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn an_unknown_rule_in_per_file_ignores_is_an_error_naming_the_line() {
    let project = Project::new("conv");
    project
        .write("casenote.toml", "[files.per-file-ignores]\n\"*.md\" = [\"vague-languag\"]\n")
        .write("a.md", AS_PER);
    let run = run(&project, &["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(
        run.stderr,
        "casenote: error: casenote.toml:2:10: key `files.per-file-ignores.\"*.md\"`: unknown rule \
         `vague-languag` (did you mean `vague-language`?) (using default settings)\n"
    );
    assert_eq!(run.code, 2);
}

// ------------------------------------------------------------------ fixes

/// Two safe fixes (`as per`, `mum`), CRLF line breaks, a byte-order mark
/// and emoji before the fixes on the same line.
const CRLF_BOM_EMOJI: &str =
    "\u{feff}# Jamie Smith 🧒🏽\r\n\r\n🙂 I will visit as per the plan with mum.\r\n";

#[test]
fn fix_rewrites_keeping_crlf_bom_and_emoji() {
    let project = Project::new("conv");
    project.write("a.md", CRLF_BOM_EMOJI);
    let run = run(&project, &["check", "--fix", "--quiet", "--select", "vague-language"]);
    assert_eq!(
        String::from_utf8(read(&project, "a.md")).unwrap(),
        "\u{feff}# Jamie Smith 🧒🏽\r\n\r\n🙂 I will visit in line with the plan with mother.\r\n"
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "Fixed 2 findings in 1 file.\n");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .collect();
    assert_eq!(names, ["a.md"]);
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER);
    let run = run(&project, &["check", "--diff", "--select", "vague-language"]);
    assert_eq!(
        run.stdout,
        "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n # Jamie Smith\n \n-I will visit as per the plan.\n+I will visit in line with the plan.\n"
    );
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    assert_eq!(read(&project, "a.md"), AS_PER.as_bytes());
    // Nothing to fix: no diff, status 0.
    project.write("a.md", "# Jamie Smith\n\nSeen at home.\n");
    let run = self::run(&project, &["check", "--diff", "--select", "vague-language"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn fix_unsafe_also_applies_fixes_that_need_review() {
    let entry = "# Jamie Smith\n\n## 2026-11-20 10:00 — Home visit\n\nContact: home visit, planned\nPresent: Jamie Smith\n\nSeen in his room.\n";
    let project = Project::new("conv");
    project.write("a.md", entry);
    let select = ["--select", "missing-recording-date", "--quiet"];
    let safe = run(&project, &[&["check", "--fix"][..], &select].concat());
    assert_eq!(read(&project, "a.md"), entry.as_bytes(), "a date is not a safe fix");
    assert!(safe.stdout.contains("[missing-recording-date]"), "{}", safe.stdout);
    let unsafe_run = run(&project, &[&["check", "--fix-unsafe"][..], &select].concat());
    let fixed = String::from_utf8(read(&project, "a.md")).unwrap();
    assert!(
        fixed.contains("Recorded: 25/11/2026\n") || fixed.contains("Recorded: 2026-11-25\n"),
        "{fixed}"
    );
    assert_eq!((unsafe_run.code, unsafe_run.stdout.as_str()), (0, ""));
    assert_eq!(unsafe_run.stderr, "Fixed 1 finding in 1 file.\n");
}

// --------------------------------------------------------------- baseline

#[test]
fn add_suppressions_twice_adds_once() {
    let project = Project::new("conv");
    let record = "---\nchild: Jamie Smith\nborn: 2030-01-01\n---\n\n# Jamie Smith\r\n\nI will visit as per the plan.\n";
    let record = record.replace("\r\n", "\n").replace('\n', "\r\n");
    project.write("a.md", format!("\u{feff}{record}"));
    let before = run(&project, &["check", "--quiet"]);
    assert_ne!(before.stdout, "", "the record has findings");
    let first = run(&project, &["check", "--add-suppressions"]);
    assert_eq!((first.code, first.stdout.as_str()), (0, ""));
    assert!(first.stderr.starts_with("Added "), "{}", first.stderr);
    assert!(!first.stderr.contains("could not be suppressed"), "{}", first.stderr);
    let once = read(&project, "a.md");
    let text = String::from_utf8(once.clone()).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(
        text.contains("\r\n<!-- casenote-disable-next-line vague-language -->\r\nI will visit as per the plan.\r\n"),
        "{text:?}"
    );
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF kept everywhere: {text:?}");
    let after = run(&project, &["check", "--quiet"]);
    assert_eq!((after.code, after.stdout.as_str()), (0, ""));
    let second = run(&project, &["check", "--add-suppressions"]);
    assert_eq!(second.stderr, "Added 0 suppression comments to 0 files.\n");
    assert_eq!(read(&project, "a.md"), once, "running it again changes nothing");
}

// ------------------------------------------------ statistics, exit status

#[test]
fn statistics_count_findings_per_rule() {
    let project = Project::new("conv");
    project
        .write("a.md", AS_PER)
        .write("b.md", format!("{AS_PER}\nShe was lovely as per usual.\n"));
    let run =
        run(&project, &["check", "--statistics", "--select", "vague-language,unlabelled-opinion"]);
    assert_eq!(run.stdout, "3  vague-language      info [*]\n1  unlabelled-opinion  warning\n");
    assert_eq!(run.code, 1);
}

#[test]
fn exit_zero_hides_findings_from_the_status_not_errors() {
    let project = Project::new("conv");
    project.write("a.md", "# Jamie Smith\n\nShe was lovely.\n");
    assert_eq!(run(&project, &["check", "--quiet"]).code, 1);
    assert_eq!(run(&project, &["check", "--quiet", "--exit-zero"]).code, 0);
    assert_eq!(run(&project, &["check", "--exit-zero", "missing.md"]).code, 2);
}

// ---------------------------------------------------------------- formats

#[test]
fn junit_format() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER).write("b.md", "# Ella Smith\n\nSeen at school.\n");
    let run = run(&project, &["check", "--format", "junit", "--select", "vague-language"]);
    let message = vague().replace('"', "&quot;");
    assert_eq!(
        run.stdout,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<testsuites name=\"casenote\" tests=\"2\" failures=\"1\">\n  \
<testsuite name=\"a.md\" tests=\"1\" failures=\"1\" errors=\"0\">\n    \
<testcase name=\"vague-language\" classname=\"a.md\" file=\"a.md\" line=\"3\">\n      \
<failure type=\"info\" message=\"{message}\">a.md:3:14: info[vague-language] {message}</failure>\n    \
</testcase>\n  </testsuite>\n  \
<testsuite name=\"b.md\" tests=\"1\" failures=\"0\" errors=\"0\">\n    \
<testcase name=\"casenote\" classname=\"b.md\"/>\n  </testsuite>\n</testsuites>\n"
        )
    );
}

#[test]
fn gitlab_format() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER);
    let run = run(&project, &["check", "--format", "gitlab", "--select", "vague-language"]);
    let issues: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fingerprint = issues[0]["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 32);
    assert_eq!(
        issues,
        serde_json::json!([{
            "description": vague(),
            "check_name": "vague-language",
            "fingerprint": fingerprint,
            "severity": "minor",
            "location": {"path": "a.md", "positions": {
                "begin": {"line": 3, "column": 14}, "end": {"line": 3, "column": 20}}}
        }])
    );
}

#[test]
fn colour_follows_the_flag_then_no_color_force_color_and_clicolor_force() {
    let project = Project::new("conv");
    project.write("a.md", AS_PER);
    let args = ["check", "--quiet", "--select", "vague-language"];
    let coloured = format!(
        "\x1b[1ma.md\x1b[0m:3:14: \x1b[1m\x1b[36minfo[vague-language]\x1b[0m {}\n",
        vague()
    );
    let plain = format!("a.md:3:14: info[vague-language] {}\n", vague());
    let with = |extra: &[&str], env: &[(&str, &str)]| {
        run_in(&project, &[&args[..], extra].concat(), None, env).stdout
    };
    // Not a terminal: plain unless forced.
    assert_eq!(with(&[], &[]), plain);
    assert_eq!(with(&["--color", "always"], &[]), coloured);
    assert_eq!(with(&["--color", "always"], &[("NO_COLOR", "1")]), coloured);
    assert_eq!(with(&["--color", "never"], &[("FORCE_COLOR", "1")]), plain);
    assert_eq!(with(&[], &[("FORCE_COLOR", "1")]), coloured);
    assert_eq!(with(&[], &[("CLICOLOR_FORCE", "1")]), coloured);
    assert_eq!(with(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]), plain);
}

// -------------------------------------------------------------------- init

#[test]
fn init_writes_a_config_and_a_clean_example_and_never_overwrites() {
    let project = Project::new("conv");
    let first = run(&project, &["init"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout,
        "Wrote casenote.toml (every setting, commented) and example-record.md (an invented record).\n\
         Next: casenote check example-record.md\n"
    );
    let config = String::from_utf8(read(&project, "casenote.toml")).unwrap();
    // Every setting is commented out: the file changes nothing until edited.
    assert_eq!(casenote::config::parse(&config).unwrap(), Config::default());
    let check = run(&project, &["check", "--quiet"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, ""), "{}", check.stdout);

    project.write("casenote.toml", "# ours\n");
    std::fs::remove_file(project.path().join("example-record.md")).unwrap();
    let again = run(&project, &["init"]);
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (2, "", "casenote: error: casenote.toml already exists here; nothing written (casenote init never overwrites a file)\n")
    );
    assert_eq!(read(&project, "casenote.toml"), b"# ours\n");
    assert!(!project.path().join("example-record.md").exists());
}

// ------------------------------------------------ completions, server -v

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    let project = Project::new("conv");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run(&project, &["completions", shell]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{shell}");
        for word in ["check", "explain", "chronology", "stdin-filename", "add-suppressions"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let run = run(&project, &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

#[test]
fn server_accepts_verbose_as_its_help_says() {
    let project = Project::new("conv");
    let help = run(&project, &["server", "--help"]);
    assert!(help.stdout.contains("-v, --verbose"), "{}", help.stdout);
    // With no client (stdin closed at once) the server ends; -vv logs at debug.
    let run = run_in(&project, &["server", "-vv"], Some(""), &[]);
    assert_ne!(run.stderr.find("casenote: error: unexpected argument"), Some(0));
    assert!(!run.stderr.contains("unexpected argument"), "{}", run.stderr);
}
