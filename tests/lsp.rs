//! In-process protocol tests of the language server: JSON-RPC requests and
//! notifications go straight into the `LspService`; a fake client drains
//! the server's socket, answers its requests and keeps its notifications.
//!
//! Positions are spelt out in UTF-16 code units (the LSP default) on text
//! with accented names and emoji, where they differ from bytes and from
//! characters. Edits the server sends are applied with this file's own
//! UTF-16 arithmetic, independent of the server's.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use casenote::lsp::{self, Backend, Options};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

const TODAY: &str = "2026-11-25";

/// A record with accents and emoji before the findings on their lines.
/// Findings (default configuration, today = 2026-11-25):
/// - `missing-wishes-feelings` on the entry heading (line 18), related to
///   the `Present` line (line 22): Siân's views are not recorded;
/// - `unlabelled-opinion` on "The home was chaotic." (line 26).
const RECORD: &str = "\
---
record: CIN-2041
child: Zoë Brontë
agency: childrens-social-care
stage: [child-in-need]
parents: [Siân Brontë]
contact-frequency: weekly
---

# Family composition

```genogram
updated: 2026-10-01
person Zoë Brontë: child, female, born 2016, household
person Siân Brontë: mother, female, born 1990, PR, household
children of Siân Brontë: Zoë Brontë
```

## 2026-11-03 14:00 — Home visit 🏠 (announced)

Recorded: 2026-11-04
Contact: home visit, announced
Present: Zoë Brontë, Siân Brontë (mother)

### Observations

Zoë 🙂 showed me her drawing. The home was chaotic.

**Opinion:** Zoë seemed settled.

### Wishes and feelings

Zoë said she likes school.
";

const URI: &str = "file:///casenote-test/zoe.md";

fn range(a: u32, b: u32, c: u32, d: u32) -> Value {
    json!({"start": {"line": a, "character": b}, "end": {"line": c, "character": d}})
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

/// A client's view of the server.
struct Client {
    service: LspService<Backend>,
    inbox: mpsc::UnboundedReceiver<Value>,
    /// Messages received but not yet looked at.
    backlog: Vec<Value>,
    /// Everything the server sent, in order.
    seen: Vec<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers for the `casenote` section.
    settings: Arc<Mutex<Value>>,
}

fn options() -> Options {
    Options {
        today: Some(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()),
        fault_injection: true,
    }
}

/// Capabilities of a modern client; tests adjust them.
fn capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": true}},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "publishDiagnostics": {"relatedInformation": true}
        },
        "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}}
    })
}

impl Client {
    async fn start(capabilities: Value, init_options: Value) -> (Client, Value) {
        Client::start_in(capabilities, init_options, None).await
    }

    async fn start_in(
        capabilities: Value,
        init_options: Value,
        folder: Option<&Path>,
    ) -> (Client, Value) {
        Client::start_with(capabilities, init_options, folder, options()).await
    }

    /// Starts the server with `options` and initializes it (with `folder`
    /// as the workspace folder).
    async fn start_with(
        capabilities: Value,
        init_options: Value,
        folder: Option<&Path>,
        options: Options,
    ) -> (Client, Value) {
        let (service, socket) = lsp::service(options);
        let (tx, inbox) = mpsc::unbounded_channel();
        let settings = Arc::new(Mutex::new(Value::Null));
        let answers = settings.clone();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(request) = requests.next().await {
                let message = serde_json::to_value(&request).unwrap();
                if let Some(id) = request.id() {
                    let result = match request.method() {
                        "workspace/configuration" => json!([answers.lock().unwrap().clone()]),
                        _ => Value::Null,
                    };
                    if responses.send(Response::from_ok(id.clone(), result)).await.is_err() {
                        break;
                    }
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client =
            Client { service, inbox, backlog: Vec::new(), seen: Vec::new(), next_id: 0, settings };
        let mut params = json!({"processId": null, "capabilities": capabilities, "initializationOptions": init_options});
        if let Some(folder) = folder {
            let uri = file_uri(folder);
            params["workspaceFolders"] = json!([{"uri": uri, "name": "caseload"}]);
            params["rootUri"] = json!(uri);
        }
        let result = client.request("initialize", params).await;
        client.notify("initialized", json!({})).await;
        (client, result["result"].clone())
    }

    /// Sends a request; returns the whole response (`result` or `error`).
    async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let request = Request::build(method.to_owned()).params(params).id(self.next_id).finish();
        let response = self.service.ready().await.unwrap().call(request).await.unwrap();
        serde_json::to_value(response.expect("a request gets a response")).unwrap()
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_owned()).params(params).finish();
        let response = self.service.ready().await.unwrap().call(request).await.unwrap();
        assert!(response.is_none(), "a notification got a response: {response:?}");
    }

    async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await;
    }

    async fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// The next message from the server that `matches`, waiting up to 20 s.
    async fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(i);
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            match tokio::time::timeout_at(deadline, self.inbox.recv()).await {
                Ok(Some(message)) => {
                    self.seen.push(message.clone());
                    if matches(&message) {
                        return message;
                    }
                    self.backlog.push(message);
                }
                _ => panic!("no {what} from the server; got {:#?}", self.backlog),
            }
        }
    }

    /// Whatever the server sent that `matches`, up to the moment it has
    /// finished all the work started so far (`casenote/flush`): no waiting
    /// for a while, no race with a slow machine.
    async fn settle(&mut self, matches: impl Fn(&Value) -> bool) -> Vec<Value> {
        let response = self.request(lsp::FLUSH_REQUEST, Value::Null).await;
        assert_eq!(response["result"], Value::Null, "{response}");
        // Sent just before the answer: all earlier messages are in.
        self.wait_for("the flush", |m| m["method"] == lsp::FLUSHED_NOTIFICATION).await;
        let (found, rest) = std::mem::take(&mut self.backlog).into_iter().partition(|m| matches(m));
        self.backlog = rest;
        found
    }

    /// The next `publishDiagnostics` for `uri`: its params.
    async fn diagnostics(&mut self, uri: &str) -> Value {
        let message = self
            .wait_for(&format!("diagnostics for {uri}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .await;
        message["params"].clone()
    }

    async fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null).await;
        assert_eq!(response["result"], Value::Null, "{response}");
        self.notify("exit", Value::Null).await;
    }
}

fn file_uri(path: &Path) -> String {
    // Test folders have plain ASCII names: no percent-encoding needed.
    format!("file://{}", path.display())
}

fn rules_of(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn finding<'a>(params: &'a Value, rule: &str) -> &'a Value {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {params:#}"))
}

/// Byte offset of an LSP position in UTF-16 code units (this file's own
/// arithmetic, not the server's).
fn offset_utf16(text: &str, line: u64, character: u64) -> usize {
    let line_start = text.split_inclusive('\n').take(line as usize).map(str::len).sum::<usize>();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character as usize || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply_edits(text: &str, edits: &Value) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let r = &e["range"];
            let start = offset_utf16(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
            );
            let end = offset_utf16(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            );
            (start, end, e["newText"].as_str().unwrap().to_owned())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new) in spans {
        out.replace_range(start..end, &new);
    }
    out
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

// --- Initialization ---------------------------------------------------------

#[tokio::test]
async fn initialize_advertises_every_feature_and_negotiates_the_encoding() {
    let (client, result) = Client::start(capabilities(), Value::Null).await;
    let caps = &result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["textDocumentSync"]["save"], json!({"includeText": false}));
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["completionProvider"]["triggerCharacters"], json!(["#", ":", ","]));
    assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!([
            "casenote.explainRule",
            "casenote.reviewWorkspace",
            "casenote.showGenogram",
            "casenote.showChronology",
            "casenote.test.panic"
        ])
    );
    assert_eq!(caps["codeLensProvider"], json!({"resolveProvider": false}));
    assert_eq!(result["serverInfo"]["name"], "casenote");
    client.shutdown().await;

    let mut utf8 = capabilities();
    utf8["general"]["positionEncodings"] = json!(["utf-32", "utf-8", "utf-16"]);
    let (client, result) = Client::start(utf8, Value::Null).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.shutdown().await;

    // A client that says nothing about encodings gets UTF-16.
    let (client, result) = Client::start(json!({}), Value::Null).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    client.shutdown().await;
}

#[tokio::test]
async fn initialized_registers_file_watchers_and_pulls_the_casenote_section() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let registration =
        client.wait_for("registerCapability", |m| m["method"] == "client/registerCapability").await;
    let registration = &registration["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&Value> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["globPattern"])
        .collect();
    assert_eq!(globs, [&json!("**/casenote.toml"), &json!("**/.casenote.toml"), &json!("**/*.md")]);
    let pull = client
        .wait_for("workspace/configuration", |m| m["method"] == "workspace/configuration")
        .await;
    assert_eq!(pull["params"]["items"], json!([{"section": "casenote"}]));
    client.shutdown().await;
}

// --- Diagnostics ------------------------------------------------------------

