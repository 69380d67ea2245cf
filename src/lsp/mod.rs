//! `casenote server`: the language server, LSP over stdio.
//!
//! A thin adapter around the analysis core, and the only module that uses
//! LSP types. Documents live in ropes (`text.rs`) updated incrementally.
//! A change is linted at once (the document's [`Analyzer`] on a blocking
//! thread); changes that arrive while a lint of the document runs are
//! coalesced, and only the newest is linted when it ends. Each linted
//! version is kept as an [`Analysed`] (text, findings and units), from
//! which every request answers without waiting for a lint, parsing only the
//! units it reads (the one at its position and the record-wide ones). Documents above `max-file-size` are refused with one
//! warning and never analysed or parsed; files on disk above it are never
//! read. Configuration is each document's `casenote.toml` (`configs.rs`)
//! overridden by the client's settings (`settings.rs`).
//!
//! | file | what |
//! |---|---|
//! | `mod.rs` | the `LanguageServer`: documents, scheduling, configuration, commands |
//! | `text.rs` | ropes; byte offsets ↔ UTF-16 / UTF-8 positions |
//! | `analysed.rs` | one linted version: text, findings, units, partial parses; background work counted for `casenote/flush` |
//! | `convert.rs` | findings → diagnostics (and their JSON, kept per entry), byte edits → workspace edits |
//! | `frames.rs` | stdin framing (malformed messages answered); the one outbox to stdout |
//! | `hover.rs`, `actions.rs`, `completion.rs`, `symbols.rs` | one feature each |
//! | `help.rs` | `grammar/format-help.toml`: what format elements mean |
//! | `configs.rs`, `settings.rs` | `casenote.toml` per document; client settings |
//! | `review.rs` | finding the records of the workspace folders |
//! | `caseload.rs` | `casenote/caseload`: the statistics of `report --format json` for the workspace folders |
//!
//! Privacy: the log (`window/logMessage`) carries only rule ids, counts and
//! timings, never record text, file names or people's names. A panic while
//! serving a request becomes an error response; the server goes on.

mod actions;
mod analysed;
mod caseload;
mod chronology;
mod completion;
mod configs;
mod convert;
mod help;
mod hover;
mod memory;
mod review;
mod settings;
mod sparse;
mod symbols;
pub mod text;
mod transport;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsStr;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::notification::PublishDiagnostics;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, CodeLens, CodeLensOptions, CodeLensParams, Command, CompletionOptions,
    CompletionParams, CompletionResponse, ConfigurationItem, Diagnostic as LspDiagnostic,
    DiagnosticSeverity, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentSymbolParams, DocumentSymbolResponse, ExecuteCommandOptions,
    ExecuteCommandParams, FileSystemWatcher, FoldingRange, FoldingRangeParams,
    FoldingRangeProviderCapability, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams, MarkupContent,
    MarkupKind, MessageType, OneOf, PositionEncodingKind, Registration, SaveOptions,
    ServerCapabilities, ServerInfo, SymbolInformation, SymbolKind, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

use crate::analysis::Analyzer;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use analysed::{Analysed, Tasks};
use configs::ConfigStore;
use settings::{LintOn, Settings};
use text::{Encoding, Text};

/// `workspace/executeCommand`: a rule's documentation (Markdown).
pub const EXPLAIN_COMMAND: &str = "casenote.explainRule";
/// `workspace/executeCommand`: lint every record in the workspace folders.
pub const REVIEW_COMMAND: &str = "casenote.reviewWorkspace";
/// Returns `{"svg": …}`, the genogram picture of the record named by the
/// first argument (its URI), from the text open in the editor.
pub const GENOGRAM_COMMAND: &str = "casenote.showGenogram";
/// Returns the chronology of the record named by the first argument (its
/// URI), or with `{"scope": "workspace"}` the workspace's multi-agency
/// chronology of its child: `{"uri", "scope", "html", "chronology"}` (see
/// `src/lsp/chronology.rs`).
pub const CHRONOLOGY_COMMAND: &str = "casenote.showChronology";
/// A command that panics, only with [`Options::fault_injection`] (tests).
pub const PANIC_COMMAND: &str = "casenote.test.panic";

/// A request (no parameters) answered once every lint, parse and review
/// started before it has finished; just before answering, the server sends
/// the notification [`FLUSHED_NOTIFICATION`]. Tests and benchmarks use it
/// instead of waiting for a while.
pub const FLUSH_REQUEST: &str = "casenote/flush";
/// Sent by the server just before it answers [`FLUSH_REQUEST`]: every
/// message sent before it is the result of work started before the flush.
pub const FLUSHED_NOTIFICATION: &str = "casenote/flushed";

pub use caseload::CASELOAD_REQUEST;

/// Overrides today's date, as for `casenote check`.
const TODAY_VARIABLE: &str = "CASENOTE_TODAY";

/// How the server is run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Today's date for every check; `None` reads the clock each time.
    pub today: Option<NaiveDate>,
    /// Accept [`PANIC_COMMAND`], to test that panics are contained.
    pub fault_injection: bool,
}

/// Runs the server on stdin and stdout until the client says `exit`.
/// Returns the process exit status: 0 after `shutdown`, else 1 (LSP).
pub fn run_stdio() -> i32 {
    let today = match std::env::var(TODAY_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => {
            match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    eprintln!("casenote: error: {TODAY_VARIABLE} must be a date like 2026-11-25, not `{value}`");
                    return 2;
                }
            }
        }
        _ => None,
    };
    memory::set_up_allocator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(4)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("casenote: error: cannot start the server: {err}");
            return 2;
        }
    };
    let (outbox, writer) = transport::Outbox::new(tokio::io::stdout());
    let (service, socket) =
        service_writing_to(Options { today, ..Options::default() }, Some(outbox.clone()));
    let shut_down = service.inner().shut_down.clone();
    runtime.block_on(async {
        let writer = tokio::spawn(writer);
        let (messages, incoming) = tokio::sync::mpsc::channel(16);
        let stdin = tokio::io::BufReader::with_capacity(64 << 10, tokio::io::stdin());
        tokio::spawn(transport::read_messages(stdin, messages));
        transport::serve(service, socket, incoming, outbox.clone()).await;
        // Write what the server queued, then stop.
        outbox.close();
        let _ = tokio::time::timeout(Duration::from_millis(500), writer).await;
    });
    // The stdin reader may still be blocked in a read: do not wait for it.
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// The server as a tower `Service`, and the socket of messages to the client.
pub fn service(options: Options) -> (LspService<Backend>, ClientSocket) {
    service_writing_to(options, None)
}

