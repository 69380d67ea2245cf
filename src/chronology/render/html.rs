//! The chronology as one self-contained HTML page: no scripts, fonts or
//! images from anywhere (it opens offline), the personal-data notice, and
//! per child: agency lanes on a time axis with each event as a mark (kind
//! by shape and colour, hollow when not yet confirmed, each with a text
//! alternative and a key), accumulating concern and gaps in contact drawn
//! on the axis, the table of events, and the patterns summary. Prints on
//! A4 without losing columns.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use chrono::NaiveDate;

use super::super::merge::{Chronologies, Chronology, Row, CONCERN_DAYS, CONCERN_EVENTS};
use super::super::{detect, OTHER_KIND};
use crate::vocabulary;

/// Okabe–Ito colours: told apart with every common colour-vision deficiency.
const COLOURS: [&str; 8] =
    ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C6D1F"];
const SHAPES: [Shape; 6] =
    [Shape::Circle, Shape::Square, Shape::Triangle, Shape::Diamond, Shape::Down, Shape::Cross];

#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Down,
    Cross,
}

/// Every kind the vocabulary knows, in a fixed order: its index gives the
/// kind its shape and colour, the same on every page.
static KINDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let v = vocabulary::get();
    let mut all: BTreeSet<&'static str> = BTreeSet::new();
    all.extend(v.significant_kinds.keys().map(String::as_str));
    all.extend(v.significant_incidents.keys().map(String::as_str));
    let mut kinds: Vec<&'static str> = all.into_iter().collect();
    kinds.push(detect::FAMILY_CHANGE);
    kinds.push(OTHER_KIND);
    kinds
});

fn style_of(kind: &str) -> (Shape, &'static str) {
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    (SHAPES[index % SHAPES.len()], COLOURS[index % COLOURS.len()])
}

/// A kind in words: `police-call-out` → `police call-out`.
pub fn kind_name(kind: &str) -> String {
    match kind {
        "police-call-out" => "police call-out".into(),
        "self-harm" => "self-harm".into(),
        "section-47" => "section 47 enquiry".into(),
        _ => kind.replace('-', " "),
    }
}