#[tokio::test]
async fn diagnostics_on_open_have_exact_utf16_ranges_codes_and_related_places() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], 1);
    assert_eq!(rules_of(&params), ["missing-wishes-feelings", "unlabelled-opinion"]);
    let core = casenote::check(RECORD, &casenote::Config::default(), today());

    let wishes = finding(&params, "missing-wishes-feelings");
    // The heading: 46 characters, of which 🏠 is two UTF-16 code units.
    assert_eq!(wishes["range"], range(18, 0, 18, 47));
    assert_eq!(wishes["severity"], 2);
    assert_eq!(wishes["source"], "casenote");
    assert_eq!(wishes["message"], core[0].message);
    assert_eq!(wishes["relatedInformation"][0]["location"]["uri"], URI);
    // The Present line (41 characters, all in the BMP).
    assert_eq!(wishes["relatedInformation"][0]["location"]["range"], range(22, 0, 22, 41));
    assert_eq!(wishes["relatedInformation"][0]["message"], core[0].related[0].message);
    assert!(wishes.get("codeDescription").is_none(), "no documentation URL configured");
    assert!(wishes.get("tags").is_none(), "{wishes}");

    // "The home was chaotic." after "Zoë 🙂 showed me her drawing. ":
    // 29 characters, 30 UTF-16 code units.
    let opinion = finding(&params, "unlabelled-opinion");
    assert_eq!(opinion["range"], range(26, 30, 26, 51));
    assert!(opinion.get("relatedInformation").is_none());
    client.shutdown().await;
}

#[tokio::test]
async fn utf8_positions_count_bytes_when_negotiated() {
    let mut caps = capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    let (mut client, _) = Client::start(caps, Value::Null).await;
    client.open(URI, RECORD).await;
    let params = client.diagnostics(URI).await;
    // "## 2026-11-03 14:00 — " has a 3-byte dash and 🏠 is 4 bytes: 51 bytes.
    assert_eq!(finding(&params, "missing-wishes-feelings")["range"], range(18, 0, 18, 51));
    // "Zoë 🙂 showed me her drawing. " is 33 bytes.
    assert_eq!(finding(&params, "unlabelled-opinion")["range"], range(26, 33, 26, 54));
    // Incremental edits are read in bytes too: replace "The home was
    // chaotic" (bytes 33..53) with an observation.
    client.change(URI, 2, json!([{"range": range(26, 33, 26, 53), "text": "She smiled"}])).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], 2);
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"]);
    client.shutdown().await;
}

#[tokio::test]
async fn incremental_changes_are_linted_at_once_and_coalesced() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    // Type " Ms Brontë 🙂 said she was fine." one character at a time at the
    // end of the last line (line 32 is "Zoë said she likes school.", 26
    // UTF-16 code units), then delete the opinion sentence.
    let typed = " Ms Brontë 🙂 said she was fine.";
    let mut column = 26;
    let mut version = 1;
    for c in typed.chars() {
        version += 1;
        client
            .change(
                URI,
                version,
                json!([{"range": range(32, column, 32, column), "text": c.to_string()}]),
            )
            .await;
        column += c.len_utf16() as u32;
    }
    version += 1;
    client.change(URI, version, json!([{"range": range(26, 29, 26, 51), "text": ""}])).await;
    let published = client
        .settle(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .await;
    // Each lint takes the newest version: versions only go up, changes that
    // came while a lint ran were coalesced, and the last one is published.
    let versions: Vec<i64> =
        published.iter().map(|m| m["params"]["version"].as_i64().unwrap()).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(versions.last(), Some(&i64::from(version)), "{versions:?}");
    // The typed sentence gives Ms Brontë's views under "Wishes and
    // feelings", and the opinion is gone: nothing left to report.
    let params = &published[published.len() - 1]["params"];
    assert_eq!(rules_of(params), Vec::<String>::new());
    // The server's text is the client's: the last section now ends after
    // the typed text, counted in UTF-16 code units.
    let response =
        client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await;
    let wishes = &response["result"][1]["children"][1];
    assert_eq!(wishes["name"], "Wishes and feelings");
    assert_eq!(wishes["range"], range(30, 0, 32, column));
    assert_eq!(column, 26 + typed.encode_utf16().count() as u32);

    // A change without a range replaces the whole text.
    client.change(URI, version + 1, json!([{"text": RECORD}])).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], version + 1);
    assert_eq!(rules_of(&params), ["missing-wishes-feelings", "unlabelled-opinion"]);
    client.shutdown().await;
}

#[tokio::test]
async fn lint_on_save_waits_for_the_save() {
    let (mut client, _) = Client::start(capabilities(), json!({"lintOn": "save"})).await;
    client.open(URI, RECORD).await;
    assert_eq!(client.diagnostics(URI).await["version"], 1, "documents are linted when opened");
    client.change(URI, 2, json!([{"range": range(26, 29, 26, 51), "text": ""}])).await;
    let published = client.settle(|m| m["method"] == "textDocument/publishDiagnostics").await;
    assert!(published.is_empty(), "published before the save: {published:#?}");
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": URI}})).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], 2);
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"]);
    client.shutdown().await;
}

#[tokio::test]
async fn severities_come_from_casenote_toml_and_the_client_overrides_them() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(
        dir.path().join("casenote.toml"),
        "[rules]\nunlabelled-opinion = \"error\"\nmissing-wishes-feelings = \"info\"\n",
    )
    .unwrap();
    let uri = file_uri(&dir.path().join("notes/zoe.md"));

    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(&uri, RECORD).await;
    let params = client.diagnostics(&uri).await;
    assert_eq!(finding(&params, "unlabelled-opinion")["severity"], 1);
    assert_eq!(finding(&params, "missing-wishes-feelings")["severity"], 3);
    client.shutdown().await;

    // initializationOptions override the file, rule by rule.
    let init = json!({"rules": {"unlabelled-opinion": "hint"}});
    let (mut client, _) = Client::start(capabilities(), init).await;
    client.open(&uri, RECORD).await;
    let params = client.diagnostics(&uri).await;
    assert_eq!(finding(&params, "unlabelled-opinion")["severity"], 4);
    assert_eq!(finding(&params, "missing-wishes-feelings")["severity"], 3);

    // workspace/configuration overrides both, read again on didChangeConfiguration.
    *client.settings.lock().unwrap() =
        json!({"rules": {"missing-wishes-feelings": "off"}, "training": true});
    client.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    let params = client.diagnostics(&uri).await;
    assert_eq!(rules_of(&params), ["unlabelled-opinion"]);
    let opinion = finding(&params, "unlabelled-opinion");
    assert_eq!(opinion["severity"], 4);
    assert!(
        opinion["message"].as_str().unwrap().contains("(Principle: "),
        "training mode: {opinion}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn bad_client_settings_are_shown_and_ignored() {
    let init = json!({"rules": {"long-sentense": "off", "unlabelled-opinion": "hint"}, "lintOn": "always"});
    let (mut client, _) = Client::start(capabilities(), init).await;
    let mut shown = Vec::new();
    for _ in 0..2 {
        let message = client.wait_for("showMessage", |m| m["method"] == "window/showMessage").await;
        assert_eq!(message["params"]["type"], 2, "a warning");
        shown.push(message["params"]["message"].as_str().unwrap().to_owned());
    }
    shown.sort();
    assert_eq!(
        shown,
        [
            "casenote: setting `lintOn` must be \"type\" or \"save\"",
            "casenote: setting `rules.long-sentense`: unknown rule id (did you mean `long-sentence`?)",
        ]
    );
    // Linting goes on, without the rejected rule levels.
    client.open(URI, RECORD).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(finding(&params, "unlabelled-opinion")["severity"], 2);
    client.shutdown().await;
}

#[tokio::test]
async fn settings_pushed_without_workspace_configuration_apply_too() {
    let mut caps = capabilities();
    caps["workspace"]["configuration"] = json!(false);
    let (mut client, _) = Client::start(caps, Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"casenote": {"rules": {"unlabelled-opinion": "off"}}}}),
        )
        .await;
    let params = client.diagnostics(URI).await;
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"]);
    client.shutdown().await;
}

#[tokio::test]
async fn a_documentation_url_becomes_the_code_description() {
    let init = json!({"docsBaseUrl": "https://casenote.example/rules/"});
    let (mut client, _) = Client::start(capabilities(), init).await;
    client.open(URI, RECORD).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(
        finding(&params, "unlabelled-opinion")["codeDescription"],
        json!({"href": "https://casenote.example/rules/unlabelled-opinion"})
    );
    client.shutdown().await;
}

#[tokio::test]
async fn unused_suppressions_are_tagged_unnecessary() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let text = "# Notes\n\n<!-- casenote-disable-next-line long-sentence -->\nZoë 🙂 came.\n";
    client.open(URI, text).await;
    let params = client.diagnostics(URI).await;
    let unused = finding(&params, "unused-suppression");
    assert_eq!(unused["tags"], json!([1]));
    assert_eq!(unused["range"], range(2, 0, 2, 49));
    client.shutdown().await;
}

