//! Keeps the server alive when a client sends a malformed message.
//!
//! tower-lsp-server stops reading stdin after the first frame it cannot
//! decode (its framed reader ends on a decoder error), which would silently
//! end the editor's session. So stdin is read here first: a well-formed
//! JSON-RPC message passes through unchanged; anything else is replaced by
//! a request for [`MALFORMED`], which the server answers, as JSON-RPC asks,
//! with a Parse error or an Invalid Request error whose `id` is null.
//!
//! On the way out, every message passes through one queue ([`Outbox`]) to
//! stdout: tower-lsp-server's frames, and the diagnostics the server
//! serialises itself. tower-lsp-server turns a notification's parameters
//! into a `serde_json::Value` tree before writing it, which for a record's
//! few hundred diagnostics costs more than the keystroke's lint; written
//! straight from the diagnostics, the same JSON costs a fraction of that.
//! One queue keeps the order in which messages were sent, so a
//! `casenote/flushed` still follows every publish made before it.

use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Request, Response};

/// The method standing for a message that could not be read.
pub const MALFORMED: &str = "casenote/$malformedMessage";

/// The largest message read (a whole 32 MiB record as JSON, with room).
const MAX_BODY: usize = 256 << 20;

/// Copies framed messages from `input` to `output`, replacing malformed
/// ones, until `input` ends.
pub async fn sanitise<R, W>(mut input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    loop {
        let (length, header_ok) = match read_headers(&mut input).await? {
            Headers::End => return Ok(()),
            Headers::Length(length) => (length, true),
            Headers::Bad => (0, false),
        };
        let body = if header_ok {
            let mut body = vec![0; length];
            if input.read_exact(&mut body).await.is_err() {
                return Ok(()); // Ended inside a message: the client is gone.
            }
            body
        } else {
            Vec::new()
        };
        let code = if !header_ok { Some(ErrorCode::ParseError) } else { check(&body) };
        let frame = match code {
            None => body,
            Some(code) => {
                let stand_in = json!({"jsonrpc": "2.0", "id": null, "method": MALFORMED, "params": {"code": code.code()}});
                serde_json::to_vec(&stand_in).expect("serialisable")
            }
        };
        output.write_all(format!("Content-Length: {}\r\n\r\n", frame.len()).as_bytes()).await?;
        output.write_all(&frame).await?;
        output.flush().await?;
    }
}

/// One whole message with its header, ready for stdout; `None` asks the
/// writer to stop once everything queued before it is written.
type Queued = Option<Vec<u8>>;

/// The queue of messages to stdout, in the order they are sent.
#[derive(Clone, Debug)]
pub struct Outbox(mpsc::UnboundedSender<Queued>);

impl Outbox {
    /// A queue and the writer that empties it into `output` (run it as a
    /// task: it ends at [`Outbox::close`] or when every sender is gone).
    pub fn new<W: AsyncWrite + Unpin>(
        mut output: W,
    ) -> (Outbox, impl std::future::Future<Output = ()>) {
        let (sender, mut receiver) = mpsc::unbounded_channel::<Queued>();
        let writer = async move {
            while let Some(Some(frame)) = receiver.recv().await {
                if output.write_all(&frame).await.is_err() {
                    return; // The client is gone.
                }
                // Flush once the queue is empty, not after every message.
                if receiver.is_empty() && output.flush().await.is_err() {
                    return;
                }
            }
            let _ = output.flush().await;
        };
        (Outbox(sender), writer)
    }

    /// Queues a message already framed by [`notification`].
    pub fn send(&self, frame: Vec<u8>) {
        // A closed queue means the server is stopping: nothing to say.
        let _ = self.0.send(Some(frame));
    }

    /// Asks the writer to stop after what is queued now.
    pub fn close(&self) {
        let _ = self.0.send(None);
    }

    /// Copies the frames `input` holds (tower-lsp-server's output, always
    /// well formed) into the queue until it ends.
    pub async fn forward<R: AsyncBufRead + Unpin>(&self, mut input: R) -> std::io::Result<()> {
        loop {
            let Headers::Length(length) = read_headers(&mut input).await? else {
                return Ok(());
            };
            let mut frame = format!("Content-Length: {length}\r\n\r\n").into_bytes();
            let header = frame.len();
            frame.resize(header + length, 0);
            input.read_exact(&mut frame[header..]).await?;
            self.send(frame);
        }
    }
}

/// A JSON-RPC notification with its `Content-Length` header.
pub fn notification(method: &str, params: &impl Serialize) -> Vec<u8> {
    #[derive(Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let message = Notification { jsonrpc: "2.0", method, params };
    let mut body = Vec::with_capacity(4096);
    serde_json::to_writer(&mut body, &message).expect("LSP types serialise to JSON");
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    frame
}

