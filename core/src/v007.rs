//! AccessToken2, the `"007"` token: build, decode and verify.
//!
//! Layout (all integers little-endian, strings u16-length-prefixed):
//! `"007" + base64(zlib(signature, signing_info))` where
//! `signing_info = app_id, issue_ts u32, expire u32, salt u32, service count u16, services...`
//! and `signature = HMAC-SHA256(key, signing_info)` with
//! `key = HMAC(salt, HMAC(issue_ts, app_certificate))` (HMAC(key, message)).

use std::borrow::Cow;
use std::cell::RefCell;

use base64::Engine;
use subtle::ConstantTimeEq;

use crate::deflate;
use crate::error::{DecodeError, Error};
use crate::mac;
use crate::pack::{Reader, Writer};
use crate::salt;
use crate::service::{Detail, Service, ServiceType};
use crate::validate;

pub const VERSION: &str = "007";
/// The largest payload a token may inflate to. Real payloads are a few hundred bytes.
pub const MAX_PAYLOAD: usize = 64 * 1024;
/// The most services a decoded token may carry. agora-token keeps one per service type
/// (ten types); the builders here emit at most three. The decoder refuses a token with
/// more (a 64 KiB payload could otherwise hold some 16,000 services); `AccessToken2`
/// accepts up to the format's 65535, as agora-token does.
pub const MAX_SERVICES: usize = 64;
/// The longest token string the decoder accepts (a full payload, base64 encoded).
pub const MAX_TOKEN_LEN: usize = 3 + (MAX_PAYLOAD + 1024) * 4 / 3;

/// A 007 token's fields and services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken2<'a> {
    pub app_id: Cow<'a, str>,
    pub issue_ts: u32,
    pub expire: u32,
    pub salt: u32,
    pub services: Vec<Service<'a>>,
}

/// The current Unix time in whole seconds.
pub fn now() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs().min(u32::MAX as u64) as u32).unwrap_or(0)
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    mac::hmac_sha256(key, message)
}

/// The last `HMAC(issue_ts, app_certificate)` this thread computed, with its inputs: a
/// server signs many tokens with one certificate within one second, and this saves 4 of
/// the 14 SHA-256 blocks of a token. Holds 32-byte certificates only (every valid one).
struct IssueKey {
    app_certificate: [u8; 32],
    issue_ts: u32,
    key: [u8; 32],
}

thread_local! {
    static ISSUE_KEY: RefCell<Option<IssueKey>> = const { RefCell::new(None) };
}

fn issue_key(app_certificate: &[u8], issue_ts: u32) -> [u8; 32] {
    let Ok(cert) = <[u8; 32]>::try_from(app_certificate) else {
        return hmac(&issue_ts.to_le_bytes(), app_certificate);
    };
    crate::local::with_local(&ISSUE_KEY, |c| match &*c {
        Some(k) if k.issue_ts == issue_ts && k.app_certificate == cert => k.key,
        _ => {
            let key = hmac(&issue_ts.to_le_bytes(), app_certificate);
            *c = Some(IssueKey { app_certificate: cert, issue_ts, key });
            key
        }
    })
}

fn signing_key(app_certificate: &[u8], issue_ts: u32, salt: u32) -> [u8; 32] {
    hmac(&salt.to_le_bytes(), &issue_key(app_certificate, issue_ts))
}

#[derive(Default)]
struct Scratch {
    content: Vec<u8>,
    zlib: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch { content: Vec::new(), zlib: Vec::new() }) };
}

/// Room for the packed signature (a `u16` length, then 32 bytes) ahead of `signing_info`.
const SIGNATURE_FIELD: usize = 2 + 32;

impl<'a> AccessToken2<'a> {
    /// A token issued now, with a fresh random salt and no services.
    pub fn new(app_id: impl Into<Cow<'a, str>>, expire: u32) -> Self {
        AccessToken2 { app_id: app_id.into(), issue_ts: now(), expire, salt: salt::salt_007(), services: Vec::new() }
    }

    pub fn add_service(&mut self, service: Service<'a>) {
        self.services.push(service);
    }

