//! Why would Agora refuse this token? [`diagnose`] decodes a token, compares it with what
//! the caller expected (App ID, certificate, channel, uid, service, role, SDK) and with the
//! clock, and returns every problem it finds, each with a stable code, a severity, the field
//! involved, a message in the user's words (with the values involved, never the App
//! Certificate) and a hint saying what to change where the token is built.
//!
//! Each token format has its own checks (`access_token2` for 007, `legacy` for 006 and
//! DynamicKey5, `keys` for DynamicKey 1 to 4 and the Signaling token); the token is read by
//! the crate's one dispatch, [`crate::decode_any`], so a new format is one more match arm in
//! [`diagnose`].
//!
//! Bounded on untrusted input: decoding is the decoders' (bounded); every value shown in a
//! message is cut to [`MAX_SHOWN`] characters and at most [`MAX_PROBLEMS`] problems are kept.

mod access_token2;
mod keys;
mod legacy;
mod rules;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;

use crate::error::{DecodeError, Error};
use crate::service::ServiceType;
use crate::version::{decode_any, AnyToken};

use crate::validate;

pub use rules::{channel_matches, Sdk, SdkFamily, MAX_EXPECTED_CHANNEL, MAX_WILDCARD};

/// At most this many problems are reported for one token.
pub const MAX_PROBLEMS: usize = 32;
/// A value from the token is shown in a message cut to this many characters.
pub const MAX_SHOWN: usize = 80;
/// Agora's cap on a token's life: 24 hours.
pub const MAX_LIFETIME: u32 = 24 * 3600;
/// An issue time up to this many seconds in the future is a warning (clock skew), beyond
/// it an error.
pub const CLOCK_SKEW: u32 = 300;

/// The stable code of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Malformed,
    WrongVersion,
    WrongAppId,
    BadSignature,
    Expired,
    NotYetValid,
    PrivilegeExpired,
    LifetimeOver24h,
    ChannelMismatch,
    UidMismatch,
    MissingService,
    MissingPrivilege,
    UnknownService,
}

impl Code {
    pub const ALL: [Code; 13] = [
        Code::Malformed,
        Code::WrongVersion,
        Code::WrongAppId,
        Code::BadSignature,
        Code::Expired,
        Code::NotYetValid,
        Code::PrivilegeExpired,
        Code::LifetimeOver24h,
        Code::ChannelMismatch,
        Code::UidMismatch,
        Code::MissingService,
        Code::MissingPrivilege,
        Code::UnknownService,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Malformed => "MALFORMED",
            Code::WrongVersion => "WRONG_VERSION",
            Code::WrongAppId => "WRONG_APP_ID",
            Code::BadSignature => "BAD_SIGNATURE",
            Code::Expired => "EXPIRED",
            Code::NotYetValid => "NOT_YET_VALID",
            Code::PrivilegeExpired => "PRIVILEGE_EXPIRED",
            Code::LifetimeOver24h => "LIFETIME_OVER_24H",
            Code::ChannelMismatch => "CHANNEL_MISMATCH",
            Code::UidMismatch => "UID_MISMATCH",
            Code::MissingService => "MISSING_SERVICE",
            Code::MissingPrivilege => "MISSING_PRIVILEGE",
            Code::UnknownService => "UNKNOWN_SERVICE",
        }
    }
}

/// Whether a problem makes Agora refuse the token (`Error`) or may surprise the user later
/// (`Warning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub severity: Severity,
    /// The token field or expected value involved (`expire`, `channelName`, `uid`, ...).
    pub field: &'static str,
    pub message: String,
    pub hint: String,
}

pub use crate::verify::Uid;

impl Uid {
    /// How the client wrote it, for messages: `uid 42` or `user account "42"`.
    pub fn describe(&self) -> String {
        match self {
            Uid::Number(n) => format!("uid {n}"),
            Uid::Account(a) => format!("user account {}", show(a)),
        }
    }
}

/// The RTC role the user will take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Publisher,
    Subscriber,
}

impl Role {
    /// `'publisher'` or `'subscriber'` (any case).
    pub fn parse(param: &'static str, value: &str) -> Result<Role, Error> {
        match value.to_ascii_lowercase().as_str() {
            "publisher" => Ok(Role::Publisher),
            "subscriber" => Ok(Role::Subscriber),
            _ => Err(Error::range_error(param, format_args!("must be 'publisher' or 'subscriber', got {}", show(value)))),
        }
    }
}

/// The service a token is used for: one of the 007 service names (`rtc`, `rtm`, `chat`, ...).
pub fn parse_service(param: &'static str, value: &str) -> Result<ServiceType, Error> {
    let lower = value.to_ascii_lowercase();
    ServiceType::ALL.into_iter().find(|t| t.name() == lower).ok_or_else(|| {
        let names: Vec<&str> = ServiceType::ALL.iter().map(|t| t.name()).collect();
        Error::range_error(param, format_args!("must be one of {}, got {}", names.join(", "), show(value)))
    })
}

/// What the caller expected of the token. Every field is optional; each one given turns on
/// the checks that need it.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub app_id: Option<String>,
    /// Checked with [`validate::app_certificate`] by [`Expected::check`]; never shown.
    pub app_certificate: Option<String>,
    pub channel_name: Option<String>,
    pub uid: Option<Uid>,
    pub service: Option<ServiceType>,
    pub role: Option<Role>,
    pub sdk: Option<Sdk>,
}

