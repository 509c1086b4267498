//! The keys older than DynamicKey5: `SignalingToken` and `DynamicKey1`..`DynamicKey4`,
//! exported as `Legacy*` natives and renamed by `legacy.js` / `legacy.mjs`, plus
//! `decodeLegacyKey` / `verifyLegacyKey`. Arguments are converted here; every rule is the
//! core's (`agora_token_core::keys` and `validate`).

use agora_token_core::keys::dynamic_key::{self as dk, KeyInput, Service4};
use agora_token_core::keys::signaling::{self, SignalingAccount};
use agora_token_core::keys::{self, LegacyKey};
use agora_token_core::{AnyToken, Error as CoreError, Expected, Uid};
use napi::bindgen_prelude::JsObjectValue;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, account_arg, creds_in, key_args, u32_arg, Arg, CredsBuf, KeyArgs};
use crate::errors::{invalid_token, OrThrow};
use crate::json;

type Checked<T> = std::result::Result<T, CoreError>;

/// Reads and checks [`KeyArgs`] in parameter order; the key is made by `make`.
fn dynamic(
    a: &KeyArgs<'_, '_>,
    make: impl FnOnce(&KeyInput<'_>, agora_token_core::validate::AppCertificate<'_>) -> String,
) -> Checked<String> {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, a.app_id, a.app_certificate)?;
    let channel = args::channel_string(a.channel_name, "channelName")?;
    let channel_name = args::channel(&channel, "channelName")?;
    let unix_ts = u32_arg(a.unix_ts, "unixTs", None)?;
    let random_int = u32_arg(a.random_int, "randomInt", None)?;
    let uid = a.uid.map(|v| u32_arg(v, "uid", None)).transpose()?.unwrap_or(0);
    let expired_ts = a.expired_ts.map(|v| u32_arg(v, "expiredTs", None)).transpose()?.unwrap_or(0);
    let k = KeyInput { app_id: c.app_id, channel_name, unix_ts, random_int, uid, expired_ts };
    Ok(make(&k, c.app_certificate))
}

/// DynamicKey (v1), the first key of Agora's SDKs: channel-wide, no uid and no expiry.
#[napi(js_name = "LegacyDynamicKey1")]
pub struct LegacyDynamicKey1 {}

#[napi]
impl LegacyDynamicKey1 {
    /// A DynamicKey (v1): 90 characters, no version prefix (the official `DynamicKey.generate`).
    ///
    /// @param appId The App ID: 32 hexadecimal characters (its case is kept and signed).
    /// @param appCertificate The App Certificate: 32 hexadecimal characters. It is signed as text, so its case matters.
    /// @param channelName The channel: 1 to 64 bytes of a-z A-Z 0-9, space and `!#$%&()+-:;<=.>?@[]^_{|}~,`.
    /// @param unixTs The issue time, Unix seconds (an integer from 0 to 4294967295).
    /// @param randomInt A random salt (an integer from 0 to 4294967295).
    /// @returns The key.
    /// @throws {TypeError|RangeError} When an argument breaks its rule; the message names it.
    #[napi(catch_unwind, ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number")]
    pub fn generate(env: Env, app_id: Arg, app_certificate: Arg, channel_name: Arg, unix_ts: Arg, random_int: Arg) -> Result<String> {
        let a = KeyArgs {
            app_id: &app_id,
            app_certificate: &app_certificate,
            channel_name: &channel_name,
            unix_ts: &unix_ts,
            random_int: &random_int,
            uid: None,
            expired_ts: None,
        };
        dynamic(&a, dk::generate_v1).or_throw(&env)
    }
}

/// DynamicKey2: a v1 key plus the uid and an expiry.
#[napi(js_name = "LegacyDynamicKey2")]
pub struct LegacyDynamicKey2 {}

