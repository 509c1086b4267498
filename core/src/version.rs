//! Which token a string is: the version prefixes this crate reads, the one check every
//! decoder runs on its input (prefix, length, something after the prefix), and
//! [`decode_any`], which picks the decoder. A new token version is one [`Version`]
//! variant, one row of `Version::spec` and one [`AnyToken`] variant.

use crate::dynamic_key5::{self, Decoded005};
use crate::error::{DecodeError, Error};
use crate::keys::{self, LegacyKey};
use crate::service::Detail;
use crate::v006::{self, Decoded006};
use crate::v007::{self, DecodedToken2};
use crate::validate;
use crate::verify::Expected;

/// A token version, named by the prefix its strings start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// AccessToken2, `"007"`.
    V007,
    /// The legacy AccessToken, `"006"`.
    V006,
    /// DynamicKey5, `"005"`.
    V005,
}

/// What the shared input check needs to know about a version.
struct Spec {
    prefix: &'static str,
    /// The name errors use ("007 token", ...).
    name: &'static str,
    /// What errors call the string ("token" or "key").
    what: &'static str,
    max_len: usize,
    /// How an empty body is reported ("\"007\" version prefix"), or `None` when it is
    /// not checked here (a 006 body starts with its App ID, whose own check says more).
    empty_after: Option<&'static str>,
}

impl Version {
    /// Every version, in the order [`Version::of`] tries their prefixes.
    pub const ALL: [Version; 3] = [Version::V007, Version::V006, Version::V005];

    fn spec(self) -> Spec {
        match self {
            Version::V007 => Spec {
                prefix: "007",
                name: "007 token",
                what: "token",
                max_len: v007::MAX_TOKEN_LEN,
                empty_after: Some("\"007\" version prefix"),
            },
            Version::V006 => Spec { prefix: "006", name: "006 token", what: "token", max_len: v006::MAX_TOKEN_LEN, empty_after: None },
            Version::V005 => Spec {
                prefix: "005",
                name: "DynamicKey5",
                what: "key",
                max_len: dynamic_key5::MAX_KEY_LEN,
                empty_after: Some("\"005\" version prefix"),
            },
        }
    }

    /// The 3-character prefix of this version's strings.
    pub fn prefix(self) -> &'static str {
        self.spec().prefix
    }

    /// The longest string of this version a decoder reads.
    pub fn max_len(self) -> usize {
        self.spec().max_len
    }

    /// The version `token` claims by its prefix, if it is one this crate reads.
    pub fn of(token: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| token.starts_with(v.prefix()))
    }
}

/// The longest string any decoder here reads: a caller holding untrusted input can refuse
/// (or stop reading) anything longer before copying it.
pub const MAX_ANY_TOKEN_LEN: usize = {
    let (a, b, c) = (v007::MAX_TOKEN_LEN, v006::MAX_TOKEN_LEN, dynamic_key5::MAX_KEY_LEN);
    let ab = if a > b { a } else { b };
    if ab > c {
        ab
    } else {
        c
    }
};

fn first_chars(token: &str) -> String {
    token.chars().take(3).collect()
}

/// Checks `token`'s prefix and length for version `v` and returns what follows the prefix.
pub(crate) fn body(token: &str, v: Version) -> Result<&str, DecodeError> {
    let spec = v.spec();
    let Some(body) = token.strip_prefix(spec.prefix) else {
        return Err(DecodeError::WrongVersion { name: spec.name, expected: spec.prefix, got: first_chars(token) });
    };
    if token.len() > spec.max_len {
        return Err(DecodeError::TooLong { what: spec.what, name: spec.name, len: token.len(), max: spec.max_len });
    }
    match spec.empty_after {
        Some(after) if body.is_empty() => Err(DecodeError::Empty { what: spec.what, after }),
        _ => Ok(body),
    }
}

/// The error for a string of `len` characters, when `len` is more than
/// [`MAX_ANY_TOKEN_LEN`]: for callers that refuse a long string from its length alone,
/// without reading any of it (not even its prefix: reading part of a JavaScript string
/// can cost as much as copying all of it).
pub fn too_long(len: usize) -> DecodeError {
    DecodeError::TooLong { what: "token", name: "token", len, max: MAX_ANY_TOKEN_LEN }
}

/// A decoded token of any version this crate reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyToken {
    /// An AccessToken2, read leniently (see [`DecodedToken2::strict`]).
    V007(DecodedToken2),
    /// A legacy AccessToken.
    V006(Decoded006),
    /// A DynamicKey5.
    V005(Decoded005),
    /// A key older than DynamicKey5 (DynamicKey 1 to 4, the Signaling token), recognised
    /// by its shape rather than a prefix table row (see [`crate::keys::decode_legacy_key`]).
    Key(LegacyKey),
}

impl AnyToken {
    /// Which version the token is, by its prefix; `None` for the keys older than
    /// DynamicKey5, which [`AnyToken::label`] names.
    pub fn version(&self) -> Option<Version> {
        match self {
            AnyToken::V007(_) => Some(Version::V007),
            AnyToken::V006(_) => Some(Version::V006),
            AnyToken::V005(_) => Some(Version::V005),
            AnyToken::Key(_) => None,
        }
    }

    /// The `version` field of the decoded object: "007", "006", "005", "001" to "004"
    /// (DynamicKey to DynamicKey4) or "signaling".
    pub fn label(&self) -> &'static str {
        match self {
            AnyToken::Key(k) => k.version(),
            other => other.version().map_or("", Version::prefix),
        }
    }
}

