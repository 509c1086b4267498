//! The one place where JavaScript arguments become Rust values.
//!
//! Each function takes the raw argument and the parameter's name, checks its JavaScript
//! type here and its content with the core's rules (`agora_token_core::validate`), and
//! returns a checked value or an error naming the parameter. Messages never contain the
//! App Certificate.

use std::collections::BTreeMap;

use agora_token_core::validate::{self, Account, AppCertificate, AppId, ChannelName, RtcRole};
use agora_token_core::{Error, Rtm2Permissions};
use napi::bindgen_prelude::{FromNapiValue, Object, Unknown};
use napi::bindgen_prelude::JsObjectValue;
use napi::{JsValue, ValueType};

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
            if v.is_array().unwrap_or(false) { "an array".into() } else { "an object".into() }
        }
        _ => "an unsupported value".into(),
    }
}

fn number_value(v: &Arg<'_>) -> Option<f64> {
    let raw = v.value();
    unsafe { f64::from_napi_value(raw.env, raw.value) }.ok()
}

fn string_value(v: &Arg<'_>) -> Option<String> {
    let raw = v.value();
    unsafe { String::from_napi_value(raw.env, raw.value) }.ok()
}

pub fn is_nullish(v: &Arg<'_>) -> bool {
    matches!(ty(v), ValueType::Undefined | ValueType::Null)
}

fn wrong_type(param: &'static str, expected: &str, v: &Arg<'_>) -> Error {
    Error::type_error(param, format_args!("must be {expected}, got {}", describe(v)))
}

/// A string argument.
pub fn string(v: &Arg<'_>, param: &'static str) -> Result<String, Error> {
    match ty(v) {
        ValueType::String => string_value(v).ok_or_else(|| wrong_type(param, "a string", v)),
        _ => Err(wrong_type(param, "a string", v)),
    }
}

/// A number argument (any finite or non-finite double; ranges are checked by the caller).
pub fn number(v: &Arg<'_>, param: &'static str) -> Result<f64, Error> {
    match ty(v) {
        ValueType::Number => number_value(v).ok_or_else(|| wrong_type(param, "a number", v)),
        _ => Err(wrong_type(param, "a number", v)),
    }
}

/// A credential (App ID or certificate): a string, with a hint when it is undefined.
fn credential(v: &Arg<'_>, param: &'static str) -> Result<String, Error> {
    if is_nullish(v) {
        return Err(Error::type_error(
            param,
            format_args!(
                "must be a 32-character hexadecimal string, got {} (is the environment variable that should hold it set?)",
                describe(v)
            ),
        ));
    }
    string(v, param)
}

/// The App ID and certificate, as owned strings whose checked views are made by [`Creds::get`].
pub struct Creds {
    app_id: String,
    app_certificate: String,
}

impl Creds {
    pub fn get(&self) -> agora_token_core::builders::Credentials<'_> {
        agora_token_core::builders::Credentials {
            app_id: AppId::new("appId", &self.app_id).expect("checked in creds()"),
            app_certificate: AppCertificate::new("appCertificate", &self.app_certificate).expect("checked in creds()"),
        }
    }
}

/// `appId` and `appCertificate`: each a 32-character hexadecimal string.
pub fn creds(app_id: &Arg<'_>, app_certificate: &Arg<'_>) -> Result<Creds, Error> {
    let id = credential(app_id, "appId")?;
    validate::app_id("appId", &id)?;
    let cert = credential(app_certificate, "appCertificate")?;
    validate::app_certificate("appCertificate", &cert)?;
    Ok(Creds { app_id: id, app_certificate: cert })
}


/// An App Certificate alone.
pub fn app_certificate(v: &Arg<'_>, param: &'static str) -> Result<String, Error> {
    let c = credential(v, param)?;
    validate::app_certificate(param, &c)?;
    Ok(c)
}

