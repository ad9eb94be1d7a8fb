//! `summary.md`: the paper's tables from one baseline's estimates.

use std::fmt::Write as _;

use super::{BenchId, Estimate, Experiment, GUEST_OPTS, HOSTS, PHASES, Results, engine_labels};
use crate::abi::Lookup;
use crate::micro::MicroConfig;
use crate::runtime::Backend;
use crate::sim::{HitRatePoint, PolicyKind, Scenario, cache_size_label};

/// The paper reports seconds per 100,000 calls.
const PAPER_CALLS: f64 = 100_000.0;

pub(super) struct Summary<'a> {
    pub results: &'a Results,
    pub missing: Vec<String>,
}

impl<'a> Summary<'a> {
    pub fn new(results: &'a Results) -> Self {
        let mut summary = Summary { results, missing: Vec::new() };
        summary.missing = summary.find_missing();
        summary
    }

    /// `micro` rows: "native" then every configuration, in `MicroConfig::all()` order.
    pub fn micro_configs() -> Vec<String> {
        std::iter::once("native".to_owned()).chain(MicroConfig::all().iter().map(ToString::to_string)).collect()
    }

    pub fn scenarios() -> Vec<String> {
        Scenario::all().iter().map(ToString::to_string).collect()
    }

    /// (host, guest opt) pairs with micro results.
    pub fn micro_groups(&self) -> Vec<(&'static str, &'static str)> {
        self.pairs(|id| match id {
            BenchId::Micro { host, opt, .. } => Some((host, opt)),
            _ => None,
        })
    }

    pub fn simulator_groups(&self) -> Vec<(&'static str, &'static str)> {
        self.pairs(|id| match id {
            BenchId::Simulator { host, opt, .. } => Some((host, opt)),
            _ => None,
        })
    }

