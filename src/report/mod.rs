//! The supervisor report (`casenote report`): one self-contained HTML page
//! for a caseload. Pure: records that were already read in, one string out.
//!
//! The page loads nothing: inline CSS, inline SVG charts, and a few lines of
//! inline JavaScript that only make the records table sortable (the page is
//! complete without them). A Content-Security-Policy forbids every network
//! request and any script but that one. All record text is HTML-escaped.
//! The same records and date give the same bytes.

mod charts;
mod excerpt;
mod html;
mod supervision;

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;

pub use excerpt::{flagged, Excerpt, ExcerptKind, Flagged};
pub use html::count;

use crate::chronology::render::html::kind_name;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::stats::{
    self, principle_key, Caseload, GenogramState, RecordStats, Share, Totals, PRINCIPLES,
};
use charts::{bar_chart, timeline, Bar};
use html::{decimal, rule_doc, uk_date, uk_date_opt, Esc};
use supervision::{principle_of, record_filter_attributes, status_badge};

/// The sorting script, and its hash for the Content-Security-Policy. The
/// hash is SHA-256 of `SORT_JS`, base64: `tests/report.rs` checks it.
pub const SORT_JS: &str = include_str!("sort.js");
pub const SORT_JS_SHA256: &str = "sha256-SKgbndiFsKQOKK6ipOwiu5d5pSkVh/1ajucSAOmFCbE=";
/// The filters' script (and opening a collapsed table a link points into),
/// and its hash, checked the same way.
pub const FILTER_JS: &str = include_str!("filter.js");
pub const FILTER_JS_SHA256: &str = "sha256-5iY/BF21Xbnv27sRH+ThBdqKDQuU6MDvn28pXxmzeIY=";
const STYLE: &str = include_str!("style.css");

/// Everything the report shows about one record.
#[derive(Clone, Debug)]
pub struct RecordReport {
    pub stats: RecordStats,
    /// The findings shown, in order, with their excerpts.
    pub findings: Vec<Flagged>,
    /// The record's genogram drawn as SVG, when it has a genogram block.
    pub genogram_svg: Option<String>,
}

/// Parses, checks and measures one record for the report.
pub fn prepare(path: &str, text: &str, config: &Config, today: NaiveDate) -> RecordReport {
    let record = crate::parse::parse(text);
    let (diagnostics, shown) = stats::check_for_figures(text, config, today);
    let stats = stats::record_stats(path, &record, &diagnostics, &shown, config, today);
    RecordReport {
        stats,
        findings: flagged(&record, &shown),
        genogram_svg: crate::genogram_svg::render_record(&record),
    }
}

const SEVERITIES: [Severity; 4] =
    [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint];

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#b00020",
        Severity::Warning => "#a35200",
        Severity::Info => "#1f5fa8",
        Severity::Hint => "#5f6b7a",
    }
}

/// The whole page. `records` are shown sorted by path; `date` is the date
/// the records were checked on.
pub fn render(records: &[RecordReport], date: NaiveDate) -> String {
    let mut sorted: Vec<&RecordReport> = records.iter().filter(|r| r.stats.is_record).collect();
    sorted.sort_by(|a, b| a.stats.path.cmp(&b.stats.path));
    let other_files = records.len() - sorted.len();
    let caseload = Caseload::new(sorted.iter().map(|r| r.stats.clone()).collect(), date);
    let totals = &caseload.totals;
    let anchors: BTreeMap<&str, usize> =
        sorted.iter().enumerate().map(|(i, r)| (r.stats.path.as_str(), i + 1)).collect();

    let mut out = String::with_capacity(64 * 1024 + records.len() * 24 * 1024);
    head(&mut out);
    out.push_str("<body>\n<main>\n");
    header(&mut out, totals, other_files, date);
    supervision::filters(&mut out, &caseload, &sorted);
    supervision::triage_section(&mut out, &caseload, &anchors);
    overview(&mut out, totals);
    supervision::practitioners_section(&mut out, &caseload);
    table(&mut out, &sorted);
    out.push_str("<section id=\"per-record\">\n<h2>Each record</h2>\n");
    if sorted.is_empty() {
        out.push_str("<p>No records were found.</p>\n");
    }
    for (i, record) in sorted.iter().enumerate() {
        record_section(&mut out, i + 1, record);
    }
    out.push_str("</section>\n");
    rules_appendix(&mut out, &sorted);
    let _ = writeln!(
        out,
        "<footer><p class=\"meta\">Made by casenote {} on {}. It loads nothing from the network and sends nothing anywhere.</p></footer>",
        env!("CARGO_PKG_VERSION"),
        uk_date(date)
    );
    out.push_str("</main>\n<script>");
    out.push_str(SORT_JS);
    out.push_str("</script>\n<script>");
    out.push_str(FILTER_JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

fn head(out: &mut String) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<!-- written by casenote report -->\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{SORT_JS_SHA256}' '{FILTER_JS_SHA256}'; img-src data:; form-action 'none'; base-uri 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>Caseload report (contains personal data)</title>\n<style>\n{STYLE}</style>\n</head>\n"
    );
}

