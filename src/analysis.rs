//! The entry point of the analysis core: text, configuration and today's
//! date in, diagnostics out. No I/O, no clock, no editor types.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::config::{Config, Level};
use crate::cues::Classifier;
use crate::diagnostic::Diagnostic;
use crate::model::{Block, Entry, Record, Sentence, Voice};
use crate::parse::parse;
use crate::people::People;
use crate::rules::{self, Finding};
use crate::suppress;

/// What every rule sees.
pub struct Context<'a> {
    pub record: &'a Record<'a>,
    pub config: &'a Config,
    pub today: NaiveDate,
    pub classifier: &'a Classifier,
    pub people: &'a People,
}

impl Context<'_> {
    /// Whether the file is a case record at all (front matter or a dated
    /// entry). Record-level rules stay quiet on other Markdown files
    /// (a README in the same folder, an empty file).
    pub fn is_record(&self) -> bool {
        self.record.front_matter.span.is_some() || !self.record.entries.is_empty()
    }

    /// Sentences in fact context, with their block.
    pub fn fact_sentences(&self) -> impl Iterator<Item = (&Block, &Sentence)> {
        self.record
            .blocks
            .iter()
            .flat_map(|b| b.sentences.iter().map(move |s| (b, s)))
            .filter(|(b, s)| s.voice(b) == Voice::Fact)
    }

    /// The people of the record who took part in `entry`: named in its
    /// `Present`/`Seen` field, its `Contact` field or its title.
    pub fn participants(&self, entry: &Entry) -> Vec<usize> {
        let mut found: Vec<usize> = entry
            .participant_spans()
            .into_iter()
            .flat_map(|s| self.people.named_in(&self.record.prose, s))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.record.text[..offset.min(self.record.text.len())].matches('\n').count() + 1
    }
}

/// Lints one record. Never fails: findings come sorted by position, with
/// severities from `config`, rules set to `off` left out, and inline
/// suppressions applied.
pub fn check(text: &str, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    run(text, config, today, true)
}

/// [`check`] without the safety net around each rule, so that tests see a
/// rule's panic instead of a silently missing finding.
#[doc(hidden)]
pub fn check_unguarded(text: &str, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    run(text, config, today, false)
}

fn run(text: &str, config: &Config, today: NaiveDate, guarded: bool) -> Vec<Diagnostic> {
    let record = parse(text);
    // Most configurations add no words: share one compiled classifier.
    static DEFAULT_CLASSIFIER: LazyLock<Classifier> = LazyLock::new(|| Classifier::new(&Config::default()));
    let configured;
    let classifier = if config.vocabulary.values().all(Vec::is_empty) {
        &*DEFAULT_CLASSIFIER
    } else {
        configured = Classifier::new(config);
        &configured
    };
    let people = People::from_record(&record);
    let ctx = Context { record: &record, config, today, classifier, people: &people };

    let mut diagnostics = Vec::new();
    for rule in rules::ALL {
        let meta = rule.meta();
        let Level::On(severity) = config.level(meta.id, meta.default_severity) else { continue };
        let mut findings: Vec<Finding> = Vec::new();
        // A defect in one rule must not stop the others from running.
        if guarded {
            if catch_unwind(AssertUnwindSafe(|| rule.check(&ctx, &mut findings))).is_err() {
                continue;
            }
        } else {
            rule.check(&ctx, &mut findings);
        }
        findings.sort_by_key(|f| (f.span.start, f.span.end));
        findings.dedup_by(|a, b| a.span == b.span);
        diagnostics.extend(findings.into_iter().map(|f| Diagnostic {
            rule: meta.id,
            severity,
            message: if config.training {
                format!("{} (Principle: {}. Better: {})", f.message, meta.principle.title(), meta.training_example)
            } else {
                f.message
            },
            span: f.span,
            related: f.related,
            fixes: f.fixes,
        }));
    }
    let mut diagnostics = suppress::apply(&record, config, diagnostics);
    diagnostics.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    diagnostics
}
