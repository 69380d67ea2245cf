//! Each document's `casenote.toml`: found by walking up from its folder,
//! read once and cached until a configuration file changes. A bad file is
//! reported (a diagnostic on the file and a message) and linting goes on
//! with the defaults (SPEC §5).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::Range as LspRange;

use super::text::{Encoding, Text};
use crate::config::{self, Config};
use crate::config_files;

/// What is wrong with a configuration file, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// One line, naming the line, column and key, never quoting the file.
    pub message: String,
    /// Where in the file (the start of the file for unreadable ones).
    pub range: LspRange,
    /// An unknown key: only it is ignored and the rest of the file applies
    /// (shown as a warning). Otherwise the defaults are used (an error).
    pub warning: bool,
}

/// A change in what should be shown about a configuration file.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The file is bad: publish this problem and tell the user.
    Bad(PathBuf, Problem),
    /// The file was bad and is now fine (or gone): clear its diagnostic.
    Fixed(PathBuf),
}

#[derive(Debug, Default)]
pub struct ConfigStore {
    /// Folder -> its nearest configuration file.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Configuration file -> its configuration (the defaults when bad).
    loaded: HashMap<PathBuf, Config>,
    /// Files whose problem is currently shown.
    shown: HashSet<PathBuf>,
    encoding: Encoding,
}

impl ConfigStore {
    pub fn new(encoding: Encoding) -> Self {
        ConfigStore { encoding, ..ConfigStore::default() }
    }

    /// The file configuration of a document in `folder` (the defaults when
    /// there is no file), and any change in what to show about the file.
    pub fn for_folder(&mut self, folder: Option<&Path>) -> (Config, Vec<Event>) {
        let Some(folder) = folder else { return (Config::default(), Vec::new()) };
        let file = match self.nearest.get(folder) {
            Some(cached) => cached.clone(),
            None => {
                let found = config_files::nearest_config(folder);
                self.nearest.insert(folder.to_owned(), found.clone());
                found
            }
        };
        let Some(file) = file else { return (Config::default(), Vec::new()) };
        if let Some(config) = self.loaded.get(&file) {
            return (config.clone(), Vec::new());
        }
        let (config, event) = self.load(&file);
        (config, event.into_iter().collect())
    }

    fn load(&mut self, file: &Path) -> (Config, Option<Event>) {
        let (config, problem) = match read(file, self.encoding) {
            Ok((config, warning)) => (config, warning),
            Err(problem) => (Config::default(), Some(problem)),
        };
        self.loaded.insert(file.to_owned(), config.clone());
        let event = match problem {
            Some(problem) => {
                self.shown.insert(file.to_owned());
                Some(Event::Bad(file.to_owned(), problem))
            }
            None if self.shown.remove(file) => Some(Event::Fixed(file.to_owned())),
            None => None,
        };
        (config, event)
    }

    /// Forgets every cached lookup and file (a configuration file was
    /// created, changed or deleted), and re-reads the files whose problem
    /// is shown, so that a fixed or deleted one is cleared.
    pub fn reload(&mut self) -> Vec<Event> {
        self.nearest.clear();
        self.loaded.clear();
        let shown: Vec<PathBuf> = self.shown.iter().cloned().collect();
        let mut events = Vec::new();
        for file in shown {
            if file.is_file() {
                events.extend(self.load(&file).1);
            } else {
                self.shown.remove(&file);
                events.push(Event::Fixed(file));
            }
        }
        events
    }
}

/// Validates configuration text (an open `casenote.toml`): the error that
/// makes the defaults apply, or one warning per unknown key.
pub fn check_text(text: &str, encoding: Encoding) -> Vec<Problem> {
    match parse(text, encoding) {
        Ok((_, warnings)) => warnings,
        Err(problem) => vec![problem],
    }
}

/// The configuration in `text` and a warning per unknown key, or the
/// problem (the first in the file) that makes the defaults apply.
fn parse(text: &str, encoding: Encoding) -> Result<(Config, Vec<Problem>), Problem> {
    match config::parse_keeping_the_rest(text) {
        Ok(parsed) => {
            let warnings = parsed.warnings.iter().map(|w| unknown(text, encoding, w)).collect();
            Ok((parsed.config, warnings))
        }
        Err(err) => {
            // Name the first problem in the file, unknown keys included.
            let first = config::parse(text).err().unwrap_or(err);
            Err(invalid(text, encoding, &first))
        }
    }
}

