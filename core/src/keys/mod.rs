//! The keys older than DynamicKey5: DynamicKey (v1), DynamicKey2, DynamicKey3, DynamicKey4
//! ([`dynamic_key`]) and the Signaling SDK's token ([`signaling`]), and one entry point
//! that recognises them, [`decode_legacy_key`].
//!
//! How a string is recognised (nothing else claims these shapes):
//! - `"1:"` then anything: a Signaling token;
//! - 90 or 110 characters, all hexadecimal: DynamicKey (v1) or DynamicKey2. These carry no
//!   version; the two are told apart by their length (with a 32-character App ID), and the
//!   result says so in [`LegacyKey::ambiguity`]. Their signature is random hex, so about
//!   one key in 1365 starts with "005", "006" or "007": call this before dispatching on
//!   those prefixes;
//! - otherwise `"003"` / `"004"` then anything: DynamicKey3 / DynamicKey4.

pub mod dynamic_key;
pub mod signaling;

use crate::error::DecodeError;
use dynamic_key::{DecodedDynamicKey, Generation};
use signaling::DecodedSignaling;

/// Lowercase hex text of `bytes`.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    hex_with(bytes, b"0123456789abcdef")
}

/// Uppercase hex text of `bytes` (DynamicKey5's signature).
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    hex_with(bytes, b"0123456789ABCDEF")
}

fn hex_with(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(digits[(b >> 4) as usize] as char);
        s.push(digits[(b & 15) as usize] as char);
    }
    s
}

/// A decoded pre-DynamicKey5 key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyKey {
    Dynamic(DecodedDynamicKey),
    Signaling(DecodedSignaling),
}

/// What cannot be read from the bytes of a DynamicKey (v1) or DynamicKey2.
pub const AMBIGUITY_V1: &str =
    "a DynamicKey (v1) and a DynamicKey2 carry no version: this 90-character key is read as a DynamicKey (v1) from its length";
/// What cannot be read from the bytes of a DynamicKey2.
pub const AMBIGUITY_V2: &str =
    "a DynamicKey (v1) and a DynamicKey2 carry no version: this 110-character key is read as a DynamicKey2 from its length";
/// What cannot be read from the bytes of a DynamicKey4.
pub const AMBIGUITY_V4: &str = "a DynamicKey4 does not carry its service (publicSharing, recording or mediaChannel) nor its uid: \
     both are only inside the signature, so verify it with the certificate, channel name and uid to learn the service";

impl LegacyKey {
    /// The format's name: "DynamicKey", "DynamicKey2", "DynamicKey3", "DynamicKey4" or "SignalingToken".
    pub fn format(&self) -> &'static str {
        match self {
            LegacyKey::Dynamic(d) => d.generation.name(),
            LegacyKey::Signaling(_) => "SignalingToken",
        }
    }

    /// The version: "001" to "004" (as the official implementations number them; only
    /// "003" and "004" are written in the key) or "signaling".
    pub fn version(&self) -> &'static str {
        match self {
            LegacyKey::Dynamic(d) => d.generation.version(),
            LegacyKey::Signaling(_) => "signaling",
        }
    }

    /// What the bytes could not tell, when anything: stated rather than guessed silently.
    pub fn ambiguity(&self) -> Option<&'static str> {
        match self {
            LegacyKey::Dynamic(d) => match d.generation {
                Generation::V1 => Some(AMBIGUITY_V1),
                Generation::V2 => Some(AMBIGUITY_V2),
                Generation::V3 => None,
                Generation::V4 => Some(AMBIGUITY_V4),
            },
            LegacyKey::Signaling(_) => None,
        }
    }

    /// Checks the signature with `app_certificate` and the expected channel and uid (or
    /// account). What each format needs:
    /// - v1: `channel_name` (its signature does not cover a uid, so `uid` is ignored);
    /// - v2, v3, v4: `channel_name` and a numeric `uid`;
    /// - Signaling: the account, given as `uid` (`channel_name` is ignored).
    ///
    /// A missing or unusable value is reported as [`VerifyInput`] so the caller can tell
    /// the user which argument to add.
    pub fn verify(&self, app_certificate: &str, channel_name: Option<&str>, uid: Option<&str>) -> Result<bool, VerifyInput> {
        match self {
            LegacyKey::Signaling(s) => {
                let account = uid.ok_or(VerifyInput::MissingUid)?;
                Ok(s.verify(app_certificate, account))
            }
            LegacyKey::Dynamic(d) => {
                let channel = channel_name.ok_or(VerifyInput::MissingChannel)?;
                let uid = match (d.generation, uid) {
                    (Generation::V1, _) => 0,
                    (_, None) => return Err(VerifyInput::MissingUid),
                    (_, Some("")) => 0,
                    (_, Some(u)) => match u.parse::<u32>() {
                        Ok(n) if n.to_string() == u => n,
                        _ => return Err(VerifyInput::UidNotNumeric),
                    },
                };
                Ok(d.verify(app_certificate, channel, uid))
            }
        }
    }
}

/// Why [`LegacyKey::verify`] could not check a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyInput {
    /// The format's signature covers the channel name: it must be given.
    MissingChannel,
    /// The format's signature covers the uid (the account of a Signaling token).
    MissingUid,
    /// A DynamicKey 2-4 uid is a number from 0 to 4294967295.
    UidNotNumeric,
}

impl VerifyInput {
    /// The parameter to name in an error.
    pub fn param(self) -> &'static str {
        match self {
            VerifyInput::MissingChannel => "expected.channelName",
            VerifyInput::MissingUid | VerifyInput::UidNotNumeric => "expected.uid",
        }
    }

    /// The rule, to follow the parameter's name.
    pub fn rule(self, format: &str) -> String {
        match self {
            VerifyInput::MissingChannel => {
                format!("is required to verify a {format}: its signature covers the channel name, which the key does not contain")
            }
            VerifyInput::MissingUid if format == "SignalingToken" => {
                "is required to verify a SignalingToken: give the account there; its signature covers it".to_owned()
            }
            VerifyInput::MissingUid => {
                format!("is required to verify a {format}: its signature covers the uid")
            }
            VerifyInput::UidNotNumeric => format!("must be a number from 0 to 4294967295 for a {format}"),
        }
    }
}

fn dynamic(generation: Generation, key: &str) -> Result<LegacyKey, DecodeError> {
    dynamic_key::decode(generation, key).map(LegacyKey::Dynamic)
}

/// Recognises and decodes a pre-DynamicKey5 key, without checking its signature. `None`
/// when the string has none of their shapes (see the module's rules); `Some(Err)` when it
/// has one but is malformed.
pub fn decode_legacy_key(key: &str) -> Option<Result<LegacyKey, DecodeError>> {
    if key.starts_with(signaling::PREFIX) {
        return Some(signaling::decode(key).map(LegacyKey::Signaling));
    }
    let all_hex = key.bytes().all(|b| b.is_ascii_hexdigit());
    match key.len() {
        dynamic_key::V1_LEN if all_hex => return Some(dynamic(Generation::V1, key)),
        dynamic_key::V2_LEN if all_hex => return Some(dynamic(Generation::V2, key)),
        _ => {}
    }
    match key.get(..3) {
        Some("003") => Some(dynamic(Generation::V3, key)),
        Some("004") => Some(dynamic(Generation::V4, key)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
