//! The entry point of the analysis core: text, configuration and today's
//! date in, diagnostics out. No I/O, no clock, no editor types.
//!
//! A record is split into units (the head, then one per entry: see
//! [`crate::parse::units`]). Each unit is parsed and linted on its own; rules
//! that need the whole record decide afterwards from what each unit noted.
//! An [`Analyzer`] remembers every unit's results keyed by the unit's text
//! and by everything the unit's analysis depends on besides (front matter,
//! genogram, configuration, date), so re-checking a record after an edit
//! re-analyses only the units whose text changed. [`check`] is an analyzer
//! with nothing remembered: both give the same findings by construction.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, LazyLock, Mutex};

use chrono::NaiveDate;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::config::{Config, Level};
use crate::cues::{Classified, Classifier};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, Entry, FrontMatter, Genogram, LabelKind, Record, SectionKind, Sentence, Span, Voice,
};
use crate::parse::{parse, units};
use crate::people::People;
use crate::rules::{self, Finding, Note, UnitNote};
use crate::suppress;
use std::cell::OnceCell;

/// What a rule sees of one unit.
pub struct Context<'a> {
    /// The unit, parsed on its own: spans are relative to the unit's text.
    pub record: &'a Record<'a>,
    /// The record's front matter (from the head unit).
    pub front_matter: &'a FrontMatter,
    /// The record's genogram, wherever it is. Read its facts, not its spans:
    /// they are offsets into the whole record.
    pub genogram: Option<&'a Genogram>,
    pub config: &'a Config,
    pub today: NaiveDate,
    pub classifier: &'a Classifier,
    pub people: &'a People,
    /// Each fact sentence's cues, by the sentence's start: read once for
    /// both the opinion and the hypothesis rule.
    classified: OnceCell<FxHashMap<usize, Classified>>,
}

impl Context<'_> {
    /// The opinion and hypothesis cues of a fact sentence of this unit.
    pub fn cues(&self, sentence: &Sentence) -> &Classified {
        static NONE: Classified = Classified { opinion: Vec::new(), hypothesis: Vec::new() };
        let all = self.classified.get_or_init(|| {
            self.fact_sentences()
                .map(|(_, s)| {
                    (s.span.start, self.classifier.classify(&self.record.unquoted, s.span.clone()))
                })
                .collect()
        });
        all.get(&sentence.span.start).unwrap_or(&NONE)
    }

    /// Sentences in fact context, with their block.
    pub fn fact_sentences(&self) -> impl Iterator<Item = (&Block, &Sentence)> {
        self.record
            .blocks
            .iter()
            .flat_map(|b| b.sentences.iter().map(move |s| (b, s)))
            .filter(|(b, s)| s.voice(b) == Voice::Fact)
    }

    /// Whether `block` records someone's wishes and feelings: under a
    /// wishes-and-feelings or parents' views section, or so labelled.
    pub fn in_wishes_and_feelings(&self, block: &Block) -> bool {
        let labelled = block.label.as_ref().is_some_and(|l| l.kind == LabelKind::WishesAndFeelings);
        let section = block
            .entry
            .zip(block.section)
            .and_then(|(e, s)| self.record.entries.get(e)?.sections.get(s))
            .is_some_and(|s| {
                matches!(s.kind, SectionKind::WishesAndFeelings | SectionKind::ParentsViews)
            });
        labelled || section
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
}

/// What a rule sees of the whole record, in `check_record`.
pub struct RecordContext<'a> {
    pub text: &'a str,
    /// The head unit (front matter and what precedes the first entry). It
    /// starts the record, so its spans are offsets into the whole text.
    pub head: &'a Record<'a>,
    /// The record's genogram, wherever it is.
    pub genogram: Option<&'a Genogram>,
    pub config: &'a Config,
    pub today: NaiveDate,
    pub people: &'a People,
    /// Whether any unit holds a dated entry.
    pub has_entries: bool,
}

impl RecordContext<'_> {
    /// Whether the file is a case record at all (front matter or a dated
    /// entry). Record-level rules stay quiet on other Markdown files
    /// (a README in the same folder, an empty file).
    pub fn is_record(&self) -> bool {
        self.head.front_matter.span.is_some() || self.has_entries
    }
}

