//! The low-level 007 API of `agora-token/src/AccessToken2`: `AccessToken2`, the ten
//! service classes and `Rtm2Permissions`. Each service class wraps one core
//! [`Service`]; their differences are only how constructor arguments are read.

use std::borrow::Cow;

use agora_token_core::service::{Rtm2Permissions as CorePermissions, Service, ServiceData, ServiceType};
use agora_token_core::v007::{self, AccessToken2 as CoreToken};
use agora_token_core::{validate, Error as CoreError};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, account_arg, u16_arg, u32_arg, Arg};
use crate::errors::OrThrow;
use crate::js;

type Checked<T> = std::result::Result<T, CoreError>;

fn owned_account(v: &Arg<'_>, param: &'static str, optional: bool) -> Checked<Cow<'static, str>> {
    let a = account_arg(v, param, optional)?;
    Ok(Cow::Owned(a.check(param)?.as_str().to_owned()))
}

fn owned_channel(v: &Arg<'_>, param: &'static str, optional: bool) -> Checked<Cow<'static, str>> {
    if optional && args::is_nullish(v) {
        return Ok(Cow::Borrowed(""));
    }
    let s = args::string(v, param)?;
    if optional {
        validate::ChannelName::optional(param, &s)?;
    } else {
        validate::ChannelName::new(param, &s)?;
    }
    Ok(Cow::Owned(s))
}

macro_rules! service_classes {
    ($( $class:ident = $js:literal, $ty:ident, $doc:literal, $ts:literal, |$a:ident, $b:ident, $c:ident| $make:expr; )*) => {
        $(
            #[doc = $doc]
            #[napi(js_name = $js)]
            pub struct $class {
                pub(crate) inner: Service<'static>,
            }

            #[napi]
            impl $class {
                #[napi(constructor, catch_unwind, ts_args_type = $ts)]
                pub fn new(env: Env, $a: Arg, $b: Arg, $c: Arg) -> Result<Self> {
                    let _ = (&$a, &$b, &$c);
                    // A closure, so that `?` in `$make` returns here.
                    #[allow(clippy::redundant_closure_call)]
                    let data: Checked<ServiceData<'static>> = (|| Ok($make))();
                    Ok($class { inner: Service::new(data.or_throw(&env)?) })
                }

                /// Grants `privilege` (one of this class's static constants) until `expire`
                /// (seconds from now; 0 means as long as the token). Replaces an earlier expire.
                #[napi(catch_unwind, ts_args_type = "privilege: number, expire: number")]
                pub fn add_privilege(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
                    add_privilege(&mut self.inner, &env, &privilege, &expire)
                }

                /// Alias of `addPrivilege`, under agora-token's snake_case name.
                #[napi(js_name = "add_privilege", catch_unwind, ts_args_type = "privilege: number, expire: number")]
                pub fn add_privilege_snake(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
                    add_privilege(&mut self.inner, &env, &privilege, &expire)
                }

                /// The service type number.
                #[napi(js_name = "service_type")]
                pub fn service_type(&self) -> u32 {
                    ServiceType::$ty.number() as u32
                }

                /// The service as plain data, in the shape `decodeToken` returns.
                #[napi(js_name = "toJSON", ts_return_type = "DecodedService")]
                pub fn to_json<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
                    js::service_object(env, &self.inner)
                }
            }
        )*

        /// The JavaScript class of each service type, for the static constants.
        pub const SERVICE_CLASSES: &[(ServiceType, &str)] = &[$((ServiceType::$ty, $js)),*];

        /// Reads a service object passed to `addService`.
        pub fn service_from_js(v: &Arg<'_>) -> Option<Service<'static>> {
            let raw = v.value();
            $(
                if unsafe { <ClassInstance<$class> as ValidateNapiValue>::validate(raw.env, raw.value) }.is_ok() {
                    let s = unsafe { <ClassInstance<$class> as FromNapiValue>::from_napi_value(raw.env, raw.value) }.ok()?;
                    return Some(s.inner.clone());
                }
            )*
            None
        }

        /// Wraps a core service in its JavaScript class.
        pub fn service_to_js(env: &Env, s: Service<'static>) -> Result<Unknown<'static>> {
            let raw = match s.service_type() {
                $(ServiceType::$ty => unsafe { <$class as ToNapiValue>::to_napi_value(env.raw(), $class { inner: s })? },)*
            };
            Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), raw) })
        }
    };
}

fn add_privilege(s: &mut Service<'static>, env: &Env, privilege: &Arg<'_>, expire: &Arg<'_>) -> Result<()> {
    (|| -> Checked<()> {
        let p = u16_arg(privilege, "privilege")?;
        let e = u32_arg(expire, "expire", None)?;
        // The format counts privileges in 16 bits: refuse the 65536th.
        if s.privileges.entries().len() >= u16::MAX as usize && !s.privileges.entries().iter().any(|&(k, _)| k == p) {
            return Err(CoreError::range_error("privilege", "is one more than the 65535 privileges a service can hold"));
        }
        s.privileges.add(p, e);
        Ok(())
    })()
    .or_throw(env)
}

