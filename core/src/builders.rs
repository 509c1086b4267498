//! The token builders, sharing their few shapes.
//!
//! Every builder is "make these services, then sign them": [`token`] does the signing,
//! and the service makers ([`rtc`], [`rtm`], ...) take already-checked values
//! ([`crate::validate`]'s types), so nothing is validated twice.

use std::borrow::Cow;

use md5::{Digest, Md5};

use crate::service::*;
use crate::v007::{self, Parts};
use crate::validate::{Account, AppCertificate, AppId, ChannelName, RtcRole};

/// An App ID and its certificate, both checked.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    pub app_id: AppId<'a>,
    pub app_certificate: AppCertificate<'a>,
}

/// Signs `services` into a token issued now, expiring `expire` seconds from now, with a
/// fresh random salt. Services are given in type order by every builder.
pub fn token(creds: Credentials<'_>, expire: u32, services: &[Service<'_>]) -> String {
    v007::build_parts(Parts::now(creds.app_id.as_str(), expire), services, creds.app_certificate.as_str())
}

/// The expires of the four RTC privileges: join, then publish audio, video and data.
/// `None` for the publish privileges gives a subscriber (join only).
#[derive(Debug, Clone, Copy)]
pub struct RtcPrivileges {
    pub join: u32,
    pub publish: Option<[u32; 3]>,
}

impl RtcPrivileges {
    /// One expire for every privilege the role has.
    pub fn for_role(role: RtcRole, expire: u32) -> Self {
        Self::gated(role, expire, [expire; 3])
    }
    /// Join, plus the publish privileges if `role` is publisher.
    pub fn gated(role: RtcRole, join: u32, publish: [u32; 3]) -> Self {
        RtcPrivileges { join, publish: (role == RtcRole::Publisher).then_some(publish) }
    }
}

/// An RTC service for a channel and uid/account.
pub fn rtc<'a>(channel: ChannelName<'a>, account: Account<'a>, p: RtcPrivileges) -> Service<'a> {
    let mut s = Service::new(ServiceData::Rtc { channel_name: Cow::Borrowed(channel.as_str()), uid: account.into_cow() });
    s.privileges.add(RTC_JOIN_CHANNEL, p.join);
    if let Some([audio, video, data]) = p.publish {
        s.privileges.add(RTC_PUBLISH_AUDIO, audio);
        s.privileges.add(RTC_PUBLISH_VIDEO, video);
        s.privileges.add(RTC_PUBLISH_DATA, data);
    }
    s
}