#[tokio::test]
async fn a_bad_configuration_is_reported_on_the_file_and_linting_goes_on() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    let config = dir.path().join("casenote.toml");
    std::fs::write(&config, "[rules]\nunlabelled-opinion = \"error\"\nlong-sentence = \"loud\"\n")
        .unwrap();
    let uri = file_uri(&dir.path().join("zoe.md"));
    let config_uri = file_uri(&config);

    let (mut client, _) = Client::start_in(capabilities(), Value::Null, Some(dir.path())).await;
    client.open(&uri, RECORD).await;
    let problem = client.diagnostics(&config_uri).await;
    let diagnostic = &problem["diagnostics"][0];
    // From the bad value (line 3, column 17) to the end of its line.
    assert_eq!(diagnostic["range"], range(2, 16, 2, 22));
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "casenote");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.starts_with("3:17: key `rules.long-sentence`: "), "{message}");
    assert!(message.ends_with("(using default settings)"), "{message}");
    let shown = client.wait_for("showMessage", |m| m["method"] == "window/showMessage").await;
    assert_eq!(shown["params"]["type"], 1);
    assert!(shown["params"]["message"]
        .as_str()
        .unwrap()
        .contains("casenote.toml:3:17: key `rules.long-sentence`"));
    // The record is linted with the defaults.
    let params = client.diagnostics(&uri).await;
    assert_eq!(finding(&params, "unlabelled-opinion")["severity"], 2);

    // Fixed on disk: the watcher's event clears the problem and re-lints.
    std::fs::write(&config, "[rules]\nunlabelled-opinion = \"error\"\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": config_uri, "type": 2}]}),
        )
        .await;
    assert_eq!(client.diagnostics(&config_uri).await["diagnostics"], json!([]));
    let params = client.diagnostics(&uri).await;
    assert_eq!(finding(&params, "unlabelled-opinion")["severity"], 1);
    client.shutdown().await;
}

#[tokio::test]
async fn an_open_configuration_file_is_checked_as_it_is_edited() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let uri = "file:///casenote-test/casenote.toml";
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": "[rules]\n\"é\" = 1\n"}}),
        )
        .await;
    let params = client.diagnostics(uri).await;
    assert_eq!(params["diagnostics"][0]["range"], range(1, 0, 1, 7));
    client.change(uri, 2, json!([{"text": "[rules]\nlong-sentence = \"off\"\n"}])).await;
    assert_eq!(client.diagnostics(uri).await["diagnostics"], json!([]));
    // Other languages are left alone.
    let other = "file:///casenote-test/notes.txt";
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": other, "languageId": "plaintext", "version": 1, "text": RECORD}}),
        )
        .await;
    let published = client.settle(|m| m["params"]["uri"] == other).await;
    assert!(published.is_empty(), "{published:#?}");
    client.shutdown().await;
}

#[tokio::test]
async fn closing_a_document_clears_its_diagnostics() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}})).await;
    assert_eq!(client.diagnostics(URI).await["diagnostics"], json!([]));
    client.shutdown().await;
}

// --- Hover ------------------------------------------------------------------

async fn hover(client: &mut Client, line: u32, character: u32) -> Value {
    let response = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position(line, character)}),
        )
        .await;
    response["result"].clone()
}

#[tokio::test]
async fn hover_explains_findings_and_format_elements() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;

    // Over the finding: its message and the rule's documentation.
    let result = hover(&mut client, 26, 40).await;
    assert_eq!(result["range"], range(26, 30, 26, 51));
    assert_eq!(result["contents"]["kind"], "markdown");
    let value = result["contents"]["value"].as_str().unwrap();
    let meta = casenote::rules::meta("unlabelled-opinion").unwrap();
    assert!(
        value.starts_with("**casenote: `unlabelled-opinion`** (warning)\n\n\"chaotic\""),
        "{value}"
    );
    assert!(value.contains(meta.principle.title()), "{value}");
    assert!(value.contains(meta.doc.trim()), "{value}");

    // Over the emoji itself (inside its surrogate pair): no finding there.
    assert_eq!(hover(&mut client, 26, 5).await, Value::Null);

    // A field key, a section heading, a label, a front-matter key.
    let cases = [
        ((22, 3), range(22, 0, 22, 7), "**Present** (field)"),
        ((24, 8), range(24, 0, 24, 16), "**Observations** (section)"),
        ((28, 5), range(28, 0, 28, 12), "**Opinion** (label)"),
        ((3, 2), range(3, 0, 3, 6), "**agency** (front matter key)"),
        ((9, 4), range(9, 0, 9, 20), "**Family composition** (record section)"),
    ];
    for ((line, character), expected_range, title) in cases {
        let result = hover(&mut client, line, character).await;
        assert_eq!(result["range"], expected_range, "at {line}:{character}");
        let value = result["contents"]["value"].as_str().unwrap();
        assert!(value.starts_with(title), "at {line}:{character}: {value}");
    }
    // The entry heading: both the finding on it and what the entry is.
    let result = hover(&mut client, 18, 36).await;
    let value = result["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**casenote: `missing-wishes-feelings`**"), "{value}");
    assert!(
        value.contains("**Entry** of Tuesday 3 November 2026: Home visit 🏠 (announced)"),
        "{value}"
    );
    assert_eq!(result["range"], range(18, 0, 18, 47));
    // Plain text: nothing.
    assert_eq!(hover(&mut client, 32, 10).await, Value::Null);

    // An inline label opening a sentence.
    client
        .change(
            URI,
            2,
            json!([{"range": range(32, 0, 32, 0), "text": "In my view, Zoë 🙂 is thriving. "}]),
        )
        .await;
    client.diagnostics(URI).await;
    // Hover reads the latest version whose parse is made (made after the
    // diagnostics are published): wait for it.
    client.settle(|_| false).await;
    let result = hover(&mut client, 32, 4).await;
    assert_eq!(result["range"], range(32, 0, 32, 10));
    assert!(
        result["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**In my opinion** (inline label)"),
        "{result}"
    );
    client.shutdown().await;
}

// --- Code actions -----------------------------------------------------------

async fn code_actions(client: &mut Client, uri: &str, at: Value) -> Vec<Value> {
    let response = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}),
        )
        .await;
    response["result"].as_array().cloned().unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions.iter().map(|a| a["title"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn code_actions_offer_the_core_fixes_a_suppression_and_an_explanation() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    let core = casenote::check(RECORD, &casenote::Config::default(), today());
    let opinion = core.iter().find(|d| d.rule == "unlabelled-opinion").unwrap();

    let actions = code_actions(&mut client, URI, range(26, 35, 26, 35)).await;
    let mut expected: Vec<String> = opinion.fixes.iter().map(|f| f.title.clone()).collect();
    expected.push("Disable unlabelled-opinion for this line".to_owned());
    expected.push("Explain unlabelled-opinion".to_owned());
    assert_eq!(titles(&actions), expected);
    for action in &actions {
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["diagnostics"][0]["code"], "unlabelled-opinion");
        assert_eq!(action["diagnostics"][0]["range"], range(26, 30, 26, 51));
    }
    assert_eq!(actions[0]["isPreferred"], true);

    // Each core fix, applied with UTF-16 positions, gives the core's text.
    for (action, fix) in actions.iter().zip(&opinion.fixes) {
        let edits = &action["edit"]["changes"][URI];
        assert_eq!(apply_edits(RECORD, edits), fix.apply(RECORD), "{}", fix.title);
    }

    // The suppression goes above the line, with the line's indentation.
    let disable = &actions[opinion.fixes.len()];
    assert_eq!(
        disable["edit"]["changes"][URI],
        json!([{"range": range(26, 0, 26, 0), "newText": "<!-- casenote-disable-next-line unlabelled-opinion -->\n"}])
    );
    let explain = &actions[opinion.fixes.len() + 1];
    assert_eq!(
        explain["command"],
        json!({"title": "Explain unlabelled-opinion", "command": "casenote.explainRule", "arguments": ["unlabelled-opinion"]})
    );

    // Applying the suppression silences the finding, and uses the comment.
    let suppressed = apply_edits(RECORD, &disable["edit"]["changes"][URI]);
    client.change(URI, 2, json!([{"range": range(26, 0, 26, 0), "text": "<!-- casenote-disable-next-line unlabelled-opinion -->\n"}])).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"]);
    assert!(casenote::check(&suppressed, &casenote::Config::default(), today())
        .iter()
        .all(|d| d.rule != "unlabelled-opinion"));

    // The heading's finding: the core's fix adds the missing person's views.
    let wishes = core.iter().find(|d| d.rule == "missing-wishes-feelings").unwrap();
    let actions = code_actions(&mut client, URI, range(18, 3, 18, 40)).await;
    assert_eq!(titles(&actions)[0], wishes.fixes[0].title);
    let fixed = apply_edits(&suppressed, &actions[0]["edit"]["changes"][URI]);
    assert!(fixed.contains("Siân Brontë"), "{fixed}");
    client.change(URI, 3, json!([{"text": fixed}])).await;
    assert_eq!(rules_of(&client.diagnostics(URI).await), Vec::<String>::new());

    // A range with no finding: no actions. An `only` that excludes quick fixes: none.
    assert!(code_actions(&mut client, URI, range(2, 0, 2, 3)).await.is_empty());
    client.change(URI, 4, json!([{"text": RECORD}])).await;
    client.diagnostics(URI).await;
    let response = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range(26, 35, 26, 35),
                   "context": {"diagnostics": [], "only": ["refactor"]}}),
        )
        .await;
    assert_eq!(response["result"], Value::Null);
    client.shutdown().await;
}

