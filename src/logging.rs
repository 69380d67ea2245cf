//! A tiny levelled logger that writes to standard error, for people running
//! casenote and for bug reports. No dependencies, no global state beyond one
//! atomic level and the start time.
//!
//! The level comes from the environment (`CASENOTE_LOG=trace|debug|info|
//! warn|error|off`, read by [`init_from_env`] for every command, the
//! language server included) and, for `check` and `report`, from `-v`
//! (info), `-vv` (debug) and `-vvv` (trace) through [`raise_to`]: the more
//! verbose of the two wins. The default is [`Level::Warn`].
//!
//! **Privacy.** Case records are among the most sensitive data there is. A
//! log line may hold file paths, sizes, counts, rule ids, timings, thread
//! and cache figures. It must never hold text from a record, nor a
//! finding's message (messages quote cue words and people's names), nor a
//! configuration's word lists. `tests/privacy.rs` checks this end to end.
//!
//! ```
//! use casenote::logging::{self, Level};
//! if logging::enabled(Level::Debug) {
//!     logging::debug(format_args!("checked {} files in {:?}", 3, std::time::Duration::ZERO));
//! }
//! ```

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// The environment variable that sets the level.
pub const ENV_VAR: &str = "CASENOTE_LOG";

/// How much to log, from least to most. `Error < Trace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

impl Level {
    /// Every level, least verbose first.
    pub const ALL: [Level; 5] =
        [Level::Error, Level::Warn, Level::Info, Level::Debug, Level::Trace];

    /// The name used in `CASENOTE_LOG` and in log lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        }
    }

    /// The level `-v` given `count` times asks for: none is the default
    /// (warn), then info, debug and trace.
    pub fn from_verbosity(count: u8) -> Level {
        match count {
            0 => Level::Warn,
            1 => Level::Info,
            2 => Level::Debug,
            _ => Level::Trace,
        }
    }

    fn from_u8(value: u8) -> Option<Level> {
        Level::ALL.into_iter().find(|level| *level as u8 == value)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `CASENOTE_LOG` value: a level, or `off` (`Ok(None)`). Case and
/// surrounding spaces do not matter; `warning` is accepted for `warn`.
pub fn parse_level(text: &str) -> Result<Option<Level>, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "off" | "none" => Ok(None),
        "error" => Ok(Some(Level::Error)),
        "warn" | "warning" => Ok(Some(Level::Warn)),
        "info" => Ok(Some(Level::Info)),
        "debug" => Ok(Some(Level::Debug)),
        "trace" => Ok(Some(Level::Trace)),
        _ => Err("use error, warn, info, debug, trace or off".to_owned()),
    }
}

/// The most verbose level written; 0 is off.
static MAX_LEVEL: AtomicU8 = AtomicU8::new(Level::Warn as u8);
static START: OnceLock<Instant> = OnceLock::new();

/// Sets the level from `CASENOTE_LOG`, if set. An unknown value is reported
/// on stderr (without echoing more than a short, printable part of it) and
/// leaves the default.
pub fn init_from_env() {
    start_clock();
    let Some(value) = std::env::var_os(ENV_VAR) else { return };
    let value = value.to_string_lossy();
    if value.trim().is_empty() {
        return;
    }
    match parse_level(&value) {
        Ok(level) => set_max_level(level),
        Err(hint) => {
            let shown: String =
                value.chars().filter(|c| !c.is_control()).take(20).collect::<String>();
            let _ = writeln!(
                std::io::stderr().lock(),
                "casenote: warning: {ENV_VAR}=`{shown}` is not a log level ({hint}); using {}",
                max_level().map_or("off", Level::as_str)
            );
        }
    }
}

/// Sets the most verbose level written (`None`: nothing at all).
pub fn set_max_level(level: Option<Level>) {
    start_clock();
    MAX_LEVEL.store(level.map_or(0, |level| level as u8), Ordering::Relaxed);
}

/// Makes the log at least as verbose as `level` (for `-v` flags: they add
/// to `CASENOTE_LOG`, never quieten it).
pub fn raise_to(level: Level) {
    start_clock();
    MAX_LEVEL.fetch_max(level as u8, Ordering::Relaxed);
}

/// The most verbose level written, `None` when logging is off.
pub fn max_level() -> Option<Level> {
    Level::from_u8(MAX_LEVEL.load(Ordering::Relaxed))
}

/// Whether a message at `level` would be written. Check it before
/// computing anything costly for a log line.
pub fn enabled(level: Level) -> bool {
    level as u8 <= MAX_LEVEL.load(Ordering::Relaxed)
}

fn start_clock() {
    START.get_or_init(Instant::now);
}

/// Writes `casenote: LEVEL [+SECONDS] message` to stderr when `level` is
/// enabled. One line per call (line breaks in the message are replaced),
/// written whole even from several threads. Never fails or panics.
pub fn log(level: Level, message: fmt::Arguments<'_>) {
    if !enabled(level) {
        return;
    }
    let elapsed = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    let mut line = format!("casenote: {level} [+{elapsed:.3}s] {message}");
    if line.contains(['\n', '\r']) {
        line = line.replace(['\n', '\r'], " ");
    }
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// [`log`] at [`Level::Error`].
pub fn error(message: fmt::Arguments<'_>) {
    log(Level::Error, message);
}

/// [`log`] at [`Level::Warn`].
pub fn warn(message: fmt::Arguments<'_>) {
    log(Level::Warn, message);
}

/// [`log`] at [`Level::Info`].
pub fn info(message: fmt::Arguments<'_>) {
    log(Level::Info, message);
}

/// [`log`] at [`Level::Debug`].
pub fn debug(message: fmt::Arguments<'_>) {
    log(Level::Debug, message);
}

/// [`log`] at [`Level::Trace`].
pub fn trace(message: fmt::Arguments<'_>) {
    log(Level::Trace, message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_and_order() {
        assert_eq!(parse_level(" TRACE "), Ok(Some(Level::Trace)));
        assert_eq!(parse_level("warning"), Ok(Some(Level::Warn)));
        assert_eq!(parse_level("off"), Ok(None));
        assert!(parse_level("loud").is_err());
        assert!(Level::Error < Level::Trace);
        assert_eq!(Level::from_verbosity(0), Level::Warn);
        assert_eq!(Level::from_verbosity(2), Level::Debug);
        assert_eq!(Level::from_verbosity(9), Level::Trace);
        for level in Level::ALL {
            assert_eq!(parse_level(level.as_str()), Ok(Some(level)));
            assert_eq!(Level::from_u8(level as u8), Some(level));
        }
    }

    // The level is process-wide: one test changes it, in a known order.
    #[test]
    fn raising_and_setting_the_level() {
        set_max_level(Some(Level::Warn));
        assert!(enabled(Level::Error) && enabled(Level::Warn) && !enabled(Level::Info));
        raise_to(Level::Debug);
        assert_eq!(max_level(), Some(Level::Debug));
        raise_to(Level::Info);
        assert_eq!(max_level(), Some(Level::Debug), "-v never quietens");
        set_max_level(None);
        assert!(!enabled(Level::Error));
        assert_eq!(max_level(), None);
        set_max_level(Some(Level::Warn));
    }
}
