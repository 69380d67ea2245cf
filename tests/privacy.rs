//! Privacy, end to end: record text never reaches a log, and casenote never
//! touches the network.
//!
//! A record carries a unique marker in every place a name or phrase can
//! stand: the child's and a parent's name in the front matter, the glossary,
//! headings, field lines, an opinion, a hypothesis, a quotation, an
//! acronym, vague words, a long sentence, the genogram. Then, at the most
//! verbose log level:
//!
//! - `check` in every format, `report` and `genogram` must write none of it
//!   to stderr (stdout of `check` holds findings, which may quote it: that is
//!   the product's output, not a log);
//! - a language-server session must send none of it in `window/logMessage`,
//!   `window/showMessage`, `window/showMessageRequest`, `$/logTrace` or
//!   `$/progress`, nor write it to stderr (diagnostics and responses are the
//!   product's output).
//!
//! The second half runs `check` and a server session under
//! `strace -f -e trace=network` and fails on any internet socket, connection
//! or send. It is skipped, visibly, where strace is not installed or may not
//! trace.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;
use common::{frame_json, spawn_framed};

const TODAY: &str = "2026-11-25";

/// Appears nowhere in casenote itself; case-insensitive checks also catch
/// it lower-cased or upper-cased (`QUOKKA` is also the record's acronym).
const MARKERS: &[&str] = &["zanzibar", "quokka", "7731"];

const RECORD: &str = r#"---
record: CIN-Zanzibar-Quokka-7731
child: Zanzibar-Quokka-7731 Smith
born: 2016-05-02
parents: [Sarah Zanzibar-Quokka-7731, Mark Smith]
agency: childrens-social-care
stage: [child-in-need]
contact-frequency: weekly
worker: Amira Zanzibar-Quokka-7731
glossary: {ZQX: Zanzibar Quokka Exchange}
---

# Family composition of Zanzibar-Quokka-7731

Zanzibar-Quokka-7731 lives with Sarah Zanzibar-Quokka-7731.

```genogram
updated: 2026-01-01
person Zanzibar-Quokka-7731 Smith: child, male, born 2016, household
person Sarah Zanzibar-Quokka-7731: mother, female, PR, household
person Mark Smith: father, male, PR
children of Sarah Zanzibar-Quokka-7731 & Mark Smith: Zanzibar-Quokka-7731 Smith, Unknown Quokka-7731
```

## 2026-11-03 14:00 — Home visit to Zanzibar-Quokka-7731 (unannounced)

Recorded: 2026-11-20
Contact: home visit, unannounced
Present: Zanzibar-Quokka-7731 Smith, Sarah Zanzibar-Quokka-7731 (mother)

### Observations

The home of Zanzibar-Quokka-7731 was chaotic and Sarah Zanzibar-Quokka-7731 seemed low. Zanzibar-Quokka-7731 may have been hit by a Quokka-7731 neighbour. She said "Zanzibar-Quokka-7731 is scared of the dark" and the QUOKKA worker agreed. Mum engaged well with Zanzibar-Quokka-7731 as per the Quokka-7731 plan. The Zanzibar-Quokka-7731 family told me a great deal about the Zanzibar-Quokka-7731 school and the Zanzibar-Quokka-7731 doctor and the Zanzibar-Quokka-7731 grandmother and the Zanzibar-Quokka-7731 cousins and their Zanzibar-Quokka-7731 dog and many other things besides, such as the weather, the bus times, the shops in town, the neighbours and their cats, and a long story about a holiday. I think Zanzibar-Quokka-7731 is at risk of significant harm. A visit on 31/02/2026 was planned with Zanzibar-Quokka-7731.

### Decision

Zanzibar-Quokka-7731 will stay at home with Sarah Zanzibar-Quokka-7731.

<!-- casenote-disable-next-line long-sentence -->
Zanzibar-Quokka-7731 was seen alone.

## 2026-11-30 — Phone call with Zanzibar-Quokka-7731

Present: Zanzibar-Quokka-7731 Smith

The Zanzibar-Quokka-7731 call was dirty.
"#;

