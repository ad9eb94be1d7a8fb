//! The phases of getting a guest ready to call: compile, prepare (resolve imports),
//! instantiate, and (for a JIT cache) serialize/deserialize. Kept apart, as Sightglass
//! does, so no benchmark number mixes two phases.
//!
//! [`Compiled`], [`Prepared`] and [`Loaded`] are generic over the runtime adapter, so
//! the ABIs built on them call the runtime directly. [`Engine`], [`CompiledGuest`],
//! [`LoadedGuest`] and [`SerializedGuest`] hold any backend's, for code that picks the
//! backend at run time (the benchmarks, the tests).
//!
//! This is the one place that knows which runtimes exist: the erased types and their
//! dispatch are generated from the list in `runtimes!` below, and code written once
//! for every runtime reaches its module through [`CompiledGuest::on_runtime`] with an
//! [`OnRuntime`] visitor, matched once, outside any timed loop. A new runtime is its
//! adapter file, one line in that list, its `Backend` variants and a Cargo feature.

use std::sync::OnceLock;

use crate::guest::{GuestModule, GuestOpt};
#[cfg(feature = "wamr")]
use crate::runtime::Wamr;
#[cfg(feature = "wasm3")]
use crate::runtime::Wasm3;
#[cfg(feature = "wasmi")]
use crate::runtime::Wasmi;
#[cfg(feature = "wasmtime")]
use crate::runtime::Wasmtime;
use crate::runtime::{
    Backend, EngineOptions, HostFnStyle, HostState, Limit, Linking, MEMORY_EXPORT, Params, Results, Runtime,
    RuntimeKind, Wasmer,
};
#[cfg(feature = "previous")]
use crate::runtime::{WasmiPrevious, WasmtimePrevious};
use crate::{Error, Result};

/// A compiler of one backend, with its settings (an execution limit, pooled instances).
#[derive(Clone)]
pub struct Engine {
    backend: Backend,
    options: EngineOptions,
    inner: AnyEngine,
}

/// Code written once for every runtime, run with a guest's runtime-specific module:
/// the one dispatch from a backend chosen at run time to statically dispatched calls.
pub trait OnRuntime {
    type Output;
    fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output;
}

