//! Code actions: the core's quick fixes, and on every finding "Disable RULE
//! for this line" (an inline suppression comment) and "Explain RULE".

use std::ops::Range;

use serde_json::json;
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, Uri};

use super::convert;
use super::settings::Settings;
use super::text::Text;
use super::EXPLAIN_COMMAND;
use crate::diagnostic::{Diagnostic, Edit};
use crate::model::Record;

/// The actions for the findings that touch byte range `range`.
pub fn code_actions(
    record: &Record,
    findings: &[Diagnostic],
    text: &Text,
    uri: &Uri,
    settings: &Settings,
    range: &Range<usize>,
) -> Vec<CodeActionOrCommand> {
    let mut fixes = Vec::new();
    let mut others: Vec<CodeAction> = Vec::new();
    for finding in
        findings.iter().filter(|f| f.span.start <= range.end && range.start <= f.span.end)
    {
        let diagnostic = convert::diagnostic(finding, text, uri, settings);
        for (i, fix) in finding.fixes.iter().enumerate() {
            fixes.push(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(convert::workspace_edit(&fix.edits, text, uri)),
                is_preferred: Some(i == 0),
                ..CodeAction::default()
            });
        }
        let mut push =
            |action: CodeAction| match others.iter_mut().find(|a| a.title == action.title) {
                // The same action for two findings: one entry, both findings.
                Some(existing) => {
                    if let (Some(all), Some(new)) =
                        (existing.diagnostics.as_mut(), action.diagnostics)
                    {
                        all.extend(new);
                    }
                }
                None => others.push(action),
            };
        let (title, edits) = disable(record, finding);
        if finding.rule != "unused-suppression" && !edits.is_empty() {
            push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(convert::workspace_edit(&edits, text, uri)),
                ..CodeAction::default()
            });
        }
        let title = format!("Explain {}", finding.rule);
        push(CodeAction {
            title: title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            command: Some(Command::new(
                title,
                EXPLAIN_COMMAND.to_owned(),
                Some(vec![json!(finding.rule)]),
            )),
            ..CodeAction::default()
        });
    }
    fixes.into_iter().chain(others).map(CodeActionOrCommand::CodeAction).collect()
}

/// The suppression comment for a finding, and the action's title:
/// `casenote-disable-next-line` above its line with the same indentation
/// (added to one already there); `casenote-disable` after the front matter
/// for findings on it (a comment above line 1 would break it), or at the
/// top for record-level findings on line 1 of a record without one;
/// `casenote-disable` … `casenote-enable` around a code block for findings
/// inside one (a comment inside would change the block).
fn disable(record: &Record, finding: &Diagnostic) -> (String, Vec<Edit>) {
    let text = record.text;
    let rule = finding.rule;
    let at = finding.span.start.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let newline = if text[line_start..].split('\n').next().is_some_and(|l| l.ends_with('\r')) {
        "\r\n"
    } else {
        "\n"
    };
    if let Some(front) =
        record.front_matter.span.as_ref().filter(|f| f.contains(&at) || f.start == at)
    {
        let title = format!("Disable {rule} for this record");
        let edit = Edit {
            span: front.end..front.end,
            text: format!("{newline}<!-- casenote-disable {rule} -->"),
        };
        return (title, vec![edit]);
    }
    // A record-level finding on line 1 of a record without front matter:
    // a comment above it would become line 1 and take the finding with it.
    if record.front_matter.span.is_none()
        && finding.span.start == 0
        && finding.span == record.record_span()
    {
        let title = format!("Disable {rule} for this record");
        let edit = Edit { span: 0..0, text: format!("<!-- casenote-disable {rule} -->{newline}") };
        return (title, vec![edit]);
    }
    if let Some(block) =
        record.code_spans.iter().find(|s| s.contains(&at) && text[(*s).clone()].contains('\n'))
    {
        let block_line = text[..block.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[block_line..block.start];
        let indent: String = indent.chars().take_while(|c| c.is_whitespace()).collect();
        let title = format!("Disable {rule} for this block");
        let end = text[block.end..].find('\n').map_or(text.len(), |i| block.end + i);
        let edits = vec![
            Edit {
                span: block_line..block_line,
                text: format!("{indent}<!-- casenote-disable {rule} -->{newline}"),
            },
            Edit {
                span: end..end,
                text: format!("{newline}{indent}<!-- casenote-enable {rule} -->"),
            },
        ];
        return (title, edits);
    }
    let title = format!("Disable {rule} for this line");
    // An existing comment on the line above: add the rule to it.
    if line_start > 0 {
        let above_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        let above = text[above_start..line_start - 1].trim_end_matches('\r');
        let trimmed = above.trim();
        if let Some(inner) = trimmed.strip_prefix("<!--").and_then(|t| t.strip_suffix("-->")) {
            let rules = inner.trim().strip_prefix("casenote-disable-next-line");
            if let Some(rules) =
                rules.filter(|r| !r.trim().is_empty() && r.starts_with(char::is_whitespace))
            {
                let close = above_start + above.rfind("-->").unwrap_or(above.len());
                let before_close = text[..close].trim_end().len();
                let listed = rules.split([',', ' ']).any(|r| r.trim() == rule);
                let edit = if listed {
                    Vec::new()
                } else {
                    vec![Edit { span: before_close..before_close, text: format!(", {rule}") }]
                };
                return (title, edit);
            }
        }
    }
    let indent: String =
        text[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let edit = Edit {
        span: line_start..line_start,
        text: format!("{indent}<!-- casenote-disable-next-line {rule} -->{newline}"),
    };
    (title, vec![edit])
}
