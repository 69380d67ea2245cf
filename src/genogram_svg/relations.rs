//! Emotional relationship lines and contact arrangements (SPEC §3.4), drawn
//! along the paths `links.rs` finds, over the family lines, with the
//! standard patterns (McGoldrick, Gerson and Petry): a double line for
//! close, triple for very close, dashed for distant, a zigzag for conflict
//! (doubled for hostile), a line broken by two bars for cut off, and a
//! zigzag with an arrowhead towards the one harmed for abuse and violence.
//! Contact arrangements are labelled dotted lines.

use std::fmt::Write;

use super::layout::{Layout, Point};
use super::links::LinkKind;
use super::text::{escape, num};

/// Emotional lines: warm relationships in blue, harmful ones in red.
const WARM: &str = "#1565c0";
const HARM: &str = "#c62828";
const CONTACT: &str = "#6d4c41";

/// The colour of a relationship line of `kind`.
pub fn colour(kind: &str) -> &'static str {
    match kind {
        "conflict" | "hostile" | "abuse" | "violence" => HARM,
        _ => WARM,
    }
}

/// Draws a relationship line of `kind` from `from` to `to`; `arrow` puts an
/// arrowhead at `to`.
pub fn relationship_line(out: &mut String, kind: &str, from: Point, to: Point, arrow: bool) {
    let (d, attributes) = pattern(kind, from, to, arrow);
    let colour = colour(kind);
    let _ = writeln!(
        out,
        r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"{attributes}/>"#
    );
}

/// The path data of a relationship line of `kind` from `from` to `to`,
/// and the attributes its pattern needs.
fn pattern(kind: &str, from: Point, to: Point, arrow: bool) -> (String, &'static str) {
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
    let mut attributes = "";
    match kind {
        "close" => d = straight(-2.5) + &straight(2.5),
        "very close" => d = straight(-4.0) + &straight(0.0) + &straight(4.0),
        "cut off, plain" => d = straight(0.0),
        "distant" => {
            d = straight(0.0);
            attributes = r#" stroke-dasharray="8 5""#;
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
    (d, attributes)
}

/// Draws a contact arrangement's dotted line.
pub fn contact_path(out: &mut String, points: &[Point]) {
    let _ = writeln!(
        out,
        r#"<path d="{}" fill="none" stroke="{CONTACT}" stroke-width="1.5" stroke-dasharray="2 4" stroke-linecap="round" stroke-linejoin="round"/>"#,
        path(points)
    );
}

fn path(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(p.x), num(p.y));
    }
    d
}

/// Every relationship and contact line of the genogram, over the family
/// lines, along the paths the layout found for them.
pub fn write(out: &mut String, layout: &Layout) {
    let mut group = String::new();
    for link in &layout.links {
        match &link.kind {
            LinkKind::Relationship { kind, directed } => {
                relationship_path(&mut group, kind, &link.path, *directed)
            }
            LinkKind::Contact { .. } => {
                contact_path(&mut group, &link.path);
                if let (Some(label), Some(rect)) = (&link.label, link.label_box()) {
                    // On white, so a label over its own line stays readable.
                    let _ = writeln!(
                        group,
                        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff"/>"##,
                        num(rect.x0),
                        num(rect.y0),
                        num(rect.x1 - rect.x0),
                        num(rect.y1 - rect.y0)
                    );
                    let _ = writeln!(
                        group,
                        r#"<text x="{}" y="{}" font-size="{}" fill="{CONTACT}" text-anchor="middle">{}</text>"#,
                        num(label.x),
                        num(label.y),
                        num(label.size),
                        escape(&label.text)
                    );
                }
            }
        }
    }
    if !group.is_empty() {
        out.push_str("<g>\n");
        out.push_str(&group);
        out.push_str("</g>\n");
    }
}

/// A relationship line along `path`: the pattern on each stretch, the
/// bars of a cut-off on the longest, the arrowhead at the end.
fn relationship_path(out: &mut String, kind: &str, path: &[Point], arrow: bool) {
    let count = path.len().saturating_sub(1);
    let length = |i: usize| (path[i + 1].x - path[i].x).hypot(path[i + 1].y - path[i].y);
    let longest = (0..count).max_by(|&i, &j| length(i).total_cmp(&length(j))).unwrap_or(0);
    let mut d = String::new();
    let mut attributes = "";
    for i in 0..count {
        let stretch_kind = if kind == "cut off" && i != longest { "cut off, plain" } else { kind };
        let (part, with) = pattern(stretch_kind, path[i], path[i + 1], arrow && i + 1 == count);
        d.push_str(&part);
        if !with.is_empty() {
            attributes = with;
        }
    }
    let colour = colour(kind);
    let _ = writeln!(
        out,
        r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"{attributes}/>"#
    );
}
