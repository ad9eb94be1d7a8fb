//! The id model: every id `cargo bench -- --list` prints parses into typed fields and
//! prints back unchanged, so saved baselines and the report agree with the benches.
//!
//! `tests/data/bench-list-*.txt` hold the `--list` output of each feature set the tests
//! build (`.ci/run` checks that the benches still print exactly these ids).

use std::collections::{HashMap, HashSet};

use wasm_script_bench::experiments::hostcall::HostCall;
use wasm_script_bench::experiments::lifecycle::{Handler, Strategy};
use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::experiments::payload::{ComponentPayload, Direction, PAYLOAD_SIZES, PayloadAbi};
use wasm_script_bench::experiments::serve::{ProxyConfig, ServeCase};
use wasm_script_bench::experiments::sim::{PolicyKind, Scenario, paper_cache_sizes};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{
    BenchId, CacheSize, ColdCase, ColdGuest, ColdSource, ColdStartGroup, ColdStartId, CompileCase, CompileGroup,
    CompileGuest, CompileId, CompileInput, EngineId, Experiment, HostCallCase, HostCallGroup, HostCallId, HostProfile,
    LifecycleGroup, LifecycleId, MicroCase, MicroGroup, MicroId, NativeSimGroup, NativeSimId, PayloadGroup, PayloadId,
    PayloadRoute, Phase, Position, RatioId, RatioSide, SentinelCase, SentinelGroup, SentinelId, ServeGroup, ServeId,
    SimCase, SimulatorGroup, SimulatorId, SweepGroup, SweepId, SweepMode, WasiCase, WasiGroup, WasiId,
};
use wasm_script_bench::ratios;
use wasm_script_bench::runtime::wasi::{IoOp, IoRoute};
use wasm_script_bench::runtime::{Backend, HostFnStyle};

const LISTS: [(&str, &str); 3] = [
    ("default features", include_str!("data/bench-list-default.txt")),
    ("--features wasmtime", include_str!("data/bench-list-wasmtime.txt")),
    ("--features llvm,wasmtime,wasmi,wasi,wasm3,wamr,previous", include_str!("data/bench-list-all.txt")),
];

/// How Criterion's `--list` shows an id longer than its title limit: cut, then `...`.
const TRUNCATED: &str = "...";

/// The ids of a `--list` output (`{id}: benchmark` lines), full ones first parsed back.
/// Criterion shortens ids over 100 characters to their first 97 and `...`: a start the
/// list shows k times must be the start of exactly k ids the suite's factors can form
/// (two ids may differ only past the cut; Criterion then shows the second as `... #2`),
/// taken in their spelled order.
fn ids(features: &str, list: &'static str) -> Vec<BenchId> {
    // Ids differing past the cut can differ in a backend only some builds have (a
    // ratio's reference is its last segment: `.../over/wasmtime-cranelift@49`,
    // `.../over/wasmi`), so a cut id is matched only among the ids a build with those
    // features can have.
    let universe: Vec<BenchId> = universe().into_iter().filter(|id| builds(features, id)).collect();
    let shown: Vec<&'static str> = shown_starts(list).collect();
    // A cut id's start, without Criterion's ` #N` that tells repeated starts apart.
    let start_of = |shown: &'static str| -> Option<&'static str> {
        let unnumbered = match shown.rsplit_once(" #") {
            Some((before, n)) if n.parse::<u32>().is_ok() => before,
            _ => shown,
        };
        unnumbered.strip_suffix(TRUNCATED)
    };
    let mut taken: HashMap<&str, usize> = HashMap::new();
    shown
        .iter()
        .map(|&shown| match start_of(shown) {
            Some(start) => {
                let mut matches: Vec<&BenchId> =
                    universe.iter().filter(|id| id.to_string().starts_with(start)).collect();
                matches.sort_by_key(|id| id.to_string());
                let times = shown_starts(list).filter(|s| start_of(s) == Some(start)).count();
                assert_eq!(matches.len(), times, "{features}: `{shown}` is the start of {matches:?}");
                let next = taken.entry(start).or_default();
                *next += 1;
                *matches[*next - 1]
            }
            None => {
                let parsed: BenchId = shown.parse().unwrap_or_else(|e| panic!("{features}: {e}"));
                assert_eq!(parsed.to_string(), *shown, "{features}");
                parsed
            }
        })
        .collect()
}

