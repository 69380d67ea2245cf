//! Deterministic, realistic synthetic case records (SPEC §3) for benchmarks
//! and load tests. Standard library only, so that benches, tests and the
//! `generate` example can all include it with
//! `#[path = "../dev/synthetic.rs"] mod synthetic;`.
//!
//! - [`record`]`(seed, target_bytes)`: one record of about `target_bytes`
//!   bytes (within a few per cent): front matter, family composition, a
//!   genogram block, then dated entries in chronological order. Entries
//!   average about 210 bytes (short texts, case notes and calls, longer
//!   visits and meetings), so 1 MB is about 4,700 entries.
//! - [`caseload`]`(seed, records)`: `(file name, text)` pairs of records
//!   between about 2 KB and 30 KB.
//!
//! The text is mostly clean, like real notes, with a low rate of the
//! problems the rules look for: an unlabelled `seemed`, a vague
//! `appropriate`, an unexplained acronym, a decision without endorsement, a
//! contact without `Present`, a late or missing `Recorded` date. Every date
//! is valid and no later than 2026-11-24.
#![allow(dead_code)]

use std::fmt::Write as _;

/// The last day any generated date may fall on.
const LAST_DAY: (i64, u32, u32) = (2026, 11, 24);

/// One record of about `target_bytes` bytes, the same for the same seed.
pub fn record(seed: u64, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    let end = last - rng.range(0, 20);
    Gen::new(rng, target_bytes, end).build()
}

/// `records` records of between about 2 KB and 30 KB, as (file name, text)
/// pairs; file names are unique and sort in generation order.
pub fn caseload(seed: u64, records: usize) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed ^ 0x5EED_CA5E_10AD);
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    (0..records)
        .map(|i| {
            // Log-uniform sizes between 2 KB and 30 KB: many small records,
            // a few long-running ones.
            let f = rng.unit();
            let bytes = (2_000.0 * (15.0f64).powf(f)) as usize;
            // Most cases are open; some closed months or a year or two ago.
            let end =
                if rng.chance(0.7) { last - rng.range(0, 30) } else { last - rng.range(30, 700) };
            let sub = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(i as u64 + 1));
            let mut g = Gen::new(sub, bytes, end);
            let text = g.build();
            let name = format!(
                "{:04}-{}-{}.md",
                i + 1,
                g.record_id.to_lowercase(),
                slug(&g.children[0].surname)
            );
            (name, text)
        })
        .collect()
}

fn slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == '-' || c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

// --- PRNG -------------------------------------------------------------------

/// xorshift64*, seeded through splitmix64 so that nearby seeds diverge.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in [lo, hi], inclusive.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// One of a list of words.
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }
    /// An index drawn with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = (self.next_u64() % total.max(1) as u64) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// --- Dates ------------------------------------------------------------------

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// The period of a planned frequency (SPEC §3.5), in days.
fn frequency_days(f: &str) -> i64 {
    match f {
        "weekly" => 7,
        "fortnightly" | "every 10 working days" => 14,
        "every 15 working days" => 21,
        "every 4 weeks" | "every 20 working days" | "monthly" => 28,
        "6-weekly" => 42,
        _ => 28,
    }
}

/// 0 = Monday … 6 = Sunday.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn add_working_days(mut day: i64, n: i64) -> i64 {
    let mut left = n;
    while left > 0 {
        day += 1;
        if weekday(day) < 5 {
            left -= 1;
        }
    }
    day
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

#[derive(Clone, Copy, PartialEq)]
enum DateStyle {
    Iso,
    Uk,
    Long,
    Short,
}

fn fmt_date(day: i64, style: DateStyle) -> String {
    let (y, m, d) = civil(day);
    match style {
        DateStyle::Iso => format!("{y:04}-{m:02}-{d:02}"),
        DateStyle::Uk => format!("{d:02}/{m:02}/{y:04}"),
        DateStyle::Long => format!("{d} {} {y}", MONTHS[m as usize - 1]),
        DateStyle::Short => format!("{d} {} {y}", &MONTHS[m as usize - 1][..3]),
    }
}

/// A date in running prose: "17 November 2026".
fn prose_date(day: i64) -> String {
    fmt_date(day, DateStyle::Long)
}

fn year_of(day: i64) -> i64 {
    civil(day).0
}

// --- Vocabulary ---------------------------------------------------------------

const BOYS: &[&str] = &[
    "Jamie", "Oliver", "Mason", "Leo", "Noah", "Kai", "Ethan", "Harley", "Riley", "Tyler",
    "Callum", "Aiden", "Reuben", "Zain", "Yusuf", "Jayden", "Kacper", "Tomasz", "Kwame", "Tobi",
    "Finley", "Alfie", "Archie", "Logan", "Liam", "Dylan", "Ibrahim", "Rory", "Connor", "Charlie",
    "Freddie", "Mohammed", "Ashton", "Bailey", "Ellis", "Jack",
];
const GIRLS: &[&str] = &[
    "Ruby", "Amelia", "Lily-Mae", "Poppy", "Isla", "Maisie", "Ava", "Evie", "Chloe", "Inaya",
    "Aisha", "Zara", "Maya", "Amara", "Grace", "Freya", "Sophie", "Millie", "Kayla", "Jessica",
    "Nadia", "Zofia", "Hanna", "Esme", "Tia", "Layla", "Hollie", "Megan", "Skye", "Darcy", "Imani",
    "Precious", "Niamh", "Erin", "Keira",
];
const WOMEN: &[&str] = &[
    "Sarah",
    "Kerry",
    "Chantelle",
    "Shirin",
    "Gemma",
    "Leanne",
    "Natalie",
    "Danielle",
    "Kirsty",
    "Amy",
    "Stacey",
    "Joanne",
    "Fatima",
    "Agnieszka",
    "Precious",
    "Bola",
    "Tracey",
    "Lisa",
    "Charlotte",
    "Rebecca",
    "Nicola",
    "Samantha",
    "Aaliyah",
    "Sadia",
    "Claire",
    "Emma",
    "Jade",
    "Louise",
    "Marta",
    "Siobhan",
];
const MEN: &[&str] = &[
    "Mark", "Dean", "Jordan", "Aziz", "Craig", "Lee", "Darren", "Wayne", "Gary", "Scott", "Ryan",
    "Daniel", "Imran", "Piotr", "Kofi", "Emeka", "Steven", "Paul", "Jason", "Carl", "Adam",
    "Tariq", "Liam", "Shane", "Kieran", "Michael",
];
const SURNAMES: &[&str] = &[
    "Smith",
    "Nolan",
    "Hughes",
    "Begum",
    "Okafor",
    "Walsh",
    "Kowalska",
    "Adeyemi",
    "Bradley",
    "Fraser",
    "Brennan",
    "Ward",
    "Doyle",
    "Grant",
    "Carter",
    "Ross",
    "Doherty",
    "Thornton",
    "Hussain",
    "Patel",
    "Osei",
    "Whitley",
    "Baines",
    "Reed",
    "Lowe",
    "Armstrong",
    "Booth",
    "Clarke",
    "Dawson",
    "Ellis",
    "Fletcher",
    "Gill",
    "Haigh",
    "Iqbal",
    "Jennings",
    "Khan",
    "Lambert",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Pearson",
    "Quinn",
    "Rahman",
    "Shaw",
    "Turner",
    "Uddin",
    "Vaughan",
    "Wilson",
    "Yates",
    "Ahmed",
    "Barker",
    "Cooper",
    "Mitchell",
    "Kaur",
    "Nwosu",
    "Robinson",
    "Sutcliffe",
    "Brook",
    "Holroyd",
];
const WORKERS: &[&str] = &[
    "Amira Patel",
    "Sian Pritchard",
    "Hannah Cole",
    "Lucy Hart",
    "Tom Ashworth",
    "Priya Nair",
    "Ben Gallagher",
    "Rachel Moss",
    "Femi Adebayo",
    "Kate Lindley",
    "Owen Price",
    "Zoe Marsh",
    "Gurpreet Sandhu",
    "Laura Bell",
    "Chris Naylor",
];
const MANAGERS: &[&str] = &[
    "Joanne Firth",
    "Martin Cross",
    "Helen Ogden",
    "Sunita Rao",
    "David Kerr",
    "Alison Beck",
    "Paul Harrop",
    "Yasmin Ali",
];
const STREETS: &[&str] = &[
    "Calder Street",
    "Oak Road",
    "Beech Grove",
    "Victoria Terrace",
    "Mill Lane",
    "Station Road",
    "Kirkstall Avenue",
    "Brook Close",
    "Moor View",
    "Church Walk",
    "Albion Street",
    "Harehills Lane",
    "Park Crescent",
    "Wharf Road",
];
const SCHOOLS: &[&str] = &[
    "Oakfield Primary School",
    "St Mary's Catholic Primary",
    "Beckside Academy",
    "Moorlands Primary School",
    "Riverside High School",
    "Castle Hill Academy",
    "Woodlands Junior School",
    "Northfield High School",
];
const TOWNS: &[&str] = &[
    "Wakefield",
    "Bradford",
    "Castleford",
    "Huddersfield",
    "Halifax",
    "Dewsbury",
    "Leeds",
    "Barnsley",
];
const TEACHERS: &[&str] =
    &["Mrs Armitage", "Mr Hirst", "Miss Kaur", "Mrs Okoro", "Mr Bentley", "Ms Lynch", "Mrs Shah"];