/// Decodes a token of any version, chosen by its prefix, without checking its signature.
/// A 007 token is read leniently (see [`DecodedToken2::strict`] for the strict form).
pub fn decode_any(token: &str) -> Result<AnyToken, DecodeError> {
    decode_any_with(token, Detail::Full)
}

/// As [`decode_any`], for checking a token with [`AnyToken::verify`], which reads neither
/// privileges nor RTM2 resource names: a 007 token's are checked (bounds, UTF-8) as
/// `decode_any` checks them, so the two refuse the same tokens with the same errors, but
/// not kept, so its services come back without privileges and with empty RTM2 permissions.
/// Use `decode_any` to read a token.
pub fn decode_to_verify(token: &str) -> Result<AnyToken, DecodeError> {
    decode_any_with(token, Detail::ForVerify)
}

/// Decodes `token` and checks it, as [`decode_to_verify`] and then [`AnyToken::verify`]
/// do, with the same results and errors: the outer `Result` is the decoding's, the inner
/// one the check's. A 007 token checked with a valid certificate has its signature hashed
/// while its payload inflates, which for a long token takes less time than one after the
/// other (a tenth less with 1000 privileges).
pub fn verify_token(token: &str, app_certificate: &str, expected: &Expected<'_>) -> Result<Result<bool, Error>, DecodeError> {
    let t = match keys::decode_legacy_key(token) {
        Some(key) => AnyToken::Key(key?),
        // (Not in the WebAssembly build, whose size has a budget, and where the overlap was
        // not measured: there a 007 token is decoded, then verified.)
        None if !cfg!(target_family = "wasm")
            && Version::of(token) == Some(Version::V007)
            && validate::app_certificate("appCertificate", app_certificate).is_ok() =>
        {
            let (d, mac) = v007::decode_with_mac(token, app_certificate)?;
            return Ok(AnyToken::V007(d).verify_with(app_certificate, expected, Some(&mac)));
        }
        None => decode_prefixed(token, Detail::ForVerify)?,
    };
    Ok(t.verify(app_certificate, expected))
}

fn decode_any_with(token: &str, keep: Detail) -> Result<AnyToken, DecodeError> {
    // First: a DynamicKey (v1) or DynamicKey2 is bare hex, which may start with "005".
    if let Some(key) = keys::decode_legacy_key(token) {
        return key.map(AnyToken::Key);
    }
    decode_prefixed(token, keep)
}

/// Decodes a token that is not a bare-hex legacy key, by its prefix.
fn decode_prefixed(token: &str, keep: Detail) -> Result<AnyToken, DecodeError> {
    match Version::of(token) {
        Some(Version::V007) => v007::decode_with(token, keep).map(AnyToken::V007),
        Some(Version::V006) => v006::decode(token).map(AnyToken::V006),
        Some(Version::V005) => dynamic_key5::decode(token).map(AnyToken::V005),
        None => Err(DecodeError::UnknownVersion { got: first_chars(token) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_by_prefix() {
        assert_eq!(decode_any("abc").unwrap_err(), DecodeError::UnknownVersion { got: "abc".into() });
        assert_eq!(decode_any("").unwrap_err(), DecodeError::UnknownVersion { got: "".into() });
        assert_eq!(too_long(1 << 30).to_string(), format!("token is 1073741824 characters long; a token is at most {MAX_ANY_TOKEN_LEN}"));
        assert!(matches!(decode_any("007").unwrap_err(), DecodeError::Empty { what: "token", .. }));
        assert!(matches!(decode_any("005").unwrap_err(), DecodeError::Empty { what: "key", .. }));
        assert!(matches!(decode_any("006").unwrap_err(), DecodeError::AppIdNotHex { hex_run: 0 }));
        for v in Version::ALL {
            let long = format!("{}{}", v.prefix(), "A".repeat(v.max_len()));
            assert!(matches!(decode_any(&long).unwrap_err(), DecodeError::TooLong { .. }), "{v:?}");
            assert!(v.max_len() <= MAX_ANY_TOKEN_LEN);
            let n = MAX_ANY_TOKEN_LEN + 1;
            assert!(
                matches!(decode_any(&format!("{}{}", v.prefix(), "A".repeat(n - 3))).unwrap_err(), DecodeError::TooLong { len, .. } if len == n)
            );
        }
    }

    #[test]
    fn messages_name_the_version() {
        assert_eq!(
            decode_any("xyz1").unwrap_err().to_string(),
            "not a 007 token: it starts with \"xyz\", expected \"007\" (or \"006\" / \"005\" for a legacy AccessToken / DynamicKey5; \"003\" / \"004\", \"1:\" or 90 / 110 hexadecimal characters for DynamicKey3 / DynamicKey4, a SignalingToken or DynamicKey / DynamicKey2)"
        );
        assert_eq!(decode_any("007").unwrap_err().to_string(), "token has nothing after its \"007\" version prefix");
        assert_eq!(decode_any("005").unwrap_err().to_string(), "key has nothing after its \"005\" version prefix");
        assert_eq!(v007::decode("006x").unwrap_err().to_string(), "not a 007 token: it starts with \"006\", expected \"007\"");
        assert_eq!(v006::decode("007x").unwrap_err().to_string(), "not a 006 token: it starts with \"007\", expected \"006\"");
        assert_eq!(dynamic_key5::decode("006x").unwrap_err().to_string(), "not a DynamicKey5: it starts with \"006\", expected \"005\"");
    }
}
