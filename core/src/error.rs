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

/// Why a token could not be read. The text says what was expected and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError(message.into())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}
