//! Inline suppressions (SPEC §4):
//!
//! ```markdown
//! <!-- casenote-disable-next-line RULE[, RULE] -->
//! <!-- casenote-disable RULE --> … <!-- casenote-enable RULE -->
//! ```
//!
//! No RULE means every rule. A `casenote-disable` placed before any other
//! content (right after the front matter) also covers the record-level
//! findings reported on the front matter. Comments that suppress nothing,
//! or name an unknown rule, are reported as `unused-suppression`.

use std::collections::HashMap;
use std::ops::Range;

use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::rules;

const UNUSED: &str = "unused-suppression";

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Directive {
    NextLine,
    Disable,
    Enable,
}

#[derive(Debug)]
struct Suppression {
    directive: Directive,
    /// Empty means every rule.
    rules: Vec<String>,
    comment: Range<usize>,
    /// The byte range this comment silences.
    covers: Range<usize>,
    used: Vec<bool>,
    used_for_all: bool,
}

fn parse_comment(body: &str) -> Option<(Directive, Vec<String>)> {
    let body = body.trim();
    let (directive, rest) = if let Some(rest) = body.strip_prefix("casenote-disable-next-line") {
        (Directive::NextLine, rest)
    } else if let Some(rest) = body.strip_prefix("casenote-disable") {
        (Directive::Disable, rest)
    } else if let Some(rest) = body.strip_prefix("casenote-enable") {
        (Directive::Enable, rest)
    } else {
        return None;
    };
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rules = rest
        .split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from)
        .collect();
    Some((directive, rules))
}

/// What suppressions are read from.
pub struct Source<'a> {
    pub text: &'a str,
    /// Every HTML comment of the record, in order.
    pub comments: &'a [Range<usize>],
    /// Where the record's content begins after the front matter: a
    /// `casenote-disable` before it covers the whole record.
    pub first_content: usize,
}

