//! `decodeToken` and `verifyToken`.

use agora_token_core::v007;
use agora_token_core::Error as CoreError;
use napi::bindgen_prelude::*;
use napi::bindgen_prelude::JsObjectValue;
use napi::{JsValue, ValueType};
use napi_derive::napi;

use crate::args::{self, account_arg, Arg};
use crate::errors::{invalid_token, OrThrow};
use crate::js;

fn token_string(env: &Env, token: &Arg<'_>) -> Result<String> {
    args::string(token, "token").or_throw(env)
}

/// Reads a token without checking its signature: for debugging "invalid token" errors
/// (wrong App ID, expired, uid stored as a string...). Never use the result to decide
/// whether to trust a token: that is what `verifyToken` is for.
///
/// @param token A token string ("007...").
/// @returns The token's fields and services as plain data.
/// @throws {Error} With code `ERR_INVALID_TOKEN` and a message saying what is wrong when the token is malformed.
#[napi(catch_unwind, ts_args_type = "token: string", ts_return_type = "DecodedToken")]
pub fn decode_token<'e>(env: &'e Env, token: Arg) -> Result<Object<'e>> {
    let s = token_string(env, &token)?;
    let d = v007::decode(&s).and_then(|d| d.strict()).map_err(|e| invalid_token(env, e))?;
    js::token_object(env, &d)
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
        let channel: Unknown = obj.get_named_property("channelName").map_err(|_| CoreError::type_error("expected.channelName", "could not be read"))?;
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

/// Checks a token's signature against an App Certificate, in constant time.
///
/// @param token A token string ("007...").
/// @param appCertificate The App Certificate: 32 hexadecimal characters.
/// @param expected Optionally, the channel name and/or uid the token must be for
///   (a uid as a number, 0 meaning "any uid", or a string account).
/// @returns true only if the signature is valid for this certificate and the token is
///   for the expected channel and uid; false otherwise.
/// @throws {Error} With code `ERR_INVALID_TOKEN` when the token is malformed.
/// @throws {TypeError} When `appCertificate` is not 32 hexadecimal characters.
#[napi(catch_unwind, ts_args_type = "token: string, appCertificate: string, expected?: { channelName?: string; uid?: number | string }")]
pub fn verify_token(env: Env, token: Arg, app_certificate: Arg, expected_for: Arg) -> Result<bool> {
    let s = token_string(&env, &token)?;
    let cert = args::app_certificate(&app_certificate, "appCertificate").or_throw(&env)?;
    let (channel, uid) = expected(&env, &expected_for)?;
    let d = v007::decode(&s).map_err(|e| invalid_token(&env, e))?;
    Ok(d.verify(&cert) && d.is_for(channel.as_deref(), uid.as_deref()))
}
