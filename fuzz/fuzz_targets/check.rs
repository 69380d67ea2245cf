#![no_main]

#[path = "../targets.rs"]
mod targets;

// Known, reported bugs are skipped (see targets::KNOWN_BUGS); set
// CASENOTE_FUZZ_STRICT=1 to crash on them too.
libfuzzer_sys::fuzz_target!(init: targets::tolerate_known_bugs(), |data: &[u8]| {
    targets::run_tolerating(targets::check, data)
});
