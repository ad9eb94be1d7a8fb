//! What every section asks of a run: which hosts, guest opt levels and backends it has
//! results for, and the rows a complete run would have. The sections add their own
//! questions to [`Summary`] in their modules.

use super::results::{ExperimentId, Results};
use super::runs::Runs;
use crate::experiments::micro::MicroConfig;
use crate::experiments::sim::Scenario;
use crate::ids::{EngineId, Experiment, GuestOpt, HostProfile, MicroCase, SimCase};

/// One run's results (or merged runs'), as the sections read them.
pub(crate) struct Summary<'a> {
    pub results: &'a Results,
    /// The runs `results` merges, for a report of repeated runs.
    pub runs: Option<&'a Runs>,
}

impl<'a> Summary<'a> {
    pub fn new(results: &'a Results, runs: Option<&'a Runs>) -> Self {
        Summary { results, runs }
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

    /// The micro-benchmark's rows: native, then every hand configuration.
    pub fn micro_rows() -> Vec<MicroCase> {
        std::iter::once(MicroCase::Native).chain(MicroConfig::all().into_iter().map(MicroCase::Hand)).collect()
    }

    /// The simulator's rows: native, then every hand scenario.
    pub fn scenarios() -> Vec<SimCase> {
        Scenario::all().into_iter().map(SimCase::Hand).collect()
    }
}