/// [`service`], sending diagnostics through `outbox` when given.
fn service_writing_to(
    options: Options,
    outbox: Option<transport::Outbox>,
) -> (LspService<Backend>, ClientSocket) {
    LspService::build(|client| Backend::new(client, options, outbox))
        .custom_method(FLUSH_REQUEST, Backend::flush)
        .custom_method(caseload::CASELOAD_REQUEST, Backend::caseload)
        .finish()
}

/// A document's lint run; ends it (so that later changes are linted) even
/// when a lint panics, and tells those waiting for a lint.
struct Running {
    backend: Backend,
    uri: Uri,
    id: u64,
    done: bool,
    _task: analysed::Task,
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.done {
            if let Some(doc) = self.backend.state().docs.get_mut(&self.uri) {
                if doc.id == self.id {
                    doc.linting = false;
                    doc.pending = false;
                }
            }
        }
        self.backend.linted.notify_waiters();
    }
}

/// `casenote/flushed`: see [`FLUSH_REQUEST`].
enum Flushed {}

impl tower_lsp_server::ls_types::notification::Notification for Flushed {
    type Params = Value;
    const METHOD: &'static str = FLUSHED_NOTIFICATION;
}

/// What became of a file the review linted.
enum FileLint {
    /// Its findings were published: how many.
    Findings(usize),
    /// Above the size limit: not read, one warning published.
    TooLarge,
    /// Not readable or not UTF-8: nothing published.
    Unreadable,
}

/// What the client can do.
#[derive(Clone, Copy, Debug, Default)]
struct Caps {
    snippets: bool,
    hierarchical_symbols: bool,
    configuration: bool,
    watch_files: bool,
}

/// What kind of document, by name and language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Record,
    Config,
    Other,
}

struct Doc {
    /// Tells this opening of the URI from a later one.
    id: u64,
    text: Text,
    version: i32,
    kind: Kind,
    path: Option<PathBuf>,
    /// A lint of this document is running (one at a time).
    linting: bool,
    /// Something changed while it ran: lint the newest version when it ends.
    pending: bool,
    /// The latest linted version; `None` before the first lint and when
    /// the document is above the size limit.
    analysed: Option<Arc<Analysed>>,
    /// Remembers each entry's results, so an edit re-checks one entry.
    analyzer: Arc<Mutex<Analyzer>>,
    /// The diagnostics last published, by entry, to reuse the unchanged.
    converted: Arc<Mutex<convert::Converted>>,
}

impl Doc {
    /// Asks for a lint of the current version: returns the document's id
    /// when a lint run must start, `None` when the running one will do it.
    fn mark(&mut self) -> Option<u64> {
        if self.linting {
            self.pending = true;
            return None;
        }
        self.linting = true;
        self.pending = false;
        Some(self.id)
    }

    fn new(id: u64, text: Text, version: i32, kind: Kind, path: Option<PathBuf>) -> Doc {
        Doc {
            id,
            text,
            version,
            kind,
            path,
            linting: false,
            pending: false,
            analysed: None,
            analyzer: Arc::default(),
            converted: Arc::default(),
        }
    }
}

#[derive(Default)]
struct State {
    encoding: Encoding,
    caps: Caps,
    init_settings: Value,
    pulled_settings: Value,
    settings: Arc<Settings>,
    folders: Vec<PathBuf>,
    docs: HashMap<Uri, Doc>,
    /// Files not open whose findings the workspace review published.
    reviewed: HashSet<Uri>,
    /// Bumped when review findings are cleared: a review in progress stops.
    review_epoch: u64,
    /// The id of the next document opened.
    next_doc: u64,
}

/// The language server. Cheap to clone: spawned tasks hold a clone.
#[derive(Clone)]
pub struct Backend {
    client: Client,
    options: Options,
    /// Where diagnostics go when the server writes its own output (stdio):
    /// serialised here, not through tower-lsp-server's `Value` tree.
    outbox: Option<transport::Outbox>,
    state: Arc<Mutex<State>>,
    configs: Arc<Mutex<ConfigStore>>,
    shut_down: Arc<AtomicBool>,
    /// Background work in progress, for `casenote/flush`.
    tasks: Arc<Tasks>,
    /// Told whenever a lint ends.
    linted: Arc<tokio::sync::Notify>,
    /// Bumped when the client's settings change (converted diagnostics
    /// depend on them).
    settings_epoch: Arc<AtomicU64>,
    /// Gives memory back to the system.
    trimmer: Arc<memory::Trimmer>,
    /// Lints ended, to tell when typing has paused.
    lints_ended: Arc<AtomicU64>,
    /// `casenote/caseload`'s figures of unchanged files.
    caseload_cache: Arc<Mutex<caseload::Cache>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the server down with it.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn internal_error() -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: "casenote: internal error (details withheld as they may quote record text)".into(),
        data: None,
    }
}

/// Runs sync work on a blocking thread; a panic becomes an error.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work))).await {
        Ok(Ok(value)) => Ok(value),
        _ => Err(internal_error()),
    }
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

fn kind_of(uri: &Uri, language: &str) -> Kind {
    let path = uri.path().as_str().to_owned();
    let name = path.rsplit('/').next().unwrap_or("");
    if crate::config_files::is_config_name(OsStr::new(name)) {
        Kind::Config
    } else if matches!(language.to_ascii_lowercase().as_str(), "markdown" | "casenote" | "md")
        || review::is_record(Path::new(name))
    {
        Kind::Record
    } else {
        Kind::Other
    }
}

