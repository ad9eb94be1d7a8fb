//! `summary.md`: the answers at a glance, what the run lacks, then each experiment's
//! tables (written by the experiment's module). Also what the sections share: which
//! hosts, guest opt levels and backends the run has results for.

use std::fmt::{self, Display, Write as _};

use super::results::ExperimentId;
use super::runs::{self, Runs};
use super::{Results, glance, hit_rates};
use crate::experiments::micro::MicroConfig;
use crate::experiments::sim::{HitRatePoint, PolicyKind, Scenario};
use crate::ids::{EngineId, Experiment, GuestOpt, HostProfile, MicroCase, SimCase};

pub(super) struct Summary<'a> {
    pub results: &'a Results,
    /// What a complete run would have that this one lacks, and the saved ids this suite
    /// does not know: one line each.
    pub missing: Vec<String>,
    /// The runs `results` merges, for a report of repeated runs.
    pub runs: Option<&'a Runs>,
}

/// What a drift beyond counts as, when the run did not record its profile's setting:
/// the `default` profile's noise threshold.
const DEFAULT_NOISE_THRESHOLD: f64 = 0.02;

impl<'a> Summary<'a> {
    pub fn new(results: &'a Results) -> Self {
        let mut summary = Summary { results, missing: Vec::new(), runs: None };
        summary.missing = summary.find_missing();
        summary
    }

    pub fn with_runs(mut self, runs: Option<&'a Runs>) -> Self {
        self.runs = runs;
        self
    }

    /// The (host, guest opt) pairs that some id of one experiment has, in table order.
    pub fn pairs<I: ExperimentId>(&self, key: impl Fn(&I) -> (HostProfile, GuestOpt)) -> Vec<(HostProfile, GuestOpt)> {
        HostProfile::ALL
            .into_iter()
            .flat_map(|host| GuestOpt::ALL.map(move |opt| (host, opt)))
            .filter(|pair| self.results.any::<I>(|id| key(id) == *pair))
            .collect()
    }

    /// The hosts that some id of one experiment has, in table order.
    pub fn hosts<I: ExperimentId>(&self, host: impl Fn(&I) -> HostProfile) -> Vec<HostProfile> {
        HostProfile::ALL.into_iter().filter(|&h| self.results.any::<I>(|id| host(id) == h)).collect()
    }

    /// Engines with any `experiment` result for `host`, in table order.
    pub fn backends_in(&self, experiment: Experiment, host: HostProfile) -> Vec<EngineId> {
        EngineId::all()
            .into_iter()
            .filter(|&engine| {
                self.results
                    .ids()
                    .any(|id| id.experiment() == experiment && id.host() == host && id.engine() == Some(engine))
            })
            .collect()
    }

    /// What a complete run would have that this one lacks, with the command to get it,
    /// then the saved ids that are not this suite's.
    fn find_missing(&self) -> Vec<String> {
        let mut missing = Vec::new();
        if self.micro_groups().is_empty() {
            missing.push(format!("micro-benchmark: no results; run `cargo bench --bench {}`", Experiment::Micro));
        }
        if self.compile_hosts().is_empty() {
            missing.push(format!("compile times: no results; run `cargo bench --bench {}`", Experiment::Compile));
        }
        if self.simulator_groups().is_empty() {
            missing.push(format!("simulator: no results; run `cargo bench --bench {}`", Experiment::Simulator));
        }
        for (host, opt) in self.micro_groups() {
            for engine in self.backends_in(Experiment::Micro, host) {
                let group = Self::micro_group(host, engine, opt);
                let rows = Self::micro_rows();
                let absent: Vec<String> =
                    rows.iter().filter(|&&case| self.micro(group, case).is_none()).map(ToString::to_string).collect();
                if !absent.is_empty() {
                    missing.push(format!(
                        "{group}: {} of {} configurations missing ({}); rerun {}",
                        absent.len(),
                        rows.len(),
                        absent.join(", "),
                        rerun(host, engine, Experiment::Micro, &group)
                    ));
                }
            }
        }
        for (host, opt) in self.simulator_groups() {
            for engine in self.backends_in(Experiment::Simulator, host) {
                for policy in PolicyKind::ALL {
                    let group = Self::simulator_group(host, policy, engine, opt);
                    let absent = Self::scenarios().into_iter().filter(|&s| self.simulator(group, s).is_none()).count();
                    if absent > 0 {
                        missing.push(format!(
                            "{group}: {absent} scenarios missing; rerun {}",
                            rerun(host, engine, Experiment::Simulator, &group)
                        ));
                    }
                }
            }
        }
        for unknown in self.results.unrecognised() {
            missing.push(format!("{unknown}; left out of the tables (saved by another version of the suite?)"));
        }
        missing
    }

