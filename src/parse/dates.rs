//! Dates in the forms of SPEC §3.2 (`2026-11-03`, `03/11/2026`,
//! `3 November 2026`, `3 Nov 2026`), and working days.

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use regex::Regex;

/// A date written in the text. `date` is `None` when it does not exist
/// (`31/02/2026`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: std::ops::Range<usize>,
    pub date: Option<NaiveDate>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    if name == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == name || (name.len() == 3 && m.starts_with(&name)))
        .map(|i| i as u32 + 1)
}

// ASCII digits and word boundaries (`-u`): the same dates, and the regex
// can run on its fast automaton (Unicode `\b` cannot).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        \b(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})\b
      | \b(?P<ud>[0-9]{1,2})/(?P<um>[0-9]{1,2})/(?P<uy>[0-9]{4})\b
      | \b(?P<wd>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<wm>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?(?:,?\s+(?P<wy>[0-9]{4})\b)?",
    )
    .expect("date pattern")
});

/// Every date mentioned in `text`, with spans offset by `base`. A day and
/// month without a year is checked against a leap year (so `30 February`
/// is flagged, `29 February` is not).
pub fn find_dates(text: &str, base: usize) -> Vec<DateMention> {
    // Find on the fast automaton; read the parts of each match only.
    DATE.find_iter(text).map(|found| read_date(text, found.start(), base)).collect()
}

/// The date that the pattern matches at `start` of `text`.
fn read_date(text: &str, start: usize, base: usize) -> DateMention {
    let found = DATE.find_at(text, start).expect("matched");
    DateMention {
        span: base + found.start()..base + found.end(),
        date: read_matched(found.as_str()),
    }
}

/// The date in a match of the pattern, read by hand: the pattern has
/// already checked the shape (capture groups cost far more).
fn read_matched(matched: &str) -> Option<NaiveDate> {
    let number = |s: &str| s.parse::<i32>().ok();
    let bytes = matched.as_bytes();
    if bytes.len() > 4 && bytes[4] == b'-' {
        let mut parts = matched.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        return ymd(number(y)?, number(m), number(d));
    }
    if matched.contains('/') {
        let mut parts = matched.splitn(3, '/');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        return ymd(number(y)?, number(m), number(d));
    }
    // `3rd November 2026`, `3 Nov.`, `3 November, 2026`.
    let digits = matched.bytes().take_while(u8::is_ascii_digit).count();
    let day = number(&matched[..digits]);
    let rest = matched[digits..].trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim_start();
    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let month = month_number(&rest[..letters]).map(|m| m as i32);
    let year = rest[letters..].trim_start_matches(['.', ',']).trim();
    ymd(if year.is_empty() { 2024 } else { number(year)? }, month, day)
}

fn ymd(year: i32, month: Option<i32>, day: Option<i32>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, u32::try_from(month?).ok()?, u32::try_from(day?).ok()?)
}

/// A full date (with a year) at the very start of `text`, and its length in
/// bytes including an optional following time (`14:30`).
pub fn leading_date(text: &str) -> Option<(DateMention, usize)> {
    // Entry headings start with a date: look no further than the first.
    if DATE.find(text)?.start() != 0 {
        return None;
    }
    let mention = read_date(text, 0, 0);
    let matched = &text[..mention.span.end];
    // `3 November` without a year does not start an entry.
    let has_year = matched.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    if !has_year {
        return None;
    }
    static TIME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\b").expect("time pattern"));
    let end = mention.span.end + TIME.find(&text[mention.span.end..]).map_or(0, |m| m.end());
    Some((mention, end))
}

/// Working days (Monday to Friday) after `from` up to and including `to`,
/// bank holidays counted as working days: for a count that skips them,
/// [`working_days_excluding`].
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to <= from {
        return 0;
    }
    // Days after `from` up to and including `to`: whole weeks hold five
    // working days each; the remaining days (fewer than seven) are counted
    // from `from`'s weekday. Constant time at any distance.
    let days = (to - from).num_days();
    let (weeks, rest) = (days / 7, days % 7);
    let start = from.weekday().num_days_from_monday() as i64; // Monday 0 … Sunday 6
    let rest_working = (1..=rest).filter(|d| (start + d) % 7 < 5).count() as i64;
    weeks * 5 + rest_working
}

