//! The licences: the crate's own (`Cargo.toml` and the files at the root
//! agree) and every dependency's, read from `cargo metadata` offline with
//! the lock file as it is, each expression allowed by the list below.

use std::process::Command;

use serde_json::Value;

/// Licences a dependency may carry: permissive ones that ask only for the
/// notice to be kept, and MPL-2.0 (file-level: our code stays ours).
const ALLOWED: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "0BSD",
    "BSL-1.0",
    "CC0-1.0",
    "Unlicense",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "CDLA-Permissive-2.0",
    "MPL-2.0",
];

fn metadata() -> Value {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// Whether an SPDX expression is satisfied by the allowed licences: an
/// `OR` needs one side allowed, an `AND` both. The old `/` separator means
/// `OR`. `None` when the expression cannot be read.
fn allowed(expression: &str) -> Option<bool> {
    let spaced = expression.replace('(', " ( ").replace(')', " ) ").replace('/', " OR ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut parser = Parser { tokens: &tokens, at: 0 };
    let result = parser.or()?;
    (parser.at == tokens.len()).then_some(result)
}

struct Parser<'a> {
    tokens: &'a [&'a str],
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.at).copied()
    }

    fn or(&mut self) -> Option<bool> {
        let mut value = self.and()?;
        while self.peek() == Some("OR") {
            self.at += 1;
            value |= self.and()?;
        }
        Some(value)
    }

    fn and(&mut self) -> Option<bool> {
        let mut value = self.term()?;
        while self.peek() == Some("AND") {
            self.at += 1;
            value &= self.term()?;
        }
        Some(value)
    }

    fn term(&mut self) -> Option<bool> {
        let token = self.peek()?;
        self.at += 1;
        if token == "(" {
            let value = self.or()?;
            (self.peek() == Some(")")).then(|| self.at += 1)?;
            return Some(value);
        }
        let mut licence = token.to_owned();
        if self.peek() == Some("WITH") {
            licence = format!("{licence} WITH {}", self.tokens.get(self.at + 1)?);
            self.at += 2;
        }
        Some(ALLOWED.contains(&licence.as_str()))
    }
}

#[test]
fn expressions_are_read_as_spdx_says() {
    assert_eq!(allowed("MIT OR Apache-2.0"), Some(true));
    assert_eq!(allowed("MIT/Apache-2.0"), Some(true));
    assert_eq!(allowed("GPL-3.0-only"), Some(false));
    assert_eq!(allowed("GPL-3.0-only OR MIT"), Some(true));
    assert_eq!(allowed("GPL-3.0-only AND MIT"), Some(false));
    assert_eq!(allowed("(MIT OR Apache-2.0) AND Unicode-3.0"), Some(true));
    assert_eq!(allowed("(MIT OR LGPL-2.1-or-later) AND AGPL-3.0-only"), Some(false));
    assert_eq!(allowed("Apache-2.0 WITH LLVM-exception"), Some(true));
    assert_eq!(allowed("GPL-2.0-only WITH Classpath-exception-2.0"), Some(false));
    assert_eq!(allowed("(MIT"), None);
    assert_eq!(allowed(""), None);
}

#[test]
fn every_dependency_has_an_allowed_licence() {
    let metadata = metadata();
    let mut refused = Vec::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let name = format!("{} {}", package["name"].as_str().unwrap(), package["version"]);
        match package["license"].as_str() {
            Some(expression) if allowed(expression) == Some(true) => {}
            Some(expression) => refused.push(format!("{name}: {expression}")),
            None => refused.push(format!("{name}: no licence expression")),
        }
    }
    assert!(
        refused.is_empty(),
        "dependencies whose licence is not allowed:\n{}",
        refused.join("\n")
    );
}

#[test]
fn the_crate_ships_the_texts_of_its_licences() {
    let metadata = metadata();
    let ours = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "casenote")
        .expect("the casenote package");
    assert_eq!(ours["license"], "MIT OR Apache-2.0");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).expect("LICENSE-MIT");
    assert!(mit.starts_with("MIT License\n") && mit.contains("Permission is hereby granted"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).expect("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
}
