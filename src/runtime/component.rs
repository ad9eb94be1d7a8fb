//! The Component Model guest on Wasmtime (Wasmer does not run components): compiling,
//! loading and instantiating it, and the host bindings `bindgen!` generates from its
//! world `wsb:bench/bench` (wasm/wit/bench.wit): the paper's multiplication, the cache
//! simulator per request and per batch, and payloads both ways.
//!
//! The canonical ABI is one more ABI each experiment runs: the objects that call these
//! bindings live with their experiments (`experiments::micro::component`,
//! `experiments::sim::component`, `experiments::payload::component`), beside the hand
//! ABIs they are compared with.

use wasmtime::Store;
use wasmtime::component::{Component, Func, Instance, InstancePre, Linker};

use super::Backend;
use super::engine::Engine;
use crate::guest::{self, GuestOpt};
use crate::{Error, Result};

wasmtime::component::bindgen!({ world: "bench", path: "wasm/wit" });

/// The interface and function of the multiplication, as a by-name lookup names them.
const CALC_INTERFACE: &str = "wsb:bench/calc";
pub(crate) const MULTIPLY: &str = "multiply";

/// The Component Model guest compiled by one of Wasmtime's backends.
#[derive(Clone)]
pub struct CompiledComponent {
    pub backend: Backend,
    pub opt: GuestOpt,
    engine: wasmtime::Engine,
    component: Component,
}

/// What a Wasmtime error in a component call becomes: a trap stays a trap; anything
/// else (a list the guest returned out of bounds, say) is a buffer the host refused.
pub(crate) fn failure(export: &'static str, error: wasmtime::Error) -> Error {
    match error.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => Error::Trap { export, reason: trap.to_string() },
        None => Error::GuestBuffer { export, reason: format!("{error:#}") },
    }
}

impl CompiledComponent {
    /// Compiles the component guest with a fresh engine of `backend`.
    pub fn compile(backend: Backend, opt: GuestOpt) -> Result<Self> {
        Self::compile_in(&Engine::new(backend)?, opt)
    }

    /// Compiles the component guest with `engine`, which must be one of Wasmtime's.
    pub fn compile_in(engine: &Engine, opt: GuestOpt) -> Result<Self> {
        let backend = engine.backend();
        let engine = wasmtime_engine(engine)?;
        let component = Component::new(&engine, guest::COMPONENT.bytes(opt)).map_err(|e| Error::Compile {
            backend: backend.name(),
            guest: guest::COMPONENT.name,
            reason: format!("{e:#}"),
        })?;
        Ok(CompiledComponent { backend, opt, engine, component })
    }

    /// The compiled artifact, as a JIT cache would store it.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        let name = guest::COMPONENT.name;
        self.component.serialize().map_err(|e| Error::Serialize {
            backend: self.backend.name(),
            guest: name,
            reason: format!("{e:#}"),
        })
    }

    /// Loads an artifact [`CompiledComponent::serialize`] made in this process, into
    /// `engine` (a fresh engine of the same backend).
    pub fn deserialize(engine: &Engine, opt: GuestOpt, artifact: &[u8]) -> Result<Self> {
        let backend = engine.backend();
        let wasmtime = wasmtime_engine(engine)?;
        let failed =
            |reason: String| Error::Deserialize { backend: backend.name(), guest: guest::COMPONENT.name, reason };
        // SAFETY: the bytes come from `serialize` in this process (the benchmarks and
        // tests pass nothing else), made by the same Wasmtime version and backend.
        let component = unsafe { Component::deserialize(&wasmtime, artifact) }.map_err(|e| failed(format!("{e:#}")))?;
        Ok(CompiledComponent { backend, opt, engine: wasmtime, component })
    }

    /// Imports resolved once (the component imports nothing; this type-checks it).
    pub fn prepare(&self) -> Result<InstancePre<()>> {
        Linker::new(&self.engine).instantiate_pre(&self.component).map_err(|e| self.instantiate_error(e))
    }

    /// A fresh store and instance.
    pub fn instantiate(&self) -> Result<LoadedComponent> {
        LoadedComponent::new(&self.prepare()?, self)
    }

    fn instantiate_error(&self, e: wasmtime::Error) -> Error {
        Error::Instantiate { guest: guest::COMPONENT.name, reason: format!("{e:#}") }
    }
}

fn wasmtime_engine(engine: &Engine) -> Result<wasmtime::Engine> {
    engine.wasmtime().cloned().ok_or(Error::Config {
        config: format!("component on {}", engine.backend()),
        reason: "the Component Model runs on Wasmtime only (Wasmer does not implement it)",
    })
}

/// A live component instance, its store, and the generated bindings (typed handles on
/// every export, resolved once).
pub struct LoadedComponent {
    pub(crate) store: Store<()>,
    instance: Instance,
    pub(crate) bench: Bench,
}

impl LoadedComponent {
    fn new(pre: &InstancePre<()>, compiled: &CompiledComponent) -> Result<Self> {
        let mut store = Store::new(&compiled.engine, ());
        let instance = pre.instantiate(&mut store).map_err(|e| compiled.instantiate_error(e))?;
        let bench = Bench::new(&mut store, &instance).map_err(|e| compiled.instantiate_error(e))?;
        Ok(LoadedComponent { store, instance, bench })
    }

    /// The multiplication, looked up by name now.
    pub(crate) fn multiply_by_name(&mut self) -> Result<Func> {
        let store = &mut self.store;
        let interface = self.instance.get_export_index(&mut *store, None, CALC_INTERFACE);
        let function = interface.and_then(|i| self.instance.get_export_index(&mut *store, Some(&i), MULTIPLY));
        let export_error = |reason: String| Error::Export { guest: guest::COMPONENT.name, export: MULTIPLY, reason };
        let index = function.ok_or_else(|| export_error(format!("no `{MULTIPLY}` in `{CALC_INTERFACE}`")))?;
        self.instance.get_func(&mut *store, index).ok_or_else(|| export_error("not a function".into()))
    }

    /// Calls `forged-list`: a list whose pointer lies outside the guest's memory.
    pub fn forged_list(&mut self) -> Result<Vec<u8>> {
        self.bench.wsb_bench_faults().call_forged_list(&mut self.store).map_err(|e| failure("forged-list", e))
    }

    /// Calls `trap`. After a trap Wasmtime refuses further calls into this store's
    /// components ("cannot enter component instance"): make a fresh instance.
    pub fn trap(&mut self) -> Result<()> {
        self.bench.wsb_bench_faults().call_trap(&mut self.store).map_err(|e| failure("trap", e))
    }
}
