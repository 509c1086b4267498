//! Decoded 007 tokens as JavaScript objects the cheapest measured way: the token written
//! as one string of UTF-16 code units (numbers as one or two units, strings length-prefixed) and read
//! by a small JavaScript function (`assemble.mjs`) that builds the object from literals.
//!
//! For a one-service token this costs about a fifth of `JSON.parse` of the same object
//! (0.2 us against 0.85 us in a plain loop), and at 1000 privileges about 60% of it,
//! because every decoded token gets the same hidden classes and no key is parsed.
//!
//! Strings of 13 or more units in the object are V8 slices of the compact text, which
//! they keep alive: a string kept from a decoded object holds that text too, as a
//! substring of any JavaScript string would (a kept channel name took 0.26 kB of heap from
//! a one-privilege token, 6.2 kB from a 1000-privilege one, about that token's payload).
//! Copying the fields of large tokens was measured 10-20% slower in the benchmark's
//! scaling rows, so they are not copied (docs/api.md).
//!
//! The function (`assemble.mjs`, at the package root) is compiled once per environment,
//! at its first 007 decode. Where the runtime forbids compiling code from strings, the
//! WebAssembly entry (`api.mjs`) has already handed the same function over at load, through
//! the module's non-enumerable `__provideAssembler` ([`install_provider`]). Where neither
//! happened (or `AGORA_TOKEN_NATIVE_DECODE_JSON=1` asks), [`install`] leaves nothing behind
//! and `json` writes JSON instead, for the same object.

use std::cell::{Cell, RefCell};

use agora_token_core::service::{Service, ServiceData};
use agora_token_core::v007::DecodedToken2;
use napi::bindgen_prelude::*;
use napi::sys;

/// Whether this thread's environment has the compiled function.
#[derive(Clone, Copy)]
enum State {
    /// Not compiled yet: it is, at the first 007 decode (not at load, which most programs,
    /// building tokens only, would pay for without using it).
    Untried,
    /// This environment (by address) refused it, or was asked not to compile it.
    Absent(usize),
    /// This environment has it, through this reference.
    Ready(usize, usize),
}

thread_local! {
    static STATE: Cell<State> = const { Cell::new(State::Untried) };
    static UNITS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
}

/// Whether `AGORA_TOKEN_NATIVE_DECODE_JSON=1` asks for the JSON path (for comparing the two).
fn json_asked() -> bool {
    std::env::var_os("AGORA_TOKEN_NATIVE_DECODE_JSON").is_some_and(|v| v == "1")
}

/// Compiles `assemble.mjs`'s function in this environment and keeps it. A runtime that
/// refuses the script (no code generation from strings) keeps the JSON path, as does a
/// process started with `AGORA_TOKEN_NATIVE_DECODE_JSON=1`.
fn install(env: &Env) -> State {
    const SOURCE: &str = include_str!("../assemble.mjs");
    let absent = State::Absent(env.raw() as usize);
    if json_asked() {
        return absent;
    }
    let Some((_, function)) = SOURCE.split_once("export default ") else {
        return absent;
    };
    let Ok(function) = env.run_script::<_, Function<Unknown, Unknown>>(format!("({function})")) else {
        crate::token::clear_pending_exception(env);
        return absent;
    };
    keep(env.raw(), function.raw()).unwrap_or(absent)
}

/// A reference to `function` in `env`, forgotten when the environment goes away: the
/// state of an environment that has the function.
fn keep(env: sys::napi_env, function: sys::napi_value) -> Option<State> {
    let mut reference = std::ptr::null_mut();
    // SAFETY: `env` is the live environment of the current call and `function` a handle
    // in it; the reference (count 1) keeps the function alive as long as the environment.
    if unsafe { sys::napi_create_reference(env, function, 1, &mut reference) } != sys::Status::napi_ok {
        return None;
    }
    // Forgotten when the environment goes away, so that a later environment on this thread
    // (at the same address, say) never sees a reference it did not make.
    // SAFETY: `env` is live; `forget` touches only this thread's `STATE`.
    if unsafe { sys::napi_add_env_cleanup_hook(env, Some(forget), std::ptr::null_mut()) } != sys::Status::napi_ok {
        return None;
    }
    Some(State::Ready(env as usize, reference as usize))
}

