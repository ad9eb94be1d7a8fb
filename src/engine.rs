//! The Wasmer JIT backends and the three phases of getting a guest ready to call:
//! compile, instantiate, and (for a JIT cache) serialize/deserialize. Kept apart, as
//! Sightglass does, so no benchmark number mixes two phases.

use std::fmt;

use serde::Deserialize;
use wasmer::{Engine, Function, Imports, Instance, Memory, Module, Store, TypedFunction, WasmTypeList};

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
        match self {
            #[cfg(feature = "singlepass")]
            Backend::Singlepass => Ok(wasmer::sys::Singlepass::default().into()),
            #[cfg(feature = "cranelift")]
            Backend::Cranelift => Ok(wasmer::sys::Cranelift::default().into()),
            #[cfg(feature = "llvm")]
            Backend::Llvm => Ok(wasmer::sys::LLVM::default().into()),
            #[allow(unreachable_patterns)]
            other => Err(Error::BackendUnavailable {
                name: other.name().to_owned(),
                available: Backend::compiled_in().iter().map(|b| b.name()).collect::<Vec<_>>().join(", "),
            }),
        }
    }
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
    engine: Engine,
    module: Module,
}

impl CompiledGuest {
    /// Phase 1: JIT-compile the guest's bytes with a fresh engine of `backend`.
    pub fn compile(backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        Self::compile_in(&backend.engine()?, backend, guest, opt)
    }

    /// Phase 1 with an engine made beforehand; `engine` must drive `backend`.
    pub fn compile_in(engine: &Engine, backend: Backend, guest: &GuestModule, opt: GuestOpt) -> Result<Self> {
        let module = Module::new(engine, guest.bytes(opt))
            .map_err(|source| Error::Compile { backend: backend.name(), guest: guest.name, source })?;
        Ok(Self { backend, opt, name: guest.name, engine: engine.clone(), module })
    }

    /// Phase 2: a fresh instance, with its own store and linear memory.
    pub fn instantiate(&self) -> Result<LoadedGuest> {
        let mut store = Store::new(self.engine.clone());
        let instance = Instance::new(&mut store, &self.module, &Imports::new())
            .map_err(|source| Error::Instantiate { guest: self.name, source: Box::new(source) })?;
        Ok(LoadedGuest { name: self.name, store, instance })
    }

    /// The compiled artifact, as a JIT cache would store it.
    pub fn serialize(&self) -> Result<SerializedGuest> {
        let bytes = self
            .module
            .serialize()
            .map_err(|source| Error::Serialize { backend: self.backend.name(), guest: self.name, source })?;
        Ok(SerializedGuest { backend: self.backend, opt: self.opt, name: self.name, bytes: bytes.to_vec() })
    }
}

/// A compiled artifact produced by [`CompiledGuest::serialize`] in this process. Only
/// that constructor exists, which is what makes [`SerializedGuest::load`] sound: Wasmer
/// loads an artifact as executable code and must be able to trust it.
pub struct SerializedGuest {
    backend: Backend,
    opt: GuestOpt,
    name: &'static str,
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
        Ok(CompiledGuest { backend: self.backend, opt: self.opt, name: self.name, engine: engine.clone(), module })
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
}

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
        self.instance
            .exports
            .get_typed_function(&self.store, export)
            .map_err(|source| Error::Export { guest: self.name, export, source })
    }

    pub(crate) fn memory(&self) -> Result<&Memory> {
        self.instance
            .exports
            .get_memory(MEMORY_EXPORT)
            .map_err(|source| Error::Export { guest: self.name, export: MEMORY_EXPORT, source })
    }

    /// Current size of the guest's linear memory, in bytes.
    pub fn memory_size(&self) -> Result<u64> {
        Ok(self.memory()?.view(&self.store).data_size())
    }
}