fn header(out: &mut String, totals: &Totals, other_files: usize, date: NaiveDate) {
    let others = match other_files {
        0 => String::new(),
        n => format!(
            " {} not a case record (no front matter and no dated entry) and left out.",
            count(n, "Markdown file was", "Markdown files were")
        ),
    };
    let _ = write!(
        out,
        "<header>\n<h1>Caseload report</h1>\n<p class=\"meta\">{} checked on {}.{others}</p>\n\
         <div class=\"notice\" id=\"personal-data\" role=\"note\"><strong>This report contains personal data.</strong>\
         It quotes case records about children and families: sensitive personal data (special category data under \
         UK GDPR). Keep it on an encrypted device or a secure drive, share it only with people entitled to see these \
         records, do not email or upload it, and delete it when the review is finished. It was made offline: nothing \
         was sent anywhere, and the page loads nothing from the network.</div>\n\
         <nav aria-label=\"Sections\"><a href=\"#triage\">Needs attention</a> · <a href=\"#overview\">Overview</a> · \
         <a href=\"#practitioners\">Per practitioner</a> · <a href=\"#records-table\">Records</a> · \
         <a href=\"#per-record\">Each record</a> · <a href=\"#rules\">The rules</a></nav>\n</header>\n",
        count(totals.records, "record", "records"),
        uk_date(date)
    );
}

fn overview(out: &mut String, totals: &Totals) {
    out.push_str("<section id=\"overview\">\n<h2>Overview</h2>\n<ul class=\"cards\">\n");
    let cards = [
        ("Records", totals.records.to_string()),
        ("Entries", totals.entries.to_string()),
        ("Contacts", totals.contacts.to_string()),
        ("Findings", totals.findings.total.to_string()),
        ("Child's wishes and feelings recorded", share(&totals.child_wishes_feelings)),
        ("Contacts with nature and frequency", share(&totals.contact_nature_frequency)),
        ("Decisions endorsed", share(&totals.decisions_endorsed)),
        ("Genograms up to date", format!("{} of {}", totals.genograms_up_to_date, totals.records)),
        (
            "Median recording delay",
            totals
                .median_recording_delay
                .map_or("—".to_owned(), |m| format!("{} working days", decimal(m))),
        ),
        ("Contact gaps longer than planned", totals.contact_gaps.to_string()),
    ];
    for (label, value) in cards {
        let _ = writeln!(out, "<li><b>{}</b>{}</li>", Esc(&value), Esc(label));
    }
    out.push_str("</ul>\n<div class=\"charts\">\n");
    let severity_labels: Vec<String> = SEVERITIES.iter().map(|s| s.to_string()).collect();
    let bars: Vec<Bar> = SEVERITIES
        .iter()
        .zip(&severity_labels)
        .map(|(&s, label)| Bar {
            label,
            value: totals.findings.by_severity.get(s),
            colour: severity_colour(s),
        })
        .collect();
    let _ = writeln!(
        out,
        "<figure><figcaption>Findings by severity</figcaption>{}</figure>",
        bar_chart("Findings by severity", &bars)
    );
    let bars: Vec<Bar> = totals
        .findings
        .by_principle
        .iter()
        .filter(|p| {
            p.findings > 0 || p.principle != principle_key(crate::rules::Principle::Housekeeping)
        })
        .map(|p| Bar { label: p.title, value: p.findings, colour: "#3b5b92" })
        .collect();
    let _ = writeln!(
        out,
        "<figure><figcaption>Findings by recording principle</figcaption>{}</figure>",
        bar_chart("Findings by recording principle", &bars)
    );
    out.push_str("</div>\n</section>\n");
}

