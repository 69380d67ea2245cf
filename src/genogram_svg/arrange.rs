//! Steps 1 to 4 of the layout (see [`super::layout`]): units of partners,
//! generations, the order within each row, and x positions.

use std::collections::{BTreeMap, HashMap};

use super::family::Family;
use super::layout::{BRACKET_DROP, BRACKET_GAP, HOUSEHOLD_GAP, MARGIN, SLOT, SYMBOL, UNIT_GAP};
use crate::parse::genogram::{Genogram, Sex};

/// Where the children of a union hang from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Hook {
    /// The middle of the couple line of two neighbours.
    Couple { left: usize, right: usize },
    /// A drop beside `left`, from the line over partners who are not neighbours.
    Bracket { left: usize },
    /// A short line out of one side of a single parent.
    Single { parent: usize, side: f64, low: bool },
}

/// The people and their relations, as the layout sees them.
pub(super) struct Graph<'a> {
    pub(super) genogram: &'a Genogram,
    pub(super) family: &'a Family,
    /// Per partnership: drawn (both partners in one unit).
    pub(super) accepted: Vec<bool>,
    /// Per person: their unit.
    pub(super) unit_of: Vec<usize>,
    /// Per unit: its members, left to right.
    pub(super) members: Vec<Vec<usize>>,
    /// Per union: the parents drawn as such.
    pub(super) parents: Vec<Vec<usize>>,
    /// Per person: unions (with children) they are a drawn parent in.
    pub(super) parent_in: Vec<Vec<usize>>,
    /// Per person: the union they are a child of, if its parents are drawn.
    pub(super) child_of: Vec<Option<usize>>,
}

impl Graph<'_> {
    pub(super) fn has_links(&self, unit: usize) -> bool {
        self.members[unit]
            .iter()
            .any(|&m| self.child_of[m].is_some() || !self.parent_in[m].is_empty())
    }
}

// --- 1. Units ---------------------------------------------------------------

pub(super) fn build_graph<'a>(
    genogram: &'a Genogram,
    family: &'a Family,
    skipped: &mut Vec<String>,
) -> Graph<'a> {
    let n = genogram.people.len();
    let name = |p: usize| genogram.people[p].name.as_str();
    let mut children_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (child, union) in family.parent_union.iter().enumerate() {
        if let Some(u) = union {
            for &p in &family.unions[*u].parents {
                children_of[p].push(child);
            }
        }
    }
    // Union-find over partners; each root keeps its members.
    let mut root: Vec<usize> = (0..n).collect();
    let mut group: Vec<Vec<usize>> = (0..n).map(|p| vec![p]).collect();
    let find = |root: &[usize], mut p: usize| {
        while root[p] != p {
            p = root[p];
        }
        p
    };
    // Whether some member of group `from` is a forebear of a member of `to`.
    // `seen` holds the number of the search that last saw a group, so that
    // a search costs what it visits, not the size of the family.
    let mut seen: Vec<usize> = vec![0; n];
    let mut search = 0;
    let mut reaches = |root: &[usize], group: &[Vec<usize>], from: usize, to: usize| {
        search += 1;
        seen[from] = search;
        let mut stack = group[from].clone();
        let mut visited = 0;
        let mut found = false;
        'search: while let Some(p) = stack.pop() {
            visited += 1;
            for &c in &children_of[p] {
                let r = find(root, c);
                if r == to {
                    found = true;
                    break 'search;
                }
                if std::mem::replace(&mut seen[r], search) != search {
                    stack.extend(&group[r]);
                }
            }
        }
        crate::work::add(visited);
        found
    };
    let mut accepted = vec![false; family.partnerships.len()];
    for (i, partnership) in family.partnerships.iter().enumerate() {
        let (ra, rb) = (find(&root, partnership.a), find(&root, partnership.b));
        if ra == rb {
            accepted[i] = true;
        } else if reaches(&root, &group, ra, rb) || reaches(&root, &group, rb, ra) {
            skipped.push(format!(
                "the couple line between {} and {}: it would put one in the same generation as their own forebear",
                name(partnership.a),
                name(partnership.b)
            ));
        } else {
            let (keep, merge) = (ra.min(rb), ra.max(rb));
            root[merge] = keep;
            let moved = std::mem::take(&mut group[merge]);
            group[keep].extend(moved);
            accepted[i] = true;
        }
    }
    // Units in order of their first-declared member.
    let mut unit_of = vec![usize::MAX; n];
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for p in 0..n {
        let r = find(&root, p);
        if unit_of[r] == usize::MAX {
            let mut set = group[r].clone();
            set.sort_unstable();
            for &m in &set {
                unit_of[m] = sets.len();
            }
            unit_of[r] = sets.len();
            sets.push(set);
        }
        unit_of[p] = unit_of[r];
    }

    let mut parents: Vec<Vec<usize>> = Vec::new();
    for union in &family.unions {
        let mut drawn = union.parents.clone();
        if let [a, b] = drawn[..] {
            if unit_of[a] != unit_of[b] {
                if !union.children.is_empty() {
                    let children: Vec<&str> = union.children.iter().map(|&c| name(c)).collect();
                    skipped.push(format!(
                        "the line from {} to {} (drawn from {} only)",
                        name(b),
                        children.join(", "),
                        name(a)
                    ));
                }
                drawn.truncate(1);
            }
        }
        parents.push(drawn);
    }
    let mut parent_in = vec![Vec::new(); n];
    let mut child_of = vec![None; n];
    for (u, union) in family.unions.iter().enumerate() {
        if union.children.is_empty() {
            continue;
        }
        for &p in &parents[u] {
            parent_in[p].push(u);
        }
        for &c in &union.children {
            child_of[c] = Some(u);
        }
    }
    // Partners of each person, in the order the couples were declared.
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (partnership, _) in family.partnerships.iter().zip(&accepted).filter(|(_, &ok)| ok) {
        partners[partnership.a].push(partnership.other(partnership.a));
        if partnership.b != partnership.a {
            partners[partnership.b].push(partnership.other(partnership.b));
        }
    }
    let members = sets.iter().map(|set| chain(genogram, &partners, set)).collect();
    Graph { genogram, family, accepted, unit_of, members, parents, parent_in, child_of }
}