/// A lint's diagnostics, ready to send.
enum Publication {
    /// Serialised by [`publication`], with the number of diagnostics.
    Framed(Vec<u8>, usize),
    Diagnostics(Vec<LspDiagnostic>),
}

/// `textDocument/publishDiagnostics` as a framed message, serialised from
/// the diagnostics as they are.
fn publication(uri: &Uri, diagnostics: &[LspDiagnostic], version: Option<i32>) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Params<'a> {
        uri: &'a Uri,
        diagnostics: &'a [LspDiagnostic],
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    transport::notification(
        <PublishDiagnostics as tower_lsp_server::ls_types::notification::Notification>::METHOD,
        &Params { uri, diagnostics, version },
    )
}

/// [`publication`] of diagnostics that `array` appends to a buffer as a
/// JSON array (returning how many), serialised in place: the frame is one
/// buffer, with room left in front for its header.
fn publication_of_array(
    uri: &Uri,
    version: i32,
    array: impl FnOnce(&mut Vec<u8>) -> usize,
) -> (Vec<u8>, usize) {
    // "Content-Length: " and "\r\n\r\n" around at most 20 digits.
    const ROOM: usize = 40;
    let uri = serde_json::to_string(uri).expect("a URI serialises");
    let method =
        <PublishDiagnostics as tower_lsp_server::ls_types::notification::Notification>::METHOD;
    let mut frame = vec![0; ROOM];
    write!(frame, r#"{{"jsonrpc":"2.0","method":"{method}","params":{{"uri":{uri},"diagnostics":"#)
        .expect("writes to a Vec");
    let count = array(&mut frame);
    write!(frame, r#","version":{version}}}}}"#).expect("writes to a Vec");
    let header = transport::header(frame.len() - ROOM);
    frame.drain(..ROOM - header.len());
    frame[..header.len()].copy_from_slice(header.as_bytes());
    (frame, count)
}

/// "unlabelled-opinion 2, vague-language 1": rule ids and counts only.
fn counts(findings: &[Diagnostic]) -> String {
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in findings {
        *by_rule.entry(finding.rule).or_default() += 1;
    }
    by_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect::<Vec<_>>().join(", ")
}

impl Backend {
    fn new(client: Client, options: Options, outbox: Option<transport::Outbox>) -> Self {
        Backend {
            client,
            options,
            outbox,
            state: Arc::default(),
            configs: Arc::default(),
            shut_down: Arc::default(),
            tasks: Arc::default(),
            linted: Arc::default(),
            settings_epoch: Arc::default(),
            trimmer: Arc::default(),
            lints_ended: Arc::default(),
            caseload_cache: Arc::default(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn today(&self) -> NaiveDate {
        self.options.today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn settings(&self) -> Arc<Settings> {
        self.state().settings.clone()
    }

    async fn log(&self, message: String) {
        self.client.log_message(MessageType::LOG, message).await;
    }

    /// Sends a document's diagnostics: serialised here when the server
    /// writes its own output, else through the client.
    async fn publish(&self, uri: Uri, diagnostics: Vec<LspDiagnostic>, version: Option<i32>) {
        match &self.outbox {
            Some(outbox) => outbox.send(publication(&uri, &diagnostics, version)),
            None => self.client.publish_diagnostics(uri, diagnostics, version).await,
        }
    }

    /// The latest analysed version of an open record. Waits only for a
    /// document's first lint (just opened, nothing to answer from yet).
    /// `None` when the document is not a record or is above the size limit.
    async fn analysed(&self, uri: &Uri) -> Option<Arc<Analysed>> {
        self.wait_for_lint(uri, |doc| doc.analysed.is_some()).await?;
        let state = self.state();
        state.docs.get(uri).filter(|d| d.kind == Kind::Record)?.analysed.clone()
    }

    /// Waits until `done` holds for the document, or no lint of it is
    /// running or due. `None` if it is not open.
    async fn wait_for_lint(&self, uri: &Uri, done: impl Fn(&Doc) -> bool) -> Option<()> {
        loop {
            let notified = self.linted.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let state = self.state();
                let doc = state.docs.get(uri)?;
                if done(doc) || !doc.linting {
                    return Some(());
                }
            }
            notified.await;
        }
    }

    /// The analysed version of the document's current text, for requests
    /// whose answer edits it (completion must see the character just typed;
    /// a quick fix's byte ranges must be the document's): waits for a lint
    /// of the current version that is running or due. The latest analysed
    /// version when none is (`lintOn: save`).
    async fn analysed_current(&self, uri: &Uri) -> Option<Arc<Analysed>> {
        self.wait_for_lint(uri, |doc| {
            doc.analysed.as_ref().is_some_and(|a| a.version == doc.version)
        })
        .await?;
        let state = self.state();
        state.docs.get(uri).filter(|d| d.kind == Kind::Record)?.analysed.clone()
    }

    /// `casenote/flush`: answers once all background work has finished.
    async fn flush(&self) -> Result<Value> {
        self.tasks.idle().await;
        self.client.send_notification::<Flushed>(Value::Null).await;
        Ok(Value::Null)
    }

    /// The configuration for a record at `path`: its `casenote.toml` under
    /// the client's settings. Problems with the file are reported.
    async fn config_for(&self, path: Option<&Path>) -> Config {
        let folder = match path.and_then(Path::parent) {
            Some(folder) => Some(folder.to_owned()),
            None => self.state().folders.first().cloned(),
        };
        let (mut config, events) = lock(&self.configs).for_folder(folder.as_deref());
        self.settings().apply(&mut config);
        self.report_config_events(events).await;
        config
    }

    async fn report_config_events(&self, events: Vec<configs::Event>) {
        for event in events {
            match event {
                configs::Event::Bad(path, problem) => {
                    let Some(uri) = Uri::from_file_path(&path) else { continue };
                    let (severity, kind) = if problem.warning {
                        (DiagnosticSeverity::WARNING, MessageType::WARNING)
                    } else {
                        (DiagnosticSeverity::ERROR, MessageType::ERROR)
                    };
                    let diagnostic = LspDiagnostic {
                        range: problem.range,
                        severity: Some(severity),
                        source: Some(convert::SOURCE.to_owned()),
                        message: problem.message.clone(),
                        ..LspDiagnostic::default()
                    };
                    self.publish(uri, vec![diagnostic], None).await;
                    let shown = path.display();
                    self.client
                        .show_message(kind, format!("casenote: {shown}:{}", problem.message))
                        .await;
                }
                configs::Event::Fixed(path) => {
                    if let Some(uri) = Uri::from_file_path(&path) {
                        self.publish(uri, Vec::new(), None).await;
                    }
                }
            }
        }
    }

    /// Lints a document now, or, if a lint of it is running, once that
    /// ends (changes meanwhile are coalesced: only the newest is linted).
    fn schedule(&self, uri: Uri) {
        let start = self.state().docs.get_mut(&uri).and_then(Doc::mark);
        if let Some(id) = start {
            self.spawn_lint(uri, id);
        }
    }

    /// Runs the lints of a document marked by [`Doc::mark`].
    fn spawn_lint(&self, uri: Uri, id: u64) {
        let task = self.tasks.start();
        let this = self.clone();
        tokio::spawn(async move {
            // Ends the run even if a lint panics, so later changes are linted.
            let mut running =
                Running { backend: this.clone(), uri: uri.clone(), id, done: false, _task: task };
            loop {
                this.lint(&uri, id).await;
                let again = {
                    let mut state = this.state();
                    match state.docs.get_mut(&uri).filter(|d| d.id == id) {
                        Some(doc) if doc.pending => {
                            doc.pending = false;
                            true
                        }
                        Some(doc) => {
                            doc.linting = false;
                            false
                        }
                        None => false,
                    }
                };
                if !again {
                    break;
                }
                this.linted.notify_waiters();
            }
            running.done = true;
        });
    }

    /// The warning shown instead of the findings of a record above the
    /// size limit.
    fn too_large(size: u64, limit: u64) -> LspDiagnostic {
        let message = format!(
            "casenote: this record is too large to check ({}, above the limit of {}). Raise `max-file-size` under [settings] in casenote.toml to check it.",
            crate::config::format_size(size),
            crate::config::format_size(limit)
        );
        LspDiagnostic {
            range: tower_lsp_server::ls_types::Range::default(),
            severity: Some(DiagnosticSeverity::WARNING),
            source: Some(convert::SOURCE.to_owned()),
            message,
            ..LspDiagnostic::default()
        }
    }

    /// Checks the current version of a document (opened as `id`), keeps it
    /// as the latest analysed version and publishes its findings.
    async fn lint(&self, uri: &Uri, id: u64) {
        let snapshot = self.state().docs.get_mut(uri).filter(|d| d.id == id).map(|d| {
            // What is asked until now is done by this run.
            d.pending = false;
            (
                d.text.clone(),
                d.version,
                d.kind,
                d.path.clone(),
                d.analyzer.clone(),
                d.converted.clone(),
            )
        });
        let Some((text, version, kind, path, analyzer, converted)) = snapshot else { return };
        match kind {
            Kind::Config => return self.publish_config_text(uri, &text).await,
            Kind::Other => return,
            Kind::Record => {}
        }
        let config = self.config_for(path.as_deref()).await;
        let limit = config.max_file_size;
        let size = text.len_bytes() as u64;
        if size > limit {
            if let Some(doc) = self.state().docs.get_mut(uri).filter(|d| d.id == id) {
                doc.analysed = None;
                // Nothing of a refused document is remembered.
                doc.analyzer = Arc::default();
                doc.converted = Arc::default();
            }
            let warning = Self::too_large(size, limit);
            self.publish(uri.clone(), vec![warning], Some(version)).await;
            self.log(format!("a record of {size} bytes is above the size limit: not checked"))
                .await;
            return;
        }
        let today = self.today();
        let settings = self.settings();
        let epoch = self.settings_epoch.load(Ordering::SeqCst);
        let started = Instant::now();
        let rope = text.clone();
        let target = uri.clone();
        let outbox = self.outbox.clone();
        let checked = blocking(move || {
            // In one piece for the core; freed after the check (requests
            // copy what they read from the version's rope).
            let source = rope.to_text();
            let mut analyzer = lock(&analyzer);
            let run = catch_unwind(AssertUnwindSafe(|| analyzer.check(&source, &config, today)));
            // After a defect, remember nothing of what that run saw.
            let findings = run.unwrap_or_else(|panic| {
                *analyzer = Analyzer::default();
                std::panic::resume_unwind(panic)
            });
            // Freed before the publish is built, which can reuse its memory
            // (the findings own their text): a keystroke's peak is then its
            // copy of the text or its publish, not both.
            drop(source);
            let checked = started.elapsed();
            // Positions from the rope (no pass over the whole text),
            // reusing the unchanged entries' diagnostics from the last
            // publish.
            let mut converted = lock(&converted);
            let units_now = analyzer.units();
            let of = convert::Publish {
                findings: &findings,
                units: units_now,
                positions: &rope,
                uri: &target,
                settings: &settings,
                settings_epoch: epoch,
            };
            // Serialised here, off the runtime's threads, when the server
            // writes its own output.
            let publication = match outbox {
                Some(_) => {
                    let (frame, count) =
                        publication_of_array(&target, version, |out| converted.json(&of, out));
                    Publication::Framed(frame, count)
                }
                None => Publication::Diagnostics(converted.diagnostics(&of)),
            };
            let units = units_now.iter().map(|(span, _)| span.clone()).collect();
            let record_wide = analyzer.record_wide_units();
            (Arc::new(findings), publication, checked, converted.converted, units, record_wide)
        })
        .await;
        let Ok((findings, publication, checked, fresh, units, record_wide)) = checked else {
            self.log(
                "internal error while checking a record; its findings are not updated".to_owned(),
            )
            .await;
            return;
        };
        let analysed = Arc::new(Analysed::new(version, text, findings.clone(), units, record_wide));
        {
            let mut state = self.state();
            // Closed (or closed and opened again) meanwhile: nothing to say.
            let Some(doc) = state.docs.get_mut(uri).filter(|d| d.id == id) else { return };
            doc.analysed = Some(analysed.clone());
        }
        let count = match publication {
            Publication::Framed(frame, count) => {
                if let Some(outbox) = &self.outbox {
                    outbox.send(frame);
                }
                count
            }
            Publication::Diagnostics(diagnostics) => {
                let count = diagnostics.len();
                self.publish(uri.clone(), diagnostics, Some(version)).await;
                count
            }
        };
        self.log(format!(
            "checked a record (version {version}): {count} findings [{}] in {} ms; {fresh} diagnostics converted, {} reused; published after {} ms",
            counts(&findings),
            checked.as_millis(),
            count - fresh.min(count),
            started.elapsed().as_millis(),
        ))
        .await;
        // A check leaves freed blocks all over the heap (many at an open or
        // a paste, some per keystroke) that glibc keeps: give them back,
        // after the publish so that the keystroke does not wait, once they
        // come to more than a keystroke reuses (its copies of the text, the
        // findings and the publish: about 3 times the text). Trimming
        // what the next keystroke reuses would make it fault those pages
        // in again (keystroke to diagnostics 9.4 -> 11.1 ms median on a
        // 1 MB record when trimming after every one).
        let trimmer = self.trimmer.clone();
        let allowance = usize::try_from(size).unwrap_or(usize::MAX).saturating_mul(4).max(4 << 20);
        let _ = blocking(move || trimmer.trim_if_grown(allowance)).await;
        // And all of them when typing pauses.
        let mark = self.lints_ended.fetch_add(1, Ordering::SeqCst) + 1;
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(TRIM_WHEN_IDLE_FOR).await;
            // Requests answered since the last lint leave copies too:
            // trim even if the last lint did.
            if this.lints_ended.load(Ordering::SeqCst) == mark {
                let trimmer = this.trimmer.clone();
                let _ = blocking(move || trimmer.trim()).await;
            }
        });
    }

    async fn publish_config_text(&self, uri: &Uri, text: &Text) {
        let encoding = text.encoding();
        let source = text.to_text();
        let diagnostics = configs::check_text(&source, encoding)
            .into_iter()
            .map(|problem| LspDiagnostic {
                range: problem.range,
                severity: Some(if problem.warning {
                    DiagnosticSeverity::WARNING
                } else {
                    DiagnosticSeverity::ERROR
                }),
                source: Some(convert::SOURCE.to_owned()),
                message: problem.message,
                ..LspDiagnostic::default()
            })
            .collect();
        self.publish(uri.clone(), diagnostics, None).await;
    }

    /// Lints every open document again (settings or configuration changed).
    fn relint_all(&self) {
        let uris: Vec<Uri> = self.state().docs.keys().cloned().collect();
        for uri in uris {
            self.schedule(uri);
        }
    }

    /// Reads the client's settings again and applies them.
    async fn refresh_settings(&self) {
        let (settings, problems) = {
            let state = self.state();
            Settings::from_values(&[&state.init_settings, &state.pulled_settings])
        };
        let review_was_on = self.settings().workspace_review;
        let review = settings.workspace_review;
        self.state().settings = Arc::new(settings);
        self.settings_epoch.fetch_add(1, Ordering::SeqCst);
        for problem in problems {
            self.client.show_message(MessageType::WARNING, format!("casenote: {problem}")).await;
        }
        self.relint_all();
        if review {
            let this = self.clone();
            let epoch = self.review_epoch();
            let task = self.tasks.start();
            tokio::spawn(async move {
                let _task = task;
                this.review(epoch).await
            });
        } else if review_was_on {
            self.clear_review().await;
        }
    }

    async fn pull_settings(&self) {
        if !self.state().caps.configuration {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("casenote".to_owned()) };
        if let Ok(mut values) = self.client.configuration(vec![item]).await {
            self.state().pulled_settings = values.pop().unwrap_or(Value::Null);
        }
    }

    fn review_epoch(&self) -> u64 {
        self.state().review_epoch
    }

    /// Lints every record under the workspace folders and publishes the
    /// findings of those not open; stops if the review is turned off after
    /// `epoch`. Returns a summary.
    async fn review(&self, epoch: u64) -> Value {
        self.review_under(epoch, None).await
    }

    /// `review`, of the records under `folder` only when one is given
    /// (the editor's "Review folder"): it replaces the last review.
    async fn review_under(&self, epoch: u64, folder: Option<PathBuf>) -> Value {
        let _task = self.tasks.start();
        let started = Instant::now();
        let folders = folder.map_or_else(|| self.state().folders.clone(), |f| vec![f]);
        let (files, mut unreadable) =
            blocking(move || review::records_under(&folders)).await.unwrap_or_default();
        let mut published = HashSet::new();
        let mut findings_total = 0;
        let mut open = 0;
        let mut too_large = 0;
        for path in &files {
            if self.state().review_epoch != epoch {
                break; // Turned off meanwhile.
            }
            let Some(uri) = Uri::from_file_path(path) else { continue };
            if self.state().docs.contains_key(&uri) {
                open += 1;
                continue;
            }
            match self.lint_file(path, &uri, Some(epoch)).await {
                FileLint::Findings(count) => {
                    findings_total += count;
                    published.insert(uri);
                }
                FileLint::TooLarge => {
                    too_large += 1;
                    published.insert(uri);
                }
                FileLint::Unreadable => unreadable += 1,
            }
        }
        // Files reviewed before but not now (deleted, ignored): cleared.
        let gone: Vec<Uri> = {
            let mut state = self.state();
            if state.review_epoch == epoch {
                let gone: Vec<Uri> = state.reviewed.difference(&published).cloned().collect();
                for uri in &gone {
                    state.reviewed.remove(uri);
                }
                gone.into_iter().filter(|uri| !state.docs.contains_key(uri)).collect()
            } else {
                Vec::new()
            }
        };
        for uri in gone {
            self.publish(uri, Vec::new(), None).await;
        }
        let elapsed = started.elapsed().as_millis();
        self.log(format!(
            "workspace review: {} records ({open} open, {unreadable} unreadable, {too_large} above the size limit), {findings_total} findings in {elapsed} ms",
            files.len()
        ))
        .await;
        json!({"records": files.len(), "open": open, "unreadable": unreadable, "tooLarge": too_large, "findings": findings_total})
    }

    /// Lints a file from disk and publishes its findings (unless a review
    /// of `epoch` was turned off meanwhile). A file above the size limit is
    /// not read: one warning is published instead.
    async fn lint_file(&self, path: &Path, uri: &Uri, epoch: Option<u64>) -> FileLint {
        let _task = self.tasks.start();
        let config = self.config_for(Some(path)).await;
        let limit = config.max_file_size;
        let today = self.today();
        let encoding = self.state().encoding;
        let settings = self.settings();
        let file = path.to_owned();
        let target = uri.clone();
        let checked = blocking(move || match review::read_record(&file, limit) {
            Ok(source) => {
                let findings = crate::check(&source, &config, today);
                let index = text::LineIndex::of_string(source, encoding);
                let diagnostics: Vec<LspDiagnostic> =
                    convert::diagnostics(&findings, &index, &target, &settings);
                Ok(diagnostics)
            }
            Err(error) => Err(error),
        })
        .await;
        let (diagnostics, outcome) = match checked {
            Ok(Ok(diagnostics)) => {
                let count = diagnostics.len();
                (diagnostics, FileLint::Findings(count))
            }
            Ok(Err(review::ReadError::TooLarge(size))) => {
                self.log(format!("a file of {size} bytes is above the size limit: not read")).await;
                (vec![Self::too_large(size, limit)], FileLint::TooLarge)
            }
            Ok(Err(review::ReadError::Unreadable)) | Err(_) => return FileLint::Unreadable,
        };
        {
            let mut state = self.state();
            // Opened meanwhile, the live findings win; turned off, nothing.
            if state.docs.contains_key(uri) || epoch.is_some_and(|e| e != state.review_epoch) {
                return outcome;
            }
            state.reviewed.insert(uri.clone());
        }
        self.publish(uri.clone(), diagnostics, None).await;
        outcome
    }

    async fn clear_review(&self) {
        let reviewed: Vec<Uri> = {
            let mut state = self.state();
            state.review_epoch += 1;
            state.reviewed.drain().collect()
        };
        for uri in reviewed {
            self.publish(uri, Vec::new(), None).await;
        }
    }

    /// The latest analysed version of the open record at `uri`, for a
    /// command about it; otherwise an error the editor can show.
    async fn open_record(&self, uri: &Uri) -> Result<Arc<Analysed>> {
        if !self.state().docs.contains_key(uri) {
            return Err(Error::invalid_params("that record is not open"));
        }
        self.analysed(uri)
            .await
            .ok_or_else(|| Error::invalid_params("that record is not checked (too large?)"))
    }

    /// The SVG of the genogram of the open record at the URI in `arguments`.
    async fn genogram(&self, arguments: &[Value]) -> Result<Option<Value>> {
        let uri = arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<Uri>().ok())
            .ok_or_else(|| Error::invalid_params("expected the record's URI"))?;
        let analysed = self.open_record(&uri).await?;
        let svg = blocking(move || analysed.with_record_wide(crate::genogram_svg::render_record))
            .await?
            .ok_or_else(|| Error::invalid_params("this record has no genogram block"))?;
        Ok(Some(serde_json::json!({ "svg": svg })))
    }

    /// `casenote.showChronology`: the open record's events from its text in
    /// the editor; with the workspace scope, merged with every other record
    /// under the workspace folders (read from disk, within the size limit).
    async fn chronology(&self, arguments: &[Value]) -> Result<Option<Value>> {
        use crate::chronology::{merge::Input, RecordEvents};
        let (uri_text, scope) = chronology::arguments(arguments).map_err(Error::invalid_params)?;
        let uri = uri_text
            .parse::<Uri>()
            .map_err(|_| Error::invalid_params("expected the record's URI"))?;
        let analysed = self.open_record(&uri).await?;
        let own_path = file_path(&uri);
        let shown = |path: &Path| {
            let folders = self.state().folders.clone();
            folders
                .iter()
                .find_map(|folder| path.strip_prefix(folder).ok())
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let own_name = own_path.as_deref().map_or_else(|| uri_text.clone(), shown);
        let own = blocking(move || RecordEvents::of(&analysed.record(&analysed.source()))).await?;
        let mut inputs = vec![Input { path: own_name, events: own }];
        if scope == chronology::Scope::Workspace {
            let folders = self.state().folders.clone();
            let (files, _) =
                blocking(move || review::records_under(&folders)).await.unwrap_or_default();
            for path in files.into_iter().filter(|p| Some(p) != own_path.as_ref()) {
                let limit = self.config_for(Some(&path)).await.max_file_size;
                let name = shown(&path);
                let read = blocking(move || {
                    review::read_record(&path, limit).ok().map(|text| RecordEvents::read(&text))
                })
                .await;
                if let Ok(Some(events)) = read {
                    inputs.push(Input { path: name, events });
                }
            }
        }
        let today = self.today();
        let answer = blocking(move || chronology::answer(&uri_text, scope, &inputs, today)).await?;
        Ok(Some(answer))
    }

    async fn explain(&self, arguments: &[Value]) -> Result<Option<Value>> {
        let rule = arguments.first().and_then(Value::as_str).unwrap_or("");
        let Some(meta) = crate::rules::meta(rule) else {
            let hint = crate::config::suggest_rule(rule)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Error::invalid_params(format!("unknown rule `{rule}`{hint}")));
        };
        // A client that shows the page itself asks for no message:
        // `[rule, {"message": false}]`.
        let message = arguments.get(1).and_then(|o| o.get("message")).and_then(Value::as_bool);
        if message == Some(false) {
            return Ok(Some(Value::String(meta.doc.to_owned())));
        }
        self.client
            .show_message(
                MessageType::INFO,
                format!(
                    "{}: {} (principle: {}). Run `casenote explain {}` for the full documentation.",
                    meta.id,
                    meta.summary,
                    meta.principle.title(),
                    meta.id
                ),
            )
            .await;
        Ok(Some(Value::String(meta.doc.to_owned())))
    }
}

/// How long after a lint, with no other lint ended since, memory is given
/// back to the system.
const TRIM_WHEN_IDLE_FOR: Duration = Duration::from_millis(500);

fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

#[allow(deprecated)] // `root_uri`: still what older clients send.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => {
            folders.iter().filter_map(|f| file_path(&f.uri)).collect()
        }
        _ => params.root_uri.as_ref().and_then(file_path).into_iter().collect(),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate(&params);
        let capabilities = &params.capabilities;
        let text_document = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        let caps = Caps {
            snippets: text_document
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            hierarchical_symbols: text_document
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        let init_settings = params.initialization_options.clone().unwrap_or(Value::Null);
        let (settings, _) = Settings::from_values(&[&init_settings]);
        {
            let mut state = self.state();
            state.encoding = encoding;
            state.caps = caps;
            state.init_settings = init_settings;
            state.settings = Arc::new(settings);
            state.folders = workspace_folders(&params);
        }
        *lock(&self.configs) = ConfigStore::new(encoding);
        let mut commands = vec![
            EXPLAIN_COMMAND.to_owned(),
            REVIEW_COMMAND.to_owned(),
            GENOGRAM_COMMAND.to_owned(),
            CHRONOLOGY_COMMAND.to_owned(),
        ];
        if self.options.fault_injection {
            commands.push(PANIC_COMMAND.to_owned());
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["#".to_owned(), ":".to_owned(), ",".to_owned()]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands,
                    ..ExecuteCommandOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "casenote".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.state().caps;
        if caps.watch_files {
            let watchers = ["**/casenote.toml", "**/.casenote.toml", "**/*.md"]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.to_owned()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "casenote-watched-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if self.client.register_capability(vec![registration]).await.is_err() {
                self.log("the client did not accept file watching; configuration changes apply after a restart".to_owned())
                    .await;
            }
        }
        self.pull_settings().await;
        self.refresh_settings().await;
        self.log(format!("casenote {} ready", env!("CARGO_PKG_VERSION"))).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let uri = document.uri;
        let kind = kind_of(&uri, &document.language_id);
        {
            let mut state = self.state();
            let encoding = state.encoding;
            state.next_doc += 1;
            let text = Text::new(&document.text, encoding);
            let doc = Doc::new(state.next_doc, text, document.version, kind, file_path(&uri));
            state.docs.insert(uri.clone(), doc);
            // The live findings replace the workspace review's.
            state.reviewed.remove(&uri);
        }
        self.schedule(uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let applied = catch_unwind(AssertUnwindSafe(|| {
            let mut state = self.state();
            let lint_on = state.settings.lint_on;
            let doc = state.docs.get_mut(&uri)?;
            for change in &params.content_changes {
                doc.text.apply(change);
            }
            doc.version = params.text_document.version;
            // Marked with the change applied, so that a lint that read this
            // version is not asked to lint it again.
            Some((doc.kind == Kind::Config || lint_on == LintOn::Type).then(|| doc.mark()))
        }));
        let start = match applied {
            Ok(Some(start)) => start.flatten(),
            Ok(None) => {
                return self
                    .log("a change to a document that is not open was ignored".to_owned())
                    .await
            }
            Err(_) => {
                return self
                    .log(
                        "internal error while applying a change; the document is out of date"
                            .to_owned(),
                    )
                    .await
            }
        };
        if let Some(id) = start {
            self.spawn_lint(uri, id);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        let kind = self.state().docs.get(&uri).map(|d| d.kind);
        if kind == Some(Kind::Config) {
            let events = lock(&self.configs).reload();
            self.report_config_events(events).await;
            self.relint_all();
        } else if kind.is_some() {
            self.schedule(uri);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let _task = self.tasks.start();
        let uri = params.text_document.uri;
        let Some(doc) = self.state().docs.remove(&uri) else { return };
        let (kind, path) = (doc.kind, doc.path.clone());
        // Its text, findings, parse and remembered entries go now (a lint
        // or request still running frees what it holds when it ends).
        drop(doc);
        let trimmer = self.trimmer.clone();
        let _ = blocking(move || trimmer.trim()).await;
        if kind == Kind::Config {
            return;
        }
        let review = self.settings().workspace_review;
        if let Some(path) = path.filter(|p| review && review::is_record(p) && p.is_file()) {
            if !matches!(self.lint_file(&path, &uri, None).await, FileLint::Unreadable) {
                return;
            }
        }
        self.publish(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = match &params.settings {
            Value::Object(object) if object.contains_key("casenote") => {
                Some(object["casenote"].clone())
            }
            _ => None,
        };
        if self.state().caps.configuration {
            self.pull_settings().await;
        } else if let Some(pushed) = pushed {
            self.state().pulled_settings = pushed;
        }
        self.refresh_settings().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let _task = self.tasks.start();
        let mut config_changed = false;
        let mut records = Vec::new();
        for change in &params.changes {
            let Some(path) = file_path(&change.uri) else { continue };
            if path.file_name().is_some_and(crate::config_files::is_config_name) {
                config_changed = true;
            } else if review::is_record(&path) {
                records.push((change.uri.clone(), path));
            }
        }
        if config_changed {
            let events = lock(&self.configs).reload();
            self.report_config_events(events).await;
            self.relint_all();
            if self.settings().workspace_review {
                self.review(self.review_epoch()).await;
            }
            return;
        }
        if !self.settings().workspace_review {
            return;
        }
        for (uri, path) in records {
            if self.state().docs.contains_key(&uri) {
                continue;
            }
            if matches!(self.lint_file(&path, &uri, None).await, FileLint::Unreadable) {
                self.state().reviewed.remove(&uri);
                self.publish(uri, Vec::new(), None).await;
            }
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let _task = self.tasks.start();
        {
            let mut state = self.state();
            let removed: Vec<PathBuf> =
                params.event.removed.iter().filter_map(|f| file_path(&f.uri)).collect();
            state.folders.retain(|f| !removed.contains(f));
            state.folders.extend(params.event.added.iter().filter_map(|f| file_path(&f.uri)));
        }
        if self.settings().workspace_review {
            self.review(self.review_epoch()).await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let Some(analysed) = self.analysed(&uri).await else { return Ok(None) };
        blocking(move || {
            let text = &analysed.text;
            let offset = text.offset(position.position);
            let found = analysed.with_record_around(offset..offset, |record| {
                hover::hover(record, &analysed.findings, offset)
            });
            found.map(|(value, span)| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: Some(text.range(&span)),
            })
        })
        .await
    }

    /// "Show genogram" above each record's genogram block, and "Show
    /// chronology" on the record's first heading.
    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(analysed) = self.analysed(&uri).await else { return Ok(None) };
        let (first_heading, genogram) = blocking({
            let analysed = analysed.clone();
            move || {
                // The first heading is in the head or the first entry: both
                // are record-wide units.
                analysed.with_record_wide(|record| {
                    (
                        record.headings.first().map(|h| h.span.start),
                        record.genogram.as_ref().map(|g| g.span.start),
                    )
                })
            }
        })
        .await?;
        let lens = |start: usize, title: &str, command: &str| CodeLens {
            range: analysed.text.range(&(start..start)),
            command: Some(Command {
                title: title.to_owned(),
                command: command.to_owned(),
                arguments: Some(vec![Value::String(uri.to_string())]),
            }),
            data: None,
        };
        let mut lenses = Vec::new();
        if let Some(start) = first_heading {
            lenses.push(lens(start, "Show chronology", CHRONOLOGY_COMMAND));
        }
        if let Some(start) = genogram {
            lenses.push(lens(start, "Show genogram", GENOGRAM_COMMAND));
        }
        Ok((!lenses.is_empty()).then_some(lenses))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        if let Some(only) = &params.context.only {
            if !only.iter().any(|kind| CodeActionKind::QUICKFIX.as_str().starts_with(kind.as_str()))
            {
                return Ok(None);
            }
        }
        let Some(analysed) = self.analysed_current(&uri).await else { return Ok(None) };
        // Edits are byte ranges of the analysed version: offered only while
        // that is the document's text.
        if self.state().docs.get(&uri).is_none_or(|d| d.version != analysed.version) {
            return Ok(None);
        }
        let settings = self.settings();
        let range = params.range;
        let actions = blocking(move || {
            let text = &analysed.text;
            let span = text.span(&range);
            analysed.with_record_around(span.clone(), |record| {
                actions::code_actions(record, &analysed.findings, text, &uri, &settings, &span)
            })
        })
        .await?;
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let Some(analysed) = self.analysed_current(&uri).await else { return Ok(None) };
        let snippets = self.state().caps.snippets;
        let today = self.today();
        let items = blocking(move || {
            let text = &analysed.text;
            let offset = text.offset(position.position);
            analysed.with_record_around(offset..offset, |record| {
                completion::complete(&completion::Request { record, text, offset, today, snippets })
            })
        })
        .await?;
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(analysed) = self.analysed(&uri).await else { return Ok(None) };
        let hierarchical = self.state().caps.hierarchical_symbols;
        blocking(move || {
            let source = analysed.source();
            let symbols = symbols::document_symbols(&analysed.record(&source), &analysed.text);
            Some(if hierarchical {
                DocumentSymbolResponse::Nested(symbols)
            } else {
                DocumentSymbolResponse::Flat(symbols::flat_symbols(&symbols, &uri, None))
            })
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        let Some(analysed) = self.analysed(&uri).await else { return Ok(None) };
        blocking(move || {
            let source = analysed.source();
            Some(symbols::folding_ranges(&analysed.record(&source), &analysed.text))
        })
        .await
    }

    #[allow(deprecated)] // `SymbolInformation::deprecated` must be written out.
    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let mut uris: Vec<Uri> = {
            let state = self.state();
            state
                .docs
                .iter()
                .filter(|(_, d)| d.kind == Kind::Record)
                .map(|(u, _)| u.clone())
                .collect()
        };
        uris.sort();
        let mut documents = Vec::new();
        for uri in uris {
            if let Some(analysed) = self.analysed(&uri).await {
                documents.push((uri, analysed));
            }
        }
        let query = params.query;
        blocking(move || {
            let mut found = Vec::new();
            for (uri, analysed) in documents {
                let source = analysed.source();
                let record = analysed.record(&source);
                let file = uri.path().as_str().rsplit('/').next().unwrap_or("").to_owned();
                for entry in &record.entries {
                    if !symbols::matches_query(&entry.heading.text, &query) {
                        continue;
                    }
                    found.push(SymbolInformation {
                        name: entry.heading.text.clone(),
                        kind: SymbolKind::EVENT,
                        tags: None,
                        deprecated: None,
                        location: tower_lsp_server::ls_types::Location::new(
                            uri.clone(),
                            analysed.text.range(&entry.heading.span),
                        ),
                        container_name: Some(file.clone()),
                    });
                }
            }
            Some(WorkspaceSymbolResponse::Flat(found))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        match params.command.as_str() {
            EXPLAIN_COMMAND => self.explain(&params.arguments).await,
            REVIEW_COMMAND => {
                // `[folderUri]` reviews that folder only.
                let folder = params.arguments.first().and_then(Value::as_str);
                let folder =
                    match folder.map(|f| f.parse::<Uri>().ok().as_ref().and_then(file_path)) {
                        Some(None) => {
                            return Err(Error::invalid_params("expected a folder's file URI"))
                        }
                        Some(path) => path,
                        None => None,
                    };
                Ok(Some(self.review_under(self.review_epoch(), folder).await))
            }
            GENOGRAM_COMMAND => self.genogram(&params.arguments).await,
            CHRONOLOGY_COMMAND => self.chronology(&params.arguments).await,
            PANIC_COMMAND if self.options.fault_injection => {
                blocking(|| -> Option<Value> { panic!("injected fault") }).await
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}
