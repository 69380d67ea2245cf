//! The client's settings: `initializationOptions` and the `casenote`
//! section of `workspace/configuration` (or `didChangeConfiguration`).
//!
//! ```json
//! {"rules": {"long-sentence": "off"},
//!  "settings": {"long-sentence-words": 30, "acronyms": ["CAMHS"]},
//!  "vocabulary": {"opinion": ["feisty"]},
//!  "training": false, "lintOn": "type", "workspaceReview": false,
//!  "docsBaseUrl": "https://example.org/rules/"}
//! ```
//!
//! `rules`, `settings` and `vocabulary` use the keys of `casenote.toml`
//! (camelCase spellings are accepted too) and override the file's values
//! key by key. They are checked by the same parser as the file.

use serde_json::{Map, Value};

use crate::config::{self, Config};
use crate::parse::dates::Holidays;

/// When documents are linted as they change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LintOn {
    /// On open, on every change (debounced) and on save.
    #[default]
    Type,
    /// On open and on save only.
    Save,
}

/// The effective client settings.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub lint_on: LintOn,
    pub workspace_review: bool,
    pub docs_base_url: Option<String>,
    overrides: Overrides,
}

/// Configuration values set by the client, applied over `casenote.toml`.
#[derive(Clone, Debug, Default)]
struct Overrides {
    /// The client's values, parsed as a configuration.
    parsed: Option<Config>,
    rules: Vec<String>,
    settings: Vec<String>,
    vocabulary: Vec<String>,
}

impl Settings {
    /// Reads settings from the client's values, later ones overriding
    /// earlier ones key by key. Returns the problems found, in words (never
    /// quoting anything but keys and the client's own values).
    pub fn from_values(values: &[&Value]) -> (Settings, Vec<String>) {
        let mut merged = Map::new();
        for value in values {
            if let Some(object) = section(value) {
                merge(&mut merged, object);
            }
        }
        let mut problems = Vec::new();
        let mut settings = Settings::default();
        let mut config_tables = Map::new();
        for (key, value) in &merged {
            match normalise_key(key).as_str() {
                "lint-on" => match value.as_str().map(str::to_ascii_lowercase).as_deref() {
                    Some("type" | "change" | "ontype" | "onchange") => {
                        settings.lint_on = LintOn::Type
                    }
                    Some("save" | "onsave") => settings.lint_on = LintOn::Save,
                    _ => problems.push("setting `lintOn` must be \"type\" or \"save\"".to_owned()),
                },
                "workspace-review" => match value {
                    Value::Bool(on) => settings.workspace_review = *on,
                    _ => {
                        problems.push("setting `workspaceReview` must be true or false".to_owned())
                    }
                },
                "docs-base-url" => match value {
                    Value::String(url) if url.trim().is_empty() => settings.docs_base_url = None,
                    Value::String(url) => settings.docs_base_url = Some(url.trim().to_owned()),
                    Value::Null => {}
                    _ => problems.push("setting `docsBaseUrl` must be a URL".to_owned()),
                },
                "training" => {
                    let table = config_tables
                        .entry("settings")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(table) = table {
                        table.insert("training".to_owned(), value.clone());
                    }
                }
                table @ ("rules" | "settings" | "vocabulary") => match value {
                    Value::Object(object) => {
                        let normalised: Map<String, Value> = object
                            .iter()
                            .map(|(k, v)| {
                                (
                                    if table == "rules" { k.clone() } else { normalise_key(k) },
                                    v.clone(),
                                )
                            })
                            .collect();
                        let entry =
                            config_tables.entry(table).or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(existing) = entry {
                            existing.extend(normalised);
                        }
                    }
                    Value::Null => {}
                    _ => problems.push(format!("setting `{key}` must be an object")),
                },
                // Other keys may belong to the editor extension.
                _ => {}
            }
        }
        match Overrides::parse(&config_tables) {
            Ok(overrides) => settings.overrides = overrides,
            Err(problem) => problems.push(problem),
        }
        (settings, problems)
    }

