//! DynamicKey (v1), DynamicKey2, DynamicKey3 and DynamicKey4: the text keys of Agora's
//! first SDKs. Build, decode and verify.
//!
//! Every one of them is plain text: a 40-character lowercase hex HMAC-SHA1 signature, the
//! App ID as written, and fixed-width fields (`unixTs` and `uid` / `expiredTs` as 10
//! decimal digits, `randomInt` as 8 lowercase hex digits). The HMAC key is the App
//! Certificate's text (not its bytes, unlike DynamicKey5), and the signed message is
//! `[service] + appId left-padded with NUL to 32 bytes + unixTs + randomInt + channelName
//! [+ uid + expiredTs]`.
//!
//! | format | layout | length |
//! | --- | --- | --- |
//! | v1 | signature, appId, unixTs, randomInt | 90 |
//! | v2 | signature, appId, unixTs, randomInt, uid, expiredTs | 110 |
//! | v3 | `"003"` + the v2 layout | 113 |
//! | v4 | `"004"` + signature, appId, unixTs, randomInt, expiredTs | 103 |
//!
//! A v4 key's signature also covers the service (`"APSS"`, `"ARS"` or `"ACS"`) and the
//! uid, neither of which the key carries.

use std::fmt::Write as _;

use subtle::ConstantTimeEq;

use crate::error::DecodeError;
use crate::validate::{AppCertificate, AppId, ChannelName};

use super::hex_lower;

/// Characters of a signature (HMAC-SHA1 as lowercase hex).
pub const SIGNATURE_LEN: usize = 40;
/// Characters of an App ID.
pub const APP_ID_LEN: usize = 32;
/// Length of a DynamicKey (v1).
pub const V1_LEN: usize = 90;
/// Length of a DynamicKey2.
pub const V2_LEN: usize = 110;
/// Length of a DynamicKey3.
pub const V3_LEN: usize = 113;
/// Length of a DynamicKey4.
pub const V4_LEN: usize = 103;

/// Which of the four generations a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    V1,
    V2,
    V3,
    V4,
}

impl Generation {
    /// The version the official implementations give it ("001" to "004"; only v3 and v4
    /// write it into the key).
    pub fn version(self) -> &'static str {
        match self {
            Generation::V1 => "001",
            Generation::V2 => "002",
            Generation::V3 => "003",
            Generation::V4 => "004",
        }
    }

    /// The name of the format, as the official implementations call it.
    pub fn name(self) -> &'static str {
        match self {
            Generation::V1 => "DynamicKey",
            Generation::V2 => "DynamicKey2",
            Generation::V3 => "DynamicKey3",
            Generation::V4 => "DynamicKey4",
        }
    }
}

/// The service a DynamicKey4 is for. It is signed but not written into the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service4 {
    /// `generatePublicSharingKey`: `"APSS"`.
    PublicSharing,
    /// `generateRecordingKey`: `"ARS"`.
    Recording,
    /// `generateMediaChannelKey`: `"ACS"`.
    MediaChannel,
}

impl Service4 {
    pub const ALL: [Service4; 3] = [Service4::PublicSharing, Service4::Recording, Service4::MediaChannel];

    /// The text the signature starts with.
    pub fn code(self) -> &'static str {
        match self {
            Service4::PublicSharing => "APSS",
            Service4::Recording => "ARS",
            Service4::MediaChannel => "ACS",
        }
    }

    /// The service's name in decoded keys.
    pub fn name(self) -> &'static str {
        match self {
            Service4::PublicSharing => "publicSharing",
            Service4::Recording => "recording",
            Service4::MediaChannel => "mediaChannel",
        }
    }

    /// The `servicetype` argument of `generateDynamicKey`: one of the three codes.
    pub fn from_code(param: &'static str, code: &str) -> Result<Self, crate::Error> {
        Service4::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| {
            crate::Error::range_error(
                param,
                format_args!("must be \"APSS\" (public sharing), \"ARS\" (recording) or \"ACS\" (media channel), got {code:?}"),
            )
        })
    }
}

/// The inputs of a key besides the certificate. `uid` and `expired_ts` are ignored by v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyInput<'a> {
    pub app_id: AppId<'a>,
    pub channel_name: ChannelName<'a>,
    pub unix_ts: u32,
    pub random_int: u32,
    pub uid: u32,
    pub expired_ts: u32,
}