#[tokio::test]
async fn suppressions_for_front_matter_and_code_blocks_go_where_they_work() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    // No family composition and a genogram line that cannot be read.
    let text = "---\nchild: Zoë 🙂\n---\n\n# Genogram\n\n```genogram\nperson Zoë 🙂: child\nwhat is this\n```\n";
    client.open(URI, text).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(finding(&params, "invalid-genogram")["range"], range(8, 0, 8, 12));

    let actions = code_actions(&mut client, URI, range(8, 2, 8, 2)).await;
    let disable =
        actions.iter().find(|a| a["title"] == "Disable invalid-genogram for this block").unwrap();
    let fixed = apply_edits(text, &disable["edit"]["changes"][URI]);
    assert_eq!(
        fixed,
        "---\nchild: Zoë 🙂\n---\n\n# Genogram\n\n<!-- casenote-disable invalid-genogram -->\n```genogram\nperson Zoë 🙂: child\nwhat is this\n```\n<!-- casenote-enable invalid-genogram -->\n"
    );
    assert!(casenote::check(&fixed, &casenote::Config::default(), today())
        .iter()
        .all(|d| d.rule != "invalid-genogram"));

    // A record-level finding on the front matter's opening line: disabled
    // after the block.
    let text = "---\nchild: Zoë 🙂\n---\n\n## 2026-11-03 — Case note\n\nRecorded: 2026-11-03\n";
    client.change(URI, 2, json!([{"text": text}])).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(finding(&params, "missing-family-composition")["range"], range(0, 0, 0, 3));
    let actions = code_actions(&mut client, URI, range(0, 1, 0, 1)).await;
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable missing-family-composition for this record")
        .unwrap();
    let fixed = apply_edits(text, &disable["edit"]["changes"][URI]);
    assert!(
        fixed.starts_with(
            "---\nchild: Zoë 🙂\n---\n<!-- casenote-disable missing-family-composition -->\n"
        ),
        "{fixed}"
    );
    assert!(casenote::check(&fixed, &casenote::Config::default(), today())
        .iter()
        .all(|d| d.rule != "missing-family-composition"));
    client.shutdown().await;
}

#[tokio::test]
async fn a_second_rule_joins_the_suppression_comment_above() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let text = "# Notes\n\n  <!-- casenote-disable-next-line vague-language -->\n  Zoë 🙂 engaged well as per plan and the home was chaotic.\n";
    client.open(URI, text).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(rules_of(&params), ["unlabelled-opinion"]);
    let actions = code_actions(&mut client, URI, range(3, 50, 3, 50)).await;
    let disable =
        actions.iter().find(|a| a["title"] == "Disable unlabelled-opinion for this line").unwrap();
    let fixed = apply_edits(text, &disable["edit"]["changes"][URI]);
    assert_eq!(
        fixed,
        "# Notes\n\n  <!-- casenote-disable-next-line vague-language, unlabelled-opinion -->\n  Zoë 🙂 engaged well as per plan and the home was chaotic.\n"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn explain_rule_returns_the_documentation() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.explainRule", "arguments": ["long-sentence"]}),
        )
        .await;
    assert_eq!(response["result"], casenote::rules::meta("long-sentence").unwrap().doc);
    let shown = client.wait_for("showMessage", |m| m["method"] == "window/showMessage").await;
    assert!(shown["params"]["message"].as_str().unwrap().starts_with("long-sentence: "), "{shown}");
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.explainRule", "arguments": ["long-sentense"]}),
        )
        .await;
    assert_eq!(response["error"]["code"], -32602);
    assert_eq!(
        response["error"]["message"],
        "unknown rule `long-sentense` (did you mean `long-sentence`?)"
    );
    let response =
        client.request("workspace/executeCommand", json!({"command": "casenote.nope"})).await;
    assert_eq!(response["error"]["code"], -32602);
    client.shutdown().await;
}

#[tokio::test]
async fn explain_rule_asked_for_no_message_sends_none() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.explainRule", "arguments": ["long-sentence", {"message": false}]}),
        )
        .await;
    assert_eq!(response["result"], casenote::rules::meta("long-sentence").unwrap().doc);
    // Without the option the message comes: it is the first one seen.
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.explainRule", "arguments": ["vague-language"]}),
        )
        .await;
    let shown = client.wait_for("showMessage", |m| m["method"] == "window/showMessage").await;
    assert!(
        shown["params"]["message"].as_str().unwrap().starts_with("vague-language: "),
        "{shown}"
    );
    client.shutdown().await;
}

/// Findings that start on one heading each name the others in their
/// related information, so that a stack of them stays readable.
#[tokio::test]
async fn findings_on_one_heading_name_each_other() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let uri = "file:///casenote-test/heading.md";
    let text = "---\nchild: Zoë Brown\ncontact-frequency: weekly\n---\n\n## 2026-11-02 Visit\n\nThe room was tidy.\n";
    client.open(uri, text).await;
    let params = client.diagnostics(uri).await;
    let heading = range(5, 0, 5, 19);
    let on_heading: Vec<&Value> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["range"] == heading)
        .collect();
    let rules: Vec<&str> = on_heading.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-contact-nature", "missing-recording-date"]);
    let (nature, recorded) = (on_heading[0], on_heading[1]);
    assert_eq!(
        nature["relatedInformation"],
        json!([{
            "location": {"uri": uri, "range": heading},
            "message": format!("also here: missing-recording-date (info): {}", recorded["message"].as_str().unwrap()),
        }])
    );
    assert_eq!(
        recorded["relatedInformation"],
        json!([{
            "location": {"uri": uri, "range": heading},
            "message": format!("also here: missing-contact-nature (warning): {}", nature["message"].as_str().unwrap()),
        }])
    );
    // Record-level findings mark the opening `---` line, not the block.
    let record_level: Vec<&Value> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-family-composition")
        .collect();
    assert_eq!(record_level.len(), 1);
    assert_eq!(record_level[0]["range"], range(0, 0, 0, 3));
    client.shutdown().await;
}

#[tokio::test]
async fn a_code_lens_above_the_genogram_shows_its_picture() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let uri = "file:///caseload/genogram.md";
    let text = "---\nchild: Zoë Brown\n---\n\n# Family composition\n\n```genogram\nupdated: 2026-10-01\nperson Zoë Brown: child, female, born 2016, household\nperson Amy Brown: mother, female, born 1990, PR, household\nchildren of Amy Brown: Zoë Brown\n```\n";
    client.open(uri, text).await;
    let lenses =
        client.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(
        lenses["result"],
        json!([{
            "range": range(4, 0, 4, 0),
            "command": {"title": "Show chronology", "command": "casenote.showChronology", "arguments": [uri]}
        }, {
            "range": range(6, 0, 6, 0),
            "command": {"title": "Show genogram", "command": "casenote.showGenogram", "arguments": [uri]}
        }])
    );
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.showGenogram", "arguments": [uri]}),
        )
        .await;
    let svg = response["result"]["svg"].as_str().expect("an SVG");
    let record = casenote::parse::parse(text);
    assert_eq!(svg, casenote::genogram_svg::render_record(&record).unwrap());
    assert!(svg.starts_with("<svg") && svg.contains("Zoë Brown"), "{svg}");

    // A record without a genogram has no lens, and the command says why.
    let plain = "file:///caseload/plain.md";
    client.open(plain, "---\nchild: Zoë Brown\n---\n").await;
    let lenses =
        client.request("textDocument/codeLens", json!({"textDocument": {"uri": plain}})).await;
    assert_eq!(lenses["result"], Value::Null);
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.showGenogram", "arguments": [plain]}),
        )
        .await;
    assert_eq!(response["error"]["message"], "this record has no genogram block");
    client.shutdown().await;
}

#[tokio::test]
async fn show_chronology_answers_html_and_json_from_the_open_text() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let uri = "file:///caseload/leo.md";
    let text = "---\nchild: Leo Marsh\nagency: police\n---\n\n# Police record\n\n## 2026-08-23 22:05 — Police call-out\n\nOfficers attended.\n\n## 2026-09-28 — Case note\n\nLeo had a bruise on his forehead.\n";
    client.open(uri, text).await;
    let lenses =
        client.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(
        lenses["result"],
        json!([{
            "range": range(5, 0, 5, 0),
            "command": {"title": "Show chronology", "command": "casenote.showChronology", "arguments": [uri]}
        }])
    );
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.showChronology", "arguments": [uri]}),
        )
        .await;
    let result = &response["result"];
    assert_eq!(result["scope"], "document");
    let chronology = &result["chronology"]["chronologies"][0];
    assert_eq!(chronology["child"], "Leo Marsh");
    assert_eq!(chronology["events"][0]["summary"], "Police call-out");
    assert_eq!(chronology["events"][0]["line"], 8);
    assert_eq!(chronology["unconfirmed"][0]["kind"], "injury");
    assert_eq!(chronology["unconfirmed"][0]["line"], 14);
    let html = result["html"].as_str().expect("the HTML page");
    assert!(
        html.contains("<title>Chronology: Leo Marsh (contains personal data)</title>"),
        "{html}"
    );
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.showChronology", "arguments": [uri, {"scope": "everywhere"}]}),
        )
        .await;
    assert_eq!(response["error"]["code"], -32602);
    client.shutdown().await;
}

// --- Completion -------------------------------------------------------------

const COMPLETE: &str = "\
---
child: Zoë Brontë
parents: [Siân Brontë]
agency: 

---

## 2026-11-03 — Home visit

Contact: home v
Present: Zoë 🙂 Brontë, Si
Pre
### Obs
";

async fn complete(client: &mut Client, line: u32, character: u32) -> Vec<Value> {
    let response = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position(line, character)}),
        )
        .await;
    response["result"].as_array().cloned().unwrap_or_default()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items.iter().find(|i| i["label"] == label).unwrap_or_else(|| {
        panic!(
            "no {label} among {:?}",
            items.iter().map(|i| i["label"].as_str().unwrap()).collect::<Vec<_>>()
        )
    })
}

