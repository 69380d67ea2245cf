//! A record assembled from the parses of its units ([`super::units`]): each
//! unit parsed alone, its spans moved to the unit's offset, and the parts
//! joined in order. With every unit it equals [`super::parse`] of the whole
//! text (a test holds it to that); with some units it is the record as far
//! as those units go, at a cost that follows their size, not the record's.
//! The language server answers a request at a position from the head, the
//! units holding the record-wide elements, and the unit at the position.

use std::borrow::Cow;
use std::ops::Range;

use crate::model::{Record, Shift};

/// The record of `text` as far as `wanted` go: indices into `units` (the
/// spans of [`super::units::split`] on the same text), in any order. The
/// head (index 0) is always read: it holds the front matter. The prose of
/// units not read is the text itself, so offsets stay valid.
pub fn parse_units<'a>(
    text: &'a str,
    units: &[Range<usize>],
    wanted: impl IntoIterator<Item = usize>,
) -> Record<'a> {
    let parts = parse_parts(text, units, wanted);
    let mut prose = String::with_capacity(text.len());
    let mut unquoted = String::with_capacity(text.len());
    let mut copied = 0;
    for unit in parts.masks() {
        // Units not read keep their own text in the masks.
        prose.push_str(&text[copied..unit.start]);
        unquoted.push_str(&text[copied..unit.start]);
        prose.push_str(&unit.prose);
        unquoted.push_str(&unit.unquoted);
        copied = unit.start + unit.prose.len();
    }
    prose.push_str(&text[copied..]);
    unquoted.push_str(&text[copied..]);
    parts.into_record(prose.into(), unquoted.into())
}

/// A record as far as some units go, with each unit's masks (`prose`,
/// `unquoted`) kept apart until the caller lays them out at the unit's
/// offset: [`parse_units`] into whole-length strings; the language server
/// into memory that costs only where it is written, so that a request at
/// one position in a large record copies a few units, not the record.
#[derive(Debug)]
pub struct Parts<'a> {
    /// Everything but the masks, which are empty.
    record: Record<'a>,
    masks: Vec<UnitMasks>,
}

/// The masks of one unit read.
#[derive(Debug)]
pub struct UnitMasks {
    /// The unit's offset in the text.
    pub start: usize,
    /// The unit's [`Record::prose`], as long as the unit.
    pub prose: String,
    /// The unit's [`Record::unquoted`], as long as the unit.
    pub unquoted: String,
}

impl<'a> Parts<'a> {
    /// The units' masks, in text order.
    pub fn masks(&self) -> &[UnitMasks] {
        &self.masks
    }

    /// The record, with masks as long as its text that hold
    /// [`Parts::masks`] at their offsets.
    pub fn into_record(self, prose: Cow<'a, str>, unquoted: Cow<'a, str>) -> Record<'a> {
        debug_assert_eq!(prose.len(), self.record.text.len());
        debug_assert_eq!(unquoted.len(), self.record.text.len());
        Record { prose, unquoted, ..self.record }
    }
}

/// [`parse_units`] with the masks kept apart.
pub fn parse_parts<'a>(
    text: &'a str,
    units: &[Range<usize>],
    wanted: impl IntoIterator<Item = usize>,
) -> Parts<'a> {
    let mut chosen: Vec<usize> =
        wanted.into_iter().chain([0]).filter(|&i| i < units.len()).collect();
    chosen.sort_unstable();
    chosen.dedup();

    let mut record = Record {
        text,
        prose: Cow::Borrowed(""),
        unquoted: Cow::Borrowed(""),
        front_matter: Default::default(),
        entries: Vec::new(),
        blocks: Vec::new(),
        headings: Vec::new(),
        family_composition: None,
        genogram: None,
        code_spans: Vec::new(),
        comments: Vec::new(),
        quotes: Vec::new(),
    };
    let mut masks = Vec::with_capacity(chosen.len());
    for index in chosen {
        let span = units[index].clone();
        let unit = super::parse(&text[span.clone()]);
        let by = span.start;
        masks.push(UnitMasks {
            start: by,
            prose: unit.prose.into_owned(),
            unquoted: unit.unquoted.into_owned(),
        });
        if index == 0 {
            // The head starts after a byte-order mark, if there is one.
            record.front_matter = unit.front_matter;
            record.front_matter.span.shift(by);
        }
        let (entry_base, block_base) = (record.entries.len(), record.blocks.len());
        record.entries.extend(unit.entries.into_iter().map(|mut entry| {
            entry.shift(by);
            entry.blocks = entry.blocks.start + block_base..entry.blocks.end + block_base;
            entry
        }));
        record.blocks.extend(unit.blocks.into_iter().map(|mut block| {
            block.shift(by);
            block.entry = block.entry.map(|e| e + entry_base);
            block
        }));
        let mut headings = unit.headings;
        headings.shift(by);
        record.headings.extend(headings);
        if record.family_composition.is_none() {
            record.family_composition = unit.family_composition.map(|mut h| {
                h.shift(by);
                h
            });
        }
        if record.genogram.is_none() {
            record.genogram = unit.genogram.map(|g| g.shifted(by));
        }
        for (all, mut spans) in [
            (&mut record.code_spans, unit.code_spans),
            (&mut record.comments, unit.comments),
            (&mut record.quotes, unit.quotes),
        ] {
            spans.shift(by);
            all.extend(spans);
        }
    }
    Parts { record, masks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, units::split};

    const RECORD: &str = "---\nrecord: R1\nchildren: [Amy Reid]\n---\n\n# Record\n\n## Family composition\n\nAmy lives with her mother.\n\n```genogram\nAmy Reid (F, 2015)\n```\n\n## 2026-03-02 Home visit\n\nPresent: Amy, Ms Reid\n\nAmy said \"hello\" and showed me `her` room.\n\n### Wishes and feelings\n\n- Amy said she likes school.\n\n## 2026-03-09 Phone call\n\nContact: phone call with Ms Reid\n\n<!-- casenote-disable vague-language -->\nOpinion: things are better.\n";

    #[test]
    fn every_unit_gives_the_whole_parse() {
        let units = split(RECORD);
        assert_eq!(units.len(), 3, "head and two entries");
        let whole = format!("{:?}", parse(RECORD));
        let assembled = format!("{:?}", parse_units(RECORD, &units, 0..units.len()));
        assert_eq!(assembled, whole);
    }

    #[test]
    fn some_units_give_their_part_at_its_offsets() {
        let units = split(RECORD);
        let part = parse_units(RECORD, &units, [2]);
        assert_eq!(part.front_matter.record.as_deref(), Some("R1"));
        assert!(part.genogram.is_some(), "the head holds the genogram");
        assert!(part.family_composition.is_some());
        let titles: Vec<&str> = part.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Phone call"]);
        let entry = &part.entries[0];
        assert_eq!(&RECORD[entry.title_span.clone()], "Phone call");
        let blocks: Vec<&str> = part.entry_blocks(0).map(|b| &RECORD[b.span.clone()]).collect();
        assert_eq!(blocks, ["Opinion: things are better."]);
        assert_eq!(part.prose.len(), RECORD.len());
        // The unit not read keeps its text; the one read is masked.
        let second = units[1].clone();
        assert_eq!(&part.prose[second.clone()], &RECORD[second]);
        let comment = part.comments[0].clone();
        assert_eq!(&RECORD[comment.clone()], "<!-- casenote-disable vague-language -->");
        assert!(part.prose[comment].trim().is_empty());
    }
}
