//! agora-access-token@2.0.4's API (legacy 006 tokens and DynamicKey5), exported as
//! `Legacy*` natives (napi-rs needs names unique across the addon) and renamed by
//! `legacy.js` / `legacy.mjs`. Arguments go through [`crate::args`] and the core's
//! `validate` rules, as in the 007 API.

use std::collections::BTreeMap;

use agora_token_core::dynamic_key5::{self as dk5, KeyInput};
use agora_token_core::v006::{self, AccessToken as CoreToken};
use agora_token_core::validate::{self, Account, LegacyRtcRole};
use agora_token_core::Error as CoreError;
use napi::bindgen_prelude::*;
use napi::ValueType;
use napi_derive::napi;

use crate::args::{self, account_arg, creds_in, rtc_args, u16_arg, u32_arg, Arg, CredsBuf, RtcArgs, RtcBuf};
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

fn rtc(a: [&Arg<'_>; 6], account_param: &'static str) -> Checked<String> {
    let mut buf = RtcBuf::new();
    let RtcArgs { creds: c, channel, account } = rtc_args(&mut buf, a[0], a[1], a[2], a[3], account_param)?;
    let role = LegacyRtcRole::from_number("role", args::number(a[4], "role")?)?;
    let expire = expiry_ts(a[5])?;
    Ok(v006::rtc_token(c.app_id, c.app_certificate, channel, &account, role, expire))
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
        rtc([&app_id, &app_certificate, &channel_name, &uid, &role, &privilege_expired_ts], "uid").or_throw(&env)
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
        rtc([&app_id, &app_certificate, &channel_name, &account, &role, &privilege_expired_ts], "account").or_throw(&env)
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
    /// @param role `RtmRole.Rtm_User` (1); may be omitted.
    /// @param privilegeExpiredTs An absolute Unix timestamp in seconds, or 0 for no expiry.
    /// @returns The token, starting with "006".
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, account: string | number, role: number | undefined, privilegeExpiredTs: number"
    )]
    pub fn build_token(env: Env, app_id: Arg, app_certificate: Arg, account: Arg, role: Arg, privilege_expired_ts: Arg) -> Result<String> {
        (|| -> Checked<String> {
            let mut cb = CredsBuf::new();
            let c = creds_in(&mut cb, &app_id, &app_certificate)?;
            let account = account_arg(&account, "account", false)?;
            let account = account.check("account")?;
            // A number 0 is the account "0" here, not "any user".
            let account = Account::owned(account.as_written().to_owned());
            if account.as_str().is_empty() {
                return Err(CoreError::range_error("account", "must not be empty: an RTM token is for one user id"));
            }
            if args::ty(&role) != ValueType::Undefined {
                let r = args::number(&role, "role")?;
                if r != 1.0 {
                    return Err(CoreError::range_error(
                        "role",
                        format_args!("must be RtmRole.Rtm_User (1), got {}", validate::js_number(r)),
                    ));
                }
            }
            let expire = expiry_ts(&privilege_expired_ts)?;
            Ok(v006::rtm_token(c.app_id, c.app_certificate, &account, expire))
        })()
        .or_throw(&env)
    }
}

/// The low-level legacy 006 token (agora-access-token's `src/AccessToken` `AccessToken`).
#[napi(js_name = "LegacyAccessToken")]
pub struct LegacyAccessToken {
    app_id: String,
    app_certificate: String,
    channel_name: String,
    uid: String,
    salt: u32,
    ts: u32,
    privileges: BTreeMap<u16, u32>,
}

#[napi]
impl LegacyAccessToken {
    /// @param appId The App ID: 32 hexadecimal characters.
    /// @param appCertificate The App Certificate: 32 hexadecimal characters.
    /// @param channelName The channel name for RTC, or the user account for RTM login: a string of at most 255 bytes.
    /// @param uid 0 to 4294967295 (0: any uid, stored as ""), or a string account of at most 255 bytes ("" for RTM).
    #[napi(constructor, catch_unwind, ts_args_type = "appId: string, appCertificate: string, channelName: string, uid: number | string")]
    pub fn new(env: Env, app_id: Arg, app_certificate: Arg, channel_name: Arg, uid: Arg) -> Result<Self> {
        (|| -> Checked<Self> {
            let mut cb = CredsBuf::new();
            let c = creds_in(&mut cb, &app_id, &app_certificate)?;
            // Not the channel-name character rules: RTM tokens put the user account here.
            let channel_name = args::string(&channel_name, "channelName")?;
            validate::account("channelName", &channel_name)?;
            let uid = account_arg(&uid, "uid", false)?.check("uid")?.as_str().to_owned();
            let creds = c;
            Ok(LegacyAccessToken {
                app_id: creds.app_id.as_str().to_owned(),
                app_certificate: creds.app_certificate.as_str().to_owned(),
                channel_name,
                uid,
                salt: v006::salt_006(),
                ts: v006::default_ts(),
                privileges: BTreeMap::new(),
            })
        })()
        .or_throw(&env)
    }