fn edit(item: &Value) -> (Value, &str) {
    (item["textEdit"]["range"].clone(), item["textEdit"]["newText"].as_str().unwrap())
}

#[tokio::test]
async fn completion_offers_the_format_the_people_and_a_new_entry() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, COMPLETE).await;

    // Front matter: values of `agency`, and keys not yet used.
    let items = complete(&mut client, 3, 8).await;
    assert_eq!(
        edit(item(&items, "childrens-social-care")),
        (range(3, 8, 3, 8), "childrens-social-care")
    );
    assert_eq!(items.len(), 7);
    let items = complete(&mut client, 4, 0).await;
    assert_eq!(edit(item(&items, "worker")), (range(4, 0, 4, 0), "worker: "));
    assert!(
        items.iter().all(|i| i["label"] != "child" && i["label"] != "agency"),
        "keys in use are not offered"
    );

    // Contact types after `Contact:`, replacing the typed words.
    let items = complete(&mut client, 9, 15).await;
    let visit = item(&items, "home visit");
    assert_eq!(edit(visit), (range(9, 9, 9, 15), "home visit"));
    assert_eq!(visit["detail"], "contact type: visit");
    item(&items, "unannounced");

    // Names after `Present:`: "Si" is 2 code units after "Zoë 🙂 Brontë, "
    // (the emoji counts twice).
    let items = complete(&mut client, 10, 26).await;
    assert_eq!(edit(item(&items, "Siân Brontë")), (range(10, 24, 10, 26), "Siân Brontë"));
    assert_eq!(item(&items, "Siân Brontë")["detail"], "parental responsibility");
    assert_eq!(item(&items, "Zoë Brontë")["detail"], "child");

    // At a line start in an entry: fields, labels, names and a new entry.
    let items = complete(&mut client, 11, 3).await;
    assert_eq!(edit(item(&items, "Present")), (range(11, 0, 11, 3), "Present: "));
    assert_eq!(edit(item(&items, "Opinion")), (range(11, 0, 11, 3), "Opinion: "));
    assert_eq!(
        edit(item(&items, "Wishes and feelings")),
        (range(11, 0, 11, 3), "Wishes and feelings: ")
    );
    assert!(item(&items, "Present")["documentation"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**Present** (field)"));
    let entry = item(&items, "New entry (2026-11-25)");
    assert_eq!(entry["insertTextFormat"], 2, "a snippet");
    let (entry_range, template) = edit(entry);
    assert_eq!(entry_range, range(11, 0, 11, 3));
    assert_eq!(
        template,
        "## 2026-11-25 ${1:14:00} — ${2:Home visit}\n\nRecorded: 2026-11-25\nContact: ${3:home visit, announced}\n\
         Present: ${4:Zoë Brontë, Siân Brontë}\nFrequency: ${5:weekly}\n\n### Observations\n\n$0\n\n\
         ### Wishes and feelings\n\n### Analysis\n"
    );

    // Section headings one level below the entry.
    let items = complete(&mut client, 12, 7).await;
    assert_eq!(edit(item(&items, "Observations")), (range(12, 0, 12, 7), "### Observations"));
    assert_eq!(item(&items, "Observations")["filterText"], "### Observations");

    // A key being typed in the front matter is replaced whole.
    client.change(URI, 2, json!([{"range": range(4, 0, 4, 0), "text": "wor"}])).await;
    let items = complete(&mut client, 4, 3).await;
    assert_eq!(edit(item(&items, "worker")), (range(4, 0, 4, 3), "worker: "));
    client.shutdown().await;
}

#[tokio::test]
async fn without_snippet_support_the_new_entry_is_plain_text() {
    let mut caps = capabilities();
    caps["textDocument"]["completion"]["completionItem"]["snippetSupport"] = json!(false);
    let (mut client, _) = Client::start(caps, Value::Null).await;
    client.open(URI, "---\ncontact-frequency: weekly\n---\n\nNe").await;
    let items = complete(&mut client, 4, 2).await;
    let entry = item(&items, "New entry (2026-11-25)");
    assert_eq!(entry["insertTextFormat"], 1);
    assert_eq!(
        edit(entry),
        (
            range(4, 0, 4, 2),
            "## 2026-11-25 — Home visit\n\nRecorded: 2026-11-25\nContact: home visit, announced\nPresent: NAMES\n\n\
             ### Observations\n\n\n### Wishes and feelings\n\n### Analysis\n"
        )
    );
    client.shutdown().await;
}

// --- Symbols and folding ----------------------------------------------------

#[tokio::test]
async fn document_symbols_list_entries_with_their_sections() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    let response =
        client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await;
    assert_eq!(
        response["result"],
        json!([
            {"name": "Family composition", "kind": 23, "range": range(9, 0, 16, 3), "selectionRange": range(9, 0, 9, 20)},
            {"name": "2026-11-03 14:00 — Home visit 🏠 (announced)", "detail": "contact", "kind": 24,
             "range": range(18, 0, 32, 26), "selectionRange": range(18, 0, 18, 47),
             "children": [
                {"name": "Observations", "kind": 3, "range": range(24, 0, 28, 32), "selectionRange": range(24, 0, 24, 16)},
                {"name": "Wishes and feelings", "kind": 3, "range": range(30, 0, 32, 26), "selectionRange": range(30, 0, 30, 23)}
             ]}
        ])
    );
    client.shutdown().await;

    // Flat for clients without hierarchical symbols.
    let mut caps = capabilities();
    caps["textDocument"]["documentSymbol"]["hierarchicalDocumentSymbolSupport"] = json!(false);
    let (mut client, _) = Client::start(caps, Value::Null).await;
    client.open(URI, RECORD).await;
    let response =
        client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await;
    let names: Vec<(&str, Option<&str>)> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["containerName"].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Family composition", None),
            ("2026-11-03 14:00 — Home visit 🏠 (announced)", None),
            ("Observations", Some("2026-11-03 14:00 — Home visit 🏠 (announced)")),
            ("Wishes and feelings", Some("2026-11-03 14:00 — Home visit 🏠 (announced)")),
        ]
    );
    client.shutdown().await;
}

#[tokio::test]
async fn folding_ranges_cover_front_matter_family_genogram_entries_and_sections() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    let response =
        client.request("textDocument/foldingRange", json!({"textDocument": {"uri": URI}})).await;
    let ranges: Vec<(u64, u64)> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["kind"], "region");
            (r["startLine"].as_u64().unwrap(), r["endLine"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(ranges, [(0, 7), (9, 16), (11, 16), (18, 32), (24, 28), (30, 32)]);
    client.shutdown().await;
}

#[tokio::test]
async fn workspace_symbols_search_the_entries_of_open_records() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    let other = "file:///casenote-test/other.md";
    client
        .open(other, "## 12/11/2026 — Phone call with Siân 📞\n\n## 2026-11-20 — Core group\n")
        .await;
    let response = client.request("workspace/symbol", json!({"query": ""})).await;
    let found: Vec<(&str, &str, Value)> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["location"]["uri"].as_str().unwrap(),
                s["location"]["range"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("12/11/2026 — Phone call with Siân 📞", other, range(0, 0, 0, 39)),
            ("2026-11-20 — Core group", other, range(2, 0, 2, 26)),
            ("2026-11-03 14:00 — Home visit 🏠 (announced)", URI, range(18, 0, 18, 47)),
        ]
    );
    let response = client.request("workspace/symbol", json!({"query": "siân CALL"})).await;
    let names: Vec<&str> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["12/11/2026 — Phone call with Siân 📞"]);
    client.shutdown().await;
}

// --- Workspace review -------------------------------------------------------

/// "Review folder": `casenote.reviewWorkspace` with a folder's URI reviews
/// the records under that folder only.
#[tokio::test]
async fn a_review_of_one_folder_lints_only_its_records() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("team-a")).unwrap();
    std::fs::create_dir_all(root.join("team-b")).unwrap();
    std::fs::write(root.join("team-a/zoe.md"), RECORD).unwrap();
    std::fs::write(root.join("team-b/other.md"), RECORD).unwrap();
    let zoe = file_uri(&root.join("team-a/zoe.md"));
    let folder = file_uri(&root.join("team-a"));

    let (mut client, _) = Client::start_in(capabilities(), Value::Null, Some(root)).await;
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.reviewWorkspace", "arguments": [folder]}),
        )
        .await;
    assert_eq!(
        response["result"],
        json!({"records": 1, "open": 0, "unreadable": 0, "tooLarge": 0, "findings": 2})
    );
    let params = client.diagnostics(&zoe).await;
    assert_eq!(rules_of(&params), ["missing-wishes-feelings", "unlabelled-opinion"]);
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"].as_str().unwrap().contains("team-b")
        })
        .await;
    assert!(published.is_empty(), "outside the folder: {published:#?}");
    let response = client
        .request(
            "workspace/executeCommand",
            json!({"command": "casenote.reviewWorkspace", "arguments": ["untitled:Untitled-1"]}),
        )
        .await;
    assert_eq!(response["error"]["code"], -32602);
    client.shutdown().await;
}