/// Orders a unit's members so that partners are neighbours where possible:
/// a path through the couple lines, men on the left of a couple, a person
/// with three or more partners between their first two.
fn chain(genogram: &Genogram, partners_of: &[Vec<usize>], set: &[usize]) -> Vec<usize> {
    if set.len() == 1 {
        return set.to_vec();
    }
    let partners = |p: usize| -> Vec<usize> { partners_of[p].clone() };
    let hub = set.iter().copied().filter(|&p| partners(p).len() >= 3).min();
    let start = match hub {
        Some(hub) => partners(hub)[0],
        None => {
            let ends: Vec<usize> =
                set.iter().copied().filter(|&p| partners(p).len() <= 1).collect();
            let candidates = if ends.is_empty() { set.to_vec() } else { ends };
            let male = candidates.iter().copied().find(|&p| genogram.people[p].sex == Sex::Male);
            male.unwrap_or(candidates[0])
        }
    };
    let mut order = vec![start];
    let mut current = start;
    while order.len() < set.len() {
        let next = partners(current).into_iter().find(|p| !order.contains(p)).or_else(|| {
            // A dead end: continue from anyone already placed.
            order.iter().flat_map(|&p| partners(p)).find(|p| !order.contains(p))
        });
        let next =
            next.or_else(|| set.iter().copied().find(|p| !order.contains(p))).unwrap_or(start);
        if order.contains(&next) {
            break;
        }
        order.push(next);
        current = next;
    }
    order
}

// --- 2. Generations ---------------------------------------------------------

/// The units of each row, top row first, in a first order.
pub(super) fn generations(graph: &Graph) -> Vec<Vec<usize>> {
    let units = graph.members.len();
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); units];
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); units];
    for (child, union) in graph.child_of.iter().enumerate() {
        let Some(u) = union else { continue };
        for &p in &graph.parents[*u] {
            let (from, to) = (graph.unit_of[p], graph.unit_of[child]);
            if !down[from].contains(&to) {
                down[from].push(to);
                up[to].push(from);
            }
        }
    }
    for list in down.iter_mut().chain(up.iter_mut()) {
        list.sort_unstable();
    }

    // Connected components, each laid out in rows of its own.
    let mut component = vec![usize::MAX; units];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for start in 0..units {
        if component[start] != usize::MAX {
            continue;
        }
        let id = components.len();
        let mut list = vec![start];
        component[start] = id;
        let mut i = 0;
        while i < list.len() {
            let u = list[i];
            for &v in down[u].iter().chain(&up[u]) {
                if component[v] == usize::MAX {
                    component[v] = id;
                    list.push(v);
                }
            }
            i += 1;
        }
        list.sort_unstable();
        components.push(list);
    }
    let mut layer: Vec<i64> = vec![0; units];
    for list in &components {
        assign_layers(list, &down, &up, &mut layer);
    }

    // Line the components up with the one holding the record's child.
    let linked = |c: usize| components[c].len() > 1;
    let index_unit =
        (0..graph.family.index.len()).find(|&p| graph.family.index[p]).map(|p| graph.unit_of[p]);
    let people_in = |c: usize| components[c].iter().map(|&u| graph.members[u].len()).sum::<usize>();
    let reference = index_unit.map(|u| component[u]).filter(|&c| linked(c)).or_else(|| {
        (0..components.len())
            .filter(|&c| linked(c))
            .max_by_key(|&c| (people_in(c), std::cmp::Reverse(c)))
    });
    let index_layer = index_unit.filter(|&u| Some(component[u]) == reference).map(|u| layer[u]);
    let born = |u: usize| graph.members[u].iter().filter_map(|&m| graph.genogram.people[m].born);
    let births = |list: &[usize], layer: &[i64]| -> Vec<(i64, f64)> {
        list.iter()
            .flat_map(|&u| {
                let l = layer[u];
                born(u).map(move |y| (l, f64::from(y)))
            })
            .collect()
    };
    // The reference component does not move, so its rows' years are read once.
    let reference_years = reference.map(|r| row_means(&births(&components[r], &layer)));
    for (c, list) in components.iter().enumerate() {
        if Some(c) == reference || !linked(c) {
            continue;
        }
        let rows = list.iter().map(|&u| layer[u]).max().unwrap_or(0);
        // With the record's child known, another family hangs from the
        // row of the child's parents (foster carers beside the birth
        // parents); otherwise it is lined up by years of birth.
        let top = list.iter().map(|&u| layer[u]).min().unwrap_or(0);
        let by_births =
            || align_by_births(reference_years.as_deref()?, &births(list, &layer), rows);
        let offset = match index_layer {
            Some(index) => index - 1 - top,
            None => by_births().unwrap_or(-top),
        };
        for &u in list {
            layer[u] += offset;
        }
    }
    let has_linked = (0..components.len()).any(linked);
    let bottom = (0..units).filter(|&u| linked(component[u])).map(|u| layer[u]).max().unwrap_or(0);
    for (c, list) in components.iter().enumerate() {
        if !linked(c) {
            let l = match index_layer {
                Some(index) => index - 1,
                None if has_linked => bottom + 1,
                None => 0,
            };
            layer[list[0]] = l;
        }
    }
    let top = layer.iter().copied().min().unwrap_or(0);
    let rows = layer.iter().map(|l| l - top).max().map_or(0, |m| m as usize + 1);
    let mut result: Vec<Vec<usize>> = vec![Vec::new(); rows];
    // Linked units first, in declaration order, then the unlinked.
    let mut order: Vec<usize> = (0..units).collect();
    order.sort_by_key(|&u| (!graph.has_links(u), u));
    for u in order {
        result[(layer[u] - top) as usize].push(u);
    }
    result
}

