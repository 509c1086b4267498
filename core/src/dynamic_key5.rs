//! DynamicKey5, the `"005"` key of Agora SDKs older than 2.1: build, decode and verify.
//!
//! Layout (integers little-endian, byte strings u16-length-prefixed):
//! `"005" + base64(service_type u16, signature, app_id, unix_ts u32, salt u32, expired_ts u32, extra)`
//! where `app_id` is the App ID's 16 raw bytes (hex-decoded), `extra` a map of
//! `u16 -> byte string`, and `signature` the uppercase hex text of
//! `HMAC-SHA1(key = raw certificate, service_type, app_id, unix_ts, salt, channel_name, uid u32, expired_ts, extra)`.

use subtle::ConstantTimeEq;

use base64::Engine;

use crate::error::DecodeError;
use crate::pack::{Reader, Writer};
use crate::validate::{AppCertificate, AppId, ChannelName};

pub const VERSION: &str = "005";
/// `extra` value of an in-channel permission key: no upload.
pub const NO_UPLOAD: &str = "0";
/// `extra` value of an in-channel permission key: upload audio and video.
pub const AUDIO_VIDEO_UPLOAD: &str = "3";
/// `extra` key of the in-channel permission.
pub const ALLOW_UPLOAD_IN_CHANNEL: u16 = 1;
/// The longest key the decoder accepts (real keys are about 120 characters).
pub const MAX_KEY_LEN: usize = 64 * 1024;

/// The four kinds of DynamicKey5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceType {
    MediaChannel = 1,
    Recording = 2,
    PublicSharing = 3,
    InChannelPermission = 4,
}

/// What a key is made of, besides the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInput<'a> {
    pub service_type: u16,
    pub app_id: AppId<'a>,
    pub unix_ts: u32,
    pub salt: u32,
    pub channel_name: ChannelName<'a>,
    pub uid: u32,
    pub expired_ts: u32,
    pub extra: Vec<(u16, &'a [u8])>,
}

/// Hex text to bytes. Only called on checked 32-character hex strings.
fn hex_decode(s: &str) -> Vec<u8> {
    fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => 0,
        }
    }
    s.as_bytes().chunks(2).map(|p| (nibble(p[0]) << 4) | nibble(*p.get(1).unwrap_or(&b'0'))).collect()
}

fn pack_extra(w: &mut Writer<'_>, extra: &[(u16, &[u8])]) {
    w.u16(extra.len() as u16);
    for &(k, v) in extra {
        w.u16(k).bytes(v);
    }
}

/// The uppercase hex HMAC-SHA1 signature (40 characters).
#[allow(clippy::too_many_arguments)]
fn sign(
    raw_cert: &[u8],
    service_type: u16,
    raw_app_id: &[u8],
    unix_ts: u32,
    salt: u32,
    channel_name: &[u8],
    uid: u32,
    expired_ts: u32,
    extra: &[(u16, &[u8])],
) -> String {
    let mut msg = Vec::with_capacity(64 + channel_name.len());
    {
        let mut w = Writer(&mut msg);
        w.u16(service_type).bytes(raw_app_id).u32(unix_ts).u32(salt).bytes(channel_name).u32(uid).u32(expired_ts);
        pack_extra(&mut w, extra);
    }
    crate::keys::hex_upper(&crate::mac::hmac_sha1(raw_cert, &msg))
}

/// Builds a key.
pub fn build(k: &KeyInput<'_>, app_certificate: AppCertificate<'_>) -> String {
    let raw_app_id = hex_decode(k.app_id.as_str());
    let raw_cert = hex_decode(app_certificate.as_str());
    let signature =
        sign(&raw_cert, k.service_type, &raw_app_id, k.unix_ts, k.salt, k.channel_name.as_str().as_bytes(), k.uid, k.expired_ts, &k.extra);
    let mut content = Vec::with_capacity(96);
    {
        let mut w = Writer(&mut content);
        w.u16(k.service_type).bytes(signature.as_bytes()).bytes(&raw_app_id).u32(k.unix_ts).u32(k.salt).u32(k.expired_ts);
        pack_extra(&mut w, &k.extra);
    }
    let mut out = String::from(VERSION);
    base64::engine::general_purpose::STANDARD.encode_string(&content, &mut out);
    out
}