service_classes! {
    ServiceRtc = "ServiceRtc", Rtc, "The RTC service: join a channel and publish audio, video and data streams.",
        "channelName: string, uid: number | string",
        |a, b, c| ServiceData::Rtc { channel_name: owned_channel(&a, "channelName", false)?, uid: owned_account(&b, "uid", false)? };
    ServiceRtm = "ServiceRtm", Rtm, "The RTM (Signaling) service: log in as a user.",
        "userId?: string | number",
        |a, b, c| ServiceData::Rtm { user_id: owned_account(&a, "userId", true)? };
    ServiceStreaming = "ServiceStreaming", Streaming, "The media streaming service: publish mixed or raw streams.",
        "channelName?: string, account?: string | number",
        |a, b, c| ServiceData::Streaming { channel_name: owned_channel(&a, "channelName", true)?, account: owned_account(&b, "account", true)? };
    ServiceFpa = "ServiceFpa", Fpa, "The FPA (Full-path Acceleration) service.",
        "",
        |a, b, c| ServiceData::Fpa;
    ServiceChat = "ServiceChat", Chat, "The Chat service: a user (with a user id) or the app (without).",
        "userId?: string | number",
        |a, b, c| ServiceData::Chat { user_id: owned_account(&a, "userId", true)? };
    ServiceFCdn = "ServiceFCdn", FCdn, "The FCDN service: publish and play.",
        "channelName?: string, account?: string | number",
        |a, b, c| ServiceData::FCdn { channel_name: owned_channel(&a, "channelName", true)?, account: owned_account(&b, "account", true)? };
    ServiceApaas = "ServiceApaas", Apaas, "The APaaS (Flexible Classroom) service. A role of 0 or none is stored as -1.",
        "roomUuid?: string, userUuid?: string | number, role?: number",
        |a, b, c| ServiceData::Apaas {
            room_uuid: owned_account(&a, "roomUuid", true)?,
            user_uuid: owned_account(&b, "userUuid", true)?,
            role: match args::apaas_role(&c, "role")? { 0 => -1, r => r },
        };
    ServiceRtm2 = "ServiceRtm2", Rtm2, "The RTM service with resource permissions (`Rtm2Permissions`).",
        "userId?: string | number, permissions?: Rtm2Permissions",
        |a, b, c| ServiceData::Rtm2 { user_id: owned_account(&a, "userId", true)?, permissions: args::rtm2_permissions(&b, "permissions")? };
    ServiceConvoAI = "ServiceConvoAI", ConvoAI, "The Conversational AI service (no privileges, no fields).",
        "",
        |a, b, c| ServiceData::ConvoAI;
    ServiceStt = "ServiceStt", Stt, "The Speech-to-Text service (no privileges, no fields).",
        "",
        |a, b, c| ServiceData::Stt;
}

/// RTM2 resource permissions: resource type -> permission type -> resource names.
#[napi]
pub struct Rtm2Permissions {
    pub(crate) inner: CorePermissions,
}

#[napi]
impl Rtm2Permissions {
    #[napi(constructor)]
    pub fn new() -> Self {
        Rtm2Permissions { inner: CorePermissions::new() }
    }

    /// Sets the resources for a resource type (`Rtm2Permissions.kMessageChannels`, ...)
    /// and permission type (`kRead`, `kWrite`), replacing earlier ones.
    ///
    /// @param resourceType An integer from 0 to 65535.
    /// @param permissionType An integer from 0 to 65535.
    /// @param resources Resource names (channel names, user ids, ...), each at most 65535 bytes.
    #[napi(catch_unwind, ts_args_type = "resourceType: number, permissionType: number, resources: string[]")]
    pub fn add(&mut self, env: Env, resource_type: Arg, permission_type: Arg, resources: Arg) -> Result<()> {
        (|| -> Checked<()> {
            let r = u16_arg(&resource_type, "resourceType")?;
            let p = u16_arg(&permission_type, "permissionType")?;
            let list = args::string_list(&resources, "resources")?;
            // The format counts resource types, and permission types per resource type, in
            // 16 bits: refuse the 65536th rather than build a token that cannot be read.
            const MAX: usize = u16::MAX as usize;
            match self.inner.get(&r) {
                None if self.inner.len() >= MAX => {
                    return Err(CoreError::range_error("resourceType", "is one more than the 65535 resource types a token can hold"));
                }
                Some(m) if !m.contains_key(&p) && m.len() >= MAX => {
                    return Err(CoreError::range_error(
                        "permissionType",
                        "is one more than the 65535 permission types a resource type can hold",
                    ));
                }
                _ => {}
            }
            self.inner.entry(r).or_default().insert(p, list);
            Ok(())
        })()
        .or_throw(&env)
    }

