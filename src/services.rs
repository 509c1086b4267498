//! The services of the low-level 007 API (`agora-token/src/AccessToken2`): the ten service
//! classes, their `Service` base class and `Rtm2Permissions`, and how a service object is
//! read back from JavaScript. Each service class wraps one core [`Service`]; their
//! differences are only how constructor arguments are read. `AccessToken2` is in
//! `token.rs`.

use std::borrow::Cow;

use agora_token_core::service::{
    set_permission, Privileges, Rtm2Permissions as CorePermissions, Service as CoreService, ServiceData, ServiceType,
};
use agora_token_core::{validate, Error as CoreError};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::args::{self, account_arg, u16_arg, Arg};
use crate::errors::OrThrow;
use crate::js;

type Checked<T> = std::result::Result<T, CoreError>;

// `addPrivilege`, `add_privilege` and `ServiceRtm2.__readPermissions` are the only methods
// that change a service once made, and `shape.mjs` counts their calls: an `AccessToken2`
// signs its copies of its services while no service has changed. A new method that changes
// a service must be counted there.

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

/// Whether the live handle `$raw` wraps a `$class`: on native builds by its type tag (one
/// Node-API call, where `instanceof` looks up the constructor and walks the prototype chain),
/// on WebAssembly, where napi-rs does not tag objects, by `instanceof`. Used in `unsafe`.
macro_rules! is_instance {
    ($class:ty, $raw:expr) => {{
        #[cfg(not(target_family = "wasm"))]
        let yes = {
            let mut tagged = false;
            let tag = <$class as TypeTag>::type_tag();
            napi::sys::napi_check_object_type_tag($raw.env, $raw.value, &tag, &mut tagged) == napi::sys::Status::napi_ok && tagged
        };
        #[cfg(target_family = "wasm")]
        let yes = <ClassInstance<$class> as ValidateNapiValue>::validate($raw.env, $raw.value).is_ok();
        yes
    }};
}

macro_rules! service_classes {
    ($( $class:ident = $js:literal, $ty:ident, $doc:literal, $ts:literal, |$a:ident, $b:ident, $c:ident| $make:expr; )*) => {
        $(
            #[doc = $doc]
            #[napi(js_name = $js)]
            pub struct $class {
                pub(crate) inner: CoreService<'static>,
            }

            #[napi]
            impl $class {
                #[napi(constructor, catch_unwind, ts_args_type = $ts)]
                pub fn new(env: Env, $a: Arg, $b: Arg, $c: Arg) -> Result<Self> {
                    let data = Self::data(&$a, &$b, &$c).or_throw(&env)?;
                    Ok($class { inner: CoreService::new(data) })
                }

                /// Grants `privilege` (one of this class's static constants) until `expire`
                /// (seconds from now; 0 means as long as the token). Replaces an earlier expire.
                #[napi(catch_unwind, ts_args_type = "privilege: number, expire: number")]
                pub fn add_privilege(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
                    add_privilege(&mut self.inner.privileges, &privilege, &expire).or_throw(&env)
                }

                /// Alias of `addPrivilege`, under agora-token's snake_case name.
                #[napi(js_name = "add_privilege", catch_unwind, ts_args_type = "privilege: number, expire: number")]
                pub fn add_privilege_snake(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
                    add_privilege(&mut self.inner.privileges, &privilege, &expire).or_throw(&env)
                }

                /// The service type number.
                #[napi(js_name = "service_type")]
                pub fn service_type(&self) -> u32 {
                    ServiceType::$ty.number() as u32
                }

                /// agora-token's `__type` field (read-only): the service type number.
                #[napi(getter, js_name = "__type")]
                pub fn type_field(&self) -> u32 {
                    ServiceType::$ty.number() as u32
                }

                /// agora-token's `__privileges` field (read-only, a copy): privilege -> expire.
                #[napi(getter, js_name = "__privileges", ts_return_type = "{ [privilege: number]: number }")]
                pub fn privileges_field<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
                    privileges_object(env, &self.inner.privileges)
                }

                /// The service packed as in a 007 token (type, privileges, fields), as
                /// agora-token's `pack()` gives it.
                #[napi(catch_unwind, ts_return_type = "Uint8Array")]
                pub fn pack(&self, env: Env) -> Result<Buffer> {
                    Ok(self.inner.packed().or_throw(&env)?.into())
                }

                /// The service as plain data, in the shape `decodeToken` returns.
                #[napi(js_name = "toJSON", ts_return_type = "DecodedService")]
                pub fn to_json<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
                    js::service_object(env, &self.inner)
                }
            }

            impl $class {
                /// The service's fields, read from the constructor's arguments.
                fn data($a: &Arg<'_>, $b: &Arg<'_>, $c: &Arg<'_>) -> Checked<ServiceData<'static>> {
                    let _ = (&$a, &$b, &$c);
                    Ok($make)
                }
            }
        )*

        /// The JavaScript class of each service type, for the static constants.
        pub const SERVICE_CLASSES: &[(ServiceType, &str)] = &[$((ServiceType::$ty, $js)),*];

        /// Reads a service object passed to `addService`, as a copy: one of the ten classes,
        /// or a `Service` of a type without fields. `None` for anything else.
        pub fn service_from_js(v: &Arg<'_>) -> Option<Checked<CoreService<'static>>> {
            // (A type tag check of `null` or `undefined` would leave an exception pending.)
            if args::ty(v) != napi::ValueType::Object {
                return None;
            }
            let raw = v.value();
            $(
                // SAFETY: `raw` is a live handle of the current call; `is_instance` checks
                // that it wraps a `$class` (and `from_napi_value` checks it again) before it
                // is read as one.
                if unsafe { is_instance!($class, raw) } {
                    let s = unsafe { <ClassInstance<$class> as FromNapiValue>::from_napi_value(raw.env, raw.value) }.ok()?;
                    return Some(Ok(s.inner.clone()));
                }
            )*
            // SAFETY: as above, for the `Service` base class.
            if unsafe { is_instance!(Service, raw) } {
                let s = unsafe { <ClassInstance<Service> as FromNapiValue>::from_napi_value(raw.env, raw.value) }.ok()?;
                return Some(CoreService::bare(s.service_type, &s.privileges));
            }
            None
        }

        /// Wraps a core service in its JavaScript class.
        pub fn service_to_js(env: &Env, s: CoreService<'static>) -> Result<Unknown<'static>> {
            let raw = match s.service_type() {
                // SAFETY: `env` is the live environment of the current call; the class
                // instance is moved into the JavaScript object napi-rs creates.
                $(ServiceType::$ty => unsafe { <$class as ToNapiValue>::to_napi_value(env.raw(), $class { inner: s })? },)*
            };
            // SAFETY: `raw` was just created in `env` and is live for this call.
            Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), raw) })
        }
    };
}