/// Whether a build with `features` can measure `id`: every backend it runs on (both
/// sides' of a ratio) is compiled in.
fn builds(features: &str, id: &BenchId) -> bool {
    let sides = match id {
        BenchId::Ratio(ratio) => vec![BenchId::from(ratio.subject), BenchId::from(ratio.reference)],
        other => vec![*other],
    };
    sides.iter().filter_map(|side| side.engine()).all(|engine| compiled_in(features, engine.backend))
}

/// Whether the build `features` names compiles `backend` in: Wasmer's Singlepass and
/// Cranelift always (the default features), every other backend by the feature it says
/// builds it (a previous release's is `previous`). The feature names share no prefix, so
/// a substring of the flag list finds each.
fn compiled_in(features: &str, backend: Backend) -> bool {
    match backend.feature() {
        "singlepass" | "cranelift" => true,
        feature => features.contains(feature),
    }
}

/// The ids a `--list` output shows, as it shows them.
fn shown_starts(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines().filter_map(|line| line.strip_suffix(": benchmark"))
}

/// Every id the suite's factors can form (with the experiments' own sizes).
fn universe() -> Vec<BenchId> {
    let mut ids: Vec<BenchId> = Vec::new();
    for host in HostProfile::ALL {
        for opt in GuestOpt::ALL {
            for engine in EngineId::all() {
                let group = MicroGroup { host, engine, opt };
                ids.extend(MicroCase::all().into_iter().map(|case| BenchId::Micro(MicroId::new(group, case))));
                for policy in PolicyKind::ALL {
                    let group = SimulatorGroup { host, policy, engine, opt };
                    ids.extend(
                        SimCase::all().into_iter().map(|case| BenchId::Simulator(SimulatorId::new(group, case))),
                    );
                }
            }
            for backend in Backend::ALL {
                let group = HostCallGroup { host, engine: EngineId::plain(backend), opt };
                for call in HostCall::all() {
                    let cases = std::iter::once(HostCallCase::Native(call)).chain(
                        HostFnStyle::ALL
                            .into_iter()
                            .filter(|style| style.runs_on(backend))
                            .map(|style| HostCallCase::Wasm(call, style)),
                    );
                    ids.extend(cases.map(|case| BenchId::HostCall(HostCallId::new(group, case))));
                }
                for handler in Handler::every() {
                    let group = LifecycleGroup { host, backend, opt, handler };
                    ids.extend(Strategy::ALL.map(|strategy| BenchId::Lifecycle(LifecycleId::new(group, strategy))));
                }
                let group = WasiGroup { host, backend, opt };
                ids.extend(WasiCase::all().into_iter().map(|case| BenchId::Wasi(WasiId::new(group, case))));
                let group = ServeGroup { host, backend, opt };
                ids.extend(ServeCase::ALL.map(|case| BenchId::Serve(ServeId::new(group, case))));
            }
        }
        for backend in Backend::ALL {
            for opt in GuestOpt::ALL {
                let group = ColdStartGroup { host, engine: EngineId::plain(backend), opt };
                for guest in ColdGuest::ALL {
                    let mut cases = vec![
                        ColdCase::Compile(guest),
                        ColdCase::Instantiate(guest),
                        ColdCase::Warm { guest, calls: ColdCase::WARM_CALLS },
                    ];
                    for source in ColdSource::ALL {
                        cases.extend(ColdCase::CALLS.map(|calls| ColdCase::Start { guest, source, calls }));
                    }
                    ids.extend(cases.into_iter().map(|case| BenchId::ColdStart(ColdStartId::new(group, case))));
                }
            }
        }
        for backend in Backend::ALL {
            let group = CompileGroup { host, backend };
            for phase in Phase::ALL {
                for input in CompileInput::all() {
                    let case = CompileCase { phase, guest: input.guest, opt: input.opt };
                    ids.push(BenchId::Compile(CompileId::new(group, case)));
                }
            }
        }
        for policy in PolicyKind::ALL {
            let group = NativeSimGroup { host, policy };
            ids.extend(
                paper_cache_sizes()
                    .into_iter()
                    .map(|size| BenchId::NativeSim(NativeSimId::new(group, CacheSize(size)))),
            );
        }
        ids.extend(SweepMode::ALL.map(|mode| BenchId::HitRateSweep(SweepId::new(SweepGroup { host }, mode))));
        for direction in Direction::ALL {
            for bytes in PAYLOAD_SIZES {
                let group = PayloadGroup { host, direction, bytes };
                let mut routes = vec![PayloadRoute::Memcpy];
                routes.extend(PayloadAbi::ALL.map(PayloadRoute::Native));
                for backend in Backend::ALL {
                    routes.extend(PayloadAbi::ALL.map(|abi| PayloadRoute::Wasm(backend, abi)));
                    routes.extend(ComponentPayload::ALL.map(|payload| PayloadRoute::Component(backend, payload)));
                }
                ids.extend(routes.into_iter().map(|route| BenchId::Payload(PayloadId::new(group, route))));
            }
        }
        ids.extend(ratios::measured(host, &Backend::ALL).into_iter().map(BenchId::Ratio));
        // What other builds measure too: the id lists come from builds with other features.
        ids.extend(ratios::wasi(host, &Backend::ALL).into_iter().map(BenchId::Ratio));
        ids.extend(ratios::engine_settings_with(host, &Backend::ALL, true, true).into_iter().map(BenchId::Ratio));
        ids.extend(ratios::serverless_ratios(host, &Backend::ALL).into_iter().map(BenchId::Ratio));
        for target in Experiment::ALL {
            for position in Position::ALL {
                let group = SentinelGroup { host, target, position };
                let cases = std::iter::once(SentinelCase::Native).chain(Backend::ALL.map(SentinelCase::Wasm));
                ids.extend(cases.map(|case| BenchId::Sentinel(SentinelId::new(group, case))));
            }
        }
    }
    // A ratio several lists hold (or this build's list and another's) counts once.
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

#[test]
fn every_listed_id_parses_and_prints_back_unchanged() {
    for (features, list) in LISTS {
        let ids = ids(features, list);
        assert!(ids.len() > 400, "{features}: the list holds {} ids", ids.len());
        let distinct: HashSet<&BenchId> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "{features}: an id is listed twice");
    }
}

