//! The README's answers come from committed runs, each one run: `docs/results/run/`
//! holds the `ratio` target's saved results (baseline `answers`) and
//! `docs/results/upgrade/run/` the upgrade's (baseline `upgrade`); each `answers.md` is
//! what the report makes of its run, and the README quotes each file's table. A figure
//! edited by hand, or a report change not regenerated, fails here with the command that
//! brings them back in line.

use std::fs;
use std::path::{Path, PathBuf};

use wasm_script_bench::report::{
    COMMITTED_RUNS, CommittedRun, README_ANSWERS_END, answers_file, readme_answers_begin, readme_with_answers,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn read(relative: &str) -> String {
    fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn generated(run: &CommittedRun) -> String {
    answers_file(&root().join(run.dir), run.baseline, &run.command())
        .unwrap_or_else(|e| panic!("the committed run in {} loads: {e}", run.dir))
}

#[test]
fn answers_md_is_what_the_committed_run_gives() {
    for run in &COMMITTED_RUNS {
        let committed = read(run.answers);
        let generated = generated(run);
        let command = run.command();
        // Compared line by line, so a failure names the first figure that differs.
        for (number, (want, have)) in generated.lines().zip(committed.lines()).enumerate() {
            assert_eq!(have, want, "{} line {} differs from its run; run `{command}`", run.answers, number + 1);
        }
        assert_eq!(committed.lines().count(), generated.lines().count(), "run `{command}`");
    }
}

#[test]
fn the_readme_quotes_the_answers_table_unchanged() {
    let readme = read("README.md");
    for run in &COMMITTED_RUNS {
        let expected = readme_with_answers(&readme, run.answers, &read(run.answers))
            .unwrap_or_else(|e| panic!("the README has the lines around {}: {e}", run.answers));
        let command = run.command();
        for (number, (want, have)) in expected.lines().zip(readme.lines()).enumerate() {
            assert_eq!(have, want, "README.md line {} differs from {}; run `{command}`", number + 1, run.answers);
        }
        assert_eq!(readme.lines().count(), expected.lines().count(), "run `{command}`");
    }
}

/// The upgrade's run answers the upgrade for every backend at two releases, paired, in a
/// build that names the previous releases.
#[test]
fn the_upgrade_run_answers_for_wasmtime_and_wasmi() {
    let answers = generated(&COMMITTED_RUNS[1]);
    let table: Vec<&str> = answers.lines().filter(|line| line.starts_with('|')).collect();
    assert_eq!(table.len(), 3, "one answer, the upgrade:\n{answers}");
    for backend in ["wasmtime-cranelift", "wasmtime-winch", "wasmtime-pulley", "wasmi"] {
        assert!(table[0].contains(backend), "no column for {backend}: {}", table[0]);
    }
    assert!(table[2].starts_with("| What the upgrade changed") && table[2].contains("paired"), "{}", table[2]);
    assert!(
        answers.contains("Wasmtime 49.0.0/50.0.1")
            && answers.contains("features singlepass, cranelift, wasmtime, wasmi, previous"),
        "{answers}"
    );
}

#[test]
fn the_committed_run_answers_for_every_runtime_it_measured_paired() {
    let answers = generated(&COMMITTED_RUNS[0]);
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
    let path = "docs/results/answers.md";
    let begin = readme_answers_begin(path);
    let error =
        readme_with_answers("# A README\n\nNo answers here.\n", path, "| question |\n").unwrap_err().to_string();
    assert!(error.contains(&begin) && error.contains(README_ANSWERS_END) && !error.contains('\n'), "{error}");
    let spliced = readme_with_answers(
        &format!("before\n{begin}\nold table\n{README_ANSWERS_END}\nafter\n"),
        path,
        "Measured on: a machine\n\n| question | answer |\n|---|---|\n| q | a |\n\nmore\n",
    )
    .unwrap();
    assert_eq!(
        spliced,
        format!(
            "before\n{begin}\nMeasured on: a machine\n\n| question | answer |\n|---|---|\n| q | a |\n{README_ANSWERS_END}\nafter\n"
        )
    );
    // Another answers file's block is not this one's.
    let other = readme_with_answers(&spliced, "docs/results/upgrade/answers.md", "| q |\n").unwrap_err();
    assert!(other.to_string().contains("docs/results/upgrade/answers.md"), "{other}");
}
