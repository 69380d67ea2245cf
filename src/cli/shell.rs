//! Shell completions and man pages, generated from the clap definitions
//! so that they cannot fall behind the command line.

use clap::CommandFactory;

use super::args::Cli;
use super::{print_stdout, EXIT_CLEAN};

/// `casenote completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "casenote", &mut script);
    print_stdout(&String::from_utf8_lossy(&script));
    EXIT_CLEAN
}

/// The man pages, as `(file name, roff text)`: `casenote.1` for the
/// command and `casenote-SUBCOMMAND.1` for each subcommand. Written to
/// `docs/man/` by `CASENOTE_UPDATE_DOCS=1 cargo test --test man_pages`,
/// which otherwise fails when the committed pages differ.
pub fn man_pages() -> Vec<(String, String)> {
    let command = Cli::command();
    let mut pages = vec![("casenote.1".to_owned(), render(command.clone()))];
    for sub in command.get_subcommands() {
        // clap names are `&'static str` here; a handful of page names
        // leaked once per generation is nothing.
        let name: &'static str = Box::leak(format!("casenote-{}", sub.get_name()).into_boxed_str());
        let page = sub.clone().name(name).display_name(name);
        pages.push((format!("{name}.1"), render(page)));
    }
    pages
}

fn render(command: clap::Command) -> String {
    let mut roff = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = clap_mangen::Man::new(command).render(&mut roff);
    String::from_utf8_lossy(&roff).into_owned()
}