/// Working days after `from` up to and including `to`: Monday to Friday,
/// less the `holidays` that fall on those days. Logarithmic in the number
/// of holidays, constant in the distance.
pub fn working_days_excluding(from: NaiveDate, to: NaiveDate, holidays: &Holidays) -> i64 {
    working_days_between(from, to) - holidays.weekdays_in(from, to)
}

/// Whose bank holidays are not working days (`bank-holidays` under
/// `[settings]`): one of the UK's three sets, or none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BankHolidays {
    #[default]
    EnglandAndWales,
    Scotland,
    NorthernIreland,
    None,
}

impl BankHolidays {
    /// Every choice, as `casenote.toml` spells it.
    pub const NAMES: [&'static str; 4] =
        ["england-and-wales", "scotland", "northern-ireland", "none"];

    pub fn parse(name: &str) -> Option<BankHolidays> {
        let all = [
            BankHolidays::EnglandAndWales,
            BankHolidays::Scotland,
            BankHolidays::NorthernIreland,
            BankHolidays::None,
        ];
        all.into_iter().find(|nation| nation.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            BankHolidays::EnglandAndWales => Self::NAMES[0],
            BankHolidays::Scotland => Self::NAMES[1],
            BankHolidays::NorthernIreland => Self::NAMES[2],
            BankHolidays::None => Self::NAMES[3],
        }
    }

    /// The nation's bank holidays from `grammar/bank-holidays.toml`, in order.
    pub fn dates(self) -> &'static [NaiveDate] {
        static TABLE: LazyLock<[Vec<NaiveDate>; 3]> = LazyLock::new(|| {
            let table: toml::Table =
                toml::from_str(BANK_HOLIDAYS).expect("grammar/bank-holidays.toml is valid");
            let nation = |name: &str| -> Vec<NaiveDate> {
                let years = table.get(name).and_then(toml::Value::as_table);
                let mut dates: Vec<NaiveDate> = years
                    .into_iter()
                    .flat_map(|years| years.values())
                    .filter_map(toml::Value::as_array)
                    .flatten()
                    .map(|day| {
                        let text = day.as_datetime().map(ToString::to_string).unwrap_or_default();
                        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                            .expect("grammar/bank-holidays.toml holds dates")
                    })
                    .collect();
                dates.sort_unstable();
                dates
            };
            [
                nation(BankHolidays::NAMES[0]),
                nation(BankHolidays::NAMES[1]),
                nation(BankHolidays::NAMES[2]),
            ]
        });
        match self {
            BankHolidays::EnglandAndWales => &TABLE[0],
            BankHolidays::Scotland => &TABLE[1],
            BankHolidays::NorthernIreland => &TABLE[2],
            BankHolidays::None => &[],
        }
    }
}

/// The bank holiday table, compiled in.
const BANK_HOLIDAYS: &str = include_str!("../../grammar/bank-holidays.toml");

/// The days besides Saturdays and Sundays that are not working days: a
/// nation's bank holidays and the configuration's `extra-holidays`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holidays {
    nation: BankHolidays,
    extra: Vec<NaiveDate>,
    /// Both together, Monday to Friday only, sorted, each once: what a
    /// count of working days subtracts.
    weekdays: Vec<NaiveDate>,
}

impl Default for Holidays {
    fn default() -> Self {
        Holidays::new(BankHolidays::default(), Vec::new())
    }
}

impl Holidays {
    pub fn new(nation: BankHolidays, extra: Vec<NaiveDate>) -> Holidays {
        let mut weekdays: Vec<NaiveDate> = nation
            .dates()
            .iter()
            .chain(&extra)
            .copied()
            .filter(|day| day.weekday().num_days_from_monday() < 5)
            .collect();
        weekdays.sort_unstable();
        weekdays.dedup();
        Holidays { nation, extra, weekdays }
    }