    /// The services of one type, in the order they were added (or appear in the token).
    pub fn services_of(&self, t: ServiceType) -> impl Iterator<Item = &Service<'a>> {
        self.services.iter().filter(move |s| s.service_type() == t)
    }

    /// Checks the App ID, the certificate and that there is a service to sign.
    pub fn check(&self, app_certificate: &str) -> Result<(), Error> {
        check_parts(&self.app_id, &self.services, app_certificate)
    }

    /// Builds the token string, signed with `app_certificate`.
    pub fn build(&self, app_certificate: &str) -> Result<String, Error> {
        self.check(app_certificate)?;
        Ok(self.build_unchecked(app_certificate))
    }

    /// Builds without validating (the caller has run [`AccessToken2::check`] or validated
    /// each argument already).
    pub fn build_unchecked(&self, app_certificate: &str) -> String {
        let parts = Parts { app_id: &self.app_id, issue_ts: self.issue_ts, expire: self.expire, salt: self.salt };
        build_parts(parts, &self.services, app_certificate)
    }
}

/// A token's fields other than its services.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub app_id: &'a str,
    pub issue_ts: u32,
    pub expire: u32,
    pub salt: u32,
}

impl Parts<'_> {
    /// Issued now, with a fresh random salt.
    pub fn now(app_id: &str, expire: u32) -> Parts<'_> {
        Parts { app_id, issue_ts: now(), expire, salt: salt::salt_007() }
    }
}

/// What [`AccessToken2::check`] checks, for a caller that keeps the App ID and the services
/// apart (and then builds with [`build_parts`], without copying the services).
pub fn check_parts(app_id: &str, services: &[Service<'_>], app_certificate: &str) -> Result<(), Error> {
    validate::app_id("appId", app_id)?;
    validate::app_certificate("appCertificate", app_certificate)?;
    if services.is_empty() {
        return Err(Error::type_error("services", "must not be empty: add a service before building the token"));
    }
    if services.len() > u16::MAX as usize {
        return Err(Error::range_error("services", "must number at most 65535"));
    }
    services.iter().try_for_each(Service::check_counts)
}

/// Packs `signing_info`: the fields, then the services ordered by type (stable, so
/// services of one type keep the order they were added in).
fn pack_signing_info(parts: Parts<'_>, services: &[Service<'_>], out: &mut Vec<u8>) {
    let mut w = Writer(out);
    w.bytes(parts.app_id.as_bytes()).u32(parts.issue_ts).u32(parts.expire).u32(parts.salt).u16(services.len() as u16);
    if services.windows(2).all(|p| p[0].service_type() <= p[1].service_type()) {
        for s in services {
            s.pack(out);
        }
    } else {
        let mut order: Vec<&Service<'_>> = services.iter().collect();
        order.sort_by_key(|s| s.service_type());
        for s in order {
            s.pack(out);
        }
    }
}

/// Signs `services` with `parts` into a token string, without validating (the caller
/// has checked the App ID, the certificate, and that there are 1 to 65535 services).
/// What [`AccessToken2::build_unchecked`] does, for builders that keep their services
/// on the stack.
pub fn build_parts(parts: Parts<'_>, services: &[Service<'_>], app_certificate: &str) -> String {
    crate::local::with_local(&SCRATCH, |s| {
        let Scratch { content, zlib } = s;
        // `signing_info` is packed after room for the signature, which is written in
        // front of it once computed: the content is never copied.
        content.clear();
        content.resize(SIGNATURE_FIELD, 0);
        pack_signing_info(parts, services, content);
        let signature = hmac(&signing_key(app_certificate.as_bytes(), parts.issue_ts, parts.salt), &content[SIGNATURE_FIELD..]);
        // As `Writer::bytes` packs it: the length, then the bytes.
        content[..2].copy_from_slice(&(signature.len() as u16).to_le_bytes());
        content[2..SIGNATURE_FIELD].copy_from_slice(&signature);
        zlib.clear();
        // The signature and the App ID (with their length prefixes) do not repeat.
        deflate::zlib_compress_hinted(content, SIGNATURE_FIELD + 2 + parts.app_id.len(), zlib);
        let mut out = String::with_capacity(VERSION.len() + zlib.len().div_ceil(3) * 4);
        out.push_str(VERSION);
        base64_simd::STANDARD.encode_append(&zlib[..], &mut out);
        out
    })
}

/// A decoded 007 token: its fields and services, plus what verification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedToken2 {
    pub token: AccessToken2<'static>,
    pub signature: Vec<u8>,
    /// The signed bytes exactly as they are in the token.
    pub signing_info: Vec<u8>,
    /// A service type this decoder does not know; reading stopped there, since its
    /// layout (and so where the next service starts) is unknown.
    pub unknown_service: Option<u16>,
    /// Bytes left over after the last service.
    pub trailing_bytes: usize,
}

