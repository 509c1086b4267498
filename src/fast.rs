//! Raw Node-API entry points for the token builders, `decodeToken` and `verifyToken`.
//!
//! The glue napi-rs 3 generates around a `#[napi]` function keeps a native borrow scope
//! for every call (an `Arc<Mutex<…>>` allocated and freed, thread-local pushes and pops)
//! and hands a returned `String` to V8 as UTF-8. These functions need neither: their
//! arguments are plain values read and dropped within the call, and a token is ASCII.
//! Measured with the benchmark's floor addon, a call reading `buildTokenWithUid`'s
//! arguments cost ~220 ns through the generated glue and ~135 ns through an entry like
//! the ones below; a `buildTokenWithUid` is ~1.1 us in all.
//!
//! So at load, [`install`] replaces a builder's static method with a function made by
//! `napi_create_function`. Its callback reads the arguments with one `napi_get_cb_info`
//! and runs the same shape function as the `#[napi]` method it replaces (the shape is
//! the function's `data`), then returns the token as a Latin-1 string (UTF-8 in the
//! WebAssembly build, see [`create_ascii_string`]), or throws the same error, or a panic
//! as the generated glue would (`catch_unwind`). [`install_export`] does the same for a
//! module function whose body makes its own value (`decodeToken`'s object,
//! `verifyToken`'s boolean). The `#[napi]` functions remain the declarations (TypeScript
//! types, documentation) and stay in place when `AGORA_TOKEN_NATIVE_GENERATED_GLUE=1` is
//! set, which the tests use to hold both entries to the same results.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use agora_token_core::Error as CoreError;
use napi::bindgen_prelude::*;
use napi::sys;

use crate::args::Arg;

/// A builder's shape: its `N` arguments, in the order JavaScript passes them, to a token.
pub type Shape<const N: usize> = for<'a> fn(&[Arg<'a>; N]) -> std::result::Result<String, CoreError>;

/// Whether the raw entries are installed: not when `AGORA_TOKEN_NATIVE_GENERATED_GLUE=1`.
pub fn enabled() -> bool {
    std::env::var_os("AGORA_TOKEN_NATIVE_GENERATED_GLUE").is_none_or(|v| v != "1")
}

/// Replaces `exports[class][method]` with the raw entry for `shape`.
pub fn install<const N: usize>(env: &Env, exports: &Object, class: &str, method: &str, shape: Shape<N>) -> Result<()> {
    // `data` is read back as the same `Shape<N>` in `call::<N>`.
    let function = create_function(env, method, call::<N>, shape as *const () as *mut c_void)?;
    let mut ctor: Object = exports.get_named_property_unchecked(class)?;
    ctor.set_named_property(method, function)
}

/// A JavaScript function named `name` that runs `callback` with `data` (a function
/// pointer, which lives for the whole program).
fn create_function<'e>(
    env: &'e Env,
    name: &str,
    callback: unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value,
    data: *mut c_void,
) -> Result<Unknown<'e>> {
    let mut function = ptr::null_mut();
    // SAFETY: `env` is the live env of module initialisation; the name is passed with its
    // length.
    check_status!(unsafe {
        sys::napi_create_function(env.raw(), name.as_ptr().cast(), name.len() as isize, Some(callback), data, &mut function)
    })?;
    // SAFETY: `function` was just created in this env.
    unsafe { Unknown::from_napi_value(env.raw(), function) }
}

/// An exported function's body: its `N` arguments to the value to return, or the error
/// to throw (`Status::PendingException` when it has thrown one already), as the `#[napi]`
/// function it stands for returns them.
pub type Body<const N: usize> = for<'a> fn(&'a Env, &[Arg<'a>; N]) -> Result<sys::napi_value>;

/// Replaces `exports[name]` with the raw entry for `body`.
pub fn install_export<const N: usize>(env: &Env, exports: &mut Object, name: &str, body: Body<N>) -> Result<()> {
    // `data` is read back as the same `Body<N>` in `call_export::<N>`.
    let function = create_function(env, name, call_export::<N>, body as *const () as *mut c_void)?;
    exports.set_named_property(name, function)
}

/// Reads a callback's `N` arguments and its data pointer; `None` if napi refuses.
///
/// # Safety
/// `env` and `info` are a live callback's own.
unsafe fn arguments<const N: usize>(env: sys::napi_env, info: sys::napi_callback_info) -> Option<([sys::napi_value; N], *mut c_void)> {
    let mut argc = N;
    let mut argv = [ptr::null_mut(); N];
    let mut data = ptr::null_mut();
    // SAFETY: as the caller promises; `argv` has room for `argc` values.
    let status = unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), &mut data) };
    (status == sys::Status::napi_ok && !data.is_null()).then_some((argv, data))
}

