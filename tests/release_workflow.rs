//! `.github/workflows/release.yml` cannot run here (no GitHub runners, no
//! publishing tokens), so this checks what can be checked: it is valid
//! YAML, builds every platform the extension ships for, and publishes to
//! both extension registries.

use yaml_rust2::{Yaml, YamlLoader};

fn workflow() -> Yaml {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/release.yml");
    let text = std::fs::read_to_string(path).expect("the release workflow");
    let mut documents =
        YamlLoader::load_from_str(&text).expect("the release workflow is valid YAML");
    assert_eq!(documents.len(), 1, "one YAML document");
    documents.remove(0)
}

#[test]
fn the_header_says_it_has_not_run() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/release.yml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.lines().take(12).any(|line| line.contains("THIS WORKFLOW HAS NOT RUN")));
}

#[test]
fn the_matrix_builds_every_platform_with_its_rust_target() {
    let workflow = workflow();
    let build = &workflow["jobs"]["build"];
    let include = build["strategy"]["matrix"]["include"].as_vec().expect("a matrix of platforms");
    let platforms: Vec<(&str, &str, &str)> = include
        .iter()
        .map(|row| {
            (
                row["vscode-target"].as_str().unwrap(),
                row["rust-target"].as_str().unwrap(),
                row["binary"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        platforms,
        [
            ("linux-x64", "x86_64-unknown-linux-gnu", "casenote"),
            ("linux-arm64", "aarch64-unknown-linux-gnu", "casenote"),
            ("darwin-x64", "x86_64-apple-darwin", "casenote"),
            ("darwin-arm64", "aarch64-apple-darwin", "casenote"),
            ("win32-x64", "x86_64-pc-windows-msvc", "casenote.exe"),
        ]
    );
    let runs: Vec<&str> =
        build["steps"].as_vec().unwrap().iter().filter_map(|step| step["run"].as_str()).collect();
    assert!(runs.iter().any(|run| run.contains("cargo build --release --locked")));
    assert!(runs.iter().any(|run| run.contains("--target ${{ matrix.vscode-target }}")));
}

#[test]
fn publishing_goes_to_both_registries_after_every_build() {
    let workflow = workflow();
    let publish = &workflow["jobs"]["publish"];
    assert_eq!(publish["needs"].as_str(), Some("build"));
    let runs: String =
        publish["steps"].as_vec().unwrap().iter().filter_map(|step| step["run"].as_str()).collect();
    assert!(runs.contains("vsce publish"), "Visual Studio Marketplace");
    assert!(runs.contains("ovsx publish"), "Open VSX");
    // The tag push that triggers a release.
    assert!(workflow["on"]["push"]["tags"].as_vec().is_some());
}

#[test]
fn each_vsix_is_made_by_npm_run_package_with_the_release_binary() {
    let workflow = workflow();
    let steps = workflow["jobs"]["build"]["steps"].as_vec().unwrap();
    let package = steps
        .iter()
        .find(|step| step["run"].as_str().is_some_and(|run| run.contains("npm run package")))
        .expect("a step running npm run package");
    // The same script as a local build (editors/vscode/scripts/package.mjs),
    // given the binary just built for the platform instead of building one.
    assert_eq!(package["working-directory"].as_str(), Some("editors/vscode"));
    assert_eq!(
        package["env"]["CASENOTE_SERVER_BINARY"].as_str(),
        Some("../../target/${{ matrix.rust-target }}/release/${{ matrix.binary }}")
    );
    assert!(package["run"]
        .as_str()
        .unwrap()
        .contains("npm run package -- --target ${{ matrix.vscode-target }}"));
}