/// The signed message, then its HMAC-SHA1 as lowercase hex.
#[allow(clippy::too_many_arguments)]
fn sign(
    cert: &str,
    generation: Generation,
    service: Option<Service4>,
    app_id: &str,
    channel_name: &str,
    unix_ts: u32,
    random_int: u32,
    uid: u32,
    expired_ts: u32,
) -> String {
    let mut msg = String::with_capacity(96 + channel_name.len());
    if let Some(s) = service {
        msg.push_str(s.code());
    }
    for _ in app_id.len()..APP_ID_LEN {
        msg.push('\0');
    }
    msg.push_str(app_id);
    let _ = write!(msg, "{unix_ts:010}{random_int:08x}{channel_name}");
    if generation != Generation::V1 {
        let _ = write!(msg, "{uid:010}{expired_ts:010}");
    }
    hex_lower(&crate::mac::hmac_sha1(cert.as_bytes(), msg.as_bytes()))
}

fn build(generation: Generation, service: Option<Service4>, k: &KeyInput<'_>, cert: AppCertificate<'_>) -> String {
    let app_id = k.app_id.as_str();
    let signature = sign(cert.as_str(), generation, service, app_id, k.channel_name.as_str(), k.unix_ts, k.random_int, k.uid, k.expired_ts);
    let mut out = String::with_capacity(V3_LEN);
    match generation {
        Generation::V3 | Generation::V4 => out.push_str(generation.version()),
        Generation::V1 | Generation::V2 => {}
    }
    out.push_str(&signature);
    out.push_str(app_id);
    let _ = write!(out, "{:010}{:08x}", k.unix_ts, k.random_int);
    match generation {
        Generation::V1 => {}
        Generation::V2 | Generation::V3 => {
            let _ = write!(out, "{:010}{:010}", k.uid, k.expired_ts);
        }
        Generation::V4 => {
            let _ = write!(out, "{:010}", k.expired_ts);
        }
    }
    out
}

/// DynamicKey (v1) `generate(appID, appCertificate, channelName, unixTs, randomInt)`:
/// `uid` and `expired_ts` of `k` are not used.
pub fn generate_v1(k: &KeyInput<'_>, cert: AppCertificate<'_>) -> String {
    build(Generation::V1, None, k, cert)
}

/// DynamicKey2 `generate(appID, appCertificate, channelName, unixTs, randomInt, uid, expiredTs)`.
pub fn generate_v2(k: &KeyInput<'_>, cert: AppCertificate<'_>) -> String {
    build(Generation::V2, None, k, cert)
}

/// DynamicKey3 `generate(appID, appCertificate, channelName, unixTs, randomInt, uid, expiredTs)`.
pub fn generate_v3(k: &KeyInput<'_>, cert: AppCertificate<'_>) -> String {
    build(Generation::V3, None, k, cert)
}

/// DynamicKey4 `generateDynamicKey(..., servicetype)` and its three shorthands.
pub fn generate_v4(k: &KeyInput<'_>, cert: AppCertificate<'_>, service: Service4) -> String {
    build(Generation::V4, Some(service), k, cert)
}

/// A decoded DynamicKey 1 to 4. Fields the generation does not carry are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedDynamicKey {
    pub generation: Generation,
    /// 40 lowercase hexadecimal characters.
    pub signature: String,
    /// The App ID as written in the key (its case is kept: the signature covers it).
    pub app_id: String,
    pub unix_ts: u32,
    pub random_int: u32,
    /// v2 and v3 only.
    pub uid: Option<u32>,
    /// v2, v3 and v4.
    pub expired_ts: Option<u32>,
}

/// `n` decimal digits as a u32 (refusing values over 4294967295).
fn digits(s: &str, what: &str) -> Result<u32, DecodeError> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::new(format!("{what} must be {} decimal digits, got {s:?}", s.len())));
    }
    s.parse::<u32>().map_err(|_| DecodeError::new(format!("{what} {s} is over 4294967295")))
}

