//! Rule documentation pages, generated from each rule's own metadata
//! (`docs/rules/<rule-id>.md` and an index grouped by principle). A test
//! keeps the files in `docs/rules/` in sync with the code.

use crate::rules::{self, Principle, RuleMeta};

/// The page for one rule.
pub fn rule_page(meta: &RuleMeta) -> String {
    format!(
        "<!-- Generated from src/rules: edit the rule's file, then run `CASENOTE_UPDATE_DOCS=1 cargo test --test docs`. -->\n\n\
         # `{id}`\n\n{summary}.\n\n\
         | default severity | principle |\n|---|---|\n| {severity} | {principle} |\n\n\
         {doc}\n\
         In training mode, the message adds the principle and a better version: {example}\n",
        id = meta.id,
        summary = meta.summary,
        severity = meta.default_severity,
        principle = meta.principle.title(),
        doc = meta.doc.trim_end().to_string() + "\n",
        example = meta.training_example,
    )
}

/// The index: every rule, grouped by the principle it comes from.
pub fn index_page() -> String {
    let mut principles: Vec<Principle> = rules::metas().map(|m| m.principle).collect();
    principles.sort();
    principles.dedup();
    let mut out = String::from(
        "<!-- Generated from src/rules: run `CASENOTE_UPDATE_DOCS=1 cargo test --test docs` after changing a rule. -->\n\n\
         # casenote rules\n\nEvery rule, grouped by the recording principle it comes from. \
         `casenote explain RULE` prints the same page in a terminal.\n",
    );
    for principle in principles {
        out.push_str(&format!(
            "\n## {}\n\n| rule | default | what it checks |\n|---|---|---|\n",
            principle.title()
        ));
        for meta in rules::metas().filter(|m| m.principle == principle) {
            out.push_str(&format!(
                "| [`{id}`]({id}.md) | {} | {} |\n",
                meta.default_severity,
                meta.summary,
                id = meta.id
            ));
        }
    }
    out
}

/// Every generated file: its name under `docs/rules/` and its text.
pub fn pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> =
        rules::metas().map(|m| (format!("{}.md", m.id), rule_page(m))).collect();
    pages.push(("README.md".to_string(), index_page()));
    pages
}