#[test]
fn every_experiment_and_backend_of_a_full_build_is_listed() {
    let (features, list) = LISTS[2];
    let ids = ids(features, list);
    let experiments: HashSet<Experiment> = ids.iter().map(BenchId::experiment).collect();
    // The WASI and serverless rows exist with `--features wasi` only: listed only where the list was built with it.
    let needs_wasi = [Experiment::Wasi, Experiment::Serve];
    let expected = Experiment::ALL.iter().filter(|e| !needs_wasi.contains(e) || features.contains("wasi")).count();
    assert_eq!(experiments.len(), expected, "{experiments:?}");
    let backends: HashSet<Backend> = ids.iter().filter_map(|id| id.engine()).map(|e| e.backend).collect();
    assert_eq!(backends.len(), Backend::ALL.len(), "{backends:?}");
}

#[test]
fn ids_built_from_fields_read_back_as_the_same_fields() {
    for backend in Backend::ALL {
        for engine in EngineId::all().into_iter().filter(|e| e.backend == backend) {
            assert_eq!(engine.to_string().parse::<EngineId>().unwrap(), engine);
            for opt in GuestOpt::ALL {
                for host in HostProfile::ALL {
                    for case in MicroCase::all() {
                        let id = MicroId::new(MicroGroup { host, engine, opt }, case);
                        assert_eq!(id.to_string().parse::<MicroId>().unwrap(), id);
                    }
                    for policy in PolicyKind::ALL {
                        for case in SimCase::all() {
                            let id = SimulatorId::new(SimulatorGroup { host, policy, engine, opt }, case);
                            assert_eq!(id.to_string().parse::<BenchId>().unwrap(), BenchId::Simulator(id));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn ids_keep_their_published_spelling() {
    let config = MicroConfig::all()[11];
    let id = MicroId::new(
        MicroGroup {
            host: HostProfile::Release,
            engine: EngineId::plain(Backend::WasmerCranelift),
            opt: GuestOpt::Release,
        },
        MicroCase::Hand(config),
    );
    assert_eq!(id.to_string(), "micro/host-release/wasmer-cranelift/guest-release/bytemuck-static-mem-cached-dyn-call");
    assert_eq!(Scenario::all()[1].to_string(), "pair-cached-dyn-call");
    assert_eq!(HostCall::Read(4096).to_string(), "read-4KiB");
    let case = CompileCase { phase: Phase::Deserialize, guest: CompileGuest::Simulator, opt: GuestOpt::Debug };
    let compile = CompileId::new(CompileGroup { host: HostProfile::Debug, backend: Backend::WasmtimeWinch }, case);
    assert_eq!(compile.to_string(), "compile/host-debug/wasmtime-winch/deserialize/simulator-debug");
    let group =
        ColdStartGroup { host: HostProfile::Release, engine: EngineId::plain(Backend::Wasmi), opt: GuestOpt::Release };
    let start = ColdCase::Start { guest: ColdGuest::Simulator, source: ColdSource::Bytes, calls: 10_000 };
    let cold = ColdStartId::new(group, start);
    assert_eq!(cold.to_string(), "coldstart/host-release/wasmi/guest-release/simulator/from-bytes/calls-10000");
    assert_eq!(cold.to_string().parse::<BenchId>().unwrap(), BenchId::ColdStart(cold));
    let warm = ColdStartId::new(group, ColdCase::Warm { guest: ColdGuest::Simulator, calls: 10_000 });
    assert_eq!(warm.to_string(), "coldstart/host-release/wasmi/guest-release/simulator/warm/calls-10000");
    assert_eq!(warm.to_string().parse::<BenchId>().unwrap(), BenchId::ColdStart(warm));
    let group = ServeGroup { host: HostProfile::Release, backend: Backend::WasmtimeCranelift, opt: GuestOpt::Release };
    let serve = ServeId::new(group, ServeCase::Proxy(ProxyConfig::POOLING.without_cow()));
    assert_eq!(serve.to_string(), "serve/host-release/wasmtime-cranelift/guest-release/pooling-no-cow");
    assert_eq!(serve.to_string().parse::<BenchId>().unwrap(), BenchId::Serve(serve));
}

#[test]
fn serve_ids_read_back_as_the_same_fields() {
    let spellings: HashSet<String> = ServeCase::ALL.iter().map(ServeCase::to_string).collect();
    assert_eq!(spellings.len(), ServeCase::ALL.len(), "each case has a spelling of its own: {spellings:?}");
    for host in HostProfile::ALL {
        for backend in Backend::ALL {
            for opt in GuestOpt::ALL {
                for case in ServeCase::ALL {
                    let id = ServeId::new(ServeGroup { host, backend, opt }, case);
                    assert_eq!(id.to_string().parse::<ServeId>().unwrap(), id);
                    assert_eq!(id.to_string().parse::<BenchId>().unwrap(), BenchId::Serve(id));
                }
            }
        }
    }
    let error = "serve/host-release/wasmtime-cranelift/guest-release/pooling-cow".parse::<BenchId>().unwrap_err();
    assert!(error.to_string().contains("not a serve case"), "{error}");
}

#[test]
fn a_text_that_is_no_id_says_which_part_is_wrong() {
    for (text, part) in [
        ("micro/host-release/wasmer-crane/guest-release/native", "`wasmer-crane`"),
        ("micro/host-release/wasmer-cranelift/guest-fast/native", "`guest-fast`"),
        ("simulator/host-release/arc/wasmer-cranelift/guest-release/native", "not a policy"),
        ("payload/host-release/to-guest/16B/wasmer-cranelift/json", "not a payload ABI"),
        ("hostcall/host-release/wasmer-cranelift/guest-release/read-12QB-typed", "unknown unit"),
        ("lifecycle/host-release/wasmer-cranelift/guest-release/multiply", "too few segments"),
        ("coldstart/host-release/wasmi/guest-release/simulator/from-bytes/calls-010", "not `calls-N`"),
        ("coldstart/host-release/wasmi/guest-release/simulator/from-disk/calls-10", "not a cold-start source"),
        ("coldstart/host-release/wasmi/guest-release/simulator/warm", "not a cold-start case"),
        ("macro/host-release", "not a benchmark experiment"),
        ("", "not a benchmark experiment"),
    ] {
        let err = text.parse::<BenchId>().unwrap_err().to_string();
        assert!(err.contains(part), "{text}: {err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }
}

#[test]
fn ratio_ids_name_both_sides_and_read_back() {
    let micro = |backend, config| {
        let group = MicroGroup { host: HostProfile::Release, engine: EngineId::plain(backend), opt: GuestOpt::Release };
        MicroId::new(group, MicroCase::Hand(config))
    };
    let typed = MicroConfig::CACHED_TYPED_PAIR;
    let dynamic =
        RatioId::new(micro(Backend::WasmerCranelift, ratios::PAPER_DYNAMIC), micro(Backend::WasmerCranelift, typed));
    assert_eq!(
        dynamic.to_string(),
        "ratio/micro/host-release/wasmer-cranelift/guest-release/pair-cached-preload-dyn-call/over/pair-cached-typed-call"
    );
    let runtimes = RatioId::new(micro(Backend::WasmerCranelift, typed), micro(Backend::WasmtimeCranelift, typed));
    assert_eq!(
        runtimes.to_string(),
        "ratio/micro/host-release/wasmer-cranelift/guest-release/pair-cached-typed-call/over/wasmtime-cranelift"
    );
    // A reference in neither the subject's group nor the subject on another backend is
    // written whole.
    let across =
        RatioId::new(micro(Backend::WasmerCranelift, ratios::PAPER_DYNAMIC), micro(Backend::WasmtimeCranelift, typed));
    assert_eq!(
        across.to_string(),
        "ratio/micro/host-release/wasmer-cranelift/guest-release/pair-cached-preload-dyn-call/over/\
         micro/host-release/wasmtime-cranelift/guest-release/pair-cached-typed-call"
    );
    for ratio in [dynamic, runtimes, across] {
        assert_eq!(ratio.to_string().parse::<RatioId>().unwrap(), ratio);
    }
    for host in HostProfile::ALL {
        for ratio in ratios::measured(host, &Backend::ALL) {
            let text = ratio.to_string();
            assert_eq!(text.parse::<BenchId>().unwrap(), BenchId::Ratio(ratio), "{text}");
            assert_eq!(format!("{}/{}", ratio.group(), ratio.function()), text);
            assert_eq!(BenchId::Ratio(ratio).engine(), BenchId::from(ratio.subject).engine());
        }
    }
}

/// Criterion keeps each id's results in `{group}/{function}`, each part made
/// filename-safe and cut to 64 bytes; two ratios of one group whose cut names agreed
/// would share a folder (Criterion would number one of them in the order they ran,
/// which changes between repetitions).
#[test]
fn every_ratio_has_a_folder_of_its_own() {
    let safe = |text: String| {
        let mut safe: String = text.chars().map(|c| if "?\"/\\*<>:|^".contains(c) { '_' } else { c }).collect();
        safe.truncate(64);
        safe
    };
    let mut folders = HashSet::new();
    for ratio in ratios::measured(HostProfile::Release, &Backend::ALL) {
        let folder = format!("{}/{}", safe(ratio.group()), safe(ratio.function()));
        assert!(folders.insert(folder.clone()), "{ratio} shares the folder {folder}");
    }
}

#[test]
fn a_text_that_is_no_ratio_says_why() {
    let subject = "micro/host-release/wasmer-cranelift/guest-release/pair-cached-preload-dyn-call";
    for (text, part) in [
        (format!("ratio/{subject}"), "ratio/{subject}/over/{reference}"),
        (format!("ratio/{subject}/over/pair-cached-fast-call"), "neither a case of the subject's group"),
        (
            format!("ratio/compile/host-release/wasmer-cranelift/compile/multiply-release/over/{subject}"),
            "cannot be a side",
        ),
        (format!("ratio/{subject}/over/{}", subject.replace("preload", "hotload")), "the same ratio is written"),
    ] {
        let err = text.parse::<BenchId>().unwrap_err().to_string();
        assert!(err.contains(part), "{text}: {err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }
    // A side of any experiment that repeats a call can be named on its own.
    let side: RatioSide = subject.parse().unwrap();
    assert_eq!(side.to_string(), subject);
}

#[test]
fn wasi_ids_and_io_lifecycle_ids_read_back_as_the_same_fields() {
    for host in HostProfile::ALL {
        for backend in Backend::ALL {
            for opt in GuestOpt::ALL {
                for case in WasiCase::all() {
                    let id = WasiId::new(WasiGroup { host, backend, opt }, case);
                    assert_eq!(id.to_string().parse::<BenchId>().unwrap(), BenchId::Wasi(id));
                }
                for handler in Handler::every() {
                    for strategy in Strategy::ALL {
                        let id = LifecycleId::new(LifecycleGroup { host, backend, opt, handler }, strategy);
                        assert_eq!(id.to_string().parse::<BenchId>().unwrap(), BenchId::Lifecycle(id));
                    }
                }
            }
        }
        for ratio in ratios::wasi(host, &Backend::ALL) {
            assert_eq!(ratio.to_string().parse::<BenchId>().unwrap(), BenchId::Ratio(ratio), "{ratio}");
        }
    }
    let group = WasiGroup { host: HostProfile::Release, backend: Backend::WasmtimeCranelift, opt: GuestOpt::Release };
    let clock = WasiId::new(group, WasiCase::Guest(IoOp::Clock, IoRoute::Wasi));
    assert_eq!(clock.to_string(), "wasi/host-release/wasmtime-cranelift/guest-release/clock-wasi");
    let native = WasiId::new(group, WasiCase::Native(IoOp::Stdout));
    assert_eq!(native.to_string(), "wasi/host-release/wasmtime-cranelift/guest-release/native-stdout");
    let hostfn = WasiId::new(group, WasiCase::Guest(IoOp::Clock, IoRoute::HostFn));
    assert_eq!(
        RatioId::new(clock, hostfn).to_string(),
        "ratio/wasi/host-release/wasmtime-cranelift/guest-release/clock-wasi/over/clock-hostfn"
    );
    let lifecycle = |route| {
        let group = LifecycleGroup {
            host: HostProfile::Release,
            backend: Backend::Wasmi,
            opt: GuestOpt::Release,
            handler: Handler::Io(route),
        };
        LifecycleId::new(group, Strategy::NewInstance)
    };
    assert_eq!(lifecycle(IoRoute::Wasi).to_string(), "lifecycle/host-release/wasmi/guest-release/wasi/new-instance");
    assert_eq!(
        RatioId::new(lifecycle(IoRoute::Wasi), lifecycle(IoRoute::HostFn)).to_string(),
        "ratio/lifecycle/host-release/wasmi/guest-release/wasi/new-instance/over/\
         lifecycle/host-release/wasmi/guest-release/hostfn/new-instance"
    );
    for (text, part) in [
        ("wasi/host-release/wasmi/guest-release/clock-posix", "not a WASI case"),
        ("wasi/host-release/wasmi/guest-release", "too few segments"),
    ] {
        let err = text.parse::<BenchId>().unwrap_err().to_string();
        assert!(err.contains(part), "{text}: {err}");
    }
}

#[test]
fn serverless_ratios_read_back() {
    let serverless = ratios::serverless(HostProfile::Release, &Backend::ALL);
    // One pair per Wasmtime backend where the build has the proxy, none otherwise.
    let wasmtime = Backend::ALL.iter().filter(|b| b.runs_components()).count();
    assert_eq!(serverless.len(), if cfg!(feature = "wasi") { 2 * wasmtime } else { 0 });
    for ratio in serverless {
        assert_eq!(ratio.to_string().parse::<RatioId>().unwrap(), ratio, "{ratio}");
    }
}
