//! `--format github`: GitHub Actions workflow commands, which show up as
//! annotations on the pull request.

use std::fmt::Write;

use super::{located, CheckedFile};
use crate::diagnostic::Severity;

pub fn render(files: &[CheckedFile]) -> String {
    let mut out = String::new();
    for found in located(files) {
        let level = match found.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&found.file.path),
            found.start.line,
            found.start.column,
            found.end.line,
            found.end.column,
            escape_property(&format!("casenote {}", found.diagnostic.rule)),
            escape_data(&found.diagnostic.message),
        );
    }
    out
}

/// The message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A `key=value` property: also `:` and `,`, which delimit properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::*;

    #[test]
    fn one_command_per_finding() {
        assert_eq!(
            render(&fixtures::files()),
            "::notice file=notes/a.md,line=3,col=14,endLine=3,endColumn=20,title=casenote vague-language::Vague: `as per`\n\
             ::warning file=notes/a.md,line=4,col=1,endLine=4,endColumn=22,title=casenote unlabelled-opinion::Opinion stated as fact\n"
        );
    }

    #[test]
    fn escapes_per_github_rules() {
        assert_eq!(escape_data("50% done\r\nnext: a, b"), "50%25 done%0D%0Anext: a, b");
        assert_eq!(escape_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
    }
}
