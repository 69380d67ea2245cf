//! One analysed version of a record, shared by every request: its text,
//! its findings, and how it splits into units. A request reads the record
//! by parsing only the units it needs (`parse::assemble`): the unit at its
//! position and those holding what the whole record reads. No whole-record
//! parse is kept, so a version costs its text and findings, and a keystroke
//! never waits behind a parse of the whole record. A newer analysed version
//! replaces it; the last request holding it frees it.
//!
//! A request's partial record is laid out at the offsets of the whole text
//! in [`Sparse`] strings, which cost memory only where written: a hover in
//! a 20 MB record copies a few units, not the record three times.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::sparse::Sparse;
use super::text::Text;
use crate::diagnostic::Diagnostic;
use crate::model::Record;
use crate::parse::assemble::{parse_parts, parse_units};

/// A version of a record that has been linted.
pub struct Analysed {
    pub version: i32,
    /// The text of that version (a rope: shares unchanged nodes with the
    /// live document), for positions.
    pub text: Text,
    pub findings: Arc<Vec<Diagnostic>>,
    /// The units of the text, in order, covering it.
    units: Vec<Range<usize>>,
    /// The units every partial read includes (see
    /// `Analyzer::record_wide_units`).
    record_wide: Vec<usize>,
}

impl Analysed {
    pub fn new(
        version: i32,
        text: Text,
        findings: Arc<Vec<Diagnostic>>,
        units: Vec<Range<usize>>,
        record_wide: Vec<usize>,
    ) -> Analysed {
        Analysed { version, text, findings, units, record_wide }
    }

    /// The text in one piece, as the core read it (a lone CR read as LF:
    /// same offsets), for the parses below. Copied from the rope for each
    /// request: a version keeps only its rope, not a second copy of a
    /// text that may be megabytes long.
    pub fn source(&self) -> String {
        let whole = self.text.to_text();
        match crate::text::lf_line_breaks(&whole) {
            std::borrow::Cow::Borrowed(_) => whole,
            std::borrow::Cow::Owned(lf) => lf,
        }
    }

    /// Reads the record as far as the units touching `span` and the
    /// record-wide units go: everything a request at `span` reads, at
    /// offsets of the whole text.
    ///
    /// Its text holds those units and the line before each (a request
    /// looks back to its line's start, and a suppression comment for an
    /// entry's first line sits on the line above); everywhere else it is
    /// NUL bytes, as are its masks outside those units.
    pub fn with_record_around<T>(
        &self,
        span: Range<usize>,
        read: impl FnOnce(&Record<'_>) -> T,
    ) -> T {
        let first = self.units.partition_point(|u| u.end < span.start);
        let last = self.units.partition_point(|u| u.start <= span.end);
        self.with_units(self.record_wide.iter().copied().chain(first..last), read)
    }

    /// Reads the record as far as the record-wide units go (front matter,
    /// genogram, family composition), as [`Analysed::with_record_around`].
    pub fn with_record_wide<T>(&self, read: impl FnOnce(&Record<'_>) -> T) -> T {
        self.with_units(self.record_wide.iter().copied(), read)
    }

    fn with_units<T>(
        &self,
        wanted: impl Iterator<Item = usize>,
        read: impl FnOnce(&Record<'_>) -> T,
    ) -> T {
        let mut chosen: Vec<usize> = wanted.chain([0]).filter(|&i| i < self.units.len()).collect();
        chosen.sort_unstable();
        chosen.dedup();
        let len = self.text.len_bytes();
        let mut source = Sparse::new(len);
        for &index in &chosen {
            let unit = self.units[index].clone();
            let from = if unit.start == 0 {
                0
            } else {
                self.text.line_span(self.text.line_of(unit.start - 1)).start
            };
            let copied = self.text.write_into(from..unit.end, &mut source);
            debug_assert!(copied, "units are on character boundaries of the text");
        }
        let parts = parse_parts(source.as_str(), &self.units, chosen);
        let (mut prose, mut unquoted) = (Sparse::new(len), Sparse::new(len));
        for unit in parts.masks() {
            prose.write(unit.start, &unit.prose);
            unquoted.write(unit.start, &unit.unquoted);
        }
        read(&parts.into_record(Cow::Borrowed(prose.as_str()), Cow::Borrowed(unquoted.as_str())))
    }

    /// The whole record, parsed now (outlines need every entry).
    pub fn record<'a>(&self, source: &'a str) -> Record<'a> {
        parse_units(source, &self.units, 0..self.units.len())
    }
}

/// Counts the server's background work (lints, parses, reviews), so that
/// `casenote/flush` can answer once all of it is done.
#[derive(Default)]
pub struct Tasks {
    running: AtomicUsize,
    idle: tokio::sync::Notify,
}

/// One piece of background work; done when dropped.
pub struct Task(Arc<Tasks>);

impl Tasks {
    pub fn start(self: &Arc<Self>) -> Task {
        self.running.fetch_add(1, Ordering::SeqCst);
        Task(self.clone())
    }