impl Expected {
    /// The input rules of the expected values that are not checked while parsing them.
    pub fn check(&self) -> Result<(), Error> {
        if let Some(c) = &self.app_certificate {
            validate::app_certificate("expected.appCertificate", c)?;
        }
        if let Some(c) = &self.channel_name {
            if c.len() > rules::MAX_EXPECTED_CHANNEL {
                return Err(Error::range_error(
                    "expected.channelName",
                    format_args!(
                        "must be at most {} bytes (a token cannot hold a longer one), got {}",
                        rules::MAX_EXPECTED_CHANNEL,
                        c.len()
                    ),
                ));
            }
        }
        if let Some(a) = &self.app_id {
            if a.len() > 1024 {
                return Err(Error::range_error(
                    "expected.appId",
                    format_args!("must be at most 1024 bytes (an App ID is 32), got {}", a.len()),
                ));
            }
        }
        Ok(())
    }

    /// The service the checks of channel, uid and role apply to: the expected one, else
    /// RTC when a channel or role is expected.
    fn target(&self) -> Option<ServiceType> {
        self.service.or((self.channel_name.is_some() || self.role.is_some()).then_some(ServiceType::Rtc))
    }
}

/// The result of [`diagnose`].
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// The decoded token, when it could be read.
    pub decoded: Option<AnyToken>,
    pub problems: Vec<Problem>,
    /// Whether the signature was checked (a certificate was given, and for 006/005 tokens
    /// the channel and uid their signatures cover).
    pub signature_checked: bool,
}

impl Diagnosis {
    /// No problem of severity error.
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    pub fn version(&self) -> Option<&'static str> {
        self.decoded.as_ref().map(AnyToken::label)
    }
}

/// Collects problems, keeping at most [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub(crate) struct Report {
    problems: Vec<Problem>,
    pub signature_checked: bool,
}

impl Report {
    pub fn push(&mut self, code: Code, severity: Severity, field: &'static str, message: String, hint: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { code, severity, field, message, hint: hint.into() });
        }
    }
    pub fn error(&mut self, code: Code, field: &'static str, message: String, hint: impl Into<String>) {
        self.push(code, Severity::Error, field, message, hint)
    }
    pub fn warning(&mut self, code: Code, field: &'static str, message: String, hint: impl Into<String>) {
        self.push(code, Severity::Warning, field, message, hint)
    }
}

/// Diagnoses `token` against `expected` at the Unix time `now` (seconds).
pub fn diagnose(token: &str, expected: &Expected, now: u32) -> Diagnosis {
    let mut r = Report::default();
    let decoded = match decode_any(token.trim_end_matches(['\r', '\n'])) {
        Ok(d) => d,
        Err(e) => {
            malformed(&mut r, token, &e);
            return Diagnosis { decoded: None, problems: r.problems, signature_checked: false };
        }
    };
    if token.ends_with(['\r', '\n']) {
        r.warning(
            Code::Malformed,
            "token",
            "the token ends with a line break, which the SDK would pass to Agora as part of the token".into(),
            "trim the token (a file or an environment variable often adds the newline)",
        );
    }
    if let Some(sdk) = &expected.sdk {
        rules::check_version(&mut r, decoded.label(), sdk);
    }
    match &decoded {
        AnyToken::V007(d) => access_token2::check(&mut r, d, expected, now),
        AnyToken::V006(d) => legacy::check_006(&mut r, d, expected, now),
        AnyToken::V005(d) => legacy::check_005(&mut r, d, expected, now),
        AnyToken::Key(k) => keys::check(&mut r, k, expected, now),
    }
    let signature_checked = r.signature_checked;
    Diagnosis { decoded: Some(decoded), problems: r.problems, signature_checked }
}

fn malformed(r: &mut Report, token: &str, e: &DecodeError) {
    let trimmed = token.trim();
    let hint = if token.is_empty() {
        "the token is empty: check that the code that fetches it from your server got a response"
    } else if trimmed != token {
        "the token has spaces or line breaks around it: trim it"
    } else if token.starts_with('"') || token.starts_with('{') {
        "this looks like JSON: pass the token string itself, not the response body that contains it"
    } else if token.contains('%') {
        "the token looks URL-encoded: decode it (decodeURIComponent) before using it"
    } else if token.contains(' ') {
        "a '+' in the token probably became a space in a query string: URL-encode the token when you put it in a URL"
    } else {
        "pass the token exactly as the server built it; if it was copied by hand, copy it again"
    };
    r.error(Code::Malformed, "token", format!("the token cannot be read: {e}"), hint);
}

/// A value from a token or from the caller, quoted and escaped, cut to [`MAX_SHOWN`]
/// characters.
pub fn show(s: &str) -> String {
    let n = s.chars().count();
    if n <= MAX_SHOWN {
        return format!("{s:?}");
    }
    let cut: String = s.chars().take(MAX_SHOWN).collect();
    let mut out = format!("{cut:?}");
    let _ = write!(out, " (cut, {n} characters)");
    out
}

/// A Unix time as an ISO 8601 UTC date, for messages.
pub fn iso(unix: u64) -> String {
    let days = (unix / 86400) as i64;
    let secs = unix % 86400;
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// A duration in words: `90 s`, `5 min`, `3 h 20 min`, `2 days 1 h`.
pub fn duration(secs: u64) -> String {
    if secs < 120 {
        format!("{secs} s")
    } else if secs < 7200 {
        format!("{} min", secs / 60)
    } else if secs < 2 * 86400 {
        let (h, m) = (secs / 3600, secs % 3600 / 60);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else {
        format!("{} days", secs / 86400)
    }
}
