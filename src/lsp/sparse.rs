//! A string as long as a document that costs memory only where it is
//! written. A request at one position reads a record as far as a few
//! units go (`Analysed::with_record_around`), at the offsets of the whole
//! text; laying those units out in an ordinary string would copy, and
//! keep resident, the whole record three times (text, `prose`, `unquoted`)
//! for every hover or completion. Here the rest is zero bytes in fresh
//! anonymous memory, which the system backs with pages only once written.

use std::ops::{Deref, DerefMut};

/// Below this length an ordinary allocation is cheaper than a mapping.
const MAPPED_FROM: usize = 64 << 10;

/// Zero bytes (valid UTF-8, each a NUL) with whole strings written over
/// them at chosen offsets. Always valid UTF-8: a string is written only
/// where it starts and ends on character boundaries of what is there.
pub struct Sparse {
    bytes: Storage,
    len: usize,
}

enum Storage {
    Mapped(memmap2::MmapMut),
    Heap(Vec<u8>),
}

impl Deref for Storage {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Storage::Mapped(map) => map,
            Storage::Heap(vec) => vec,
        }
    }
}

impl DerefMut for Storage {
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Storage::Mapped(map) => map,
            Storage::Heap(vec) => vec,
        }
    }
}

impl Sparse {
    /// `len` zero bytes.
    pub fn new(len: usize) -> Sparse {
        let bytes = if len >= MAPPED_FROM {
            // A mapping that cannot be made (no address space left) falls
            // back to the heap: slower and resident, but correct.
            memmap2::MmapMut::map_anon(len)
                .map(Storage::Mapped)
                .unwrap_or_else(|_| Storage::Heap(vec![0; len]))
        } else {
            Storage::Heap(vec![0; len])
        };
        Sparse { bytes, len }
    }

    /// Writes `piece` at offset `at`. Returns false, and writes nothing,
    /// when it does not fit or would split a character already there.
    pub fn write(&mut self, at: usize, piece: &str) -> bool {
        let end = at + piece.len();
        if end > self.len || !self.is_char_boundary(at) || !self.is_char_boundary(end) {
            return false;
        }
        self.bytes[at..end].copy_from_slice(piece.as_bytes());
        true
    }

    /// Replaces the ASCII byte at `at` by the ASCII byte `by`.
    pub fn replace_ascii(&mut self, at: usize, by: u8) {
        if by.is_ascii() && self.bytes.get(at).is_some_and(u8::is_ascii) {
            self.bytes[at] = by;
        }
    }

    /// As `str::is_char_boundary` on the contents, for `at <= len`: the
    /// end, or a byte that does not continue a character.
    fn is_char_boundary(&self, at: usize) -> bool {
        at == self.len || (self.bytes[at] as i8) >= -0x40
    }

    pub fn as_str(&self) -> &str {
        let bytes = &self.bytes[..self.len];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: the bytes start as zeros (valid UTF-8), and are changed
        // only by `write`, which writes a whole `&str` between character
        // boundaries of the current contents (so every character around it
        // stays whole), and by `replace_ascii`, which replaces one ASCII
        // byte, a whole character, by another.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_pieces_at_their_offsets_and_zeros_elsewhere() {
        for len in [10, MAPPED_FROM + 10] {
            let mut sparse = Sparse::new(len);
            assert!(sparse.write(2, "é,"));
            assert!(sparse.write(len - 2, "ok"));
            let text = sparse.as_str();
            assert_eq!(text.len(), len);
            assert_eq!(&text[..5], "\0\0é,");
            assert_eq!(&text[len - 3..], "\0ok");
            assert!(text[5..len - 2].bytes().all(|b| b == 0));
        }
    }

    #[test]
    fn refuses_what_would_split_a_character_or_overflow() {
        let mut sparse = Sparse::new(8);
        assert!(sparse.write(0, "aé"));
        assert!(!sparse.write(2, "b"), "inside é");
        assert!(!sparse.write(7, "bc"), "past the end");
        assert!(sparse.write(1, "xy"), "over the whole é");
        sparse.replace_ascii(0, b'\n');
        sparse.replace_ascii(3, 0xC3);
        assert_eq!(sparse.as_str(), "\nxy\0\0\0\0\0");
    }
}
