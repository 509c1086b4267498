//! The ten AccessToken2 service types, as data.
//!
//! A [`Service`] is a [`ServiceData`] (the type and its fields) plus [`Privileges`]. The
//! table [`ServiceType::ALL`] and [`ServiceType::privilege_names`] are what the Node
//! binding turns into its classes' static constants, so names and numbers live here once.

use std::borrow::Cow;
use std::collections::BTreeMap;

use smallvec::SmallVec;

use crate::error::{DecodeError, Error};
use crate::pack::{Reader, Writer};

/// A service type number as it appears in a 007 token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
pub enum ServiceType {
    Rtc = 1,
    Rtm = 2,
    Streaming = 3,
    Fpa = 4,
    Chat = 5,
    FCdn = 6,
    Apaas = 7,
    Rtm2 = 8,
    ConvoAI = 9,
    Stt = 10,
}

impl ServiceType {
    pub const ALL: [ServiceType; 10] = [
        ServiceType::Rtc,
        ServiceType::Rtm,
        ServiceType::Streaming,
        ServiceType::Fpa,
        ServiceType::Chat,
        ServiceType::FCdn,
        ServiceType::Apaas,
        ServiceType::Rtm2,
        ServiceType::ConvoAI,
        ServiceType::Stt,
    ];

    pub fn from_u16(n: u16) -> Option<Self> {
        ServiceType::ALL.get((n as usize).wrapping_sub(1)).copied()
    }

    pub fn number(self) -> u16 {
        self as u16
    }

    /// The short name used by `decodeToken` (`rtc`, `rtm`, ... `stt`).
    pub fn name(self) -> &'static str {
        match self {
            ServiceType::Rtc => "rtc",
            ServiceType::Rtm => "rtm",
            ServiceType::Streaming => "streaming",
            ServiceType::Fpa => "fpa",
            ServiceType::Chat => "chat",
            ServiceType::FCdn => "fcdn",
            ServiceType::Apaas => "apaas",
            ServiceType::Rtm2 => "rtm2",
            ServiceType::ConvoAI => "convoai",
            ServiceType::Stt => "stt",
        }
    }

    /// The name of the exported type constant (`kRtcServiceType`, ...).
    pub fn constant_name(self) -> &'static str {
        match self {
            ServiceType::Rtc => "kRtcServiceType",
            ServiceType::Rtm => "kRtmServiceType",
            ServiceType::Streaming => "kStreamingServiceType",
            ServiceType::Fpa => "kFpaServiceType",
            ServiceType::Chat => "kChatServiceType",
            ServiceType::FCdn => "kFCdnServiceType",
            ServiceType::Apaas => "kApaasServiceType",
            ServiceType::Rtm2 => "kRtm2ServiceType",
            ServiceType::ConvoAI => "kConvoAIServiceType",
            ServiceType::Stt => "kSttServiceType",
        }
    }

    /// The privileges this service defines, under the names agora-token gives them.
    pub fn privilege_names(self) -> &'static [(&'static str, u16)] {
        match self {
            ServiceType::Rtc => &[
                ("kPrivilegeJoinChannel", 1),
                ("kPrivilegePublishAudioStream", 2),
                ("kPrivilegePublishVideoStream", 3),
                ("kPrivilegePublishDataStream", 4),
            ],
            ServiceType::Rtm | ServiceType::Fpa | ServiceType::Rtm2 => &[("kPrivilegeLogin", 1)],
            ServiceType::Streaming => &[("kPrivilegePublishMixStream", 1), ("kPrivilegePublishRawStream", 2)],
            ServiceType::Chat => &[("kPrivilegeUser", 1), ("kPrivilegeApp", 2)],
            ServiceType::FCdn => &[("kPrivilegePublish", 1), ("kPrivilegePlay", 2)],
            ServiceType::Apaas => &[("PRIVILEGE_ROOM_USER", 1), ("PRIVILEGE_USER", 2), ("PRIVILEGE_APP", 3)],
            ServiceType::ConvoAI | ServiceType::Stt => &[],
        }
    }
}

