//! What the analysis core hands out: findings with byte spans, no editor types.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered so that `Error > Warning > Info > Hint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place elsewhere in the record that explains a finding
/// (e.g. the `Present` line that names a person whose views are missing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// Replace the bytes of `span` with `text` (an insertion when `span` is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub text: String,
}

/// A change that resolves a finding, for an editor's quick fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn insert(title: impl Into<String>, at: usize, text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit { span: at..at, text: text.into() }] }
    }

    pub fn replace(title: impl Into<String>, span: Range<usize>, text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit { span, text: text.into() }] }
    }

    /// The text after applying the fix (edits must not overlap). Inserted
    /// line breaks take the text's own line ending, as in the server.
    pub fn apply(&self, text: &str) -> String {
        let ending = crate::text::line_ending(text);
        let mut edits = self.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for edit in edits {
            out.replace_range(
                edit.span.clone(),
                &crate::text::with_line_ending(&edit.text, ending),
            );
        }
        out
    }
}

/// One finding. `span` is a byte range into the record's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    pub related: Vec<Related>,
    /// Quick fixes, most likely first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The diagnostic moved `by` bytes later (past a byte-order mark the
    /// analysis did not read), with its related places and fixes.
    pub fn shifted(mut self, by: usize) -> Self {
        let shift = |span: &mut Range<usize>| *span = span.start + by..span.end + by;
        shift(&mut self.span);
        self.related.iter_mut().for_each(|r| shift(&mut r.span));
        self.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()).for_each(|e| shift(&mut e.span));
        self
    }
}