    /// The permissions as a plain object (a copy: change them with `add` or by assigning `details`).
    #[napi(getter, ts_return_type = "{ [resourceType: number]: { [permissionType: number]: string[] } }")]
    pub fn details<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        js::permissions_object(env, &self.inner)
    }

    #[napi(setter, catch_unwind, ts_args_type = "details: { [resourceType: number]: { [permissionType: number]: string[] } }")]
    pub fn set_details(&mut self, env: Env, details: Arg) -> Result<()> {
        self.inner = args::details_value(&details, "details").or_throw(&env)?;
        Ok(())
    }
}

/// What `fromString` keeps so `verifySignature` can check the original bytes.
struct Parsed {
    signature: Vec<u8>,
    signing_info: Vec<u8>,
}

/// A 007 token under construction, or one read with `fromString`.
#[napi]
pub struct AccessToken2 {
    app_id: String,
    app_certificate: String,
    issue_ts: u32,
    expire: u32,
    salt: u32,
    services: Vec<Service<'static>>,
    parsed: Option<Parsed>,
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
        (|| -> Checked<Self> {
            let issue_ts = match u32_arg(&issue_ts, "issueTs", Some(0))? {
                0 => v007::now(),
                t => t,
            };
            Ok(AccessToken2 {
                app_id: optional_string(&app_id, "appId")?,
                app_certificate: optional_string(&app_certificate, "appCertificate")?,
                issue_ts,
                expire: u32_arg(&expire, "expire", Some(0))?,
                salt: agora_token_core::salt::salt_007(),
                services: Vec::new(),
                parsed: None,
            })
        })()
        .or_throw(&env)
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
        self.expire = u32_arg(&value, "expire", None).or_throw(&env)?;
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

    /// Copies of the services, in the order they were added (or appear in the token).
    #[napi(getter, ts_return_type = "Service[]")]
    pub fn services(&self, env: Env) -> Result<Vec<Unknown<'static>>> {
        self.services.iter().map(|s| service_to_js(&env, s.clone())).collect()
    }

    /// Adds a service (`ServiceRtc`, `ServiceRtm`, ...). Several services of one type may
    /// be added; they are packed in type order.
    #[napi(catch_unwind, ts_args_type = "service: Service")]
    pub fn add_service(&mut self, env: Env, service: Arg) -> Result<()> {
        self.push_service(&env, &service)
    }

    /// Alias of `addService`, under agora-token's snake_case name.
    #[napi(js_name = "add_service", catch_unwind, ts_args_type = "service: Service")]
    pub fn add_service_snake(&mut self, env: Env, service: Arg) -> Result<()> {
        self.push_service(&env, &service)
    }

    /// Copies of the services of one type.
    #[napi(catch_unwind, ts_args_type = "serviceType: number", ts_return_type = "Service[]")]
    pub fn get_services(&self, env: Env, service_type: Arg) -> Result<Vec<Unknown<'static>>> {
        let t = u16_arg(&service_type, "serviceType").or_throw(&env)?;
        self.services.iter().filter(|s| s.service_type().number() == t).map(|s| service_to_js(&env, s.clone())).collect()
    }

    /// Builds the token string. Unlike agora-token, which returns `''`, this throws a
    /// `TypeError` naming the problem when the App ID or certificate is not 32 hexadecimal
    /// characters or no service was added.
    #[napi(catch_unwind)]
    pub fn build(&self, env: Env) -> Result<String> {
        let t = CoreToken {
            app_id: Cow::Borrowed(&self.app_id),
            issue_ts: self.issue_ts,
            expire: self.expire,
            salt: self.salt,
            services: self.services.clone(),
        };
        t.build(&self.app_certificate).or_throw(&env)
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
        let (Some(p), Ok(cert)) = (&self.parsed, args::string(&app_certificate, "appCertificate")) else {
            return false;
        };
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
    fn push_service(&mut self, env: &Env, service: &Arg<'_>) -> Result<()> {
        match service_from_js(service) {
            Some(s) => {
                self.services.push(s);
                Ok(())
            }
            None => Err(CoreError::type_error("service", "must be a service object (ServiceRtc, ServiceRtm, ...)")).or_throw(env),
        }
    }

    fn read(&mut self, token: &Arg<'_>) -> bool {
        self.app_id.clear();
        self.issue_ts = 0;
        self.expire = 0;
        self.salt = 0;
        self.services.clear();
        self.parsed = None;
        let Ok(s) = args::string(token, "token") else { return false };
        let Ok(d) = v007::decode(&s) else { return false };
        self.app_id = d.token.app_id.into_owned();
        self.issue_ts = d.token.issue_ts;
        self.expire = d.token.expire;
        self.salt = d.token.salt;
        self.services = d.token.services;
        self.parsed = Some(Parsed { signature: d.signature, signing_info: d.signing_info });
        true
    }
}

/// Drops the exception a failed call left pending, so that module initialisation goes on.
fn clear_pending_exception(env: &Env) {
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