#[tokio::test]
async fn workspace_review_lints_every_record_honouring_gitignore() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("caseload/archive")).unwrap();
    std::fs::write(root.join(".gitignore"), "archive/\n").unwrap();
    std::fs::write(root.join("caseload/zoe.md"), RECORD).unwrap();
    std::fs::write(root.join("caseload/open.md"), RECORD).unwrap();
    std::fs::write(root.join("caseload/archive/old.md"), RECORD).unwrap();
    std::fs::write(root.join("caseload/notes.txt"), RECORD).unwrap();
    std::fs::write(root.join("caseload/casenote.toml"), "[rules]\nunlabelled-opinion = \"off\"\n")
        .unwrap();
    let zoe = file_uri(&root.join("caseload/zoe.md"));
    let open = file_uri(&root.join("caseload/open.md"));

    let (mut client, _) = Client::start_in(capabilities(), Value::Null, Some(root)).await;
    client.open(&open, RECORD).await;
    client.diagnostics(&open).await;
    let response = client
        .request("workspace/executeCommand", json!({"command": "casenote.reviewWorkspace"}))
        .await;
    assert_eq!(
        response["result"],
        json!({"records": 2, "open": 1, "unreadable": 0, "tooLarge": 0, "findings": 1})
    );
    let params = client.diagnostics(&zoe).await;
    assert_eq!(params.get("version"), None);
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"], "with the folder's casenote.toml");
    assert_eq!(finding(&params, "missing-wishes-feelings")["range"], range(18, 0, 18, 47));
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"].as_str().unwrap().contains("archive")
        })
        .await;
    assert!(published.is_empty(), "ignored by .gitignore: {published:#?}");

    // A reviewed file changed on disk is linted again; a deleted one is cleared.
    std::fs::write(root.join("caseload/zoe.md"), "# Nothing to see\n").unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": zoe, "type": 2}]}))
        .await;
    let published = client.settle(|m| m["params"]["uri"] == zoe).await;
    assert!(published.is_empty(), "review is off: only the command reviews");
    client.shutdown().await;

    // With the option on, the review runs at start and follows the files.
    std::fs::write(root.join("caseload/zoe.md"), RECORD).unwrap();
    let (mut client, _) =
        Client::start_in(capabilities(), json!({"workspaceReview": true}), Some(root)).await;
    let params = client.diagnostics(&zoe).await;
    assert_eq!(rules_of(&params), ["missing-wishes-feelings"]);
    std::fs::remove_file(root.join("caseload/zoe.md")).unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": zoe, "type": 3}]}))
        .await;
    assert_eq!(client.diagnostics(&zoe).await["diagnostics"], json!([]));
    client.shutdown().await;
}

// --- Robustness and privacy -------------------------------------------------

#[tokio::test]
async fn a_panic_in_a_request_is_an_error_and_the_server_goes_on() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    let response =
        client.request("workspace/executeCommand", json!({"command": "casenote.test.panic"})).await;
    assert_eq!(response["error"]["code"], -32603);
    assert_eq!(
        response["error"]["message"],
        "casenote: internal error (details withheld as they may quote record text)"
    );
    // Still serving.
    assert!(hover(&mut client, 26, 40).await["contents"]["value"].is_string());
    client.change(URI, 2, json!([{"range": range(26, 29, 26, 51), "text": ""}])).await;
    assert_eq!(rules_of(&client.diagnostics(URI).await), ["missing-wishes-feelings"]);
    client.shutdown().await;
}

#[tokio::test]
async fn out_of_range_positions_and_unknown_documents_are_harmless() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let unknown = "file:///casenote-test/never-opened.md";
    client.change(unknown, 2, json!([{"range": range(0, 0, 0, 0), "text": "x"}])).await;
    for method in ["textDocument/hover", "textDocument/completion"] {
        let response = client
            .request(method, json!({"textDocument": {"uri": unknown}, "position": position(0, 0)}))
            .await;
        assert_eq!(response["result"], Value::Null, "{method}");
    }
    let response = client
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": unknown}}))
        .await;
    assert_eq!(response["result"], Value::Null);
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": unknown}})).await;

    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    // Positions past the end of a line and of the document are clamped.
    assert_eq!(hover(&mut client, 26, 9999).await, Value::Null);
    assert_eq!(hover(&mut client, 9999, 0).await, Value::Null);
    let response = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position(9999, 9999)}),
        )
        .await;
    assert!(response.get("error").is_none(), "{response}");
    assert!(code_actions(&mut client, URI, range(9999, 0, 9999, 5)).await.is_empty());
    // A reversed range is read as the range between its ends.
    assert!(!code_actions(&mut client, URI, range(9999, 0, 0, 0)).await.is_empty());
    // An edit past the end appends; one inside the emoji's surrogate pair
    // starts at the emoji.
    client
        .change(URI, 2, json!([{"range": range(9999, 0, 9999, 5), "text": "Zoë was chaotic.\n"}]))
        .await;
    client.change(URI, 3, json!([{"range": range(26, 5, 26, 6), "text": ""}])).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], 3);
    // Line 26 lost its emoji: the finding starts one code unit earlier.
    assert_eq!(finding(&params, "unlabelled-opinion")["range"], range(26, 28, 26, 49));
    assert_eq!(rules_of(&params).iter().filter(|r| *r == "unlabelled-opinion").count(), 2);
    client.shutdown().await;
}

#[tokio::test]
async fn the_log_holds_rule_ids_counts_and_timings_never_record_text() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    client
        .change(URI, 2, json!([{"range": range(26, 0, 26, 0), "text": "Siân 🙂 was hostile. "}]))
        .await;
    client.diagnostics(URI).await;
    hover(&mut client, 26, 3).await;
    code_actions(&mut client, URI, range(26, 3, 26, 3)).await;
    client.change(URI, 3, json!([{"range": range(99, 0, 99, 0), "text": "x"}])).await;
    client.diagnostics(URI).await;
    let _ = client.settle(|_| false).await;
    let logs: Vec<&str> = client
        .seen
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap())
        .collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("findings [missing-wishes-feelings 1, unlabelled-opinion 2] in ")),
        "{logs:#?}"
    );
    for log in &logs {
        for word in [
            "Zoë",
            "Siân",
            "Brontë",
            "chaotic",
            "hostile",
            "drawing",
            "zoe",
            "casenote-test",
            "🙂",
            "🏠",
        ] {
            assert!(!log.contains(word), "the log quotes {word:?}: {log}");
        }
    }
    client.shutdown().await;
}

#[tokio::test]
async fn requests_after_exit_are_refused() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
    let ready = futures::future::poll_fn(|cx| client.service.poll_ready(cx)).await;
    assert!(ready.is_err(), "the service has exited");
}

// --- Every fixture, converted exactly ---------------------------------------

/// An LSP position in UTF-16 code units for a byte offset (this file's own
/// arithmetic, not the server's).
fn position_utf16(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count();
    json!({"line": line, "character": text[line_start..offset].encode_utf16().count()})
}

fn range_utf16(text: &str, span: &std::ops::Range<usize>) -> Value {
    json!({"start": position_utf16(text, span.start), "end": position_utf16(text, span.end)})
}

/// For every record of `tests/fixtures` and `examples` (all with non-ASCII
/// text): each finding's range, related ranges, code, severity and message,
/// and each quick fix's edits, as the core has them.
#[tokio::test]
async fn every_finding_and_fix_of_the_fixtures_converts_exactly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = ["tests/fixtures", "examples"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    assert!(paths.len() > 20, "{paths:?}");
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let (mut findings_seen, mut fixes_seen) = (0, 0);
    for (i, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let uri = format!("file:///casenote-fixtures/{i}.md");
        let core = casenote::check(&text, &casenote::Config::default(), today());
        client.open(&uri, &text).await;
        let params = client.diagnostics(&uri).await;
        let published = params["diagnostics"].as_array().unwrap();
        assert_eq!(published.len(), core.len(), "{}", path.display());
        for (lsp, finding) in published.iter().zip(&core) {
            let at = format!("{} {}", path.display(), finding.rule);
            assert_eq!(lsp["code"], finding.rule, "{at}");
            assert_eq!(lsp["message"], finding.message, "{at}");
            assert_eq!(lsp["range"], range_utf16(&text, &finding.span), "{at}");
            let severity = match finding.severity {
                casenote::Severity::Error => 1,
                casenote::Severity::Warning => 2,
                casenote::Severity::Info => 3,
                casenote::Severity::Hint => 4,
            };
            assert_eq!(lsp["severity"], severity, "{at}");
            let mut related: Vec<Value> = finding
                .related
                .iter()
                .map(|r| json!({"location": {"uri": uri, "range": range_utf16(&text, &r.span)}, "message": r.message}))
                .collect();
            // Then the other findings that start where this one starts.
            let alongside: Vec<&casenote::Diagnostic> = core
                .iter()
                .filter(|o| o.span.start == finding.span.start && !std::ptr::eq(*o, finding))
                .collect();
            related.extend(alongside.iter().take(5).map(|o| {
                json!({
                    "location": {"uri": uri, "range": range_utf16(&text, &o.span)},
                    "message": format!("also here: {} ({}): {}", o.rule, o.severity, o.message),
                })
            }));
            if alongside.len() > 5 {
                related.push(json!({
                    "location": {"uri": uri, "range": range_utf16(&text, &finding.span)},
                    "message": format!("and {} more findings here", alongside.len() - 5),
                }));
            }
            assert_eq!(
                lsp.get("relatedInformation").cloned().unwrap_or(json!([])),
                json!(related),
                "{at}"
            );
        }
        findings_seen += core.len();

        // All actions of the record: the core's fixes first, in order.
        let end = position_utf16(&text, text.len());
        let everything = json!({"start": position(0, 0), "end": end});
        let actions = code_actions(&mut client, &uri, everything).await;
        let fixes: Vec<&casenote::diagnostic::Fix> = core.iter().flat_map(|d| &d.fixes).collect();
        for (action, fix) in actions.iter().zip(&fixes) {
            let at = format!("{}: {}", path.display(), fix.title);
            assert_eq!(action["title"], fix.title, "{at}");
            assert_eq!(
                apply_edits(&text, &action["edit"]["changes"][&uri]),
                fix.apply(&text),
                "{at}"
            );
        }
        fixes_seen += fixes.len();
        // Every finding but an unused suppression can be disabled, and the
        // suppression silences it.
        for finding in core.iter().filter(|f| f.rule != "unused-suppression") {
            let at = range_utf16(&text, &finding.span);
            let actions = code_actions(&mut client, &uri, at).await;
            let disable = actions
                .iter()
                .find(|a| {
                    a["title"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("Disable {} for this ", finding.rule))
                })
                .unwrap_or_else(|| {
                    panic!("{}: no way to disable {}", path.display(), finding.rule)
                });
            let edits = &disable["edit"]["changes"][&uri];
            let suppressed = apply_edits(&text, edits);
            // Where the finding is after the insertions before it.
            let shift: usize = edits
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| {
                    let start = &e["range"]["start"];
                    let offset = offset_utf16(
                        &text,
                        start["line"].as_u64().unwrap(),
                        start["character"].as_u64().unwrap(),
                    );
                    offset <= finding.span.start
                })
                .map(|e| e["newText"].as_str().unwrap().len())
                .sum();
            let moved = finding.span.start + shift..finding.span.end + shift;
            let after = casenote::check(&suppressed, &casenote::Config::default(), today());
            let unused = |all: &[casenote::Diagnostic]| {
                all.iter().filter(|d| d.rule == "unused-suppression").count()
            };
            assert!(unused(&after) <= unused(&core), "{}: the comment is unused", path.display());
            assert!(
                !after.iter().any(|d| d.rule == finding.rule && d.span == moved),
                "{}: {} at {} still reported after {}:\n{}",
                path.display(),
                finding.rule,
                range_utf16(&text, &finding.span),
                disable["title"],
                suppressed
            );
        }
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
        client.diagnostics(&uri).await;
    }
    assert!(findings_seen > 100 && fixes_seen > 20, "{findings_seen} findings, {fixes_seen} fixes");
    client.shutdown().await;
}

