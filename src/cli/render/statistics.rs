//! `check --statistics`: how many findings each rule gave, most first,
//! with `[*]` where `--fix` can fix them.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::CheckedFile;
use crate::diagnostic::Severity;

pub fn render(files: &[CheckedFile], colour: bool) -> String {
    let mut by_rule: BTreeMap<&str, (usize, Severity, bool)> = BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        let entry = by_rule.entry(d.rule).or_insert((0, d.severity, false));
        entry.0 += 1;
        entry.1 = entry.1.max(d.severity);
        entry.2 |= crate::cli::fix_is_safe(d) && !d.fixes.is_empty();
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(_, (n, _, _))| n.to_string().len()).max().unwrap_or(1);
    let rule_width = rows.iter().map(|(rule, _)| rule.len()).max().unwrap_or(0);
    let bold = anstyle::Style::new().bold();
    let mut out = String::new();
    for (rule, (count, severity, fixable)) in rows {
        let marker = if fixable { " [*]" } else { "" };
        let rule = if colour {
            format!("{bold}{rule:<rule_width$}{bold:#}")
        } else {
            format!("{rule:<rule_width$}")
        };
        let _ = writeln!(out, "{count:>width$}  {rule}  {severity}{marker}");
    }
    if out.is_empty() {
        out.push_str("No problems found.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn counts_per_rule_most_first() {
        assert_eq!(
            render(&fixtures::files(), false),
            "1  unlabelled-opinion  warning\n1  vague-language      info\n"
        );
        assert_eq!(render(&[], false), "No problems found.\n");
    }
}
