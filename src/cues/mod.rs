//! The fact/opinion classifier: finds the words in a sentence that state
//! the writer's opinion or hypothesis (SPEC §4, `unlabelled-opinion` and
//! `unlabelled-hypothesis`).
//!
//! It reads the sentence with quotes blanked, skips attributed speech
//! (`Ms Smith said…`, `According to the GP…`) up to a clause break
//! (`…, but she seemed tired`), and reads each cue word in context: an
//! evaluative adjective as a predicate or before a word for a person,
//! `may` as possibility rather than permission or the month, `could` as
//! possibility rather than ability, an evidential that is not negated.

mod structure;

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::OnceCell;
use std::ops::Range;

use crate::config::Config;
use crate::language::morphology::{Inflects, WordClass};
use crate::language::{tags, Pos};
use crate::parse::words::{self, PhraseSet, Word};
use crate::vocabulary::{self, Vocabulary};

/// Why a word is a cue: decides the wording of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// `I think`, `I am concerned`.
    Stance,
    /// `seemed`, `appeared`, `presented as`.
    Evidential,
    /// `clearly`, `obviously`.
    Certainty,
    /// `chaotic`, `a loving mother`, `interacted appropriately`.
    Evaluative,
    /// `Jamie was frightened`.
    InnerState,
    /// `a warm relationship`.
    Relationship,
    /// `at risk of significant harm`, `unable to protect`.
    RiskOrCapacity,
    /// `may`, `might`, `could be`.
    Modal,
    /// `probably`, `perhaps`.
    Likelihood,
    /// `suggests`, `indicates`.
    Inference,
    /// `it is possible that`.
    Speculation,
    /// `enjoys nursery`, `wanted the truck`: a like, wish or intention of
    /// someone else, asserted without a source.
    Preference,
    /// `a liar`, `misbehaving`, `acting up`: a label for a person or behaviour.
    Label,
    /// `carefully`, `slept badly`: a judgement of how something was done.
    Manner,
    /// `far too loud`, `overly emotional`.
    Degree,
    /// `to get our attention`, `on purpose`: a motive read into someone.
    Motive,
    /// `she must have forgotten`: an inference about what was not seen.
    MustInference,
    /// A word added in the configuration's `[vocabulary]`.
    Configured,
}

/// What a judgement is about, read from the clause's subject: names the
/// target in the message (`"squalid" judges the home`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// A person named, a pronoun, a word for a person, or a note-style
    /// fragment with no subject (`Seemed tired.`).
    Person,
    /// `the flat`, `Jamie's bedroom`.
    Home,
    /// `their relationship`.
    Relationship,
    /// `his behaviour`, `her manner`, `the conditions`.
    Conduct,
    /// `I`, `we`.
    Writer,
    /// Anything else (`the water`, `the bill`).
    Thing,
    /// Not read.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    pub span: Range<usize>,
    /// The cue as written.
    pub text: String,
    /// What the judgement is about, where the clause says.
    pub about: About,
}

type Phrases = Vec<(Vec<String>, CueKind)>;

/// How an evaluative or inner-state word must be used to be a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// Anywhere (stance, risk, likelihood…).
    Always,
    /// Not negated, and `appear` not meaning "turn up" (`seemed`, `appeared`).
    Evidential,
    /// Not describing how something was said or seen (`clearly`).
    Certainty,
    /// As a predicate or before a word for a person (`evaluative`).
    Evaluative,
    /// As a predicate or about a person (`mental-state`: `was frightened`, `a happy boy`).
    InnerState,
    /// About a home only (`home-evaluative`: `the flat was clean`, not `the area was clean`).
    Home,
}

/// Cue lists compiled for one configuration.
pub struct Classifier {
    opinion_phrases: PhraseSet<(CueKind, Usage)>,
    relationship_words: FxHashSet<String>,
    hypothesis_phrases: PhraseSet<CueKind>,
    speculative_verbs: FxHashSet<String>,
    permission_verbs: FxHashSet<String>,
    reporting_verbs: FxHashSet<String>,
    attribution_frames: Vec<Vec<String>>,
    first_person: FxHashSet<String>,
    negations: FxHashSet<String>,
    negating_frames: PhraseSet<()>,
    copulas: FxHashSet<String>,
    intensifiers: FxHashSet<String>,
    person_nouns: FxHashSet<String>,
    relationship_nouns: FxHashSet<String>,
    month_prepositions: FxHashSet<String>,
    home_nouns: FxHashSet<String>,
    plain_clearly: FxHashSet<String>,
    appear_places: FxHashSet<String>,
    function_words: FxHashSet<String>,
    /// Irregular past participles (`must have forgotten`).
    participles: FxHashSet<String>,
    /// Words between a reporting verb and its subject (`I have also said`).
    subject_skip: FxHashSet<String>,
    /// Words after a comma that open a clause in the writer's voice.
    comma_breaks: FxHashSet<String>,
    /// Whether `;` opens a clause in the writer's voice.
    semicolon_breaks: bool,
    /// The word classes the clause reading uses.
    lexicon: structure::Lexicon,
}

