//! The parts of the report a team manager starts from: what needs
//! attention, the figures per practitioner, and the filters. The figures
//! come from `stats` (triage, team); this file only lays them out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::html::{count, decimal, uk_date, Esc};
use super::RecordReport;
use crate::stats::{
    principle_key, Caseload, Concern, Practitioner, Status, TriageItem, PRINCIPLES,
};

/// `red`, `amber` or `green` with its text label: colour never stands alone.
pub fn status_badge(status: Status) -> String {
    format!("<span class=\"status {}\">{}</span>", status.key(), status.label())
}

/// The `data-*` attributes the filters read for a record: its workers (the
/// record's worker and every entry's author), status, and the rules,
/// principles and severities of its findings.
pub fn record_filter_attributes(record: &RecordReport) -> String {
    let s = &record.stats;
    let workers: BTreeSet<&str> = s
        .worker
        .as_deref()
        .into_iter()
        .chain(s.timeline.iter().filter_map(|e| e.practitioner.as_deref()))
        .collect();
    let rules: BTreeSet<&str> = record.findings.iter().map(|f| f.rule).collect();
    let principles: BTreeSet<&str> = record.findings.iter().map(|f| principle_of(f.rule)).collect();
    let severities: BTreeSet<String> =
        record.findings.iter().map(|f| f.severity.to_string()).collect();
    format!(
        " data-worker=\"{}\" data-status=\"{}\" data-rule=\"{}\" data-principle=\"{}\" data-severity=\"{}\"",
        Esc(&join(workers)),
        s.status.key(),
        join(rules),
        join(principles),
        join(severities.iter().map(String::as_str)),
    )
}

fn join<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values.into_iter().collect::<Vec<_>>().join("|")
}

/// The principle key of a rule's findings.
pub fn principle_of(rule: &str) -> &'static str {
    principle_key(
        crate::rules::meta(rule).map_or(crate::rules::Principle::Housekeeping, |m| m.principle),
    )
}

/// The rule a concern comes from, for the rule and principle filters.
fn rule_of(concern: Concern) -> &'static str {
    match concern {
        Concern::NotSeen => "contact-frequency-not-met",
        other => other.key(),
    }
}

/// "Needs attention": every triage item, grouped by concern in triage
/// order, each linking to its entry; then the count of records by status.
/// `anchors` maps a record's path to its number in the page.
pub fn triage_section(out: &mut String, caseload: &Caseload, anchors: &BTreeMap<&str, usize>) {
    let by = caseload.totals.records_by_status;
    let _ = write!(
        out,
        "<section id=\"triage\">\n<h2>Needs attention</h2>\n<p class=\"status-counts\">{} {} · {} {} · {} {}</p>\n\
         <p class=\"legend\">A record is <b>red</b> or <b>amber</b> as its worst item below, \
         <b>green</b> when nothing needs attention. Thresholds are set under <code>[report]</code> in casenote.toml.</p>\n",
        status_badge(Status::Red),
        count(by.red, "record", "records"),
        status_badge(Status::Amber),
        count(by.amber, "record", "records"),
        status_badge(Status::Green),
        count(by.green, "record", "records"),
    );
    if caseload.triage.is_empty() {
        out.push_str("<p class=\"clean\">Nothing needs attention.</p>\n</section>\n");
        return;
    }
    for concern in Concern::ALL {
        let items: Vec<&TriageItem> =
            caseload.triage.iter().filter(|i| i.concern == concern).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<div class=\"concern\" data-filter-group><h3>{} ({})</h3><ol class=\"triage\">",
            Esc(concern.title()),
            items.len()
        );
        for item in items {
            let n = anchors.get(item.path.as_str()).copied().unwrap_or(0);
            let target =
                if item.line > 1 { format!("r{n}-e{}", item.line) } else { format!("r{n}") };
            let name = match (&item.record, &item.child) {
                (Some(record), Some(child)) => format!("{record} · {child}"),
                (Some(record), None) => record.clone(),
                (None, Some(child)) => child.clone(),
                (None, None) => item.path.clone(),
            };
            let rule = rule_of(item.concern);
            let _ = writeln!(
                out,
                "<li data-filter=\"triage\" data-worker=\"{worker}\" data-status=\"{status}\" data-rule=\"{rule}\" data-principle=\"{principle}\">\
                 {badge} <a href=\"#{target}\">{name}</a>{date}: {summary} <span class=\"where\">{path}:{line}</span></li>",
                worker = Esc(item.worker.as_deref().unwrap_or("")),
                status = item.status.key(),
                principle = principle_of(rule),
                badge = status_badge(item.status),
                name = Esc(&name),
                date = item.date.map(|d| format!(", {}", uk_date(d))).unwrap_or_default(),
                summary = Esc(&item.summary),
                path = Esc(&item.path),
                line = item.line,
            );
        }
        out.push_str("</ol></div>\n");
    }
    out.push_str("</section>\n");
}

