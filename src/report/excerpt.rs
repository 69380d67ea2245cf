//! The flagged entries: each finding with its position, the entry it is in,
//! and the sentence, heading or line it marks, in context.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Record;
use crate::text::{floor_char_boundary, LineIndex};

/// Characters of context kept either side of the marked text.
const CONTEXT_CHARS: usize = 160;
/// Characters of marked text kept.
const MARKED_CHARS: usize = 400;

/// What a finding marks, with the text around it (whitespace collapsed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub kind: ExcerptKind,
    pub before: String,
    pub marked: String,
    pub after: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExcerptKind {
    /// In a sentence of the record's prose.
    Sentence,
    /// A heading (entry findings mark the entry's heading).
    Heading,
    /// Any other line (a field, a genogram line).
    Line,
    /// The whole record (record findings mark the front matter).
    Record,
}

/// One finding as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// 1-based line and character column where the finding starts.
    pub line: usize,
    pub column: usize,
    /// Index of the entry it is in (into the record's entries and timeline).
    pub entry: Option<usize>,
    pub excerpt: Excerpt,
    /// Other places that explain it: 1-based line and what is there.
    pub related: Vec<(usize, String)>,
}

/// Every finding of `diagnostics`, in order, with its excerpt.
///
/// Linear in the record and the findings: entries, sentences and headings
/// are found by binary search, positions through one [`LineIndex`], and
/// each excerpt reads only the characters it keeps.
pub fn flagged(record: &Record, diagnostics: &[Diagnostic]) -> Vec<Flagged> {
    let text = record.text;
    let index = LineIndex::new(text);
    let places = Places::new(record);
    diagnostics
        .iter()
        .map(|d| {
            let at = index.line_col(text, d.span.start);
            Flagged {
                rule: d.rule,
                severity: d.severity,
                message: d.message.clone(),
                line: at.line,
                column: at.column,
                entry: places.entry(record, d.span.start),
                excerpt: excerpt(record, &index, &places, &d.span),
                related: d
                    .related
                    .iter()
                    .map(|r| (index.line_of(r.span.start.min(text.len())) + 1, r.message.clone()))
                    .collect(),
            }
        })
        .collect()
}

/// The record's entries, sentences and headings, ready for binary search.
struct Places {
    /// Entries that no other entry holds, by start (entries nest: a
    /// dated heading of a deeper level inside an entry is another entry
    /// inside it, so the first entry holding an offset is one of these).
    outer_entries: Vec<usize>,
    /// Sentence spans in document order (sentences do not overlap).
    sentences: Vec<std::ops::Range<usize>>,
}

impl Places {
    fn new(record: &Record) -> Self {
        let mut outer_entries: Vec<usize> = Vec::new();
        for (i, entry) in record.entries.iter().enumerate() {
            let held = outer_entries
                .last()
                .is_some_and(|&o| record.entries[o].span.contains(&entry.span.start));
            if !held {
                outer_entries.push(i);
            }
        }
        let mut sentences: Vec<_> =
            record.blocks.iter().flat_map(|b| &b.sentences).map(|s| s.span.clone()).collect();
        sentences.sort_by_key(|s| s.start);
        Places { outer_entries, sentences }
    }

    /// The first entry holding `offset`.
    fn entry(&self, record: &Record, offset: usize) -> Option<usize> {
        let after = self.outer_entries.partition_point(|&i| record.entries[i].span.start <= offset);
        let candidate = *self.outer_entries.get(after.checked_sub(1)?)?;
        record.entries[candidate].span.contains(&offset).then_some(candidate)
    }

    /// The sentence holding `offset` (an empty sentence holds its start).
    fn sentence(&self, offset: usize) -> Option<std::ops::Range<usize>> {
        let after = self.sentences.partition_point(|s| s.start <= offset);
        let s = self.sentences.get(after.checked_sub(1)?)?;
        (offset < s.end.max(s.start + 1)).then(|| s.clone())
    }
}

fn excerpt(
    record: &Record,
    index: &LineIndex,
    places: &Places,
    span: &std::ops::Range<usize>,
) -> Excerpt {
    let text = record.text;
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    // Record-level findings: the whole block (invalid-front-matter) or its
    // opening line (the record span, SPEC §4).
    if record
        .front_matter
        .span
        .as_ref()
        .is_some_and(|f| (f.start == start && f.end == end) || record.record_span() == (start..end))
    {
        return Excerpt {
            kind: ExcerptKind::Record,
            before: String::new(),
            marked: String::new(),
            after: String::new(),
        };
    }
    let heading = || {
        let after = record.headings.partition_point(|h| h.span.start <= start);
        let h = &record.headings[after.checked_sub(1)?];
        (start < h.span.end.max(h.span.start + 1)).then(|| h.span.clone())
    };
    let (kind, around) = match places.sentence(start) {
        Some(s) => (ExcerptKind::Sentence, s),
        None => match heading() {
            Some(h) => (ExcerptKind::Heading, h),
            None => (ExcerptKind::Line, index.line_range(text, index.line_of(start))),
        },
    };
    let around = floor_char_boundary(text, around.start.min(start))
        ..floor_char_boundary(text, around.end.max(start));
    let marked_end = end.clamp(start, around.end);
    Excerpt {
        kind,
        before: collapsed_end(&text[around.start..start], CONTEXT_CHARS),
        marked: collapsed_start(&text[start..marked_end], MARKED_CHARS),
        after: collapsed_start(&text[marked_end..around.end], CONTEXT_CHARS),
    }
}