/// Decodes a key of a known generation (the caller has told which, from its prefix and
/// length). Strict: exact length, lowercase hex signature and randomInt, hex App ID,
/// decimal fields that fit in 32 bits.
pub fn decode(generation: Generation, key: &str) -> Result<DecodedDynamicKey, DecodeError> {
    let (body, want) = match generation {
        Generation::V1 => (Some(key), V1_LEN),
        Generation::V2 => (Some(key), V2_LEN),
        Generation::V3 => (key.strip_prefix("003"), V3_LEN),
        Generation::V4 => (key.strip_prefix("004"), V4_LEN),
    };
    let name = generation.name();
    let Some(body) = body else {
        return Err(DecodeError::new(format!("not a {name}: it must start with {:?}", generation.version())));
    };
    if key.len() != want || !key.is_ascii() {
        return Err(DecodeError::new(format!("a {name} is {want} ASCII characters, this key has {} bytes", key.len())));
    }
    let (signature, rest) = body.split_at(SIGNATURE_LEN);
    if !signature.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(DecodeError::new(format!("signature must be 40 lowercase hexadecimal characters (HMAC-SHA1), got {signature:?}")));
    }
    let (app_id, rest) = rest.split_at(APP_ID_LEN);
    if !app_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DecodeError::new(format!("app id must be 32 hexadecimal characters, got {app_id:?}")));
    }
    let (ts, rest) = rest.split_at(10);
    let unix_ts = digits(ts, "unixTs")?;
    let (random, rest) = rest.split_at(8);
    if !random.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(DecodeError::new(format!("randomInt must be 8 lowercase hexadecimal digits, got {random:?}")));
    }
    let random_int = u32::from_str_radix(random, 16).expect("checked hex");
    let (uid, expired_ts) = match generation {
        Generation::V1 => (None, None),
        Generation::V2 | Generation::V3 => {
            let (uid, expired) = rest.split_at(10);
            (Some(digits(uid, "uid")?), Some(digits(expired, "expiredTs")?))
        }
        Generation::V4 => (None, Some(digits(rest, "expiredTs")?)),
    };
    Ok(DecodedDynamicKey { generation, signature: signature.to_owned(), app_id: app_id.to_owned(), unix_ts, random_int, uid, expired_ts })
}

impl DecodedDynamicKey {
    fn expected(&self, cert: &str, service: Option<Service4>, channel_name: &str, uid: u32) -> String {
        sign(cert, self.generation, service, &self.app_id, channel_name, self.unix_ts, self.random_int, uid, self.expired_ts.unwrap_or(0))
    }

    fn matches(&self, expected: &str) -> bool {
        bool::from(self.signature.as_bytes().ct_eq(expected.as_bytes()))
    }

    /// The DynamicKey4 service whose signature matches, if any (the key does not say).
    pub fn service_for(&self, app_certificate: &str, channel_name: &str, uid: u32) -> Option<Service4> {
        if self.generation != Generation::V4 || crate::validate::app_certificate("appCertificate", app_certificate).is_err() {
            return None;
        }
        // Every candidate is computed and compared, so the time does not tell which matched.
        Service4::ALL.into_iter().fold(None, |found, s| {
            let ok = self.matches(&self.expected(app_certificate, Some(s), channel_name, uid));
            found.or(ok.then_some(s))
        })
    }

    /// Whether the key is signed with `app_certificate` (its text, case included) for
    /// `channel_name` and, except for v1 keys (which do not cover a uid), `uid`. A v2/v3
    /// key must also carry `uid`. Signatures are compared in constant time.
    pub fn verify(&self, app_certificate: &str, channel_name: &str, uid: u32) -> bool {
        if crate::validate::app_certificate("appCertificate", app_certificate).is_err() {
            return false;
        }
        match self.generation {
            Generation::V1 => self.matches(&self.expected(app_certificate, None, channel_name, 0)),
            Generation::V2 | Generation::V3 => {
                let signed = self.matches(&self.expected(app_certificate, None, channel_name, uid));
                signed & (self.uid == Some(uid))
            }
            Generation::V4 => self.service_for(app_certificate, channel_name, uid).is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_ID: &str = "970ca35de60c44645bbae8a215061b33";
    const CERT: &str = "5cfd2fd1755d40ecb72977518be15d3b";
    const CHANNEL: &str = "7d72365eb983485397e3e3f9d460bdda";

    fn input() -> KeyInput<'static> {
        KeyInput {
            app_id: AppId::new("appId", APP_ID).unwrap(),
            channel_name: ChannelName::new("channelName", CHANNEL).unwrap(),
            unix_ts: 1446455472,
            random_int: 58964981,
            uid: 2882341273,
            expired_ts: 1446455471,
        }
    }

    fn cert() -> AppCertificate<'static> {
        AppCertificate::new("appCertificate", CERT).unwrap()
    }

