//! Developer tool: times the parts of a check on one record
//! (`cargo run --release --example timing -- FILE [incremental]`).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let only_incremental = std::env::args().nth(2).is_some();
    let text = std::fs::read_to_string(path).unwrap();
    let config = casenote::Config::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut analyzer = casenote::analysis::Analyzer::default();
    analyzer.check(&text, &config, today);
    let mid = text.len() / 2;
    let at = mid + text[mid..].find("\n\n").unwrap();
    let mut best = [f64::MAX; 4];
    for round in 0..if only_incremental { 300 } else { 7 } {
        let edited = format!("{} x{}{}", &text[..at], round % 2, &text[at..]);
        let t = Instant::now();
        std::hint::black_box(analyzer.check(&edited, &config, today));
        best[2] = best[2].min(t.elapsed().as_secs_f64());
        if only_incremental {
            continue;
        }
        let t = Instant::now();
        std::hint::black_box(casenote::parse::units::split(&text));
        best[0] = best[0].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(casenote::check(&text, &config, today));
        best[1] = best[1].min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(casenote::parse::parse(&text).entries.len());
        best[3] = best[3].min(t.elapsed().as_secs_f64());
    }
    println!(
        "split {:.2} ms | check {:.1} ms ({:.1} MB/s) | incremental edit {:.2} ms | whole parse {:.1} ms",
        best[0] * 1e3,
        best[1] * 1e3,
        text.len() as f64 / best[1] / 1e6,
        best[2] * 1e3,
        best[3] * 1e3
    );
}
