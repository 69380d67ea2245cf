//! Finding records on disk, reading them, and finding each one's
//! configuration. All of `check`'s file-system I/O lives here.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::{format_size, Config};
use crate::config_files::describe_io;
use crate::config_files::{self, LoadError};
use crate::logging;

use super::Stderr;

/// A record to check: where to open it and how to name it in output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordPath {
    pub path: PathBuf,
    /// The path as given on the command line joined with the file's path
    /// below it, without a leading `./`.
    pub display: String,
    /// Named on the command line (not found in a folder): `[files]`
    /// include/exclude and `--exclude` do not leave it out.
    pub named: bool,
}

/// Every record under `roots`, sorted by display path, without duplicates.
/// Folders are searched for `*.md`, honouring `.gitignore` (in or out of a
/// git repository); a file named explicitly is checked whatever its
/// extension. Paths that cannot be walked are reported to `stderr`.
pub fn collect_records(roots: &[PathBuf], stderr: &mut Stderr) -> Vec<RecordPath> {
    let mut records = Vec::new();
    for root in roots {
        match std::fs::metadata(root) {
            Err(err) => stderr.error(format_args!("{}: {}", display_path(root), describe_io(&err))),
            Ok(meta) if meta.is_dir() => walk_folder(root, &mut records, stderr),
            Ok(_) => records.push(RecordPath {
                path: root.clone(),
                display: display_path(root),
                named: true,
            }),
        }
    }
    // The same file reached twice (`check notes notes/a.md`, or through a
    // symbolic link) is checked once, under the first name seen.
    let mut seen = HashSet::new();
    records.retain(|record| {
        seen.insert(std::fs::canonicalize(&record.path).unwrap_or_else(|_| record.path.clone()))
    });
    records.sort_by(|a, b| a.display.cmp(&b.display));
    records
}

fn walk_folder(root: &Path, records: &mut Vec<RecordPath>, stderr: &mut Stderr) {
    // Following links lets a linked folder of notes be checked; the walker
    // then detects directory loops and reports them as errors.
    let walker = ignore::WalkBuilder::new(root).require_git(false).follow_links(true).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_markdown(entry.path()) {
                    records.push(RecordPath {
                        path: entry.path().to_owned(),
                        display: display_path(entry.path()),
                        named: false,
                    });
                }
            }
            Err(err) => report_walk_error(&err, root, stderr),
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(OsStr::to_str).is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

fn report_walk_error(err: &ignore::Error, root: &Path, stderr: &mut Stderr) {
    // The walker nests errors as WithPath/WithDepth/WithLineNumber; find the
    // innermost path and cause.
    let mut path = None;
    let mut line = None;
    let mut cause = err;
    loop {
        match cause {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.as_path());
                cause = err;
            }
            ignore::Error::WithDepth { err, .. } => cause = err,
            ignore::Error::WithLineNumber { line: l, err } => {
                line = Some(*l);
                cause = err;
            }
            _ => break,
        }
    }
    match cause {
        ignore::Error::Loop { child, ancestor } => stderr.error(format_args!(
            "{}: directory loop (links back to {})",
            display_path(child),
            display_path(ancestor)
        )),
        ignore::Error::Io(io_err) => {
            let shown = path.map_or_else(|| display_path(root), display_path);
            stderr.error(format_args!("{shown}: {}", describe_io(io_err)));
        }
        // A bad pattern in an ignore file: the walk goes on, so this only warns.
        other => {
            let shown = path.map_or_else(|| display_path(root), display_path);
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            stderr.warning(format_args!("{shown}{at}: {other}"));
        }
    }
}

/// How a path is printed: as given, minus a leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").ok().filter(|p| !p.as_os_str().is_empty()).unwrap_or(path);
    shown.to_string_lossy().into_owned()
}