/// The principles shown as columns: all but suppressions, unless some
/// were found.
fn shown_principles(team: &Practitioner) -> Vec<usize> {
    (0..PRINCIPLES.len())
        .filter(|&i| {
            PRINCIPLES[i] != crate::rules::Principle::Housekeeping
                || team.findings_per_10_entries[i].findings > 0
        })
        .collect()
}

/// Short column headings for the principles.
fn principle_heading(i: usize) -> &'static str {
    match PRINCIPLES[i] {
        crate::rules::Principle::FactAndOpinion => "Fact and opinion",
        crate::rules::Principle::WishesAndFeelings => "Wishes and feelings",
        crate::rules::Principle::Contact => "Contact",
        crate::rules::Principle::Decisions => "Decisions",
        crate::rules::Principle::FamilyComposition => "Family",
        crate::rules::Principle::Timeliness => "Timeliness",
        crate::rules::Principle::Language => "Language",
        crate::rules::Principle::Housekeeping => "Suppressions",
    }
}

/// The table per practitioner, with the team in its footer.
pub fn practitioners_section(out: &mut String, caseload: &Caseload) {
    let principles = shown_principles(&caseload.team);
    out.push_str(
        "<section id=\"practitioners\">\n<h2>Per practitioner</h2>\n\
         <p class=\"legend\">An entry counts for the name in its <code>Author</code> field, else the record's worker; \
         findings outside entries count for the record's worker. Findings are per 10 entries, by recording principle.</p>\n\
         <p id=\"team-sort-hint\" class=\"legend\" hidden>Select a column heading to sort.</p>\n\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Per practitioner\">\n<table id=\"team\" data-sortable>\n<thead><tr>\
         <th scope=\"col\">Practitioner</th><th scope=\"col\" data-type=\"number\">Records</th>\
         <th scope=\"col\" data-type=\"number\">Entries</th><th scope=\"col\" data-type=\"number\" title=\"Findings per 10 entries\">Findings per 10 entries</th>",
    );
    for &i in &principles {
        let _ = write!(
            out,
            "<th scope=\"col\" data-type=\"number\" title=\"{}: findings per 10 entries\">{}</th>",
            Esc(PRINCIPLES[i].title()),
            principle_heading(i)
        );
    }
    out.push_str(
        "<th scope=\"col\" data-type=\"number\" title=\"Decisions with a manager's endorsement or a named joint decision\">Decisions endorsed</th>\
         <th scope=\"col\" data-type=\"number\" title=\"Median working days from contact to recording\">Recording delay (median)</th></tr></thead>\n<tbody>\n",
    );
    for (i, p) in caseload.practitioners.iter().enumerate() {
        practitioner_row(out, i, p, &principles, false);
    }
    out.push_str("</tbody>\n<tfoot>\n");
    practitioner_row(out, caseload.practitioners.len(), &caseload.team, &principles, true);
    out.push_str("</tfoot>\n</table>\n</div>\n</section>\n");
}

