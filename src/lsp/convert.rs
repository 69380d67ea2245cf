//! The core's findings and fixes as LSP diagnostics and workspace edits.

use std::collections::HashMap;
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DiagnosticTag, Location, NumberOrString, TextEdit, Uri, WorkspaceEdit,
};

use super::settings::Settings;
use super::text::{Positions, Text};
use crate::diagnostic::{Diagnostic, Edit, Severity};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "casenote";

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// One finding as an LSP diagnostic: `code` is the rule id, related places
/// point into the same document, and `codeDescription` links the rule's
/// documentation when a base URL is configured.
pub fn diagnostic(
    finding: &Diagnostic,
    text: &impl Positions,
    uri: &Uri,
    settings: &Settings,
) -> LspDiagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&related.span)),
            message: related.message.clone(),
        })
        .collect();
    let code_description = settings
        .rule_url(finding.rule)
        .and_then(|url| Uri::from_str(&url).ok())
        .map(|href| CodeDescription { href });
    LspDiagnostic {
        range: text.range(&finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description,
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        // A suppression that suppresses nothing is exactly what the
        // "unnecessary" tag is for (editors fade it out); nothing else is.
        tags: (finding.rule == "unused-suppression").then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// Byte-span edits of one document as a workspace edit.
pub fn workspace_edit(edits: &[Edit], text: &Text, uri: &Uri) -> WorkspaceEdit {
    let edits =
        edits.iter().map(|edit| TextEdit::new(text.range(&edit.span), edit.text.clone())).collect();
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}
