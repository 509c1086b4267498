//! What "valid" means for a token of any version: its signature matches the App
//! Certificate, it is for the expected channel and uid, and (when asked) it has not
//! expired at a given time. Pure: the caller passes the time.

use std::borrow::Cow;

use crate::error::Error;
use crate::keys::LegacyKey;
use crate::validate;
use crate::version::AnyToken;

/// What a token must also be for, besides carrying a good signature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The channel name (for a 006 RTM token, the RTM account).
    pub channel_name: Option<&'a str>,
    /// The uid (for a SignalingToken, the account), as the caller gave it.
    pub uid: Option<ExpectedUid<'a>>,
    /// When set, the token must not have expired at this Unix time (seconds).
    pub now: Option<u32>,
}

/// The user a token should be for, as the client passes it: a numeric uid, or a string
/// user account (owned; [`Uid::as_expected`] borrows it as an [`ExpectedUid`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uid {
    Number(u32),
    Account(String),
}

impl Uid {
    /// The string form a 007/006 token stores: "" for uid 0, the digits otherwise.
    pub fn token_form(&self) -> Cow<'_, str> {
        self.as_expected().token_form()
    }

    /// The same uid, borrowed, as [`Expected`] takes it.
    pub fn as_expected(&self) -> ExpectedUid<'_> {
        match self {
            Uid::Number(n) => ExpectedUid::Number(*n),
            Uid::Account(a) => ExpectedUid::Text(a),
        }
    }
}

/// A uid as the caller gave it: a number, or a string (an account, or digits). Each format
/// reads it in its own form: see [`ExpectedUid::token_form`] and [`ExpectedUid::written`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedUid<'a> {
    Number(u32),
    Text(&'a str),
}

impl<'a> ExpectedUid<'a> {
    /// As a 007, 006 or DynamicKey5 token stores a uid: "" for the number 0 ("any uid"),
    /// the digits of any other number, a string as it is.
    pub fn token_form(self) -> Cow<'a, str> {
        match self {
            ExpectedUid::Number(n) => validate::uid_string(n),
            ExpectedUid::Text(s) => Cow::Borrowed(s),
        }
    }

    /// As written: a number's digits (0 is "0"), a string as it is. A SignalingToken signs
    /// its account this way, and DynamicKey 2-4 read a number from it.
    pub fn written(self) -> Cow<'a, str> {
        match self {
            ExpectedUid::Number(n) => Cow::Owned(n.to_string()),
            ExpectedUid::Text(s) => Cow::Borrowed(s),
        }
    }
}

impl AnyToken {
    /// When the token stops being valid (Unix seconds), or `None` if it never does:
    /// a 007 token `expire` seconds after its issue time (with expire 0, the moment it is
    /// issued), a 006 token at its message `ts`, a DynamicKey5 at its `expiredTs` (0: never).
    pub fn expires_at(&self) -> Option<u64> {
        match self {
            AnyToken::V007(d) => Some(d.token.issue_ts as u64 + d.token.expire as u64),
            AnyToken::V006(d) => Some(d.ts as u64),
            AnyToken::V005(d) => (d.expired_ts != 0).then_some(d.expired_ts as u64),
            AnyToken::Key(LegacyKey::Dynamic(d)) => d.expired_ts.filter(|&t| t != 0).map(u64::from),
            AnyToken::Key(LegacyKey::Signaling(s)) => Some(s.expired_ts as u64),
        }
    }

    /// Whether the token has expired at `now`: it is still valid during the second it
    /// expires at, except a 007 token with expire 0, which Agora treats as expired at issue.
    pub fn is_expired(&self, now: u32) -> bool {
        if let AnyToken::V007(d) = self {
            if d.token.expire == 0 {
                return true;
            }
        }
        self.expires_at().is_some_and(|t| t < now as u64)
    }

    /// Whether the token is valid: its signature matches `app_certificate` (compared in
    /// constant time; a certificate that is not 32 hex characters never matches), it is
    /// for `expected`'s channel and uid (each when given), and it has not expired at
    /// `expected.now` (when given).
    ///
    /// Errors when a 006 token or DynamicKey5 comes without both the channel name and uid
    /// (their signatures cover both, and the token does not carry them), or with a
    /// DynamicKey5 uid that is not a number.
    pub fn verify(&self, app_certificate: &str, expected: &Expected<'_>) -> Result<bool, Error> {
        self.verify_with(app_certificate, expected, None)
    }

