//! The one place where JavaScript arguments become Rust values.
//!
//! Each function takes the raw argument and the parameter's name, checks its JavaScript
//! type here and its content with the core's rules (`agora_token_core::validate`), and
//! returns a checked value or an error naming the parameter. Messages never contain the
//! App Certificate.

use std::collections::BTreeMap;
use std::mem::MaybeUninit;

use agora_token_core::validate::{self, Account, AppCertificate, AppId, ChannelName, RtcRole};
use agora_token_core::{Error, Rtm2Permissions, Uid};
use napi::bindgen_prelude::JsObjectValue;
use napi::bindgen_prelude::{FromNapiValue, Object, Unknown};
use napi::{sys, JsValue, ValueType};

pub type Arg<'a> = Unknown<'a>;

/// The JavaScript type of a value (`Unknown` if it cannot be read).
pub fn ty(v: &Arg<'_>) -> ValueType {
    v.get_type().unwrap_or(ValueType::Unknown)
}

/// How a value is described in an error message (never its content, except numbers).
fn describe(v: &Arg<'_>) -> String {
    match ty(v) {
        ValueType::Undefined => "undefined".into(),
        ValueType::Null => "null".into(),
        ValueType::Boolean => "a boolean".into(),
        ValueType::Number => match number_value(v) {
            Some(n) => format!("the number {}", validate::js_number(n)),
            None => "a number".into(),
        },
        ValueType::String => "a string".into(),
        ValueType::Symbol => "a symbol".into(),
        ValueType::BigInt => "a bigint".into(),
        ValueType::Function => "a function".into(),
        ValueType::Object => {
            if v.is_array().unwrap_or(false) {
                "an array".into()
            } else {
                "an object".into()
            }
        }
        _ => "an unsupported value".into(),
    }
}

/// The value of a number, or `None` for anything else: one napi call, no `typeof` first
/// (`napi_get_value_double` refuses non-numbers itself).
fn number_value(v: &Arg<'_>) -> Option<f64> {
    let raw = v.value();
    let mut n = 0f64;
    // SAFETY: `raw` is a live handle of the current call; `n` outlives the call.
    let status = unsafe { sys::napi_get_value_double(raw.env, raw.value, &mut n) };
    (status == sys::Status::napi_ok).then_some(n)
}

fn string_value(v: &Arg<'_>) -> Option<String> {
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call; `from_napi_value` checks its type.
    unsafe { String::from_napi_value(raw.env, raw.value) }.ok()
}

pub fn is_nullish(v: &Arg<'_>) -> bool {
    matches!(ty(v), ValueType::Undefined | ValueType::Null)
}

fn wrong_type(param: &'static str, expected: &str, v: &Arg<'_>) -> Error {
    Error::type_error(param, format_args!("must be {expected}, got {}", describe(v)))
}

/// An options argument such as `expected`: `None` when it is null or undefined, the object
/// when it is one, else a TypeError naming `param` with `rule` (the shape it must have).
pub fn options<'a>(v: &Arg<'a>, param: &'static str, rule: &'static str) -> Result<Option<Object<'a>>, Error> {
    if is_nullish(v) {
        return Ok(None);
    }
    if ty(v) != ValueType::Object {
        return Err(Error::type_error(param, rule));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an object.
    unsafe { Object::from_napi_value(raw.env, raw.value) }.map(Some).map_err(|_| Error::type_error(param, rule))
}

/// Property `name` of an options object: `None` when it is null or undefined; `param` (such
/// as `expected.uid`) names it when it cannot be read (a getter that throws).
pub fn option<'a>(obj: &Object<'a>, name: &str, param: &'static str) -> Result<Option<Unknown<'a>>, Error> {
    let v: Unknown = obj.get_named_property(name).map_err(|_| Error::type_error(param, "could not be read"))?;
    Ok((!is_nullish(&v)).then_some(v))
}

/// `expected.channelName` and `expected.uid`, as `verifyToken` and `verifyLegacyKey` read them
/// (both properties are read before either is checked).
pub fn expected_channel_uid(obj: &Object<'_>) -> Result<(Option<String>, Option<Uid>), Error> {
    let channel = option(obj, "channelName", "expected.channelName")?;
    let uid = option(obj, "uid", "expected.uid")?;
    let channel = channel.map(|c| string(&c, "expected.channelName")).transpose()?;
    let uid = uid.map(|u| expected_uid(&u, "expected.uid")).transpose()?;
    Ok((channel, uid))
}