fn add_privilege(privileges: &mut Privileges, privilege: &Arg<'_>, expire: &Arg<'_>) -> Checked<()> {
    let p = u16_arg(privilege, "privilege")?;
    let e = args::expire_arg(expire, "expire", None)?;
    privileges.add_checked("privilege", p, e)
}

/// `{ privilege: expire }`, the shape of agora-token's `__privileges`.
fn privileges_object<'e>(env: &'e Env, privileges: &Privileges) -> Result<Object<'e>> {
    let mut o = Object::new(env)?;
    for &(k, v) in privileges.entries() {
        o.set(k.to_string(), v)?;
    }
    Ok(o)
}

/// agora-token's `Service` base class: a service type and its privileges, no fields.
/// Every service class inherits from it (`instanceof Service`). An instance can be added
/// to a token when its type has no fields (FPA 4, ConvoAI 9, STT 10), and then packs as
/// agora-token's does; for the other types `addService` throws, because agora-token would
/// pack a service without its fields, which no decoder can read.
#[napi]
pub struct Service {
    service_type: u16,
    privileges: Privileges,
}

#[napi]
impl Service {
    /// @param serviceType The service type number (0 to 65535; `kFpaServiceType` ...).
    #[napi(constructor, catch_unwind, ts_args_type = "serviceType: number")]
    pub fn new(env: Env, service_type: Arg) -> Result<Self> {
        let service_type = u16_arg(&service_type, "serviceType").or_throw(&env)?;
        Ok(Service { service_type, privileges: Privileges::new() })
    }

    /// Grants `privilege` until `expire` (seconds from now; 0: as long as the token).
    #[napi(catch_unwind, ts_args_type = "privilege: number, expire: number")]
    pub fn add_privilege(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
        add_privilege(&mut self.privileges, &privilege, &expire).or_throw(&env)
    }

