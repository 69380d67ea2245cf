//! Cues read from the structure of a clause rather than from a word alone:
//! what a linking verb says about its subject (`Tom is bossy`, `turned up
//! hungover`), likes and wishes asserted for someone else (`enjoys
//! nursery`), adjectives before a word for a person (`a smart child`),
//! judgements of manner and degree (`carefully`, `far too loud`), labels
//! (`a liar`, `misbehaving`), judgements of ability (`can't relate to other
//! children`) and inference with `must` (`she must have forgotten`).
//!
//! Each reads word classes from the vocabulary (lemmas, every inflection
//! found) and, where a word's class is in doubt, from the tagger.

use super::*;

/// A linking verb's kind, by its lemma.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
    Be,
    Feel,
    /// `seem`, `appear`, `look`, `sound`, `come across`: cues by themselves.
    Evidential,
    Other,
}

/// What a phrase of the clause reading's word classes is: all are found
/// in one pass over a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Structural {
    Link(Link),
    /// A like or wish; `miss` only about a person.
    Preference {
        miss: bool,
    },
    /// A label for behaviour; `lie` not about a posture.
    Behaviour {
        lie: bool,
    },
    PersonLabel,
    /// A judgement of ability; `struggled to open` is a physical fact.
    Ability {
        struggle: bool,
    },
}

/// The vocabulary's word classes for the clause reading.
pub(super) struct Lexicon {
    evaluative_anywhere: FxHashSet<String>,
    /// The single words of `opinion.evaluative`: adjectives whatever the tagger says.
    evaluative: FxHashSet<String>,
    observable: WordClass,
    inner_adjectives: WordClass,
    inner_verbs: WordClass,
    judging_manner: WordClass,
    person_labels: PhraseSet<()>,
    behaviour_lemmas: WordClass,
    excess: PhraseSet<()>,
    linking: PhraseSet<Link>,
    capacity: WordClass,
    /// Linking verbs, likes, labels and ability judgements, by every form.
    structural: PhraseSet<Structural>,
    inference_verbs: FxHashSet<String>,
    nouns_for_people: FxHashSet<String>,
    person_pronouns: FxHashSet<String>,
    writer: FxHashSet<String>,
    auxiliaries: FxHashSet<String>,
    fixed_phrases: PhraseSet<()>,
    posture: FxHashSet<String>,
    physical: FxHashSet<String>,
    thing_pronouns: FxHashSet<String>,
    months: FxHashSet<String>,
    determiners: FxHashSet<String>,
    prepositions: FxHashSet<String>,
    conduct_nouns: FxHashSet<String>,
}

fn link_of(lemma: &str) -> Link {
    match lemma {
        "be" => Link::Be,
        "feel" => Link::Feel,
        "seem" | "appear" | "look" | "sound" | "come across" => Link::Evidential,
        _ => Link::Other,
    }
}

/// Every form of a class as a phrase, tagged by `tag(lemma)`.
fn inflected_phrases<'a, T: Copy + 'a>(
    class: &'a WordClass,
    tag: impl Fn(&str) -> T + 'a,
) -> impl Iterator<Item = (Vec<String>, T)> + 'a {
    class.forms().map(move |form| (words::phrase(form), tag(class.lemma(form).unwrap_or(""))))
}

/// A phrase set of every form of a class, tagged by `tag(lemma)`.
fn inflected<T: Copy>(class: &WordClass, tag: impl Fn(&str) -> T) -> PhraseSet<T> {
    PhraseSet::new(
        class.forms().map(|form| (words::phrase(form), tag(class.lemma(form).unwrap_or("")))),
    )
}