/// Reads a record as UTF-8 text, as `crate::text` models it: without a
/// byte-order mark, a lone CR read as LF. The error says why in words,
/// never quoting the file's content.
///
/// With a `limit`, a file whose size (from its metadata) is above it is
/// refused before a byte is read, and reading stops after `limit + 1` bytes
/// whatever the metadata said (a file growing meanwhile, a device, a pipe).
pub fn read_record(path: &Path, limit: Option<u64>) -> Result<String, String> {
    let size = std::fs::metadata(path).map_err(|err| describe_io(&err))?.len();
    if let Some(limit) = limit.filter(|limit| size > *limit) {
        return Err(too_large(&bytes_and_size(size), limit));
    }
    let file = std::fs::File::open(path).map_err(|err| describe_io(&err))?;
    // Trust the metadata only so far for the first allocation.
    let capacity = size.min(limit.unwrap_or(u64::MAX)).min(1 << 28) + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = match limit {
        Some(limit) => file.take(limit.saturating_add(1)).read_to_end(&mut bytes),
        None => { file }.read_to_end(&mut bytes),
    };
    read.map_err(|err| describe_io(&err))?;
    if let Some(limit) = limit.filter(|limit| bytes.len() as u64 > *limit) {
        return Err(too_large(&format!("more than {limit} bytes"), limit));
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&err.as_bytes()[..valid]).unwrap_or_default();
        let line = crate::text::line_starts(before).len();
        format!("not valid UTF-8 (invalid byte at line {line})")
    })?;
    // The text model every reader shares: no byte-order mark, and a lone
    // CR read as a line break (the same offsets as the file's text).
    let text = crate::text::without_bom(text);
    Ok(match crate::text::lf_line_breaks(&text) {
        std::borrow::Cow::Owned(lf) => lf,
        std::borrow::Cow::Borrowed(_) => text,
    })
}

/// The one-line reason a record is refused for its size: names the size,
/// the limit, and both ways to raise it.
fn too_large(size: &str, limit: u64) -> String {
    format!(
        "too large to check: {size}, above the limit of {}; not read. Raise the limit \
         with --max-file-size SIZE (e.g. --max-file-size 64MiB) or \
         `max-file-size = \"64MiB\"` under [settings] in casenote.toml",
        bytes_and_size(limit)
    )
}

/// `104857600 bytes (100 MiB)`; `10 bytes`.
fn bytes_and_size(bytes: u64) -> String {
    if bytes < 1024 {
        format_size(bytes)
    } else {
        format!("{bytes} bytes ({})", format_size(bytes))
    }
}

/// Finds and parses each record's configuration: the nearest
/// `casenote.toml` / `.casenote.toml` walking up from the record's folder,
/// or the `--config` file for every record. Lookups and parses are cached,
/// so each bad configuration is reported once.
pub struct ConfigFinder {
    /// The `--config` file's configuration, used for every record, and its folder.
    explicit: Option<(Config, PathBuf)>,
    /// Folder (absolute) -> its nearest configuration file, if any.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file -> its configuration (the default if it was bad).
    parsed: HashMap<PathBuf, Config>,
    cwd: Option<PathBuf>,
    /// Configurations answered from the cache (for the log).
    pub cache_hits: usize,
}

impl ConfigFinder {
    /// `None`, after saying why on `stderr`, when the `--config` file
    /// cannot be read or is not a valid configuration: nothing should be
    /// checked with settings the user did not ask for.
    pub fn new(explicit: Option<&Path>, stderr: &mut Stderr) -> Option<Self> {
        let explicit = match explicit {
            None => None,
            Some(path) => {
                let config = load_explicit_config(path, stderr)?;
                let folder = std::path::absolute(path)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_owned))
                    .unwrap_or_default();
                Some((config, folder))
            }
        };
        Some(ConfigFinder {
            explicit,
            nearest: HashMap::new(),
            parsed: HashMap::new(),
            cwd: std::env::current_dir().ok(),
            cache_hits: 0,
        })
    }

    /// The configuration that applies to the record at `path`, and the
    /// folder of the file it came from (`None` for the defaults): the
    /// folder `[files]` globs are relative to.
    pub fn config_and_folder(
        &mut self,
        path: &Path,
        stderr: &mut Stderr,
    ) -> (Config, Option<PathBuf>) {
        if let Some((config, folder)) = &self.explicit {
            logging::trace(format_args!("{}: configuration from --config", display_path(path)));
            return (config.clone(), Some(folder.clone()));
        }
        let folder = std::path::absolute(path).ok().and_then(|p| p.parent().map(Path::to_owned));
        let Some(config_path) = folder.and_then(|folder| self.nearest_config(&folder)) else {
            logging::trace(format_args!(
                "{}: no casenote.toml found; default settings",
                display_path(path)
            ));
            return (Config::default(), None);
        };
        let config_folder = config_path.parent().map(Path::to_owned);
        if let Some(config) = self.parsed.get(&config_path) {
            self.cache_hits += 1;
            if logging::enabled(logging::Level::Trace) {
                let shown = self.display_config_path(&config_path);
                logging::trace(format_args!(
                    "{}: configuration {shown} (cached)",
                    display_path(path)
                ));
            }
            return (config.clone(), config_folder);
        }
        let shown = self.display_config_path(&config_path);
        logging::debug(format_args!(
            "{}: configuration {shown} (read and parsed)",
            display_path(path)
        ));
        let config = load_config(&config_path, &shown, stderr);
        self.parsed.insert(config_path, config.clone());
        (config, config_folder)
    }

    /// How many configuration files were read.
    pub fn files_parsed(&self) -> usize {
        self.parsed.len()
    }

    fn nearest_config(&mut self, folder: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for dir in folder.ancestors() {
            if let Some(cached) = self.nearest.get(dir) {
                found = cached.clone();
                break;
            }
            visited.push(dir.to_owned());
            if let Some(file) = config_files::config_in(dir) {
                found = Some(file);
                break;
            }
        }
        for dir in visited {
            self.nearest.insert(dir, found.clone());
        }
        found
    }

    /// Relative to the working folder when below it, else absolute.
    fn display_config_path(&self, path: &Path) -> String {
        let relative = self.cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok());
        display_path(relative.unwrap_or(path))
    }
}

