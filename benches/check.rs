//! How fast casenote is, on generated records (`dev/synthetic.rs`):
//!
//! - `throughput/*`: parse and lint one record of 10 KB, 1 MB and 10 MB on
//!   one thread (the core, no I/O);
//! - `incremental/1 MB, one-character edit`: an editor's re-check after a
//!   keystroke, with an `Analyzer` that remembers each entry;
//! - `caseload/*`: 1,000 records on one thread and on every core (rayon);
//! - `server/*`: the language server driven in-process, from a
//!   one-character `didChange` to its `publishDiagnostics` on a 1 MB record
//!   (no debounce), and the `casenote server` binary's start-up to its
//!   `initialize` response.
//!
//! Run with `cargo bench --bench check`; results and targets are in
//! `docs/performance.md`. The server figures print a median and p99 too.

#[path = "../dev/in_process_server.rs"]
mod in_process_server;
#[path = "../dev/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casenote::analysis::Analyzer;
use casenote::{check, Config};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use in_process_server::Server;
use rayon::prelude::*;
use serde_json::{json, Value};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// `text` with one character typed (`x` or `y`) at a paragraph end near
/// the middle: a fresh text every time, as when typing.
fn typed(text: &str, round: usize) -> (String, usize) {
    let middle = text.len() / 2;
    let at = middle + text[middle..].find("\n\n").unwrap();
    let ch = if round % 2 == 0 { "x" } else { "y" };
    (format!("{}{ch}{}", &text[..at], &text[at..]), at)
}

fn throughput(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("throughput");
    for (name, bytes) in [("10 KB", 10_000), ("1 MB", 1_000_000), ("10 MB", 10_000_000)] {
        let record = synthetic::record(1, bytes);
        group.throughput(Throughput::Bytes(record.len() as u64));
        group.sample_size(if bytes > 1_000_000 { 10 } else { 30 });
        group.bench_with_input(BenchmarkId::from_parameter(name), &record, |b, record| {
            b.iter(|| check(black_box(record), &config, today()))
        });
    }
    group.finish();

    let record = synthetic::record(1, 1_000_000);
    let mut group = c.benchmark_group("incremental");
    let mut analyzer = Analyzer::default();
    analyzer.check(&record, &config, today());
    let mut round = 0;
    group.bench_function("1 MB, one-character edit", |b| {
        b.iter_batched(
            || {
                round += 1;
                typed(&record, round).0
            },
            |text| analyzer.check(black_box(&text), &config, today()),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn caseload(c: &mut Criterion) {
    let config = Config::default();
    let records = synthetic::caseload(1, 1_000);
    let bytes: usize = records.iter().map(|(_, text)| text.len()).sum();
    let mut group = c.benchmark_group("caseload");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for threads in [1, std::thread::available_parallelism().map_or(2, |n| n.get())] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        group.bench_function(BenchmarkId::new("1000 records", format!("{threads} threads")), |b| {
            b.iter(|| {
                pool.install(|| {
                    records
                        .par_iter()
                        .map(|(_, text)| check(black_box(text), &config, today()).len())
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
}

/// Line and UTF-16 column of byte `offset` (the record is ASCII here).
fn position(text: &str, offset: usize) -> Value {
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": column})
}

fn server(c: &mut Criterion) {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let record = synthetic::record(1, 1_000_000);
    let uri = "file:///bench/record.md";
    let mut server = runtime.block_on(async {
        let mut server = Server::start(today()).await;
        let open = json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": record}});
        server.send("textDocument/didOpen", open, false).await;
        server.published(1).await;
        server
    });
    // One character typed, then deleted, at the same place: the text
    // alternates between two versions, each edit a real change.
    let (_, at) = typed(&record, 0);
    let mut version = 1;
    let mut edit = |server: &mut Server| {
        version += 1;
        let insert = version % 2 == 0;
        let start = position(&record, at);
        let end = if insert {
            start.clone()
        } else {
            json!({"line": start["line"], "character": start["character"].as_u64().unwrap() + 1})
        };
        let change = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": if insert { "x" } else { "" }}],
        });
        let started = Instant::now();
        runtime.block_on(async {
            server.send("textDocument/didChange", change, false).await;
            server.published(version).await
        });
        started.elapsed()
    };

    let mut times: Vec<Duration> = (0..400).map(|_| edit(&mut server)).collect();
    times.sort();
    eprintln!(
        "server/1 MB, edit to diagnostics: median {:.2} ms, p99 {:.2} ms over {} edits",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() * 99 / 100].as_secs_f64() * 1e3,
        times.len()
    );

    let mut group = c.benchmark_group("server");
    group.bench_function("1 MB, edit to diagnostics", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| edit(&mut server)).sum())
    });
    // A 0.1 MB record opened (a new document each time) to its diagnostics.
    let small = synthetic::record(2, 100_000);
    let mut opened = 0;
    group.bench_function("0.1 MB, open to diagnostics", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    opened += 1;
                    let uri = format!("file:///bench/open-{opened}.md");
                    let open = json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": small}});
                    let started = Instant::now();
                    runtime.block_on(async {
                        server.send("textDocument/didOpen", open, false).await;
                        server.published(1).await;
                    });
                    let elapsed = started.elapsed();
                    let close = json!({"textDocument": {"uri": uri}});
                    runtime.block_on(server.send("textDocument/didClose", close, false));
                    elapsed
                })
                .sum()
        })
    });
    group.sample_size(20);
    group.bench_function("start-up to initialize response", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| start_up()).sum())
    });
    group.finish();
}

/// Time from starting `casenote server` to reading its `initialize` answer.
fn start_up() -> Duration {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("casenote server starts");
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}}).to_string();
    let mut stdin = child.stdin.take().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut length = 0;
    loop {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.trim().parse().unwrap();
        } else if line.trim().is_empty() {
            break;
        }
    }
    let mut response = vec![0; length];
    stdout.read_exact(&mut response).unwrap();
    let elapsed = started.elapsed();
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

criterion_group!(benches, throughput, caseload, server);
criterion_main!(benches);
