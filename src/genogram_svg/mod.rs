//! Genograms as pictures: a record's ```` ```genogram ```` block (SPEC §3.4)
//! drawn as an SVG with the standard symbols (McGoldrick and Gerson).
//!
//! [`render`] is pure: the same genogram gives the same bytes. Layout
//! ([`layout::layout`]) is separate from writing ([`svg`]) so tests can check
//! the geometry directly. Nothing fails: what cannot be drawn is left out
//! and listed in the picture's key ("Could not draw: …").

mod arrange;
pub mod family;
pub mod layout;
pub mod links;
mod relations;
mod svg;
mod text;

use crate::model::Record;
use crate::parse::genogram::Genogram;

pub use layout::{layout, Layout};

/// The genogram as an SVG document (no XML prolog). `index_children` are
/// the record's children (front matter `children`), drawn with a double
/// outline.
pub fn render(genogram: &Genogram, index_children: &[String]) -> String {
    svg::write(&layout(genogram, index_children, None), genogram)
}

/// Like [`render`], with the record text the genogram was parsed from, so
/// that notes on lines that could not be read give their line numbers.
pub fn render_with_source(genogram: &Genogram, index_children: &[String], source: &str) -> String {
    svg::write(&layout(genogram, index_children, Some(source)), genogram)
}

/// The record's genogram as an SVG, or `None` if it has no genogram block.
pub fn render_record(record: &Record<'_>) -> Option<String> {
    let genogram = record.genogram.as_ref()?;
    Some(render_with_source(genogram, &record.front_matter.children, record.text))
}