/// Decodes base64 the way tokens are written (standard alphabet), accepting missing padding.
///
/// The rule is the `base64` crate's (padding, when present, as it must be; no bits left
/// over in the last character). `base64-simd`, several times faster on a long token,
/// decodes first: it refuses what that rule refuses (with a multiple of 4 characters,
/// its padded engine; otherwise, its unpadded one), and whatever it refuses goes to the
/// `base64` crate, which decides and words the error (`base64_engines_agree` in the
/// tests holds the two to each other).
pub(crate) fn decode_base64(what: &'static str, text: &str) -> Result<Vec<u8>, DecodeError> {
    let simd = if text.len().is_multiple_of(4) { base64_simd::STANDARD } else { base64_simd::STANDARD_NO_PAD };
    if let Ok(bytes) = simd.decode_to_vec(text) {
        return Ok(bytes);
    }
    scalar_base64(what, text)
}

fn scalar_base64(what: &'static str, text: &str) -> Result<Vec<u8>, DecodeError> {
    use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
    const LENIENT_PAD: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    LENIENT_PAD.decode(text).map_err(|e| {
        let hint = if text.contains(' ') {
            " (a '+' may have become a space: URL-encode tokens put in query strings)"
        } else if text.contains('-') || text.contains('_') {
            " (it looks URL-safe base64; tokens use the standard alphabet)"
        } else {
            ""
        };
        DecodeError::Base64 { what, detail: e.to_string(), hint }
    })
}

/// Decodes a 007 token without checking its signature.
pub fn decode(token: &str) -> Result<DecodedToken2, DecodeError> {
    decode_with(token, Detail::Full)
}

/// As [`decode`]; with [`Detail::ForVerify`], privileges and RTM2 resource names are checked but not kept.
pub(crate) fn decode_with(token: &str, keep: Detail) -> Result<DecodedToken2, DecodeError> {
    let body = crate::version::body(token, crate::version::Version::V007)?;
    let compressed = decode_base64("token", body)?;
    deflate::zlib_inflate_with(&compressed, MAX_PAYLOAD, |payload| decode_payload_with(payload, keep, true))?
}

/// As [`decode_with`] with [`Detail::ForVerify`], and the MAC of the token's signed bytes
/// under `app_certificate` (a valid one, 32 hexadecimal characters), hashed while the
/// payload inflates (see [`SigningWatch`]). The decoded token's `signing_info` is left
/// empty: the MAC has covered it, and [`DecodedToken2::signature_is`] checks it.
pub(crate) fn decode_with_mac(token: &str, app_certificate: &str) -> Result<(DecodedToken2, [u8; 32]), DecodeError> {
    let body = crate::version::body(token, crate::version::Version::V007)?;
    let compressed = decode_base64("token", body)?;
    let mut watch = SigningWatch { app_certificate: app_certificate.as_bytes(), mac: None };
    deflate::zlib_inflate_watched(&compressed, MAX_PAYLOAD, &mut watch, |payload, watch| {
        let d = decode_payload_with(payload, Detail::ForVerify, false)?;
        // (`decode_payload_with` read the signature's length and bytes from the start.)
        let start = 2 + d.signature.len();
        let signed = payload.get(start..).unwrap_or_default();
        let (issue_ts, salt) = (d.token.issue_ts, d.token.salt);
        let mac = match watch.mac.take() {
            // What the watch read agrees with the decoder's reading, as it must (the same
            // fields at the same places), and it hashed a part of these bytes.
            Some(m) if m.start == start && (m.issue_ts, m.salt) == (issue_ts, salt) && m.hmac.fed() <= signed.len() => {
                let fed = m.hmac.fed();
                m.hmac.finish(&signed[fed..])
            }
            _ => hmac(&signing_key(app_certificate.as_bytes(), issue_ts, salt), signed),
        };
        Ok((d, mac))
    })?
}

/// Hashes a 007 payload's signed bytes while it inflates: once the output holds the
/// signature's length, the App ID and the issue time and salt after it, the signing key;
/// then the signed bytes, two blocks at a time as they come out.
struct SigningWatch<'c> {
    app_certificate: &'c [u8],
    mac: Option<WatchedMac>,
}

struct WatchedMac {
    /// Where the signed bytes start in the payload.
    start: usize,
    issue_ts: u32,
    salt: u32,
    hmac: mac::HmacSha256,
}

/// The little-endian `u16` at `at`, if the bytes are there.
fn u16_at(out: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(*out.get(at..)?.first_chunk()?) as usize)
}

