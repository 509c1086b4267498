//! Decoded tokens as JavaScript objects, built by writing them as JSON in Rust and
//! handing the text to the engine's own `JSON.parse` in one call: the path for 006,
//! DynamicKey5 and the older keys, and for 007 tokens where `compact` (faster) is not
//! installed, because the runtime forbids compiling code from strings.
//!
//! Setting properties one napi call at a time costs about 100-250 ns a key (a token with
//! 1000 privileges took 250 us); `JSON.parse` builds the same plain object in a few
//! nanoseconds a key, needs no JavaScript of ours (so runtimes that forbid `eval` get it
//! too) and gives exactly the shape and types of the key-by-key builder: strings,
//! numbers, arrays, nested plain objects, keys in the same order.

use std::cell::RefCell;
use std::io::Write as _;

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
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0..=0x1f => "",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.extend_from_slice(escape.as_bytes());
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// `"key":` (keys are this module's own ASCII names).
fn key(out: &mut Vec<u8>, k: &str) {
    out.push(b'"');
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The decimal digits of `n` as bytes of a little-endian word (the first digit in the
/// lowest byte), and how many there are. Built in a register: digits written to memory
/// one byte at a time and then copied out as a word stall the copy (store forwarding).
fn digits(mut n: u32) -> (u128, usize) {
    let (mut word, mut count) = (0u128, 0);
    loop {
        word = word << 8 | u128::from(b'0' + (n % 10) as u8);
        count += 1;
        n /= 10;
        if n == 0 {
            return (word, count);
        }
    }
}

/// Appends the first `len` (at most 16) bytes of `word`, little-endian, by copying all 16
/// and cutting back: a copy of a known size is a store or two, where a copy of a variable
/// few bytes is a call into `memcpy` that cost more than writing the digits (measured:
/// 18% of decoding a token with 1000 privileges).
fn append(out: &mut Vec<u8>, word: u128, len: usize) {
    let end = out.len() + len;
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(end);
}

/// Appends `n` in decimal (without `fmt`, which costs more than the rest of a privilege entry).
fn uint(out: &mut Vec<u8>, n: u32) {
    let (word, len) = digits(n);
    append(out, word, len);
}

fn number(out: &mut Vec<u8>, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

/// `{"1":600,"2":0}`: numeric keys, as the key-by-key builder wrote them. Each entry is
/// two word-sized appends: `,"65535":` (at most 9 bytes) and the value (at most 10).
fn map(out: &mut Vec<u8>, entries: impl Iterator<Item = (u16, u32)>) {
    const COMMA_QUOTE: u128 = b',' as u128 | (b'"' as u128) << 8;
    const QUOTE_COLON: u128 = b'"' as u128 | (b':' as u128) << 8;
    out.push(b'{');
    // Privileges nearly always share one expire: its digits are made once.
    let mut last: Option<(u32, u128, usize)> = None;
    for (i, (k, v)) in entries.enumerate() {
        let (key, n) = digits(k.into());
        let mut word = COMMA_QUOTE | key << 16 | QUOTE_COLON << (16 + 8 * n);
        let mut len = n + 4;
        if i == 0 {
            word >>= 8;
            len -= 1;
        }
        append(out, word, len);
        let (value, n) = match last {
            Some((prev, value, n)) if prev == v => (value, n),
            _ => {
                let (value, n) = digits(v);
                last = Some((v, value, n));
                (value, n)
            }
        };
        append(out, value, n);
    }
    out.push(b'}');
}

fn field_str(out: &mut Vec<u8>, k: &str, v: &str) {
    out.push(b',');
    key(out, k);
    string(out, v);
}

fn service(out: &mut Vec<u8>, s: &Service<'_>) {
    let t = s.service_type();
    out.push(b'{');
    key(out, "type");
    uint(out, t.number().into());
    field_str(out, "name", t.name());
    out.push(b',');
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
            out.push(b',');
            key(out, "role");
            number(out, role);
        }
        ServiceData::Rtm2 { user_id, permissions } => {
            field_str(out, "userId", user_id);
            out.push(b',');
            key(out, "permissions");
            out.push(b'{');
            for (i, (resource_type, by_permission)) in permissions.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'"');
                uint(out, (*resource_type).into());
                out.extend_from_slice(b"\":{");
                for (j, (permission_type, names)) in by_permission.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    out.push(b'"');
                    uint(out, (*permission_type).into());
                    out.extend_from_slice(b"\":[");
                    for (n, name) in names.iter().enumerate() {
                        if n > 0 {
                            out.push(b',');
                        }
                        string(out, name);
                    }
                    out.push(b']');
                }
                out.push(b'}');
            }
            out.push(b'}');
        }
        ServiceData::Fpa | ServiceData::ConvoAI | ServiceData::Stt => {}
    }
    out.push(b'}');
}

