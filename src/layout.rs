//! The code layout this binary was built with: `build.rs` generates padding functions
//! from `BENCH_LAYOUT_SEED` (none for 0, the default), so that the repetition workflow
//! can measure over several layouts of the same source (`examples/repeat --layouts K`).
//! The bench targets include the same padding, so their own code moves too.

include!(concat!(env!("OUT_DIR"), "/layout.rs"));
