//! The token of Agora's Signaling SDK: `"1:" + appId + ":" + expiredTs + ":" + md5hex`,
//! where `md5hex` is the lowercase hex MD5 of `account + appId + appCertificate + expiredTs`
//! (all as text, `expiredTs` in decimal). Build, decode and verify.

use md5::{Digest, Md5};
use subtle::ConstantTimeEq;

use crate::error::{DecodeError, Error};
use crate::validate::{AppCertificate, AppId};

use super::hex_lower;

/// What a Signaling token starts with.
pub const PREFIX: &str = "1:";
/// The validity of `get1DayToken`, in seconds.
pub const ONE_DAY: u32 = 24 * 3600;
/// The longest token the decoder reads: "1:" + 32 + ":" + 10 + ":" + 32.
pub const MAX_LEN: usize = 2 + 32 + 1 + 10 + 1 + 32;

/// A checked Signaling account: 1 to 255 bytes (a number is its decimal digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalingAccount<'a>(&'a str);

impl<'a> SignalingAccount<'a> {
    pub fn new(param: &'static str, value: &'a str) -> Result<Self, Error> {
        if value.is_empty() {
            return Err(Error::range_error(param, "must not be empty: a Signaling token is for one account"));
        }
        crate::validate::account(param, value)?;
        Ok(SignalingAccount(value))
    }
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

/// `validTimeInSeconds` added to `now`: an integer from 0 such that the expiry stays at
/// most 4294967295 (the reference adds it to the current Unix time).
pub fn expiry_from_now(param: &'static str, now: u32, valid_seconds: f64) -> Result<u32, Error> {
    let max = u32::MAX - now;
    crate::validate::integer(param, valid_seconds, max).map(|v| now + v).map_err(|_| {
        Error::range_error(
            param,
            format_args!(
                "must be an integer from 0 to {max} (the expiry, now + validTimeInSeconds, must fit in 32 bits), got {}",
                crate::validate::js_number(valid_seconds)
            ),
        )
    })
}

fn signature(account: &str, app_id: &str, app_certificate: &str, expired: &str) -> String {
    let mut h = Md5::new();
    for part in [account, app_id, app_certificate, expired] {
        h.update(part.as_bytes());
    }
    hex_lower(&h.finalize())
}

/// The token for `account`, expiring at `expired_ts` (absolute Unix seconds).
pub fn build(app_id: AppId<'_>, app_certificate: AppCertificate<'_>, account: SignalingAccount<'_>, expired_ts: u32) -> String {
    let expired = expired_ts.to_string();
    let sig = signature(account.as_str(), app_id.as_str(), app_certificate.as_str(), &expired);
    format!("{PREFIX}{}:{expired}:{sig}", app_id.as_str())
}

/// A decoded Signaling token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedSignaling {
    /// The App ID as written (its case is kept: the signature covers it).
    pub app_id: String,
    pub expired_ts: u32,
    /// 32 lowercase hexadecimal characters (MD5).
    pub signature: String,
}

/// Decodes a Signaling token. Strict: version 1, a 32-character hex App ID, the expiry in
/// decimal without leading zeros (as the generators write it) and fitting in 32 bits,
/// a 32-character lowercase hex MD5, and nothing else.
pub fn decode(token: &str) -> Result<DecodedSignaling, DecodeError> {
    let Some(body) = token.strip_prefix(PREFIX) else {
        return Err(DecodeError::new("not a Signaling token: it must start with \"1:\""));
    };
    if token.len() > MAX_LEN {
        return Err(DecodeError::new(format!("a Signaling token is at most {MAX_LEN} characters, this one has {} bytes", token.len())));
    }
    let parts: Vec<&str> = body.split(':').collect();
    let [app_id, expired, sig] = parts[..] else {
        return Err(DecodeError::new(format!(
            "a Signaling token has 4 ':'-separated parts (1:appId:expiredTs:md5), this one has {}",
            parts.len() + 1
        )));
    };
    if app_id.len() != 32 || !app_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DecodeError::new(format!("app id must be 32 hexadecimal characters, got {app_id:?}")));
    }
    let canonical = !expired.is_empty() && expired.bytes().all(|b| b.is_ascii_digit()) && (expired == "0" || !expired.starts_with('0'));
    let expired_ts = canonical.then(|| expired.parse::<u32>().ok()).flatten().ok_or_else(|| {
        DecodeError::new(format!("expiredTs must be a Unix time in decimal from 0 to 4294967295 without leading zeros, got {expired:?}"))
    })?;
    if sig.len() != 32 || !sig.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(DecodeError::new(format!("signature must be 32 lowercase hexadecimal characters (MD5), got {sig:?}")));
    }
    Ok(DecodedSignaling { app_id: app_id.to_owned(), expired_ts, signature: sig.to_owned() })
}

impl DecodedSignaling {
    /// Whether the token is for `account` and signed with `app_certificate` (its text,
    /// case included); compared in constant time.
    pub fn verify(&self, app_certificate: &str, account: &str) -> bool {
        if crate::validate::app_certificate("appCertificate", app_certificate).is_err() {
            return false;
        }
        let expected = signature(account, &self.app_id, app_certificate, &self.expired_ts.to_string());
        bool::from(self.signature.as_bytes().ct_eq(expected.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_ID: &str = "970ca35de60c44645bbae8a215061b33";
    const CERT: &str = "5cfd2fd1755d40ecb72977518be15d3b";

    #[test]
    fn build_decode_verify() {
        let id = AppId::new("appId", APP_ID).unwrap();
        let cert = AppCertificate::new("appCertificate", CERT).unwrap();
        let t = build(id, cert, SignalingAccount::new("account", "alice").unwrap(), 1446455471);
        assert!(t.starts_with("1:970ca35de60c44645bbae8a215061b33:1446455471:"));
        let d = decode(&t).unwrap();
        assert_eq!((d.app_id.as_str(), d.expired_ts), (APP_ID, 1446455471));
        assert!(d.verify(CERT, "alice"));
        assert!(!d.verify(CERT, "bob"));
        assert!(!d.verify(&CERT.to_uppercase(), "alice"));
    }

    #[test]
    fn rules() {
        assert!(SignalingAccount::new("account", "").is_err());
        assert!(SignalingAccount::new("account", &"a".repeat(256)).is_err());
        assert_eq!(expiry_from_now("validTimeInSeconds", 10, 5.0), Ok(15));
        assert!(expiry_from_now("validTimeInSeconds", 10, -1.0).is_err());
        assert!(expiry_from_now("validTimeInSeconds", 10, 1.5).is_err());
        assert!(expiry_from_now("validTimeInSeconds", u32::MAX - 1, 2.0).unwrap_err().message.contains("from 0 to 1 "));
    }

    #[test]
    fn decode_errors() {
        let good = format!("1:{APP_ID}:1446455471:{}", "0".repeat(32));
        assert!(decode(&good).is_ok());
        for bad in [
            "2:x".to_owned(),
            format!("1:{APP_ID}:1446455471"),
            format!("1:{APP_ID}:01446455471:{}", "0".repeat(32)),
            format!("1:{APP_ID}:4294967296:{}", "0".repeat(32)),
            format!("1:{APP_ID}::{}", "0".repeat(32)),
            format!("1:{APP_ID}:1:{}", "A".repeat(32)),
            format!("1:{}:1:{}", "g".repeat(32), "0".repeat(32)),
            format!("{good}:"),
            format!("{good}0"),
        ] {
            assert!(decode(&bad).is_err(), "{bad}");
        }
    }
}