/// Text from the record that no log may hold: every marker, and every
/// sentence-like piece of 20 characters or more.
fn forbidden() -> Vec<String> {
    let mut pieces: Vec<String> = MARKERS.iter().map(|m| m.to_string()).collect();
    for line in RECORD.lines() {
        for piece in line.split(". ") {
            let piece = piece.trim().trim_end_matches('.');
            if piece.chars().count() >= 20 {
                pieces.push(piece.to_lowercase());
            }
        }
    }
    pieces
}

/// Fails naming what leaked and where, without flooding the output.
fn assert_no_record_text(place: &str, text: &str) {
    let lower = text.to_lowercase();
    for piece in forbidden() {
        if let Some(at) = lower.find(&piece) {
            let start = lower[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
            let context: String = text[start..].chars().take(200).collect();
            panic!("{place} holds record text `{piece}`: …{context}…");
        }
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("casenote-privacy-").tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/record.md"), RECORD).unwrap();
    // The same text where it cannot be read as UTF-8.
    let mut bytes = RECORD.as_bytes().to_vec();
    bytes.insert(RECORD.find("chaotic").unwrap(), 0xff);
    std::fs::write(dir.path().join("notes/broken.md"), bytes).unwrap();
    dir
}

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn casenote(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
        .args(args)
        .current_dir(dir)
        .env("CASENOTE_TODAY", TODAY)
        .env("CASENOTE_LOG", "trace")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Output {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn check_and_report_logs_hold_no_record_text() {
    let dir = project();
    for format in ["text", "json", "sarif", "github"] {
        let run = casenote(dir.path(), &["check", "-vvv", "--format", format, "notes"]);
        assert_eq!(run.code, Some(2), "{format}: {}", run.stderr);
        assert_no_record_text(&format!("stderr of check --format {format}"), &run.stderr);
        // The log was on, and said something about each file.
        assert!(run.stderr.contains("casenote: trace"), "{}", run.stderr);
        assert!(
            run.stderr.contains("notes/record.md: ") && run.stderr.contains("unlabelled-opinion="),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("notes/broken.md: not valid UTF-8"), "{}", run.stderr);
        // The findings themselves (stdout) quote the record: product output.
        assert!(run.stdout.to_lowercase().contains("quokka"), "{format}: {}", run.stdout);
    }
    // Training messages, one rule, the quiet text format.
    let run = casenote(
        dir.path(),
        &["check", "-vv", "--training", "--select", "vague-language", "-q", "notes"],
    );
    assert_no_record_text("stderr of check --training", &run.stderr);
    // Refused for its size.
    let run = casenote(dir.path(), &["check", "-vvv", "--max-file-size", "1KiB", "notes"]);
    assert!(run.stderr.contains("too large to check"), "{}", run.stderr);
    assert_no_record_text("stderr of check --max-file-size", &run.stderr);
    // A configuration problem.
    std::fs::write(
        dir.path().join("notes/casenote.toml"),
        "[settings]\nlong-sentence-words = \"x\"\n",
    )
    .unwrap();
    let run = casenote(dir.path(), &["check", "-vvv", "notes"]);
    assert!(run.stderr.contains("casenote.toml:2:"), "{}", run.stderr);
    assert_no_record_text("stderr of check with a bad casenote.toml", &run.stderr);
    std::fs::remove_file(dir.path().join("notes/casenote.toml")).unwrap();

    for format in ["html", "json"] {
        let run = casenote(
            dir.path(),
            &["report", "-vvv", "--format", format, "-o", &format!("report.{format}"), "notes"],
        );
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.stderr.contains("notes/record.md: "), "{}", run.stderr);
        assert_no_record_text(&format!("stderr of report --format {format}"), &run.stderr);
    }
    let run = casenote(dir.path(), &["genogram", "notes/record.md", "-o", "family.svg"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_no_record_text("stderr of genogram", &run.stderr);
    let run = casenote(dir.path(), &["genogram", "notes/broken.md"]);
    assert_eq!(run.code, Some(2));
    assert_no_record_text("stderr of genogram on a broken file", &run.stderr);
}

// ----------------------------------------------------------------- server

const SERVER_TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    /// Every message the server sent, in order.
    seen: Vec<Value>,
    next_id: i64,
}

impl Server {
    /// Starts `program args…` (the server, or strace running it).
    fn start(mut command: Command) -> Server {
        let (child, stdin, messages) =
            spawn_framed(command.env("CASENOTE_TODAY", TODAY).env("CASENOTE_LOG", "trace"));
        Server { child, stdin: Some(stdin), messages, seen: Vec::new(), next_id: 0 }
    }

    fn send(&mut self, message: Value) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(&frame_json(&message)).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + SERVER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} from the server"));
            self.seen.push(message.clone());
            if matches(&message) {
                return message;
            }
            if message.get("method").is_some() && message.get("id").is_some() {
                let result = match message["method"].as_str() {
                    Some("workspace/configuration") => json!([{"workspaceReview": true}]),
                    Some("window/showMessageRequest") => Value::Null,
                    _ => Value::Null,
                };
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(method, |m| m["id"] == id && m.get("method").is_none())
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    /// Shutdown and exit; the exit status and stderr. Messages still in
    /// flight are collected too.
    fn stop(mut self) -> (Option<i32>, String, Vec<Value>) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + SERVER_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(message) = self.messages.recv_timeout(Duration::from_secs(2)) {
            self.seen.push(message);
        }
        let mut stderr = String::new();
        self.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        (status.code(), stderr, std::mem::take(&mut self.seen))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The position (0-based line, UTF-16 column) of `needle` in the record.
fn position_of(needle: &str) -> Value {
    let at = RECORD.find(needle).unwrap();
    let line = RECORD[..at].matches('\n').count();
    let line_start = RECORD[..at].rfind('\n').map_or(0, |i| i + 1);
    let character = RECORD[line_start..at].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// A whole session: open, hover, code actions, an edit, commands, a
/// workspace review and a bad configuration file, all at trace level with
/// the client asking for verbose traces.
fn server_session(command: Command, folder: &Path) -> (Option<i32>, String, Vec<Value>) {
    let uri = format!("file://{}", folder.join("notes/record.md").display());
    let root = format!("file://{}", folder.display());
    let mut server = Server::start(command);
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "trace": "verbose",
               "workspaceFolders": [{"uri": root, "name": "caseload"}],
               "initializationOptions": {"workspaceReview": true},
               "capabilities": {
                   "workspace": {"configuration": true, "workspaceFolders": true,
                                 "didChangeWatchedFiles": {"dynamicRegistration": true}},
                   "window": {"workDoneProgress": true, "showMessage": {}},
                   "textDocument": {"publishDiagnostics": {"relatedInformation": true},
                                    "hover": {"contentFormat": ["markdown"]}}}}),
    );
    assert!(response["result"]["capabilities"].is_object(), "{response}");
    server.notify("initialized", json!({}));
    server.notify("$/setTrace", json!({"value": "verbose"}));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": RECORD}}),
    );
    let published = server.diagnostics(&uri, 1);
    assert!(
        published["params"]["diagnostics"].as_array().is_some_and(|d| d.len() > 5),
        "{published}"
    );
    let at = position_of("was chaotic");
    let hover =
        server.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
    assert!(hover["result"].is_object(), "{hover}");
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at},
               "context": {"diagnostics": published["params"]["diagnostics"]}}),
    );
    assert!(actions["result"].is_array(), "{actions}");
    server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position_of("Recorded:")}),
    );
    server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position_of("### Decision")}),
    );
    server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": at, "end": at},
                                   "text": "Quokka-7731 appeared drunk and the flat "}]}),
    );
    server.diagnostics(&uri, 2);
    server.request(
        "workspace/executeCommand",
        json!({"command": "casenote.explainRule", "arguments": ["unlabelled-opinion"]}),
    );
    server.request(
        "workspace/executeCommand",
        json!({"command": "casenote.showGenogram", "arguments": [uri]}),
    );
    server.request(
        "workspace/executeCommand",
        json!({"command": "casenote.reviewWorkspace", "arguments": []}),
    );
    // A bad configuration beside the record: reported with a message.
    std::fs::write(folder.join("notes/casenote.toml"), "[settings]\ntraining = \"Quokka\"\n")
        .unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}", folder.join("notes/casenote.toml").display()), "type": 1}]}),
    );
    server.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}]}),
    );
    server.diagnostics(&uri, 3);
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    server.stop()
}