/// Rows within one component: exact when the links agree (each child one
/// row below their parents, partners together), else the longest path from
/// the top, with childless forebears pulled down to just above their
/// children.
fn assign_layers(list: &[usize], down: &[Vec<usize>], up: &[Vec<usize>], layer: &mut [i64]) {
    let mut set: Vec<Option<i64>> = vec![None; layer.len()];
    set[list[0]] = Some(0);
    let mut queue = vec![list[0]];
    let mut consistent = true;
    let mut i = 0;
    while i < queue.len() {
        let u = queue[i];
        let l = set[u].unwrap_or(0);
        for (next, step) in down[u].iter().map(|&v| (v, 1)).chain(up[u].iter().map(|&v| (v, -1))) {
            match set[next] {
                None => {
                    set[next] = Some(l + step);
                    queue.push(next);
                }
                Some(existing) if existing != l + step => consistent = false,
                Some(_) => {}
            }
        }
        i += 1;
    }
    if consistent {
        for &u in list {
            layer[u] = set[u].unwrap_or(0);
        }
    } else {
        // Kahn's topological order, smallest unit first.
        let mut indegree: Vec<usize> = list.iter().map(|&u| up[u].len()).collect();
        let position = |u: usize| list.binary_search(&u).unwrap_or(0);
        let mut ready: std::collections::BTreeSet<usize> =
            list.iter().copied().filter(|&u| up[u].is_empty()).collect();
        let mut topological = Vec::new();
        while let Some(u) = ready.pop_first() {
            topological.push(u);
            for &v in &down[u] {
                let d = &mut indegree[position(v)];
                *d -= 1;
                if *d == 0 {
                    ready.insert(v);
                }
            }
        }
        for &u in list {
            layer[u] = 0;
        }
        for &u in &topological {
            for &v in &down[u] {
                layer[v] = layer[v].max(layer[u] + 1);
            }
        }
        for &u in topological.iter().rev() {
            if let Some(lowest) = down[u].iter().map(|&v| layer[v]).min() {
                layer[u] = lowest - 1;
            }
        }
    }
    let top = list.iter().map(|&u| layer[u]).min().unwrap_or(0);
    for &u in list {
        layer[u] -= top;
    }
}

/// The mean year of birth of each row that has one, by row.
fn row_means(births: &[(i64, f64)]) -> Vec<(i64, f64)> {
    let mut by_row: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for &(row, year) in births {
        let entry = by_row.entry(row).or_insert((0.0, 0.0));
        entry.0 += year;
        entry.1 += 1.0;
    }
    by_row.into_iter().map(|(row, (sum, count))| (row, sum / count)).collect()
}

/// Every offset is tried while offsets × people stay under this; a deeper
/// family tries only [`ALIGN_WINDOW`] rows either side of the offset its
/// births suggest, so that the work stays linear in its people.
const ALIGN_EXHAUSTIVE: usize = 20_000;
const ALIGN_WINDOW: i64 = 8;

/// The row offset that best matches a component's years of birth to the
/// reference component's mean years by row (`row_means`; 27 years a
/// generation where a row has no known births), or `None` if either side
/// has no years.
fn align_by_births(means: &[(i64, f64)], component: &[(i64, f64)], rows: i64) -> Option<i64> {
    let &(reference_rows, _) = means.last()?;
    if component.is_empty() {
        return None;
    }
    // The nearest row with known births (the upper one on a tie).
    let expected = |row: i64| {
        let after = means.partition_point(|&(r, _)| r < row);
        let &(known, year) = [after.checked_sub(1), (after < means.len()).then_some(after)]
            .into_iter()
            .flatten()
            .map(|k| &means[k])
            .min_by_key(|(r, _)| ((r - row).abs(), *r))
            .expect("means is not empty");
        year + (row - known) as f64 * 27.0
    };
    let cost = |offset: i64| -> f64 {
        component.iter().map(|&(row, year)| (year - expected(row + offset)).abs()).sum()
    };
    let (low, high) = (-(rows + 2), reference_rows + 2);
    let span = usize::try_from(high - low + 1).unwrap_or(0);
    let (from, to) = if span.saturating_mul(component.len()) <= ALIGN_EXHAUSTIVE {
        (low, high)
    } else {
        let mut guesses: Vec<i64> = component
            .iter()
            .map(|&(row, year)| ((year - expected(row)) / 27.0).round() as i64)
            .collect();
        let middle = guesses.len() / 2;
        let guess = (*guesses.select_nth_unstable(middle).1).clamp(low, high);
        ((guess - ALIGN_WINDOW).max(low), (guess + ALIGN_WINDOW).min(high))
    };
    crate::work::add(usize::try_from(to - from + 1).unwrap_or(0) * component.len());
    (from..=to)
        .map(|offset| (cost(offset), offset.abs(), offset))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)))
        .map(|(_, _, offset)| offset)
}

