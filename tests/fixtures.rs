//! Fixture tests with inline expectations (in the style of rust-analyzer).
//!
//! Every `tests/fixtures/**/*.md` is a small case record. It is checked with
//! `casenote::check`, `Config::default()` and today = 2026-11-25, and every
//! finding must be announced by an HTML comment in the fixture itself:
//!
//! ```text
//! Ms Lowe seemed low. <!-- expect: unlabelled-opinion "seemed low" -->
//! <!-- expect: unlabelled-opinion "seemed", vague-language "presented as" -->
//! <!-- expect-at 1: missing-family-composition -->
//! <!-- expect: missing-wishes-feelings ~"Gareth" -->
//! ```
//!
//! * `<!-- expect: ITEMS -->` — each finding in ITEMS starts on the line that
//!   holds the comment (put it at the end of the line).
//! * `<!-- expect-at N: ITEMS -->` — the same for line N, for lines that
//!   cannot hold a comment (front matter, genogram blocks, field lines).
//! * An item is `RULE`, optionally followed by `"SNIPPET"` and/or `~"TEXT"`.
//!   `"SNIPPET"` must lie inside the finding's span; for `vague-language` and
//!   `unexplained-acronym` the span text must *equal* the snippet.
//!   `~"TEXT"` (repeatable) requires the finding's message to contain TEXT.
//!   Items are separated by commas.
//! * `<!-- today: YYYY-MM-DD -->` overrides the date the check runs.
//! * `<!-- config: KEY = VALUE; KEY = VALUE -->` overrides the configuration:
//!   `long-sentence-words`, `late-recording-working-days`, `acronyms`,
//!   `training`, `vocabulary.CATEGORY`, or a rule id with a level
//!   (`"off"`, `"hint"`, `"info"`, `"warning"`, `"error"`).
//!
//! The test fails on every missing and every unexpected finding, and lists
//! all failures of all fixtures in one run. The core masks HTML comments, so
//! the expectation comments produce no findings; `casenote-disable…` comments
//! are real suppressions (SPEC §4).
//!
//! Environment: `CASENOTE_FIXTURE=SUBSTRING` runs only the fixtures whose
//! path contains SUBSTRING.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use casenote::config::Level;
use casenote::text::LineIndex;
use casenote::{check, Config, Diagnostic, Severity};
use chrono::NaiveDate;

/// Every rule of SPEC §4 with its default severity.
const RULES: &[(&str, Severity)] = &[
    ("unlabelled-opinion", Severity::Warning),
    ("unlabelled-hypothesis", Severity::Warning),
    ("missing-wishes-feelings", Severity::Warning),
    ("missing-contact-nature", Severity::Warning),
    ("missing-contact-frequency", Severity::Warning),
    ("contact-frequency-not-met", Severity::Info),
    ("unendorsed-decision", Severity::Warning),
    ("missing-family-composition", Severity::Warning),
    ("missing-genogram", Severity::Warning),
    ("stale-genogram", Severity::Info),
    ("invalid-genogram", Severity::Error),
    ("late-recording", Severity::Info),
    ("missing-recording-date", Severity::Info),
    ("invalid-date", Severity::Error),
    ("invalid-front-matter", Severity::Error),
    ("unexplained-acronym", Severity::Info),
    ("vague-language", Severity::Info),
    ("long-sentence", Severity::Hint),
    ("unused-suppression", Severity::Hint),
    ("unconfirmed-significant-event", Severity::Hint),
];

/// Rules whose span is the offending word itself: a snippet must equal it.
const EXACT_SPAN_RULES: &[&str] = &["vague-language", "unexplained-acronym"];

fn default_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn default_severity(rule: &str) -> Option<Severity> {
    RULES.iter().find(|(id, _)| *id == rule).map(|(_, s)| *s)
}