#[napi]
impl LegacyDynamicKey2 {
    /// A DynamicKey2: 110 characters, no version prefix (the official `DynamicKey2.generate`).
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters, signed as text (case matters).
    /// @param channelName The channel name (as for `DynamicKey1.generate`).
    /// @param unixTs The issue time, Unix seconds (0 to 4294967295).
    /// @param randomInt A random salt (0 to 4294967295).
    /// @param uid The uid (0 to 4294967295).
    /// @param expiredTs The expiry, Unix seconds (0 to 4294967295; 0: none).
    /// @returns The key.
    /// @throws {TypeError|RangeError} When an argument breaks its rule; the message names it.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    pub fn generate(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
    ) -> Result<String> {
        dynamic(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), dk::generate_v2).or_throw(&env)
    }
}

/// DynamicKey3: a DynamicKey2 with the version "003" in front.
#[napi(js_name = "LegacyDynamicKey3")]
pub struct LegacyDynamicKey3 {}

#[napi]
impl LegacyDynamicKey3 {
    /// A DynamicKey3: "003" + 110 characters (the official `DynamicKey3.generate`).
    /// Arguments as in `DynamicKey2.generate`.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters, signed as text (case matters).
    /// @param channelName The channel name.
    /// @param unixTs The issue time, Unix seconds (0 to 4294967295).
    /// @param randomInt A random salt (0 to 4294967295).
    /// @param uid The uid (0 to 4294967295).
    /// @param expiredTs The expiry, Unix seconds (0 to 4294967295).
    /// @returns The key, starting with "003".
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    pub fn generate(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
    ) -> Result<String> {
        dynamic(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), dk::generate_v3).or_throw(&env)
    }
}

fn v4(a: &KeyArgs<'_, '_>, service: Service4) -> Checked<String> {
    dynamic(a, |k, c| dk::generate_v4(k, c, service))
}

/// `generateDynamicKey`: the seven common arguments are checked first, in order, as
/// everywhere else, then the service code.
fn generate_by_code(a: &KeyArgs<'_, '_>, servicetype: &Arg<'_>) -> Checked<String> {
    dynamic(a, |_, _| String::new())?;
    let s = Service4::from_code("servicetype", &args::string(servicetype, "servicetype")?)?;
    v4(a, s)
}

/// DynamicKey4: "004" keys for a service (public sharing, recording, media channel).
#[napi(js_name = "LegacyDynamicKey4")]
pub struct LegacyDynamicKey4 {}

#[napi]
impl LegacyDynamicKey4 {
    /// A public sharing key ("APSS"): "004" + 100 characters.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters, signed as text (case matters).
    /// @param channelName The channel name.
    /// @param unixTs The issue time, Unix seconds (0 to 4294967295).
    /// @param randomInt A random salt (0 to 4294967295).
    /// @param uid The uid (0 to 4294967295): signed, not written in the key.
    /// @param expiredTs The expiry, Unix seconds (0 to 4294967295).
    /// @returns The key, starting with "004".
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    pub fn generate_public_sharing_key(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
    ) -> Result<String> {
        v4(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), Service4::PublicSharing).or_throw(&env)
    }

    /// A recording key ("ARS"). Arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    pub fn generate_recording_key(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
    ) -> Result<String> {
        v4(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), Service4::Recording).or_throw(&env)
    }

    /// A media channel key ("ACS", join a channel). Arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    pub fn generate_media_channel_key(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
    ) -> Result<String> {
        v4(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), Service4::MediaChannel).or_throw(&env)
    }

    /// A key for the service named by `servicetype` (the official `generateDynamicKey`,
    /// which the three functions above call). Arguments before it as in `generatePublicSharingKey`.
    ///
    /// @param servicetype "APSS" (public sharing), "ARS" (recording) or "ACS" (media channel).
    /// @returns The key, starting with "004".
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, servicetype: 'APSS' | 'ARS' | 'ACS'"
    )]
    pub fn generate_dynamic_key(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
        servicetype: Arg,
    ) -> Result<String> {
        generate_by_code(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), &servicetype)
            .or_throw(&env)
    }
    /// Which service a DynamicKey4 was made for: the key does not say, its signature does.
    ///
    /// @param key A DynamicKey4 ("004...").
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param channelName The channel name the key was made for.
    /// @param uid The uid the key was made for (0 to 4294967295).
    /// @returns "publicSharing", "recording" or "mediaChannel", or null when no service's signature matches.
    /// @throws {Error} With code `ERR_INVALID_TOKEN` when `key` is not a well-formed DynamicKey4.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, appCertificate: string, channelName: string, uid: number",
        ts_return_type = "'publicSharing' | 'recording' | 'mediaChannel' | null"
    )]
    pub fn service_of(env: Env, key: Arg, app_certificate: Arg, channel_name: Arg, uid: Arg) -> Result<Option<&'static str>> {
        let s = args::string(&key, "key").or_throw(&env)?;
        let d = dk::decode(dk::Generation::V4, &s).map_err(|e| invalid_token(&env, e))?;
        let cert = args::app_certificate(&app_certificate, "appCertificate").or_throw(&env)?;
        let channel = args::string(&channel_name, "channelName").or_throw(&env)?;
        let uid = u32_arg(&uid, "uid", None).or_throw(&env)?;
        Ok(d.service_for(&cert, &channel, uid).map(Service4::name))
    }
}