impl Lexicon {
    pub(super) fn read(r: &ListReader) -> Lexicon {
        let v = vocabulary::get();
        let (o, h, g) = (&v.opinion, &v.hypothesis, &v.grammar_words);
        let irregular: FxHashMap<String, Vec<String>> =
            v.irregular_forms.iter().map(|(k, forms)| (k.clone(), forms.clone())).collect();
        let class =
            |table, key: &str, inflects| WordClass::new(r.list(table, key), inflects, &irregular);
        let single = |table, key: &str| -> Vec<String> {
            r.list(table, key).iter().filter(|w| !w.contains(' ')).cloned().collect()
        };
        let mut manner = r.list(o, "manner-judgements").to_vec();
        manner.extend(single(o, "evaluative"));
        manner.extend(single(o, "mental-state"));
        let linking = WordClass::new(r.list(o, "linking-verbs"), Inflects::Verb, &irregular);
        let behaviour = class(o, "behaviour-labels", Inflects::Verb);
        let preferences = class(o, "preferences", Inflects::Verb);
        let ability = class(o, "ability-judgements", Inflects::Verb);
        let mut anywhere = r.set(o, "evaluative-anywhere");
        for (lemma, forms) in &irregular {
            if anywhere.contains(lemma) {
                anywhere.extend(forms.iter().cloned());
            }
        }
        Lexicon {
            evaluative_anywhere: anywhere,
            evaluative: single(o, "evaluative").into_iter().collect(),
            observable: class(o, "observable-states", Inflects::Adjective),
            inner_adjectives: WordClass::new(
                &single(o, "mental-state"),
                Inflects::Adjective,
                &irregular,
            ),
            inner_verbs: class(o, "inner-state-verbs", Inflects::Verb),
            judging_manner: WordClass::new(&manner, Inflects::Adverb, &irregular),
            structural: PhraseSet::new(
                inflected_phrases(&linking, |lemma| Structural::Link(link_of(lemma)))
                    .chain(inflected_phrases(&preferences, |lemma| Structural::Preference {
                        miss: lemma == "miss",
                    }))
                    .chain(inflected_phrases(&behaviour, |lemma| Structural::Behaviour {
                        lie: lemma == "lie",
                    }))
                    .chain(inflected_phrases(&ability, |lemma| Structural::Ability {
                        struggle: lemma.starts_with("struggle"),
                    }))
                    .chain(
                        r.phrases(o, "person-labels")
                            .into_iter()
                            .map(|p| (p, Structural::PersonLabel)),
                    ),
            ),
            person_labels: PhraseSet::new(
                r.phrases(o, "person-labels").into_iter().map(|p| (p, ())),
            ),
            behaviour_lemmas: behaviour.clone(),
            excess: PhraseSet::new(r.phrases(o, "excess-degree").into_iter().map(|p| (p, ()))),
            linking: inflected(&linking, link_of),
            capacity: class(o, "capacity-verbs", Inflects::Verb),
            inference_verbs: r.set(h, "inference-verbs"),
            nouns_for_people: r.set(g, "nouns-for-people"),
            person_pronouns: r.set(g, "person-pronouns"),
            writer: r.set(g, "writer-words"),
            auxiliaries: r.set(g, "auxiliaries"),
            fixed_phrases: PhraseSet::new(
                r.phrases(g, "fixed-phrases").into_iter().map(|p| (p, ())),
            ),
            posture: r.set(g, "posture-words"),
            physical: r.set(g, "physical-actions"),
            thing_pronouns: r.set(g, "thing-pronouns"),
            months: r.set(g, "months-and-days"),
            determiners: r.set(g, "determiners"),
            prepositions: r.set(g, "prepositions"),
            conduct_nouns: r.set(g, "conduct-nouns"),
        }
    }
}