/// A share for a table cell: the percentage, and the counts below it.
fn share_cell(share: &Share) -> String {
    match share.share {
        Some(_) => format!("{}<small>{} of {}</small>", share.percent(), share.recorded, share.of),
        None => "—".to_owned(),
    }
}

fn share(share: &Share) -> String {
    match share.share {
        Some(_) => format!("{} ({} of {})", share.percent(), share.recorded, share.of),
        None => "—".to_owned(),
    }
}

/// `data-sort` for a share: the fraction, or -1 when there is nothing to count.
fn share_key(share: &Share) -> String {
    share.share.map_or("-1".to_owned(), |s| s.to_string())
}

fn record_name(stats: &RecordStats) -> String {
    if !stats.children.is_empty() {
        stats.children.join(", ")
    } else if let Some(record) = &stats.record {
        record.clone()
    } else {
        stats.path.rsplit('/').next().unwrap_or(&stats.path).to_owned()
    }
}

/// Each child's days since last seen, with the planned frequency beside it.
fn last_seen_cell(stats: &RecordStats) -> String {
    let mut cell = String::new();
    for child in &stats.children_seen {
        let since = match child.days_since_seen {
            Some(days) => count(days.max(0) as usize, "day ago", "days ago"),
            None => "not seen".to_owned(),
        };
        let plan = match (&child.planned_frequency, child.days_overdue) {
            (Some(planned), Some(overdue)) if overdue > 0 => {
                format!("every {planned}; <b>{overdue} overdue</b>")
            }
            (Some(planned), _) => format!("every {planned}"),
            (None, _) => "no planned frequency".to_owned(),
        };
        let who = if stats.children_seen.len() > 1 {
            format!("{}: ", Esc(&child.child))
        } else {
            String::new()
        };
        let _ = write!(cell, "<span class=\"seen\">{who}{since}<small>{plan}</small></span>");
    }
    if cell.is_empty() {
        cell.push('—');
    }
    cell
}

