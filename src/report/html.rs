//! HTML helpers: escaping, dates, and the small Markdown subset the rule
//! documentation uses.

use std::fmt;

use chrono::NaiveDate;

/// Text escaped for HTML content and attribute values (`&`, `<`, `>`, `"`,
/// `'`). Every piece of record text goes through this.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, c) in self.0.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(replacement)?;
            last = i + c.len_utf8();
        }
        f.write_str(&self.0[last..])
    }
}

/// `27 Oct 2026`.
pub fn uk_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// `27 Oct 2026`, or a dash.
pub fn uk_date_opt(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), uk_date)
}

/// A number of days, working days, … with its unit in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A median like `1.5` or `2`.
pub fn decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The Markdown of a rule's documentation as HTML: `##` headings (shown one
/// level down as `h4`), paragraphs, `-` lists, fenced code, inline code and
/// bold. Everything is escaped.
pub fn rule_doc(markdown: &str) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |out: &mut String, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            out.push_str("<ul>\n");
            for item in list.drain(..) {
                out.push_str(&format!("<li>{}</li>\n", inline(&item)));
            }
            out.push_str("</ul>\n");
        }
    };
    for line in markdown.lines() {
        if let Some(lines) = &mut code {
            if line.trim_start().starts_with("```") {
                out.push_str(&format!("<pre><code>{}</code></pre>\n", Esc(&lines.join("\n"))));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut out, &mut paragraph, &mut list);
            code = Some(Vec::new());
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            flush(&mut out, &mut paragraph, &mut list);
            out.push_str(&format!("<h4>{}</h4>\n", inline(heading)));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut out, &mut paragraph, &mut Vec::new());
            }
            list.push(item.to_owned());
        } else if trimmed.is_empty() {
            flush(&mut out, &mut paragraph, &mut list);
        } else if !list.is_empty() && line.starts_with("  ") {
            // A list item's continuation line.
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                flush(&mut out, &mut Vec::new(), &mut list);
            }
            paragraph.push(trimmed);
        }
    }
    if let Some(lines) = code {
        out.push_str(&format!("<pre><code>{}</code></pre>\n", Esc(&lines.join("\n"))));
    }
    flush(&mut out, &mut paragraph, &mut list);
    out
}

/// Inline Markdown: `code` and **bold**, the rest escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", Esc(part)));
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    out.push_str(&format!("<strong>{}</strong>", Esc(piece)));
                } else {
                    out.push_str(&Esc(piece).to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            Esc("<script>alert('x') & \"y\"</script>").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(Esc("Zoë — ok").to_string(), "Zoë — ok");
    }

    #[test]
    fn rule_documentation_subset() {
        let html = rule_doc("## What it checks\n\nAn `entry` with\n**no** date <b>.\n\n- one\n  more\n- two\n\n```markdown\n## 2026 <x>\n```\n");
        assert_eq!(
            html,
            "<h4>What it checks</h4>\n<p>An <code>entry</code> with <strong>no</strong> date &lt;b&gt;.</p>\n\
             <ul>\n<li>one more</li>\n<li>two</li>\n</ul>\n<pre><code>## 2026 &lt;x&gt;</code></pre>\n"
        );
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(decimal(1.5), "1.5");
        assert_eq!(decimal(2.0), "2");
        assert_eq!(count(1, "day", "days"), "1 day");
        assert_eq!(uk_date(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()), "3 Nov 2026");
    }
}
