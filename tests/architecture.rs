//! The documentation's map of the code stays true: every `.rs` file under `src/` is named
//! in `docs/architecture.md`, the README stays short enough for a newcomer to read, and
//! every relative link in the README and the map points to a file that exists.

use std::fs;
use std::path::{Path, PathBuf};

/// The README's length limit: what does not fit belongs in `docs/`.
const README_MAX_LINES: usize = 300;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn read(relative: &str) -> String {
    let path = root().join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every `.rs` file under `dir`, as paths relative to the crate root with `/` separators
/// (`src/runtime/wasi/contract.rs`), sorted.
fn rust_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(root()).expect("a file under the crate root");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_source_file_is_in_the_architecture_map() {
    let map = read("docs/architecture.md");
    let files = rust_files(&root().join("src"));
    assert!(!files.is_empty(), "found no .rs file under src/: is CARGO_MANIFEST_DIR the crate root?");
    let missing: Vec<&String> = files.iter().filter(|file| !map.contains(file.as_str())).collect();
    assert!(
        missing.is_empty(),
        "docs/architecture.md does not name {} source file(s): {}; add a row for each to the table of its floor \
         in docs/architecture.md, written as `src/<path>.rs` with a line on what it is",
        missing.len(),
        missing.iter().map(|file| file.as_str()).collect::<Vec<_>>().join(", ")
    );
}

#[test]
fn readme_is_short() {
    let lines = read("README.md").lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, more than {README_MAX_LINES}: move the detail out to docs/ (set-up and commands \
         to docs/running.md, the code map to docs/architecture.md, results to docs/results/README.md) and link it"
    );
}

/// The targets of the Markdown links `[text](target)` in `text`, outside fenced code
/// blocks, that point into the repository: not `http(s)://`, not `mailto:`, not a
/// pure `#anchor`; the anchor and any title are cut off.
fn relative_links(text: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            rest = &rest[end..];
            let path = target.split('#').next().unwrap_or("");
            let external = ["http://", "https://", "mailto:"].iter().any(|scheme| target.starts_with(scheme));
            if !path.is_empty() && !external {
                links.push(path.to_owned());
            }
        }
    }
    links
}

#[test]
fn relative_links_point_to_files_that_exist() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for document in ["README.md", "docs/architecture.md"] {
        let base = root().join(document).parent().expect("a file has a folder").to_owned();
        for link in relative_links(&read(document)) {
            checked += 1;
            if !base.join(&link).exists() {
                broken.push(format!("{document}: ]({link})"));
            }
        }
    }
    assert!(checked > 0, "found no relative link in README.md or docs/architecture.md: has the link syntax changed?");
    assert!(
        broken.is_empty(),
        "{} relative link(s) point to no file or folder: {}; a link is relative to the file it is in (from \
         docs/architecture.md, the README is ../README.md): fix the path, or restore the file it names",
        broken.len(),
        broken.join("; ")
    );
}

#[test]
fn links_are_found_and_external_ones_skipped() {
    let text = "See [a](docs/a.md#x), [b](https://example.com), [c](#here), [d](b/ \"title\").\n\
                ```\n[e](in/a/fence.md)\n```\n[f](../f.md)";
    assert_eq!(relative_links(text), ["docs/a.md", "b/", "../f.md"]);
}