/// Reads the vocabulary's lists by name, remembering which were read so that
/// a test can show that no list in the classifier's tables goes unread (a
/// misspelt name in the file), while [`Vocabulary::list`] fails on a name
/// the file lacks (a misspelt name in code).
#[derive(Default)]
pub(crate) struct ListReader {
    read: std::cell::RefCell<Vec<String>>,
}

impl ListReader {
    fn list<'v>(&self, table: &'v vocabulary::Aliases, key: &str) -> &'v [String] {
        self.read.borrow_mut().push(key.to_string());
        Vocabulary::list(table, key)
    }

    fn set(&self, table: &vocabulary::Aliases, key: &str) -> FxHashSet<String> {
        self.list(table, key).iter().map(|w| w.to_lowercase()).collect()
    }

    fn phrases(&self, table: &vocabulary::Aliases, key: &str) -> Vec<Vec<String>> {
        self.list(table, key).iter().map(|p| words::phrase(p)).collect()
    }

    fn tagged(&self, table: &vocabulary::Aliases, key: &str, kind: CueKind) -> Phrases {
        self.phrases(table, key).into_iter().map(|p| (p, kind)).collect()
    }
}

impl Classifier {
    pub fn new(config: &Config) -> Classifier {
        Classifier::read(config, &ListReader::default())
    }

    fn read(config: &Config, r: &ListReader) -> Classifier {
        let v = vocabulary::get();
        let extra = |category: &str| -> Phrases {
            config
                .vocabulary
                .get(category)
                .into_iter()
                .flatten()
                .map(|p| (words::phrase(p), CueKind::Configured))
                .filter(|(p, _)| !p.is_empty())
                .collect()
        };
        let o = &v.opinion;
        let mut opinion_phrases = r.tagged(o, "stance", CueKind::Stance);
        opinion_phrases.extend(r.tagged(o, "judgement-phrases", CueKind::Evaluative));
        opinion_phrases.extend(r.tagged(o, "risk-and-capacity", CueKind::RiskOrCapacity));
        opinion_phrases.extend(r.tagged(o, "motives", CueKind::Motive));
        opinion_phrases.extend(extra("opinion"));
        let with = |key: &str, kind: CueKind, usage: Usage| {
            r.phrases(o, key).into_iter().map(move |p| (p, (kind, usage)))
        };
        let opinion_phrases = opinion_phrases
            .into_iter()
            .map(|(p, kind)| (p, (kind, Usage::Always)))
            .chain(with("evidential", CueKind::Evidential, Usage::Evidential))
            .chain(with("epistemic-adverbs", CueKind::Certainty, Usage::Certainty))
            .chain(with("evaluative", CueKind::Evaluative, Usage::Evaluative))
            .chain(with("mental-state", CueKind::InnerState, Usage::InnerState))
            .chain(with("home-evaluative", CueKind::Evaluative, Usage::Home));
        let h = &v.hypothesis;
        let mut hypothesis_phrases = r.tagged(h, "constructions", CueKind::Speculation);
        hypothesis_phrases.extend(r.tagged(h, "adverbs", CueKind::Likelihood));
        hypothesis_phrases.extend(r.tagged(h, "verbs", CueKind::Inference));
        hypothesis_phrases.extend(extra("hypothesis"));
        let g = &v.grammar_words;
        let mut comma_breaks = FxHashSet::default();
        let mut semicolon_breaks = false;
        for entry in r.list(&v.attribution, "scope-breaks") {
            let word = entry.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            match (entry.trim_start().starts_with(';'), word.is_empty()) {
                (true, _) => semicolon_breaks = true,
                (false, false) => {
                    comma_breaks.insert(word);
                }
                (false, true) => {}
            }
        }
        Classifier {
            opinion_phrases: PhraseSet::new(opinion_phrases),
            relationship_words: r.set(o, "relationship"),
            hypothesis_phrases: PhraseSet::new(hypothesis_phrases),
            speculative_verbs: r.set(h, "speculative-verbs"),
            permission_verbs: r.set(h, "permission-verbs"),
            reporting_verbs: r.set(&v.attribution, "reporting-verbs"),
            attribution_frames: r.phrases(&v.attribution, "frames"),
            first_person: r.set(&v.attribution, "first-person"),
            comma_breaks,
            semicolon_breaks,
            participles: r.set(g, "irregular-participles"),
            subject_skip: r.set(g, "subject-skip-words"),
            negations: r.set(&v.negation, "words"),
            negating_frames: PhraseSet::new(
                r.phrases(g, "negating-frames").into_iter().map(|p| (p, ())),
            ),
            copulas: r.set(g, "copulas"),
            intensifiers: r.set(g, "intensifiers"),
            person_nouns: r.set(g, "person-nouns"),
            relationship_nouns: r.set(g, "relationship-nouns"),
            month_prepositions: r.set(g, "month-prepositions"),
            home_nouns: r.set(o, "home-nouns"),
            plain_clearly: r.set(g, "plain-clearly-neighbours"),
            appear_places: r.set(g, "appear-places"),
            function_words: r.set(g, "function-words"),
            lexicon: structure::Lexicon::read(r),
        }
    }

