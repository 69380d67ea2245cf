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
    with_alongside(finding, &[], text, uri, settings)
}

/// At most this many other findings are named in one finding's related
/// information (a heading rarely carries more).
const ALONGSIDE_NAMED: usize = 5;

/// `finding` as a diagnostic whose related information also names the
/// other findings of `group` (those that start where it starts): editors
/// stack findings on one heading or sentence on top of one another, and the
/// list keeps each of them readable from any one.
fn with_alongside(
    finding: &Diagnostic,
    group: &[Diagnostic],
    text: &impl Positions,
    uri: &Uri,
    settings: &Settings,
) -> LspDiagnostic {
    let mut related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&related.span)),
            message: related.message.clone(),
        })
        .collect();
    // Bounded: at most ALONGSIDE_NAMED + 1 of the group are read.
    let others = group.iter().filter(|other| !std::ptr::eq(*other, finding));
    for other in others.take(ALONGSIDE_NAMED) {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&other.span)),
            message: format!("also here: {} ({}): {}", other.rule, other.severity, other.message),
        });
    }
    let more = group.len().saturating_sub(1 + ALONGSIDE_NAMED);
    if more > 0 {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(&finding.span)),
            message: format!("and {more} more findings here"),
        });
    }
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

/// Every finding of `findings` (sorted by start, as the core gives them)
/// as a diagnostic, each naming the others that start where it does.
pub fn diagnostics(
    findings: &[Diagnostic],
    text: &impl Positions,
    uri: &Uri,
    settings: &Settings,
) -> Vec<LspDiagnostic> {
    let mut out = Vec::with_capacity(findings.len());
    let mut start = 0;
    while start < findings.len() {
        let at = findings[start].span.start;
        let end = start + findings[start..].iter().take_while(|f| f.span.start == at).count();
        let group = &findings[start..end];
        out.extend(group.iter().map(|f| with_alongside(f, group, text, uri, settings)));
        start = end;
    }
    out
}

/// Byte-span edits of one document as a workspace edit. Inserted line
/// breaks take the document's own line ending (the core writes `\n`).
pub fn workspace_edit(edits: &[Edit], text: &Text, uri: &Uri) -> WorkspaceEdit {
    let ending = text.line_ending();
    let edits = edits
        .iter()
        .map(|edit| {
            let inserted = crate::text::with_line_ending(&edit.text, ending).into_owned();
            TextEdit::new(text.range(&edit.span), inserted)
        })
        .collect();
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}

/// The LSP diagnostics of the last publish of a document, by the unit
/// (entry) of the record they fall in, so that after an edit only the
/// findings of changed entries are converted again. A unit starts at the
/// start of a line, so a finding inside it keeps its columns when lines
/// before it come or go: only its line numbers move. Each unit also keeps
/// its diagnostics as JSON for the line it last started on, so that a
/// publish copies the JSON of every unit that did not move.
#[derive(Default)]
pub struct Converted {
    /// By the unit's text hash.
    units: rustc_hash::FxHashMap<u128, Unit>,
    /// What the diagnostics were converted under: the settings (by their
    /// epoch) and encoding.
    under: Option<(u64, super::text::Encoding)>,
    /// Findings converted, not reused, by the last call.
    pub converted: usize,
    /// The length of the last JSON array.
    json_len: usize,
}

/// The diagnostics of one unit.
struct Unit {
    /// Its findings (spans relative to the unit) and their diagnostics
    /// (lines relative to the unit's first line).
    entries: Vec<(Diagnostic, LspDiagnostic)>,
    /// The diagnostics as JSON array elements, comma-separated, for the
    /// unit starting on this line.
    json: Option<(u32, Vec<u8>)>,
}

/// The diagnostics of a publish, in order.
enum Piece {
    /// The diagnostics of a unit (by its key), starting on this line.
    Unit(u128, u32),
    /// Diagnostics that are not kept by unit.
    Loose(Vec<LspDiagnostic>),
}

/// What a publish is made of.
pub struct Publish<'a> {
    /// Sorted by start, as the core gives them.
    pub findings: &'a [Diagnostic],
    /// The record's units (span, text hash) as the analyzer split it.
    pub units: &'a [(std::ops::Range<usize>, u128)],
    pub positions: &'a Text,
    pub uri: &'a Uri,
    pub settings: &'a Settings,
    /// Bumped when the settings change.
    pub settings_epoch: u64,
}

impl Converted {
    /// The findings as LSP diagnostics, reusing those of unchanged units.
    pub fn diagnostics(&mut self, of: &Publish) -> Vec<LspDiagnostic> {
        let pieces = self.update(of);
        let mut out = Vec::with_capacity(of.findings.len());
        for piece in pieces {
            match piece {
                Piece::Unit(key, first_line) => {
                    out.extend(self.units[&key].entries.iter().map(|(_, lsp)| {
                        let mut lsp = lsp.clone();
                        shift_lines(&mut lsp, first_line, true);
                        lsp
                    }));
                }
                Piece::Loose(diagnostics) => out.extend(diagnostics),
            }
        }
        out
    }

