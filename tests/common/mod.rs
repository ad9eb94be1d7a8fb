//! What several test files share: a known amount of work, for the paired measurement's
//! tests on synthetic subjects of known cost.

use std::hint::black_box;

/// Work proportional to `iterations` that the optimiser cannot remove. Every caller runs
/// this one copy of the loop: inlined, each closure got its own copy, placed and unrolled
/// its own way, and in a release build spin(2k) read 1.47x spin(k) in one closure and
/// 2.9x in another, and spin(k) 0.64x spin(k).
#[inline(never)]
pub fn spin(iterations: u64) {
    let iterations = black_box(iterations);
    let mut acc = 0u64;
    for i in 0..iterations {
        acc = black_box(acc.wrapping_mul(31).wrapping_add(i));
    }
    black_box(acc);
}
