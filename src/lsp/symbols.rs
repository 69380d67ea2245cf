//! The outline of a record: document symbols (entries by date and title,
//! with their sections), folding ranges, and workspace symbols.

use std::ops::Range;

use tower_lsp_server::ls_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, Location, SymbolInformation, SymbolKind, Uri,
};

use super::text::Text;
use crate::model::{ContactKind, Entry, Heading, Record, Section};

/// What kind of entry, for the symbol's detail.
fn kind_detail(kind: ContactKind) -> Option<String> {
    Some(
        match kind {
            ContactKind::Contact => "contact",
            ContactKind::Correspondence => "correspondence",
            ContactKind::ManagementOversight => "management oversight",
            ContactKind::CaseNote => "case note",
            ContactKind::Supervision => "supervision",
            ContactKind::Unknown => return None,
        }
        .to_owned(),
    )
}

/// A span without its trailing blank lines and white space.
fn trimmed(record: &Record, span: &Range<usize>) -> Range<usize> {
    let end = span.end.min(record.text.len());
    let body = record.text.get(span.start..end).unwrap_or("");
    span.start..span.start + body.trim_end().len()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: Range<usize>,
    heading: &Heading,
    text: &Text,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.trim().is_empty() { "(untitled)".to_owned() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: text.range(&range),
        selection_range: text.range(&heading.span),
        children: None,
    }
}

/// Sections nested by heading level under their entry.
fn section_tree(record: &Record, sections: &[Section], text: &Text) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sections.len() {
        let section = &sections[i];
        let inner_end = sections[i + 1..]
            .iter()
            .position(|s| s.heading.level <= section.heading.level)
            .map_or(sections.len(), |k| i + 1 + k);
        let mut node = symbol(
            section.heading.text.clone(),
            None,
            SymbolKind::NAMESPACE,
            trimmed(record, &section.span),
            &section.heading,
            text,
        );
        let children = section_tree(record, &sections[i + 1..inner_end], text);
        node.children = (!children.is_empty()).then_some(children);
        out.push(node);
        i = inner_end;
    }
    out
}

/// The family composition section's span: its heading to the next heading
/// of the same or a higher level, or to the next entry (entries under a
/// `# Family composition` heading are not part of it).
fn family_span(record: &Record) -> Option<(Heading, Range<usize>)> {
    let heading = record.family_composition.clone()?;
    let end = record
        .headings
        .iter()
        .filter(|h| h.span.start > heading.span.start)
        .find(|h| {
            h.level <= heading.level || record.entries.iter().any(|e| e.heading.span == h.span)
        })
        .map_or(record.text.len(), |h| h.span.start);
    let span = heading.span.start..end;
    Some((heading, span))
}

fn entry_symbol(record: &Record, entry: &Entry, text: &Text) -> DocumentSymbol {
    let mut node = symbol(
        entry.heading.text.clone(),
        kind_detail(entry.kind),
        SymbolKind::EVENT,
        trimmed(record, &entry.span),
        &entry.heading,
        text,
    );
    let children = section_tree(record, &entry.sections, text);
    node.children = (!children.is_empty()).then_some(children);
    node
}

/// The record's outline, in document order.
pub fn document_symbols(record: &Record, text: &Text) -> Vec<DocumentSymbol> {
    let mut symbols: Vec<(usize, DocumentSymbol)> = Vec::new();
    if let Some((heading, span)) = family_span(record) {
        let node = symbol(
            heading.text.clone(),
            None,
            SymbolKind::STRUCT,
            trimmed(record, &span),
            &heading,
            text,
        );
        symbols.push((span.start, node));
    }
    for entry in &record.entries {
        // An entry nested inside another is listed under neither.
        symbols.push((entry.span.start, entry_symbol(record, entry, text)));
    }
    symbols.sort_by_key(|(start, _)| *start);
    symbols.into_iter().map(|(_, s)| s).collect()
}

/// The outline flattened, for clients without hierarchical symbols.
#[allow(deprecated)] // `SymbolInformation::deprecated` must be written out.
pub fn flat_symbols(
    symbols: &[DocumentSymbol],
    uri: &Uri,
    container: Option<&str>,
) -> Vec<SymbolInformation> {
    let mut out = Vec::new();
    for symbol in symbols {
        out.push(SymbolInformation {
            name: symbol.name.clone(),
            kind: symbol.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), symbol.range),
            container_name: container.map(str::to_owned),
        });
        if let Some(children) = &symbol.children {
            out.extend(flat_symbols(children, uri, Some(&symbol.name)));
        }
    }
    out
}

/// Folding ranges: front matter, family composition, genogram block,
/// entries and sections.
pub fn folding_ranges(record: &Record, text: &Text) -> Vec<FoldingRange> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    spans.extend(record.front_matter.span.clone());
    spans.extend(family_span(record).map(|(_, span)| span));
    spans.extend(record.genogram.as_ref().map(|g| g.span.clone()));
    for entry in &record.entries {
        spans.push(entry.span.clone());
        spans.extend(entry.sections.iter().map(|s| s.span.clone()));
    }
    let mut ranges: Vec<FoldingRange> = spans
        .iter()
        .filter_map(|span| {
            let span = trimmed(record, span);
            let start_line = text.line_of(span.start);
            let end_line = text.last_line(&span);
            (end_line > start_line).then(|| FoldingRange {
                start_line: u32::try_from(start_line).unwrap_or(u32::MAX),
                start_character: None,
                end_line: u32::try_from(end_line).unwrap_or(u32::MAX),
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect();
    ranges.sort_by_key(|r| (r.start_line, std::cmp::Reverse(r.end_line)));
    ranges.dedup_by_key(|r| (r.start_line, r.end_line));
    ranges
}

/// Whether a workspace-symbol query matches a name: every word of the
/// query appears in it, ignoring case.
pub fn matches_query(name: &str, query: &str) -> bool {
    let name = name.to_lowercase();
    query.to_lowercase().split_whitespace().all(|word| name.contains(word))
}
