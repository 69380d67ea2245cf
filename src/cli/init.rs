//! `casenote init`: a commented `casenote.toml` and an example record in
//! the current folder, so that a team starts from something that works.
//! Nothing is overwritten: if either file exists, neither is written.

use std::path::Path;

use super::safe_write::write_atomically;
use super::{Stderr, EXIT_CLEAN, EXIT_TROUBLE};
use crate::config_files::describe_io;

/// The configuration written, every setting at its default and commented.
pub const CONFIG: &str = r##"# casenote configuration. casenote uses the nearest casenote.toml found
# walking up from each record's folder. Every setting below is shown with
# its default; remove the leading "# " to change one.

[rules]
# Each rule's severity: "off", "hint", "info", "warning" or "error".
# `casenote rules` lists every rule; `casenote explain RULE` explains one.
# long-sentence = "off"

[settings]
# An entry recorded more than this many working days after the contact is late.
# late-recording-working-days = 2
# Sentences longer than this many words are flagged.
# long-sentence-words = 35
# Acronyms your readers all know, allowed without being spelt out.
# acronyms = ["CAMHS"]
# Longer, teaching messages (for students and training sessions).
# training = false
# Larger records are refused unread.
# max-file-size = "32MiB"
# Working days skip this nation's bank holidays: "england-and-wales",
# "scotland", "northern-ireland" or "none"; and any days of your own.
# bank-holidays = "england-and-wales"
# extra-holidays = ["2026-12-29"]

[vocabulary]
# Extra words your team wants flagged: opinion, hypothesis or vague.
# opinion = ["feisty"]

[files]
# Which records `casenote check` finds in folders (globs relative to this
# file's folder). A file named on the command line is always checked.
# include = ["**/*.md"]
# exclude = ["archive/**", "templates/**"]

# [files.per-file-ignores]
# Rules that do not apply to some files (globs relative to this folder).
# "templates/**" = ["missing-recording-date", "missing-wishes-feelings"]
"##;

/// The example record's file name.
pub const EXAMPLE_NAME: &str = "example-record.md";

/// An invented record in the expected format, with no finding at warning
/// or error severity (checked by `tests/cli_conventions.rs`).
pub const EXAMPLE: &str = r##"---
record: EXAMPLE-001
child: Riley Example
born: 2018-03-14
agency: childrens-social-care
document: case-record
stage: [child-in-need]
parents: [Dana Example]
contact-frequency: monthly
worker: Sam Worker
---

# Family composition

| Name | Relationship to Riley | Born | Lives with Riley |
|---|---|---|---|
| Riley Example | subject child | 2018 | yes |
| Dana Example | mother, parental responsibility | 1989 | yes |

```genogram
updated: 2026-11-02
person Riley Example: child, male, born 2018, household
person Dana Example: mother, female, born 1989, PR, household
children of Dana Example: Riley Example
```

# Case record

## 2026-11-02 10:00 — Home visit (planned)

Recorded: 2026-11-02
Author: Sam Worker, social worker
Contact: home visit, planned
Present: Riley Example, Dana Example (mother)
Seen alone: yes, in the garden for fifteen minutes

### Observations

Riley showed me the tomato plants he grows with his mother. The kitchen had food in the cupboards and the fridge.

### Wishes and feelings

Riley said he wants to keep going to football club on Saturdays. Ms Example said she would like help with the school run.

### Analysis

Opinion: Riley's routines at home are settled, and Ms Example is asking for help early.

### Decision

Riley to stay on the Child in Need plan; I will ask the school about a breakfast club place.

Endorsed by: Jo Manager, Team Manager, 03/11/2026
"##;

pub fn run() -> i32 {
    let mut stderr = Stderr::default();
    let files = [("casenote.toml", CONFIG), (EXAMPLE_NAME, EXAMPLE)];
    let existing: Vec<&str> =
        files.iter().map(|(name, _)| *name).filter(|name| Path::new(name).exists()).collect();
    if !existing.is_empty() {
        stderr.error(format_args!(
            "{} already exists here; nothing written (casenote init never overwrites a file)",
            existing.join(" and ")
        ));
        return EXIT_TROUBLE;
    }
    for (name, contents) in files {
        if let Err(err) = write_atomically(Path::new(name), contents.as_bytes()) {
            stderr.error(format_args!("{name}: cannot write: {}", describe_io(&err)));
            return EXIT_TROUBLE;
        }
    }
    super::print_stdout(&format!(
        "Wrote casenote.toml (every setting, commented) and {EXAMPLE_NAME} (an invented record).\n\
         Next: casenote check {EXAMPLE_NAME}\n"
    ));
    EXIT_CLEAN
}