    /// Both rules' cues for `text[sentence]` (quotes already blanked), from
    /// one reading of the sentence.
    pub fn classify(&self, text: &str, sentence: Range<usize>) -> Classified {
        let reading = Reading::new(self, text, sentence);
        let hypothesis = self.hypotheses_in(&reading);
        let at = inference_start(&hypothesis);
        let opinion = self.opinions_in(&reading, &|| at);
        Classified { opinion, hypothesis }
    }

    /// The opinion cues in `text[sentence]` (quotes already blanked).
    pub fn opinion_cues(&self, text: &str, sentence: Range<usize>) -> Vec<Cue> {
        let reading = Reading::new(self, text, sentence);
        // Computed only for sentences that have a candidate.
        let inference_at = std::cell::OnceCell::new();
        let inference_at =
            || *inference_at.get_or_init(|| inference_start(&self.hypotheses_in(&reading)));
        self.opinions_in(&reading, &inference_at)
    }

    /// A feeling or judgement inside an inference (`which indicates she was
    /// worried`) is part of the hypothesis, not a separate opinion:
    /// `inference_at` gives where the first inference starts.
    fn opinions_in(&self, reading: &Reading, inference_at: &dyn Fn() -> usize) -> Vec<Cue> {
        let mut cues = Vec::new();
        // Relationship judgements first: at the same word, their message is the more precise.
        let first_relationship_noun = reading
            .words
            .iter()
            .position(|w| self.relationship_nouns.contains(w.lower.as_str()))
            .unwrap_or(usize::MAX);
        for (i, word) in reading.words.iter().enumerate() {
            if !self.relationship_words.contains(word.lower.as_str()) {
                continue;
            }
            // `a warm relationship`, `a good working relationship`,
            // `their relationship is good`.
            let before_noun =
                (1..=2).any(|k| self.relationship_nouns.contains(reading.lower(i + k)));
            let noun_earlier = first_relationship_noun < i;
            if before_noun || (noun_earlier && reading.is_predicate(i)) {
                reading.push_if_own(&mut cues, i, 1, CueKind::Relationship, true);
            }
        }
        for (at, len, (kind, usage)) in self.opinion_phrases.find_all(&reading.words) {
            match usage {
                // Negation does not undo a judgement of risk (`is not at
                // risk`) or a stance (`I do not think`).
                Usage::Always => reading.push_if_own(&mut cues, at, len, kind, false),
                Usage::Evidential => {
                    if reading.is_impression(at, len) {
                        reading.push_if_own(&mut cues, at, len, kind, true);
                    }
                }
                Usage::Certainty => {
                    let plain = len == 1
                        && reading.words[at].lower == "clearly"
                        && (self.plain_clearly.contains(reading.lower(at.wrapping_sub(1)))
                            || self.plain_clearly.contains(reading.lower(at + 1)));
                    if !plain {
                        reading.push_if_own(&mut cues, at, len, kind, false);
                    }
                }
                Usage::Evaluative => {
                    let adverb = len == 1 && reading.words[at].lower.ends_with("ly");
                    let predicate = reading.is_predicate(at);
                    if len > 1 || adverb || predicate || reading.qualifies_a_person(at + len) {
                        let about = reading.about(at, len, predicate);
                        reading.push_about(&mut cues, at, len, kind, true, about);
                    }
                }
                Usage::Home => {
                    // `the flat was warm`, `a warm home`; not `the radiator
                    // was warm`, nor `the warm home discount` (a compound).
                    let about_a_home = reading.subject(at.saturating_sub(1)) == About::Home
                        && reading.is_predicate(at)
                        || (at + len..at + len + 2).any(|k| {
                            self.home_nouns.contains(reading.lower(k)) && reading.ends_phrase(k)
                        });
                    if about_a_home {
                        reading.push_about(&mut cues, at, len, kind, true, About::Home);
                    }
                }
                Usage::InnerState => {
                    // `happy to help`, `content for Jamie to go`: willingness, not a feeling.
                    let willing = matches!(reading.words[at].lower.as_str(), "happy" | "content")
                        && matches!(reading.lower(at + len), "to" | "for");
                    let used =
                        len > 1 || reading.is_predicate(at) || reading.qualifies_a_person(at + len);
                    if !willing && used && reading.words[at].span.start <= inference_at() {
                        reading.push_if_own(&mut cues, at, len, kind, true);
                    }
                }
            }
        }
        reading.clause_cues(&mut cues, inference_at);
        finish(cues)
    }