fn table(out: &mut String, records: &[&RecordReport]) {
    out.push_str(
        "<section id=\"records-table\">\n<h2>Records</h2>\n\
         <p id=\"records-sort-hint\" class=\"legend\" hidden>Select a column heading to sort the table by it; select it again to reverse.</p>\n\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Records\">\n<table id=\"records\" data-sortable>\n<thead><tr>\
         <th scope=\"col\" data-type=\"number\">Status</th><th scope=\"col\">Record</th><th scope=\"col\">Child</th><th scope=\"col\">Worker</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Days since each child was last seen, and the planned frequency\">Child last seen</th>\
         <th scope=\"col\" data-type=\"number\">Last entry</th><th scope=\"col\" data-type=\"number\">Entries</th>\
         <th scope=\"col\" data-type=\"number\">Findings</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Errors / warnings\">Errors / warnings</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Significant events read from entries with no Significant event: line, not yet confirmed\">Unconfirmed events</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Contacts with the child where the child's wishes and feelings are recorded\">Child's wishes and feelings</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Contacts whose nature (type, who was present) and planned frequency are recorded\">Contact nature and frequency</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Decisions with a manager's endorsement or a named joint decision\">Decisions endorsed</th>\
         <th scope=\"col\" data-type=\"number\">Genogram</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Median working days from contact to recording\">Recording delay (median, working days)</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Gaps in contact with the child longer than the planned frequency\">Contact gaps</th></tr></thead>\n<tbody>\n",
    );
    for (i, record) in records.iter().enumerate() {
        let s = &record.stats;
        let f = &s.findings.by_severity;
        let (reference, path) = match &s.record {
            Some(reference) => (
                Esc(reference).to_string(),
                format!("<small>{}</small>", Esc(&s.path).to_string().replace('/', "/<wbr>")),
            ),
            None => (Esc(&s.path).to_string().replace('/', "/<wbr>"), String::new()),
        };
        let _ = writeln!(
            out,
            "<tr data-order=\"{i}\" data-filter=\"record\"{filter}><td data-sort=\"{status_key}\">{status}</td>\
             <td><a href=\"#r{n}\">{reference}</a>{path}</td><td>{child}</td><td>{worker}</td>\
             <td data-sort=\"{seen_key}\">{seen}</td>\
             <td class=\"num\" data-sort=\"{last_key}\">{last}</td><td class=\"num\">{entries}</td>\
             <td class=\"num\">{findings}</td><td class=\"num\" data-sort=\"{ew_key}\">{errors} / {warnings}</td><td class=\"num\">{unconfirmed}</td>\
             <td class=\"num\" data-sort=\"{wf_key}\">{wf}</td><td class=\"num\" data-sort=\"{nf_key}\">{nf}</td>\
             <td class=\"num\" data-sort=\"{de_key}\">{de}</td><td class=\"state-{state_key}\" data-sort=\"{state_order}\">{state}</td>\
             <td class=\"num\" data-sort=\"{delay_key}\">{delay}</td><td class=\"num\">{gaps}</td></tr>",
            filter = record_filter_attributes(record),
            status_key = s.status as u8,
            status = status_badge(s.status),
            n = i + 1,
            child = Esc(&s.children.join(", ")),
            worker = Esc(s.worker.as_deref().unwrap_or("")),
            seen_key = s.children_seen.iter().filter_map(|c| c.days_overdue.or(c.days_since_seen)).max().unwrap_or(-1),
            seen = last_seen_cell(s),
            last_key = s.last_entry.map_or("0".to_owned(), |d| d.format("%Y%m%d").to_string()),
            last = uk_date_opt(s.last_entry),
            entries = s.entries,
            findings = s.findings.total,
            ew_key = f.error * 100_000 + f.warning,
            errors = f.error,
            warnings = f.warning,
            unconfirmed = s.unconfirmed_events,
            wf_key = share_key(&s.child_wishes_feelings),
            wf = share_cell(&s.child_wishes_feelings),
            nf_key = share_key(&s.contact_nature_frequency),
            nf = share_cell(&s.contact_nature_frequency),
            de_key = share_key(&s.decisions_endorsed),
            de = share_cell(&s.decisions_endorsed),
            state_key = state_class(s.genogram.state),
            state_order = s.genogram.state as u8,
            state = s.genogram.state.describe(),
            delay_key = s.median_recording_delay.map_or("-1".to_owned(), |m| m.to_string()),
            delay = s.median_recording_delay.map_or("—".to_owned(), decimal),
            gaps = s.contact_gaps.len(),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

fn state_class(state: GenogramState) -> &'static str {
    match state {
        GenogramState::Missing => "missing",
        GenogramState::Invalid => "invalid",
        GenogramState::Stale => "stale",
        GenogramState::Undated => "undated",
        GenogramState::UpToDate => "up-to-date",
        GenogramState::NotRequired => "not-required",
    }
}

fn record_section(out: &mut String, n: usize, record: &RecordReport) {
    let s = &record.stats;
    let path = Esc(&s.path);
    let title = match &s.record {
        Some(reference) => format!("{} — {}", reference, record_name(s)),
        None => record_name(s),
    };
    let _ = writeln!(
        out,
        "<section class=\"record\" id=\"r{n}\" data-filter=\"record-section\"{}>\n<h3>{} {}</h3>\n<p class=\"where\">{path}</p>",
        record_filter_attributes(record),
        status_badge(s.status),
        Esc(&title)
    );
    let dates = match (s.first_entry, s.last_entry) {
        (Some(first), Some(last)) if first != last => {
            format!("{} to {}", uk_date(first), uk_date(last))
        }
        (Some(first), _) => uk_date(first),
        _ => "—".to_owned(),
    };
    let severities: Vec<String> = SEVERITIES
        .iter()
        .filter(|&&sev| s.findings.by_severity.get(sev) > 0)
        .map(|&sev| format!("{} {sev}", s.findings.by_severity.get(sev)))
        .collect();
    let findings = if severities.is_empty() {
        "none".to_owned()
    } else {
        format!("{} ({})", s.findings.total, severities.join(", "))
    };
    let genogram = match (s.genogram.state, s.genogram.updated) {
        (GenogramState::Missing, _) => "missing (required)".to_owned(),
        (GenogramState::NotRequired, _) => "none (not required)".to_owned(),
        (state, Some(updated)) => format!("{} (updated {})", state.describe(), uk_date(updated)),
        (state, None) => state.describe().to_owned(),
    };
    let facts = [
        ("Case reference", s.record.clone().unwrap_or_else(|| "—".to_owned())),
        ("Worker", s.worker.clone().unwrap_or_else(|| "—".to_owned())),
        ("Agency", s.agency.clone().unwrap_or_else(|| "—".to_owned())),
        (
            "Planned contact",
            s.contact_frequency.as_ref().map_or("—".to_owned(), |f| format!("every {f}")),
        ),
        ("Entries", format!("{} ({})", s.entries, count(s.contacts, "contact", "contacts"))),
        ("Dates", dates),
        ("Findings", findings),
        ("Genogram", genogram),
        ("Significant events", significant_events(s)),
        ("Child's wishes and feelings", share(&s.child_wishes_feelings)),
        ("Contact nature and frequency", share(&s.contact_nature_frequency)),
        ("Decisions endorsed", share(&s.decisions_endorsed)),
        (
            "Median recording delay",
            s.median_recording_delay
                .map_or("—".to_owned(), |m| format!("{} working days", decimal(m))),
        ),
    ];
    out.push_str("<dl>");
    for (term, value) in facts {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", Esc(term), Esc(&value));
    }
    let _ = write!(out, "<dt>Child last seen</dt><dd>{}</dd>", last_seen_cell(s));
    out.push_str("</dl>\n");
    if !s.triage.is_empty() {
        out.push_str("<h4>Needs attention</h4>\n<ul class=\"triage\">\n");
        for item in &s.triage {
            let target =
                if item.line > 1 { format!("r{n}-e{}", item.line) } else { format!("r{n}") };
            let _ = writeln!(
                out,
                "<li>{} <a href=\"#{target}\">{}</a></li>",
                status_badge(item.status),
                Esc(&item.summary)
            );
        }
        out.push_str("</ul>\n");
    }

    record_timeline(out, n, record);
    // Printed in two columns: the genogram, then the flagged entries.
    out.push_str("<div class=\"record-details\">\n");
    if let Some(svg) = &record.genogram_svg {
        // Shown, not folded away: it prints with the record.
        let _ = writeln!(
            out,
            "<div class=\"genogram-block\"><h4>Genogram</h4><div class=\"genogram\" tabindex=\"0\" role=\"region\" aria-label=\"Genogram of {}\">{svg}</div></div>",
            Esc(&record_name(s))
        );
    }
    chronology(out, n, s);
    findings_list(out, n, record);
    out.push_str("</div>\n");
    out.push_str("</section>\n");
}

/// How many significant events, and how many of them are not yet confirmed.
fn significant_events(s: &RecordStats) -> String {
    match (s.chronology.events.len(), s.unconfirmed_events) {
        (0, _) => "none".to_owned(),
        (all, 0) => all.to_string(),
        (all, unconfirmed) => format!("{all} ({unconfirmed} not yet confirmed)"),
    }
}

/// The record's significant events in date order, each linked to its entry,
/// with accumulating concern first (the same reading as `casenote
/// chronology`). Printed in full, like the genogram.
fn chronology(out: &mut String, n: usize, s: &RecordStats) {
    let chronology = &s.chronology;
    if chronology.events.is_empty() {
        // Said on screen; not worth a line of paper.
        out.push_str("<div class=\"chronology-block empty\"><h4>Chronology</h4>\n<p class=\"legend\">No significant events.</p></div>\n");
        return;
    }
    out.push_str("<div class=\"chronology-block\"><h4>Chronology</h4>\n");
    for concern in &chronology.accumulating_concern {
        let _ = writeln!(
            out,
            "<p class=\"accumulating\"><b>Accumulating concern:</b> {} × {} from {} to {}.</p>",
            concern.events,
            Esc(&kind_name(&concern.kind)),
            uk_date(concern.from),
            uk_date(concern.to)
        );
    }
    out.push_str("<ol class=\"chronology\">\n");
    for row in &chronology.events {
        // The entry holding the event: the last entry heading at or above it.
        let entry_line = s
            .timeline
            .partition_point(|e| e.line <= row.line)
            .checked_sub(1)
            .map(|i| s.timeline[i].line);
        let when = match (row.day, row.time.is_empty()) {
            (Some(day), true) => uk_date(day),
            (Some(day), false) => format!("{} {}", uk_date(day), row.time),
            (None, _) => "no valid date".to_owned(),
        };
        let status = if row.confirmed {
            String::new()
        } else {
            " <span class=\"unconfirmed\">not yet confirmed</span>".to_owned()
        };
        let impact = if row.impact.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"impact\">Impact on child: {}</span>", Esc(&row.impact))
        };
        let place = match entry_line {
            Some(line) => {
                format!("<a href=\"#r{n}-e{line}\" class=\"where\">line {}</a>", row.line)
            }
            None => format!("<span class=\"where\">line {}</span>", row.line),
        };
        // One line per event where it fits: printed beside the genogram.
        let _ = writeln!(
            out,
            "<li><b>{when}</b> <span class=\"kind\">{}</span>{status}: {}{impact} ({place})</li>",
            Esc(&kind_name(&row.kind)),
            Esc(&row.summary),
        );
    }
    out.push_str("</ol></div>\n");
}