    /// Waits until no background work is running.
    pub async fn idle(&self) {
        loop {
            let notified = self.idle.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::units::split;
    use crate::text::lf_line_breaks;

    /// A record with CRLF and lone CR line breaks, and a suppression
    /// comment on the line above the last entry's heading.
    const RECORD: &str = "---\r\nrecord: R1\r\n---\r\n\r\n# Record\r\n\r\n## 2026-03-02 Home visit\r\n\r\nPresent: Amy\r\n\r\n## 2026-03-05 Phone call\rContact: phone\r\n\r\nAll well.\r\n<!-- casenote-disable-next-line late-recording -->\r\n## 2026-03-09 Office visit\r\n\r\nOpinion: things are better.\rSeen by Ms Reid.\r\n";

    fn analysed() -> Analysed {
        let units = split(&lf_line_breaks(RECORD));
        assert_eq!(units.len(), 4, "head and three entries");
        let text = Text::new(RECORD, super::super::text::Encoding::Utf16);
        Analysed::new(1, text, Arc::new(Vec::new()), units, vec![0, 1])
    }

    #[test]
    fn a_partial_record_holds_its_units_and_the_line_before_each_at_their_offsets() {
        let analysed = analysed();
        let at = RECORD.find("Opinion").unwrap();
        let whole = lf_line_breaks(RECORD).into_owned();
        analysed.with_record_around(at..at, |record| {
            assert_eq!(record.text.len(), RECORD.len());
            let titles: Vec<&str> = record.entries.iter().map(|e| e.title.as_str()).collect();
            assert_eq!(titles, ["Home visit", "Office visit"], "record-wide and the one at `at`");
            // Read: the head, the first entry, the line before the last
            // entry and the last entry, as the core reads them.
            let third = RECORD.find("## 2026-03-05").unwrap();
            let comment = RECORD.find("<!--").unwrap();
            assert_eq!(&record.text[..third], &whole[..third]);
            assert_eq!(&record.text[comment..], &whole[comment..]);
            // Not read: the second entry, but for its last line (the
            // suppression comment above the last entry's heading).
            assert_eq!(analysed.units[3].start, RECORD.find("## 2026-03-09").unwrap());
            assert!(record.text[third..comment].bytes().all(|b| b == 0));
            // The masks hold the units read, and nothing elsewhere.
            let first = &analysed.units[3];
            assert_eq!(
                &record.prose[first.clone()],
                &crate::parse::parse(&whole[first.clone()]).prose[..]
            );
            assert!(record.unquoted[third..comment].bytes().all(|b| b == 0));
        });
    }

    #[test]
    fn the_record_wide_units_are_read_whole() {
        let analysed = analysed();
        analysed.with_record_wide(|record| {
            assert_eq!(record.front_matter.record.as_deref(), Some("R1"));
            assert_eq!(record.headings.first().map(|h| h.text.as_str()), Some("Record"));
            let titles: Vec<&str> = record.entries.iter().map(|e| e.title.as_str()).collect();
            assert_eq!(titles, ["Home visit"]);
        });
    }
}
