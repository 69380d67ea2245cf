//! Where everything goes, in five steps (1 to 4 in `arrange.rs`; this
//! module holds the result types, step 5 and the legend):
//!
//! 1. **Units.** Partners are joined into units (a couple, or a chain such
//!    as `new partner – father – mother – her new partner`) that share a
//!    row. A couple line that would put someone in the same row as their own
//!    forebear is left out, with a note.
//! 2. **Generations.** Each unit's row comes from the parent links (a child
//!    one row below their parents, partners side by side; where the links
//!    disagree, the longest path). Another family with no link to the
//!    record's child hangs from the row of the child's parents (foster
//!    carers beside the birth parents), or, with no child known, is lined up
//!    by years of birth; people with no links at all go in the row of the
//!    child's parents.
//! 3. **Order.** Within each row, units are ordered by the barycentre of
//!    their parents (sweeping down) and children (sweeping up), siblings
//!    oldest first, from the first order and its mirror image, then improved
//!    by flipping and swapping units; the order with the fewest line
//!    crossings, split sibships and split households is kept.
//! 4. **Positions.** With the order fixed, x positions minimise one
//!    quadratic energy ("children under their parents' line", "parents over
//!    their children", "partners together", "a child living away near their
//!    household"), row by row with a minimum gap between neighbours (pool
//!    adjacent violators), so no two symbols or labels can overlap.
//!    Then, row by row from the top, a child standing under someone who
//!    is not their parent (or under another family's line down) moves to
//!    the nearest free place.
//! 5. **Geometry.** Rows get their heights from their labels and the lines
//!    that run between them (sibship lines overlapping in x go on separate
//!    tracks `LINE_GAP` apart; a line to children more than one row down
//!    takes a free column between units and outside households); then
//!    couple lines and their labels (clear of other lines), sibship lines,
//!    household outlines (rectangles, see [`household_outlines`]),
//!    relationship and contact lines (`links.rs`) and the legend are placed.
//!
//! Everything is computed from vectors in declaration order (no hash maps),
//! so the same genogram always gives the same layout.

use std::collections::BTreeMap;

use super::arrange::{build_graph, generations, hook_x, order, positions, Graph, Hook, Placement};
use super::family::{Family, LineKind};
use super::links::{self, Obstacles, PlacedLink};
use super::text;
use crate::parse::genogram::{CareKind, Genogram, Issue, Person, Sex};

/// Horizontal room for one person: the symbol and its label.
pub const SLOT: f64 = 150.0;
/// Width and height of a person's symbol.
pub const SYMBOL: f64 = 40.0;
const HALF: f64 = SYMBOL / 2.0;
/// Extra room between people who are not partners.
pub(super) const UNIT_GAP: f64 = 20.0;
/// Extra room between partners when only one lives in the household.
pub(super) const HOUSEHOLD_GAP: f64 = 40.0;
/// Extra room beside a person whose non-adjacent partner's children hang
/// from that gap.
pub(super) const BRACKET_GAP: f64 = 32.0;
/// Where a non-adjacent partner's children hang, right of the slot edge.
pub(super) const BRACKET_DROP: f64 = SLOT / 2.0 + 6.0;
/// Where a non-adjacent couple's line leaves the top of each symbol.
const BRACKET_LEG: f64 = -10.0;
pub const MARGIN: f64 = 24.0;
/// The widest a person's label may be (leaves room for lines between slots).
pub const LABEL_WIDTH: f64 = SLOT - 20.0;
pub const HEADING_SIZE: f64 = 15.0;
pub const NAME_SIZE: f64 = 12.0;
pub const DETAIL_SIZE: f64 = 11.0;
pub const SMALL_SIZE: f64 = 10.0;
/// Room above a symbol for the PR badge; a household outline's top edge.
const BADGE_ROOM: f64 = 12.0;
/// Distance between parallel lines to children in one gap between rows:
/// closer lines read as one family's.
pub const LINE_GAP: f64 = 20.0;
/// Room kept clear at each end of a line to children, so that two lines
/// at one height never read as one.
const LINE_END_ROOM: f64 = 16.0;
/// A couple line over partners who are not neighbours runs this far above
/// their symbols (clear of the household outline's top edge).
const BRACKET_RISE: f64 = 22.0;
const LEGEND_COLUMN: f64 = 215.0;
const LEGEND_SAMPLE: f64 = 48.0;
const LEGEND_ROW: f64 = 32.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Whether the two rectangles share any interior point.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether the horizontal or vertical segment `a`–`b` passes through
    /// the rectangle's interior.
    pub fn crossed_by(&self, a: Point, b: Point) -> bool {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        x0 < self.x1 && self.x0 < x1.max(x0 + 1e-9) && y0 < self.y1 && self.y0 < y1.max(y0 + 1e-9)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    Name,
    Role,
    Dates,
}

/// One line of text, centred on `x`, with its baseline at `y`.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub text: String,
    pub style: LabelStyle,
    pub size: f64,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone)]
pub struct PlacedPerson {
    /// Index in `genogram.people`.
    pub person: usize,
    pub sex: Sex,
    pub died: bool,
    pub index_child: bool,
    pub parental_responsibility: bool,
    pub household: bool,
    pub row: usize,
    /// Centre of the symbol.
    pub x: f64,
    pub y: f64,
    pub labels: Vec<TextLine>,
    pub label_box: Rect,
}

impl PlacedPerson {
    pub fn symbol_box(&self) -> Rect {
        Rect { x0: self.x - HALF, y0: self.y - HALF, x1: self.x + HALF, y1: self.y + HALF }
    }

