//! Compiles every guest crate under `wasm/` to `wasm32-unknown-unknown`, in release and
//! in debug (the guest opt level is a benchmark factor), and generates `guests.rs`, which
//! embeds the modules in the host library.
//!
//! With the `wasmtime` feature it also builds the Component Model guest (`wasm/component`)
//! and turns its core module into a component with `wit-component` (the world is read
//! from the custom section wit-bindgen embedded; the module imports nothing, so no WASI
//! adapter is needed). Without the feature that guest is left out: only Wasmtime runs
//! components.
//!
//! With the `wasi` feature it also builds the WASI Preview 1 guests (`wasm/wasi`, a
//! workspace of its own) for `wasm32-wasip1`; without it they are left out, as their
//! hosts are.
//!
//! With the `wasi` feature it also builds the serverless proxy (`wasm/proxy`) for
//! `wasm32-wasip2`, whose linker makes it a component itself, three times: as is and
//! as its two hostile variants (features `trap` and `hang`), as `proxy`, `proxy-trap`
//! and `proxy-hang`.
//!
//! The guests are built by a nested cargo with a target directory of its own inside
//! OUT_DIR: the outer build holds the lock on `target/`, so sharing it would deadlock.
//!
//! It also hands the host what a benchmark run records about its build
//! (`src/environment.rs`): the rustc version and the runtime crates' versions.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The target of the WASI guests (feature `wasi`), and their workspace under `wasm/`.
const WASI_TARGET: &str = "wasm32-wasip1";
const WASI_WORKSPACE: &str = "wasi";
/// The guest profiles, as (cargo profile, directory cargo writes it to).
const GUEST_PROFILES: [(&str, &str); 2] = [("release", "release"), ("dev", "debug")];
/// The guest crate that is a component, not a core module.
const COMPONENT_GUEST: &str = "component";
/// The wasi:http proxy guest (feature `wasi`), its target, and the modules built from
/// it: each name with the crate feature that makes it (`None`: the well-behaved proxy).
const PROXY_GUEST: &str = "proxy";
const PROXY_TARGET: &str = "wasm32-wasip2";
const PROXY_VARIANTS: [(&str, Option<&str>); 3] =
    [("proxy", None), ("proxy-trap", Some("trap")), ("proxy-hang", Some("hang"))];
/// The runtime crates whose versions a benchmark run records, each with the cargo
/// feature that builds it in (`None`: always a dependency) and which of the crate's
/// releases in Cargo.lock it is (the lock holds both of Wasmtime's and wasmi's, the
/// previous ones for the `previous` feature). A new runtime is one entry.
const RUNTIME_CRATES: [(&str, Option<&str>, Release); 7] = [
    ("wasmer", None, Release::Newest),
    ("wasmtime", Some("wasmtime"), Release::Newest),
    ("wasmi", Some("wasmi"), Release::Newest),
    ("wasm3x", Some("wasm3"), Release::Newest),
    ("wamrx-sys", Some("wamr"), Release::Newest),
    ("wasmtime", Some("previous"), Release::Oldest),
    ("wasmi", Some("previous"), Release::Oldest),
];

/// Which of a crate's locked releases an entry of `RUNTIME_CRATES` means.
#[derive(Clone, Copy)]
enum Release {
    Newest,
    Oldest,
}

