//! What a complete run would have that this one lacks, per group, with the command that
//! measures it; and the saved ids that are not this suite's. Gaps are listed per group
//! (not per configuration): a run filtered on purpose lacks most of them.

use std::fmt::Display;

use super::query::Summary;
use super::results::Unrecognised;
use crate::experiments::sim::PolicyKind;
use crate::ids::{CompileId, EngineId, Experiment, HostProfile, MicroGroup, MicroId, SimulatorGroup, SimulatorId};

/// One thing the run lacks.
pub(crate) enum Missing {
    /// An experiment of the paper with no result at all.
    Experiment { name: &'static str, experiment: Experiment },
    /// A group with some of its rows absent.
    Group(Gap),
    /// A saved id this suite does not know.
    Unrecognised(Unrecognised),
}

/// The rows one group lacks.
pub(crate) struct Gap {
    /// The group's id prefix, which is also Criterion's filter for it.
    pub group: String,
    /// What a row of the group is: `configurations`, `scenarios`.
    pub rows: &'static str,
    pub absent: Vec<String>,
    pub total: usize,
    /// The command that measures the group again.
    pub rerun: String,
}

/// Everything the run lacks: whole experiments first, then groups, then unknown ids.
pub(crate) fn missing(summary: &Summary) -> Vec<Missing> {
    let results = summary.results;
    let micro_groups = summary.pairs::<MicroId>(|id| (id.group.host, id.group.opt));
    let simulator_groups = summary.pairs::<SimulatorId>(|id| (id.group.host, id.group.opt));
    let mut missing = Vec::new();
    let whole = [
        ("micro-benchmark", Experiment::Micro, micro_groups.is_empty()),
        ("compile times", Experiment::Compile, !results.any::<CompileId>(|_| true)),
        ("simulator", Experiment::Simulator, simulator_groups.is_empty()),
    ];
    for (name, experiment, absent) in whole {
        if absent {
            missing.push(Missing::Experiment { name, experiment });
        }
    }
    for (host, opt) in micro_groups {
        for engine in summary.backends_in(Experiment::Micro, host) {
            let group = MicroGroup { host, engine, opt };
            let rows = Summary::micro_rows();
            let absent = rows.iter().filter(|&&case| results.get(MicroId::new(group, case)).is_none());
            missing.extend(gap(&group, "configurations", absent, rows.len(), host, engine, Experiment::Micro));
        }
    }
    for (host, opt) in simulator_groups {
        for engine in summary.backends_in(Experiment::Simulator, host) {
            for policy in PolicyKind::ALL {
                let group = SimulatorGroup { host, policy, engine, opt };
                let rows = Summary::scenarios();
                let absent = rows.iter().filter(|&&case| results.get(SimulatorId::new(group, case)).is_none());
                missing.extend(gap(&group, "scenarios", absent, rows.len(), host, engine, Experiment::Simulator));
            }
        }
    }
    missing.extend(results.unrecognised().iter().cloned().map(Missing::Unrecognised));
    missing
}

/// The group's gap, if any row is absent.
fn gap<T: Display>(
    group: &dyn Display,
    rows: &'static str,
    absent: impl Iterator<Item = T>,
    total: usize,
    host: HostProfile,
    engine: EngineId,
    experiment: Experiment,
) -> Option<Missing> {
    let absent: Vec<String> = absent.map(|row| row.to_string()).collect();
    (!absent.is_empty()).then(|| {
        Missing::Group(Gap {
            group: group.to_string(),
            rows,
            absent,
            total,
            rerun: rerun(host, engine, experiment, group),
        })
    })
}

/// The command that measures `group` again: the host profile's cargo profile, the
/// features the backend needs, and the group as Criterion's filter.
/// Each experiment it is asked for is measured by the bench target of its name.
fn rerun(host: HostProfile, engine: EngineId, experiment: Experiment, group: &dyn Display) -> String {
    let profile = match host {
        HostProfile::Release => "",
        HostProfile::Debug => " --profile dev",
    };
    format!("cargo bench{profile}{} --bench {experiment} -- {group}", engine.backend.feature_flag())
}
