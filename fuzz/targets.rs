//! The bodies of the fuzz targets, as plain functions of raw bytes.
//!
//! Shared by the cargo-fuzz binaries in `fuzz/fuzz_targets/` and by the main
//! crate's `tests/fuzz_regressions.rs`, which includes this file with
//! `#[path]`. It therefore uses only what the main crate already depends on
//! (casenote, chrono, tower-lsp-server): the structured inputs are decoded
//! by hand from the bytes with [`Input`] rather than with `arbitrary`.
//!
//! Input formats (every read past the end gives zeros, so any bytes are a
//! valid input and an all-zero header means "defaults"):
//!
//! - `parse`: the whole input is the record (lossy UTF-8).
//! - `check`: an 8-byte header, then optional extra words, then the record:
//!   - byte 0, flags: bit 0 `training`; bit 1 turn off the rules whose bit is
//!     set in bytes 5..8 (bit i = `rules::ALL[i]`); bit 2 add one configured
//!     vocabulary word; bit 3 add one configured acronym; bit 4 set every
//!     rule left on to severity `hint`;
//!   - bytes 1..3, `today` as days from 2026-11-25 (little-endian `i16`);
//!   - byte 3, `late_recording_working_days` minus 2 (wrapping, as `u8`);
//!   - byte 4, `long_sentence_words` minus 35 (wrapping, as `u8`);
//!   - bytes 5..8, the rule mask (little-endian, 24 bits);
//!   - if bit 2: a category byte (`% 3`: opinion, hypothesis, vague) and a
//!     [`Input::string`]; if bit 3: an [`Input::string`];
//!   - the rest: the record (lossy UTF-8).
//! - `lsp_edits`: see [`lsp_edits`].

#![allow(dead_code)]

use std::borrow::Cow;
use std::ops::Range;

use casenote::analysis::check_unguarded;
use casenote::config::Level;
use casenote::lsp::text::{Encoding, Text};
use casenote::model::Record;
use casenote::{Config, Severity};
use chrono::{Days, NaiveDate};
use tower_lsp_server::ls_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

// ---------------------------------------------------------------------------
// Bugs already found and reported.

/// A reported bug, by the place its panic is raised.
pub struct KnownBug {
    /// The end of the panicking file's path.
    pub file: &'static str,
    /// The panicking line; 0 for any.
    pub line: u32,
    /// Pieces the panic message must contain.
    pub message: &'static [&'static str],
    /// The regression input that reproduces it (under `fuzz/regressions/`).
    pub input: &'static str,
    pub what: &'static str,
}

/// Bugs found by these targets and reported to the core's owner, not yet
/// fixed. The regression test replays their inputs like any other (and
/// fails on them, marking them); the fuzzers, through
/// [`tolerate_known_bugs`], skip past them so that a run is not stopped by
/// the same bug again and again. Remove an entry once its bug is fixed.
// Both bugs these targets found are fixed (outline spans are snapped to the
// text's character boundaries; a field line ending at a lone CR no longer
// starts a block past its end); their inputs stay in `regressions/parse/`.
pub const KNOWN_BUGS: &[KnownBug] = &[];

/// The known bug a panic is, if any.
pub fn known_bug(location: &std::panic::Location<'_>, message: &str) -> Option<&'static KnownBug> {
    let file = location.file().replace('\\', "/");
    KNOWN_BUGS.iter().find(|b| {
        (b.line == 0 || location.line() == b.line)
            && file.ends_with(b.file)
            && b.message.iter().all(|m| message.contains(m))
    })
}

/// A panic's message, when it is text.
pub fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    info.payload()
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

thread_local! {
    static TOLERATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// For the fuzz binaries: lets a panic at a [`KNOWN_BUGS`] site unwind
/// (libfuzzer-sys's hook would abort) so that [`run_tolerating`] can skip
/// the input. Every other panic still aborts and is reported as a crash.
/// `CASENOTE_FUZZ_STRICT=1` turns this off.
pub fn tolerate_known_bugs() {
    if std::env::var_os("CASENOTE_FUZZ_STRICT").is_some_and(|v| v == "1") {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.location().and_then(|l| known_bug(l, &panic_message(info))).is_some() {
            TOLERATED.with(|t| t.set(true));
            return;
        }
        previous(info);
    }));
}

