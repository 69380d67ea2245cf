//! `bench/scaling`: does any part of casenote grow faster than its input?
//!
//! For every rule family, every output format, `report` and `genogram`, it
//! builds inputs of 100, 200, 400 and 800 KB that lean on that part, runs
//! it (best of 3, CPU time), prints a table, and fails when a time grows
//! more than 2.5x per doubling of the input (fitted over the four sizes;
//! a row over it is measured twice more before it fails). Run it with
//! `bash bench/scaling.sh` (from `.ci/run`). The server's publish is a row
//! here (in-process, to the JSON); what an editor waits for over a pipe is
//! `bench/lsp-latency`.
//!
//! Most families put all their text in one entry: an entry is the unit the
//! core parses and lints alone, so a scan that restarts per item inside a
//! unit shows here, and is not hidden by the split into entries.

#[path = "../dev/in_process_server.rs"]
mod in_process_server;
#[path = "../dev/synthetic.rs"]
mod synthetic;

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::time::Instant;

use casenote::cli::render::{self, CheckedFile, TextOptions};
use casenote::{check, Config};
use chrono::NaiveDate;
use serde_json::json;

const SIZES_KB: [usize; 4] = [100, 200, 400, 800];
/// Allowed growth of the time per doubling of the input.
const MAX_GROWTH: f64 = 2.5;
/// Times below this are mostly noise: ratios are taken from at least it.
const FLOOR_SECONDS: f64 = 0.001;
/// The least CPU time of one timed batch at the smallest size.
const BATCH_SECONDS: f64 = 0.05;
/// A family slower than this at one size stops there (and fails).
const GIVE_UP_SECONDS: f64 = 10.0;

/// Families known to grow too fast today, with the reason: each is still
/// measured and printed, but does not fail the run. Empty: every row
/// passed on 2026-12-08 (the genogram's row alignment was the last).
const KNOWN_SLOW: &[(&str, &str)] = &[];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// CPU time of this process in seconds, all its threads (Linux: the
/// scheduler's count in nanoseconds of each), else the wall clock. Only
/// the server's row runs more than one thread.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let thread = |entry: std::fs::DirEntry| -> Option<u64> {
        let stat = std::fs::read_to_string(entry.path().join("schedstat")).ok()?;
        stat.split_whitespace().next()?.parse().ok()
    };
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|tasks| tasks.flatten().filter_map(thread).sum::<u64>() as f64 / 1e9)
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
    /// Growth per doubling, fitted over all sizes (least squares on the
    /// logarithms): one neighbour's burst at one size does not decide it.
    growth: f64,
    /// The largest ratio of two neighbouring sizes, printed beside it.
    worst_step: f64,
    known: Option<&'static str>,
    gave_up: bool,
}

/// Best of 3 CPU times of `run` on inputs of each size, stopping at a
/// size that takes longer than [`GIVE_UP_SECONDS`]. A run shorter than
/// [`BATCH_SECONDS`] is timed in batches of repeats (the same count at every
/// size of a row), so that the clock's grain and a neighbour's burst of
/// work do not decide a ratio of milliseconds.
fn measure_once<T>(name: &str, build: &impl Fn(usize) -> T, run: &impl Fn(&T)) -> Row {
    let mut seconds = Vec::new();
    let mut gave_up = false;
    let mut repeats = 0;
    for kb in SIZES_KB {
        let text = build(kb * 1000);
        if repeats == 0 {
            let start = cpu_seconds();
            run(&text);
            let once = (cpu_seconds() - start).max(1e-6);
            repeats = ((BATCH_SECONDS / once).ceil() as usize).clamp(1, 1000);
        }
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let start = cpu_seconds();
            for _ in 0..repeats {
                run(&text);
            }
            best = best.min((cpu_seconds() - start) / repeats as f64);
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
    let floored: Vec<f64> = seconds.iter().map(|s| s.max(FLOOR_SECONDS)).collect();
    let worst_step = floored.windows(2).map(|w| w[1] / w[0]).fold(0.0, f64::max);
    let growth = fitted_growth(&floored);
    let known = KNOWN_SLOW.iter().find(|k| k.0 == name).map(|k| k.1);
    Row { name: name.to_owned(), seconds, growth, worst_step, known, gave_up }
}

impl Row {
    fn slow(&self) -> bool {
        self.gave_up || self.growth > MAX_GROWTH
    }
}

/// The growth per doubling of times measured at sizes that double: 2 to
/// the slope of log2(time) against the step, by least squares.
fn fitted_growth(seconds: &[f64]) -> f64 {
    if seconds.len() < 2 {
        return 1.0;
    }
    let n = seconds.len() as f64;
    let xs: Vec<f64> = (0..seconds.len()).map(|i| i as f64).collect();
    let ys: Vec<f64> = seconds.iter().map(|s| s.log2()).collect();
    let (mean_x, mean_y) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let covariance: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let variance: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    (covariance / variance).exp2()
}

/// [`measure_once`], and up to twice more while the row looks slow: a
/// shared machine can slow one size down, a real fault is slow every time.
/// The best of the measurements is kept.
fn measure<T>(name: &str, build: impl Fn(usize) -> T, run: impl Fn(&T)) -> Row {
    let mut best = measure_once(name, &build, &run);
    for _ in 0..2 {
        if !best.slow() {
            break;
        }
        let again = measure_once(name, &build, &run);
        if again.growth < best.growth {
            best = again;
        }
    }
    best
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
    if wanted("server") {
        // Opening a record in the server, to its published diagnostics as
        // JSON: conversion to positions and serialisation.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a Tokio runtime");
        let server = RefCell::new(runtime.block_on(in_process_server::Server::start(today())));
        let opened = Cell::new(0);
        rows.push(measure("server: publish, one line of findings", one_line, |text: &String| {
            opened.set(opened.get() + 1);
            let uri = format!("file:///scaling/{}.md", opened.get());
            let mut server = server.borrow_mut();
            runtime.block_on(async {
                let open = json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}});
                server.send("textDocument/didOpen", open, false).await;
                server.published(1).await;
                server.send("textDocument/didClose", json!({"textDocument": {"uri": uri}}), false).await;
            });
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
    let _ = writeln!(out, "  {:>7}  {:>7}  verdict", "growth", "worst");
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
        let slow = row.slow();
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
        let _ = writeln!(out, "  {:>6.2}x  {:>6.2}x  {verdict}", row.growth, row.worst_step);
    }
    let _ = writeln!(
        out,
        "growth: the time's growth per doubling of the input, fitted over the four sizes (the limit is {MAX_GROWTH}x; a row over it is measured twice more, and its best kept); worst: the largest ratio of two neighbouring sizes (times under {FLOOR_SECONDS} s count as {FLOOR_SECONDS} s)"
    );
    print!("{out}");
    passed
}