/// Lints one record. Never fails: findings come sorted by position, with
/// severities from `config`, rules set to `off` left out, and inline
/// suppressions applied.
pub fn check(text: &str, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    Analyzer::default().run(text, config, today, true)
}

/// [`check`] without the safety net around each rule, so that tests see a
/// rule's panic instead of a silently missing finding.
#[doc(hidden)]
pub fn check_unguarded(text: &str, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    Analyzer::default().run(text, config, today, false)
}

/// Checks records, remembering each unit's results between calls (an
/// editor keeps one per open document). Memory is bounded by the units of
/// the last record checked.
#[derive(Default)]
pub struct Analyzer {
    /// By a 128-bit hash of the unit's text: a collision is as unlikely as
    /// a hardware fault, and no copy of the text is kept.
    units: FxHashMap<u128, Cached>,
    splitter: units::Splitter,
    generation: u64,
    /// Units analysed (not taken from memory) by the last check.
    analysed: usize,
    /// The last check's units: their spans and text hashes.
    last_units: Vec<(Range<usize>, u128)>,
}

/// What is remembered of one unit's text.
struct Cached {
    facts: Facts,
    /// Findings and notes, for the context they were computed in.
    results: Option<(u64, Arc<Results>)>,
    /// The last check that used this unit.
    used: u64,
}

/// What the whole record needs of a unit before its rules run. Spans are
/// relative to the unit.
struct Facts {
    /// Boxed: most units hold none, and an editor keeps a `Facts` per entry.
    genogram: Option<Box<Genogram>>,
    comments: Vec<Span>,
    has_entries: bool,
    has_family_composition: bool,
}

impl Facts {
    fn of(record: &Record) -> Facts {
        Facts {
            genogram: record.genogram.clone().map(Box::new),
            comments: record.comments.clone(),
            has_entries: !record.entries.is_empty(),
            has_family_composition: record.family_composition.is_some(),
        }
    }
}

/// A unit's findings (per rule index, relative spans) and notes.
#[derive(Default)]
struct Results {
    findings: Vec<(usize, Finding)>,
    notes: Vec<(usize, Note)>,
}

impl Analyzer {
    /// Lints `text` as [`check`] does, reusing what is remembered.
    pub fn check(&mut self, text: &str, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
        self.run(text, config, today, true)
    }

    /// How many units the last check analysed rather than remembered.
    pub fn units_analysed(&self) -> usize {
        self.analysed
    }

    /// The units of the last check: each one's span in the record and a
    /// 128-bit hash of its text (equal hashes, equal text). An adapter uses
    /// them to reuse what it derived from an unchanged unit's findings.
    pub fn units(&self) -> &[(Range<usize>, u128)] {
        &self.last_units
    }

    /// The units of the last check that a partial parse must read to see
    /// what the whole record reads (indices into [`Analyzer::units`]): the
    /// head (front matter), the first entry (the entries' heading level),
    /// and the first units holding a genogram block and a family
    /// composition section. See [`crate::parse::assemble`].
    pub fn record_wide_units(&self) -> Vec<usize> {
        let facts = |i: usize| self.units.get(&self.last_units[i].1).map(|c| &c.facts);
        let first = |holds: fn(&Facts) -> bool| {
            (0..self.last_units.len()).find(|&i| facts(i).is_some_and(holds))
        };
        let mut wide: Vec<usize> =
            [0, 1].into_iter().filter(|&i| i < self.last_units.len()).collect();
        wide.extend(first(|f| f.genogram.is_some()));
        wide.extend(first(|f| f.has_family_composition));
        wide.sort_unstable();
        wide.dedup();
        wide
    }