/// A channel name string (checked by the caller through [`ChannelName`]).
pub fn channel_string(v: &Arg<'_>, param: &'static str) -> Result<String, Error> {
    string(v, param)
}

/// Checks a channel name that must not be empty.
pub fn channel<'a>(s: &'a str, param: &'static str) -> Result<ChannelName<'a>, Error> {
    ChannelName::new(param, s)
}

/// A uid, account, user id or uuid: a number (integer 0..=4294967295, 0 meaning "any")
/// or a string of at most 255 bytes. `undefined` or `null` is accepted only where
/// `optional` (agora-token treats it as the empty string there).
pub enum AccountArg {
    Number(f64),
    Text(String),
    Empty,
}

pub fn account_arg(v: &Arg<'_>, param: &'static str, optional: bool) -> Result<AccountArg, Error> {
    match ty(v) {
        ValueType::Number => Ok(AccountArg::Number(number(v, param)?)),
        ValueType::String => Ok(AccountArg::Text(string(v, param)?)),
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

/// An expire, privilege expire or timestamp: an integer in 0..=4294967295.
/// `undefined` takes `default` when one is given (optional parameters).
pub fn u32_arg(v: &Arg<'_>, param: &'static str, default: Option<u32>) -> Result<u32, Error> {
    if let (Some(d), ValueType::Undefined) = (default, ty(v)) {
        return Ok(d);
    }
    validate::u32_value(param, number(v, param)?)
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

/// RTM2 permissions: an `Rtm2Permissions` (or any object with a `details` property) whose
/// `details` maps resource type -> permission type -> array of resource names.
/// `undefined` or `null` means no permissions.
pub fn rtm2_permissions(v: &Arg<'_>, param: &'static str) -> Result<Rtm2Permissions, Error> {
    if is_nullish(v) {
        return Ok(Rtm2Permissions::new());
    }
    if ty(v) != ValueType::Object {
        return Err(wrong_type(param, "an Rtm2Permissions object", v));
    }
    let raw = v.value();
    let obj = unsafe { Object::from_napi_value(raw.env, raw.value) }.map_err(|_| wrong_type(param, "an Rtm2Permissions object", v))?;
    let details: Unknown = obj.get_named_property("details").map_err(|_| wrong_type(param, "an Rtm2Permissions object", v))?;
    details_value(&details, param)
}

fn object_entries<'a>(v: &Arg<'a>, param: &'static str, what: &str) -> Result<Vec<(u16, Unknown<'a>)>, Error> {
    if ty(v) != ValueType::Object || v.is_array().unwrap_or(false) {
        return Err(Error::type_error(param, format_args!("{what} must be an object, got {}", describe(v))));
    }
    let raw = v.value();
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
    Ok(out)
}

/// An array (or other iterable converted by the caller) of resource names.
pub fn string_list(v: &Arg<'_>, param: &'static str) -> Result<Vec<String>, Error> {
    if !v.is_array().unwrap_or(false) {
        return Err(Error::type_error(param, format_args!("resources must be an array of strings, got {}", describe(v))));
    }
    let raw = v.value();
    let arr = unsafe { Object::from_napi_value(raw.env, raw.value) }
        .map_err(|_| Error::type_error(param, "resources must be an array of strings"))?;
    let len = arr.get_array_length().unwrap_or(0);
    if len > u16::MAX as u32 {
        return Err(Error::range_error(param, format_args!("may list at most 65535 resources, got {len}")));
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let item: Unknown = arr.get_element(i).map_err(|_| Error::type_error(param, "resources could not be read"))?;
        let s = string(&item, param).map_err(|_| {
            Error::type_error(param, format_args!("resources must be strings, got {} at index {i}", describe(&item)))
        })?;
        if s.len() > validate::MAX_RESOURCE {
            return Err(Error::range_error(param, format_args!("resource names must be at most 65535 bytes, got {} at index {i}", s.len())));
        }
        out.push(s);
    }
    Ok(out)
}