fn main() {
    if let Err(message) = run() {
        // One clear line instead of a panic and its backtrace.
        for line in message.lines() {
            println!("cargo::error={line}");
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let wasm_dir = manifest_dir.join("wasm");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    watch_sources(&wasm_dir)?;
    emit_build_info(&manifest_dir);
    emit_layout(&out_dir)?;

    if env::var_os("CARGO_FEATURE_LLVM").is_some() {
        check_llvm()?;
    }
    check_target(WASM_TARGET)?;
    let wasi = env::var_os("CARGO_FEATURE_WASI").is_some();
    if wasi {
        check_target(WASI_TARGET)?;
        check_target(PROXY_TARGET)?;
    }

    let components = env::var_os("CARGO_FEATURE_WASMTIME").is_some();
    let guest_target_dir = out_dir.join("guest-target");
    for (profile, _) in GUEST_PROFILES {
        build_guests(&wasm_dir, &guest_target_dir, profile, components)?;
        if wasi {
            build_wasi_guests(&wasm_dir.join(WASI_WORKSPACE), &guest_target_dir, profile)?;
        }
    }

    let mut guests = Vec::new();
    for name in guest_names(&guest_target_dir.join(WASM_TARGET).join("release"))? {
        let paths =
            GUEST_PROFILES.map(|(_, dir)| guest_target_dir.join(WASM_TARGET).join(dir).join(format!("{name}.wasm")));
        match name.as_str() {
            COMPONENT_GUEST if !components => continue,
            COMPONENT_GUEST => {
                let [release, debug] = paths;
                let components = out_dir.join("components");
                let encoded = [
                    componentize(&release, &components.join("release"))?,
                    componentize(&debug, &components.join("debug"))?,
                ];
                guests.push((name, encoded));
            }
            _ => guests.push((name, paths)),
        }
    }
    if wasi {
        for name in guest_names(&guest_target_dir.join(WASI_TARGET).join("release"))? {
            let paths = GUEST_PROFILES
                .map(|(_, dir)| guest_target_dir.join(WASI_TARGET).join(dir).join(format!("{name}.wasm")));
            guests.push((name, paths));
        }
        guests.extend(build_proxies(&wasm_dir, &guest_target_dir, &out_dir.join("proxies"))?);
    }
    fs::write(out_dir.join("guests.rs"), generate(&guests))
        .map_err(|e| format!("could not write guests.rs to {}: {e}", out_dir.display()))
}

/// Encodes the core module `core` as a component in `dir`; returns the component's path.
#[cfg(feature = "wasmtime")]
fn componentize(core: &Path, dir: &Path) -> Result<PathBuf, String> {
    let failed = |e: String| format!("could not make {} a component: {e}", core.display());
    let component = dir.join(core.file_name().unwrap_or_default());
    let bytes = fs::read(core).map_err(|e| failed(e.to_string()))?;
    let encoded = wit_component::ComponentEncoder::default()
        .module(&bytes)
        .map_err(|e| failed(format!("{e:#}")))?
        .validate(true)
        .encode()
        .map_err(|e| failed(format!("{e:#}")))?;
    fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
    fs::write(&component, encoded).map_err(|e| failed(e.to_string()))?;
    Ok(component)
}

#[cfg(not(feature = "wasmtime"))]
fn componentize(_: &Path, _: &Path) -> Result<PathBuf, String> {
    unreachable!("components are built with the wasmtime feature only")
}

/// Reruns on any change below `wasm/` (cargo scans a listed directory recursively),
/// skipping a `target/` a developer may have made there by building a guest by hand.
fn watch_sources(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        if entry.file_name() != "target" {
            println!("cargo::rerun-if-changed={}", entry.path().display());
        }
    }
    Ok(())
}

/// Sets `WSB_RUSTC_VERSION` (`rustc --version`) and `WSB_RUNTIME_VERSIONS`
/// (`wasmer=7.4.2,wasmtime=48.0.0`: the built-in runtime crates' versions from Cargo.lock)
/// for the host's `env!`. One list in one variable, not a variable per crate, so that a new
/// runtime is one entry in `RUNTIME_CRATES` and nothing in the host. Anything unreadable is
/// recorded as `unknown`: a missing version must not stop the build.
fn emit_build_info(manifest_dir: &Path) {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=WSB_RUSTC_VERSION={version}");

    let lock_path = manifest_dir.join("Cargo.lock");
    println!("cargo::rerun-if-changed={}", lock_path.display());
    let lock = fs::read_to_string(&lock_path).unwrap_or_default();
    let built_in = RUNTIME_CRATES.iter().filter(|(_, feature, _)| {
        feature.is_none_or(|f| env::var_os(format!("CARGO_FEATURE_{}", f.to_uppercase().replace('-', "_"))).is_some())
    });
    let versions: Vec<String> = built_in
        .map(|&(name, _, release)| format!("{name}={}", locked_version(&lock, name, release).unwrap_or("unknown")))
        .collect();
    println!("cargo::rustc-env=WSB_RUNTIME_VERSIONS={}", versions.join(","));
}

/// The environment variable that picks the code layout of the suite's own crate.
const LAYOUT_ENV: &str = "BENCH_LAYOUT_SEED";

/// Writes `layout.rs`, which the library and the bench targets include: for a layout
/// seed other than 0, a seed-determined number of padding functions of seed-determined
/// sizes, kept in the binary and never called. They shift where the suite's own code
/// (the measuring loops, the ABI objects' call paths) lands in memory, so that
/// `examples/repeat --layouts K` measures over K layouts instead of inheriting one by
/// accident: the same source, rebuilt with a few unrelated functions added, moved a
/// ratio by ~10% (docs/running.md, "Layouts"). Seed 0 (unset) adds nothing. Only this
/// crate recompiles when the seed changes.
fn emit_layout(out_dir: &Path) -> Result<(), String> {
    println!("cargo::rerun-if-env-changed={LAYOUT_ENV}");
    let text = env::var(LAYOUT_ENV).unwrap_or_default();
    let seed: u64 = match text.trim() {
        "" => 0,
        word => {
            word.parse().map_err(|_| format!("{LAYOUT_ENV}={word}: give a layout seed, a whole number (0: none)"))?
        }
    };
    let mut code = format!(
        "// Generated by build.rs from {LAYOUT_ENV}={seed}.\n\
         /// The layout seed this binary was built with (0: no padding).\n\
         pub const LAYOUT_SEED: u64 = {seed};\n"
    );
    let mut state = seed;
    let mut next = || {
        // splitmix64: a seed gives the same layout on every machine.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let functions = if seed == 0 { 0 } else { 1 + next() % 32 };
    let mut names = Vec::new();
    for f in 0..functions {
        let statements = 1 + next() % 48;
        let _ = write!(code, "#[inline(never)]\nfn layout_padding_{f}(mut x: u64) -> u64 {{\n");
        for _ in 0..statements {
            let _ = writeln!(code, "    x = std::hint::black_box(x.rotate_left({}) ^ {:#x});", 1 + next() % 63, next());
        }
        code.push_str("    x\n}\n");
        names.push(format!("layout_padding_{f}"));
    }
    let _ = writeln!(
        code,
        "/// Keeps the padding in the binary: nothing calls it.\n#[used]\nstatic LAYOUT_PADDING: [fn(u64) -> u64; {}] = [{}];",
        names.len(),
        names.join(", ")
    );
    fs::write(out_dir.join("layout.rs"), code)
        .map_err(|e| format!("could not write layout.rs to {}: {e}", out_dir.display()))
}

/// The newest or oldest of the versions Cargo.lock pins for the package `name` (each
/// `version` line follows its `name`).
fn locked_version<'a>(lock: &'a str, name: &str, release: Release) -> Option<&'a str> {
    let name_line = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    let mut versions = Vec::new();
    while lines.any(|line| line.trim() == name_line) {
        if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"')) {
            versions.push(version);
        }
    }
    // Numerically, part by part: 50.0.1 is newer than 49.0.0 (and than 9.0.0).
    let key = |v: &&str| v.split(['.', '-']).map(|part| part.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    match release {
        Release::Newest => versions.into_iter().max_by_key(key),
        Release::Oldest => versions.into_iter().min_by_key(key),
    }
}