/// Defines the module's `__provideAssembler(fn)`: not enumerable, so not one of the
/// package's names; `api.mjs` calls it with `assemble.mjs`'s function.
pub fn install_provider(exports: &mut Object) -> Result<()> {
    let property = napi::Property::new()
        .with_utf8_name("__provideAssembler")?
        .with_method(provide)
        .with_property_attributes(napi::PropertyAttributes::Default);
    exports.define_properties(&[property])
}

/// `__provideAssembler(fn)`: makes `fn` this environment's assembler, unless it has one
/// already or the JSON path is asked for. Returns whether `fn` is now in use. Anything but a
/// function is ignored (returns false).
unsafe extern "C" fn provide(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut argc = 1;
    let mut function = std::ptr::null_mut();
    let mut kind = sys::ValueType::napi_undefined;
    // SAFETY: `env` and `info` are this callback's own; `function` has room for one value
    // (napi passes `undefined` for a missing one), and `kind` outlives the call.
    let is_function = unsafe {
        sys::napi_get_cb_info(env, info, &mut argc, &mut function, std::ptr::null_mut(), std::ptr::null_mut()) == sys::Status::napi_ok
            && sys::napi_typeof(env, function, &mut kind) == sys::Status::napi_ok
            && kind == sys::ValueType::napi_function
    };
    let here = env as usize;
    let used = is_function
        && !json_asked()
        && STATE
            .try_with(|s| match s.get() {
                State::Ready(owner, _) if owner == here => false,
                _ => keep(env, function).map(|state| s.set(state)).is_some(),
            })
            .unwrap_or(false);
    let mut result = std::ptr::null_mut();
    // SAFETY: `env` is live; `result` outlives the call.
    unsafe { sys::napi_get_boolean(env, used, &mut result) };
    result
}

/// Cleanup hook of the environment that compiled the function.
unsafe extern "C" fn forget(_: *mut std::ffi::c_void) {
    let _ = STATE.try_with(|s| s.set(State::Untried));
}

/// The compiled function's reference for this environment, compiling it the first time.
fn assembler(env: &Env) -> Option<sys::napi_ref> {
    let here = env.raw() as usize;
    let state = match STATE.with(Cell::get) {
        State::Ready(owner, _) | State::Absent(owner) if owner != here => install(env),
        State::Untried => install(env),
        known => known,
    };
    STATE.with(|s| s.set(state));
    match state {
        State::Ready(_, reference) => Some(reference as sys::napi_ref),
        _ => None,
    }
}

/// The object for a 007 token through the compiled function, or `None` where this
/// environment has none.
pub fn object<'e>(env: &'e Env, d: &DecodedToken2) -> Option<Result<Object<'e>>> {
    let reference = assembler(env)?;
    Some(crate::json::with_buffer(&UNITS, 32 * 1024, |units| token(units, d), |units| call(env, reference, units)))
}