/// Text escaped for HTML content and attribute values.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The whole page.
pub fn page(all: &Chronologies, today: NaiveDate) -> String {
    let mut out = String::new();
    let title = match all.chronologies.as_slice() {
        [one] => format!("Chronology: {}", one.child),
        _ => "Chronologies".to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{} (contains personal data)</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <p class=\"meta\">Built from the case records on {}.</p>\n\
         <div class=\"notice\" id=\"personal-data\" role=\"note\"><strong>This chronology contains personal data.</strong> \
         It lists events from case records about children and families: sensitive personal data (special category data \
         under UK GDPR). Keep it on an encrypted device or a secure drive, share it only with people entitled to see \
         these records, do not email or upload it, and delete it when it is no longer needed. It was made offline: \
         nothing was sent anywhere, and the page loads nothing from the network.</div>\n</header>\n<main>\n",
        Esc(&title),
        Esc(&title),
        today.format("%-d %B %Y"),
    );
    for conflict in &all.conflicts {
        let _ =
            writeln!(out, "<p class=\"conflict\" role=\"note\">{}</p>", Esc(&conflict.message()));
    }
    if all.chronologies.is_empty() {
        out.push_str("<p>No significant events found.</p>\n");
    }
    for (n, chronology) in all.chronologies.iter().enumerate() {
        child_section(&mut out, n, chronology);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn child_section(out: &mut String, n: usize, chronology: &Chronology) {
    let born = chronology.born.as_deref().map(|b| format!(" (born {b})")).unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"child\" id=\"child-{n}\">\n<h2>{}{}</h2>\n",
        Esc(&chronology.child),
        Esc(&born)
    );
    let sources: Vec<String> = chronology
        .records
        .iter()
        .map(|r| {
            let about = r.about();
            format!("{} ({})", Esc(&r.path), Esc(&about))
        })
        .collect();
    let _ = writeln!(out, "<p class=\"meta\">From {}.</p>", sources.join("; "));
    let rows: Vec<&Row> = chronology.events.iter().chain(&chronology.unconfirmed).collect();
    timeline(out, n, chronology, &rows);
    key(out, &rows);
    table(out, n, chronology);
    patterns(out, chronology);
    out.push_str("</section>\n");
}

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 170.0;
const RIGHT: f64 = 20.0;
const LANE: f64 = 46.0;
const TOP: f64 = 34.0;
const AXIS: f64 = 30.0;

/// Agency lanes on a time axis.
fn timeline(out: &mut String, n: usize, chronology: &Chronology, rows: &[&Row]) {
    // With each row's index in the table (the same order as `rows`).
    let dated: Vec<(usize, &Row, NaiveDate)> =
        rows.iter().enumerate().filter_map(|(i, r)| r.day.map(|d| (i, *r, d))).collect();
    let gaps = &chronology.patterns.gaps;
    let mut days: Vec<NaiveDate> = dated.iter().map(|(_, _, d)| *d).collect();
    days.extend(gaps.iter().flat_map(|g| [g.from, g.to]));
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return;
    };
    let mut agencies: Vec<String> =
        chronology.records.iter().map(|r| shown_agency(&r.agency)).collect();
    agencies.sort();
    agencies.dedup();
    let span_days = ((last - first).num_days() as f64).max(1.0);
    let x =
        |d: NaiveDate| LEFT + (d - first).num_days() as f64 / span_days * (WIDTH - LEFT - RIGHT);
    let height = TOP + LANE * agencies.len() as f64 + AXIS;
    let lane_y = |agency: &str| {
        let i = agencies.iter().position(|a| a == agency).unwrap_or(0);
        TOP + LANE * i as f64 + LANE / 2.0
    };
    let _ = write!(
        out,
        "<figure class=\"timeline\">\n<svg viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"tl-title-{n} tl-desc-{n}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"tl-title-{n}\">Events by agency over time</title>\n\
         <desc id=\"tl-desc-{n}\">{} events from {} to {} in {} agency lanes; each is listed in the table below.</desc>\n",
        rows.len(),
        first,
        last,
        agencies.len()
    );
    for (i, agency) in agencies.iter().enumerate() {
        let y = TOP + LANE * i as f64;
        let _ = writeln!(
            out,
            "<g class=\"lane\"><rect x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE}\"/>\
             <text x=\"8\" y=\"{:.1}\">{}</text></g>",
            y + LANE / 2.0 + 4.0,
            Esc(agency)
        );
    }
    // Accumulating concern: a band across every lane.
    for concern in &chronology.patterns.accumulating_concern {
        let (x1, x2) = (x(concern.from), x(concern.to));
        let _ = writeln!(
            out,
            "<g class=\"concern\"><title>Accumulating concern: {} {} events from {} to {}</title>\
             <rect x=\"{:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{:.1}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">accumulating concern: {} × {}</text></g>",
            concern.events,
            Esc(&kind_name(&concern.kind)),
            concern.from,
            concern.to,
            x1 - 6.0,
            (x2 - x1 + 12.0).max(12.0),
            LANE * agencies.len() as f64,
            x1 - 6.0,
            TOP - 8.0,
            concern.events,
            Esc(&kind_name(&concern.kind)),
        );
    }
    for gap in gaps {
        let y = lane_y(&shown_agency(&gap.agency));
        let _ = writeln!(
            out,
            "<g class=\"gap\"><title>No contact for {} days ({} to {}), planned every {}</title>\
             <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/></g>",
            gap.days,
            gap.from,
            gap.to,
            Esc(&gap.planned),
            x(gap.from),
            y + 14.0,
            x(gap.to),
            y + 14.0
        );
    }
    // Axis: the first and last date and each month between.
    let axis_y = TOP + LANE * agencies.len() as f64;
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\"/>",
        WIDTH - RIGHT
    );
    for tick in ticks(first, last) {
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x(tick),
            axis_y + 18.0,
            tick.format("%b %Y")
        );
    }
    for (i, row, day) in &dated {
        let (shape, colour) = style_of(&row.kind);
        let status = if row.confirmed { "" } else { ", not yet confirmed" };
        let _ = writeln!(
            out,
            "<a href=\"#row-{n}-{}\"><g class=\"mark\"><title>{} {}: {} ({}{}) — {}</title>{}</g></a>",
            i,
            day,
            Esc(&row.time),
            Esc(&row.summary),
            Esc(&kind_name(&row.kind)),
            status,
            Esc(&shown_agency(&row.agency)),
            mark(shape, colour, x(*day), lane_y(&shown_agency(&row.agency)), row.confirmed),
        );
    }
    out.push_str("</svg>\n<figcaption>Each mark is an event, in its agency's lane; hollow marks are not yet confirmed. \
                  Shaded bands show accumulating concern (");
    let _ = write!(out, "{CONCERN_EVENTS} or more events of one kind within {CONCERN_DAYS} days); dashed lines under a lane show periods with no contact longer than the planned frequency.</figcaption>\n</figure>\n");
}

