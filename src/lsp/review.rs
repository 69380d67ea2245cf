//! Workspace review: every record (`*.md`) under the workspace folders,
//! honouring `.gitignore`, so that a supervisor sees a whole caseload's
//! findings in the editor's problems panel.

use std::ffi::OsStr;
use std::io::Read;
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

/// Why a record on disk was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Its size (in bytes, at least) is above the limit: it was not read.
    TooLarge(u64),
    /// It cannot be read, or is not UTF-8.
    Unreadable,
}

/// A record's text: UTF-8, without a byte-order mark. A file above `limit`
/// bytes is refused from its metadata, before it is opened; a file that
/// grows meanwhile is read no further than the limit. The error never
/// quotes the content.
pub fn read_record(path: &Path, limit: u64) -> Result<String, ReadError> {
    let size = std::fs::metadata(path).map_err(|_| ReadError::Unreadable)?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size));
    }
    let file = std::fs::File::open(path).map_err(|_| ReadError::Unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|_| ReadError::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|_| ReadError::Unreadable)?;
    Ok(crate::text::without_bom(text))
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

    #[test]
    fn a_file_above_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        // Sparse: 300 MB by its metadata, nothing on the disk.
        std::fs::File::create(&path).unwrap().set_len(300 << 20).unwrap();
        assert_eq!(read_record(&path, 1 << 20), Err(ReadError::TooLarge(300 << 20)));
        std::fs::write(&path, "\u{feff}# Notes\n").unwrap();
        assert_eq!(read_record(&path, 1 << 20).as_deref(), Ok("# Notes\n"));
        assert_eq!(read_record(&path, 4), Err(ReadError::TooLarge(11)));
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert_eq!(read_record(&path, 1 << 20), Err(ReadError::Unreadable));
        assert_eq!(read_record(&dir.path().join("none.md"), 1 << 20), Err(ReadError::Unreadable));
    }
}