/// The account of a Signaling token: a string of 1 to 255 bytes, or an integer written in decimal.
fn signaling_account(v: &Arg<'_>) -> Checked<String> {
    let a = account_arg(v, "account", false)?;
    let written = a.check("account")?.as_written().to_owned();
    SignalingAccount::new("account", &written)?;
    Ok(written)
}

fn signaling_token(
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    account: &Arg<'_>,
    expiry: impl FnOnce() -> Checked<u32>,
) -> Checked<String> {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let account = signaling_account(account)?;
    let expired_ts = expiry()?;
    Ok(signaling::build(c.app_id, c.app_certificate, SignalingAccount::new("account", &account)?, expired_ts))
}

/// The token of Agora's Signaling SDK (agora-access-token's `src/SignalingToken`).
#[napi(js_name = "LegacySignalingToken")]
pub struct LegacySignalingToken {}

#[napi]
impl LegacySignalingToken {
    /// A Signaling token valid for `validTimeInSeconds` from now: "1:appId:expiredTs:md5".
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters, hashed as text (case matters).
    /// @param account The Signaling account: a string of 1 to 255 bytes (an integer is written in decimal).
    /// @param validTimeInSeconds Seconds from now: an integer from 0 such that now + it fits in 32 bits.
    /// @returns The token, starting with "1:".
    /// @throws {TypeError|RangeError} When an argument breaks its rule; the message names it.
    #[napi(catch_unwind, ts_args_type = "appId: string, appCertificate: string, account: string | number, validTimeInSeconds: number")]
    pub fn get(env: Env, app_id: Arg, app_certificate: Arg, account: Arg, valid_time_in_seconds: Arg) -> Result<String> {
        signaling_token(&app_id, &app_certificate, &account, || {
            let valid = args::number(&valid_time_in_seconds, "validTimeInSeconds")?;
            signaling::expiry_from_now("validTimeInSeconds", agora_token_core::v007::now(), valid)
        })
        .or_throw(&env)
    }

    /// A Signaling token valid for one day from now (`get(appId, appCertificate, account, 86400)`).
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param account The Signaling account: a string of 1 to 255 bytes.
    /// @returns The token, starting with "1:".
    #[napi(js_name = "get1DayToken", catch_unwind, ts_args_type = "appId: string, appCertificate: string, account: string | number")]
    pub fn get_1_day_token(env: Env, app_id: Arg, app_certificate: Arg, account: Arg) -> Result<String> {
        signaling_token(&app_id, &app_certificate, &account, || {
            signaling::expiry_from_now("validTimeInSeconds", agora_token_core::v007::now(), signaling::ONE_DAY as f64)
        })
        .or_throw(&env)
    }

    /// A Signaling token with a fixed expiry (for tests and reproducible keys; the
    /// reference has no such function).
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param account The Signaling account: a string of 1 to 255 bytes.
    /// @param expiredTs The expiry, absolute Unix seconds (an integer from 0 to 4294967295).
    /// @returns The token, starting with "1:".
    #[napi(catch_unwind, ts_args_type = "appId: string, appCertificate: string, account: string | number, expiredTs: number")]
    pub fn get_with_expired_ts(env: Env, app_id: Arg, app_certificate: Arg, account: Arg, expired_ts: Arg) -> Result<String> {
        signaling_token(&app_id, &app_certificate, &account, || u32_arg(&expired_ts, "expiredTs", None)).or_throw(&env)
    }
}

