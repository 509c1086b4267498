//! agora-access-token@2.0.4's API (legacy 006 tokens and DynamicKey5), exported as
//! `Legacy*` natives (napi-rs needs names unique across the addon) and renamed by
//! `legacy.js` / `legacy.mjs`. Arguments go through [`crate::args`] and the core's
//! `validate` rules, as in the 007 API. The low-level `AccessToken` is a plain JavaScript
//! class in `legacy.js` (its fields are live properties, as agora-access-token's are) whose
//! `build()` and `fromString()` call [`legacy_build_access_token`] and
//! [`legacy_read_access_token`].

use agora_token_core::dynamic_key5::{self as dk5, KeyInput};
use agora_token_core::v006::{self, AccessToken as CoreToken};
use agora_token_core::validate::{self, Account, LegacyRtcRole};
use agora_token_core::Error as CoreError;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, account_arg, creds_in, key_args, rtc_args, u16_arg, u32_arg, Arg, CredsBuf, KeyArgs, RtcArgs, RtcBuf};
use crate::errors::OrThrow;

type Checked<T> = std::result::Result<T, CoreError>;

/// The privilege expiry of the 006 builders: an absolute Unix timestamp, or 0.
///
/// Decision: a value from 1 to 31535999 (less than one year after 1970) is refused with
/// a RangeError. As a timestamp it lies in 1970, so the token would be expired the moment
/// it is made; in practice it is always a duration (`3600`) written where 006 wants
/// `Math.floor(Date.now() / 1000) + 3600` — the 007 builders take durations, which is
/// why the mix-up is common. 0 stays allowed: in 006 it means "no expiry".
/// The low-level `AccessToken.addPrivilege` does not apply this rule (see there).
fn expiry_ts(v: &Arg<'_>) -> Checked<u32> {
    validate::unix_timestamp_006("privilegeExpiredTs", args::number(v, "privilegeExpiredTs")?)
}

/// The 006 RTC shape: appId, appCertificate, channelName, the uid or account, role,
/// privilegeExpiredTs (shared by the `#[napi]` methods and their raw entries, `crate::fast`).
fn rtc(a: &[Arg<'_>; 6], account_param: &'static str) -> Checked<String> {
    let [app_id, app_certificate, channel_name, account, role, privilege_expired_ts] = a;
    let mut buf = RtcBuf::new();
    let RtcArgs { creds: c, channel, account } = rtc_args(&mut buf, app_id, app_certificate, channel_name, account, account_param)?;
    let role = LegacyRtcRole::from_number("role", args::number(role, "role")?)?;
    let expire = expiry_ts(privilege_expired_ts)?;
    Ok(v006::rtc_token(c.app_id, c.app_certificate, channel, &account, role, expire))
}

fn rtc_uid(a: &[Arg<'_>; 6]) -> Checked<String> {
    rtc(a, "uid")
}

fn rtc_account(a: &[Arg<'_>; 6]) -> Checked<String> {
    rtc(a, "account")
}

/// The 006 RTM token: agora-access-token ignores `role` (apps pass `RtcRole` values
/// there), and so does this.
fn rtm(a: &[Arg<'_>; 5]) -> Checked<String> {
    let [app_id, app_certificate, account, _role, privilege_expired_ts] = a;
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    let account = account_arg(account, "account", false)?;
    let account = account.check("account")?;
    // A number 0 is the account "0" here, not "any user".
    let account = Account::owned(account.as_written().to_owned());
    validate::rtm_account_006("account", account.as_str())?;
    let expire = expiry_ts(privilege_expired_ts)?;
    Ok(v006::rtm_token(c.app_id, c.app_certificate, &account, expire))
}

/// Builds legacy 006 RTC tokens (agora-access-token's `RtcTokenBuilder`).
#[napi(js_name = "LegacyRtcTokenBuilder")]
pub struct LegacyRtcTokenBuilder {}

#[napi]
impl LegacyRtcTokenBuilder {
    /// Builds a 006 RTC token for a numeric uid.
    ///
    /// @param appId The App ID of your project: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters. A secret: keep it on your server.
    /// @param channelName The channel: 1 to 64 bytes of a-z A-Z 0-9, space and `!#$%&()+-:;<=.>?@[]^_{|}~,`.
    /// @param uid An integer from 0 to 4294967295 (0 lets any uid join), or a string user account of at most 255 bytes.
    /// @param role `RtcRole.PUBLISHER` (1), `RtcRole.SUBSCRIBER` (2, join only), or the deprecated `ATTENDEE` (0) / `ADMIN` (101), which publish too.
    /// @param privilegeExpiredTs When the privileges expire: an absolute Unix timestamp in seconds (`Math.floor(Date.now() / 1000) + 3600`), or 0 for no expiry. A value below 31536000 (a duration by mistake) is refused.
    /// @returns The token, starting with "006".
    /// @throws {TypeError|RangeError} When an argument breaks its rule; the message names it.
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, uid: number | string, role: number, privilegeExpiredTs: number"
    )]
    pub fn build_token_with_uid(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        uid: Arg,
        role: Arg,
        privilege_expired_ts: Arg,
    ) -> Result<String> {
        rtc_uid(&[app_id, app_certificate, channel_name, uid, role, privilege_expired_ts]).or_throw(&env)
    }

    /// Builds a 006 RTC token for a string user account.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param channelName The channel name (as for `buildTokenWithUid`).
    /// @param account A user account of at most 255 bytes (or a uid number).
    /// @param role `RtcRole.PUBLISHER`, `RtcRole.SUBSCRIBER`, `ATTENDEE` or `ADMIN`.
    /// @param privilegeExpiredTs An absolute Unix timestamp in seconds, or 0 for no expiry.
    /// @returns The token, starting with "006".
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, account: string | number, role: number, privilegeExpiredTs: number"
    )]
    pub fn build_token_with_account(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        account: Arg,
        role: Arg,
        privilege_expired_ts: Arg,
    ) -> Result<String> {
        rtc_account(&[app_id, app_certificate, channel_name, account, role, privilege_expired_ts]).or_throw(&env)
    }
}