/// The configuration in `file`, with the first unknown key's warning.
fn read(file: &Path, encoding: Encoding) -> Result<(Config, Option<Problem>), Problem> {
    let start = LspRange::default();
    let text = config_files::read_config_text(file).map_err(|err| Problem {
        message: format!("{} (using default settings)", err.describe()),
        range: start,
        warning: false,
    })?;
    let (config, warnings) = parse(&text, encoding)?;
    Ok((config, warnings.into_iter().next()))
}

/// An unknown key: a warning, the rest of the file applies.
fn unknown(text: &str, encoding: Encoding, err: &config::ConfigError) -> Problem {
    let mut problem = invalid(text, encoding, err);
    problem.message = problem
        .message
        .replace(" (using default settings)", "; ignored, the rest of the file applies");
    problem.warning = true;
    problem
}

fn invalid(text: &str, encoding: Encoding, err: &config::ConfigError) -> Problem {
    let key = err.key.as_ref().map(|key| format!("key `{key}`: ")).unwrap_or_default();
    let message =
        format!("{}:{}: {key}{} (using default settings)", err.line, err.column, err.message);
    // From the 1-based character column to the end of the line.
    let text = Text::new(text, encoding);
    let line = text.line_span(err.line.saturating_sub(1));
    let column = text.to_text()[line.clone()]
        .char_indices()
        .nth(err.column.saturating_sub(1))
        .map_or(line.end - line.start, |(i, _)| i);
    let start = if line.start + column < line.end { line.start + column } else { line.start };
    Problem { message, range: text.range(&(start..line.end)), warning: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    #[test]
    fn a_bad_file_is_reported_once_and_cleared_when_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        let file = dir.path().join("casenote.toml");
        std::fs::write(&file, "[rules]\n\"é\" = 1\nlong-sentence = \"loud\"\n").unwrap();
        let mut store = ConfigStore::new(Encoding::Utf16);
        let (config, events) = store.for_folder(Some(&notes));
        assert_eq!(config, Config::default());
        let [Event::Bad(path, problem)] = events.as_slice() else { panic!("{events:?}") };
        assert_eq!(path, &file);
        assert!(
            problem.message.starts_with("2:1: key `rules.é`: unknown rule id"),
            "{}",
            problem.message
        );
        assert_eq!(problem.range, LspRange::new(Position::new(1, 0), Position::new(1, 7)));
        // Cached: not reported again.
        assert!(store.for_folder(Some(&notes)).1.is_empty());
        std::fs::write(&file, "[rules]\nlong-sentence = \"off\"\n").unwrap();
        assert_eq!(store.reload(), vec![Event::Fixed(file.clone())]);
        let (config, events) = store.for_folder(Some(&notes));
        assert!(events.is_empty());
        assert_eq!(config.rules.len(), 1);
        std::fs::write(&file, "[rules\n").unwrap();
        assert!(matches!(store.reload().as_slice(), []));
        assert!(matches!(store.for_folder(Some(&notes)).1.as_slice(), [Event::Bad(..)]));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(store.reload(), vec![Event::Fixed(file)]);
        assert_eq!(store.for_folder(Some(&notes)), (Config::default(), Vec::new()));
    }

    #[test]
    fn an_unknown_key_is_a_warning_and_the_rest_of_the_file_applies() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("casenote.toml");
        std::fs::write(&file, "[rules]\nlong-sentence = \"off\"\n[settings]\ntrainin = true\n")
            .unwrap();
        let mut store = ConfigStore::new(Encoding::Utf16);
        let (config, events) = store.for_folder(Some(dir.path()));
        assert_eq!(config.rules.get("long-sentence"), Some(&config::Level::Off));
        let [Event::Bad(path, problem)] = events.as_slice() else { panic!("{events:?}") };
        assert_eq!(path, &file);
        assert!(problem.warning);
        assert_eq!(
            problem.message,
            "4:1: key `settings.trainin`: unknown setting (did you mean `training`?); ignored, \
             the rest of the file applies"
        );
        let problems =
            check_text("[settings]\ntrainin = true\n[vocabulary]\nslang = []\n", Encoding::Utf16);
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.warning));
    }
}
