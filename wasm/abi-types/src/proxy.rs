//! The serverless request's wire format: what a client sends the `proxy` guest (a
//! `wasi:http/incoming-handler` component) and what it answers. The host's native
//! baseline and tests decode and answer with this same code, so the two sides cannot
//! disagree on a byte.
//!
//! The request body is exactly [`REQUEST_BODY_LEN`] (64) bytes:
//!
//! | bytes  | field |
//! |--------|-------|
//! | 0..4   | object id, `u32` little-endian: a dense id (`0..=`[`MAX_OBJECT_ID`]), as the simulator's traces use |
//! | 4..8   | object size in bytes, `u32` little-endian, at least 1 |
//! | 8..64  | opaque to the proxy (a client's own request data); read and ignored |
//!
//! The answer is status 200 with the body `hit` or `miss` (the verdict of the LRU the
//! instance keeps); a body that is not a request is status 400 with a one-line reason.

use core::fmt;

/// The length of every request body.
pub const REQUEST_BODY_LEN: usize = 64;

/// The largest object id the proxy accepts. The cache's arrays grow to the largest id
/// seen, so a bound keeps one request from making an instance allocate gigabytes.
pub const MAX_OBJECT_ID: u32 = (1 << 20) - 1;

/// The capacity of the LRU each proxy instance keeps: 4 MiB, the cache the lifecycle
/// experiment's simulator handler starts per request, so the two do the same work.
pub const CACHE_BYTES: i64 = 4 << 20;

/// The status of an answer and of a rejected body.
pub const STATUS_OK: u16 = 200;
pub const STATUS_BAD_REQUEST: u16 = 400;

/// One request for an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ObjectRequest {
    pub id: u32,
    pub size: u32,
}

impl ObjectRequest {
    /// The 64-byte body that asks for this object (the opaque bytes are zero).
    pub fn encode(self) -> [u8; REQUEST_BODY_LEN] {
        let mut body = [0; REQUEST_BODY_LEN];
        body[0..4].copy_from_slice(&self.id.to_le_bytes());
        body[4..8].copy_from_slice(&self.size.to_le_bytes());
        body
    }

    /// The request a body carries, or why it carries none.
    pub fn decode(body: &[u8]) -> Result<ObjectRequest, BadRequest> {
        let body: &[u8; REQUEST_BODY_LEN] = body.try_into().map_err(|_| BadRequest::Length(body.len()))?;
        let word = |at: usize| u32::from_le_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
        let (id, size) = (word(0), word(4));
        if id > MAX_OBJECT_ID {
            return Err(BadRequest::IdTooLarge(id));
        }
        if size == 0 {
            return Err(BadRequest::ZeroSize);
        }
        Ok(ObjectRequest { id, size })
    }
}

/// Why a body is not a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// The body has this many bytes, not [`REQUEST_BODY_LEN`] (more than 64 reads as 65).
    Length(usize),
    IdTooLarge(u32),
    ZeroSize,
}

impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadRequest::Length(len) => write!(f, "the request body must be {REQUEST_BODY_LEN} bytes, not {len}"),
            BadRequest::IdTooLarge(id) => write!(f, "object id {id} is above the largest accepted, {MAX_OBJECT_ID}"),
            BadRequest::ZeroSize => f.write_str("the object size must be at least 1 byte"),
        }
    }
}

/// The proxy's answer to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Hit,
    Miss,
}

impl Verdict {
    pub fn from_hit(hit: bool) -> Verdict {
        if hit { Verdict::Hit } else { Verdict::Miss }
    }

    /// The response body.
    pub fn body(self) -> &'static [u8] {
        match self {
            Verdict::Hit => b"hit",
            Verdict::Miss => b"miss",
        }
    }

    /// The verdict a response body says, if it says one.
    pub fn from_body(body: &[u8]) -> Option<Verdict> {
        [Verdict::Hit, Verdict::Miss].into_iter().find(|verdict| verdict.body() == body)
    }
}
