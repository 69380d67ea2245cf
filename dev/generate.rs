//! Writes synthetic case records (see `dev/synthetic.rs`) for benchmarks.
//!
//! ```text
//! cargo run --release --example generate -- record --bytes 1000000 --seed 1 > x.md
//! cargo run --release --example generate -- caseload --records 1000 --seed 1 --out DIR
//! ```
#[path = "synthetic.rs"]
mod synthetic;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: generate record [--bytes N] [--seed N]        (one record on standard output)
       generate caseload [--records N] [--seed N] --out DIR   (N records, 2 KB to 30 KB each)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().ok_or("no command")?.clone();
    let mut bytes = 1_000_000usize;
    let mut records = 1_000usize;
    let mut seed = 1u64;
    let mut out: Option<String> = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--bytes" => bytes = value()?.parse().map_err(|e| format!("--bytes: {e}"))?,
            "--records" => records = value()?.parse().map_err(|e| format!("--records: {e}"))?,
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    match command.as_str() {
        "record" => {
            let text = synthetic::record(seed, bytes);
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| format!("standard output: {e}"))
        }
        "caseload" => {
            let dir = std::path::PathBuf::from(out.ok_or("caseload needs --out DIR")?);
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut total = 0usize;
            for (name, text) in synthetic::caseload(seed, records) {
                let path = dir.join(&name);
                std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
                total += text.len();
            }
            eprintln!("generate: {records} records, {total} bytes in {}", dir.display());
            Ok(())
        }
        "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other}")),
    }
}
