//! `casenote genogram RECORD [-o FILE]`: the record's genogram block drawn
//! as an SVG, to a file or standard output. Errors name the file, never
//! its content.

use super::args::GenogramArgs;
use super::files::{display_path, read_record};
use super::{print_stdout, Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::config_files::describe_io;

pub fn run(args: &GenogramArgs) -> i32 {
    let mut stderr = Stderr::default();
    let shown = display_path(&args.record);
    let text = match read_record(&args.record, None) {
        Ok(text) => text,
        Err(reason) => {
            stderr.error(format_args!("{shown}: {reason}"));
            return EXIT_TROUBLE;
        }
    };
    let record = crate::parse::parse(&text);
    let Some(genogram) = record.genogram.as_ref() else {
        stderr.error(format_args!(
            "{shown}: no ```genogram block to draw; add one under `# Family composition` (see SPEC §3.4)"
        ));
        return EXIT_TROUBLE;
    };
    let svg =
        crate::genogram_svg::render_with_source(genogram, &record.front_matter.children, &text);
    if !genogram.errors.is_empty() {
        let count = genogram.errors.len();
        let lines = if count == 1 { "line" } else { "lines" };
        stderr.warning(format_args!(
            "{shown}: {count} genogram {lines} could not be read; the picture's key lists what was not drawn (`casenote check {shown}` says why)"
        ));
    }
    match &args.output {
        Some(path) if same_file(path, &args.record) => {
            stderr.error(format_args!(
                "{}: is the record itself; choose another file for the picture",
                display_path(path)
            ));
            return EXIT_TROUBLE;
        }
        Some(path) => {
            if let Err(err) = std::fs::write(path, svg) {
                stderr.error(format_args!(
                    "{}: cannot write the picture: {}",
                    display_path(path),
                    describe_io(&err)
                ));
                return EXIT_TROUBLE;
            }
        }
        None => print_stdout(&svg),
    }
    EXIT_CLEAN
}

/// Whether `a` and `b` name one existing file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