    /// Alias of `addPrivilege`, under agora-token's snake_case name.
    #[napi(js_name = "add_privilege", catch_unwind, ts_args_type = "privilege: number, expire: number")]
    pub fn add_privilege_snake(&mut self, env: Env, privilege: Arg, expire: Arg) -> Result<()> {
        add_privilege(&mut self.privileges, &privilege, &expire).or_throw(&env)
    }

    /// The service type number.
    #[napi(js_name = "service_type")]
    pub fn service_type(&self) -> u32 {
        self.service_type as u32
    }

    /// agora-token's `__type` field (read-only).
    #[napi(getter, js_name = "__type")]
    pub fn type_field(&self) -> u32 {
        self.service_type as u32
    }

    /// agora-token's `__privileges` field (read-only, a copy).
    #[napi(getter, js_name = "__privileges", ts_return_type = "{ [privilege: number]: number }")]
    pub fn privileges_field<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        privileges_object(env, &self.privileges)
    }

    /// The type and privileges packed as in a 007 token, as agora-token's `pack()` gives
    /// them (a bare service has no fields).
    #[napi(catch_unwind, ts_return_type = "Uint8Array")]
    pub fn pack(&self, env: Env) -> Result<Buffer> {
        Ok(CoreService::pack_bare(self.service_type, &self.privileges).or_throw(&env)?.into())
    }

    /// `{ type, privileges }`.
    #[napi(js_name = "toJSON", ts_return_type = "{ type: number; privileges: { [privilege: number]: number } }")]
    pub fn to_json<'e>(&self, env: &'e Env) -> Result<Object<'e>> {
        let mut o = Object::new(env)?;
        o.set("type", self.service_type as u32)?;
        o.set("privileges", privileges_object(env, &self.privileges)?)?;
        Ok(o)
    }
}

service_classes! {
    ServiceRtc = "ServiceRtc", Rtc, "The RTC service: join a channel and publish audio, video and data streams.",
        "channelName: string, uid: number | string",
        |a, b, c| ServiceData::Rtc { channel_name: owned_channel(a, "channelName", false)?, uid: owned_account(b, "uid", false)? };
    ServiceRtm = "ServiceRtm", Rtm, "The RTM (Signaling) service: log in as a user.",
        "userId?: string | number",
        |a, b, c| ServiceData::Rtm { user_id: owned_account(a, "userId", true)? };
    ServiceStreaming = "ServiceStreaming", Streaming, "The media streaming service: publish mixed or raw streams.",
        "channelName?: string, account?: string | number",
        |a, b, c| ServiceData::Streaming { channel_name: owned_channel(a, "channelName", true)?, account: owned_account(b, "account", true)? };
    ServiceFpa = "ServiceFpa", Fpa, "The FPA (Full-path Acceleration) service.",
        "",
        |a, b, c| ServiceData::Fpa;
    ServiceChat = "ServiceChat", Chat, "The Chat service: a user (with a user id) or the app (without).",
        "userId?: string | number",
        |a, b, c| ServiceData::Chat { user_id: owned_account(a, "userId", true)? };
    ServiceFCdn = "ServiceFCdn", FCdn, "The FCDN service: publish and play.",
        "channelName?: string, account?: string | number",
        |a, b, c| ServiceData::FCdn { channel_name: owned_channel(a, "channelName", true)?, account: owned_account(b, "account", true)? };
    ServiceApaas = "ServiceApaas", Apaas, "The APaaS (Flexible Classroom) service. A role of 0 or none is stored as -1.",
        "roomUuid?: string, userUuid?: string | number, role?: number",
        |a, b, c| ServiceData::Apaas {
            room_uuid: owned_account(a, "roomUuid", true)?,
            user_uuid: owned_account(b, "userUuid", true)?,
            role: match args::apaas_role(c, "role")? { 0 => -1, r => r },
        };
    ServiceRtm2 = "ServiceRtm2", Rtm2, "The RTM service with resource permissions (`Rtm2Permissions`).",
        "userId?: string | number, permissions?: Rtm2Permissions",
        |a, b, c| ServiceData::Rtm2 { user_id: owned_account(a, "userId", true)?, permissions: std::borrow::Cow::Owned(permissions_arg(b, "permissions")?.into_owned()) };
    ServiceConvoAI = "ServiceConvoAI", ConvoAI, "The Conversational AI service (no privileges, no fields).",
        "",
        |a, b, c| ServiceData::ConvoAI;
    ServiceStt = "ServiceStt", Stt, "The Speech-to-Text service (no privileges, no fields).",
        "",
        |a, b, c| ServiceData::Stt;
}

