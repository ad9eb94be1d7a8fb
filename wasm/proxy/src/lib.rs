//! The serverless request: a `wasi:http/proxy` component that exports
//! `wasi:http/incoming-handler`, as `wasmtime serve`, Spin or Fastly run one. It reads
//! the 64-byte request body (`abi_types::proxy`: an object id and size), looks the
//! object up in an LRU the instance keeps, and answers status 200 with `hit` or `miss`;
//! a body that is not a request gets status 400 and the reason.
//!
//! "An LRU the instance keeps" means the cache lives as long as the instance: a host
//! that makes a new instance per request (`wasmtime serve`) gives every request an
//! empty cache, so each verdict is a cold miss; a host that keeps one instance for many
//! requests gets the verdicts of one LRU over the whole sequence. Either way the
//! verdicts are exactly those of the host's native LRU (`policies`, the same code)
//! over the requests that instance has seen.
//!
//! Built three times (build.rs): as is, and with feature `trap` (traps after reading
//! the body) or `hang` (never answers: loops until the host's deadline stops it).

use std::cell::RefCell;
use std::io::Read as _;

use abi_types::proxy::{REQUEST_BODY_LEN, STATUS_BAD_REQUEST, STATUS_OK};
use policies::{Cache, Lru};
use wasip2::http::types::{Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam};

wasip2::http::proxy::export!(Proxy);

thread_local! {
    /// The instance's LRU, made on its first request.
    static CACHE: RefCell<Option<Cache<Lru>>> = const { RefCell::new(None) };
}

struct Proxy;

impl wasip2::exports::http::incoming_handler::Guest for Proxy {
    fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
        let answer = match read_body(request) {
            Ok(body) => answer(&body),
            Err(reason) => (STATUS_BAD_REQUEST, reason.into_bytes()),
        };
        // The hostile variants misbehave after the work, before the answer.
        if cfg!(feature = "trap") {
            core::arch::wasm32::unreachable();
        }
        if cfg!(feature = "hang") {
            never_answer();
        }
        respond(response_out, answer);
    }
}

/// The status and body for a request body.
fn answer(body: &[u8]) -> (u16, Vec<u8>) {
    match CACHE.with_borrow_mut(|cache| policies::proxy::answer(cache, body)) {
        Ok(verdict) => (STATUS_OK, verdict.body().to_vec()),
        Err(reason) => (STATUS_BAD_REQUEST, reason.to_string().into_bytes()),
    }
}

/// The request body, read to its end, but never more than one byte past what a request
/// holds (enough to tell a longer body from a request).
fn read_body(request: IncomingRequest) -> Result<Vec<u8>, String> {
    let body = request.consume().map_err(|()| "the request body was already taken".to_owned())?;
    let mut bytes = Vec::with_capacity(REQUEST_BODY_LEN + 1);
    {
        let stream = body.stream().map_err(|()| "the request body has no stream".to_owned())?;
        stream
            .take(REQUEST_BODY_LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading the request body failed: {e}"))?;
    }
    // The stream is dropped before the body, as wasi:http requires.
    drop(body);
    Ok(bytes)
}

fn respond(response_out: ResponseOutparam, (status, body): (u16, Vec<u8>)) {
    let response = OutgoingResponse::new(Fields::new());
    // 200 and 400 are valid statuses; `set_status_code` refuses only invalid ones.
    let _ = response.set_status_code(status);
    let Ok(outgoing) = response.body() else { return };
    ResponseOutparam::set(response_out, Ok(response));
    if let Ok(stream) = outgoing.write() {
        // At most a one-line reason: within the 4096 bytes one blocking write takes. A
        // host that stopped reading is not the guest's error to report.
        let _ = stream.blocking_write_and_flush(&body);
    }
    let _ = OutgoingBody::finish(outgoing, None);
}

/// The hostile variant's handler: spins without ever answering, until the host stops
/// it. The counter goes through `black_box` so the loop cannot be proved empty.
fn never_answer() -> ! {
    let mut spins = 0u64;
    loop {
        spins = std::hint::black_box(spins.wrapping_add(1));
    }
}
