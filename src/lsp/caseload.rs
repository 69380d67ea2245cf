//! `casenote/caseload`: the statistics of `casenote report --format json`
//! for the records of the workspace folders, so that an editor can show a
//! caseload view (status, findings, days since each child was seen) from
//! the server alone.
//!
//! Request: no parameters. Answer: the caseload object of `report --format
//! json` (`date`, `totals`, `other_files`, `records`, `triage`,
//! `practitioners`, `team`), with each `path` relative to its workspace
//! folder, and two more keys: `uris` (each record's `path` → its URI) and
//! `skipped` (`too_large`, `unreadable`: files not counted). Open documents
//! count with the text in the editor; a file above `max-file-size` is not
//! read (its size is taken from its metadata first).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::Uri;

use super::{blocking, internal_error, review, Backend, Kind};
use crate::stats::{self, Caseload};

/// The request's method name.
pub const CASELOAD_REQUEST: &str = "casenote/caseload";

/// How a record is named in the answer: its path below the workspace
/// folder holding it (the deepest, when folders nest), with `/`.
fn name_in(folders: &[PathBuf], path: &Path) -> String {
    let relative = folders
        .iter()
        .filter_map(|folder| path.strip_prefix(folder).ok())
        .min_by_key(|rest| rest.as_os_str().len())
        .unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

impl Backend {
    /// `casenote/caseload`: see the module documentation.
    pub(super) async fn caseload(&self) -> Result<Value> {
        let _task = self.tasks.start();
        let folders = self.state().folders.clone();
        let walked = folders.clone();
        let (files, mut unreadable) =
            blocking(move || review::records_under(&walked)).await.unwrap_or_default();
        let today = self.today();
        let mut figures = Vec::with_capacity(files.len());
        let mut uris = BTreeMap::new();
        let mut too_large = 0;
        for path in files {
            let Some(uri) = Uri::from_file_path(&path) else { continue };
            let config = self.config_for(Some(&path)).await;
            let limit = config.max_file_size;
            let open = {
                let state = self.state();
                state.docs.get(&uri).filter(|d| d.kind == Kind::Record).map(|d| {
                    if d.text.len_bytes() as u64 > limit {
                        Err(review::ReadError::TooLarge(d.text.len_bytes() as u64))
                    } else {
                        Ok(d.text.to_text())
                    }
                })
            };
            let name = name_in(&folders, &path);
            let shown = name.clone();
            let measured = blocking(move || {
                let text = match open {
                    Some(text) => text?,
                    None => review::read_record(&path, limit)?,
                };
                Ok(stats::analyse(&shown, &text, &config, today).0)
            })
            .await;
            match measured {
                Ok(Ok(record)) => {
                    uris.insert(name, uri.as_str().to_owned());
                    figures.push(record);
                }
                Ok(Err(review::ReadError::TooLarge(_))) => too_large += 1,
                Ok(Err(review::ReadError::Unreadable)) | Err(_) => unreadable += 1,
            }
        }
        let caseload = Caseload::new(figures, today);
        // Only the files that are records (not a README beside them).
        let records: HashSet<&str> = caseload.records.iter().map(|r| r.path.as_str()).collect();
        uris.retain(|name, _| records.contains(name.as_str()));
        let mut answer = serde_json::to_value(&caseload).map_err(|_| internal_error())?;
        if let Value::Object(map) = &mut answer {
            map.insert("uris".to_owned(), json!(uris));
            map.insert(
                "skipped".to_owned(),
                json!({"too_large": too_large, "unreadable": unreadable}),
            );
        }
        Ok(answer)
    }
}
