//! Pair ABI: the arguments travel as two wasm `i32` values; no guest memory involved.

use abi_types::MultiplyParams;
use wasmer::Value;

use super::export::Params;
use super::{Access, GuestFn, Loading, MultiplyAbi};
use crate::engine::LoadedGuest;
use crate::{Error, Result};

pub struct PairAbi {
    guest: LoadedGuest,
    multiply: GuestFn<(i32, i32), i32>,
    staged: MultiplyParams,
    /// `Some` under Preload: the dynamic call's values, built once per `prepare`.
    preloaded: Option<[Value; 2]>,
}

impl PairAbi {
    pub(crate) fn new(guest: LoadedGuest, access: Access, loading: Loading) -> Result<Self> {
        let multiply = access.function(&guest, "multiply")?;
        let preloaded = match loading {
            Loading::Hotload => None,
            Loading::Preload if multiply.is_dynamic() => Some((0, 0).to_values()),
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

impl MultiplyAbi for PairAbi {
    fn prepare(&mut self, x: i32, y: i32) {
        self.staged = MultiplyParams { x, y };
        if let Some(values) = &mut self.preloaded {
            *values = (x, y).to_values();
        }
    }

    #[inline]
    fn call(&mut self) -> Result<i32> {
        match &self.preloaded {
            Some(values) => self.multiply.call_values(&mut self.guest, values),
            None => self.multiply.call(&mut self.guest, (self.staged.x, self.staged.y)),
        }
    }

    fn guest(&self) -> &LoadedGuest {
        &self.guest
    }
}
