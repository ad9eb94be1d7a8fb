//! Cold start and the break-even (beyond the paper): from a guest's bytes to its first
//! result and on to N results per backend; the same totals predicted from the phases
//! measured alone (compile + instantiate + N warm calls); and, for each interpreter/JIT
//! pair, after how many calls the JIT's compile time has paid for itself, from the
//! measured totals and from the prediction. Tables, and a log-log chart of total time
//! against calls.

use crate::ids::{
    ColdCase, ColdGuest, ColdSource, ColdStartGroup, ColdStartId, EngineId, Experiment, GuestOpt, HostProfile, RatioId,
    RatioSide,
};
use crate::report::data::break_even::{
    AGREEMENT, BREAK_EVEN_PAIRS, BreakEven, measured_break_even, paired_break_even, predicted_break_even,
};
use crate::report::data::chart::{Axes, Chart, Figure, Line, Panel};
use crate::report::data::palette;
use crate::report::data::query::Summary;
use crate::report::data::results::Estimate;
use crate::report::doc::Doc;
use crate::report::format::{count, duration};
use crate::runtime::Backend;

impl Summary<'_> {
    fn coldstart_hosts(&self) -> Vec<HostProfile> {
        self.hosts::<ColdStartId>(|id| id.group.host)
    }

    fn coldstart(&self, host: HostProfile, backend: Backend, case: ColdCase) -> Option<Estimate> {
        let group = ColdStartGroup { host, engine: EngineId::plain(backend), opt: GuestOpt::Release };
        self.results.get(ColdStartId::new(group, case))
    }

    /// The simulator's measured totals from its bytes, `(calls, ns)`, every N the run has.
    fn coldstart_curve(&self, host: HostProfile, backend: Backend) -> Vec<(f64, f64)> {
        ColdCase::CALLS
            .into_iter()
            .filter_map(|calls| {
                let case = ColdCase::Start { guest: ColdGuest::Simulator, source: ColdSource::Bytes, calls };
                self.coldstart(host, backend, case).map(|e| (calls as f64, e.mean))
            })
            .collect()
    }

    /// The simulator's phases alone: (compile + instantiate, ns per warm call).
    fn coldstart_phases(&self, host: HostProfile, backend: Backend) -> Option<(f64, f64)> {
        let guest = ColdGuest::Simulator;
        let compile = self.coldstart(host, backend, ColdCase::Compile(guest))?;
        let instantiate = self.coldstart(host, backend, ColdCase::Instantiate(guest))?;
        let warm = self.coldstart(host, backend, ColdCase::Warm { guest, calls: ColdCase::WARM_CALLS })?;
        Some((compile.mean + instantiate.mean, warm.mean / ColdCase::WARM_CALLS as f64))
    }

    fn coldstart_backends(&self, host: HostProfile) -> Vec<Backend> {
        // The plain engines: a limited one's cold starts are in the engine settings' table.
        let engines = self.backends_in(Experiment::ColdStart, host).into_iter();
        engines.filter(|e| *e == EngineId::plain(e.backend)).map(|e| e.backend).collect()
    }

    pub(crate) fn coldstart_tables(&self, doc: &mut Doc) {
        for host in self.coldstart_hosts() {
            let backends = self.coldstart_backends(host);
            doc.heading(2, format!("Cold start, {host}"));
            doc.paragraph(
                "From the guest's bytes in memory (a fresh engine made beforehand) to its N-th result: compile \
                 (wasmi: validate), instantiate and look the exports up, then N calls (the simulator: a fresh \
                 LRU cache and N requests, one cached typed Pair call each). Below each measured total, the same \
                 predicted from the phases measured alone (compile + instantiate + N x the warm per-call time) \
                 and how far the measurement is from it. `from-artifact`: the same from a JIT cache's artifact \
                 (wasmi keeps none).",
            );
            let table = doc.table(&["start"], &backends);
            let cell = |backend: Backend, case: ColdCase| {
                self.coldstart(host, backend, case).map_or_else(|| "-".to_owned(), |e| duration(e.mean))
            };
            let mut row = |label: String, cells: Vec<String>| table.row([label].into_iter().chain(cells));
            for guest in ColdGuest::ALL {
                for source in ColdSource::ALL {
                    for calls in ColdCase::CALLS {
                        let case = ColdCase::Start { guest, source, calls };
                        let cells: Vec<String> = backends.iter().map(|&b| cell(b, case)).collect();
                        if cells.iter().all(|c| c == "-") {
                            continue;
                        }
                        row(format!("`{case}`"), cells);
                        if guest != ColdGuest::Simulator || source != ColdSource::Bytes {
                            continue;
                        }
                        let predicted: Vec<String> = backends
                            .iter()
                            .map(|&b| match (self.coldstart_phases(host, b), self.coldstart(host, b, case)) {
                                (Some((start, per_call)), Some(measured)) => {
                                    let predicted = start + calls as f64 * per_call;
                                    format!(
                                        "{} ({:+.0}%)",
                                        duration(predicted),
                                        100.0 * (measured.mean / predicted - 1.0)
                                    )
                                }
                                _ => "-".into(),
                            })
                            .collect();
                        row(format!("predicted, calls-{calls} (measured vs predicted)"), predicted);
                    }
                }
            }
            let guest = ColdGuest::Simulator;
            for case in [ColdCase::Compile(guest), ColdCase::Instantiate(guest)] {
                row(format!("phase: `{case}`"), backends.iter().map(|&b| cell(b, case)).collect());
            }
            let per_call: Vec<String> = backends
                .iter()
                .map(|&b| self.coldstart_phases(host, b).map_or_else(|| "-".into(), |(_, per)| duration(per)))
                .collect();
            row(format!("phase: warm call (`{guest}/warm/calls-{}` / {0})", ColdCase::WARM_CALLS), per_call);
        }
        // Its own loop: a run of the `ratio` target alone has paired cold starts only.
        for host in self.break_even_hosts() {
            self.break_even_table(doc, host);
        }
    }

    /// The pair's paired ratios, `(calls, sooner start's total / faster runner's)`, at
    /// every N the run paired.
    fn coldstart_paired(&self, host: HostProfile, sooner: Backend, faster: Backend) -> Vec<(f64, f64)> {
        let start = |backend, calls| crate::ratios::cold_start(host, backend, calls).into();
        ColdCase::CALLS
            .into_iter()
            .filter_map(|calls| Some((calls as f64, self.results.paired(start(sooner, calls), start(faster, calls))?)))
            .collect()
    }

    /// The hosts with cold-start results or paired cold starts.
    fn break_even_hosts(&self) -> Vec<HostProfile> {
        let paired = |host| {
            self.results.any::<RatioId>(|r| matches!(r.subject, RatioSide::ColdStart(id) if id.group.host == host))
        };
        HostProfile::ALL.into_iter().filter(|&host| self.coldstart_hosts().contains(&host) || paired(host)).collect()
    }

    /// For each pair in the run: the break-even from the measured totals, from the
    /// phases, and from the paired totals, and how far they agree.
    fn break_even_table(&self, doc: &mut Doc, host: HostProfile) {
        let rows: Vec<[String; 6]> = BREAK_EVEN_PAIRS
            .iter()
            .filter_map(|&(a, b)| {
                let (curve_a, curve_b) = (self.coldstart_curve(host, a), self.coldstart_curve(host, b));
                let measured = (!curve_a.is_empty() && curve_a.len() == curve_b.len())
                    .then(|| measured_break_even(&curve_a, &curve_b))
                    .flatten();
                let phases = self.coldstart_phases(host, a).zip(self.coldstart_phases(host, b));
                let predicted = phases.map(|(phases_a, phases_b)| predicted_break_even(phases_a, phases_b));
                let paired = paired_break_even(&self.coldstart_paired(host, a, b));
                if measured.is_none() && paired.is_none() {
                    return None;
                }
                let verdict = match (measured, predicted) {
                    (Some(measured), Some(predicted)) => agreement(measured, predicted),
                    _ => String::new(),
                };
                // Where the prediction went wrong: each backend's start (the measured total
                // at the first N) and cost per call (the measured slope between the last
                // two N) against what its phases say.
                let why = match phases {
                    Some((phases_a, phases_b)) if verdict.starts_with("DISAGREE") => {
                        [(a, &curve_a, phases_a), (b, &curve_b, phases_b)]
                            .iter()
                            .filter_map(|&(backend, curve, phases)| {
                                let (start, per_call) = implied(curve)?;
                                Some(format!(
                                    "{backend}: start {} measured vs {} from the phases, per call {} vs {}",
                                    duration(start),
                                    duration(phases.0),
                                    duration(per_call),
                                    duration(phases.1)
                                ))
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    }
                    _ => String::new(),
                };
                let show = |b: Option<BreakEven>| b.map_or_else(|| "-".to_owned(), |b| b.to_string());
                let paired_text = match paired {
                    Some(paired) => {
                        let off = |other: Option<BreakEven>, name: &str| match (paired, other) {
                            (BreakEven::At(p), Some(BreakEven::At(o))) => {
                                Some(format!("{name} {:+.0}%", (100.0 * (o / p - 1.0)).round() + 0.0))
                            }
                            _ => None,
                        };
                        let offs: Vec<String> =
                            [off(measured, "measured"), off(predicted, "predicted")].into_iter().flatten().collect();
                        if offs.is_empty() { paired.to_string() } else { format!("{paired} ({})", offs.join(", ")) }
                    }
                    None => "-".to_owned(),
                };
                Some([format!("{a} / {b}"), paired_text, show(measured), show(predicted), verdict, why])
            })
            .collect();
        if rows.is_empty() {
            return;
        }
        doc.heading(3, format!("Break-even, {host}"));
        doc.paragraph(format!(
            "After how many simulator requests the second backend, started from the bytes, has answered all of \
             them sooner than the first. **Paired**: where the ratio of the two totals, measured interleaved in the \
             same seconds (the `ratio` target), crosses 1, interpolated in log N; beside it how far the other two \
             are from it. **Measured**: where the totals measured apart cross (linear between the measured N). \
             **Predicted**: from the phases measured alone; it should agree with the measured within {:.0}%.",
            AGREEMENT * 100.0
        ));
        let table = doc.table(
            &["sooner start / faster calls"],
            &["paired", "measured", "predicted", "agreement", "where they part"],
        );
        for row in rows {
            table.row(row);
        }
    }

    /// Total time against calls, log-log, a line per backend (measured totals).
    pub(crate) fn coldstart_charts(&self) -> Vec<Chart> {
        self.coldstart_hosts()
            .into_iter()
            .filter_map(|host| {
                let lines: Vec<Line> = self
                    .coldstart_backends(host)
                    .into_iter()
                    .map(|b| Line::solid(b.name(), palette::backend_color(b), self.coldstart_curve(host, b)))
                    .filter(|line| line.points.len() > 1)
                    .collect();
                (!lines.is_empty()).then(|| Chart {
                    name: format!("{}-{host}", Experiment::ColdStart),
                    title: format!("From the simulator guest's bytes to its N-th answer ({host})"),
                    figure: Figure::Lines(vec![Panel { title: String::new(), axes: Axes::calls(), lines }]),
                })
            })
            .collect()
    }
}

/// What a measured curve says of its own start and cost per call: the total at its first
/// N, and the slope between its last two N.
fn implied(curve: &[(f64, f64)]) -> Option<(f64, f64)> {
    let &(_, start) = curve.first()?;
    let [.., (n0, t0), (n1, t1)] = curve else { return None };
    Some((start, (t1 - t0) / (n1 - n0)))
}

/// Whether the predicted break-even is within [`AGREEMENT`] of the measured, or why not.
fn agreement(measured: BreakEven, predicted: BreakEven) -> String {
    match (measured, predicted) {
        (BreakEven::At(m), BreakEven::At(p)) => {
            let off = p / m - 1.0;
            let verdict = if off.abs() <= AGREEMENT { "agree" } else { "DISAGREE" };
            // `+ 0.0` turns a -0 left by rounding into 0, so no `-0%` is printed.
            format!("{verdict}: predicted {:+.0}%", (off * 100.0).round() + 0.0)
        }
        (BreakEven::FromTheStart, BreakEven::FromTheStart) => "agree".into(),
        (BreakEven::Beyond(m), BreakEven::Beyond(_)) => format!("agree (no crossing up to {})", count(m)),
        (BreakEven::Beyond(m), BreakEven::At(p)) if p > m => format!("agree (both beyond {})", count(m)),
        _ => "DISAGREE: one crosses, the other does not".into(),
    }
}
