//! `casenote rules` and `casenote explain RULE`.

use std::fmt::Write;

use crate::config::suggest_rule;
use crate::rules::{metas, RuleMeta};

use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_TROUBLE};

pub fn list() -> i32 {
    let rules: Vec<&RuleMeta> = metas().collect();
    print_stdout(&rules_table(&rules));
    EXIT_CLEAN
}

pub fn explain(id: &str) -> i32 {
    let id = id.trim();
    match crate::rules::meta(id) {
        Some(meta) => {
            print_stdout(&explanation(meta));
            EXIT_CLEAN
        }
        None => {
            let hint =
                suggest_rule(id).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            Stderr::default().error(format_args!(
                "unknown rule `{id}`{hint}; run `casenote rules` to list every rule"
            ));
            EXIT_TROUBLE
        }
    }
}

/// Rules grouped by principle (in registry order of first appearance), one
/// aligned line each: `  id  default-severity  summary`.
pub fn rules_table(rules: &[&RuleMeta]) -> String {
    if rules.is_empty() {
        return "No rules are registered.\n".to_owned();
    }
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let severity_width = rules.iter().map(|r| r.default_severity.as_str().len()).max().unwrap_or(0);
    let mut principles = Vec::new();
    for rule in rules {
        if !principles.contains(&rule.principle) {
            principles.push(rule.principle);
        }
    }
    let mut out = String::new();
    for principle in principles {
        let _ = writeln!(out, "{}", principle.title());
        for rule in rules.iter().filter(|r| r.principle == principle) {
            let severity = rule.default_severity.as_str();
            let _ = writeln!(
                out,
                "  {:id_width$}  {severity:severity_width$}  {}",
                rule.id, rule.summary
            );
        }
        out.push('\n');
    }
    out.push_str("Run `casenote explain RULE` for a rule's documentation.\n");
    out
}

/// A title line (id, default severity, principle), then the documentation.
pub fn explanation(meta: &RuleMeta) -> String {
    format!(
        "{} (default severity: {}; principle: {})\n\n{}\n",
        meta.id,
        meta.default_severity,
        meta.principle.title(),
        meta.doc.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::rules::Principle;

    static OPINION: RuleMeta = RuleMeta {
        id: "unlabelled-opinion",
        default_severity: Severity::Warning,
        principle: Principle::FactAndOpinion,
        summary: "An opinion stated as fact",
        doc: "\nWhy: records go to court.\n",
        training_example: "",
    };
    static VAGUE: RuleMeta = RuleMeta {
        id: "vague-language",
        default_severity: Severity::Info,
        principle: Principle::Language,
        summary: "Vague phrases",
        doc: "",
        training_example: "",
    };
    static HYPOTHESIS: RuleMeta = RuleMeta {
        id: "unlabelled-hypothesis",
        default_severity: Severity::Warning,
        principle: Principle::FactAndOpinion,
        summary: "Speculation stated as fact",
        doc: "",
        training_example: "",
    };

    #[test]
    fn table_groups_by_principle_and_aligns_columns() {
        assert_eq!(
            rules_table(&[&OPINION, &VAGUE, &HYPOTHESIS]),
            "\
Fact, opinion, judgement and hypothesis
  unlabelled-opinion     warning  An opinion stated as fact
  unlabelled-hypothesis  warning  Speculation stated as fact

Clear, straightforward language
  vague-language         info     Vague phrases

Run `casenote explain RULE` for a rule's documentation.
"
        );
    }

    #[test]
    fn explanation_has_a_title_line_then_the_doc() {
        assert_eq!(
            explanation(&OPINION),
            "unlabelled-opinion (default severity: warning; principle: Fact, opinion, judgement and hypothesis)\n\n\
             Why: records go to court.\n"
        );
    }
}
