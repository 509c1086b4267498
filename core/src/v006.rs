//! AccessToken, the legacy `"006"` token: build, decode and verify.
//!
//! Layout (integers little-endian, byte strings u16-length-prefixed):
//! `"006" + app_id (32 hex characters) + base64(content)` where
//! `content = signature, crc32(channel_name) u32, crc32(uid) u32, message` and
//! `message = salt u32, ts u32, privilege count u16, (privilege u16, expire u32)...`
//! with privileges in ascending order. The signature is
//! `HMAC-SHA256(key = app_certificate as text, app_id + channel_name + uid + message)`.
//!
//! The token carries the channel name and uid only as CRC32s, so verifying one needs
//! both from the caller.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::error::{DecodeError, Error};
use crate::mac::hmac_sha256;
use crate::pack::{Reader, Writer};
use crate::salt;
use crate::validate::{Account, AppCertificate, AppId, ChannelName, LegacyRtcRole};

pub const VERSION: &str = "006";
/// Length of the App ID that follows the version.
pub const APP_ID_LEN: usize = 32;
/// The longest token the decoder accepts. Generous: a well-formed message is at most
/// 65535 bytes (see [`MAX_PRIVILEGES`]); this allows a forged count's 65535 entries of
/// 6 bytes plus the envelope, base64 encoded, with room to spare.
pub const MAX_TOKEN_LEN: usize = 3 + APP_ID_LEN + (65_535 * 6 + 1024) * 4 / 3 + 4;
/// The most privileges a 006 token can hold: its signed message (salt, ts, a 16-bit
/// count, then 6 bytes per privilege) is written behind a 16-bit length, so it is at
/// most 65535 bytes long.
pub const MAX_PRIVILEGES: usize = (u16::MAX as usize - 10) / 6;
/// The message `ts` a new token gets: this many seconds from now (as agora-access-token).
pub const DEFAULT_TS_OFFSET: u32 = 24 * 3600;

/// Privilege numbers of 006 tokens, with agora-access-token's names.
pub const PRIVILEGES: &[(&str, u16)] = &[
    ("kJoinChannel", 1),
    ("kPublishAudioStream", 2),
    ("kPublishVideoStream", 3),
    ("kPublishDataStream", 4),
    ("kPublishAudiocdn", 5),
    ("kPublishVideoCdn", 6),
    ("kRequestPublishAudioStream", 7),
    ("kRequestPublishVideoStream", 8),
    ("kRequestPublishDataStream", 9),
    ("kInvitePublishAudioStream", 10),
    ("kInvitePublishVideoStream", 11),
    ("kInvitePublishDataStream", 12),
    ("kAdministrateChannel", 101),
    ("kRtmLogin", 1000),
];
pub const JOIN_CHANNEL: u16 = 1;
pub const PUBLISH_AUDIO: u16 = 2;
pub const PUBLISH_VIDEO: u16 = 3;
pub const PUBLISH_DATA: u16 = 4;
pub const RTM_LOGIN: u16 = 1000;

/// A 006 token being built: what is signed, plus the privileges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken<'a> {
    pub app_id: Cow<'a, str>,
    pub channel_name: Cow<'a, str>,
    /// The uid as stored: "" for uid 0, decimal digits or a user account otherwise.
    pub uid: Cow<'a, str>,
    pub salt: u32,
    /// The message timestamp (Unix seconds): the token's own expiry.
    pub ts: u32,
    pub privileges: BTreeMap<u16, u32>,
}

impl<'a> Parts<'a> {
    /// A fresh salt and `ts` = now + 24 h, as [`AccessToken::new`] gives.
    pub fn now(app_id: &'a str, channel_name: &'a str, uid: &'a str) -> Self {
        Parts { app_id, channel_name, uid, salt: salt_006(), ts: default_ts() }
    }
}

/// A fresh 006 salt: uniform in 1..=u32::MAX from the OS CSPRNG (the reference draws
/// one salt per process from `Math.random`).
pub fn salt_006() -> u32 {
    salt::random_in(u32::MAX)
}

/// The default message timestamp: now + 24 hours.
pub fn default_ts() -> u32 {
    crate::v007::now().saturating_add(DEFAULT_TS_OFFSET)
}

/// The signature: HMAC-SHA256 under the certificate (as text) of the App ID, channel
/// name, uid and message, concatenated into `scratch`.
fn signature(scratch: &mut Vec<u8>, app_certificate: &str, app_id: &str, channel_name: &str, uid: &str, message: &[u8]) -> [u8; 32] {
    scratch.clear();
    for part in [app_id.as_bytes(), channel_name.as_bytes(), uid.as_bytes(), message] {
        scratch.extend_from_slice(part);
    }
    hmac_sha256(app_certificate.as_bytes(), scratch)
}

