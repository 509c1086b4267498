//! Token strings read from JavaScript with their length checked before they are copied:
//! a 100 MB string is refused after one napi call that reads its length, not after
//! copying it into Rust.

use agora_token_core::version::{self, MAX_ANY_TOKEN_LEN};
use agora_token_core::{DecodeError, Error};
use napi::{sys, JsValue};

use crate::args::{self, Arg, JsStr};

/// Why a token argument could not be read.
pub enum Refused {
    /// Not a string: the parameter's `TypeError`.
    Arg(Error),
    /// A string no decoder would read (longer than any token).
    Token(DecodeError),
}

/// The length of a JavaScript string in UTF-16 units, read without copying it, or
/// `None` when the value is not a string.
fn utf16_len(v: &Arg<'_>) -> Option<usize> {
    let raw = v.value();
    let mut len = 0usize;
    // SAFETY: `raw` is a live handle of the current call; with a null buffer napi writes
    // only the length, into `len`, which outlives the call.
    let status = unsafe { sys::napi_get_value_string_utf16(raw.env, raw.value, std::ptr::null_mut(), 0, &mut len) };
    (status == sys::Status::napi_ok).then_some(len)
}

/// Room on the stack for a token string: real tokens are a few hundred characters; a
/// longer one is read onto the heap.
const TOKEN_BUF: usize = 1024;

/// Reads a token argument: a string of at most [`MAX_ANY_TOKEN_LEN`] UTF-16 units is
/// copied and returned (each decoder then applies its own version's limit); a longer one
/// is refused from its length alone, without reading a character of it (V8 flattens a
/// concatenated string before copying even part of it out: 50 ms for 100 MB). (A string's UTF-8 length is at least its
/// UTF-16 length, so nothing refused here would have been accepted.)
pub fn token_string(v: &Arg<'_>, param: &'static str) -> Result<JsStr<TOKEN_BUF>, Refused> {
    match utf16_len(v) {
        Some(len) if len > MAX_ANY_TOKEN_LEN => Err(Refused::Token(version::too_long(len))),
        Some(len) if len + 5 > TOKEN_BUF => args::read_long_str(v, len, param).map_err(Refused::Arg),
        _ => args::read_str(v, param).map_err(Refused::Arg),
    }
}
