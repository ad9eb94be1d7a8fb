//! The Wasmer JIT backends and the three phases of getting a guest ready to call:
//! compile, instantiate, and (for a JIT cache) serialize/deserialize. Kept apart, as
//! Sightglass does, so no benchmark number mixes two phases.

use std::fmt;

use std::sync::Arc;

use serde::Deserialize;
use wasmer::sys::CompilerConfig;
use wasmer::wasmparser::Operator;
use wasmer::{
    Engine, Function, Global, Imports, Instance, Memory, Module, RuntimeError, Store, TypedFunction, Value,
    WasmTypeList,
};
use wasmer_middlewares::Metering;

use crate::guest::{GuestModule, GuestOpt};
use crate::{Error, Result};

/// A Wasmer compiler backend. Which ones exist in a build is decided by cargo features
/// (`singlepass`, `cranelift` by default; `llvm` opt-in), so benchmarks iterate over
/// [`Backend::compiled_in`] and a `--features llvm` build adds LLVM rows by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Singlepass,
    Cranelift,
    Llvm,
}

impl Backend {
    pub const ALL: [Backend; 3] = [Backend::Singlepass, Backend::Cranelift, Backend::Llvm];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Singlepass => "singlepass",
            Backend::Cranelift => "cranelift",
            Backend::Llvm => "llvm",
        }
    }

    pub fn is_compiled_in(self) -> bool {
        match self {
            Backend::Singlepass => cfg!(feature = "singlepass"),
            Backend::Cranelift => cfg!(feature = "cranelift"),
            Backend::Llvm => cfg!(feature = "llvm"),
        }
    }

    pub fn compiled_in() -> Vec<Backend> {
        Backend::ALL.into_iter().filter(|b| b.is_compiled_in()).collect()
    }

    /// A fresh engine driving this backend with its default settings.
    pub fn engine(self) -> Result<Engine> {
        self.engine_with(None)
    }

    /// A fresh engine; with `fuel`, every module it compiles is instrumented by Wasmer's
    /// metering middleware (one point per wasm operator), so a call can be stopped.
    pub fn engine_with(self, fuel: Option<u64>) -> Result<Engine> {
        match self {
            #[cfg(feature = "singlepass")]
            Backend::Singlepass => Ok(with_metering(wasmer::sys::Singlepass::default(), fuel)),
            #[cfg(feature = "cranelift")]
            Backend::Cranelift => Ok(with_metering(wasmer::sys::Cranelift::default(), fuel)),
            #[cfg(feature = "llvm")]
            Backend::Llvm => Ok(with_metering(wasmer::sys::LLVM::default(), fuel)),
            #[allow(unreachable_patterns)]
            other => Err(Error::BackendUnavailable {
                name: other.name().to_owned(),
                available: Backend::compiled_in().iter().map(|b| b.name()).collect::<Vec<_>>().join(", "),
            }),
        }
    }
}

/// A `Metering` middleware serves one module only, so each engine gets its own.
fn with_metering<C: CompilerConfig + Into<Engine>>(mut config: C, fuel: Option<u64>) -> Engine {
    if let Some(limit) = fuel {
        config.push_middleware(Arc::new(Metering::new(limit, |_: &Operator| 1)));
    }
    config.into()
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A guest module compiled by one backend: ready to instantiate any number of times.
#[derive(Clone)]
pub struct CompiledGuest {
    pub backend: Backend,
    pub opt: GuestOpt,
    pub name: &'static str,
    /// The execution limit per call (metering points), if compiled with metering.
    pub fuel: Option<u64>,
    engine: Engine,
    module: Module,
}

impl CompiledGuest {
    /// Phase 1: JIT-compile the guest's bytes with a fresh engine of `backend`.
    pub fn compile(backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_in(&backend.engine()?, backend, guest, opt)
    }

    /// Phase 1, optionally with an execution limit: with `Some(fuel)` every call may
    /// run at most `fuel` wasm operators, after which it stops with
    /// [`Error::OutOfFuel`].
    pub fn compile_metered(backend: Backend, guest: &GuestModule, opt: GuestOpt, fuel: Option<u64>) -> Result<Self> {
        let engine = backend.engine_with(fuel)?;
        Self::compile_bytes(&engine, backend, guest.name, guest.bytes(opt), opt, fuel)
    }

    /// How benchmark ids name this guest's engine: `cranelift`, or `cranelift-metered`.
    pub fn engine_label(&self) -> String {
        match self.fuel {
            Some(_) => format!("{}-metered", self.backend),
            None => self.backend.to_string(),
        }
    }

    /// Phase 1 with an engine made beforehand; `engine` must drive `backend`.
    pub fn compile_in(engine: &Engine, backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_bytes(engine, backend, guest.name, guest.bytes(opt), opt, None)
    }

    /// Any module's bytes (a guest of your own, or a hostile one in the tests); `fuel`
    /// must be set exactly when `engine` was made with metering.
    pub fn compile_bytes(
        engine: &Engine,
        backend: Backend,
        name: &'static str,
        bytes: &[u8],
        opt: GuestOpt,
        fuel: Option<u64>,
    ) -> Result<Self> {
        let module = Module::new(engine, bytes).map_err(|source| Error::Compile {
            backend: backend.name(),
            guest: name,
            source,
        })?;
        Ok(Self { backend, opt, name, fuel, engine: engine.clone(), module })
    }

    /// Phase 2: a fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<LoadedGuest> {
        let mut store = Store::new(self.engine.clone());
        let instance = Instance::new(&mut store, &self.module, &Imports::new())
            .map_err(|source| Error::Instantiate { guest: self.name, source: Box::new(source) })?;
        let mut guest = LoadedGuest { name: self.name, store, instance, fuel: None };
        if let Some(limit) = self.fuel {
            let global = |export| {
                let found = guest.instance.exports.get_global(export).cloned();
                found.map_err(|source| Error::Export { guest: self.name, export, source })
            };
            let (remaining, exhausted) = (global(FUEL_REMAINING)?, global(FUEL_EXHAUSTED)?);
            guest.fuel = Some(Fuel { limit, remaining, exhausted });
        }
        Ok(guest)
    }

    /// The compiled artifact, as a JIT cache would store it.
    pub fn serialize(&self) -> Result<SerializedGuest> {
        let bytes = self.module.serialize().map_err(|source| Error::Serialize {
            backend: self.backend.name(),
            guest: self.name,
            source,
        })?;
        Ok(SerializedGuest {
            backend: self.backend,
            opt: self.opt,
            name: self.name,
            fuel: self.fuel,
            bytes: bytes.to_vec(),
        })
    }
}

