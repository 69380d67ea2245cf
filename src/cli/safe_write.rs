//! Writing output files without ever destroying a record: shared by
//! `report`, `genogram` and, later, `chronology` and `--fix`.
//!
//! Two halves:
//!
//! - [`check_output`] refuses an output path that is one of the command's
//!   inputs (canonical paths compared), a folder, or an existing file the
//!   command did not write itself (recognised by its marker), unless
//!   `--force`;
//! - [`write_atomically`] writes to a temporary file in the target's folder
//!   and renames it into place, so that a crash or a failed rename leaves
//!   the original whole; a replaced file keeps its permissions.
//!
//! Errors name the file and say what is wrong, never quoting its content.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::files::display_path;
use crate::config_files::describe_io;

/// What a command writes, and how to recognise a file it wrote before.
#[derive(Clone, Copy, Debug)]
pub struct OutputKind {
    /// The command, as typed: `report`, `genogram`.
    pub command: &'static str,
    /// What the file holds, for messages: `the report`, `the picture`.
    pub what: &'static str,
    /// Whether these leading bytes of an existing file (at most
    /// [`OutputKind::head`] of them) were written by the command.
    pub recognise: fn(&[u8]) -> bool,
    /// How many leading bytes `recognise` needs to see.
    pub head: u64,
}

/// The marker comment a command writes into HTML and SVG output, so that a
/// later run knows it may replace the file: `<!-- written by casenote report -->`.
pub fn marker(command: &str) -> String {
    format!("<!-- written by casenote {command} -->")
}

/// Whether `bytes` contain `marker`.
pub fn has_marker(bytes: &[u8], marker: &str) -> bool {
    bytes.windows(marker.len()).any(|window| window == marker.as_bytes())
}

/// Why an output path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The output is one of the files being read.
    IsInput,
    /// The output is an existing folder.
    IsFolder,
    /// An existing file the command did not write (and no `--force`).
    NotOurs,
}

impl Refusal {
    /// The one-line error, naming the file.
    pub fn describe(&self, path: &Path, kind: &OutputKind) -> String {
        let shown = display_path(path);
        let what = kind.what;
        match self {
            Refusal::IsInput => format!(
                "{shown}: is one of the records being read; not overwritten. Choose another file for {what}"
            ),
            Refusal::IsFolder => format!("{shown}: is a folder; choose a file for {what}"),
            Refusal::NotOurs => format!(
                "{shown}: already exists and was not written by `casenote {}`; not overwritten. \
                 Choose another file, or pass --force to replace it",
                kind.command
            ),
        }
    }
}

/// Whether `output` may be written: not one of `inputs`, not a folder, and
/// either absent or written by this command before (unless `force`).
/// Inputs are compared by canonical path, so `./a.md`, `a.md` and a link to
/// it are one file. A file that exists but cannot be read is refused as
/// not ours (without `--force`).
pub fn check_output(
    output: &Path,
    inputs: &[PathBuf],
    kind: &OutputKind,
    force: bool,
) -> Result<(), Refusal> {
    let Ok(meta) = fs::metadata(output) else {
        // Nothing there (or a dangling link): nothing to destroy.
        return Ok(());
    };
    if meta.is_dir() {
        return Err(Refusal::IsFolder);
    }
    if let Ok(canonical) = fs::canonicalize(output) {
        if inputs.iter().any(|input| fs::canonicalize(input).is_ok_and(|i| i == canonical)) {
            return Err(Refusal::IsInput);
        }
    }
    if force || read_head(output, kind.head).is_some_and(|head| (kind.recognise)(&head)) {
        Ok(())
    } else {
        Err(Refusal::NotOurs)
    }
}

/// At most `limit` leading bytes of the file at `path`.
fn read_head(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    fs::File::open(path).ok()?.take(limit).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Writes `contents` to `path` through a temporary file in the same folder,
/// renamed into place: a reader sees the old file or the new one, never
/// half of one. A replaced file keeps its permissions; a new one gets the
/// usual `0666` less the umask. A link is followed: its target is replaced.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, contents, |temporary, target| {
        temporary.persist(target).map(drop).map_err(|err| err.error)
    })
}