fn practitioner_row(
    out: &mut String,
    order: usize,
    p: &Practitioner,
    principles: &[usize],
    team: bool,
) {
    let per_10 = |findings: usize| {
        (p.entries > 0).then(|| (findings as f64 * 100.0 / p.entries as f64).round() / 10.0)
    };
    let rate = |value: Option<f64>| value.map_or("—".to_owned(), decimal);
    let key = |value: Option<f64>| value.map_or("-1".to_owned(), |v| v.to_string());
    let (name, filter) = match (&p.name, team) {
        (_, true) => ("Whole team".to_owned(), String::new()),
        (Some(name), false) => {
            (name.clone(), format!(" data-filter=\"practitioner\" data-worker=\"{}\"", Esc(name)))
        }
        (None, false) => (
            "No worker named".to_owned(),
            " data-filter=\"practitioner\" data-worker=\"\"".to_owned(),
        ),
    };
    let by = &p.records_by_status;
    let statuses: Vec<String> = Status::ALL
        .iter()
        .filter(|&&s| by.get(s) > 0)
        .map(|&s| format!("{} {}", by.get(s), s.label().to_lowercase()))
        .collect();
    let _ = write!(
        out,
        "<tr data-order=\"{order}\"{filter}><th scope=\"row\">{}</th><td class=\"num\" data-sort=\"{}\">{}<small>{}</small></td>\
         <td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td>",
        Esc(&name),
        p.records,
        p.records,
        statuses.join(", "),
        p.entries,
        key(per_10(p.findings)),
        rate(per_10(p.findings)),
    );
    for &i in principles {
        let value = p.findings_per_10_entries[i].per_10_entries;
        let _ = write!(out, "<td class=\"num\" data-sort=\"{}\">{}</td>", key(value), rate(value));
    }
    let d = &p.decisions_endorsed;
    let _ = writeln!(
        out,
        "<td class=\"num\" data-sort=\"{}\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td></tr>",
        d.share.map_or("-1".to_owned(), |s| s.to_string()),
        match d.share {
            Some(_) => format!("{}<small>{} of {}</small>", d.percent(), d.recorded, d.of),
            None => "—".to_owned(),
        },
        key(p.median_recording_delay),
        rate(p.median_recording_delay),
    );
}

/// The filter form: shown by the script (the page works without it).
pub fn filters(out: &mut String, caseload: &Caseload, records: &[&RecordReport]) {
    let workers: BTreeSet<&str> =
        caseload.practitioners.iter().filter_map(|p| p.name.as_deref()).collect();
    let rules: BTreeSet<&str> =
        records.iter().flat_map(|r| r.findings.iter().map(|f| f.rule)).collect();
    let select = |out: &mut String, key: &str, label: &str, options: Vec<(String, String)>| {
        let _ =
            write!(out, "<label>{label} <select name=\"{key}\"><option value=\"\">all</option>");
        for (value, text) in options {
            let _ = write!(out, "<option value=\"{}\">{}</option>", Esc(&value), Esc(&text));
        }
        out.push_str("</select></label>\n");
    };
    out.push_str(
        "<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter the report\">\n",
    );
    select(
        out,
        "worker",
        "Worker",
        workers.iter().map(|w| (w.to_string(), w.to_string())).collect(),
    );
    select(
        out,
        "status",
        "Status",
        Status::ALL.iter().map(|s| (s.key().into(), s.label().into())).collect(),
    );
    select(out, "rule", "Rule", rules.iter().map(|r| (r.to_string(), r.to_string())).collect());
    select(
        out,
        "principle",
        "Principle",
        PRINCIPLES.iter().map(|&p| (principle_key(p).to_owned(), p.title().to_owned())).collect(),
    );
    select(
        out,
        "severity",
        "Severity",
        ["error", "warning", "info", "hint"]
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect(),
    );
    out.push_str(
        "<button type=\"reset\">Clear filters</button> <span id=\"filter-status\" role=\"status\"></span>\n</form>\n",
    );
}
