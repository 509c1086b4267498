//! `decodeToken` and `verifyToken`.

use agora_token_core::Error as CoreError;
use agora_token_core::{dynamic_key5, v006, v007};
use napi::bindgen_prelude::JsObjectValue;
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use napi_derive::napi;

use crate::args::{self, account_arg, Arg};
use crate::errors::{invalid_token, OrThrow};
use crate::js;
use crate::legacy;

fn token_string(env: &Env, token: &Arg<'_>) -> Result<String> {
    args::string(token, "token").or_throw(env)
}

/// The token versions this module reads, by their 3-character prefix.
enum Version {
    V007,
    V006,
    V005,
}

fn version(env: &Env, s: &str) -> Result<Version> {
    match s.get(..3) {
        Some("007") => Ok(Version::V007),
        Some("006") => Ok(Version::V006),
        Some("005") => Ok(Version::V005),
        _ => {
            let got: String = s.chars().take(3).collect();
            Err(invalid_token(
                env,
                agora_token_core::DecodeError::new(format!(
                    "not a 007 token: it starts with {got:?}, expected \"007\" (or \"006\" / \"005\" for a legacy AccessToken / DynamicKey5)"
                )),
            ))
        }
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
    let s = token_string(env, &token)?;
    match version(env, &s)? {
        Version::V007 => {
            let d = v007::decode(&s).and_then(|d| d.strict()).map_err(|e| invalid_token(env, e))?;
            js::token_object(env, &d)
        }
        Version::V006 => {
            let d = v006::decode(&s).map_err(|e| invalid_token(env, e))?;
            legacy::token006_object(env, &d)
        }
        Version::V005 => {
            let d = dynamic_key5::decode(&s).map_err(|e| invalid_token(env, e))?;
            legacy::key005_object(env, &d)
        }
    }
}

/// What `verifyToken` should also check: the token is for this channel and/or uid.
fn expected(env: &Env, v: &Arg<'_>) -> Result<(Option<String>, Option<String>)> {
    if args::is_nullish(v) {
        return Ok((None, None));
    }
    (|| -> std::result::Result<_, CoreError> {
        if args::ty(v) != ValueType::Object {
            return Err(CoreError::type_error("expected", "must be an object { channelName?, uid? }"));
        }
        let raw = v.value();
        let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }
            .map_err(|_| CoreError::type_error("expected", "must be an object { channelName?, uid? }"))?;
        let channel: Unknown =
            obj.get_named_property("channelName").map_err(|_| CoreError::type_error("expected.channelName", "could not be read"))?;
        let uid: Unknown = obj.get_named_property("uid").map_err(|_| CoreError::type_error("expected.uid", "could not be read"))?;
        let channel = if args::is_nullish(&channel) { None } else { Some(args::string(&channel, "expected.channelName")?) };
        let uid = if args::is_nullish(&uid) {
            None
        } else {
            Some(account_arg(&uid, "expected.uid", false)?.check("expected.uid")?.as_str().to_owned())
        };
        Ok((channel, uid))
    })()
    .or_throw(env)
}

/// 006 and 005 signatures cover the channel name and uid, which the token does not
/// carry (006 keeps only their CRC32s): both must be given.
fn required<'a>(what: &str, channel: &'a Option<String>, uid: &'a Option<String>) -> std::result::Result<(&'a str, &'a str), CoreError> {
    let need = |param: &'static str| {
        CoreError::type_error(
            param,
            format_args!("is required to verify a {what}: its signature covers the channel name and uid, which the token does not contain"),
        )
    };
    let c = channel.as_deref().ok_or_else(|| need("expected.channelName"))?;
    let u = uid.as_deref().ok_or_else(|| need("expected.uid"))?;
    Ok((c, u))
}

/// Checks a token's signature against an App Certificate, in constant time.
///
/// @param token A token string: "007...", "006..." or "005..." (DynamicKey5).
/// @param appCertificate The App Certificate: 32 hexadecimal characters.
/// @param expected The channel name and/or uid the token must be for (a uid as a
///   number, 0 meaning "any uid", or a string account). Optional for 007 tokens;
///   both required for 006 and 005, whose signatures cover them (for a 006 RTM token,
///   the channel name is the RTM account and the uid is 0 or ''; a 005 uid is a number).
/// @returns true only if the signature is valid for this certificate and the token is
///   for the expected channel and uid; false otherwise.
/// @throws {Error} With code `ERR_INVALID_TOKEN` when the token is malformed.
/// @throws {TypeError} When `appCertificate` is not 32 hexadecimal characters, or a
///   006/005 token is given without `expected.channelName` and `expected.uid`.
#[napi(catch_unwind, ts_args_type = "token: string, appCertificate: string, expected?: { channelName?: string; uid?: number | string }")]
pub fn verify_token(env: Env, token: Arg, app_certificate: Arg, expected_for: Arg) -> Result<bool> {
    let s = token_string(&env, &token)?;
    let cert = args::app_certificate(&app_certificate, "appCertificate").or_throw(&env)?;
    let (channel, uid) = expected(&env, &expected_for)?;
    match version(&env, &s)? {
        Version::V007 => {
            let d = v007::decode(&s).map_err(|e| invalid_token(&env, e))?;
            Ok(d.verify(&cert) && d.is_for(channel.as_deref(), uid.as_deref()))
        }
        Version::V006 => {
            // A malformed token is reported before missing arguments.
            let d = v006::decode(&s).map_err(|e| invalid_token(&env, e))?;
            let (c, u) = required("006 token", &channel, &uid).or_throw(&env)?;
            Ok(d.verify(&cert, c, u))
        }
        Version::V005 => {
            let d = dynamic_key5::decode(&s).map_err(|e| invalid_token(&env, e))?;
            let (c, u) = required("DynamicKey5", &channel, &uid).or_throw(&env)?;
            // The uid in its token string form: "" for 0, decimal digits otherwise.
            let n = if u.is_empty() {
                0
            } else {
                match u.parse::<u32>() {
                    Ok(n) if n.to_string() == u => n,
                    _ => {
                        return Err(CoreError::type_error("expected.uid", "must be a number from 0 to 4294967295 for a DynamicKey5"))
                            .or_throw(&env)
                    }
                }
            };
            Ok(d.verify(&cert, c, n))
        }
    }
}
