//! Writes a [`Layout`] as SVG 1.1: presentation attributes only (no CSS, no
//! scripts, no external resources), every text escaped, every number
//! rounded to one decimal so the output is the same on every run.

use std::fmt::Write;

use super::family::LineKind;
use super::layout::{LabelStyle, Layout, LegendSample, Point, TextLine, SMALL_SIZE, SYMBOL};
use super::relations;
use super::text::{escape, num};
use crate::parse::genogram::{CareKind, Genogram, Person, Sex};

const INK: &str = "#1a1a1a";
const SOFT_INK: &str = "#4a4a4a";
const HOUSEHOLD: &str = "#2e7d32";
const BADGE: &str = "#1f4e99";
const FILLED: &str = r##" fill="#ffffff" stroke-width="2""##;

pub fn write(layout: &Layout, genogram: &Genogram) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let (w, h) = (num(layout.width), num(layout.height));
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">"#
    );
    let title = layout.heading.first().map_or("Genogram", |t| t.text.as_str());
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<desc>{}</desc>", escape(&describe(layout, genogram)));
    let _ = writeln!(out, r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##);
    for line in &layout.heading {
        let weight = if line.style == LabelStyle::Name { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{INK}">{}</text>"#,
            num(line.x),
            num(line.y),
            num(line.size),
            escape(&line.text)
        );
    }

    // Households, behind everything.
    if !layout.households.is_empty() {
        let _ = writeln!(
            out,
            r#"<g fill="none" stroke="{HOUSEHOLD}" stroke-width="1.5" stroke-dasharray="7 4" stroke-linejoin="round">"#
        );
        for outline in &layout.households {
            let _ = writeln!(out, r#"<path d="{}"/>"#, path_data(outline, true));
        }
        out.push_str("</g>\n");
    }

    // Couple lines and the lines to children.
    let _ = writeln!(out, r#"<g fill="none" stroke="{INK}" stroke-width="1.6">"#);
    for couple in &layout.couples {
        let _ =
            writeln!(out, r#"<path d="{}"{}/>"#, path_data(&couple.path, false), dash(couple.kind));
        let slashes = match couple.kind {
            LineKind::Separated => 1,
            LineKind::Divorced => 2,
            _ => 0,
        };
        for k in 0..slashes {
            let cx =
                couple.slashes_at.x + if slashes == 2 { f64::from(k) * 8.0 - 4.0 } else { 0.0 };
            slash(&mut out, cx, couple.slashes_at.y);
        }
    }
    for sibship in &layout.sibships {
        // The line from the parents is the children's kind of line when
        // they all share one (all adopted, all fostered).
        let links: Vec<_> = sibship.children.iter().map(|&c| layout.family.care_link[c]).collect();
        let shared = if links.windows(2).all(|w| w[0] == w[1]) {
            links.first().copied().flatten()
        } else {
            None
        };
        let _ = writeln!(
            out,
            r#"<path d="{}"{}/>"#,
            path_data(&sibship.connector, false),
            care_dash(shared)
        );
        let _ = writeln!(
            out,
            r#"<path d="M{} {}H{}"{}/>"#,
            num(sibship.x1),
            num(sibship.line_y),
            num(sibship.x2),
            care_dash(shared)
        );
        for &(child, top, bottom) in &sibship.drops {
            // Straight down, or slanting from the apex shared by twins.
            let end = if top.x == bottom.x {
                format!("V{}", num(bottom.y))
            } else {
                format!("L{} {}", num(bottom.x), num(bottom.y))
            };
            let _ = writeln!(
                out,
                r#"<path d="M{} {}{end}"{}/>"#,
                num(top.x),
                num(top.y),
                care_dash(layout.family.care_link[child])
            );
        }
    }
    out.push_str("</g>\n");
    let labelled: Vec<_> = layout.couples.iter().filter(|c| c.label.is_some()).collect();
    if !labelled.is_empty() {
        let _ = writeln!(
            out,
            r#"<g font-size="{}" fill="{SOFT_INK}" text-anchor="middle">"#,
            num(SMALL_SIZE)
        );
        for couple in labelled {
            let label = couple.label.as_deref().unwrap_or_default();
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                num(couple.label_at.x),
                num(couple.label_at.y),
                escape(label)
            );
        }
        out.push_str("</g>\n");
    }

    // People.
    for placed in &layout.people {
        let _ = writeln!(out, "<g>");
        let _ = writeln!(
            out,
            "<title>{}</title>",
            escape(&person_sentence(layout, genogram, placed.person))
        );
        let half = SYMBOL / 2.0;
        let person = &genogram.people[placed.person];
        let drawn = symbol(&mut out, person, placed.sex, placed.x, placed.y, half);
        shadings(&mut out, placed.person, genogram, person, drawn);
        if placed.index_child {
            shape(
                &mut out,
                placed.sex,
                placed.x,
                placed.y,
                half - 5.0,
                r#" fill="none" stroke-width="1.6""#,
            );
        }
        if placed.died {
            cross(&mut out, placed.x, placed.y, half + 3.0);
        }
        if placed.parental_responsibility {
            badge(&mut out, placed.badge_box());
        }
        text_lines(&mut out, &placed.labels, true);
        out.push_str("</g>\n");
    }

    relations::write(&mut out, layout);
    legend(&mut out, layout);
    out.push_str("</svg>\n");
    out
}

/// Adoption dashed, foster placement dotted (McGoldrick, Gerson and Petry).
fn care_dash(kind: Option<CareKind>) -> &'static str {
    match kind {
        Some(CareKind::Adopted) => r#" stroke-dasharray="6 4""#,
        Some(CareKind::Foster) => r#" stroke-dasharray="2 3""#,
        None => "",
    }
}

fn dash(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Cohabiting => r#" stroke-dasharray="7 4""#,
        LineKind::Engaged => r#" stroke-dasharray="3 3""#,
        LineKind::Unrecorded => r#" stroke-dasharray="1 4" stroke-linecap="round""#,
        _ => "",
    }
}