impl Reading<'_> {
    fn lexicon(&self) -> &Lexicon {
        &self.classifier.lexicon
    }

    /// Every phrase of the clause reading's word classes in the sentence,
    /// found once.
    fn structural(&self) -> &[(usize, usize, Structural)] {
        self.structural.get_or_init(|| self.lexicon().structural.find_all(&self.words))
    }

    fn capitalised(&self, i: usize) -> bool {
        self.written(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// An adverb between a verb and its complement (`was very`, `is fully`).
    fn is_modifier(&self, i: usize) -> bool {
        let w = self.lower(i);
        self.classifier.intensifiers.contains(w)
            || self.classifier.negations.contains(w)
            || w.ends_with("n't")
            || (w.len() > 4
                && w.ends_with("ly")
                && !self.lexicon().judging_manner.contains(w)
                && self.pos(i) == Pos::Adverb)
            || matches!(
                w,
                "not" | "never" | "always" | "often" | "just" | "even" | "almost" | "well"
            )
    }

    /// What the subject of the verb at `verb` is: the word before it,
    /// past auxiliaries and adverbs; for a second verb after `and`, the
    /// subject of the first; for a note-style fragment, a person.
    pub(super) fn subject(&self, verb: usize) -> About {
        let lex = self.lexicon();
        let c = self.classifier;
        let mut k = verb;
        let mut elided = false;
        let limit = verb.saturating_sub(16);
        while k > limit {
            k -= 1;
            let w = self.lower(k);
            // `The radiator in Mrs Lee's room was…`: a noun after a
            // preposition is not the subject; read on before it.
            let noun = c.home_nouns.contains(w)
                || c.relationship_nouns.contains(w)
                || c.person_nouns.contains(w)
                || lex.nouns_for_people.contains(w)
                || (k > 0 && self.capitalised(k));
            if noun {
                if let Some(preposition) = self.prepositional_object(k) {
                    k = preposition;
                    continue;
                }
            }
            if lex.writer.contains(w) {
                return About::Writer;
            }
            if lex.person_pronouns.contains(w) {
                return About::Person;
            }
            if c.home_nouns.contains(w) {
                return About::Home;
            }
            if c.relationship_nouns.contains(w) {
                return About::Relationship;
            }
            if lex.nouns_for_people.contains(w) || lex.person_labels.starts_any(w) {
                return About::Person;
            }
            if c.person_nouns.contains(w) {
                return About::Conduct;
            }
            if lex.thing_pronouns.contains(w) && !elided {
                return About::Thing;
            }
            if lex.months.contains(w) {
                return About::Thing;
            }
            // A capitalised word inside a sentence is a name; at its start,
            // a word the tagger does not call a function word is too
            // (English common nouns take a determiner: `The water was…`).
            if self.capitalised(k) && !lex.determiners.contains(w) {
                return About::Person;
            }
            if matches!(w, "and" | "but" | "or" | "then") {
                elided = true;
                continue;
            }
            if elided || lex.auxiliaries.contains(w) || c.copulas.contains(w) || self.is_modifier(k)
            {
                continue;
            }
            return if k == 0 && self.pos(k) == Pos::Pronoun {
                About::Person
            } else {
                About::Thing
            };
        }
        if elided {
            About::Unknown
        } else {
            // Nothing before the verb: a note-style fragment about the person.
            About::Person
        }
    }

    /// A word that cannot be an adjective after a linking verb: a verb
    /// form (`was seen`, `was taken`) or a function word (`was there`).
    fn closed_class_or_participle(&self, i: usize) -> bool {
        let w = self.lower(i);
        let lex = self.lexicon();
        w.ends_with("ed")
            || w.ends_with("en")
            || self.classifier.participles.contains(w)
            || lex.determiners.contains(w)
            || lex.prepositions.contains(w)
            || lex.thing_pronouns.contains(w)
            || lex.person_pronouns.contains(w)
            || lex.auxiliaries.contains(w)
            || w.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// What an evaluative word at `at` is about: its subject when it is a
    /// predicate (`the flat was squalid`), else the noun it qualifies (`a
    /// squalid flat`).
    pub(super) fn about(&self, at: usize, len: usize, predicate: bool) -> About {
        if predicate {
            return self.subject(at);
        }
        let c = self.classifier;
        let lex = self.lexicon();
        (at + len..at + len + 2)
            .map(|k| self.lower(k))
            .find_map(|w| {
                if c.home_nouns.contains(w) {
                    Some(About::Home)
                } else if c.relationship_nouns.contains(w) {
                    Some(About::Relationship)
                } else if lex.nouns_for_people.contains(w) {
                    Some(About::Person)
                } else if lex.conduct_nouns.contains(w) {
                    Some(About::Conduct)
                } else {
                    None
                }
            })
            .unwrap_or(About::Unknown)
    }

    /// If the noun at `k` is the object of a preposition (`in Mrs Lee's
    /// room`), the preposition's index.
    fn prepositional_object(&self, k: usize) -> Option<usize> {
        let mut j = k;
        while j > k.saturating_sub(5) && j > 0 {
            j -= 1;
            let w = self.lower(j);
            if self.lexicon().prepositions.contains(w) {
                return Some(j);
            }
            let modifier = self.lexicon().determiners.contains(w)
                || w.contains('\'')
                || self.capitalised(j)
                || matches!(
                    self.pos(j),
                    Pos::Adjective
                        | Pos::Noun
                        | Pos::Name
                        | Pos::Number
                        | Pos::Determiner
                        | Pos::Adverb
                );
            if !modifier {
                return None;
            }
        }
        None
    }

    /// Whether an evidential verb at `at` reports an impression (`looked
    /// tired`, `appeared nervous`, `looks like a tantrum`) rather than
    /// where someone looked or turned up (`looked at me`, `appeared in court`).
    pub(super) fn is_impression(&self, at: usize, len: usize) -> bool {
        let word = self.lower(at);
        if len > 1 {
            // `presented as`, but not `was present, as well as`.
            let span = self.words[at].span.end..self.words[at + len - 1].span.start;
            return self.text[span].chars().all(|c| c.is_alphanumeric() || c.is_whitespace());
        }
        if word.starts_with("seem") {
            return true;
        }
        let mut next = at + len;
        while self.classifier.intensifiers.contains(self.lower(next)) && next < at + len + 3 {
            next += 1;
        }
        let following = self.lower(next);
        if following.is_empty() {
            return false;
        }
        if word.starts_with("appear") {
            return !self.classifier.appear_places.contains(following);
        }
        if self.classifier.appear_places.contains(following) {
            return false;
        }
        matches!(following, "like" | "as" | "to")
            || matches!(self.pos(next), Pos::Adjective)
            || following.ends_with("ed")
    }

    /// Every cue this module reads, for the opinion rule.
    pub(super) fn clause_cues(&self, cues: &mut Vec<Cue>, inference_at: &dyn Fn() -> usize) {
        self.predicates(cues, inference_at);
        self.preferences(cues, inference_at);
        self.labels(cues);
        self.attributive(cues);
        self.judging_words(cues, inference_at);
        self.capacity(cues);
        self.found_judgement(cues);
    }

    /// After a linking verb: an adjective that is not observable, a feeling,
    /// excess degree, `being` + adjective, or `a` + a label.
    fn predicates(&self, cues: &mut Vec<Cue>, inference_at: &dyn Fn() -> usize) {
        let lex = self.lexicon();
        for &(at, len, found) in self.structural() {
            let Structural::Link(link) = found else { continue };
            if link == Link::Evidential || !self.own(at, len) {
                continue;
            }
            // `is being naughty` is read from `is`.
            if self.lower(at) == "being" && at > 0 && lex.linking.starts_any(self.lower(at - 1)) {
                continue;
            }
            let mut head = at + len;
            let mut excess: Option<usize> = None;
            let mut being = false;
            while head < at + len + 6 {
                if let Some((_, n, _)) = lex.excess.match_at(&self.words, head) {
                    excess.get_or_insert(head);
                    head += n;
                } else if self.lower(head) == "being" && link == Link::Be {
                    being = true;
                    head += 1;
                } else if self.is_modifier(head) {
                    head += 1;
                } else {
                    break;
                }
            }
            let w = self.lower(head);
            if w.is_empty() || !self.own(head, 1) {
                continue;
            }
            if matches!(w, "a" | "an") && link == Link::Be {
                if let Some(label) = (head + 1..head + 4)
                    .find(|&k| lex.person_labels.match_at(&self.words, k).is_some())
                {
                    let n = lex.person_labels.match_at(&self.words, label).map_or(1, |m| m.1);
                    self.push_about(cues, label, n, CueKind::Label, true, About::Person);
                }
                continue;
            }
            if link == Link::Feel && w == "like" {
                if self.subject(at) != About::Writer {
                    self.push_about(
                        cues,
                        at,
                        head - at + 1,
                        CueKind::InnerState,
                        false,
                        About::Person,
                    );
                }
                continue;
            }
            if w.ends_with("ing") || self.capitalised(head) {
                continue;
            }
            let observable = lex.observable.contains(w);
            // `happy to show me his room`, `content for Jamie to go`: willingness.
            let willing =
                matches!(w, "happy" | "content") && matches!(self.lower(head + 1), "to" | "for");
            let inner =
                !willing && (lex.inner_verbs.contains(w) || lex.inner_adjectives.contains(w));
            let adjective = inner
                || willing
                || observable
                || lex.evaluative.contains(w)
                || (!self.closed_class_or_participle(head)
                    && self.ends_phrase(head)
                    && matches!(self.pos(head), Pos::Adjective));
            if !adjective {
                continue;
            }
            // A home is judged by the vocabulary's words for homes
            // (`cluttered`, `cosy`), not by any adjective: `the flat is
            // close to the school` describes where it is.
            let about = self.subject(at);
            if matches!(about, About::Thing | About::Home) {
                continue;
            }
            let start = excess.unwrap_or(if being { head - 1 } else { head });
            // A word that is itself the inference (`is likely to`) is the
            // hypothesis rule's, and a judgement inside an inference is part of it.
            let own_words = || self.words[head].span.start < inference_at();
            let (kind, judged) = if excess.is_some() {
                // `too young to give his views` states a consequence of
                // something observable; `far too loud` judges.
                let consequence = observable && self.lower(head + 1) == "to";
                (CueKind::Degree, !consequence)
            } else if being {
                (CueKind::Label, !observable)
            } else if observable || willing {
                (CueKind::Evaluative, false)
            } else if inner {
                (CueKind::InnerState, own_words())
            } else {
                (CueKind::Evaluative, own_words())
            };
            if judged {
                self.push_about(cues, start, head - start + 1, kind, true, about);
            }
        }
    }

    /// Likes, wishes, fears and intentions asserted for someone other than
    /// the writer (`enjoys nursery`, `doesn't like to share`).
    fn preferences(&self, cues: &mut Vec<Cue>, inference_at: &dyn Fn() -> usize) {
        let lex = self.lexicon();
        for &(at, len, found) in self.structural() {
            let Structural::Preference { miss: is_miss } = found else { continue };
            // `Miss Zielinska` is a title.
            let title = self.capitalised(at) && self.capitalised(at + 1);
            if !self.own(at, len) || self.conditional(at) || title || self.capitalised(at) && at > 0
            {
                continue;
            }
            // `like` the verb, not the preposition (`looks like`).
            let after_auxiliary = at > 0
                && (lex.auxiliaries.contains(self.lower(at - 1))
                    || lex.person_pronouns.contains(self.lower(at - 1)));
            if len == 1 && !after_auxiliary && !matches!(self.pos(at), Pos::Verb) {
                continue;
            }
            if is_miss {
                // `missed his mother`, not `missed the bus`.
                let person = (at + 1..at + 3).any(|k| {
                    lex.nouns_for_people.contains(self.lower(k))
                        || matches!(self.lower(k), "him" | "her" | "them")
                        || self.capitalised(k)
                });
                if !person {
                    continue;
                }
            }
            if matches!(self.subject(at), About::Writer | About::Thing) {
                continue;
            }
            if self.words[at].span.start <= inference_at() {
                self.push_about(cues, at, len, CueKind::Preference, false, About::Person);
            }
        }
    }

    /// Labels for behaviour (`misbehaving`, `acting up`, `lying` but not
    /// `lying on the floor`) and for people (`a liar`, `a drug user`).
    fn labels(&self, cues: &mut Vec<Cue>) {
        let lex = self.lexicon();
        for &(at, len, found) in self.structural() {
            let is_lie = match found {
                Structural::Behaviour { lie } => lie,
                Structural::PersonLabel => {
                    self.push_about(cues, at, len, CueKind::Label, true, About::Person);
                    continue;
                }
                _ => continue,
            };
            // `neglect` the noun (`the category of neglect`) is not a label.
            let base_form = lex.behaviour_lemmas.lemma(self.lower(at)) == Some(self.lower(at));
            if len == 1 && base_form && !matches!(self.pos(at), Pos::Verb) {
                continue;
            }
            if is_lie {
                let next = self.lower(at + len);
                let posture = lex.posture.contains(next)
                    || next.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || self.lower(at) == "lie";
                if posture {
                    continue;
                }
            }
            self.push_about(cues, at, len, CueKind::Label, true, About::Person);
        }
    }

    /// An adjective before a word for a person, unless observable (`a
    /// smart and creative child`, not `a tall man` or `a British woman`).
    fn attributive(&self, cues: &mut Vec<Cue>) {
        let lex = self.lexicon();
        for (i, word) in self.words.iter().enumerate() {
            let w = word.lower.as_str();
            if i == 0 || !(lex.nouns_for_people.contains(w) || lex.conduct_nouns.contains(w)) {
                continue;
            }
            let mut judged = None;
            let mut k = i;
            while k > i.saturating_sub(5) {
                k -= 1;
                let w = self.lower(k);
                if self.lexicon().determiners.contains(w) || w.chars().any(|c| c.is_ascii_digit()) {
                    break;
                }
                if matches!(w, "and" | "or") || self.classifier.intensifiers.contains(w) {
                    continue;
                }
                // `anti-social behaviour`: part of a compound, not a judgement.
                let hyphenated = k > 0
                    && self.text[self.words[k - 1].span.end..self.words[k].span.start] == *"-";
                let adjective = !self.capitalised(k)
                    && !hyphenated
                    && !w.contains('\'')
                    && !lex.observable.contains(w)
                    && matches!(self.pos(k), Pos::Adjective);
                if !adjective {
                    break;
                }
                judged = Some(k);
            }
            if let Some(k) = judged {
                self.push_about(cues, k, 1, CueKind::Evaluative, true, About::Person);
            }
        }
    }

    /// Words that judge wherever they stand (`a bad weekend`, `good
    /// control`), and adverbs of manner that judge (`carefully`, `slept
    /// badly`, `not well developed`): not in a fixed phrase (`good
    /// morning`, `as well as`).
    fn judging_words(&self, cues: &mut Vec<Cue>, inference_at: &dyn Fn() -> usize) {
        let lex = self.lexicon();
        let mut fixed: Option<Vec<bool>> = None;
        for (i, word) in self.words.iter().enumerate() {
            let w = word.lower.as_str();
            let anywhere = lex.evaluative_anywhere.contains(w);
            let manner = !anywhere && w.ends_with("ly") && lex.judging_manner.contains(w);
            if !anywhere && !manner {
                continue;
            }
            let in_fixed = fixed.get_or_insert_with(|| {
                let mut mask = vec![false; self.words.len()];
                for (at, len, ()) in lex.fixed_phrases.find_all(&self.words) {
                    mask[at..at + len].iter_mut().for_each(|m| *m = true);
                }
                mask
            });
            // `the Good Shepherd Church`: part of a name.
            let name = i > 0 && self.capitalised(i);
            if in_fixed[i]
                || name
                || self.conditional(i)
                || !self.own(i, 1)
                || word.span.start >= inference_at()
            {
                continue;
            }
            let kind = if w == "well" {
                // `slept well`, `well developed`; not `well` the noun.
                let after_verb = i > 0 && matches!(self.pos(i - 1), Pos::Verb | Pos::Aux);
                let before_participle = self.lower(i + 1).ends_with("ed")
                    || matches!(self.pos(i + 1), Pos::Verb | Pos::Adjective);
                if !(after_verb || before_participle) {
                    continue;
                }
                CueKind::Manner
            } else if manner || w.ends_with("ly") {
                CueKind::Manner
            } else {
                CueKind::Evaluative
            };
            self.push_about(cues, i, 1, kind, false, About::Unknown);
        }
    }

    /// Judgements of ability: `can't relate to other children`, `unable
    /// to settle`, `struggles with mathematics` (not `struggled to open
    /// the door`).
    fn capacity(&self, cues: &mut Vec<Cue>) {
        let lex = self.lexicon();
        for (i, word) in self.words.iter().enumerate() {
            let w = word.lower.as_str();
            let frame = match w {
                "can't" | "cannot" | "cant" => 1,
                "can" if self.lower(i + 1) == "not" => 2,
                "unable" if self.lower(i + 1) == "to" => 2,
                _ => 0,
            };
            if frame == 0 {
                continue;
            }
            let mut verb = i + frame;
            while matches!(self.lower(verb), "really" | "always" | "ever" | "yet" | "properly") {
                verb += 1;
            }
            if lex.capacity.contains(self.lower(verb))
                && !self.conditional(i)
                && !matches!(self.subject(i), About::Writer | About::Thing)
            {
                self.push_about(
                    cues,
                    i,
                    verb - i + 1,
                    CueKind::RiskOrCapacity,
                    false,
                    About::Person,
                );
            }
        }
        for &(at, len, found) in self.structural() {
            let Structural::Ability { struggle: is_struggle } = found else { continue };
            let physical = is_struggle
                && self.lower(at).ends_with("ed")
                && lex.physical.contains(self.lower(at + len));
            if physical
                || self.conditional(at)
                || matches!(self.subject(at), About::Writer | About::Thing | About::Home)
            {
                continue;
            }
            self.push_about(cues, at, len, CueKind::RiskOrCapacity, false, About::Person);
        }
    }

    /// `I found his remarks rude`: the writer's judgement of something.
    fn found_judgement(&self, cues: &mut Vec<Cue>) {
        for (i, word) in self.words.iter().enumerate() {
            if !matches!(word.lower.as_str(), "found" | "find" | "finds")
                || self.subject(i) != About::Writer
            {
                continue;
            }
            for k in i + 2..(i + 7).min(self.words.len()) {
                let w = self.lower(k);
                if self.lexicon().observable.contains(w) {
                    break;
                }
                if self.ends_phrase(k) && matches!(self.pos(k), Pos::Adjective) {
                    self.push_about(cues, i, k - i + 1, CueKind::Stance, false, About::Unknown);
                    break;
                }
            }
        }
    }

    /// Inference the writer draws about what was not seen: `must have
    /// forgotten`, `must be sad` (not `must be signed by Friday`), `appeared
    /// to have fallen`, `I expect that…`, `is bound to happen`, `is down to
    /// stress` (not `down to £40`).
    pub(super) fn inference_cues(&self, cues: &mut Vec<Cue>) {
        let lex = self.lexicon();
        let because_from =
            self.words.iter().position(|w| w.lower == "because").unwrap_or(usize::MAX);
        let names_a_cause = self.words.windows(2).any(|p| {
            matches!(
                (p[0].lower.as_str(), p[1].lower.as_str()),
                ("result", "of") | ("because", _) | ("due", "to") | ("caused", "by")
            )
        });
        for (i, word) in self.words.iter().enumerate() {
            let w = word.lower.as_str();
            let next = self.lower(i + 1);
            let span = match w {
                "must" => {
                    let after = self.lower(i + 2);
                    let participle = |k: usize| {
                        let x = self.lower(k);
                        x.ends_with("ed")
                            || x.ends_with("en")
                            || self.classifier.participles.contains(x)
                    };
                    let inferred = match next {
                        "have" if after == "been" => {
                            !(participle(i + 3) && matches!(self.lower(i + 4), "by" | "before"))
                        }
                        "have" => participle(i + 2) || because_from > i,
                        "be" if lex.observable.contains(after) => false,
                        "be" if matches!(after, "a" | "an" | "the") => because_from > i,
                        "be" => {
                            after.ends_with("ing")
                                || lex.inner_verbs.contains(after)
                                || lex.inner_adjectives.contains(after)
                                || (!participle(i + 2) && matches!(self.pos(i + 2), Pos::Adjective))
                        }
                        _ => lex.inference_verbs.contains(next),
                    };
                    inferred.then_some((i, 2, CueKind::MustInference))
                }
                // `appeared to have fallen … as a result of getting tangled`:
                // an unseen event and its cause, inferred.
                _ if (w.starts_with("seem")
                    || w.starts_with("appear")
                    || w.starts_with("look"))
                    && next == "to"
                    && self.lower(i + 2) == "have"
                    && names_a_cause =>
                {
                    Some((i, 3, CueKind::Inference))
                }
                "expect" | "expected"
                    if i > 0
                        && lex.writer.contains(self.lower(i - 1))
                        && (next == "that" || lex.person_pronouns.contains(next)) =>
                {
                    Some((i - 1, 2, CueKind::Speculation))
                }
                "bound"
                    if next == "to"
                        && i > 0
                        && self.classifier.copulas.contains(self.lower(i - 1))
                        && matches!(self.pos(i + 2), Pos::Verb | Pos::Aux) =>
                {
                    Some((i, 2, CueKind::Speculation))
                }
                "down"
                    if next == "to"
                        && i > 0
                        && self.classifier.copulas.contains(self.lower(i - 1))
                        && !self.lower(i + 2).is_empty()
                        && !matches!(self.pos(i + 2), Pos::Number)
                        && !self.text[self.words[i + 1].span.end
                            ..self
                                .words
                                .get(i + 2)
                                .map_or(self.words[i + 1].span.end, |x| x.span.start)]
                            .contains(['£', '$', '€']) =>
                {
                    Some((i, 2, CueKind::Speculation))
                }
                _ => None,
            };
            if let Some((at, len, kind)) = span {
                if at + len <= self.words.len() {
                    self.push_if_own(cues, at, len, kind, false);
                }
            }
        }
    }
}