/// Runs a target, skipping the input if it panics at a known bug's site.
pub fn run_tolerating(target: fn(&[u8]), data: &[u8]) {
    if std::panic::catch_unwind(|| target(data)).is_err() {
        // Any other panic aborted in the hook before unwinding.
        assert!(TOLERATED.with(|t| t.replace(false)), "a panic got past the hook");
    }
}

// ---------------------------------------------------------------------------
// Decoding bytes by hand.

/// A cursor over the fuzzer's bytes. Reads past the end give zeros.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// A number that is mostly small: a byte below 0xF0 is itself; 0xF0..0xFF
    /// is followed by a full little-endian `u32` (so out-of-range positions,
    /// up to `u32::MAX`, are reachable too).
    pub fn small_u32(&mut self) -> u32 {
        match self.byte() {
            b @ 0..0xF0 => u32::from(b),
            _ => self.u32(),
        }
    }

    /// A short string: a length byte, then either (high bit clear) that many
    /// bytes, each mapped to a piece of the [`ALPHABET`] of awkward
    /// characters, or (high bit set) that many raw bytes read as lossy UTF-8.
    pub fn string(&mut self) -> String {
        let len = self.byte();
        let bytes = self.bytes(usize::from(len & 0x7F));
        if len & 0x80 == 0 {
            bytes.iter().map(|&b| ALPHABET[usize::from(b) % ALPHABET.len()]).collect()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }
    }

    /// Everything left, as lossy UTF-8.
    pub fn rest(&mut self) -> Cow<'a, str> {
        let rest = self.bytes(usize::MAX);
        String::from_utf8_lossy(rest)
    }
}

/// Pieces of text that matter to line and column arithmetic: line breaks of
/// every kind (only LF, CR and CR LF break lines in casenote's ropes; the
/// others must not), characters of 1 to 4 bytes of UTF-8 and 1 or 2 UTF-16
/// code units, a combining mark, a BOM and a NUL.
pub const ALPHABET: &[&str] = &[
    "a", "b", " ", "\n", "\r", "\r\n", "é", "🙂", "—", "\u{0301}", "\u{feff}", "\u{0}", "\u{2028}",
    "\u{85}", "\u{b}", "\u{c}", "\u{2029}", "𝔘", "z\r", "\n\r", "#", "ab\ncd", "\t", "x",
];

// ---------------------------------------------------------------------------
// parse

/// The record parser on arbitrary bytes: read as lossy UTF-8, and, when the
/// bytes are not valid UTF-8, also their longest valid prefix (what a
/// strict reader would take). Checks the model's spans.
pub fn parse(data: &[u8]) {
    let lossy = String::from_utf8_lossy(data);
    parse_and_check(&lossy);
    if let Err(error) = std::str::from_utf8(data) {
        let prefix = std::str::from_utf8(&data[..error.valid_up_to()]).expect("valid prefix");
        parse_and_check(prefix);
    }
}

fn parse_and_check(text: &str) {
    let record = casenote::parse::parse(text);
    assert_record_sound(&record);
}

