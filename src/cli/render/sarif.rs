//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code
//! scanning, Azure DevOps, IDE SARIF viewers).

use std::collections::HashMap;

use serde::Serialize;

use super::{located, CheckedFile};
use crate::diagnostic::Severity;
use crate::rules::RuleMeta;
use crate::text::LineCol;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Empty unless `repository` is set in Cargo.toml; SARIF wants an absolute URI or nothing.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// One run describing every rule in `rules` (the registry, in order) and
/// every finding in `files`. Written straight from the structs below (a
/// `serde_json::Value` tree of a large run cost 25 times the JSON
/// output's time, and grew faster than the run); their members are in
/// alphabetical order, as the tree wrote them.
pub fn render(files: &[CheckedFile], rules: &[&RuleMeta]) -> String {
    let rule_index: HashMap<&str, usize> =
        rules.iter().enumerate().map(|(i, rule)| (rule.id, i)).collect();
    let uris: HashMap<&str, String> =
        files.iter().map(|file| (file.path.as_str(), path_to_uri(&file.path))).collect();

    let results: Vec<SarifResult> = located(files)
        .map(|found| {
            let d = found.diagnostic;
            let uri = &uris[found.file.path.as_str()];
            let related_locations: Vec<Location> = d
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| {
                    let (start, end) = found.file.range(&related.span);
                    Location {
                        id: Some(id),
                        message: Some(Text { text: &related.message }),
                        physical_location: PhysicalLocation::new(uri, start, end),
                    }
                })
                .collect();
            SarifResult {
                level: level(d.severity),
                locations: [Location {
                    id: None,
                    message: None,
                    physical_location: PhysicalLocation::new(uri, found.start, found.end),
                }],
                message: Text { text: &d.message },
                related_locations,
                rule_id: d.rule,
                rule_index: rule_index.get(d.rule).copied(),
            }
        })
        .collect();

    let log = Log {
        schema: SCHEMA,
        runs: [Run {
            // Our columns count characters; SARIF's default is UTF-16 units.
            column_kind: "unicodeCodePoints",
            results,
            tool: Tool {
                driver: Driver {
                    information_uri: (!INFORMATION_URI.is_empty()).then_some(INFORMATION_URI),
                    name: "casenote",
                    rules: rules.iter().map(|rule| RuleDescriptor::of(rule)).collect(),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: Tool<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    name: &'static str,
    rules: Vec<RuleDescriptor<'a>>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    default_configuration: Level,
    full_description: Text<'a>,
    help: Help<'a>,
    id: &'a str,
    name: String,
    properties: Properties,
    short_description: Text<'a>,
}

impl<'a> RuleDescriptor<'a> {
    fn of(rule: &'a RuleMeta) -> Self {
        RuleDescriptor {
            default_configuration: Level { level: level(rule.default_severity) },
            full_description: Text { text: first_paragraph(rule.doc).unwrap_or(rule.summary) },
            help: Help { markdown: rule.doc.trim(), text: rule.doc.trim() },
            id: rule.id,
            name: camel_case(rule.id),
            properties: Properties { principle: rule.principle.title() },
            short_description: Text { text: rule.summary },
        }
    }
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Help<'a> {
    markdown: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Properties {
    principle: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

impl<'a> PhysicalLocation<'a> {
    fn new(uri: &'a str, start: LineCol, end: LineCol) -> Self {
        PhysicalLocation {
            artifact_location: ArtifactLocation { uri },
            region: Region {
                end_column: end.column,
                end_line: end.line,
                start_column: start.column,
                start_line: start.line,
            },
        }
    }
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

/// SARIF has no "hint"; `note` is its lowest level that still shows.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `unlabelled-opinion` -> `UnlabelledOpinion`, SARIF's customary rule name.
fn camel_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The doc's first prose paragraph (headings skipped), on one line.
fn first_paragraph(doc: &str) -> Option<&str> {
    doc.split("\n\n").map(str::trim).find(|p| !p.is_empty() && !p.starts_with('#'))
}

/// A relative URI reference with forward slashes, percent-encoding what a
/// URI may not hold (spaces, non-ASCII); absolute paths become `file://`.
fn path_to_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let drive_letter =
        matches!(slashed.as_bytes(), [letter, b':', b'/', ..] if letter.is_ascii_alphabetic());
    let mut uri = String::new();
    if slashed.starts_with('/') {
        uri.push_str("file://");
    } else if drive_letter {
        uri.push_str("file:///");
    }
    for (i, byte) in slashed.bytes().enumerate() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            // A colon elsewhere would read as a URI scheme.
            b':' if drive_letter && i == 1 => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;
    use crate::rules::Principle;
    use serde_json::{json, Value};

    static VAGUE: RuleMeta = RuleMeta {
        id: "vague-language",
        default_severity: Severity::Info,
        principle: Principle::Language,
        summary: "Vague phrases",
        doc: "# vague-language\n\nFlags `as per`.\n\n## Fix\n\nSay what you mean.\n",
        training_example: "",
    };

    #[test]
    fn a_run_with_rules_results_and_code_point_columns() {
        let log: Value = serde_json::from_str(&render(&fixtures::files(), &[&VAGUE])).unwrap();
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(log["runs"].as_array().unwrap().len(), 1);
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "casenote");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(
            driver["rules"],
            json!([{
                "id": "vague-language",
                "name": "VagueLanguage",
                "shortDescription": {"text": "Vague phrases"},
                "fullDescription": {"text": "Flags `as per`."},
                "help": {"text": VAGUE.doc.trim(), "markdown": VAGUE.doc.trim()},
                "defaultConfiguration": {"level": "note"},
                "properties": {"principle": "Clear, straightforward language"},
            }])
        );
        assert_eq!(
            run["results"][0],
            json!({
                "ruleId": "vague-language",
                "ruleIndex": 0,
                "level": "note",
                "message": {"text": "Vague: `as per`"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "notes/a.md"},
                    "region": {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 20},
                }}],
            })
        );
        // Not in the given registry: no ruleIndex; related places are kept.
        let second = &run["results"][1];
        assert_eq!(second["level"], "warning");
        assert!(second.get("ruleIndex").is_none());
        assert_eq!(second["relatedLocations"][0]["message"]["text"], "record heading");
        assert_eq!(second["relatedLocations"][0]["physicalLocation"]["region"]["endColumn"], 8);
    }

    #[test]
    fn empty_run_is_still_valid() {
        let log: Value = serde_json::from_str(&render(&[], &[])).unwrap();
        assert_eq!(log["runs"][0]["results"], json!([]));
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"], json!([]));
    }

    #[test]
    fn uris_use_forward_slashes_and_percent_encoding() {
        assert_eq!(path_to_uri("notes/a.md"), "notes/a.md");
        assert_eq!(path_to_uri("notes\\my file.md"), "notes/my%20file.md");
        assert_eq!(path_to_uri("/srv/zoë.md"), "file:///srv/zo%C3%AB.md");
        assert_eq!(path_to_uri("C:\\notes\\a.md"), "file:///C:/notes/a.md");
        assert_eq!(path_to_uri("100%.md"), "100%25.md");
        assert_eq!(path_to_uri("a:b.md"), "a%3Ab.md");
    }
}
