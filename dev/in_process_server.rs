//! A language server in-process, with a client that answers its requests
//! and passes on its diagnostics: shared by the benchmarks that time the
//! server without a pipe (`benches/check.rs`, `bench/scaling.rs`).

use casenote::lsp::{self, Options};
use chrono::NaiveDate;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// A language server in-process, with a client that answers its requests
/// and passes on its diagnostics.
pub struct Server {
    service: tower_lsp_server::LspService<casenote::lsp::Backend>,
    /// Version and number of findings of each `publishDiagnostics`.
    diagnostics: mpsc::UnboundedReceiver<(i64, usize)>,
    next_id: i64,
}

impl Server {
    pub async fn start(today: NaiveDate) -> Server {
        let options = Options { today: Some(today), ..Options::default() };
        let (service, socket) = lsp::service(options);
        let (tx, diagnostics) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(request) = requests.next().await {
                if let Some(id) = request.id() {
                    let _ = responses.send(Response::from_ok(id.clone(), Value::Null)).await;
                } else if request.method() == "textDocument/publishDiagnostics" {
                    // As the stdio transport writes it.
                    std::hint::black_box(serde_json::to_vec(&request).expect("JSON"));
                    let params = request.params().expect("params");
                    let count = params["diagnostics"].as_array().map_or(0, Vec::len);
                    let _ = tx.send((params["version"].as_i64().unwrap_or(0), count));
                }
            }
        });
        let mut server = Server { service, diagnostics, next_id: 0 };
        server.send("initialize", json!({"processId": null, "capabilities": {}}), true).await;
        server.send("initialized", json!({}), false).await;
        server
    }

    pub async fn send(&mut self, method: &str, params: Value, request: bool) {
        let mut builder = Request::build(method.to_owned()).params(params);
        if request {
            self.next_id += 1;
            builder = builder.id(self.next_id);
        }
        self.service.ready().await.unwrap().call(builder.finish()).await.unwrap();
    }

    /// Waits for the diagnostics of `version`.
    pub async fn published(&mut self, version: i32) -> usize {
        loop {
            let (published, count) = self.diagnostics.recv().await.expect("server running");
            if published == i64::from(version) {
                return count;
            }
        }
    }
}