// ---------------------------------------------------------------------------
// Parsing fixtures
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
struct Expectation {
    /// 1-based line on which the finding must start.
    line: usize,
    rule: String,
    /// Text that must lie inside (or, for exact rules, equal) the span.
    snippet: Option<String>,
    /// Texts the message must contain.
    message: Vec<String>,
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.rule)?;
        if let Some(s) = &self.snippet {
            write!(f, " {s:?}")?;
        }
        for m in &self.message {
            write!(f, " ~{m:?}")?;
        }
        Ok(())
    }
}

struct Fixture {
    today: NaiveDate,
    config: Config,
    expectations: Vec<Expectation>,
    /// Problems with the fixture itself (bad comments).
    errors: Vec<String>,
}

/// Every `<!-- … -->` comment: (1-based line of its start, inner text).
/// A `<!--` shown as text (in inline code) is passed over: a comment starts
/// at the last `<!--` before its `-->`.
fn html_comments(text: &str) -> Vec<(usize, &str)> {
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find("<!--") {
        let mut start = from + rel;
        let Some(end_rel) = text[start + 4..].find("-->") else { break };
        let inner_end = start + 4 + end_rel;
        start += text[start..inner_end].rfind("<!--").unwrap_or(0);
        let inner_start = start + 4;
        out.push((index.line_col(text, start).line, &text[inner_start..inner_end]));
        from = inner_end + 3;
    }
    out
}

/// Parses `RULE ["SNIPPET"] [~"TEXT"], …`.
fn parse_items(src: &str, line: usize) -> Result<Vec<Expectation>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_whitespace() {
            *i += 1;
        }
    };
    let quoted = |i: &mut usize| -> Result<String, String> {
        // at the opening quote
        *i += 1;
        let start = *i;
        while *i < chars.len() && chars[*i] != '"' {
            *i += 1;
        }
        if *i >= chars.len() {
            return Err(format!("unterminated quote in {src:?}"));
        }
        let s: String = chars[start..*i].iter().collect();
        *i += 1;
        Ok(s)
    };
    loop {
        skip_ws(&mut i);
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_lowercase() || chars[i].is_ascii_digit() || chars[i] == '-')
        {
            i += 1;
        }
        if start == i {
            return Err(format!(
                "expected a rule id at {:?} in {src:?}",
                chars[i..].iter().collect::<String>()
            ));
        }
        let rule: String = chars[start..i].iter().collect();
        let mut exp = Expectation { line, rule, snippet: None, message: Vec::new() };
        loop {
            skip_ws(&mut i);
            if i < chars.len() && chars[i] == '"' {
                if exp.snippet.is_some() {
                    return Err(format!("two snippets for one item in {src:?}"));
                }
                exp.snippet = Some(quoted(&mut i)?);
            } else if i + 1 < chars.len() && chars[i] == '~' && chars[i + 1] == '"' {
                i += 1;
                exp.message.push(quoted(&mut i)?);
            } else {
                break;
            }
        }
        out.push(exp);
        skip_ws(&mut i);
        if i >= chars.len() {
            break;
        }
        if chars[i] != ',' {
            return Err(format!(
                "expected `,` at {:?} in {src:?}",
                chars[i..].iter().collect::<String>()
            ));
        }
        i += 1;
    }
    Ok(out)
}