/// The little-endian `u32` at `at`, if the bytes are there.
fn u32_at(out: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(*out.get(at..)?.first_chunk()?))
}

impl deflate::Watch for SigningWatch<'_> {
    fn seen(&mut self, out: &[u8]) -> usize {
        let m = match &mut self.mac {
            Some(m) => m,
            None => {
                // The signature's length and bytes; then the App ID's, the issue time, the
                // expire and the salt: until they are all out, ask again a little later.
                let Some(start) = u16_at(out, 0).map(|n| 2 + n) else { return 2 };
                let Some(issue_at) = u16_at(out, start).map(|n| start + 2 + n) else { return start + 2 };
                let (Some(issue_ts), Some(salt)) = (u32_at(out, issue_at), u32_at(out, issue_at + 8)) else { return issue_at + 12 };
                let key = signing_key(self.app_certificate, issue_ts, salt);
                self.mac.insert(WatchedMac { start, issue_ts, salt, hmac: mac::HmacSha256::new(&key) })
            }
        };
        loop {
            let at = m.start + m.hmac.fed();
            match out.get(at..).and_then(<[u8]>::first_chunk) {
                Some(two) => m.hmac.two_blocks(two),
                None => return at + 128,
            }
        }
    }

    fn restart(&mut self) {
        self.mac = None;
    }
}

/// Decodes the inflated payload of a 007 token.
pub fn decode_payload(payload: &[u8]) -> Result<DecodedToken2, DecodeError> {
    decode_payload_with(payload, Detail::Full, true)
}

/// Decodes a payload; its `signing_info` is left empty unless `copy_signed`.
fn decode_payload_with(payload: &[u8], keep: Detail, copy_signed: bool) -> Result<DecodedToken2, DecodeError> {
    let mut r = Reader::new(payload);
    let signature = r.bytes("signature")?.to_vec();
    let signing_info = if copy_signed { r.remaining().to_vec() } else { Vec::new() };
    let app_id = r.string("app id")?;
    let issue_ts = r.u32("issue time")?;
    let expire = r.u32("expire")?;
    let salt = r.u32("salt")?;
    let count = r.u16("service count")? as usize;
    // Each service needs at least 4 bytes (type and privilege count).
    r.fits(count, 4, "token", "it", "services")?;
    if count > MAX_SERVICES {
        return Err(DecodeError::TooMany { what: "services", count, max: MAX_SERVICES });
    }
    let mut services = Vec::with_capacity(count);
    let mut unknown_service = None;
    for _ in 0..count {
        let t = r.u16("service type")?;
        let Some(st) = ServiceType::from_u16(t) else {
            unknown_service = Some(t);
            break;
        };
        services.push(Service::unpack_with(st, &mut r, keep)?);
    }
    let trailing_bytes = if unknown_service.is_some() { 0 } else { r.remaining().len() };
    Ok(DecodedToken2 {
        token: AccessToken2 { app_id: Cow::Owned(app_id), issue_ts, expire, salt, services },
        signature,
        signing_info,
        unknown_service,
        trailing_bytes,
    })
}

impl DecodedToken2 {
    /// Whether the signature is the one `app_certificate` makes for this token, compared
    /// in constant time. A certificate that is not 32 hex characters never verifies.
    pub fn verify(&self, app_certificate: &str) -> bool {
        if validate::app_certificate("appCertificate", app_certificate).is_err() {
            return false;
        }
        let key = signing_key(app_certificate.as_bytes(), self.token.issue_ts, self.token.salt);
        self.signature_is(&hmac(&key, &self.signing_info))
    }

    /// Whether the signature is `mac`, compared in constant time.
    pub(crate) fn signature_is(&self, mac: &[u8; 32]) -> bool {
        bool::from(mac[..].ct_eq(&self.signature[..]))
    }

    /// Whether some service that names a channel is for `channel_name` (when given) and
    /// `uid` (when given; in the token's string form, "" for uid 0).
    pub fn is_for(&self, channel_name: Option<&str>, uid: Option<&str>) -> bool {
        if channel_name.is_none() && uid.is_none() {
            return true;
        }
        self.token.services.iter().any(|s| {
            use crate::service::ServiceData::*;
            let (c, u) = match &s.data {
                Rtc { channel_name, uid } => (channel_name, uid),
                Streaming { channel_name, account } | FCdn { channel_name, account } => (channel_name, account),
                _ => return false,
            };
            channel_name.is_none_or(|x| x == c) && uid.is_none_or(|x| x == u)
        })
    }

