//! Errors. A message names the parameter and the rule it broke; it never contains the
//! App Certificate (validation of the certificate reports only its length).

use std::fmt;

/// Which JavaScript error class an [`Error`] maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The value has the wrong type or shape (maps to `TypeError`).
    Type,
    /// The value has the right type but is out of the allowed range (maps to `RangeError`).
    Range,
}

/// An invalid argument: which parameter, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub param: &'static str,
    pub message: String,
}

impl Error {
    pub fn type_error(param: &'static str, rule: impl fmt::Display) -> Self {
        Error { kind: ErrorKind::Type, param, message: format!("{param} {rule}") }
    }
    pub fn range_error(param: &'static str, rule: impl fmt::Display) -> Self {
        Error { kind: ErrorKind::Range, param, message: format!("{param} {rule}") }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Why a token could not be read. Each variant is one kind of fault; its text (the
/// `Display`) says what was expected and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The string does not start with the version prefix of any token this crate reads.
    UnknownVersion { got: String },
    /// The string does not start with the prefix the decoder called expects
    /// (`name` is "007 token", "006 token" or "DynamicKey5").
    WrongVersion { name: &'static str, expected: &'static str, got: String },
    /// The string is longer than any token of its version can be.
    TooLong { what: &'static str, name: &'static str, len: usize, max: usize },
    /// Nothing follows the prefix (`after` names what came last).
    Empty { what: &'static str, after: &'static str },
    /// A 006 token's App ID is not 32 hexadecimal characters.
    AppIdNotHex { hex_run: usize },
    /// The body is not base64 (`hint` suggests a likely cause, or is empty).
    Base64 { what: &'static str, detail: String, hint: &'static str },
    /// A field runs past the end of the data.
    Truncated { what: &'static str, needed: usize, offset: usize, remaining: usize },
    /// A count claims more items than the bytes left could hold.
    CountExceedsData { container: &'static str, what: &'static str, count: usize, unit: &'static str, remaining: usize },
    /// A string field is not UTF-8.
    InvalidUtf8 { what: &'static str },
    /// A fixed-size field has the wrong size.
    BadLength { what: &'static str, rule: &'static str, got: usize },
    /// Bytes are left over after the last field (`container` has `n` bytes after `after`).
    TrailingBytes { container: &'static str, n: usize, after: &'static str },
    /// A 007 service type this decoder does not know.
    UnknownService { service_type: u16 },
    /// More items than the decoder accepts from an untrusted token (see `v007::MAX_SERVICES`
    /// and the `service::MAX_RTM2_*` limits).
    TooMany { what: &'static str, count: usize, max: usize },
    /// The compressed payload is not a valid zlib stream or inflates past the limit; the
    /// text says which.
    Zlib(String),
    /// A format decoder's own message (the pre-DynamicKey5 keys), shown as is.
    Format(String),
}

impl DecodeError {
    /// A fault of the compressed payload (see [`DecodeError::Zlib`]).
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError::Format(message.into())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownVersion { got } => write!(
                f,
                "not a 007 token: it starts with {got:?}, expected \"007\" (or \"006\" / \"005\" for a legacy AccessToken / DynamicKey5; \"003\" / \"004\", \"1:\" or 90 / 110 hexadecimal characters for DynamicKey3 / DynamicKey4, a SignalingToken or DynamicKey / DynamicKey2)"
            ),
            DecodeError::WrongVersion { name, expected, got } => write!(f, "not a {name}: it starts with {got:?}, expected {expected:?}"),
            DecodeError::TooLong { what, name, len, max } => write!(f, "{what} is {len} characters long; a {name} is at most {max}"),
            DecodeError::Empty { what, after } => write!(f, "{what} has nothing after its {after}"),
            DecodeError::AppIdNotHex { hex_run } => write!(
                f,
                "a 006 token has a 32-character hexadecimal App ID after \"006\", but this one has only {hex_run} hexadecimal characters there"
            ),
            DecodeError::Base64 { what, detail, hint } => write!(f, "{what} is not valid base64: {detail}{hint}"),
            DecodeError::Truncated { what, needed, offset, remaining } => {
                write!(f, "truncated token: {what} needs {needed} bytes at offset {offset} but only {remaining} remain")
            }
            DecodeError::CountExceedsData { container, what, count, unit, remaining } => {
                write!(f, "truncated {container}: {what} claims {count} {unit} but only {remaining} bytes remain")
            }
            DecodeError::InvalidUtf8 { what } => write!(f, "{what} is not valid UTF-8"),
            DecodeError::BadLength { what, rule, got } => write!(f, "{what} must be {rule}, got {got} bytes"),
            DecodeError::TrailingBytes { container, n, after } => write!(f, "{container} has {n} unexpected bytes after its {after}"),
            DecodeError::UnknownService { service_type } => {
                write!(f, "token contains service type {service_type}, which this decoder does not know (it knows 1 to 10)")
            }
            DecodeError::TooMany { what, count, max } => {
                write!(f, "token holds {count} {what}; a token may hold at most {max}, so this one is refused")
            }
            DecodeError::Zlib(message) | DecodeError::Format(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for DecodeError {}
