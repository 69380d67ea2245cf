//! Emotional relationship lines and contact arrangements (SPEC §3.4), drawn
//! straight between two people's symbols over the family lines, with the
//! standard patterns (McGoldrick, Gerson and Petry): a double line for
//! close, triple for very close, dashed for distant, a zigzag for conflict
//! (doubled for hostile), a line broken by two bars for cut off, and a
//! zigzag with an arrowhead towards the one harmed for abuse and violence.
//! Contact arrangements are labelled dotted lines.

use std::fmt::Write;

use super::layout::{edge_at, Layout, Point, SMALL_SIZE, SYMBOL};
use super::text::{escape, num};
use crate::parse::genogram::Genogram;

/// Emotional lines: warm relationships in blue, harmful ones in red.
const WARM: &str = "#1565c0";
const HARM: &str = "#c62828";
const CONTACT: &str = "#6d4c41";
/// People less than this far apart across rows are drawn one above the other.
const STACKED: f64 = 20.0;
/// How far below the centres a line between people of one row runs.
const SAME_ROW_DROP: f64 = 12.0;

/// The colour of a relationship line of `kind`.
pub fn colour(kind: &str) -> &'static str {
    match kind {
        "conflict" | "hostile" | "abuse" | "violence" => HARM,
        _ => WARM,
    }
}

/// The two ends of a line between people `a` and `b`: on the edge of each
/// symbol's box, on the line between their centres.
fn ends(layout: &Layout, a: usize, b: usize) -> Option<(Point, Point)> {
    let (pa, pb) = (layout.people.get(a)?, layout.people.get(b)?);
    if pa.row == pb.row {
        // Side by side: parallel to the couple lines (which join the
        // centres), in the lower half of the symbols.
        let y = pa.y + SAME_ROW_DROP;
        let (left, right) = if pa.x < pb.x { (pa, pb) } else { (pb, pa) };
        let from = left.x + edge_at(left.sex, SAME_ROW_DROP) + 3.0;
        let to = right.x - edge_at(right.sex, SAME_ROW_DROP) - 3.0;
        if to - from < 8.0 {
            return None;
        }
        let (from, to) = (Point { x: from, y }, Point { x: to, y });
        return Some(if pa.x < pb.x { (from, to) } else { (to, from) });
    }
    let (dx, dy) = (pb.x - pa.x, pb.y - pa.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length < SYMBOL + 4.0 {
        return None;
    }
    // Leave the box: the distance to its edge along the direction.
    let half = SYMBOL / 2.0 + 3.0;
    let reach = half / (dx.abs().max(dy.abs()) / length);
    let (ux, uy) = (dx / length, dy / length);
    if dx.abs() < STACKED {
        // One above the other: the line to a child runs down the middle,
        // so this one runs beside it, from the edges of the symbols.
        let x = pa.x.min(pb.x) + SYMBOL / 2.0 - 6.0;
        let (top, bottom) = if pa.y < pb.y { (pa.y, pb.y) } else { (pb.y, pa.y) };
        let from = Point { x, y: top + SYMBOL / 2.0 + 2.0 };
        let to = Point { x, y: bottom - SYMBOL / 2.0 - 2.0 };
        return Some(if pa.y < pb.y { (from, to) } else { (to, from) });
    }
    Some((
        Point { x: pa.x + ux * reach, y: pa.y + uy * reach },
        Point { x: pb.x - ux * reach, y: pb.y - uy * reach },
    ))
}

/// Draws a relationship line of `kind` from `from` to `to`; `arrow` puts an
/// arrowhead at `to`.
pub fn relationship_line(out: &mut String, kind: &str, from: Point, to: Point, arrow: bool) {
    let colour = colour(kind);
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let (nx, ny) = (-uy, ux);
    let at = |along: f64, across: f64| Point {
        x: from.x + ux * along + nx * across,
        y: from.y + uy * along + ny * across,
    };
    let straight = |offset: f64| path(&[at(0.0, offset), at(length, offset)]);
    let mut d = String::new();
    let mut attributes = String::new();
    match kind {
        "close" => d = straight(-2.5) + &straight(2.5),
        "very close" => d = straight(-4.0) + &straight(0.0) + &straight(4.0),
        "distant" => {
            d = straight(0.0);
            attributes.push_str(r#" stroke-dasharray="8 5""#);
        }
        "cut off" => {
            let middle = length / 2.0;
            d = path(&[at(0.0, 0.0), at(middle - 5.0, 0.0)])
                + &path(&[at(middle + 5.0, 0.0), at(length, 0.0)])
                + &path(&[at(middle - 5.0, -7.0), at(middle - 5.0, 7.0)])
                + &path(&[at(middle + 5.0, -7.0), at(middle + 5.0, 7.0)]);
        }
        _ => {
            // conflict, hostile, abuse, violence: a zigzag; doubled for
            // hostile.
            let offsets: &[f64] = if kind == "hostile" { &[-3.0, 3.0] } else { &[0.0] };
            let end = if arrow { length - 10.0 } else { length };
            for &offset in offsets {
                let mut points = vec![at(0.0, offset)];
                let mut along = 6.0;
                let mut side = 1.0;
                while along < end - 6.0 {
                    points.push(at(along, offset + side * 5.0));
                    side = -side;
                    along += 7.0;
                }
                points.push(at(end, offset));
                d += &path(&points);
            }
            if arrow {
                d += &path(&[at(length - 12.0, -6.0), at(length, 0.0), at(length - 12.0, 6.0)]);
            }
        }
    }
    let _ = writeln!(
        out,
        r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"{attributes}/>"#
    );
}

/// Draws a contact arrangement: a dotted line, labelled at its middle.
pub fn contact_line(out: &mut String, label: Option<&str>, from: Point, to: Point) {
    let _ = writeln!(
        out,
        r#"<path d="{}" fill="none" stroke="{CONTACT}" stroke-width="1.5" stroke-dasharray="2 4" stroke-linecap="round"/>"#,
        path(&[from, to])
    );
    if let Some(label) = label {
        let (x, y) = ((from.x + to.x) / 2.0, (from.y + to.y) / 2.0 - 4.0);
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" fill="{CONTACT}" text-anchor="middle">{}</text>"#,
            num(x),
            num(y),
            num(SMALL_SIZE),
            escape(label)
        );
    }
}

fn path(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(p.x), num(p.y));
    }
    d
}

/// Every relationship and contact line of the genogram, over the family
/// lines (people whose names are not declared are left out: the parser
/// reports them).
pub fn write(out: &mut String, layout: &Layout, genogram: &Genogram) {
    let index = |name: &str| genogram.people.iter().position(|p| p.name.eq_ignore_ascii_case(name));
    let mut group = String::new();
    for relationship in &genogram.relationships {
        let (Some(a), Some(b)) = (index(&relationship.a), index(&relationship.b)) else { continue };
        if let Some((from, to)) = ends(layout, a, b) {
            relationship_line(&mut group, &relationship.kind, from, to, relationship.directed);
        }
    }
    for contact in &genogram.contacts {
        let (Some(a), Some(b)) = (index(&contact.a), index(&contact.b)) else { continue };
        if let Some((from, to)) = ends(layout, a, b) {
            contact_line(&mut group, Some(&contact.arrangement), from, to);
        }
    }
    if !group.is_empty() {
        out.push_str("<g>\n");
        out.push_str(&group);
        out.push_str("</g>\n");
    }
}