fn record_timeline(out: &mut String, n: usize, record: &RecordReport) {
    let s = &record.stats;
    if s.timeline.is_empty() {
        out.push_str("<p>No dated entries.</p>\n");
        return;
    }
    out.push_str("<h4>Timeline</h4>\n");
    if let Some(svg) = timeline(&s.timeline, &s.contact_gaps) {
        out.push_str(&svg);
        out.push('\n');
        out.push_str(&charts::timeline_legend());
    }
    let undated = s.timeline.iter().filter(|e| e.date.is_none()).count();
    if undated > 0 {
        let _ = writeln!(
            out,
            "<p class=\"legend\">{} not on the timeline: the date in the heading does not exist.</p>",
            count(undated, "entry is", "entries are")
        );
    }
    if !s.contact_gaps.is_empty() {
        let _ = write!(out, "<p class=\"gaps\">Contact gaps longer than the planned frequency: ");
        let gaps: Vec<String> = s
            .contact_gaps
            .iter()
            .map(|g| {
                format!(
                    "{} to {} ({} days, {}:{})",
                    uk_date(g.from),
                    uk_date(g.to),
                    g.days,
                    s.path,
                    g.line
                )
            })
            .collect();
        let _ = writeln!(out, "{}.</p>", Esc(&gaps.join("; ")));
    }
    // Folded by default: a long record has hundreds of entries.
    let _ = writeln!(
        out,
        "<details class=\"entries\"><summary>{} <span class=\"hint\">(show the table)</span></summary><table class=\"entries\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Entry</th><th scope=\"col\">Kind</th><th scope=\"col\">Author</th><th scope=\"col\">Child seen</th><th scope=\"col\">Recording delay</th><th scope=\"col\">Findings</th><th scope=\"col\">Where</th></tr></thead><tbody>",
        count(s.timeline.len(), "entry", "entries")
    );
    for entry in &s.timeline {
        let findings = match entry.findings {
            0 => "0".to_owned(),
            k => format!("<a href=\"#r{n}-f{}\">{k}</a>", entry.line),
        };
        let _ = writeln!(
            out,
            "<tr id=\"r{n}-e{line}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{findings}</td><td class=\"where\">{}:{line}</td></tr>",
            uk_date_opt(entry.date),
            Esc(&entry.title),
            entry.kind.replace('-', " "),
            Esc(entry.practitioner.as_deref().unwrap_or("")),
            if entry.child_seen { "yes" } else { "" },
            entry.recording_delay.map_or("—".to_owned(), |d| d.to_string()),
            Esc(&s.path),
            line = entry.line
        );
    }
    out.push_str("</tbody></table></details>\n");
}