/// Log-like messages from the server: what an editor shows in its output
/// panel or as pop-ups, not the product's diagnostics and answers.
const LOG_METHODS: &[&str] = &[
    "window/logMessage",
    "window/showMessage",
    "window/showMessageRequest",
    "$/logTrace",
    "$/progress",
];

#[test]
fn server_logs_hold_no_record_text() {
    let dir = project();
    std::fs::remove_file(dir.path().join("notes/broken.md")).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_casenote"));
    command.arg("server").current_dir(dir.path());
    let (status, stderr, seen) = server_session(command, dir.path());
    assert_eq!(status, Some(0), "stderr: {stderr}");
    assert_no_record_text("the server's stderr", &stderr);
    let mut logs = 0;
    for message in &seen {
        let method = message["method"].as_str().unwrap_or("");
        if LOG_METHODS.contains(&method) {
            logs += 1;
            assert_no_record_text(&format!("a {method} notification"), &message.to_string());
            eprintln!("  {method}: {}", message["params"]);
        }
    }
    eprintln!("{logs} log-like messages from the server, none with record text");
    assert!(logs > 0, "the server logged nothing at all: {seen:#?}");
    // The marker did reach the product's output, so the check above means something.
    assert!(seen.iter().any(|m| m["method"] == "textDocument/publishDiagnostics"
        && m.to_string().to_lowercase().contains("quokka")));
}