/// A decoded DynamicKey5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded005 {
    pub service_type: u16,
    /// The signature as stored: 40 hexadecimal characters.
    pub signature: String,
    /// The raw App ID bytes (16 for a real key).
    pub app_id: Vec<u8>,
    pub unix_ts: u32,
    pub salt: u32,
    pub expired_ts: u32,
    pub extra: Vec<(u16, Vec<u8>)>,
}

impl Decoded005 {
    /// The App ID as lowercase hex (the key stores raw bytes, so the case is lost).
    pub fn app_id_hex(&self) -> String {
        crate::keys::hex_lower(&self.app_id)
    }

    /// The service's name.
    pub fn service_name(&self) -> Option<&'static str> {
        Some(match self.service_type {
            1 => "mediaChannel",
            2 => "recording",
            3 => "publicSharing",
            4 => "inChannelPermission",
            _ => return None,
        })
    }

    /// Whether the key is for `channel_name` and `uid` and signed with
    /// `app_certificate`; the signature is compared in constant time.
    pub fn verify(&self, app_certificate: &str, channel_name: &str, uid: u32) -> bool {
        if crate::validate::app_certificate("appCertificate", app_certificate).is_err() {
            return false;
        }
        let extra: Vec<(u16, &[u8])> = self.extra.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        let expected = sign(
            &hex_decode(app_certificate),
            self.service_type,
            &self.app_id,
            self.unix_ts,
            self.salt,
            channel_name.as_bytes(),
            uid,
            self.expired_ts,
            &extra,
        );
        let given = self.signature.to_ascii_uppercase();
        given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
    }
}

