//! The command-line grammar (clap derive). No behaviour here.

use std::path::PathBuf;

/// The `--max-file-size` paragraph of `check --help` and `report --help`.
macro_rules! max_file_size_help {
    () => {
        "Size limit: a record larger than --max-file-size (default 32MiB) is refused without \
being read. Sizes are bytes, or take a unit: kB, MB, GB (powers of 1000) or KiB, MiB, GiB, \
K, M, G (powers of 1024). In casenote.toml: [settings] max-file-size = \"64MiB\" (the \
flag wins)."
    };
}

/// The `CASENOTE_LOG` lines of the help texts.
macro_rules! log_help {
    () => {
        "  CASENOTE_LOG=LEVEL         log to stderr at this level: error, warn (the default), info, \
debug, trace or off; -v, -vv, -vvv raise it to info, debug, trace. Logs name files, sizes, \
timings, rule ids and counts, never record text"
    };
}

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "casenote",
    version,
    about = "Lint social-work and safeguarding case records written in structured Markdown.",
    long_about = "Lint social-work and safeguarding case records written in structured Markdown.\n\n\
                  casenote runs fully offline: it sends nothing anywhere and never writes record \
                  text to logs or temporary files."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint records: files, or folders searched for *.md (honouring .gitignore)
    Check(CheckArgs),
    /// Run the language server (LSP over stdio)
    Server(ServerArgs),
    /// Show a rule's documentation: principle, why, examples, how to fix and configure
    Explain {
        /// The rule id, as listed by `casenote rules`
        #[arg(value_name = "RULE")]
        rule: String,
    },
    /// List every rule with its default severity and a one-line summary
    Rules,
    /// Write a self-contained HTML report for supervisors
    Report(ReportArgs),
    /// Draw a record's genogram block as an SVG picture
    Genogram(GenogramArgs),
    /// The chronology of significant events per child, merged across agencies
    Chronology(ChronologyArgs),
    /// Start a project here: write a commented casenote.toml and an example record
    Init,
    /// Print a shell completion script (e.g. `casenote completions bash > ~/.local/share/bash-completion/completions/casenote`)
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

/// How `check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, with the source line underlined
    Text,
    /// A JSON array, one object per finding
    Json,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// JUnit XML, one test suite per file and one failed test case per finding
    Junit,
    /// GitLab code quality report (JSON)
    Gitlab,
}

/// When `check` colours its text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; FORCE_COLOR or CLICOLOR_FORCE force it
    Auto,
    /// Always, even into a file or pipe
    Always,
    /// Never
    Never,
}

#[derive(Debug, Args)]
#[command(after_help = concat!("\
Exit status: 0 no finding of severity warning or error (or --exit-zero); 1 such findings \
(with --diff: something would be fixed); 2 usage, configuration or I/O error (a file that \
cannot be read or is larger than --max-file-size is named on stderr; the others are still \
checked; a missing --config file or PATH stops before anything is checked).

Which files: folders are searched for *.md, honouring .gitignore; [files] include and \
exclude globs in casenote.toml (relative to its folder) and --exclude (relative to the \
working folder) narrow that search. A file named on the command line is always checked. \
`check -` reads one record from standard input; --stdin-filename names it.