fn find_suppressions(source: &Source) -> Vec<Suppression> {
    let text = source.text;
    let line_end = |offset: usize| text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut found: Vec<Suppression> = Vec::new();
    for comment in source.comments {
        let inner = text[comment.clone()].trim_start_matches("<!--").trim_end_matches("-->");
        let Some((directive, rules)) = parse_comment(inner) else { continue };
        let covers = match directive {
            Directive::NextLine => {
                let next_start = (line_end(comment.end) + 1).min(text.len());
                next_start..line_end(next_start)
            }
            Directive::Disable => {
                let start = if comment.start <= source.first_content { 0 } else { comment.end };
                start..text.len()
            }
            Directive::Enable => comment.clone(),
        };
        let used = vec![false; rules.len()];
        found.push(Suppression {
            directive,
            rules,
            comment: comment.clone(),
            covers,
            used,
            used_for_all: false,
        });
    }
    // An enable ends the open disables it names (or all of them). Each
    // disable is found through the rules it names and closed once, so this
    // is linear however many comments there are.
    let mut closed = vec![false; found.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut open_for_every_rule: Vec<usize> = Vec::new();
    let mut open_by_rule: HashMap<String, Vec<usize>> = HashMap::new();
    for i in 0..found.len() {
        match found[i].directive {
            Directive::NextLine => {}
            Directive::Disable => {
                open.push(i);
                if found[i].rules.is_empty() {
                    open_for_every_rule.push(i);
                }
                for rule in &found[i].rules {
                    open_by_rule.entry(rule.clone()).or_default().push(i);
                }
            }
            Directive::Enable => {
                let mut ended: Vec<usize> = std::mem::take(&mut open_for_every_rule);
                if found[i].rules.is_empty() {
                    ended.append(&mut open);
                } else {
                    for rule in &found[i].rules {
                        ended.extend(open_by_rule.remove(rule).unwrap_or_default());
                    }
                }
                let enable_start = found[i].comment.start;
                for earlier in ended {
                    if !std::mem::replace(&mut closed[earlier], true) {
                        found[earlier].covers.end = found[earlier].covers.end.min(enable_start);
                    }
                }
            }
        }
    }
    found
}

/// The comment, or its whole line when nothing else is on it.
fn removal(text: &str, comment: &Range<usize>) -> Range<usize> {
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[comment.end..].find('\n').map_or(text.len(), |i| comment.end + i);
    let alone = text[line_start..comment.start].trim().is_empty()
        && text[comment.end..line_end].trim().is_empty();
    if alone {
        line_start..(line_end + 1).min(text.len())
    } else {
        comment.clone()
    }
}

/// Drops suppressed diagnostics and adds `unused-suppression` hints.
pub fn apply(source: &Source, config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut suppressions = find_suppressions(source);
    // One sweep in text order: the suppressions whose range has begun and
    // not ended are the only ones a finding there can be silenced by.
    let mut by_position: Vec<usize> = (0..diagnostics.len()).collect();
    by_position.sort_by_key(|&i| diagnostics[i].span.start);
    let mut by_start: Vec<usize> = (0..suppressions.len())
        .filter(|&i| suppressions[i].directive != Directive::Enable)
        .collect();
    by_start.sort_by_key(|&i| suppressions[i].covers.start);
    let mut begun = by_start.into_iter().peekable();
    let mut active: Vec<usize> = Vec::new();
    let mut silenced = vec![false; diagnostics.len()];
    for index in by_position {
        let diagnostic = &diagnostics[index];
        let at = diagnostic.span.start;
        while let Some(next) = begun.next_if(|&s| suppressions[s].covers.start <= at) {
            active.push(next);
        }
        // A range covers `at` when it holds it, or starts there (an empty
        // range: a `disable-next-line` before an empty line).
        active.retain(|&s| suppressions[s].covers.end > at || suppressions[s].covers.start == at);
        for &s in &active {
            let s = &mut suppressions[s];
            if s.rules.is_empty() {
                s.used_for_all = true;
                silenced[index] = true;
            } else if let Some(k) = s.rules.iter().position(|r| r == diagnostic.rule) {
                s.used[k] = true;
                silenced[index] = true;
            }
        }
    }
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .zip(silenced)
        .filter_map(|(diagnostic, silenced)| (!silenced).then_some(diagnostic))
        .collect();
    let meta = rules::meta(UNUSED).expect("unused-suppression is registered");
    let Level::On(severity) = config.level(UNUSED, meta.default_severity) else { return kept };
    for s in suppressions.iter().filter(|s| s.directive != Directive::Enable) {
        let mut problems = Vec::new();
        if s.rules.is_empty() && !s.used_for_all {
            problems.push("this suppression comment silences nothing: remove it".to_string());
        }
        for (rule, used) in s.rules.iter().zip(&s.used) {
            match rules::meta(rule) {
                None => {
                    problems.push(format!("`{rule}` is not a casenote rule (see `casenote rules`)"))
                }
                // A rule turned off in the configuration has nothing to silence.
                Some(m) if !used && config.level(rule, m.default_severity) != Level::Off => {
                    problems.push(format!(
                        "nothing here is reported by `{rule}`: remove it from this comment"
                    ))
                }
                Some(_) => {}
            }
        }
        if !problems.is_empty() {
            kept.push(Diagnostic {
                rule: meta.id,
                severity,
                message: problems.join("; "),
                span: s.comment.clone(),
                related: Vec::new(),
                fixes: vec![crate::diagnostic::Fix::replace(
                    "Remove the suppression comment",
                    removal(source.text, &s.comment),
                    "",
                )],
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_directives() {
        assert_eq!(
            parse_comment(" casenote-disable-next-line vague-language, long-sentence "),
            Some((Directive::NextLine, vec!["vague-language".into(), "long-sentence".into()]))
        );
        assert_eq!(parse_comment("casenote-enable"), Some((Directive::Enable, vec![])));
        assert_eq!(parse_comment("casenote-disabled"), None);
        assert_eq!(parse_comment("expect: x"), None);
    }
}
