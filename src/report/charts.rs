//! Inline SVG charts: horizontal bar charts with text labels, and a record's
//! timeline. Every label is text in the SVG (and each chart has a text
//! alternative in the page), so nothing depends on colour alone.

use std::fmt::Write;

use chrono::{Datelike, Months, NaiveDate};

use super::html::{uk_date, Esc};
use crate::stats::{ContactGap, TimelineEntry};

/// One bar.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: usize,
    pub colour: &'a str,
}

/// A horizontal bar chart: label, bar, value.
pub fn bar_chart(title: &str, bars: &[Bar<'_>]) -> String {
    const LABEL_WIDTH: usize = 290;
    const BAR_WIDTH: usize = 300;
    const ROW: usize = 26;
    let width = LABEL_WIDTH + BAR_WIDTH + 70;
    let height = bars.len() * ROW + 8;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        Esc(title)
    );
    let _ = write!(out, "<title>{}</title>", Esc(title));
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let length = if bar.value == 0 { 0 } else { (bar.value * BAR_WIDTH).div_ceil(max).max(2) };
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{}\" width=\"{length}\" height=\"18\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
            LABEL_WIDTH - 8,
            y + 14,
            Esc(bar.label),
            y,
            bar.colour,
            LABEL_WIDTH + length + 6,
            y + 14,
            bar.value
        );
    }
    out.push_str("</svg>");
    out
}

const WIDTH: i64 = 960;
const LEFT: i64 = 24;
const RIGHT: i64 = 24;
const AXIS_Y: i64 = 78;

