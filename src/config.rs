//! Configuration (SPEC §5): parsed from `casenote.toml` text. Pure: finding the
//! file on disk is the CLI's and the server's job.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use chrono::NaiveDate;

use crate::diagnostic::Severity;
use crate::parse::dates::{find_dates, BankHolidays, Holidays};
use crate::text::LineIndex;

/// A rule's configured level: off, or a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Everything the analysis core reads from a configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Per-rule overrides of the default severity, by rule id.
    pub rules: BTreeMap<String, Level>,
    /// `late-recording` fires when recording is more than this many working days late.
    pub late_recording_working_days: u32,
    /// `long-sentence` fires above this many words.
    pub long_sentence_words: usize,
    /// Acronyms allowed unexplained, beyond the built-in ones.
    pub acronyms: Vec<String>,
    /// Longer, teaching messages.
    pub training: bool,
    /// Extra cue words per vocabulary category (`opinion`, `hypothesis`, `vague`).
    pub vocabulary: BTreeMap<String, Vec<String>>,
    /// Records larger than this many bytes are refused unread
    /// (`max-file-size`); the analysis core itself does not read it.
    pub max_file_size: u64,
    /// The report's red / amber / green thresholds (`[report]`).
    pub report: ReportThresholds,
    /// Days besides weekends that are not working days: the bank holidays
    /// of `bank-holidays` (default England and Wales) and `extra-holidays`.
    pub holidays: Holidays,
    /// Which records the command line finds in folders, and rules turned
    /// off for some files (`[files]`); the analysis core does not read it.
    pub files: FileSelection,
}

/// `[files]`: globs relative to the configuration file's folder, matched
/// by the command line (`src/cli/files.rs`) as `.gitignore` lines are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSelection {
    /// Only files matching one of these are found in folders (none: every `*.md`).
    pub include: Vec<String>,
    /// Files matching one of these are not found in folders.
    pub exclude: Vec<String>,
    /// `[files.per-file-ignores]`: files matching the glob are checked
    /// without these rules, in the file's order.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
}

/// When the supervisor report calls something red or amber (`[report]` in
/// `casenote.toml`). Anything that needs attention and is under the red
/// threshold is amber; a record with nothing to act on is green.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportThresholds {
    /// A child seen this many days or more after the planned frequency
    /// ran out is red (`overdue-red-days`).
    pub overdue_red_days: u32,
    /// With no planned frequency, a child not seen for more than this many
    /// days is amber (`unseen-amber-days`).
    pub unseen_amber_days: u32,
    /// An unendorsed decision this many days old or older is red
    /// (`unendorsed-red-days`).
    pub unendorsed_red_days: u32,
    /// A record with this many contacts or more that lack the child's
    /// wishes and feelings is red (`missing-views-red`).
    pub missing_views_red: u32,
    /// An entry recorded this many working days or more after the contact
    /// is red (`late-recording-red-working-days`); later than
    /// `late-recording-working-days` is amber.
    pub late_recording_red_working_days: u32,
}

impl Default for ReportThresholds {
    fn default() -> Self {
        ReportThresholds {
            overdue_red_days: 14,
            unseen_amber_days: 90,
            unendorsed_red_days: 28,
            missing_views_red: 3,
            late_recording_red_working_days: 10,
        }
    }
}

/// Where a threshold of `[report]` is kept.
type ThresholdSlot = fn(&mut ReportThresholds) -> &mut u32;

/// The keys of `[report]`, each with where it is kept.
const REPORT_KEYS: &[(&str, ThresholdSlot)] = &[
    ("overdue-red-days", |t| &mut t.overdue_red_days),
    ("unseen-amber-days", |t| &mut t.unseen_amber_days),
    ("unendorsed-red-days", |t| &mut t.unendorsed_red_days),
    ("missing-views-red", |t| &mut t.missing_views_red),
    ("late-recording-red-working-days", |t| &mut t.late_recording_red_working_days),
];

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: BTreeMap::new(),
            late_recording_working_days: 2,
            long_sentence_words: 35,
            acronyms: Vec::new(),
            training: false,
            vocabulary: BTreeMap::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            report: ReportThresholds::default(),
            files: FileSelection::default(),
            holidays: Holidays::default(),
        }
    }
}

