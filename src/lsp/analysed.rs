//! One analysed version of a record, shared by every request: its text,
//! its findings, and how it splits into units. A request reads the record
//! by parsing only the units it needs (`parse::assemble`): the unit at its
//! position and those holding what the whole record reads. No whole-record
//! parse is kept, so a version costs its text and findings, and a keystroke
//! never waits behind a parse of the whole record. A newer analysed version
//! replaces it; the last request holding it frees it.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::text::Text;
use crate::diagnostic::Diagnostic;
use crate::model::Record;
use crate::parse::assemble::parse_units;

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

    /// The record as far as the units touching `span` and the record-wide
    /// units go: everything a request at `span` reads, at offsets of the
    /// whole text. `source` is [`Analysed::source`].
    pub fn record_around<'a>(&self, source: &'a str, span: Range<usize>) -> Record<'a> {
        let first = self.units.partition_point(|u| u.end < span.start);
        let last = self.units.partition_point(|u| u.start <= span.end);
        parse_units(source, &self.units, self.record_wide.iter().copied().chain(first..last))
    }

    /// The record as far as the record-wide units go: front matter,
    /// genogram, family composition.
    pub fn record_wide<'a>(&self, source: &'a str) -> Record<'a> {
        parse_units(source, &self.units, self.record_wide.iter().copied())
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