fn findings_list(out: &mut String, n: usize, record: &RecordReport) {
    let s = &record.stats;
    out.push_str("<h4>Flagged entries</h4>\n");
    if record.findings.is_empty() {
        out.push_str("<p class=\"clean\">No findings.</p>\n");
        return;
    }
    out.push_str("<ul class=\"findings\">\n");
    // The record's own findings, then each entry's, in order.
    let mut groups: Vec<Option<usize>> = record.findings.iter().map(|f| f.entry).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let in_group: Vec<&Flagged> = record.findings.iter().filter(|f| f.entry == group).collect();
        let worst = in_group.iter().map(|f| f.severity).max().unwrap_or(Severity::Hint);
        let heading = match group.and_then(|i| s.timeline.get(i)) {
            Some(entry) => format!(
                "{}{}{}",
                entry.date.map(uk_date).unwrap_or_default(),
                if entry.date.is_some() && !entry.title.is_empty() { " — " } else { "" },
                entry.title
            ),
            None => "The record as a whole".to_owned(),
        };
        let entry = group.and_then(|i| s.timeline.get(i));
        let line = entry.map_or(1, |e| e.line);
        let worker = entry.and_then(|e| e.practitioner.as_deref()).or(s.worker.as_deref());
        let _ = writeln!(
            out,
            "<li class=\"{worst}\" id=\"r{n}-f{line}\" data-filter-group><p><b>{}</b> <span class=\"where\"><span class=\"path\">{}:</span>{line}</span></p><ol class=\"finding-list\">",
            Esc(&heading),
            Esc(&s.path)
        );
        for f in in_group {
            finding(out, &s.path, worker, f);
        }
        out.push_str("</ol></li>\n");
    }
    out.push_str("</ul>\n");
}