/// The largest record read by default: 32 MiB. Far above any real case
/// record (a long one is a few hundred kilobytes), low enough that a stray
/// disk image or log file named `*.md` is refused instead of read into
/// memory. Raised with `--max-file-size` or `max-file-size` under
/// `[settings]`; the language server can use it for documents too.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// How a size is written: `12345` (bytes), `10MB` (decimal), `64MiB` or
/// `64M` (binary), optionally with a fraction (`1.5GB`) and spaces (`10 kB`).
pub const SIZE_SYNTAX: &str =
    "a number of bytes, optionally with a unit: B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB, K, M, G (powers of 1024)";

/// Parses a size such as `33554432`, `10MB`, `64MiB`, `64M` or `1.5 GiB`
/// into bytes. Units are case-insensitive; `K`, `M`, `G` and `T` alone are
/// binary, as in GNU tools. The size must be at least one byte.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let number_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(number_end);
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000_u64.pow(2),
        "gb" => 1000_u64.pow(3),
        "tb" => 1000_u64.pow(4),
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        _ => return Err(format!("`{text}` is not a size: use {SIZE_SYNTAX}")),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits_ok(whole) || !digits_ok(fraction) {
        return Err(format!("`{text}` is not a size: use {SIZE_SYNTAX}"));
    }
    let too_large = || format!("`{text}` is too large a size");
    let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
    let mut bytes = whole.checked_mul(u128::from(multiplier)).ok_or_else(too_large)?;
    // The fraction, to whole bytes (rounded down); at most 18 digits count.
    let fraction = &fraction[..fraction.len().min(18)];
    if !fraction.is_empty() {
        let scale = 10_u128.pow(fraction.len() as u32);
        let digits: u128 = fraction.parse().map_err(|_| too_large())?;
        bytes = bytes.checked_add(digits * u128::from(multiplier) / scale).ok_or_else(too_large)?;
    }
    let bytes = u64::try_from(bytes).map_err(|_| too_large())?;
    if bytes == 0 {
        return Err(format!("`{text}` is not a usable size: it must be at least one byte"));
    }
    Ok(bytes)
}

/// A size for people: `32 MiB`, `95.4 MiB`, `2 KiB`, `512 bytes`.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] =
        [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            return if bytes % size == 0 {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{:.1} {unit}", bytes as f64 / size as f64)
            };
        }
    }
    if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

impl Config {
    /// The level of `rule`: its override, else its default severity.
    pub fn level(&self, rule: &str, default: Severity) -> Level {
        self.rules.get(rule).copied().unwrap_or(Level::On(default))
    }
}

/// Why a configuration could not be used, and where (1-based line, 1-based
/// character column, and the dotted key path when one is to blame).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "line {}, key `{}`: {}", self.line, key, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Parses `casenote.toml` text (SPEC §5), strictly: an unknown key is an
/// error too. Rule ids are checked against the rule registry. On error the
/// caller is expected to go on with [`Config::default`], as the SPEC asks.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let rule_ids: Vec<&str> = crate::rules::metas().map(|meta| meta.id).collect();
    parse_strictly(text, &rule_ids)
}

/// [`parse`] against an explicit list of rule ids: the problem nearest the
/// top of the file, unknown keys included, is the error.
fn parse_strictly(text: &str, rule_ids: &[&str]) -> Result<Config, ConfigError> {
    let (config, mut problems, warnings) = read(text, rule_ids)?;
    problems.extend(warnings);
    match problems.into_iter().min_by_key(|(offset, _)| *offset) {
        Some((_, error)) => Err(error),
        None => Ok(config),
    }
}

/// A configuration read with [`parse_keeping_the_rest`], and the keys it
/// left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub config: Config,
    /// One per unknown key (table, setting, vocabulary category or rule
    /// id), in the file's order, each with a "did you mean" where one is
    /// close. The key is ignored; every other setting applies.
    pub warnings: Vec<ConfigError>,
}

/// Parses `casenote.toml` text (SPEC §5), keeping everything it can: an
/// unknown key (a typo, or a setting from a newer version) is a warning and
/// the rest of the file still applies. A value of the wrong type or out of
/// range, or invalid TOML, is still an error: the caller goes on with
/// [`Config::default`].
pub fn parse_keeping_the_rest(text: &str) -> Result<Parsed, ConfigError> {
    let rule_ids: Vec<&str> = crate::rules::metas().map(|meta| meta.id).collect();
    parse_with_rules(text, &rule_ids)
}

/// The closest of `candidates` to a misspelt `word`, if any is close enough
/// to be worth suggesting. Shared with the CLI (`explain`, `--select`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // A third of the word's length catches typos and dropped letters without
    // proposing unrelated ids for short words.
    let budget = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= budget)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The registered rule id closest to a misspelt `id`.