    /// Appends [`Converted::diagnostics`] to `out` as a JSON array, and
    /// says how many there are.
    pub fn json(&mut self, of: &Publish, out: &mut Vec<u8>) -> usize {
        let pieces = self.update(of);
        // About as long as the last one: one allocation, not a doubling
        // chain of copies of a publish that may be megabytes long.
        out.reserve(self.json_len + self.json_len / 8 + 64);
        let opening = out.len();
        out.push(b'[');
        let mut count = 0;
        let separate = |out: &mut Vec<u8>| {
            if out.len() > opening + 1 {
                out.push(b',');
            }
        };
        for piece in pieces {
            match piece {
                Piece::Unit(key, first_line) => {
                    let unit = self.units.get_mut(&key).expect("kept by update");
                    count += unit.entries.len();
                    if unit.entries.is_empty() {
                        continue;
                    }
                    if unit.json.as_ref().is_none_or(|(line, _)| *line != first_line) {
                        let mut json = Vec::new();
                        for (i, (_, lsp)) in unit.entries.iter().enumerate() {
                            let mut lsp = lsp.clone();
                            shift_lines(&mut lsp, first_line, true);
                            if i > 0 {
                                json.push(b',');
                            }
                            serde_json::to_writer(&mut json, &lsp).expect("serialisable");
                        }
                        unit.json = Some((first_line, json));
                    }
                    separate(out);
                    out.extend_from_slice(&unit.json.as_ref().expect("just made").1);
                }
                Piece::Loose(diagnostics) => {
                    count += diagnostics.len();
                    for lsp in &diagnostics {
                        separate(out);
                        serde_json::to_writer(&mut *out, lsp).expect("serialisable");
                    }
                }
            }
        }
        out.push(b']');
        self.json_len = out.len() - opening;
        count
    }

    /// Converts what changed since the last call, and says in which order
    /// the kept units and the loose diagnostics are published.
    fn update(&mut self, of: &Publish) -> Vec<Piece> {
        let Publish { findings, units, positions, uri, settings, settings_epoch } = *of;
        let under = (settings_epoch, positions.encoding());
        if self.under != Some(under) {
            self.units.clear();
            self.under = Some(under);
        }
        let mut previous = std::mem::take(&mut self.units);
        self.converted = 0;
        let mut pieces = Vec::new();
        let mut unit = 0;
        let mut i = 0;
        while i < findings.len() {
            let finding = &findings[i];
            while unit + 1 < units.len() && units[unit + 1].0.start <= finding.span.start {
                unit += 1;
            }
            let Some((span, key)) = units.get(unit) else {
                // No units: the findings are converted as they are.
                pieces.push(Piece::Loose(diagnostics(&findings[i..], positions, uri, settings)));
                self.converted += findings.len() - i;
                break;
            };
            // The run of findings that start in this unit.
            let end = findings[i..]
                .iter()
                .position(|f| f.span.start >= span.end && unit + 1 < units.len())
                .map_or(findings.len(), |n| i + n);
            let run = &findings[i..end];
            i = end;
            let inside = |f: &Diagnostic| {
                f.span.end <= span.end
                    && f.related
                        .iter()
                        .all(|r| r.span.start >= span.start && r.span.end <= span.end)
            };
            // A unit's text occurs once in a record but for copies: the
            // second copy's diagnostics are not kept by unit.
            if !run.iter().all(inside) || self.units.contains_key(key) {
                pieces.push(Piece::Loose(diagnostics(run, positions, uri, settings)));
                self.converted += run.len();
                continue;
            }
            let first_line = u32::try_from(positions.line_of(span.start)).unwrap_or(u32::MAX);
            let at_line_start =
                span.start == 0 || matches!(positions.byte(span.start - 1), Some(b'\n' | b'\r'));
            let reusable = previous.remove(key).filter(|cached| {
                at_line_start
                    && cached.entries.len() == run.len()
                    && cached
                        .entries
                        .iter()
                        .zip(run)
                        .all(|((old, _), new)| same(old, new, span.start))
            });
            let kept = match reusable {
                Some(cached) => cached,
                None => {
                    self.converted += run.len();
                    // Findings that start together are in one run: their
                    // diagnostics name each other, and are reused together.
                    let entries = run
                        .iter()
                        .zip(diagnostics(run, positions, uri, settings))
                        .map(|(f, mut lsp)| {
                            shift_lines(&mut lsp, first_line, false);
                            (relative(f, span.start), lsp)
                        })
                        .collect();
                    Unit { entries, json: None }
                }
            };
            self.units.insert(*key, kept);
            pieces.push(Piece::Unit(*key, first_line));
        }
        pieces
    }
}

/// Moves every line of a diagnostic's ranges by `lines`, down or up.
fn shift_lines(diagnostic: &mut LspDiagnostic, lines: u32, down: bool) {
    let shift = |line: &mut u32| {
        *line = if down { line.saturating_add(lines) } else { line.saturating_sub(lines) };
    };
    let mut ranges = vec![&mut diagnostic.range];
    if let Some(related) = &mut diagnostic.related_information {
        ranges.extend(related.iter_mut().map(|r| &mut r.location.range));
    }
    for range in ranges {
        shift(&mut range.start.line);
        shift(&mut range.end.line);
    }
}

/// What of a finding its diagnostic shows, with spans relative to `base`.
fn relative(finding: &Diagnostic, base: usize) -> Diagnostic {
    Diagnostic {
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message.clone(),
        span: finding.span.start - base..finding.span.end - base,
        related: finding
            .related
            .iter()
            .map(|r| crate::diagnostic::Related {
                span: r.span.start - base..r.span.end - base,
                message: r.message.clone(),
            })
            .collect(),
        fixes: Vec::new(),
    }
}

/// Whether `new` (record offsets) shows as `old` (relative to `base`) does.
fn same(old: &Diagnostic, new: &Diagnostic, base: usize) -> bool {
    old.rule == new.rule
        && old.severity == new.severity
        && old.span.start + base == new.span.start
        && old.span.end + base == new.span.end
        && old.message == new.message
        && old.related.len() == new.related.len()
        && old.related.iter().zip(&new.related).all(|(a, b)| {
            a.span.start + base == b.span.start
                && a.span.end + base == b.span.end
                && a.message == b.message
        })
}
