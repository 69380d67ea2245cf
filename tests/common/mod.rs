//! Helpers shared by the integration tests that run the `casenote` binary:
//! a scratch folder of records, and LSP framing over a child's pipes.
//! (Each test binary uses some of them.)
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;

use serde_json::Value;

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
