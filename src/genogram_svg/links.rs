//! Where relationship and contact lines run (SPEC §3.4): straight between
//! the two symbols where that passes no one's symbol or label, else along
//! lanes beside the two people and a channel in a gap between rows, so a
//! line never crosses a name. A contact's arrangement is written on its
//! line where it fits clear of everything else, else listed in the key.

use super::layout::{edge_at, LabelStyle, PlacedPerson, Point, Rect, TextLine, SMALL_SIZE, SYMBOL};
use super::text;
use crate::parse::genogram::Genogram;

const HALF: f64 = SYMBOL / 2.0;
/// How far below the centres a line may leave a symbol sideways (clear of
/// the couple line, which joins the centres), first choice first.
const SIDE_DROPS: [f64; 3] = [12.0, 6.0, 18.0];
/// How far around the two people others can be in the way.
const SLOT_REACH: f64 = 150.0;
/// Room kept between a link and the boxes it passes.
const CLEARANCE: f64 = 2.0;
/// Lanes and channels used by earlier links move over by this much.
const LINK_GAP: f64 = 6.0;

#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// A word of `genogram.relationship-kinds`; `directed` for `A -> B`.
    Relationship {
        kind: String,
        directed: bool,
    },
    Contact {
        arrangement: String,
    },
}

/// A relationship or contact line from `a`'s symbol to `b`'s.
#[derive(Debug, Clone)]
pub struct PlacedLink {
    pub kind: LinkKind,
    pub a: usize,
    pub b: usize,
    /// From the edge of `a`'s symbol to the edge of `b`'s.
    pub path: Vec<Point>,
    /// A contact's arrangement, on its line.
    pub label: Option<TextLine>,
}

/// Half the width a line of `kind` takes (its zigzag or parallel lines).
pub fn half_width(kind: &LinkKind) -> f64 {
    match kind {
        LinkKind::Relationship { kind, .. } => match kind.as_str() {
            "hostile" => 8.0,
            "conflict" | "abuse" | "violence" => 5.0,
            "very close" | "cut off" => 4.0,
            "close" => 3.5,
            _ => 1.5,
        },
        LinkKind::Contact { .. } => 1.5,
    }
}

impl PlacedLink {
    pub fn label_box(&self) -> Option<Rect> {
        let label = self.label.as_ref()?;
        let half = text::width(&label.text, label.size) / 2.0;
        Some(Rect {
            x0: label.x - half,
            y0: label.y - label.size,
            x1: label.x + half,
            y1: label.y + 3.0,
        })
    }
}

/// What the links must keep clear of.
pub struct Obstacles<'a> {
    pub people: &'a [PlacedPerson],
    /// Couple labels and the like.
    pub labels: Vec<Rect>,
    /// Family lines and household outlines (contact labels keep off them).
    pub lines: Vec<(Point, Point)>,
    /// Per row: heights in the gap below it where a link may run across
    /// (between the labels and the lines to children, and between those).
    pub channels: Vec<Vec<f64>>,
}