    /// The hypothesis cues in `text[sentence]` (quotes already blanked).
    pub fn hypothesis_cues(&self, text: &str, sentence: Range<usize>) -> Vec<Cue> {
        self.hypotheses_in(&Reading::new(self, text, sentence))
    }

    fn hypotheses_in(&self, reading: &Reading) -> Vec<Cue> {
        let mut cues = Vec::new();
        // `may … at any time` grants permission.
        let any_time = reading
            .words
            .windows(2)
            .any(|p| p[0].lower == "any" && matches!(p[1].lower.as_str(), "time" | "point"))
            || reading.words.iter().any(|w| w.lower == "anytime");
        for (at, len, kind) in self.hypothesis_phrases.find_all(&reading.words) {
            // `I suggest` is advice, not inference.
            let advice = kind == CueKind::Inference
                && self.first_person.contains(reading.lower(at.wrapping_sub(1)));
            if !advice {
                reading.push_if_own(&mut cues, at, len, kind, kind == CueKind::Inference);
            }
        }
        for (i, word) in reading.words.iter().enumerate() {
            let next = reading.next_content_word(i);
            let speculative = match word.lower.as_str() {
                "may" => {
                    !reading.is_month(i)
                        && !self.permission_verbs.contains(next)
                        && reading.perfect_if_have(i)
                        && !any_time
                }
                "might" => true,
                "could" | "would" => {
                    self.speculative_verbs.contains(next)
                        && reading.perfect_if_have(i)
                        && !matches!(reading.lower(i + 1), "not" | "n't")
                        && (word.lower == "could"
                            || matches!(
                                next,
                                "suggest" | "indicate" | "explain" | "mean" | "imply"
                            ))
                }
                _ => false,
            };
            if speculative {
                reading.push_if_own(&mut cues, i, 1, CueKind::Modal, false);
            }
        }
        reading.inference_cues(&mut cues);
        finish(cues)
    }
}

/// The cues of one sentence, for both rules.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    pub opinion: Vec<Cue>,
    pub hypothesis: Vec<Cue>,
}

/// Where the first inference of a sentence starts (`must be sad` is an
/// inference and a feeling read in: both, so it does not count).
fn inference_start(hypothesis: &[Cue]) -> usize {
    hypothesis
        .iter()
        .find(|c| c.kind != CueKind::MustInference)
        .map_or(usize::MAX, |c| c.span.start)
}

/// Sorted by position, without overlapping duplicates.
fn finish(mut cues: Vec<Cue>) -> Vec<Cue> {
    cues.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut out: Vec<Cue> = Vec::new();
    for cue in cues {
        if out.last().is_none_or(|last| cue.span.start >= last.span.end) {
            out.push(cue);
        }
    }
    out
}

/// One sentence's words, with which of them are the writer's own voice.
struct Reading<'c> {
    classifier: &'c Classifier,
    text: &'c str,
    words: Vec<Word>,
    /// `true` for words inside attributed speech.
    attributed: Vec<bool>,
    /// Index of the first word after a negating frame (`no sign that`).
    negated_from: usize,
    /// Word classes, tagged on first use: most sentences never need them.
    tags: OnceCell<Vec<Pos>>,
    /// The clause reading's phrases, found on first use.
    structural: OnceCell<Vec<(usize, usize, structure::Structural)>>,
}

impl<'c> Reading<'c> {
    fn new(classifier: &'c Classifier, text: &'c str, sentence: Range<usize>) -> Self {
        let words = words::words(text, sentence);
        let mut reading = Reading {
            classifier,
            text,
            attributed: vec![false; words.len()],
            words,
            negated_from: usize::MAX,
            tags: OnceCell::new(),
            structural: OnceCell::new(),
        };
        reading.mark_attribution();
        reading.negated_from = classifier
            .negating_frames
            .find_all(&reading.words)
            .into_iter()
            .map(|(at, len, ())| at + len)
            .min()
            .unwrap_or(usize::MAX);
        reading
    }

