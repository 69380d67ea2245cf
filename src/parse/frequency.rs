//! Planned contact frequencies (SPEC §3.5, §4.1).

use chrono::{Datelike, NaiveDate};

use super::dates::{add_months, working_days_between};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Days(u32),
    WorkingDays(u32),
    Months(u32),
}

/// The longest planned period: ten years. Anything longer is not a plan
/// for contact, and bounds every sum made with it.
pub const MAX_DAYS: u64 = 3653;
/// [`MAX_DAYS`] in calendar months.
pub const MAX_MONTHS: u64 = 120;
/// [`MAX_DAYS`] in working days (261 a year).
pub const MAX_WORKING_DAYS: u64 = 2610;

/// The range a planned frequency must lie in, for messages.
pub const RANGE: &str =
    "a period of at most ten years (3653 days, 120 months or 2610 working days)";

/// Why a frequency could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrequencyError {
    /// Not a frequency the format knows.
    Unrecognised,
    /// A frequency, but of a period longer than ten years (or a number too
    /// large to hold): `every 613566757 weeks`.
    OutOfRange,
}

impl Frequency {
    /// Parses the start of a frequency value: `weekly`, `every 10 working
    /// days`, `2 times a week`, … Trailing words (`weekly (agreed at
    /// conference)`) are allowed. `None` when it is not a frequency or is
    /// out of range ([`Frequency::read`] says which).
    pub fn parse(text: &str) -> Option<Frequency> {
        Frequency::read(text).ok()
    }

    /// As [`Frequency::parse`], saying why a value is refused. The
    /// arithmetic is checked: a period longer than ten years, or a number
    /// too large to hold, is [`FrequencyError::OutOfRange`], never wrapped.
    pub fn read(text: &str) -> Result<Frequency, FrequencyError> {
        use FrequencyError::{OutOfRange, Unrecognised};
        let lower = text.trim().to_lowercase().replace(['-', '–'], " ");
        let words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ';' || c == '.')
            .filter(|w| !w.is_empty())
            .collect();
        let word = |i: usize| words.get(i).copied().unwrap_or("");
        let days = |n: u64, each: u64| match n.checked_mul(each) {
            Some(d) if d <= MAX_DAYS => Ok(Frequency::Days(d as u32)),
            _ => Err(OutOfRange),
        };
        let months = |n: u64| match n {
            n if n <= MAX_MONTHS => Ok(Frequency::Months(n as u32)),
            _ => Err(OutOfRange),
        };
        match word(0) {
            "daily" => return Ok(Frequency::Days(1)),
            "weekly" => return Ok(Frequency::Days(7)),
            "fortnightly" => return Ok(Frequency::Days(14)),
            "monthly" => return Ok(Frequency::Months(1)),
            _ => {}
        }
        // `6-weekly`, `2-weekly`, `3-monthly`
        if let Some(n) = number(word(0)) {
            match word(1) {
                "weekly" => return n.and_then(|n| days(n, 7)),
                "monthly" => return n.and_then(months),
                "daily" => return n.and_then(|n| days(n, 1)),
                _ => {}
            }
        }
        if word(0) == "every" {
            let (n, unit) = match number(word(1)) {
                Some(n) => (n, 2),
                None => (Ok(1), 1),
            };
            let unit = (word(unit), word(unit + 1));
            let known = matches!(
                unit,
                (
                    "day"
                        | "days"
                        | "week"
                        | "weeks"
                        | "fortnight"
                        | "fortnights"
                        | "month"
                        | "months",
                    _
                ) | ("working", "day" | "days")
            );
            if !known {
                return Err(Unrecognised);
            }
            let n = n?;
            return match unit {
                ("day" | "days", _) => days(n, 1),
                ("week" | "weeks", _) => days(n, 7),
                ("fortnight" | "fortnights", _) => days(n, 14),
                ("month" | "months", _) => months(n),
                _ if n <= MAX_WORKING_DAYS => Ok(Frequency::WorkingDays(n as u32)),
                _ => Err(OutOfRange),
            };
        }
        // `N times a week`, `twice a week`, `once a fortnight`
        let (n, rest) = match word(0) {
            "once" => (1, 1),
            "twice" => (2, 1),
            w => match (number(w), word(1)) {
                (Some(n), "times" | "time") => (n.unwrap_or(u64::MAX), 2),
                _ => return Err(Unrecognised),
            },
        };
        if n == 0 || !matches!(word(rest), "a" | "per" | "each" | "every") {
            return Err(Unrecognised);
        }
        // More visits than days only rounds the period down to one day.
        let days = match word(rest + 1) {
            "week" => 7,
            "fortnight" => 14,
            "day" => 1,
            "month" => {
                return if n == 1 {
                    Ok(Frequency::Months(1))
                } else {
                    Ok(Frequency::Days(30_u64.div_ceil(n) as u32))
                }
            }
            _ => return Err(Unrecognised),
        };
        Ok(Frequency::Days(u64::div_ceil(days, n) as u32))
    }

    /// Whether the gap from `earlier` to `later` is longer than the period.
    pub fn exceeded(self, earlier: NaiveDate, later: NaiveDate) -> bool {
        match self {
            Frequency::Days(n) => (later - earlier).num_days() > i64::from(n),
            Frequency::WorkingDays(n) => working_days_between(earlier, later) > i64::from(n),
            Frequency::Months(n) => later > add_months(earlier, n),
        }
    }

    /// The last day of the period that starts on `from`: a contact later
    /// than this is late ([`Frequency::exceeded`] says the same).
    pub fn due(self, from: NaiveDate) -> NaiveDate {
        match self {
            Frequency::Days(n) => from
                .checked_add_signed(chrono::Duration::days(i64::from(n)))
                .unwrap_or(NaiveDate::MAX),
            // At most MAX_WORKING_DAYS steps of a few days each.
            Frequency::WorkingDays(n) => {
                let mut due = from;
                let mut counted = 0;
                while counted < n {
                    due = due.succ_opt().unwrap_or(NaiveDate::MAX);
                    if due == NaiveDate::MAX {
                        break;
                    }
                    counted += u32::from(due.weekday().num_days_from_monday() < 5);
                }
                due
            }
            Frequency::Months(n) => add_months(from, n),
        }
    }

    /// The period in words, for messages.
    pub fn describe(self) -> String {
        match self {
            Frequency::Days(1) => "1 day".into(),
            Frequency::Days(n) => format!("{n} days"),
            Frequency::WorkingDays(n) => format!("{n} working days"),
            Frequency::Months(1) => "1 month".into(),
            Frequency::Months(n) => format!("{n} months"),
        }
    }
}