/// Places every relationship and contact line whose two people are drawn.
/// Returns the links and, for contacts whose arrangement found no room on
/// the line, notes for the key.
pub fn place(genogram: &Genogram, obstacles: &mut Obstacles) -> (Vec<PlacedLink>, Vec<String>) {
    let index = |name: &str| genogram.people.iter().position(|p| p.name.eq_ignore_ascii_case(name));
    let mut wanted: Vec<(LinkKind, usize, usize)> = Vec::new();
    for relationship in &genogram.relationships {
        if let (Some(a), Some(b)) = (index(&relationship.a), index(&relationship.b)) {
            let kind = LinkKind::Relationship {
                kind: relationship.kind.clone(),
                directed: relationship.directed,
            };
            wanted.push((kind, a, b));
        }
    }
    for contact in &genogram.contacts {
        if let (Some(a), Some(b)) = (index(&contact.a), index(&contact.b)) {
            wanted.push((LinkKind::Contact { arrangement: contact.arrangement.clone() }, a, b));
        }
    }
    let mut links = Vec::new();
    let mut notes = Vec::new();
    let mut used: Vec<Vec<Point>> = Vec::new();
    for (kind, a, b) in wanted {
        if a == b {
            continue;
        }
        let Some(path) = route(obstacles, a, b, half_width(&kind), &used) else {
            let names = |p: usize| genogram.people[p].name.as_str();
            let what = match &kind {
                LinkKind::Relationship { kind, .. } => format!("relationship, {kind}"),
                LinkKind::Contact { arrangement } => format!("contact, {arrangement}"),
            };
            notes.push(format!("Not drawn (no clear path): {} & {}, {what}", names(a), names(b)));
            continue;
        };
        let label = match &kind {
            LinkKind::Contact { arrangement } => {
                let label = label_on(obstacles, &path, arrangement);
                if label.is_none() {
                    let names = |p: usize| genogram.people[p].name.as_str();
                    notes.push(format!("Contact, {} & {}: {arrangement}", names(a), names(b)));
                }
                label
            }
            LinkKind::Relationship { .. } => None,
        };
        used.push(path.clone());
        let link = PlacedLink { kind, a, b, path, label };
        if let Some(rect) = link.label_box() {
            obstacles.labels.push(rect);
        }
        obstacles.lines.extend(link.path.windows(2).map(|w| (w[0], w[1])));
        links.push(link);
    }
    (links, notes)
}

/// Whether the segment `a`–`b` passes through the interior of `rect`
/// (Liang–Barsky clipping).
pub fn segment_crosses(rect: &Rect, a: Point, b: Point) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in
        [(-dx, a.x - rect.x0), (dx, rect.x1 - a.x), (-dy, a.y - rect.y0), (dy, rect.y1 - a.y)]
    {
        if p.abs() < 1e-12 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

/// The box around a person's symbol and, with parental responsibility,
/// its badge.
fn symbol_with_badge(person: &PlacedPerson) -> Rect {
    let mut symbol = person.symbol_box();
    if person.parental_responsibility {
        let badge = person.badge_box();
        symbol.y0 = symbol.y0.min(badge.y0);
        symbol.x1 = symbol.x1.max(badge.x1);
    }
    symbol
}

fn grow(rect: Rect, by: f64) -> Rect {
    Rect { x0: rect.x0 - by, y0: rect.y0 - by, x1: rect.x1 + by, y1: rect.y1 + by }
}

/// Whether a path from `a` to `b` keeps clear of every symbol but their
/// own, of every label (theirs too) and of earlier links' lines.
fn clear(
    obstacles: &Obstacles,
    (nearby, lines): (&[&PlacedPerson], &[(Point, Point)]),
    (a, b): (usize, usize),
    width: f64,
    path: &[Point],
    used: &[Vec<Point>],
) -> bool {
    let clearance = CLEARANCE + width;
    let (x0, x1) =
        path.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), p| (l.min(p.x), r.max(p.x)));
    let (y0, y1) =
        path.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), p| (l.min(p.y), r.max(p.y)));
    let window = Rect { x0: x0 - 1.0, y0: y0 - 1.0, x1: x1 + 1.0, y1: y1 + 1.0 };
    let hits = |rect: Rect| {
        rect.overlaps(&window) && path.windows(2).any(|w| segment_crosses(&rect, w[0], w[1]))
    };
    for &person in nearby {
        if !person.symbol_box().overlaps(&grow(window, HALF + 8.0 + clearance))
            && !person.label_box.overlaps(&window)
        {
            continue;
        }
        let own = person.person == a || person.person == b;
        if !own && hits(grow(symbol_with_badge(person), clearance)) {
            return false;
        }
        if hits(grow(person.label_box, clearance)) {
            return false;
        }
    }
    if obstacles.labels.iter().any(|&rect| hits(grow(rect, clearance))) {
        return false;
    }
    // Not along a family line, nor along an earlier link (one could not
    // tell them apart).
    let beside =
        |c: Point, d: Point, near: f64| path.windows(2).any(|w| along(w[0], w[1], c, d, near));
    !lines.iter().any(|&(c, d)| beside(c, d, width + 1.5))
        && !used.iter().any(|other| other.windows(2).any(|o| beside(o[0], o[1], LINK_GAP - 0.5)))
}

