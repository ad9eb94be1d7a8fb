//! The payload guest: a payload of N bytes (N / 16 `Sample` records) crosses the
//! boundary through Bincode, Postcard, Bytemuck or as raw bytes, in either direction.
//!
//! - Host to guest (`consume_*`): the host fills a buffer it got from `alloc`, the guest
//!   decodes it, checksums it (`abi_types::checksum`) and frees it; the checksum is the
//!   result, which the host checks.
//! - Guest to host (`produce_*`): `prepare_output` makes the guest's records once; each
//!   call encodes them (Bincode, Postcard) or points at them (Bytemuck, raw bytes) and
//!   returns the buffer's address and length packed in an i64, for the host to copy out,
//!   decode and checksum.
//!
//! A malformed buffer traps.

use abi_types::{BINCODE_CONFIG, Sample, checksum, checksum_samples, pack_buffer};
use guest_support::{GuestCell, consume_host_buffer, trap};

/// Dynamic memory, step 1: a buffer of `len` bytes for the host to fill.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: i32) -> i32 {
    guest_support::alloc(len)
}

fn to_i64(checksum: u64) -> i64 {
    checksum as i64
}

#[unsafe(no_mangle)]
pub extern "C" fn consume_bincode(ptr: i32, len: i32) -> i64 {
    consume_host_buffer(ptr, len, |bytes| {
        match bincode::serde::decode_from_slice::<Vec<Sample>, _>(bytes, BINCODE_CONFIG) {
            Ok((samples, _)) => to_i64(checksum_samples(samples)),
            Err(_) => trap(),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn consume_postcard(ptr: i32, len: i32) -> i64 {
    consume_host_buffer(ptr, len, |bytes| match postcard::from_bytes::<Vec<Sample>>(bytes) {
        Ok(samples) => to_i64(checksum_samples(samples)),
        Err(_) => trap(),
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn consume_bytemuck(ptr: i32, len: i32) -> i64 {
    consume_host_buffer(ptr, len, |bytes| match bytemuck::try_cast_slice::<u8, Sample>(bytes) {
        Ok(samples) => to_i64(checksum_samples(samples.iter().copied())),
        Err(_) => trap(),
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn consume_raw(ptr: i32, len: i32) -> i64 {
    consume_host_buffer(ptr, len, |bytes| to_i64(checksum(bytes)))
}

/// What `produce_*` hand out: the records, and the last encoding (kept so the host
/// can copy it out after the call returns).
struct Output {
    samples: Vec<Sample>,
    encoded: Vec<u8>,
}

static OUTPUT: GuestCell<Output> = GuestCell::new(Output { samples: Vec::new(), encoded: Vec::new() });

/// Makes the guest's result payload: `bytes` / 16 records (at least one). Returns 0.
#[unsafe(no_mangle)]
pub extern "C" fn prepare_output(bytes: i32) -> i32 {
    let count = usize::try_from(bytes).ok().map(|b| b / size_of::<Sample>()).filter(|&n| n > 0);
    let count = count.unwrap_or_else(|| trap());
    OUTPUT.with(|out| out.samples = (0..count as u64).map(Sample::nth).collect());
    0
}

fn packed(bytes: &[u8]) -> i64 {
    pack_buffer(bytes.as_ptr() as u32, bytes.len() as u32)
}

#[unsafe(no_mangle)]
pub extern "C" fn produce_bincode() -> i64 {
    OUTPUT.with(|out| {
        out.encoded.clear();
        if bincode::serde::encode_into_std_write(&out.samples, &mut out.encoded, BINCODE_CONFIG).is_err() {
            trap()
        }
        packed(&out.encoded)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn produce_postcard() -> i64 {
    OUTPUT.with(|out| {
        out.encoded.clear();
        match postcard::to_extend(&out.samples, core::mem::take(&mut out.encoded)) {
            Ok(encoded) => out.encoded = encoded,
            Err(_) => trap(),
        }
        packed(&out.encoded)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn produce_bytemuck() -> i64 {
    OUTPUT.with(|out| packed(bytemuck::cast_slice(&out.samples)))
}

#[unsafe(no_mangle)]
pub extern "C" fn produce_raw() -> i64 {
    // The same bytes as Bytemuck's: the host treats them as opaque bytes.
    OUTPUT.with(|out| packed(bytemuck::cast_slice(&out.samples)))
}
