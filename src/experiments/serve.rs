//! The serverless request (beyond the paper): a `wasi:http` proxy component answering
//! one HTTP request, handled in process the way `wasmtime serve` handles it (a new
//! store, WASI and wasi:http contexts and instance per request from a pre-instantiated
//! component; `runtime::wasi_http`), beside the same work natively and on one instance
//! kept alive.
//!
//! The work (`policies::proxy`, the same code in the guest and here): decode a 64-byte
//! body naming an object, look it up in the LRU the instance keeps, answer `hit` or
//! `miss`. A new instance per request starts with an empty LRU, so each of its verdicts
//! is that of a fresh LRU for one request (a miss); an instance kept alive answers as
//! one LRU over every request it has served. [`NativeProxy`] gives both answers.
//!
//! The same work on the hand ABI is `lifecycle`'s simulator handler (`init` a 4 MiB LRU
//! and `send` one request on a fresh core instance): the request below is its request.

use std::fmt;

pub use abi_types::proxy::{BadRequest, ObjectRequest, REQUEST_BODY_LEN, Verdict};
use policies::{Cache, Lru};

/// The request every benchmark iteration sends: object 0 of 1000 bytes, the request
/// `lifecycle`'s simulator handler sends.
pub const BENCH_REQUEST: ObjectRequest = ObjectRequest { id: 0, size: 1000 };

/// How each request gets the instance that handles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instancing {
    /// One instance kept alive for every request (the floor; its LRU sees them all).
    ReuseInstance,
    /// A new store and instance per request from the pre-instantiated proxy, memory
    /// allocated per instance.
    InstancePre,
    /// As `InstancePre`, from the pooling allocator's slots (`wasmtime serve`'s way).
    Pooling,
}

/// One way of serving the proxy: how instances are made, and whether their memory
/// starts from a copy-on-write image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProxyConfig {
    pub instancing: Instancing,
    pub memory_init_cow: bool,
}

/// What a serve benchmark measures: the work natively, or a request to the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServeCase {
    /// Decode the body and answer from a fresh LRU, in the host: what a new instance
    /// per request computes, without the instance.
    Native,
    Proxy(ProxyConfig),
}

impl ProxyConfig {
    /// `wasmtime serve`'s configuration: pooling, copy-on-write images.
    pub const POOLING: ProxyConfig = ProxyConfig { instancing: Instancing::Pooling, memory_init_cow: true };

    /// Every configuration measured. Copy-on-write matters only where instances are
    /// made per request, so the kept instance has one row.
    pub const ALL: [ProxyConfig; 5] = [
        ProxyConfig { instancing: Instancing::ReuseInstance, memory_init_cow: true },
        ProxyConfig { instancing: Instancing::InstancePre, memory_init_cow: true },
        ProxyConfig { instancing: Instancing::InstancePre, memory_init_cow: false },
        ProxyConfig::POOLING,
        ProxyConfig { instancing: Instancing::Pooling, memory_init_cow: false },
    ];

    /// The same configuration with copy-on-write images turned off.
    pub fn without_cow(self) -> ProxyConfig {
        ProxyConfig { memory_init_cow: false, ..self }
    }
}

impl ServeCase {
    pub const ALL: [ServeCase; 6] = [
        ServeCase::Native,
        ServeCase::Proxy(ProxyConfig::ALL[0]),
        ServeCase::Proxy(ProxyConfig::ALL[1]),
        ServeCase::Proxy(ProxyConfig::ALL[2]),
        ServeCase::Proxy(ProxyConfig::ALL[3]),
        ServeCase::Proxy(ProxyConfig::ALL[4]),
    ];
}

impl fmt::Display for Instancing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Instancing::ReuseInstance => "reuse-instance",
            Instancing::InstancePre => "instance-pre",
            Instancing::Pooling => "pooling",
        })
    }
}

impl fmt::Display for ProxyConfig {
    /// `pooling`, `pooling-no-cow`, `instance-pre`, ..., `reuse-instance`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.instancing, if self.memory_init_cow { "" } else { "-no-cow" })
    }
}

