//! The previous releases (`--features previous`): their names say the release Cargo.lock
//! links, each is paired with the same backend at the current release, and, built in,
//! each answers what its current release answers and refuses what it lacks in one line.

use std::path::Path;

use wasm_script_bench::ids::HostProfile;
use wasm_script_bench::ratios;
use wasm_script_bench::runtime::{Backend, RuntimeKind};

/// Every version Cargo.lock pins for the package `name`, oldest first (by major).
fn locked_majors(name: &str) -> Vec<u64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let lock = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name_line = format!("name = \"{name}\"");
    let lines: Vec<&str> = lock.lines().map(str::trim).collect();
    let mut majors: Vec<u64> = lines
        .windows(2)
        .filter(|pair| pair[0] == name_line)
        .filter_map(|pair| pair[1].strip_prefix("version = \"")?.split('.').next()?.parse().ok())
        .collect();
    majors.sort_unstable();
    majors
}

#[test]
fn a_previous_release_is_named_by_the_release_cargo_links() {
    for (crate_name, kind) in [("wasmtime", RuntimeKind::WasmtimePrevious), ("wasmi", RuntimeKind::WasmiPrevious)] {
        let majors = locked_majors(crate_name);
        assert_eq!(majors.len(), 2, "Cargo.lock should link two releases of {crate_name}: {majors:?}");
        let previous = format!("@{}", majors[0]);
        assert!(kind.name().ends_with(&previous), "{kind} is named for another release than {crate_name} {previous}");
        for (old, new) in Backend::RELEASES.into_iter().filter(|(old, _)| old.runtime() == kind) {
            assert!(old.name().ends_with(&previous), "{old} is named for another release than {previous}");
            assert_eq!(old.name().strip_suffix(&previous), Some(new.name()), "{old} is not {new} at {previous}");
            assert_eq!(old.runtime().family(), new.runtime());
        }
    }
}

#[test]
fn each_backend_has_at_most_one_previous_release_and_it_maps_back() {
    for backend in Backend::ALL {
        let current = backend.at_current_release();
        assert_eq!(current.at_current_release(), current);
        if current != backend {
            assert_eq!(current.at_previous_release(), Some(backend));
            assert_eq!(backend.interprets(), current.interprets(), "{backend}");
            assert_eq!(backend.caches_artifacts(), current.caches_artifacts(), "{backend}");
            assert!(!backend.runs_components() && !backend.runs_wasi(), "{backend} runs no components or WASI");
        }
    }
}

#[test]
fn the_upgrade_ratios_set_the_current_release_over_the_previous_one() {
    let upgrades = ratios::releases(HostProfile::Release, &Backend::ALL);
    assert_eq!(upgrades.len(), 6 * Backend::RELEASES.len());
    for ratio in &upgrades {
        let (now, before) = (ratio.subject.backend().unwrap(), ratio.reference.backend().unwrap());
        assert_eq!(now.at_previous_release(), Some(before), "{ratio}");
        // The same experiment and case on both sides: only the release differs.
        let (now_group, now_case) = ratio.subject.group_and_case();
        let (before_group, before_case) = ratio.reference.group_and_case();
        assert_eq!(now_case, before_case, "{ratio}");
        assert_eq!(now_group.replace(now.name(), before.name()), before_group, "{ratio}");
    }
    // Without both releases of a backend, nothing is paired.
    assert!(ratios::releases(HostProfile::Release, &[Backend::WasmtimeCranelift]).is_empty());
    // Everything else the ratio target measures is the current releases'.
    let measured = ratios::measured(HostProfile::Release, &Backend::ALL);
    for ratio in measured.iter().filter(|r| !upgrades.contains(r)) {
        for side in [ratio.subject, ratio.reference] {
            if let Some(backend) = side.backend() {
                assert_eq!(backend.at_current_release(), backend, "{ratio} measures a previous release");
            }
        }
    }
}

#[cfg(feature = "previous")]
mod built_in {
    use wasm_script_bench::guest::{self, GuestOpt};
    use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};
    use wasm_script_bench::runtime::{Backend, Concurrency, EngineOptions};

    #[test]
    fn the_previous_wasmtime_refuses_the_concurrency_setting_in_one_line() {
        let options = EngineOptions { concurrency: Concurrency::Off, ..EngineOptions::default() };
        let error = Engine::with_options(Backend::WasmtimeCraneliftPrevious, options).err().expect("refused");
        let message = error.to_string();
        assert!(message.contains("wasmtime-cranelift@49") && message.contains("concurrency"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    /// A JIT cache filled by the previous release is not loaded by the current one as
    /// code: the load names both backends in one line.
    #[test]
    fn an_artifact_of_the_previous_release_is_refused_by_the_current_one() {
        for (previous, current) in Backend::RELEASES.into_iter().filter(|(p, _)| p.caches_artifacts()) {
            let compiled = CompiledGuest::compile(previous, &guest::MULTIPLY, GuestOpt::Release).unwrap();
            let artifact = compiled.serialize().unwrap();
            let error = artifact.load(&Engine::new(current).unwrap()).err().expect("refused").to_string();
            assert!(error.contains(previous.name()) && error.contains(current.name()), "{error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }
}
