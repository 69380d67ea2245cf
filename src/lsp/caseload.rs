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
//! read (its size is taken from its metadata first). A file read from disk
//! is measured again only when its modification time or size, its name,
//! its configuration or the day changed since the last request ([`Cache`]):
//! a caseload view that asks on every save re-reads only what was saved.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::time::SystemTime;

use chrono::NaiveDate;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::Uri;

use super::{blocking, internal_error, lock, review, Backend, Kind};
use crate::config::Config;
use crate::stats::{self, Caseload, RecordStats};

/// The figures of files read from disk, by path, with what they depend on.
#[derive(Default)]
pub(super) struct Cache {
    files: HashMap<PathBuf, Cached>,
}

struct Cached {
    modified: SystemTime,
    size: u64,
    name: String,
    config: Config,
    today: NaiveDate,
    stats: RecordStats,
}

impl Cache {
    fn get(
        &self,
        path: &Path,
        stamp: (SystemTime, u64),
        name: &str,
        config: &Config,
        today: NaiveDate,
    ) -> Option<RecordStats> {
        let cached = self.files.get(path)?;
        let same = (cached.modified, cached.size) == stamp
            && cached.name == name
            && cached.today == today
            && cached.config == *config;
        same.then(|| cached.stats.clone())
    }
}

/// A file's modification time and size, when its metadata can be read.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

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
        let listed = files.clone();
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
            let cache = self.caseload_cache.clone();
            let measured = blocking(move || {
                let text = match open {
                    Some(text) => text?,
                    None => {
                        // Stamped before reading: a save meanwhile is read next time.
                        let stamp = stamp(&path);
                        if let Some(stamp) = stamp {
                            let cached = lock(&cache).get(&path, stamp, &shown, &config, today);
                            if let Some(stats) = cached {
                                return Ok(stats);
                            }
                        }
                        let text = review::read_record(&path, limit)?;
                        let stats = stats::analyse(&shown, &text, &config, today).0;
                        if let Some((modified, size)) = stamp {
                            let cached = Cached {
                                modified,
                                size,
                                name: shown,
                                config,
                                today,
                                stats: stats.clone(),
                            };
                            lock(&cache).files.insert(path, cached);
                        }
                        return Ok(stats);
                    }
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
        // Files gone from the workspace leave the cache.
        let listed: HashSet<&PathBuf> = listed.iter().collect();
        lock(&self.caseload_cache).files.retain(|path, _| listed.contains(path));
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_file_is_measured_again_when_it_or_what_its_figures_depend_on_changes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let config = Config::default();
        let text =
            "---\nchild: Ella Smith\n---\n\n## 2026-11-20 — Case note\n\nRecorded: 2026-11-20\n";
        let stats = stats::analyse("a.md", text, &config, today).0;
        let modified = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let path = PathBuf::from("/cases/a.md");
        let mut cache = Cache::default();
        let cached = Cached {
            modified,
            size: 70,
            name: "a.md".into(),
            config: config.clone(),
            today,
            stats: stats.clone(),
        };
        cache.files.insert(path.clone(), cached);
        assert_eq!(cache.get(&path, (modified, 70), "a.md", &config, today), Some(stats));
        let later = modified + Duration::from_secs(1);
        assert_eq!(cache.get(&path, (later, 70), "a.md", &config, today), None);
        assert_eq!(cache.get(&path, (modified, 71), "a.md", &config, today), None);
        assert_eq!(cache.get(&path, (modified, 70), "b/a.md", &config, today), None);
        assert_eq!(
            cache.get(&path, (modified, 70), "a.md", &config, today.succ_opt().unwrap()),
            None
        );
        let mut stricter = config.clone();
        stricter.late_recording_working_days = 0;
        assert_eq!(cache.get(&path, (modified, 70), "a.md", &stricter, today), None);
        assert_eq!(
            cache.get(Path::new("/cases/b.md"), (modified, 70), "a.md", &config, today),
            None
        );
    }
}
