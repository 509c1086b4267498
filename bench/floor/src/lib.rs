//! The floor of a `buildTokenWithUid` call, in two parts measured separately by
//! `bench/bench.mjs`:
//! - `noop7()`: returns the no-op call itself, a function entered the way the binding's
//!   builders are (a raw Node-API callback, `src/fast.rs`) that reads the same seven
//!   arguments the same way (one `napi_get_cb_info`, three strings as UTF-16 into stack
//!   buffers, a `typeof` and a number for the uid, three numbers) and returns a
//!   207-character ASCII string made the same way (a heap `String`, handed over as
//!   Latin-1);
//! - `coreLoop(n)`: the core's required work for one token (argument rules, packing,
//!   HMACs, deflate, base64), `n` times, with no JavaScript in it.

use std::mem::MaybeUninit;

use agora_token_core::builders::{rtc_token, Credentials};
use agora_token_core::validate::{Account, AppCertificate, AppId, ChannelName, RtcRole};
use napi::bindgen_prelude::*;
use napi::{check_status, sys};
use napi_derive::napi;

/// The length of a `buildTokenWithUid` token for these arguments.
const TOKEN_LEN: usize = 207;

fn read_ascii<const N: usize>(env: sys::napi_env, value: sys::napi_value) -> usize {
    let mut wide = MaybeUninit::<[u16; N]>::uninit();
    let mut len = 0usize;
    // SAFETY: `value` is a live handle of this call; napi writes at most `N` units into `wide`.
    let status = unsafe { sys::napi_get_value_string_utf16(env, value, wide.as_mut_ptr().cast(), N, &mut len) };
    if status != sys::Status::napi_ok {
        return 0;
    }
    // SAFETY: on success napi initialised `wide[..len]`, `len < N`.
    let units = unsafe { std::slice::from_raw_parts(wide.as_ptr().cast::<u16>(), len) };
    let mut narrow = [0u8; N];
    for (b, &u) in narrow.iter_mut().zip(units) {
        *b = u as u8;
    }
    std::hint::black_box(&narrow);
    len
}

fn read_number(env: sys::napi_env, value: sys::napi_value) -> f64 {
    let mut n = 0f64;
    // SAFETY: `value` is a live handle of this call; `n` outlives the call.
    unsafe { sys::napi_get_value_double(env, value, &mut n) };
    n
}

/// The no-op: the same seven arguments as `buildTokenWithUid`, read and dropped; returns a
/// token-sized string.
unsafe extern "C" fn noop7_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut argc = 7usize;
    let mut argv = [std::ptr::null_mut(); 7];
    // SAFETY: `env` and `info` are this callback's own; `argv` has room for `argc` values.
    unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), std::ptr::null_mut(), std::ptr::null_mut()) };
    let mut total = read_ascii::<37>(env, argv[0]) + read_ascii::<37>(env, argv[1]) + read_ascii::<69>(env, argv[2]);
    let mut ty = sys::ValueType::napi_undefined;
    // SAFETY: a live handle of this call.
    unsafe { sys::napi_typeof(env, argv[3], &mut ty) };
    if ty == sys::ValueType::napi_number {
        total += read_number(env, argv[3]) as usize;
    }
    total += (read_number(env, argv[4]) + read_number(env, argv[5]) + read_number(env, argv[6])) as usize;
    std::hint::black_box(total);
    let token = "A".repeat(TOKEN_LEN);
    let mut out = std::ptr::null_mut();
    // SAFETY: `token` outlives the call, which copies it.
    unsafe { sys::napi_create_string_latin1(env, token.as_ptr().cast(), token.len() as isize, &mut out) };
    out
}

/// The no-op call as a function (see the module's documentation).
#[napi]
pub fn noop7(env: &Env) -> Result<Unknown<'_>> {
    let mut f = std::ptr::null_mut();
    // SAFETY: `env` is live; the name is passed with its length.
    check_status!(unsafe { sys::napi_create_function(env.raw(), c"noop7".as_ptr(), 5, Some(noop7_callback), std::ptr::null_mut(), &mut f) })?;
    // SAFETY: `f` was just created in this env.
    unsafe { Unknown::from_napi_value(env.raw(), f) }
}

/// Builds `n` tokens in Rust (arguments checked each time, as the binding does); returns
/// the length of the last one.
#[napi(js_name = "coreLoop")]
pub fn core_loop(n: u32) -> u32 {
    let mut last = 0;
    for i in 0..n {
        let app_id = std::hint::black_box("970CA35de60c44645bbae8a215061b33");
        let cert = std::hint::black_box("5CFd2fd1755d40ecb72977518be15d3b");
        let channel = std::hint::black_box("7d72365eb983485397e3e3f9d460bdda");
        let c = Credentials {
            app_id: AppId::new("appId", app_id).expect("valid"),
            app_certificate: AppCertificate::new("appCertificate", cert).expect("valid"),
        };
        let channel = ChannelName::new("channelName", channel).expect("valid");
        let account = Account::from_number("uid", f64::from(std::hint::black_box(2_882_341_273u32 ^ (i & 0)))).expect("valid");
        let role = RtcRole::from_number("role", 1.0).expect("valid");
        last = rtc_token(c, channel, account, role, 3600, 0).len() as u32;
    }
    last
}