fn finding(out: &mut String, path: &str, worker: Option<&str>, f: &Flagged) {
    let summary = crate::rules::meta(f.rule).map_or("", |m| m.summary);
    let _ = write!(
        out,
        "<li data-filter=\"finding\" data-rule=\"{rule}\" data-principle=\"{principle}\" data-severity=\"{sev}\" data-worker=\"{worker}\"><span class=\"sev {sev}\">{sev}</span> <a href=\"#rule-{rule}\"><code>{rule}</code></a> \
         <span class=\"where\"><span class=\"path\">{}:</span>{}:{}</span><br>{}",
        Esc(path),
        f.line,
        f.column,
        Esc(&f.message),
        sev = f.severity,
        rule = f.rule,
        principle = principle_of(f.rule),
        worker = Esc(worker.unwrap_or("")),
    );
    let e = &f.excerpt;
    match e.kind {
        ExcerptKind::Record => {}
        ExcerptKind::Heading => {
            let _ = write!(
                out,
                "<blockquote class=\"ctx\"><mark>{}</mark></blockquote>",
                Esc(&e.marked)
            );
        }
        ExcerptKind::Sentence | ExcerptKind::Line => {
            let _ = write!(
                out,
                "<blockquote class=\"ctx\">{}<mark>{}</mark>{}</blockquote>",
                Esc(&e.before),
                Esc(&e.marked),
                Esc(&e.after)
            );
        }
    }
    for (line, message) in &f.related {
        let _ = write!(
            out,
            "<span class=\"where\">See <span class=\"path\">{}:</span>{line}: {}</span><br>",
            Esc(path),
            Esc(message)
        );
    }
    let _ = writeln!(
        out,
        "<span class=\"summary\">{}. <a href=\"#rule-{}\">Why it matters and how to fix it</a></span></li>",
        Esc(summary),
        f.rule
    );
}

fn rules_appendix(out: &mut String, records: &[&RecordReport]) {
    out.push_str(
        "<section id=\"rules\" class=\"rules\">\n<h2>The rules</h2>\n\
         <p class=\"print-only\">Each rule's documentation (why it matters, examples, how to fix) is in this report on screen, and printed by <code>casenote explain RULE</code>.</p>\n",
    );
    let found: Vec<&str> = records.iter().flat_map(|r| r.findings.iter().map(|f| f.rule)).collect();
    let metas: Vec<_> = crate::rules::metas().filter(|m| found.contains(&m.id)).collect();
    if metas.is_empty() {
        out.push_str("<p>No rule found anything to report.</p>\n");
    } else {
        out.push_str("<p>Each rule that found something in these records, grouped by the recording principle it comes from.</p>\n");
    }
    for principle in PRINCIPLES {
        for meta in metas.iter().filter(|m| m.principle == principle) {
            let _ = writeln!(
                out,
                "<section id=\"rule-{id}\"><h3><code>{id}</code> <span class=\"sev {sev}\">{sev}</span></h3>\
                 <p><b>{}.</b> Principle: {}.</p>\n{}</section>",
                Esc(meta.summary),
                Esc(principle.title()),
                rule_doc(meta.doc),
                id = meta.id,
                sev = meta.default_severity,
            );
        }
    }
    out.push_str("</section>\n");
}