/// A string argument. (`String::from_napi_value` refuses non-strings itself, so no `typeof` first.)
pub fn string(v: &Arg<'_>, param: &'static str) -> Result<String, Error> {
    string_value(v).ok_or_else(|| wrong_type(param, "a string", v))
}

/// A string argument read without allocating when it is short: into a buffer of `N` bytes
/// on the stack with one napi call (two when it is not ASCII: see [`read_str`]). `N` is the
/// longest valid value plus 5 (4 for a character V8 could not fit, 1 for the NUL napi
/// writes), so a string that comes back shorter than `N - 4` bytes (or UTF-16 units) was
/// read whole (V8 writes whole characters only). A longer
/// one is read again onto the heap exactly as [`string`] does, so the caller's rule sees
/// the whole value and reports the same error.
pub struct JsStr<const N: usize> {
    /// Left uninitialised (no memset per argument); `buf[..len]` is written by `read_str`.
    buf: MaybeUninit<[u8; N]>,
    len: usize,
    heap: Option<String>,
}

impl<const N: usize> std::ops::Deref for JsStr<N> {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.heap {
            Some(s) => s,
            // SAFETY: `read_str` initialised `buf[..len]` (`len < N`) with ASCII (narrowed
            // from UTF-16) or with UTF-8 from napi that it checked.
            None => unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.buf.as_ptr().cast::<u8>(), self.len)) },
        }
    }
}

/// The buffer sizes of [`JsStr`] for each rule's longest value.
pub const CRED_BUF: usize = 32 + 5;
pub const CHANNEL_BUF: usize = validate::MAX_CHANNEL_NAME + 5;
pub const ACCOUNT_BUF: usize = validate::MAX_ACCOUNT + 5;

/// A string argument into a [`JsStr`]: the same results and errors as [`string`].
///
/// Arguments are nearly always ASCII (App IDs, certificates, channel names), and V8 copies
/// a string out as UTF-16 faster than it encodes it as UTF-8; so the string is read as
/// UTF-16 first and, when every unit is ASCII, narrowed to the same bytes UTF-8 would
/// give. Anything else (and anything too long) is read again as UTF-8. On WebAssembly the
/// string is read as UTF-8 straight away: emnapi's JavaScript writes UTF-16 one unit at a
/// time through a fresh view of the (shared) memory, UTF-8 through one view.
pub fn read_str<const N: usize>(v: &Arg<'_>, param: &'static str) -> Result<JsStr<N>, Error> {
    let raw = v.value();
    let mut s = JsStr { buf: MaybeUninit::uninit(), len: 0, heap: None };
    #[cfg(not(target_family = "wasm"))]
    if read_ascii_as_utf16(raw.env, raw.value, &mut s) {
        return Ok(s);
    }
    let mut len = 0usize;
    // SAFETY: `raw` is a live handle of the current call; napi writes at most `N` bytes
    // (including its NUL) into `buf`, and `len` outlives the call.
    let status = unsafe { sys::napi_get_value_string_utf8(raw.env, raw.value, s.buf.as_mut_ptr().cast(), N, &mut len) };
    if status != sys::Status::napi_ok {
        return Err(wrong_type(param, "a string", v));
    }
    // SAFETY: on success napi initialised `buf[..len]` (and a NUL after it), `len < N`.
    let read = (len < N).then(|| unsafe { std::slice::from_raw_parts(s.buf.as_ptr().cast::<u8>(), len) });
    if len + 5 <= N && read.is_some_and(|b| std::str::from_utf8(b).is_ok()) {
        s.len = len;
    } else {
        s.heap = Some(string(v, param)?);
    }
    Ok(s)
}