/// A count in digits or words: `None` when `word` is not a number,
/// `Some(Err(OutOfRange))` when it is digits too many to hold.
fn number(word: &str) -> Option<Result<u64, FrequencyError>> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return Some(word.parse().map_err(|_| FrequencyError::OutOfRange));
    }
    WORDS.iter().position(|w| *w == word).map(|i| Ok(i as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_is_the_last_day_not_exceeded() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Friday 6 November 2026.
        let from = d(2026, 11, 6);
        let cases = [
            (Frequency::Days(7), d(2026, 11, 13)),
            (Frequency::WorkingDays(3), d(2026, 11, 11)),
            (Frequency::Months(1), d(2026, 12, 6)),
        ];
        for (frequency, due) in cases {
            assert_eq!(frequency.due(from), due, "{frequency:?}");
            assert!(!frequency.exceeded(from, due));
            assert!(frequency.exceeded(from, due.succ_opt().unwrap()));
        }
        assert_eq!(Frequency::Months(1).due(d(2026, 1, 31)), d(2026, 2, 28));
        // No overflow at the end of the calendar.
        for frequency in [Frequency::Days(7), Frequency::WorkingDays(3), Frequency::Months(1)] {
            assert_eq!(frequency.due(NaiveDate::MAX), NaiveDate::MAX);
        }
    }

    #[test]
    fn parses_every_form_of_the_spec() {
        use Frequency::*;
        let cases = [
            ("daily", Days(1)),
            ("weekly", Days(7)),
            ("fortnightly", Days(14)),
            ("monthly", Months(1)),
            ("6-weekly", Days(42)),
            ("every 10 days", Days(10)),
            ("every 2 weeks", Days(14)),
            ("every two weeks", Days(14)),
            ("every 10 working days", WorkingDays(10)),
            ("2 times a week", Days(4)),
            ("3 times a week", Days(3)),
            ("twice a week", Days(4)),
            ("weekly (agreed at conference)", Days(7)),
        ];
        for (text, expected) in cases {
            assert_eq!(Frequency::parse(text), Some(expected), "{text}");
        }
        assert_eq!(Frequency::parse("10"), None);
        assert_eq!(Frequency::parse("when needed"), None);
    }

    #[test]
    fn numbers_too_large_are_out_of_range_never_wrapped() {
        use FrequencyError::*;
        // 7 * 613566757 wraps a u32 to 3.
        assert_eq!(Frequency::read("every 613566757 weeks"), Err(OutOfRange));
        assert_eq!(Frequency::read("every 99999999999999999999999 days"), Err(OutOfRange));
        assert_eq!(Frequency::read("613566757-weekly"), Err(OutOfRange));
        assert_eq!(Frequency::read("every 121 months"), Err(OutOfRange));
        assert_eq!(Frequency::read("every 2611 working days"), Err(OutOfRange));
        assert_eq!(Frequency::read("every 522 weeks"), Err(OutOfRange));
        assert_eq!(Frequency::read("every 521 weeks"), Ok(Frequency::Days(3647)));
        assert_eq!(Frequency::read("every 120 months"), Ok(Frequency::Months(120)));
        assert_eq!(Frequency::read("every 2610 working days"), Ok(Frequency::WorkingDays(2610)));
        // Many visits a week is still at least one a day.
        assert_eq!(Frequency::read("99999999999999999999 times a week"), Ok(Frequency::Days(1)));
        assert_eq!(Frequency::read("every 5 parsecs"), Err(Unrecognised));
        assert_eq!(Frequency::read("every 99999999999999999999 parsecs"), Err(Unrecognised));
        assert_eq!(Frequency::parse("every 613566757 weeks"), None);
    }

    #[test]
    fn a_calendar_month_is_exactly_one_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(!Frequency::Months(1).exceeded(d(9, 15), d(10, 15)));
        assert!(Frequency::Months(1).exceeded(d(10, 15), d(11, 17)));
        assert!(!Frequency::Days(4).exceeded(d(9, 5), d(9, 9)));
        assert!(Frequency::Days(4).exceeded(d(9, 9), d(9, 14)));
    }
}