/// The model's promises: `prose` and `unquoted` keep every offset, every
/// span lies inside the text on character boundaries, indices point where
/// they should.
pub fn assert_record_sound(record: &Record<'_>) {
    let text = record.text;
    assert_eq!(record.prose.len(), text.len(), "prose moved offsets");
    assert_eq!(record.unquoted.len(), text.len(), "unquoted moved offsets");
    let span = |what: &str, s: &Range<usize>| assert_span(text, s, what);
    if let Some(s) = &record.front_matter.span {
        span("front matter", s);
    }
    for h in record.headings.iter().chain(record.family_composition.as_ref()) {
        span("heading", &h.span);
        span("heading text", &h.text_span);
    }
    for (index, entry) in record.entries.iter().enumerate() {
        span("entry", &entry.span);
        span("entry heading", &entry.heading.span);
        span("entry heading text", &entry.heading.text_span);
        span("entry date", &entry.date_span);
        span("entry title", &entry.title_span);
        for field in &entry.fields {
            span("field value", &field.value_span);
            span("field line", &field.line_span);
        }
        for section in &entry.sections {
            span("section", &section.span);
            span("section heading", &section.heading.span);
        }
        assert!(
            entry.blocks.start <= entry.blocks.end && entry.blocks.end <= record.blocks.len(),
            "entry {index}'s blocks {:?} outside 0..{}",
            entry.blocks,
            record.blocks.len()
        );
    }
    for block in &record.blocks {
        span("block", &block.span);
        if let Some(label) = &block.label {
            span("label", &label.span);
        }
        for sentence in &block.sentences {
            span("sentence", &sentence.span);
        }
        if let Some(e) = block.entry {
            assert!(e < record.entries.len(), "block's entry {e} out of range: {block:?}");
            if let Some(s) = block.section {
                assert!(
                    s < record.entries[e].sections.len(),
                    "block's section {s} out of range: {block:?}"
                );
            }
        }
    }
    for s in &record.code_spans {
        span("code block or inline code", s);
    }
    for s in record.comments.iter().chain(&record.quotes) {
        span("comment or quote", s);
    }
    if let Some(genogram) = &record.genogram {
        span("genogram", &genogram.span);
        for error in &genogram.errors {
            span("genogram error", &error.span);
        }
    }
}

fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside the text (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
}

// ---------------------------------------------------------------------------
// check

/// The whole analysis, without the safety net around rules, under a
/// configuration and a date taken from the input (format at the top).
/// Checks that every finding, related span and quick-fix edit lies inside
/// the text on character boundaries, and that a fix's edits do not overlap.
pub fn check(data: &[u8]) {
    let mut input = Input::new(data);
    let (config, today) = check_header(&mut input);
    let text = input.rest();
    check_text(&text, &config, today);
}

/// The configuration and `today` of a `check` input.
pub fn check_header(input: &mut Input<'_>) -> (Config, NaiveDate) {
    let flags = input.byte();
    let days = input.u16() as i16;
    let late = input.byte();
    let long = input.byte();
    let mask = u32::from_le_bytes([input.byte(), input.byte(), input.byte(), 0]);

    let base = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let today = if days >= 0 {
        base.checked_add_days(Days::new(days as u64))
    } else {
        base.checked_sub_days(Days::new(u64::from(days.unsigned_abs())))
    }
    .expect("within chrono's range");

    let mut config = Config {
        training: flags & 1 != 0,
        late_recording_working_days: u32::from(late.wrapping_add(2)),
        long_sentence_words: usize::from(long.wrapping_add(35)),
        ..Config::default()
    };
    for (i, meta) in casenote::rules::metas().enumerate() {
        if flags & 2 != 0 && i < 24 && mask & (1 << i) != 0 {
            config.rules.insert(meta.id.to_string(), Level::Off);
        } else if flags & 16 != 0 {
            config.rules.insert(meta.id.to_string(), Level::On(Severity::Hint));
        }
    }
    if flags & 4 != 0 {
        let category = ["opinion", "hypothesis", "vague"][usize::from(input.byte() % 3)];
        let word = input.string();
        config.vocabulary.entry(category.to_string()).or_default().push(word);
    }
    if flags & 8 != 0 {
        config.acronyms.push(input.string());
    }
    (config, today)
}