    /// No holidays: working days are Monday to Friday.
    pub fn none() -> Holidays {
        Holidays::new(BankHolidays::None, Vec::new())
    }

    pub fn nation(&self) -> BankHolidays {
        self.nation
    }

    pub fn extra(&self) -> &[NaiveDate] {
        &self.extra
    }

    /// Whether `day` is one of them (on a weekday).
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.weekdays.binary_search(&day).is_ok()
    }

    /// How many fall on a weekday after `from` up to and including `to`.
    fn weekdays_in(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        let after = self.weekdays.partition_point(|day| *day <= from);
        let through = self.weekdays.partition_point(|day| *day <= to);
        (through - after) as i64
    }
}

/// `date` plus `months` calendar months (clamped to the month's end).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates as the pattern's capture groups read them.
    fn by_captures(text: &str) -> Vec<DateMention> {
        DATE.captures_iter(text)
            .map(|c| {
                let whole = c.get(0).unwrap();
                let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
                let date = if let Some(y) = num("iy") {
                    ymd(y, num("im"), num("id"))
                } else if let Some(y) = num("uy") {
                    ymd(y, num("um"), num("ud"))
                } else {
                    let month =
                        c.name("wm").and_then(|m| month_number(m.as_str())).map(|m| m as i32);
                    ymd(num("wy").unwrap_or(2024), month, num("wd"))
                };
                DateMention { span: whole.start()..whole.end(), date }
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn reading_by_hand_agrees_with_the_capture_groups(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "2026", "1", "12", "31", "02", "-", "/", " ", ", ", ".", "st", "th", "rd", "nd",
                "March", "mar", "Sept", "sep", "May", "december", "x", "é", "\n", "0",
            ]), 0..14),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(find_dates(&text, 0), by_captures(&text), "{:?}", text);
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn finds_every_form_and_flags_impossible_dates() {
        let text = "On 2026-11-03, 03/11/2026, 3 November 2026, 3 Nov 2026 and 31/09/2026.";
        let found = find_dates(text, 0);
        let dates: Vec<_> = found.iter().map(|m| m.date).collect();
        assert_eq!(
            dates,
            vec![Some(d(2026, 11, 3)); 4].into_iter().chain([None]).collect::<Vec<_>>()
        );
        assert_eq!(&text[found[4].span.clone()], "31/09/2026");
    }

    #[test]
    fn a_day_and_month_without_year() {
        assert_eq!(find_dates("on 30 February", 0)[0].date, None);
        assert!(find_dates("on 29 February", 0)[0].date.is_some());
        assert!(find_dates("Since May, Jayden", 0).is_empty());
    }

    #[test]
    fn leading_date_with_time() {
        let (m, end) = leading_date("12 Oct 2026 14:30 — Home visit").unwrap();
        assert_eq!(m.date, Some(d(2026, 10, 12)));
        assert_eq!(end, 17);
        assert!(leading_date("Home visit 2026-10-12").is_none());
        assert!(leading_date("3 November — plan").is_none());
        assert_eq!(leading_date("2026-10-05 10:00 — Strategy").unwrap().1, 16);
    }

    /// Working days between two dates for each choice of bank holidays:
    /// England and Wales, Scotland, Northern Ireland, none.
    fn by_nation(from: NaiveDate, to: NaiveDate) -> [i64; 4] {
        [
            BankHolidays::EnglandAndWales,
            BankHolidays::Scotland,
            BankHolidays::NorthernIreland,
            BankHolidays::None,
        ]
        .map(|nation| working_days_excluding(from, to, &Holidays::new(nation, Vec::new())))
    }

    #[test]
    fn christmas_is_not_a_working_day_in_any_nation() {
        // 2026: Christmas on a Friday, Boxing Day (Saturday) on Monday 28.
        // Thursday 24 to Tuesday 29: Friday, Monday and Tuesday, less two.
        assert_eq!(by_nation(d(2026, 12, 24), d(2026, 12, 29)), [1, 1, 1, 3]);
        // 2027: Christmas on a Saturday: Monday 27 and Tuesday 28 instead.
        assert_eq!(by_nation(d(2027, 12, 24), d(2027, 12, 29)), [1, 1, 1, 3]);
        // 2022: Christmas on a Sunday: Boxing Day Monday 26, Christmas Tuesday 27.
        assert_eq!(by_nation(d(2022, 12, 23), d(2022, 12, 28)), [1, 1, 1, 3]);
        // New Year 2026: 1 January everywhere, 2 January in Scotland only.
        assert_eq!(by_nation(d(2025, 12, 31), d(2026, 1, 5)), [2, 1, 2, 3]);
        // New Year 2022 on a Saturday: Monday 3 (and Tuesday 4 in Scotland).
        assert_eq!(by_nation(d(2021, 12, 31), d(2022, 1, 5)), [2, 1, 2, 3]);
    }

    #[test]
    fn easter_follows_each_nation() {
        // Easter 2026: Good Friday 3 April everywhere, Easter Monday 6 April
        // except in Scotland. Thursday 2 to Tuesday 7: three weekdays.
        assert_eq!(by_nation(d(2026, 4, 2), d(2026, 4, 7)), [1, 2, 1, 3]);
        // Easter 2024 straddles March and April (29 March, 1 April).
        assert_eq!(by_nation(d(2024, 3, 28), d(2024, 4, 2)), [1, 2, 1, 3]);
        // Easter 2030: 19 and 22 April.
        assert_eq!(by_nation(d(2030, 4, 18), d(2030, 4, 23)), [1, 2, 1, 3]);
    }

    #[test]
    fn each_nations_own_days() {
        // St Patrick's Day 2026 (Tuesday) in Northern Ireland.
        assert_eq!(by_nation(d(2026, 3, 16), d(2026, 3, 18)), [2, 2, 1, 2]);
        // The Battle of the Boyne 2026 on a Sunday: Monday 13 July.
        assert_eq!(by_nation(d(2026, 7, 10), d(2026, 7, 14)), [2, 2, 1, 2]);
        // St Andrew's Day 2025 on a Sunday: Monday 1 December in Scotland.
        assert_eq!(by_nation(d(2025, 11, 28), d(2025, 12, 2)), [2, 1, 2, 2]);
        // The summer holiday: first Monday of August in Scotland (3 August
        // 2026), last elsewhere (31 August).
        assert_eq!(by_nation(d(2026, 7, 31), d(2026, 8, 4)), [2, 1, 2, 2]);
        assert_eq!(by_nation(d(2026, 8, 28), d(2026, 9, 1)), [1, 2, 1, 2]);
        // 2022: the spring holiday moved to Thursday 2 June, with the
        // Platinum Jubilee on Friday 3 June.
        assert_eq!(by_nation(d(2022, 6, 1), d(2022, 6, 6)), [1, 1, 1, 3]);
    }

    #[test]
    fn the_table_covers_2020_to_2030_on_weekdays() {
        for (nation, per_year) in [
            (BankHolidays::EnglandAndWales, 8),
            (BankHolidays::Scotland, 9),
            (BankHolidays::NorthernIreland, 10),
        ] {
            let dates = nation.dates();
            for year in 2020..=2030 {
                let in_year = dates.iter().filter(|day| day.year() == year).count();
                // 2020, 2022 and 2023 are the years with one-off changes.
                let extra = match year {
                    2022 => 2,
                    2023 => 1,
                    _ => 0,
                };
                assert_eq!(in_year, per_year + extra, "{} {year}", nation.name());
            }
            // A substitute day replaces each one on a weekend.
            assert!(dates.iter().all(|day| day.weekday().num_days_from_monday() < 5));
            assert!(dates.windows(2).all(|pair| pair[0] < pair[1]));
        }
        assert_eq!(BankHolidays::None.dates(), []);
    }

    #[test]
    fn extra_holidays_count_once_and_only_on_weekdays() {
        // Christmas week 2026 with the office closed 29 to 31 December, the
        // 25th listed again and a Saturday given: 24 Dec to 4 Jan holds 8
        // weekdays, less Christmas, Boxing Day (28th), 1 January and the 3 closure days.
        let extra =
            vec![d(2026, 12, 29), d(2026, 12, 30), d(2026, 12, 31), d(2026, 12, 25), d(2027, 1, 2)];
        let holidays = Holidays::new(BankHolidays::EnglandAndWales, extra);
        assert_eq!(working_days_excluding(d(2026, 12, 23), d(2027, 1, 4), &holidays), 2);
        assert!(holidays.contains(d(2026, 12, 30)) && !holidays.contains(d(2027, 1, 2)));
        assert_eq!(Holidays::default().nation(), BankHolidays::EnglandAndWales);
        assert_eq!(BankHolidays::parse("northern-ireland"), Some(BankHolidays::NorthernIreland));
        assert_eq!(BankHolidays::parse("wales"), None);
    }

    /// With holidays the arithmetic agrees with counting one day at a time
    /// over the whole table, and stays constant-time far beyond it.
    #[test]
    fn working_days_with_holidays_agree_with_counting() {
        let holidays = Holidays::new(BankHolidays::Scotland, vec![d(2026, 12, 29)]);
        let counted = |from: NaiveDate, to: NaiveDate| {
            let mut count = 0;
            let mut day = from;
            while day < to {
                day = day.succ_opt().unwrap();
                let weekday = day.weekday().num_days_from_monday() < 5;
                count += i64::from(weekday && !holidays.contains(day));
            }
            count
        };
        let start = d(2019, 12, 20);
        for offset in (0..4100).step_by(37) {
            let from = start + chrono::Duration::days(offset);
            for length in [0, 1, 3, 6, 13, 40, 400] {
                let to = from + chrono::Duration::days(length);
                assert_eq!(
                    working_days_excluding(from, to, &holidays),
                    counted(from, to),
                    "{from} {to}"
                );
            }
        }
        let all = working_days_excluding(NaiveDate::MIN, NaiveDate::MAX, &holidays);
        assert_eq!(
            all,
            working_days_between(NaiveDate::MIN, NaiveDate::MAX) - holidays.weekdays.len() as i64
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday to Tuesday: Monday and Tuesday.
        assert_eq!(working_days_between(d(2026, 10, 2), d(2026, 10, 6)), 2);
        // Saturday to Wednesday: Monday to Wednesday.
        assert_eq!(working_days_between(d(2026, 11, 7), d(2026, 11, 11)), 3);
        assert_eq!(working_days_between(d(2026, 11, 7), d(2026, 11, 7)), 0);
        assert_eq!(working_days_between(d(2026, 11, 11), d(2026, 11, 7)), 0);
    }

    /// The arithmetic agrees with counting one day at a time, from every
    /// weekday over every distance up to several weeks, and is exact at
    /// the ends of the calendar.
    #[test]
    fn working_days_agree_with_counting() {
        use chrono::Weekday;
        fn counted(from: NaiveDate, to: NaiveDate) -> i64 {
            let mut count = 0;
            let mut day = from;
            while day < to {
                day = day.succ_opt().unwrap();
                if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    count += 1;
                }
            }
            count
        }
        for start in 0..7 {
            let from = d(2026, 11, 2) + chrono::Duration::days(start);
            for len in 0..60 {
                let to = from + chrono::Duration::days(len);
                assert_eq!(working_days_between(from, to), counted(from, to), "{from} {to}");
            }
        }
        let (first, last) = (d(1, 1, 1), d(9999, 12, 31));
        assert_eq!(working_days_between(first, last), counted(first, last));
        assert!(working_days_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
    }
}