pub const RTC_JOIN_CHANNEL: u16 = 1;
pub const RTC_PUBLISH_AUDIO: u16 = 2;
pub const RTC_PUBLISH_VIDEO: u16 = 3;
pub const RTC_PUBLISH_DATA: u16 = 4;
pub const RTM_LOGIN: u16 = 1;
pub const FPA_LOGIN: u16 = 1;
pub const CHAT_USER: u16 = 1;
pub const CHAT_APP: u16 = 2;
pub const APAAS_ROOM_USER: u16 = 1;
pub const APAAS_USER: u16 = 2;
pub const APAAS_APP: u16 = 3;
pub const RTM2_LOGIN: u16 = 1;

/// Privilege number -> expire, kept sorted by privilege (the order they are packed in).
/// Adding a privilege that is already present replaces its expire, as in agora-token.
/// Up to four (RTC's count) are stored inline, without an allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Privileges(SmallVec<[(u16, u32); 4]>);

impl Privileges {
    pub fn new() -> Self {
        Privileges(SmallVec::new())
    }

    pub fn with_capacity(n: usize) -> Self {
        Privileges(SmallVec::with_capacity(n))
    }

    pub fn add(&mut self, privilege: u16, expire: u32) {
        // Builders add in ascending order: append without searching.
        if self.0.last().is_none_or(|&(last, _)| last < privilege) {
            self.0.push((privilege, expire));
            return;
        }
        match self.0.binary_search_by_key(&privilege, |e| e.0) {
            Ok(i) => self.0[i].1 = expire,
            Err(i) => self.0.insert(i, (privilege, expire)),
        }
    }

    pub fn entries(&self) -> &[(u16, u32)] {
        &self.0
    }

    /// [`add`](Self::add), refusing a new privilege past the 65535 a service can count
    /// (the format counts them in 16 bits); replacing an existing one always works.
    pub fn add_checked(&mut self, param: &'static str, privilege: u16, expire: u32) -> Result<(), Error> {
        if self.0.binary_search_by_key(&privilege, |e| e.0).is_err() {
            crate::validate::count(param, self.0.len() + 1, "privileges a service can hold")?;
        }
        self.add(privilege, expire);
        Ok(())
    }

    /// Builds from decoded entries; a repeated key keeps its last value, like a JS object.
    /// Sorts in O(n log n) (O(n) when already sorted, as in every real token): inserting one
    /// by one was quadratic, and a forged token can hold ~10,000 entries in reverse order.
    pub fn from_entries(mut entries: Vec<(u16, u32)>) -> Self {
        // Stable, so the entries of one key stay in token order; keep the last of each run.
        entries.sort_by_key(|e| e.0);
        entries.dedup_by(|later, kept| {
            if later.0 == kept.0 {
                kept.1 = later.1;
                true
            } else {
                false
            }
        });
        Privileges(SmallVec::from_vec(entries))
    }
}

/// RTM2 permissions: resource type -> permission type -> resource names.
/// Packed in ascending resource and permission type order, as agora-token does.
pub type Rtm2Permissions = BTreeMap<u16, BTreeMap<u16, Vec<String>>>;

/// How much of a service a decoder keeps. Verifying a token reads neither privileges nor
/// RTM2 resource names, and a token can carry thousands of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything.
    Full,
    /// Privileges and RTM2 resource names read and checked as for `Full`, not kept.
    ForVerify,
}

/// The most RTM2 resource types one service of a decoded token may carry (5 are defined).
/// Like the other `MAX_RTM2_*` limits, it keeps the work of decoding an untrusted token
/// small (a 64 KiB payload could otherwise hold some 16,000 empty resource types): the
/// decoder refuses a token beyond it. The builders accept up to the format's 65535.
pub const MAX_RTM2_RESOURCE_TYPES: usize = 32;
/// The most permission types one RTM2 resource type of a decoded token may carry (2 are defined).
pub const MAX_RTM2_PERMISSION_TYPES: usize = 16;
/// The most resource names one RTM2 service of a decoded token may list, over all its
/// resource and permission types.
pub const MAX_RTM2_RESOURCES: usize = 8192;

