//! `casenote.showChronology`: the chronology of the open record, or the
//! workspace's multi-agency chronology of its child, as HTML (for a panel)
//! and JSON (for a client's own view). The reading and merging are the
//! core's ([`crate::chronology`]); this file reads the arguments and shapes
//! the answer.
//!
//! Arguments: `[uri]` or `[uri, {"scope": "document" | "workspace"}]`
//! (default `document`). Answer:
//!
//! ```json
//! {"uri": "file:///…/leo.md", "scope": "workspace", "html": "<!DOCTYPE html>…",
//!  "chronology": {"chronologies": [...], "conflicts": [...], "unnamed": [...]}}
//! ```
//!
//! `chronology` has the keys of `casenote chronology --format json` (the
//! README); each row's `source` is `path:line` and `line` is 1-based, so a
//! client can jump to the entry. With `workspace`, only the chronologies of
//! the open record's children are kept.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::chronology::merge::{merge, Filter, Input};
use crate::chronology::render;
use crate::vocabulary::normalise;

/// Whether the workspace's other records are merged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Document,
    Workspace,
}

/// The record's URI and the scope, or why the arguments are wrong.
pub fn arguments(arguments: &[Value]) -> Result<(String, Scope), String> {
    let uri = arguments.first().and_then(Value::as_str).ok_or("expected the record's URI")?;
    let scope = match arguments.get(1).and_then(|o| o.get("scope")).and_then(Value::as_str) {
        None | Some("document") => Scope::Document,
        Some("workspace") => Scope::Workspace,
        Some(other) => {
            return Err(format!("unknown scope `{other}`: expected `document` or `workspace`"))
        }
    };
    Ok((uri.to_owned(), scope))
}

/// The answer: `inputs[0]` is the open record; with several inputs, only
/// the chronologies of its children that it contributes to are kept.
pub fn answer(uri: &str, scope: Scope, inputs: &[Input], today: NaiveDate) -> Value {
    let mut all = merge(inputs, &Filter::default());
    if let Some(own) = inputs.first() {
        let children: Vec<String> =
            own.events.children.iter().map(|c| normalise(&c.name)).collect();
        all.chronologies.retain(|c| {
            children.contains(&normalise(&c.child)) && c.records.iter().any(|r| r.path == own.path)
        });
        all.conflicts.retain(|c| children.contains(&normalise(&c.child)));
        all.unnamed.retain(|path| *path == own.path);
    }
    let scope = match scope {
        Scope::Document => "document",
        Scope::Workspace => "workspace",
    };
    json!({
        "uri": uri,
        "scope": scope,
        "html": render::html::page(&all, today),
        "chronology": serde_json::to_value(&all).unwrap_or(Value::Null),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::RecordEvents;

    #[test]
    fn reads_the_scope() {
        assert_eq!(
            arguments(&[json!("file:///a.md")]),
            Ok(("file:///a.md".into(), Scope::Document))
        );
        assert_eq!(
            arguments(&[json!("file:///a.md"), json!({"scope": "workspace"})]),
            Ok(("file:///a.md".into(), Scope::Workspace))
        );
        assert!(arguments(&[json!("file:///a.md"), json!({"scope": "all"})]).is_err());
        assert!(arguments(&[]).is_err());
    }

    #[test]
    fn keeps_only_the_open_records_child() {
        let record = |child: &str, title: &str| {
            RecordEvents::read(&format!("---\nchild: {child}\n---\n## 2026-05-04 — {title}\n"))
        };
        let inputs = [
            Input { path: "a.md".into(), events: record("Ada Lee", "Police call-out") },
            Input { path: "b.md".into(), events: record("Ada Lee", "Referral") },
            Input { path: "c.md".into(), events: record("Bo Lee", "Referral") },
        ];
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let answer = answer("file:///a.md", Scope::Workspace, &inputs, today);
        let chronologies = answer["chronology"]["chronologies"].as_array().unwrap();
        assert_eq!(chronologies.len(), 1);
        assert_eq!(chronologies[0]["child"], "Ada Lee");
        assert_eq!(chronologies[0]["events"].as_array().unwrap().len(), 2);
        assert!(answer["html"].as_str().unwrap().contains("Chronology: Ada Lee"));
    }
}
