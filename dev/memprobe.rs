//! Developer tool: the live heap a whole-record parse holds, and what the
//! incremental `Analyzer` keeps after a check, counted by a wrapping global
//! allocator (`cargo run --release --example memprobe -- FILE [RULE,RULE…]`,
//! the rules listed turned off, to see what each keeps). Figures
//! are bytes held, and their multiple of the text's size.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only a
// counter is updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_mb() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64 / 1e6
}

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let size_mb = text.len() as f64 / 1e6;
    let mut config = casenote::Config::default();
    if let Some(off) = std::env::args().nth(2) {
        for rule in off.split(',') {
            config.rules.insert(rule.to_owned(), casenote::config::Level::Off);
        }
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");

    let base = live_mb();
    let record = casenote::parse::parse(&text);
    let held = live_mb() - base;
    println!("whole parse holds {held:.1} MB ({:.1}x the text)", held / size_mb);
    drop(record);

    let base = live_mb();
    let mut analyzer = casenote::analysis::Analyzer::default();
    let findings = analyzer.check(&text, &config, today);
    let held = live_mb() - base;
    println!("analyzer and findings hold {held:.1} MB ({:.1}x)", held / size_mb);
    drop(findings);
    let held = live_mb() - base;
    println!(
        "analyzer alone {held:.1} MB ({:.1}x; includes the tagger and vocabulary loaded once)",
        held / size_mb
    );
}