/// Checks that every count the format stores in 16 bits fits: at most 65535 resource
/// types, permission types per resource type, and names per permission. (Keys are `u16`,
/// so a map can hold 65536 entries, one more than its count can say.)
pub fn check_permissions(param: &'static str, permissions: &Rtm2Permissions) -> Result<(), Error> {
    const MAX: usize = u16::MAX as usize;
    if permissions.len() > MAX {
        return Err(Error::range_error(param, "may hold at most 65535 resource types"));
    }
    for (resource_type, by_permission) in permissions {
        if by_permission.len() > MAX {
            return Err(Error::range_error(
                param,
                format_args!("may hold at most 65535 permission types for resource type {resource_type}"),
            ));
        }
        if let Some((p, _)) = by_permission.iter().find(|(_, names)| names.len() > MAX) {
            return Err(Error::range_error(
                param,
                format_args!("may list at most 65535 resources for resource type {resource_type}, permission type {p}"),
            ));
        }
    }
    Ok(())
}

/// Sets the resources of (`resource_type`, `permission_type`), replacing earlier ones, and
/// refuses a new resource type or permission type past the 65535 the format can count.
pub fn set_permission(
    permissions: &mut Rtm2Permissions,
    resource_type: u16,
    permission_type: u16,
    resources: Vec<String>,
) -> Result<(), Error> {
    match permissions.get(&resource_type) {
        None => crate::validate::count("resourceType", permissions.len() + 1, "resource types a token can hold")?,
        Some(m) if !m.contains_key(&permission_type) => {
            crate::validate::count("permissionType", m.len() + 1, "permission types a resource type can hold")?
        }
        Some(_) => {}
    }
    permissions.entry(resource_type).or_default().insert(permission_type, resources);
    Ok(())
}

/// Which service, and the fields it carries. Strings borrow where they can, so the
/// builders pack their arguments without copying them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceData<'a> {
    Rtc { channel_name: Cow<'a, str>, uid: Cow<'a, str> },
    Rtm { user_id: Cow<'a, str> },
    Streaming { channel_name: Cow<'a, str>, account: Cow<'a, str> },
    Fpa,
    Chat { user_id: Cow<'a, str> },
    FCdn { channel_name: Cow<'a, str>, account: Cow<'a, str> },
    Apaas { room_uuid: Cow<'a, str>, user_uuid: Cow<'a, str>, role: i16 },
    Rtm2 { user_id: Cow<'a, str>, permissions: Cow<'a, Rtm2Permissions> },
    ConvoAI,
    Stt,
}

/// One service of a token: its data and its privileges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service<'a> {
    pub data: ServiceData<'a>,
    pub privileges: Privileges,
}

impl<'a> Service<'a> {
    /// Checks that the service's counts fit the format's 16 bits: at most 65535
    /// privileges, and RTM2 permissions as [`check_permissions`] says.
    pub fn check_counts(&self) -> Result<(), Error> {
        if self.privileges.entries().len() > u16::MAX as usize {
            return Err(Error::range_error("privileges", "must number at most 65535 per service"));
        }
        match &self.data {
            ServiceData::Rtm2 { permissions, .. } => check_permissions("permissions", permissions),
            _ => Ok(()),
        }
    }

    pub fn new(data: ServiceData<'a>) -> Self {
        Service { data, privileges: Privileges::new() }
    }

    pub fn with_privileges(data: ServiceData<'a>, privileges: &[(u16, u32)]) -> Self {
        let mut p = Privileges::with_capacity(privileges.len());
        for &(k, v) in privileges {
            p.add(k, v);
        }
        Service { data, privileges: p }
    }

    pub fn service_type(&self) -> ServiceType {
        match self.data {
            ServiceData::Rtc { .. } => ServiceType::Rtc,
            ServiceData::Rtm { .. } => ServiceType::Rtm,
            ServiceData::Streaming { .. } => ServiceType::Streaming,
            ServiceData::Fpa => ServiceType::Fpa,
            ServiceData::Chat { .. } => ServiceType::Chat,
            ServiceData::FCdn { .. } => ServiceType::FCdn,
            ServiceData::Apaas { .. } => ServiceType::Apaas,
            ServiceData::Rtm2 { .. } => ServiceType::Rtm2,
            ServiceData::ConvoAI => ServiceType::ConvoAI,
            ServiceData::Stt => ServiceType::Stt,
        }
    }