    /// The whole of `summary.md`.
    pub fn markdown(
        &self,
        hit_rates: Option<&[HitRatePoint]>,
        environments: &[crate::environment::Environment],
    ) -> Result<String, fmt::Error> {
        let mut md = String::new();
        writeln!(md, "# wasm-script-bench summary\n")?;
        // What the run was measured on, right under the title.
        writeln!(md, "{}\n", super::environment::measured_on(environments).join("\n\n"))?;
        writeln!(
            md,
            "Baseline `{}`: Criterion's mean with its confidence interval. Made by \
             `cargo run --release --example report`.\n",
            self.results.baseline
        )?;
        glance::markdown(&mut md, &glance::findings(self.results), self.runs)?;
        // Drift is judged against the noise threshold the run's profile set.
        let noise = environments.first().map_or(DEFAULT_NOISE_THRESHOLD, |e| e.criterion.noise_threshold);
        match self.runs {
            Some(runs) => {
                runs::markdown(&mut md, runs, self.results)?;
                runs::drift_markdown(&mut md, &runs.runs.iter().collect::<Vec<_>>(), noise)?;
            }
            None => runs::drift_markdown(&mut md, &[self.results], noise)?,
        }
        if !self.missing.is_empty() {
            writeln!(md, "## Missing or unrecognised results\n")?;
            for line in &self.missing {
                writeln!(md, "- {line}")?;
            }
            md.push('\n');
        }
        self.runtime_tables(&mut md)?;
        self.micro_tables(&mut md)?;
        self.compile_table(&mut md)?;
        self.native_sim_tables(&mut md)?;
        self.simulator_tables(&mut md)?;
        self.hostcall_tables(&mut md)?;
        self.payload_tables(&mut md)?;
        self.lifecycle_tables(&mut md)?;
        self.coldstart_tables(&mut md)?;
        self.canonical_table(&mut md)?;
        if let Some(points) = hit_rates {
            hit_rates::table(&mut md, points)?;
        }
        Ok(md)
    }

    /// The micro-benchmark's rows: native, then every hand configuration.
    pub fn micro_rows() -> Vec<MicroCase> {
        std::iter::once(MicroCase::Native).chain(MicroConfig::all().into_iter().map(MicroCase::Hand)).collect()
    }

    /// The simulator's rows: native, then every hand scenario.
    pub fn scenarios() -> Vec<SimCase> {
        Scenario::all().into_iter().map(SimCase::Hand).collect()
    }
}

/// Items as the cells of a table row: ` | `-separated.
pub(super) fn columns<T: Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(" | ")
}

/// The command that measures `group` again: the host profile's cargo profile, the
/// features the backend needs, and the group as Criterion's filter.
/// Each experiment it is asked for is measured by the bench target of its name.
fn rerun(host: HostProfile, engine: EngineId, experiment: Experiment, group: &dyn Display) -> String {
    let profile = match host {
        HostProfile::Release => "",
        HostProfile::Debug => " --profile dev",
    };
    format!("`cargo bench{profile}{} --bench {experiment} -- {group}`", engine.backend.feature_flag())
}