/// A string argument of `len` UTF-16 units (its length read already), too long for a
/// [`JsStr`]'s stack buffer, as a token with 1000 privileges is: read with one more napi
/// call when it is ASCII (as UTF-16, narrowed), where [`read_str`] would read it three
/// times (part of it as UTF-16, part as UTF-8, then whole). The same results and errors
/// as [`string`], which reads anything else.
pub fn read_long_str<const N: usize>(v: &Arg<'_>, len: usize, param: &'static str) -> Result<JsStr<N>, Error> {
    #[cfg(not(target_family = "wasm"))]
    {
        let raw = v.value();
        let mut wide: Vec<u16> = Vec::with_capacity(len + 1);
        let mut got = 0usize;
        // SAFETY: `raw` is a live handle of the current call; napi writes at most
        // `len + 1` units (the string and its NUL) into `wide`'s capacity, and `got`
        // outlives the call.
        let status = unsafe { sys::napi_get_value_string_utf16(raw.env, raw.value, wide.as_mut_ptr(), len + 1, &mut got) };
        if status == sys::Status::napi_ok && got == len {
            // SAFETY: napi initialised the first `got` units.
            unsafe { wide.set_len(got) };
            if is_ascii(&wide) {
                let ascii: Vec<u8> = wide.iter().map(|&u| u as u8).collect();
                // SAFETY: every byte is ASCII, which is UTF-8.
                let heap = unsafe { String::from_utf8_unchecked(ascii) };
                return Ok(JsStr { buf: MaybeUninit::uninit(), len: 0, heap: Some(heap) });
            }
        }
    }
    let _ = len;
    Ok(JsStr { buf: MaybeUninit::uninit(), len: 0, heap: Some(string(v, param)?) })
}

/// [`read_str`]'s first read, as UTF-16: whether the string was ASCII and short enough, and
/// is now in `s`.
#[cfg(not(target_family = "wasm"))]
fn read_ascii_as_utf16<const N: usize>(env: sys::napi_env, value: sys::napi_value, s: &mut JsStr<N>) -> bool {
    let mut wide = MaybeUninit::<[u16; N]>::uninit();
    let mut wide_len = 0usize;
    // SAFETY: `value` is a live handle of the current call in `env`; napi writes at most
    // `N` units (including its NUL) into `wide`, and `wide_len` outlives the call.
    let status = unsafe { sys::napi_get_value_string_utf16(env, value, wide.as_mut_ptr().cast(), N, &mut wide_len) };
    if status != sys::Status::napi_ok || wide_len + 5 > N {
        return false;
    }
    // SAFETY: on success napi initialised `wide[..wide_len]`, `wide_len < N`.
    let units = unsafe { std::slice::from_raw_parts(wide.as_ptr().cast::<u16>(), wide_len) };
    // SAFETY: `buf` has room for `N` bytes (`wide_len < N`), seen as not yet initialised;
    // `len` says the first `wide_len` are there only after `narrow_ascii` has written them.
    let bytes = unsafe { std::slice::from_raw_parts_mut(s.buf.as_mut_ptr().cast::<MaybeUninit<u8>>(), wide_len) };
    if !narrow_ascii(units, bytes) {
        return false;
    }
    s.len = wide_len;
    true
}

/// Whether every UTF-16 unit is ASCII.
#[cfg(not(target_family = "wasm"))]
fn is_ascii(units: &[u16]) -> bool {
    units.iter().fold(0u16, |acc, &u| acc | u) < 0x80
}

/// Whether every UTF-16 unit is ASCII; if so, writes them to `out` (as long) as bytes.
#[cfg(not(target_family = "wasm"))]
fn narrow_ascii(units: &[u16], out: &mut [MaybeUninit<u8>]) -> bool {
    if !is_ascii(units) {
        return false;
    }
    for (b, &u) in out.iter_mut().zip(units) {
        b.write(u as u8);
    }
    true
}

/// A number argument (any finite or non-finite double; ranges are checked by the caller),
/// or a canonical decimal string (`'3600'`) read as its number by the core's
/// [`validate::decimal_string`]: the references take such strings wherever they take a number.
pub fn number(v: &Arg<'_>, param: &'static str) -> Result<f64, Error> {
    if let Some(n) = number_value(v) {
        return Ok(n);
    }
    if ty(v) == ValueType::String {
        // Longer than any digits a rule accepts: the core refuses what this reads.
        let s: JsStr<DIGITS_BUF> = read_str(v, param)?;
        return validate::decimal_string(param, &s);
    }
    Err(wrong_type(param, "a number", v))
}

/// The buffer size of [`JsStr`] for a number given as a string (20 digits hold any u64).
const DIGITS_BUF: usize = 20 + 5;

/// A credential (App ID or certificate): a string, with a hint when it is undefined.
fn credential(v: &Arg<'_>, param: &'static str) -> Result<JsStr<CRED_BUF>, Error> {
    match read_str(v, param) {
        Ok(s) => Ok(s),
        Err(_) if is_nullish(v) => Err(Error::type_error(
            param,
            format_args!(
                "must be a 32-character hexadecimal string, got {} (is the environment variable that should hold it set?)",
                describe(v)
            ),
        )),
        Err(e) => Err(e),
    }
}