/// The LLVM backend links LLVM 22 through llvm-sys; say how to get it before llvm-sys
/// fails with a page of its own.
fn check_llvm() -> Result<(), String> {
    const PREFIX_VAR: &str = "LLVM_SYS_221_PREFIX";
    println!("cargo::rerun-if-env-changed={PREFIX_VAR}");
    let prefix = env::var(PREFIX_VAR).unwrap_or_default();
    let llvm_config = Path::new(&prefix).join("bin").join("llvm-config");
    if prefix.is_empty() || !llvm_config.is_file() {
        return Err(format!(
            "the `llvm` feature needs LLVM 22, but {} was not found ({PREFIX_VAR}={prefix:?}).\n\
             Install it (Debian/Ubuntu: `apt-get install llvm-22-dev libpolly-22-dev libzstd-dev`) \
             and point {PREFIX_VAR} at it (default from .cargo/config.toml: /usr/lib/llvm-22), \
             or build without `--features llvm`.",
            llvm_config.display()
        ));
    }
    Ok(())
}

/// Without the target, rustc prints pages of "can't find crate for `core`"; say the fix.
fn check_target(target: &str) -> Result<(), String> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(&rustc)
        .args(["--print", "target-libdir", "--target", target])
        .output()
        .map_err(|e| format!("could not run {rustc}: {e}"))?;
    let libdir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let has_core = fs::read_dir(&libdir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("libcore-")));
    if !output.status.success() || !has_core {
        return Err(format!(
            "the Rust target {target} is not installed; the guests cannot be built. \
             Run `rustup target add {target}` in this directory, then build again."
        ));
    }
    Ok(())
}

