use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 { LIVE.fetch_add(l.size() as isize, Ordering::Relaxed); System.alloc(l) }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) { LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed); System.dealloc(p, l) }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 { LIVE.fetch_add(n as isize - l.size() as isize, Ordering::Relaxed); System.realloc(p, l, n) }
}
#[global_allocator]
static A: Counting = Counting;
fn live() -> f64 { LIVE.load(Ordering::Relaxed) as f64 / 1e6 }
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let n = text.len() as f64 / 1e6;
    let config = casenote::Config::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let base = live();
    let rec = casenote::parse::parse(&text);
    println!("whole parse holds {:.1} MB ({:.1}x)", live() - base, (live() - base) / n);
    println!("  entries {} blocks {} headings {}", rec.entries.len(), rec.blocks.len(), rec.headings.len());
    drop(rec);
    let base = live();
    let mut analyzer = casenote::analysis::Analyzer::default();
    let d = analyzer.check(&text, &config, today);
    println!("analyzer+findings holds {:.1} MB ({:.1}x), {} findings", live() - base, (live() - base) / n, d.len());
    drop(d);
    println!("analyzer alone {:.1} MB", live() - base);
}
