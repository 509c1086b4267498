//! Agora access tokens in pure Rust.
//!
//! This crate knows nothing of Node.js. It builds, parses and verifies:
//! - AccessToken2 (version `"007"`), with its ten service types ([`v007`], [`service`]),
//! - the builders that assemble the common 007 tokens ([`builders`]),
//! - the legacy AccessToken (version `"006"`) and DynamicKey5 (`"005"`) ([`v006`], [`dynamic_key5`]),
//! - any of these by its prefix ([`decode_any`], [`version`]), and what makes one valid,
//!   expiry included ([`verify`]).
//!
//! Every input rule lives in [`validate`]; every failure is an [`Error`] that names the
//! parameter and the rule, and never carries the App Certificate.
//!
//! The compressor, the byte packing and the HMAC are implementation details; the few
//! tests, benchmarks and fuzz targets that drive them directly reach them through the
//! hidden [`internals`] module, which is not part of the API.

pub mod builders;
mod deflate;
pub mod diagnose;
pub mod dynamic_key5;
pub mod error;
pub mod keys;
mod local;
mod mac;
mod pack;
/// Salts for new tokens (public for the binding, which builds tokens field by field).
pub mod salt;
pub mod service;
pub mod v006;
pub mod v007;
pub mod validate;
pub mod verify;
pub mod version;

pub use error::{DecodeError, Error, ErrorKind};
pub use service::{Privileges, Rtm2Permissions, Service, ServiceData, ServiceType};
pub use v007::{AccessToken2, DecodedToken2};
pub use verify::{Expected, ExpectedUid, Uid};
pub use version::{decode_any, decode_to_verify, verify_token, AnyToken, Version};

/// Implementation pieces re-exported for this workspace's tests, benchmarks and fuzz
/// targets only: not a stable API, hidden from the documentation.
#[doc(hidden)]
pub mod internals {
    /// The zlib encoder and the bounded inflater.
    pub mod deflate {
        pub use crate::deflate::{zlib_compress, zlib_compress_hinted, zlib_inflate};
    }
    /// Standard base64 with padding, as tokens are written, to forge tokens in tests.
    pub fn base64(data: &[u8]) -> String {
        base64_simd::STANDARD.encode_to_string(data)
    }
    /// Little-endian packing, to forge payloads in tests.
    pub mod pack {
        pub use crate::pack::Writer;
    }
}
