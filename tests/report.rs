//! The supervisor report: the HTML page (`casenote::report`) and the
//! statistics (`casenote::stats`), through the library and the binary.

use std::process::Command;

use casenote::config::Config;
use casenote::report;
use chrono::NaiveDate;
use serde_json::{json, Value};

mod common;
use common::Project;

const TODAY: &str = "2026-11-25";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// A small record: a weekly plan, two visits 14 days apart (the second
/// without Jamie's views, recorded 4 working days late, with an endorsed
/// decision), and a case note whose decision nobody endorsed. The worker's
/// name, a heading and a sentence carry markup that must come out as text.
const RECORD: &str = "---
record: CIN-7
child: Jamie Smith
parents: [Sarah Smith]
agency: childrens-social-care
stage: [child-in-need]
contact-frequency: weekly
worker: Amira <b>Patel</b>
---

# Family composition

```genogram
updated: 2026-10-01
person Jamie Smith: child, male, born 2016, household
person Sarah Smith: mother, female, born 1990, PR, household
children of Sarah Smith: Jamie Smith
```

## 2026-10-27 — Home visit

Recorded: 2026-10-28
Contact: home visit, announced
Present: Jamie Smith, Sarah Smith

### Wishes and feelings

Jamie said he likes school. Sarah Smith said she is tired.

## 2026-11-10 — Home visit <script>alert(1)</script>

Recorded: 2026-11-16
Contact: home visit, unannounced
Present: Jamie Smith, Sarah Smith

### Observations

The kitchen was chaotic <script>alert(2)</script> today.

### Wishes and feelings

Sarah Smith said she wants help.

### Decision

Jamie to stay on the plan.

Endorsed by: Joanne Firth, Team Manager, 16/11/2026

## 2026-11-13 — Case note

Recorded: 2026-11-13

Decision: close the referral from school.
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Project {
    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_casenote"))
            .args(args)
            .current_dir(self.path())
            .env("CASENOTE_TODAY", TODAY)
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path())
            .output()
            .unwrap();
        Run {
            code: output.status.code().expect("exited normally"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

fn page(records: &[(&str, &str)]) -> String {
    let prepared: Vec<_> = records
        .iter()
        .map(|(path, text)| report::prepare(path, text, &Config::default(), today()))
        .collect();
    report::render(&prepared, today())
}

// ------------------------------------------------------------------- HTML

#[test]
fn the_page_is_self_contained() {
    let html = page(&[("notes/jamie.md", RECORD)]);
    for forbidden in ["src=", "<link", "url(", "@import", "<iframe", "<object", "<embed", "<img"] {
        assert!(!html.contains(forbidden), "the page contains {forbidden:?}");
    }
    // The only URL is the SVG namespace, which is a name, not a request.
    let urls = html.matches("http").count() - html.matches("<meta http-equiv=").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces);
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
    // The record's genogram is drawn inline.
    assert!(html.contains("<title>Genogram: Jamie Smith</title>"));
}

#[test]
fn record_text_is_escaped() {
    let html = page(&[("notes/<jamie>.md", RECORD)]);
    // Two script elements: the page's own sorting and filtering scripts.
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html.contains("alert(1)</script>") && !html.contains("<b>Patel</b>"));
    assert!(html.contains("Home visit &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains(
        "<mark>The kitchen was chaotic &lt;script&gt;alert(2)&lt;/script&gt; today.</mark>"
    ));
    assert!(html.contains("Amira &lt;b&gt;Patel&lt;/b&gt;"));
    assert!(html.contains("notes/<wbr>&lt;jamie&gt;.md") && !html.contains("<jamie>"));
}

#[test]
fn the_page_warns_of_personal_data_first() {
    let html = page(&[("notes/jamie.md", RECORD)]);
    let notice = html.find("This report contains personal data.").expect("the notice");
    // Before any record text.
    assert!(notice < html.find("Jamie Smith").unwrap());
    assert!(html.contains("<title>Caseload report (contains personal data)</title>"));
}

