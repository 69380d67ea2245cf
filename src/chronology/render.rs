//! Chronologies written out: Markdown and CSV (the exchange formats:
//! partners paste or open them), JSON (stable keys, see the README) and the
//! HTML page ([`html`]).

pub mod html;

use std::fmt::Write as _;

use super::merge::{Chronologies, Chronology, Row};

/// The CSV header (RFC 4180, one header row).
pub const CSV_HEADER: [&str; 10] = [
    "child",
    "date",
    "time",
    "agency",
    "record",
    "event",
    "kind",
    "impact on child",
    "source",
    "status",
];

/// What the status column says of a detected event.
pub const NOT_YET_CONFIRMED: &str = "not yet confirmed";

/// Every chronology as Markdown tables, confirmed events first, then those
/// not yet confirmed.
pub fn markdown(all: &Chronologies) -> String {
    let mut out = String::new();
    if all.chronologies.is_empty() {
        out.push_str("No significant events found.\n");
    }
    for (i, chronology) in all.chronologies.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "# Chronology: {}\n", heading(chronology));
        let records: Vec<String> = chronology
            .records
            .iter()
            .map(|r| {
                let about = r.about();
                if about.is_empty() {
                    cell(&r.path)
                } else {
                    format!("{} ({})", cell(&r.path), cell(&about))
                }
            })
            .collect();
        let _ = writeln!(out, "From: {}\n", records.join("; "));
        table(&mut out, &chronology.events, "No confirmed significant events.");
        if !chronology.unconfirmed.is_empty() {
            out.push_str(
                "\n## Not yet confirmed\n\nRead from entries with no `Significant event:` line: confirm each by adding one to its entry.\n\n",
            );
            table(&mut out, &chronology.unconfirmed, "");
        }
    }
    out
}

fn heading(chronology: &Chronology) -> String {
    match &chronology.born {
        Some(born) => format!("{} (born {born})", chronology.child),
        None => chronology.child.clone(),
    }
}

fn table(out: &mut String, rows: &[Row], empty: &str) {
    if rows.is_empty() {
        let _ = writeln!(out, "{empty}");
        return;
    }
    out.push_str("| Date | Time | Agency | Record | Event | Kind | Impact on child | Source |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for row in rows {
        let cells = [
            &row.date,
            &row.time,
            &row.agency,
            &row.record,
            &row.summary,
            &row.kind,
            &row.impact,
            &row.source,
        ];
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// A table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    super::one_line(text).replace('|', "\\|")
}

/// Every chronology as one CSV table (RFC 4180: CRLF line ends, fields
/// quoted where needed), one row per event in date order, with the child
/// in the first column and the status (`confirmed`, `not yet confirmed`)
/// in the last.
pub fn csv(all: &Chronologies) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(CSV_HEADER);
    for chronology in &all.chronologies {
        for row in chronology.all_rows() {
            let status = if row.confirmed { "confirmed" } else { NOT_YET_CONFIRMED };
            let _ = writer.write_record([
                chronology.child.as_str(),
                &row.date,
                &row.time,
                &row.agency,
                &row.record,
                &row.summary,
                &row.kind,
                &row.impact,
                &row.source,
                status,
            ]);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Every chronology as JSON (keys documented in the README).
pub fn json(all: &Chronologies) -> String {
    let mut text = serde_json::to_string_pretty(all).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::merge::{merge, Filter, Input};
    use super::super::RecordEvents;
    use super::*;

    fn sample() -> Chronologies {
        let text = "---\nchild: Kai Reid\nagency: health\nrecord: \"H|1\"\n---\n\
## 2026-03-02 — A&E attendance\n\nImpact on child: Kai said \"it hurt\", a lot.\n";
        let input = Input { path: "h.md".into(), events: RecordEvents::read(text) };
        merge(&[input], &Filter::default())
    }

    #[test]
    fn csv_quotes_fields_and_ends_lines_with_crlf() {
        assert_eq!(
            csv(&sample()),
            "child,date,time,agency,record,event,kind,impact on child,source,status\r\n\
Kai Reid,2026-03-02,,health,H|1,A&E attendance,hospital,\"Kai said \"\"it hurt\"\", a lot.\",h.md:6,confirmed\r\n"
        );
    }

    #[test]
    fn markdown_escapes_the_cell_separator() {
        let text = markdown(&sample());
        assert!(
            text.starts_with("# Chronology: Kai Reid\n\nFrom: h.md (health, H\\|1)\n\n"),
            "{text}"
        );
        assert!(text.contains("| 2026-03-02 |  | health | H\\|1 | A&E attendance | hospital | Kai said \"it hurt\", a lot. | h.md:6 |\n"), "{text}");
    }
}