thread_local! {
    /// Signed bytes, message and content of the token being built.
    static SCRATCH: RefCell<[Vec<u8>; 3]> = const { RefCell::new([Vec::new(), Vec::new(), Vec::new()]) };
}

/// A 006 token's fields, for [`build_parts`].
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub app_id: &'a str,
    pub channel_name: &'a str,
    pub uid: &'a str,
    pub salt: u32,
    pub ts: u32,
}

/// Builds a token from its fields and its privileges, given in ascending privilege order
/// without repeats (at most [`MAX_PRIVILEGES`]). The caller has checked the App ID and certificate.
pub fn build_parts(parts: Parts<'_>, privileges: &[(u16, u32)], app_certificate: &str) -> String {
    debug_assert!(privileges.windows(2).all(|w| w[0].0 < w[1].0), "privileges must be in ascending order");
    crate::local::with_local(&SCRATCH, |s| {
        let [signed, message, content] = s;
        message.clear();
        Writer(message).u32(parts.salt).u32(parts.ts).u32_map(privileges);
        let sig = signature(signed, app_certificate, parts.app_id, parts.channel_name, parts.uid, message);
        content.clear();
        Writer(content)
            .bytes(&sig)
            .u32(crc32fast::hash(parts.channel_name.as_bytes()))
            .u32(crc32fast::hash(parts.uid.as_bytes()))
            .bytes(message);
        let mut out = String::with_capacity(3 + parts.app_id.len() + content.len().div_ceil(3) * 4);
        out.push_str(VERSION);
        out.push_str(parts.app_id);
        base64_simd::STANDARD.encode_append(&content[..], &mut out);
        out
    })
}

impl<'a> AccessToken<'a> {
    /// A token with a fresh salt, `ts` = now + 24 h and no privileges.
    pub fn new(app_id: impl Into<Cow<'a, str>>, channel_name: impl Into<Cow<'a, str>>, uid: impl Into<Cow<'a, str>>) -> Self {
        AccessToken {
            app_id: app_id.into(),
            channel_name: channel_name.into(),
            uid: uid.into(),
            salt: salt_006(),
            ts: default_ts(),
            privileges: BTreeMap::new(),
        }
    }

    /// Grants `privilege` until the Unix timestamp `expire_ts` (0: no expiry), replacing
    /// an earlier value.
    pub fn add_privilege(&mut self, privilege: u16, expire_ts: u32) {
        self.privileges.insert(privilege, expire_ts);
    }

    /// Checks that the privileges fit the signed message: at most [`MAX_PRIVILEGES`].
    pub fn check(&self) -> Result<(), Error> {
        if self.privileges.len() > MAX_PRIVILEGES {
            return Err(Error::range_error(
                "privileges",
                format_args!(
                    "must number at most {MAX_PRIVILEGES}: a 006 token's signed message holds at most 65535 bytes, 6 per privilege"
                ),
            ));
        }
        Ok(())
    }

    /// Builds the token string. The caller has checked the App ID (32 hex characters:
    /// the decoder relies on that length) and the certificate.
    pub fn build(&self, app_certificate: AppCertificate<'_>) -> Result<String, Error> {
        self.check()?;
        Ok(self.build_unchecked(app_certificate.as_str()))
    }

    /// Builds without checking (the caller has run [`AccessToken::check`]).
    pub fn build_unchecked(&self, app_certificate: &str) -> String {
        let privileges: Vec<(u16, u32)> = self.privileges.iter().map(|(&k, &v)| (k, v)).collect();
        let parts = Parts { app_id: &self.app_id, channel_name: &self.channel_name, uid: &self.uid, salt: self.salt, ts: self.ts };
        build_parts(parts, &privileges, app_certificate)
    }
}

/// `RtcTokenBuilder.buildTokenWithUid` / `buildTokenWithAccount`: every privilege of the
/// role until `privilege_expired_ts` (a Unix timestamp; 0 = no expiry).
pub fn rtc_token(
    app_id: AppId<'_>,
    app_certificate: AppCertificate<'_>,
    channel_name: ChannelName<'_>,
    uid: &Account<'_>,
    role: LegacyRtcRole,
    privilege_expired_ts: u32,
) -> String {
    let parts = Parts::now(app_id.as_str(), channel_name.as_str(), uid.as_str());
    // Join always; publish audio, video and data for attendee, publisher and admin (as
    // agora-access-token).
    let e = privilege_expired_ts;
    let all = [(JOIN_CHANNEL, e), (PUBLISH_AUDIO, e), (PUBLISH_VIDEO, e), (PUBLISH_DATA, e)];
    let privileges = if role.can_publish() { &all[..] } else { &all[..1] };
    build_parts(parts, privileges, app_certificate.as_str())
}

