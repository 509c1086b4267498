//! Warnings for input that builds but is almost certainly a mistake (the core's
//! [`ExpireWarning`]): each is emitted with `process.emitWarning` at most once per process,
//! with a stable `code`, so that a server does not log it on every request.

use std::sync::atomic::{AtomicBool, Ordering};

use agora_token_core::validate::ExpireWarning;
use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object};
use napi::{sys, Env};

static TIMESTAMP: AtomicBool = AtomicBool::new(false);
static OVER_24H: AtomicBool = AtomicBool::new(false);

/// Emits `w` for `param` = `value` unless it was emitted before in this process.
/// A failure to emit (no `process`, a throwing listener) is ignored: a warning never
/// turns a token into an error.
pub fn once(env: sys::napi_env, w: ExpireWarning, param: &str, value: u32) {
    let flag = match w {
        ExpireWarning::UnixTimestamp => &TIMESTAMP,
        ExpireWarning::Over24Hours => &OVER_24H,
    };
    if flag.swap(true, Ordering::Relaxed) {
        return;
    }
    let env = Env::from_raw(env);
    let _ = emit(&env, w.code(), &w.message(param, value));
    // A listener that threw leaves an exception pending: clear it, the call goes on.
    let mut pending = false;
    // SAFETY: `env` is the live environment of the current call; `pending` outlives it.
    if unsafe { sys::napi_is_exception_pending(env.raw(), &mut pending) } == sys::Status::napi_ok && pending {
        let mut e = std::ptr::null_mut();
        // SAFETY: as above; the exception handle is dropped with this call's scope.
        unsafe { sys::napi_get_and_clear_last_exception(env.raw(), &mut e) };
    }
}

fn emit(env: &Env, code: &str, message: &str) -> napi::Result<()> {
    let process: Object = env.get_global()?.get_named_property_unchecked("process")?;
    let emit_warning: Function<FnArgs<(String, Object)>, ()> = process.get_named_property_unchecked("emitWarning")?;
    let mut options = Object::new(env)?;
    options.set("code", code)?;
    options.set("type", "AgoraTokenWarning")?;
    emit_warning.apply(process, (message.to_owned(), options).into())?;
    Ok(())
}