/// Builds legacy 006 RTM tokens (agora-access-token's `RtmTokenBuilder`).
#[napi(js_name = "LegacyRtmTokenBuilder")]
pub struct LegacyRtmTokenBuilder {}

#[napi]
impl LegacyRtmTokenBuilder {
    /// Builds a 006 RTM login token.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param account The RTM user id: a non-empty string of at most 255 bytes (a number is written in decimal).
    /// @param role Ignored, as agora-access-token ignores it (`RtmRole.Rtm_User` by convention).
    /// @param privilegeExpiredTs An absolute Unix timestamp in seconds, or 0 for no expiry.
    /// @returns The token, starting with "006".
    #[napi(
        catch_unwind,
        writable = true,
        configurable = true,
        ts_args_type = "appId: string, appCertificate: string, account: string | number, role: unknown, privilegeExpiredTs: number | string"
    )]
    pub fn build_token(env: Env, app_id: Arg, app_certificate: Arg, account: Arg, role: Arg, privilege_expired_ts: Arg) -> Result<String> {
        rtm(&[app_id, app_certificate, account, role, privilege_expired_ts]).or_throw(&env)
    }
}

/// Builds a 006 token from the fields of `agora-token-native/legacy`'s `AccessToken`, which
/// keeps them as plain JavaScript properties (as agora-access-token does) and calls this in
/// `build()`. Every field is checked here, when the token is built: the App ID and
/// certificate (32 hexadecimal characters), `channelName` (a string of at most 255 bytes:
/// RTM tokens put the account there), `uid` (a string of at most 255 bytes, or a number
/// 0..4294967295, 0 meaning any uid), `salt` and `ts` (0..4294967295), and `messages`
/// (privilege 0..65535 -> expire timestamp 0..4294967295; numbers or decimal strings).
#[napi(
    js_name = "legacyBuildAccessToken",
    catch_unwind,
    ts_args_type = "appID: string, appCertificate: string, channelName: string, uid: number | string, salt: number | string, ts: number | string, messages: { [privilege: number]: number | string }"
)]
pub fn legacy_build_access_token(
    env: Env,
    app_id: Arg,
    app_certificate: Arg,
    channel_name: Arg,
    uid: Arg,
    salt: Arg,
    ts: Arg,
    messages: Arg,
) -> Result<String> {
    access_token(&app_id, &app_certificate, &channel_name, &uid, &salt, &ts, &messages).or_throw(&env)
}

fn access_token(
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    uid: &Arg<'_>,
    salt: &Arg<'_>,
    ts: &Arg<'_>,
    messages: &Arg<'_>,
) -> Checked<String> {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, app_id, app_certificate)?;
    // Not the channel-name character rules: RTM tokens put the user account here.
    let channel_name = args::string(channel_name, "channelName")?;
    validate::account("channelName", &channel_name)?;
    let uid = account_arg(uid, "uid", false)?;
    let uid = uid.check("uid")?;
    let t = CoreToken {
        app_id: c.app_id.as_str().into(),
        channel_name: channel_name.as_str().into(),
        uid: uid.as_str().into(),
        salt: u32_arg(salt, "salt", None)?,
        ts: u32_arg(ts, "ts", None)?,
        privileges: args::privilege_map(messages, "messages")?,
    };
    t.check()?;
    Ok(t.build_unchecked(c.app_certificate.as_str()))
}