/// [`write_atomically`] with the final rename given, so that tests can make
/// it fail. On any error the temporary file is removed.
fn write_with(
    path: &Path,
    contents: &[u8],
    rename: impl FnOnce(NamedTempFile, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let existing = fs::metadata(path).ok();
    if existing.as_ref().is_some_and(fs::Metadata::is_dir) {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory"));
    }
    // Replace what a link points to, not the link.
    let target = match existing {
        Some(_) => fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        None => path.to_owned(),
    };
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".casenote-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would: the process's umask applies.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(&folder)?;
    temporary.write_all(contents)?;
    temporary.as_file().sync_all()?;
    if let Some(meta) = &existing {
        fs::set_permissions(temporary.path(), meta.permissions())?;
    }
    rename(temporary, &target)
}

/// Checks `output` and writes `contents` there; the error, ready for
/// stderr, names the file.
pub fn write_output(
    output: &Path,
    contents: &[u8],
    inputs: &[PathBuf],
    kind: &OutputKind,
    force: bool,
) -> Result<(), String> {
    check_output(output, inputs, kind, force).map_err(|refusal| refusal.describe(output, kind))?;
    write_atomically(output, contents).map_err(|err| {
        format!("{}: cannot write {}: {}", display_path(output), kind.what, describe_io(&err))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: OutputKind = OutputKind {
        command: "report",
        what: "the report",
        recognise: |head| has_marker(head, "<!-- written by casenote report -->"),
        head: 4096,
    };

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_leaves_the_original_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.html");
        fs::write(&path, "the original").unwrap();
        let failed = write_with(&path, b"the new contents", |_temporary, _target| {
            Err(io::Error::other("simulated rename failure"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "simulated rename failure");
        assert_eq!(fs::read_to_string(&path).unwrap(), "the original");
        assert_eq!(names_in(dir.path()), ["out.html"]);
    }

    #[test]
    fn the_rename_sees_the_whole_new_contents_in_the_same_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.html");
        write_with(&path, b"new", |temporary, target| {
            assert_eq!(temporary.path().parent(), target.parent());
            assert_eq!(fs::read(temporary.path()).unwrap(), b"new");
            assert!(!target.exists());
            temporary.persist(target).map(drop).map_err(|err| err.error)
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["out.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.svg");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.html");
        let link = dir.path().join("link.html");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn outputs_are_refused_for_inputs_folders_and_files_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("a.md");
        fs::write(&record, "# Record\n").unwrap();
        let inputs = [record.clone()];
        let same = dir.path().join(".").join("a.md");
        assert_eq!(check_output(&same, &inputs, &KIND, false), Err(Refusal::IsInput));
        // --force never overwrites an input.
        assert_eq!(check_output(&same, &inputs, &KIND, true), Err(Refusal::IsInput));
        assert_eq!(check_output(dir.path(), &inputs, &KIND, true), Err(Refusal::IsFolder));

        let other = dir.path().join("notes.html");
        fs::write(&other, "<p>someone's page</p>").unwrap();
        assert_eq!(check_output(&other, &inputs, &KIND, false), Err(Refusal::NotOurs));
        assert_eq!(check_output(&other, &inputs, &KIND, true), Ok(()));
        fs::write(&other, "<!DOCTYPE html>\n<!-- written by casenote report -->\n").unwrap();
        assert_eq!(check_output(&other, &inputs, &KIND, false), Ok(()));
        assert_eq!(check_output(&dir.path().join("new.html"), &inputs, &KIND, false), Ok(()));

        let message = Refusal::NotOurs.describe(Path::new("./notes.html"), &KIND);
        assert!(
            message
                .starts_with("notes.html: already exists and was not written by `casenote report`"),
            "{message}"
        );
        assert!(message.contains("--force"), "{message}");
    }
}
