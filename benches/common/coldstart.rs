//! A cold start, shared by the `coldstart` target (which times its totals and phases
//! apart) and the `ratio` target (which pairs two backends' totals): from a guest's bytes,
//! or a JIT cache's artifact, to its N-th answer.

use std::rc::Rc;

use wasm_script_bench::Result;
use wasm_script_bench::experiments::micro::MicroConfig;
use wasm_script_bench::experiments::sim::{NativeDriver, PolicyKind, Scenario, SimAbi, SimDriver, Stats};
use wasm_script_bench::guest::GuestOpt;
use wasm_script_bench::ids::{CallStyle, ColdGuest, Lookup};
use wasm_script_bench::runtime::engine::{CompiledGuest, Engine};
use wasm_script_bench::workload::Request;

/// The simulator's policy and per-request crossing: the cheapest per-request call.
pub const POLICY: PolicyKind = PolicyKind::Lru;
pub const SCENARIO: Scenario = Scenario::Wasm { abi: SimAbi::Pair, lookup: Lookup::Cached, call: CallStyle::Typed };
pub const OPT: GuestOpt = GuestOpt::Release;
const MULTIPLY: (i32, i32) = (6, 7);

/// The requests a cold start serves, and the cache they go through.
#[derive(Clone)]
pub struct ColdStart {
    pub trace: Rc<[Request]>,
    pub capacity: i64,
}

/// A guest ready to answer: the multiply guest's ABI object or the simulator's driver.
pub enum Ready {
    Multiply(wasm_script_bench::experiments::micro::MicroSubject),
    Simulator(Box<dyn SimDriver>),
}

/// What the guest answered: the product, or the simulator's counters.
#[derive(Debug, PartialEq)]
pub enum Answer {
    Product(i32),
    Stats(Stats),
}

impl ColdStart {
    /// Instantiates `compiled` and looks up what `guest` is called through.
    pub fn ready(&self, guest: ColdGuest, compiled: &CompiledGuest) -> Result<Ready> {
        Ok(match guest {
            ColdGuest::Multiply => Ready::Multiply(MicroConfig::CACHED_TYPED_PAIR.build(compiled)?),
            ColdGuest::Simulator => Ready::Simulator(SCENARIO.driver(compiled, 1)?),
        })
    }

    /// `calls` calls: one multiplication, or a fresh cache and `calls` requests.
    pub fn answer(&self, ready: &mut Ready, calls: u64) -> Result<Answer> {
        Ok(match ready {
            Ready::Multiply(subject) => Answer::Product(subject.object().multiply(MULTIPLY.0, MULTIPLY.1)?),
            Ready::Simulator(driver) => Answer::Stats(driver.run(POLICY, self.capacity, self.requests(calls))?),
        })
    }

    /// The answer natively: what every backend must give.
    pub fn expected(&self, guest: ColdGuest, calls: u64) -> Result<Answer> {
        Ok(match guest {
            ColdGuest::Multiply => Answer::Product(MULTIPLY.0.wrapping_mul(MULTIPLY.1)),
            ColdGuest::Simulator => {
                Answer::Stats(NativeDriver::default().run(POLICY, self.capacity, self.requests(calls))?)
            }
        })
    }

    pub fn requests(&self, calls: u64) -> &[Request] {
        &self.trace[..calls as usize]
    }

    /// From the bytes (or the artifact) to the `calls`-th answer, with `engine`.
    pub fn start(
        &self,
        engine: &Engine,
        guest: ColdGuest,
        source: &Source,
        calls: u64,
    ) -> Result<(CompiledGuest, Ready, Answer)> {
        let compiled = match source {
            Source::Bytes => CompiledGuest::compile_in(engine, guest.module(), OPT)?,
            Source::Artifact(artifact) => artifact.load(engine)?,
        };
        let mut ready = self.ready(guest, &compiled)?;
        let answer = self.answer(&mut ready, calls)?;
        Ok((compiled, ready, answer))
    }
}

/// Where a timed start begins: the module's bytes, or an artifact made beforehand.
pub enum Source {
    Bytes,
    Artifact(wasm_script_bench::runtime::engine::SerializedGuest),
}
