//! Workspace review: every record (`*.md`) under the workspace folders,
//! honouring `.gitignore`, so that a supervisor sees a whole caseload's
//! findings in the editor's problems panel.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The records under `folders`, sorted, without duplicates. Folders that
/// cannot be walked are skipped (the count of skipped entries is returned).
pub fn records_under(folders: &[PathBuf]) -> (Vec<PathBuf>, usize) {
    let mut records = Vec::new();
    let mut skipped = 0;
    for folder in folders {
        let walker = ignore::WalkBuilder::new(folder).require_git(false).follow_links(true).build();
        for entry in walker {
            match entry {
                Ok(entry)
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && is_record(entry.path()) =>
                {
                    records.push(entry.into_path());
                }
                Ok(_) => {}
                Err(_) => skipped += 1,
            }
        }
    }
    records.sort();
    records.dedup();
    (records, skipped)
}

/// Whether a path names a record file (`*.md`, `*.markdown`).
pub fn is_record(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

/// A record's text: UTF-8, without a byte-order mark. `None` when it cannot
/// be read (the review counts it; it never quotes the content).
pub fn read_record(path: &Path) -> Option<String> {
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markdown_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("notes/old")).unwrap();
        std::fs::write(root.join(".gitignore"), "old/\n").unwrap();
        std::fs::write(root.join("notes/a.md"), "").unwrap();
        std::fs::write(root.join("notes/b.MD"), "").unwrap();
        std::fs::write(root.join("notes/c.txt"), "").unwrap();
        std::fs::write(root.join("notes/old/d.md"), "").unwrap();
        let (found, skipped) = records_under(&[root.to_owned()]);
        assert_eq!(found, vec![root.join("notes/a.md"), root.join("notes/b.MD")]);
        assert_eq!(skipped, 0);
    }
}
