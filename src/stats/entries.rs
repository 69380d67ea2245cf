//! Which entry holds a place in the record: how the figures attribute a
//! finding to an entry whatever line of the entry the rule marks.

use crate::model::Entry;

/// Entries by where they start, for finding the innermost entry holding an
/// offset in logarithmic time (entries nest: a dated heading of a deeper
/// level inside an entry is another entry inside it).
pub struct EntryIndex<'r> {
    entries: &'r [Entry],
    /// Entries that no other entry holds, by start.
    outer: Vec<usize>,
}

impl<'r> EntryIndex<'r> {
    pub fn new(entries: &'r [Entry]) -> Self {
        let mut outer: Vec<usize> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let held = outer.last().is_some_and(|&o| entries[o].span.contains(&entry.span.start));
            if !held {
                outer.push(i);
            }
        }
        EntryIndex { entries, outer }
    }

    /// The innermost entry holding `offset`.
    pub fn entry_at(&self, offset: usize) -> Option<usize> {
        let entries = self.entries;
        let after = self.outer.partition_point(|&i| entries[i].span.start <= offset);
        let outer = *self.outer.get(after.checked_sub(1)?)?;
        if !entries[outer].span.contains(&offset) {
            return None;
        }
        // Entries nested in `outer` follow it; the last one starting at or
        // before `offset` that still holds it is the innermost.
        let end = entries[outer..].partition_point(|e| e.span.start <= offset) + outer;
        (outer..end).rev().find(|&i| entries[i].span.contains(&offset))
    }
}