fn shown_agency(agency: &str) -> String {
    if agency.is_empty() {
        "agency not given".into()
    } else {
        agency.replace('-', " ")
    }
}

/// The first of each month between two dates (at most 24 ticks, evenly
/// thinned), with the first date itself.
fn ticks(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut months = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    while month <= last && months.len() < 1200 {
        if month >= first {
            months.push(month);
        }
        month = crate::parse::dates::add_months(month, 1);
    }
    let step = months.len().div_ceil(12).max(1);
    let mut ticks: Vec<NaiveDate> = months.into_iter().step_by(step).collect();
    if ticks.first() != Some(&first) {
        ticks.insert(0, first);
    }
    ticks
}

/// One event's mark: filled when confirmed, hollow when not.
fn mark(shape: Shape, colour: &str, x: f64, y: f64, filled: bool) -> String {
    let paint = if filled {
        format!("fill=\"{colour}\" stroke=\"{colour}\"")
    } else {
        format!("fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2.5\"")
    };
    let r = 7.0;
    match shape {
        Shape::Circle => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" {paint}/>"),
        Shape::Square => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\" {paint}/>",
            x - r + 1.0,
            y - r + 1.0,
            2.0 * r - 2.0,
            2.0 * r - 2.0
        ),
        Shape::Triangle => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" {paint}/>",
            x,
            y - r - 1.0,
            x + r + 1.0,
            y + r - 1.0,
            x - r - 1.0,
            y + r - 1.0
        ),
        Shape::Down => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" {paint}/>",
            x,
            y + r + 1.0,
            x + r + 1.0,
            y - r + 1.0,
            x - r - 1.0,
            y - r + 1.0
        ),
        Shape::Diamond => format!(
            "<polygon points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" {paint}/>",
            y - r - 1.0,
            x + r + 1.0,
            y + r + 1.0,
            x - r - 1.0
        ),
        Shape::Cross => format!(
            "<path d=\"M{:.1} {:.1}h5v-5h4v5h5v4h-5v5h-4v-5h-5z\" {paint}/>",
            x - 7.0,
            y - 2.0
        ),
    }
}

/// The key: each kind on the page with its mark, and what hollow means.
fn key(out: &mut String, rows: &[&Row]) {
    let mut shown: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    shown.sort_unstable();
    shown.dedup();
    if shown.is_empty() {
        return;
    }
    out.push_str("<ul class=\"key\" aria-label=\"Key to the marks\">\n");
    for kind in shown {
        let (shape, colour) = style_of(kind);
        let _ = writeln!(
            out,
            "<li><svg viewBox=\"-10 -10 20 20\" width=\"18\" height=\"18\" aria-hidden=\"true\">{}</svg> {}</li>",
            mark(shape, colour, 0.0, 0.0, true),
            Esc(&kind_name(kind))
        );
    }
    let _ = writeln!(
        out,
        "<li><svg viewBox=\"-10 -10 20 20\" width=\"18\" height=\"18\" aria-hidden=\"true\">{}</svg> hollow: not yet confirmed</li>\n</ul>",
        mark(Shape::Circle, "#444444", 0.0, 0.0, false)
    );
}