/// Whether two axis-parallel segments run side by side closer than
/// `distance` for more than a few pixels.
fn along(a: Point, b: Point, c: Point, d: Point, distance: f64) -> bool {
    let near = |u: f64, v: f64| (u - v).abs() < distance;
    let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| {
        a0.min(a1).max(b0.min(b1)) + 4.0 < a0.max(a1).min(b0.max(b1))
    };
    (near(a.y, b.y) && near(c.y, d.y) && near(a.y, c.y) && overlap(a.x, b.x, c.x, d.x))
        || (near(a.x, b.x) && near(c.x, d.x) && near(a.x, c.x) && overlap(a.y, b.y, c.y, d.y))
}

/// Where a line towards `towards` leaves `person`'s symbol box (3 px out).
fn exit(person: &PlacedPerson, towards: Point) -> Point {
    let (dx, dy) = (towards.x - person.x, towards.y - person.y);
    let length = (dx * dx + dy * dy).sqrt().max(1e-9);
    let reach = (HALF + 3.0) / (dx.abs().max(dy.abs()) / length);
    Point { x: person.x + dx / length * reach, y: person.y + dy / length * reach }
}

/// The point on `person`'s side (`side` −1 left, 1 right) where a line
/// leaves sideways, `drop` below the centre (under the couple line).
fn side_point(person: &PlacedPerson, side: f64, drop: f64) -> Point {
    Point { x: person.x + side * (edge_at(person.sex, drop) + 3.0), y: person.y + drop }
}

/// A lane beside `person` on `side` for a line `width` wide: just past
/// their label (or symbol, with its badge), moved out by `step` lanes.
fn lane(person: &PlacedPerson, side: f64, width: f64, step: usize) -> f64 {
    let label =
        if side > 0.0 { person.label_box.x1 - person.x } else { person.x - person.label_box.x0 };
    let badge = if side > 0.0 && person.parental_responsibility { 18.0 } else { 0.0 };
    let reach = label.max(HALF + badge);
    person.x + side * (reach + CLEARANCE + width + 2.0 + 2.0 * LINK_GAP * step as f64)
}

fn length(path: &[Point]) -> f64 {
    path.windows(2).map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y)).sum()
}

