//! The man pages in `docs/man/` are generated from the command line's own
//! definitions (`casenote::cli::man_pages`), so they cannot describe
//! options that do not exist. This fails when a committed page differs from
//! what the generator writes; regenerate with
//! `CASENOTE_UPDATE_DOCS=1 cargo test --test man_pages`.

use std::path::Path;

#[test]
fn the_committed_man_pages_are_what_the_generator_writes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let update = std::env::var_os("CASENOTE_UPDATE_DOCS").is_some();
    let pages = casenote::cli::man_pages();
    let mut stale = Vec::new();
    for (name, roff) in &pages {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(roff.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, roff).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    let expected: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
    let extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| !expected.contains(&name.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/man is out of date (stale: {stale:?}, no longer generated: {extra:?}); run \
         `CASENOTE_UPDATE_DOCS=1 cargo test --test man_pages`"
    );
}

#[test]
fn the_main_page_lists_every_subcommand_and_the_check_page_its_options() {
    let pages = casenote::cli::man_pages();
    let page = |name: &str| &pages.iter().find(|(n, _)| n == name).expect(name).1;
    let main = page("casenote.1");
    assert!(main.starts_with(".ie \\n(.g .ds Aq \\(aq"), "roff for man");
    assert!(main.contains(".TH casenote 1"), "{main}");
    for sub in [
        "check",
        "server",
        "explain",
        "rules",
        "report",
        "genogram",
        "chronology",
        "init",
        "completions",
    ] {
        assert!(main.contains(&format!("casenote\\-{sub}(1)")), "casenote.1 lacks {sub}");
        assert!(
            pages.iter().any(|(name, _)| *name == format!("casenote-{sub}.1")),
            "no page for {sub}"
        );
    }
    let check = page("casenote-check.1");
    for option in [
        "\\-\\-stdin\\-filename",
        "\\-\\-fix\\-unsafe",
        "\\-\\-add\\-suppressions",
        "\\-\\-exit\\-zero",
    ] {
        assert!(check.contains(option), "casenote-check.1 lacks {option}");
    }
}