enum Headers {
    Length(usize),
    /// No usable Content-Length: the frame was skipped to the next blank line.
    Bad,
    End,
}

async fn read_headers<R: AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Headers> {
    let mut length: Option<Option<usize>> = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        // A header line longer than this is not a header.
        let read = (&mut *input).take(8192).read_until(b'\n', &mut line).await?;
        if read == 0 {
            return Ok(if seen_any { Headers::Bad } else { Headers::End });
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !seen_any {
                continue; // Stray blank lines between messages.
            }
            return Ok(match length {
                Some(Some(n)) if n <= MAX_BODY => Headers::Length(n),
                _ => Headers::Bad,
            });
        }
        seen_any = true;
        // After a frame of unknown length, the next header may follow the
        // unread body on the same line: find it anywhere on the line.
        if let Some(at) = line.to_ascii_lowercase().rfind("content-length:") {
            length = Some(line[at + "content-length:".len()..].trim().parse().ok());
        }
    }
}

/// Why a body is not a JSON-RPC message the server can read, if it is not.
fn check(body: &[u8]) -> Option<ErrorCode> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Some(ErrorCode::ParseError);
    };
    let readable = serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value).is_ok();
    (!readable).then_some(ErrorCode::InvalidRequest)
}

/// The answer to a [`MALFORMED`] stand-in request.
pub fn answer(request: &Request) -> Response {
    let code =
        request.params().and_then(|p| p.get("code")).and_then(Value::as_i64).unwrap_or(-32700);
    let error = match ErrorCode::from(code) {
        ErrorCode::InvalidRequest => Error {
            code: ErrorCode::InvalidRequest,
            message:
                "casenote: the message is not a JSON-RPC 2.0 request, notification or response"
                    .into(),
            data: None,
        },
        _ => Error {
            code: ErrorCode::ParseError,
            message: "casenote: the message could not be read (bad Content-Length header or JSON)"
                .into(),
            data: None,
        },
    };
    Response::from_error(tower_lsp_server::jsonrpc::Id::Null, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_outbox_writes_both_sources_in_the_order_sent() {
        let (tower_side, tower_output) = tokio::io::duplex(64);
        let mut output = Vec::new();
        {
            let (outbox, writer) = Outbox::new(&mut output);
            let forwarded = {
                let outbox = outbox.clone();
                async move {
                    let mut tower_side = tower_side;
                    let body = r#"{"jsonrpc":"2.0","method":"window/logMessage","params":{}}"#;
                    let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
                    let written = async move {
                        // Written in pieces, as a framed writer may.
                        for piece in framed.as_bytes().chunks(7) {
                            tower_side.write_all(piece).await.unwrap();
                        }
                    };
                    let read = outbox.forward(tokio::io::BufReader::new(tower_output));
                    let ((), read) = tokio::join!(written, read);
                    read.unwrap();
                    outbox.send(notification("casenote/flushed", &Value::Null));
                    outbox.close();
                }
            };
            outbox.send(notification(
                "textDocument/publishDiagnostics",
                &json!({"uri": "file:///a.md"}),
            ));
            tokio::join!(forwarded, writer);
        }
        let publish = r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a.md"}}"#;
        let log = r#"{"jsonrpc":"2.0","method":"window/logMessage","params":{}}"#;
        let flushed = r#"{"jsonrpc":"2.0","method":"casenote/flushed","params":null}"#;
        let expected: String = [publish, log, flushed]
            .iter()
            .map(|body| format!("Content-Length: {}\r\n\r\n{body}", body.len()))
            .collect();
        assert_eq!(String::from_utf8(output).unwrap(), expected);
    }

    async fn sanitised(input: &[u8]) -> String {
        let mut output = Vec::new();
        sanitise(tokio::io::BufReader::new(input), &mut output).await.unwrap();
        String::from_utf8(output).unwrap()
    }

    #[tokio::test]
    async fn passes_messages_and_replaces_garbage() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{good}Content-Length: 5\r\n\r\nhello\
             Content-Length: 2\r\n\r\n[]Content-Length: x\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len(),
            good.len()
        );
        let output = sanitised(input.as_bytes()).await;
        let stand_in = |code: i32| {
            let body = format!(
                r#"{{"id":null,"jsonrpc":"2.0","method":"{MALFORMED}","params":{{"code":{code}}}}}"#
            );
            format!("Content-Length: {}\r\n\r\n{body}", body.len())
        };
        let expected = format!(
            "Content-Length: {}\r\n\r\n{good}{}{}{}Content-Length: {}\r\n\r\n{good}",
            good.len(),
            stand_in(-32700),
            stand_in(-32600),
            stand_in(-32700),
            good.len()
        );
        assert_eq!(output, expected);
    }
}