/// `RtmTokenBuilder.buildToken`: RTM login for `account` until `privilege_expired_ts`.
/// The account goes where an RTC token has its channel name; the uid is empty.
pub fn rtm_token(app_id: AppId<'_>, app_certificate: AppCertificate<'_>, account: &Account<'_>, privilege_expired_ts: u32) -> String {
    let parts = Parts::now(app_id.as_str(), account.as_str(), "");
    build_parts(parts, &[(RTM_LOGIN, privilege_expired_ts)], app_certificate.as_str())
}

/// A decoded 006 token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded006 {
    pub app_id: String,
    pub signature: Vec<u8>,
    pub crc_channel_name: u32,
    pub crc_uid: u32,
    /// The message bytes as they are in the token (what is signed, after the ids).
    pub message: Vec<u8>,
    pub salt: u32,
    pub ts: u32,
    /// Privilege -> expire timestamp, in the token's order.
    pub privileges: Vec<(u16, u32)>,
}

/// Decodes a 006 token without checking its signature. Strict: the App ID must be 32
/// hexadecimal characters, the signature 32 bytes, and no byte may be left over.
pub fn decode(token: &str) -> Result<Decoded006, DecodeError> {
    let rest = crate::version::body(token, crate::version::Version::V006)?;
    // A well-formed body starts with "IAA" (the 32-byte signature's length prefix),
    // never with a hexadecimal digit, so the run of hex digits is the App ID.
    let hex_run = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
    if hex_run < APP_ID_LEN {
        return Err(DecodeError::AppIdNotHex { hex_run });
    }
    let (app_id, body) = rest.split_at(APP_ID_LEN);
    if body.is_empty() {
        return Err(DecodeError::Empty { what: "token", after: "App ID" });
    }
    let content = crate::v007::decode_base64("token", body)?;
    let mut r = Reader::new(&content);
    let signature = r.bytes("signature")?.to_vec();
    if signature.len() != 32 {
        return Err(DecodeError::BadLength { what: "signature", rule: "32 bytes (HMAC-SHA256)", got: signature.len() });
    }
    let crc_channel_name = r.u32("channel name CRC")?;
    let crc_uid = r.u32("uid CRC")?;
    let message = r.bytes("message")?.to_vec();
    if !r.is_empty() {
        return Err(DecodeError::TrailingBytes { container: "token", n: r.remaining().len(), after: "message" });
    }
    let mut m = Reader::new(&message);
    let salt = m.u32("salt")?;
    let ts = m.u32("ts")?;
    let privileges = m.u32_map("privileges")?;
    if !m.is_empty() {
        return Err(DecodeError::TrailingBytes { container: "message", n: m.remaining().len(), after: "privileges" });
    }
    Ok(Decoded006 { app_id: app_id.to_owned(), signature, crc_channel_name, crc_uid, message, salt, ts, privileges })
}

