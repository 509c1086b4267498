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
pub mod dynamic_key5;
pub mod error;
pub mod hmac256;
pub mod pack;
pub mod salt;
pub mod service;
pub mod v006;
pub mod v007;
pub mod validate;

pub use error::{DecodeError, Error, ErrorKind};
pub use service::{Privileges, Rtm2Permissions, Service, ServiceData, ServiceType};
pub use v007::{AccessToken2, DecodedToken2};
