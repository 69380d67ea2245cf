//! The README's "Try it" command prints what "What it looks like" shows:
//! each finding shown there is printed exactly so, and the summary line is
//! the last line printed. The date is pinned in the command itself
//! (`CASENOTE_TODAY=…`), so the output does not change with the calendar.

use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The fenced block of `language` after the heading `heading`.
fn block_after(text: &str, heading: &str, language: &str) -> String {
    let section = &text[text.find(heading).unwrap_or_else(|| panic!("no {heading}"))..];
    let open = format!("```{language}\n");
    let start = section.find(&open).expect("a fenced block") + open.len();
    let end = start + section[start..].find("```").expect("a closed block");
    section[start..end].to_owned()
}

#[test]
fn try_it_prints_what_the_readme_shows() {
    let readme = readme();
    let try_it = &readme[readme.find("## Try it").expect("a Try it section")..];
    let command = try_it
        .lines()
        .find(|line| line.starts_with("CASENOTE_TODAY="))
        .expect("a command with the date pinned");
    let mut words = command.split_whitespace();
    let today = words.next().unwrap().strip_prefix("CASENOTE_TODAY=").unwrap();
    assert_eq!(words.next(), Some("casenote"));
    let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .args(words)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CASENOTE_TODAY", today)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    let shown = block_after(&readme, "## What it looks like", "text");
    let blocks: Vec<&str> = shown.split("\n\n").collect();
    let (summary, findings) = blocks.split_last().unwrap();
    for finding in findings {
        assert!(
            printed.contains(&format!("{finding}\n\n")),
            "the README shows a finding the command does not print:\n{finding}\n\nIt prints:\n{printed}"
        );
    }
    assert_eq!(printed.lines().last(), Some(summary.trim_end()), "the summary line");
    assert!(
        readme.contains("cargo install --locked --path ."),
        "the README installs with the lock file"
    );
}
