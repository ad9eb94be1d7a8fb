//! The serverless proxy's work on one request body, one source for the `proxy` guest
//! (a `wasi:http` component) and the host's native baseline: decode the 64-byte body
//! (`abi_types::proxy`), look the object up in the LRU the caller keeps, give the verdict.

use abi_types::proxy::{BadRequest, CACHE_BYTES, ObjectRequest, Verdict};

use crate::{Cache, Lru};

/// The verdict for `body` from `cache`, which is made on the first request that needs
/// it (so a caller that keeps nothing between requests passes `&mut None`).
pub fn answer(cache: &mut Option<Cache<Lru>>, body: &[u8]) -> Result<Verdict, BadRequest> {
    let request = ObjectRequest::decode(body)?;
    let cache = match cache {
        Some(cache) => cache,
        // CACHE_BYTES is positive, so `new` cannot fail.
        None => cache.insert(Cache::new(CACHE_BYTES).unwrap_or_else(|_| unreachable!("CACHE_BYTES > 0"))),
    };
    Ok(Verdict::from_hit(cache.request(request.id, request.size)))
}
