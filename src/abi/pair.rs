//! Pair ABI: the arguments travel as two wasm `i32` values; no guest memory involved.

use abi_types::MultiplyParams;

use super::{Access, GuestFn, Loading, MultiplyAbi};
use crate::runtime::engine::Loaded;
use crate::runtime::{Params, Runtime};
use crate::{Error, Result};

pub struct PairAbi<R: Runtime> {
    guest: Loaded<R>,
    multiply: GuestFn<R, (i32, i32), i32>,
    staged: MultiplyParams,
    /// `Some` under Preload: the dynamic call's values, built once per `prepare`.
    preloaded: Option<[R::Value; 2]>,
}

impl<R: Runtime> PairAbi<R> {
    pub(crate) fn new(mut guest: Loaded<R>, access: Access, loading: Loading) -> Result<Self> {
        let multiply = access.function(&mut guest, "multiply")?;
        let preloaded = match loading {
            Loading::Hotload => None,
            Loading::Preload if multiply.is_dynamic() => Some((0i32, 0i32).to_values::<R>()),
            Loading::Preload => {
                return Err(Error::Config {
                    config: "pair, preload, typed call".into(),
                    reason: "typed calls take native arguments: there are no values to preload",
                });
            }
        };
        Ok(Self { guest, multiply, staged: MultiplyParams::default(), preloaded })
    }
}

impl<R: Runtime> MultiplyAbi for PairAbi<R> {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
        if let Some(values) = &mut self.preloaded {
            *values = (x, y).to_values::<R>();
        }
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        match &self.preloaded {
            Some(values) => self.multiply.call_values(&mut self.guest, values),
            None => self.multiply.call(&mut self.guest, (self.staged.x, self.staged.y)),
        }
    }

    fn memory_size(&mut self) -> Result<u64> {
        self.guest.memory_size()
    }
}