#[test]
fn one_table_row_per_record_with_its_figures() {
    let html = page(&[
        ("notes/b.md", RECORD),
        ("notes/a.md", RECORD),
        ("notes/README.md", "# How we record\n"),
    ]);
    let rows: Vec<&str> = html.split("data-filter=\"record\"").skip(1).collect();
    assert_eq!(rows.len(), 2, "the README is not a record");
    // The case reference, with the path below it.
    assert!(rows[0].contains("href=\"#r1\">CIN-7</a><small>notes/<wbr>a.md</small>"));
    assert!(rows[1].contains("href=\"#r2\">CIN-7</a><small>notes/<wbr>b.md</small>"));
    // Child, worker, last entry, 3 entries, the shares, the genogram, the
    // median delay and one gap.
    let row = rows[0].split("</tr>").next().unwrap();
    for cell in [
        "<td>Jamie Smith</td>",
        "<td>Amira &lt;b&gt;Patel&lt;/b&gt;</td>",
        "data-sort=\"20261113\">13 Nov 2026</td>",
        "data-sort=\"0.5\">50%<small>1 of 2</small></td>",
        "data-sort=\"1\">100%<small>2 of 2</small></td>",
        "data-sort=\"4\">up to date</td>",
        "data-sort=\"1\">1</td>",
        // Amber (unendorsed decision, late recording, a child overdue), as a word too.
        "data-status=\"amber\"",
        "<span class=\"status amber\">Amber</span>",
        // Seen 15 days ago, weekly, 8 days overdue.
        "data-sort=\"8\"><span class=\"seen\">15 days ago<small>every 7 days; <b>8 overdue</b></small></span></td>",
    ] {
        assert!(row.contains(cell), "no {cell} in {row}");
    }
    assert!(html.contains("1 Markdown file was not a case record"));
}

#[test]
fn flagged_entries_give_path_line_context_and_explanation() {
    let html = page(&[("notes/jamie.md", RECORD)]);
    // The late, unendorsed and views-missing findings sit at the second
    // visit's heading (line 30); the opinion at its sentence (line 38).
    assert!(html
        .contains("<span class=\"where\"><span class=\"path\">notes/jamie.md:</span>30:1</span>"));
    assert!(html
        .contains("<span class=\"where\"><span class=\"path\">notes/jamie.md:</span>38:1</span>"));
    assert!(
        html.contains("<a href=\"#rule-unlabelled-opinion\"><code>unlabelled-opinion</code></a>")
    );
    assert!(html.contains("<section id=\"rule-unlabelled-opinion\">"));
    // The heading in context, and the rule's summary.
    assert!(html
        .contains("<mark>## 2026-11-10 — Home visit &lt;script&gt;alert(1)&lt;/script&gt;</mark>"));
    let summary = casenote::rules::meta("late-recording").unwrap().summary;
    assert!(html.contains(&format!("<span class=\"summary\">{summary}.")));
    // The gap is marked on the timeline and listed in words.
    assert!(html.contains("14 days</text>"));
    assert!(html.contains("27 Oct 2026 to 10 Nov 2026 (14 days, notes/jamie.md:30)"));
}

#[test]
fn needs_attention_comes_first_in_triage_order_and_links_to_entries() {
    let html = page(&[("notes/jamie.md", RECORD)]);
    let triage = html.find("<section id=\"triage\">").unwrap();
    assert!(triage < html.find("<section id=\"overview\">").unwrap());
    assert!(triage < html.find("<section id=\"practitioners\">").unwrap());
    let section = &html[triage..html[triage..].find("</section>").unwrap() + triage];
    let headings: Vec<&str> =
        section.split("<h3>").skip(1).map(|h| h.split(" (").next().unwrap()).collect();
    assert_eq!(
        headings,
        [
            "Children not seen within the planned frequency",
            "Decisions not endorsed",
            "Contacts without the child&#39;s wishes and feelings",
            "Late recording"
        ]
    );
    assert!(section.contains(
        "<span class=\"status amber\">Amber</span> <a href=\"#r1-e30\">CIN-7 · Jamie Smith</a>, 10 Nov 2026: \
         last seen 15 days ago; planned every 7 days, 8 days overdue"
    ));
    assert!(section.contains(
        "<a href=\"#r1-e50\">CIN-7</a>, 13 Nov 2026: Decision not endorsed, 12 days old"
    ));
    // The entries it links to; their table starts folded, with a count.
    assert!(html.contains("<tr id=\"r1-e30\">") && html.contains("<tr id=\"r1-e50\">"));
    assert!(html.contains("<details class=\"entries\"><summary>3 entries "));
    assert!(!html.contains("<details open"));
}

