//! `diagnoseToken`: the core's diagnosis as a plain JavaScript object.

use agora_token_core::diagnose::{self, Diagnosis, Expected, Role, Sdk};
use agora_token_core::validate;
use agora_token_core::Error as CoreError;
use napi::bindgen_prelude::*;
use napi::ValueType;
use napi_derive::napi;

use crate::args::{self, option as field, Arg};
use crate::errors::OrThrow;
use crate::json;

const EXPECTED_SHAPE: &str = "must be an object { appId?, appCertificate?, channelName?, uid?, service?, role?, sdk?, now? }";

fn text(obj: &Object<'_>, name: &str, param: &'static str) -> std::result::Result<Option<String>, CoreError> {
    field(obj, name, param)?.map(|v| args::string(&v, param)).transpose()
}

/// Reads `expected` into the core's [`Expected`] and the time to diagnose at.
fn expected(v: &Arg<'_>) -> std::result::Result<(Expected, Option<u32>), CoreError> {
    let Some(obj) = args::options(v, "expected", EXPECTED_SHAPE)? else {
        return Ok((Expected::default(), None));
    };
    let uid = field(&obj, "uid", "expected.uid")?.map(|u| args::expected_uid(&u, "expected.uid")).transpose()?;
    let role = match field(&obj, "role", "expected.role")? {
        None => None,
        Some(r) if args::ty(&r) == ValueType::Number => match args::number(&r, "expected.role")? {
            1.0 => Some(Role::Publisher),
            2.0 => Some(Role::Subscriber),
            n => {
                return Err(CoreError::range_error(
                    "expected.role",
                    format_args!("must be 'publisher' or 'subscriber' (or RtcRole 1 / 2), got {}", validate::js_number(n)),
                ))
            }
        },
        Some(r) => Some(Role::parse("expected.role", &args::string(&r, "expected.role")?)?),
    };
    let service = text(&obj, "service", "expected.service")?.map(|s| diagnose::parse_service("expected.service", &s)).transpose()?;
    let sdk = text(&obj, "sdk", "expected.sdk")?.map(|s| Sdk::parse("expected.sdk", &s)).transpose()?;
    let now = field(&obj, "now", "expected.now")?
        .map(|n| args::number(&n, "expected.now").and_then(|n| validate::u32_value("expected.now", n)))
        .transpose()?;
    let e = Expected {
        app_id: text(&obj, "appId", "expected.appId")?,
        app_certificate: text(&obj, "appCertificate", "expected.appCertificate")?,
        channel_name: text(&obj, "channelName", "expected.channelName")?,
        uid,
        service,
        role,
        sdk,
    };
    e.check()?;
    Ok((e, now))
}

fn result_object<'e>(env: &'e Env, d: &Diagnosis) -> Result<Object<'e>> {
    let mut o = Object::new(env)?;
    o.set("ok", d.ok())?;
    match d.version() {
        Some(v) => o.set("version", v)?,
        None => o.set("version", Null)?,
    }
    match &d.decoded {
        Some(t) => o.set("token", json::decoded_object(env, t)?)?,
        None => o.set("token", Null)?,
    }
    o.set("signatureChecked", d.signature_checked)?;
    let mut list = env.create_array(d.problems.len() as u32)?;
    for (i, p) in d.problems.iter().enumerate() {
        let mut po = Object::new(env)?;
        po.set("code", p.code.as_str())?;
        po.set("severity", p.severity.as_str())?;
        po.set("field", p.field)?;
        po.set("message", p.message.as_str())?;
        po.set("hint", p.hint.as_str())?;
        list.set(i as u32, po)?;
    }
    o.set("problems", list)?;
    Ok(o)
}

/// Tells why Agora would refuse a token ("110 invalid token", "109 token expired"...):
/// decodes it and compares it with what the client uses and with the clock. Never throws
/// for a bad token: a token that cannot be read gives the problem `MALFORMED`.
///
/// @param token The token string the client passes to the SDK ("007...", "006..." or "005...").
/// @param expected What the client uses, all optional: `appId`; `appCertificate` (to check
///   the signature; never shown in a result); `channelName`; `uid` (a number, 0 = any, or a
///   string user account); `service` ('rtc', 'rtm', 'chat', ... what the token is used
///   for); `role` ('publisher' | 'subscriber'); `sdk` (e.g. 'web 4.20', 'native 3.7', 'rtm
///   2.2': checks the token version that SDK reads); `now` (Unix seconds, default the clock).
/// @returns `{ ok, version, token, signatureChecked, problems }`: `ok` is false when a
///   problem has severity 'error'; `token` is what `decodeToken` returns (null when
///   unreadable); each problem has a stable `code`, `severity`, `field`, `message` and `hint`.
/// @throws {TypeError} When `token` is not a string, or an `expected` field has the wrong type
///   (`appCertificate` must be 32 hexadecimal characters).
/// @throws {RangeError} When `expected.service`, `role`, `sdk`, `uid` or `now` is out of range.
#[napi(catch_unwind, ts_args_type = "token: string, expected?: DiagnoseExpected", ts_return_type = "TokenDiagnosis")]
pub fn diagnose_token<'e>(env: &'e Env, token: Arg, expected_for: Arg) -> Result<Object<'e>> {
    let s = args::string(&token, "token").or_throw(env)?;
    let (e, now) = expected(&expected_for).or_throw(env)?;
    let d = diagnose::diagnose(&s, &e, now.unwrap_or_else(agora_token_core::v007::now));
    result_object(env, &d)
}