/// The arguments as `Arg`s.
///
/// # Safety
/// Each value is a live handle of the current call of `env` (napi fills missing arguments
/// with `undefined`).
unsafe fn wrap<'a, const N: usize>(env: sys::napi_env, argv: [sys::napi_value; N]) -> [Arg<'a>; N] {
    // SAFETY: as the caller promises; `Unknown` only wraps a handle, and cannot fail to.
    argv.map(|v| unsafe { Unknown::from_napi_value(env, v) }.expect("wrapping a handle cannot fail"))
}

/// The callback of every raw export: as [`call`], for a body that makes its own value.
unsafe extern "C" fn call_export<const N: usize>(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: this callback's own `env` and `info`.
    let Some((argv, data)) = (unsafe { arguments::<N>(env, info) }) else { return ptr::null_mut() };
    // SAFETY: `data` is the `Body<N>` that `install_export::<N>` created this function with.
    let body = unsafe { std::mem::transmute::<*mut c_void, Body<N>>(data) };
    let wrapped = Env::from_raw(env);
    // Everything that could panic, wrapping the handles included, runs inside
    // `catch_unwind`. SAFETY: `argv` is this call's, from `napi_get_cb_info`.
    match catch_unwind(AssertUnwindSafe(|| body(&wrapped, &unsafe { wrap(env, argv) }))) {
        Ok(Ok(value)) => value,
        Ok(Err(e)) => {
            if e.status != Status::PendingException {
                // SAFETY: `env` is this callback's own, with no exception pending.
                unsafe { JsError::from(e).throw_into(env) };
            }
            ptr::null_mut()
        }
        Err(panic) => {
            // SAFETY: as above.
            unsafe { JsError::from(napi::bindgen_prelude::panic_to_error(panic)).throw_into(env) };
            ptr::null_mut()
        }
    }
}

/// The callback of every raw entry: reads `N` arguments (missing ones are `undefined`),
/// runs the shape found in the function's data, and returns the token or throws.
unsafe extern "C" fn call<const N: usize>(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    // SAFETY: this callback's own `env` and `info`.
    let Some((argv, data)) = (unsafe { arguments::<N>(env, info) }) else { return ptr::null_mut() };
    // SAFETY: `data` is the `Shape<N>` that `install::<N>` created this function with.
    let shape = unsafe { std::mem::transmute::<*mut c_void, Shape<N>>(data) };
    let wrapped = Env::from_raw(env);
    // Everything that could panic, wrapping the handles included, runs inside
    // `catch_unwind`. SAFETY: `argv` is this call's, from `napi_get_cb_info`.
    match catch_unwind(AssertUnwindSafe(|| shape(&unsafe { wrap(env, argv) }))) {
        Ok(Ok(token)) => {
            debug_assert!(token.is_ascii(), "a token is ASCII");
            let mut out = ptr::null_mut();
            // SAFETY: `token` outlives the call, which copies it; its bytes are ASCII, so
            // read as Latin-1 (or UTF-8) they are the same characters.
            let status = unsafe { create_ascii_string(env, &token, &mut out) };
            if status == sys::Status::napi_ok {
                out
            } else {
                let _ = wrapped.throw_error("could not create the token string", None);
                ptr::null_mut()
            }
        }
        Ok(Err(e)) => {
            crate::errors::throw(&wrapped, e);
            ptr::null_mut()
        }
        Err(panic) => {
            // SAFETY: `env` is this callback's own, with no exception pending.
            unsafe { JsError::from(napi::bindgen_prelude::panic_to_error(panic)).throw_into(env) };
            ptr::null_mut()
        }
    }
}

/// An ASCII string to JavaScript. Node copies Latin-1 straight into a one-byte string; the
/// WebAssembly build's Node-API (emnapi) builds a Latin-1 string one character at a time in
/// JavaScript but decodes UTF-8 with `TextDecoder`, so it takes UTF-8 there.
///
/// # Safety
/// `env` is a live env of the current call.
unsafe fn create_ascii_string(env: sys::napi_env, text: &str, out: &mut sys::napi_value) -> sys::napi_status {
    #[cfg(not(target_family = "wasm"))]
    // SAFETY: as the caller promises; `text` is valid for its length.
    let status = unsafe { sys::napi_create_string_latin1(env, text.as_ptr().cast(), text.len() as isize, out) };
    #[cfg(target_family = "wasm")]
    // SAFETY: as the caller promises; `text` is valid UTF-8 for its length.
    let status = unsafe { sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, out) };
    status
}
