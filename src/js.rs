//! Rust data to plain JavaScript objects, key by key: the services and RTM2 permissions
//! of live `AccessToken2` objects. (`decodeToken`'s objects are built by [`crate::json`].)

use agora_token_core::service::{Rtm2Permissions, Service, ServiceData};
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