impl fmt::Display for ServeCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeCase::Native => f.write_str("native"),
            ServeCase::Proxy(config) => config.fmt(f),
        }
    }
}

/// The proxy's work in the host: the native baseline, and the verdicts the guest must
/// give. `keep_cache` says whether the LRU outlives a request (as in an instance kept
/// alive) or each request starts with an empty one (an instance per request).
pub struct NativeProxy {
    keep_cache: bool,
    cache: Option<Cache<Lru>>,
}

impl NativeProxy {
    /// The verdicts of a new instance per request.
    pub fn instance_per_request() -> Self {
        NativeProxy { keep_cache: false, cache: None }
    }

    /// The verdicts of one instance serving every request.
    pub fn keeping_instance() -> Self {
        NativeProxy { keep_cache: true, cache: None }
    }

    /// The verdict for a request body, as the proxy gives it.
    #[inline]
    pub fn answer(&mut self, body: &[u8]) -> Result<Verdict, BadRequest> {
        if !self.keep_cache {
            self.cache = None;
        }
        policies::proxy::answer(&mut self.cache, body)
    }
}

#[cfg(feature = "wasi")]
pub use self::server::ProxyServer;
#[cfg(feature = "wasi")]
pub use crate::runtime::wasi_http::HttpResponse;
/// A request body as the proxy host takes it (cheap to clone: a reference count).
#[cfg(feature = "wasi")]
pub use bytes::Bytes;

#[cfg(feature = "wasi")]
mod server {
    use std::time::Duration;

    use bytes::Bytes;

    use super::{Instancing, ProxyConfig, Verdict};
    use crate::guest::{self, GuestModule, GuestOpt};
    use crate::runtime::Backend;
    use crate::runtime::wasi_http::{CompiledProxy, DEFAULT_DEADLINE, HttpResponse, ProxyEngine, ProxyHost};
    use crate::{Error, Result};

    /// A proxy served on one backend in one configuration.
    pub struct ProxyServer {
        host: ProxyHost,
        config: ProxyConfig,
    }

    impl ProxyServer {
        /// The proxy guest on `backend`, served as `config` says, with the default
        /// deadline per request.
        pub fn new(backend: Backend, config: ProxyConfig) -> Result<Self> {
            Self::with_guest(backend, config, &guest::PROXY, DEFAULT_DEADLINE)
        }

        /// Any `wasi:http/proxy` guest (the hostile ones, say), with `deadline`.
        pub fn with_guest(
            backend: Backend,
            config: ProxyConfig,
            proxy: &'static GuestModule,
            deadline: Duration,
        ) -> Result<Self> {
            let engine = ProxyEngine {
                pooling: config.instancing == Instancing::Pooling,
                memory_init_cow: config.memory_init_cow,
            };
            let compiled = CompiledProxy::compile(backend, proxy, GuestOpt::Release, engine, deadline)?;
            let host = match config.instancing {
                Instancing::ReuseInstance => ProxyHost::keeping_instance(compiled)?,
                Instancing::InstancePre | Instancing::Pooling => ProxyHost::instance_per_request(compiled)?,
            };
            Ok(ProxyServer { host, config })
        }

        pub fn config(&self) -> ProxyConfig {
            self.config
        }

        pub fn backend(&self) -> Backend {
            self.host.backend()
        }

        /// One request with `body`; the response as received, whatever its status.
        #[inline]
        pub fn request(&mut self, body: Bytes) -> Result<HttpResponse> {
            self.host.handle(body)
        }

        /// One request with `body`; the verdict, or an error naming what the proxy
        /// answered instead (a status other than 200, a body that is no verdict).
        pub fn verdict(&mut self, body: Bytes) -> Result<Verdict> {
            let response = self.request(body)?;
            let text = || String::from_utf8_lossy(&response.body).into_owned();
            match response.status {
                200 => Verdict::from_body(&response.body).ok_or_else(|| Error::BadReturn {
                    export: crate::runtime::wasi_http::HANDLE,
                    got: format!("the body {:?}", text()),
                    expected: "`hit` or `miss`",
                }),
                status => Err(Error::Proxy { reason: format!("the proxy answered {status}: {}", text()) }),
            }
        }
    }
}