#[tokio::test]
async fn front_matter_lists_complete_with_their_values() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let text = "---\nstage: [child-in-need, sec]\ndocument: ic\nstage:\n  - loo\n---\n";
    client.open(URI, text).await;
    let items = complete(&mut client, 1, 26).await;
    assert_eq!(edit(item(&items, "section-47")), (range(1, 23, 1, 26), "section-47"));
    let items = complete(&mut client, 2, 12).await;
    assert_eq!(edit(item(&items, "icpc-report")), (range(2, 10, 2, 12), "icpc-report"));
    let items = complete(&mut client, 4, 7).await;
    assert_eq!(edit(item(&items, "looked-after")), (range(4, 4, 4, 7), "looked-after"));
    client.shutdown().await;
}

#[tokio::test]
async fn added_workspace_folders_are_reviewed() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    std::fs::write(dir.path().join("zoe.md"), RECORD).unwrap();
    let zoe = file_uri(&dir.path().join("zoe.md"));
    let (mut client, _) = Client::start(capabilities(), json!({"workspaceReview": true})).await;
    client
        .notify(
            "workspace/didChangeWorkspaceFolders",
            json!({"event": {"added": [{"uri": file_uri(dir.path()), "name": "caseload"}], "removed": []}}),
        )
        .await;
    let params = client.diagnostics(&zoe).await;
    assert_eq!(rules_of(&params), ["missing-wishes-feelings", "unlabelled-opinion"]);
    // The review started at `initialized` may publish again: take it.
    client.settle(|m| m["params"]["uri"] == zoe).await;
    // Turning the review off clears what it published.
    *client.settings.lock().unwrap() = json!({"workspaceReview": false});
    client.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    client
        .wait_for("cleared diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == zoe
                && m["params"]["diagnostics"] == json!([])
        })
        .await;
    let late = client.settle(|m| m["params"]["uri"] == zoe).await;
    assert!(late.is_empty(), "published after the review was turned off: {late:#?}");
    client.shutdown().await;
}

#[tokio::test]
async fn crlf_line_endings_give_the_same_positions_and_crlf_edits() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    let text = RECORD.replace('\n', "\r\n");
    client.open(URI, &text).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(finding(&params, "missing-wishes-feelings")["range"], range(18, 0, 18, 47));
    assert_eq!(finding(&params, "unlabelled-opinion")["range"], range(26, 30, 26, 51));
    let actions = code_actions(&mut client, URI, range(26, 35, 26, 35)).await;
    let disable =
        actions.iter().find(|a| a["title"] == "Disable unlabelled-opinion for this line").unwrap();
    assert_eq!(
        disable["edit"]["changes"][URI][0]["newText"],
        "<!-- casenote-disable-next-line unlabelled-opinion -->\r\n"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn a_record_above_the_size_limit_gets_one_warning_instead_of_a_check() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    std::fs::write(dir.path().join("casenote.toml"), "[settings]\nmax-file-size = 100\n").unwrap();
    let uri = file_uri(&dir.path().join("big.md"));
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(&uri, RECORD).await;
    let params = client.diagnostics(&uri).await;
    let diagnostics = params["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{params}");
    assert_eq!(diagnostics[0]["range"], range(0, 0, 0, 0));
    assert_eq!(diagnostics[0]["severity"], 2);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("too large to check") && message.contains("above the limit of 100 bytes"),
        "{message}"
    );
    client.shutdown().await;
}

// --- The size limit, coalescing, reuse ---------------------------------------

/// Every request a record answers, with what it answered.
async fn every_request(client: &mut Client, uri: &str) -> Vec<(&'static str, Value)> {
    let document = json!({"textDocument": {"uri": uri}});
    let at = json!({"textDocument": {"uri": uri}, "position": position(26, 33)});
    let mut answers = Vec::new();
    for (method, params) in [
        ("textDocument/hover", at.clone()),
        ("textDocument/completion", at),
        ("textDocument/documentSymbol", document.clone()),
        ("textDocument/foldingRange", document.clone()),
        ("textDocument/codeLens", document.clone()),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range(26, 33, 26, 33), "context": {"diagnostics": []}}),
        ),
    ] {
        let response = client.request(method, params).await;
        answers.push((method, response["result"].clone()));
    }
    answers
}

#[tokio::test]
async fn a_record_above_the_client_size_limit_gets_one_warning_and_no_analysis() {
    let (mut client, _) =
        Client::start(capabilities(), json!({"settings": {"maxFileSize": 100}})).await;
    client.open(URI, RECORD).await;
    let params = client.diagnostics(URI).await;
    assert_eq!(params["version"], 1);
    let diagnostics = params["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{params:#}");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(diagnostics[0]["range"], range(0, 0, 0, 0));
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("too large to check") && message.contains("max-file-size"),
        "{message}"
    );
    // No request reads it: nothing was analysed or parsed.
    for (method, answer) in every_request(&mut client, URI).await {
        assert_eq!(answer, Value::Null, "{method} answered a record above the limit");
    }
    let response = client.request("workspace/symbol", json!({"query": ""})).await;
    assert_eq!(response["result"], json!([]));
    // Typing in it gives the same one warning, for each version.
    client.change(URI, 2, json!([{"range": range(26, 0, 26, 0), "text": "x"}])).await;
    let published = client
        .settle(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .await;
    assert_eq!(published.len(), 1, "{published:#?}");
    assert_eq!(published[0]["params"]["version"], 2);
    assert_eq!(published[0]["params"]["diagnostics"].as_array().unwrap().len(), 1);

    // Raising the limit (the client's setting wins over the file) checks it.
    *client.settings.lock().unwrap() = json!({"settings": {"maxFileSize": "1MiB"}});
    client.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    let published = client
        .settle(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .await;
    let last = &published.last().expect("published again")["params"];
    assert_eq!(rules_of(last), ["missing-wishes-feelings", "unlabelled-opinion"]);
    for (method, answer) in every_request(&mut client, URI).await {
        if method != "textDocument/codeLens" && method != "textDocument/completion" {
            assert_ne!(answer, Value::Null, "{method} once the record is within the limit");
        }
    }
    client.shutdown().await;
}

#[tokio::test]
async fn files_above_the_limit_are_refused_unread_by_review_watch_and_close() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("casenote.toml"), "[settings]\nmax-file-size = \"1MiB\"\n").unwrap();
    std::fs::write(root.join("zoe.md"), RECORD).unwrap();
    // 300 MB by its metadata and sparse on disk: reading it would show.
    let big = root.join("big.md");
    std::fs::File::create(&big).unwrap().set_len(300 << 20).unwrap();
    let big_uri = file_uri(&big);
    let zoe = file_uri(&root.join("zoe.md"));

    let (mut client, _) = Client::start_in(capabilities(), Value::Null, Some(root)).await;
    let response = client
        .request("workspace/executeCommand", json!({"command": "casenote.reviewWorkspace"}))
        .await;
    assert_eq!(
        response["result"],
        json!({"records": 2, "open": 0, "unreadable": 0, "tooLarge": 1, "findings": 2})
    );
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
        })
        .await;
    assert_eq!(published.len(), 1, "one warning: {published:#?}");
    let diagnostics = published[0]["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("300.0 MiB") || message.contains("300 MiB"), "{message}");
    assert!(message.contains("1.0 MiB") || message.contains("1 MiB"), "{message}");

    // A watched-file event for it: the same one warning, still unread.
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": big_uri, "type": 2}]}),
        )
        .await;
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
        })
        .await;
    assert!(published.is_empty(), "review is off: {published:#?}");
    client.shutdown().await;

    let (mut client, _) =
        Client::start_in(capabilities(), json!({"workspaceReview": true}), Some(root)).await;
    let published = client.settle(|m| m["method"] == "textDocument/publishDiagnostics").await;
    let for_big: Vec<&Value> = published.iter().filter(|m| m["params"]["uri"] == big_uri).collect();
    assert!(!for_big.is_empty(), "{published:#?}");
    assert!(for_big.iter().all(|m| m["params"]["diagnostics"].as_array().unwrap().len() == 1));
    assert!(published.iter().any(|m| m["params"]["uri"] == zoe));
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": big_uri, "type": 2}]}),
        )
        .await;
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
        })
        .await;
    assert_eq!(published.len(), 1, "{published:#?}");
    assert_eq!(published[0]["params"]["diagnostics"].as_array().unwrap().len(), 1);
    // Opened (with a small text, as a client might send) and closed: the
    // file on disk is refused again, not read.
    client.open(&big_uri, "# Notes\n").await;
    client.diagnostics(&big_uri).await;
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": big_uri}})).await;
    let published = client
        .settle(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
        })
        .await;
    assert_eq!(published.len(), 1, "{published:#?}");
    let diagnostics = published[0]["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("too large"));
    client.shutdown().await;
}