const NURSES: &[&str] = &["Kath Doyle", "Nadia Ahmed", "Jo Pike", "Claire Dunn", "Helen Ashby"];
const OFFICERS: &[&str] = &["Sam Holt", "Laura Finch", "Raj Mistry", "Dan Whiteley"];

#[derive(Clone, Copy, PartialEq)]
enum Sex {
    Male,
    Female,
}

#[derive(Clone)]
struct Person {
    first: String,
    surname: String,
    title: &'static str,
    sex: Sex,
    born: i64,
    /// "child", "mother", "father", "partner", "grandmother", ...
    role: &'static str,
    pr: bool,
    household: bool,
}

impl Person {
    fn full(&self) -> String {
        format!("{} {}", self.first, self.surname)
    }
    /// "Ms Smith"; a child is named by first name.
    fn short(&self) -> String {
        if self.role == "child" {
            self.first.clone()
        } else {
            format!("{} {}", self.title, self.surname)
        }
    }
    fn he(&self) -> &'static str {
        if self.sex == Sex::Male {
            "he"
        } else {
            "she"
        }
    }
    fn his(&self) -> &'static str {
        if self.sex == Sex::Male {
            "his"
        } else {
            "her"
        }
    }
    fn him(&self) -> &'static str {
        if self.sex == Sex::Male {
            "him"
        } else {
            "her"
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Agency {
    Csc,
    Health,
    Education,
    Police,
    Yos,
    Probation,
    Other,
}

impl Agency {
    fn key(self) -> &'static str {
        match self {
            Agency::Csc => "childrens-social-care",
            Agency::Health => "health",
            Agency::Education => "education",
            Agency::Police => "police",
            Agency::Yos => "yos",
            Agency::Probation => "probation",
            Agency::Other => "other",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    HomeVisit,
    SchoolVisit,
    OfficeVisit,
    NurseryVisit,
    PhoneParent,
    PhoneProfessional,
    VideoCall,
    TextMessage,
    Letter,
    Email,
    CaseNote,
    Strategy,
    CoreGroup,
    ReviewMeeting,
    Oversight,
    Supervision,
}

impl Kind {
    fn is_contact(self) -> bool {
        !matches!(
            self,
            Kind::TextMessage
                | Kind::Letter
                | Kind::Email
                | Kind::CaseNote
                | Kind::Oversight
                | Kind::Supervision
        )
    }
    fn weekday_only(self) -> bool {
        matches!(
            self,
            Kind::SchoolVisit
                | Kind::OfficeVisit
                | Kind::NurseryVisit
                | Kind::Strategy
                | Kind::CoreGroup
                | Kind::ReviewMeeting
                | Kind::Supervision
                | Kind::Oversight
                | Kind::PhoneProfessional
        )
    }
}

const CLOTHES: &[&str] = &[
    "school uniform",
    "pyjamas",
    "jeans and a hooded top",
    "a football kit",
    "a coat and wellington boots",
    "leggings and a jumper",
    "a tracksuit",
];
const TOYS: &[&str] = &[
    "a box of building bricks",
    "toy cars",
    "a doll's house",
    "a jigsaw",
    "a colouring book",
    "toy dinosaurs",
    "a train set",
];
const FOODS: &[&str] = &[
    "a cooked chicken",
    "a pan of pasta",
    "fish fingers",
    "a bag of apples",
    "ready meals",
    "eggs and cheese",
];
const HOBBIES: &[&str] =
    &["football", "drawing", "swimming", "dancing", "the games console", "bike rides", "Lego"];
const CHILD_QUOTES: &[&str] = &[
    "I like it when Nana comes round",
    "I want to stay at my school",
    "I don't like it when they shout",
    "Can I have my own room?",
    "I miss my dad",
    "It's better now",
    "I'm not scared at home",
    "My mum makes the best pancakes",
    "I just want everyone to stop arguing",
    "I like my teacher",
];
const PARENT_QUOTES: &[&str] = &[
    "I'm doing my best",
    "We're managing better now",
    "Nobody listens to me",
    "I just want some peace",
    "I know I need help with the bills",
    "I want this over with",
];

/// The people of one entry, for filling templates.
#[derive(Clone)]
struct Vars {
    c: Person,
    p: Person,
    day: i64,
}

/// The state an entry moves on, saved while trying entries that fit.
#[derive(Clone)]
struct Progress {
    acronyms_used: Vec<&'static str>,
    prev: (i64, i64),
    last_seen: i64,
}

struct Gen {
    rng: Rng,
    target: usize,
    end: i64,
    start: i64,
    agency: Agency,
    stages: Vec<&'static str>,
    document: &'static str,
    record_id: String,
    children: Vec<Person>,
    parents: Vec<Person>,
    others: Vec<Person>,
    worker: &'static str,
    worker_role: &'static str,
    manager: &'static str,
    manager_role: &'static str,
    school: &'static str,
    teacher: &'static str,
    nurse: &'static str,
    officer: &'static str,
    street: &'static str,
    town: &'static str,
    style: DateStyle,
    bold_fields: bool,
    with_author: f64,
    frequency: Option<&'static str>,
    entry_frequency: &'static str,
    glossary: Vec<(&'static str, &'static str)>,
    acronyms_used: Vec<&'static str>,
    unexplained: Option<&'static str>,
    cp_plan: bool,
    genogram: bool,
    genogram_updated: i64,
    /// Day and minute of the previous entry (minute -1 = no time given).
    prev: (i64, i64),
    /// The last day a child was seen, to keep to the planned frequency.
    last_seen: i64,
}

impl Gen {
    fn new(mut rng: Rng, target: usize, end: i64) -> Gen {
        let agency = match rng.weighted(&[55, 15, 10, 6, 5, 4, 5]) {
            0 => Agency::Csc,
            1 => Agency::Health,
            2 => Agency::Education,
            3 => Agency::Police,
            4 => Agency::Yos,
            5 => Agency::Probation,
            _ => Agency::Other,
        };
        // How long the record runs: about 6 days an entry, at most 5 years.
        // (The front matter and family composition take about 1.3 KB.)
        let est_entries = (target.saturating_sub(1_300) / 215).max(1) as i64;
        let span = (est_entries * 4).clamp(21, 1_900);
        let start = end - span;
        let surname = rng.pick(SURNAMES).to_string();
        // The (first) child's age at the end of the record, in days.
        let min_age = match agency {
            Agency::Yos => 12 * 365,
            Agency::Education => 5 * 365 + span,
            _ => span + 60,
        };
        let max_age = (17 * 365).max(min_age + 30);
        let age = if agency == Agency::Health && rng.chance(0.5) && span < 3 * 365 {
            span + rng.range(30, 400)
        } else {
            rng.range(min_age, max_age)
        };
        let born = end - age;
        let mut children = vec![Gen::child(&mut rng, &surname, born)];
        if agency != Agency::Yos && rng.chance(0.2) {
            // A younger sibling, born before the record starts.
            let gap = rng.range(400, 2_500);
            let b2 = (born + gap).min(start - 30);
            if b2 > born + 300 {
                let mut sib = Gen::child(&mut rng, &surname, b2);
                while sib.first == children[0].first {
                    sib = Gen::child(&mut rng, &surname, b2);
                }
                children.push(sib);
            }
        }
        let cborn = year_of(born);
        let mut parents = Vec::new();
        let mut others = Vec::new();
        let mother_surname =
            if rng.chance(0.7) { surname.clone() } else { rng.pick(SURNAMES).to_string() };
        let mother = Person {
            first: rng.pick(WOMEN).to_string(),
            surname: mother_surname,
            title: if rng.chance(0.8) { "Ms" } else { "Mrs" },
            sex: Sex::Female,
            born: days_from_civil(cborn - rng.range(19, 38), 6, 1),
            role: "mother",
            pr: true,
            household: true,
        };
        let father_surname = if mother.surname == surname && rng.chance(0.5) {
            surname.clone()
        } else {
            rng.pick(SURNAMES).to_string()
        };
        let father = Person {
            first: rng.pick(MEN).to_string(),
            surname: if children[0].surname == father_surname || rng.chance(0.5) {
                father_surname
            } else {
                surname.clone()
            },
            title: "Mr",
            sex: Sex::Male,
            born: days_from_civil(cborn - rng.range(20, 42), 6, 1),
            role: "father",
            pr: true,
            household: false,
        };
        match rng.weighted(&[55, 30, 8, 7]) {
            0 => {
                let mut f = father;
                f.household = rng.chance(0.4);
                parents.push(mother);
                parents.push(f);
            }
            1 => {
                parents.push(mother);
                let mut f = father;
                f.pr = false;
                others.push(f);
            }
            2 => {
                let mut f = father;
                f.household = true;
                parents.push(f);
                let mut m = mother;
                m.household = false;
                parents.push(m);
            }
            _ => {
                let mut f = father;
                f.household = true;
                parents.push(f);
            }
        }
        // No adult shares a first name with a child or another adult (the
        // genogram declares each person once, by full name).
        let mut taken: Vec<String> = children.iter().map(|c| c.first.clone()).collect();
        for p in parents.iter_mut().chain(others.iter_mut()) {
            while taken.contains(&p.first) {
                p.first = rng.word(if p.sex == Sex::Male { MEN } else { WOMEN }).to_string();
            }
            taken.push(p.first.clone());
        }
        // A mother's new partner, living in the household, now and then.
        let single_mother =
            parents[0].role == "mother" && (parents.len() == 1 || !parents[1].household);
        if single_mother && rng.chance(0.3) {
            let first = rng.pick(MEN).to_string();
            if !children.iter().chain(parents.iter()).chain(others.iter()).any(|p| p.first == first)
            {
                others.push(Person {
                    first,
                    surname: rng.pick(SURNAMES).to_string(),
                    title: "Mr",
                    sex: Sex::Male,
                    born: days_from_civil(cborn - rng.range(18, 40), 3, 1),
                    role: "partner",
                    pr: false,
                    household: true,
                });
            }
        }
        if rng.chance(0.4) {
            let first = rng.pick(WOMEN).to_string();
            if !children.iter().chain(parents.iter()).chain(others.iter()).any(|p| p.first == first)
            {
                others.push(Person {
                    first,
                    surname: parents[0].surname.clone(),
                    title: "Mrs",
                    sex: Sex::Female,
                    born: days_from_civil(cborn - rng.range(42, 60), 9, 1),
                    role: "grandmother",
                    pr: false,
                    household: false,
                });
            }
        }
        let (stages, worker_role, manager_role, prefix): (Vec<&str>, &str, &str, &str) =
            match agency {
                Agency::Csc => match rng.weighted(&[40, 20, 15, 25]) {
                    0 => (vec!["child-in-need"], "social worker", "Team Manager", "CIN"),
                    1 => (vec!["social-work-assessment"], "social worker", "Team Manager", "SWA"),
                    2 => (
                        vec!["social-work-assessment", "section-47"],
                        "social worker",
                        "Team Manager",
                        "S47",
                    ),
                    _ => (vec!["child-protection-plan"], "social worker", "Team Manager", "CP"),
                },
                Agency::Health => {
                    let young = (end - born) < 5 * 365;
                    let role = if young { "health visitor" } else { "school nurse" };
                    let stage = *rng.pick(&[
                        "child-in-need",
                        "safeguarding-concern",
                        "child-protection-concern",
                    ]);
                    (
                        vec![stage],
                        role,
                        "Named Nurse for Safeguarding",
                        if young { "HV" } else { "SN" },
                    )
                }
                Agency::Education => {
                    let stage = *rng.pick(&[
                        "safeguarding-concern",
                        "child-protection-concern",
                        "section-47",
                    ]);
                    (vec![stage], "Designated Safeguarding Lead", "Headteacher", "DSL")
                }
                Agency::Police => {
                    let stage = *rng.pick(&["section-47", "safeguarding-concern"]);
                    (vec![stage], "police officer", "Detective Sergeant", "PPN")
                }
                Agency::Yos => (
                    vec![*rng.pick(&["safeguarding-concern", "section-47"])],
                    "youth justice worker",
                    "Operational Manager",
                    "YJ",
                ),
                Agency::Probation => (
                    vec![*rng.pick(&["pprc", "mappa"])],
                    "probation officer",
                    "Senior Probation Officer",
                    "PRB",
                ),
                Agency::Other => (
                    vec![*rng.pick(&["child-in-need", "child-protection-concern"])],
                    "family support worker",
                    "Service Manager",
                    "FS",
                ),
            };
        let cp_plan = stages.contains(&"child-protection-plan") || stages.contains(&"section-47");
        let record_id = format!("{prefix}-{}", rng.range(1000, 99_999));
        let frequency = if rng.chance(0.8) {
            Some(*rng.pick(&[
                "fortnightly",
                "every 10 working days",
                "every 15 working days",
                "monthly",
                "monthly",
                "6-weekly",
                "every 4 weeks",
            ]))
        } else {
            None
        };
        let entry_frequency = *rng.pick(&["monthly", "every 4 weeks", "every 20 working days"]);
        let mut glossary = Vec::new();
        if rng.chance(0.3) {
            glossary.push(*rng.pick(&[
                ("HV", "health visitor"),
                ("PEP", "Personal Education Plan"),
                ("TAF", "Team Around the Family"),
                ("SENCO", "Special Educational Needs Coordinator"),
            ]));
        }
        let unexplained = if rng.chance(0.25) {
            Some(*rng.pick(&["TAF", "PEP", "SENCO", "CAMHS", "EHCP", "DSL", "A&E"]))
        } else {
            None
        };
        let style = match rng.weighted(&[60, 20, 15, 5]) {
            0 => DateStyle::Iso,
            1 => DateStyle::Uk,
            2 => DateStyle::Long,
            _ => DateStyle::Short,
        };
        let genogram = rng.chance(0.9);
        let genogram_updated = start - rng.range(1, 40);
        Gen {
            target,
            end,
            start,
            agency,
            stages,
            document: "case-record",
            record_id,
            children,
            parents,
            others,
            worker: rng.word(WORKERS),
            worker_role,
            manager: rng.word(MANAGERS),
            manager_role,
            school: rng.word(SCHOOLS),
            teacher: rng.word(TEACHERS),
            nurse: rng.word(NURSES),
            officer: rng.word(OFFICERS),
            street: rng.word(STREETS),
            town: rng.word(TOWNS),
            style,
            bold_fields: rng.chance(0.1),
            with_author: if rng.chance(0.4) { 0.9 } else { 0.05 },
            frequency,
            entry_frequency,
            glossary,
            acronyms_used: Vec::new(),
            unexplained,
            cp_plan,
            genogram,
            genogram_updated,
            prev: (start - 1, -1),
            last_seen: start,
            rng,
        }
    }

    fn child(rng: &mut Rng, surname: &str, born: i64) -> Person {
        let sex = if rng.chance(0.5) { Sex::Male } else { Sex::Female };
        Person {
            first: rng.pick(if sex == Sex::Male { BOYS } else { GIRLS }).to_string(),
            surname: surname.to_string(),
            title: "",
            sex,
            born,
            role: "child",
            pr: false,
            household: true,
        }
    }

    fn build(&mut self) -> String {
        let mut out = String::with_capacity(self.target + 1024);
        self.front_matter(&mut out);
        self.family(&mut out);
        out.push_str(match self.agency {
            Agency::Health => "# Health record\n",
            Agency::Education => "# Safeguarding log\n",
            Agency::Police => "# Occurrence log\n",
            _ => {
                if self.rng.chance(0.7) {
                    "# Case record\n"
                } else {
                    "# Chronology\n"
                }
            }
        });
        let header = out.len();
        let span = self.end - self.start;
        let mut entries = 0usize;
        loop {
            if out.len() >= self.target {
                break;
            }
            let remaining = self.target - out.len();
            // Spread the entries evenly over the span, by count: the number
            // still to come is estimated from the bytes left and the mean
            // entry size so far.
            let written = (out.len() - header) as f64;
            let mean = if entries == 0 { 215.0 } else { written / entries as f64 };
            let done = entries as f64 / (entries as f64 + remaining as f64 / mean);
            let day = (self.start + (done * span as f64) as i64 + self.rng.range(0, 1))
                .clamp(self.prev.0, self.end);
            // Near the end, look for an entry that fits.
            let mut best: Option<(String, Progress)> = None;
            let saved = self.progress();
            for _ in 0..6 {
                self.restore(saved.clone());
                let e = self.entry(day, remaining < 400);
                let fits = e.len() <= remaining;
                let better = match &best {
                    None => true,
                    Some((b, _)) => e.len().abs_diff(remaining) < b.len().abs_diff(remaining),
                };
                if better {
                    best = Some((e, self.progress()));
                }
                if fits {
                    break;
                }
            }
            let (e, progress) = best.expect("at least one attempt");
            if e.len() > remaining && e.len() - remaining > remaining && out.len() > header {
                break;
            }
            self.restore(progress);
            entries += 1;
            out.push('\n');
            out.push_str(&e);
        }
        out
    }

    fn progress(&self) -> Progress {
        Progress {
            acronyms_used: self.acronyms_used.clone(),
            prev: self.prev,
            last_seen: self.last_seen,
        }
    }

    fn restore(&mut self, p: Progress) {
        self.acronyms_used = p.acronyms_used;
        self.prev = p.prev;
        self.last_seen = p.last_seen;
    }

    fn front_matter(&mut self, out: &mut String) {
        out.push_str("---\n");
        let _ = writeln!(out, "record: {}", self.record_id);
        if self.children.len() == 1 {
            let c = &self.children[0];
            let _ = writeln!(out, "child: {}", c.full());
            if self.rng.chance(0.8) {
                let _ = writeln!(out, "born: {}", fmt_date(c.born, DateStyle::Iso));
            }
        } else {
            let names: Vec<String> = self.children.iter().map(Person::full).collect();
            let _ = writeln!(out, "children: [{}]", names.join(", "));
        }
        let _ = writeln!(out, "agency: {}", self.agency.key());
        if self.rng.chance(0.8) {
            let _ = writeln!(out, "document: {}", self.document);
        }
        let _ = writeln!(out, "stage: [{}]", self.stages.join(", "));
        let names: Vec<String> = self.parents.iter().map(Person::full).collect();
        let _ = writeln!(out, "parents: [{}]", names.join(", "));
        if let Some(f) = self.frequency {
            let _ = writeln!(out, "contact-frequency: {f}");
        }
        let _ = writeln!(out, "worker: {}", self.worker);
        if !self.glossary.is_empty() {
            let items: Vec<String> =
                self.glossary.iter().map(|(a, e)| format!("{a}: {e}")).collect();
            let _ = writeln!(out, "glossary: {{{}}}", items.join(", "));
        }
        out.push_str("---\n\n");
    }

    fn relation(&self, p: &Person) -> String {
        let c = &self.children[0];
        match p.role {
            "child" => "subject child".to_string(),
            "partner" => {
                let m = &self.parents[0];
                format!("{}'s partner", m.first)
            }
            "grandmother" => format!(
                "{} grandmother",
                if self.parents[0].sex == Sex::Female { "maternal" } else { "paternal" }
            ),
            r => {
                if p.pr {
                    format!("{r}, parental responsibility")
                } else {
                    format!("{r} of {}, no parental responsibility", c.first)
                }
            }
        }
    }

    fn family(&mut self, out: &mut String) {
        let heading = *self.rng.pick(&[
            "# Family composition",
            "# Family composition",
            "## Family composition",
            "# Family and household",
        ]);
        let _ = writeln!(out, "{heading}\n");
        let everyone: Vec<Person> = self
            .children
            .iter()
            .chain(self.parents.iter())
            .chain(self.others.iter())
            .cloned()
            .collect();
        let c = self.children[0].first.clone();
        if self.rng.chance(0.6) {
            let _ = writeln!(
                out,
                "| Name | Relationship to {c} | Born | Lives with {c} |\n|---|---|---|---|"
            );
            for p in &everyone {
                let lives = if p.household {
                    "yes".to_string()
                } else {
                    format!("no, lives in {}", self.town)
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    p.full(),
                    self.relation(p),
                    year_of(p.born),
                    lives
                );
            }
        } else {
            for p in &everyone {
                let lives = if p.household {
                    format!("lives with {c}")
                } else {
                    format!("lives in {}", self.town)
                };
                let _ = writeln!(
                    out,
                    "- {}, {}, born {}; {}.",
                    p.full(),
                    self.relation(p),
                    year_of(p.born),
                    lives
                );
            }
        }
        out.push('\n');
        if !self.genogram {
            return;
        }
        out.push_str("```genogram\n");
        let _ = writeln!(out, "updated: {}", fmt_date(self.genogram_updated, DateStyle::Iso));
        for p in &everyone {
            let role = if p.role == "child" { "child" } else { p.role };
            let sex = if p.sex == Sex::Male { "male" } else { "female" };
            let mut attrs = format!("{role}, {sex}, born {}", year_of(p.born));
            if p.pr {
                attrs.push_str(", PR");
            }
            if p.household {
                attrs.push_str(", household");
            }
            let _ = writeln!(out, "person {}: {attrs}", p.full());
        }
        let mother = everyone.iter().find(|p| p.role == "mother").cloned();
        let father = everyone.iter().find(|p| p.role == "father").cloned();
        let kids: Vec<String> = self.children.iter().map(Person::full).collect();
        match (&mother, &father) {
            (Some(m), Some(f)) => {
                let status = if m.household && f.household {
                    format!(
                        "married since {}",
                        year_of(self.children[0].born) - self.rng.range(1, 5)
                    )
                } else {
                    format!("separated {}", year_of(self.start) - self.rng.range(0, 3))
                };
                let _ = writeln!(out, "couple {} & {}: {status}", m.full(), f.full());
                let _ =
                    writeln!(out, "children of {} & {}: {}", m.full(), f.full(), kids.join(", "));
            }
            (Some(p), None) | (None, Some(p)) => {
                let _ = writeln!(out, "children of {}: {}", p.full(), kids.join(", "));
            }
            (None, None) => {}
        }
        if let Some(partner) = self.others.iter().find(|p| p.role == "partner") {
            let _ = writeln!(
                out,
                "couple {} & {}: cohabiting since {}",
                self.parents[0].full(),
                partner.full(),
                year_of(self.start) - 1
            );
        }
        out.push_str("```\n\n");
    }

    // --- Acronyms and template filling ----------------------------------------

    /// An acronym, spelt out at its first use unless it is the one this
    /// record leaves unexplained.
    fn acr(&mut self, a: &'static str, expansion: &str) -> String {
        if self.glossary.iter().any(|(g, _)| *g == a) || self.acronyms_used.contains(&a) {
            return a.to_string();
        }
        self.acronyms_used.push(a);
        if self.unexplained == Some(a) {
            a.to_string()
        } else {
            format!("{expansion} ({a})")
        }
    }

    fn plan(&mut self) -> String {
        if self.cp_plan {
            let a = self.acr("CP", "child protection");
            format!("{a} plan")
        } else {
            let a = self.acr("CIN", "Child in Need");
            format!("{a} plan")
        }
    }

    fn next_date(&mut self, day: i64) -> String {
        let d = day + self.rng.range(3, 14);
        let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
        if d > last {
            "next week".to_string()
        } else {
            prose_date(d)
        }
    }

    fn fill(&mut self, t: &str, v: &Vars) -> String {
        let mut out = String::with_capacity(t.len() + 32);
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let j = rest[i..].find('}').expect("closed placeholder") + i;
            let key = &rest[i + 1..j];
            let value: String = match key {
                "c" => v.c.first.clone(),
                "cfull" => v.c.full(),
                "he" => v.c.he().into(),
                "He" => cap(v.c.he()),
                "his" => v.c.his().into(),
                "His" => cap(v.c.his()),
                "him" => v.c.him().into(),
                "p" => v.p.short(),
                "pfull" => v.p.full(),
                "ph" => v.p.he().into(),
                "Ph" => cap(v.p.he()),
                "pposs" => v.p.his().into(),
                "pobj" => v.p.him().into(),
                "rel" => v.p.role.into(),
                "school" => self.school.into(),
                "teacher" => self.teacher.into(),
                "nurse" => self.nurse.into(),
                "officer" => self.officer.into(),
                "street" => self.street.into(),
                "town" => self.town.into(),
                "worker" => self.worker.into(),
                "manager" => self.manager.into(),
                "day" => WEEKDAYS[weekday(v.day - self.rng.range(1, 4)) as usize].into(),
                "next" => self.next_date(v.day),
                "n" => self.rng.range(2, 6).to_string(),
                "pct" => self.rng.range(78, 99).to_string(),
                "money" => self.rng.range(120, 900).to_string(),
                "grams" => self.rng.range(90, 300).to_string(),
                "friend" => {
                    let names = if self.rng.chance(0.5) { BOYS } else { GIRLS };
                    self.rng.pick(names).to_string()
                }
                "clothes" => self.rng.pick(CLOTHES).to_string(),
                "toy" => self.rng.pick(TOYS).to_string(),
                "food" => self.rng.pick(FOODS).to_string(),
                "hobby" => self.rng.pick(HOBBIES).to_string(),
                "cquote" => self.rng.pick(CHILD_QUOTES).to_string(),
                "pquote" => self.rng.pick(PARENT_QUOTES).to_string(),
                "plan" => self.plan(),
                "camhs" => self.acr("CAMHS", "Child and Adolescent Mental Health Services"),
                "taf" => self.acr("TAF", "Team Around the Family"),
                "pep" => self.acr("PEP", "Personal Education Plan"),
                "senco" => self.acr("SENCO", "Special Educational Needs Coordinator"),
                "ehcp" => self.acr("EHCP", "Education, Health and Care Plan"),
                "dsl" => self.acr("DSL", "Designated Safeguarding Lead"),
                "ae" => self.acr("A&E", "Accident and Emergency"),
                other => panic!("unknown placeholder {other}"),
            };
            out.push_str(&value);
            rest = &rest[j + 1..];
        }
        out.push_str(rest);
        out
    }

    fn say(&mut self, templates: &[&str], v: &Vars) -> String {
        let t = *self.rng.pick(templates);
        self.fill(t, v)
    }

    /// Like `say`, avoiding the templates in `used` (and adding to it), so
    /// that two people in one entry do not say the same thing.
    fn say_new(
        &mut self,
        templates: &[&'static str],
        v: &Vars,
        used: &mut Vec<&'static str>,
    ) -> String {
        let mut i = self.rng.below(templates.len());
        for _ in 0..templates.len() {
            if !used.contains(&templates[i]) {
                break;
            }
            i = (i + 1) % templates.len();
        }
        used.push(templates[i]);
        self.fill(templates[i], v)
    }
}

// --- Sentence banks -------------------------------------------------------------
// Clean, factual sentences; the problem sentences are kept apart so that
// their rate stays low and known.

const OBS_CHILD: &[&str] = &[
    "{c} was wearing {clothes}.",
    "{c} showed me {his} bedroom. There was a bed with a duvet and pillow, and {his} clothes were folded in a chest of drawers.",
    "{c} read {n} pages of {his} reading book aloud to me.",
    "{c} played with {toy} on the living room floor for most of the visit.",
    "{c} had a plaster on {his} left knee; {he} said {he} fell over in the playground on {day}.",
    "{c} ate a bowl of cereal while we talked.",
    "{c} showed me a certificate from school for good attendance.",
    "{c} sat next to {p} on the sofa and showed me a game on {his} tablet.",
    "{c} asked me when I would come back and walked me to the door.",
    "{c} had a bruise about {n} cm across on {his} shin. {He} said {he} walked into the coffee table on {day}.",
    "{c} was doing {his} homework at the kitchen table when I arrived.",
];
const OBS_YOUNG: &[&str] = &[
    "{c} was asleep in {his} cot when I arrived and woke after twenty minutes.",
    "{c} was wearing a vest and sleepsuit. {His} nappy was changed during the visit.",
    "{c} crawled to the toy box and pulled {him}self up to stand.",
    "{c} took a bottle of formula from {p} and fed for ten minutes.",
    "{c} played with {toy} on a mat in the living room.",
];
const OBS_TODDLER: &[&str] = &[
    "{c} was wearing {clothes}.",
    "{c} played with {toy} on the living room floor for most of the visit.",
    "{c} had a plaster on {his} left knee; {p} said {he} fell over in the park on {day}.",
    "{c} ate a yoghurt and a banana while we talked.",
    "{c} brought me {his} toys one at a time and named the colours.",
    "{c} was having a nap when I arrived and woke after fifteen minutes.",
];
const OBS_HOME: &[&str] = &[
    "{p} answered the door after {n} minutes.",
    "The fridge held milk, bread, yoghurts and {food}.",
    "There were {n} bags of rubbish by the back door.",
    "The kitchen worktops were clear and the sink was empty.",
    "{p} told me the boiler was repaired on {day}.",
    "{p} told me {ph} has started a cleaning job three mornings a week.",
    "{p} made a cup of tea and sat with us in the kitchen.",
    "{p} showed me a letter from the housing office about rent arrears of £{money}.",
    "The living room window was boarded up; {p} said it was broken on {day} night.",
    "There were dirty plates on the living room floor and the kitchen bin was overflowing.",
    "There was a stair gate at the top of the stairs and the medicines were in a locked cupboard.",
    "{p} had a bruise on {pposs} left cheek and told me {ph} walked into a cupboard door.",
    "There were {n} empty cans of lager beside the bin.",
];
const PHONE_PARENT: &[&str] = &[
    "I rang {p} to arrange the next visit for {next}.",
    "{p} rang to say {c} has a cold and will not be at school today.",
    "{p} told me {c}'s dental appointment has been moved to {next}.",
    "{p} asked for help with the cost of {c}'s school uniform. I gave {pobj} the number of the local welfare assistance scheme.",
    "{p} told me the family support worker came on {day} and helped with the bedtime routine.",
    "{p} rang to ask whether the review meeting is still going ahead.",
    "I rang {p} twice and left a message asking {pobj} to call me back. {Ph} rang back at 16:40.",
    "{p} told me {c} stayed at {pposs} sister's house on {day} night.",
];
/// Calls with other professionals: who took part, what they said.
const PHONE_PRO: &[(&str, &str)] = &[
    ("{teacher} (class teacher)", "{teacher} told me {c} was absent on {day} and {p} phoned the school at 09:15 to say {he} was ill."),
    ("{teacher} (class teacher)", "{teacher} said {c}'s attendance this half term is {pct}%."),
    ("{teacher} (class teacher)", "{teacher} told me {c} arrived at school without a coat on {n} mornings this week."),
    ("the GP surgery receptionist", "The receptionist confirmed that {c} is up to date with {his} immunisations."),
    ("{nurse} (school nurse)", "{nurse} told me {c} was seen at the clinic on {day} and has put on {grams} grams since the last weigh-in."),
    ("the housing officer", "The housing officer told me the repair to the bathroom ceiling is booked for {next}."),
    ("{officer} (police)", "{officer} told me there have been no calls to the address since the last strategy discussion."),
    ("the dental practice receptionist", "The receptionist confirmed that {c} attended {his} appointment on {day}."),
];
const TEXTS: &[&str] = &[
    "I texted {p} to confirm the visit on {next}.",
    "{p} texted to say {ph} could not make the appointment on {day} because {c} was ill.",
    "Text sent to {p} with the time and place of the next meeting.",
    "{p} texted a photograph of {c}'s school report.",
    "I texted {p} the number of the food bank on {street}.",
    "{p} texted to ask whether I could visit after 15:30 instead.",
    "I texted {p} a reminder about {c}'s dental appointment.",
    "{p} texted to say {c} is back at school today.",
    "No reply to my text to {p} about next week's visit.",
];
const EMAILS: &[&str] = &[
    "Email to {teacher} at {school} asking for {c}'s attendance figures for this term.",
    "{teacher} emailed {c}'s attendance for the half term: {pct}%.",
    "Email from the housing officer confirming that the family's bidding number is active.",
    "Email to the family support service with a copy of the {plan}.",
    "The school nurse emailed to say {c}'s height and weight were measured on {day}.",
];
const LETTERS: &[&str] = &[
    "Letter sent to {pfull} confirming the date of the next review meeting.",
    "Letter received from the GP surgery with the dates of {c}'s last three appointments.",
    "Letter sent to {pfull} with a copy of the minutes of the last meeting.",
    "Letter received from the dental practice: {c} did not attend on {day}.",
];
const CASE_NOTES: &[&str] = &[
    "Chronology updated.",
    "Case file read after leave.",
    "Attendance figures received from {school}: {pct}%.",
    "Referral to the food bank made for {p}.",
    "Minutes of the last meeting sent to {p}.",
    "{c}'s school report arrived. {His} reading age has gone up by six months since the summer.",
    "I checked the police log for the address: there have been no call-outs since my last entry.",
    "I updated the chronology and the family's details on the case management system.",
    "Referral made to the family support service for help with routines at bedtime.",
    "{c} missed {his} dental appointment on {day}. The dentist has offered another on {next}.",
    "The school sent {c}'s attendance for the half term: {pct}%, with {n} late marks.",
    "I read the minutes of the last meeting and added the actions to the {plan}.",
    "The {taf} meeting has been booked for {next} at {school}.",
    "{c}'s {pep} was reviewed at school on {day}; the minutes are on file.",
    "Referral made to {camhs} with {p}'s consent.",
    "{c} was taken to {ae} on {day} with a cut to {his} hand, which was glued; the hospital sent a discharge letter.",
    "The {senco} at {school} sent {c}'s support plan.",
    "Application for an {ehcp} submitted by {school}; {p} signed the consent form.",
];
const CHILD_WISHES: &[&str] = &[
    "{c} said {he} likes {his} teacher, {teacher}, and that {his} best friend is called {friend}.",
    "{c} said \"{cquote}\".",
    "{c} told me {he} wants to go swimming at the weekend and that {his} favourite thing is {hobby}.",
    "{c} said {he} is looking forward to {his} birthday party and wants a bike.",
    "{c} did not want to talk to me today and went back to {his} game; I will try again at school.",
    "{c} said {he} likes having tea with {his} {rel} and wants things to stay as they are.",
    "{c} told me \"{cquote}\" and asked if I could come to {his} school assembly.",
    "{c} said {he} would like to see {his} nan more often.",
];
const YOUNG_WISHES: &[&str] = &[
    "{c} is too young to give {his} views; {he} smiled when {p} spoke to {him}.",
    "{c} is too young to give {his} views; {he} reached for {p} when {p} came into the room.",
    "{c} cannot yet give {his} views; {he} played with a stacking toy and babbled.",
    "{c} is too young to give {his} views; {he} fed and then slept.",
];
const PARENT_WISHES: &[&str] = &[
    "{p} said {ph} agrees with the plan.",
    "{p} said {ph} wants the support to carry on.",
    "{p} said {ph} wants help with {c}'s bedtime routine.",
    "{p} said \"{pquote}\".",
    "{p} said {ph} is worried about the rent arrears.",
    "{p} told me {ph} is pleased that the family support worker has been in touch.",
    "{p} said {ph} would like the case to close by the summer.",
    "{p} said {ph} wants {c} to stay at {school}.",
    "{p} declined to give {pposs} views today and said {ph} would talk at the next visit.",
    "{p} said {ph} does not agree with the plan and wants the visits to be less often.",
];
const OPINIONS: &[&str] = &[
    "{p}'s routines for {c} have improved since my last visit: {c} has been on time for school every day this week, and the fridge was stocked.",
    "{c} is safe at home at present, and the plan is meeting {his} needs.",
    "{p} is struggling to manage {c}'s behaviour at bedtime and needs practical support.",
    "The home conditions have worsened since my last visit.",
    "{p} understands the worries about {c}'s attendance and is taking steps to address them.",
    "{c} has a warm relationship with {his} {rel}.",
];
const HYPOTHESES: &[&str] = &[
    "{c}'s tiredness may be linked to late nights on {his} games console; I will ask {p} to keep a sleep diary for two weeks.",
    "The bruise may have been caused by the fall {c} described; I will ask the school whether {he} mentioned it.",
    "{p}'s missed appointments might reflect low mood rather than a lack of interest in the plan.",
    "The arrears are probably the result of the change in benefits in the spring; I will check with the housing officer.",
];
const NEXT_STEPS: &[&str] = &[
    "I will visit again on {next}.",
    "I will ask the school for {c}'s attendance figures.",
    "I will ring {p} on {next} to check the referral has arrived.",
    "I will book {c}'s health assessment and send {p} the date.",
    "I will write to {p} with the actions from today's visit.",
];
const DECISIONS: &[&str] = &[
    "{c} to remain on the {plan}.",
    "Referral to the family support service for help with routines.",
    "Visits to increase to weekly until the next review.",
    "Step down to early help at the next review if {c}'s attendance stays above 90%.",
    "A strategy discussion to be held if the school reports another injury.",
];

// Problems, at a low rate: sentences the rules flag, in the places they
// turn up in real notes.
const PROBLEM_CHILD: &[&str] = &[
    "{c} seemed happy to see me.",
    "{c} was dressed appropriately for the weather.",
    "{c}'s lateness may be linked to the change in the household.",
    "I am concerned that {c} has missed {n} days of school this month.",
    "{c} said {his} mum makes {his} tea every night.",
    "{c} engaged well and answered all my questions.",
];
const PROBLEM_PARENT: &[&str] = &[
    "{p} seemed tired.",
    "{p} engaged well with the visit.",
    "{p} appeared anxious and kept checking {pposs} phone.",
    "{p} told me {c} was seen by the dentist, as per the plan.",
    "{p} responded appropriately when I raised the school's worries.",
];
const PROBLEM_HOME: &[&str] =
    &["The flat was untidy.", "There were no concerns about the home.", "The home was cluttered."];
const PROBLEM_OTHER: &[&str] = &[
    "No concerns were raised by the school.",
    "Actions updated as per the last meeting.",
    "This may be linked to the change of school.",
];
const FAMILY_CHANGE: &[&str] = &[
    "{p} told me {pposs} new partner moved in on {day}.",
    "{p} told me {pposs} brother has moved in and sleeps on the sofa.",
    "{p} told me {c}'s grandfather died on {day}.",
];

// --- Entries -------------------------------------------------------------------

const KINDS: [Kind; 16] = [
    Kind::HomeVisit,
    Kind::SchoolVisit,
    Kind::OfficeVisit,
    Kind::NurseryVisit,
    Kind::PhoneParent,
    Kind::PhoneProfessional,
    Kind::VideoCall,
    Kind::TextMessage,
    Kind::Letter,
    Kind::Email,
    Kind::CaseNote,
    Kind::Strategy,
    Kind::CoreGroup,
    Kind::ReviewMeeting,
    Kind::Oversight,
    Kind::Supervision,
];

impl Gen {
    fn pick_kind(&mut self, small: bool) -> Kind {
        if small {
            return *self.rng.pick(&[
                Kind::TextMessage,
                Kind::CaseNote,
                Kind::Email,
                Kind::Letter,
                Kind::TextMessage,
            ]);
        }
        //                          HV  SV  OV  NV  PP  PPr VC  TX  LT  EM  CN  ST  CG  RM  MO  SU
        let w: [u32; 16] = match self.agency {
            Agency::Csc => [7, 4, 1, 1, 11, 8, 1, 20, 3, 9, 28, 1, 2, 1, 4, 3],
            Agency::Health => [9, 0, 5, 0, 11, 8, 0, 17, 3, 6, 30, 0, 2, 1, 2, 3],
            Agency::Education => [0, 11, 0, 0, 13, 8, 0, 12, 4, 12, 28, 1, 2, 1, 3, 2],
            Agency::Police => [6, 0, 0, 0, 12, 11, 0, 15, 2, 10, 33, 2, 0, 1, 4, 2],
            Agency::Yos | Agency::Probation => [6, 0, 8, 0, 12, 9, 2, 15, 3, 8, 27, 0, 0, 2, 4, 3],
            Agency::Other => [8, 2, 2, 1, 12, 8, 1, 19, 3, 8, 28, 0, 2, 1, 3, 3],
        };
        KINDS[self.rng.weighted(&w)]
    }

    fn age_days(&self, c: &Person, day: i64) -> i64 {
        day - c.born
    }

    fn field(&self, out: &mut String, key: &str, value: &str) {
        if self.bold_fields {
            let _ = writeln!(out, "**{key}:** {value}");
        } else {
            let _ = writeln!(out, "{key}: {value}");
        }
    }

    /// How a person is named in `Present`.
    fn present_name(&mut self, p: &Person, full: bool) -> String {
        if p.role == "child" {
            if full {
                p.full()
            } else {
                p.first.clone()
            }
        } else if full {
            if self.rng.chance(0.6) {
                format!("{} ({})", p.full(), p.role)
            } else {
                p.full()
            }
        } else {
            p.short()
        }
    }

    fn section(&mut self, out: &mut String, names: &[&str]) {
        let n = *self.rng.pick(names);
        let _ = writeln!(out, "\n### {n}\n");
    }

    fn entry(&mut self, day0: i64, small: bool) -> String {
        let mut kind = self.pick_kind(small);
        let day = day0;
        let c0 = self.children[self.rng.below(self.children.len())].clone();
        let age = self.age_days(&c0, day);
        // Keep to the planned frequency of visits, most of the time.
        let period = frequency_days(self.frequency.unwrap_or(self.entry_frequency));
        let mut forced = false;
        if !small && day - self.last_seen >= period * 3 / 5 {
            if self.rng.chance(0.95) {
                forced = true;
                if !matches!(kind, Kind::HomeVisit | Kind::SchoolVisit | Kind::NurseryVisit) {
                    kind = if self.rng.chance(0.3) && weekday(day) < 5 {
                        Kind::SchoolVisit
                    } else {
                        Kind::HomeVisit
                    };
                }
            } else {
                // A missed visit: try again a little later.
                self.last_seen += 7;
            }
        }
        if weekday(day) >= 5 && kind.weekday_only() && forced {
            kind = Kind::HomeVisit;
        } else if weekday(day) >= 5 && kind.weekday_only() {
            kind = *self.rng.pick(&[
                Kind::HomeVisit,
                Kind::PhoneParent,
                Kind::TextMessage,
                Kind::CaseNote,
                Kind::TextMessage,
            ]);
        }
        match kind {
            Kind::SchoolVisit if age < 4 * 365 => {
                kind = if age > 2 * 365 { Kind::NurseryVisit } else { Kind::HomeVisit }
            }
            Kind::NurseryVisit if age >= 5 * 365 => kind = Kind::SchoolVisit,
            Kind::NurseryVisit if age < 2 * 365 => kind = Kind::HomeVisit,
            Kind::VideoCall if age < 8 * 365 => kind = Kind::PhoneParent,
            _ => {}
        }
        // The time, kept in order within a day.
        let timed = kind.is_contact() || self.rng.chance(0.4);
        let minute = if !timed {
            -1
        } else if day == self.prev.0 && self.prev.1 >= 0 {
            let m = self.prev.1 + self.rng.range(4, 24) * 5;
            if m > 21 * 60 {
                -1
            } else {
                m
            }
        } else if matches!(kind, Kind::SchoolVisit | Kind::NurseryVisit) {
            self.rng.range(18, 29) * 30
        } else {
            self.rng.range(17, 34) * 30
        };
        if day != self.prev.0 {
            self.prev = (day, minute);
        } else if minute >= 0 {
            self.prev.1 = minute;
        }

        // Who took part.
        let mut kids: Vec<Person> = Vec::new();
        let mut adults: Vec<Person> = Vec::new();
        let mut pros: Vec<String> = Vec::new();
        let mut pro_call = 0;
        let household_parents: Vec<Person> =
            self.parents.iter().filter(|p| p.household).cloned().collect();
        let main_parent =
            household_parents.first().cloned().unwrap_or_else(|| self.parents[0].clone());
        match kind {
            Kind::HomeVisit => {
                for c in self.children.clone() {
                    if self.rng.chance(0.9) || (forced && c.first == c0.first) {
                        kids.push(c);
                    }
                }
                for p in &household_parents {
                    if self.rng.chance(0.85) || adults.is_empty() {
                        adults.push(p.clone());
                    }
                }
                if let Some(partner) = self.others.iter().find(|p| p.role == "partner") {
                    if self.rng.chance(0.3) {
                        adults.push(partner.clone());
                    }
                }
            }
            Kind::SchoolVisit | Kind::NurseryVisit => {
                kids.push(c0.clone());
                pros.push(format!(
                    "{} ({})",
                    self.teacher,
                    if kind == Kind::SchoolVisit { "class teacher" } else { "nursery key worker" }
                ));
            }
            Kind::OfficeVisit => {
                adults.push(main_parent.clone());
                if self.rng.chance(0.6) {
                    kids.push(c0.clone());
                }
            }
            Kind::PhoneParent => {
                let p = if self.parents.len() > 1 && self.rng.chance(0.2) {
                    self.parents[1].clone()
                } else {
                    main_parent.clone()
                };
                adults.push(p);
            }
            Kind::VideoCall => kids.push(c0.clone()),
            Kind::PhoneProfessional => {
                pro_call = self.rng.below(PHONE_PRO.len());
                let v = Vars { c: c0.clone(), p: main_parent.clone(), day };
                pros.push(self.fill(PHONE_PRO[pro_call].0, &v));
            }
            Kind::Strategy => {
                pros.push(format!("{} (police)", self.officer));
                pros.push(format!("{} ({})", self.worker, self.worker_role));
                pros.push(format!("{} (school nurse)", self.nurse));
                pros.push(format!("{} ({})", self.manager, self.manager_role));
            }
            Kind::CoreGroup | Kind::ReviewMeeting => {
                if self.rng.chance(0.6) {
                    adults.push(main_parent.clone());
                }
                pros.push(format!("{} (class teacher)", self.teacher));
                pros.push(format!("{} (school nurse)", self.nurse));
                pros.push(format!("{} ({})", self.worker, self.worker_role));
                if kind == Kind::ReviewMeeting && age >= 8 * 365 && self.rng.chance(0.5) {
                    kids.push(c0.clone());
                }
            }
            _ => {}
        }
        if !kids.is_empty() {
            self.last_seen = day;
        }
        let c = kids.first().cloned().unwrap_or(c0.clone());
        let p = adults.iter().find(|a| a.pr).cloned().unwrap_or(main_parent.clone());
        let v = Vars { c: c.clone(), p: p.clone(), day };

        // Heading.
        let mut e = String::with_capacity(320);
        let title = match kind {
            Kind::HomeVisit => (*self.rng.pick(&[
                "Home visit (announced)",
                "Home visit (unannounced)",
                "Home visit",
                "Home visit (planned)",
            ]))
            .to_string(),
            Kind::SchoolVisit if self.agency == Agency::Education => {
                format!("Meeting with {} in school", c.first)
            }
            Kind::SchoolVisit => (*self.rng.pick(&["School visit", "School visit to see {c}"]))
                .replace("{c}", &c.first),
            Kind::NurseryVisit => "Nursery visit".to_string(),
            Kind::OfficeVisit => {
                (*self.rng.pick(&["Office visit", "Office visit (planned)"])).to_string()
            }
            Kind::PhoneParent => {
                let t = *self.rng.pick(&[
                    "Phone call with {p}",
                    "Phone call from {p}",
                    "Phone call",
                    "Telephone call",
                ]);
                t.replace("{p}", &p.short())
            }
            Kind::PhoneProfessional if pro_call < 3 && self.rng.chance(0.5) => {
                "Phone call to school".to_string()
            }
            Kind::PhoneProfessional => {
                (*self.rng.pick(&["Phone call", "Telephone call"])).to_string()
            }
            Kind::VideoCall => format!("Video call with {}", c.first),
            Kind::TextMessage => "Text message".to_string(),
            Kind::Letter => "Letter".to_string(),
            Kind::Email => "Email".to_string(),
            Kind::CaseNote => "Case note".to_string(),
            Kind::Strategy => "Strategy discussion".to_string(),
            Kind::CoreGroup => "Core group meeting".to_string(),
            Kind::ReviewMeeting => {
                (*self.rng.pick(&["Review meeting", "Review meeting at school"])).to_string()
            }
            Kind::Oversight => "Management oversight".to_string(),
            Kind::Supervision => "Supervision".to_string(),
        };
        let date = fmt_date(day, self.style);
        if minute >= 0 {
            let _ = writeln!(e, "## {date} {:02}:{:02} — {title}\n", minute / 60, minute % 60);
        } else {
            let _ = writeln!(e, "## {date} — {title}\n");
        }

        // Fields.
        let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
        let recorded = match self.rng.weighted(&[72, 18, 5, 4, 1]) {
            0 => Some(day),
            1 => Some(add_working_days(day, 1)),
            2 => Some(add_working_days(day, 2)),
            3 => Some(add_working_days(day, self.rng.range(3, 8))),
            _ => None,
        };
        if let Some(r) = recorded {
            let r = fmt_date(r.min(last).max(day), self.style);
            self.field(&mut e, "Recorded", &r);
        }
        let by_manager = matches!(kind, Kind::Oversight | Kind::Supervision);
        if by_manager || self.rng.chance(self.with_author) {
            let a = if by_manager {
                format!("{}, {}", self.manager, self.manager_role)
            } else {
                format!("{}, {}", self.worker, self.worker_role)
            };
            self.field(&mut e, "Author", &a);
        }
        if kind.is_contact() || self.rng.chance(0.15) {
            let contact = match kind {
                Kind::HomeVisit => {
                    let how =
                        if title.contains("unannounced") { "unannounced" } else { "announced" };
                    if self.rng.chance(0.3) {
                        format!("home visit, {how}, family home on {}", self.street)
                    } else {
                        format!("home visit, {how}")
                    }
                }
                Kind::SchoolVisit if self.agency == Agency::Education => {
                    "meeting in school, planned".to_string()
                }
                Kind::SchoolVisit => format!("school visit, {}", self.school),
                Kind::NurseryVisit => "nursery visit, announced".to_string(),
                Kind::OfficeVisit => {
                    (*self.rng.pick(&["office visit", "office visit, planned"])).to_string()
                }
                Kind::PhoneParent | Kind::PhoneProfessional => {
                    (*self.rng.pick(&["phone call", "phone call, planned", "telephone call"]))
                        .to_string()
                }
                Kind::VideoCall => "video call".to_string(),
                Kind::TextMessage => "text message".to_string(),
                Kind::Letter => "letter".to_string(),
                Kind::Email => "email".to_string(),
                Kind::CaseNote => "case note".to_string(),
                Kind::Strategy => "strategy discussion, by video call".to_string(),
                Kind::CoreGroup => format!("core group meeting, {}", self.school),
                Kind::ReviewMeeting => format!("review meeting, {}", self.school),
                Kind::Oversight => "management oversight".to_string(),
                Kind::Supervision => "supervision".to_string(),
            };
            if !kind.is_contact() || self.rng.chance(0.65) {
                self.field(&mut e, "Contact", &contact);
            }
        }
        if kind.is_contact() && self.rng.chance(0.98) {
            let full = self.rng.chance(0.6);
            let mut names: Vec<String> = Vec::new();
            for k in &kids {
                names.push(self.present_name(k, full));
            }
            for a in &adults {
                names.push(self.present_name(a, full));
            }
            names.extend(pros.iter().cloned());
            if names.is_empty() {
                names.push(self.present_name(&p, full));
            }
            self.field(&mut e, "Present", &names.join(", "));
        }
        if matches!(kind, Kind::HomeVisit | Kind::SchoolVisit)
            && !kids.is_empty()
            && self.rng.chance(0.6)
        {
            let alone = if age < 4 * 365 {
                format!("no, {} is {} years old", c.first, (age / 365).max(1))
            } else {
                let v2 = v.clone();
                if kind == Kind::SchoolVisit {
                    self.say(
                        &[
                            "yes, in the school library",
                            "yes, in a meeting room at school",
                            "no, {c} asked for {teacher} to stay",
                        ],
                        &v2,
                    )
                } else {
                    self.say(
                        &[
                            "yes, in {his} bedroom for ten minutes",
                            "no, {c} asked for {p} to stay",
                            "no, {c} declined",
                            "yes, for fifteen minutes",
                        ],
                        &v2,
                    )
                }
            };
            self.field(&mut e, "Seen alone", &alone);
        }
        if kind.is_contact() && self.frequency.is_none() && self.rng.chance(0.97) {
            self.field(&mut e, "Frequency", self.entry_frequency);
        }
        if matches!(kind, Kind::HomeVisit | Kind::SchoolVisit | Kind::OfficeVisit)
            && self.rng.chance(0.15)
        {
            let purpose = self.say(
                &[
                    "statutory visit under the {plan}",
                    "to review progress on the plan",
                    "to see {c} after the school raised a worry about {his} lunch",
                ],
                &v,
            );
            self.field(&mut e, "Purpose", &purpose);
        }

        // Body.
        let problem = self.rng.chance(if kind.is_contact() { 0.1 } else { 0.03 });
        let mut obs: Vec<String> = Vec::new();
        let mut wishes: Vec<String> = Vec::new();
        let mut long = false;
        match kind {
            Kind::HomeVisit
            | Kind::SchoolVisit
            | Kind::NurseryVisit
            | Kind::OfficeVisit
            | Kind::VideoCall => {
                long = matches!(kind, Kind::HomeVisit) && self.rng.chance(0.22);
                let n = if long { self.rng.range(2, 4) } else { 1 };
                for i in 0..n {
                    let bank = if kids.is_empty()
                        || (i % 2 == 1 && !adults.is_empty())
                        || (kind == Kind::OfficeVisit && !adults.is_empty())
                    {
                        if kind == Kind::HomeVisit {
                            OBS_HOME
                        } else {
                            PHONE_PARENT
                        }
                    } else if age < 2 * 365 {
                        OBS_YOUNG
                    } else if age < 5 * 365 {
                        OBS_TODDLER
                    } else {
                        OBS_CHILD
                    };
                    let s = self.say(bank, &v);
                    if !obs.contains(&s) {
                        obs.push(s);
                    }
                }
                if kids.is_empty() && kind == Kind::HomeVisit {
                    let s = self.say(
                        &[
                            "{c} was at school.",
                            "{c} was at a friend's house.",
                            "{c} was asleep upstairs and I did not wake {him}.",
                        ],
                        &Vars { c: c0.clone(), ..v.clone() },
                    );
                    obs.insert(0, s);
                }
            }
            Kind::PhoneParent => obs.push(self.say(PHONE_PARENT, &v)),
            Kind::PhoneProfessional => obs.push(self.fill(PHONE_PRO[pro_call].1, &v)),
            Kind::TextMessage => obs.push(self.say(TEXTS, &v)),
            Kind::Letter => obs.push(self.say(LETTERS, &v)),
            Kind::Email => obs.push(self.say(EMAILS, &v)),
            Kind::CaseNote => obs.push(self.say(CASE_NOTES, &v)),
            Kind::Strategy => {
                obs.push(self.say(&[
                    "{officer} said police were called to the address on {day} after a neighbour heard shouting. No arrests were made.",
                    "{nurse} said {c} told her on {day} that {his} {rel}'s partner hit {him} with a belt.",
                    "{teacher} reported a mark on {c}'s neck, about 4 cm long, seen when {he} changed for a games lesson on {day}.",
                ], &v));
            }
            Kind::CoreGroup | Kind::ReviewMeeting => {
                obs.push(self.say(&[
                    "{teacher} said {c}'s attendance since the last meeting is {pct}%.",
                    "{nurse} said {c} was weighed on {day} and is on the 25th centile.",
                    "{p} said the family support worker has visited {n} times since the last meeting.",
                ], &v));
                if self.rng.chance(0.5) {
                    obs.push(self.say(
                        &[
                            "{nurse} said {c}'s immunisations are up to date.",
                            "{teacher} said {c} has had {n} late marks this half term.",
                        ],
                        &v,
                    ));
                }
            }
            Kind::Oversight => {
                obs.push(self.say(&[
                    "I have read the record since the last oversight. {worker} is to see {c} alone at school before the review.",
                    "Case discussed with {worker}. The plan is up to date and the actions from the last meeting are complete.",
                    "I have read the last three visits. {worker} is to complete the chronology by {next}.",
                ], &v));
            }
            Kind::Supervision => {
                obs.push(self.say(&[
                    "Case discussed in supervision with {worker}. Actions: see {c} at school; ask the GP for a summary of {p}'s appointments.",
                    "Supervision with {worker}. We went through the actions from the last core group; two are still open.",
                ], &v));
            }
        }
        if problem {
            let bank = match kind {
                Kind::HomeVisit if self.rng.chance(0.25) => PROBLEM_HOME,
                _ if !kids.is_empty() && (adults.is_empty() || self.rng.chance(0.5)) => {
                    PROBLEM_CHILD
                }
                _ if !adults.is_empty() => PROBLEM_PARENT,
                _ => PROBLEM_OTHER,
            };
            let s = self.say(bank, &v);
            obs.push(s);
        }
        if self.rng.chance(0.004) && !adults.is_empty() {
            let s = self.say(FAMILY_CHANGE, &v);
            obs.push(s);
        }

        // Wishes and feelings of each child and adult with parental
        // responsibility who took part.
        if kind.is_contact() && !self.rng.chance(0.03) {
            let mut used = Vec::new();
            for k in &kids {
                let kv = Vars { c: k.clone(), p: p.clone(), day };
                let bank =
                    if self.age_days(k, day) < 4 * 365 { YOUNG_WISHES } else { CHILD_WISHES };
                let s = self.say_new(bank, &kv, &mut used);
                wishes.push(s);
            }
            for a in adults.iter().filter(|a| a.pr) {
                let av = Vars { c: c.clone(), p: a.clone(), day };
                let s = self.say_new(PARENT_WISHES, &av, &mut used);
                wishes.push(s);
            }
        }

        let analysis = long && self.rng.chance(0.4);
        let hypothesis = long && self.rng.chance(0.2);
        let next_steps = long && self.rng.chance(0.35);
        let decision =
            (long && self.rng.chance(0.25)) || (kind == Kind::Oversight && self.rng.chance(0.3));
        if long {
            self.section(&mut e, &["Observations", "Observations", "What I saw"]);
            let _ = writeln!(e, "{}", obs.join(" "));
            if !wishes.is_empty() {
                self.section(
                    &mut e,
                    &["Wishes and feelings", "Wishes and feelings", "Voice of the child"],
                );
                let _ = writeln!(e, "{}", wishes.join(" "));
            }
            if analysis {
                self.section(&mut e, &["Analysis", "Analysis", "Professional opinion"]);
                let s = self.say(OPINIONS, &v);
                let _ = writeln!(e, "{s}");
            }
            if hypothesis {
                self.section(&mut e, &["Hypotheses", "Working hypotheses"]);
                let s = self.say(HYPOTHESES, &v);
                let _ = writeln!(e, "{s}");
            }
            if next_steps {
                self.section(&mut e, &["Next steps", "Actions"]);
                let s = self.say(NEXT_STEPS, &v);
                let _ = writeln!(e, "{s}");
            }
        } else {
            let _ = writeln!(e, "\n{}", obs.join(" "));
            if !wishes.is_empty() {
                let label = *self.rng.pick(&[
                    "Wishes and feelings",
                    "Wishes and feelings",
                    "Wishes and feelings",
                    "Child's views",
                ]);
                let label = if kids.is_empty() { "Wishes and feelings" } else { label };
                let _ = writeln!(e, "\n{label}: {}", wishes.join(" "));
            }
            // A labelled opinion or hypothesis now and then.
            if kind.is_contact() && self.rng.chance(0.08) {
                let s = self.say(OPINIONS, &v);
                let label =
                    *self.rng.pick(&["Opinion: ", "Professional opinion: ", "In my view, "]);
                let s = if label == "In my view, " {
                    format!("{label}{}{}", s[..1].to_lowercase(), &s[1..])
                } else {
                    format!("{label}{s}")
                };
                // "In my view, ms Smith" would be wrong: keep names capitalised.
                let s = if s.starts_with("In my view, ")
                    && s.as_bytes()[12].is_ascii_lowercase()
                    && !s[12..].starts_with("the ")
                {
                    format!("In my view, {}", &s[12..13].to_uppercase()) + &s[13..]
                } else {
                    s
                };
                let _ = writeln!(e, "\n{s}");
            } else if kind.is_contact() && self.rng.chance(0.04) {
                let s = self.say(HYPOTHESES, &v);
                let _ = writeln!(e, "\nHypothesis: {s}");
            }
        }
        if matches!(kind, Kind::Strategy | Kind::CoreGroup | Kind::ReviewMeeting) {
            if !wishes.is_empty() && long {
                // already written
            }
            let agencies = match kind {
                Kind::Strategy => "police, health and children's social care",
                _ => "the school, the school nursing service and children's social care",
            };
            let what = match kind {
                Kind::Strategy => self.say(&[
                    "a Section 47 enquiry will start today and {c} will be seen at school tomorrow.",
                    "the threshold for a Section 47 enquiry is not met; {c} will be seen at home this week under the {plan}.",
                ], &v),
                _ => self.say(&[
                    "{c} will stay on the {plan}, and {p} will take {him} to school each morning.",
                    "the next meeting will be in six weeks and the school will send weekly attendance figures.",
                ], &v),
            };
            if self.rng.chance(0.5) {
                let _ = writeln!(e, "\nJoint decision: {agencies} agreed that {what}");
            } else {
                self.section(&mut e, &["Actions agreed", "Decision", "Outcome"]);
                let _ = writeln!(e, "{}", cap(&what));
                let _ = writeln!(e, "\nAgreed with: {agencies}.");
            }
        } else if decision {
            self.section(&mut e, &["Decision", "Decision", "Plan"]);
            let s = self.say(DECISIONS, &v);
            let _ = writeln!(e, "{s}");
            if kind != Kind::Oversight && self.rng.chance(0.75) {
                let when =
                    fmt_date(add_working_days(day, self.rng.range(0, 2)).min(last), DateStyle::Uk);
                let _ =
                    writeln!(e, "\nEndorsed by: {}, {}, {when}", self.manager, self.manager_role);
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text() {
        assert_eq!(record(7, 20_000), record(7, 20_000));
        assert_ne!(record(7, 20_000), record(8, 20_000));
        assert_eq!(caseload(3, 5), caseload(3, 5));
    }

    #[test]
    fn size_is_near_the_target() {
        for (seed, target) in [(1, 4_000), (2, 10_000), (3, 50_000), (4, 300_000), (5, 1_000_000)] {
            let r = record(seed, target);
            let off = r.len().abs_diff(target) as f64 / target as f64;
            assert!(off <= 0.05, "seed {seed}: {} bytes for a target of {target}", r.len());
        }
        for (name, text) in caseload(9, 40) {
            assert!((1_800..=33_000).contains(&text.len()), "{name}: {} bytes", text.len());
        }
    }

    #[test]
    fn dates_are_valid_in_order_and_past() {
        let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
        for seed in 0..20 {
            let r = record(seed, 30_000);
            let mut prev = i64::MIN;
            for line in r.lines().filter(|l| l.starts_with("## ")) {
                let Some(day) = parse_heading_day(&line[3..]) else { continue };
                assert!(day >= prev, "seed {seed}: out of order at {line}");
                assert!(day <= last, "seed {seed}: future date at {line}");
                prev = day;
            }
            assert!(prev > i64::MIN, "seed {seed}: no entries");
        }
        for d in days_from_civil(2015, 1, 1)..=last {
            let (y, m, dd) = civil(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    fn parse_heading_day(h: &str) -> Option<i64> {
        let first = h.split_whitespace().next()?;
        if let [y, m, d] = first.split('-').collect::<Vec<_>>()[..] {
            return Some(days_from_civil(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?));
        }
        if let [d, m, y] = first.split('/').collect::<Vec<_>>()[..] {
            return Some(days_from_civil(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?));
        }
        let mut w = h.split_whitespace();
        let d: u32 = w.next()?.parse().ok()?;
        let mon = w.next()?;
        let m = MONTHS.iter().position(|x| x.starts_with(mon))? as u32 + 1;
        let y: i64 = w.next()?.parse().ok()?;
        Some(days_from_civil(y, m, d))
    }

    #[test]
    fn genogram_declares_each_person_once() {
        for (name, text) in caseload(1, 1_000) {
            let mut seen = Vec::new();
            for line in text.lines().filter(|l| l.starts_with("person ")) {
                let who = line.split(':').next().unwrap();
                assert!(!seen.contains(&who), "{name}: {who} twice");
                seen.push(who);
            }
        }
    }

    #[test]
    fn average_entry_is_about_200_bytes() {
        let r = record(11, 1_000_000);
        let entries =
            r.lines().filter(|l| l.starts_with("## ") && l.as_bytes()[3].is_ascii_digit()).count();
        let avg = r.len() / entries;
        assert!((150..=260).contains(&avg), "{entries} entries, {avg} bytes on average");
    }
}
