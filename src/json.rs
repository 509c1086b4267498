//! Decoded tokens as JavaScript objects, built by writing them as JSON in Rust and
//! handing the text to the engine's own `JSON.parse` in one call.
//!
//! Setting properties one napi call at a time costs about 100-250 ns a key (a token with
//! 1000 privileges took 250 us); `JSON.parse` builds the same plain object in a few
//! nanoseconds a key, needs no JavaScript of ours (so the WebAssembly build and runtimes
//! that forbid `eval` get it too) and gives exactly the shape and types of the key-by-key
//! builder: strings, numbers, arrays, nested plain objects, keys in the same order.

use std::cell::RefCell;
use std::fmt::Write as _;

use agora_token_core::dynamic_key5::Decoded005;
use agora_token_core::keys::LegacyKey;
use agora_token_core::service::{Service, ServiceData};
use agora_token_core::v006::Decoded006;
use agora_token_core::v007::DecodedToken2;
use agora_token_core::AnyToken;
use napi::bindgen_prelude::*;
use napi::sys;

/// Appends `s` as a JSON string: quotes, backslashes and C0 controls escaped, the rest
/// as UTF-8 (valid JSON text for `JSON.parse`, which reads U+2028/U+2029 as characters).
fn string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// `"key":` (keys are this module's own ASCII names).
fn key(out: &mut String, k: &str) {
    out.push('"');
    out.push_str(k);
    out.push_str("\":");
}

/// Appends `n` in decimal (without `fmt`, which costs more than the rest of a privilege entry).
fn uint(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // SAFETY: `buf[i..]` holds ASCII digits only.
    out.push_str(unsafe { std::str::from_utf8_unchecked(&buf[i..]) });
}

fn number(out: &mut String, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

/// `{"1":600,"2":0}`: numeric keys, as the key-by-key builder wrote them.
fn map(out: &mut String, entries: impl Iterator<Item = (u16, u32)>) {
    out.push('{');
    for (i, (k, v)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        uint(out, k.into());
        out.push_str("\":");
        uint(out, v);
    }
    out.push('}');
}

fn field_str(out: &mut String, k: &str, v: &str) {
    out.push(',');
    key(out, k);
    string(out, v);
}

fn service(out: &mut String, s: &Service<'_>) {
    let t = s.service_type();
    out.push('{');
    key(out, "type");
    uint(out, t.number().into());
    field_str(out, "name", t.name());
    out.push(',');
    key(out, "privileges");
    map(out, s.privileges.entries().iter().map(|&(k, v)| (k, v)));
    match &s.data {
        ServiceData::Rtc { channel_name, uid } => {
            field_str(out, "channelName", channel_name);
            field_str(out, "uid", uid);
        }
        ServiceData::Streaming { channel_name, account } | ServiceData::FCdn { channel_name, account } => {
            field_str(out, "channelName", channel_name);
            field_str(out, "account", account);
        }
        ServiceData::Rtm { user_id } | ServiceData::Chat { user_id } => field_str(out, "userId", user_id),
        ServiceData::Apaas { room_uuid, user_uuid, role } => {
            field_str(out, "roomUuid", room_uuid);
            field_str(out, "userUuid", user_uuid);
            out.push(',');
            key(out, "role");
            number(out, role);
        }
        ServiceData::Rtm2 { user_id, permissions } => {
            field_str(out, "userId", user_id);
            out.push(',');
            key(out, "permissions");
            out.push('{');
            for (i, (resource_type, by_permission)) in permissions.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('"');
                uint(out, (*resource_type).into());
                out.push_str("\":{");
                for (j, (permission_type, names)) in by_permission.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    uint(out, (*permission_type).into());
                    out.push_str("\":[");
                    for (n, name) in names.iter().enumerate() {
                        if n > 0 {
                            out.push(',');
                        }
                        string(out, name);
                    }
                    out.push(']');
                }
                out.push('}');
            }
            out.push('}');
        }
        ServiceData::Fpa | ServiceData::ConvoAI | ServiceData::Stt => {}
    }
    out.push('}');
}

/// `{ version: '007', appId, issueTs, expire, salt, services }`.
fn token007(out: &mut String, d: &DecodedToken2) {
    let t = &d.token;
    out.push_str("{\"version\":\"007\"");
    field_str(out, "appId", &t.app_id);
    out.push_str(",\"issueTs\":");
    uint(out, t.issue_ts);
    out.push_str(",\"expire\":");
    uint(out, t.expire);
    out.push_str(",\"salt\":");
    uint(out, t.salt);
    out.push_str(",\"services\":[");
    for (i, s) in t.services.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        service(out, s);
    }
    out.push_str("]}");
}

