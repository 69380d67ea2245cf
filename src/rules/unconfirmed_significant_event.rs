//! `unconfirmed-significant-event`: an entry records what looks like a
//! significant event (a family change or an incident) with no
//! `Significant event:` line, so the chronology lists it as not confirmed.

use crate::analysis::Context;
use crate::chronology::{self, detect, Origin};
use crate::diagnostic::{Fix, Severity};
use crate::model::{Entry, Record};
use crate::rules::{Finding, Principle, Rule, RuleMeta};

pub struct UnconfirmedSignificantEvent;

static META: RuleMeta = RuleMeta {
    id: "unconfirmed-significant-event",
    default_severity: Severity::Hint,
    principle: Principle::FamilyComposition,
    summary: "An entry records a significant event (a family change or an incident) with no Significant event: line",
    training_example: "add \"Significant event: Police attended the flat after a 999 call from a neighbour\" below the entry's fields",
    doc: DOC,
};

impl Rule for UnconfirmedSignificantEvent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Finding>) {
        let record = ctx.record;
        for event in chronology::events(record) {
            if event.origin != Origin::Detected {
                continue;
            }
            let Some(entry) = record.entries.get(event.entry) else { continue };
            let cue = detect::event(&record.prose, event.span.clone())
                .map(|found| record.text[found.phrase].to_string())
                .unwrap_or_default();
            let kind = describe(event.kind);
            let message = format!(
                "This sentence records {kind} (\"{cue}\") but the entry has no \"Significant event:\" line, so the chronology lists it as not yet confirmed: add one if it was significant for the child"
            );
            let fix = add_significant_event(record, entry, &event.summary);
            out.push(Finding::new(event.span, message).with_fix(fix));
        }
    }
}

/// The kind of event in words, for the message.
fn describe(kind: &str) -> String {
    if kind == detect::FAMILY_CHANGE {
        "a change in the family or household".into()
    } else {
        format!("an incident ({})", kind.replace('-', " "))
    }
}

/// Inserts `Significant event: SUMMARY` as its own paragraph after the
/// entry's fields (or under its heading), in the document's line ending.
fn add_significant_event(record: &Record, entry: &Entry, summary: &str) -> Fix {
    let at = entry.fields.last().map_or(entry.heading.span.end, |f| f.line_span.end);
    let ending = crate::text::line_ending(record.text);
    let rest = &record.text[at..];
    let after_line = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\n', '\r']));
    // Keep a blank line after the new paragraph when the next line has text.
    let next_is_blank =
        after_line.is_none_or(|next| next.lines().next().is_none_or(|line| line.trim().is_empty()));
    let trailing = if next_is_blank { "" } else { ending };
    Fix::insert(
        "Add a \"Significant event:\" line for the chronology",
        at,
        format!("{ending}{ending}Significant event: {summary}{trailing}"),
    )
}

const DOC: &str = r#"## What it checks

An entry that records, without a `Significant event:` line, a change in the
family or household (someone moved in or out, a new partner, a birth, a
death, a separation, a child placed, moved or returned home, including
changes the writer made and changes a parent reports) or an incident: the
police called or attending, an injury, A&E or a hospital admission, a
missing episode, an arrest, an exclusion, an overdose, self-harm. The
finding marks the first sentence that suggests the event. Incidents that
are denied, reported absent or only possible (`no injuries were seen`, `if
Kai goes missing`) do not count, and neither do entries whose type is an
event by itself (`Strategy discussion`, `Police call-out`) or entries that
already hold a `Significant event:` line.

## Principle

The partnership agrees when a chronology is constructed, and genograms
plot significant contact and safeguarding issues (recording principle
6.1). `casenote chronology` builds the child's chronology from the
records; an event nobody confirmed is listed apart, as not yet confirmed.

## Why it matters

Case reviews keep finding that each agency held part of the picture and
nobody put the events side by side. A chronology built from confirmed
events, each with a one-line summary, lets a supervisor or a conference
see accumulating concern at a glance, and is never written twice.

## Example

Bad:

```markdown
## 2026-05-11 09:30 — Phone call

Contact: phone call
Present: Dana Price

Ms Price told me the police came to the flat on Saturday night after
a neighbour heard shouting.
```

Good:

```markdown
## 2026-05-11 09:30 — Phone call

Contact: phone call
Present: Dana Price

Significant event: Police attended the flat on Saturday night after a
neighbour reported shouting (reported by Ms Price).

Impact on child: Theo was at home and will have heard the argument.

Ms Price told me the police came to the flat on Saturday night after
a neighbour heard shouting.
```

## How to fix

Add a `Significant event:` line after the entry's fields with a one-line
factual summary (the quick fix starts it from the sentence), and, if you
can, an `Impact on child:` line with your view of what it meant for the
child. If the event was not significant, leave the finding: it is a hint.

## Configuration

```toml
[rules]
unconfirmed-significant-event = "off"
```
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        let record = crate::parse::parse(text);
        let fix = add_significant_event(&record, &record.entries[0], "Kai went missing.");
        let edit = &fix.edits[0];
        format!("{}{}{}", &text[..edit.span.start], edit.text, &text[edit.span.end..])
    }

    #[test]
    fn the_line_goes_after_the_fields_in_the_documents_line_ending() {
        assert_eq!(
            fixed("## 2026-05-01 — Call\r\n\r\nContact: phone call\r\n\r\nKai went missing.\r\n"),
            "## 2026-05-01 — Call\r\n\r\nContact: phone call\r\n\r\nSignificant event: Kai went missing.\r\n\r\nKai went missing.\r\n"
        );
        assert_eq!(
            fixed("## 2026-05-01 — Call\nContact: phone call\nKai went missing.\n"),
            "## 2026-05-01 — Call\nContact: phone call\n\nSignificant event: Kai went missing.\n\nKai went missing.\n"
        );
    }
}