    fn run(
        &mut self,
        text: &str,
        config: &Config,
        today: NaiveDate,
        guarded: bool,
    ) -> Vec<Diagnostic> {
        self.generation += 1;
        self.analysed = 0;
        let generation = self.generation;
        // A byte-order mark is not part of the record: the analysis reads
        // the text after it (as the CLI reads a file), and every span is
        // moved back past it at the end. A lone CR is a line break like LF
        // (offsets unchanged).
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let text = &*crate::text::lf_line_breaks(&text[bom..]);
        let spans = self.splitter.split(text);
        let head = parse(&text[spans[0].clone()]);

        let keys: Vec<u128> =
            spans.iter().map(|span| xxh3_128(text[span.clone()].as_bytes())).collect();
        for key in &keys {
            if let Some(cached) = self.units.get_mut(key) {
                cached.used = generation;
            }
        }
        // Forget units no longer in the record.
        if self.units.len() > spans.len() {
            self.units.retain(|_, c| c.used == generation);
        }

        // The record's genogram is the first block anywhere, and every unit's
        // findings depend on it: find it first, parsing only the units that
        // may hold one (and keeping that parse for the rules below).
        let mut parsed: FxHashMap<usize, Record> = FxHashMap::default();
        let mut genogram = None;
        for (i, span) in spans.iter().enumerate() {
            let unit = &text[span.clone()];
            let found = match self.units.get(&keys[i]) {
                Some(cached) => cached.facts.genogram.as_deref().cloned(),
                None if i == 0 => head.genogram.clone(),
                None if mentions_genogram(unit) => {
                    let record = parse(unit);
                    let found = record.genogram.clone();
                    let facts = Facts::of(&record);
                    self.units.insert(keys[i], Cached { facts, results: None, used: generation });
                    parsed.insert(i, record);
                    found
                }
                None => None,
            };
            if let Some(found) = found {
                genogram = Some(found.shifted(span.start));
                break;
            }
        }
        let people = People::new(&head.front_matter, genogram.as_ref());
        let classifier = classifier(config);
        let context_key =
            context_key(text, &head.front_matter, genogram.as_ref(), config, today, guarded);

        // Each unit's findings: remembered, or found now (one unit's parse
        // in memory at a time).
        for (i, span) in spans.iter().enumerate() {
            let remembered = self.units.get(&keys[i]).and_then(|c| c.results.as_ref());
            if remembered.is_some_and(|(k, _)| *k == context_key) {
                continue;
            }
            self.analysed += 1;
            let own;
            let record = match (i, parsed.remove(&i)) {
                (0, _) => &head,
                (_, Some(record)) => {
                    own = record;
                    &own
                }
                (_, None) => {
                    own = parse(&text[span.clone()]);
                    &own
                }
            };
            let ctx = Context {
                record,
                front_matter: &head.front_matter,
                genogram: genogram.as_ref(),
                config,
                today,
                classifier: &classifier,
                people: &people,
                classified: OnceCell::new(),
            };
            let results = Some((context_key, Arc::new(analyse_unit(&ctx, guarded))));
            let facts = Facts::of(record);
            self.units.insert(keys[i], Cached { facts, results, used: generation });
        }

        // Gather every unit's findings and notes, in record offsets.
        let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); rules::ALL.len()];
        let mut notes: Vec<Vec<UnitNote>> = (0..rules::ALL.len()).map(|_| Vec::new()).collect();
        let mut comments = Vec::new();
        let mut has_entries = false;
        for (span, key) in spans.iter().zip(&keys) {
            let cached = &self.units[key];
            let results = &cached.results.as_ref().expect("analysed above").1;
            for (rule, finding) in &results.findings {
                findings[*rule].push(finding.clone().shifted(span.start));
            }
            for (rule, note) in &results.notes {
                notes[*rule].push(UnitNote { base: span.start, note: note.as_ref() });
            }
            comments.extend(
                cached.facts.comments.iter().map(|c| c.start + span.start..c.end + span.start),
            );
            has_entries |= cached.facts.has_entries;
        }

        let record_ctx = RecordContext {
            text,
            head: &head,
            genogram: genogram.as_ref(),
            config,
            today,
            people: &people,
            has_entries,
        };
        let mut diagnostics = Vec::new();
        for (index, rule) in rules::ALL.iter().enumerate() {
            let meta = rule.meta();
            let Level::On(severity) = config.level(meta.id, meta.default_severity) else {
                continue;
            };
            let mut found = std::mem::take(&mut findings[index]);
            let before = found.len();
            let completed =
                guard(guarded, || rule.check_record(&record_ctx, &notes[index], &mut found));
            if !completed {
                found.truncate(before);
            }
            found.sort_by_key(|f| (f.span.start, f.span.end));
            found.dedup_by(|a, b| a.span == b.span);
            diagnostics.extend(found.into_iter().map(|f| Diagnostic {
                rule: meta.id,
                severity,
                message: if config.training {
                    format!(
                        "{} (Principle: {}. Better: {})",
                        f.message,
                        meta.principle.title(),
                        meta.training_example
                    )
                } else {
                    f.message
                },
                span: f.span,
                related: f.related,
                fixes: f.fixes,
            }));
        }

        let source =
            suppress::Source { text, comments: &comments, first_content: first_content(&head) };
        let mut diagnostics = suppress::apply(&source, config, diagnostics);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        self.last_units = spans.into_iter().map(|s| s.start + bom..s.end + bom).zip(keys).collect();
        if bom > 0 {
            diagnostics = diagnostics.into_iter().map(|d| d.shifted(bom)).collect();
        }
        diagnostics
    }
}

