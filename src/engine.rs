//! The backends (a runtime and its compiler) and the three phases of getting a guest
//! ready to call: compile, instantiate, and (for a JIT cache) serialize/deserialize.
//! Kept apart, as Sightglass does, so no benchmark number mixes two phases.
//!
//! [`Compiled`] and [`Loaded`] are generic over the runtime adapter, so the ABIs built
//! on them call the runtime directly. [`Engine`], [`CompiledGuest`], [`LoadedGuest`]
//! and [`SerializedGuest`] hold any backend's, for code that picks the backend at run
//! time (the benchmarks, the tests).

use std::fmt;

use serde::Deserialize;

use crate::guest::{GuestModule, GuestOpt};
#[cfg(feature = "wasmtime")]
use crate::runtime::Wasmtime;
use crate::runtime::{Params, Results, Runtime, RuntimeKind, Wasmer};
use crate::{Error, Result};

/// A runtime and one of its compiler backends. Which exist in a build is decided by
/// cargo features (Wasmer's `singlepass` and `cranelift` by default; `llvm` and
/// `wasmtime` opt-in), so benchmarks iterate over [`Backend::compiled_in`] and a
/// feature adds its rows by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    WasmerSinglepass,
    WasmerCranelift,
    WasmerLlvm,
    WasmtimeCranelift,
    /// Wasmtime's baseline compiler: one pass, like Singlepass.
    WasmtimeWinch,
}

impl Backend {
    pub const ALL: [Backend; 5] = [
        Backend::WasmerSinglepass,
        Backend::WasmerCranelift,
        Backend::WasmerLlvm,
        Backend::WasmtimeCranelift,
        Backend::WasmtimeWinch,
    ];

    /// How ids, profiles and messages name it: `wasmer-cranelift`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "wasmer-singlepass",
            Backend::WasmerCranelift => "wasmer-cranelift",
            Backend::WasmerLlvm => "wasmer-llvm",
            Backend::WasmtimeCranelift => "wasmtime-cranelift",
            Backend::WasmtimeWinch => "wasmtime-winch",
        }
    }

    pub fn runtime(self) -> RuntimeKind {
        match self {
            Backend::WasmerSinglepass | Backend::WasmerCranelift | Backend::WasmerLlvm => RuntimeKind::Wasmer,
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => RuntimeKind::Wasmtime,
        }
    }

    /// The cargo feature that builds it in.
    pub fn feature(self) -> &'static str {
        match self {
            Backend::WasmerSinglepass => "singlepass",
            Backend::WasmerCranelift => "cranelift",
            Backend::WasmerLlvm => "llvm",
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => "wasmtime",
        }
    }

    pub fn is_compiled_in(self) -> bool {
        match self {
            Backend::WasmerSinglepass => cfg!(feature = "singlepass"),
            Backend::WasmerCranelift => cfg!(feature = "cranelift"),
            Backend::WasmerLlvm => cfg!(feature = "llvm"),
            Backend::WasmtimeCranelift | Backend::WasmtimeWinch => cfg!(feature = "wasmtime"),
        }
    }

    pub fn compiled_in() -> Vec<Backend> {
        Backend::ALL.into_iter().filter(|b| b.is_compiled_in()).collect()
    }

    /// A fresh engine driving this backend with its default settings.
    pub fn engine(self) -> Result<Engine> {
        self.engine_with(None)
    }

    /// A fresh engine; with `fuel`, every call into a module it compiles may run at most
    /// that many wasm operators (Wasmer's metering middleware, Wasmtime's fuel).
    pub fn engine_with(self, fuel: Option<u64>) -> Result<Engine> {
        if !self.is_compiled_in() {
            return Err(Error::BackendUnavailable {
                name: self.name(),
                feature: self.feature(),
                available: Backend::compiled_in().iter().map(|b| b.name()).collect::<Vec<_>>().join(", "),
            });
        }
        let failed = |reason| Error::Engine { backend: self.name(), reason };
        let inner = match self.runtime() {
            RuntimeKind::Wasmer => AnyEngine::Wasmer(Wasmer::engine(self, fuel).map_err(failed)?),
            #[cfg(feature = "wasmtime")]
            RuntimeKind::Wasmtime => AnyEngine::Wasmtime(Wasmtime::engine(self, fuel).map_err(failed)?),
            #[cfg(not(feature = "wasmtime"))]
            RuntimeKind::Wasmtime => unreachable!("is_compiled_in() is false without the wasmtime feature"),
        };
        Ok(Engine { backend: self, fuel, inner })
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A compiler of one backend, with or without an execution limit.
#[derive(Clone)]
pub struct Engine {
    backend: Backend,
    fuel: Option<u64>,
    inner: AnyEngine,
}

#[derive(Clone)]
enum AnyEngine {
    Wasmer(<Wasmer as Runtime>::Engine),
    #[cfg(feature = "wasmtime")]
    Wasmtime(<Wasmtime as Runtime>::Engine),
}

impl Engine {
    pub fn backend(&self) -> Backend {
        self.backend
    }
}

/// A guest module compiled by one runtime's engine: ready to instantiate any number of
/// times.
pub struct Compiled<R: Runtime> {
    pub name: &'static str,
    fuel: Option<u64>,
    engine: R::Engine,
    module: R::Module,
}

impl<R: Runtime> Clone for Compiled<R> {
    fn clone(&self) -> Self {
        Self { name: self.name, fuel: self.fuel, engine: self.engine.clone(), module: self.module.clone() }
    }
}

impl<R: Runtime> Compiled<R> {
    /// Phase 2: a fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<Loaded<R>> {
        let instance = R::instantiate(&self.engine, &self.module, self.fuel)
            .map_err(|reason| Error::Instantiate { guest: self.name, reason })?;
        Ok(Loaded { name: self.name, instance })
    }
}