    /// The salt: a fresh CSPRNG value in 1..4294967295 for each new token.
    #[napi(getter)]
    pub fn salt(&self) -> u32 {
        self.salt
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: number")]
    pub fn set_salt(&mut self, env: Env, value: Arg) -> Result<()> {
        self.salt = u32_arg(&value, "salt", None).or_throw(&env)?;
        Ok(())
    }

    /// The token's own expiry, Unix seconds: now + 24 hours for a new token.
    #[napi(getter)]
    pub fn ts(&self) -> u32 {
        self.ts
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: number")]
    pub fn set_ts(&mut self, env: Env, value: Arg) -> Result<()> {
        self.ts = u32_arg(&value, "ts", None).or_throw(&env)?;
        Ok(())
    }

    /// The privileges: privilege number -> expire timestamp.
    #[napi(getter, ts_return_type = "{ [privilege: number]: number }")]
    pub fn messages<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        let mut o = Object::new(env)?;
        for (k, v) in &self.privileges {
            o.set(k.to_string(), *v)?;
        }
        Ok(o)
    }

    /// Grants `privilege` (a `Privileges` constant) until `expireTimestamp`, replacing an
    /// earlier value.
    ///
    /// Decision: this low-level method takes any value from 0 to 4294967295, without the
    /// builders' "looks like a duration" check, so that existing tokens and test vectors
    /// can be reproduced byte for byte; use the builders for the checked API.
    ///
    /// @param privilege A privilege number from 0 to 65535 (`Privileges.kJoinChannel` ...).
    /// @param expireTimestamp An absolute Unix timestamp in seconds, or 0 for no expiry.
    #[napi(catch_unwind, ts_args_type = "privilege: number, expireTimestamp: number")]
    pub fn add_privilege(&mut self, env: Env, privilege: Arg, expire_timestamp: Arg) -> Result<()> {
        self.add(&env, &privilege, &expire_timestamp)
    }

    /// Alias of `addPrivilege`, under agora-access-token's spelling.
    #[napi(catch_unwind, ts_args_type = "privilege: number, expireTimestamp: number")]
    pub fn add_priviledge(&mut self, env: Env, privilege: Arg, expire_timestamp: Arg) -> Result<()> {
        self.add(&env, &privilege, &expire_timestamp)
    }

    /// Builds the token string ("006" + App ID + base64).
    #[napi(catch_unwind)]
    pub fn build(&self, env: Env) -> Result<String> {
        let t = CoreToken {
            app_id: self.app_id.as_str().into(),
            channel_name: self.channel_name.as_str().into(),
            uid: self.uid.as_str().into(),
            salt: self.salt,
            ts: self.ts,
            privileges: self.privileges.clone(),
        };
        t.check().or_throw(&env)?;
        Ok(t.build_unchecked(&self.app_certificate))
    }

    /// Reads a 006 token's salt, ts and privileges into this object. Returns false, and
    /// changes nothing, when the token cannot be read. The signature is not checked: use
    /// `verifyToken` for that.
    #[napi(catch_unwind, ts_args_type = "token: string")]
    #[allow(clippy::wrong_self_convention)] // agora-access-token's method name
    pub fn from_string(&mut self, token: Arg) -> bool {
        let Ok(s) = args::string(&token, "token") else { return false };
        let Ok(d) = v006::decode(&s) else { return false };
        self.salt = d.salt;
        self.ts = d.ts;
        self.privileges = d.privileges.into_iter().collect();
        true
    }

    /// A plain view for `JSON.stringify`, with the certificate redacted.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ appID: string; appCertificate: string; channelName: string; uid: string; salt: number; ts: number; messages: { [privilege: number]: number } }"
    )]
    pub fn to_json<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        let mut o = Object::new(env)?;
        o.set("appID", self.app_id.as_str())?;
        o.set("appCertificate", crate::js::REDACTED)?;
        o.set("channelName", self.channel_name.as_str())?;
        o.set("uid", self.uid.as_str())?;
        o.set("salt", self.salt)?;
        o.set("ts", self.ts)?;
        o.set("messages", self.messages(env)?)?;
        Ok(o)
    }

    fn add(&mut self, env: &Env, privilege: &Arg<'_>, expire: &Arg<'_>) -> Result<()> {
        (|| -> Checked<()> {
            let p = u16_arg(privilege, "privilege")?;
            let e = u32_arg(expire, "expireTimestamp", None)?;
            self.privileges.insert(p, e);
            Ok(())
        })()
        .or_throw(env)
    }
}

