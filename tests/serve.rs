//! The serverless request (`experiments::serve`): the wasi:http proxy, handled in
//! process as `wasmtime serve` handles it, answers exactly what the native LRU answers,
//! on every Wasmtime backend built and in every configuration; bad bodies are a 400;
//! the hostile proxies (one traps, one never answers) are clear errors, the second
//! stopped by the request's deadline.
#![cfg(feature = "wasi")]

use std::time::{Duration, Instant};

use wasm_script_bench::Error;
use wasm_script_bench::experiments::serve::{
    Bytes, Instancing, NativeProxy, ObjectRequest, ProxyConfig, ProxyServer, REQUEST_BODY_LEN, Verdict,
};
use wasm_script_bench::guest;
use wasm_script_bench::runtime::{Backend, RuntimeKind};

fn wasmtime_backends() -> Vec<Backend> {
    Backend::compiled_in().into_iter().filter(|b| b.runtime() == RuntimeKind::Wasmtime).collect()
}

/// Requests whose verdicts on one LRU of 4 MiB are worked out by hand: repeats hit,
/// two 2 MB objects and a third push the least recently used out, an object larger
/// than the cache is never admitted.
const SEQUENCE: [(ObjectRequest, Verdict); 9] = {
    const fn r(id: u32, size: u32) -> ObjectRequest {
        ObjectRequest { id, size }
    }
    [
        (r(1, 1000), Verdict::Miss),
        (r(2, 2_000_000), Verdict::Miss),
        (r(1, 1000), Verdict::Hit),
        (r(3, 2_000_000), Verdict::Miss),
        (r(2, 2_000_000), Verdict::Hit),
        // 1000 + 2 x 2,000,000 + 1,000,000 > 4 MiB: the least recently used, 1, then 3 leave.
        (r(4, 1_000_000), Verdict::Miss),
        (r(1, 1000), Verdict::Miss),
        (r(5, 5_000_000), Verdict::Miss),
        (r(2, 2_000_000), Verdict::Hit),
    ]
};

fn body(request: ObjectRequest) -> Bytes {
    Bytes::copy_from_slice(&request.encode())
}

#[test]
fn the_native_lru_gives_the_hand_worked_verdicts() {
    let mut kept = NativeProxy::keeping_instance();
    let mut fresh = NativeProxy::instance_per_request();
    for (request, expected) in SEQUENCE {
        assert_eq!(kept.answer(&request.encode()), Ok(expected), "{request:?} on one LRU");
        assert_eq!(fresh.answer(&request.encode()), Ok(Verdict::Miss), "{request:?} on a fresh LRU");
    }
}

#[test]
fn every_configuration_answers_what_native_answers() {
    let backends = wasmtime_backends();
    assert!(!backends.is_empty(), "the wasi feature builds Wasmtime in");
    for backend in backends {
        for config in ProxyConfig::ALL {
            let mut server = ProxyServer::new(backend, config).unwrap_or_else(|e| panic!("{backend} {config}: {e}"));
            // A new instance per request starts with an empty LRU; a kept one has seen
            // every request before.
            let mut native = match config.instancing {
                Instancing::ReuseInstance => NativeProxy::keeping_instance(),
                Instancing::InstancePre | Instancing::Pooling => NativeProxy::instance_per_request(),
            };
            for (request, _) in SEQUENCE {
                let got = server.verdict(body(request)).unwrap_or_else(|e| panic!("{backend} {config}: {e}"));
                let expected = native.answer(&request.encode()).unwrap();
                assert_eq!(got, expected, "{backend} {config}: {request:?}");
            }
        }
    }
}

#[test]
fn a_body_that_is_not_a_request_is_a_400_with_its_reason() {
    let too_large = ObjectRequest { id: u32::MAX, size: 1 };
    let zero_size = ObjectRequest { id: 1, size: 0 };
    let cases: [(Vec<u8>, &str); 5] = [
        (vec![0; 10], "must be 64 bytes, not 10"),
        (Vec::new(), "must be 64 bytes, not 0"),
        (vec![0; REQUEST_BODY_LEN + 100], "must be 64 bytes, not 65"),
        (too_large.encode().to_vec(), "above the largest accepted"),
        (zero_size.encode().to_vec(), "at least 1 byte"),
    ];
    for backend in wasmtime_backends() {
        let mut server = ProxyServer::new(backend, ProxyConfig::POOLING).unwrap();
        for (bytes, reason) in &cases {
            let response = server.request(Bytes::copy_from_slice(bytes)).unwrap();
            let text = String::from_utf8_lossy(&response.body);
            assert_eq!(response.status, 400, "{backend}: {} bytes answered {}: {text}", bytes.len(), response.status);
            assert!(text.contains(reason), "{backend}: the reason {text:?} says {reason:?}");
            let error = server.verdict(Bytes::copy_from_slice(bytes)).unwrap_err();
            assert!(matches!(error, Error::Proxy { .. }) && error.to_string().contains("400"), "{error}");
        }
        // The same server answers a good request afterwards.
        let good = ObjectRequest { id: 7, size: 10 };
        assert_eq!(server.verdict(body(good)).unwrap(), Verdict::Miss);
    }
}

#[test]
fn a_trapping_proxy_is_a_one_line_trap_error() {
    for backend in wasmtime_backends() {
        for config in [ProxyConfig::POOLING, ProxyConfig::ALL[0]] {
            let mut server =
                ProxyServer::with_guest(backend, config, &guest::PROXY_TRAP, Duration::from_secs(5)).unwrap();
            let error = server.request(body(ObjectRequest { id: 1, size: 1 })).unwrap_err();
            let text = error.to_string();
            assert!(matches!(error, Error::Trap { .. }), "{backend} {config}: {text}");
            assert!(text.contains("incoming-handler") && text.contains("unreachable"), "{backend} {config}: {text}");
            assert!(!text.contains('\n'), "one line: {text}");
        }
    }
}

#[test]
fn a_proxy_that_never_answers_is_stopped_by_its_deadline() {
    let deadline = Duration::from_millis(100);
    for backend in wasmtime_backends() {
        for config in [ProxyConfig::POOLING, ProxyConfig::ALL[0]] {
            let mut server = ProxyServer::with_guest(backend, config, &guest::PROXY_HANG, deadline).unwrap();
            // Twice: the host is not wedged by the first (a pooled slot comes back).
            for _ in 0..2 {
                let started = Instant::now();
                let error = server.request(body(ObjectRequest { id: 1, size: 1 })).unwrap_err();
                let (elapsed, text) = (started.elapsed(), error.to_string());
                assert!(matches!(error, Error::Trap { .. }) && text.contains("100 ms deadline"), "{backend}: {text}");
                assert!(elapsed >= deadline, "{backend}: stopped after {elapsed:?}, before its deadline");
                assert!(elapsed < Duration::from_secs(10), "{backend}: stopped only after {elapsed:?}");
                if config.instancing == Instancing::ReuseInstance {
                    // The kept instance trapped: Wasmtime refuses to enter it again.
                    break;
                }
            }
        }
    }
}