pub fn suggest_rule(id: &str) -> Option<&'static str> {
    did_you_mean(id, crate::rules::metas().map(|meta| meta.id))
}

const TABLES: &[&str] = &["rules", "settings", "vocabulary", "report", "files"];
const FILES_KEYS: &[&str] = &["include", "exclude", "per-file-ignores"];
const SETTINGS: &[&str] = &[
    "late-recording-working-days",
    "long-sentence-words",
    "acronyms",
    "training",
    "max-file-size",
    "bank-holidays",
    "extra-holidays",
];
const CATEGORIES: &[&str] = &["opinion", "hypothesis", "vague"];
const LEVELS: &[&str] = &["off", "hint", "info", "warning", "error"];

/// [`parse_keeping_the_rest`] against an explicit list of rule ids, so that
/// the parsing can be tested without depending on which rules are registered.
fn parse_with_rules(text: &str, rule_ids: &[&str]) -> Result<Parsed, ConfigError> {
    let (config, errors, mut warnings) = read(text, rule_ids)?;
    // Report the problem nearest the top of the file: the map iterates keys
    // alphabetically, not in source order.
    match errors.into_iter().min_by_key(|(offset, _)| *offset) {
        Some((_, error)) => Err(error),
        None => {
            warnings.sort_by_key(|(offset, _)| *offset);
            let warnings = warnings.into_iter().map(|(_, warning)| warning).collect();
            Ok(Parsed { config, warnings })
        }
    }
}

/// Errors and warnings with the byte offsets they point at.
type Problems = Vec<(usize, ConfigError)>;

/// The configuration read from `text`, with the errors (bad values) and
/// warnings (unknown keys) met; `Err` for invalid TOML.
fn read(text: &str, rule_ids: &[&str]) -> Result<(Config, Problems, Problems), ConfigError> {
    let mut reader = Reader {
        index: LineIndex::new(text),
        text,
        errors: Vec::new(),
        warnings: Vec::new(),
        rule_ids,
    };
    let document = DeTable::parse(text).map_err(|error| reader.syntax_error(&error))?;
    let mut config = Config::default();
    for (key, value) in document.get_ref() {
        let name = key.get_ref().as_ref();
        match name {
            "rules" => reader.rules(value, &mut config),
            "settings" => reader.settings(value, &mut config),
            "vocabulary" => reader.vocabulary(value, &mut config),
            "report" => reader.report(value, &mut config),
            "files" => reader.files(value, &mut config),
            _ => reader.unknown(key, name, "table", TABLES),
        }
    }
    Ok((config, reader.errors, reader.warnings))
}

