//! What a [`Genogram`] says, made drawable: people by index (their place in
//! `genogram.people`), partnerships, families with their children oldest
//! first, the index children, and what had to be left out and why.
//!
//! Nothing here fails: a name that is not declared, a child listed in two
//! families, a child who would be their own ancestor, a couple declared
//! twice are each left out (or the first/last kept) with a note.

use std::collections::{HashMap, HashSet};

use super::text;
use crate::parse::genogram::{CareKind, Genogram};

/// How a couple's line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    Married,
    Cohabiting,
    Engaged,
    Separated,
    Divorced,
    Widowed,
    /// `children of A & B` without a `couple A & B` line.
    Unrecorded,
}

impl LineKind {
    fn from_status(status: &str) -> LineKind {
        match status {
            "married" => LineKind::Married,
            "cohabiting" => LineKind::Cohabiting,
            "engaged" => LineKind::Engaged,
            "separated" => LineKind::Separated,
            "divorced" => LineKind::Divorced,
            "widowed" => LineKind::Widowed,
            _ => LineKind::Unrecorded,
        }
    }

    /// The abbreviation written on the line (`m. 2014`).
    pub fn abbreviation(self) -> &'static str {
        match self {
            LineKind::Married => "m.",
            LineKind::Cohabiting => "cohab.",
            LineKind::Engaged => "eng.",
            LineKind::Separated => "sep.",
            LineKind::Divorced => "div.",
            LineKind::Widowed => "wid.",
            LineKind::Unrecorded => "",
        }
    }

    /// The status in words, for the description and the legend.
    pub fn words(self) -> &'static str {
        match self {
            LineKind::Married => "married",
            LineKind::Cohabiting => "cohabiting",
            LineKind::Engaged => "engaged",
            LineKind::Separated => "separated",
            LineKind::Divorced => "divorced",
            LineKind::Widowed => "widowed",
            LineKind::Unrecorded => "relationship not recorded",
        }
    }

    /// All kinds, in legend order.
    pub const ALL: [LineKind; 7] = [
        LineKind::Married,
        LineKind::Cohabiting,
        LineKind::Engaged,
        LineKind::Separated,
        LineKind::Divorced,
        LineKind::Widowed,
        LineKind::Unrecorded,
    ];
}

/// Two people joined by a couple line.
#[derive(Debug, Clone)]
pub struct Partnership {
    pub a: usize,
    pub b: usize,
    pub kind: LineKind,
    pub since: Option<i32>,
}

impl Partnership {
    /// `m. 2014`, `sep.`, or nothing for an unrecorded relationship.
    pub fn label(&self) -> Option<String> {
        let abbreviation = self.kind.abbreviation();
        if abbreviation.is_empty() {
            return None;
        }
        Some(match self.since {
            Some(year) => format!("{abbreviation} {year}"),
            None => abbreviation.to_string(),
        })
    }

    pub fn other(&self, person: usize) -> usize {
        if self.a == person {
            self.b
        } else {
            self.a
        }
    }
}