/// The shortest clear path from `a` to `b` for a line `width` wide, or
/// `None`.
fn route(
    obstacles: &Obstacles,
    a: usize,
    b: usize,
    width: f64,
    used: &[Vec<Point>],
) -> Option<Vec<Point>> {
    let (pa, pb) = (obstacles.people.get(a)?, obstacles.people.get(b)?);
    // Only people near the two can be in the way.
    let reach = Rect {
        x0: pa.x.min(pb.x) - 3.0 * SLOT_REACH,
        y0: pa.y.min(pb.y) - 3.0 * SLOT_REACH,
        x1: pa.x.max(pb.x) + 3.0 * SLOT_REACH,
        y1: pa.y.max(pb.y) + 3.0 * SLOT_REACH,
    };
    let nearby: Vec<&PlacedPerson> = obstacles
        .people
        .iter()
        .filter(|p| p.symbol_box().overlaps(&reach) || p.label_box.overlaps(&reach))
        .collect();
    let lines: Vec<(Point, Point)> = obstacles
        .lines
        .iter()
        .copied()
        .filter(|&(c, d)| {
            let span =
                Rect { x0: c.x.min(d.x), y0: c.y.min(d.y), x1: c.x.max(d.x), y1: c.y.max(d.y) };
            grow(span, 1.0).overlaps(&reach)
        })
        .collect();
    let clear = |path: &[Point]| clear(obstacles, (&nearby, &lines), (a, b), width, path, used);
    if pa.row == pb.row {
        let (left, right) = if pa.x < pb.x { (pa, pb) } else { (pb, pa) };
        for drop in SIDE_DROPS {
            let mut path = vec![side_point(left, 1.0, drop), side_point(right, -1.0, drop)];
            if path[1].x - path[0].x >= 8.0 {
                if left.person != a {
                    path.reverse();
                }
                if clear(&path) {
                    return Some(path);
                }
            }
        }
    } else {
        let straight =
            vec![exit(pa, Point { x: pb.x, y: pb.y }), exit(pb, Point { x: pa.x, y: pa.y })];
        if clear(&straight) {
            return Some(straight);
        }
    }
    // Sideways out of each symbol to a lane beside it, along the lane to a
    // channel between rows, across, and back up or down the other's lane.
    let (low_row, high_row) = (pa.row.min(pb.row), pa.row.max(pb.row));
    let first_channel = low_row.saturating_sub(1);
    let last_channel = high_row.min(obstacles.channels.len().saturating_sub(1));
    let mut orthogonal = Vec::new();
    for channel in first_channel..=last_channel {
        let Some(heights) = obstacles.channels.get(channel) else { continue };
        for &cy in heights {
            for (sa, sb) in [(1.0, -1.0), (1.0, 1.0), (-1.0, -1.0), (-1.0, 1.0)] {
                for step in 0..3 {
                    for drop in SIDE_DROPS {
                        let (la, lb) = (lane(pa, sa, width, step), lane(pb, sb, width, step));
                        let (ea, eb) = (side_point(pa, sa, drop), side_point(pb, sb, drop));
                        let mut path = vec![ea, Point { x: la, y: ea.y }, Point { x: la, y: cy }];
                        path.extend([Point { x: lb, y: cy }, Point { x: lb, y: eb.y }, eb]);
                        path.dedup_by(|p, q| (p.x - q.x).abs() < 0.01 && (p.y - q.y).abs() < 0.01);
                        orthogonal.push(path);
                    }
                }
            }
        }
    }
    orthogonal.sort_by(|p, q| length(p).total_cmp(&length(q)));
    orthogonal.into_iter().find(|path| clear(path))
}

/// The arrangement written along the longest stretch of `path` where it
/// touches nothing: above or below a level stretch, beside an upright one.
fn label_on(obstacles: &Obstacles, path: &[Point], arrangement: &str) -> Option<TextLine> {
    let width = text::width(arrangement, SMALL_SIZE);
    let mut stretches: Vec<(Point, Point)> = path.windows(2).map(|w| (w[0], w[1])).collect();
    stretches.sort_by(|p, q| {
        let len = |s: &(Point, Point)| (s.1.x - s.0.x).hypot(s.1.y - s.0.y);
        len(q).total_cmp(&len(p))
    });
    for (a, b) in stretches {
        for along in [0.5, 0.35, 0.65, 0.2, 0.8] {
            let (mx, my) = (a.x + (b.x - a.x) * along, a.y + (b.y - a.y) * along);
            // On the line (drawn over it, on white), above it, below it.
            for (x, y) in [(mx, my + 3.5), (mx, my - 4.0), (mx, my + SMALL_SIZE + 3.0)] {
                let line = TextLine {
                    text: arrangement.to_string(),
                    style: LabelStyle::Dates,
                    size: SMALL_SIZE,
                    x,
                    y,
                };
                let rect = Rect {
                    x0: x - width / 2.0,
                    y0: y - SMALL_SIZE,
                    x1: x + width / 2.0,
                    y1: y + 3.0,
                };
                if fits(obstacles, &grow(rect, CLEARANCE)) {
                    return Some(line);
                }
            }
        }
    }
    None
}

fn fits(obstacles: &Obstacles, rect: &Rect) -> bool {
    rect.x0 >= 0.0
        && rect.y0 >= 0.0
        && !obstacles
            .people
            .iter()
            .any(|p| symbol_with_badge(p).overlaps(rect) || p.label_box.overlaps(rect))
        && !obstacles.labels.iter().any(|l| l.overlaps(rect))
        && !obstacles.lines.iter().any(|&(a, b)| rect.crossed_by(a, b))
}