    pub fn compile_hosts(&self) -> Vec<&'static str> {
        HOSTS.into_iter().filter(|host| self.results.ids_under(&format!("compile/{host}")).next().is_some()).collect()
    }

    /// The (host, guest opt) pairs `key` finds among the ids, in table order.
    pub(super) fn pairs(&self, key: impl Fn(BenchId) -> Option<(&str, &str)>) -> Vec<(&'static str, &'static str)> {
        let present: Vec<(String, String)> = self
            .results
            .estimates
            .keys()
            .filter_map(|id| BenchId::parse(id).and_then(&key).map(|(h, o)| (h.to_owned(), o.to_owned())))
            .collect();
        HOSTS
            .into_iter()
            .flat_map(|h| GUEST_OPTS.map(move |o| (h, o)))
            .filter(|(h, o)| present.iter().any(|(ph, po)| ph == h && po == o))
            .collect()
    }

    /// Backends (engine labels) with any `experiment` result for `host`, in table order.
    pub fn backends_in(&self, experiment: Experiment, host: &str) -> Vec<String> {
        let ids: Vec<BenchId> = self.results.estimates.keys().filter_map(|id| BenchId::parse(id)).collect();
        engine_labels()
            .into_iter()
            .filter(|backend| {
                ids.iter().any(|id| id.experiment() == experiment && id.host() == host && id.backend() == Some(backend))
            })
            .collect()
    }

    pub fn micro(&self, host: &str, backend: &str, opt: &str, config: &str) -> Option<Estimate> {
        self.results.get(&format!("micro/{host}/{backend}/{opt}/{config}"))
    }

    pub fn simulator(&self, host: &str, policy: &str, backend: &str, opt: &str, scenario: &str) -> Option<Estimate> {
        self.results.get(&format!("simulator/{host}/{policy}/{backend}/{opt}/{scenario}"))
    }

    pub fn compile(&self, host: &str, backend: &str, phase: &str, input: &str) -> Option<Estimate> {
        self.results.get(&format!("compile/{host}/{backend}/{phase}/{input}"))
    }

    /// Compile inputs (`{guest}-{opt}`) present for `host`, sorted.
    pub fn compile_inputs(&self, host: &str) -> Vec<String> {
        let mut inputs: Vec<String> = self
            .results
            .estimates
            .keys()
            .filter_map(|id| match BenchId::parse(id) {
                Some(BenchId::Compile { host: h, input, .. }) if h == host => Some(input.to_owned()),
                _ => None,
            })
            .collect();
        inputs.sort();
        inputs.dedup();
        inputs
    }

    /// What a complete run would have that this one lacks, with the command to get it.
    fn find_missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        if self.micro_groups().is_empty() {
            missing.push("micro-benchmark: no results; run `cargo bench --bench micro`".to_owned());
        }
        if self.compile_hosts().is_empty() {
            missing.push("compile times: no results; run `cargo bench --bench compile`".to_owned());
        }
        if self.simulator_groups().is_empty() {
            missing.push("simulator: no results; run `cargo bench --bench simulator`".to_owned());
        }
        for (host, opt) in self.micro_groups() {
            for backend in self.backends_in(Experiment::Micro, host) {
                let absent: Vec<String> = Self::micro_configs()
                    .into_iter()
                    .filter(|c| self.micro(host, &backend, opt, c).is_none())
                    .collect();
                if !absent.is_empty() {
                    missing.push(format!(
                        "micro/{host}/{backend}/{opt}: {} of {} configurations missing ({}); rerun `cargo bench{} --bench micro -- {backend}/{opt}`",
                        absent.len(),
                        Self::micro_configs().len(),
                        absent.join(", "),
                        feature_flag(&backend)
                    ));
                }
            }
        }
        for (host, opt) in self.simulator_groups() {
            for backend in self.backends_in(Experiment::Simulator, host) {
                for policy in PolicyKind::ALL {
                    let absent = Self::scenarios()
                        .into_iter()
                        .filter(|s| self.simulator(host, policy.name(), &backend, opt, s).is_none())
                        .count();
                    if absent > 0 {
                        missing.push(format!(
                            "simulator/{host}/{policy}/{backend}/{opt}: {absent} scenarios missing; rerun \
                             `cargo bench{} --bench simulator -- {policy}/{backend}`",
                            feature_flag(&backend)
                        ));
                    }
                }
            }
        }
        missing
    }

    pub fn markdown(
        &self,
        hit_rates: Option<&[HitRatePoint]>,
        environments: &[crate::environment::Environment],
    ) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# wasm-script-bench summary\n");
        let _ = writeln!(md, "{}\n", super::environment::measured_on(environments).join("\n\n"));
        let _ = writeln!(
            md,
            "Baseline `{}`: Criterion's mean with its confidence interval. Made by \
             `cargo run --release --example report`.\n",
            self.results.baseline
        );
        if !self.missing.is_empty() {
            let _ = writeln!(md, "## Missing results\n");
            for line in &self.missing {
                let _ = writeln!(md, "- {line}");
            }
            md.push('\n');
        }
        self.runtime_tables(&mut md);
        self.micro_tables(&mut md);
        self.compile_table(&mut md);
        self.native_sim_tables(&mut md);
        self.simulator_tables(&mut md);
        self.boundary_tables(&mut md);
        self.canonical_table(&mut md);
        if let Some(points) = hit_rates {
            hit_rate_table(&mut md, points);
        }
        md
    }

    fn micro_tables(&self, md: &mut String) {
        for (host, opt) in self.micro_groups() {
            let backends = self.backends_in(Experiment::Micro, host);
            let _ = writeln!(md, "## Micro-benchmark: time per call, {host}, {opt}\n");
            let _ = writeln!(
                md,
                "Per call in ns [confidence interval]; in parentheses the paper's unit, seconds per 100,000 calls.\n"
            );
            let _ = writeln!(md, "| configuration | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|{}", "---|".repeat(backends.len()));
            for config in Self::micro_configs() {
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| match self.micro(host, b, opt, &config) {
                        Some(e) => format!(
                            "{} [{}, {}] ({:.5} s)",
                            ns(e.mean),
                            ns(e.lower),
                            ns(e.upper),
                            e.mean * PAPER_CALLS / 1e9
                        ),
                        None => "missing".to_owned(),
                    })
                    .collect();
                let _ = writeln!(md, "| `{config}` | {} |", cells.join(" | "));
            }
            let _ = writeln!(
                md,
                "\nWhat caching buys (cached vs its uncached twin: 1 - cached/uncached; the paper: up to 15%):\n"
            );
            let _ = writeln!(md, "| cached configuration | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|{}", "---|".repeat(backends.len()));
            for config in MicroConfig::all().into_iter().filter(|c| c.lookup == Lookup::Cached && !c.srs) {
                let twin = MicroConfig { lookup: Lookup::ByName, ..config }.to_string();
                let cells: Vec<String> = backends
                    .iter()
                    .map(|b| gain(self.micro(host, b, opt, &config.to_string()), self.micro(host, b, opt, &twin)))
                    .collect();
                let _ = writeln!(md, "| `{config}` | {} |", cells.join(" | "));
            }
            md.push('\n');
        }
    }

    fn compile_table(&self, md: &mut String) {
        for host in self.compile_hosts() {
            let backends = self.backends_in(Experiment::Compile, host);
            let _ = writeln!(md, "## JIT phases, {host}\n");
            let _ = writeln!(md, "| phase | guest | {} |", backends.join(" | "));
            let _ = writeln!(md, "|---|---|{}", "---|".repeat(backends.len()));
            for phase in PHASES {
                for input in self.compile_inputs(host) {
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| self.compile(host, b, phase, &input).map_or("missing".into(), |e| duration(e.mean)))
                        .collect();
                    let _ = writeln!(md, "| {phase} | {input} | {} |", cells.join(" | "));
                }
            }
            md.push('\n');
        }
    }

    fn simulator_tables(&self, md: &mut String) {
        for (host, opt) in self.simulator_groups() {
            let backends = self.backends_in(Experiment::Simulator, host);
            for policy in PolicyKind::ALL {
                let _ = writeln!(md, "## Simulator: {policy}, {host}, {opt}\n");
                let _ = writeln!(
                    md,
                    "Seconds per trace [confidence interval], WASM/native (the paper: 5-10x), and what crossing \
                     costs per request: (WASM - native) / requests.\n"
                );
                let _ = writeln!(md, "| scenario | {} |", backends.join(" | "));
                let _ = writeln!(md, "|---|{}", "---|".repeat(backends.len()));
                for scenario in Self::scenarios() {
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| {
                            let Some(e) = self.simulator(host, policy.name(), b, opt, &scenario) else {
                                return "missing".into();
                            };
                            let native = self.simulator(host, policy.name(), b, opt, "native");
                            let ratio = native.map(|n| format!(" {:.2}x", e.mean / n.mean)).unwrap_or_default();
                            let crossing = match (native, e.elements()) {
                                (Some(n), Some(requests)) if scenario != "native" => {
                                    format!(", {:+.1} ns/req", (e.mean - n.mean) / requests as f64)
                                }
                                _ => String::new(),
                            };
                            format!("{:.4} [{:.4}, {:.4}]{ratio}{crossing}", e.mean / 1e9, e.lower / 1e9, e.upper / 1e9)
                        })
                        .collect();
                    let _ = writeln!(md, "| `{scenario}` | {} |", cells.join(" | "));
                }
                let _ = writeln!(md, "\nCaching gain over the uncached twin:\n");
                let _ = writeln!(md, "| cached scenario | {} |", backends.join(" | "));
                let _ = writeln!(md, "|---|{}", "---|".repeat(backends.len()));
                for scenario in Scenario::all() {
                    let Scenario::Wasm { abi, lookup: Lookup::Cached, call } = scenario else { continue };
                    let twin = Scenario::Wasm { abi, lookup: Lookup::ByName, call }.to_string();
                    let cells: Vec<String> = backends
                        .iter()
                        .map(|b| {
                            gain(
                                self.simulator(host, policy.name(), b, opt, &scenario.to_string()),
                                self.simulator(host, policy.name(), b, opt, &twin),
                            )
                        })
                        .collect();
                    let _ = writeln!(md, "| `{scenario}` | {} |", cells.join(" | "));
                }
                md.push('\n');
            }
        }
    }
}