/// `{ version: '007', appId, issueTs, expire, salt, services }`.
fn token007(out: &mut Vec<u8>, d: &DecodedToken2) {
    let t = &d.token;
    out.extend_from_slice(b"{\"version\":\"007\"");
    field_str(out, "appId", &t.app_id);
    out.extend_from_slice(b",\"issueTs\":");
    uint(out, t.issue_ts);
    out.extend_from_slice(b",\"expire\":");
    uint(out, t.expire);
    out.extend_from_slice(b",\"salt\":");
    uint(out, t.salt);
    out.extend_from_slice(b",\"services\":[");
    for (i, s) in t.services.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        service(out, s);
    }
    out.extend_from_slice(b"]}");
}

/// `{ version: '006', appId, salt, ts, privileges, crcChannelName, crcUid }`.
fn token006(out: &mut Vec<u8>, d: &Decoded006) {
    out.extend_from_slice(b"{\"version\":\"006\"");
    field_str(out, "appId", &d.app_id);
    let _ = write!(out, ",\"salt\":{},\"ts\":{},\"privileges\":", d.salt, d.ts);
    map(out, d.privileges.iter().map(|(k, v)| (*k, *v)));
    let _ = write!(out, ",\"crcChannelName\":{},\"crcUid\":{}}}", d.crc_channel_name, d.crc_uid);
}

/// `{ version: '005', serviceType, service, appId, unixTs, salt, expiredTs, extra }`.
fn key005(out: &mut Vec<u8>, d: &Decoded005) {
    let _ = write!(out, "{{\"version\":\"005\",\"serviceType\":{},\"service\":", d.service_type);
    match d.service_name() {
        Some(n) => string(out, n),
        None => out.extend_from_slice(b"null"),
    }
    field_str(out, "appId", &d.app_id_hex());
    let _ = write!(out, ",\"unixTs\":{},\"salt\":{},\"expiredTs\":{},\"extra\":{{", d.unix_ts, d.salt, d.expired_ts);
    for (i, (k, v)) in d.extra.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let _ = write!(out, "\"{k}\":");
        string(out, &String::from_utf8_lossy(v));
    }
    out.extend_from_slice(b"}}");
}

/// `null` or the number.
fn optional(out: &mut Vec<u8>, k: &str, v: Option<u32>) {
    let _ = write!(out, ",\"{k}\":");
    match v {
        Some(n) => uint(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// `{ version, format, appId, ...fields, signature, ambiguity }` of a key older than DynamicKey5.
fn legacy_key(out: &mut Vec<u8>, k: &LegacyKey) {
    out.extend_from_slice(b"{\"version\":");
    string(out, k.version());
    out.extend_from_slice(b",\"format\":");
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
    out.extend_from_slice(b",\"ambiguity\":");
    match k.ambiguity() {
        Some(a) => string(out, a),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

/// The JSON text of the object `decodeToken` returns.
pub fn write(out: &mut Vec<u8>, d: &AnyToken) {
    match d {
        AnyToken::V007(d) => token007(out, d),
        AnyToken::V006(d) => token006(out, d),
        AnyToken::V005(d) => key005(out, d),
        AnyToken::Key(k) => legacy_key(out, k),
    }
}

thread_local! {
    static TEXT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The object `decodeToken` returns for a token of any version.
pub fn decoded_object<'e>(env: &'e Env, d: &AnyToken) -> Result<Object<'e>> {
    if let AnyToken::V007(t) = d {
        if let Some(object) = crate::compact::object(env, t) {
            return object;
        }
    }
    with_buffer(&TEXT, 64 * 1024, |text| write(text, d), |text| parse(env, text))
}

/// Fills this thread's buffer `cell` (emptied first) with `fill`, hands the contents to
/// `consume`, and keeps the buffer for the next call unless it grew past `keep_up_to`
/// elements. A call made while the buffer is in use (re-entered from JavaScript) works
/// on a fresh one.
pub fn with_buffer<T: 'static, R>(
    cell: &'static std::thread::LocalKey<RefCell<Vec<T>>>,
    keep_up_to: usize,
    fill: impl FnOnce(&mut Vec<T>),
    consume: impl FnOnce(&[T]) -> R,
) -> R {
    let mut buf = cell.with(|b| b.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default());
    buf.clear();
    fill(&mut buf);
    let result = consume(&buf);
    if buf.capacity() <= keep_up_to {
        cell.with(|b| {
            if let Ok(mut b) = b.try_borrow_mut() {
                *b = buf;
            }
        });
    }
    result
}

/// `JSON.parse(text)` with the engine's own parser.
fn parse<'e>(env: &'e Env, text: &[u8]) -> Result<Object<'e>> {
    let mut js_text = std::ptr::null_mut();
    let (ptr, len) = (text.as_ptr().cast(), text.len() as isize);
    // SAFETY: `env` is the live environment of this call; `text` is `len` bytes of UTF-8
    // (the writers above append only the bytes of `&str`s and ASCII) (and Latin-1 when it is ASCII), which napi copies before returning; `js_text`
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