/// Decodes a key `decode_legacy_key` recognises, throwing `ERR_INVALID_TOKEN` otherwise.
fn decode(env: &Env, key: &Arg<'_>) -> Result<LegacyKey> {
    let s = args::string(key, "key").or_throw(env)?;
    match keys::decode_legacy_key(&s) {
        Some(r) => r.map_err(|e| invalid_token(env, e)),
        None => Err(invalid_token(
            env,
            agora_token_core::DecodeError::new(
                "not a legacy key: a SignalingToken starts with \"1:\", a DynamicKey3 / DynamicKey4 with \"003\" / \"004\", \
                 and a DynamicKey (v1) / DynamicKey2 is 90 / 110 hexadecimal and decimal characters",
            ),
        )),
    }
}

/// Reads a SignalingToken or a DynamicKey (v1) to DynamicKey4 without checking its
/// signature, for debugging. Keys that carry no version are told apart by their length,
/// and `ambiguity` says what the bytes could not tell.
///
/// @param key The key string.
/// @returns Its fields; `format` names the format.
/// @throws {Error} With code `ERR_INVALID_TOKEN` when the string is none of these formats or is malformed.
#[napi(catch_unwind, ts_args_type = "key: string", ts_return_type = "DecodedLegacyKey")]
pub fn decode_legacy_key<'e>(env: &'e Env, key: Arg) -> Result<Object<'e>> {
    let d = decode(env, &key)?;
    json::decoded_object(env, &AnyToken::Key(d))
}

/// `expected.channelName` and `expected.uid` (a number is written in decimal).
fn expected(v: &Arg<'_>) -> Checked<(Option<String>, Option<Uid>)> {
    match args::options(v, "expected", "must be an object { channelName?, uid? }")? {
        Some(obj) => args::expected_channel_uid(&obj),
        None => Ok((None, None)),
    }
}

/// Checks the signature of a SignalingToken or DynamicKey (v1) to DynamicKey4 in
/// constant time.
///
/// @param key The key string.
/// @param appCertificate The App Certificate: 32 hexadecimal characters (these formats sign its text, so its case matters).
/// @param expected What the signature covers: `channelName` for every DynamicKey, and `uid` (a number) for
///   DynamicKey2 to DynamicKey4 (a DynamicKey (v1) covers no uid, so it is ignored); for a SignalingToken,
///   the account as `uid`.
/// @returns true only if the signature is valid for this certificate, channel and uid (or account).
/// @throws {Error} With code `ERR_INVALID_TOKEN` when the key is malformed.
/// @throws {TypeError} When `appCertificate` is not 32 hexadecimal characters or a value the format needs is missing.
#[napi(catch_unwind, ts_args_type = "key: string, appCertificate: string, expected?: { channelName?: string; uid?: number | string }")]
pub fn verify_legacy_key(env: Env, key: Arg, app_certificate: Arg, expected_for: Arg) -> Result<bool> {
    let d = decode(&env, &key)?;
    let cert = args::app_certificate(&app_certificate, "appCertificate").or_throw(&env)?;
    let (channel, uid) = expected(&expected_for).or_throw(&env)?;
    let e = Expected { channel_name: channel.as_deref(), uid: uid.as_ref().map(Uid::as_expected), now: None };
    AnyToken::Key(d).verify(&cert, &e).or_throw(&env)
}

/// Sets the static `version` of each key class.
pub fn init(exports: &mut Object) -> Result<()> {
    for (class, version) in
        [("LegacyDynamicKey1", "001"), ("LegacyDynamicKey2", "002"), ("LegacyDynamicKey3", "003"), ("LegacyDynamicKey4", "004")]
    {
        let mut c: Object = exports.get_named_property_unchecked(class)?;
        c.set("version", version)?;
    }
    Ok(())
}
