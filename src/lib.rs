//! casenote: a linter and language server for safeguarding case records.
//!
//! The analysis core ([`check`]) is pure: text, configuration and today's
//! date in, diagnostics out. See `ARCHITECTURE.md` for the map.

pub mod analysis;
pub mod chronology;
pub mod cli;
pub mod config;
pub mod config_files;
pub mod cues;
pub mod diagnostic;
pub mod docs;
pub mod editor_grammar;
pub mod fixes;
pub mod genogram_svg;
pub mod language;
pub mod logging;
pub mod lsp;
pub mod model;
pub mod parse;
pub mod people;
pub mod report;
pub mod rules;
pub mod stats;
pub mod suppress;
pub mod text;
pub mod vocabulary;
pub mod work;

pub use analysis::check;
pub use config::Config;
pub use diagnostic::{Diagnostic, Severity};