    fn lower(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.lower.as_str())
    }

    /// The word as written.
    fn written(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| &self.text[w.span.clone()])
    }

    /// The class of word `i` (`Pos::Other` past the end).
    fn pos(&self, i: usize) -> Pos {
        let tags = self.tags.get_or_init(|| {
            let written: Vec<&str> = (0..self.words.len()).map(|k| self.written(k)).collect();
            tags::tag(&written)
        });
        tags.get(i).copied().unwrap_or(Pos::Other)
    }

    /// Reported speech: from a reporting verb whose subject is not the
    /// writer, or from `according to`, up to a clause break.
    fn mark_attribution(&mut self) {
        let c = self.classifier;
        let mut i = 0;
        while i < self.words.len() {
            let starts = if c
                .attribution_frames
                .iter()
                .any(|f| words::starts_with_phrase(&self.words[i..], f))
            {
                true
            } else if c.reporting_verbs.contains(self.words[i].lower.as_str()) {
                let subject = self.subject_before(i);
                // `I said` is the writer; `the flat felt calmer` is a place,
                // not a speaker; `would be explained by` is a passive guess.
                let writer = c.first_person.contains(subject);
                let place = c.home_nouns.contains(subject) || subject == "it";
                let passive_guess = i > 0 && matches!(self.lower(i - 1), "be" | "been");
                // `felt comforted`, `feels sick`: a feeling asserted, not a
                // view reported (`felt that the school…`, `felt she…`).
                let feeling = matches!(self.lower(i), "felt" | "feels" | "feel" | "feeling")
                    && !matches!(self.lower(i + 1), "that" | "it")
                    && !matches!(self.pos(i + 1), Pos::Pronoun | Pos::Determiner | Pos::Name);
                !(writer || place || passive_guess || feeling)
            } else {
                false
            };
            if starts {
                let mut j = i;
                while j < self.words.len() && (j == i || !self.clause_break_before(j)) {
                    self.attributed[j] = true;
                    j += 1;
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }

    /// The word standing as subject of the verb at `i`, skipping auxiliaries
    /// and adverbs (`I have also said`).
    fn subject_before(&self, i: usize) -> &str {
        let mut k = i;
        while k > 0 {
            k -= 1;
            let w = self.lower(k);
            if !self.classifier.subject_skip.contains(w) {
                return w;
            }
        }
        ""
    }

    /// Whether a new clause in the writer's voice starts at word `j`:
    /// after `;`, or after a comma before `but`, `although`, `however`, or
    /// `which` (the writer's comment on what was said).
    fn clause_break_before(&self, j: usize) -> bool {
        let c = self.classifier;
        let gap = &self.text[self.words[j - 1].span.end..self.words[j].span.start];
        (c.semicolon_breaks && gap.contains(';'))
            || (gap.contains(',') && c.comma_breaks.contains(self.words[j].lower.as_str()))
    }

    /// Whether words `at..at + len` are the writer's own (not attributed)
    /// and, when `negatable`, not negated.
    fn push_if_own(
        &self,
        cues: &mut Vec<Cue>,
        at: usize,
        len: usize,
        kind: CueKind,
        negatable: bool,
    ) {
        self.push_about(cues, at, len, kind, negatable, About::Unknown);
    }

    /// [`Self::push_if_own`], saying what the judgement is about.
    fn push_about(
        &self,
        cues: &mut Vec<Cue>,
        at: usize,
        len: usize,
        kind: CueKind,
        negatable: bool,
        about: About,
    ) {
        if !self.own(at, len) {
            return;
        }
        if negatable && (at >= self.negated_from || self.negated(at) || self.conditional(at)) {
            return;
        }
        let span = self.words[at].span.start..self.words[at + len - 1].span.end;
        cues.push(Cue { kind, text: self.text[span.clone()].to_string(), span, about });
    }

    /// Whether words `at..at + len` are in the writer's voice (not attributed).
    fn own(&self, at: usize, len: usize) -> bool {
        at + len <= self.words.len() && !self.attributed[at..at + len].iter().any(|a| *a)
    }

    /// Inside an `if` or `unless` clause (`ring me if he is worried`): a
    /// condition, not something the writer asserts.
    fn conditional(&self, at: usize) -> bool {
        // `If …, then X may …`: the condition ends at `then`. The look-back
        // is bounded: a condition longer than this is not read as one.
        (at.saturating_sub(40)..at)
            .rev()
            .take_while(|&k| {
                !self.clause_break_before(k + 1)
                    && !self.comma_before(k + 1)
                    && self.lower(k + 1) != "then"
            })
            .any(|k| matches!(self.lower(k), "if" | "unless" | "whenever" | "whether"))
    }

    /// Whether a comma stands before word `j`.
    fn comma_before(&self, j: usize) -> bool {
        j > 0 && self.text[self.words[j - 1].span.end..self.words[j].span.start].contains(',')
    }

    /// A negation among the three words before `at` (`did not seem`).
    fn negated(&self, at: usize) -> bool {
        (at.saturating_sub(3)..at).any(|k| {
            let w = self.lower(k);
            self.classifier.negations.contains(w) || w.ends_with("n't")
        })
    }

    /// Whether the word at `at` is a predicate: it follows a copula
    /// (possibly through intensifiers), is not in an existential `there
    /// was …`, and is not itself qualifying a following noun (`were dirty
    /// plates`).
    fn is_predicate(&self, at: usize) -> bool {
        let c = self.classifier;
        let mut k = at;
        loop {
            if k == 0 {
                return false;
            }
            k -= 1;
            let w = self.lower(k);
            if c.copulas.contains(w) {
                break;
            }
            // Intensifiers and other adverbs: `was very defensive`, `was verbally aggressive`.
            let adverb = w.len() > 4 && w.ends_with("ly");
            if !c.intensifiers.contains(w) && !c.negations.contains(w) && !adverb {
                return false;
            }
        }
        let existential = k > 0 && self.lower(k - 1) == "there";
        !existential && self.ends_phrase(at)
    }

    /// Whether the word at `at` ends its phrase: nothing follows, or
    /// punctuation, or a function word (`dirty and`, `hostile towards`).
    fn ends_phrase(&self, at: usize) -> bool {
        let Some(next) = self.words.get(at + 1) else { return true };
        let gap = &self.text[self.words[at].span.end..next.span.start];
        gap.chars().any(|ch| !ch.is_whitespace())
            || self.classifier.function_words.contains(next.lower.as_str())
    }

    /// Whether the word at `after` (or the next one, past another adjective)
    /// is a word for a person, home or relationship.
    fn qualifies_a_person(&self, after: usize) -> bool {
        (after..after + 2).any(|k| self.classifier.person_nouns.contains(self.lower(k)))
    }

    /// After a modal, `have` speculates only as a perfect (`could have
    /// been`, `may have caused`); `could have a toothbrush` is possession.
    fn perfect_if_have(&self, modal: usize) -> bool {
        let mut k = modal + 1;
        while matches!(self.lower(k), "not" | "well" | "also" | "possibly" | "even") {
            k += 1;
        }
        if self.lower(k) != "have" {
            return true;
        }
        let after = self.lower(k + 1);
        after == "been"
            || after == "to"
            || after.ends_with("ed")
            || after.ends_with("en")
            || self.classifier.participles.contains(after)
    }

    /// The next word after `i` that is not an adverb such as `not` or `well`.
    fn next_content_word(&self, i: usize) -> &str {
        let mut k = i + 1;
        while matches!(
            self.lower(k),
            "not" | "well" | "also" | "still" | "possibly" | "even" | "only" | "then" | "already"
        ) {
            k += 1;
        }
        self.lower(k)
    }

    /// `May` the month: capitalised inside a sentence, or before a number.
    fn is_month(&self, i: usize) -> bool {
        let word = &self.words[i];
        let capitalised = self.text[word.span.clone()].starts_with('M');
        let next_is_number = self.lower(i + 1).chars().next().is_some_and(|c| c.is_ascii_digit());
        let after_preposition =
            i > 0 && self.classifier.month_prepositions.contains(self.lower(i - 1));
        capitalised && (i > 0 || next_is_number || after_preposition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(sentence: &str) -> (Vec<String>, Vec<String>) {
        let c = Classifier::new(&Config::default());
        let range = 0..sentence.len();
        let texts = |v: Vec<Cue>| v.into_iter().map(|c| c.text).collect::<Vec<_>>();
        (texts(c.opinion_cues(sentence, range.clone())), texts(c.hypothesis_cues(sentence, range)))
    }

    #[test]
    fn evaluative_words_as_predicates_but_not_before_objects() {
        assert_eq!(cues("The living room was cluttered.").0, ["cluttered"]);
        assert_eq!(cues("There were dirty plates on the floor.").0, Vec::<String>::new());
        assert_eq!(cues("Ms Whitley is a loving mother.").0, ["loving"]);
        assert_eq!(cues("Ms Okafor has a warm relationship with Daniel.").0, ["warm"]);
        assert_eq!(cues("Ms Fraser interacted appropriately with Toby.").0, ["appropriately"]);
        assert_eq!(cues("Jamie is a happy boy.").0, ["happy"]);
        assert_eq!(cues("The flat was clean and warm.").0, ["clean"]);
        assert_eq!(
            cues("The cord had separated and the area was clean and dry.").0,
            Vec::<String>::new()
        );
        assert_eq!(cues("Nia is a delightful little girl.").0, ["delightful"]);
        assert_eq!(cues("I'm worried that Kian is doing too much.").0, ["I'm worried"]);
        assert_eq!(cues("Jamie was happy to show me his room.").0, Vec::<String>::new());
        assert_eq!(cues("Their bond is strong.").0, ["strong"]);
        assert_eq!(cues("It was clear that Jamie had not eaten.").0, ["It was clear that"]);
    }

    #[test]
    fn attributed_speech_is_not_the_writers_voice() {
        assert_eq!(
            cues("Mr Finch said Kayla seemed withdrawn in lessons.").0,
            Vec::<String>::new()
        );
        assert_eq!(
            cues("Ms Doherty said Reece was home, but she seemed exhausted.").0,
            ["seemed", "exhausted"]
        );
        assert_eq!(
            cues("According to Mrs Sykes, Kyle is probably hungry.").1,
            Vec::<String>::new()
        );
        assert_eq!(cues("I felt Ms Patel was being honest with me.").0, ["I felt", "being honest"]);
    }

    #[test]
    fn modal_senses() {
        assert_eq!(cues("This may be linked to the new baby.").1, ["may"]);
        assert_eq!(cues("Ms Smith may ring the duty team at any time.").1, Vec::<String>::new());
        assert_eq!(cues("Since May, Jayden has been missing.").1, Vec::<String>::new());
        assert_eq!(cues("Jamie could not reach the tap.").1, Vec::<String>::new());
        assert_eq!(
            cues("The mark could have been caused by the buckle.").1,
            ["could have been caused by"]
        );
        assert_eq!(cues("He will appear at Leeds Magistrates' Court.").0, Vec::<String>::new());
        assert_eq!(cues("Kyle asked me if he could have a toothbrush.").1, Vec::<String>::new());
        assert_eq!(cues("Jamie could have a bath at his nan's.").1, Vec::<String>::new());
        assert_eq!(cues("The bruise may have come from a fall.").1, ["may"]);
    }

    #[test]
    fn negated_observations_are_facts() {
        assert_eq!(
            cues("There was no sign that Priya was frightened of her mother.").0,
            Vec::<String>::new()
        );
        assert_eq!(
            cues("Jamie is not at risk of significant harm.").0,
            ["at risk of significant harm"]
        );
        assert_eq!(cues("Jake may phone me if he is worried.").0, Vec::<String>::new());
        assert_eq!(cues("The flat felt calmer than on my earlier visits.").0, ["calmer"]);
        assert_eq!(
            cues("Her weight gain would be explained by weak feeds.").1,
            ["would be explained by"]
        );
        assert_eq!(
            cues("She rang at once, which indicates she was worried.").0,
            Vec::<String>::new()
        );
        assert_eq!(cues("The delay indicates that the parents are neglectful.").0, ["neglectful"]);
        assert_eq!(cues("If he rings, Jake is worried.").0, ["worried"]);
    }

    /// Opinion cues as written, for sentences the guidance's groups describe
    /// (the sentences are the team's own).
    fn opinions(sentence: &str) -> Vec<String> {
        cues(sentence).0
    }

    #[test]
    fn predicates_about_people_judge_unless_observable() {
        assert_eq!(opinions("Mr Reid turned up hungover."), ["hungover"]);
        assert_eq!(opinions("Kerry-Ann is very stubborn about bedtime."), ["stubborn"]);
        assert_eq!(opinions("Her reading is not well developed."), ["well"]);
        assert_eq!(opinions("Mo was barefoot and asleep on the sofa."), Vec::<String>::new());
        assert_eq!(opinions("The kettle was hot and the window was open."), Vec::<String>::new());
        assert_eq!(opinions("Dylan was far too noisy in the waiting room."), ["far too noisy"]);
        assert_eq!(opinions("Leah is too young to give her views in words."), Vec::<String>::new());
        assert_eq!(opinions("Ms Kaye was agitated when I arrived."), ["agitated"]);
        assert_eq!(opinions("Ms Kaye was arrested at 14:00."), Vec::<String>::new());
        assert_eq!(opinions("Finn is nauseous."), ["nauseous"]);
        assert_eq!(opinions("Aaron is being silly."), ["being silly"]);
    }

    #[test]
    fn likes_wishes_and_intentions_need_a_source() {
        assert_eq!(opinions("Zara enjoys swimming club."), ["enjoys"]);
        assert_eq!(opinions("Ollie hates bath time."), ["hates"]);
        assert_eq!(opinions("Ollie told me he hates bath time."), Vec::<String>::new());
        assert_eq!(opinions("Mia doesn't like sharing the tablet."), ["like"]);
        assert_eq!(opinions("Ben pushed Ava because he wanted the swing."), ["wanted"]);
        assert_eq!(opinions("Ruby missed the bus twice this week."), Vec::<String>::new());
        assert_eq!(opinions("Ruby missed her grandad."), ["missed"]);
        assert_eq!(opinions("That looks like a bruise."), ["looks"]);
        assert_eq!(opinions("I would like a copy of the minutes."), Vec::<String>::new());
        assert_eq!(opinions("Kai didn't feel like eating his tea."), ["feel like"]);
    }

    #[test]
    fn labels_manner_and_ability() {
        assert_eq!(opinions("Tom is a liar."), ["liar"]);
        assert_eq!(opinions("Jess was misbehaving in assembly."), ["misbehaving"]);
        assert_eq!(opinions("Jess was lying on the bed."), Vec::<String>::new());
        assert_eq!(opinions("Mr Pryce was lying about the money."), ["lying"]);
        assert_eq!(opinions("Noah carefully stacked the cups."), ["carefully"]);
        assert_eq!(opinions("Noah stacked the cups slowly."), Vec::<String>::new());
        assert_eq!(opinions("Had a bad weekend."), ["bad"]);
        assert_eq!(opinions("Eva slept badly."), ["badly"]);
        assert_eq!(opinions("Good morning was the first thing he said."), Vec::<String>::new());
        assert_eq!(opinions("Sami struggles with reading."), ["struggles with"]);
        assert_eq!(opinions("Sami struggled to open the door."), Vec::<String>::new());
        assert_eq!(opinions("Cara can't settle at night."), ["can't settle"]);
        assert_eq!(opinions("Cara could not reach the tap."), Vec::<String>::new());
        assert_eq!(opinions("Jack is a sensible and thoughtful boy."), ["sensible"]);
        assert_eq!(
            opinions("A tall man and an older woman were at the door."),
            Vec::<String>::new()
        );
        assert_eq!(opinions("He threw the cup to get attention."), ["get attention"]);
        assert_eq!(opinions("I found her comments hurtful."), ["found her comments hurtful"]);
    }

    #[test]
    fn inference_with_must_and_unseen_causes() {
        let hypotheses = |s: &str| cues(s).1;
        assert_eq!(hypotheses("He must have forgotten the appointment."), ["must have"]);
        assert_eq!(hypotheses("She must be tired after the night shift."), ["must be"]);
        assert_eq!(hypotheses("The form must be signed by Friday."), Vec::<String>::new());
        assert_eq!(hypotheses("Parents must be present at the review."), Vec::<String>::new());
        assert_eq!(hypotheses("You must attend every appointment."), Vec::<String>::new());
        assert_eq!(
            hypotheses("He appeared to have slipped as a result of the wet floor."),
            ["appeared to have"]
        );
        assert_eq!(hypotheses("I expect that he will move out."), ["I expect"]);
        assert_eq!(hypotheses("I expect the report by Friday."), Vec::<String>::new());
        assert_eq!(hypotheses("The drop in attendance is down to the new baby."), ["down to"]);
        assert_eq!(hypotheses("The bill is down to £40."), Vec::<String>::new());
        assert_eq!(hypotheses("If he drinks, then he may hit her."), ["may"]);
        assert_eq!(hypotheses("Ms Dale may pay her rent at any time."), Vec::<String>::new());
        // `must be sad` is both an inference and a feeling read in.
        assert_eq!(cues("He must be sad because he drew in black.").0, ["sad"]);
    }

    #[test]
    fn every_list_in_the_classifiers_tables_is_read() {
        let reader = ListReader::default();
        Classifier::read(&Config::default(), &reader);
        let read = reader.read.borrow();
        let v = vocabulary::get();
        for (name, table) in [
            ("opinion", &v.opinion),
            ("hypothesis", &v.hypothesis),
            ("grammar-words", &v.grammar_words),
            ("attribution", &v.attribution),
            ("negation", &v.negation),
        ] {
            for key in table.keys() {
                assert!(read.contains(key), "grammar/vocabulary.toml [{name}] {key} is never read");
            }
        }
    }

    #[test]
    #[should_panic(expected = "no list named `no-such-list`")]
    fn a_misspelt_list_name_is_an_error() {
        Vocabulary::list(&vocabulary::get().opinion, "no-such-list");
    }
}