    /// The error `decodeToken` reports for a token it can read only in part.
    pub fn strict(self) -> Result<Self, DecodeError> {
        if let Some(t) = self.unknown_service {
            return Err(DecodeError::UnknownService { service_type: t });
        }
        if self.trailing_bytes > 0 {
            return Err(DecodeError::TrailingBytes { container: "token", n: self.trailing_bytes, after: "last service" });
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{ServiceData, RTC_JOIN_CHANNEL};

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    /// `decode_base64` (base64-simd first) accepts exactly what the `base64` crate's rule
    /// accepts, with the same bytes: on base64 of random bytes, padded and not, and on
    /// strings one change away (a character replaced by one of the alphabet's edges, '=',
    /// a space or a URL-safe character, removed, added, or the last one's low bits set).
    #[test]
    fn base64_engines_agree() {
        use base64::Engine;
        let mut x = 0x9e3779b97f4a7c15u64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let edges = b"AZaz09+/=-_ *\n";
        let (mut accepted, mut refused) = (0, 0);
        for i in 0..60_000 {
            let bytes: Vec<u8> = (0..next(120)).map(|_| next(256) as u8).collect();
            let mut text = base64::engine::general_purpose::STANDARD.encode(&bytes);
            if i % 3 == 0 {
                text = text.trim_end_matches('=').to_owned();
            }
            let mut t = text.into_bytes();
            match (i / 3) % 5 {
                0 => {}
                1 if !t.is_empty() => {
                    let at = next(t.len());
                    t[at] = edges[next(edges.len())];
                }
                2 if !t.is_empty() => {
                    t.remove(next(t.len()));
                }
                3 => t.insert(next(t.len() + 1), edges[next(edges.len())]),
                _ => {
                    if let Some(c) = t.iter().rposition(|&c| c != b'=') {
                        t[c] = b"BCDFbcdf"[next(8)];
                    }
                }
            }
            let t = String::from_utf8(t).unwrap();
            match (decode_base64("token", &t), scalar_base64("token", &t)) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{t:?}");
                    accepted += 1;
                }
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{t:?}");
                    refused += 1;
                }
                (a, b) => panic!("{t:?}: simd first {a:?}, base64 crate {b:?}"),
            }
        }
        assert!(accepted > 20_000 && refused > 10_000, "{accepted} accepted, {refused} refused");
    }

    fn sample() -> AccessToken2<'static> {
        let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts: 1111111, expire: 600, salt: 1, services: vec![] };
        let mut rtc = Service::new(ServiceData::Rtc { channel_name: "7d72365eb983485397e3e3f9d460bdda".into(), uid: "2882341273".into() });
        rtc.privileges.add(RTC_JOIN_CHANNEL, 600);
        t.add_service(rtc);
        t
    }

    /// The cached `HMAC(issue_ts, certificate)` is only reused for the same certificate
    /// and issue time: every key equals the one computed from scratch.
    #[test]
    fn issue_key_cache_follows_its_inputs() {
        let certs: [&[u8]; 4] = [CERT.as_bytes(), b"5CFd2fd1755d40ecb72977518be15d3c", b"short", b"0123456789abcdef0123456789abcdef"];
        let mut seen = std::collections::HashSet::new();
        for round in 0..3 {
            for ts in [1_700_000_000u32, 1_700_000_001, 1_700_000_000] {
                for (i, cert) in certs.iter().enumerate() {
                    for salt in [1u32, 99_999_999] {
                        let direct = hmac(&salt.to_le_bytes(), &hmac(&ts.to_le_bytes(), cert));
                        assert_eq!(signing_key(cert, ts, salt), direct, "round {round}, ts {ts}, cert {i}, salt {salt}");
                        seen.insert(direct);
                    }
                }
            }
        }
        assert_eq!(seen.len(), 2 * 4 * 2, "distinct inputs give distinct keys");
    }

    #[test]
    fn build_refuses_counts_that_do_not_fit_16_bits() {
        let mut t = sample();
        for p in 0..=u16::MAX {
            t.services[0].privileges.add(p, 1);
        }
        let e = t.build(CERT).unwrap_err();
        assert!(e.to_string().contains("privileges must number at most 65535"), "{e}");
        let mut perms = crate::service::Rtm2Permissions::new();
        for r in 0..=u16::MAX {
            perms.insert(r, Default::default());
        }
        let mut t = sample();
        t.add_service(Service::new(ServiceData::Rtm2 { user_id: "u".into(), permissions: std::borrow::Cow::Owned(perms) }));
        let e = t.build(CERT).unwrap_err();
        assert!(e.to_string().contains("65535 resource types"), "{e}");
    }

    /// The decoder reads a token at its caps on services and RTM2 entries and refuses
    /// one with one more, by count.
    #[test]
    fn service_and_rtm2_caps_hold_on_both_sides() {
        use crate::service::{MAX_RTM2_PERMISSION_TYPES, MAX_RTM2_RESOURCES, MAX_RTM2_RESOURCE_TYPES};
        let fpa = || Service::new(ServiceData::Fpa);
        let mut t = sample();
        while t.services.len() < MAX_SERVICES {
            t.add_service(fpa());
        }
        let d = decode(&t.build(CERT).unwrap()).unwrap().strict().unwrap();
        assert_eq!(d.token.services.len(), MAX_SERVICES);
        t.add_service(fpa());
        let e = decode(&t.build(CERT).unwrap()).unwrap_err();
        assert_eq!(e, DecodeError::TooMany { what: "services", count: MAX_SERVICES + 1, max: MAX_SERVICES });
        let rtm2 = |types: usize, perms: usize, names: usize| {
            let mut p = crate::service::Rtm2Permissions::new();
            for r in 0..types as u16 {
                p.insert(r, (0..perms as u16).map(|q| (q, vec![String::new(); names])).collect());
            }
            let mut t = sample();
            t.add_service(Service::new(ServiceData::Rtm2 { user_id: "u".into(), permissions: std::borrow::Cow::Owned(p) }));
            t
        };
        for ok in [rtm2(MAX_RTM2_RESOURCE_TYPES, 1, 1), rtm2(1, MAX_RTM2_PERMISSION_TYPES, 1), rtm2(1, 1, MAX_RTM2_RESOURCES)] {
            decode(&ok.build(CERT).unwrap()).unwrap().strict().unwrap();
        }
        for bad in
            [rtm2(MAX_RTM2_RESOURCE_TYPES + 1, 1, 1), rtm2(1, MAX_RTM2_PERMISSION_TYPES + 1, 1), rtm2(2, 1, MAX_RTM2_RESOURCES / 2 + 1)]
        {
            let e = decode(&bad.build(CERT).unwrap()).unwrap_err();
            assert!(matches!(e, DecodeError::TooMany { .. }), "{e}");
        }
    }

    #[test]
    fn build_decode_verify() {
        let t = sample();
        let s = t.build(CERT).unwrap();
        assert!(s.starts_with("007eJ"));
        let d = decode(&s).unwrap().strict().unwrap();
        assert_eq!(d.token, t);
        assert!(d.verify(CERT));
        assert!(!d.verify("5CFd2fd1755d40ecb72977518be15d3c"));
        assert!(!d.verify("short"));
        assert!(d.is_for(Some("7d72365eb983485397e3e3f9d460bdda"), Some("2882341273")));
        assert!(!d.is_for(Some("other"), None));
        assert!(!d.is_for(None, Some("1")));
    }

    #[test]
    fn services_are_packed_in_type_order() {
        let mut a = sample();
        a.services.insert(0, Service::new(ServiceData::Chat { user_id: "u".into() }));
        let mut b = sample();
        b.add_service(Service::new(ServiceData::Chat { user_id: "u".into() }));
        let (da, db) = (decode(&a.build(CERT).unwrap()).unwrap(), decode(&b.build(CERT).unwrap()).unwrap());
        assert_eq!(da.signing_info, db.signing_info);
        assert_eq!(da.token.services[0].service_type(), ServiceType::Rtc);
    }

    #[test]
    fn build_refuses_bad_input() {
        let mut t = sample();
        assert_eq!(t.build("nope").unwrap_err().param, "appCertificate");
        t.services.clear();
        assert_eq!(t.build(CERT).unwrap_err().param, "services");
        t = sample();
        t.app_id = "x".into();
        assert_eq!(t.build(CERT).unwrap_err().param, "appId");
    }

    #[test]
    fn decode_errors() {
        assert!(matches!(decode("006abc").unwrap_err(), DecodeError::WrongVersion { expected: "007", .. }));
        assert!(matches!(decode("007!!!").unwrap_err(), DecodeError::Base64 { hint: "", .. }));
        let e = decode("007eJ zz").unwrap_err();
        assert!(matches!(e, DecodeError::Base64 { .. }) && e.to_string().contains("space"), "{e}");
        assert!(matches!(decode("007AAAA").unwrap_err(), DecodeError::Zlib(_)));
    }
}
