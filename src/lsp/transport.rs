//! The server's stdio: reads the client's messages, hands them to the
//! `LspService`, and writes every message to stdout through one queue.
//!
//! tower-lsp-server has its own loop for this (`Server::serve`), but it
//! stops reading after the first frame it cannot decode, which would
//! silently end the editor's session, and its framed reader keeps a buffer
//! as large as the largest message ever read (twice a record's size after
//! a `didOpen`) for the life of the server. Here a well-formed message is
//! read into a buffer of its own size, freed once decoded; anything else
//! is answered, as JSON-RPC asks, with a Parse error or an Invalid Request
//! error whose `id` is null, and reading goes on. Requests are handled as
//! tower-lsp-server does: in the order read, at most [`CONCURRENT`] at once.
//!
//! On the way out, every message passes through one queue ([`Outbox`]) to
//! stdout: answers, the server's requests and notifications to the client,
//! and the diagnostics the server serialises itself. tower-lsp-server turns
//! a notification's parameters into a `serde_json::Value` tree before
//! writing it, which for a record's few hundred diagnostics costs more than
//! the keystroke's lint; written straight from the diagnostics, the same
//! JSON costs a fraction of that. One queue keeps the order in which
//! messages were sent, so a `casenote/flushed` still follows every publish
//! made before it. Reads and writes go in pieces of at most [`PIECE`]
//! bytes: tokio's stdin and stdout keep a buffer as large as the largest
//! single read or write.

use std::fmt::Display;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde::Serialize;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::ClientSocket;
use tower_service::Service;

/// The largest message read (a whole 32 MiB record as JSON, with room).
const MAX_BODY: usize = 256 << 20;

/// The most bytes read from stdin or written to stdout at a time.
const PIECE: usize = 64 << 10;

/// Requests handled at once (as tower-lsp-server's `Server`).
pub const CONCURRENT: usize = 4;

/// How long answers still being worked on may take once the client is
/// gone (it said `exit`, or closed stdin).
const FINISHING: Duration = Duration::from_millis(500);

/// One message from the client.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
    /// A frame that is not a JSON-RPC message: why.
    Malformed(ErrorCode),
}

/// Reads framed messages from `input` into `to` until `input` ends or the
/// receiver is gone.
pub async fn read_messages<R: AsyncBufRead + Unpin>(
    mut input: R,
    to: mpsc::Sender<Incoming>,
) -> std::io::Result<()> {
    loop {
        let message = match read_headers(&mut input).await? {
            Headers::End => return Ok(()),
            Headers::Bad => Incoming::Malformed(ErrorCode::ParseError),
            Headers::Length(length) => match read_body(&mut input, length).await? {
                Some(body) => decode(&body),
                None => return Ok(()), // Ended inside a message: the client is gone.
            },
        };
        if to.send(message).await.is_err() {
            return Ok(());
        }
    }
}

/// A body of `length` bytes, read in pieces; `None` if `input` ends first.
async fn read_body<R: AsyncBufRead + Unpin>(
    input: &mut R,
    length: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    // Not all of a claimed length up front: the claim may be false.
    let mut body = Vec::with_capacity(length.min(16 << 20));
    while body.len() < length {
        let available = input.fill_buf().await?;
        if available.is_empty() {
            return Ok(None);
        }
        let taken = available.len().min(length - body.len());
        body.extend_from_slice(&available[..taken]);
        input.consume(taken);
    }
    Ok(Some(body))
}

/// The message a body holds, or why it holds none.
fn decode(body: &[u8]) -> Incoming {
    // A response also reads as a request with no method (its `method`
    // defaults to empty, and other members are ignored): as in
    // tower-lsp-server, a message is a response if it reads as one.
    let request = match serde_json::from_slice::<Request>(body) {
        Ok(request) if !request.method().is_empty() => return Incoming::Request(request),
        read => read.ok(),
    };
    if let Ok(response) = serde_json::from_slice::<Response>(body) {
        return Incoming::Response(response);
    }
    if let Some(request) = request {
        return Incoming::Request(request);
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => Incoming::Malformed(ErrorCode::InvalidRequest),
        Err(_) => Incoming::Malformed(ErrorCode::ParseError),
    }
}

