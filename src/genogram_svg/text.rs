//! Text for the picture: estimated widths (no font files are read, so the
//! estimate is deliberately generous), wrapping, XML escaping and number
//! formatting.

use unicode_width::UnicodeWidthStr;

/// Average advance of a character as a share of the font size. Generous for
/// common sans-serif fonts (DejaVu Sans, Arial, Helvetica), so text measured
/// with it fits where it is placed.
const ADVANCE: f64 = 0.62;

/// Estimated width in pixels of `text` at `size` px.
pub fn width(text: &str, size: f64) -> f64 {
    text.width() as f64 * size * ADVANCE
}

/// Splits `text` into at most `max_lines` lines no wider than `max_width`
/// at `size` px: at spaces where possible, else inside a word. What does
/// not fit ends the last line with `…`.
pub fn wrap(text: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let fits = |s: &str| width(s, size) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut overflow = false;
    for word in text.split_whitespace() {
        let candidate =
            if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word too long for a line is cut.
        let mut rest = word;
        while !fits(rest) {
            let cut = longest_prefix(rest, |s| fits(s));
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        current = rest.to_string();
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        overflow = true;
    }
    if overflow {
        if let Some(last) = lines.last_mut() {
            let cut = longest_prefix(last, |s| fits(&format!("{s}…")));
            last.truncate(cut);
            let trimmed = last.trim_end().len();
            last.truncate(trimmed);
            last.push('…');
        }
    }
    lines
}

/// A person's name in at most `max_lines` lines: wrapped like [`wrap`] when
/// it fits, else the surname (the last word, the part that names the family)
/// keeps the last line whole and the given names before it are shortened to
/// initials, then cut.
pub fn wrap_name(name: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let whole = wrap(name, size, max_width, usize::MAX);
    let Some((given, surname)) = name.trim().rsplit_once(char::is_whitespace) else {
        return wrap(name, size, max_width, max_lines);
    };
    if whole.len() <= max_lines || max_lines < 2 {
        return wrap(name, size, max_width, max_lines);
    }
    let initials = |words: &[&str]| -> String {
        words
            .iter()
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if width(surname, size) > max_width {
        // A surname too long for a line: the surname alone, broken after
        // its hyphens where it has them.
        let parts: Vec<&str> = surname.split_inclusive('-').collect();
        return wrap(&parts.join(" "), size, max_width, max_lines)
            .into_iter()
            .map(|line| line.replace("- ", "-"))
            .collect();
    }
    let words: Vec<&str> = given.split_whitespace().collect();
    // The first given name whole and the middle ones as initials, or every
    // one as an initial, or whatever of that fits.
    let shortened =
        [format!("{} {}", words[0], initials(&words[1..])).trim().to_string(), initials(&words)];
    let fitting = shortened.iter().find(|s| width(s, size) <= max_width);
    let mut lines = match fitting {
        Some(given) => wrap(given, size, max_width, max_lines - 1),
        None => wrap(&shortened[1], size, max_width, max_lines - 1),
    };
    lines.extend(wrap(surname, size, max_width, 1));
    lines
}

/// `text` with Markdown code marks (`` `x` ``) turned into quotation marks,
/// for notes drawn in the picture.
pub fn without_code_marks(text: &str) -> String {
    let mut open = false;
    text.chars()
        .map(|c| match c {
            '`' => {
                open = !open;
                if open {
                    '“'
                } else {
                    '”'
                }
            }
            c => c,
        })
        .collect()
}

/// Length in bytes of the longest prefix of `text` (on a character
/// boundary, at least one character) for which `fits` holds.
fn longest_prefix(text: &str, fits: impl Fn(&str) -> bool) -> usize {
    let mut end = text.chars().next().map_or(0, char::len_utf8);
    for (i, c) in text.char_indices().skip(1) {
        let next = i + c.len_utf8();
        if !fits(&text[..next]) {
            break;
        }
        end = next;
    }
    end
}

/// `text` escaped for XML character data (quotes may stay: no user text
/// goes in attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most one decimal, without a trailing `.0` or `-0`.
pub fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("Sarah Smith", 12.0, 130.0, 2), ["Sarah Smith"]);
        assert_eq!(
            wrap("Bartholomew Featherstonehaugh", 12.0, 130.0, 2),
            ["Bartholomew", "Featherstonehaugh"]
        );
        let cut = wrap("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 12.0, 130.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert!(cut.iter().all(|l| width(l, 12.0) <= 130.0));
        assert!(wrap("", 12.0, 130.0, 2).is_empty());
    }

    #[test]
    fn keeps_the_surname_of_a_long_name() {
        assert_eq!(
            wrap_name("Bartholomew Alexander Featherstonehaugh", 12.0, 130.0, 2),
            ["Bartholomew A.", "Featherstonehaugh"]
        );
        assert_eq!(
            wrap_name("Anna Maria Louisa Charlotte Smith", 12.0, 90.0, 2),
            ["A. M. L. C.", "Smith"]
        );
        assert_eq!(wrap_name("Sarah Smith", 12.0, 130.0, 2), ["Sarah Smith"]);
        assert_eq!(wrap_name("Sarah Jane Smith", 12.0, 80.0, 2), ["Sarah Jane", "Smith"]);
        assert_eq!(
            wrap_name("Wilhelmina Honoria Postlethwaite-Smythe", 12.0, 130.0, 2),
            ["Postlethwaite-", "Smythe"]
        );
        for name in ["Bartholomew Alexander Featherstonehaugh", "Jo Featherstonehaugh-Smith"] {
            let lines = wrap_name(name, 12.0, 130.0, 2);
            assert!(lines.len() <= 2 && lines.iter().all(|l| width(l, 12.0) <= 130.0), "{lines:?}");
            assert!(lines.concat().ends_with(name.rsplit(' ').next().unwrap()), "{lines:?}");
        }
    }

    #[test]
    fn turns_code_marks_into_quotes() {
        assert_eq!(without_code_marks("use `a` or `b`"), "use “a” or “b”");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a & \"b\" 'c'>"), "&lt;a &amp; \"b\" 'c'&gt;");
        assert_eq!(escape("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-3.5), "-3.5");
    }
}
