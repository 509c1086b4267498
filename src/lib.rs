//! The Node.js binding of agora-token-core: converts JavaScript values to Rust
//! ([`args`]), Rust errors to JavaScript errors ([`errors`]), and nothing else.

// `cargo test --workspace` compiles this crate without Node, where the exported functions
// are never called.
#![cfg_attr(test, allow(dead_code))]
// napi-rs maps Rust parameters to the JavaScript arguments one to one, and the exported
// methods have the references' signatures (up to twelve arguments): so do the helpers that
// read them, with named parameters rather than arrays.
#![allow(clippy::too_many_arguments)]

mod args;
mod bounded;
mod builders;
mod compact;
mod decode;
mod diagnose;
mod errors;
mod fast;
mod js;
mod json;
mod keys;
mod legacy;
mod services;
mod token;
mod warn;

use agora_token_core::service::ServiceType;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// Static constants on the exported classes and the module, from the core's tables.
#[napi(module_exports)]
pub fn init(mut exports: Object, env: Env) -> Result<()> {
    let mut role = Object::new(&env)?;
    role.set("PUBLISHER", 1)?;
    role.set("SUBSCRIBER", 2)?;
    freeze(&env, &role)?;
    exports.set("RtcRole", role)?;

    for t in ServiceType::ALL {
        exports.set(t.constant_name(), t.number() as u32)?;
    }
    // agora-token's `AccessToken2.kServices`: service type number -> service class.
    let mut classes = Object::new(&env)?;
    for &(t, class) in services::SERVICE_CLASSES {
        let mut ctor: Object = exports.get_named_property_unchecked(class)?;
        for &(name, value) in t.privilege_names() {
            ctor.set(name, value as u32)?;
        }
        classes.set(t.number().to_string(), ctor)?;
    }
    let mut token_class: Object = exports.get_named_property_unchecked("AccessToken2")?;
    token_class.set("kServices", classes)?;
    let mut perms: Object = exports.get_named_property_unchecked("Rtm2Permissions")?;
    for (name, value) in [
        ("kMessageChannels", 0u32),
        ("kStreamChannels", 1),
        ("kGroupChannels", 2),
        ("kServerGroups", 3),
        ("kUsers", 4),
        ("kRead", 0),
        ("kWrite", 1),
    ] {
        perms.set(name, value)?;
    }
    token::install_inspect(&env, &exports)?;
    token::install_reference_shape(&env, &exports)?;
    compact::install_provider(&mut exports)?;
    legacy::init(&env, &mut exports)?;
    keys::init(&mut exports)?;
    if fast::enabled() {
        builders::install_fast(&env, &exports)?;
        legacy::install_fast(&env, &exports)?;
        decode::install_fast(&env, &mut exports)?;
    }
    Ok(())
}

fn freeze(env: &Env, o: &Object) -> Result<()> {
    let global = env.get_global()?;
    let object: Object = global.get_named_property_unchecked("Object")?;
    let f: Function<Object, Object> = object.get_named_property_unchecked("freeze")?;
    f.call(*o)?;
    Ok(())
}