    /// A service made from agora-token's `Service` base class: a type number and privileges,
    /// no fields. agora-token packs just those two, which is a readable service only for the
    /// types without fields (FPA, ConvoAI, STT); for every other type it would be a service
    /// cut short that no decoder can read, so it is refused, and so is a type this format
    /// does not know.
    pub fn bare(service_type: u16, privileges: &Privileges) -> Result<Service<'static>, Error> {
        let data = match ServiceType::from_u16(service_type) {
            Some(ServiceType::Fpa) => ServiceData::Fpa,
            Some(ServiceType::ConvoAI) => ServiceData::ConvoAI,
            Some(ServiceType::Stt) => ServiceData::Stt,
            Some(t) => {
                return Err(Error::range_error(
                    "service",
                    format_args!(
                        "is a bare Service of type {service_type} ({}), which has fields a bare Service does not carry: \
                         use its own class (Service{}), or a bare Service only for types 4, 9 and 10",
                        t.name(),
                        t.constant_name().trim_start_matches('k').trim_end_matches("ServiceType")
                    ),
                ))
            }
            None => {
                return Err(Error::range_error(
                    "service",
                    format_args!("is a bare Service of type {service_type}, which is not a 007 service type (1 to 10)"),
                ))
            }
        };
        Ok(Service { data, privileges: privileges.clone() })
    }

    /// What agora-token's `Service` base class packs: the type and the privileges, for any
    /// type number (it has no fields to pack).
    pub fn pack_bare(service_type: u16, privileges: &Privileges) -> Result<Vec<u8>, Error> {
        if privileges.entries().len() > u16::MAX as usize {
            return Err(Error::range_error("privileges", "must number at most 65535 per service"));
        }
        let mut out = Vec::new();
        Writer(&mut out).u16(service_type).u32_map(privileges.entries());
        Ok(out)
    }

    /// The empty service of a type, as the reference constructs it with no arguments.
    pub fn empty(t: ServiceType) -> Service<'static> {
        let e = || Cow::Borrowed("");
        Service::new(match t {
            ServiceType::Rtc => ServiceData::Rtc { channel_name: e(), uid: e() },
            ServiceType::Rtm => ServiceData::Rtm { user_id: e() },
            ServiceType::Streaming => ServiceData::Streaming { channel_name: e(), account: e() },
            ServiceType::Fpa => ServiceData::Fpa,
            ServiceType::Chat => ServiceData::Chat { user_id: e() },
            ServiceType::FCdn => ServiceData::FCdn { channel_name: e(), account: e() },
            ServiceType::Apaas => ServiceData::Apaas { room_uuid: e(), user_uuid: e(), role: -1 },
            ServiceType::Rtm2 => ServiceData::Rtm2 { user_id: e(), permissions: Cow::Owned(BTreeMap::new()) },
            ServiceType::ConvoAI => ServiceData::ConvoAI,
            ServiceType::Stt => ServiceData::Stt,
        })
    }

    pub fn into_owned(self) -> Service<'static> {
        fn o(c: Cow<'_, str>) -> Cow<'static, str> {
            Cow::Owned(c.into_owned())
        }
        let data = match self.data {
            ServiceData::Rtc { channel_name, uid } => ServiceData::Rtc { channel_name: o(channel_name), uid: o(uid) },
            ServiceData::Rtm { user_id } => ServiceData::Rtm { user_id: o(user_id) },
            ServiceData::Streaming { channel_name, account } => {
                ServiceData::Streaming { channel_name: o(channel_name), account: o(account) }
            }
            ServiceData::Fpa => ServiceData::Fpa,
            ServiceData::Chat { user_id } => ServiceData::Chat { user_id: o(user_id) },
            ServiceData::FCdn { channel_name, account } => ServiceData::FCdn { channel_name: o(channel_name), account: o(account) },
            ServiceData::Apaas { room_uuid, user_uuid, role } => {
                ServiceData::Apaas { room_uuid: o(room_uuid), user_uuid: o(user_uuid), role }
            }
            ServiceData::Rtm2 { user_id, permissions } => {
                ServiceData::Rtm2 { user_id: o(user_id), permissions: Cow::Owned(permissions.into_owned()) }
            }
            ServiceData::ConvoAI => ServiceData::ConvoAI,
            ServiceData::Stt => ServiceData::Stt,
        };
        Service { data, privileges: self.privileges }
    }

    /// The service packed on its own, as agora-token's `service.pack()` gives it: checked
    /// first ([`Service::check_counts`]), so no count wraps.
    pub fn packed(&self) -> Result<Vec<u8>, Error> {
        self.check_counts()?;
        let mut out = Vec::new();
        self.pack(&mut out);
        Ok(out)
    }

    /// Packs type, privileges and fields, in the order of the 007 format.
    pub fn pack(&self, out: &mut Vec<u8>) {
        let mut w = Writer(out);
        w.u16(self.service_type().number()).u32_map(self.privileges.entries());
        match &self.data {
            ServiceData::Rtc { channel_name: a, uid: b }
            | ServiceData::Streaming { channel_name: a, account: b }
            | ServiceData::FCdn { channel_name: a, account: b } => {
                w.bytes(a.as_bytes()).bytes(b.as_bytes());
            }
            ServiceData::Rtm { user_id } | ServiceData::Chat { user_id } => {
                w.bytes(user_id.as_bytes());
            }
            ServiceData::Apaas { room_uuid, user_uuid, role } => {
                w.bytes(room_uuid.as_bytes()).bytes(user_uuid.as_bytes()).i16(*role);
            }
            ServiceData::Rtm2 { user_id, permissions } => {
                w.bytes(user_id.as_bytes()).u16(permissions.len() as u16);
                for (resource_type, by_permission) in permissions.iter() {
                    w.u16(*resource_type).u16(by_permission.len() as u16);
                    for (permission_type, resources) in by_permission {
                        w.u16(*permission_type).u16(resources.len() as u16);
                        for r in resources {
                            w.bytes(r.as_bytes());
                        }
                    }
                }
            }
            ServiceData::Fpa | ServiceData::ConvoAI | ServiceData::Stt => {}
        }
    }

    /// Reads the privileges and fields of a service whose type number was already read.
    pub fn unpack(t: ServiceType, r: &mut Reader<'_>) -> Result<Service<'static>, DecodeError> {
        Service::unpack_with(t, r, Detail::Full)
    }

    /// As [`Service::unpack`]; with [`Detail::ForVerify`], privileges and RTM2 resource names
    /// are read and checked as ever but not kept (they come back empty).
    pub(crate) fn unpack_with(t: ServiceType, r: &mut Reader<'_>, keep: Detail) -> Result<Service<'static>, DecodeError> {
        let privileges = match keep {
            Detail::Full => Privileges::from_entries(r.u32_map("privileges")?),
            Detail::ForVerify => {
                r.skip_u32_map("privileges")?;
                Privileges::new()
            }
        };
        let s = |r: &mut Reader<'_>, what: &'static str| r.string(what).map(Cow::Owned);
        let data = match t {
            ServiceType::Rtc => ServiceData::Rtc { channel_name: s(r, "rtc channel name")?, uid: s(r, "rtc uid")? },
            ServiceType::Rtm => ServiceData::Rtm { user_id: s(r, "rtm user id")? },
            ServiceType::Streaming => {
                ServiceData::Streaming { channel_name: s(r, "streaming channel name")?, account: s(r, "streaming account")? }
            }
            ServiceType::Fpa => ServiceData::Fpa,
            ServiceType::Chat => ServiceData::Chat { user_id: s(r, "chat user id")? },
            ServiceType::FCdn => ServiceData::FCdn { channel_name: s(r, "fcdn channel name")?, account: s(r, "fcdn account")? },
            ServiceType::Apaas => {
                ServiceData::Apaas { room_uuid: s(r, "apaas room uuid")?, user_uuid: s(r, "apaas user uuid")?, role: r.i16("apaas role")? }
            }
            ServiceType::Rtm2 => {
                let user_id = s(r, "rtm2 user id")?;
                let mut permissions = Rtm2Permissions::new();
                let resource_types = r.u16("rtm2 resource type count")? as usize;
                if resource_types > MAX_RTM2_RESOURCE_TYPES {
                    return Err(DecodeError::TooMany { what: "rtm2 resource types", count: resource_types, max: MAX_RTM2_RESOURCE_TYPES });
                }
                let mut names = 0usize;
                for _ in 0..resource_types {
                    let resource_type = r.u16("rtm2 resource type")?;
                    let permission_types = r.u16("rtm2 permission count")? as usize;
                    if permission_types > MAX_RTM2_PERMISSION_TYPES {
                        return Err(DecodeError::TooMany {
                            what: "rtm2 permission types for one resource type",
                            count: permission_types,
                            max: MAX_RTM2_PERMISSION_TYPES,
                        });
                    }
                    // (A resource type with no permission types is kept, as an empty map.) A
                    // resource type listed twice merges into one map, and a permission type
                    // listed twice keeps its last list, as agora-token's decoder does.
                    let entry = permissions.entry(resource_type).or_default();
                    for _ in 0..permission_types {
                        let permission_type = r.u16("rtm2 permission type")?;
                        let count = r.u16("rtm2 resource count")? as usize;
                        // Each resource takes at least its 2-byte length: check before reserving.
                        r.fits(count, 2, "token", "rtm2 resource list", "entries")?;
                        names += count;
                        if names > MAX_RTM2_RESOURCES {
                            return Err(DecodeError::TooMany { what: "rtm2 resources", count: names, max: MAX_RTM2_RESOURCES });
                        }
                        let resources = if keep == Detail::Full {
                            let mut resources = Vec::with_capacity(count);
                            for _ in 0..count {
                                resources.push(r.string("rtm2 resource")?);
                            }
                            resources
                        } else {
                            for _ in 0..count {
                                r.check_str("rtm2 resource")?;
                            }
                            Vec::new()
                        };
                        entry.insert(permission_type, resources);
                        // The merged map keeps to the cap too (for both kinds of decode, which
                        // must refuse the same tokens).
                        if entry.len() > MAX_RTM2_PERMISSION_TYPES {
                            return Err(DecodeError::TooMany {
                                what: "rtm2 permission types for one resource type",
                                count: entry.len(),
                                max: MAX_RTM2_PERMISSION_TYPES,
                            });
                        }
                    }
                }
                if keep == Detail::ForVerify {
                    permissions.clear();
                }
                ServiceData::Rtm2 { user_id, permissions: Cow::Owned(permissions) }
            }
            ServiceType::ConvoAI => ServiceData::ConvoAI,
            ServiceType::Stt => ServiceData::Stt,
        };
        Ok(Service { data, privileges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_packed_alone_is_its_part_of_a_token_and_never_wraps_a_count() {
        let mut s = Service::new(ServiceData::Rtc { channel_name: Cow::Borrowed("c"), uid: Cow::Borrowed("1") });
        s.privileges.add(1, 600);
        let mut in_token = Vec::new();
        s.pack(&mut in_token);
        assert_eq!(s.packed().unwrap(), in_token);
        assert_eq!(Service::pack_bare(999, &s.privileges).unwrap(), [0xe7, 0x03, 1, 0, 1, 0, 0x58, 0x02, 0, 0]);
        let mut all = Privileges::new();
        for k in 0..=u16::MAX {
            all.add(k, 1);
        }
        s.privileges = all.clone();
        assert!(s.packed().unwrap_err().to_string().contains("at most 65535"));
        assert!(Service::pack_bare(4, &all).is_err());
    }

    #[test]
    fn type_numbers_round_trip() {
        for t in ServiceType::ALL {
            assert_eq!(ServiceType::from_u16(t.number()), Some(t));
            assert_eq!(Service::empty(t).service_type(), t);
        }
        assert_eq!(ServiceType::from_u16(0), None);
        assert_eq!(ServiceType::from_u16(11), None);
    }

    #[test]
    fn privileges_stay_sorted_and_replace() {
        let mut p = Privileges::new();
        p.add(4, 40);
        p.add(1, 10);
        p.add(3, 30);
        p.add(1, 11);
        assert_eq!(p.entries(), &[(1, 11), (3, 30), (4, 40)]);
    }

    #[test]
    fn from_entries_sorts_and_keeps_the_last_value() {
        let p = Privileges::from_entries(vec![(3, 30), (1, 10), (3, 31), (2, 20), (1, 11), (3, 32)]);
        assert_eq!(p.entries(), &[(1, 11), (2, 20), (3, 32)]);
        assert_eq!(Privileges::from_entries(vec![]).entries(), &[]);
        let reversed: Vec<(u16, u32)> = (0..10_000u16).rev().map(|k| (k, u32::from(k))).collect();
        let p = Privileges::from_entries(reversed);
        assert!(p.entries().windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(p.entries().len(), 10_000);
    }

    #[test]
    fn every_service_packs_and_unpacks() {
        let mut perms = Rtm2Permissions::new();
        perms.entry(2).or_default().insert(1, vec!["a".into(), "".into()]);
        perms.entry(0).or_default().insert(0, vec!["x".into()]);
        let samples = vec![
            ServiceData::Rtc { channel_name: "ch".into(), uid: "42".into() },
            ServiceData::Rtm { user_id: "u".into() },
            ServiceData::Streaming { channel_name: "c".into(), account: "acc".into() },
            ServiceData::Fpa,
            ServiceData::Chat { user_id: "chat".into() },
            ServiceData::FCdn { channel_name: "c".into(), account: "".into() },
            ServiceData::Apaas { room_uuid: "r".into(), user_uuid: "u".into(), role: -1 },
            ServiceData::Rtm2 { user_id: "me".into(), permissions: Cow::Owned(perms) },
            ServiceData::ConvoAI,
            ServiceData::Stt,
        ];
        for data in samples {
            let s = Service::with_privileges(data, &[(2, 7), (1, 9)]);
            let mut buf = Vec::new();
            s.pack(&mut buf);
            let mut r = Reader::new(&buf);
            let t = ServiceType::from_u16(r.u16("type").unwrap()).unwrap();
            let back = Service::unpack(t, &mut r).unwrap();
            assert!(r.is_empty());
            assert_eq!(back, s.clone().into_owned());
        }
    }

    #[test]
    fn bare_services_only_for_types_without_fields() {
        let mut p = Privileges::new();
        p.add(1, 600);
        for t in [ServiceType::Fpa, ServiceType::ConvoAI, ServiceType::Stt] {
            let s = Service::bare(t.number(), &p).unwrap();
            assert_eq!(s.service_type(), t);
            let mut a = Vec::new();
            let mut b = Vec::new();
            s.pack(&mut a);
            Service::with_privileges(Service::empty(t).data, &[(1, 600)]).pack(&mut b);
            assert_eq!(a, b);
        }
        let e = Service::bare(1, &p).unwrap_err();
        assert!(e.message.starts_with("service is a bare Service of type 1 (rtc)") && e.message.contains("ServiceRtc"), "{}", e.message);
        assert!(Service::bare(11, &p).unwrap_err().message.contains("not a 007 service type"));
    }

    #[test]
    fn counts_are_checked_where_entries_are_added() {
        let mut p = Privileges::new();
        for k in 0..u16::MAX {
            p.add(k, 0);
        }
        assert!(p.add_checked("privilege", 7, 1).is_ok(), "replacing is always fine");
        let e = p.add_checked("privilege", u16::MAX, 1).unwrap_err();
        assert!(e.message.starts_with("privilege must number at most 65535"), "{}", e.message);
        let mut perms = Rtm2Permissions::new();
        set_permission(&mut perms, 1, 0, vec!["*".into()]).unwrap();
        set_permission(&mut perms, 1, 0, vec!["a".into()]).unwrap();
        assert_eq!(perms[&1][&0], vec!["a".to_string()]);
    }
}
