//! A record assembled from the parses of its units ([`super::units`]): each
//! unit parsed alone, its spans moved to the unit's offset, and the parts
//! joined in order. With every unit it equals [`super::parse`] of the whole
//! text (a test holds it to that); with some units it is the record as far
//! as those units go, at a cost that follows their size, not the record's.
//! The language server answers a request at a position from the head, the
//! units holding the record-wide elements, and the unit at the position.

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
    let mut chosen: Vec<usize> =
        wanted.into_iter().chain([0]).filter(|&i| i < units.len()).collect();
    chosen.sort_unstable();
    chosen.dedup();

    let mut record = Record {
        text,
        prose: String::with_capacity(text.len()),
        unquoted: String::with_capacity(text.len()),
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
    let mut copied = 0;
    for index in chosen {
        let span = units[index].clone();
        // Units not read keep their own text in the prose.
        record.prose.push_str(&text[copied..span.start]);
        record.unquoted.push_str(&text[copied..span.start]);
        copied = span.end;

        let unit = super::parse(&text[span.clone()]);
        let by = span.start;
        record.prose.push_str(&unit.prose);
        record.unquoted.push_str(&unit.unquoted);
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
    record.prose.push_str(&text[copied..]);
    record.unquoted.push_str(&text[copied..]);
    record
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