/// A record's entries on a date axis; gaps in contact longer than the
/// planned frequency are shaded and labelled. `None` when no entry has a
/// valid date.
pub fn timeline(entries: &[TimelineEntry], gaps: &[ContactGap]) -> Option<String> {
    let dates: Vec<NaiveDate> = entries.iter().filter_map(|e| e.date).collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    // A little room either side; at least two weeks shown.
    let span = (last - first).num_days().max(14);
    let pad = (span / 20).max(2);
    let start = first - chrono::Duration::days(pad + (span - (last - first).num_days()) / 2);
    let days = span + 2 * pad;
    let x = |date: NaiveDate| LEFT + (date - start).num_days() * (WIDTH - LEFT - RIGHT) / days;
    let height = AXIS_Y + 34;

    let mut out = String::new();
    let seen = entries.iter().filter(|e| e.date.is_some() && e.child_seen).count();
    let flagged = entries.iter().filter(|e| e.date.is_some() && e.findings > 0).count();
    let _ = write!(
        out,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"Timeline of {} from {} to {}: {} with the child seen, {} with findings, {} longer than planned\">",
        plural(dates.len(), "dated entry", "dated entries"),
        uk_date(first),
        uk_date(last),
        plural(seen, "contact", "contacts"),
        plural(flagged, "entry", "entries"),
        plural(gaps.len(), "gap in contact", "gaps in contact"),
    );
    // Gaps first, under the entries.
    for gap in gaps {
        let (x1, x2) = (x(gap.from), x(gap.to));
        let _ = write!(
            out,
            "<g class=\"gap\"><title>No contact with the child for {} days ({} to {}), longer than planned</title>\
             <rect x=\"{x1}\" y=\"26\" width=\"{}\" height=\"{}\"/>\
             <text x=\"{}\" y=\"20\" text-anchor=\"middle\">{} days</text></g>",
            gap.days,
            uk_date(gap.from),
            uk_date(gap.to),
            (x2 - x1).max(1),
            AXIS_Y - 26,
            (x1 + x2) / 2,
            gap.days
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{AXIS_Y}\" x2=\"{}\" y2=\"{AXIS_Y}\"/>",
        WIDTH - RIGHT
    );
    for (tick, label) in ticks(start, start + chrono::Duration::days(days)) {
        let tx = x(tick);
        let _ = write!(
            out,
            "<line class=\"tick\" x1=\"{tx}\" y1=\"{AXIS_Y}\" x2=\"{tx}\" y2=\"{}\"/><text class=\"tick\" x=\"{tx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            AXIS_Y + 5,
            AXIS_Y + 20,
            Esc(&label)
        );
    }
    for entry in entries {
        let Some(date) = entry.date else { continue };
        let cx = x(date);
        let class = match (entry.kind, entry.child_seen) {
            ("contact", true) => "seen",
            ("contact", false) => "contact",
            _ => "other",
        };
        let flagged = if entry.findings > 0 { " flagged" } else { "" };
        let cy = if class == "other" { AXIS_Y - 14 } else { AXIS_Y - 36 };
        // Each kind has its own shape as well as its own colour.
        let shape = match class {
            "other" => {
                format!("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\"/>", cx - 5, cy - 5)
            }
            "contact" => format!(
                "<polygon points=\"{cx},{} {},{cy} {cx},{} {},{cy}\"/>",
                cy - 8,
                cx + 8,
                cy + 8,
                cx - 8
            ),
            _ => format!("<circle cx=\"{cx}\" cy=\"{cy}\" r=\"7\"/>"),
        };
        let _ = write!(
            out,
            "<g class=\"entry {class}{flagged}\"><title>{}: {} (line {}){}</title>{shape}</g>",
            uk_date(date),
            Esc(&entry.title),
            entry.line,
            match entry.findings {
                0 => String::new(),
                1 => ", 1 finding".to_owned(),
                n => format!(", {n} findings"),
            }
        );
    }
    out.push_str("</svg>");
    Some(out)
}

/// `1 entry`, `3 entries`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The timeline's key: each mark drawn as on the timeline.
pub fn timeline_legend() -> String {
    let mark = |shape: &str, class: &str, label: &str| {
        format!(
            "<span><svg class=\"timeline key\" width=\"18\" height=\"18\" viewBox=\"0 0 18 18\" aria-hidden=\"true\"><g class=\"{class}\">{shape}</g></svg>{label}</span>"
        )
    };
    let mut out = String::from("<p class=\"legend\">");
    out.push_str(&mark(
        "<circle cx=\"9\" cy=\"9\" r=\"7\"/>",
        "entry seen",
        "contact with the child (circle)",
    ));
    out.push_str(&mark(
        "<polygon points=\"9,1 17,9 9,17 1,9\"/>",
        "entry contact",
        "other contact (diamond)",
    ));
    out.push_str(&mark(
        "<rect x=\"4\" y=\"4\" width=\"10\" height=\"10\"/>",
        "entry other",
        "note, letter, oversight (square)",
    ));
    out.push_str(&mark(
        "<circle cx=\"9\" cy=\"9\" r=\"6\"/>",
        "entry seen flagged",
        "has findings (red ring)",
    ));
    out.push_str(&mark(
        "<rect x=\"1\" y=\"3\" width=\"16\" height=\"12\"/>",
        "gap",
        "gap longer than planned (dashed box)",
    ));
    out.push_str("</p>\n");
    out
}

/// Tick dates and labels for the axis from `start` to `end`: weeks for a
/// short span, else months (every 1, 2, 3, 6 or 12) so that there are at
/// most about ten.
fn ticks(start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, String)> {
    let days = (end - start).num_days();
    if days <= 70 {
        let mut ticks = Vec::new();
        // Mondays.
        let mut day = start
            + chrono::Duration::days(i64::from((7 - start.weekday().num_days_from_monday()) % 7));
        while day <= end {
            ticks.push((day, day.format("%-d %b").to_string()));
            day += chrono::Duration::days(7);
        }
        return ticks;
    }
    let months = days / 30;
    let step =
        [1, 2, 3, 6, 12].into_iter().find(|s| months / s <= 10).unwrap_or(12 * (1 + months / 120));
    let step = u32::try_from(step).unwrap_or(12);
    let mut day = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    // Start on a month that is a multiple of the step (Jan, Apr, Jul, Oct for 3).
    while (day.month0() % step) != 0 || day < start {
        day = day.checked_add_months(Months::new(1)).unwrap_or(end);
        if day >= end {
            break;
        }
    }
    let mut ticks = Vec::new();
    while day <= end {
        let label =
            if step >= 12 { day.format("%Y").to_string() } else { day.format("%b %Y").to_string() };
        ticks.push((day, label));
        day = match day.checked_add_months(Months::new(step)) {
            Some(next) => next,
            None => break,
        };
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(date: Option<NaiveDate>, title: &str, findings: usize) -> TimelineEntry {
        TimelineEntry {
            line: 3,
            date,
            title: title.to_owned(),
            kind: "contact",
            child_seen: true,
            recording_delay: None,
            findings,
            practitioner: None,
            decision_endorsed: None,
            findings_by_principle: [0; 8],
        }
    }

    #[test]
    fn ticks_are_mondays_or_months() {
        let weeks = ticks(d(2026, 11, 1), d(2026, 11, 20));
        assert_eq!(
            weeks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
            ["2 Nov", "9 Nov", "16 Nov"]
        );
        let months = ticks(d(2026, 1, 15), d(2026, 6, 20));
        assert_eq!(
            months.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
            ["Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026"]
        );
        let quarters = ticks(d(2024, 2, 1), d(2026, 6, 1));
        assert_eq!(quarters.first().unwrap().1, "Apr 2024");
        assert!(quarters.len() <= 10);
    }

    #[test]
    fn timeline_marks_gaps_and_escapes_titles() {
        let entries = [
            entry(Some(d(2026, 10, 27)), "<b>visit</b>", 0),
            entry(Some(d(2026, 11, 10)), "Visit", 2),
            entry(None, "x", 0),
        ];
        let gap = ContactGap { from: d(2026, 10, 27), to: d(2026, 11, 10), days: 14, line: 9 };
        let svg = timeline(&entries, &[gap]).unwrap();
        assert!(svg.contains("14 days</text>"));
        assert!(svg.contains("&lt;b&gt;visit&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("entry seen flagged"));
        assert!(timeline(&[entry(None, "x", 0)], &[]).is_none());
    }

    #[test]
    fn timeline_label_is_complete_and_kinds_differ_in_shape() {
        let mut other = entry(Some(d(2026, 11, 3)), "Call with school", 0);
        other.child_seen = false;
        let mut note = entry(Some(d(2026, 11, 4)), "Case note", 0);
        note.kind = "case-note";
        note.child_seen = false;
        let entries = [
            entry(Some(d(2026, 10, 27)), "Visit", 0),
            other,
            note,
            entry(Some(d(2026, 11, 10)), "Visit", 2),
            entry(None, "x", 0),
        ];
        let gap = ContactGap { from: d(2026, 10, 27), to: d(2026, 11, 10), days: 14, line: 9 };
        let svg = timeline(&entries, &[gap]).unwrap();
        assert!(svg.contains(
            "aria-label=\"Timeline of 4 dated entries from 27 Oct 2026 to 10 Nov 2026: \
             2 contacts with the child seen, 1 entry with findings, 1 gap in contact longer than planned\""
        ));
        // A circle for contacts with the child, a diamond for other contacts,
        // a square for the rest.
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<polygon").count(), 1);
        assert!(svg.contains("<g class=\"entry contact\"><title>3 Nov 2026: Call with school (line 3)</title><polygon"));
        assert!(svg.contains(
            "<g class=\"entry other\"><title>4 Nov 2026: Case note (line 3)</title><rect"
        ));
        let legend = timeline_legend();
        for words in ["(circle)", "(diamond)", "(square)", "(red ring)", "(dashed box)"] {
            assert!(legend.contains(words), "{words}");
        }
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = bar_chart(
            "By severity",
            &[
                Bar { label: "error", value: 0, colour: "#b00020" },
                Bar { label: "warning", value: 4, colour: "#a35200" },
            ],
        );
        assert!(svg.contains("width=\"0\""));
        assert!(svg.contains("width=\"300\""));
        assert!(svg.contains(">warning</text>"));
    }
}