/// A live guest instance and the store that owns its state.
///
/// In Wasmer 3+ and in Wasmtime an instance's exports are owned handles into its
/// store, not references into the instance, so this struct can be moved freely (boxed,
/// pushed into a `Vec`) with its cached handles: the paper's `Pin<Box<Instance>>` is not
/// needed.
pub struct Loaded<R: Runtime> {
    pub name: &'static str,
    pub(crate) instance: R::Instance,
}

/// The export name Rust's wasm32 toolchain gives the guest's linear memory.
pub(crate) const MEMORY_EXPORT: &str = "memory";

impl<R: Runtime> Loaded<R> {
    pub(crate) fn function(&mut self, export: &'static str) -> Result<R::Function> {
        R::function(&mut self.instance, export).map_err(|reason| self.export_error(export, reason))
    }

    /// The export, its signature checked to be `P -> Ret`.
    pub(crate) fn typed_function<P: Params, Ret: Results>(&mut self, export: &'static str) -> Result<R::Typed<P, Ret>> {
        R::typed(&mut self.instance, export).map_err(|reason| self.export_error(export, reason))
    }

    pub(crate) fn memory(&mut self) -> Result<R::Memory> {
        R::memory(&mut self.instance, MEMORY_EXPORT).map_err(|reason| self.export_error(MEMORY_EXPORT, reason))
    }

    /// Current size of the guest's linear memory, in bytes.
    pub fn memory_size(&mut self) -> Result<u64> {
        let memory = self.memory()?;
        Ok(R::memory_size(&self.instance, &memory))
    }

    fn export_error(&self, export: &'static str, reason: String) -> Error {
        Error::Export { guest: self.name, export, reason }
    }
}

/// A guest module compiled by any backend.
#[derive(Clone)]
pub struct CompiledGuest {
    pub backend: Backend,
    pub opt: GuestOpt,
    pub name: &'static str,
    /// The execution limit per call (wasm operators), if compiled with one.
    pub fuel: Option<u64>,
    pub(crate) inner: AnyCompiled,
}

/// A compiled module of whichever runtime compiled it; code that is generic over the
/// runtime matches on this once, outside any timed loop.
#[derive(Clone)]
pub enum AnyCompiled {
    Wasmer(Compiled<Wasmer>),
    #[cfg(feature = "wasmtime")]
    Wasmtime(Compiled<Wasmtime>),
}

impl CompiledGuest {
    /// Phase 1: JIT-compile the guest's bytes with a fresh engine of `backend`.
    pub fn compile(backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_metered(backend, guest, opt, None)
    }

    /// Phase 1, optionally with an execution limit: with `Some(fuel)` every call may
    /// run at most `fuel` wasm operators, after which it stops with
    /// [`Error::OutOfFuel`].
    pub fn compile_metered(backend: Backend, guest: &GuestModule, opt: GuestOpt, fuel: Option<u64>) -> Result<Self> {
        Self::compile_in(&backend.engine_with(fuel)?, guest, opt)
    }

    /// Phase 1 with an engine made beforehand.
    pub fn compile_in(engine: &Engine, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_bytes(engine, guest.name, guest.bytes(opt), opt)
    }

