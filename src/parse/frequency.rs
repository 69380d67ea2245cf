//! Planned contact frequencies (SPEC §3.5, §4.1).

use chrono::NaiveDate;

use super::dates::{add_months, working_days_between};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Days(u32),
    WorkingDays(u32),
    Months(u32),
}

impl Frequency {
    /// Parses the start of a frequency value: `weekly`, `every 10 working
    /// days`, `2 times a week`, … Trailing words (`weekly (agreed at
    /// conference)`) are allowed.
    pub fn parse(text: &str) -> Option<Frequency> {
        let lower = text.trim().to_lowercase().replace(['-', '–'], " ");
        let words: Vec<&str> = lower
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ';' || c == '.')
            .filter(|w| !w.is_empty())
            .collect();
        let word = |i: usize| words.get(i).copied().unwrap_or("");
        match word(0) {
            "daily" => return Some(Frequency::Days(1)),
            "weekly" => return Some(Frequency::Days(7)),
            "fortnightly" => return Some(Frequency::Days(14)),
            "monthly" => return Some(Frequency::Months(1)),
            _ => {}
        }
        // `6-weekly`, `2-weekly`, `3-monthly`
        if let Some(n) = number(word(0)) {
            match word(1) {
                "weekly" => return Some(Frequency::Days(7 * n)),
                "monthly" => return Some(Frequency::Months(n)),
                "daily" => return Some(Frequency::Days(n)),
                _ => {}
            }
        }
        if word(0) == "every" {
            let (n, unit) = match number(word(1)) {
                Some(n) => (n, 2),
                None => (1, 1),
            };
            return match (word(unit), word(unit + 1)) {
                ("day" | "days", _) => Some(Frequency::Days(n)),
                ("week" | "weeks", _) => Some(Frequency::Days(7 * n)),
                ("fortnight" | "fortnights", _) => Some(Frequency::Days(14 * n)),
                ("month" | "months", _) => Some(Frequency::Months(n)),
                ("working", "day" | "days") => Some(Frequency::WorkingDays(n)),
                _ => None,
            };
        }
        // `N times a week`, `twice a week`, `once a fortnight`
        let (n, rest) = match word(0) {
            "once" => (1, 1),
            "twice" => (2, 1),
            w => match (number(w), word(1)) {
                (Some(n), "times" | "time") => (n, 2),
                _ => return None,
            },
        };
        if n == 0 || !matches!(word(rest), "a" | "per" | "each" | "every") {
            return None;
        }
        let days = match word(rest + 1) {
            "week" => 7,
            "fortnight" => 14,
            "day" => 1,
            "month" => {
                return if n == 1 {
                    Some(Frequency::Months(1))
                } else {
                    Some(Frequency::Days(30_u32.div_ceil(n)))
                }
            }
            _ => return None,
        };
        Some(Frequency::Days((days as u32).div_ceil(n)))
    }

    /// Whether the gap from `earlier` to `later` is longer than the period.
    pub fn exceeded(self, earlier: NaiveDate, later: NaiveDate) -> bool {
        match self {
            Frequency::Days(n) => (later - earlier).num_days() > i64::from(n),
            Frequency::WorkingDays(n) => working_days_between(earlier, later) > i64::from(n),
            Frequency::Months(n) => later > add_months(earlier, n),
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

fn number(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    word.parse().ok().or_else(|| WORDS.iter().position(|w| *w == word).map(|i| i as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_calendar_month_is_exactly_one_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert!(!Frequency::Months(1).exceeded(d(9, 15), d(10, 15)));
        assert!(Frequency::Months(1).exceeded(d(10, 15), d(11, 17)));
        assert!(!Frequency::Days(4).exceeded(d(9, 5), d(9, 9)));
        assert!(Frequency::Days(4).exceeded(d(9, 9), d(9, 14)));
    }
}