/// A fresh `{ salt, ts }` for a new `AccessToken`: a salt from the OS CSPRNG in
/// 1..4294967295 and a `ts` of now + 24 hours, as agora-access-token sets them.
#[napi(js_name = "legacyAccessTokenDefaults", ts_return_type = "{ salt: number; ts: number }")]
pub fn legacy_access_token_defaults(env: &Env) -> Result<Object<'_>> {
    let mut o = Object::new(env)?;
    o.set("salt", v006::salt_006())?;
    o.set("ts", v006::default_ts())?;
    Ok(o)
}

/// Reads a 006 token's fields (for `AccessToken.fromString`): its App ID, signature, the
/// CRCs of its channel name and uid, its message bytes `m`, and from them `salt`, `ts` and
/// `messages`; or `null` when it cannot be read. The signature is not checked.
#[napi(
    js_name = "legacyReadAccessToken",
    catch_unwind,
    ts_args_type = "token: string",
    ts_return_type = "{ appId: string; signature: Uint8Array; crcChannelName: number; crcUid: number; m: Uint8Array; salt: number; ts: number; messages: { [privilege: number]: number } } | null"
)]
pub fn legacy_read_access_token<'e>(env: &'e Env, token: Arg) -> Result<Option<Object<'e>>> {
    let Ok(s) = args::string(&token, "token") else { return Ok(None) };
    let Ok(d) = v006::decode(&s) else { return Ok(None) };
    let mut o = Object::new(env)?;
    o.set("appId", d.app_id.as_str())?;
    o.set("signature", Buffer::from(d.signature))?;
    o.set("crcChannelName", d.crc_channel_name)?;
    o.set("crcUid", d.crc_uid)?;
    o.set("m", Buffer::from(d.message))?;
    o.set("salt", d.salt)?;
    o.set("ts", d.ts)?;
    let mut messages = Object::new(env)?;
    for (k, v) in &d.privileges {
        messages.set(k.to_string(), *v)?;
    }
    o.set("messages", messages)?;
    Ok(Some(o))
}

/// What follows the seven common arguments of a DynamicKey5 function: the service type and
/// the `extra` map (key -> bytes).
type Tail = (u16, Vec<(u16, String)>);

/// The seven arguments every DynamicKey5 function opens with (appId, appCertificate,
/// channelName, unixTs, randomInt, uid, expiredTs), checked in that order, then `tail`, which
/// reads what follows them; then the key.
fn dynamic_key(k: &KeyArgs<'_, '_>, tail: impl FnOnce() -> Checked<Tail>) -> Checked<String> {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, k.app_id, k.app_certificate)?;
    let channel = args::channel_string(k.channel_name, "channelName")?;
    // Every reference accepts an empty channel here (a key for no channel in particular).
    let channel_name = validate::ChannelName::optional("channelName", &channel)?;
    let unix_ts = u32_arg(k.unix_ts, "unixTs", None)?;
    let salt = u32_arg(k.random_int, "randomInt", None)?;
    let uid = k.uid.map(|v| u32_arg(v, "uid", None)).transpose()?.unwrap_or(0);
    let expired_ts = k.expired_ts.map(|v| u32_arg(v, "expiredTs", None)).transpose()?.unwrap_or(0);
    let (service_type, extra) = tail()?;
    let k = KeyInput {
        service_type,
        app_id: c.app_id,
        unix_ts,
        salt,
        channel_name,
        uid,
        expired_ts,
        extra: extra.iter().map(|(k, v)| (*k, v.as_bytes())).collect(),
    };
    Ok(dk5::build(&k, c.app_certificate))
}

/// The tail of the public sharing, recording and media channel keys: no extra.
fn service_only(service: dk5::ServiceType) -> impl FnOnce() -> Checked<Tail> {
    move || Ok((service as u16, Vec::new()))
}

/// The tail of an in-channel permission key: its `permission` as extra 1.
fn permission_tail(permission: &Arg<'_>) -> Checked<Tail> {
    let s = args::string(permission, "permission")?;
    validate::dynamic_key5_permission("permission", &s)?;
    Ok((dk5::ServiceType::InChannelPermission as u16, vec![(dk5::ALLOW_UPLOAD_IN_CHANNEL, s)]))
}

/// DynamicKey5, the `"005"` key of Agora SDKs older than 2.1 (agora-access-token's
/// `src/DynamicKey5`).
#[napi(js_name = "LegacyDynamicKey5")]
pub struct LegacyDynamicKey5 {}