/// One or two parents and their children, oldest first.
#[derive(Debug, Clone)]
pub struct Union {
    pub parents: Vec<usize>,
    pub children: Vec<usize>,
    /// The partnership between the two parents.
    pub partnership: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Family {
    pub partnerships: Vec<Partnership>,
    pub unions: Vec<Union>,
    /// Per person: the union they are a child of.
    pub parent_union: Vec<Option<usize>>,
    /// Per person: one of the record's children.
    pub index: Vec<bool>,
    /// Per person: place in birth order (born years, unknown last, then
    /// declaration order).
    pub birth_rank: Vec<usize>,
    /// Per person: drawn under the adults who adopted or foster them (no
    /// birth parents in the genogram), with that kind of line.
    pub care_link: Vec<Option<CareKind>>,
    /// Children drawn under their birth parents who are also adopted or
    /// fostered by others: (child, carers, kind), listed in the key.
    pub placements: Vec<(usize, Vec<usize>, CareKind)>,
    /// Twins and triplets (people declared), as written.
    pub twins: Vec<Vec<usize>>,
    /// What could not be drawn, in words.
    pub skipped: Vec<String>,
    /// The first partnership of each pair of people (smaller index first).
    pair_index: HashMap<(usize, usize), usize>,
    /// The union of each set of parents (sorted).
    union_index: HashMap<Vec<usize>, usize>,
    /// Per person: a parent in some union (else nobody's ancestor).
    is_parent: Vec<bool>,
}

impl Family {
    /// Reads `genogram`. `source`, when given, is the record text the
    /// genogram's spans point into, so notes can give line numbers.
    pub fn new(genogram: &Genogram, index_children: &[String], source: Option<&str>) -> Family {
        let n = genogram.people.len();
        let mut family = Family {
            partnerships: Vec::new(),
            unions: Vec::new(),
            parent_union: vec![None; n],
            index: vec![false; n],
            birth_rank: vec![0; n],
            care_link: vec![None; n],
            placements: Vec::new(),
            twins: Vec::new(),
            skipped: Vec::new(),
            pair_index: HashMap::new(),
            union_index: HashMap::new(),
            is_parent: vec![false; n],
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&p| (genogram.people[p].born.unwrap_or(i32::MAX), p));
        for (rank, &p) in order.iter().enumerate() {
            family.birth_rank[p] = rank;
        }

        for error in &genogram.errors {
            let line = source.filter(|s| error.span.start <= s.len()).map(|s| {
                s.as_bytes()[..error.span.start].iter().filter(|&&b| b == b'\n').count() + 1
            });
            family.skipped.push(match line {
                Some(line) => format!("line {line}: {}", text::without_code_marks(&error.message)),
                None => text::without_code_marks(&error.message),
            });
        }
        // The parser reports one undeclared name per line; the others are
        // noted here, once each.
        let mut undeclared: Vec<String> = Vec::new();
        // Names (ASCII case ignored) to the first person of that name.
        let mut by_name: HashMap<String, usize> = HashMap::with_capacity(n);
        for (i, p) in genogram.people.iter().enumerate() {
            by_name.entry(p.name.to_ascii_lowercase()).or_insert(i);
        }
        let mut find = |name: &str, skipped: &mut Vec<String>| -> Option<usize> {
            let found = by_name.get(&name.to_ascii_lowercase()).copied();
            if found.is_none() {
                let already = undeclared.iter().any(|u| u.eq_ignore_ascii_case(name))
                    || genogram
                        .errors
                        .iter()
                        .any(|e| e.message.starts_with(&format!("{name} is not declared")));
                if !already {
                    skipped.push(format!("{name} is not declared as a person"));
                }
                undeclared.push(name.to_string());
            }
            found
        };

        for couple in &genogram.couples {
            let a = find(&couple.a, &mut family.skipped);
            let b = find(&couple.b, &mut family.skipped);
            let (Some(a), Some(b)) = (a, b) else { continue };
            let (name_a, name_b) = (&genogram.people[a].name, &genogram.people[b].name);
            if a == b {
                family.skipped.push(format!("the couple {name_a} & {name_b} (one person)"));
                continue;
            }
            let kind = LineKind::from_status(&couple.status);
            if let Some(existing) = family.partnership_between(a, b) {
                family.skipped.push(format!(
                    "the couple {name_a} & {name_b} is declared twice; the last line ({}) is drawn",
                    kind.words()
                ));
                family.partnerships[existing].kind = kind;
                family.partnerships[existing].since = couple.since;
            } else {
                family.push_partnership(Partnership { a, b, kind, since: couple.since });
            }
        }

        for (parent_names, child_names) in &genogram.families {
            let mut parents: Vec<usize> = Vec::new();
            for name in parent_names {
                if let Some(p) = find(name, &mut family.skipped) {
                    if !parents.contains(&p) {
                        parents.push(p);
                    }
                }
            }
            let children: Vec<usize> =
                child_names.iter().filter_map(|name| find(name, &mut family.skipped)).collect();
            if parents.is_empty() {
                continue;
            }
            let union = family.union_of(&parents);
            for child in children {
                family.add_child(genogram, union, child);
            }
        }
        // Adoptive and foster links after every birth link: a child with
        // birth parents stays under them and the placement is listed.
        for care in &genogram.care_families {
            let mut carers: Vec<usize> = Vec::new();
            for name in &care.carers {
                if let Some(p) = find(name, &mut family.skipped) {
                    if !carers.contains(&p) {
                        carers.push(p);
                    }
                }
            }
            let children: Vec<usize> =
                care.children.iter().filter_map(|name| find(name, &mut family.skipped)).collect();
            if carers.is_empty() {
                continue;
            }
            for child in children {
                if family.parent_union[child].is_some() {
                    family.placements.push((child, carers.clone(), care.kind));
                    continue;
                }
                let union = family.union_of(&carers);
                family.add_child(genogram, union, child);
                if family.parent_union[child] == Some(union) {
                    family.care_link[child] = Some(care.kind);
                }
            }
        }
        for union in &mut family.unions {
            let ranks = &family.birth_rank;
            union.children.sort_by_key(|&c| ranks[c]);
        }

        for twins in &genogram.twins {
            let group: Vec<usize> =
                twins.names.iter().filter_map(|name| find(name, &mut family.skipped)).collect();
            if group.len() >= 2 {
                family.twins.push(group);
            }
        }

        for name in index_children {
            match genogram.people.iter().position(|p| p.name.eq_ignore_ascii_case(name)) {
                Some(p) => family.index[p] = true,
                None => family.skipped.push(format!(
                    "{name}, the record's child, is not in the genogram: add a `person {name}: …` line"
                )),
            }
        }
        family
    }