fn apply_config(config: &mut Config, src: &str) -> Result<(), String> {
    for pair in src.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) =
            pair.split_once('=').ok_or_else(|| format!("config item without `=`: {pair:?}"))?;
        let key = key.trim();
        let table: toml::Table = toml::from_str(&format!("v = {}", value.trim()))
            .map_err(|e| format!("config value for {key}: {e}"))?;
        let value = table.get("v").cloned().unwrap();
        let bad = || format!("bad config value for {key}: {value}");
        match key {
            "long-sentence-words" => {
                config.long_sentence_words = value.as_integer().ok_or_else(bad)? as usize
            }
            "late-recording-working-days" => {
                config.late_recording_working_days = value.as_integer().ok_or_else(bad)? as u32
            }
            "training" => config.training = value.as_bool().ok_or_else(bad)?,
            "acronyms" => {
                config.acronyms = value
                    .as_array()
                    .ok_or_else(bad)?
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned).ok_or_else(bad))
                    .collect::<Result<_, _>>()?
            }
            k if k.starts_with("vocabulary.") => {
                let words = value
                    .as_array()
                    .ok_or_else(bad)?
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned).ok_or_else(bad))
                    .collect::<Result<_, _>>()?;
                config.vocabulary.insert(k["vocabulary.".len()..].to_owned(), words);
            }
            k if default_severity(k).is_some() => {
                let level = match value.as_str().ok_or_else(bad)? {
                    "off" => Level::Off,
                    "hint" => Level::On(Severity::Hint),
                    "info" => Level::On(Severity::Info),
                    "warning" => Level::On(Severity::Warning),
                    "error" => Level::On(Severity::Error),
                    _ => return Err(bad()),
                };
                config.rules.insert(k.to_owned(), level);
            }
            _ => return Err(format!("unknown config key {key:?}")),
        }
    }
    Ok(())
}

