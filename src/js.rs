//! Rust data to plain JavaScript objects: decoded tokens of every version, and services.

use agora_token_core::dynamic_key5::Decoded005;
use agora_token_core::service::{Rtm2Permissions, Service, ServiceData};
use agora_token_core::v006::Decoded006;
use agora_token_core::v007::DecodedToken2;
use agora_token_core::AnyToken;
use napi::bindgen_prelude::*;

pub const REDACTED: &str = "[redacted]";

pub fn permissions_object<'e>(env: &'e Env, p: &Rtm2Permissions) -> Result<Object<'e>> {
    let mut o = Object::new(env)?;
    for (resource_type, by_permission) in p {
        let mut inner = Object::new(env)?;
        for (permission_type, resources) in by_permission {
            inner.set(permission_type.to_string(), resources.clone())?;
        }
        o.set(resource_type.to_string(), inner)?;
    }
    Ok(o)
}

/// `{ type, name, privileges, ...fields }` for one service.
pub fn service_object<'e>(env: &'e Env, s: &Service<'_>) -> Result<Object<'e>> {
    let t = s.service_type();
    let mut o = Object::new(env)?;
    o.set("type", t.number() as u32)?;
    o.set("name", t.name())?;
    let mut privileges = Object::new(env)?;
    for &(k, v) in s.privileges.entries() {
        privileges.set(k.to_string(), v)?;
    }
    o.set("privileges", privileges)?;
    match &s.data {
        ServiceData::Rtc { channel_name, uid } => {
            o.set("channelName", channel_name.as_ref())?;
            o.set("uid", uid.as_ref())?;
        }
        ServiceData::Streaming { channel_name, account } | ServiceData::FCdn { channel_name, account } => {
            o.set("channelName", channel_name.as_ref())?;
            o.set("account", account.as_ref())?;
        }
        ServiceData::Rtm { user_id } | ServiceData::Chat { user_id } => o.set("userId", user_id.as_ref())?,
        ServiceData::Apaas { room_uuid, user_uuid, role } => {
            o.set("roomUuid", room_uuid.as_ref())?;
            o.set("userUuid", user_uuid.as_ref())?;
            o.set("role", *role as i32)?;
        }
        ServiceData::Rtm2 { user_id, permissions } => {
            o.set("userId", user_id.as_ref())?;
            o.set("permissions", permissions_object(env, permissions)?)?;
        }
        ServiceData::Fpa | ServiceData::ConvoAI | ServiceData::Stt => {}
    }
    Ok(o)
}

/// `{ version: '007', appId, issueTs, expire, salt, services }`.
pub fn token_object<'e>(env: &'e Env, d: &DecodedToken2) -> Result<Object<'e>> {
    let t = &d.token;
    let mut o = Object::new(env)?;
    o.set("version", "007")?;
    o.set("appId", t.app_id.as_ref())?;
    o.set("issueTs", t.issue_ts)?;
    o.set("expire", t.expire)?;
    o.set("salt", t.salt)?;
    let mut list = env.create_array(t.services.len() as u32)?;
    for (i, s) in t.services.iter().enumerate() {
        list.set(i as u32, service_object(env, s)?)?;
    }
    o.set("services", list)?;
    Ok(o)
}

/// `{ version: '006', appId, salt, ts, privileges, crcChannelName, crcUid }`.
pub fn token006_object<'e>(env: &'e Env, d: &Decoded006) -> Result<Object<'e>> {
    let mut o = Object::new(env)?;
    o.set("version", "006")?;
    o.set("appId", d.app_id.as_str())?;
    o.set("salt", d.salt)?;
    o.set("ts", d.ts)?;
    let mut p = Object::new(env)?;
    for (k, v) in &d.privileges {
        p.set(k.to_string(), *v)?;
    }
    o.set("privileges", p)?;
    o.set("crcChannelName", d.crc_channel_name)?;
    o.set("crcUid", d.crc_uid)?;
    Ok(o)
}

/// `{ version: '005', serviceType, service, appId, unixTs, salt, expiredTs, extra }`.
pub fn key005_object<'e>(env: &'e Env, d: &Decoded005) -> Result<Object<'e>> {
    let mut o = Object::new(env)?;
    o.set("version", "005")?;
    o.set("serviceType", d.service_type as u32)?;
    match d.service_name() {
        Some(n) => o.set("service", n)?,
        None => o.set("service", Null)?,
    }
    o.set("appId", d.app_id_hex())?;
    o.set("unixTs", d.unix_ts)?;
    o.set("salt", d.salt)?;
    o.set("expiredTs", d.expired_ts)?;
    let mut extra = Object::new(env)?;
    for (k, v) in &d.extra {
        extra.set(k.to_string(), String::from_utf8_lossy(v).as_ref())?;
    }
    o.set("extra", extra)?;
    Ok(o)
}

/// The object `decodeToken` returns for a token of any version.
pub fn decoded_object<'e>(env: &'e Env, d: &AnyToken) -> Result<Object<'e>> {
    match d {
        AnyToken::V007(d) => token_object(env, d),
        AnyToken::V006(d) => token006_object(env, d),
        AnyToken::V005(d) => key005_object(env, d),
    }
}