fn hit_rate_table(md: &mut String, points: &[HitRatePoint]) {
    let _ = writeln!(md, "## Hit rates (object / byte) against cache size\n");
    let _ = writeln!(md, "| cache | {} |", PolicyKind::ALL.map(|p| p.name()).join(" | "));
    let _ = writeln!(md, "|---|{}", "---|".repeat(PolicyKind::ALL.len()));
    let mut sizes: Vec<i64> = points.iter().map(|p| p.cache_bytes).collect();
    sizes.sort_unstable();
    sizes.dedup();
    for size in sizes {
        let cells: Vec<String> = PolicyKind::ALL
            .iter()
            .map(|policy| {
                points.iter().find(|p| p.policy == *policy && p.cache_bytes == size).map_or("-".into(), |p| {
                    format!("{:.1}% / {:.1}%", 100.0 * p.stats.object_hit_rate(), 100.0 * p.stats.byte_hit_rate())
                })
            })
            .collect();
        let _ = writeln!(md, "| {} | {} |", cache_size_label(size), cells.join(" | "));
    }
    md.push('\n');
}

fn gain(cached: Option<Estimate>, uncached: Option<Estimate>) -> String {
    match (cached, uncached) {
        (Some(c), Some(u)) => format!("{:+.1}%", 100.0 * (1.0 - c.mean / u.mean)),
        _ => "missing".into(),
    }
}

fn ns(value: f64) -> String {
    if value < 10.0 { format!("{value:.2}") } else { format!("{value:.1}") }
}

/// A duration given in ns, in the unit that reads best.
pub(super) fn duration(ns: f64) -> String {
    match ns {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.1} ns"),
    }
}

/// `--features llvm` and the like, for a command that reruns this backend's ids.
fn feature_flag(backend: &str) -> String {
    Backend::from_id(backend).map(Backend::feature_flag).unwrap_or_default()
}