/// `{ version: '006', appId, salt, ts, privileges, crcChannelName, crcUid }`.
fn token006(out: &mut String, d: &Decoded006) {
    out.push_str("{\"version\":\"006\"");
    field_str(out, "appId", &d.app_id);
    let _ = write!(out, ",\"salt\":{},\"ts\":{},\"privileges\":", d.salt, d.ts);
    map(out, d.privileges.iter().map(|(k, v)| (*k, *v)));
    let _ = write!(out, ",\"crcChannelName\":{},\"crcUid\":{}}}", d.crc_channel_name, d.crc_uid);
}

/// `{ version: '005', serviceType, service, appId, unixTs, salt, expiredTs, extra }`.
fn key005(out: &mut String, d: &Decoded005) {
    let _ = write!(out, "{{\"version\":\"005\",\"serviceType\":{},\"service\":", d.service_type);
    match d.service_name() {
        Some(n) => string(out, n),
        None => out.push_str("null"),
    }
    field_str(out, "appId", &d.app_id_hex());
    let _ = write!(out, ",\"unixTs\":{},\"salt\":{},\"expiredTs\":{},\"extra\":{{", d.unix_ts, d.salt, d.expired_ts);
    for (i, (k, v)) in d.extra.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{k}\":");
        string(out, &String::from_utf8_lossy(v));
    }
    out.push_str("}}");
}

/// `null` or the number.
fn optional(out: &mut String, k: &str, v: Option<u32>) {
    let _ = write!(out, ",\"{k}\":");
    match v {
        Some(n) => uint(out, n),
        None => out.push_str("null"),
    }
}

/// `{ version, format, appId, ...fields, signature, ambiguity }` of a key older than DynamicKey5.
fn legacy_key(out: &mut String, k: &LegacyKey) {
    out.push_str("{\"version\":");
    string(out, k.version());
    out.push_str(",\"format\":");
    string(out, k.format());
    match k {
        LegacyKey::Dynamic(d) => {
            field_str(out, "appId", &d.app_id);
            let _ = write!(out, ",\"unixTs\":{},\"randomInt\":{}", d.unix_ts, d.random_int);
            optional(out, "uid", d.uid);
            optional(out, "expiredTs", d.expired_ts);
            field_str(out, "signature", &d.signature);
        }
        LegacyKey::Signaling(t) => {
            field_str(out, "appId", &t.app_id);
            let _ = write!(out, ",\"expiredTs\":{}", t.expired_ts);
            field_str(out, "signature", &t.signature);
        }
    }
    out.push_str(",\"ambiguity\":");
    match k.ambiguity() {
        Some(a) => string(out, a),
        None => out.push_str("null"),
    }
    out.push('}');
}

/// The JSON text of the object `decodeToken` returns.
pub fn write(out: &mut String, d: &AnyToken) {
    match d {
        AnyToken::V007(d) => token007(out, d),
        AnyToken::V006(d) => token006(out, d),
        AnyToken::V005(d) => key005(out, d),
        AnyToken::Key(k) => legacy_key(out, k),
    }
}

thread_local! {
    static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The object `decodeToken` returns for a token of any version.
pub fn decoded_object<'e>(env: &'e Env, d: &AnyToken) -> Result<Object<'e>> {
    let text = TEXT.with(|t| {
        let mut t = t.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default();
        t.clear();
        write(&mut t, d);
        t
    });
    let result = parse(env, &text);
    // Kept for the next call, unless a large token made it large.
    if text.capacity() <= 64 * 1024 {
        TEXT.with(|t| {
            if let Ok(mut b) = t.try_borrow_mut() {
                *b = text;
            }
        });
    }
    result
}

/// `JSON.parse(text)` with the engine's own parser.
fn parse<'e>(env: &'e Env, text: &str) -> Result<Object<'e>> {
    let mut js_text = std::ptr::null_mut();
    let (ptr, len) = (text.as_ptr().cast(), text.len() as isize);
    // SAFETY: `env` is the live environment of this call; `text` is valid UTF-8 of `len`
    // bytes (and Latin-1 when it is ASCII), which napi copies before returning; `js_text`
    // outlives the call. ASCII text (nearly every token) skips V8's UTF-8 decoding.
    check(unsafe {
        if text.is_ascii() {
            sys::napi_create_string_latin1(env.raw(), ptr, len, &mut js_text)
        } else {
            sys::napi_create_string_utf8(env.raw(), ptr, len, &mut js_text)
        }
    })?;
    let global = env.get_global()?;
    let json: Object = global.get_named_property_unchecked("JSON")?;
    let parse: Function<Unknown, Object> = json.get_named_property_unchecked("parse")?;
    // SAFETY: `js_text` is a string handle created above in this call's scope.
    let arg = unsafe { Unknown::from_napi_value(env.raw(), js_text) }?;
    parse.apply(json, arg)
}

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(Status::GenericFailure, "could not create the decoded token's text"))
    }
}