Fixes: --fix applies the fixes that need no human choice (spelling out an acronym from the \
glossary, `as per` to `in line with`, mum/dad to mother/father); --fix-unsafe also applies \
the first fix of every other finding (labels, missing fields with today's date or left \
blank for you to complete). Files are rewritten atomically, keeping their line endings and \
byte-order mark. --diff shows the changes without writing.

Baseline: --add-suppressions puts a `<!-- casenote-disable-next-line RULE -->` comment above \
every current finding, so that only new findings are reported; running it again adds nothing.

", max_file_size_help!(), "

Environment:
  CASENOTE_TODAY=YYYY-MM-DD  check as if today were this date (future-date checks, reproducible runs)
  NO_COLOR=1                 never colour the text output (colour is only used on a terminal)
  FORCE_COLOR=1, CLICOLOR_FORCE=1  colour the text output even when it is not a terminal
", log_help!()))]
pub struct CheckArgs {
    /// Files and folders to check [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub rules: RuleOptions,

    /// Print only one line per finding, and no summary (text format)
    #[arg(long, short)]
    pub quiet: bool,

    /// Training mode: longer, teaching messages
    #[arg(long)]
    pub training: bool,

    /// Log to stderr: -v info, -vv debug (per file: size, time, findings per rule), -vvv trace
    #[arg(short, long, action = ArgAction::Count)]
    pub verbose: u8,

    /// With `check -`: the record's path, for finding its casenote.toml and in messages
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Leave out files matching this glob (relative to the working folder; repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Apply the fixes that need no human choice, then report what is left
    #[arg(long)]
    pub fix: bool,

    /// Also apply the first fix of every other finding (labels, missing fields): review the result
    #[arg(long)]
    pub fix_unsafe: bool,

    /// Show the fixes --fix (or --fix-unsafe) would make, as a unified diff, without writing
    #[arg(long)]
    pub diff: bool,

    /// Suppress every current finding with a comment above it (a baseline for old records)
    #[arg(long, conflicts_with_all = ["fix", "fix_unsafe", "diff"])]
    pub add_suppressions: bool,

    /// Print how many findings each rule gave instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Exit with status 0 even when there are findings (2 still means an error)
    #[arg(long)]
    pub exit_zero: bool,

    /// When to colour the text output
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
#[command(after_help = concat!("Environment:\n", log_help!()))]
pub struct ServerArgs {
    /// Talk over standard input and output (the only transport; accepted for editor clients that pass it)
    #[arg(long)]
    pub stdio: bool,

    /// Log to stderr: -v info, -vv debug, -vvv trace (stdout carries the protocol)
    #[arg(short, long, action = ArgAction::Count)]
    pub verbose: u8,
}

/// What `report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page (no scripts, fonts or images from anywhere else)
    Html,
    /// The statistics as JSON, for an organisation's own dashboards
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = concat!("\
The report contains personal data from the records: keep it secure and delete it when done.

Output: --format html writes casenote-report.html in the current folder unless -o names \
another file; --format json prints the statistics to standard output unless -o names a file. \
An existing file is replaced only if casenote wrote it (or with --force), never a record \
being read; it is written to a temporary file first and renamed into place.

Exit status: 0 the report was written; 2 usage, configuration or I/O error (a file that \
cannot be read or is larger than --max-file-size is named on stderr and left out; the others \
are still reported). Findings do not change the exit status.

", max_file_size_help!(), "

Environment:
  CASENOTE_TODAY=YYYY-MM-DD  report as if today were this date (reproducible reports)
", log_help!()))]
pub struct ReportArgs {
    /// Files and folders to report on [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where to write the report [default: casenote-report.html for html, standard output for json]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace an existing output file that casenote did not write (never a record being read)
    #[arg(long)]
    pub force: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub rules: RuleOptions,

    /// Log to stderr: -v info, -vv debug (per file: size, time), -vvv trace
    #[arg(short, long, action = ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Draws the record's ```genogram block (standard symbols; the key lists anything that \
could not be drawn). -o never replaces the record itself, nor an existing file that \
casenote did not write unless --force. Exit status: 0 drawn; 2 the file cannot be read, \
has no genogram block, or the picture cannot be written.")]
pub struct GenogramArgs {
    /// The record whose genogram to draw
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// Write the SVG to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace an existing file that casenote did not write (never the record itself)
    #[arg(long)]
    pub force: bool,
}

/// What `chronology` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChronologyFormat {
    /// Markdown tables, one chronology per child
    Markdown,
    /// One CSV table (RFC 4180) with a child column, for spreadsheets
    Csv,
    /// JSON with stable keys (see the README)
    Json,
    /// One self-contained HTML page: agency lanes on a time axis, the table and the patterns
    Html,
}

#[derive(Debug, Args)]
#[command(after_help = concat!("\
Gathers the significant events of every record (Significant event: lines, entries whose \
type is an event, and events read from unlabelled entries, listed apart as not yet \
confirmed) into one chronology per child. Records about the same child (same full name and, \
where both give one, the same birth year or date) from several agencies are merged and \
ordered by date, time, then agency; records that name a child of the same name with \
different birth dates are not merged, and the command says so.

The output contains personal data from the records: keep it secure. -o never replaces a \
record being read, nor an existing file that casenote did not write unless --force.

Exit status: 0 the chronology was written; 2 usage or I/O error (a file that cannot be read \
or is larger than --max-file-size is named on stderr and left out).

", max_file_size_help!(), "

Environment:
", log_help!()))]
pub struct ChronologyArgs {
    /// Files and folders to read [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ChronologyFormat::Markdown)]
    pub format: ChronologyFormat,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace an existing output file that casenote did not write (never a record being read)
    #[arg(long)]
    pub force: bool,

    /// Only the child with this full name
    #[arg(long, value_name = "NAME")]
    pub child: Option<String>,

    /// Only events on or after this date (YYYY-MM-DD or DD/MM/YYYY)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub from: Option<chrono::NaiveDate>,

    /// Only events on or before this date (YYYY-MM-DD or DD/MM/YYYY)
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub to: Option<chrono::NaiveDate>,

    /// Leave out the events not yet confirmed with a Significant event: line
    #[arg(long)]
    pub confirmed_only: bool,

    /// Use this configuration file instead of the nearest casenote.toml / .casenote.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Refuse records larger than SIZE, unread (e.g. 10MB, 64MiB) [default: 32MiB, or
    /// max-file-size in casenote.toml]
    #[arg(long, value_name = "SIZE", value_parser = parse_size_arg)]
    pub max_file_size: Option<u64>,

    /// Log to stderr: -v info, -vv debug (per file: size, time), -vvv trace
    #[arg(short, long, action = ArgAction::Count)]
    pub verbose: u8,
}

fn parse_date_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| format!("`{text}` is not a date like 2026-11-25 or 25/11/2026"))
}

/// The configuration and rule selection shared by `check` and `report`.
#[derive(Debug, Args)]
pub struct RuleOptions {
    /// Use this configuration file instead of the nearest casenote.toml / .casenote.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Only these rules (comma-separated ids)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Not these rules (comma-separated ids)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Refuse records larger than SIZE, unread (e.g. 10MB, 64MiB) [default: 32MiB, or
    /// max-file-size in casenote.toml]
    #[arg(long, value_name = "SIZE", value_parser = parse_size_arg)]
    pub max_file_size: Option<u64>,
}

fn parse_size_arg(text: &str) -> Result<u64, String> {
    crate::config::parse_size(text)
}