/// The runtimes built in, each its adapter type (named as its [`RuntimeKind`] variant)
/// and the feature that builds it: the erased types and every match over them are
/// generated from this one list.
macro_rules! runtimes {
    ($($(#[$cfg:meta])* $runtime:ident),+ $(,)?) => {
        #[derive(Clone)]
        enum AnyEngine {
            $($(#[$cfg])* $runtime(<$runtime as Runtime>::Engine),)+
        }

        /// A compiled module of whichever runtime compiled it.
        #[derive(Clone)]
        enum AnyCompiled {
            $($(#[$cfg])* $runtime(Compiled<$runtime>),)+
        }

        enum AnyLoaded {
            $($(#[$cfg])* $runtime(Loaded<$runtime>),)+
        }

        impl AnyEngine {
            fn new(backend: Backend, options: &EngineOptions) -> Result<AnyEngine, String> {
                match backend.runtime() {
                    $($(#[$cfg])* RuntimeKind::$runtime => $runtime::engine(backend, options).map(AnyEngine::$runtime),)+
                    #[allow(unreachable_patterns)]
                    other => Err(format!("the {other} runtime is not compiled in")),
                }
            }

            fn compile(&self, name: &'static str, limit: Option<Limit>, bytes: &[u8]) -> Result<AnyCompiled, String> {
                Ok(match self {
                    $($(#[$cfg])* AnyEngine::$runtime(e) => {
                        AnyCompiled::$runtime(Compiled::new(name, limit, e.clone(), $runtime::compile(e, bytes)?))
                    })+
                })
            }

            /// # Safety
            /// As [`Runtime::deserialize`]: `bytes` must come from `serialize` of the same
            /// runtime version and backend.
            unsafe fn deserialize(&self, name: &'static str, limit: Option<Limit>, bytes: &[u8]) -> Result<AnyCompiled, String> {
                Ok(match self {
                    $($(#[$cfg])* AnyEngine::$runtime(e) => {
                        // SAFETY: the caller's promise, passed on.
                        let module = unsafe { $runtime::deserialize(e, bytes) }?;
                        AnyCompiled::$runtime(Compiled::new(name, limit, e.clone(), module))
                    })+
                })
            }
        }

        impl AnyCompiled {
            fn on_runtime<V: OnRuntime>(&self, visitor: V) -> V::Output {
                match self {
                    $($(#[$cfg])* AnyCompiled::$runtime(compiled) => visitor.run(compiled),)+
                }
            }

            fn instantiate(&self) -> Result<AnyLoaded> {
                Ok(match self {
                    $($(#[$cfg])* AnyCompiled::$runtime(compiled) => AnyLoaded::$runtime(compiled.instantiate()?),)+
                })
            }
        }

        impl AnyLoaded {
            fn memory_size(&mut self) -> Result<u64> {
                match self {
                    $($(#[$cfg])* AnyLoaded::$runtime(loaded) => loaded.memory_size(),)+
                }
            }
        }
    };
}

runtimes!(
    Wasmer,
    #[cfg(feature = "wasmtime")]
    Wasmtime,
    #[cfg(feature = "wasmi")]
    Wasmi,
    #[cfg(feature = "wasm3")]
    Wasm3,
    #[cfg(feature = "wamr")]
    Wamr,
    #[cfg(feature = "previous")]
    WasmtimePrevious,
    #[cfg(feature = "previous")]
    WasmiPrevious,
);

impl Engine {
    /// A fresh engine of `backend` with its default settings.
    pub fn new(backend: Backend) -> Result<Engine> {
        Engine::with_options(backend, EngineOptions::default())
    }

    /// A fresh engine; with `limit`, every call into a module it compiles is stopped
    /// when it exceeds it (fuel: Wasmer's metering middleware, Wasmtime's and wasmi's
    /// fuel; epoch: Wasmtime's epoch interruption).
    pub fn metered(backend: Backend, limit: Option<Limit>) -> Result<Engine> {
        Engine::with_options(backend, EngineOptions { limit, ..EngineOptions::default() })
    }

    pub fn with_options(backend: Backend, options: EngineOptions) -> Result<Engine> {
        if !backend.is_compiled_in() {
            return Err(Error::BackendUnavailable {
                name: backend.name(),
                feature: backend.feature(),
                available: Backend::compiled_in().iter().map(|b| b.name()).collect::<Vec<_>>().join(", "),
            });
        }
        let inner =
            AnyEngine::new(backend, &options).map_err(|reason| Error::Engine { backend: backend.name(), reason })?;
        Ok(Engine { backend, options, inner })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// The Wasmtime engine, if this is one of Wasmtime's backends (components run there).
    #[cfg(feature = "wasmtime")]
    pub(crate) fn wasmtime(&self) -> Option<&wasmtime::Engine> {
        match &self.inner {
            AnyEngine::Wasmtime(engine) => Some(&engine.engine),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The Wasmer engine, if this is one of Wasmer's backends (the WASI hosts use it).
    #[cfg(feature = "wasi")]
    pub(crate) fn wasmer(&self) -> Option<&<Wasmer as Runtime>::Engine> {
        match &self.inner {
            AnyEngine::Wasmer(engine) => Some(engine),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The wasmi engine, if this is the wasmi backend (the WASI hosts use it).
    #[cfg(feature = "wasi")]
    pub(crate) fn wasmi(&self) -> Option<&<Wasmi as Runtime>::Engine> {
        match &self.inner {
            AnyEngine::Wasmi(engine) => Some(engine),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

/// A guest module compiled by one runtime's engine: ready to instantiate any number of
/// times.
pub struct Compiled<R: Runtime> {
    pub name: &'static str,
    limit: Option<Limit>,
    engine: R::Engine,
    module: R::Module,
    /// The module with its imports resolved once, if it imports nothing from the host:
    /// what [`Compiled::instantiate`] starts from. Made on first use, so compiling and
    /// loading an artifact stay phases of their own.
    standalone: OnceLock<Option<R::Prepared>>,
}

impl<R: Runtime> Clone for Compiled<R> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            limit: self.limit,
            engine: self.engine.clone(),
            module: self.module.clone(),
            standalone: self.standalone.clone(),
        }
    }
}

impl<R: Runtime> Compiled<R> {
    fn new(name: &'static str, limit: Option<Limit>, engine: R::Engine, module: R::Module) -> Self {
        Compiled { name, limit, engine, module, standalone: OnceLock::new() }
    }

    /// Phase 2: a fresh instance, with its own store and linear memory, of a module that
    /// imports nothing from the host.
    pub fn instantiate(&self) -> Result<Loaded<R>> {
        // A module that imports host functions cannot be prepared without them; it is
        // prepared with a host API style instead (`prepare`).
        let standalone =
            self.standalone.get_or_init(|| R::prepare(&self.engine, &self.module, None, Linking::Once).ok());
        let Some(prepared) = standalone else {
            // Preparing again gives the runtime's own message (which import is missing).
            let reason = R::prepare(&self.engine, &self.module, None, Linking::Once).err().unwrap_or_default();
            return Err(Error::Instantiate { guest: self.name, reason });
        };
        Prepared::<R> { name: self.name, limit: self.limit, inner: prepared.clone() }.instantiate()
    }

    /// The module with its imports resolved against the host API in `host`'s style (or
    /// against nothing), `linking` saying when: once now, or again for every instance.
    pub fn prepare(&self, host: Option<HostFnStyle>, linking: Linking) -> Result<Prepared<R>> {
        let inner = R::prepare(&self.engine, &self.module, host, linking)
            .map_err(|reason| Error::Instantiate { guest: self.name, reason })?;
        Ok(Prepared { name: self.name, limit: self.limit, inner })
    }
}

/// A compiled module with its imports resolved (or the recipe to resolve them per
/// instance): what a host that makes an instance per request keeps.
pub struct Prepared<R: Runtime> {
    pub name: &'static str,
    limit: Option<Limit>,
    inner: R::Prepared,
}

impl<R: Runtime> Prepared<R> {
    /// A fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<Loaded<R>> {
        let instance = R::instantiate(&self.inner, self.limit)
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

    /// The host API's state in this instance (calls made, bytes for `write`), if it was
    /// instantiated with the host API.
    pub fn host_state(&mut self) -> Option<&mut HostState> {
        R::host_state(&mut self.instance)
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
    /// The execution limit per call, if compiled with one.
    pub limit: Option<Limit>,
    inner: AnyCompiled,
}

impl CompiledGuest {
    /// Phase 1: JIT-compile the guest's bytes with a fresh engine of `backend`.
    pub fn compile(backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_metered(backend, guest, opt, None)
    }

    /// Phase 1, optionally with an execution limit: every call that exceeds it stops
    /// with [`Error::OutOfFuel`] (fuel) or [`Error::DeadlineExceeded`] (epoch).
    pub fn compile_metered(backend: Backend, guest: &GuestModule, opt: GuestOpt, limit: Option<Limit>) -> Result<Self> {
        Self::compile_in(&Engine::metered(backend, limit)?, guest, opt)
    }

    /// Phase 1 with an engine made beforehand.
    pub fn compile_in(engine: &Engine, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_bytes(engine, guest.name, guest.bytes(opt), opt)
    }

    /// Any module's bytes: a guest of your own, or a hostile one in the tests.
    pub fn compile_bytes(engine: &Engine, name: &'static str, bytes: &[u8], opt: GuestOpt) -> Result<Self> {
        let limit = engine.options.limit;
        let inner = engine.inner.compile(name, limit, bytes).map_err(|reason| Error::Compile {
            backend: engine.backend.name(),
            guest: name,
            reason,
        })?;
        Ok(Self { backend: engine.backend, opt, name, limit, inner })
    }

    /// Runs `visitor` with this guest's runtime-specific module: code written once for
    /// every runtime, dispatched here once, so the calls inside it are static.
    pub fn on_runtime<V: OnRuntime>(&self, visitor: V) -> V::Output {
        self.inner.on_runtime(visitor)
    }

    /// Phase 2: a fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<LoadedGuest> {
        Ok(LoadedGuest(self.inner.instantiate()?))
    }

    /// The compiled artifact, as a JIT cache would store it.
    pub fn serialize(&self) -> Result<SerializedGuest> {
        struct Serialize;
        impl OnRuntime for Serialize {
            type Output = Result<Vec<u8>, String>;
            fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
                R::serialize(&compiled.module)
            }
        }
        let bytes = self.on_runtime(Serialize).map_err(|reason| Error::Serialize {
            backend: self.backend.name(),
            guest: self.name,
            reason,
        })?;
        Ok(SerializedGuest { backend: self.backend, opt: self.opt, name: self.name, limit: self.limit, bytes })
    }
}

/// A live instance of any runtime.
pub struct LoadedGuest(AnyLoaded);

impl LoadedGuest {
    /// Current size of the guest's linear memory, in bytes.
    pub fn memory_size(&mut self) -> Result<u64> {
        self.0.memory_size()
    }
}

/// A compiled artifact produced by [`CompiledGuest::serialize`] in this process. Only
/// that constructor exists, which is what makes [`SerializedGuest::load`] sound: the
/// runtime loads an artifact as executable code and must be able to trust it.
pub struct SerializedGuest {
    backend: Backend,
    opt: GuestOpt,
    name: &'static str,
    limit: Option<Limit>,
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
        let (backend, opt, name, limit) = (self.backend, self.opt, self.name, self.limit);
        if engine.backend != backend || engine.options.limit != limit {
            return Err(Error::Deserialize {
                backend: backend.name(),
                guest: name,
                reason: format!(
                    "the engine is {} (limit {:?}), not the artifact's",
                    engine.backend, engine.options.limit
                ),
            });
        }
        // SAFETY: `bytes` can only come from `serialize` in this process (see the type's
        // docs), and the engine is of the same backend (checked above), so it is a valid
        // artifact of this runtime version and backend.
        let inner = unsafe { engine.inner.deserialize(name, limit, &self.bytes) }
            .map_err(|reason| Error::Deserialize { backend: backend.name(), guest: name, reason })?;
        Ok(CompiledGuest { backend, opt, name, limit, inner })
    }
}