fn call<'e>(env: &'e Env, reference: sys::napi_ref, units: &[u16]) -> Result<Object<'e>> {
    let mut function = std::ptr::null_mut();
    let mut text = std::ptr::null_mut();
    let mut undefined = std::ptr::null_mut();
    let mut result = std::ptr::null_mut();
    // SAFETY: `env` is the live environment of this call, which created `reference`
    // (checked by the caller); `units` is valid for its length, which napi copies before
    // returning; every out-pointer is a local that outlives its call.
    let status = unsafe {
        let mut status = sys::napi_get_reference_value(env.raw(), reference, &mut function);
        if status == sys::Status::napi_ok {
            status = sys::napi_create_string_utf16(env.raw(), units.as_ptr(), units.len() as isize, &mut text);
        }
        if status == sys::Status::napi_ok {
            status = sys::napi_get_undefined(env.raw(), &mut undefined);
        }
        if status == sys::Status::napi_ok {
            status = sys::napi_call_function(env.raw(), undefined, function, 1, &text, &mut result);
        }
        status
    };
    if status != sys::Status::napi_ok {
        // A pending exception (the function threw) is what Node reports; this error is
        // for the other failures.
        return Err(Error::new(Status::GenericFailure, "could not build the decoded token object"));
    }
    // SAFETY: `result` is a handle the call above returned in this call's scope.
    unsafe { Object::from_napi_value(env.raw(), result) }
}

/// A number of up to 16 bits: one unit below 0xD800, else two (0xE000 | its top 4 bits,
/// then its low 12). No number is ever a unit in the surrogate range 0xD800-0xDFFF: an
/// engine may read the text as UTF-16 and replace a lone surrogate (emnapi's does, with
/// U+FFFD), where V8 keeps the units as given.
fn u16(out: &mut Vec<u16>, n: u16) {
    if n < 0xD800 {
        out.push(n);
    } else {
        out.extend_from_slice(&[0xE000 | n >> 12, n & 0xFFF]);
    }
}

fn u32(out: &mut Vec<u16>, n: u32) {
    u16(out, (n >> 16) as u16);
    u16(out, n as u16);
}

/// A string: its length in UTF-16 units, then the units (valid UTF-16: a Rust string's
/// surrogates come in pairs). Strings in a token are at most 65535 bytes, so at most 65535
/// units.
fn string(out: &mut Vec<u16>, s: &str) {
    if s.is_ascii() {
        u16(out, s.len() as u16);
        out.extend(s.bytes().map(u16::from));
    } else {
        u16(out, s.encode_utf16().count() as u16);
        out.extend(s.encode_utf16());
    }
}

fn token(out: &mut Vec<u16>, d: &DecodedToken2) {
    let t = &d.token;
    string(out, &t.app_id);
    u32(out, t.issue_ts);
    u32(out, t.expire);
    u32(out, t.salt);
    // At most 64 services (the decoder's limit).
    u16(out, t.services.len() as u16);
    for s in &t.services {
        service(out, s);
    }
}

fn service(out: &mut Vec<u16>, s: &Service<'_>) {
    u16(out, s.service_type().number());
    let entries = s.privileges.entries();
    // A packed map has a u16 count.
    u16(out, entries.len() as u16);
    for &(k, v) in entries {
        u16(out, k);
        u32(out, v);
    }
    match &s.data {
        ServiceData::Rtc { channel_name, uid } => {
            string(out, channel_name);
            string(out, uid);
        }
        ServiceData::Streaming { channel_name, account } | ServiceData::FCdn { channel_name, account } => {
            string(out, channel_name);
            string(out, account);
        }
        ServiceData::Rtm { user_id } | ServiceData::Chat { user_id } => string(out, user_id),
        ServiceData::Apaas { room_uuid, user_uuid, role } => {
            string(out, room_uuid);
            string(out, user_uuid);
            u16(out, *role as u16);
        }
        ServiceData::Rtm2 { user_id, permissions } => {
            string(out, user_id);
            // Counts within the decoder's limits (32 resource types, 16 permission types,
            // 8192 names), all below 65536.
            u16(out, permissions.len() as u16);
            for (resource_type, by_permission) in permissions.iter() {
                u16(out, *resource_type);
                u16(out, by_permission.len() as u16);
                for (permission_type, names) in by_permission {
                    u16(out, *permission_type);
                    u16(out, names.len() as u16);
                    for name in names {
                        string(out, name);
                    }
                }
            }
        }
        ServiceData::Fpa | ServiceData::ConvoAI | ServiceData::Stt => {}
    }
}