fn parse_fixture(text: &str) -> Fixture {
    let mut fx = Fixture {
        today: default_today(),
        config: Config::default(),
        expectations: Vec::new(),
        errors: Vec::new(),
    };
    let line_count = LineIndex::new(text).line_count();
    for (line, inner) in html_comments(text) {
        let inner = inner.trim();
        let add = |at: usize, items: &str, fx: &mut Fixture| {
            if at == 0 || at > line_count {
                fx.errors
                    .push(format!("{line}: expectation for line {at}, which is not in the file"));
                return;
            }
            match parse_items(items, at) {
                Ok(items) => fx.expectations.extend(items),
                Err(e) => fx.errors.push(format!("{line}: {e}")),
            }
        };
        if let Some(rest) = inner.strip_prefix("expect:") {
            add(line, rest, &mut fx);
        } else if let Some(rest) = inner.strip_prefix("expect-at") {
            match rest.split_once(':').map(|(n, items)| (n.trim().parse::<usize>(), items)) {
                Some((Ok(n), items)) => add(n, items, &mut fx),
                _ => {
                    fx.errors.push(format!("{line}: cannot read `expect-at LINE: …` in {inner:?}"))
                }
            }
        } else if let Some(rest) = inner.strip_prefix("today:") {
            match NaiveDate::parse_from_str(rest.trim(), "%Y-%m-%d") {
                Ok(d) => fx.today = d,
                Err(e) => fx.errors.push(format!("{line}: bad `today:` date {rest:?}: {e}")),
            }
        } else if let Some(rest) = inner.strip_prefix("config:") {
            if let Err(e) = apply_config(&mut fx.config, rest) {
                fx.errors.push(format!("{line}: {e}"));
            }
        } else if inner.starts_with("expect") {
            fx.errors.push(format!("{line}: unreadable expectation comment {inner:?}"));
        }
    }
    for e in &fx.expectations {
        if default_severity(&e.rule).is_none() {
            fx.errors.push(format!("{}: unknown rule {:?} in an expectation", e.line, e.rule));
        }
        if let Some(s) = &e.snippet {
            if s.is_empty() || !text.contains(s.as_str()) {
                fx.errors.push(format!("{}: snippet {s:?} does not occur in the fixture", e.line));
            }
        }
    }
    fx
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

fn snippet_matches(text: &str, d: &Diagnostic, rule: &str, snippet: &str) -> bool {
    let Some(span_text) = text.get(d.span.clone()) else { return false };
    if EXACT_SPAN_RULES.contains(&rule) {
        return span_text == snippet;
    }
    text.match_indices(snippet).any(|(p, s)| d.span.start <= p && p + s.len() <= d.span.end)
}

fn excerpt(text: &str, d: &Diagnostic) -> String {
    let s = text.get(d.span.clone()).unwrap_or("<span not on char boundaries>");
    let s = s.replace('\n', "⏎");
    if s.chars().count() > 70 {
        let head: String = s.chars().take(67).collect();
        format!("{head}…")
    } else {
        s
    }
}

/// Checks one fixture; returns one line per failure.
fn run_fixture(display: &str, text: &str) -> Vec<(usize, String)> {
    let fx = parse_fixture(text);
    let mut failures: Vec<(usize, String)> = Vec::new();
    for e in &fx.errors {
        failures.push((0, format!("{display}:{e} (fixture error)")));
    }
    let diags = std::panic::catch_unwind(|| check(text, &fx.config, fx.today));
    let diags = match diags {
        Ok(d) => d,
        Err(_) => {
            failures.push((0, format!("{display}: check() panicked")));
            return failures;
        }
    };
    let index = LineIndex::new(text);
    let starts: Vec<_> = diags.iter().map(|d| index.line_col(text, d.span.start)).collect();

    for (d, pos) in diags.iter().zip(&starts) {
        let bad_span = d.span.start > d.span.end
            || d.span.end > text.len()
            || !text.is_char_boundary(d.span.start)
            || !text.is_char_boundary(d.span.end);
        if bad_span {
            failures.push((
                pos.line,
                format!(
                    "{display}:{}:{}: {} has a bad span {:?} (text is {} bytes)",
                    pos.line,
                    pos.column,
                    d.rule,
                    d.span,
                    text.len()
                ),
            ));
        }
        match default_severity(d.rule) {
            None => failures.push((
                pos.line,
                format!("{display}:{}:{}: unknown rule id {:?}", pos.line, pos.column, d.rule),
            )),
            Some(sev) if !fx.config.rules.contains_key(d.rule) && sev != d.severity => failures
                .push((
                    pos.line,
                    format!(
                        "{display}:{}:{}: {} has severity {}, SPEC §4 default is {}",
                        pos.line, pos.column, d.rule, d.severity, sev
                    ),
                )),
            _ => {}
        }
    }

    let mut used = vec![false; diags.len()];
    // Most specific expectations first, so a bare one cannot steal the
    // finding a snippet expectation needs.
    let mut order: Vec<&Expectation> = fx.expectations.iter().collect();
    order.sort_by_key(|e| (e.snippet.is_none() as u8 + e.message.is_empty() as u8, e.line));
    for e in order {
        let candidate = |i: usize| {
            let d = &diags[i];
            !used[i]
                && d.rule == e.rule
                && starts[i].line == e.line
                && e.snippet.as_deref().is_none_or(|s| snippet_matches(text, d, &e.rule, s))
                && e.message.iter().all(|m| d.message.contains(m.as_str()))
        };
        match (0..diags.len()).find(|&i| candidate(i)) {
            Some(i) => used[i] = true,
            None => {
                let mut msg = format!("{display}:{}: missing {e}", e.line);
                // Say what was there instead, when it is close.
                let near: Vec<String> = (0..diags.len())
                    .filter(|&i| !used[i] && diags[i].rule == e.rule && starts[i].line == e.line)
                    .map(|i| {
                        format!(
                            "span «{}», message {:?}",
                            excerpt(text, &diags[i]),
                            diags[i].message
                        )
                    })
                    .collect();
                if !near.is_empty() {
                    write!(msg, " — found on this line: {}", near.join("; ")).unwrap();
                }
                failures.push((e.line, msg));
            }
        }
    }
    for (i, d) in diags.iter().enumerate() {
        if !used[i] {
            let pos = starts[i];
            failures.push((
                pos.line,
                format!(
                    "{display}:{}:{}: unexpected {} ({}) «{}»",
                    pos.line,
                    pos.column,
                    d.rule,
                    d.message,
                    excerpt(text, d)
                ),
            ));
        }
    }
    failures.sort_by_key(|(line, _)| *line);
    failures
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

fn collect_md(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_md(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn fixtures() {
    let dir = fixtures_dir();
    let mut files = Vec::new();
    collect_md(&dir, &mut files);
    assert!(!files.is_empty(), "no fixtures under {}", dir.display());
    let filter = std::env::var("CASENOTE_FIXTURE").ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let mut report = String::new();
    let (mut ran, mut failed_files, mut failures) = (0, 0, 0);
    for path in &files {
        let display = path.strip_prefix(root).unwrap_or(path).display().to_string();
        if filter.as_deref().is_some_and(|f| !display.contains(f)) {
            continue;
        }
        ran += 1;
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{display}: {e}"));
        let f = run_fixture(&display, &text);
        if !f.is_empty() {
            failed_files += 1;
            failures += f.len();
            for (_, line) in f {
                report.push_str(&line);
                report.push('\n');
            }
            report.push('\n');
        }
    }
    if failures > 0 {
        panic!("\n{report}{failures} failure(s) in {failed_files} of {ran} fixture(s)\n");
    }
    eprintln!("{ran} fixture(s) passed");
}

/// SPEC §4: one fixture per rule, named after it, expecting that rule.
#[test]
fn every_rule_has_a_fixture() {
    let dir = fixtures_dir();
    let mut problems = Vec::new();
    for (rule, _) in RULES {
        let path = dir.join(format!("{rule}.md"));
        match std::fs::read_to_string(&path) {
            Err(_) => problems.push(format!("no fixture {}", path.display())),
            Ok(text) => {
                let fx = parse_fixture(&text);
                if !fx.expectations.iter().any(|e| e.rule == *rule) {
                    problems.push(format!("{rule}.md expects no {rule} finding"));
                }
            }
        }
    }
    for extra in ["clean.md", "suppressions.md"] {
        if !dir.join(extra).exists() {
            problems.push(format!("no fixture {extra}"));
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("clean.md")) {
        if !parse_fixture(&text).expectations.is_empty() {
            problems.push("clean.md must expect nothing".into());
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The harness's own parser.
#[test]
fn expectation_syntax() {
    let text = "line one <!-- expect: unlabelled-opinion \"seemed, low\", vague-language \"presented as\" -->\n\
                <!-- expect-at 1: missing-family-composition, missing-wishes-feelings ~\"Gareth\" ~\"Alfie\" -->\n\
                <!-- today: 2026-01-02 -->\n\
                <!-- config: long-sentence-words = 20; acronyms = [\"CAMHS\"]; long-sentence = \"off\" -->\n\
                <!-- casenote-disable-next-line vague-language -->\n";
    let fx = parse_fixture(text);
    assert!(fx.errors.is_empty(), "{:?}", fx.errors);
    let exp = |line, rule: &str, snippet: Option<&str>, message: &[&str]| Expectation {
        line,
        rule: rule.into(),
        snippet: snippet.map(Into::into),
        message: message.iter().map(|m| m.to_string()).collect(),
    };
    assert_eq!(
        fx.expectations,
        vec![
            exp(1, "unlabelled-opinion", Some("seemed, low"), &[]),
            exp(1, "vague-language", Some("presented as"), &[]),
            exp(1, "missing-family-composition", None, &[]),
            exp(1, "missing-wishes-feelings", None, &["Gareth", "Alfie"]),
        ]
    );
    assert_eq!(fx.today, NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
    assert_eq!(fx.config.long_sentence_words, 20);
    assert_eq!(fx.config.acronyms, vec!["CAMHS".to_string()]);
    assert_eq!(fx.config.rules.get("long-sentence"), Some(&Level::Off));

    let bad =
        parse_fixture("x <!-- expect: Unlabelled -->\n<!-- expect-at 99: long-sentence -->\n");
    assert_eq!(bad.errors.len(), 2, "{:?}", bad.errors);
}