/// Room for [`creds_in`] to read the App ID and certificate into (on the caller's stack).
pub struct CredsBuf(Option<JsStr<CRED_BUF>>, Option<JsStr<CRED_BUF>>);

impl CredsBuf {
    pub const fn new() -> Self {
        CredsBuf(None, None)
    }
}

/// `appId` and `appCertificate`, each a 32-character hexadecimal string, checked in that
/// order, once; the checked credentials borrow `buf`.
pub fn creds_in<'b>(
    buf: &'b mut CredsBuf,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
) -> Result<agora_token_core::builders::Credentials<'b>, Error> {
    let CredsBuf(id_buf, cert_buf) = buf;
    let id = credential(app_id, "appId")?;
    let id: &'b str = id_buf.insert(id);
    let app_id = AppId::new("appId", id)?;
    let cert = credential(app_certificate, "appCertificate")?;
    let cert: &'b str = cert_buf.insert(cert);
    let app_certificate = AppCertificate::new("appCertificate", cert)?;
    Ok(agora_token_core::builders::Credentials { app_id, app_certificate })
}

/// Room for [`rtc_args`] to read its strings into (on the caller's stack, like [`CredsBuf`]).
pub struct RtcBuf {
    creds: CredsBuf,
    channel: Option<JsStr<CHANNEL_BUF>>,
    account: Option<AccountArg>,
}

impl RtcBuf {
    pub const fn new() -> Self {
        RtcBuf { creds: CredsBuf::new(), channel: None, account: None }
    }
}

/// The checked arguments every RTC builder (007 and 006) opens with; they borrow an [`RtcBuf`].
pub struct RtcArgs<'b> {
    pub creds: agora_token_core::builders::Credentials<'b>,
    pub channel: ChannelName<'b>,
    pub account: Account<'b>,
}

/// `appId`, `appCertificate`, `channelName` and the uid or account (named `account_param`:
/// `"uid"`, `"account"`, `"rtcAccount"`), read and checked in that order, the channel name
/// with Agora's rules and the account as a number or a string (never optional). Reads the
/// strings into `buf` without allocating, as [`creds_in`] and [`read_str`] do.
pub fn rtc_args<'b>(
    buf: &'b mut RtcBuf,
    app_id: &Arg<'_>,
    app_certificate: &Arg<'_>,
    channel_name: &Arg<'_>,
    account: &Arg<'_>,
    account_param: &'static str,
) -> Result<RtcArgs<'b>, Error> {
    let RtcBuf { creds, channel: channel_buf, account: account_buf } = buf;
    let creds = creds_in(creds, app_id, app_certificate)?;
    let channel: &'b str = channel_buf.insert(channel_string(channel_name, "channelName")?);
    let channel = self::channel(channel, "channelName")?;
    let account: &'b AccountArg = account_buf.insert(account_arg(account, account_param, false)?);
    let account = account.check(account_param)?;
    Ok(RtcArgs { creds, channel, account })
}

/// An App Certificate alone.
pub fn app_certificate(v: &Arg<'_>, param: &'static str) -> Result<JsStr<CRED_BUF>, Error> {
    let c = credential(v, param)?;
    validate::app_certificate(param, &c)?;
    Ok(c)
}

/// A channel name string (checked by the caller through [`ChannelName`]).
pub fn channel_string(v: &Arg<'_>, param: &'static str) -> Result<JsStr<CHANNEL_BUF>, Error> {
    read_str(v, param)
}

/// Checks a channel name that must not be empty.
pub fn channel<'a>(s: &'a str, param: &'static str) -> Result<ChannelName<'a>, Error> {
    ChannelName::new(param, s)
}

/// A uid, account, user id or uuid: a number (integer 0..=4294967295, 0 meaning "any")
/// or a string of at most 255 bytes. `undefined` or `null` is accepted only where
/// `optional` (agora-token treats it as the empty string there).
#[allow(clippy::large_enum_variant)] // the text is read into a stack buffer, not boxed, on purpose
pub enum AccountArg {
    Number(f64),
    Text(JsStr<ACCOUNT_BUF>),
    Empty,
}