/// Whether a unit's text may hold a genogram block (its info word is
/// matched without regard to case).
fn mentions_genogram(unit: &str) -> bool {
    unit.as_bytes().windows(8).any(|w| w.eq_ignore_ascii_case(b"genogram"))
}

/// Runs every enabled rule on one unit.
fn analyse_unit(ctx: &Context, guarded: bool) -> Results {
    let mut results = Results::default();
    for (index, rule) in rules::ALL.iter().enumerate() {
        let meta = rule.meta();
        if ctx.config.level(meta.id, meta.default_severity) == Level::Off {
            continue;
        }
        let mut found: Vec<Finding> = Vec::new();
        let mut note = None;
        // A defect in one rule must not stop the others from running.
        if !guard(guarded, || {
            rule.check(ctx, &mut found);
            note = rule.note(ctx);
        }) {
            continue;
        }
        found.sort_by_key(|f| (f.span.start, f.span.end));
        found.dedup_by(|a, b| a.span == b.span);
        results.findings.extend(found.into_iter().map(|f| (index, f)));
        if let Some(note) = note {
            results.notes.push((index, note));
        }
    }
    results
}

/// Runs `work`, catching a panic when `guarded`; whether it completed.
fn guard(guarded: bool, work: impl FnOnce()) -> bool {
    if guarded {
        catch_unwind(AssertUnwindSafe(work)).is_ok()
    } else {
        work();
        true
    }
}

fn classifier(config: &Config) -> Arc<Classifier> {
    // Most configurations add no words: share one compiled classifier, and
    // keep the few configured ones (an editor rarely has more than one).
    static DEFAULT: LazyLock<Arc<Classifier>> =
        LazyLock::new(|| Arc::new(Classifier::new(&Config::default())));
    static CONFIGURED: LazyLock<Mutex<HashMap<String, Arc<Classifier>>>> =
        LazyLock::new(Default::default);
    if config.vocabulary.values().all(Vec::is_empty) {
        return DEFAULT.clone();
    }
    let key = format!("{:?}", config.vocabulary);
    let mut configured = CONFIGURED.lock().unwrap_or_else(|e| e.into_inner());
    if configured.len() > 16 {
        configured.clear();
    }
    configured.entry(key).or_insert_with(|| Arc::new(Classifier::new(config))).clone()
}

/// Everything besides its own text that a unit's findings depend on.
fn context_key(
    text: &str,
    front_matter: &FrontMatter,
    genogram: Option<&Genogram>,
    config: &Config,
    today: NaiveDate,
    guarded: bool,
) -> u64 {
    let mut hasher = Xxh3::new();
    let source = |span: &Option<Range<usize>>| span.as_ref().map_or("", |s| &text[s.clone()]);
    hasher.update(source(&front_matter.span).as_bytes());
    hasher.update(&[0xff]);
    hasher.update(source(&genogram.map(|g| g.span.clone())).as_bytes());
    hasher.update(&[0xff]);
    hasher.update(format!("{config:?}|{today}|{guarded}").as_bytes());
    hasher.digest()
}

/// Where the record's content begins after the front matter: the first
/// character of prose (comments are blank in prose).
fn first_content(head: &Record) -> usize {
    let start = head.front_matter.span.as_ref().map_or(0, |s| s.end);
    head.prose[start..].find(|c: char| !c.is_whitespace()).map_or(head.prose.len(), |i| start + i)
}
