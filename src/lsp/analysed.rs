//! One analysed version of a record, shared by every request: its text,
//! its findings and (parsed once, on first need or in the background after
//! the lint) its parse. A newer analysed version replaces it; the last
//! request holding it frees it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::text::Text;
use crate::diagnostic::Diagnostic;
use crate::model::Record;

/// A record parsed out of its own copy of the text.
pub struct Parsed {
    // Declared before `source`, so dropped before the text it borrows.
    record: Record<'static>,
    #[allow(dead_code)] // Held, never read: `record` borrows it.
    source: Arc<str>,
}

impl Parsed {
    pub fn new(source: Arc<str>) -> Parsed {
        // Parsed as the analysis parses it (a lone CR read as LF, offsets kept).
        let source = match crate::text::lf_line_breaks(&source) {
            std::borrow::Cow::Borrowed(_) => source,
            std::borrow::Cow::Owned(lf) => lf.into(),
        };
        let record = crate::parse::parse(&source);
        // SAFETY: `record` borrows the heap allocation of `source`, which
        // never moves (it is behind an `Arc`), is never mutated, and lives
        // as long as `self`: `source` is held here and dropped after
        // `record`. The record is only lent out for the lifetime of `&self`.
        let record = unsafe { std::mem::transmute::<Record<'_>, Record<'static>>(record) };
        Parsed { record, source }
    }

    pub fn record(&self) -> &Record<'_> {
        &self.record
    }
}

/// A version of a record that has been linted.
pub struct Analysed {
    pub version: i32,
    /// The text of that version (a rope: shares unchanged nodes with the
    /// live document).
    pub text: Text,
    /// The same text in one piece, as the core reads it; given to the parse
    /// and then dropped, so a version's text is not held twice.
    source: std::sync::Mutex<Option<Arc<str>>>,
    pub findings: Arc<Vec<Diagnostic>>,
    parsed: tokio::sync::OnceCell<Arc<Parsed>>,
}

impl Analysed {
    pub fn new(
        version: i32,
        text: Text,
        source: Arc<str>,
        findings: Arc<Vec<Diagnostic>>,
    ) -> Analysed {
        Analysed {
            version,
            text,
            source: std::sync::Mutex::new(Some(source)),
            findings,
            parsed: tokio::sync::OnceCell::new(),
        }
    }

    /// The parse of this version: made once, on a blocking thread, by
    /// whichever caller comes first; the others wait for it. `None` if the
    /// parse failed (a defect: it is contained).
    pub async fn parsed(self: &Arc<Self>) -> Option<Arc<Parsed>> {
        let this = self.clone();
        self.parsed
            .get_or_try_init(|| async move {
                let source = {
                    let mut source = this.source.lock().unwrap_or_else(|e| e.into_inner());
                    source.take()
                };
                let source: Arc<str> = match source {
                    Some(source) => source,
                    // Taken by an attempt that did not finish: read the rope.
                    None => this.text.to_text().into(),
                };
                tokio::task::spawn_blocking(move || {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        Arc::new(Parsed::new(source))
                    }))
                })
                .await
                .map_err(|_| ())?
                .map_err(|_| ())
            })
            .await
            .ok()
            .cloned()
    }

    /// The parse, if it has been made.
    pub fn parsed_now(&self) -> Option<Arc<Parsed>> {
        self.parsed.get().cloned()
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
