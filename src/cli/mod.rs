//! The command line: a thin adapter around the analysis core.
//!
//! Layout: [`args`] is the grammar; [`check`] runs `casenote check` (I/O:
//! [`files`] finds records and their configuration); [`render`] turns
//! checked files into text, JSON, SARIF or GitHub annotations without any
//! I/O; [`rules`] prints `casenote rules` and `casenote explain`;
//! [`report`] writes `casenote report` (pages from [`crate::report`]).
//! `check`'s conventions: [`fix`] (`--fix`, `--fix-unsafe`, `--diff`),
//! [`baseline`] (`--add-suppressions`), [`colour`] (`--color` and the
//! colour variables); [`init`] and [`shell`] (completions, man pages).
//!
//! Privacy: record text only ever goes to stdout as part of a finding's
//! source excerpt, or into the report file the user asked for. Errors and
//! panics never quote it.

mod args;
mod baseline;
mod check;
mod chronology;
mod colour;
mod files;
mod fix;
mod genogram;
mod init;
pub mod render;
mod report;
mod rules;
pub(crate) mod safe_write;
mod shell;

use std::fmt;
use std::io::Write;

use clap::Parser;

use args::{Cli, Command};

/// Exit status when nothing at warning or error severity was found.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status when some finding is a warning or an error.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status for usage, configuration and I/O errors.
pub const EXIT_TROUBLE: i32 = 2;

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    install_panic_hook();
    // For every command, the language server included; `-v` may raise it.
    crate::logging::init_from_env();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version are "errors" too, with exit status 0.
            let _ = err.print();
            return err.exit_code();
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules => rules::list(),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Server(args) => {
            crate::logging::raise_to(crate::logging::Level::from_verbosity(args.verbose));
            crate::lsp::run_stdio()
        }
        Command::Report(args) => report::run(&args),
        Command::Genogram(args) => genogram::run(&args),
        Command::Chronology(args) => chronology::run(&args),
        Command::Init => init::run(),
        Command::Completions { shell } => shell::completions(shell),
    }
}

pub use fix::is_safe as fix_is_safe;
pub use shell::man_pages;

/// Panic messages can quote the text being processed (a bad string slice
/// prints the string), so the default hook could leak record text to the
/// terminal or a CI log. This one says only where it happened.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location =
            info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "casenote: internal error{location} (details withheld as they may quote record text); please report it"
        );
    }));
}

/// Writes `casenote: error: …` lines to stderr and remembers whether any
/// error happened (exit status 2). Never panics, even when stderr is closed.
#[derive(Debug, Default)]
pub(crate) struct Stderr {
    errors: usize,
}

impl Stderr {
    pub fn error(&mut self, message: fmt::Arguments<'_>) {
        self.errors += 1;
        let _ = writeln!(std::io::stderr().lock(), "casenote: error: {message}");
    }

    pub fn warning(&mut self, message: fmt::Arguments<'_>) {
        let _ = writeln!(std::io::stderr().lock(), "casenote: warning: {message}");
    }

    pub fn had_errors(&self) -> bool {
        self.errors > 0
    }
}

/// Writes all of `output` to stdout. A closed pipe (`casenote check | head`)
/// is not worth an error message.
fn print_stdout(output: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush());
}
