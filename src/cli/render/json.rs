//! `--format json` (SPEC §2.1): an array of findings sorted by path then
//! position, 1-based lines, 1-based character columns, exclusive end.

use serde::Serialize;

use super::{located, CheckedFile};
use crate::diagnostic::Severity;
use crate::text::LineCol;

#[derive(Serialize)]
struct Finding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

impl From<LineCol> for Position {
    fn from(at: LineCol) -> Self {
        Position { line: at.line, column: at.column }
    }
}

pub fn render(files: &[CheckedFile]) -> String {
    let findings: Vec<Finding<'_>> = located(files)
        .map(|found| Finding {
            path: &found.file.path,
            rule: found.diagnostic.rule,
            severity: found.diagnostic.severity,
            message: &found.diagnostic.message,
            range: Range { start: found.start.into(), end: found.end.into() },
        })
        .collect();
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn empty_is_an_empty_array() {
        assert_eq!(render(&[]), "[]\n");
    }

    #[test]
    fn findings_have_the_spec_shape() {
        let value: serde_json::Value = serde_json::from_str(&render(&fixtures::files())).unwrap();
        assert_eq!(
            value,
            serde_json::json!([
                {"path": "notes/a.md", "rule": "vague-language", "severity": "info",
                 "message": "Vague: `as per`",
                 "range": {"start": {"line": 3, "column": 14}, "end": {"line": 3, "column": 20}}},
                {"path": "notes/a.md", "rule": "unlabelled-opinion", "severity": "warning",
                 "message": "Opinion stated as fact",
                 "range": {"start": {"line": 4, "column": 1}, "end": {"line": 4, "column": 22}}},
            ])
        );
    }
}