/// The `check` invariants on one text.
pub fn check_text(text: &str, config: &Config, today: NaiveDate) {
    for d in check_unguarded(text, config, today) {
        assert_span(text, &d.span, &format!("finding {}", d.rule));
        for r in &d.related {
            assert_span(text, &r.span, &format!("related span of {}", d.rule));
        }
        for fix in &d.fixes {
            let mut edits: Vec<&Range<usize>> = fix.edits.iter().map(|e| &e.span).collect();
            for e in &edits {
                assert_span(text, e, &format!("edit of fix {:?} of {}", fix.title, d.rule));
            }
            edits.sort_by_key(|e| (e.start, e.end));
            for pair in edits.windows(2) {
                assert!(
                    pair[0].end <= pair[1].start,
                    "overlapping edits in fix {:?} of {}: {edits:?}",
                    fix.title,
                    d.rule
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// lsp_edits

/// The language server's incremental edit application (`lsp::text::Text`)
/// against [`Model`], a plain `String` with the same clamping semantics.
///
/// Input: a flags byte (bit 0: UTF-8 positions, else UTF-16; bit 1: the
/// initial text is [`repeated`]), the initial text as an [`Input::string`],
/// then up to 64 changes until the input runs out, each an op byte:
/// `op % 8 == 0` replaces the whole text with an [`Input::string`];
/// otherwise a range change of four [`Input::small_u32`] (start line, start
/// character, end line, end character) and an [`Input::string`]. When
/// `op & 8` the range's ends are swapped round; when `op & 16` the change's
/// text is [`repeated`].
/// After every change the texts must be equal; at the start and the end
/// every conversion (`offset`, `position`, `range`, `span`, `line_of`,
/// `line_span`, `last_line`) must agree with the model and round-trip.
pub fn lsp_edits(data: &[u8]) {
    let mut input = Input::new(data);
    let flags = input.byte();
    let encoding = if flags & 1 == 0 { Encoding::Utf16 } else { Encoding::Utf8 };
    let initial = repeated(&mut input, flags & 2 != 0, 32 * 1024);
    let mut text = Text::new(&initial, encoding);
    let mut model = Model::new(initial, encoding);
    compare(&text, &model);
    for _ in 0..64 {
        if input.is_empty() {
            break;
        }
        let op = input.byte();
        let change = if op % 8 == 0 {
            let text = repeated(&mut input, op & 16 != 0, 32 * 1024);
            TextDocumentContentChangeEvent { range: None, range_length: None, text }
        } else {
            let start = Position::new(input.small_u32(), input.small_u32());
            let end = Position::new(input.small_u32(), input.small_u32());
            let (start, end) = if op & 8 != 0 { (end, start) } else { (start, end) };
            TextDocumentContentChangeEvent {
                range: Some(LspRange::new(start, end)),
                range_length: None,
                text: repeated(&mut input, op & 16 != 0, 8 * 1024),
            }
        };
        text.apply(&change);
        model.apply(&change);
        // Cheap checks after every change (the change's own positions were
        // converted by `apply`), the full comparison at the end.
        assert_eq!(text.to_text(), model.text, "texts differ after {change:?}");
    }
    compare(&text, &model);
}

/// An [`Input::string`]; when `repeat`, followed by a count byte `n`, and
/// repeated `1 + 16 n` times up to about `cap` bytes: texts of several rope
/// leaves (about a kilobyte each), whose seams may fall inside a CR LF.
fn repeated(input: &mut Input<'_>, repeat: bool, cap: usize) -> String {
    let piece = input.string();
    if !repeat {
        return piece;
    }
    let times = 1 + 16 * usize::from(input.byte());
    piece.repeat(times.min(cap / piece.len().max(1)).max(1))
}

/// Checks `text` against `model`: everywhere when the text is short, else
/// at each line's edges and at pseudo-random places.
fn compare(text: &Text, model: &Model) {
    assert_eq!(text.to_text(), model.text, "texts differ");
    let len = model.text.len();
    let lines = model.lines.len();
    // Every offset and position of a short text; of a longer one (ropey
    // scans a whole leaf per conversion, slow under the fuzzer's
    // instrumentation), each line's edges and some drawn from the input.
    let short = len <= 24 && lines <= 6;
    let mut offsets: Vec<usize> = vec![0, len, len + 1, usize::MAX / 2];
    let mut positions: Vec<Position> = Vec::new();
    if short {
        offsets.extend(1..len);
        for line in 0..lines as u32 + 2 {
            for character in 0..(model.line_width(line as usize) + 3) as u32 {
                positions.push(Position::new(line, character));
            }
            positions.push(Position::new(line, u32::MAX));
        }
    } else {
        // Spread over the text: k of n indices, with the first and the last.
        let spread = |n: usize, k: usize| -> Vec<usize> {
            if n <= k {
                (0..n).collect()
            } else {
                (0..k).map(|i| i * n / k).chain([n - 1]).collect()
            }
        };
        for line in spread(lines, 8) {
            let range = &model.lines[line];
            offsets.extend([range.start, range.end, range.end + 1]);
            let (line, width) = (line as u32, model.line_width(line) as u32);
            positions.extend(
                [0, 1, width.saturating_sub(1), width, width + 1, u32::MAX]
                    .map(|c| Position::new(line, c)),
            );
        }
        // Deterministic pseudo-random samples, seeded by the text.
        let mut seed = model.text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        offsets.extend((0..8).map(|_| next() % (len + 1)));
        // Around line breaks and characters of more than one byte.
        let awkward: Vec<usize> = model
            .text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\r' || b == b'\n' || b >= 0x80)
            .map(|(i, _)| i)
            .collect();
        offsets.extend(
            spread(awkward.len(), 12).into_iter().flat_map(|i| [awkward[i], awkward[i] + 1]),
        );
        positions.extend(
            (0..8).map(|_| Position::new((next() % (lines + 2)) as u32, (next() % 200) as u32)),
        );
    }
    for &o in &offsets {
        let p = text.position(o);
        assert_eq!(p, model.position(o), "position({o}) of {:?}", model.text);
        assert_eq!(text.line_of(o), model.line_of(o), "line_of({o}) of {:?}", model.text);
        // Round trip from an offset: back to it, unless it was inside a
        // character or a line break, or past the end.
        let back = text.offset(p);
        assert_eq!(back, model.offset(p), "offset({p:?}) of {:?}", model.text);
        if model.is_text_offset(o) {
            assert_eq!(back, o, "offset(position({o})) of {:?}", model.text);
        } else {
            assert!(
                back <= o.min(len),
                "offset(position({o})) = {back} went forward in {:?}",
                model.text
            );
        }
    }
    positions.push(Position::new(u32::MAX, u32::MAX));
    for &p in &positions {
        let o = text.offset(p);
        assert_eq!(o, model.offset(p), "offset({p:?}) of {:?}", model.text);
        let q = text.position(o);
        assert_eq!(q, model.position(o), "position({o}) of {:?}", model.text);
        // Round trip from a position: the same line (or the end of the text
        // for a line past the end), never further right, and stable.
        if (p.line as usize) < lines {
            assert!(
                q.line == p.line && q.character <= p.character,
                "position(offset({p:?})) = {q:?} in {:?}",
                model.text
            );
        } else {
            assert_eq!(o, len, "a line past the end is the end of the text");
        }
        assert_eq!(
            text.offset(q),
            o,
            "offset(position(offset({p:?}))) not stable in {:?}",
            model.text
        );
    }
    // Ranges and spans are pairs of the above.
    for pair in positions.windows(2).step_by(3) {
        let range = LspRange::new(pair[0], pair[1]);
        let span = text.span(&range);
        let (a, b) = (model.offset(pair[0]), model.offset(pair[1]));
        assert_eq!(span, a.min(b)..a.max(b), "span({range:?}) of {:?}", model.text);
        let back = text.range(&span);
        assert_eq!(back, LspRange::new(model.position(span.start), model.position(span.end)));
    }
    // Spans in both directions: a backwards span is empty at its start.
    for pair in offsets.windows(2).step_by(2) {
        for span in [pair[0]..pair[1], pair[1]..pair[0]] {
            let expected =
                LspRange::new(model.position(span.start), model.position(span.end.max(span.start)));
            assert_eq!(text.range(&span), expected, "range({span:?}) of {:?}", model.text);
            assert_eq!(
                text.last_line(&span),
                model.last_line(&span),
                "last_line({span:?}) of {:?}",
                model.text
            );
        }
    }
    for line in (0..lines + 2).take(10).chain([lines / 2, lines.saturating_sub(2), usize::MAX]) {
        assert_eq!(
            text.line_span(line),
            model.line_span(line),
            "line_span({line}) of {:?}",
            model.text
        );
    }
}

/// The reference: a `String` and its lines. LF, CR and CR LF break lines
/// (ropey's `cr_lines`, and the LSP's own definition); nothing else does.
pub struct Model {
    pub text: String,
    pub encoding: Encoding,
    /// Each line's text as a byte range, without its line break.
    pub lines: Vec<Range<usize>>,
}

impl Model {
    pub fn new(text: String, encoding: Encoding) -> Self {
        let mut model = Model { text, encoding, lines: Vec::new() };
        model.index();
        model
    }

    fn index(&mut self) {
        self.lines.clear();
        let bytes = self.text.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    self.lines.push(start..i);
                    i += 2;
                    start = i;
                }
                b'\r' | b'\n' => {
                    self.lines.push(start..i);
                    i += 1;
                    start = i;
                }
                _ => i += 1,
            }
        }
        self.lines.push(start..bytes.len());
    }

    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent) {
        match change.range {
            None => self.text = change.text.clone(),
            Some(range) => {
                let start = self.offset(range.start);
                let end = self.offset(range.end).max(start);
                self.text.replace_range(start..end, &change.text);
            }
        }
        self.index();
    }

    /// The width of a line's text in the encoding's units.
    pub fn line_width(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |r| self.width(r.clone()))
    }

    fn width(&self, span: Range<usize>) -> usize {
        match self.encoding {
            Encoding::Utf16 => self.text[span].encode_utf16().count(),
            Encoding::Utf8 => span.len(),
        }
    }

    /// A line past the end is the end of the text; a character past the
    /// end of the line is the line's end (before its break); a character
    /// inside a character (a surrogate pair, a UTF-8 sequence) goes back
    /// to its start.
    pub fn offset(&self, p: Position) -> usize {
        let Some(line) = self.lines.get(p.line as usize) else { return self.text.len() };
        let wanted = p.character as usize;
        match self.encoding {
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in self.text[line.clone()].char_indices() {
                    if units + c.len_utf16() > wanted {
                        return line.start + i;
                    }
                    units += c.len_utf16();
                }
                line.end
            }
            Encoding::Utf8 => {
                let mut offset = line.start.saturating_add(wanted).min(line.end);
                while !self.text.is_char_boundary(offset) {
                    offset -= 1;
                }
                offset
            }
        }
    }

    /// Clamped to the text, back to the start of a character it falls in,
    /// and to the end of the line's text when inside its line break.
    pub fn position(&self, offset: usize) -> Position {
        let line = self.line_of(offset);
        let offset = self.char_start(offset);
        let range = &self.lines[line];
        let end = offset.min(range.end);
        Position::new(line as u32, self.width(range.start..end) as u32)
    }

    /// The line holding a (clamped) offset; a line break belongs to the
    /// line it ends.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = self.char_start(offset);
        self.lines.partition_point(|l| l.start <= offset) - 1
    }

    pub fn line_span(&self, line: usize) -> Range<usize> {
        self.lines[line.min(self.lines.len() - 1)].clone()
    }

    pub fn last_line(&self, span: &Range<usize>) -> usize {
        let end = span.end.min(self.text.len());
        if end > span.start {
            self.line_of(end - 1)
        } else {
            self.line_of(end)
        }
    }

    /// Whether `offset` is a place in the text a position can name: on a
    /// character boundary, not inside a line break.
    pub fn is_text_offset(&self, offset: usize) -> bool {
        offset <= self.text.len()
            && self.text.is_char_boundary(offset)
            && offset <= self.lines[self.line_of(offset)].end
    }

    fn char_start(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}
