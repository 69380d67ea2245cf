//! Output formats for `casenote check`. Pure: each renderer takes records
//! that were already read and checked and returns the text to print.

mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod statistics;
mod text;

pub use github::render as github;
pub use gitlab::render as gitlab;
pub use json::render as json;
pub use junit::render as junit;
pub use sarif::render as sarif;
pub use statistics::render as statistics;
pub use text::{render as text, TextOptions};

use crate::diagnostic::Diagnostic;
use crate::text::{LineCol, LineIndex};

/// One record that was read and checked.
#[derive(Debug)]
pub struct CheckedFile {
    /// As printed: see `RecordPath::display`.
    pub path: String,
    pub text: String,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    index: LineIndex,
}

impl CheckedFile {
    pub fn new(path: String, text: String, mut diagnostics: Vec<Diagnostic>) -> Self {
        // The core sorts already; a stable sort keeps its order for ties and
        // guarantees the "sorted by position" promise of the JSON format.
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        let index = LineIndex::new(&text);
        CheckedFile { path, text, diagnostics, index }
    }

    /// 1-based start and (exclusive) end of a byte span, columns in characters.
    pub fn range(&self, span: &std::ops::Range<usize>) -> (LineCol, LineCol) {
        let start = self.index.line_col(&self.text, span.start);
        let end = self.index.line_col(&self.text, span.end.max(span.start));
        (start, end)
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }
}

/// A finding with its file and 1-based range, in output order.
pub(crate) struct Located<'a> {
    pub file: &'a CheckedFile,
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
}

pub(crate) fn located(files: &[CheckedFile]) -> impl Iterator<Item = Located<'_>> {
    files.iter().flat_map(|file| {
        file.diagnostics.iter().map(move |diagnostic| {
            let (start, end) = file.range(&diagnostic.span);
            Located { file, diagnostic, start, end }
        })
    })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::CheckedFile;
    use crate::diagnostic::{Diagnostic, Related, Severity};

    pub fn diagnostic(
        rule: &'static str,
        severity: Severity,
        message: &str,
        span: std::ops::Range<usize>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.to_owned(),
            span,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// Two records: one with an info and a warning (one with a related
    /// place), one clean.
    pub fn files() -> Vec<CheckedFile> {
        let text = "# Jamie\n\nI will visit as per the plan.\nZoë's home was dirty.\n";
        let vague = diagnostic("vague-language", Severity::Info, "Vague: `as per`", 22..28);
        let mut opinion =
            diagnostic("unlabelled-opinion", Severity::Warning, "Opinion stated as fact", 39..61);
        opinion.related.push(Related { span: 0..7, message: "record heading".to_owned() });
        vec![
            CheckedFile::new("notes/a.md".to_owned(), text.to_owned(), vec![opinion, vague]),
            CheckedFile::new("notes/b.md".to_owned(), "clean\n".to_owned(), Vec::new()),
        ]
    }
}