    pub fn partnership_between(&self, a: usize, b: usize) -> Option<usize> {
        self.pair_index.get(&(a.min(b), a.max(b))).copied()
    }

    fn push_partnership(&mut self, partnership: Partnership) -> usize {
        let (a, b) = (partnership.a, partnership.b);
        self.partnerships.push(partnership);
        let index = self.partnerships.len() - 1;
        self.pair_index.entry((a.min(b), a.max(b))).or_insert(index);
        index
    }

    /// The union of exactly these parents, created if new (with an
    /// unrecorded partnership when two parents are not a declared couple).
    fn union_of(&mut self, parents: &[usize]) -> usize {
        let mut key = parents.to_vec();
        key.sort_unstable();
        if let Some(&u) = self.union_index.get(&key) {
            return u;
        }
        let partnership = match parents {
            [a, b] => Some(self.partnership_between(*a, *b).unwrap_or_else(|| {
                self.push_partnership(Partnership {
                    a: *a,
                    b: *b,
                    kind: LineKind::Unrecorded,
                    since: None,
                })
            })),
            _ => None,
        };
        self.unions.push(Union { parents: parents.to_vec(), children: Vec::new(), partnership });
        for &p in parents {
            self.is_parent[p] = true;
        }
        self.union_index.insert(key, self.unions.len() - 1);
        self.unions.len() - 1
    }

    fn add_child(&mut self, genogram: &Genogram, union: usize, child: usize) {
        let name = &genogram.people[child].name;
        let parents = self.unions[union].parents.clone();
        let parent_names = || {
            parents
                .iter()
                .map(|&p| genogram.people[p].name.as_str())
                .collect::<Vec<_>>()
                .join(" & ")
        };
        if self.parent_union[child] == Some(union) {
            return;
        }
        if parents.contains(&child) {
            self.skipped.push(format!("{name} as their own child"));
            return;
        }
        if let Some(first) = self.parent_union[child] {
            let first_names: Vec<&str> = self.unions[first]
                .parents
                .iter()
                .map(|&p| genogram.people[p].name.as_str())
                .collect();
            self.skipped.push(format!(
                "{name} as a child of {}: already a child of {}",
                parent_names(),
                first_names.join(" & ")
            ));
            return;
        }
        if parents.iter().any(|&p| self.is_ancestor(child, p)) {
            self.skipped
                .push(format!("{name} as a child of {}: {name} is their ancestor", parent_names()));
            return;
        }
        self.parent_union[child] = Some(union);
        self.unions[union].children.push(child);
    }

    /// Whether `ancestor` is `person` or one of their forebears.
    pub fn is_ancestor(&self, ancestor: usize, person: usize) -> bool {
        if ancestor != person && !self.is_parent.get(ancestor).copied().unwrap_or(false) {
            return false; // Nobody's parent, so nobody's ancestor.
        }
        let mut stack = vec![person];
        let mut seen: HashSet<usize> = HashSet::new();
        while let Some(p) = stack.pop() {
            if p == ancestor {
                return true;
            }
            if !seen.insert(p) {
                continue;
            }
            if let Some(u) = self.parent_union[p] {
                stack.extend(&self.unions[u].parents);
            }
        }
        false
    }
}