/// Reads and parses the `--config` file: unlike a file found by walking
/// up, any problem but an unknown key is an error that stops the command.
fn load_explicit_config(path: &Path, stderr: &mut Stderr) -> Option<Config> {
    let shown = display_path(path);
    match config_files::load_config_keeping_the_rest(path) {
        Ok(_) => Some(load_config(path, &shown, stderr)),
        Err(LoadError::Invalid(err)) => {
            let key = err.key.as_ref().map(|key| format!("key `{key}`: ")).unwrap_or_default();
            stderr.error(format_args!("{shown}:{}:{}: {key}{}", err.line, err.column, err.message));
            None
        }
        Err(err) => {
            stderr.error(format_args!("--config {shown}: {}", err.describe()));
            None
        }
    }
}

/// `[files]` of each configuration and `--exclude`, matched as
/// `.gitignore` lines are (the `ignore` crate's overrides): which records
/// found in folders are checked, and which rules are off for a file.
#[derive(Default)]
pub struct FileFilter {
    /// `--exclude`, relative to the working folder.
    command_line: Option<ignore::overrides::Override>,
    /// Per configuration folder: its include/exclude globs.
    selections: HashMap<PathBuf, ignore::overrides::Override>,
    /// Per configuration folder: each per-file-ignores glob and its rules.
    ignores: HashMap<PathBuf, Vec<(ignore::overrides::Override, Vec<String>)>>,
}

impl FileFilter {
    /// With the `--exclude` globs; the error names the bad glob.
    pub fn new(exclude: &[String]) -> Result<Self, String> {
        let cwd = std::env::current_dir().map_err(|err| describe_io(&err))?;
        let globs: Vec<String> = exclude.iter().map(|glob| format!("!{glob}")).collect();
        let command_line = if exclude.is_empty() {
            None
        } else {
            Some(overrides(&cwd, &globs).map_err(|err| format!("--exclude: {err}"))?)
        };
        Ok(FileFilter { command_line, ..FileFilter::default() })
    }

    /// Whether a record found in a folder is left out by `--exclude` or by
    /// its configuration's `[files]` (whose folder is `folder`). A bad glob
    /// is reported once and ignored.
    pub fn leaves_out(
        &mut self,
        record: &RecordPath,
        config: &Config,
        folder: Option<&Path>,
        stderr: &mut Stderr,
    ) -> bool {
        if record.named {
            return false;
        }
        let Ok(path) = std::path::absolute(&record.path) else { return false };
        if self.command_line.as_ref().is_some_and(|o| excludes(o, &path)) {
            return true;
        }
        let Some(folder) = folder else { return false };
        let files = &config.files;
        if files.include.is_empty() && files.exclude.is_empty() {
            return false;
        }
        let selection = self.selections.entry(folder.to_owned()).or_insert_with(|| {
            let globs: Vec<String> = files
                .include
                .iter()
                .cloned()
                .chain(files.exclude.iter().map(|glob| format!("!{glob}")))
                .collect();
            overrides(folder, &globs).unwrap_or_else(|err| {
                stderr.error(format_args!(
                    "{}: [files]: {err}; include and exclude ignored",
                    display_path(folder)
                ));
                ignore::overrides::Override::empty()
            })
        });
        excludes(selection, &path)
    }

