//! `AccessToken2`, the low-level 007 token of `agora-token/src/AccessToken2` (its services
//! are in `services.rs`), and the scripts that give the exported classes agora-token's
//! shape and a redacted `util.inspect`.

use std::borrow::Cow;

use agora_token_core::service::Service as CoreService;
use agora_token_core::v007::{self, AccessToken2 as CoreToken};
use agora_token_core::{validate, Error as CoreError};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, u16_arg, u32_arg, Arg};
use crate::errors::OrThrow;
use crate::js;
use crate::services::{read_service, read_services, service_to_js};

type Checked<T> = std::result::Result<T, CoreError>;

/// What `fromString` keeps so `verifySignature` can check the original bytes (agora-token's
/// `__signature`, `__signing_info` and `__parsed`).
#[derive(Default)]
struct Parsed {
    signature: Vec<u8>,
    signing_info: Vec<u8>,
    read: bool,
}

/// A 007 token under construction, or one read with `fromString`.
#[napi]
pub struct AccessToken2 {
    app_id: String,
    app_certificate: String,
    issue_ts: u32,
    expire: u32,
    salt: u32,
    services: Vec<CoreService<'static>>,
    parsed: Parsed,
}

fn optional_string(v: &Arg<'_>, param: &'static str) -> Checked<String> {
    if args::is_nullish(v) {
        Ok(String::new())
    } else {
        args::string(v, param)
    }
}

#[napi]
impl AccessToken2 {
    /// @param appId The App ID (checked when the token is built).
    /// @param appCertificate The App Certificate (checked when the token is built).
    /// @param issueTs The issue time in Unix seconds; 0 or omitted: now.
    /// @param expire Seconds from the issue time until the token expires; omitted: 0.
    #[napi(constructor, catch_unwind, ts_args_type = "appId?: string, appCertificate?: string, issueTs?: number, expire?: number")]
    pub fn new(env: Env, app_id: Arg, app_certificate: Arg, issue_ts: Arg, expire: Arg) -> Result<Self> {
        Self::from_args(&app_id, &app_certificate, &issue_ts, &expire).or_throw(&env)
    }