/// Decodes a DynamicKey5 without checking its signature. Strict: the signature must be
/// 40 hex characters, the App ID 16 bytes, and no byte may be left over.
pub fn decode(key: &str) -> Result<Decoded005, DecodeError> {
    let body = crate::version::body(key, crate::version::Version::V005)?;
    let content = crate::v007::decode_base64("key", body)?;
    let mut r = Reader::new(&content);
    let service_type = r.u16("service type")?;
    let signature = r.bytes("signature")?;
    if signature.len() != 40 || !signature.iter().all(u8::is_ascii_hexdigit) {
        return Err(DecodeError::BadLength { what: "signature", rule: "40 hexadecimal characters (HMAC-SHA1)", got: signature.len() });
    }
    let signature = String::from_utf8(signature.to_vec()).expect("checked ASCII");
    let app_id = r.bytes("app id")?.to_vec();
    if app_id.len() != 16 {
        return Err(DecodeError::BadLength { what: "app id", rule: "16 bytes (32 hexadecimal characters)", got: app_id.len() });
    }
    let unix_ts = r.u32("unix timestamp")?;
    let salt = r.u32("salt")?;
    let expired_ts = r.u32("expired timestamp")?;
    let n = r.u16("extra")? as usize;
    // Each entry needs at least 4 bytes: check before allocating.
    r.fits(n, 4, "key", "extra", "entries")?;
    let mut extra = Vec::with_capacity(n);
    for _ in 0..n {
        let k = r.u16("extra")?;
        extra.push((k, r.bytes("extra")?.to_vec()));
    }
    if !r.is_empty() {
        return Err(DecodeError::TrailingBytes { container: "key", n: r.remaining().len(), after: "extra" });
    }
    Ok(Decoded005 { service_type, signature, app_id, unix_ts, salt, expired_ts, extra })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_ID: &str = "970ca35de60c44645bbae8a215061b33";
    const CERT: &str = "5cfd2fd1755d40ecb72977518be15d3b";
    const CHANNEL: &str = "7d72365eb983485397e3e3f9d460bdda";

    fn input(service_type: u16, extra: Vec<(u16, &'static [u8])>) -> KeyInput<'static> {
        KeyInput {
            service_type,
            app_id: AppId::new("appId", APP_ID).unwrap(),
            unix_ts: 1446455472,
            salt: 58964981,
            channel_name: ChannelName::new("channelName", CHANNEL).unwrap(),
            uid: 2882341273,
            expired_ts: 1446455471,
            extra,
        }
    }

    // The vectors of agora-access-token's own tests.
    #[test]
    fn reference_vectors() {
        let cert = AppCertificate::new("appCertificate", CERT).unwrap();
        assert_eq!(
            build(&input(3, vec![]), cert),
            "005AwAoADc0QTk5RTVEQjI4MDk0NUI0NzUwNTk0MUFDMjM4MDU2NzIwREY3QjAQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA=="
        );
        assert_eq!(
            build(&input(2, vec![]), cert),
            "005AgAoADkyOUM5RTQ2MTg3QTAyMkJBQUIyNkI3QkYwMTg0MzhDNjc1Q0ZFMUEQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA=="
        );
        assert_eq!(
            build(&input(1, vec![]), cert),
            "005AQAoAEJERTJDRDdFNkZDNkU0ODYxNkYxQTYwOUVFNTM1M0U5ODNCQjFDNDQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA=="
        );
        assert_eq!(
            build(&input(4, vec![(ALLOW_UPLOAD_IN_CHANNEL, NO_UPLOAD.as_bytes())]), cert),
            "005BAAoADgyNEQxNDE4M0FGRDkyOEQ4REFFMUU1OTg5NTg2MzA3MTEyNjRGNzQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YBAAEAAQAw"
        );
    }

    #[test]
    fn decode_and_verify() {
        let cert = AppCertificate::new("appCertificate", CERT).unwrap();
        let key = build(&input(4, vec![(1, b"3")]), cert);
        let d = decode(&key).unwrap();
        assert_eq!(d.service_type, 4);
        assert_eq!(d.app_id_hex(), APP_ID);
        assert_eq!((d.unix_ts, d.salt, d.expired_ts), (1446455472, 58964981, 1446455471));
        assert_eq!(d.extra, vec![(1, b"3".to_vec())]);
        assert!(d.verify(CERT, CHANNEL, 2882341273));
        assert!(d.verify(&CERT.to_uppercase(), CHANNEL, 2882341273));
        assert!(!d.verify(CERT, CHANNEL, 1));
        assert!(!d.verify(CERT, "x", 2882341273));
        assert!(!d.verify("5cfd2fd1755d40ecb72977518be15d3c", CHANNEL, 2882341273));
    }

    #[test]
    fn decode_errors() {
        assert!(matches!(decode("006x").unwrap_err(), DecodeError::WrongVersion { expected: "005", .. }));
        assert!(matches!(decode("005").unwrap_err(), DecodeError::Empty { what: "key", .. }));
        assert!(matches!(decode("005!!").unwrap_err(), DecodeError::Base64 { .. }));
        assert!(matches!(decode("005AQAoAEJERTJD").unwrap_err(), DecodeError::Truncated { .. }));
        let cert = AppCertificate::new("appCertificate", CERT).unwrap();
        let key = build(&input(1, vec![]), cert);
        let mut content = base64::engine::general_purpose::STANDARD.decode(&key[3..]).unwrap();
        content.push(9);
        let long = format!("005{}", base64::engine::general_purpose::STANDARD.encode(&content));
        assert!(matches!(decode(&long).unwrap_err(), DecodeError::TrailingBytes { container: "key", n: 1, .. }));
        let n = content.len();
        content[n - 3] = 0xff;
        content[n - 2] = 0xff;
        let forged = format!("005{}", base64::engine::general_purpose::STANDARD.encode(&content[..n - 1]));
        assert!(matches!(decode(&forged).unwrap_err(), DecodeError::CountExceedsData { count: 65535, .. }));
        for n in 0..200u32 {
            let bytes: Vec<u8> = (0..n).map(|i| (i.wrapping_mul(2654435761) >> 9) as u8).collect();
            let _ = decode(&format!("005{}", base64::engine::general_purpose::STANDARD.encode(&bytes)));
        }
    }
}
