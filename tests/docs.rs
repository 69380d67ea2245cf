//! The generated rule documentation in `docs/rules/` matches the rules'
//! own documentation, and every rule documents what the brief asks for.
//! Regenerate with `CASENOTE_UPDATE_DOCS=1 cargo test --test docs`.

use std::path::Path;

#[test]
fn generated_docs_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("CASENOTE_UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    let pages = casenote::docs::pages();
    for (name, text) in &pages {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, text).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    let expected: Vec<&String> = pages.iter().map(|(n, _)| n).collect();
    let extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| !expected.contains(&n))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is out of date (stale: {stale:?}, no longer generated: {extra:?}); run `CASENOTE_UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn every_rule_documents_what_why_examples_fix_and_configuration() {
    for meta in casenote::rules::metas() {
        for heading in [
            "## What it checks",
            "## Principle",
            "## Why it matters",
            "## Example",
            "## How to fix",
            "## Configuration",
        ] {
            assert!(meta.doc.contains(heading), "{} has no {heading:?}", meta.id);
        }
        assert!(
            meta.doc.contains("Bad") && meta.doc.contains("Good"),
            "{} needs a bad and a good example",
            meta.id
        );
        assert!(
            meta.doc.contains(&format!("{} = ", meta.id)),
            "{} shows no configuration line",
            meta.id
        );
        assert!(
            !meta.summary.ends_with('.'),
            "{}: the summary is a phrase without a full stop",
            meta.id
        );
        assert!(!meta.training_example.is_empty(), "{} has no training example", meta.id);
    }
}