    /// Any module's bytes: a guest of your own, or a hostile one in the tests.
    pub fn compile_bytes(engine: &Engine, name: &'static str, bytes: &[u8], opt: GuestOpt) -> Result<Self> {
        let failed = |reason| Error::Compile { backend: engine.backend.name(), guest: name, reason };
        let fuel = engine.fuel;
        let inner = match &engine.inner {
            AnyEngine::Wasmer(e) => AnyCompiled::Wasmer(Compiled {
                name,
                fuel,
                engine: e.clone(),
                module: Wasmer::compile(e, bytes).map_err(failed)?,
            }),
            #[cfg(feature = "wasmtime")]
            AnyEngine::Wasmtime(e) => AnyCompiled::Wasmtime(Compiled {
                name,
                fuel,
                engine: e.clone(),
                module: Wasmtime::compile(e, bytes).map_err(failed)?,
            }),
        };
        Ok(Self { backend: engine.backend, opt, name, fuel, inner })
    }

    /// How benchmark ids name this guest's engine: `wasmer-cranelift`, or
    /// `wasmer-cranelift-metered`.
    pub fn engine_label(&self) -> String {
        match self.fuel {
            Some(_) => format!("{}-metered", self.backend),
            None => self.backend.to_string(),
        }
    }

    /// The module, for code written once for every runtime.
    pub fn runtime(&self) -> &AnyCompiled {
        &self.inner
    }

    /// Phase 2: a fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<LoadedGuest> {
        Ok(match &self.inner {
            AnyCompiled::Wasmer(c) => LoadedGuest::Wasmer(c.instantiate()?),
            #[cfg(feature = "wasmtime")]
            AnyCompiled::Wasmtime(c) => LoadedGuest::Wasmtime(c.instantiate()?),
        })
    }

    /// The compiled artifact, as a JIT cache would store it.
    pub fn serialize(&self) -> Result<SerializedGuest> {
        let bytes = match &self.inner {
            AnyCompiled::Wasmer(c) => Wasmer::serialize(&c.module),
            #[cfg(feature = "wasmtime")]
            AnyCompiled::Wasmtime(c) => Wasmtime::serialize(&c.module),
        };
        let bytes =
            bytes.map_err(|reason| Error::Serialize { backend: self.backend.name(), guest: self.name, reason })?;
        Ok(SerializedGuest { backend: self.backend, opt: self.opt, name: self.name, fuel: self.fuel, bytes })
    }
}

/// A live instance of any runtime.
pub enum LoadedGuest {
    Wasmer(Loaded<Wasmer>),
    #[cfg(feature = "wasmtime")]
    Wasmtime(Loaded<Wasmtime>),
}

impl LoadedGuest {
    /// Current size of the guest's linear memory, in bytes.
    pub fn memory_size(&mut self) -> Result<u64> {
        match self {
            LoadedGuest::Wasmer(g) => g.memory_size(),
            #[cfg(feature = "wasmtime")]
            LoadedGuest::Wasmtime(g) => g.memory_size(),
        }
    }
}

/// A compiled artifact produced by [`CompiledGuest::serialize`] in this process. Only
/// that constructor exists, which is what makes [`SerializedGuest::load`] sound: the
/// runtime loads an artifact as executable code and must be able to trust it.
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
        let (backend, opt, name, fuel) = (self.backend, self.opt, self.name, self.fuel);
        if engine.backend != backend || engine.fuel != fuel {
            return Err(Error::Deserialize {
                backend: backend.name(),
                guest: name,
                reason: format!("the engine is {} (limit {:?}), not the artifact's", engine.backend, engine.fuel),
            });
        }
        let failed = |reason| Error::Deserialize { backend: backend.name(), guest: name, reason };
        // SAFETY (both arms): `bytes` can only come from `serialize` in this process (see
        // the type's docs), and the engine is of the same backend (checked above), so it
        // is a valid artifact of this runtime version and backend.
        let inner = match &engine.inner {
            AnyEngine::Wasmer(e) => {
                let module = unsafe { Wasmer::deserialize(e, &self.bytes) }.map_err(failed)?;
                AnyCompiled::Wasmer(Compiled { name, fuel, engine: e.clone(), module })
            }
            #[cfg(feature = "wasmtime")]
            AnyEngine::Wasmtime(e) => {
                let module = unsafe { Wasmtime::deserialize(e, &self.bytes) }.map_err(failed)?;
                AnyCompiled::Wasmtime(Compiled { name, fuel, engine: e.clone(), module })
            }
        };
        Ok(CompiledGuest { backend, opt, name, fuel, inner })
    }
}