    // The expected keys are the official C++ implementation's test vectors
    // (AgoraIO/Tools, cpp/test/DynamicKey*_test.cpp).
    #[test]
    fn official_vectors() {
        assert_eq!(
            generate_v1(&input(), cert()),
            "870588aad271ff47094eb622617e89d6b5b5a615970ca35de60c44645bbae8a215061b3314464554720383bbf5"
        );
        assert_eq!(
            generate_v2(&input(), cert()),
            "7666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471"
        );
        assert_eq!(
            generate_v3(&input(), cert()),
            "0037666966591a93ee5a3f712e22633f31f0cbc8f13970ca35de60c44645bbae8a215061b3314464554720383bbf528823412731446455471"
        );
        assert_eq!(
            generate_v4(&input(), cert(), Service4::PublicSharing),
            "004ec32c0d528e58ef90e8ff437a9706124137dc795970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471"
        );
        assert_eq!(
            generate_v4(&input(), cert(), Service4::Recording),
            "004e0c24ac56aae05229a6d9389860a1a0e25e56da8970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471"
        );
        assert_eq!(
            generate_v4(&input(), cert(), Service4::MediaChannel),
            "004d0ec5ee3179c964fe7c0485c045541de6bff332b970ca35de60c44645bbae8a215061b3314464554720383bbf51446455471"
        );
    }

    #[test]
    fn layouts_and_round_trips() {
        let k = input();
        for (g, key) in [
            (Generation::V1, generate_v1(&k, cert())),
            (Generation::V2, generate_v2(&k, cert())),
            (Generation::V3, generate_v3(&k, cert())),
            (Generation::V4, generate_v4(&k, cert(), Service4::Recording)),
        ] {
            let d = decode(g, &key).unwrap();
            assert_eq!(d.app_id, APP_ID);
            assert_eq!((d.unix_ts, d.random_int), (k.unix_ts, k.random_int));
            assert!(d.verify(CERT, CHANNEL, k.uid), "{g:?}");
            assert!(!d.verify(&CERT.to_uppercase(), CHANNEL, k.uid), "{g:?}: the certificate is signed as text");
            assert!(!d.verify("5cfd2fd1755d40ecb72977518be15d3c", CHANNEL, k.uid));
            assert!(!d.verify(CERT, "other", k.uid));
            assert_eq!(d.verify(CERT, CHANNEL, 7), g == Generation::V1, "{g:?}: only v1 ignores the uid");
        }
        let d = decode(Generation::V4, &generate_v4(&k, cert(), Service4::Recording)).unwrap();
        assert_eq!(d.service_for(CERT, CHANNEL, k.uid), Some(Service4::Recording));
        assert_eq!(d.uid, None);
    }

    #[test]
    fn decode_errors() {
        let key = generate_v2(&input(), cert());
        assert!(decode(Generation::V2, &key[1..]).unwrap_err().to_string().contains("110 ASCII"));
        assert!(decode(Generation::V3, &key).unwrap_err().to_string().contains("start with \"003\""));
        let upper = key.to_uppercase();
        assert!(decode(Generation::V2, &upper).unwrap_err().to_string().contains("lowercase"));
        let mut big = key.clone();
        big.replace_range(82..92, "9999999999");
        assert!(decode(Generation::V2, &big).unwrap_err().to_string().contains("over 4294967295"));
        let mut bad = key.clone();
        bad.replace_range(100..101, "x");
        assert!(decode(Generation::V2, &bad).unwrap_err().to_string().contains("expiredTs"));
        let mut multibyte = key.clone();
        multibyte.replace_range(50..52, "é");
        assert!(decode(Generation::V2, &multibyte).is_err());
    }
}
