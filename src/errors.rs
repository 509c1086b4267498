//! Rust errors to JavaScript errors: `TypeError` / `RangeError` with Node-style codes.

use agora_token_core::{DecodeError, Error as CoreError, ErrorKind};
use napi::{Env, Error, Status};

/// Throws `e` as a `TypeError` or `RangeError` and returns the marker napi-rs expects.
pub fn throw(env: &Env, e: CoreError) -> Error {
    let thrown = match e.kind {
        ErrorKind::Type => env.throw_type_error(&e.message, Some("ERR_INVALID_ARG_TYPE")),
        ErrorKind::Range => env.throw_range_error(&e.message, Some("ERR_OUT_OF_RANGE")),
    };
    match thrown {
        Ok(()) => Error::new(Status::PendingException, e.message),
        Err(err) => err,
    }
}

/// A token that could not be read: a plain `Error` with code `ERR_INVALID_TOKEN`.
pub fn invalid_token(env: &Env, e: DecodeError) -> Error {
    match env.throw_error(&format!("invalid token: {e}"), Some("ERR_INVALID_TOKEN")) {
        Ok(()) => Error::new(Status::PendingException, e.to_string()),
        Err(err) => err,
    }
}

/// Maps a core result, throwing its error.
pub trait OrThrow<T> {
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for Result<T, CoreError> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| throw(env, e))
    }
}
