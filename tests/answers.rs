//! The README's answers come from one committed run: `docs/results/run/` holds the
//! `ratio` target's saved results (baseline `answers`), `docs/results/answers.md` is what
//! the report makes of them, and the README quotes that file's table. A figure edited by
//! hand in either, or a report change not regenerated, fails here with the command that
//! brings them back in line.

use std::fs;
use std::path::{Path, PathBuf};

use wasm_script_bench::report::{
    ANSWERS_COMMAND, README_ANSWERS_BEGIN, README_ANSWERS_END, answers_file, readme_with_answers,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn read(relative: &str) -> String {
    fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn generated() -> String {
    answers_file(&root().join("docs/results/run"), "answers").expect("the committed run loads")
}

#[test]
fn answers_md_is_what_the_committed_run_gives() {
    let committed = read("docs/results/answers.md");
    let generated = generated();
    // Compared line by line, so a failure names the first figure that differs.
    for (number, (want, have)) in generated.lines().zip(committed.lines()).enumerate() {
        assert_eq!(
            have,
            want,
            "docs/results/answers.md line {} differs from the committed run; run `{ANSWERS_COMMAND}`",
            number + 1
        );
    }
    assert_eq!(committed.lines().count(), generated.lines().count(), "run `{ANSWERS_COMMAND}`");
}

#[test]
fn the_readme_quotes_the_answers_table_unchanged() {
    let readme = read("README.md");
    let expected =
        readme_with_answers(&readme, &read("docs/results/answers.md")).expect("the README has its answers lines");
    for (number, (want, have)) in expected.lines().zip(readme.lines()).enumerate() {
        assert_eq!(
            have,
            want,
            "README.md line {} differs from docs/results/answers.md; run `{ANSWERS_COMMAND}`",
            number + 1
        );
    }
    assert_eq!(readme.lines().count(), expected.lines().count(), "run `{ANSWERS_COMMAND}`");
}

#[test]
fn the_committed_run_answers_for_every_runtime_it_measured_paired() {
    let answers = generated();
    let table: Vec<&str> = answers.lines().filter(|line| line.starts_with('|')).collect();
    assert!(table.len() > 10, "the committed run answers at least 9 questions:\n{answers}");
    let header = table[0];
    for backend in ["wasmer-cranelift", "wasmtime-cranelift", "wasmtime-pulley", "wasmi"] {
        assert!(header.contains(backend), "no column for {backend}: {header}");
    }
    assert!(answers.contains("Measured on:"), "the answers name their machine");
    // Every cell of a ratio-only run is paired: nothing divided from ids measured apart.
    for row in &table[2..] {
        assert!(!row.contains("| ? ("), "{row}");
    }
    assert!(table[2..].iter().all(|row| row.contains("paired")), "{answers}");
}

#[test]
fn a_readme_without_the_answers_lines_is_a_clear_error() {
    let error = readme_with_answers("# A README\n\nNo answers here.\n", "| question |\n").unwrap_err().to_string();
    assert!(error.contains(README_ANSWERS_BEGIN) && error.contains(README_ANSWERS_END), "{error}");
    let spliced = readme_with_answers(
        &format!("before\n{README_ANSWERS_BEGIN}\nold table\n{README_ANSWERS_END}\nafter\n"),
        "Measured on: a machine\n\n| question | answer |\n|---|---|\n| q | a |\n\nmore\n",
    )
    .unwrap();
    assert_eq!(
        spliced,
        format!(
            "before\n{README_ANSWERS_BEGIN}\nMeasured on: a machine\n\n| question | answer |\n|---|---|\n| q | a |\n{README_ANSWERS_END}\nafter\n"
        )
    );
}