pub fn account_arg(v: &Arg<'_>, param: &'static str, optional: bool) -> Result<AccountArg, Error> {
    match ty(v) {
        ValueType::Number => Ok(AccountArg::Number(number(v, param)?)),
        ValueType::String => Ok(AccountArg::Text(read_str(v, param)?)),
        ValueType::Undefined | ValueType::Null if optional => Ok(AccountArg::Empty),
        _ => Err(wrong_type(param, "a number or a string", v)),
    }
}

impl AccountArg {
    pub fn check(&self, param: &'static str) -> Result<Account<'_>, Error> {
        match self {
            AccountArg::Number(n) => Account::from_number(param, *n),
            AccountArg::Text(s) => Account::from_str(param, s),
            AccountArg::Empty => Ok(Account::empty()),
        }
    }
}

/// The `uid` of an `expected` object (verifyToken, verifyLegacyKey, diagnoseToken): a uid
/// number (0 to 4294967295) or a string of the account rules, kept as given so that each
/// format reads it in its own form (`ExpectedUid`).
pub fn expected_uid(v: &Arg<'_>, param: &'static str) -> Result<Uid, Error> {
    Ok(match account_arg(v, param, false)? {
        AccountArg::Number(n) => Uid::Number(validate::u32_value(param, n)?),
        a => Uid::Account(a.check(param)?.as_str().to_owned()),
    })
}

/// An expire, privilege expire or timestamp: an integer in 0..=4294967295.
/// `undefined` takes `default` when one is given (optional parameters).
pub fn u32_arg(v: &Arg<'_>, param: &'static str, default: Option<u32>) -> Result<u32, Error> {
    // A number first: one napi call on the common path, `typeof` only for the others.
    if let Some(n) = number_value(v) {
        return validate::u32_value(param, n);
    }
    match (default, ty(v)) {
        (Some(d), ValueType::Undefined) => Ok(d),
        _ => validate::u32_value(param, number(v, param)?),
    }
}

/// A 007 expiry (seconds from now) read as [`u32_arg`] does. A value the core's
/// [`validate::ExpireWarning`] flags (a Unix timestamp, or more than Agora's 24 hours)
/// still builds, and emits that warning once per process.
pub fn expire_arg(v: &Arg<'_>, param: &'static str, default: Option<u32>) -> Result<u32, Error> {
    let n = u32_arg(v, param, default)?;
    if let Some(w) = validate::ExpireWarning::of(n) {
        crate::warn::once(v.value().env, w, param, n);
    }
    Ok(n)
}

/// A 16-bit unsigned integer (privilege numbers, RTM2 resource and permission types).
pub fn u16_arg(v: &Arg<'_>, param: &'static str) -> Result<u16, Error> {
    Ok(validate::integer(param, number(v, param)?, u16::MAX as u32)? as u16)
}

/// An RTC role: `RtcRole.PUBLISHER` (1) or `RtcRole.SUBSCRIBER` (2).
pub fn rtc_role(v: &Arg<'_>, param: &'static str) -> Result<RtcRole, Error> {
    RtcRole::from_number(param, number(v, param)?)
}

/// An APaaS role: an integer in -32768..=32767 (`undefined` or `null`: none, stored as -1).
pub fn apaas_role(v: &Arg<'_>, param: &'static str) -> Result<i16, Error> {
    if is_nullish(v) {
        return Ok(-1);
    }
    Ok(validate::signed_integer(param, number(v, param)?, i16::MIN as i32, i16::MAX as i32)? as i16)
}

/// RTM2 permissions: any object with a `details` property (agora-token's
/// `Rtm2Permissions`, or a plain object) whose `details` maps resource type -> permission
/// type -> array of resource names. `undefined` or `null` means no permissions. (Our own
/// `Rtm2Permissions` class is read without this round trip by `services::permissions_arg`,
/// so that this module depends on no class above it.)
pub fn rtm2_permissions(v: &Arg<'_>, param: &'static str) -> Result<Rtm2Permissions, Error> {
    if is_nullish(v) {
        return Ok(Rtm2Permissions::new());
    }
    if ty(v) != ValueType::Object {
        return Err(wrong_type(param, "an Rtm2Permissions object", v));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an object.
    let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }.map_err(|_| wrong_type(param, "an Rtm2Permissions object", v))?;
    let details: Unknown = obj.get_named_property("details").map_err(|_| wrong_type(param, "an Rtm2Permissions object", v))?;
    details_value(&details, param)
}

fn object_entries<'a>(v: &Arg<'a>, param: &'static str, what: &str) -> Result<Vec<(u16, Unknown<'a>)>, Error> {
    if ty(v) != ValueType::Object || v.is_array().unwrap_or(false) {
        return Err(Error::type_error(param, format_args!("{what} must be an object, got {}", describe(v))));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an object.
    let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }
        .map_err(|_| Error::type_error(param, format_args!("{what} must be an object")))?;
    let keys = obj.get_property_names().map_err(|_| Error::type_error(param, format_args!("{what} must be a plain object")))?;
    let len = keys.get_array_length().unwrap_or(0);
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        // napi_get_property_names gives every key as a string.
        let key: String = keys.get_element::<String>(i).unwrap_or_default();
        let n: u16 = key
            .parse()
            .map_err(|_| Error::range_error(param, format_args!("{what} keys must be integers from 0 to 65535, got {key:?}")))?;
        let value: Unknown = obj.get_named_property(&key).map_err(|_| Error::type_error(param, "could not be read"))?;
        out.push((n, value));
    }
    Ok(out)
}