/// A record of `entries` entries, each with an unlabelled opinion and
/// non-ASCII text before it.
fn long_record(entries: usize) -> String {
    let mut text = String::from("---\nrecord: CIN-7\nchild: Zoë Brontë\n---\n\n");
    for day in 0..entries {
        text.push_str(&format!(
            "## 2026-10-{:02} 10:00 — Visit 🏠\n\nRecorded: 2026-10-{:02}\nContact: home visit\nPresent: Zoë Brontë\n\nZoë 🙂 played. The home was chaotic.\n\n",
            day % 28 + 1,
            day % 28 + 1
        ));
    }
    text
}

#[tokio::test]
async fn diagnostics_reused_from_unchanged_entries_are_those_of_a_fresh_check() {
    let text = long_record(12);
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, &text).await;
    client.diagnostics(URI).await;
    // Lines come and go in the third entry (line 25 is its Present line):
    // the entries after it keep their findings, on other lines.
    let edits = [
        json!([{"range": range(25, 0, 25, 0), "text": "Zoë was 🙂 hostile.\n\n"}]),
        json!([{"range": range(25, 0, 27, 0), "text": ""}]),
        json!([{"range": range(25, 0, 25, 0), "text": "\n\n\nShe seemed sad.\n"}]),
        json!([{"range": range(0, 0, 0, 0), "text": "<!-- a comment -->\n"}]),
    ];
    let mut current = text.clone();
    for (i, edit) in edits.iter().enumerate() {
        let version = i as i32 + 2;
        current = apply_edits(
            &current,
            &json!([{"range": edit[0]["range"], "newText": edit[0]["text"]}]),
        );
        client.change(URI, version, edit.clone()).await;
        let published = client.diagnostics(URI).await;
        assert_eq!(published["version"], version);
        // The same text opened afresh in a new server.
        let (mut fresh, _) = Client::start(capabilities(), Value::Null).await;
        fresh.open(URI, &current).await;
        let expected = fresh.diagnostics(URI).await;
        fresh.shutdown().await;
        assert_eq!(published["diagnostics"], expected["diagnostics"], "after edit {i}");
    }
    client.shutdown().await;
}

#[tokio::test]
async fn requests_answer_from_the_latest_analysed_version() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    client.diagnostics(URI).await;
    // Each version's hover shows that version's finding: the request is
    // answered from what was analysed, parsed once.
    let before = hover(&mut client, 26, 33).await;
    assert!(before["contents"]["value"].as_str().unwrap().contains("unlabelled-opinion"));
    client.change(URI, 2, json!([{"range": range(26, 29, 26, 51), "text": ""}])).await;
    assert_eq!(client.diagnostics(URI).await["version"], 2);
    // Until version 2 is parsed (in the background, after its diagnostics)
    // hover may answer from version 1; once it is, from version 2.
    client.settle(|_| false).await;
    let after = hover(&mut client, 26, 33).await;
    assert!(
        !after.to_string().contains("unlabelled-opinion"),
        "the opinion was deleted in version 2: {after:#}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn flush_answers_after_every_pending_lint() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, RECORD).await;
    for version in 2..=30 {
        client.change(URI, version, json!([{"range": range(32, 0, 32, 0), "text": "a"}])).await;
    }
    let published = client
        .settle(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .await;
    let versions: Vec<i64> =
        published.iter().map(|m| m["params"]["version"].as_i64().unwrap()).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert_eq!(versions.last(), Some(&30), "{versions:?}");
    client.shutdown().await;
}

/// Issue 18: on a CRLF record, every quick fix inserts `\r\n`, never a
/// bare `\n`, and the fixed record keeps one line-ending style.
#[tokio::test]
async fn quick_fixes_on_a_crlf_record_use_its_line_ending() {
    let crlf = RECORD.replace('\n', "\r\n");
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, &crlf).await;
    let params = client.diagnostics(URI).await;
    let mut applied = 0;
    for diagnostic in params["diagnostics"].as_array().unwrap() {
        let actions = code_actions(&mut client, URI, diagnostic["range"].clone()).await;
        for action in actions.iter().filter(|a| a["edit"].is_object()) {
            let edits = &action["edit"]["changes"][URI];
            for edit in edits.as_array().unwrap() {
                let inserted = edit["newText"].as_str().unwrap();
                assert!(
                    !inserted.replace("\r\n", "").contains(['\n', '\r']),
                    "{}: {inserted:?}",
                    action["title"]
                );
            }
            let fixed = apply_edits(&crlf, edits);
            assert!(!fixed.replace("\r\n", "").contains('\n'), "{}", action["title"]);
            applied += 1;
        }
    }
    assert!(applied >= 3, "only {applied} fixes applied");
    client.shutdown().await;
}

/// Issue 18: a byte-order mark does not hide the front matter from the
/// server: it finds what `check` finds on the record without it.
#[tokio::test]
async fn a_byte_order_mark_changes_no_finding() {
    let (mut client, _) = Client::start(capabilities(), Value::Null).await;
    client.open(URI, &format!("\u{feff}{RECORD}")).await;
    let params = client.diagnostics(URI).await;
    let mut expected: Vec<String> = casenote::check(RECORD, &casenote::Config::default(), today())
        .iter()
        .map(|d| d.rule.to_owned())
        .collect();
    let mut found = rules_of(&params);
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    client.shutdown().await;
}

/// `casenote/caseload` answers with the statistics of `report --format
/// json` for the workspace: the open text of an open record, each file's
/// own configuration, and no file above `max-file-size` read.
#[tokio::test]
async fn the_caseload_request_gives_the_reports_statistics() {
    let dir = tempfile::Builder::new().prefix("casenote-lsp-").tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("caseload/big")).unwrap();
    std::fs::write(root.join("caseload/a.md"), RECORD).unwrap();
    std::fs::write(root.join("caseload/b.md"), RECORD).unwrap();
    std::fs::write(root.join("caseload/big/c.md"), format!("{RECORD}\n{}\n", "x".repeat(4096)))
        .unwrap();
    std::fs::write(root.join("caseload/big/casenote.toml"), "[settings]\nmax-file-size = 2048\n")
        .unwrap();
    let b = file_uri(&root.join("caseload/b.md"));
    // The open text of b.md has no family composition: one finding more.
    let edited = RECORD.replace("# Family composition", "# Family");

    let (mut client, _) = Client::start_in(capabilities(), Value::Null, Some(root)).await;
    client.open(&b, &edited).await;
    let response = client.request(casenote::lsp::CASELOAD_REQUEST, Value::Null).await;
    let mut answer = response["result"].clone();
    assert_eq!(answer["skipped"], json!({"too_large": 1, "unreadable": 0}));
    assert_eq!(answer["uris"]["caseload/b.md"], json!(b));
    let object = answer.as_object_mut().unwrap();
    object.remove("skipped");
    object.remove("uris");

    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let config = casenote::config::Config::default();
    let expected = casenote::stats::Caseload::new(
        vec![
            casenote::stats::analyse("caseload/a.md", RECORD, &config, today).0,
            casenote::stats::analyse("caseload/b.md", &edited, &config, today).0,
        ],
        today,
    );
    assert_eq!(answer, serde_json::to_value(&expected).unwrap());
    let findings: Vec<u64> = answer["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["findings"]["total"].as_u64().unwrap())
        .collect();
    assert_eq!(findings[1], findings[0] + 1, "the open text counts, not the file");
    assert!(["red", "amber", "green"].contains(&answer["records"][0]["status"].as_str().unwrap()));
    client.shutdown().await;
}
