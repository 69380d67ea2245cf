//! `--format junit`: JUnit XML for CI test reports. One test suite per
//! file checked; each finding is a failed test case named by its rule,
//! and a file with no findings one passing test case.

use std::fmt::Write;

use super::{located, CheckedFile};

pub fn render(files: &[CheckedFile]) -> String {
    let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let cases: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"casenote\" tests=\"{cases}\" failures=\"{total}\">");
    let findings: Vec<_> = located(files).collect();
    for file in files {
        let path = escape(&file.path);
        let failures = file.diagnostics.len();
        let tests = failures.max(1);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
        );
        if failures == 0 {
            let _ = writeln!(out, "    <testcase name=\"casenote\" classname=\"{path}\"/>");
        }
        for found in findings.iter().filter(|found| std::ptr::eq(found.file, file)) {
            let d = found.diagnostic;
            let _ = writeln!(
                out,
                "    <testcase name=\"{rule}\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n      \
                 <failure type=\"{severity}\" message=\"{message}\">{path}:{line}:{column}: {severity}[{rule}] {message}</failure>\n    \
                 </testcase>",
                rule = d.rule,
                line = found.start.line,
                column = found.start.column,
                severity = d.severity,
                message = escape(&d.message),
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text for an XML attribute or element, with characters XML 1.0 cannot
/// hold at all (control characters but tab and line breaks) dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn a_suite_per_file_and_a_failed_case_per_finding() {
        assert_eq!(
            render(&fixtures::files()),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="casenote" tests="3" failures="2">
  <testsuite name="notes/a.md" tests="2" failures="2" errors="0">
    <testcase name="vague-language" classname="notes/a.md" file="notes/a.md" line="3">
      <failure type="info" message="Vague: `as per`">notes/a.md:3:14: info[vague-language] Vague: `as per`</failure>
    </testcase>
    <testcase name="unlabelled-opinion" classname="notes/a.md" file="notes/a.md" line="4">
      <failure type="warning" message="Opinion stated as fact">notes/a.md:4:1: warning[unlabelled-opinion] Opinion stated as fact</failure>
    </testcase>
  </testsuite>
  <testsuite name="notes/b.md" tests="1" failures="0" errors="0">
    <testcase name="casenote" classname="notes/b.md"/>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
