//! Helpers shared by the integration tests that run the `casenote` binary:
//! a scratch folder of records, and LSP framing over a child's pipes.
//! (Each test binary uses some of them.)
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The date every CLI test runs on (`CASENOTE_TODAY`).
pub const TODAY: &str = "2026-11-25";

/// The record most CLI tests use: `as per` is `vague-language` (SPEC §4)
/// at line 3, columns 14 to 20.
pub const AS_PER: &str = "# Jamie Smith\n\nI will visit as per the plan.\n";

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `casenote ARGS` in `dir` on [`TODAY`], with `stdin` as its input
/// and `env` set; the user's global gitignore, colour settings and log
/// level are kept out of it.
pub fn run_casenote(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casenote"));
    command
        .args(args)
        .current_dir(dir)
        .env("CASENOTE_TODAY", TODAY)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CASENOTE_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A temporary folder of files for one test.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A folder named `casenote-PREFIX-…` (not hidden, as tempfile's default
    /// `.tmp` prefix is, so nothing depends on hidden-file handling).
    pub fn new(prefix: &str) -> Self {
        let dir =
            tempfile::Builder::new().prefix(&format!("casenote-{prefix}-")).tempdir().unwrap();
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }
}

/// `body` framed for LSP with a `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// A JSON-RPC message framed for LSP.
pub fn frame_json(message: &Value) -> Vec<u8> {
    frame(&serde_json::to_vec(message).unwrap())
}

/// Starts `command` with piped stdin, stdout and stderr, and a thread that
/// reads its framed messages from stdout into the returned channel.
pub fn spawn_framed(command: &mut Command) -> (Child, ChildStdin, mpsc::Receiver<Value>) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, messages) = mpsc::channel();
    std::thread::spawn(move || read_messages(stdout, tx));
    (child, stdin, messages)
}

/// Reads `Content-Length`-framed messages until the stream closes; a frame
/// that is not JSON is passed on as a string.
pub fn read_messages(stdout: impl Read, tx: mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("the server frames with Content-Length")];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let message = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        if tx.send(message).is_err() {
            return;
        }
    }
}

/// `casenote server` spoken to over stdio, as an editor does.
pub struct Server {
    pub child: Child,
    /// `None` once closed.
    pub stdin: Option<ChildStdin>,
    pub messages: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Server {
    pub fn start() -> Server {
        let (child, stdin, messages) = spawn_framed(
            Command::new(env!("CARGO_BIN_EXE_casenote"))
                .arg("server")
                .env("CASENOTE_TODAY", "2026-11-25"),
        );
        Server { child, stdin: Some(stdin), messages, next_id: 0 }
    }

    pub fn send(&mut self, message: Value) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(&frame_json(&message)).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits up to 10 s for the process to exit; its exit status.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Waits for the message `matches` picks, answering the server's own
    /// requests (configuration, registrations) on the way.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} from the server"));
            if matches(&message) {
                return message;
            }
            if message.get("method").is_some() && message.get("id").is_some() {
                let result = if message["method"] == "workspace/configuration" {
                    json!([null])
                } else {
                    Value::Null
                };
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
            }
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(method, |m| m["id"] == id && m.get("method").is_none())
    }

    pub fn diagnostics(&mut self, version: i64) -> Value {
        let message = self.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        message["params"].clone()
    }

    /// Shuts down and exits; returns the exit status and stderr.
    pub fn stop(mut self) -> (Option<i32>, String) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null);
        let status = self.wait_exit();
        let mut stderr = String::new();
        self.child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        (status, stderr)
    }
}

/// A failed test must not leave a server running.
impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Initializes a session with the capabilities an editor offers.
pub fn initialize(server: &mut Server) -> Value {
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
            "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
        }}),
    );
    server.notify("initialized", json!({}));
    response
}
