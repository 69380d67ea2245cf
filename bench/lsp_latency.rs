//! `bench/lsp-latency`: drives the real `casenote server` binary over stdio
//! as an editor does, and prints how long a keystroke takes to come back as
//! diagnostics, and how long hover and completion take to answer.
//!
//! ```text
//! cargo run --release --example lsp-latency -- [--bin PATH] [--bytes N] [--edits N]
//!     [--gap-ms LO..HI] [--seed N]
//! ```
//!
//! It opens a generated record (`dev/synthetic.rs`, 1 MB by default), waits
//! for its first diagnostics, then types one character at a time (200 by
//! default) into a paragraph in the middle of the record, a pause of 50 to
//! 100 ms between keystrokes (human speed). For each keystroke it times
//! `didChange` to the first byte of the first `publishDiagnostics` whose
//! version is that keystroke's or later; then a hover on a field key and a
//! completion at the cursor, each request to the first byte of its answer.
//! Prints median, p90, p99 and max of each, in milliseconds.
//!
//! Times are taken by a reader thread when a message's first header line
//! arrives, so they include the server's serialisation and the pipe.
//!
//! With `--memory`, it also reads the server's resident memory (`VmRSS`,
//! and the peak `VmHWM`, from `/proc`) when started, when warm (after a
//! 20 KB record was opened and closed, so that what every record needs
//! once is loaded; ratios are measured from there), after the first
//! diagnostics, right after the edits, after a pause of a second (the
//! server gives memory back when typing pauses) and after `didClose`, and
//! prints them with their ratio to the record's size.
#[path = "../dev/synthetic.rs"]
mod synthetic;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Options {
    bin: String,
    bytes: usize,
    edits: usize,
    gap: (u64, u64),
    seed: u64,
    memory: bool,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        bin: "target/release/casenote".to_owned(),
        bytes: 1_000_000,
        edits: 200,
        gap: (50, 100),
        seed: 1,
        memory: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if flag == "--memory" {
            options.memory = true;
            continue;
        }
        let value = rest.next().ok_or(format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--bin" => options.bin = value.clone(),
            "--bytes" => options.bytes = number(value)? as usize,
            "--edits" => options.edits = number(value)? as usize,
            "--seed" => options.seed = number(value)?,
            "--gap-ms" => {
                let (lo, hi) = value.split_once("..").ok_or("--gap-ms LO..HI")?;
                options.gap = (number(lo)?, number(hi)?.max(number(lo)?));
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

/// A message from the server and when its first byte was read.
struct Arrival {
    at: Instant,
    message: Value,
}

fn read_messages(stdout: impl Read, tx: mpsc::Sender<Arrival>) {
    let mut reader = BufReader::with_capacity(1 << 20, stdout);
    loop {
        let mut length = None;
        let mut at = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            at.get_or_insert_with(Instant::now);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else { return };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let Ok(message) = serde_json::from_slice(&body) else { continue };
        let at = at.unwrap_or_else(Instant::now);
        if tx.send(Arrival { at, message }).is_err() {
            return;
        }
    }
}

struct Server {
    stdin: ChildStdin,
    inbox: mpsc::Receiver<Arrival>,
    next_id: i64,
}

impl Server {
    fn send(&mut self, message: &Value) -> Instant {
        let body = serde_json::to_vec(message).expect("JSON");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        let sent = Instant::now();
        self.stdin.write_all(&framed).expect("the server reads its input");
        self.stdin.flush().expect("flush");
        sent
    }

    fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request; returns when it was sent and its id.
    fn request(&mut self, method: &str, params: Value) -> (Instant, i64) {
        self.next_id += 1;
        let id = self.next_id;
        let sent =
            self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        (sent, id)
    }

    /// The next message that `matches`; answers the server's own requests.
    fn wait(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Arrival {
        loop {
            let arrival = self
                .inbox
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("lsp-latency: no {what} from the server"));
            if matches(&arrival.message) {
                return arrival;
            }
            if arrival.message["method"] == "window/logMessage"
                && std::env::var_os("LSP_LATENCY_LOG").is_some()
            {
                eprintln!(
                    "server: {}",
                    arrival.message["params"]["message"].as_str().unwrap_or("")
                );
            }
            let message = &arrival.message;
            if message.get("method").is_some() && message.get("id").is_some() {
                let result = match message["method"].as_str() {
                    Some("workspace/configuration") => json!([null]),
                    _ => Value::Null,
                };
                self.send(
                    &json!({"jsonrpc": "2.0", "id": message["id"].clone(), "result": result}),
                );
            }
        }
    }

    fn answer(&mut self, id: i64) -> Arrival {
        self.wait("answer", |m| m["id"] == id && m.get("method").is_none())
    }
}

fn is_publish(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

/// Milliseconds, sorted.
struct Sample(Vec<f64>);

impl Sample {
    fn quantile(&self, q: f64) -> f64 {
        let index = ((self.0.len() as f64 - 1.0) * q).round() as usize;
        self.0[index.min(self.0.len() - 1)]
    }

    fn row(name: &str, mut values: Vec<f64>) {
        values.sort_by(f64::total_cmp);
        let sample = Sample(values);
        if sample.0.is_empty() {
            println!("{name:<28} (no samples)");
            return;
        }
        println!(
            "{name:<28} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            sample.0.len(),
            sample.quantile(0.5),
            sample.quantile(0.9),
            sample.quantile(0.99),
            sample.0[sample.0.len() - 1],
        );
    }
}

/// A small deterministic generator for the pauses.
struct Pauses(u64);

impl Pauses {
    fn next(&mut self, (lo, hi): (u64, u64)) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(lo + self.0 % (hi - lo + 1))
    }
}

/// `VmRSS` and `VmHWM` of a process, in bytes.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("lsp-latency: {e}");
            std::process::exit(2);
        }
    };
    let text = synthetic::record(options.seed, options.bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    // A prose line in the middle of the record to type at the end of, and
    // the nearest field line before it to hover on.
    let middle = lines.len() / 2;
    let prose = |line: &str| {
        line.len() > 40 && line.starts_with(|c: char| c.is_ascii_uppercase()) && !line.contains(':')
    };
    let edit_line = (middle..lines.len()).find(|&i| prose(lines[i])).expect("a prose line");
    let hover_line = (0..edit_line)
        .rev()
        .find(|&i| lines[i].starts_with("Contact:") || lines[i].starts_with("Present:"))
        .expect("a field line");

    let mut child = Command::new(&options.bin)
        .arg("server")
        .env("CASENOTE_TODAY", "2026-11-25")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("lsp-latency: cannot start {}: {e}", options.bin));
    let stdout = child.stdout.take().expect("stdout");
    let (tx, inbox) = mpsc::channel();
    std::thread::spawn(move || read_messages(stdout, tx));
    let mut server = Server { stdin: child.stdin.take().expect("stdin"), inbox, next_id: 0 };
    let pid = child.id();
    let mut memory_rows: Vec<(&str, (u64, u64))> = Vec::new();