/// `keep_start(&collapse(text), n)`, reading only as far as it keeps.
fn collapsed_start(text: &str, n: usize) -> String {
    let mut out = String::new();
    let (mut kept, mut space, mut read) = (0, false, 0);
    for c in text.chars() {
        read += 1;
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            space = false;
            if kept == n {
                crate::work::add(read);
                return out + "…";
            }
            out.push(' ');
            kept += 1;
        }
        if kept == n {
            crate::work::add(read);
            return out + "…";
        }
        out.push(c);
        kept += 1;
    }
    crate::work::add(read);
    if space {
        if kept == n {
            return out + "…";
        }
        out.push(' ');
    }
    out
}

/// `keep_end(&collapse(text), n)`, reading back only as far as it keeps.
fn collapsed_end(text: &str, n: usize) -> String {
    let mut reversed: Vec<char> = Vec::new();
    let (mut space, mut cut, mut read) = (false, false, 0);
    for c in text.chars().rev() {
        read += 1;
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            space = false;
            if reversed.len() == n {
                cut = true;
                break;
            }
            reversed.push(' ');
        }
        if reversed.len() == n {
            cut = true;
            break;
        }
        reversed.push(c);
    }
    crate::work::add(read);
    if space && !cut {
        if reversed.len() == n {
            cut = true;
        } else {
            reversed.push(' ');
        }
    }
    let kept: String = reversed.into_iter().rev().collect();
    if cut {
        format!("…{kept}")
    } else {
        kept
    }
}

/// Runs of white space as one space (keeping a leading or trailing one).
#[cfg(test)]
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The first `n` characters, with `…` when cut.
#[cfg(test)]
fn keep_start(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The last `n` characters, with `…` when cut.
#[cfg(test)]
fn keep_end(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_owned();
    }
    let at = text.char_indices().nth(count - n).map_or(0, |(at, _)| at);
    format!("…{}", &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::parse::parse;
    use chrono::NaiveDate;

    fn flag(text: &str) -> Vec<Flagged> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        flagged(&parse(text), &crate::check(text, &Config::default(), today))
    }

    #[test]
    fn a_sentence_finding_keeps_its_sentence() {
        let text = "## 2026-11-03 — Case note\n\nRecorded: 2026-11-03\n\nI rang the school. The home was\nchaotic today. Jamie was at school.\n";
        let found = flag(text);
        let opinion = found.iter().find(|f| f.rule == "unlabelled-opinion").unwrap();
        assert_eq!((opinion.line, opinion.entry), (5, Some(0)));
        assert_eq!(opinion.excerpt.kind, ExcerptKind::Sentence);
        let e = &opinion.excerpt;
        assert_eq!(
            format!("{}[{}]{}", e.before, e.marked, e.after),
            "[The home was chaotic today.]"
        );
    }

    #[test]
    fn entry_findings_show_the_heading_and_record_findings_the_record() {
        let text = "---\nchild: Jamie Smith\nagency: childrens-social-care\nstage: [child-in-need]\n---\n\n## 2026-11-03 — Update\n\nRecorded: 2026-11-03\n\nNothing new.\n";
        let found = flag(text);
        let nature = found.iter().find(|f| f.rule == "missing-contact-nature").unwrap();
        assert_eq!(nature.excerpt.kind, ExcerptKind::Heading);
        assert_eq!(nature.excerpt.marked, "## 2026-11-03 — Update");
        assert_eq!((nature.line, nature.column), (7, 1));
        let family = found.iter().find(|f| f.rule == "missing-family-composition").unwrap();
        assert_eq!(
            (family.excerpt.kind, family.entry, family.line),
            (ExcerptKind::Record, None, 1)
        );
    }

    #[test]
    fn long_context_is_cut_at_character_boundaries() {
        assert_eq!(keep_start("ééééé", 3), "ééé…");
        assert_eq!(keep_end("ééééé", 2), "…éé");
        assert_eq!(keep_end("ab", 2), "ab");
        for text in ["", " ", "a", " a ", "ab  cd\n ef ", "  ééé  é ", "a b c d e f g h"] {
            for n in 1..8 {
                assert_eq!(
                    collapsed_start(text, n),
                    keep_start(&collapse(text), n),
                    "{text:?} {n}"
                );
                assert_eq!(collapsed_end(text, n), keep_end(&collapse(text), n), "{text:?} {n}");
            }
        }
        assert_eq!(collapse(" a \n\n b "), " a b ");
    }
}