#[test]
fn filters_read_data_attributes_of_records_findings_and_practitioners() {
    let html = page(&[("notes/jamie.md", RECORD)]);
    assert!(html.contains("<form id=\"filters\" class=\"filters\" hidden"));
    for select in ["worker", "status", "rule", "principle", "severity"] {
        assert!(html.contains(&format!("<select name=\"{select}\">")), "{select}");
    }
    assert!(html.contains(
        "data-filter=\"record\" data-worker=\"Amira &lt;b&gt;Patel&lt;/b&gt;\" data-status=\"amber\" \
         data-rule=\"contact-frequency-not-met|late-recording|missing-wishes-feelings|unendorsed-decision|unlabelled-opinion\" \
         data-principle=\"contact|decisions|fact-and-opinion|timeliness|wishes-and-feelings\" data-severity=\"info|warning\""
    ));
    assert!(html.contains(
        "<li data-filter=\"finding\" data-rule=\"unlabelled-opinion\" data-principle=\"fact-and-opinion\" \
         data-severity=\"warning\" data-worker=\"Amira &lt;b&gt;Patel&lt;/b&gt;\">"
    ));
    assert!(html.contains("<tr data-order=\"0\" data-filter=\"practitioner\" data-worker=\"Amira &lt;b&gt;Patel&lt;/b&gt;\">"));
    // The team's row is the table's footer, outside the filters.
    assert!(html.contains("<tfoot>\n<tr data-order=\"1\"><th scope=\"row\">Whole team</th>"));
}

#[test]
fn the_same_records_give_the_same_page() {
    let a = page(&[("notes/a.md", RECORD), ("notes/b.md", "---\nchild: Ella\n---\n")]);
    let b = page(&[("notes/b.md", "---\nchild: Ella\n---\n"), ("notes/a.md", RECORD)]);
    assert_eq!(a, b);
}

#[test]
fn an_empty_caseload_still_makes_a_page() {
    let html = page(&[]);
    assert!(html.contains("0 records checked on 25 Nov 2026."));
    assert!(html.contains("No records were found."));
    assert!(html.ends_with("</html>\n"));
}

/// The Content-Security-Policy lets the scripts run only if their hashes
/// are right: a change to `sort.js` or `filter.js` must update
/// `SORT_JS_SHA256` or `FILTER_JS_SHA256` (`scripts/report-script-hashes.sh`).
#[test]
fn the_script_hashes_in_the_policy_match_the_scripts() {
    let sort = format!("sha256-{}", base64(&sha256(report::SORT_JS.as_bytes())));
    let filter = format!("sha256-{}", base64(&sha256(report::FILTER_JS.as_bytes())));
    assert_eq!(report::SORT_JS_SHA256, sort);
    assert_eq!(report::FILTER_JS_SHA256, filter);
    assert!(page(&[]).contains(&format!("script-src '{sort}' '{filter}'")));
}

// ------------------------------------------------------------------- JSON