/// The `details` object of RTM2 permissions.
pub fn details_value(v: &Arg<'_>, param: &'static str) -> Result<Rtm2Permissions, Error> {
    let mut out: Rtm2Permissions = BTreeMap::new();
    for (resource_type, by_permission) in object_entries(v, param, "details")? {
        let entry = out.entry(resource_type).or_default();
        for (permission_type, resources) in object_entries(&by_permission, param, "details[resourceType]")? {
            entry.insert(permission_type, string_list(&resources, param)?);
        }
    }
    agora_token_core::service::check_permissions(param, &out)?;
    Ok(out)
}

/// The `extra` map of a DynamicKey5 (`DynamicKey5.generateDynamicKey`): `undefined` or `null`
/// (none), or an object whose keys are integers 0..=65535 and whose values are strings of at
/// most 65535 bytes. Entries come in the order JavaScript enumerates the keys (integer keys
/// ascending), which is the order agora-access-token's `for...in` packs them in.
pub fn dynamic_key_extra(v: &Arg<'_>, param: &'static str) -> Result<Vec<(u16, String)>, Error> {
    const RULE: &str = "an object mapping integer keys (0 to 65535) to strings, or null";
    if is_nullish(v) {
        return Ok(Vec::new());
    }
    if ty(v) != ValueType::Object || v.is_array().unwrap_or(false) {
        return Err(wrong_type(param, RULE, v));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an object.
    let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }.map_err(|_| wrong_type(param, RULE, v))?;
    let keys = obj.get_property_names().map_err(|_| wrong_type(param, RULE, v))?;
    let len = keys.get_array_length().unwrap_or(0);
    validate::count(param, len as usize, "entries an extra map can hold")?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        // napi_get_property_names gives every key as a string.
        let key: String = keys.get_element::<String>(i).unwrap_or_default();
        let n: u16 =
            key.parse().map_err(|_| Error::range_error(param, format_args!("keys must be integers from 0 to 65535, got {key:?}")))?;
        let value: Unknown = obj.get_named_property(&key).map_err(|_| Error::type_error(param, "could not be read"))?;
        let s = string(&value, param)
            .map_err(|_| Error::type_error(param, format_args!("values must be strings, got {} at key {n}", describe(&value))))?;
        validate::length_u16(param, s.len(), "values", format_args!(" at key {n}"))?;
        out.push((n, s));
    }
    Ok(out)
}

/// An array (or other iterable converted by the caller) of resource names.
pub fn string_list(v: &Arg<'_>, param: &'static str) -> Result<Vec<String>, Error> {
    if !v.is_array().unwrap_or(false) {
        return Err(Error::type_error(param, format_args!("resources must be an array of strings, got {}", describe(v))));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an array.
    let arr = unsafe { Object::from_napi_value(raw.env, raw.value) }
        .map_err(|_| Error::type_error(param, "resources must be an array of strings"))?;
    let len = arr.get_array_length().unwrap_or(0);
    validate::count(param, len as usize, "resources a permission can list")?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let item: Unknown = arr.get_element(i).map_err(|_| Error::type_error(param, "resources could not be read"))?;
        let s = string(&item, param)
            .map_err(|_| Error::type_error(param, format_args!("resources must be strings, got {} at index {i}", describe(&item))))?;
        validate::length_u16(param, s.len(), "resource names", format_args!(" at index {i}"))?;
        out.push(s);
    }
    Ok(out)
}