/// Serves the client until it is gone: hands its requests to `service`
/// and sends the answers, and the server's own requests to the client,
/// through `outbox`. Returns once the client said `exit` or stopped
/// sending, after at most [`FINISHING`] for answers in progress.
pub async fn serve<S>(
    mut service: S,
    socket: ClientSocket,
    mut incoming: mpsc::Receiver<Incoming>,
    outbox: Outbox,
) where
    S: Service<Request, Response = Option<Response>>,
    S::Error: Display,
    S::Future: Send + 'static,
{
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, stop_relaying) = futures::stream::abortable(client_requests);
    let (mut tasks, queued) = futures::channel::mpsc::channel::<S::Future>(100);

    let answering = queued.buffer_unordered(CONCURRENT).for_each(|answer| {
        match answer {
            Ok(Some(response)) => outbox.send(frame(&response)),
            Ok(None) => {}
            Err(err) => crate::logging::warn(format_args!("server: a request failed: {err}")),
        }
        std::future::ready(())
    });
    let relaying = client_requests.for_each(|request| {
        outbox.send(frame(&request));
        std::future::ready(())
    });
    let rest = futures::future::join(answering, relaying);
    tokio::pin!(rest);

    let reading = async {
        while let Some(message) = incoming.recv().await {
            match message {
                Incoming::Request(request) => {
                    if let Err(err) = futures::future::poll_fn(|cx| service.poll_ready(cx)).await {
                        crate::logging::warn(format_args!("server: stopped reading: {err}"));
                        break;
                    }
                    // The server must stop at `exit`, whether or not the
                    // client closes stdin.
                    let exit = request.method() == "exit";
                    let answer = service.call(request);
                    if tasks.send(answer).await.is_err() || exit {
                        break;
                    }
                }
                Incoming::Response(response) => {
                    if client_responses.send(response).await.is_err() {
                        break;
                    }
                }
                Incoming::Malformed(code) => outbox.send(frame(&answer_malformed(code))),
            }
        }
    };
    tokio::select! {
        ((), ()) = &mut rest => {}
        () = reading => {
            // The client is gone: finish the answers in progress, but do
            // not wait for handlers still waiting for the client's answer
            // to a request of the server's: it will not come.
            tasks.close_channel();
            stop_relaying.abort();
            let _ = tokio::time::timeout(FINISHING, rest).await;
        }
    }
}

/// A message with its `Content-Length` header, ready for stdout.
pub fn frame(message: &impl Serialize) -> Vec<u8> {
    let mut body = Vec::with_capacity(4096);
    serde_json::to_writer(&mut body, message).expect("JSON-RPC messages serialise to JSON");
    let mut frame = header(body.len()).into_bytes();
    frame.extend_from_slice(&body);
    frame
}

