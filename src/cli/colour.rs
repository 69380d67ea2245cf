//! Whether `check` colours its text output: `--color`, then the
//! conventions of <https://no-color.org> and <https://bixense.com/clicolors/>
//! and `FORCE_COLOR`, then whether stdout is a terminal.

use std::io::IsTerminal;

use super::args::ColorChoice;

/// Whether to colour, reading the environment through `var`.
pub fn resolve(choice: ColorChoice, var: impl Fn(&str) -> Option<String>, terminal: bool) -> bool {
    let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
    let forced = |name: &str| var(name).is_some_and(|value| !value.is_empty() && value != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => terminal,
    }
}

/// [`resolve`] for this process.
pub fn for_stdout(choice: ColorChoice) -> bool {
    resolve(choice, |name| std::env::var(name).ok(), std::io::stdout().is_terminal())
}

/// Writes `output` to stdout. Coloured output (ANSI styles) goes through
/// `anstream`, which turns the styles into console calls on old Windows
/// consoles; plain output holds no styles and is written as it is. A
/// closed pipe is not worth an error message.
pub fn print(output: &str, colour: bool) {
    use std::io::Write;
    if !colour {
        super::print_stdout(output);
        return;
    }
    let mut stdout =
        anstream::AutoStream::new(std::io::stdout().lock(), anstream::ColorChoice::Always);
    let _ = stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert!(resolve(ColorChoice::Always, with(&[("NO_COLOR", "1")]), false));
        assert!(!resolve(ColorChoice::Never, with(&[("FORCE_COLOR", "1")]), true));
    }

    #[test]
    fn auto_reads_no_color_then_the_forcing_variables_then_the_terminal() {
        assert!(resolve(ColorChoice::Auto, with(&[]), true));
        assert!(!resolve(ColorChoice::Auto, with(&[]), false));
        assert!(!resolve(ColorChoice::Auto, with(&[("NO_COLOR", "1")]), true));
        // An empty NO_COLOR does not count.
        assert!(resolve(ColorChoice::Auto, with(&[("NO_COLOR", "")]), true));
        assert!(!resolve(
            ColorChoice::Auto,
            with(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]),
            true
        ));
        assert!(resolve(ColorChoice::Auto, with(&[("FORCE_COLOR", "1")]), false));
        assert!(resolve(ColorChoice::Auto, with(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!resolve(ColorChoice::Auto, with(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!resolve(ColorChoice::Auto, with(&[("FORCE_COLOR", "0")]), false));
    }
}