/// What follows the seven common arguments of a DynamicKey5 function: the service type and
/// the `extra` map (key -> bytes).
type Tail = (u16, Vec<(u16, String)>);

/// The seven arguments every DynamicKey5 function opens with (appId, appCertificate,
/// channelName, unixTs, randomInt, uid, expiredTs), checked in that order, then `tail`, which
/// reads what follows them; then the key.
fn dynamic_key(a: [&Arg<'_>; 7], tail: impl FnOnce() -> Checked<Tail>) -> Checked<String> {
    let mut cb = CredsBuf::new();
    let c = creds_in(&mut cb, a[0], a[1])?;
    let channel = args::channel_string(a[2], "channelName")?;
    let channel_name = args::channel(&channel, "channelName")?;
    let unix_ts = u32_arg(a[3], "unixTs", None)?;
    let salt = u32_arg(a[4], "randomInt", None)?;
    let uid = u32_arg(a[5], "uid", None)?;
    let expired_ts = u32_arg(a[6], "expiredTs", None)?;
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
    if s.is_empty() || s.len() > 255 {
        return Err(CoreError::range_error(
            "permission",
            "must be DynamicKey5.noUpload ('0') or DynamicKey5.audioVideoUpload ('3'): a string of 1 to 255 bytes",
        ));
    }
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
    // napi-rs maps Rust parameters to the JavaScript arguments one to one: this is the reference's signature.
    #[allow(clippy::too_many_arguments)]
    pub fn generate_public_sharing_key(env: Env, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg, a5: Arg, a6: Arg) -> Result<String> {
        dynamic_key([&a0, &a1, &a2, &a3, &a4, &a5, &a6], service_only(dk5::ServiceType::PublicSharing)).or_throw(&env)
    }

    /// A recording key. Arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    // napi-rs maps Rust parameters to the JavaScript arguments one to one: this is the reference's signature.
    #[allow(clippy::too_many_arguments)]
    pub fn generate_recording_key(env: Env, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg, a5: Arg, a6: Arg) -> Result<String> {
        dynamic_key([&a0, &a1, &a2, &a3, &a4, &a5, &a6], service_only(dk5::ServiceType::Recording)).or_throw(&env)
    }

    /// A media channel key (join a channel). Arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number"
    )]
    // napi-rs maps Rust parameters to the JavaScript arguments one to one: this is the reference's signature.
    #[allow(clippy::too_many_arguments)]
    pub fn generate_media_channel_key(env: Env, a0: Arg, a1: Arg, a2: Arg, a3: Arg, a4: Arg, a5: Arg, a6: Arg) -> Result<String> {
        dynamic_key([&a0, &a1, &a2, &a3, &a4, &a5, &a6], service_only(dk5::ServiceType::MediaChannel)).or_throw(&env)
    }

    /// An in-channel permission key.
    ///
    /// @param permission `DynamicKey5.noUpload` ('0') or `DynamicKey5.audioVideoUpload` ('3').
    /// Other arguments as in `generatePublicSharingKey`.
    #[napi(
        catch_unwind,
        ts_args_type = "appId: string, appCertificate: string, channelName: string, unixTs: number, randomInt: number, uid: number, expiredTs: number, permission: string"
    )]
    // napi-rs maps Rust parameters to the JavaScript arguments one to one: this is the reference's signature.
    #[allow(clippy::too_many_arguments)]
    pub fn generate_in_channel_permission_key(
        env: Env,
        a0: Arg,
        a1: Arg,
        a2: Arg,
        a3: Arg,
        a4: Arg,
        a5: Arg,
        a6: Arg,
        permission: Arg,
    ) -> Result<String> {
        dynamic_key([&a0, &a1, &a2, &a3, &a4, &a5, &a6], || permission_tail(&permission)).or_throw(&env)
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
    // napi-rs maps Rust parameters to the JavaScript arguments one to one: this is the reference's signature.
    #[allow(clippy::too_many_arguments)]
    pub fn generate_dynamic_key(
        env: Env,
        a0: Arg,
        a1: Arg,
        a2: Arg,
        a3: Arg,
        a4: Arg,
        a5: Arg,
        a6: Arg,
        extra: Arg,
        service_type: Arg,
    ) -> Result<String> {
        dynamic_key([&a0, &a1, &a2, &a3, &a4, &a5, &a6], || {
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
