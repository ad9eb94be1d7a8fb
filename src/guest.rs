//! The guest modules, compiled from `wasm/` by `build.rs` and embedded in the library.

use std::fmt;

use serde::Deserialize;

/// One guest crate, as built in both guest profiles.
#[derive(Clone, Copy, Debug)]
pub struct GuestModule {
    pub name: &'static str,
    pub release: &'static [u8],
    pub debug: &'static [u8],
}

impl GuestModule {
    pub fn bytes(&self, opt: GuestOpt) -> &'static [u8] {
        match opt {
            GuestOpt::Release => self.release,
            GuestOpt::Debug => self.debug,
        }
    }
}

/// The guest's own optimisation level (cargo profile it was built with), a benchmark
/// factor independent of how the host was built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GuestOpt {
    /// `opt-level = 3`, as the paper built every guest after its section 4.1.
    Release,
    /// `opt-level = 0`.
    Debug,
}

impl GuestOpt {
    pub const ALL: [GuestOpt; 2] = [GuestOpt::Release, GuestOpt::Debug];
}

impl fmt::Display for GuestOpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GuestOpt::Release => "release",
            GuestOpt::Debug => "debug",
        })
    }
}

include!(concat!(env!("OUT_DIR"), "/guests.rs"));