/// An RTM service with the login privilege.
pub fn rtm(user_id: Account<'_>, expire: u32) -> Service<'_> {
    Service::with_privileges(ServiceData::Rtm { user_id: user_id.into_cow() }, &[(RTM_LOGIN, expire)])
}

/// An RTM2 service with the login privilege and resource permissions (borrowed or owned:
/// a builder borrows them, so that a large set is not copied per token).
pub fn rtm2<'a>(user_id: Account<'a>, permissions: Cow<'a, Rtm2Permissions>, expire: u32) -> Service<'a> {
    Service::with_privileges(ServiceData::Rtm2 { user_id: user_id.into_cow(), permissions }, &[(RTM2_LOGIN, expire)])
}

/// A chat service with one privilege (user or app).
pub fn chat(user_id: Account<'_>, privilege: u16, expire: u32) -> Service<'_> {
    Service::with_privileges(ServiceData::Chat { user_id: user_id.into_cow() }, &[(privilege, expire)])
}

/// An APaaS service. A role of 0 is stored as -1 ("no role"), as agora-token does.
pub fn apaas<'a>(room_uuid: Account<'a>, user_uuid: Account<'a>, role: i16) -> Service<'a> {
    Service::new(ServiceData::Apaas {
        room_uuid: room_uuid.into_cow(),
        user_uuid: user_uuid.into_cow(),
        role: if role == 0 { -1 } else { role },
    })
}

/// The chat user id an APaaS/Education room token derives from the user uuid: its MD5, in hex.
pub fn chat_user_id_for(user_uuid: &Account<'_>) -> String {
    // (`format!` per byte took ~300 ns of a 1.66 us `buildRoomUserToken`.)
    crate::keys::hex_lower(&Md5::digest(user_uuid.as_written().as_bytes()))
}

// ---- The builders of agora-token's API, one function each. ----

/// `RtcTokenBuilder.buildTokenWithUid` / `buildTokenWithUserAccount`.
pub fn rtc_token(
    c: Credentials<'_>,
    channel: ChannelName<'_>,
    account: Account<'_>,
    role: RtcRole,
    token_expire: u32,
    privilege_expire: u32,
) -> String {
    token(c, token_expire, &[rtc(channel, account, RtcPrivileges::for_role(role, privilege_expire))])
}

/// `RtcTokenBuilder.buildTokenWithUidAndPrivilege` / `BuildTokenWithUserAccountAndPrivilege`.
#[allow(clippy::too_many_arguments)] // agora-token's parameters, one for one
pub fn rtc_token_with_privileges(
    c: Credentials<'_>,
    channel: ChannelName<'_>,
    account: Account<'_>,
    token_expire: u32,
    join: u32,
    audio: u32,
    video: u32,
    data: u32,
) -> String {
    let p = RtcPrivileges { join, publish: Some([audio, video, data]) };
    token(c, token_expire, &[rtc(channel, account, p)])
}

/// `RtcTokenBuilder.buildTokenWithRtm`: RTC for the account, plus RTM login for the same account.
pub fn rtc_rtm_token(
    c: Credentials<'_>,
    channel: ChannelName<'_>,
    account: Account<'_>,
    role: RtcRole,
    token_expire: u32,
    privilege_expire: u32,
) -> String {
    let rtm_service = rtm(account.clone(), token_expire);
    token(c, token_expire, &[rtc(channel, account, RtcPrivileges::for_role(role, privilege_expire)), rtm_service])
}

/// The RTC + RTM shape of `buildTokenWithRtm2`, `ConvoAITokenBuilder` and `SttTokenBuilder`:
/// an RTC service, an RTM service for `rtm_user_id`, and optionally one more service
/// (ConvoAI or STT) with no privileges.
pub struct RtcRtm<'a> {
    pub channel: ChannelName<'a>,
    pub rtc_account: Account<'a>,
    pub rtc: RtcPrivileges,
    pub rtc_token_expire: u32,
    pub rtm_user_id: Account<'a>,
    pub rtm_token_expire: u32,
}

pub fn rtc_rtm2_token(c: Credentials<'_>, spec: RtcRtm<'_>, extra: Option<ServiceType>) -> String {
    let rtc_service = rtc(spec.channel, spec.rtc_account, spec.rtc);
    let rtm_service = rtm(spec.rtm_user_id, spec.rtm_token_expire);
    match extra {
        Some(t) => token(c, spec.rtc_token_expire, &[rtc_service, rtm_service, Service::empty(t)]),
        None => token(c, spec.rtc_token_expire, &[rtc_service, rtm_service]),
    }
}

/// `RtmTokenBuilder.buildToken`.
pub fn rtm_token(c: Credentials<'_>, user_id: Account<'_>, expire: u32) -> String {
    token(c, expire, &[rtm(user_id, expire)])
}

/// `RtmTokenBuilder.buildTokenWithPermissions`.
pub fn rtm2_token(c: Credentials<'_>, user_id: Account<'_>, permissions: &Rtm2Permissions, expire: u32) -> String {
    token(c, expire, &[rtm2(user_id, Cow::Borrowed(permissions), expire)])
}

/// `ChatTokenBuilder.buildUserToken`.
pub fn chat_user_token(c: Credentials<'_>, user_uuid: Account<'_>, expire: u32) -> String {
    token(c, expire, &[chat(user_uuid, CHAT_USER, expire)])
}

/// `ChatTokenBuilder.buildAppToken`.
pub fn chat_app_token(c: Credentials<'_>, expire: u32) -> String {
    token(c, expire, &[chat(Account::empty(), CHAT_APP, expire)])
}

/// `ApaasTokenBuilder.buildRoomUserToken` (and Education's): an APaaS service for the room
/// and user (no privilege), RTM login for the user, and chat for the MD5 of the user uuid.
pub fn apaas_room_user_token(c: Credentials<'_>, room_uuid: Account<'_>, user_uuid: Account<'_>, role: i16, expire: u32) -> String {
    let chat_id = Account::owned(chat_user_id_for(&user_uuid));
    // In type order, as they are packed: rtm (2), chat (5), apaas (7).
    let services = [rtm(user_uuid.clone(), expire), chat(chat_id, CHAT_USER, expire), apaas(room_uuid, user_uuid, role)];
    token(c, expire, &services)
}

/// `ApaasTokenBuilder.buildUserToken` (and Education's).
pub fn apaas_user_token(c: Credentials<'_>, user_uuid: Account<'_>, expire: u32) -> String {
    let mut s = apaas(Account::empty(), user_uuid, -1);
    s.privileges.add(APAAS_USER, expire);
    token(c, expire, &[s])
}

/// `ApaasTokenBuilder.buildAppToken` (and Education's).
pub fn apaas_app_token(c: Credentials<'_>, expire: u32) -> String {
    let mut s = apaas(Account::empty(), Account::empty(), -1);
    s.privileges.add(APAAS_APP, expire);
    token(c, expire, &[s])
}

/// `FpaTokenBuilder.buildToken`: 24 hours, login privilege with expire 0.
pub fn fpa_token(c: Credentials<'_>) -> String {
    token(c, 24 * 3600, &[Service::with_privileges(ServiceData::Fpa, &[(FPA_LOGIN, 0)])])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's hex is the `{:02x}` formatting of each digest byte, for uuids of every
    /// length up to past two MD5 blocks.
    #[test]
    fn chat_user_id_is_the_md5_in_lowercase_hex() {
        for len in 0..=130 {
            let uuid: String = (0..len).map(|i| char::from(b'!' + ((i * 7 + len) % 90) as u8)).collect();
            let account = Account::from_str("userUuid", &uuid).unwrap();
            let expected: String = Md5::digest(uuid.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(chat_user_id_for(&account), expected, "{uuid:?}");
        }
    }
    use crate::v007::decode;

    const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

    fn creds() -> Credentials<'static> {
        Credentials {
            app_id: AppId::new("appId", "970CA35de60c44645bbae8a215061b33").unwrap(),
            app_certificate: AppCertificate::new("appCertificate", CERT).unwrap(),
        }
    }

    fn services(token: &str) -> Vec<Service<'static>> {
        let d = decode(token).unwrap().strict().unwrap();
        assert!(d.verify(CERT));
        d.token.services
    }

    #[test]
    fn rtc_roles() {
        let ch = ChannelName::new("channelName", "room").unwrap();
        let pubs = services(&rtc_token(creds(), ch, Account::from_u32(7), RtcRole::Publisher, 600, 300));
        assert_eq!(pubs[0].privileges.entries(), &[(1, 300), (2, 300), (3, 300), (4, 300)]);
        let subs = services(&rtc_token(creds(), ch, Account::from_u32(0), RtcRole::Subscriber, 600, 0));
        assert_eq!(subs[0].privileges.entries(), &[(1, 0)]);
        assert_eq!(subs[0].data, ServiceData::Rtc { channel_name: "room".into(), uid: "".into() });
    }

    #[test]
    fn room_user_token_has_three_services_in_type_order() {
        let s = services(&apaas_room_user_token(
            creds(),
            Account::from_str("r", "room").unwrap(),
            Account::from_str("u", "user").unwrap(),
            2,
            600,
        ));
        let types: Vec<_> = s.iter().map(|s| s.service_type()).collect();
        assert_eq!(types, [ServiceType::Rtm, ServiceType::Chat, ServiceType::Apaas]);
        // MD5("user")
        assert_eq!(s[1].data, ServiceData::Chat { user_id: "ee11cbb19052e40b07aac0ca060c23ee".into() });
    }

    #[test]
    fn fpa_and_app_tokens() {
        let d = decode(&fpa_token(creds())).unwrap();
        assert_eq!(d.token.expire, 86400);
        assert_eq!(d.token.services[0].privileges.entries(), &[(1, 0)]);
        let s = services(&apaas_app_token(creds(), 60));
        assert_eq!(s[0].data, ServiceData::Apaas { room_uuid: "".into(), user_uuid: "".into(), role: -1 });
    }
}