/// Walks the parsed TOML, collecting errors with the byte offset they point at.
struct Reader<'t> {
    text: &'t str,
    index: LineIndex,
    errors: Vec<(usize, ConfigError)>,
    /// Unknown keys: left out, the rest applies.
    warnings: Vec<(usize, ConfigError)>,
    rule_ids: &'t [&'t str],
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, key: Option<String>, message: String) {
        let error = self.problem(span.start, key, message);
        self.errors.push((span.start, error));
    }

    fn warning(&mut self, span: Range<usize>, key: Option<String>, message: String) {
        let warning = self.problem(span.start, key, message);
        self.warnings.push((span.start, warning));
    }

    fn problem(&self, offset: usize, key: Option<String>, message: String) -> ConfigError {
        let position = self.index.line_col(self.text, offset);
        ConfigError { line: position.line, column: position.column, key, message }
    }

    fn syntax_error(&self, error: &toml::de::Error) -> ConfigError {
        let offset = error.span().map_or(0, |span| span.start);
        let position = self.index.line_col(self.text, offset);
        // toml's messages may span lines; ours are one line.
        let message =
            error.message().lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>();
        ConfigError {
            line: position.line,
            column: position.column,
            key: None,
            message: format!("invalid TOML: {}", message.join("; ")),
        }
    }

    fn unknown(&mut self, key: &Spanned<DeString<'_>>, path: &str, what: &str, expected: &[&str]) {
        let name = key.get_ref().as_ref();
        let hint = match did_you_mean(name, expected.iter().copied()) {
            Some(suggestion) => format!(" (did you mean `{suggestion}`?)"),
            None => format!(" (expected {})", quoted_list(expected)),
        };
        self.warning(key.span(), Some(path.to_owned()), format!("unknown {what}{hint}"));
    }

    /// The table under `value`, or an error naming `path`.
    fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        path: &str,
    ) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.wrong_type(value, path, "a table");
        }
        table
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, path: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.error(
            value.span(),
            Some(path.to_owned()),
            format!("expected {expected}, found {found}"),
        );
    }

    fn rules(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "rules") else { return };
        for (key, value) in table {
            let id = key.get_ref().as_ref();
            let path = format!("rules.{id}");
            if !self.rule_ids.contains(&id) {
                let hint = match did_you_mean(id, self.rule_ids.iter().copied()) {
                    Some(suggestion) => format!(" (did you mean `{suggestion}`?)"),
                    None => " (run `casenote rules` to list them)".to_owned(),
                };
                self.warning(key.span(), Some(path), format!("unknown rule id{hint}"));
                continue;
            }
            let level = match value.get_ref().as_str() {
                Some("off") => Level::Off,
                Some("hint") => Level::On(Severity::Hint),
                Some("info") => Level::On(Severity::Info),
                Some("warning") => Level::On(Severity::Warning),
                Some("error") => Level::On(Severity::Error),
                Some(other) => {
                    let message =
                        format!("unknown level \"{other}\" (expected {})", string_list(LEVELS));
                    self.error(value.span(), Some(path), message);
                    continue;
                }
                None => {
                    self.wrong_type(value, &path, &format!("a string: {}", string_list(LEVELS)));
                    continue;
                }
            };
            config.rules.insert(id.to_owned(), level);
        }
    }

    fn settings(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "settings") else { return };
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let path = format!("settings.{name}");
            match name {
                "late-recording-working-days" => {
                    if let Some(days) = self.integer(value, &path, 0) {
                        config.late_recording_working_days = days;
                    }
                }
                "long-sentence-words" => {
                    if let Some(words) = self.integer::<usize>(value, &path, 1) {
                        config.long_sentence_words = words;
                    }
                }
                "acronyms" => {
                    if let Some(acronyms) = self.strings(value, &path) {
                        config.acronyms = acronyms;
                    }
                }
                "training" => match value.get_ref().as_bool() {
                    Some(training) => config.training = training,
                    None => self.wrong_type(value, &path, "a boolean (true or false)"),
                },
                "max-file-size" => {
                    if let Some(size) = self.size(value, &path) {
                        config.max_file_size = size;
                    }
                }
                "bank-holidays" => match value.get_ref().as_str() {
                    Some(name) => match BankHolidays::parse(name) {
                        Some(nation) => {
                            let extra = config.holidays.extra().to_vec();
                            config.holidays = Holidays::new(nation, extra);
                        }
                        None => {
                            let hint = match did_you_mean(name, BankHolidays::NAMES) {
                                Some(suggestion) => format!("did you mean \"{suggestion}\"?"),
                                None => format!("expected {}", string_list(&BankHolidays::NAMES)),
                            };
                            let message = format!("unknown bank holidays \"{name}\" ({hint})");
                            self.error(value.span(), Some(path), message);
                        }
                    },
                    None => self.wrong_type(
                        value,
                        &path,
                        &format!("a string: {}", string_list(&BankHolidays::NAMES)),
                    ),
                },
                "extra-holidays" => {
                    if let Some(days) = self.dates(value, &path) {
                        config.holidays = Holidays::new(config.holidays.nation(), days);
                    }
                }
                _ => self.unknown(key, &path, "setting", SETTINGS),
            }
        }
    }

    fn vocabulary(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "vocabulary") else { return };
        for (key, value) in table {
            let category = key.get_ref().as_ref();
            let path = format!("vocabulary.{category}");
            if !CATEGORIES.contains(&category) {
                self.unknown(key, &path, "vocabulary category", CATEGORIES);
                continue;
            }
            if let Some(words) = self.strings(value, &path) {
                config.vocabulary.insert(category.to_owned(), words);
            }
        }
    }

    fn report(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "report") else { return };
        let names: Vec<&str> = REPORT_KEYS.iter().map(|(name, _)| *name).collect();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let path = format!("report.{name}");
            match REPORT_KEYS.iter().find(|(known, _)| *known == name) {
                Some((_, slot)) => {
                    if let Some(n) = self.integer(value, &path, 0) {
                        *slot(&mut config.report) = n;
                    }
                }
                None => self.unknown(key, &path, "report threshold", &names),
            }
        }
    }

    fn files(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "files") else { return };
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let path = format!("files.{name}");
            match name {
                "include" => config.files.include = self.strings(value, &path).unwrap_or_default(),
                "exclude" => config.files.exclude = self.strings(value, &path).unwrap_or_default(),
                "per-file-ignores" => self.per_file_ignores(value, config),
                _ => self.unknown(key, &path, "key", FILES_KEYS),
            }
        }
    }

    /// `"GLOB" = ["RULE", ...]`, each rule id known.
    fn per_file_ignores(&mut self, value: &Spanned<DeValue<'_>>, config: &mut Config) {
        let Some(table) = self.table(value, "files.per-file-ignores") else { return };
        for (key, value) in table {
            let glob = key.get_ref().as_ref();
            let path = format!("files.per-file-ignores.\"{glob}\"");
            let Some(rules) = self.strings(value, &path) else { continue };
            for rule in &rules {
                if !self.rule_ids.contains(&rule.as_str()) {
                    let hint = did_you_mean(rule, self.rule_ids.iter().copied()).map_or_else(
                        || " (run `casenote rules` to list them)".to_owned(),
                        |s| format!(" (did you mean `{s}`?)"),
                    );
                    self.error(
                        value.span(),
                        Some(path.clone()),
                        format!("unknown rule `{rule}`{hint}"),
                    );
                }
            }
            config.files.per_file_ignores.push((glob.to_owned(), rules));
        }
    }

    /// An integer of at least `min` that fits in `T`.
    fn integer<T: TryFrom<i64>>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        path: &str,
        min: i64,
    ) -> Option<T> {
        let expected = if min == 0 { "a non-negative integer" } else { "a positive integer" };
        let Some(integer) = value.get_ref().as_integer() else {
            self.wrong_type(value, path, expected);
            return None;
        };
        let digits = integer.as_str().replace('_', "");
        let number = i64::from_str_radix(&digits, integer.radix()).ok().filter(|n| *n >= min);
        let converted = number.and_then(|n| T::try_from(n).ok());
        if converted.is_none() {
            let message = format!("expected {expected}, found {integer}");
            self.error(value.span(), Some(path.to_owned()), message);
        }
        converted
    }

    /// A size in bytes: a positive integer, or a string such as `"64MiB"`.
    fn size(&mut self, value: &Spanned<DeValue<'_>>, path: &str) -> Option<u64> {
        const EXPECTED: &str = "a size: a positive number of bytes or a string such as \"64MiB\"";
        if let Some(text) = value.get_ref().as_str() {
            return match parse_size(text) {
                Ok(size) => Some(size),
                Err(reason) => {
                    self.error(
                        value.span(),
                        Some(path.to_owned()),
                        format!("expected {EXPECTED}: {reason}"),
                    );
                    None
                }
            };
        }
        let Some(integer) = value.get_ref().as_integer() else {
            self.wrong_type(value, path, EXPECTED);
            return None;
        };
        let digits = integer.as_str().replace('_', "");
        let size = i64::from_str_radix(&digits, integer.radix()).ok().filter(|n| *n >= 1);
        if size.is_none() {
            let message = format!("expected {EXPECTED}, found {integer}");
            self.error(value.span(), Some(path.to_owned()), message);
        }
        size.and_then(|n| u64::try_from(n).ok())
    }

    /// An array of dates: TOML dates (`2026-12-29`) or strings in the
    /// record's date forms (`"29/12/2026"`, `"29 December 2026"`).
    fn dates(&mut self, value: &Spanned<DeValue<'_>>, path: &str) -> Option<Vec<NaiveDate>> {
        const EXPECTED: &str = "an array of dates (2026-12-29 or \"29/12/2026\")";
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(value, path, EXPECTED);
            return None;
        };
        let mut days = Vec::with_capacity(array.len());
        for item in array {
            let text = match item.get_ref() {
                DeValue::Datetime(datetime) => datetime.to_string(),
                DeValue::String(text) => text.to_string(),
                _ => {
                    self.wrong_type(item, path, EXPECTED);
                    return None;
                }
            };
            let mention = find_dates(&text, 0).into_iter().next();
            let whole = mention.as_ref().is_some_and(|m| m.span == (0..text.trim_end().len()));
            match mention.and_then(|m| m.date).filter(|_| whole) {
                Some(day) => days.push(day),
                None => {
                    let message = format!("expected {EXPECTED}, found \"{text}\"");
                    self.error(item.span(), Some(path.to_owned()), message);
                    return None;
                }
            }
        }
        Some(days)
    }

    fn strings(&mut self, value: &Spanned<DeValue<'_>>, path: &str) -> Option<Vec<String>> {
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(value, path, "an array of strings");
            return None;
        };
        let mut strings = Vec::with_capacity(array.len());
        for item in array {
            match item.get_ref().as_str() {
                Some(text) => strings.push(text.to_owned()),
                None => {
                    self.wrong_type(item, path, "a string");
                    return None;
                }
            }
        }
        Some(strings)
    }
}

