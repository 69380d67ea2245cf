//! The editor files generated from, or mirroring, the crate's own data stay
//! in step with it:
//!
//! - the TextMate injection grammar in `editors/vscode/syntaxes/` is what
//!   `casenote::editor_grammar` generates from `grammar/vocabulary.toml`
//!   (regenerate with `CASENOTE_UPDATE_GRAMMAR=1 cargo test --test
//!   editor_grammar`);
//! - the VS Code extension's `casenote.rules` setting lists every rule, with
//!   its summary and default severity.

use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_injection_grammar_is_up_to_date() {
    let path = root().join(casenote::editor_grammar::PATH);
    let generated = casenote::editor_grammar::grammar_json();
    if std::env::var_os("CASENOTE_UPDATE_GRAMMAR").is_some() {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{} is out of date with grammar/vocabulary.toml; run `CASENOTE_UPDATE_GRAMMAR=1 cargo test --test editor_grammar`",
        casenote::editor_grammar::PATH
    );
}

fn package_json() -> Value {
    let text = std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_extension_registers_the_grammar() {
    let package = package_json();
    let grammars = package["contributes"]["grammars"].as_array().unwrap();
    let ours = grammars
        .iter()
        .find(|g| g["scopeName"] == casenote::editor_grammar::SCOPE_NAME)
        .expect("package.json registers the injection grammar");
    let path = ours["path"].as_str().unwrap().trim_start_matches("./");
    assert_eq!(format!("editors/vscode/{path}"), casenote::editor_grammar::PATH);
    assert_eq!(ours["injectTo"][0], "text.html.markdown");
}

#[test]
fn the_extension_offers_a_severity_setting_for_every_rule() {
    let package = package_json();
    let rules =
        &package["contributes"]["configuration"]["properties"]["casenote.rules"]["properties"];
    let listed: Vec<&String> = rules.as_object().unwrap().keys().collect();
    let mut problems = Vec::new();
    for meta in casenote::rules::metas() {
        let expected = format!("{} (default: {})", meta.summary, meta.default_severity);
        match rules.get(meta.id) {
            None => problems.push(format!("`{}` is missing", meta.id)),
            Some(setting) => {
                if setting["markdownDescription"] != expected.as_str() {
                    problems.push(format!("`{}` should be described as {expected:?}", meta.id));
                }
                if setting["enum"] != serde_json::json!(["off", "hint", "info", "warning", "error"])
                {
                    problems.push(format!(
                        "`{}` should offer off, hint, info, warning, error",
                        meta.id
                    ));
                }
            }
        }
    }
    for id in listed {
        if casenote::rules::meta(id).is_none() {
            problems.push(format!("`{id}` is not a rule"));
        }
    }
    assert!(
        problems.is_empty(),
        "editors/vscode/package.json, setting casenote.rules: {}",
        problems.join("; ")
    );
}

/// A VS Code snippet body with every placeholder at its default (the first
/// choice), `$0` removed and today's date variables set.
fn expand(body: &Value, today: &str) -> String {
    let lines: Vec<&str> = match body {
        Value::Array(lines) => lines.iter().map(|l| l.as_str().unwrap()).collect(),
        Value::String(line) => vec![line.as_str()],
        _ => panic!("a snippet body is a string or a list"),
    };
    let text = lines.join("\n").replace("$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE", today);
    let choice = regex::Regex::new(r"\$\{\d+\|([^,|]*)[^}]*\|\}").unwrap();
    let placeholder = regex::Regex::new(r"\$\{\d+:([^}]*)\}").unwrap();
    let text = choice.replace_all(&text, "$1");
    let text = placeholder.replace_all(&text, "$1");
    text.replace("$0", "")
}

#[test]
fn the_snippets_make_a_record_the_rules_accept() {
    let text =
        std::fs::read_to_string(root().join("editors/vscode/snippets/casenote.code-snippets"))
            .unwrap();
    let snippets: Value = serde_json::from_str(&text).unwrap();
    let body = |name: &str| {
        let snippet = snippets.get(name).unwrap_or_else(|| panic!("no snippet {name:?}"));
        expand(&snippet["body"], "2026-11-20")
            .replace("Child Name", "Jamie Smith")
            .replace("Mother Name", "Sarah Smith")
            .replace("Father Name", "Mark Smith")
            .replace("who took part", "Jamie Smith, Sarah Smith")
            .replace("child's name", "Jamie")
            .replace("parent's name", "Ms Smith")
            .replace("manager's name", "Joanne Firth")
            .replace("name, role", "Amira Patel, social worker")
    };
    let record = format!(
        "---\nchild: Jamie Smith\nparents: [Sarah Smith, Mark Smith]\nagency: childrens-social-care\nstage: [child-in-need]\ncontact-frequency: weekly\n---\n\n{}\n# Case record\n\n{}\n{}\n{}\n",
        body("casenote: genogram"),
        body("casenote: entry"),
        body("casenote: wishes and feelings"),
        body("casenote: decision with endorsement"),
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let findings = casenote::check(&record, &casenote::Config::default(), today);
    let rules: Vec<&str> = findings.iter().map(|d| d.rule).collect();
    assert!(rules.is_empty(), "the snippets' record has findings {rules:?}:\n{record}");
}
