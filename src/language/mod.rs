//! The linguistic layer under the fact/opinion rules (pure).
//!
//! - [`tags`]: a word class for each word of a sentence, from Harper's
//!   maintained Brill tagger (`harper-brill`, Apache-2.0, trained on
//!   Universal Dependencies), with a fallback from word shape for words it
//!   does not know (`hungover`, `bossy`).
//! - [`morphology`]: inflection-aware lookup in the vocabulary's word
//!   classes: `loves` → `love`, `happier` → `happy`, `carefully` → `careful`.
//!
//! The clause reading (subject, linking verb, complement) that the rules
//! build on these lives in `cues::structure`.

pub mod morphology;
pub mod tags;

pub use tags::Pos;
