//! `decodeToken` and `verifyToken`.

use agora_token_core::{decode_any, v007, AnyToken, DecodeError, Error as CoreError, Expected, Uid};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use napi_derive::napi;

use crate::args::{self, u32_arg, Arg};
use crate::bounded::{self, Refused};
use crate::errors::{invalid_token, throw, OrThrow};
use crate::json;

fn token_string(env: &Env, token: &Arg<'_>) -> Result<impl std::ops::Deref<Target = str>> {
    bounded::token_string(token, "token").map_err(|e| match e {
        Refused::Arg(e) => throw(env, e),
        Refused::Token(e) => invalid_token(env, e),
    })
}

/// A 007 token read strictly (no unknown service, no trailing bytes), as `decodeToken` shows it.
fn strict(d: AnyToken) -> std::result::Result<AnyToken, DecodeError> {
    match d {
        AnyToken::V007(d) => d.strict().map(AnyToken::V007),
        d => Ok(d),
    }
}

/// Reads a token without checking its signature: for debugging "invalid token" errors
/// (wrong App ID, expired, uid stored as a string...). Never use the result to decide
/// whether to trust a token: that is what `verifyToken` is for.
///
/// @param token A token string: "007..." (AccessToken2), "006..." (legacy AccessToken) or "005..." (DynamicKey5).
/// @returns The token's fields as plain data; `version` tells which shape.
/// @throws {Error} With code `ERR_INVALID_TOKEN` and a message saying what is wrong when the token is malformed.
#[napi(catch_unwind, ts_args_type = "token: string", ts_return_type = "DecodedToken")]
pub fn decode_token<'e>(env: &'e Env, token: Arg) -> Result<Object<'e>> {
    decode(env, &token)
}

fn decode<'e>(env: &'e Env, token: &Arg<'_>) -> Result<Object<'e>> {
    let s = token_string(env, token)?;
    let d = decode_any(&s).and_then(strict).map_err(|e| invalid_token(env, e))?;
    json::decoded_object(env, &d)
}

/// `decodeToken` as a raw export (`crate::fast`).
fn decode_export<'a>(env: &'a Env, a: &[Arg<'a>; 1]) -> Result<napi::sys::napi_value> {
    decode(env, &a[0]).map(|o| o.raw())
}

/// What `verifyToken` should also check, as read from its `expected` argument.
struct Wanted {
    channel: Option<String>,
    uid: Option<Uid>,
    now: Option<u32>,
}

const EXPECTED_RULE: &str = "must be an object { channelName?, uid?, now?, checkExpiry? }";

fn expected(env: &Env, v: &Arg<'_>) -> Result<Wanted> {
    read_expected(v).or_throw(env)
}

/// Reads `verifyToken`'s `expected` argument: each field checked by its own rule.
fn read_expected(v: &Arg<'_>) -> std::result::Result<Wanted, CoreError> {
    let Some(obj) = args::options(v, "expected", EXPECTED_RULE)? else {
        return Ok(Wanted { channel: None, uid: None, now: None });
    };
    let (channel, uid) = args::expected_channel_uid(&obj)?;
    let now = args::option(&obj, "now", "expected.now")?.map(|n| u32_arg(&n, "expected.now", None)).transpose()?;
    let check = match args::option(&obj, "checkExpiry", "expected.checkExpiry")? {
        None => now.is_some(),
        Some(c) if args::ty(&c) == ValueType::Boolean => {
            c.coerce_to_bool().map_err(|_| CoreError::type_error("expected.checkExpiry", "could not be read"))?
        }
        Some(_) => return Err(CoreError::type_error("expected.checkExpiry", "must be a boolean")),
    };
    let now = match (check, now) {
        (false, Some(_)) => {
            return Err(CoreError::type_error("expected.now", "is given with checkExpiry: false; give one or the other"));
        }
        (false, None) => None,
        (true, now) => Some(now.unwrap_or_else(v007::now)),
    };
    Ok(Wanted { channel, uid, now })
}

/// Checks a token: its signature against an App Certificate (in constant time), and
/// when asked, that it is for a channel and uid and that it has not expired.
///
/// @param token A token string: "007...", "006..." or "005..." (DynamicKey5).
/// @param appCertificate The App Certificate: 32 hexadecimal characters.
/// @param expected What the token must also be; every field is optional.
///   `channelName` and `uid`: the channel and uid it must be for (a uid as a number,
///   0 meaning "any uid", or a string account). Optional for 007 tokens; both required
///   for 006 and 005, whose signatures cover them (for a 006 RTM token, the channel name
///   is the RTM account and the uid is 0 or ''; a 005 uid is a number).
///   `checkExpiry: true`: the token must not have expired at `now` (default: the clock).
///   `now`: the time to check expiry at, in Unix seconds; giving it implies `checkExpiry`.
///   A 007 token expires `expire` seconds after its issue time (with expire 0, the moment
///   it is issued), a 006 token at its `ts`, a DynamicKey5 at its `expiredTs` (0: never);
///   it is still valid during the second it expires at. Without `checkExpiry` or `now`,
///   expiry is not checked.
/// @returns true only if the signature is valid for this certificate, the token is for
///   the expected channel and uid, and (when asked) it has not expired; false otherwise.
/// @throws {Error} With code `ERR_INVALID_TOKEN` when the token is malformed.
/// @throws {TypeError} When `appCertificate` is not 32 hexadecimal characters, an
///   `expected` field has the wrong type, or a 006/005 token is given without
///   `expected.channelName` and `expected.uid`.
/// @throws {RangeError} When `expected.now` is not an integer from 0 to 4294967295.
#[napi(
    catch_unwind,
    ts_args_type = "token: string, appCertificate: string, expected?: { channelName?: string; uid?: number | string; now?: number; checkExpiry?: boolean }"
)]
pub fn verify_token(env: Env, token: Arg, app_certificate: Arg, expected_for: Arg) -> Result<bool> {
    verify(&env, &[token, app_certificate, expected_for])
}

fn verify(env: &Env, a: &[Arg<'_>; 3]) -> Result<bool> {
    let [token, app_certificate, expected_for] = a;
    let s = token_string(env, token)?;
    let cert = args::app_certificate(app_certificate, "appCertificate").or_throw(env)?;
    let w = expected(env, expected_for)?;
    let e = Expected { channel_name: w.channel.as_deref(), uid: w.uid.as_ref().map(Uid::as_expected), now: w.now };
    // A malformed token is reported before missing arguments.
    agora_token_core::verify_token(&s, &cert, &e).map_err(|e| invalid_token(env, e))?.or_throw(env)
}

/// `verifyToken` as a raw export (`crate::fast`).
fn verify_export<'a>(env: &'a Env, a: &[Arg<'a>; 3]) -> Result<napi::sys::napi_value> {
    let valid = verify(env, a)?;
    // SAFETY: `env` is the live env of the current call.
    unsafe { bool::to_napi_value(env.raw(), valid) }
}

/// Installs `decodeToken` and `verifyToken` as raw exports ([`crate::fast`]).
pub fn install_fast(env: &Env, exports: &mut Object) -> Result<()> {
    crate::fast::install_export(env, exports, "decodeToken", decode_export)?;
    crate::fast::install_export(env, exports, "verifyToken", verify_export)
}