fn table(out: &mut String, n: usize, chronology: &Chronology) {
    out.push_str(
        "<table class=\"events\">\n<caption>Significant events in date order</caption>\n<thead><tr>\
         <th scope=\"col\">Date</th><th scope=\"col\">Time</th><th scope=\"col\">Agency</th><th scope=\"col\">Record</th>\
         <th scope=\"col\">Event</th><th scope=\"col\">Kind</th><th scope=\"col\">Impact on child</th>\
         <th scope=\"col\">Source</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n",
    );
    for (i, row) in chronology.events.iter().chain(&chronology.unconfirmed).enumerate() {
        let (status, class) = if row.confirmed {
            ("confirmed", "")
        } else {
            ("not yet confirmed", " class=\"unconfirmed\"")
        };
        let _ = writeln!(
            out,
            "<tr id=\"row-{n}-{i}\"{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"source\">{}</td><td>{status}</td></tr>",
            Esc(&row.date),
            Esc(&row.time),
            Esc(&shown_agency(&row.agency)),
            Esc(&row.record),
            Esc(&row.summary),
            Esc(&kind_name(&row.kind)),
            Esc(&row.impact),
            Esc(&row.source),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn patterns(out: &mut String, chronology: &Chronology) {
    let p = &chronology.patterns;
    out.push_str("<section class=\"patterns\">\n<h3>Patterns</h3>\n");
    if p.accumulating_concern.is_empty() {
        let _ = writeln!(out, "<p>No accumulating concern: no kind of event happened {CONCERN_EVENTS} or more times within {CONCERN_DAYS} days.</p>");
    } else {
        out.push_str("<h4>Accumulating concern</h4>\n<ul class=\"concerns\">\n");
        for c in &p.accumulating_concern {
            let _ = writeln!(
                out,
                "<li><strong>{} {} events</strong> between {} and {} (within {CONCERN_DAYS} days)</li>",
                c.events,
                Esc(&kind_name(&c.kind)),
                c.from,
                c.to
            );
        }
        out.push_str("</ul>\n");
    }
    if !p.counts.is_empty() {
        out.push_str("<h4>Events by kind and agency</h4>\n<table class=\"counts\"><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Agency</th><th scope=\"col\">Events</th><th scope=\"col\">Most in any 90 days</th></tr></thead><tbody>\n");
        for count in &p.counts {
            let most =
                p.rolling.iter().find(|r| r.kind == count.kind).map_or(0, |r| r.most_in_90_days);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{most}</td></tr>",
                Esc(&kind_name(&count.kind)),
                Esc(&shown_agency(&count.agency)),
                count.count
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if p.gaps.is_empty() {
        out.push_str("<p>No gap in contact longer than the planned frequency.</p>\n");
    } else {
        out.push_str("<h4>Gaps in contact longer than planned</h4>\n<ul class=\"gaps\">\n");
        for gap in &p.gaps {
            let _ = writeln!(
                out,
                "<li>{}: no contact for {} days, {} to {} (planned every {})</li>",
                Esc(&shown_agency(&gap.agency)),
                gap.days,
                gap.from,
                gap.to,
                Esc(&gap.planned)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

const STYLE: &str = r#"body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem; color: #1b1b1b; line-height: 1.4; }
h1 { margin: 0.2rem 0; }
.meta { color: #555; }
.notice { border-left: 6px solid #b00020; background: #fdecee; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
.conflict { border-left: 6px solid #8a5a00; background: #fff4de; padding: 0.5rem 0.9rem; }
.timeline { margin: 1rem 0; }
.timeline svg { width: 100%; height: auto; font-size: 12px; }
.lane rect { fill: #f6f7f9; stroke: #d0d4da; }
.lane text { fill: #333; font-weight: 600; text-transform: capitalize; }
.axis { stroke: #666; }
.tick { fill: #555; text-anchor: middle; font-size: 11px; }
.concern rect { fill: #d55e00; fill-opacity: 0.14; stroke: #d55e00; stroke-dasharray: 4 3; }
.concern text { fill: #8a3a00; font-weight: 600; font-size: 11px; }
.gap line { stroke: #555; stroke-width: 2; stroke-dasharray: 6 4; }
figcaption { color: #444; font-size: 0.9rem; }
.key { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
.key li { display: flex; align-items: center; gap: 0.35rem; text-transform: capitalize; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.8rem 0; }
th, td { border: 1px solid #c8ccd2; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef0f3; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
table.events th:nth-child(1) { width: 6.2em; }
table.events th:nth-child(2) { width: 3.2em; }
table.events th:nth-child(3) { width: 7em; }
table.events th:nth-child(4) { width: 5.5em; }
table.events th:nth-child(6) { width: 6.5em; }
table.events th:nth-child(8) { width: 10em; }
table.events th:nth-child(9) { width: 5.5em; }
tr.unconfirmed td { background: #fffbea; font-style: italic; }
.source { font-family: ui-monospace, monospace; font-size: 0.8em; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  .timeline { break-inside: avoid; }
  tr { break-inside: avoid; }
  .notice { border: 1px solid #b00020; }
}
"#;