    /// The PR badge's box (drawn only with parental responsibility).
    pub fn badge_box(&self) -> Rect {
        Rect {
            x0: self.x + HALF - 6.0,
            y0: self.y - HALF - 8.0,
            x1: self.x + HALF + 16.0,
            y1: self.y - HALF + 5.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PlacedCouple {
    pub partnership: usize,
    /// The partners, left one first.
    pub left: usize,
    pub right: usize,
    pub kind: LineKind,
    pub label: Option<String>,
    /// The line: two points side by side, or four (up, across, down) for
    /// partners who are not next to each other.
    pub path: Vec<Point>,
    /// Baseline centre of the label.
    pub label_at: Point,
    /// Centre of the separation or divorce slashes, on the line.
    pub slashes_at: Point,
}

impl PlacedCouple {
    pub fn label_box(&self) -> Option<Rect> {
        let label = self.label.as_ref()?;
        let half = text::width(label, SMALL_SIZE) / 2.0;
        let Point { x, y } = self.label_at;
        Some(Rect { x0: x - half, y0: y - SMALL_SIZE, x1: x + half, y1: y + 2.0 })
    }
}

/// Children of one union in one row, on a sibship line.
#[derive(Debug, Clone)]
pub struct PlacedSibship {
    pub union: usize,
    pub parents: Vec<usize>,
    /// Oldest first.
    pub children: Vec<usize>,
    /// From the parents' line (the first point lies on the couple line, or
    /// on a single parent's symbol) down to the sibship line.
    pub connector: Vec<Point>,
    pub line_y: f64,
    pub x1: f64,
    pub x2: f64,
    /// Per child: from the sibship line down to the top of their symbol.
    pub drops: Vec<(usize, Point, Point)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendSample {
    Male,
    Female,
    UnknownSex,
    Died,
    IndexChild,
    ParentalResponsibility,
    Household,
    Line(LineKind),
    Children,
    AdoptedChild,
    FosterChild,
    Pregnancy,
    Stillbirth,
    Miscarriage,
    /// An issue of `genogram.shaded-issues`, by its word.
    Shading(&'static str),
    /// A kind of `genogram.relationship-kinds`.
    Relationship(&'static str),
    Contact,
}

impl LegendSample {
    pub fn text(self) -> &'static str {
        match self {
            LegendSample::Male => "Male",
            LegendSample::Female => "Female",
            LegendSample::UnknownSex => "Sex unknown or other",
            LegendSample::Died => "Died",
            LegendSample::IndexChild => "The record's child",
            LegendSample::ParentalResponsibility => "Has parental responsibility",
            LegendSample::Household => "Lives in the child's household",
            LegendSample::Line(LineKind::Married) => "Married",
            LegendSample::Line(LineKind::Cohabiting) => "Living together",
            LegendSample::Line(LineKind::Engaged) => "Engaged",
            LegendSample::Line(LineKind::Separated) => "Separated",
            LegendSample::Line(LineKind::Divorced) => "Divorced",
            LegendSample::Line(LineKind::Widowed) => "Widowed (the one who died is crossed)",
            LegendSample::Line(LineKind::Unrecorded) => "Parents, relationship not recorded",
            LegendSample::Children => "Children, oldest on the left",
            LegendSample::AdoptedChild => "Adopted child",
            LegendSample::FosterChild => "Foster child",
            LegendSample::Pregnancy => "Pregnancy (expected child)",
            LegendSample::Stillbirth => "Stillbirth",
            LegendSample::Miscarriage => "Miscarriage",
            LegendSample::Shading("substance misuse") => "Substance misuse",
            LegendSample::Shading("alcohol misuse") => "Alcohol misuse",
            LegendSample::Shading("mental health") => "Mental health",
            LegendSample::Shading("physical health") => "Physical health",
            LegendSample::Shading(_) => "Learning disability",
            LegendSample::Relationship("close") => "Close relationship",
            LegendSample::Relationship("very close") => "Very close relationship",
            LegendSample::Relationship("distant") => "Distant relationship",
            LegendSample::Relationship("conflict") => "Conflict",
            LegendSample::Relationship("hostile") => "Hostile relationship",
            LegendSample::Relationship("cut off") => "Cut off",
            LegendSample::Relationship("abuse") => "Abuse, arrow to the one harmed",
            LegendSample::Relationship(_) => "Violence, arrow to the one harmed",
            LegendSample::Contact => "Contact arrangement",
        }
    }
}

#[derive(Debug, Clone)]
pub struct LegendItem {
    pub sample: LegendSample,
    /// Top-left corner of the sample.
    pub at: Point,
    pub lines: Vec<TextLine>,
}

#[derive(Debug, Clone)]
pub struct Legend {
    pub frame: Rect,
    pub title: TextLine,
    pub items: Vec<LegendItem>,
    /// Notes on dates and what could not be drawn.
    pub notes: Vec<TextLine>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub heading: Vec<TextLine>,
    /// One per person of the genogram, in declaration order.
    pub people: Vec<PlacedPerson>,
    pub couples: Vec<PlacedCouple>,
    pub sibships: Vec<PlacedSibship>,
    /// Closed outlines around the household members: rectangles, corners
    /// clockwise from the top left.
    pub households: Vec<Vec<Point>>,
    /// Relationship and contact lines.
    pub links: Vec<PlacedLink>,
    pub legend: Legend,
    /// What could not be drawn, in words.
    pub skipped: Vec<String>,
    pub family: Family,
}

impl Layout {
    /// Every straight line segment of the couple, connector, sibship and
    /// drop lines.
    pub fn segments(&self) -> Vec<(Point, Point)> {
        let mut segments = Vec::new();
        for couple in &self.couples {
            segments.extend(couple.path.windows(2).map(|w| (w[0], w[1])));
        }
        for sibship in &self.sibships {
            segments.extend(sibship.connector.windows(2).map(|w| (w[0], w[1])));
            segments.push((pt(sibship.x1, sibship.line_y), pt(sibship.x2, sibship.line_y)));
            segments.extend(sibship.drops.iter().map(|&(_, a, b)| (a, b)));
        }
        segments
    }
}

/// Lays out `genogram`. `source` is the record text its spans point into,
/// when known (notes then give line numbers).
pub fn layout(genogram: &Genogram, index_children: &[String], source: Option<&str>) -> Layout {
    let family = Family::new(genogram, index_children, source);
    let mut skipped = family.skipped.clone();
    let graph = build_graph(genogram, &family, &mut skipped);
    let rows_of_units = generations(&graph);
    let (rows, members) = order(&graph, rows_of_units);
    let graph = Graph { members, ..graph };
    let (place, x) = positions(&graph, &rows);
    geometry(&graph, &place, x, skipped)
}

// --- 5. Geometry ------------------------------------------------------------

/// For a line from `at` down through the rows `between`: `None` if it
/// passes no one's symbol or label nor a household outline, else the
/// nearest x that does not (between units, or beside the rows). Partners'
/// lines and labels lie within their unit, so a unit is blocked from end
/// to end.
fn free_column(
    rows: &[Vec<usize>],
    unit_of: &[usize],
    household_runs: &[(usize, f64, f64)],
    x: &[f64],
    between: std::ops::Range<usize>,
    at: f64,
) -> Option<f64> {
    // The runs are in row order: those of rows `between` by binary search.
    let first = household_runs.partition_point(|run| run.0 < between.start);
    let end = household_runs.partition_point(|run| run.0 < between.end);
    let mut blocked: Vec<(f64, f64)> = household_runs[first..end.max(first)]
        .iter()
        .map(|&(_, left, right)| (left - 8.0, right + 8.0))
        .collect();
    for row in &rows[between] {
        for (i, &q) in row.iter().enumerate() {
            let slot = (x[q] - SLOT / 2.0 - 4.0, x[q] + SLOT / 2.0 + 4.0);
            match blocked.last_mut() {
                Some(last) if i > 0 && unit_of[row[i - 1]] == unit_of[q] => last.1 = slot.1,
                _ => blocked.push(slot),
            }
        }
    }
    if blocked.iter().all(|&(a, b)| at <= a || at >= b) {
        return None;
    }
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in blocked {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut candidates: Vec<f64> = merged
        .windows(2)
        .filter(|w| w[1].0 - w[0].1 >= 8.0)
        .map(|w| (w[0].1 + w[1].0) / 2.0)
        .collect();
    candidates.extend(merged.last().map(|last| last.1 + 10.0));
    candidates.extend(merged.first().map(|first| first.0 - 10.0).filter(|&c| c >= MARGIN));
    candidates
        .into_iter()
        .min_by(|a, b| (a - at).abs().total_cmp(&(b - at).abs()).then(a.total_cmp(b)))
}

/// How far from the centre a horizontal line at height `dy` meets the edge
/// of the symbol.
pub fn edge_at(sex: Sex, dy: f64) -> f64 {
    match sex {
        Sex::Male => HALF,
        Sex::Female => (HALF * HALF - dy * dy).max(0.0).sqrt(),
        Sex::Unknown => (HALF - dy.abs()).max(0.0),
    }
}

/// How far above the centre a vertical line at `dx` meets the top of the
/// symbol.
pub fn top_at(sex: Sex, dx: f64) -> f64 {
    edge_at(sex, dx)
}

fn label_lines(genogram: &Genogram, p: usize) -> Vec<(String, LabelStyle, f64)> {
    let person = &genogram.people[p];
    let mut lines = Vec::new();
    for line in text::wrap_name(&person.name, NAME_SIZE, LABEL_WIDTH, 2) {
        lines.push((line, LabelStyle::Name, NAME_SIZE));
    }
    if let Some(role) = &person.role {
        for line in text::wrap(role, DETAIL_SIZE, LABEL_WIDTH, 2) {
            lines.push((line, LabelStyle::Role, DETAIL_SIZE));
        }
    }
    if !person.states.is_empty() {
        for line in text::wrap(&person.states.join(", "), DETAIL_SIZE, LABEL_WIDTH, 2) {
            lines.push((line, LabelStyle::Role, DETAIL_SIZE));
        }
    }
    let issues: Vec<String> = issue_numbers(genogram)
        .filter(|(_, issue)| issue.person.eq_ignore_ascii_case(&person.name))
        .map(|(number, _)| number.to_string())
        .collect();
    if !issues.is_empty() {
        let words =
            format!("{} {}", if issues.len() == 1 { "issue" } else { "issues" }, issues.join(", "));
        for line in text::wrap(&words, DETAIL_SIZE, LABEL_WIDTH, 2) {
            lines.push((line, LabelStyle::Dates, DETAIL_SIZE));
        }
    }
    // A loss has a year, never an age.
    let updated = genogram
        .updated
        .map(|d| chrono::Datelike::year(&d))
        .filter(|_| !person.has_state("stillborn") && !person.has_state("miscarriage"));
    let dates = match (person.born, person.died) {
        (Some(born), Some(died)) if died >= born => {
            Some(format!("{born}–{died} ({})", died - born))
        }
        (Some(born), Some(died)) => Some(format!("b. {born}, d. {died}")),
        (Some(born), None) => Some(match updated {
            Some(year) if year >= born => format!("b. {born}, age {}", year - born),
            _ => format!("b. {born}"),
        }),
        (None, Some(died)) => Some(format!("d. {died}")),
        (None, None) => None,
    };
    if let Some(dates) = dates {
        for line in text::wrap(&dates, DETAIL_SIZE, LABEL_WIDTH, 1) {
            lines.push((line, LabelStyle::Dates, DETAIL_SIZE));
        }
    }
    lines
}

/// Where the line to `child` leaves the sibship line when they are a twin
/// drawn next to their twins: one point for all of them, between them (the
/// standard apex). `None` for a single birth or twins drawn apart.
fn twins_apex(family: &Family, sibship: &[usize], child: usize, x: &[f64]) -> Option<f64> {
    let group = family.twins.iter().find(|group| group.contains(&child))?;
    let places: Vec<usize> =
        group.iter().map(|t| sibship.iter().position(|c| c == t)).collect::<Option<_>>()?;
    let (first, last) = (*places.iter().min()?, *places.iter().max()?);
    if last - first + 1 != group.len() {
        return None;
    }
    // Only twins standing side by side (no partner between them), so the
    // slanting lines pass nothing but the sibship line.
    let (left, right) = group
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), &t| (l.min(x[t]), r.max(x[t])));
    if right - left > (SLOT + UNIT_GAP) * (group.len() - 1) as f64 + 1.0 {
        return None;
    }
    Some(group.iter().map(|&t| x[t]).sum::<f64>() / group.len() as f64)
}

/// The genogram's issues without a standard shading, numbered from 1 in
/// the order written: the numbers beside each person and in the key.
fn issue_numbers(genogram: &Genogram) -> impl Iterator<Item = (usize, &Issue)> {
    genogram
        .issues
        .iter()
        .filter(|issue| issue.shading().is_none())
        .enumerate()
        .map(|(i, issue)| (i + 1, issue))
}

fn line_height(size: f64) -> f64 {
    size + 2.0
}

/// Assigns each interval the lowest track where it overlaps no other;
/// returns the tracks and how many were used.
fn tracks(intervals: &[(f64, f64)]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by(|&a, &b| intervals[a].0.total_cmp(&intervals[b].0).then(a.cmp(&b)));
    let mut ends: Vec<f64> = Vec::new();
    let mut result = vec![0; intervals.len()];
    for i in order {
        let (start, end) = intervals[i];
        let track = ends.iter().position(|&e| e < start).unwrap_or(ends.len());
        if track == ends.len() {
            ends.push(end);
        } else {
            ends[track] = end;
        }
        result[i] = track;
    }
    (result, ends.len())
}

fn geometry(graph: &Graph, place: &Placement, mut x: Vec<f64>, skipped: Vec<String>) -> Layout {
    let genogram = graph.genogram;
    let family = graph.family;
    let people = &genogram.people;
    let n = people.len();
    let row_count = place.people.len();

    // Heading.
    let title = heading_text(genogram, family);
    let subtitle = match genogram.updated {
        Some(date) => format!("Updated {}", date.format("%Y-%m-%d")),
        None => "No update date recorded".to_string(),
    };

    // Content width, and the legend's columns.
    let content_right = (0..n).map(|p| x[p] + SLOT / 2.0).fold(MARGIN, f64::max);
    let heading_width = text::width(&title, HEADING_SIZE) + 2.0 * MARGIN;
    let mut width =
        (content_right + MARGIN).max(2.0 * LEGEND_COLUMN + 2.0 * MARGIN + 16.0).max(heading_width);
    let shift = ((width - (content_right + MARGIN)) / 2.0).floor();
    for value in &mut x {
        *value += shift;
    }

    // Bracket couples (partners who are not neighbours) and their tracks.
    let mut index = vec![0; n];
    for list in &place.people {
        for (i, &p) in list.iter().enumerate() {
            index[p] = i;
        }
    }
    let drawn: Vec<usize> = (0..family.partnerships.len()).filter(|&i| graph.accepted[i]).collect();
    let sides = |i: usize| {
        let partnership = &family.partnerships[i];
        let (a, b) = (partnership.a, partnership.b);
        if index[a] <= index[b] {
            (a, b)
        } else {
            (b, a)
        }
    };
    let bracket = |i: usize| {
        let (left, right) = sides(i);
        index[right] != index[left] + 1
    };
    let mut bracket_track = vec![0; family.partnerships.len()];
    let mut bracket_tracks = vec![0; row_count];
    // Each row's brackets, gathered once (not a pass over every couple
    // per row: a family of many generations has as many rows).
    let mut brackets_by_row: Vec<Vec<usize>> = vec![Vec::new(); row_count];
    for &i in drawn.iter().filter(|&&i| bracket(i)) {
        if let Some(row) = brackets_by_row.get_mut(place.row_of[family.partnerships[i].a]) {
            row.push(i);
        }
    }
    for (count, list) in bracket_tracks.iter_mut().zip(brackets_by_row) {
        let intervals: Vec<(f64, f64)> = list
            .iter()
            .map(|&i| {
                let (left, right) = sides(i);
                (x[left] + BRACKET_LEG - 4.0, x[right] + BRACKET_LEG + 4.0)
            })
            .collect();
        let (assigned, used) = tracks(&intervals);
        for (&i, track) in list.iter().zip(assigned) {
            bracket_track[i] = track;
        }
        *count = used;
    }

    // Sibships: one per union and row of children.
    struct Pending {
        union: usize,
        hook: Hook,
        parent_row: usize,
        child_row: usize,
        children: Vec<usize>,
        /// For children more than one row down: the free column the line
        /// takes through the rows between, if the hook's own is not free.
        route: Option<f64>,
        from: f64,
        to: f64,
    }
    let runs = household_runs(&place.people, &x, people);
    let mut pending: Vec<Pending> = Vec::new();
    for (u, union) in family.unions.iter().enumerate() {
        let Some(hook) = place.hooks[u] else { continue };
        let kids: Vec<usize> =
            union.children.iter().copied().filter(|&c| graph.child_of[c] == Some(u)).collect();
        let parent_row = place.row_of[graph.parents[u][0]];
        let mut by_row: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for c in kids {
            by_row.entry(place.row_of[c]).or_default().push(c);
        }
        for (child_row, children) in by_row {
            let hx = hook_x(hook, &x);
            let between = parent_row + 1..child_row;
            let route = free_column(&place.people, &graph.unit_of, &runs, &x, between, hx);
            let down = route.unwrap_or(hx);
            width = width.max(down + SLOT / 2.0 + MARGIN);
            let from = children.iter().map(|&c| x[c]).fold(down, f64::min);
            let to = children.iter().map(|&c| x[c]).fold(down, f64::max);
            pending.push(Pending {
                union: u,
                hook,
                parent_row,
                child_row,
                children,
                route,
                from,
                to,
            });
        }
    }
    // Sibship lines sit in the gap above the children's row; a rerouted
    // line turns aside in the gap below the parents' row.
    let mut sibship_track = vec![0; pending.len()];
    let mut turn_track = vec![0; pending.len()];
    let mut sibship_tracks = vec![0; row_count];
    // The sibships by their children's row and by their parents' row, each
    // in order, so that a row reads its own and not every family's.
    let mut by_child_row: Vec<Vec<usize>> = vec![Vec::new(); row_count + 1];
    let mut by_parent_row: Vec<Vec<usize>> = vec![Vec::new(); row_count + 1];
    for (i, item) in pending.iter().enumerate() {
        by_child_row[item.child_row].push(i);
        by_parent_row[item.parent_row].push(i);
    }
    for (r, count) in sibship_tracks.iter_mut().enumerate() {
        let mut list: Vec<(usize, bool)> =
            by_child_row[r + 1].iter().map(|&i| (i, false)).collect();
        list.extend(
            by_parent_row[r].iter().filter(|&&i| pending[i].route.is_some()).map(|&i| (i, true)),
        );
        let intervals: Vec<(f64, f64)> = list
            .iter()
            .map(|&(i, turn)| {
                let item = &pending[i];
                if turn {
                    let (a, b) = (hook_x(item.hook, &x), item.route.unwrap_or(0.0));
                    (a.min(b) - LINE_END_ROOM, a.max(b) + LINE_END_ROOM)
                } else {
                    (item.from - LINE_END_ROOM, item.to + LINE_END_ROOM)
                }
            })
            .collect();
        let (assigned, used) = tracks(&intervals);
        for (&(i, turn), track) in list.iter().zip(assigned) {
            if turn {
                turn_track[i] = track;
            } else {
                sibship_track[i] = track;
            }
        }
        *count = used;
    }

    // Rows, top to bottom.
    let labels: Vec<Vec<(String, LabelStyle, f64)>> =
        (0..n).map(|p| label_lines(genogram, p)).collect();
    let label_height =
        |p: usize| -> f64 { labels[p].iter().map(|(_, _, size)| line_height(*size)).sum::<f64>() };
    let mut centre_y = vec![0.0; row_count];
    let mut row_top = vec![0.0; row_count];
    let mut labels_bottom = vec![0.0; row_count];
    let mut y = MARGIN + 44.0;
    for r in 0..row_count {
        let bracket_room =
            if bracket_tracks[r] > 0 { 30.0 + 16.0 * bracket_tracks[r] as f64 } else { 0.0 };
        row_top[r] = y;
        let symbol_top = y + BADGE_ROOM + bracket_room;
        centre_y[r] = symbol_top + HALF;
        let tallest = place.people[r].iter().map(|&p| label_height(p)).fold(0.0, f64::max);
        labels_bottom[r] = centre_y[r] + HALF + 4.0 + tallest;
        y = labels_bottom[r] + 14.0 + LINE_GAP * sibship_tracks[r].saturating_sub(1) as f64 + 16.0;
    }
    let content_bottom = labels_bottom.last().copied().unwrap_or(MARGIN + 44.0);
    let sibship_y = |child_row: usize, track: usize| {
        labels_bottom[child_row - 1] + 14.0 + LINE_GAP * track as f64
    };
    let bracket_y =
        |row: usize, track: usize| centre_y[row] - HALF - BRACKET_RISE - 16.0 * track as f64;

    // People.
    let mut placed_people = Vec::with_capacity(n);
    for (p, person) in people.iter().enumerate() {
        let r = place.row_of[p];
        let cy = centre_y[r];
        let mut top = cy + HALF + 4.0;
        let mut lines = Vec::new();
        let mut widest: f64 = 0.0;
        for (line, style, size) in &labels[p] {
            let height = line_height(*size);
            widest = widest.max(text::width(line, *size));
            lines.push(TextLine {
                text: line.clone(),
                style: *style,
                size: *size,
                x: x[p],
                y: top + height - 3.0,
            });
            top += height;
        }
        let label_box =
            Rect { x0: x[p] - widest / 2.0, y0: cy + HALF + 4.0, x1: x[p] + widest / 2.0, y1: top };
        placed_people.push(PlacedPerson {
            person: p,
            sex: person.sex,
            died: person.died.is_some(),
            index_child: family.index[p],
            parental_responsibility: person.parental_responsibility,
            household: person.household,
            row: r,
            x: x[p],
            y: cy,
            labels: lines,
            label_box,
        });
    }

    // Couples. Labels go where no vertical line (a drop, a bracket's leg, a
    // household boundary) passes; if there is no such place the line's
    // style alone says the status (the description has it in words).
    let mut couples = Vec::new();
    for &i in &drawn {
        let partnership = &family.partnerships[i];
        let (left, right) = sides(i);
        let r = place.row_of[left];
        let cy = centre_y[r];
        let label = partnership.label();
        let half = label.as_ref().map_or(0.0, |l| text::width(l, SMALL_SIZE) / 2.0);
        // Household boundaries, and the lines down to other families'
        // children, from this row.
        let row_runs =
            runs.partition_point(|run| run.0 < r)..runs.partition_point(|run| run.0 <= r);
        let mut avoid: Vec<f64> = runs[row_runs].iter().flat_map(|run| [run.1, run.2]).collect();
        let parents = [partnership.a, partnership.b];
        avoid.extend(
            by_parent_row[r]
                .iter()
                .map(|&i| &pending[i])
                .filter(|item| !graph.parents[item.union].iter().all(|p| parents.contains(p)))
                .map(|item| hook_x(item.hook, &x)),
        );
        let place_label = |candidates: &[f64], low: f64, high: f64, avoid: &[f64]| {
            candidates.iter().copied().find(|&c| {
                c - half >= low
                    && c + half <= high
                    && avoid.iter().all(|&a| a < c - half - 4.0 || a > c + half + 4.0)
            })
        };
        let (path, label_at, slashes_at) = if bracket(i) {
            let by = bracket_y(r, bracket_track[i]);
            let (lx, rx) = (x[left] + BRACKET_LEG, x[right] + BRACKET_LEG);
            let path = vec![
                pt(lx, cy - top_at(people[left].sex, BRACKET_LEG)),
                pt(lx, by),
                pt(rx, by),
                pt(rx, cy - top_at(people[right].sex, BRACKET_LEG)),
            ];
            // Between the people under the line, clear of the lines that
            // come down to them and of other brackets' legs.
            let under = &place.people[r][index[left]..=index[right]];
            avoid.extend(under.iter().flat_map(|&q| [x[q], x[q] + BRACKET_LEG]));
            let mid = (lx + rx) / 2.0;
            let mut candidates: Vec<f64> =
                under.windows(2).map(|w| (x[w[0]] + x[w[1]]) / 2.0).collect();
            candidates
                .sort_by(|a, b| (a - mid).abs().total_cmp(&(b - mid).abs()).then(a.total_cmp(b)));
            let centre = place_label(&candidates, lx + 4.0, rx - 4.0, &avoid);
            let slashes = centre.map_or(mid, |c| c - half - 14.0).max(lx + 10.0);
            (path, centre.map(|c| pt(c, by - 3.0)), pt(slashes, by))
        } else {
            let path = vec![pt(x[left] + HALF, cy), pt(x[right] - HALF, cy)];
            let mid = (x[left] + x[right]) / 2.0;
            // Drops of other families hanging in this gap.
            // Away from a household boundary between the partners.
            let shift = match (people[left].household, people[right].household) {
                (true, false) => HOUSEHOLD_GAP / 2.0,
                (false, true) => -HOUSEHOLD_GAP / 2.0,
                _ => 0.0,
            };
            let low = x[left]
                + if people[left].parental_responsibility { HALF + 18.0 } else { HALF + 4.0 };
            let high = x[right] - HALF - 4.0;
            let candidates: Vec<f64> = [shift, 0.0, 20.0, -20.0, 35.0, -35.0, 50.0, -50.0]
                .iter()
                .map(|d| mid + d)
                .collect();
            let centre = place_label(&candidates, low, high, &avoid);
            let slashes = if centre.is_some_and(|c| c > mid) { mid - 20.0 } else { mid + 20.0 };
            let slashes = if avoid.iter().any(|&a| (a - slashes).abs() < 8.0) {
                2.0 * mid - slashes
            } else {
                slashes
            };
            (path, centre.map(|c| pt(c, cy - 11.0)), pt(slashes, cy))
        };
        let (label, label_at) = match label_at {
            Some(at) => (label, at),
            None => (None, slashes_at),
        };
        couples.push(PlacedCouple {
            partnership: i,
            left,
            right,
            kind: partnership.kind,
            label,
            path,
            label_at,
            slashes_at,
        });
    }

    // Sibships.
    let mut sibships = Vec::new();
    for (i, item) in pending.iter().enumerate() {
        let line_y = sibship_y(item.child_row, sibship_track[i]);
        let cy = centre_y[item.parent_row];
        let hx = hook_x(item.hook, &x);
        let mut connector = match item.hook {
            Hook::Couple { .. } => vec![pt(hx, cy), pt(hx, line_y)],
            Hook::Bracket { .. } => {
                let couple = couples.iter().find(|c| {
                    graph.parents[item.union].contains(&c.left)
                        && graph.parents[item.union].contains(&c.right)
                });
                let by = couple.map_or(cy, |c| c.path[1].y);
                vec![pt(hx, by), pt(hx, line_y)]
            }
            Hook::Single { parent, side, low } => {
                let dy = if low { HALF - 6.0 } else { 0.0 };
                let start = x[parent] + side * edge_at(people[parent].sex, dy);
                vec![pt(start, cy + dy), pt(hx, cy + dy), pt(hx, line_y)]
            }
        };
        if let Some(column) = item.route {
            let turn_y = labels_bottom[item.parent_row] + 14.0 + LINE_GAP * turn_track[i] as f64;
            connector.pop();
            connector.extend([pt(hx, turn_y), pt(column, turn_y), pt(column, line_y)]);
        }
        let drops = item
            .children
            .iter()
            .map(|&c| {
                let apex = twins_apex(graph.family, &item.children, c, &x).unwrap_or(x[c]);
                (
                    c,
                    pt(apex, line_y),
                    pt(x[c], centre_y[place.row_of[c]] - top_at(people[c].sex, 0.0)),
                )
            })
            .collect();
        sibships.push(PlacedSibship {
            union: item.union,
            parents: graph.parents[item.union].clone(),
            children: item.children.clone(),
            connector,
            line_y,
            x1: item.from,
            x2: item.to,
            drops,
        });
    }

    let households = household_outlines(
        &runs,
        &place.people,
        &x,
        people,
        &centre_y,
        &labels_bottom,
        &owned_segments(&couples, &sibships),
        &couples.iter().filter_map(PlacedCouple::label_box).collect::<Vec<_>>(),
    );

    // Relationship and contact lines, clear of every label.
    let mut lines: Vec<(Point, Point)> = owned_segments(&couples, &sibships)
        .into_iter()
        .map(|segment| (segment.a, segment.b))
        .collect();
    for outline in &households {
        lines.extend((0..outline.len()).map(|i| (outline[i], outline[(i + 1) % outline.len()])));
    }
    let channels = (0..row_count)
        .map(|r| {
            let below = labels_bottom[r];
            if r + 1 == row_count {
                return vec![below + 12.0];
            }
            // Midway between the lines to children, and below the last.
            (0..sibship_tracks[r].max(1)).map(|t| below + 24.0 + LINE_GAP * t as f64).collect()
        })
        .collect();
    let mut obstacles = Obstacles {
        people: &placed_people,
        labels: couples.iter().filter_map(PlacedCouple::label_box).collect(),
        lines,
        channels,
    };
    let (links, link_notes) = links::place(genogram, &mut obstacles);

    // Heading lines.
    let heading = vec![
        TextLine {
            text: title,
            style: LabelStyle::Name,
            size: HEADING_SIZE,
            x: MARGIN,
            y: MARGIN + 14.0,
        },
        TextLine {
            text: subtitle,
            style: LabelStyle::Dates,
            size: DETAIL_SIZE,
            x: MARGIN,
            y: MARGIN + 32.0,
        },
    ];

    let legend = legend(
        graph,
        &placed_people,
        &couples,
        &sibships,
        !households.is_empty(),
        &link_notes,
        &skipped,
        width,
        content_bottom,
    );
    let height = legend.frame.y1 + MARGIN;
    Layout {
        width,
        height,
        heading,
        people: placed_people,
        couples,
        sibships,
        households,
        links,
        legend,
        skipped,
        family: family.clone(),
    }
}

fn heading_text(genogram: &Genogram, family: &Family) -> String {
    let names: Vec<&str> = (0..genogram.people.len())
        .filter(|&p| family.index[p])
        .map(|p| genogram.people[p].name.as_str())
        .collect();
    match names.len() {
        0 => "Genogram".to_string(),
        1 => format!("Genogram: {}", names[0]),
        _ => format!(
            "Genogram: {} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

/// Runs of neighbours in a row who live in the household, as (row, left
/// edge, right edge) of their outline, in row order (`free_column` relies
/// on it).
fn household_runs(rows: &[Vec<usize>], x: &[f64], people: &[Person]) -> Vec<(usize, f64, f64)> {
    let mut runs = Vec::new();
    for (r, list) in rows.iter().enumerate() {
        let mut i = 0;
        while i < list.len() {
            if !people[list[i]].household {
                i += 1;
                continue;
            }
            let start = i;
            while i + 1 < list.len() && people[list[i + 1]].household {
                i += 1;
            }
            runs.push((r, x[list[start]] - SLOT / 2.0 + 4.0, x[list[i]] + SLOT / 2.0 - 4.0));
            i += 1;
        }
    }
    runs
}

/// A family line with the people it belongs to: the line may run inside a
/// household outline only when one of them lives there.
struct OwnedSegment {
    a: Point,
    b: Point,
    owners: Vec<usize>,
}

/// Every couple, connector, sibship and drop line with its owners: the
/// partners of a couple line, the parents for the lines down to the
/// sibship line and along it, the child for the drop to them.
fn owned_segments(couples: &[PlacedCouple], sibships: &[PlacedSibship]) -> Vec<OwnedSegment> {
    let mut segments = Vec::new();
    for couple in couples {
        for w in couple.path.windows(2) {
            segments.push(OwnedSegment {
                a: w[0],
                b: w[1],
                owners: vec![couple.left, couple.right],
            });
        }
    }
    for sibship in sibships {
        let along = pt(sibship.x1, sibship.line_y);
        let line = [(along, pt(sibship.x2, sibship.line_y))];
        let connector = sibship.connector.windows(2).map(|w| (w[0], w[1]));
        for (a, b) in connector.chain(line) {
            segments.push(OwnedSegment { a, b, owners: sibship.parents.clone() });
        }
        for &(child, a, b) in &sibship.drops {
            segments.push(OwnedSegment { a, b, owners: vec![child] });
        }
    }
    segments
}

/// Whether the horizontal or vertical segment `a`–`b` runs beside an edge
/// of `rect`, closer than a household outline may be to a line.
fn runs_along(rect: &Rect, a: Point, b: Point) -> bool {
    const NEAR: f64 = 8.0;
    let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| a0.min(a1).max(b0) < a0.max(a1).min(b1);
    if (a.x - b.x).abs() < 0.01 {
        overlap(a.y, b.y, rect.y0, rect.y1)
            && ((a.x - rect.x0).abs() < NEAR || (a.x - rect.x1).abs() < NEAR)
    } else if (a.y - b.y).abs() < 0.01 {
        overlap(a.x, b.x, rect.x0, rect.x1)
            && ((a.y - rect.y0).abs() < NEAR || (a.y - rect.y1).abs() < NEAR)
    } else {
        false
    }
}

/// Household outlines as clean rectangles: one around each run of
/// neighbours in a row (from the PR badges' height to below the labels),
/// and runs in successive rows joined into their bounding rectangle only
/// when that rectangle holds no one outside the household and no line of
/// a family with no one inside it. The outlines never overlap.
#[allow(clippy::too_many_arguments)]
fn household_outlines(
    runs: &[(usize, f64, f64)],
    rows: &[Vec<usize>],
    x: &[f64],
    people: &[Person],
    centre_y: &[f64],
    labels_bottom: &[f64],
    segments: &[OwnedSegment],
    couple_labels: &[Rect],
) -> Vec<Vec<Point>> {
    let top = |r: usize| centre_y[r] - HALF - BADGE_ROOM;
    let bottom = |r: usize| labels_bottom[r] + 4.0;
    // Which run each household member stands in.
    let mut run_of = vec![usize::MAX; x.len()];
    for (i, &(r, left, right)) in runs.iter().enumerate() {
        for &p in &rows[r] {
            if people[p].household && x[p] > left && x[p] < right {
                run_of[p] = i;
            }
        }
    }
    // Segments by the rows whose band (from one row's top to the next's)
    // they touch, so a rectangle looks only at lines near it.
    let tops: Vec<f64> = (0..rows.len()).map(top).collect();
    let band = |y: f64| tops.partition_point(|&t| t <= y).saturating_sub(1);
    let mut near: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (i, segment) in segments.iter().enumerate() {
        let (y0, y1) = (segment.a.y.min(segment.b.y), segment.a.y.max(segment.b.y));
        for list in &mut near[band(y0)..=band(y1)] {
            list.push(i);
        }
    }
    // Couple labels likewise, by the bands they touch.
    let mut labels_near: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (i, label) in couple_labels.iter().enumerate() {
        for list in &mut labels_near[band(label.y0)..=band(label.y1)] {
            list.push(i);
        }
    }
    struct Group {
        runs: Vec<usize>,
        rows: (usize, usize),
        rect: Rect,
    }
    let mut groups: Vec<Group> = runs
        .iter()
        .enumerate()
        .map(|(i, &(r, left, right))| Group {
            runs: vec![i],
            rows: (r, r),
            rect: Rect { x0: left, y0: top(r), x1: right, y1: bottom(r) },
        })
        .collect();
    let mut merged_away = vec![false; groups.len()];
    // The groups covering each row (a group joined downwards is added to
    // the rows it gains), so that a rectangle is compared with its
    // neighbours only, not with every group of the picture.
    let mut covering: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    for (i, group) in groups.iter().enumerate() {
        covering[group.rows.0].push(i);
    }
    // The rows whose bands a rectangle over `span` can reach.
    let around = |span: (usize, usize)| span.0.saturating_sub(1)..=(span.1 + 1).min(rows.len() - 1);
    // Whether `rect` over `rows` holds only the members of `members` runs
    // and lines of families with someone inside.
    let fits = |rect: &Rect,
                span: (usize, usize),
                members: &[usize],
                groups: &[Group],
                covering: &[Vec<usize>]| {
        let inside = |p: usize| run_of[p] != usize::MAX && members.contains(&run_of[p]);
        for row in &rows[span.0..=span.1] {
            let first = row.partition_point(|&p| x[p] + SLOT / 2.0 <= rect.x0);
            for &p in &row[first..] {
                if x[p] - SLOT / 2.0 >= rect.x1 {
                    break;
                }
                if !inside(p) {
                    return false;
                }
            }
        }
        let mut seen: Vec<usize> = near[span.0..=span.1].iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        let foreign = seen.iter().any(|&i| {
            let segment = &segments[i];
            (rect.crossed_by(segment.a, segment.b) && !segment.owners.iter().any(|&p| inside(p)))
                || runs_along(rect, segment.a, segment.b)
        });
        let overlapping = covering[around(span)].iter().flatten().any(|&g| {
            let g = &groups[g];
            !g.runs.iter().any(|r| members.contains(r))
                && g.rect.overlaps(rect)
                && !g.runs.is_empty()
        });
        // A couple's label is wholly inside or wholly outside.
        let cut = labels_near[around(span)].iter().flatten().any(|&label| {
            let label = &couple_labels[label];
            label.overlaps(rect)
                && !(label.x0 >= rect.x0
                    && label.x1 <= rect.x1
                    && label.y0 >= rect.y0
                    && label.y1 <= rect.y1)
        });
        !foreign && !overlapping && !cut
    };
    for g in 0..groups.len() {
        if merged_away[g] {
            continue;
        }
        // Grow downwards while a run in the next row overlaps and fits.
        loop {
            let below = groups[g].rows.1 + 1;
            let candidates = covering.get(below).map_or(&[][..], Vec::as_slice);
            let next = candidates.iter().copied().find(|&h| {
                !merged_away[h]
                    && h != g
                    && groups[h].rows == (below, below)
                    && groups[h].rect.x0 < groups[g].rect.x1
                    && groups[g].rect.x0 < groups[h].rect.x1
                    && {
                        let (a, b) = (&groups[g].rect, &groups[h].rect);
                        let rect =
                            Rect { x0: a.x0.min(b.x0), y0: a.y0, x1: a.x1.max(b.x1), y1: b.y1 };
                        let mut members = groups[g].runs.clone();
                        members.extend(&groups[h].runs);
                        fits(&rect, (groups[g].rows.0, below), &members, &groups, &covering)
                    }
            });
            let Some(h) = next else { break };
            let taken = std::mem::take(&mut groups[h].runs);
            merged_away[h] = true;
            let b = groups[h].rect;
            let group = &mut groups[g];
            group.runs.extend(taken);
            group.rows.1 = below;
            covering[below].push(g);
            group.rect = Rect {
                x0: group.rect.x0.min(b.x0),
                y0: group.rect.y0,
                x1: group.rect.x1.max(b.x1),
                y1: b.y1,
            };
        }
    }
    groups
        .iter()
        .zip(&merged_away)
        .filter(|(_, &away)| !away)
        .map(|(g, _)| {
            let Rect { x0, y0, x1, y1 } = g.rect;
            vec![pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1)]
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn legend(
    graph: &Graph,
    people: &[PlacedPerson],
    couples: &[PlacedCouple],
    sibships: &[PlacedSibship],
    households: bool,
    link_notes: &[String],
    skipped: &[String],
    width: f64,
    content_bottom: f64,
) -> Legend {
    let mut samples = Vec::new();
    let any = |f: &dyn Fn(&PlacedPerson) -> bool| people.iter().any(f);
    for (sample, used) in [
        (LegendSample::Male, any(&|p| p.sex == Sex::Male)),
        (LegendSample::Female, any(&|p| p.sex == Sex::Female)),
        (LegendSample::UnknownSex, any(&|p| p.sex == Sex::Unknown)),
        (LegendSample::Died, any(&|p| p.died)),
        (LegendSample::IndexChild, any(&|p| p.index_child)),
        (LegendSample::ParentalResponsibility, any(&|p| p.parental_responsibility)),
        (LegendSample::Household, households),
    ] {
        if used {
            samples.push(sample);
        }
    }
    for kind in LineKind::ALL {
        if couples.iter().any(|c| c.kind == kind) {
            samples.push(LegendSample::Line(kind));
        }
    }
    if !sibships.is_empty() {
        samples.push(LegendSample::Children);
    }
    for (kind, sample) in [
        (CareKind::Adopted, LegendSample::AdoptedChild),
        (CareKind::Foster, LegendSample::FosterChild),
    ] {
        if graph.family.care_link.contains(&Some(kind)) {
            samples.push(sample);
        }
    }
    let genogram = graph.genogram;
    for (state, sample) in [
        ("unborn", LegendSample::Pregnancy),
        ("stillborn", LegendSample::Stillbirth),
        ("miscarriage", LegendSample::Miscarriage),
    ] {
        if genogram.people.iter().any(|p| p.has_state(state)) {
            samples.push(sample);
        }
    }
    let mut shadings: Vec<&'static str> =
        genogram.issues.iter().filter_map(Issue::shading).collect();
    let vocabulary = crate::vocabulary::get();
    let order = crate::vocabulary::Vocabulary::list(&vocabulary.genogram, "shaded-issues");
    shadings.sort_by_key(|s| order.iter().position(|o| o == s));
    shadings.dedup();
    samples.extend(shadings.into_iter().map(LegendSample::Shading));
    let kinds = crate::vocabulary::Vocabulary::list(&vocabulary.genogram, "relationship-kinds");
    for kind in kinds {
        if genogram.relationships.iter().any(|r| &r.kind == kind) {
            samples.push(LegendSample::Relationship(kind.as_str()));
        }
    }
    if !genogram.contacts.is_empty() {
        samples.push(LegendSample::Contact);
    }

    let top = content_bottom + 28.0;
    let left = MARGIN;
    let inner = width - 2.0 * MARGIN - 16.0;
    let columns = ((inner / LEGEND_COLUMN).floor() as usize).max(1);
    let title = TextLine {
        text: "Key".into(),
        style: LabelStyle::Name,
        size: NAME_SIZE,
        x: left + 8.0,
        y: top + 18.0,
    };
    let mut items = Vec::new();
    let items_top = top + 28.0;
    for (i, sample) in samples.iter().enumerate() {
        let (row, column) = (i / columns, i % columns);
        let at =
            pt(left + 8.0 + column as f64 * LEGEND_COLUMN, items_top + row as f64 * LEGEND_ROW);
        let text_width = LEGEND_COLUMN - LEGEND_SAMPLE - 16.0;
        let wrapped = text::wrap(sample.text(), DETAIL_SIZE, text_width, 2);
        let count = wrapped.len() as f64;
        let first = at.y + 12.0 - (count - 1.0) * 6.5 + 4.0;
        let lines = wrapped
            .into_iter()
            .enumerate()
            .map(|(k, line)| TextLine {
                text: line,
                style: LabelStyle::Role,
                size: DETAIL_SIZE,
                x: at.x + LEGEND_SAMPLE + 8.0,
                y: first + k as f64 * 13.0,
            })
            .collect();
        items.push(LegendItem { sample: *sample, at, lines });
    }
    let mut y = items_top + samples.len().div_ceil(columns) as f64 * LEGEND_ROW + 6.0;
    let mut notes = Vec::new();
    let mut note = |text: &str, style: LabelStyle, indent: f64, y: &mut f64| {
        for line in text::wrap(text, DETAIL_SIZE, inner - indent, 6) {
            *y += 15.0;
            notes.push(TextLine {
                text: line,
                style,
                size: DETAIL_SIZE,
                x: left + 8.0 + indent,
                y: *y,
            });
        }
    };
    let genogram = graph.genogram;
    let dates = match genogram.updated {
        Some(date) => format!(
            "Under each person: year of birth and age on {} (from the year of birth), or years of birth and death with age at death.",
            date.format("%Y-%m-%d")
        ),
        None => "Under each person: year of birth, or years of birth and death with age at death (no “updated:” date, so no ages).".to_string(),
    };
    note(&dates, LabelStyle::Role, 0.0, &mut y);
    let name = |p: usize| genogram.people[p].name.as_str();
    for (child, carers, kind) in &graph.family.placements {
        let carers: Vec<&str> = carers.iter().map(|&c| name(c)).collect();
        let how = match kind {
            CareKind::Adopted => "adopted by",
            CareKind::Foster => "fostered by",
        };
        note(
            &format!("{} is {how} {}.", name(*child), carers.join(" & ")),
            LabelStyle::Role,
            0.0,
            &mut y,
        );
    }
    for text in link_notes {
        note(text, LabelStyle::Role, 0.0, &mut y);
    }
    if issue_numbers(genogram).next().is_some() {
        y += 4.0;
        note("Issues:", LabelStyle::Name, 0.0, &mut y);
        for (number, issue) in issue_numbers(genogram) {
            let year = issue.year.map(|y| format!(", {y}")).unwrap_or_default();
            note(
                &format!("{number}. {}: {}{year}", issue.person, issue.text),
                LabelStyle::Dates,
                8.0,
                &mut y,
            );
        }
    }
    if !skipped.is_empty() {
        y += 4.0;
        note("Could not draw:", LabelStyle::Name, 0.0, &mut y);
        for item in skipped {
            note(&format!("• {item}"), LabelStyle::Dates, 8.0, &mut y);
        }
    }
    let frame = Rect { x0: left, y0: top, x1: width - MARGIN, y1: y + 12.0 };
    Legend { frame, title, items, notes }
}
