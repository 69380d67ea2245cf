//! Finding and reading `casenote.toml` / `.casenote.toml` on disk (SPEC §5).
//!
//! The file-system half of configuration, shared by the command line
//! (`src/cli/`) and the language server (`src/lsp/`); parsing the text is
//! [`crate::config::parse`], which stays pure. Nothing here reports to the
//! user: each adapter words problems its own way.

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError, Parsed};

/// The configuration file names looked for in each folder, in this order.
pub const CONFIG_NAMES: &[&str] = &["casenote.toml", ".casenote.toml"];

/// Whether `name` is the name of a configuration file.
pub fn is_config_name(name: &OsStr) -> bool {
    CONFIG_NAMES.iter().any(|candidate| OsStr::new(candidate) == name)
}

/// The configuration file directly in `dir`, if there is one.
pub fn config_in(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file())
}

/// The nearest configuration file walking up from `folder` (itself first).
/// Callers that look up many files cache by folder; this does not.
pub fn nearest_config(folder: &Path) -> Option<PathBuf> {
    folder.ancestors().find_map(config_in)
}

/// Why a configuration file could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(io::Error),
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file is larger than any configuration (`size` bytes at least):
    /// not read.
    TooLarge { size: u64 },
    /// The text is not a valid configuration.
    Invalid(ConfigError),
}

/// The largest configuration file read. A team's glossary runs to a few
/// kilobytes; anything near this is not a configuration, and reading it
/// whole would stall the server.
pub const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

impl LoadError {
    /// What is wrong, in words, for a file that could not be read (an
    /// invalid configuration is worded by each adapter with its position).
    pub fn describe(&self) -> String {
        match self {
            LoadError::Io(err) => describe_io(err),
            LoadError::NotUtf8 => "not valid UTF-8".to_owned(),
            LoadError::TooLarge { size } => format!(
                "too large for a configuration file ({}, above {}): not read",
                config::format_size(*size),
                config::format_size(MAX_CONFIG_SIZE)
            ),
            LoadError::Invalid(err) => err.message.clone(),
        }
    }
}

/// Reads a configuration file's text (without a byte-order mark); a file
/// above [`MAX_CONFIG_SIZE`] is not read.
pub fn read_config_text(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(LoadError::Io)?;
    let mut bytes = Vec::new();
    // Read at most one byte past the limit: the file may grow meanwhile.
    file.take(MAX_CONFIG_SIZE + 1).read_to_end(&mut bytes).map_err(LoadError::Io)?;
    if bytes.len() as u64 > MAX_CONFIG_SIZE {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(LoadError::TooLarge { size });
    }
    let text = String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8)?;
    Ok(crate::text::without_bom(text))
}

/// Reads and parses a configuration file.
pub fn load_config(path: &Path) -> Result<Config, LoadError> {
    let text = read_config_text(path)?;
    config::parse(&text).map_err(LoadError::Invalid)
}

/// Reads and parses a configuration file, keeping every setting it can: an
/// unknown key is a warning in [`Parsed::warnings`] and the rest applies.
pub fn load_config_keeping_the_rest(path: &Path) -> Result<Parsed, LoadError> {
    let text = read_config_text(path)?;
    config::parse_keeping_the_rest(&text).map_err(LoadError::Invalid)
}

/// An I/O error in words, without the OS error number.
pub fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(end) => text[..end].to_owned(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_file_wins_and_casenote_toml_before_the_dotted_one() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        assert_eq!(nearest_config(&inner), None);
        std::fs::write(dir.path().join(".casenote.toml"), "").unwrap();
        assert_eq!(nearest_config(&inner), Some(dir.path().join(".casenote.toml")));
        std::fs::write(dir.path().join("a/casenote.toml"), "").unwrap();
        assert_eq!(nearest_config(&inner), Some(dir.path().join("a/casenote.toml")));
        std::fs::write(dir.path().join("a/.casenote.toml"), "").unwrap();
        assert_eq!(config_in(&dir.path().join("a")), Some(dir.path().join("a/casenote.toml")));
        assert!(is_config_name(OsStr::new(".casenote.toml")));
        assert!(!is_config_name(OsStr::new("casenote.md")));
    }

    #[test]
    fn load_errors_say_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("casenote.toml");
        assert!(matches!(load_config(&path), Err(LoadError::Io(_))));
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert!(matches!(load_config(&path), Err(LoadError::NotUtf8)));
        std::fs::write(&path, "[rules]\nlong-sentence = \"loud\"\n").unwrap();
        match load_config(&path) {
            Err(LoadError::Invalid(err)) => assert_eq!(err.line, 2),
            other => panic!("expected an invalid configuration, got {other:?}"),
        }
        std::fs::write(&path, "\u{feff}[rules]\nlong-sentence = \"off\"\n").unwrap();
        assert!(load_config(&path).is_ok());
        let huge = format!("# {}\n", "x".repeat(MAX_CONFIG_SIZE as usize));
        std::fs::write(&path, huge).unwrap();
        let err = load_config(&path).unwrap_err();
        assert_eq!(
            err.describe(),
            "too large for a configuration file (1.0 MiB, above 1 MiB): not read"
        );
    }
}
