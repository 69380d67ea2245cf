//! `casenote genogram RECORD [-o FILE]`: the record's genogram block drawn
//! as an SVG, to a file or standard output. Errors name the file, never
//! its content.

use super::args::GenogramArgs;
use super::files::{display_path, read_record};
use super::{print_stdout, safe_write, Stderr, EXIT_CLEAN, EXIT_TROUBLE};
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
            "{shown}: no ```genogram block to draw; add one under `# Family composition` (the genogram language: docs/record-format.md)"
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
    // The marker lets a later run replace a picture it drew (and only that).
    let svg = format!("{}\n{svg}", safe_write::marker("genogram"));
    match &args.output {
        Some(path) => {
            let inputs = [args.record.clone()];
            let written = match safe_write::check_output(path, &inputs, &PICTURE, args.force) {
                Err(safe_write::Refusal::IsInput) => Err(format!(
                    "{}: is the record itself; choose another file for the picture",
                    display_path(path)
                )),
                Err(refusal) => Err(refusal.describe(path, &PICTURE)),
                Ok(()) => safe_write::write_atomically(path, svg.as_bytes()).map_err(|err| {
                    format!(
                        "{}: cannot write the picture: {}",
                        display_path(path),
                        describe_io(&err)
                    )
                }),
            };
            if let Err(message) = written {
                stderr.error(format_args!("{message}"));
                return EXIT_TROUBLE;
            }
        }
        None => print_stdout(&svg),
    }
    EXIT_CLEAN
}

/// What `genogram -o` writes: an SVG with the marker near its start.
pub(super) const PICTURE: safe_write::OutputKind = safe_write::OutputKind {
    command: "genogram",
    what: "the picture",
    recognise: |head| safe_write::has_marker(head, "<!-- written by casenote genogram -->"),
    head: 4096,
};