    /// [`AnyToken::verify`]; for a 007 token given `mac`, the MAC of its signed bytes under
    /// `app_certificate` (computed as its payload inflated), the signature is compared
    /// with that.
    pub(crate) fn verify_with(&self, app_certificate: &str, expected: &Expected<'_>, mac: Option<&[u8; 32]>) -> Result<bool, Error> {
        let signed = match self {
            AnyToken::V007(d) => {
                mac.map_or_else(|| d.verify(app_certificate), |m| d.signature_is(m))
                    && d.is_for(expected.channel_name, expected.uid.map(ExpectedUid::token_form).as_deref())
            }
            AnyToken::V006(d) => {
                let (c, u) = required("006 token", expected)?;
                d.verify(app_certificate, c, &u.token_form())
            }
            AnyToken::V005(d) => {
                let (c, u) = required("DynamicKey5", expected)?;
                d.verify(app_certificate, c, key5_uid(&u.token_form())?)
            }
            AnyToken::Key(k) => k
                .verify(app_certificate, expected.channel_name, expected.uid.map(ExpectedUid::written).as_deref())
                .map_err(|e| Error::type_error(e.param(), e.rule(k.format())))?,
        };
        Ok(signed && !expected.now.is_some_and(|now| self.is_expired(now)))
    }
}

/// 006 and 005 signatures cover the channel name and uid, which the token does not carry.
fn required<'a>(what: &str, expected: &Expected<'a>) -> Result<(&'a str, ExpectedUid<'a>), Error> {
    let need = |param: &'static str| {
        Error::type_error(
            param,
            format_args!("is required to verify a {what}: its signature covers the channel name and uid, which the token does not contain"),
        )
    };
    let c = expected.channel_name.ok_or_else(|| need("expected.channelName"))?;
    let u = expected.uid.ok_or_else(|| need("expected.uid"))?;
    Ok((c, u))
}

/// A DynamicKey5 uid is a number: "" (uid 0) or its decimal digits, as accounts are stored.
fn key5_uid(u: &str) -> Result<u32, Error> {
    if u.is_empty() {
        return Ok(0);
    }
    match u.parse::<u32>() {
        Ok(n) if n.to_string() == u => Ok(n),
        _ => Err(Error::type_error("expected.uid", "must be a number from 0 to 4294967295 for a DynamicKey5")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Service, ServiceData, RTC_JOIN_CHANNEL};
    use crate::v007::{self, AccessToken2};
    use crate::version::decode_any;

    const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn token(issue_ts: u32, expire: u32) -> AnyToken {
        let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts, expire, salt: 7, services: vec![] };
        let mut rtc = Service::new(ServiceData::Rtc { channel_name: "c".into(), uid: "42".into() });
        rtc.privileges.add(RTC_JOIN_CHANNEL, 0);
        t.add_service(rtc);
        decode_any(&t.build(CERT).unwrap()).unwrap()
    }

    #[test]
    fn expiry_is_checked_only_when_asked() {
        let t = token(1_000, 600);
        let at = |now| Expected { now: Some(now), ..Expected::default() };
        assert!(t.verify(CERT, &Expected::default()).unwrap());
        assert!(t.verify(CERT, &at(1_600)).unwrap(), "valid during the second it expires at");
        assert!(!t.verify(CERT, &at(1_601)).unwrap());
        assert!(!t.verify("5CFd2fd1755d40ecb72977518be15d3c", &at(1_000)).unwrap());
        let zero = token(1_000, 0);
        assert!(zero.verify(CERT, &Expected::default()).unwrap());
        assert!(!zero.verify(CERT, &at(1_000)).unwrap(), "expire 0 expires at issue");
        assert!(!zero.verify(CERT, &at(0)).unwrap());
        assert_eq!(t.expires_at(), Some(1_600));
        let _ = v007::now();
    }

    #[test]
    fn legacy_tokens_need_channel_and_uid() {
        let p = crate::v006::Parts { app_id: APP_ID, channel_name: "c", uid: "42", salt: 1, ts: 2_000 };
        let t = decode_any(&crate::v006::build_parts(p, &[(1, 0)], CERT)).unwrap();
        let e = t.verify(CERT, &Expected::default()).unwrap_err();
        assert_eq!(e.param, "expected.channelName");
        let ok = Expected { channel_name: Some("c"), uid: Some(ExpectedUid::Number(42)), now: None };
        assert!(t.verify(CERT, &Expected { uid: Some(ExpectedUid::Text("42")), ..ok }).unwrap());
        assert!(!t.verify(CERT, &Expected { uid: Some(ExpectedUid::Number(0)), ..ok }).unwrap());
        assert!(t.verify(CERT, &ok).unwrap());
        assert!(t.verify(CERT, &Expected { now: Some(2_000), ..ok }).unwrap());
        assert!(!t.verify(CERT, &Expected { now: Some(2_001), ..ok }).unwrap());
        assert_eq!(key5_uid("").unwrap(), 0);
        assert_eq!(key5_uid("07").unwrap_err().param, "expected.uid");
    }
}