    let (_, id) = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "textDocument": {"publishDiagnostics": {"relatedInformation": true},
                              "completion": {"completionItem": {"snippetSupport": true}},
                              "hover": {"contentFormat": ["markdown", "plaintext"]}}}}),
    );
    server.answer(id);
    server.notify("initialized", json!({}));
    flush(&mut server);
    memory_rows.push(("started", memory(pid)));
    if options.memory {
        // A small record opened and closed first loads what every record
        // needs once (the tagger's model, the compiled vocabulary), so that
        // the rows below measure what this record costs.
        let warm_uri = "file:///lsp-latency/warm-up.md";
        let warm_text = synthetic::record(options.seed + 1, 20_000);
        server.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": warm_uri, "languageId": "markdown", "version": 1, "text": warm_text}}),
        );
        server.wait("warm-up diagnostics", |m| is_publish(m, warm_uri));
        server.notify("textDocument/didClose", json!({"textDocument": {"uri": warm_uri}}));
        flush(&mut server);
        memory_rows.push(("warm", memory(pid)));
    }
    let uri = "file:///lsp-latency/record.md";
    let opened = server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let first = server.wait("first diagnostics", |m| is_publish(m, uri));
    let findings = first.message["params"]["diagnostics"].as_array().map_or(0, Vec::len);
    let open_ms = first.at.duration_since(opened).as_secs_f64() * 1000.0;
    // What one publish costs to write: its size, and serde_json's time to
    // serialise it (in this process, from the parsed message).
    let started = Instant::now();
    let rounds = 20;
    let mut publish_bytes = 0;
    for _ in 0..rounds {
        publish_bytes = serde_json::to_vec(&first.message).map_or(0, |v| v.len());
    }
    let serialise_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
    flush(&mut server);
    memory_rows.push(("opened", memory(pid)));

    let typed = " She said the visit went well and she was glad to see him again today";
    let mut column = utf16_len(lines[edit_line]);
    let mut pauses = Pauses(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (mut keystroke, mut hover, mut completion) = (Vec::new(), Vec::new(), Vec::new());
    let mut skipped = 0;
    for (i, c) in typed.chars().cycle().take(options.edits).enumerate() {
        let version = i as i64 + 2;
        let position = json!({"line": edit_line, "character": column});
        let sent = server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": position, "end": position}, "text": c.to_string()}]}),
        );
        column += c.len_utf16() as u32;
        let published = server.wait("diagnostics", |m| {
            is_publish(m, uri) && m["params"]["version"].as_i64().is_some_and(|v| v >= version)
        });
        if published.message["params"]["version"].as_i64() != Some(version) {
            skipped += 1;
        }
        keystroke.push(published.at.duration_since(sent).as_secs_f64() * 1000.0);

        let (sent, id) = server.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": hover_line, "character": 2}}),
        );
        let answer = server.answer(id);
        assert!(answer.message.get("error").is_none(), "hover failed: {}", answer.message);
        hover.push(answer.at.duration_since(sent).as_secs_f64() * 1000.0);

        let (sent, id) = server.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": edit_line, "character": column}}),
        );
        let answer = server.answer(id);
        assert!(answer.message.get("error").is_none(), "completion failed: {}", answer.message);
        completion.push(answer.at.duration_since(sent).as_secs_f64() * 1000.0);

        let pause = pauses.next(options.gap);
        let spent = sent.elapsed();
        std::thread::sleep(pause.saturating_sub(spent));
    }
    flush(&mut server);
    memory_rows.push(("edited", memory(pid)));
    // The server gives memory back once typing pauses (half a second).
    std::thread::sleep(Duration::from_secs(1));
    memory_rows.push(("paused 1 s", memory(pid)));
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    flush(&mut server);
    memory_rows.push(("closed", memory(pid)));
    let (_, id) = server.request("shutdown", Value::Null);
    server.answer(id);
    server.notify("exit", Value::Null);
    let _ = child.wait();

    println!(
        "lsp-latency: {} bytes, {} findings, first diagnostics after open in {:.1} ms; {} edits {}..{} ms apart{}",
        text.len(),
        findings,
        open_ms,
        options.edits,
        options.gap.0,
        options.gap.1,
        if skipped > 0 { format!(" ({skipped} versions coalesced)") } else { String::new() }
    );
    println!(
        "one publishDiagnostics: {publish_bytes} bytes of JSON, serialised in {serialise_ms:.2} ms"
    );
    println!("{:<28} {:>5} {:>8} {:>8} {:>8} {:>8}", "ms", "n", "median", "p90", "p99", "max");
    Sample::row("keystroke -> diagnostics", keystroke);
    Sample::row("hover", hover);
    Sample::row("completion", completion);
    if options.memory {
        // Measured from the warm server: what this record costs.
        let base = memory_rows[1].1 .0;
        println!(
            "memory (MiB)      RSS   peak   (RSS - warm) / record size   (peak - warm) / record size"
        );
        for (name, (rss, peak)) in memory_rows {
            println!(
                "{name:<12} {:>8.1} {:>6.1}   {:>5.1}x   {:>5.1}x",
                mib(rss),
                mib(peak),
                rss.saturating_sub(base) as f64 / text.len() as f64,
                peak.saturating_sub(base) as f64 / text.len() as f64,
            );
        }
    }
}

/// Waits until the server has finished its work: `casenote/flush` where the
/// server has it, else a pause of a second.
fn flush(server: &mut Server) {
    let (_, id) = server.request("casenote/flush", Value::Null);
    let answer = server.answer(id);
    if answer.message.get("error").is_some() {
        std::thread::sleep(Duration::from_secs(1));
    }
}