#[napi]
impl LegacyDynamicKey5 {
    /// A public sharing key.
    ///
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param channelName The channel name.
    /// @param unixTs The issue time, Unix seconds (0 to 4294967295).
    /// @param randomInt A random salt (0 to 4294967295).
    /// @param uid The uid (0 to 4294967295).
    /// @param expiredTs The expiry, Unix seconds (0: none).
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
        dynamic_key(
            &key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts),
            service_only(dk5::ServiceType::PublicSharing),
        )
        .or_throw(&env)
    }

    /// A recording key. Arguments as in `generatePublicSharingKey`.
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
        dynamic_key(
            &key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts),
            service_only(dk5::ServiceType::Recording),
        )
        .or_throw(&env)
    }

    /// A media channel key (join a channel). Arguments as in `generatePublicSharingKey`.
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
        dynamic_key(
            &key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts),
            service_only(dk5::ServiceType::MediaChannel),
        )
        .or_throw(&env)
    }

    /// An in-channel permission key.
    ///
    /// @param permission `DynamicKey5.noUpload` ('0') or `DynamicKey5.audioVideoUpload` ('3').
    /// Other arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, permission: string"
    )]
    pub fn generate_in_channel_permission_key(
        env: Env,
        app_id: Arg,
        app_certificate: Arg,
        channel_name: Arg,
        unix_ts: Arg,
        random_int: Arg,
        uid: Arg,
        expired_ts: Arg,
        permission: Arg,
    ) -> Result<String> {
        dynamic_key(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), || {
            permission_tail(&permission)
        })
        .or_throw(&env)
    }

    /// A key of any service type with any `extra` (agora-access-token's raw
    /// `generateDynamicKey`, which the four functions above call).
    ///
    /// @param extra `null`/`undefined` (none) or an object whose keys are integers from 0 to
    /// 65535 and whose values are strings of at most 65535 bytes, packed in ascending key
    /// order as the reference's `for...in` does (`{ 1: DynamicKey5.audioVideoUpload }` is an
    /// in-channel permission).
    /// @param serviceType The service: an integer from 0 to 65535 (1 media channel, 2 recording,
    /// 3 public sharing, 4 in-channel permission).
    /// Other arguments as in `generatePublicSharingKey`.
    /// @returns The key, starting with "005".
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, extra: { [key: number]: string } | null | undefined, serviceType: number"
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
        extra: Arg,
        service_type: Arg,
    ) -> Result<String> {
        dynamic_key(&key_args!(app_id, app_certificate, channel_name, unix_ts, random_int, uid, expired_ts), || {
            let extra = args::dynamic_key_extra(&extra, "extra")?;
            Ok((u16_arg(&service_type, "serviceType")?, extra))
        })
        .or_throw(&env)
    }
}

/// Sets the legacy constants: `LegacyRtcRole`, `LegacyRtmRole`, `LegacyPrivileges`
/// (frozen objects) and the static values of `LegacyDynamicKey5`.
pub fn init(env: &Env, exports: &mut Object) -> Result<()> {
    let mut role = Object::new(env)?;
    for (name, value) in [("ATTENDEE", 0u32), ("PUBLISHER", 1), ("SUBSCRIBER", 2), ("ADMIN", 101)] {
        role.set(name, value)?;
    }
    crate::freeze(env, &role)?;
    exports.set("LegacyRtcRole", role)?;

    let mut rtm = Object::new(env)?;
    rtm.set("Rtm_User", 1u32)?;
    crate::freeze(env, &rtm)?;
    exports.set("LegacyRtmRole", rtm)?;

    let mut privileges = Object::new(env)?;
    for &(name, value) in v006::PRIVILEGES {
        privileges.set(name, value as u32)?;
    }
    crate::freeze(env, &privileges)?;
    exports.set("LegacyPrivileges", privileges)?;

    let mut dk: Object = exports.get_named_property_unchecked("LegacyDynamicKey5")?;
    dk.set("version", dk5::VERSION)?;
    dk.set("noUpload", dk5::NO_UPLOAD)?;
    dk.set("audioVideoUpload", dk5::AUDIO_VIDEO_UPLOAD)?;
    Ok(())
}

/// Installs the raw entries ([`crate::fast`]) over the 006 builder methods above.
pub fn install_fast(env: &Env, exports: &Object) -> Result<()> {
    use crate::fast::install;
    install(env, exports, "LegacyRtcTokenBuilder", "buildTokenWithUid", rtc_uid)?;
    install(env, exports, "LegacyRtcTokenBuilder", "buildTokenWithAccount", rtc_account)?;
    install(env, exports, "LegacyRtmTokenBuilder", "buildToken", rtm)
}
