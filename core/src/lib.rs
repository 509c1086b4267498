//! Agora access tokens in pure Rust.
//!
//! This crate knows nothing of Node.js. It builds, parses and verifies:
//! - AccessToken2 (version `"007"`), with its ten service types ([`v007`], [`service`]),
//! - the builders that assemble the common 007 tokens ([`builders`]),
//! - the legacy AccessToken (version `"006"`) and DynamicKey5 (`"005"`) ([`v006`], [`dynamic_key5`]).
//!
//! Every input rule lives in [`validate`]; every failure is an [`Error`] that names the
//! parameter and the rule, and never carries the App Certificate.

pub mod builders;
pub mod deflate;
pub mod diagnose;
pub mod dynamic_key5;
pub mod error;
pub mod hmac256;
pub mod keys;
pub mod pack;
pub mod salt;
pub mod service;
pub mod v006;
pub mod v007;
pub mod validate;

pub use error::{DecodeError, Error, ErrorKind};
pub use service::{Privileges, Rtm2Permissions, Service, ServiceData, ServiceType};
pub use v007::{AccessToken2, DecodedToken2};

use std::cell::RefCell;
use std::thread::LocalKey;

/// Runs `f` on this thread's reusable `T` (scratch buffers, a cached key), or on a fresh
/// `T::default()` when the thread-local is unavailable: already borrowed, or destroyed
/// because the call comes from another thread-local's destructor. Reuse is an
/// optimisation and never a reason to panic.
pub(crate) fn with_local<T: Default, R>(key: &'static LocalKey<RefCell<T>>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut f = Some(f);
    let reused = key
        .try_with(|cell| match (cell.try_borrow_mut(), f.take()) {
            (Ok(mut value), Some(f)) => Ok(f(&mut value)),
            (_, f) => Err(f),
        })
        .unwrap_or_else(|_| Err(f.take()));
    match reused {
        Ok(r) => r,
        Err(Some(f)) => f(&mut T::default()),
        Err(None) => unreachable!("the closure runs at most once"),
    }
}