fn path_data(points: &[Point], closed: bool) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, num(p.x), num(p.y));
    }
    if closed {
        d.push('Z');
    }
    d
}

fn slash(out: &mut String, cx: f64, cy: f64) {
    let _ = writeln!(
        out,
        r#"<path d="M{} {}L{} {}"/>"#,
        num(cx - 4.0),
        num(cy + 7.0),
        num(cx + 4.0),
        num(cy - 7.0)
    );
}

/// The person's symbol: a triangle for an expected child, a small filled
/// shape for a stillbirth, a small shape marked with an X for a
/// miscarriage, else the shape of their sex. Returns where it was drawn
/// (centre and half size), for the shadings.
fn symbol(
    out: &mut String,
    person: &Person,
    sex: Sex,
    cx: f64,
    cy: f64,
    half: f64,
) -> Option<(Sex, f64, f64, f64)> {
    // Small symbols keep the top of a full one, where the child line ends.
    let small = half / 2.0;
    let small_cy = cy - half + small;
    if person.has_state("unborn") {
        triangle(out, cx, cy, half, FILLED);
        None
    } else if person.has_state("stillborn") {
        shape(out, sex, cx, small_cy, small, r##" fill="#1a1a1a" stroke-width="2""##);
        None
    } else if person.has_state("miscarriage") {
        shape(out, sex, cx, small_cy, small, FILLED);
        cross(out, cx, small_cy, small + 3.0);
        None
    } else {
        shape(out, sex, cx, cy, half, FILLED);
        Some((sex, cx, cy, half))
    }
}

fn triangle(out: &mut String, cx: f64, cy: f64, half: f64, attributes: &str) {
    let _ = writeln!(
        out,
        r#"<polygon points="{},{} {},{} {},{}" stroke="{INK}"{attributes}/>"#,
        num(cx),
        num(cy - half),
        num(cx + half),
        num(cy + half),
        num(cx - half),
        num(cy + half)
    );
}

/// The part of a symbol shaded for an issue (`genogram.shaded-issues`):
/// the standard bottom half for substance and alcohol misuse (one quarter
/// each, so both together make the half), the upper quarters for mental
/// and physical health, and hatching for a learning disability.
fn shading_part(issue: &str) -> Option<(f64, f64, f64, f64)> {
    // (x0, y0, x1, y1) as shares of the symbol box from its top left.
    match issue {
        "substance misuse" => Some((0.0, 0.5, 0.5, 1.0)),
        "alcohol misuse" => Some((0.5, 0.5, 1.0, 1.0)),
        "mental health" => Some((0.0, 0.0, 0.5, 0.5)),
        "physical health" => Some((0.5, 0.0, 1.0, 0.5)),
        _ => None,
    }
}

/// Shades the parts of the symbol drawn at `drawn` for the person's issues.
fn shadings(
    out: &mut String,
    p: usize,
    genogram: &Genogram,
    person: &Person,
    drawn: Option<(Sex, f64, f64, f64)>,
) {
    let Some((sex, cx, cy, half)) = drawn else { return };
    let shaded = shaded_issues(genogram, person);
    if shaded.is_empty() {
        return;
    }
    let clip = format!("shape-{p}");
    let _ = writeln!(out, r#"<clipPath id="{clip}">"#);
    shape(out, sex, cx, cy, half, "");
    out.push_str("</clipPath>\n");
    for issue in shaded {
        shade(out, issue, cx, cy, half, &clip);
    }
    shape(out, sex, cx, cy, half, r#" fill="none" stroke-width="2""#);
}

fn shade(out: &mut String, issue: &str, cx: f64, cy: f64, half: f64, clip: &str) {
    let (x, y, size) = (cx - half, cy - half, 2.0 * half);
    match shading_part(issue) {
        Some((x0, y0, x1, y1)) => {
            let _ = writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{INK}" clip-path="url(#{clip})"/>"#,
                num(x + x0 * size),
                num(y + y0 * size),
                num((x1 - x0) * size),
                num((y1 - y0) * size)
            );
        }
        None => {
            // Learning disability: diagonal hatching over the whole symbol.
            let mut d = String::new();
            let mut k = -size;
            while k < size {
                let _ =
                    write!(d, "M{} {}L{} {}", num(x + k), num(y + size), num(x + k + size), num(y));
                k += 6.0;
            }
            let _ = writeln!(
                out,
                r#"<path d="{d}" stroke="{INK}" stroke-width="1" clip-path="url(#{clip})"/>"#
            );
        }
    }
}

/// The person's issues that have a standard shading, in the vocabulary's
/// words, each once.
pub(super) fn shaded_issues(genogram: &Genogram, person: &Person) -> Vec<&'static str> {
    let mut shaded: Vec<&'static str> = genogram
        .issues
        .iter()
        .filter(|issue| issue.person.eq_ignore_ascii_case(&person.name))
        .filter_map(|issue| issue.shading())
        .collect();
    shaded.dedup();
    shaded
}

fn shape(out: &mut String, sex: Sex, cx: f64, cy: f64, half: f64, attributes: &str) {
    let _ = match sex {
        Sex::Male => writeln!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" stroke="{INK}"{attributes}/>"#,
            num(cx - half),
            num(cy - half),
            num(2.0 * half),
            num(2.0 * half)
        ),
        Sex::Female => writeln!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}" stroke="{INK}"{attributes}/>"#,
            num(cx),
            num(cy),
            num(half)
        ),
        Sex::Unknown => writeln!(
            out,
            r#"<polygon points="{},{} {},{} {},{} {},{}" stroke="{INK}"{attributes}/>"#,
            num(cx),
            num(cy - half),
            num(cx + half),
            num(cy),
            num(cx),
            num(cy + half),
            num(cx - half),
            num(cy)
        ),
    };
}