// ----------------------------------------------------------------- network

fn strace_available() -> Result<(), String> {
    match Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network", "-o", "/dev/null", "true"])
        .output()
    {
        Err(err) => Err(format!("strace is not installed ({err})")),
        Ok(out) if !out.status.success() => Err(format!(
            "strace cannot trace here: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(_) => Ok(()),
    }
}

/// Network system calls from a strace log that are not local (AF_UNIX):
/// what `check` or the server must never do.
fn inet_calls(log: &str) -> Vec<String> {
    log.lines()
        .filter(|line| line.contains('('))
        .filter(|line| {
            let inet = line.contains("AF_INET") || line.contains("AF_PACKET");
            let outgoing = ["connect(", "sendto(", "sendmsg(", "sendmmsg(", "bind(", "listen("]
                .iter()
                .any(|call| line.contains(call));
            inet || (outgoing && !line.contains("AF_UNIX") && !line.contains("AF_NETLINK"))
        })
        .map(str::to_owned)
        .collect()
}

fn strace_command(log: &Path, dir: &Path) -> Command {
    let mut command = Command::new("strace");
    command
        .args(["-f", "-qq", "-e", "trace=network", "-e", "signal=none", "-o"])
        .arg(log)
        .arg(env!("CARGO_BIN_EXE_casenote"))
        .current_dir(dir);
    command
}

#[test]
fn no_network_under_strace() {
    if let Err(why) = strace_available() {
        eprintln!("SKIPPED no_network_under_strace: {why}");
        println!("SKIPPED no_network_under_strace: {why}");
        return;
    }
    let dir = project();
    std::fs::remove_file(dir.path().join("notes/broken.md")).unwrap();

    let check_log = dir.path().join("check.strace");
    let output = strace_command(&check_log, dir.path())
        .args(["check", "-vvv", "--format", "sarif", "notes"])
        .env("CASENOTE_TODAY", TODAY)
        .env("CASENOTE_LOG", "trace")
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let log = std::fs::read_to_string(&check_log).unwrap();
    println!(
        "network system calls of `casenote check`: {}",
        if log.trim().is_empty() { "none" } else { &log }
    );
    assert_eq!(inet_calls(&log), Vec::<String>::new(), "check used the network");

    let server_log = dir.path().join("server.strace");
    let mut command = strace_command(&server_log, dir.path());
    command.arg("server");
    let (status, stderr, _) = server_session(command, dir.path());
    assert_eq!(status, Some(0), "{stderr}");
    let log = std::fs::read_to_string(&server_log).unwrap();
    println!(
        "network system calls of `casenote server`: {}",
        if log.trim().is_empty() { "none" } else { &log }
    );
    assert_eq!(inet_calls(&log), Vec::<String>::new(), "the server used the network");
}

#[test]
fn the_network_filter_catches_inet_and_lets_unix_sockets_by() {
    let log = "\
123 socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [3, 4]) = 0
123 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 5
124 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"1.1.1.1\")}, 16) = 0
124 sendto(5, \"x\", 1, 0, NULL, 0) = 1
124 connect(6, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, 110) = 0
";
    let found = inet_calls(log);
    assert_eq!(found.len(), 3, "{found:#?}");
}