fn build_guests(wasm_dir: &Path, target_dir: &Path, profile: &str, components: bool) -> Result<(), String> {
    let mut command = guest_cargo(wasm_dir, target_dir, WASM_TARGET, profile);
    // The proxy is built for its own target (`build_proxies`).
    command.args(["--workspace", "--exclude", PROXY_GUEST]);
    if !components {
        command.args(["--exclude", COMPONENT_GUEST]);
    }
    run_guest_cargo(command, profile)
}

/// Builds the WASI Preview 1 guests (a workspace of their own) for `WASI_TARGET`.
fn build_wasi_guests(wasi_dir: &Path, target_dir: &Path, profile: &str) -> Result<(), String> {
    let mut command = guest_cargo(wasi_dir, target_dir, WASI_TARGET, profile);
    command.arg("--workspace");
    run_guest_cargo(command, profile)
}

/// Builds the proxy and its hostile variants in both profiles; each module is copied to
/// `dir/{profile}/{name}.wasm` right after its build, since every variant leaves its
/// output under the same name. Returns them as `generate` lists guests.
fn build_proxies(wasm_dir: &Path, target_dir: &Path, dir: &Path) -> Result<Vec<(String, [PathBuf; 2])>, String> {
    let mut proxies = Vec::new();
    for (name, feature) in PROXY_VARIANTS {
        let paths = GUEST_PROFILES.map(|(_, profile_dir)| dir.join(profile_dir).join(format!("{name}.wasm")));
        for ((profile, profile_dir), copy) in GUEST_PROFILES.iter().zip(&paths) {
            let mut command = guest_cargo(wasm_dir, target_dir, PROXY_TARGET, profile);
            command.args(["--package", PROXY_GUEST]);
            if let Some(feature) = feature {
                command.args(["--features", feature]);
            }
            run_guest_cargo(command, profile)?;
            let built = target_dir.join(PROXY_TARGET).join(profile_dir).join(format!("{PROXY_GUEST}.wasm"));
            let copied = copy.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::copy(&built, copy));
            copied.map_err(|e| format!("could not copy {} to {}: {e}", built.display(), copy.display()))?;
        }
        proxies.push((name.to_owned(), paths));
    }
    Ok(proxies)
}

/// A nested `cargo build` of the guest workspace for `target` in `profile`.
fn guest_cargo(wasm_dir: &Path, target_dir: &Path, target: &str, profile: &str) -> Command {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(wasm_dir.join("Cargo.toml"))
        .args(["--target", target, "--profile", profile])
        .arg("--target-dir")
        .arg(target_dir);
    // The outer build's flags are for the host, not for the wasm32 guests.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        command.env_remove(var);
    }
    for (var, _) in env::vars_os() {
        if var.to_string_lossy().starts_with("CARGO_PROFILE_") {
            command.env_remove(var);
        }
    }
    command
}

fn run_guest_cargo(mut command: Command, profile: &str) -> Result<(), String> {
    let cargo = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|e| format!("could not run {cargo}: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("building the guests under wasm/ ({profile} profile) failed:\n{stderr}"));
    }
    Ok(())
}

/// Every cdylib in the guest workspace leaves one `NAME.wasm` in the profile directory.
fn guest_names(dir: &Path) -> Result<Vec<String>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("no guest output in {}: {e}", dir.display()))?;
    let mut names: Vec<String> =
        entries.flatten().filter_map(|e| e.file_name().to_str()?.strip_suffix(".wasm").map(str::to_owned)).collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no .wasm guest was produced in {}", dir.display()));
    }
    Ok(names)
}

/// `guests.rs`: a `GuestModule` constant per guest (release and debug bytes), and `ALL`.
fn generate(guests: &[(String, [PathBuf; 2])]) -> String {
    let mut code = String::from("// Generated by build.rs: the guest modules under wasm/.\n");
    let constant = |name: &str| name.to_uppercase().replace('-', "_");
    for (name, [release, debug]) in guests {
        writeln!(
            code,
            "/// The `wasm/{name}` guest.\npub const {const_name}: GuestModule = GuestModule {{ \
             name: {name:?}, release: include_bytes!({release:?}), debug: include_bytes!({debug:?}) }};",
            const_name = constant(name),
            release = release.display().to_string(),
            debug = debug.display().to_string(),
        )
        .unwrap();
    }
    let all: Vec<String> = guests.iter().map(|(name, _)| constant(name)).collect();
    writeln!(code, "/// Every guest under wasm/.\npub const ALL: &[GuestModule] = &[{}];", all.join(", ")).unwrap();
    code
}
