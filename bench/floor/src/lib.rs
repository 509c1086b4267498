//! The floor of a `buildTokenWithUid` call, in two parts measured separately by
//! `bench/bench.mjs`:
//! - `noop7`: the napi call itself, reading the same seven arguments the same way the
//!   binding does (three strings as UTF-16 into stack buffers, a `typeof` and a number for
//!   the uid, three numbers) and returning a 207-character ASCII string made the same way;
//! - `coreLoop(n)`: the core's required work for one token (argument rules, packing,
//!   HMACs, deflate, base64), `n` times, with no JavaScript in it.

use std::mem::MaybeUninit;

use agora_token_core::builders::{rtc_token, Credentials};
use agora_token_core::validate::{Account, AppCertificate, AppId, ChannelName, RtcRole};
use napi::bindgen_prelude::*;
use napi::{sys, JsValue, ValueType};
use napi_derive::napi;

/// The length of a `buildTokenWithUid` token for these arguments.
const TOKEN_LEN: usize = 207;

fn read_ascii<const N: usize>(v: &Unknown<'_>) -> usize {
    let raw = v.value();
    let mut wide = MaybeUninit::<[u16; N]>::uninit();
    let mut len = 0usize;
    // SAFETY: `raw` is a live handle of this call; napi writes at most `N` units into `wide`.
    let status = unsafe { sys::napi_get_value_string_utf16(raw.env, raw.value, wide.as_mut_ptr().cast(), N, &mut len) };
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

fn read_number(v: &Unknown<'_>) -> f64 {
    let raw = v.value();
    let mut n = 0f64;
    // SAFETY: `raw` is a live handle of this call; `n` outlives the call.
    unsafe { sys::napi_get_value_double(raw.env, raw.value, &mut n) };
    n
}

/// The same seven arguments as `buildTokenWithUid`, read and dropped; returns a token-sized string.
#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn noop7(
    app_id: Unknown,
    app_certificate: Unknown,
    channel_name: Unknown,
    uid: Unknown,
    role: Unknown,
    token_expire: Unknown,
    privilege_expire: Unknown,
) -> Result<String> {
    let mut total = read_ascii::<37>(&app_id) + read_ascii::<37>(&app_certificate) + read_ascii::<69>(&channel_name);
    if uid.get_type()? == ValueType::Number {
        total += read_number(&uid) as usize;
    }
    total += (read_number(&role) + read_number(&token_expire) + read_number(&privilege_expire)) as usize;
    std::hint::black_box(total);
    Ok("A".repeat(TOKEN_LEN))
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