    #[napi(getter)]
    pub fn app_id(&self) -> String {
        self.app_id.clone()
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: string")]
    pub fn set_app_id(&mut self, env: Env, value: Arg) -> Result<()> {
        self.app_id = args::string(&value, "appId").or_throw(&env)?;
        Ok(())
    }

    /// The App Certificate this token is signed with. `util.inspect` and `JSON.stringify`
    /// show it redacted.
    #[napi(getter)]
    pub fn app_certificate(&self) -> String {
        self.app_certificate.clone()
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: string")]
    pub fn set_app_certificate(&mut self, env: Env, value: Arg) -> Result<()> {
        self.app_certificate = args::string(&value, "appCertificate").or_throw(&env)?;
        Ok(())
    }

    /// The issue time, Unix seconds.
    #[napi(getter)]
    pub fn issue_ts(&self) -> u32 {
        self.issue_ts
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: number")]
    pub fn set_issue_ts(&mut self, env: Env, value: Arg) -> Result<()> {
        self.issue_ts = u32_arg(&value, "issueTs", None).or_throw(&env)?;
        Ok(())
    }

    /// Seconds from the issue time until the token expires.
    #[napi(getter)]
    pub fn expire(&self) -> u32 {
        self.expire
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: number")]
    pub fn set_expire(&mut self, env: Env, value: Arg) -> Result<()> {
        self.expire = args::expire_arg(&value, "expire", None).or_throw(&env)?;
        Ok(())
    }

    /// The salt: random in 1..99999999 for a new token.
    #[napi(getter)]
    pub fn salt(&self) -> u32 {
        self.salt
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: number")]
    pub fn set_salt(&mut self, env: Env, value: Arg) -> Result<()> {
        self.salt = u32_arg(&value, "salt", None).or_throw(&env)?;
        Ok(())
    }

    /// agora-token's `__signature` field: the signature read by `fromString` (empty before),
    /// which `verifySignature` compares with. Settable, as in agora-token, to a `Uint8Array`.
    #[napi(getter, js_name = "__signature", ts_return_type = "Uint8Array")]
    pub fn signature_field(&self) -> Buffer {
        self.parsed.signature.clone().into()
    }
    #[napi(setter, js_name = "__signature", catch_unwind, ts_args_type = "value: Uint8Array")]
    pub fn set_signature_field(&mut self, env: Env, value: Arg) -> Result<()> {
        self.parsed.signature = args::bytes(&value, "__signature").or_throw(&env)?;
        Ok(())
    }

    /// agora-token's `__signing_info` field: the signed bytes read by `fromString`, which
    /// `verifySignature` checks. Settable, as in agora-token, to a `Uint8Array`.
    #[napi(getter, js_name = "__signing_info", ts_return_type = "Uint8Array")]
    pub fn signing_info_field(&self) -> Buffer {
        self.parsed.signing_info.clone().into()
    }
    #[napi(setter, js_name = "__signing_info", catch_unwind, ts_args_type = "value: Uint8Array")]
    pub fn set_signing_info_field(&mut self, env: Env, value: Arg) -> Result<()> {
        self.parsed.signing_info = args::bytes(&value, "__signing_info").or_throw(&env)?;
        Ok(())
    }

    /// agora-token's `__parsed` field (read-only): whether `fromString` read a token.
    #[napi(getter, js_name = "__parsed")]
    pub fn parsed_field(&self) -> bool {
        self.parsed.read
    }

    /// The services, in the order they were added (or appear in the token): the service
    /// objects themselves, in a plain array, as agora-token keeps them. A privilege added to
    /// a service after `addService`, or a service pushed to this array, is in the next
    /// `build()`; the array can be replaced.
    #[napi(getter, ts_return_type = "AnyService[]")]
    pub fn services(&self, env: Env) -> Result<Vec<Unknown<'static>>> {
        // (`shape.mjs` keeps the array; this seeds it with new objects for what the native
        // list holds: nothing for a new token, what `fromString` read.)
        self.services.iter().map(|s| service_to_js(&env, s.clone())).collect()
    }
    #[napi(setter, catch_unwind, ts_args_type = "value: AnyService[]")]
    pub fn set_services(&mut self, env: Env, value: Arg) -> Result<()> {
        self.services = read_services(&value).or_throw(&env)?;
        Ok(())
    }

    /// Adds a service (`ServiceRtc`, `ServiceRtm`, ...). Several services of one type may
    /// be added; they are packed in type order.
    #[napi(catch_unwind, ts_args_type = "service: Service")]
    pub fn add_service(&mut self, env: Env, service: Arg) -> Result<()> {
        self.push_service(&service).or_throw(&env)
    }

    /// Alias of `addService`, under agora-token's snake_case name.
    #[napi(js_name = "add_service", catch_unwind, ts_args_type = "service: Service")]
    pub fn add_service_snake(&mut self, env: Env, service: Arg) -> Result<()> {
        self.push_service(&service).or_throw(&env)
    }

    /// The services of one type (the objects in `services`).
    #[napi(catch_unwind, ts_args_type = "serviceType: number", ts_return_type = "AnyService[]")]
    pub fn get_services(&self, env: Env, service_type: Arg) -> Result<Vec<Unknown<'static>>> {
        let t = u16_arg(&service_type, "serviceType").or_throw(&env)?;
        self.services.iter().filter(|s| s.service_type().number() == t).map(|s| service_to_js(&env, s.clone())).collect()
    }

    /// Builds the token string. Unlike agora-token, which returns `''`, this throws a
    /// `TypeError` naming the problem when the App ID or certificate is not 32 hexadecimal
    /// characters or no service was added.
    ///
    /// The services are those of `services` (the objects added, as agora-token keeps them)
    /// as they are when it is called: `shape.mjs` passes that array here when the copies this
    /// object keeps may no longer match it, and they are read and copied again.
    #[napi(catch_unwind, ts_args_type = "")]
    pub fn build(&mut self, env: Env, services: Option<Arg>) -> Result<String> {
        if let Some(list) = services.filter(|v| !args::is_nullish(v)) {
            // Read, and kept as copies: `shape.mjs` builds from them while they match.
            self.services = read_services(&list).or_throw(&env)?;
        }
        v007::check_parts(&self.app_id, &self.services, &self.app_certificate).or_throw(&env)?;
        let parts = v007::Parts { app_id: &self.app_id, issue_ts: self.issue_ts, expire: self.expire, salt: self.salt };
        Ok(v007::build_parts(parts, &self.services, &self.app_certificate))
    }

    /// Reads a 007 token into this object. Returns false (and leaves the object empty)
    /// when the token cannot be read. A service type this version does not know ends the
    /// reading with true, as in agora-token.
    #[napi(catch_unwind, ts_args_type = "token: string")]
    #[allow(clippy::wrong_self_convention)] // agora-token's method name
    pub fn from_string(&mut self, token: Arg) -> bool {
        self.read(&token)
    }

    /// Alias of `fromString`, under agora-token's snake_case name.
    #[napi(js_name = "from_string", catch_unwind, ts_args_type = "token: string")]
    #[allow(clippy::wrong_self_convention)] // agora-token's method name
    pub fn from_string_snake(&mut self, token: Arg) -> bool {
        self.read(&token)
    }

    /// Whether a token read with `fromString` is signed with `appCertificate`
    /// (compared in constant time). False when nothing was read.
    #[napi(catch_unwind, ts_args_type = "appCertificate: string")]
    pub fn verify_signature(&self, app_certificate: Arg) -> bool {
        let p = &self.parsed;
        let Ok(cert) = args::string(&app_certificate, "appCertificate") else { return false };
        // As agora-token: nothing read, or a field emptied, never verifies.
        if !p.read || p.signature.is_empty() || p.signing_info.is_empty() {
            return false;
        }
        let d = v007::DecodedToken2 {
            token: CoreToken {
                app_id: Cow::Owned(self.app_id.clone()),
                issue_ts: self.issue_ts,
                expire: self.expire,
                salt: self.salt,
                services: Vec::new(),
            },
            signature: p.signature.clone(),
            signing_info: p.signing_info.clone(),
            unknown_service: None,
            trailing_bytes: 0,
        };
        validate::app_id("appId", &self.app_id).is_ok() && d.verify(&cert)
    }

    /// A plain view for `JSON.stringify`, with the certificate redacted.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ appId: string; appCertificate: string; issueTs: number; expire: number; salt: number; services: DecodedService[] }"
    )]
    pub fn to_json<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        let mut o = Object::new(env)?;
        o.set("appId", self.app_id.as_str())?;
        o.set("appCertificate", if self.app_certificate.is_empty() { "" } else { js::REDACTED })?;
        o.set("issueTs", self.issue_ts)?;
        o.set("expire", self.expire)?;
        o.set("salt", self.salt)?;
        let mut list = env.create_array(self.services.len() as u32)?;
        for (i, s) in self.services.iter().enumerate() {
            list.set(i as u32, js::service_object(env, s)?)?;
        }
        o.set("services", list)?;
        Ok(o)
    }
}