/// `` `a`, `b` or `c` ``: how a list of allowed keys reads.
fn quoted_list(keys: &[&str]) -> String {
    or_list(keys.iter().map(|key| format!("`{key}`")).collect())
}

/// `"a", "b" or "c"`: allowed string values, written as TOML strings.
fn string_list(values: &[&str]) -> String {
    or_list(values.iter().map(|value| format!("\"{value}\"")).collect())
}

fn or_list(mut items: Vec<String>) -> String {
    match items.pop() {
        None => String::new(),
        Some(last) if items.is_empty() => last,
        Some(last) => format!("{} or {last}", items.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["long-sentence", "unlabelled-opinion", "vague-language"];

    fn parse(text: &str) -> Result<Config, ConfigError> {
        parse_strictly(text, RULES)
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("config should be rejected").to_string()
    }

    #[test]
    fn empty_text_is_the_default_config() {
        assert_eq!(parse(""), Ok(Config::default()));
        assert_eq!(parse("# nothing\n"), Ok(Config::default()));
    }

    #[test]
    fn reads_the_spec_example() {
        let text = r#"
[rules]
long-sentence = "off"            # off | hint | info | warning | error
unlabelled-opinion = "error"

[settings]
late-recording-working-days = 3
long-sentence-words = 40
acronyms = ["GP", "NHS", "CAMHS"]
training = true

[vocabulary]
opinion = ["feisty"]
hypothesis = []
vague = ["going forward"]
"#;
        let config = parse(text).unwrap();
        assert_eq!(config.rules.get("long-sentence"), Some(&Level::Off));
        assert_eq!(config.rules.get("unlabelled-opinion"), Some(&Level::On(Severity::Error)));
        assert_eq!(config.late_recording_working_days, 3);
        assert_eq!(config.long_sentence_words, 40);
        assert_eq!(config.acronyms, ["GP", "NHS", "CAMHS"]);
        assert!(config.training);
        assert_eq!(config.vocabulary["opinion"], ["feisty"]);
        assert!(config.vocabulary["hypothesis"].is_empty());
        assert_eq!(config.vocabulary["vague"], ["going forward"]);
        assert_eq!(config.level("vague-language", Severity::Info), Level::On(Severity::Info));
    }

    #[test]
    fn report_thresholds_are_read_and_checked() {
        let config = parse("[report]\noverdue-red-days = 7\nmissing-views-red = 1\n").unwrap();
        assert_eq!(
            config.report,
            ReportThresholds {
                overdue_red_days: 7,
                missing_views_red: 1,
                ..ReportThresholds::default()
            }
        );
        assert_eq!(
            error("[report]\nunendorsed-red-days = -3\n"),
            "line 2, key `report.unendorsed-red-days`: expected a non-negative integer, found -3"
        );
        assert_eq!(
            error("[report]\noverdue-red-dayz = 3\n"),
            "line 2, key `report.overdue-red-dayz`: unknown report threshold (did you mean `overdue-red-days`?)"
        );
    }

    #[test]
    fn dotted_keys_and_inline_tables_work_too() {
        let config =
            parse("rules.long-sentence = \"hint\"\nsettings = { training = true }\n").unwrap();
        assert_eq!(config.rules.get("long-sentence"), Some(&Level::On(Severity::Hint)));
        assert!(config.training);
    }

    #[test]
    fn unknown_rule_id_names_line_key_and_suggestion() {
        let text = "[rules]\nvague-language = \"info\"\nlong-sentenc = \"off\"\n";
        let err = parse(text).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(err.key.as_deref(), Some("rules.long-sentenc"));
        assert_eq!(
            err.to_string(),
            "line 3, key `rules.long-sentenc`: unknown rule id (did you mean `long-sentence`?)"
        );
    }

    #[test]
    fn unknown_rule_id_without_a_close_match_points_at_the_rule_list() {
        assert_eq!(
            error("[rules]\nfrobnicate = \"off\"\n"),
            "line 2, key `rules.frobnicate`: unknown rule id (run `casenote rules` to list them)"
        );
    }

    #[test]
    fn bad_levels_are_rejected_at_the_value() {
        let err = parse("[rules]\nlong-sentence = \"fatal\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 17));
        assert_eq!(
            err.to_string(),
            "line 2, key `rules.long-sentence`: unknown level \"fatal\" \
             (expected \"off\", \"hint\", \"info\", \"warning\" or \"error\")"
        );
        assert_eq!(
            error("[rules]\nlong-sentence = 3\n"),
            "line 2, key `rules.long-sentence`: expected a string: \"off\", \"hint\", \"info\", \
             \"warning\" or \"error\", found integer"
        );
    }

    #[test]
    fn settings_are_type_checked() {
        assert_eq!(
            error("[settings]\nlate-recording-working-days = -1\n"),
            "line 2, key `settings.late-recording-working-days`: expected a non-negative integer, found -1"
        );
        assert_eq!(
            error("[settings]\nlong-sentence-words = 0\n"),
            "line 2, key `settings.long-sentence-words`: expected a positive integer, found 0"
        );
        assert_eq!(
            error("[settings]\nlong-sentence-words = \"35\"\n"),
            "line 2, key `settings.long-sentence-words`: expected a positive integer, found string"
        );
        assert_eq!(
            error("[settings]\nacronyms = [\"GP\", 3]\n"),
            "line 2, key `settings.acronyms`: expected a string, found integer"
        );
        assert_eq!(
            error("[settings]\ntraining = \"yes\"\n"),
            "line 2, key `settings.training`: expected a boolean (true or false), found string"
        );
        assert_eq!(
            parse("[settings]\nlate-recording-working-days = 0\n")
                .unwrap()
                .late_recording_working_days,
            0
        );
        assert_eq!(
            parse("[settings]\nlong-sentence-words = 0x10\n").unwrap().long_sentence_words,
            16
        );
    }

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("2048"), Ok(2048));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("10 mb"), Ok(10_000_000));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("1kB"), Ok(1000));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size(".5K"), Ok(512));
        assert_eq!(parse_size("7B"), Ok(7));
        for bad in ["", "MB", "ten", "10XB", "1.2.3", "-5", "0", "0.1B", "99999999999TB"] {
            assert!(parse_size(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(format_size(DEFAULT_MAX_FILE_SIZE), "32 MiB");
        assert_eq!(format_size(100_000_000), "95.4 MiB");
        assert_eq!(format_size(1), "1 byte");
        assert_eq!(format_size(1000), "1000 bytes");
    }

    #[test]
    fn max_file_size_is_a_setting() {
        assert_eq!(Config::default().max_file_size, 32 * 1024 * 1024);
        let size = |text: &str| parse(text).map(|config| config.max_file_size);
        assert_eq!(size("[settings]\nmax-file-size = \"64MiB\"\n"), Ok(64 << 20));
        assert_eq!(size("[settings]\nmax-file-size = 1_000_000\n"), Ok(1_000_000));
        assert_eq!(
            error("[settings]\nmax-file-size = true\n"),
            "line 2, key `settings.max-file-size`: expected a size: a positive number of bytes \
             or a string such as \"64MiB\", found boolean"
        );
        assert_eq!(
            error("[settings]\nmax-file-size = 0\n"),
            "line 2, key `settings.max-file-size`: expected a size: a positive number of bytes \
             or a string such as \"64MiB\", found 0"
        );
        let err = error("[settings]\nmax-file-size = \"lots\"\n");
        assert!(
            err.starts_with("line 2, key `settings.max-file-size`: expected a size: a positive number of bytes or a string such as \"64MiB\": `lots` is not a size"),
            "{err}"
        );
        assert_eq!(
            error("[settings]\nmax-file-size = 1.5\n"),
            "line 2, key `settings.max-file-size`: expected a size: a positive number of bytes \
             or a string such as \"64MiB\", found float"
        );
    }

    #[test]
    fn huge_integers_are_errors_not_panics() {
        assert_eq!(
            error("[settings]\nlate-recording-working-days = 99999999999\n"),
            "line 2, key `settings.late-recording-working-days`: \
             expected a non-negative integer, found 99999999999"
        );
    }

    #[test]
    fn unknown_setting_category_and_table_are_errors() {
        assert_eq!(
            error("[settings]\nlong-sentence-word = 30\n"),
            "line 2, key `settings.long-sentence-word`: unknown setting (did you mean `long-sentence-words`?)"
        );
        assert_eq!(
            error("[vocabulary]\nopinions = []\n"),
            "line 2, key `vocabulary.opinions`: unknown vocabulary category (did you mean `opinion`?)"
        );
        assert_eq!(
            error("[vocabulary]\nslang = []\n"),
            "line 2, key `vocabulary.slang`: unknown vocabulary category \
             (expected `opinion`, `hypothesis` or `vague`)"
        );
        assert_eq!(
            error("# top\n\n[rule]\nlong-sentence = \"off\"\n"),
            "line 3, key `rule`: unknown table (did you mean `rules`?)"
        );
        assert_eq!(
            error("rules = \"off\"\n"),
            "line 1, key `rules`: expected a table, found string"
        );
    }

    #[test]
    fn the_first_error_in_the_file_is_reported() {
        // `vocabulary` sorts after `settings`, but comes first in the file.
        let text = "[vocabulary]\nslang = []\n[settings]\ntraining = 1\n";
        assert_eq!(parse(text).unwrap_err().line, 2);
    }

    #[test]
    fn syntax_errors_have_a_line_and_no_key() {
        let err = parse("[rules]\nlong-sentence = \n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.key, None);
        assert!(err.message.starts_with("invalid TOML: "), "{}", err.message);
        assert!(!err.message.contains('\n'));
        let err =
            parse("[rules]\nlong-sentence = \"off\"\nlong-sentence = \"hint\"\n").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (3, "invalid TOML: duplicate key"));
    }

    #[test]
    fn columns_count_characters() {
        let err = parse("[rules]\n\"ë\" = 1\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        let err = parse("[vocabulary]\nvague = [\"ë\", 1]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 15));
    }

    #[test]
    fn an_unknown_key_is_one_warning_and_every_other_setting_applies() {
        let text = "[rules]\nlong-sentence = \"off\"\n\n[settings]\nlong-sentence-word = 30\n\
                    training = true\nacronyms = [\"ETE\"]\n[vocabulary]\nvague = [\"sort of\"]\n";
        let parsed = parse_with_rules(text, RULES).unwrap();
        assert_eq!(
            parsed.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["line 5, key `settings.long-sentence-word`: unknown setting (did you mean `long-sentence-words`?)"]
        );
        assert_eq!((parsed.warnings[0].line, parsed.warnings[0].column), (5, 1));
        let config = parsed.config;
        assert_eq!(config.rules.get("long-sentence"), Some(&Level::Off));
        assert!(config.training);
        assert_eq!(config.acronyms, ["ETE"]);
        assert_eq!(config.vocabulary.get("vague"), Some(&vec!["sort of".to_owned()]));
        assert_eq!(config.long_sentence_words, Config::default().long_sentence_words);

        // Several, in the file's order; a bad value is still an error.
        let text = "[vocabulary]\nslang = []\n[rule]\nx = 1\n[rules]\nlong-sentenc = \"off\"\n";
        let parsed = parse_with_rules(text, RULES).unwrap();
        let lines: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [2, 3, 6]);
        assert!(parse_with_rules("[rule]\nx = 1\n[settings]\ntraining = 1\n", RULES).is_err());
    }

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(did_you_mean("long-sentenc", RULES.iter().copied()), Some("long-sentence"));
        assert_eq!(did_you_mean("vauge-language", RULES.iter().copied()), Some("vague-language"));
        assert_eq!(did_you_mean("opinion", RULES.iter().copied()), None);
    }

    #[test]
    fn files_table_holds_globs_and_per_file_ignores() {
        let text = "[files]\ninclude = [\"notes/**\"]\nexclude = [\"notes/old/**\"]\n\
                    [files.per-file-ignores]\n\"templates/*.md\" = [\"long-sentence\"]\n";
        let config = parse_with_rules(text, RULES).unwrap().config;
        assert_eq!(
            config.files,
            FileSelection {
                include: vec!["notes/**".to_owned()],
                exclude: vec!["notes/old/**".to_owned()],
                per_file_ignores: vec![(
                    "templates/*.md".to_owned(),
                    vec!["long-sentence".to_owned()]
                )],
            }
        );
        let error =
            parse_with_rules("[files.per-file-ignores]\n\"*\" = [\"long-sentenc\"]\n", RULES)
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2, key `files.per-file-ignores.\"*\"`: unknown rule `long-sentenc` (did you mean `long-sentence`?)"
        );
        let parsed = parse_with_rules("[files]\nincludes = []\n", RULES).unwrap();
        assert_eq!(
            parsed.warnings[0].to_string(),
            "line 2, key `files.includes`: unknown key (did you mean `include`?)"
        );
    }
}
