//! The micro-benchmark's factor space (the paper's Table 1, plus the call style and the
//! Postcard ABI) as data, and the constructor from a configuration to a callable.
//!
//! A configuration's `Display` (written in `crate::ids`) is its benchmark case, so the
//! ids in `cargo bench`, the tests and the docs all come from [`MicroConfig::all`].

#[cfg(feature = "wasmtime")]
pub mod component;

use crate::abi::{
    Abi, AbiObject, Access, BincodeAbi, BytemuckAbi, CallStyle, Loading, Lookup, Memory, MultiplyAbi, PairAbi,
    PostcardAbi,
};
use crate::runtime::Runtime;
use crate::runtime::engine::{Compiled, CompiledGuest, OnRuntime};
use crate::{Error, Result};

/// One way of calling the guest's multiplication. Each factor is a field; the fields
/// that only apply to some ABIs are `Option`s (`None` where the paper left the cell
/// empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MicroConfig {
    pub abi: Abi,
    /// Static or dynamic guest memory; memory ABIs only.
    pub memory: Option<Memory>,
    pub lookup: Lookup,
    /// When the argument values are built; Pair with dynamic calls only.
    pub loading: Option<Loading>,
    /// Self-referential struct: the object (instance plus handles) is boxed and moved
    /// into a `Vec<Box<dyn MultiplyAbi>>` before use, and called through it.
    pub srs: bool,
    pub call: CallStyle,
}

/// The paper's Table 1, test number first. The paper made every call dynamically.
const TABLE_1: [(u8, MicroConfig); 12] = {
    use {Abi::*, Lookup::*};
    const fn row(abi: Abi, lookup: Lookup, loading: Option<Loading>, srs: bool, memory: Option<Memory>) -> MicroConfig {
        MicroConfig { abi, memory, lookup, loading, srs, call: CallStyle::Dynamic }
    }
    const HOT: Option<Loading> = Some(Loading::Hotload);
    const PRE: Option<Loading> = Some(Loading::Preload);
    const DYN: Option<Memory> = Some(Memory::Dynamic);
    const STATIC: Option<Memory> = Some(Memory::Static);
    [
        (1, row(Pair, ByName, HOT, false, None)),
        (2, row(Pair, ByName, PRE, false, None)),
        (3, row(Pair, Cached, HOT, false, None)),
        (4, row(Pair, Cached, PRE, false, None)),
        (5, row(Pair, Cached, HOT, true, None)),
        (6, row(Pair, Cached, PRE, true, None)),
        (7, row(Bincode, ByName, None, false, DYN)),
        (8, row(Bincode, Cached, None, false, DYN)),
        (9, row(Bytemuck, ByName, None, false, DYN)),
        (10, row(Bytemuck, Cached, None, false, DYN)),
        (11, row(Bytemuck, ByName, None, false, STATIC)),
        (12, row(Bytemuck, Cached, None, false, STATIC)),
    ]
};

impl MicroConfig {
    /// The cheapest way into a guest the study found: Pair, cached handles, a typed
    /// call. The reference other configurations are divided by, and the sentinel's call.
    pub const CACHED_TYPED_PAIR: MicroConfig = MicroConfig {
        abi: Abi::Pair,
        memory: None,
        lookup: Lookup::Cached,
        loading: None,
        srs: false,
        call: CallStyle::Typed,
    };

    /// Every configuration the micro-benchmark runs, in a stable order: the twelve
    /// Table 1 rows as the paper ran them (dynamic calls), each row's typed-call twin
    /// (Preload and Hotload have one twin, as typed calls build no values), then
    /// Postcard through the static buffer.
    pub fn all() -> Vec<MicroConfig> {
        let mut configs: Vec<MicroConfig> = TABLE_1.iter().map(|(_, config)| *config).collect();
        for (_, row) in TABLE_1 {
            let twin = MicroConfig { call: CallStyle::Typed, loading: None, ..row };
            if !configs.contains(&twin) {
                configs.push(twin);
            }
        }
        for call in [CallStyle::Dynamic, CallStyle::Typed] {
            for lookup in [Lookup::ByName, Lookup::Cached] {
                configs.push(MicroConfig {
                    abi: Abi::Postcard,
                    memory: Some(Memory::Static),
                    lookup,
                    loading: None,
                    srs: false,
                    call,
                });
            }
        }
        configs
    }

    /// The Table 1 test numbers this configuration reproduces: exactly one for a
    /// paper row, the row(s) it is the typed twin of for a typed call, none for
    /// configurations the paper did not have.
    pub fn table1_rows(&self) -> Vec<u8> {
        TABLE_1
            .iter()
            .filter(|(_, row)| match self.call {
                CallStyle::Dynamic => row == self,
                CallStyle::Typed => MicroConfig { call: CallStyle::Typed, loading: None, ..*row } == *self,
            })
            .map(|(number, _)| *number)
            .collect()
    }