#[test]
fn json_statistics_have_exact_values() {
    let project = Project::new("report");
    project.write("notes/jamie.md", RECORD).write("notes/README.md", "# How we record\n");
    let run = project.run(&["report", "--format", "json", "notes"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let stats: Value = serde_json::from_str(&run.stdout).unwrap();
    let by_principle = |counts: [usize; 8]| {
        let keys = [
            ("fact-and-opinion", "Fact, opinion, judgement and hypothesis"),
            ("wishes-and-feelings", "Wishes and feelings"),
            ("contact", "Nature and frequency of contact"),
            ("decisions", "Decisions and management oversight"),
            ("family-composition", "Family composition and genograms"),
            ("timeliness", "Timely and accurate recording"),
            ("language", "Clear, straightforward language"),
            ("suppressions", "Suppressions"),
        ];
        Value::Array(
            keys.iter()
                .zip(counts)
                .map(|((key, title), n)| json!({"principle": key, "title": title, "findings": n}))
                .collect(),
        )
    };
    // unlabelled-opinion, missing-wishes-feelings, contact-frequency-not-met,
    // unendorsed-decision, late-recording.
    let findings = json!({
        "total": 5,
        "by_severity": {"error": 0, "warning": 3, "info": 2, "hint": 0},
        "by_principle": by_principle([1, 1, 1, 1, 0, 1, 0, 0]),
    });
    let wishes = json!({"recorded": 1, "of": 2, "share": 0.5});
    let worker = "Amira <b>Patel</b>";
    let triage_item = |concern: &str,
                       child: Option<&str>,
                       line: usize,
                       date: &str,
                       days: Value,
                       summary: &str| {
        json!({"concern": concern, "status": "amber", "path": "notes/jamie.md", "record": "CIN-7",
               "worker": worker, "child": child, "line": line, "date": date, "days": days, "summary": summary})
    };
    // Three entries, one finding of each of five principles: 3.3 per 10 entries.
    let rates = |counts: [usize; 8]| {
        let per_10 = by_principle(counts);
        Value::Array(
            per_10
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let n = p["findings"].as_u64().unwrap();
                    json!({"principle": p["principle"], "title": p["title"], "findings": n,
                           "per_10_entries": if n == 0 { 0.0 } else { 3.3 }})
                })
                .collect(),
        )
    };
    let practitioner = |name: Value| {
        json!({"name": name, "records": 1, "records_by_status": {"red": 0, "amber": 1, "green": 0},
               "entries": 3, "findings": 5, "findings_per_10_entries": rates([1, 1, 1, 1, 0, 1, 0, 0]),
               "decisions_endorsed": {"recorded": 1, "of": 2, "share": 0.5}, "median_recording_delay": 1.0})
    };
    let nature = json!({"recorded": 2, "of": 2, "share": 1.0});
    let decisions = json!({"recorded": 1, "of": 2, "share": 0.5});
    assert_eq!(
        stats,
        json!({
            "date": "2026-11-25",
            "totals": {
                "records": 1,
                "entries": 3,
                "contacts": 2,
                "findings": findings,
                "child_wishes_feelings": wishes,
                "contact_nature_frequency": nature,
                "decisions_endorsed": decisions,
                "genograms_present": 1,
                "genograms_up_to_date": 1,
                "median_recording_delay": 1.0,
                "contact_gaps": 1,
                "records_by_status": {"red": 0, "amber": 1, "green": 0},
                "significant_events": 0,
                "unconfirmed_events": 0,
            },
            "other_files": 1,
            "records": [{
                "path": "notes/jamie.md",
                "record": "CIN-7",
                "worker": "Amira <b>Patel</b>",
                "children": ["Jamie Smith"],
                "agency": "childrens-social-care",
                "contact_frequency": "7 days",
                "first_entry": "2026-10-27",
                "last_entry": "2026-11-13",
                "days_since_last_entry": 12,
                "entries": 3,
                "contacts": 2,
                "findings": findings,
                "child_wishes_feelings": wishes,
                "contact_nature_frequency": nature,
                "decisions_endorsed": decisions,
                "genogram": {"present": true, "valid": true, "updated": "2026-10-01", "up_to_date": true, "state": "up-to-date"},
                "median_recording_delay": 1.0,
                "contact_gaps": [{"from": "2026-10-27", "to": "2026-11-10", "days": 14, "line": 30}],
                "timeline": [
                    {"line": 20, "date": "2026-10-27", "title": "Home visit", "kind": "contact", "child_seen": true, "recording_delay": 1, "findings": 0, "practitioner": worker, "decision_endorsed": null},
                    {"line": 30, "date": "2026-11-10", "title": "Home visit <script>alert(1)</script>", "kind": "contact", "child_seen": true, "recording_delay": 4, "findings": 4, "practitioner": worker, "decision_endorsed": true},
                    {"line": 50, "date": "2026-11-13", "title": "Case note", "kind": "case-note", "child_seen": false, "recording_delay": 0, "findings": 1, "practitioner": worker, "decision_endorsed": false},
                ],
                "unconfirmed_events": 0,
                "chronology": {"events": [], "accumulating_concern": []},
                "status": "amber",
                "children_seen": [{
                    "child": "Jamie Smith", "last_seen": "2026-11-10", "line": 30, "days_since_seen": 15,
                    "planned_frequency": "7 days", "due": "2026-11-17", "days_overdue": 8,
                }],
            }],
            "triage": [
                triage_item("not-seen", Some("Jamie Smith"), 30, "2026-11-10", json!(8), "last seen 15 days ago; planned every 7 days, 8 days overdue"),
                triage_item("unendorsed-decision", None, 50, "2026-11-13", json!(12), "Decision not endorsed, 12 days old"),
                triage_item("missing-wishes-feelings", Some("Jamie Smith"), 30, "2026-11-10", Value::Null, "No wishes and feelings recorded for Jamie Smith"),
                triage_item("late-recording", None, 30, "2026-11-10", json!(4), "Recorded 4 working days after the contact"),
            ],
            "practitioners": [practitioner(json!(worker))],
            "team": practitioner(Value::Null),
        })
    );
}