    /// Turns off the rules `[files.per-file-ignores]` names for this record.
    pub fn apply_ignores(
        &mut self,
        path: &Path,
        config: &mut Config,
        folder: Option<&Path>,
        stderr: &mut Stderr,
    ) {
        let Some(folder) = folder else { return };
        if config.files.per_file_ignores.is_empty() {
            return;
        }
        let Ok(path) = std::path::absolute(path) else { return };
        let ignores = self.ignores.entry(folder.to_owned()).or_insert_with(|| {
            let mut built = Vec::new();
            for (glob, rules) in &config.files.per_file_ignores {
                match overrides(folder, std::slice::from_ref(glob)) {
                    Ok(matcher) => built.push((matcher, rules.clone())),
                    Err(err) => stderr.error(format_args!(
                        "{}: [files.per-file-ignores]: {err}; ignored",
                        display_path(folder)
                    )),
                }
            }
            built
        });
        for (matcher, rules) in ignores.iter() {
            if matcher.matched(&path, false).is_whitelist() {
                for rule in rules {
                    config.rules.insert(rule.clone(), crate::config::Level::Off);
                }
            }
        }
    }
}

/// Whether `overrides` leave out the file at `path` (absolute): a folder
/// on its way matches an exclude glob (`old/`, `archive/**`), or the file
/// matches one, or there are include globs and it matches none.
fn excludes(overrides: &ignore::overrides::Override, path: &Path) -> bool {
    let root = overrides_root(overrides);
    let folders: Vec<&Path> = path.ancestors().skip(1).collect();
    let excluded_folder = folders
        .into_iter()
        .rev()
        .filter(|folder| folder.starts_with(root))
        .any(|folder| overrides.matched(folder, true).is_ignore());
    if excluded_folder {
        return true;
    }
    overrides.matched(path, false).is_ignore()
}

fn overrides_root(overrides: &ignore::overrides::Override) -> &Path {
    // An empty set has no root worth comparing; every folder is "in" it.
    if overrides.is_empty() {
        Path::new("/")
    } else {
        overrides.path()
    }
}

/// Gitignore-style globs relative to `root` (`!` excludes).
fn overrides(root: &Path, globs: &[String]) -> Result<ignore::overrides::Override, String> {
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    for glob in globs {
        builder.add(glob).map_err(|err| err.to_string())?;
    }
    builder.build().map_err(|err| err.to_string())
}

/// Reads and parses a configuration file. An unknown key is a warning
/// naming the file, line and key, and every other setting applies; any
/// other problem is reported on one line and the defaults are used, so that
/// linting goes on (SPEC §5).
fn load_config(path: &Path, shown: &str, stderr: &mut Stderr) -> Config {
    match config_files::load_config_keeping_the_rest(path) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                let key = warning.key.as_deref().unwrap_or_default();
                stderr.warning(format_args!(
                    "{shown}:{}:{}: key `{key}`: {}; ignored, the rest of the file applies",
                    warning.line, warning.column, warning.message
                ));
            }
            parsed.config
        }
        Err(LoadError::Invalid(err)) => {
            let key = err.key.as_ref().map(|key| format!("key `{key}`: ")).unwrap_or_default();
            stderr.error(format_args!(
                "{shown}:{}:{}: {key}{} (using default settings)",
                err.line, err.column, err.message
            ));
            Config::default()
        }
        Err(err) => {
            stderr.error(format_args!("{shown}: {} (using default settings)", err.describe()));
            Config::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_only_a_leading_dot_folder() {
        assert_eq!(display_path(Path::new("./notes/a.md")), "notes/a.md");
        assert_eq!(display_path(Path::new("notes/a.md")), "notes/a.md");
        assert_eq!(display_path(Path::new("../notes/a.md")), "../notes/a.md");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new(".hidden/a.md")), ".hidden/a.md");
    }

    #[test]
    fn invalid_utf8_names_the_line_not_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, b"one\ntwo\nthr\xffee\n").unwrap();
        assert_eq!(
            read_record(&path, None),
            Err("not valid UTF-8 (invalid byte at line 3)".to_owned())
        );
        std::fs::write(&path, "\u{feff}# Record\n").unwrap();
        assert_eq!(read_record(&path, None).unwrap(), "# Record\n");
        assert_eq!(
            read_record(&dir.path().join("missing.md"), None),
            Err("no such file or directory".to_owned())
        );
    }

    #[test]
    fn a_file_above_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_record(&path, Some(10)).unwrap(), "0123456789");
        let err = read_record(&path, Some(9)).unwrap_err();
        assert!(
            err.starts_with("too large to check: 10 bytes, above the limit of 9 bytes; not read."),
            "{err}"
        );
        assert!(err.contains("--max-file-size") && err.contains("max-file-size = "), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn reading_stops_at_the_limit_whatever_the_metadata_says() {
        // A device reports size 0 and never ends.
        let err = read_record(Path::new("/dev/zero"), Some(1024)).unwrap_err();
        assert!(
            err.starts_with("too large to check: more than 1024 bytes, above the limit"),
            "{err}"
        );
    }
}