    /// Checks that the factors fit together (e.g. no memory mode for Pair).
    pub fn validate(&self) -> Result<()> {
        let reason = match (self.abi, self.memory) {
            (Abi::Pair, Some(_)) => Some("the Pair ABI uses no guest memory"),
            (Abi::Bincode | Abi::Bytemuck | Abi::Postcard, None) => Some("a memory ABI needs a memory mode"),
            (Abi::Bincode, Some(Memory::Static)) => Some("Bincode's encoded size is not fixed: dynamic memory only"),
            (Abi::Postcard, Some(Memory::Dynamic)) => Some("Postcard runs through the static buffer only"),
            _ => None,
        }
        .or(match (self.abi, self.loading, self.call) {
            (Abi::Pair, None, CallStyle::Dynamic) => Some("dynamic Pair calls need Preload or Hotload"),
            (Abi::Pair, Some(_), CallStyle::Typed) => Some("typed calls build no argument values: no Preload/Hotload"),
            (Abi::Bincode | Abi::Bytemuck | Abi::Postcard, Some(_), _) => Some("Preload/Hotload applies to Pair only"),
            _ => None,
        })
        .or((self.srs && self.lookup == Lookup::ByName).then_some("a self-referential struct exists to cache handles"));
        match reason {
            Some(reason) => Err(Error::Config { config: self.to_string(), reason }),
            None => Ok(()),
        }
    }

    /// Instantiates `guest` (compiled by any backend) and wraps it in this
    /// configuration's ABI object, held as the configuration says, boxed: for code that
    /// calls it without timing. A benchmark uses [`MicroConfig::build_on`] through an
    /// `OnRuntime` visitor, so its calls go straight to the runtime.
    pub fn build(&self, guest: &CompiledGuest) -> Result<MicroSubject> {
        struct Build(MicroConfig);
        impl OnRuntime for Build {
            type Output = Result<MicroSubject>;
            fn run<R: Runtime>(self, compiled: &Compiled<R>) -> Self::Output {
                Ok(match self.0.build_on(compiled)? {
                    Held::Local(object) => Held::Local(Box::new(object)),
                    Held::SelfReferential(modules) => Held::SelfReferential(modules),
                })
            }
        }
        guest.on_runtime(Build(*self))
    }

    /// [`MicroConfig::build`] for one runtime: the object's calls go straight to it.
    pub fn build_on<R: Runtime>(&self, guest: &Compiled<R>) -> Result<Held<AbiObject<R>>> {
        self.validate()?;
        let instance = guest.instantiate()?;
        let access = Access { lookup: self.lookup, style: self.call };
        let object = match self.abi {
            // A typed call has no values to preload: it passes its arguments per call.
            Abi::Pair => AbiObject::Pair(PairAbi::new(instance, access, self.loading.unwrap_or(Loading::Hotload))?),
            Abi::Bincode => AbiObject::Bincode(BincodeAbi::new(instance, access)?),
            // `validate` has checked that a Bytemuck configuration names its memory.
            Abi::Bytemuck => {
                AbiObject::Bytemuck(BytemuckAbi::new(instance, access, self.memory.unwrap_or(Memory::Static))?)
            }
            Abi::Postcard => AbiObject::Postcard(PostcardAbi::new(instance, access)?),
        };
        Ok(if self.srs { Held::SelfReferential(vec![object.into_boxed()]) } else { Held::Local(object) })
    }
}

/// How a component export is reached: the micro-benchmark's lookup and call style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ComponentCall {
    pub lookup: Lookup,
    pub call: CallStyle,
}

impl ComponentCall {
    pub const ALL: [ComponentCall; 4] = [
        ComponentCall { lookup: Lookup::ByName, call: CallStyle::Dynamic },
        ComponentCall { lookup: Lookup::Cached, call: CallStyle::Dynamic },
        ComponentCall { lookup: Lookup::ByName, call: CallStyle::Typed },
        ComponentCall { lookup: Lookup::Cached, call: CallStyle::Typed },
    ];
}

/// A ready-to-call ABI object, held the way its configuration says: `O` is the object
/// itself (`AbiObject<R>`, statically dispatched) or, for code that picks the runtime at
/// run time and does not time calls, a boxed one ([`MicroSubject`]).
pub enum Held<O> {
    /// Kept in a local variable: the paper's non-SRS rows.
    Local(O),
    /// Boxed and moved into a list of modules, called through a trait object.
    SelfReferential(Vec<Box<dyn MultiplyAbi>>),
}

impl<O: MultiplyAbi> Held<O> {
    /// The object to call, however it is held.
    pub fn object(&mut self) -> &mut dyn MultiplyAbi {
        match self {
            Held::Local(object) => object,
            Held::SelfReferential(modules) => modules[0].as_mut(),
        }
    }

    /// The list of boxed modules an SRS configuration is held in; `None` for a Local one.
    pub fn into_modules(self) -> Option<Vec<Box<dyn MultiplyAbi>>> {
        match self {
            Held::SelfReferential(modules) => Some(modules),
            Held::Local(_) => None,
        }
    }
}

/// A configuration's object on whichever runtime compiled the guest, boxed.
pub type MicroSubject = Held<Box<dyn MultiplyAbi>>;