/// A police record with three call-outs in 39 days (accumulating concern),
/// the first timed and with its impact, an injury read from a phone call
/// (not yet confirmed) and a labelled exclusion. Police records with no
/// stage do not need a genogram.
const EVENTS: &str = "---
record: PN-3
child: Kai Reid
agency: police
worker: Dev Shah
---

## 2026-09-02 21:40 — Police call-out

Officers attended the flat after a neighbour rang.

Impact on child: Kai was woken and frightened.

## 2026-09-20 — Police call-out

Officers spoke to Ms Reid at the door.

## 2026-10-11 — Police call-out

Officers attended the flat again.

## 2026-10-15 — Phone call

Contact: phone call
Present: Ms Reid

Ms Reid said Kai had a bruise on his arm.

## 2026-10-20 — Case note

Significant event: Kai was excluded from school for <i>two</i> days.
";

#[test]
fn each_record_shows_its_chronology_and_the_table_its_unconfirmed_events() {
    let html = page(&[("notes/kai.md", EVENTS), ("notes/jamie.md", RECORD)]);
    // Table rows in path order: jamie (r1) has no events, kai (r2) one unconfirmed.
    let rows: Vec<&str> = html.split("data-filter=\"record\"").skip(1).collect();
    assert!(
        rows[0].contains("<td class=\"num\" data-sort=\"3\">0 / 3</td><td class=\"num\">0</td>"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("</td><td class=\"num\">1</td>"), "{}", rows[1]);
    assert!(html.contains("title=\"Significant events read from entries with no Significant event: line, not yet confirmed\">Unconfirmed events</th>"));
    let kai = html.split("<section class=\"record\" id=\"r2\"").nth(1).unwrap();
    let kai = kai.split("</section>").next().unwrap();
    assert!(kai.contains("<dt>Significant events</dt><dd>5 (1 not yet confirmed)</dd>"));
    let chronology = kai.split("<div class=\"chronology-block\">").nth(1).unwrap();
    let chronology = chronology.split("</div>").next().unwrap();
    assert_eq!(
        chronology,
        "<h4>Chronology</h4>\n\
         <p class=\"accumulating\"><b>Accumulating concern:</b> 3 × police call-out from 2 Sep 2026 to 11 Oct 2026.</p>\n\
         <ol class=\"chronology\">\n\
         <li><b>2 Sep 2026 21:40</b> <span class=\"kind\">police call-out</span>: Police call-out <span class=\"impact\">Impact on child: Kai was woken and frightened.</span> (<a href=\"#r2-e8\" class=\"where\">line 8</a>)</li>\n\
         <li><b>20 Sep 2026</b> <span class=\"kind\">police call-out</span>: Police call-out (<a href=\"#r2-e14\" class=\"where\">line 14</a>)</li>\n\
         <li><b>11 Oct 2026</b> <span class=\"kind\">police call-out</span>: Police call-out (<a href=\"#r2-e18\" class=\"where\">line 18</a>)</li>\n\
         <li><b>15 Oct 2026</b> <span class=\"kind\">injury</span> <span class=\"unconfirmed\">not yet confirmed</span>: Ms Reid said Kai had a bruise on his arm. (<a href=\"#r2-e22\" class=\"where\">line 27</a>)</li>\n\
         <li><b>20 Oct 2026</b> <span class=\"kind\">exclusion</span>: Kai was excluded from school for &lt;i&gt;two&lt;/i&gt; days. (<a href=\"#r2-e29\" class=\"where\">line 31</a>)</li>\n\
         </ol>"
    );
    // Each link has its entry's row to go to.
    for line in [8, 14, 18, 22, 29] {
        assert!(kai.contains(&format!("<tr id=\"r2-e{line}\">")), "no row for line {line}");
    }
    let jamie = html.split("<section class=\"record\" id=\"r1\"").nth(1).unwrap();
    assert!(jamie.contains("<dt>Significant events</dt><dd>none</dd>"));
    assert!(jamie.contains(
        "<div class=\"chronology-block empty\"><h4>Chronology</h4>\n<p class=\"legend\">No significant events.</p></div>"
    ));
}

#[test]
fn a_genogram_is_missing_only_where_the_record_requires_one() {
    // Kai's police record (no stage) needs none; Jamie's child-in-need
    // record without its genogram block needs one.
    let without = RECORD.replace("```genogram", "```text");
    let html = page(&[("notes/kai.md", EVENTS), ("notes/jamie.md", &without)]);
    let rows: Vec<&str> = html.split("data-filter=\"record\"").skip(1).collect();
    assert!(
        rows[0].contains("<td class=\"state-missing\" data-sort=\"0\">missing</td>"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]
            .contains("<td class=\"state-not-required\" data-sort=\"5\">none (not required)</td>"),
        "{}",
        rows[1]
    );
    let kai = html.split("<section class=\"record\" id=\"r2\"").nth(1).unwrap();
    assert!(kai.contains("<dt>Genogram</dt><dd>none (not required)</dd>"));
    let jamie = html.split("<section class=\"record\" id=\"r1\"").nth(1).unwrap();
    assert!(jamie.contains("<dt>Genogram</dt><dd>missing (required)</dd>"));
    // Only Jamie's record is in the triage list for its genogram.
    let triage = html.split("id=\"triage\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert_eq!(triage.matches("requires a genogram and there is none").count(), 1, "{triage}");
}

// -------------------------------------------------------------------- CLI

#[test]
fn report_writes_the_page_where_asked_and_reads_files_like_check() {
    let project = Project::new("report");
    project
        .write("notes/a.md", RECORD)
        .write("notes/b.md", b"---\nchild: Ella\n---\n\xff\n")
        .write("notes/ignored/c.md", RECORD)
        .write(".gitignore", "ignored/\n");
    let run = project.run(&["report", "notes", "-o", "out/report.html"]);
    // The folder for the output does not exist: nothing is written, and
    // the unreadable record is still named.
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "casenote: error: notes/b.md: not valid UTF-8 (invalid byte at line 4)\n\
         casenote: error: out/report.html: cannot write the report: no such file or directory\n"
    );
    std::fs::create_dir(project.path().join("out")).unwrap();
    let run = project.run(&["report", "notes", "-o", "out/report.html"]);
    // The bad file is named as `check` names it; the others are reported.
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "casenote: error: notes/b.md: not valid UTF-8 (invalid byte at line 4)\n\
         Wrote out/report.html (1 record, 5 findings)\n"
    );
    assert_eq!(run.stdout, "");
    let html = project.read("out/report.html");
    assert!(html.contains("1 record checked on 25 Nov 2026."));
    // Paths in the page are relative to the folder given.
    assert!(html.contains("<span class=\"path\">a.md:</span>30:1"));
    assert!(!html.contains("notes/a.md"));
    assert!(!html.contains("ignored/"));
}