fn cross(out: &mut String, cx: f64, cy: f64, half: f64) {
    let _ = writeln!(
        out,
        r#"<path d="M{a} {b}L{c} {d}M{a} {d}L{c} {b}" stroke="{INK}" stroke-width="2"/>"#,
        a = num(cx - half),
        b = num(cy - half),
        c = num(cx + half),
        d = num(cy + half)
    );
}

fn badge(out: &mut String, rect: super::layout::Rect) {
    let _ = writeln!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{BADGE}"/>"#,
        num(rect.x0),
        num(rect.y0),
        num(rect.x1 - rect.x0),
        num(rect.y1 - rect.y0)
    );
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="#ffffff" text-anchor="middle">PR</text>"##,
        num((rect.x0 + rect.x1) / 2.0),
        num(rect.y1 - 3.5),
        num(SMALL_SIZE)
    );
}

fn text_lines(out: &mut String, lines: &[TextLine], centred: bool) {
    for line in lines {
        let (fill, style) = match line.style {
            LabelStyle::Name => (INK, ""),
            LabelStyle::Role => (SOFT_INK, r#" font-style="italic""#),
            LabelStyle::Dates => (INK, ""),
        };
        let anchor = if centred { r#" text-anchor="middle""# } else { "" };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}" fill="{fill}"{style}{anchor}>{}</text>"#,
            num(line.x),
            num(line.y),
            num(line.size),
            escape(&line.text)
        );
    }
}

fn legend(out: &mut String, layout: &Layout) {
    let legend = &layout.legend;
    let frame = legend.frame;
    out.push_str("<g>\n");
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#f7f7f7" stroke="#9e9e9e"/>"##,
        num(frame.x0),
        num(frame.y0),
        num(frame.x1 - frame.x0),
        num(frame.y1 - frame.y0)
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="{INK}">{}</text>"#,
        num(legend.title.x),
        num(legend.title.y),
        num(legend.title.size),
        escape(&legend.title.text)
    );
    for item in &legend.items {
        let (x, y) = (item.at.x, item.at.y);
        let (cx, cy) = (x + 24.0, y + 12.0);
        let line = |out: &mut String, kind: LineKind| {
            let _ = writeln!(
                out,
                r#"<path d="M{} {}H{}" fill="none" stroke="{INK}" stroke-width="1.6"{}/>"#,
                num(x + 2.0),
                num(cy),
                num(x + 46.0),
                dash(kind)
            );
        };
        match item.sample {
            LegendSample::Male => shape(out, Sex::Male, cx, cy, 10.0, FILLED),
            LegendSample::Female => shape(out, Sex::Female, cx, cy, 10.0, FILLED),
            LegendSample::UnknownSex => {
                shape(out, Sex::Unknown, cx, cy, 11.0, FILLED);
            }
            LegendSample::Died => {
                shape(out, Sex::Male, cx, cy, 10.0, FILLED);
                cross(out, cx, cy, 12.0);
            }
            LegendSample::IndexChild => {
                shape(out, Sex::Male, cx, cy, 11.0, FILLED);
                shape(out, Sex::Male, cx, cy, 7.0, r#" fill="none" stroke-width="1.6""#);
            }
            LegendSample::ParentalResponsibility => badge(
                out,
                super::layout::Rect { x0: cx - 11.0, y0: cy - 7.0, x1: cx + 11.0, y1: cy + 6.0 },
            ),
            LegendSample::Household => {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="40" height="20" rx="3" fill="none" stroke="{HOUSEHOLD}" stroke-width="1.5" stroke-dasharray="7 4"/>"#,
                    num(x + 4.0),
                    num(y + 2.0)
                );
            }
            LegendSample::Line(kind) => {
                line(out, kind);
                let slashes = match kind {
                    LineKind::Separated => 1,
                    LineKind::Divorced => 2,
                    _ => 0,
                };
                if slashes > 0 {
                    let _ = writeln!(out, r#"<g stroke="{INK}" stroke-width="1.6">"#);
                    for k in 0..slashes {
                        let sx = cx + if slashes == 2 { f64::from(k) * 8.0 - 4.0 } else { 0.0 };
                        slash(out, sx, cy);
                    }
                    out.push_str("</g>\n");
                }
            }
            LegendSample::Pregnancy => triangle(out, cx, cy, 10.0, FILLED),
            LegendSample::Relationship(kind) => relations::relationship_line(
                out,
                kind,
                Point { x: x + 2.0, y: cy },
                Point { x: x + 46.0, y: cy },
                matches!(kind, "abuse" | "violence"),
            ),
            LegendSample::Contact => relations::contact_path(
                out,
                &[Point { x: x + 2.0, y: cy }, Point { x: x + 46.0, y: cy }],
            ),
            LegendSample::Stillbirth => {
                shape(out, Sex::Male, cx, cy, 6.0, r##" fill="#1a1a1a" stroke-width="2""##)
            }
            LegendSample::Miscarriage => {
                shape(out, Sex::Male, cx, cy, 6.0, FILLED);
                cross(out, cx, cy, 9.0);
            }
            LegendSample::Shading(issue) => {
                shape(out, Sex::Male, cx, cy, 10.0, FILLED);
                let clip = format!("key-{}", issue.replace(' ', "-"));
                let _ = writeln!(out, r#"<clipPath id="{clip}">"#);
                shape(out, Sex::Male, cx, cy, 10.0, "");
                out.push_str("</clipPath>\n");
                shade(out, issue, cx, cy, 10.0, &clip);
                shape(out, Sex::Male, cx, cy, 10.0, r#" fill="none" stroke-width="2""#);
            }
            LegendSample::AdoptedChild | LegendSample::FosterChild => {
                let kind = if item.sample == LegendSample::AdoptedChild {
                    CareKind::Adopted
                } else {
                    CareKind::Foster
                };
                let _ = writeln!(
                    out,
                    r#"<path d="M{} {}V{}" fill="none" stroke="{INK}" stroke-width="1.6"{}/>"#,
                    num(cx),
                    num(y),
                    num(y + 24.0),
                    care_dash(Some(kind))
                );
            }
            LegendSample::Children => {
                let _ = writeln!(
                    out,
                    r#"<path d="M{m} {t}V{c}M{l} {c}H{r}M{l} {c}V{b}M{r} {c}V{b}" fill="none" stroke="{INK}" stroke-width="1.6"/>"#,
                    m = num(cx),
                    t = num(y),
                    c = num(cy),
                    l = num(cx - 14.0),
                    r = num(cx + 14.0),
                    b = num(y + 24.0)
                );
            }
        }
        text_lines(out, &item.lines, false);
    }
    for note in &legend.notes {
        let (weight, fill) = match note.style {
            LabelStyle::Name => (r#" font-weight="bold""#, INK),
            LabelStyle::Role => ("", SOFT_INK),
            LabelStyle::Dates => ("", INK),
        };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{fill}">{}</text>"#,
            num(note.x),
            num(note.y),
            num(note.size),
            escape(&note.text)
        );
    }
    out.push_str("</g>\n");
}

/// One person in words: `Jamie Smith: the record's child; child; male;
/// born 2016, age 10; lives in the household.`
fn person_sentence(layout: &Layout, genogram: &Genogram, p: usize) -> String {
    let person = &genogram.people[p];
    let mut parts: Vec<String> = Vec::new();
    if layout.family.index[p] {
        parts.push("the record's child".into());
    }
    if let Some(role) = &person.role {
        parts.push(role.clone());
    }
    parts.push(
        match person.sex {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unknown => "sex unknown or other",
        }
        .into(),
    );
    // A loss has a year, never an age.
    let updated = genogram
        .updated
        .map(|d| chrono::Datelike::year(&d))
        .filter(|_| !person.has_state("stillborn") && !person.has_state("miscarriage"));
    match (person.born, person.died) {
        (Some(born), Some(died)) => parts.push(format!("born {born}, died {died}")),
        (Some(born), None) => match updated {
            Some(year) if year >= born => parts.push(format!("born {born}, age {}", year - born)),
            _ => parts.push(format!("born {born}")),
        },
        (None, Some(died)) => parts.push(format!("died {died}")),
        (None, None) => {}
    }
    if person.parental_responsibility {
        parts.push("has parental responsibility".into());
    }
    if person.household {
        parts.push("lives in the child's household".into());
    }
    parts.extend(person.states.iter().cloned());
    for issue in genogram.issues.iter().filter(|i| i.person.eq_ignore_ascii_case(&person.name)) {
        let year = issue.year.map(|y| format!(" ({y})")).unwrap_or_default();
        parts.push(format!("issue: {}{year}", issue.text));
    }
    format!("{}: {}.", person.name, parts.join("; "))
}

/// The family in words, for screen readers: people, couples, children,
/// and what could not be drawn.
fn describe(layout: &Layout, genogram: &Genogram) -> String {
    let name = |p: usize| genogram.people[p].name.as_str();
    let mut sentences: Vec<String> = Vec::new();
    sentences.push(match genogram.updated {
        Some(date) => format!("Genogram updated {}.", date.format("%Y-%m-%d")),
        None => "Genogram with no update date.".into(),
    });
    if genogram.people.is_empty() {
        sentences.push("No people are declared.".into());
    }
    for p in 0..genogram.people.len() {
        sentences.push(person_sentence(layout, genogram, p));
    }
    let family = &layout.family;
    for partnership in &family.partnerships {
        let when = partnership.since.map(|y| format!(" {y}")).unwrap_or_default();
        sentences.push(format!(
            "{} and {}: {}{when}.",
            name(partnership.a),
            name(partnership.b),
            partnership.kind.words()
        ));
    }
    for union in &family.unions {
        if union.children.is_empty() {
            continue;
        }
        let parents: Vec<&str> = union.parents.iter().map(|&p| name(p)).collect();
        for (link, words) in [
            (None, "Children of"),
            (Some(CareKind::Adopted), "Adopted children of"),
            (Some(CareKind::Foster), "Foster children of"),
        ] {
            let children: Vec<&str> = union
                .children
                .iter()
                .filter(|&&c| family.care_link[c] == link)
                .map(|&c| name(c))
                .collect();
            if !children.is_empty() {
                sentences.push(format!(
                    "{words} {}, oldest first: {}.",
                    parents.join(" and "),
                    children.join(", ")
                ));
            }
        }
    }
    for (child, carers, kind) in &family.placements {
        let carers: Vec<&str> = carers.iter().map(|&c| name(c)).collect();
        let how = if *kind == CareKind::Adopted { "adopted" } else { "fostered" };
        sentences.push(format!("{} is {how} by {}.", name(*child), carers.join(" and ")));
    }
    for twins in &family.twins {
        let names: Vec<&str> = twins.iter().map(|&t| name(t)).collect();
        sentences.push(format!("Twins: {}.", names.join(" and ")));
    }
    for r in &genogram.relationships {
        let when = r.year.map(|y| format!(" since {y}")).unwrap_or_default();
        let between = if r.directed {
            format!("from {} towards {}", r.a, r.b)
        } else {
            format!("between {} and {}", r.a, r.b)
        };
        sentences.push(format!("Relationship {between}: {}{when}.", r.kind));
    }
    for c in &genogram.contacts {
        sentences.push(format!("Contact between {} and {}: {}.", c.a, c.b, c.arrangement));
    }
    if !layout.skipped.is_empty() {
        sentences.push(format!("Could not draw: {}.", layout.skipped.join("; ")));
    }
    sentences.join("\n")
}