// --- 3. Order within rows ---------------------------------------------------

pub(super) type Rows = Vec<Vec<usize>>;

/// Sets the positions of row `r`'s people (0, 1, 2, … left to right).
fn place_row(rows: &Rows, members: &[Vec<usize>], r: usize, pos: &mut [f64]) {
    let mut i = 0.0;
    for &u in &rows[r] {
        for &m in &members[u] {
            pos[m] = i;
            i += 1.0;
        }
    }
    crate::work::add(rows[r].len());
}

fn person_positions(graph: &Graph, rows: &Rows, members: &[Vec<usize>]) -> Vec<f64> {
    let mut pos = vec![0.0; graph.unit_of.len()];
    for row in rows {
        let mut i = 0.0;
        for &u in row {
            for &m in &members[u] {
                pos[m] = i;
                i += 1.0;
            }
        }
    }
    pos
}

pub(super) fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.into_iter().fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}

/// Orders the units in each row (and flips couples) to reduce crossings;
/// returns the rows and each unit's members, left to right.
///
/// Barycentre sweeps from the first order and from its mirror image, then
/// a local search (flip a unit or swap two neighbours, re-sort the other
/// rows, keep the change if the cost falls).
pub(super) fn order(graph: &Graph, rows: Rows) -> (Rows, Vec<Vec<usize>>) {
    let mirrored: Rows = rows.iter().map(|row| row.iter().rev().copied().collect()).collect();
    let mut best: (usize, Rows, Vec<Vec<usize>>) =
        (usize::MAX, rows.clone(), graph.members.clone());
    for start in [rows, mirrored] {
        let mut rows = start;
        let mut members = graph.members.clone();
        for row in &mut rows {
            birth_order(graph, row, &members);
        }
        let mut consider = |rows: &Rows, members: &Vec<Vec<usize>>| {
            let c = cost(graph, rows, members);
            if c < best.0 {
                best = (c, rows.clone(), members.clone());
            }
        };
        consider(&rows, &members);
        for sweep in 0..16 {
            sweep_rows(graph, &mut rows, &mut members, sweep % 2 == 0);
            consider(&rows, &members);
        }
    }
    let (mut best_cost, mut rows, mut members) = best;

    // Each try costs a sweep and a count; large genograms get fewer tries.
    let mut budget = 4000usize.saturating_sub(graph.unit_of.len() * 20);
    let mut improved = true;
    while improved && budget > 0 {
        improved = false;
        for r in 0..rows.len() {
            for i in 0..rows[r].len() {
                for swap in [false, true] {
                    if budget == 0 || (swap && i + 1 >= rows[r].len()) {
                        continue;
                    }
                    let unit = rows[r][i];
                    if !swap && members[unit].len() < 2 {
                        continue;
                    }
                    budget -= 1;
                    let (mut rows2, mut members2) = (rows.clone(), members.clone());
                    if swap {
                        rows2[r].swap(i, i + 1);
                        birth_order(graph, &mut rows2[r], &members2);
                    } else {
                        members2[unit].reverse();
                    }
                    let mut pos = person_positions(graph, &rows2, &members2);
                    for below in r + 1..rows2.len() {
                        sort_row(graph, &mut rows2, &mut members2, below, true, &mut pos);
                    }
                    for above in (0..r).rev() {
                        sort_row(graph, &mut rows2, &mut members2, above, false, &mut pos);
                    }
                    let c = cost(graph, &rows2, &members2);
                    if c < best_cost {
                        (best_cost, rows, members) = (c, rows2, members2);
                        improved = true;
                    }
                }
            }
        }
    }
    (rows, members)
}

/// One barycentre sweep, down from the second row or up from the bottom.
fn sweep_rows(graph: &Graph, rows: &mut Rows, members: &mut [Vec<usize>], downward: bool) {
    // Positions are worked out once and kept up to date row by row: a row's
    // positions depend on its own order only.
    let mut pos = person_positions(graph, rows, members);
    if downward {
        for r in 1..rows.len() {
            sort_row(graph, rows, members, r, true, &mut pos);
        }
    } else {
        for r in (0..rows.len().saturating_sub(1)).rev() {
            sort_row(graph, rows, members, r, false, &mut pos);
        }
    }
}