#[napi]
impl ServiceRtm2 {
    /// Reads its permissions again from `permissions` (an `Rtm2Permissions`, or an object
    /// with `details`): `shape.mjs` calls it before a token reads the service, when the
    /// object given to the constructor has changed since, as agora-token reads that object
    /// when it builds. Not part of the API.
    #[napi(js_name = "__readPermissions", skip_typescript, catch_unwind)]
    pub fn read_permissions(&mut self, env: Env, permissions: Arg) -> Result<()> {
        let p = permissions_arg(&permissions, "permissions").or_throw(&env)?.into_owned();
        if let ServiceData::Rtm2 { permissions, .. } = &mut self.inner.data {
            *permissions = Cow::Owned(p);
        }
        Ok(())
    }
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
        add_permission(&mut self.inner, &resource_type, &permission_type, &resources).or_throw(&env)
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

fn add_permission(inner: &mut CorePermissions, resource_type: &Arg<'_>, permission_type: &Arg<'_>, resources: &Arg<'_>) -> Checked<()> {
    let r = u16_arg(resource_type, "resourceType")?;
    let p = u16_arg(permission_type, "permissionType")?;
    let list = args::string_list(resources, "resources")?;
    set_permission(inner, r, p, list)
}

/// RTM2 permissions as a builder or `ServiceRtm2` takes them: our own `Rtm2Permissions`
/// (its map copied, without a round trip through a JavaScript object) or any object with
/// a `details` property, read by [`args::rtm2_permissions`].
pub fn permissions_arg<'a>(v: &Arg<'a>, param: &'static str) -> Checked<PermissionsArg<'a>> {
    let raw = v.value();
    // SAFETY: `raw` is a live handle of the current call; `validate` checks that it wraps
    // an `Rtm2Permissions` before `from_napi_value` reads it as one.
    if unsafe { <ClassInstance<Rtm2Permissions> as ValidateNapiValue>::validate(raw.env, raw.value) }.is_ok() {
        // SAFETY: as above; the instance stays borrowed for the rest of the call, during which no JavaScript runs.
        if let Ok(p) = unsafe { <ClassInstance<Rtm2Permissions> as FromNapiValue>::from_napi_value(raw.env, raw.value) } {
            return Ok(PermissionsArg::Ours(p));
        }
    }
    args::rtm2_permissions(v, param).map(PermissionsArg::Read)
}

/// RTM2 permissions as [`permissions_arg`] reads them: our own `Rtm2Permissions` borrowed
/// (a builder only reads the map; copying 1000 names costs a thousand allocations and frees
/// per token), anything else read into a new map.
pub enum PermissionsArg<'a> {
    Ours(ClassInstance<'a, Rtm2Permissions>),
    Read(CorePermissions),
}

impl PermissionsArg<'_> {
    pub fn get(&self) -> &CorePermissions {
        match self {
            PermissionsArg::Ours(p) => &p.inner,
            PermissionsArg::Read(p) => p,
        }
    }

    /// A map of its own, for a service object that keeps it.
    pub fn into_owned(self) -> CorePermissions {
        match self {
            PermissionsArg::Ours(p) => p.inner.clone(),
            PermissionsArg::Read(p) => p,
        }
    }
}

fn not_a_service() -> CoreError {
    CoreError::type_error("service", "must be a service object (ServiceRtc, ServiceRtm, ...)")
}

pub(crate) fn read_service(service: &Arg<'_>) -> Checked<CoreService<'static>> {
    service_from_js(service).unwrap_or_else(|| Err(not_a_service()))
}

/// The services of a token's `services` array, each read (and copied) as `addService` reads it.
pub(crate) fn read_services(list: &Arg<'_>) -> Checked<Vec<CoreService<'static>>> {
    let not_an_array = || CoreError::type_error("services", "must be an array of service objects");
    let raw = list.value();
    // SAFETY: `raw` is a live handle of the current call.
    let arr = unsafe { Object::from_napi_value(raw.env, raw.value) }.map_err(|_| not_an_array())?;
    // (Node-API refuses the length of anything but an array.)
    let len = arr.get_array_length().map_err(|_| not_an_array())?;
    (0..len)
        .map(|i| {
            let item: Unknown = arr.get_element(i).map_err(|_| CoreError::type_error("services", "could not be read"))?;
            read_service(&item)
        })
        .collect()
}
