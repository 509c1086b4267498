//! Arbitrary field values -> AccessToken2 with arbitrary services (all ten types,
//! arbitrary privileges, RTM2 permissions) -> build -> decode: the decoded token equals
//! the built one (services in type order) and verifies with the certificate only.
#![no_main]

use std::borrow::Cow;

use agora_token_core::service::{
    Rtm2Permissions, Service, ServiceData, MAX_RTM2_PERMISSION_TYPES, MAX_RTM2_RESOURCES, MAX_RTM2_RESOURCE_TYPES,
};
use agora_token_core::DecodeError;
use agora_token_core::v007::{self, AccessToken2};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum FuzzData {
    Rtc { channel_name: String, uid: String },
    Rtm { user_id: String },
    Streaming { channel_name: String, account: String },
    Fpa,
    Chat { user_id: String },
    FCdn { channel_name: String, account: String },
    Apaas { room_uuid: String, user_uuid: String, role: i16 },
    Rtm2 { user_id: String, permissions: Rtm2Permissions },
    ConvoAI,
    Stt,
}

#[derive(Debug, Arbitrary)]
struct FuzzService {
    data: FuzzData,
    privileges: Vec<(u16, u32)>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    app_id: String,
    cert: [u8; 16],
    issue_ts: u32,
    expire: u32,
    salt: u32,
    services: Vec<FuzzService>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn service(s: FuzzService) -> Service<'static> {
    let o = |s: String| Cow::Owned(s);
    let data = match s.data {
        FuzzData::Rtc { channel_name, uid } => ServiceData::Rtc { channel_name: o(channel_name), uid: o(uid) },
        FuzzData::Rtm { user_id } => ServiceData::Rtm { user_id: o(user_id) },
        FuzzData::Streaming { channel_name, account } => ServiceData::Streaming { channel_name: o(channel_name), account: o(account) },
        FuzzData::Fpa => ServiceData::Fpa,
        FuzzData::Chat { user_id } => ServiceData::Chat { user_id: o(user_id) },
        FuzzData::FCdn { channel_name, account } => ServiceData::FCdn { channel_name: o(channel_name), account: o(account) },
        FuzzData::Apaas { room_uuid, user_uuid, role } => ServiceData::Apaas { room_uuid: o(room_uuid), user_uuid: o(user_uuid), role },
        FuzzData::Rtm2 { user_id, permissions } => ServiceData::Rtm2 { user_id: o(user_id), permissions: Cow::Owned(permissions) },
        FuzzData::ConvoAI => ServiceData::ConvoAI,
        FuzzData::Stt => ServiceData::Stt,
    };
    Service::with_privileges(data, &s.privileges)
}

/// Whether `t` holds more than a decoded token may (services, RTM2 resource types,
/// permission types per resource type, resource names).
fn over_caps(t: &AccessToken2<'_>) -> bool {
    t.services.len() > v007::MAX_SERVICES
        || t.services.iter().any(|s| match &s.data {
            ServiceData::Rtm2 { permissions, .. } => {
                permissions.len() > MAX_RTM2_RESOURCE_TYPES
                    || permissions.values().any(|p| p.len() > MAX_RTM2_PERMISSION_TYPES)
                    || permissions.values().flat_map(|p| p.values()).map(Vec::len).sum::<usize>() > MAX_RTM2_RESOURCES
            }
            _ => false,
        })
}

fuzz_target!(|input: Input| {
    let cert = hex(&input.cert);
    let mut t = AccessToken2 {
        app_id: Cow::Owned(input.app_id),
        issue_ts: input.issue_ts,
        expire: input.expire,
        salt: input.salt,
        services: Vec::new(),
    };
    for s in input.services {
        t.add_service(service(s));
    }
    // Arbitrary App IDs are not valid ones, so build without the argument checks.
    let token = t.build_unchecked(&cert);
    // The builders make tokens past the decoder's caps on untrusted input (as agora-token's
    // do); the decoder refuses those by count.
    if over_caps(&t) {
        assert!(matches!(v007::decode(&token), Err(DecodeError::TooMany { .. })), "a token past the caps is refused by count");
        return;
    }
    let d = v007::decode(&token).expect("a built token decodes").strict().expect("and has nothing extra");
    let mut expected = t.clone();
    expected.services.sort_by_key(|s| s.service_type());
    assert_eq!(d.token, expected);
    assert!(d.verify(&cert));
    let mut other = input.cert;
    other[0] ^= 1;
    assert!(!d.verify(&hex(&other)));
    if t.check(&cert).is_ok() {
        assert_eq!(t.build(&cert).unwrap(), token);
    }
});
