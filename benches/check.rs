//! How long the analysis core takes on realistic records: one record (the
//! editor's case, re-linting on every keystroke) and the whole dev corpus
//! (the supervisor's caseload). Run with `cargo bench`.

use std::hint::black_box;

use casenote::{check, Config};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dev");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

fn bench(c: &mut Criterion) {
    let records = corpus();
    let config = Config::default();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let largest = records.iter().max_by_key(|r| r.len()).unwrap().clone();

    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(largest.len() as u64));
    group.bench_function("one record", |b| b.iter(|| check(black_box(&largest), &config, today)));
    let total: usize = records.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("dev corpus (21 records)", |b| {
        b.iter(|| records.iter().map(|r| check(black_box(r), &config, today).len()).sum::<usize>())
    });
    let big = records.concat();
    let big = big.repeat(5_000_000 / big.len() + 1);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(10);
    group.bench_function("5 MB record", |b| b.iter(|| check(black_box(&big), &config, today)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