/// Re-sorts row `r` by the barycentre of the parents (`downward`) or of the
/// children of its units.
/// `pos` holds every person's position for `rows` and `members`, and is
/// kept so on return.
fn sort_row(
    graph: &Graph,
    rows: &mut Rows,
    members: &mut [Vec<usize>],
    r: usize,
    downward: bool,
    positions: &mut [f64],
) {
    let pos: &[f64] = positions;
    let family = graph.family;
    let key_of = |m: usize| -> Option<f64> {
        if downward {
            graph.child_of[m].and_then(|u| mean(graph.parents[u].iter().map(|&p| pos[p])))
        } else {
            mean(
                graph.parent_in[m]
                    .iter()
                    .flat_map(|&u| family.unions[u].children.iter().map(|&c| pos[c])),
            )
        }
    };
    let mut neighbours_household: Option<Option<f64>> = None;
    let mut household_key = |u: usize, members: &[Vec<usize>]| -> Option<f64> {
        let people = &graph.genogram.people;
        if graph.has_links(u) || !members[u].iter().any(|&m| people[m].household) {
            return None;
        }
        // The same for every unit of the row: worked out once.
        *neighbours_household.get_or_insert_with(|| {
            let near = |row: usize| {
                rows.get(row).into_iter().flatten().flat_map(|&v| members[v].iter().copied())
            };
            let above = r.checked_sub(1).map(near).into_iter().flatten();
            mean(above.chain(near(r + 1)).filter(|&p| people[p].household).map(|p| pos[p]))
        })
    };
    let mut entries: Vec<(f64, usize, f64, usize)> = Vec::new();
    for &u in &rows[r] {
        let keyed: Vec<(usize, f64)> =
            members[u].iter().enumerate().filter_map(|(i, &m)| key_of(m).map(|k| (i, k))).collect();
        if keyed.len() >= 2 && keyed[0].1 > keyed[keyed.len() - 1].1 {
            members[u].reverse();
        }
        let centre = mean(members[u].iter().map(|&m| pos[m])).unwrap_or(0.0);
        let key =
            mean(keyed.iter().map(|k| k.1)).or_else(|| household_key(u, members)).unwrap_or(centre);
        let rank = keyed.iter().map(|&(i, _)| family.birth_rank[members[u][i]]).min();
        let rank = rank
            .unwrap_or_else(|| members[u].iter().map(|&m| family.birth_rank[m]).min().unwrap_or(0));
        entries.push((key, rank, centre, u));
    }
    entries.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3))
    });
    rows[r] = entries.iter().map(|e| e.3).collect();
    birth_order(graph, &mut rows[r], members);
    place_row(rows, members, r, positions);
    if !downward {
        return;
    }
    // A couple where only one partner has parents here: that partner goes
    // on the side of their brothers and sisters.
    let pos: &[f64] = positions;
    for &u in &rows[r] {
        let keyed: Vec<usize> =
            members[u].iter().copied().filter(|&m| graph.child_of[m].is_some()).collect();
        let [m] = keyed[..] else { continue };
        let list = &members[u];
        let (first, last) = (list[0], list[list.len() - 1]);
        if m != first && m != last {
            continue;
        }
        let Some(union) = graph.child_of[m] else { continue };
        let siblings =
            family.unions[union].children.iter().filter(|&&c| c != m && graph.unit_of[c] != u);
        let (left, right) =
            siblings.fold(
                (0, 0),
                |(l, rt), &c| {
                    if pos[c] < pos[first] {
                        (l + 1, rt)
                    } else {
                        (l, rt + 1)
                    }
                },
            );
        let towards_parents = mean(graph.parents[union].iter().map(|&p| pos[p])).unwrap_or(0.0);
        let centre = (pos[first] + pos[last]) / 2.0;
        let want_left = if left != right { left > right } else { towards_parents <= centre };
        if (want_left && m != first) || (!want_left && m != last) {
            members[u].reverse();
        }
    }
    place_row(rows, members, r, positions);
}