/// A privilege map (`{ privilege: expire }`, the `messages` of a 006 `AccessToken`): integer
/// keys 0..=65535, values numbers or decimal strings 0..=4294967295. `undefined` or `null`
/// is no privileges, as agora-access-token packs it. Errors name the entry: `messages[1] must be ...`.
pub fn privilege_map(v: &Arg<'_>, param: &'static str) -> Result<BTreeMap<u16, u32>, Error> {
    if is_nullish(v) {
        return Ok(BTreeMap::new());
    }
    if ty(v) != ValueType::Object || v.is_array().unwrap_or(false) {
        return Err(wrong_type(param, "an object mapping privileges to expire timestamps", v));
    }
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call, checked above to be an object.
    let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }.map_err(|_| wrong_type(param, "an object", v))?;
    let keys = obj.get_property_names().map_err(|_| wrong_type(param, "a plain object", v))?;
    let mut out = BTreeMap::new();
    for i in 0..keys.get_array_length().unwrap_or(0) {
        // napi_get_property_names gives every key as a string.
        let key: String = keys.get_element::<String>(i).unwrap_or_default();
        let k: u16 = key
            .parse()
            .ok()
            .filter(|k: &u16| k.to_string() == key)
            .ok_or_else(|| Error::range_error(param, format_args!("keys must be privilege numbers from 0 to 65535, got {key:?}")))?;
        let value: Unknown = obj.get_named_property(&key).map_err(|_| Error::type_error(param, "could not be read"))?;
        let n = number(&value, "expire").and_then(|n| validate::u32_value("expire", n));
        let n = n.map_err(|e| Error { message: format!("{param}[{k}]{}", &e.message["expire".len()..]), param, ..e })?;
        out.insert(k, n);
    }
    Ok(out)
}

/// The JavaScript arguments every DynamicKey generator (1 to 5) opens with, by name; `uid`
/// and `expired_ts` are `None` for a DynamicKey (v1), which has neither. Made from a napi
/// method's parameters of the same names by [`key_args!`].
pub struct KeyArgs<'a, 'v> {
    pub app_id: &'a Arg<'v>,
    pub app_certificate: &'a Arg<'v>,
    pub channel_name: &'a Arg<'v>,
    pub unix_ts: &'a Arg<'v>,
    pub random_int: &'a Arg<'v>,
    pub uid: Option<&'a Arg<'v>>,
    pub expired_ts: Option<&'a Arg<'v>>,
}

/// [`KeyArgs`] from the parameters `app_id, app_certificate, channel_name, unix_ts,
/// random_int, uid, expired_ts` of a napi method.
macro_rules! key_args {
    ($app_id:ident, $app_certificate:ident, $channel_name:ident, $unix_ts:ident, $random_int:ident, $uid:ident, $expired_ts:ident) => {
        $crate::args::KeyArgs {
            app_id: &$app_id,
            app_certificate: &$app_certificate,
            channel_name: &$channel_name,
            unix_ts: &$unix_ts,
            random_int: &$random_int,
            uid: Some(&$uid),
            expired_ts: Some(&$expired_ts),
        }
    };
}
pub(crate) use key_args;

/// The bytes of a `Uint8Array` (a `Buffer` is one), copied.
pub fn bytes(v: &Arg<'_>, param: &'static str) -> Result<Vec<u8>, Error> {
    let raw = v.value();
    let mut is_typed = false;
    // SAFETY: `raw` is a live handle of the current call; `is_typed` outlives the call.
    let status = unsafe { sys::napi_is_typedarray(raw.env, raw.value, &mut is_typed) };
    if status != sys::Status::napi_ok || !is_typed {
        return Err(wrong_type(param, "a Uint8Array (or Buffer)", v));
    }
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = std::ptr::null_mut();
    // SAFETY: `raw` is a typed array (checked above); the out-parameters outlive the call,
    // and the two not wanted are null, which napi allows.
    let status = unsafe {
        sys::napi_get_typedarray_info(raw.env, raw.value, &mut kind, &mut len, &mut data, std::ptr::null_mut(), std::ptr::null_mut())
    };
    if status != sys::Status::napi_ok || kind != sys::TypedarrayType::uint8_array {
        return Err(wrong_type(param, "a Uint8Array (or Buffer)", v));
    }
    if len == 0 || data.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: napi reported `len` bytes at `data`, alive for this call; they are copied at once.
    Ok(unsafe { std::slice::from_raw_parts(data as *const u8, len) }.to_vec())
}
