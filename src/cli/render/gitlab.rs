//! `--format gitlab`: a GitLab code quality report (a JSON array), shown on
//! merge requests. Each finding has a fingerprint that stays the same
//! while the finding does (its file, rule, message and how many alike came
//! before it), so that GitLab can tell new findings from old ones.

use std::collections::HashMap;

use serde::Serialize;

use super::{located, CheckedFile};
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

pub fn render(files: &[CheckedFile]) -> String {
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = located(files)
        .map(|found| {
            let d = found.diagnostic;
            let path = found.file.path.as_str();
            let occurrence = seen.entry((path.to_owned(), d.rule, d.message.as_str())).or_default();
            let fingerprint = xxhash_rust::xxh3::xxh3_128(
                format!("{path}\0{}\0{}\0{occurrence}", d.rule, d.message).as_bytes(),
            );
            *occurrence += 1;
            Issue {
                description: &d.message,
                check_name: d.rule,
                fingerprint: format!("{fingerprint:032x}"),
                severity: severity(d.severity),
                location: Location {
                    path,
                    positions: Positions {
                        begin: Position { line: found.start.line, column: found.start.column },
                        end: Position { line: found.end.line, column: found.end.column },
                    },
                },
            }
        })
        .collect();
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// GitLab's scale: info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Hint => "info",
        Severity::Info => "minor",
        Severity::Warning => "major",
        Severity::Error => "critical",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn one_issue_per_finding_with_a_stable_fingerprint() {
        let out = render(&fixtures::files());
        let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
        let issues = issues.as_array().unwrap();
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0]["check_name"], "vague-language");
        assert_eq!(issues[0]["severity"], "minor");
        assert_eq!(issues[0]["description"], "Vague: `as per`");
        assert_eq!(
            issues[0]["location"],
            serde_json::json!({"path": "notes/a.md", "positions": {
                "begin": {"line": 3, "column": 14}, "end": {"line": 3, "column": 20}}})
        );
        assert_eq!(issues[1]["severity"], "major");
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        assert_eq!(render(&fixtures::files()), out, "the same findings, the same fingerprints");
    }
}