    /// Applies the client's configuration values over a file's.
    pub fn apply(&self, config: &mut Config) {
        let Some(parsed) = &self.overrides.parsed else { return };
        for rule in &self.overrides.rules {
            if let Some(level) = parsed.rules.get(rule) {
                config.rules.insert(rule.clone(), *level);
            }
        }
        for key in &self.overrides.settings {
            match key.as_str() {
                "late-recording-working-days" => {
                    config.late_recording_working_days = parsed.late_recording_working_days;
                }
                "long-sentence-words" => config.long_sentence_words = parsed.long_sentence_words,
                "acronyms" => config.acronyms = parsed.acronyms.clone(),
                "training" => config.training = parsed.training,
                "max-file-size" => config.max_file_size = parsed.max_file_size,
                "bank-holidays" => {
                    let extra = config.holidays.extra().to_vec();
                    config.holidays = Holidays::new(parsed.holidays.nation(), extra);
                }
                "extra-holidays" => {
                    let nation = config.holidays.nation();
                    config.holidays = Holidays::new(nation, parsed.holidays.extra().to_vec());
                }
                _ => {}
            }
        }
        for category in &self.overrides.vocabulary {
            let words = parsed.vocabulary.get(category).cloned().unwrap_or_default();
            config.vocabulary.insert(category.clone(), words);
        }
    }

    /// The documentation address of a rule, when a base URL is configured:
    /// `{rule}` in the base is replaced, else the id is appended as a path.
    pub fn rule_url(&self, rule: &str) -> Option<String> {
        let base = self.docs_base_url.as_deref()?;
        Some(if base.contains("{rule}") {
            base.replace("{rule}", rule)
        } else {
            format!("{}/{rule}", base.trim_end_matches('/'))
        })
    }
}

impl Overrides {
    /// Checks the client's `rules`/`settings`/`vocabulary` with the
    /// configuration parser, by writing them as TOML.
    fn parse(tables: &Map<String, Value>) -> Result<Overrides, String> {
        if tables.is_empty() {
            return Ok(Overrides::default());
        }
        let mut document = toml::Table::new();
        let mut overrides = Overrides::default();
        for (table, value) in tables {
            let Value::Object(object) = value else { continue };
            let mut converted = toml::Table::new();
            for (key, value) in object {
                let path = format!("{table}.{key}");
                let Some(value) = to_toml(value, &path)? else { continue };
                converted.insert(key.clone(), value);
                match table.as_str() {
                    "rules" => overrides.rules.push(key.clone()),
                    "settings" => overrides.settings.push(key.clone()),
                    _ => overrides.vocabulary.push(key.clone()),
                }
            }
            document.insert(table.clone(), toml::Value::Table(converted));
        }
        let text = toml::to_string(&document)
            .map_err(|_| "casenote settings could not be read".to_owned())?;
        let parsed = config::parse(&text).map_err(|err| match err.key {
            Some(key) => format!("setting `{key}`: {}", err.message),
            None => format!("casenote settings: {}", err.message),
        })?;
        overrides.parsed = Some(parsed);
        Ok(overrides)
    }
}

/// The `casenote` section: the value itself, or its `casenote` member when
/// the client sends the whole settings tree.
fn section(value: &Value) -> Option<&Map<String, Value>> {
    let object = value.as_object()?;
    match object.get("casenote") {
        Some(Value::Object(inner)) => Some(inner),
        _ => Some(object),
    }
}

/// Merges `from` into `into`: the config tables key by key, the rest whole.
fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(new))
                if matches!(normalise_key(key).as_str(), "rules" | "settings" | "vocabulary") =>
            {
                for (k, v) in new {
                    existing.insert(k.clone(), v.clone());
                }
            }
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