impl Decoded006 {
    /// Whether the token is for `channel_name` and `uid` (in the token's string form,
    /// "" for uid 0) and signed with `app_certificate`. The signature is compared in
    /// constant time. A certificate that is not 32 hex characters never verifies.
    pub fn verify(&self, app_certificate: &str, channel_name: &str, uid: &str) -> bool {
        if crate::validate::app_certificate("appCertificate", app_certificate).is_err() {
            return false;
        }
        let crc_ok = crc32fast::hash(channel_name.as_bytes()) == self.crc_channel_name && crc32fast::hash(uid.as_bytes()) == self.crc_uid;
        let mut signed = Vec::new();
        let sig = signature(&mut signed, app_certificate, &self.app_id, channel_name, uid, &self.message);
        let sig_ok = bool::from(subtle::ConstantTimeEq::ct_eq(&sig[..], &self.signature[..]));
        crc_ok & sig_ok
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
    const CHANNEL: &str = "7d72365eb983485397e3e3f9d460bdda";

    fn sample(uid: &'static str) -> AccessToken<'static> {
        let mut t = AccessToken::new(APP_ID, CHANNEL, uid);
        t.salt = 1;
        t.ts = 1111111;
        t
    }

    #[test]
    fn privileges_fit_the_signed_message_or_are_refused() {
        let mut t = sample("42");
        for p in 0..MAX_PRIVILEGES as u16 {
            t.add_privilege(p, u32::from(p) * 7);
        }
        let cert = AppCertificate::new("appCertificate", CERT).unwrap();
        let token = t.build(cert).unwrap();
        let d = decode(&token).unwrap();
        assert_eq!(d.message.len(), 65_530);
        assert_eq!(d.privileges.len(), MAX_PRIVILEGES);
        assert_eq!(d.privileges.last(), Some(&(10_919, 10_919 * 7)));
        assert!(d.verify(CERT, CHANNEL, "42"));
        // One more would need a 65536-byte message: refused, not cut short.
        t.add_privilege(u16::MAX, 0);
        let e = t.build(cert).unwrap_err().to_string();
        assert!(e.contains("privileges must number at most 10920"), "{e}");
    }

    // The vectors of agora-access-token's own tests.
    #[test]
    fn reference_vectors() {
        let mut t = sample("2882341273");
        t.add_privilege(JOIN_CHANNEL, 1446455471);
        assert_eq!(
            t.build_unchecked(CERT),
            "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"
        );
        let mut t = sample("");
        t.add_privilege(JOIN_CHANNEL, 1446455471);
        assert_eq!(
            t.build_unchecked(CERT),
            "006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW"
        );
        let mut t = sample("2882341273");
        for p in [1, 2, 3, 4] {
            t.add_privilege(p, 1446455471);
        }
        assert_eq!(
            t.build_unchecked(CERT),
            "006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW"
        );
    }

    #[test]
    fn decode_and_verify() {
        let mut t = sample("42");
        t.add_privilege(RTM_LOGIN, 0);
        t.add_privilege(JOIN_CHANNEL, 7);
        let s = t.build_unchecked(CERT);
        let d = decode(&s).unwrap();
        assert_eq!(d.app_id, APP_ID);
        assert_eq!((d.salt, d.ts), (1, 1111111));
        assert_eq!(d.privileges, vec![(1, 7), (1000, 0)]);
        assert!(d.verify(CERT, CHANNEL, "42"));
        assert!(!d.verify(CERT, CHANNEL, "43"));
        assert!(!d.verify(CERT, "other", "42"));
        assert!(!d.verify("5CFd2fd1755d40ecb72977518be15d3c", CHANNEL, "42"));
        assert!(!d.verify("short", CHANNEL, "42"));
    }

    #[test]
    fn fresh_salts() {
        let a = AccessToken::new(APP_ID, CHANNEL, "");
        let b = AccessToken::new(APP_ID, CHANNEL, "");
        assert_ne!(a.salt, b.salt);
        assert!(a.ts > 1_700_000_000);
    }

    #[test]
    fn decode_errors() {
        let mut t = sample("1");
        t.add_privilege(1, 1);
        let good = t.build_unchecked(CERT);
        assert!(matches!(decode("007abc").unwrap_err(), DecodeError::WrongVersion { expected: "006", .. }));
        let short = format!("006{}{}", &APP_ID[..31], &good[35..]);
        assert_eq!(decode(&short).unwrap_err(), DecodeError::AppIdNotHex { hex_run: 31 });
        assert!(matches!(decode(&format!("006{APP_ID}")).unwrap_err(), DecodeError::Empty { .. }));
        assert!(matches!(decode(&format!("006{APP_ID}!!!!")).unwrap_err(), DecodeError::Base64 { .. }));
        // Truncated: drop the last 4 base64 characters (3 bytes).
        assert!(matches!(decode(&good[..good.len() - 4]).unwrap_err(), DecodeError::Truncated { .. }));
        // Trailing bytes.
        let mut content = base64::engine::general_purpose::STANDARD.decode(&good[35..]).unwrap();
        content.push(0);
        let long = format!("006{APP_ID}{}", base64::engine::general_purpose::STANDARD.encode(&content));
        assert!(matches!(decode(&long).unwrap_err(), DecodeError::TrailingBytes { container: "token", n: 1, .. }));
        // A forged privilege count cannot make the decoder allocate.
        let mut forged = Vec::new();
        Writer(&mut forged).bytes(&[0u8; 32]).u32(0).u32(0).bytes(&[1, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff]);
        let forged = format!("006{APP_ID}{}", base64::engine::general_purpose::STANDARD.encode(&forged));
        assert!(matches!(decode(&forged).unwrap_err(), DecodeError::CountExceedsData { count: 65535, .. }));
        // Arbitrary bytes never panic.
        for n in 0..200u32 {
            let bytes: Vec<u8> = (0..n).map(|i| (i.wrapping_mul(2654435761) >> 7) as u8).collect();
            let _ = decode(&format!("006{APP_ID}{}", base64::engine::general_purpose::STANDARD.encode(&bytes)));
        }
    }
}