#[test]
fn an_absolute_folder_is_not_repeated_in_the_page_and_an_existing_page_is_kept() {
    let project = Project::new("report");
    project.write("records/team-a/a.md", RECORD).write("mine.html", "<p>my own page</p>\n");
    let folder = project.path().join("records");
    let run = project.run(&["report", folder.to_str().unwrap(), "-o", "page.html"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, "Wrote page.html (1 record, 5 findings)\n"));
    let html = project.read("page.html");
    assert!(html.contains("href=\"#r1\">CIN-7</a><small>team-a/<wbr>a.md</small>"));
    assert!(!html.contains(folder.to_str().unwrap()));
    // A file that is not a report is not replaced without --force.
    let run = project.run(&["report", "records", "-o", "mine.html"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("mine.html: already exists and was not written by `casenote report`"));
    assert_eq!(project.read("mine.html"), "<p>my own page</p>\n");
    let run = project.run(&["report", "records", "-o", "mine.html", "--force"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, "Wrote mine.html (1 record, 5 findings)\n"));
}

#[test]
fn select_ignore_and_config_choose_the_findings_but_not_the_figures() {
    let project = Project::new("report");
    project.write("notes/a.md", RECORD);
    let json = |args: &[&str]| -> Value {
        let run = project.run(&[&["report", "--format", "json"], args].concat());
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
        serde_json::from_str(&run.stdout).unwrap()
    };
    let only = json(&["--select", "late-recording"]);
    assert_eq!(only["totals"]["findings"]["total"], 1);
    // The figures still read the rules that were not selected.
    assert_eq!(only["totals"]["child_wishes_feelings"]["recorded"], 1);
    assert_eq!(only["totals"]["contact_gaps"], 1);
    assert_eq!(
        json(&["--ignore", "late-recording,unlabelled-opinion"])["totals"]["findings"]["total"],
        3
    );
    project.write("strict.toml", "[rules]\nunlabelled-opinion = \"error\"\n");
    let strict = json(&["--config", "strict.toml"]);
    assert_eq!(strict["totals"]["findings"]["by_severity"]["error"], 1);

    let run = project.run(&["report", "--select", "no-such-rule"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("casenote: error: unknown rule `no-such-rule` in --select"));
    assert!(!project.path().join("casenote-report.html").exists());
}

#[test]
fn json_gives_each_records_chronology_and_unconfirmed_events() {
    let project = Project::new("report-events");
    project.write("notes/kai.md", EVENTS);
    let run = project.run(&["report", "--format", "json", "notes"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let stats: Value = serde_json::from_str(&run.stdout).unwrap();
    let row = |date: &str,
               time: &str,
               summary: &str,
               kind: &str,
               impact: &str,
               line: usize,
               origin: &str| {
        json!({"date": date, "time": time, "agency": "police", "record": "PN-3", "summary": summary,
               "kind": kind, "impact": impact, "source": format!("notes/kai.md:{line}"),
               "confirmed": origin != "detected", "origin": origin, "line": line})
    };
    let record = &stats["records"][0];
    assert_eq!(record["unconfirmed_events"], 1);
    assert_eq!(
        record["chronology"],
        json!({
            "events": [
                row("2026-09-02", "21:40", "Police call-out", "police-call-out", "Kai was woken and frightened.", 8, "entry-type"),
                row("2026-09-20", "", "Police call-out", "police-call-out", "", 14, "entry-type"),
                row("2026-10-11", "", "Police call-out", "police-call-out", "", 18, "entry-type"),
                row("2026-10-15", "", "Ms Reid said Kai had a bruise on his arm.", "injury", "", 27, "detected"),
                row("2026-10-20", "", "Kai was excluded from school for <i>two</i> days.", "exclusion", "", 31, "labelled"),
            ],
            "accumulating_concern": [
                {"kind": "police-call-out", "from": "2026-09-02", "to": "2026-10-11", "events": 3}
            ],
        })
    );
    assert_eq!(record["genogram"]["state"], "not-required");
    assert_eq!(
        (&stats["totals"]["significant_events"], &stats["totals"]["unconfirmed_events"]),
        (&json!(5), &json!(1))
    );
    assert!(!stats["triage"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["concern"] == "missing-genogram"));
}

#[test]
fn json_goes_to_a_file_with_output() {
    let project = Project::new("report");
    project.write("notes/a.md", RECORD);
    let run = project.run(&["report", "--format", "json", "-o", "stats.json"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "Wrote stats.json (1 record, 5 findings)\n")
    );
    let stats: Value = serde_json::from_str(&project.read("stats.json")).unwrap();
    assert_eq!(stats["totals"]["records"], 1);
    assert!(!project.path().join("casenote-report.html").exists());
}

#[test]
fn help_says_where_the_report_goes() {
    let run = Project::new("report").run(&["report", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("casenote-report.html"), "{}", run.stdout);
    assert!(run.stdout.contains("personal data"));
}

#[test]
fn many_files_are_checked_in_order_without_a_progress_bar_when_piped() {
    let project = Project::new("report");
    for i in 0..30 {
        project.write(&format!("notes/{i:02}.md"), "# Jamie\n\nI will visit as per the plan.\n");
    }
    let run = project.run(&["check", "--quiet", "--select", "vague-language"]);
    assert_eq!(run.stderr, "");
    let paths: Vec<&str> = run.stdout.lines().map(|l| l.split(':').next().unwrap()).collect();
    let expected: Vec<String> = (0..30).map(|i| format!("notes/{i:02}.md")).collect();
    assert_eq!(paths, expected);
}

// ------------------------------------------------- SHA-256 and base64, for the CSP hash

fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, add) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(add);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn sha256_and_base64_of_known_values() {
    assert_eq!(base64(&sha256(b"")), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    assert_eq!(base64(&sha256(b"abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}