/// `longSentenceWords` → `long-sentence-words`; kebab keys stay as they are.
fn normalise_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON value as TOML; `null` means "not set".
fn to_toml(value: &Value, path: &str) -> Result<Option<toml::Value>, String> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => toml::Value::Array(
            items
                .iter()
                .map(|item| to_toml(item, path))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect(),
        ),
        Value::Object(_) => return Err(format!("setting `{path}` must not be an object")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Level;
    use crate::Severity;
    use serde_json::json;

    #[test]
    fn client_values_override_the_file_key_by_key() {
        let init = json!({"rules": {"long-sentence": "off"}, "settings": {"longSentenceWords": 20}, "lintOn": "save"});
        let pulled = json!({"casenote": {"rules": {"vague-language": "error"}, "training": true,
            "docsBaseUrl": "https://example.org/rules/"}});
        let (settings, problems) = Settings::from_values(&[&init, &pulled]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.lint_on, LintOn::Save);
        let mut config = config::parse(
            "[settings]\nlate-recording-working-days = 5\nlong-sentence-words = 50\n",
        )
        .unwrap();
        settings.apply(&mut config);
        assert_eq!(config.rules.get("long-sentence"), Some(&Level::Off));
        assert_eq!(config.rules.get("vague-language"), Some(&Level::On(Severity::Error)));
        assert_eq!(config.long_sentence_words, 20);
        assert_eq!(config.late_recording_working_days, 5);
        assert!(config.training);
        assert_eq!(
            settings.rule_url("long-sentence").as_deref(),
            Some("https://example.org/rules/long-sentence")
        );
    }

    #[test]
    fn bad_values_are_problems_and_change_nothing() {
        let (settings, problems) =
            Settings::from_values(&[&json!({"rules": {"long-sentense": "off"}, "lintOn": 3})]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("rules.long-sentense") && p.contains("long-sentence")),
            "{problems:?}"
        );
        let mut config = Config::default();
        settings.apply(&mut config);
        assert_eq!(config, Config::default());
        let (_, problems) =
            Settings::from_values(&[&json!({"settings": {"long-sentence-words": "many"}})]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(Settings::from_values(&[&Value::Null]).1.is_empty());
    }

    #[test]
    fn a_rule_placeholder_in_the_base_url_is_replaced() {
        let (settings, _) =
            Settings::from_values(&[&json!({"docsBaseUrl": "https://x.org/r/{rule}.html"})]);
        assert_eq!(
            settings.rule_url("long-sentence").as_deref(),
            Some("https://x.org/r/long-sentence.html")
        );
        assert_eq!(Settings::default().rule_url("long-sentence"), None);
    }

    #[test]
    fn the_size_limit_is_a_client_setting_too() {
        let (settings, problems) =
            Settings::from_values(&[&json!({"settings": {"maxFileSize": "1KiB"}})]);
        assert!(problems.is_empty(), "{problems:?}");
        let mut config = Config::default();
        settings.apply(&mut config);
        assert_eq!(config.max_file_size, 1024);
        let (_, problems) = Settings::from_values(&[&json!({"settings": {"max-file-size": 0}})]);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn bank_holidays_are_client_settings_too() {
        use crate::parse::dates::BankHolidays;
        use chrono::NaiveDate;
        let (settings, problems) =
            Settings::from_values(&[&json!({"settings": {"bankHolidays": "scotland"}})]);
        assert!(problems.is_empty(), "{problems:?}");
        // The file's extra holidays stay; the client chooses the nation.
        let mut config = config::parse("[settings]\nextra-holidays = [2026-12-29]\n").unwrap();
        settings.apply(&mut config);
        assert_eq!(config.holidays.nation(), BankHolidays::Scotland);
        assert_eq!(config.holidays.extra(), [NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()]);
        let (_, problems) =
            Settings::from_values(&[&json!({"settings": {"bankHolidays": "wales"}})]);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