/// A compiled artifact produced by [`CompiledGuest::serialize`] in this process. Only
/// that constructor exists, which is what makes [`SerializedGuest::load`] sound: Wasmer
/// loads an artifact as executable code and must be able to trust it.
pub struct SerializedGuest {
    backend: Backend,
    opt: GuestOpt,
    name: &'static str,
    fuel: Option<u64>,
    bytes: Vec<u8>,
}

impl SerializedGuest {
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Phase 1, cached: load the artifact into `engine` (a fresh engine of the same
    /// backend, as a new process would have) instead of compiling again.
    pub fn load(&self, engine: &Engine) -> Result<CompiledGuest> {
        // SAFETY: `bytes` can only come from `Module::serialize` in this process (see the
        // type's docs), so it is a valid artifact of this Wasmer version and backend.
        let module = unsafe { Module::deserialize(engine, self.bytes.as_slice()) }
            .map_err(|source| Error::Deserialize { backend: self.backend.name(), guest: self.name, source })?;
        let (backend, opt, name, fuel) = (self.backend, self.opt, self.name, self.fuel);
        Ok(CompiledGuest { backend, opt, name, fuel, engine: engine.clone(), module })
    }
}

/// A live guest instance and the store that owns its state.
///
/// Since Wasmer 3 an instance's exports are owned handles into its `Store`, not
/// references into the instance, so this struct can be moved freely (boxed, pushed into
/// a `Vec`) with its cached handles: the paper's `Pin<Box<Instance>>` is not needed.
pub struct LoadedGuest {
    pub name: &'static str,
    pub(crate) store: Store,
    pub(crate) instance: Instance,
    fuel: Option<Fuel>,
}

/// The metering middleware's two globals, looked up once, and the per-call limit.
struct Fuel {
    limit: u64,
    remaining: Global,
    exhausted: Global,
}

/// Globals the metering middleware adds to an instrumented module.
const FUEL_REMAINING: &str = "wasmer_metering_remaining_points";
const FUEL_EXHAUSTED: &str = "wasmer_metering_points_exhausted";

/// The export name Rust's wasm32 toolchain gives the guest's linear memory.
pub(crate) const MEMORY_EXPORT: &str = "memory";

impl LoadedGuest {
    pub(crate) fn function(&self, export: &'static str) -> Result<&Function> {
        self.instance.exports.get_function(export).map_err(|source| Error::Export { guest: self.name, export, source })
    }

    pub(crate) fn typed_function<A: WasmTypeList, R: WasmTypeList>(
        &self,
        export: &'static str,
    ) -> Result<TypedFunction<A, R>> {
        self.instance.exports.get_typed_function(&self.store, export).map_err(|source| Error::Export {
            guest: self.name,
            export,
            source,
        })
    }

    pub(crate) fn memory(&self) -> Result<&Memory> {
        self.instance.exports.get_memory(MEMORY_EXPORT).map_err(|source| Error::Export {
            guest: self.name,
            export: MEMORY_EXPORT,
            source,
        })
    }

    /// Resets the execution limit before a call (no-op without metering).
    #[inline]
    pub(crate) fn refuel(&mut self, export: &'static str) -> Result<()> {
        let Some(fuel) = &self.fuel else { return Ok(()) };
        let store = &mut self.store;
        fuel.remaining
            .set(store, Value::I64(fuel.limit as i64))
            .and_then(|()| fuel.exhausted.set(store, Value::I32(0)))
            .map_err(|source| Error::Trap { export, source })
    }

    /// The error for a trap in `export`: [`Error::OutOfFuel`] if the execution limit
    /// stopped it, else the trap itself.
    pub(crate) fn trap_error(&mut self, export: &'static str, source: RuntimeError) -> Error {
        match &self.fuel {
            Some(fuel) if fuel.exhausted.get(&mut self.store) == Value::I32(1) => {
                Error::OutOfFuel { export, limit: fuel.limit }
            }
            _ => Error::Trap { export, source },
        }
    }

    /// Current size of the guest's linear memory, in bytes.
    pub fn memory_size(&self) -> Result<u64> {
        Ok(self.memory()?.view(&self.store).data_size())
    }
}