impl AccessToken2 {
    fn from_args(app_id: &Arg<'_>, app_certificate: &Arg<'_>, issue_ts: &Arg<'_>, expire: &Arg<'_>) -> Checked<Self> {
        let issue_ts = match u32_arg(issue_ts, "issueTs", Some(0))? {
            0 => v007::now(),
            t => t,
        };
        Ok(AccessToken2 {
            app_id: optional_string(app_id, "appId")?,
            app_certificate: optional_string(app_certificate, "appCertificate")?,
            issue_ts,
            expire: args::expire_arg(expire, "expire", Some(0))?,
            salt: agora_token_core::salt::salt_007(),
            services: Vec::new(),
            parsed: Parsed::default(),
        })
    }

    fn push_service(&mut self, service: &Arg<'_>) -> Checked<()> {
        self.services.push(read_service(service)?);
        Ok(())
    }

    fn read(&mut self, token: &Arg<'_>) -> bool {
        self.app_id.clear();
        self.issue_ts = 0;
        self.expire = 0;
        self.salt = 0;
        self.services.clear();
        self.parsed = Parsed::default();
        let Ok(s) = crate::bounded::token_string(token, "token") else { return false };
        let Ok(d) = v007::decode(&s) else { return false };
        self.app_id = d.token.app_id.into_owned();
        self.issue_ts = d.token.issue_ts;
        self.expire = d.token.expire;
        self.salt = d.token.salt;
        self.services = d.token.services;
        self.parsed = Parsed { signature: d.signature, signing_info: d.signing_info, read: true };
        true
    }
}

/// Gives the service classes agora-token's shape (`instanceof Service`, the `__` fields),
/// by running the function of `shape.mjs`, the one copy of that code: the WebAssembly entry
/// (`api.mjs`) imports the same file, and applies it where a runtime refuses the script here.
pub fn install_reference_shape(env: &Env, exports: &Object) -> Result<()> {
    const SHAPE: &str = include_str!("../shape.mjs");
    let Some((_, function)) = SHAPE.split_once("export default ") else {
        return Err(Error::from_reason("shape.mjs has no default export"));
    };
    let Ok(install) = env.run_script::<_, Function<Object, Unknown>>(format!("({function})")) else {
        clear_pending_exception(env);
        return Ok(());
    };
    install.call(*exports)?;
    Ok(())
}

/// Drops the exception a failed call left pending, so that module initialisation goes on.
pub(crate) fn clear_pending_exception(env: &Env) {
    let mut pending = false;
    // SAFETY: `env` is the live environment of this call; both functions only read or
    // clear its exception slot.
    unsafe {
        if napi::sys::napi_is_exception_pending(env.raw(), &mut pending) == napi::sys::Status::napi_ok && pending {
            let mut exception = std::ptr::null_mut();
            napi::sys::napi_get_and_clear_last_exception(env.raw(), &mut exception);
        }
    }
}

/// Makes `util.inspect` (and `console.log`) show an `AccessToken2` as its redacted
/// `toJSON()` view. Without it, `util.inspect(token, { showHidden: true, getters: true })`
/// calls the `appCertificate` getter and prints the certificate.
pub fn install_inspect(env: &Env, exports: &Object) -> Result<()> {
    let ctor: Object = exports.get_named_property_unchecked("AccessToken2")?;
    let proto: Object = ctor.get_named_property_unchecked("prototype")?;
    // Runtimes that forbid code generation from strings (Next.js and Vercel Edge) refuse the
    // script; they have no `util.inspect` either, so the binding loads without the hook there.
    let Ok(install) = env.run_script::<_, Function<Object, Unknown>>(
        r#"(function (proto) {
  Object.defineProperty(proto, Symbol.for('nodejs.util.inspect.custom'), {
    configurable: true,
    writable: true,
    value: function inspect(depth, options, inspect) {
      const view = this.toJSON()
      return typeof inspect === 'function' ? 'AccessToken2 ' + inspect(view, options) : view
    },
  })
})"#,
    ) else {
        clear_pending_exception(env);
        return Ok(());
    };
    install.call(proto)?;
    Ok(())
}