/// The header of a message whose body is `length` bytes long.
pub fn header(length: usize) -> String {
    format!("Content-Length: {length}\r\n\r\n")
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
            'frames: while let Some(Some(frame)) = receiver.recv().await {
                for piece in frame.chunks(PIECE) {
                    if output.write_all(piece).await.is_err() {
                        break 'frames; // The client is gone.
                    }
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
}

/// A JSON-RPC notification with its `Content-Length` header.
pub fn notification(method: &str, params: &impl Serialize) -> Vec<u8> {
    #[derive(Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    frame(&Notification { jsonrpc: "2.0", method, params })
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

/// The answer to a message that could not be read.
fn answer_malformed(code: ErrorCode) -> Response {
    let message = match code {
        ErrorCode::InvalidRequest => {
            "casenote: the message is not a JSON-RPC 2.0 request, notification or response"
        }
        _ => "casenote: the message could not be read (bad Content-Length header or JSON)",
    };
    Response::from_error(Id::Null, Error { code, message: message.into(), data: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What `read_messages` makes of `input`, read through a buffer of
    /// `capacity` bytes.
    async fn read(input: &[u8], capacity: usize) -> Vec<Incoming> {
        let (sender, mut receiver) = mpsc::channel(4);
        let reading = read_messages(tokio::io::BufReader::with_capacity(capacity, input), sender);
        let collecting = async {
            let mut messages = Vec::new();
            while let Some(message) = receiver.recv().await {
                messages.push(message);
            }
            messages
        };
        let (read, messages) = tokio::join!(reading, collecting);
        read.unwrap();
        messages
    }

    #[tokio::test]
    async fn reads_messages_and_names_what_is_malformed() {
        let request = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
        let response = r#"{"jsonrpc":"2.0","id":0,"result":[{"lintOn":"type"}]}"#;
        let input = [
            framed(request),
            framed("hello"),
            framed("[]"),
            "Content-Length: x\r\n\r\n".to_string(),
            framed(response),
            "\r\n".to_string(), // a stray blank line between messages
            framed(request),
        ]
        .concat();
        let read = read(input.as_bytes(), 16).await;
        let described: Vec<String> = read
            .iter()
            .map(|message| match message {
                Incoming::Request(request) => format!("request {}", request.method()),
                Incoming::Response(response) => format!("response {:?}", response.id()),
                Incoming::Malformed(code) => format!("malformed {}", code.code()),
            })
            .collect();
        assert_eq!(
            described,
            [
                "request initialize",
                "malformed -32700",
                "malformed -32600",
                "malformed -32700",
                "response Number(0)",
                "request initialize",
            ]
        );
    }

    #[tokio::test]
    async fn a_message_larger_than_a_piece_is_read_whole() {
        let text = "a".repeat(3 * PIECE + 17);
        let body =
            serde_json::to_string(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"text": text}}}))
            .unwrap();
        let read = read(framed(&body).as_bytes(), PIECE).await;
        let [Incoming::Request(request)] = &read[..] else { panic!("{read:?}") };
        assert_eq!(request.params().unwrap()["textDocument"]["text"], Value::from(text));
    }

    #[tokio::test]
    async fn a_message_cut_short_ends_the_reading() {
        let request = framed(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        let input = format!("{request}Content-Length: 100\r\n\r\n{{\"jsonrpc\"");
        let read = read(input.as_bytes(), 8).await;
        assert!(matches!(&read[..], [Incoming::Request(_)]), "{read:?}");
    }

    #[tokio::test]
    async fn the_outbox_writes_messages_whole_and_in_the_order_sent() {
        let large = json!({"jsonrpc": "2.0", "method": "window/logMessage",
            "params": {"message": "b".repeat(2 * PIECE)}});
        let mut output = Vec::new();
        {
            let (outbox, writer) = Outbox::new(&mut output);
            let sending = async {
                outbox.send(notification(
                    "textDocument/publishDiagnostics",
                    &json!({"uri": "file:///a.md"}),
                ));
                outbox.send(frame(&large));
                outbox.send(notification("casenote/flushed", &Value::Null));
                outbox.close();
                outbox.send(notification("casenote/late", &Value::Null));
            };
            tokio::join!(sending, writer);
        }
        let publish = r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///a.md"}}"#;
        let flushed = r#"{"jsonrpc":"2.0","method":"casenote/flushed","params":null}"#;
        let expected = [framed(publish), framed(&large.to_string()), framed(flushed)].concat();
        assert_eq!(String::from_utf8(output).unwrap(), expected);
    }

    #[test]
    fn a_malformed_message_is_answered_with_its_error_and_a_null_id() {
        let answer = serde_json::to_value(answer_malformed(ErrorCode::InvalidRequest)).unwrap();
        assert_eq!(answer["id"], Value::Null);
        assert_eq!(answer["error"]["code"], json!(-32600));
        let answer = serde_json::to_value(answer_malformed(ErrorCode::ParseError)).unwrap();
        assert_eq!(answer["error"]["code"], json!(-32700));
    }
}