/// Puts brothers and sisters oldest first: the units holding a family's
/// children keep their places in the row, but are dealt out in birth order.
///
/// Each family's units in the row are listed once, so a pass costs the row
/// and its families, not the row for every family of the genogram.
fn birth_order(graph: &Graph, row: &mut [usize], members: &[Vec<usize>]) {
    let family = graph.family;
    // The units of the row holding children of each family, and where each
    // unit of the row stands.
    let mut units_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut slot_of: HashMap<usize, usize> = HashMap::with_capacity(row.len());
    for (i, &v) in row.iter().enumerate() {
        slot_of.insert(v, i);
        for &m in &members[v] {
            if let Some(u) = graph.child_of[m] {
                let list = units_of.entry(u).or_default();
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
    }
    units_of.retain(|&u, list| family.unions[u].children.len() >= 2 && list.len() >= 2);
    crate::work::add(row.len());
    for _ in 0..3 {
        let mut changed = false;
        for (&u, list) in &units_of {
            let rank = |v: usize| {
                members[v]
                    .iter()
                    .filter(|&&m| graph.child_of[m] == Some(u))
                    .map(|&m| family.birth_rank[m])
                    .min()
            };
            let mut slots: Vec<usize> = list.iter().map(|v| slot_of[v]).collect();
            slots.sort_unstable();
            let mut units: Vec<usize> = slots.iter().map(|&i| row[i]).collect();
            units.sort_by_key(|&v| rank(v));
            crate::work::add(units.len());
            for (&i, &v) in slots.iter().zip(&units) {
                changed |= row[i] != v;
                row[i] = v;
                slot_of.insert(v, i);
            }
        }
        if !changed {
            break;
        }
    }
}

/// Pairs of `items` that cross: one is strictly left of the other in the
/// first coordinate and strictly right of it in the second. Counted with
/// a Fenwick tree in O(n log n).
fn crossing_pairs(mut items: Vec<(f64, f64)>) -> usize {
    if items.len() < 2 {
        return 0;
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ys: Vec<f64> = items.iter().map(|i| i.1).collect();
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|a, b| a.total_cmp(b).is_eq());
    let rank = |y: f64| ys.partition_point(|v| v.total_cmp(&y).is_lt()) + 1;
    let mut tree = vec![0usize; ys.len() + 1];
    let (mut inserted, mut count, mut i) = (0, 0, 0);
    while i < items.len() {
        // Items with an equal first coordinate do not cross each other.
        let mut j = i;
        while j < items.len() && items[j].0.total_cmp(&items[i].0).is_eq() {
            j += 1;
        }
        for item in &items[i..j] {
            // Earlier items whose second coordinate is greater.
            let (mut k, mut at_most) = (rank(item.1), 0);
            while k > 0 {
                at_most += tree[k];
                k &= k - 1;
            }
            count += inserted - at_most;
        }
        for item in &items[i..j] {
            let mut k = rank(item.1);
            while k < tree.len() {
                tree[k] += 1;
                k += k & k.wrapping_neg();
            }
            inserted += 1;
        }
        i = j;
    }
    crate::work::add(items.len() * (usize::BITS - items.len().leading_zeros()) as usize);
    count
}

/// What makes an order worse: line crossings between rows (counted
/// twice), people placed inside another family's run of brothers and
/// sisters, brothers and sisters out of birth order, and households split
/// into more than one run per row.
fn cost(graph: &Graph, rows: &Rows, members: &[Vec<usize>]) -> usize {
    let pos = person_positions(graph, rows, members);
    let mut row_of = vec![0usize; pos.len()];
    for (r, row) in rows.iter().enumerate() {
        for &u in row {
            for &m in &members[u] {
                row_of[m] = r;
            }
        }
    }
    let mut edges: Vec<(usize, usize, f64, f64)> = Vec::new();
    for (u, union) in graph.family.unions.iter().enumerate() {
        let Some(parent_row) = graph.parents[u].first().map(|&p| row_of[p]) else { continue };
        let Some(hook) = mean(graph.parents[u].iter().map(|&p| pos[p])) else { continue };
        for &c in &union.children {
            if graph.child_of[c] == Some(u) {
                edges.push((parent_row, row_of[c], hook, pos[c]));
            }
        }
    }
    // Lines between the same two rows cross when their ends are in
    // opposite orders.
    let mut between: BTreeMap<(usize, usize), Vec<(f64, f64)>> = BTreeMap::new();
    for &(from, to, hook, at) in &edges {
        between.entry((from, to)).or_default().push((hook, at));
    }
    let crossings: usize = between.into_values().map(crossing_pairs).sum();
    // In a row, people stand at positions 0, 1, 2, …: those strictly
    // between a family's outermost children are all the row's people there,
    // less the members of the family's own units.
    let mut split = 0;
    for (u, union) in graph.family.unions.iter().enumerate() {
        let kids: Vec<usize> =
            union.children.iter().copied().filter(|&c| graph.child_of[c] == Some(u)).collect();
        let Some(&first) = kids.first() else { continue };
        let row = row_of[first];
        let same_row: Vec<usize> = kids.iter().copied().filter(|&c| row_of[c] == row).collect();
        let lo = same_row.iter().map(|&c| pos[c]).fold(f64::INFINITY, f64::min);
        let hi = same_row.iter().map(|&c| pos[c]).fold(f64::NEG_INFINITY, f64::max);
        let mut family_units: Vec<usize> = same_row.iter().map(|&c| graph.unit_of[c]).collect();
        family_units.sort_unstable();
        family_units.dedup();
        let inside = |p: f64| p > lo && p < hi;
        let strictly_between = (hi - lo - 1.0).max(0.0) as usize;
        let own: usize = family_units
            .iter()
            .map(|&v| members[v].iter().filter(|&&m| inside(pos[m])).count())
            .sum();
        split += strictly_between - own;
    }
    // Brothers and sisters are listed oldest first: pairs in the wrong
    // order in one row.
    let mut out_of_order = 0;
    for union in &graph.family.unions {
        let mut by_row: BTreeMap<usize, Vec<(f64, f64)>> = BTreeMap::new();
        for (i, &c) in union.children.iter().enumerate() {
            by_row.entry(row_of[c]).or_default().push((i as f64, pos[c]));
        }
        out_of_order += by_row.into_values().map(crossing_pairs).sum::<usize>();
    }
    let people = &graph.genogram.people;
    let mut household_runs = 0;
    for row in rows {
        let list: Vec<usize> = row.iter().flat_map(|&u| members[u].iter().copied()).collect();
        let runs = list
            .iter()
            .enumerate()
            .filter(|&(i, &p)| people[p].household && (i == 0 || !people[list[i - 1]].household))
            .count();
        household_runs += runs.saturating_sub(1);
    }
    crossings * 2 + split + out_of_order + household_runs
}

// --- 4. Positions -----------------------------------------------------------

pub(super) struct Placement {
    /// Per row: people left to right.
    pub(super) people: Vec<Vec<usize>>,
    /// Per row: minimum distance from each person to the next.
    pub(super) gaps: Vec<Vec<f64>>,
    pub(super) row_of: Vec<usize>,
    /// Per union with drawn parents and children.
    pub(super) hooks: Vec<Option<Hook>>,
}

fn is_straight_partner(graph: &Graph, a: usize, b: usize) -> bool {
    graph.unit_of[a] == graph.unit_of[b]
        && graph.family.partnership_between(a, b).is_some_and(|i| graph.accepted[i])
}

fn placement(graph: &Graph, rows: &Rows) -> Placement {
    let n = graph.unit_of.len();
    let mut people: Vec<Vec<usize>> = Vec::new();
    let mut row_of = vec![0; n];
    for (r, row) in rows.iter().enumerate() {
        let list: Vec<usize> = row.iter().flat_map(|&u| graph.members[u].iter().copied()).collect();
        for &p in &list {
            row_of[p] = r;
        }
        people.push(list);
    }
    let mut index = vec![0; n];
    for list in &people {
        for (i, &p) in list.iter().enumerate() {
            index[p] = i;
        }
    }
    let mut gaps: Vec<Vec<f64>> = people
        .iter()
        .map(|list| {
            list.windows(2)
                .map(|w| {
                    if graph.unit_of[w[0]] != graph.unit_of[w[1]] {
                        SLOT + UNIT_GAP
                    } else if graph.genogram.people[w[0]].household
                        != graph.genogram.people[w[1]].household
                    {
                        // The household boundary passes between them, clear of the couple's label.
                        SLOT + HOUSEHOLD_GAP
                    } else {
                        SLOT
                    }
                })
                .collect()
        })
        .collect();
    let mut hooks = vec![None; graph.family.unions.len()];
    for (u, union) in graph.family.unions.iter().enumerate() {
        if union.children.is_empty() {
            continue;
        }
        hooks[u] = match graph.parents[u][..] {
            [a, b] => {
                let (left, right) = if index[a] < index[b] { (a, b) } else { (b, a) };
                if index[right] == index[left] + 1 {
                    Some(Hook::Couple { left, right })
                } else {
                    gaps[row_of[left]][index[left]] += BRACKET_GAP;
                    Some(Hook::Bracket { left })
                }
            }
            [parent] => {
                let list = &people[row_of[parent]];
                let i = index[parent];
                let list = list.clone();
                let partner_at = |j: Option<usize>| {
                    j.and_then(|j| list.get(j))
                        .is_some_and(|&q| is_straight_partner(graph, parent, q))
                };
                let (right, left) = (partner_at(Some(i + 1)), partner_at(i.checked_sub(1)));
                // The line drops just beyond the parent's slot: the
                // neighbour on that side (of the same unit or another, whose
                // own line may drop into the same gap) moves over to make room.
                let neighbour = |j: Option<usize>| j.is_some_and(|j| j < list.len());
                Some(match (right, left) {
                    (false, _) => {
                        if neighbour(Some(i + 1)) {
                            gaps[row_of[parent]][i] += BRACKET_GAP;
                        }
                        Hook::Single { parent, side: 1.0, low: false }
                    }
                    (true, false) => {
                        if neighbour(i.checked_sub(1)) {
                            gaps[row_of[parent]][i - 1] += BRACKET_GAP;
                        }
                        Hook::Single { parent, side: -1.0, low: false }
                    }
                    (true, true) => {
                        // Partners on both sides: the line leaves low on the
                        // right, with room of its own beside the couple's.
                        gaps[row_of[parent]][i] += BRACKET_GAP;
                        Hook::Single { parent, side: 1.0, low: true }
                    }
                })
            }
            _ => None,
        };
    }
    Placement { people, gaps, row_of, hooks }
}

pub(super) fn hook_x(hook: Hook, x: &[f64]) -> f64 {
    match hook {
        Hook::Couple { left, right } => (x[left] + x[right]) / 2.0,
        Hook::Bracket { left } => x[left] + BRACKET_DROP,
        Hook::Single { parent, low: true, .. } => x[parent] + BRACKET_DROP,
        Hook::Single { parent, side, .. } => x[parent] + side * BRACKET_DROP,
    }
}

pub(super) fn positions(graph: &Graph, rows: &Rows) -> (Placement, Vec<f64>) {
    let place = placement(graph, rows);
    let people = &graph.genogram.people;
    let n = graph.unit_of.len();
    let mut x = vec![0.0; n];
    for (list, gaps) in place.people.iter().zip(&place.gaps) {
        let mut at = 0.0;
        for (i, &p) in list.iter().enumerate() {
            x[p] = at;
            at += gaps.get(i).copied().unwrap_or(0.0);
        }
    }
    // Children living away from their parents and their household draw
    // each other closer; so do people with no links and the household.
    let living_away = |p: usize| {
        people[p].household
            && graph.child_of[p]
                .is_some_and(|u| graph.parents[u].iter().all(|&q| !people[q].household))
    };
    // Units with no parent or child links at all.
    let free = |p: usize| !graph.has_links(graph.unit_of[p]);
    let rows_count = place.people.len();
    let mut drawn_to: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (r, list) in place.people.iter().enumerate() {
        for &p in list {
            let pull = if free(p) {
                1.0
            } else if living_away(p) {
                0.5
            } else {
                continue;
            };
            if !people[p].household {
                continue;
            }
            let near = |row: usize| place.people.get(row).into_iter().flatten().copied();
            let above = r.checked_sub(1).map(near).into_iter().flatten();
            let home: Vec<usize> =
                above.chain(near(r + 1)).filter(|&q| people[q].household).collect();
            for &q in &home {
                let weight = pull / home.len() as f64;
                drawn_to[p].push((q, weight));
                drawn_to[q].push((p, weight));
            }
        }
    }
    // Each step minimises, row by row, one quadratic energy (children under
    // their hook, hooks over their children, partners together, the pulls
    // above), so the layout settles instead of drifting.
    for _ in 0..60 {
        for r in (0..rows_count).chain((0..rows_count).rev()) {
            let list = &place.people[r];
            let mut targets: Vec<(f64, f64)> = Vec::with_capacity(list.len());
            for (i, &p) in list.iter().enumerate() {
                let mut sum = x[p] * 0.02;
                let mut weight = 0.02;
                let mut add = |t: f64, w: f64| {
                    sum += t * w;
                    weight += w;
                };
                if let Some(hook) = graph.child_of[p].and_then(|u| place.hooks[u]) {
                    add(hook_x(hook, &x), 1.0);
                }
                for &u in &graph.parent_in[p] {
                    let children = &graph.family.unions[u].children;
                    let (Some(hook), Some(centre)) =
                        (place.hooks[u], mean(children.iter().map(|&c| x[c])))
                    else {
                        continue;
                    };
                    // As much pull as the children feel, shared by the
                    // parents whose places move the hook.
                    let weight = match hook {
                        Hook::Couple { .. } => children.len() as f64 / 2.0,
                        Hook::Bracket { left } if left != p => continue,
                        _ => children.len() as f64,
                    };
                    add(x[p] + centre - hook_x(hook, &x), weight);
                }
                if i > 0 && is_straight_partner(graph, p, list[i - 1]) {
                    add(x[list[i - 1]] + place.gaps[r][i - 1], 0.5);
                }
                if i + 1 < list.len() && is_straight_partner(graph, p, list[i + 1]) {
                    add(x[list[i + 1]] - place.gaps[r][i], 0.5);
                }
                for &(q, w) in &drawn_to[p] {
                    add(x[q], w);
                }
                targets.push((sum / weight, weight));
            }
            let solved = solve_row(&targets, &place.gaps[r]);
            for (&p, value) in list.iter().zip(solved) {
                x[p] = value;
            }
        }
    }
    // Whole pixels, gaps kept, left edge at the margin.
    for (list, gaps) in place.people.iter().zip(&place.gaps) {
        for (i, &p) in list.iter().enumerate() {
            x[p] = x[p].round();
            if i > 0 {
                let previous = x[list[i - 1]];
                x[p] = x[p].max(previous + gaps[i - 1]);
            }
        }
    }
    clear_of_other_adults(graph, &place, &mut x);
    let left =
        place.people.iter().filter_map(|l| l.first()).map(|&p| x[p]).fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        for value in &mut x {
            *value += MARGIN + SLOT / 2.0 - left;
        }
    }
    (place, x)
}

/// How far a child keeps from the line down to another family's children.
const CLEAR_OF_LINE: f64 = 20.0;

/// A child is never drawn under adults who are not their parents: row by
/// row from the top, a child standing within a symbol's width of someone
/// in the row above who is not their parent, or near the line down from
/// another family's parents, moves to the nearest free place (left only
/// where there is room, else right, pushing the rest of the row along).
fn clear_of_other_adults(graph: &Graph, place: &Placement, x: &mut [f64]) {
    for r in 1..place.people.len() {
        // What stands above: people, and the lines down from parents.
        let mut above: Vec<(f64, f64, Option<usize>, Option<usize>)> = place.people[r - 1]
            .iter()
            .map(|&q| (x[q] - SYMBOL, x[q] + SYMBOL, Some(q), None))
            .collect();
        for (u, hook) in place.hooks.iter().enumerate() {
            let Some(hook) = hook else { continue };
            if graph.parents[u].first().is_some_and(|&p| place.row_of[p] == r - 1) {
                let h = hook_x(*hook, x);
                above.push((h - CLEAR_OF_LINE, h + CLEAR_OF_LINE, None, Some(u)));
            }
        }
        above.sort_by(|a, b| a.0.total_cmp(&b.0));
        let list = &place.people[r];
        for (i, &p) in list.iter().enumerate() {
            let low = if i > 0 { x[list[i - 1]] + place.gaps[r][i - 1] } else { f64::NEG_INFINITY };
            x[p] = x[p].max(low);
            let Some(union) = graph.child_of[p] else { continue };
            let blocks = |at: f64| {
                above.iter().find(|&&(lo, hi, person, hook)| {
                    lo < at
                        && at < hi
                        && hook != Some(union)
                        && person.is_none_or(|q| !graph.parents[union].contains(&q))
                })
            };
            let Some(&(lo, _, _, _)) = blocks(x[p]) else { continue };
            if lo >= low && blocks(lo).is_none() && x[p] - lo < SYMBOL {
                x[p] = lo;
                continue;
            }
            while let Some(&(_, hi, _, _)) = blocks(x[p]) {
                x[p] = hi;
            }
        }
    }
}

/// Minimises Σ wᵢ(xᵢ − tᵢ)² subject to xᵢ₊₁ − xᵢ ≥ gapᵢ (pool adjacent
/// violators on the targets shifted by the cumulative gaps).
fn solve_row(targets: &[(f64, f64)], gaps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(targets.len());
    let mut at = 0.0;
    for i in 0..targets.len() {
        offsets.push(at);
        at += gaps.get(i).copied().unwrap_or(0.0);
    }
    // Blocks of (weighted sum, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (&(t, w), offset) in targets.iter().zip(&offsets) {
        blocks.push(((t - offset) * w, w, 1));
        while blocks.len() >= 2 {
            let (s2, w2, c2) = blocks[blocks.len() - 1];
            let (s1, w1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, w1 + w2, c1 + c2);
        }
    }
    let mut result = Vec::with_capacity(targets.len());
    for (s, w, c) in blocks {
        for _ in 0..c {
            let offset = offsets[result.len()];
            result.push(s / w + offset);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `generations` rows of a line of descent, one birth a row, 27 years
    /// apart, from `first`.
    fn line(generations: i64, first: f64) -> Vec<(i64, f64)> {
        (0..generations).map(|row| (row, first + row as f64 * 27.0)).collect()
    }

    #[test]
    fn a_family_is_aligned_with_the_rows_of_its_years_of_birth() {
        let means = row_means(&line(4, 1950.0));
        // Born 1977 and 2004: rows 1 and 2 of the reference.
        assert_eq!(align_by_births(&means, &[(0, 1977.0), (1, 2004.0)], 1), Some(1));
        assert_eq!(align_by_births(&means, &[], 1), None);
        assert_eq!(align_by_births(&[], &[(0, 1977.0)], 0), None);
    }

    #[test]
    fn a_deep_family_is_aligned_in_work_linear_in_its_people() {
        for generations in [2_000, 8_000] {
            let means = row_means(&line(generations, 1000.0));
            // The same line shifted down three rows.
            let component = line(generations, 1081.0);
            let (offset, steps) =
                crate::work::counted(|| align_by_births(&means, &component, generations - 1));
            assert_eq!(offset, Some(3));
            assert!(steps <= 20 * generations as u64, "{steps} steps for {generations} rows");
        }
    }
}
