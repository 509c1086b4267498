//! The checks of an AccessToken2 ("007"): every field is in clear, so each problem can be
//! told exactly.

use super::{duration, iso, rules, show, Code, Expected, Report, Role, CLOCK_SKEW, MAX_LIFETIME};
use crate::service::{Service, ServiceData, ServiceType, RTC_JOIN_CHANNEL, RTC_PUBLISH_AUDIO, RTC_PUBLISH_DATA, RTC_PUBLISH_VIDEO};
use crate::v007::DecodedToken2;
use crate::validate;

/// 007 tokens that agora-token builds from an absolute timestamp passed as `expire` (a 006
/// habit) have an `expire` above this: about 30 years in seconds.
const LOOKS_ABSOLUTE: u32 = 946_684_800;

pub(super) fn check(r: &mut Report, d: &DecodedToken2, e: &Expected, now: u32) {
    let t = &d.token;
    if let Some(n) = d.unknown_service {
        r.warning(
            Code::UnknownService,
            "services",
            format!("the token contains service type {n}, which this library does not know (it knows 1 to 10); services after it cannot be read"),
            "if the token was built by a newer Agora library, the checks below may be incomplete; otherwise the token was edited",
        );
    }
    if d.trailing_bytes > 0 {
        r.warning(
            Code::Malformed,
            "token",
            format!("the token has {} unexpected bytes after its last service", d.trailing_bytes),
            "build the token with an Agora token library; an edited token fails its signature check",
        );
    }
    // Agora checks the signature with the certificate of the token's App ID: when that is
    // not the expected App ID, the expected certificate says nothing about the token.
    let same_app = check_app_id(r, &t.app_id, e.app_id.as_deref());
    if let (Some(cert), true) = (&e.app_certificate, same_app) {
        r.signature_checked = true;
        if !d.verify(cert) {
            r.error(
                Code::BadSignature,
                "appCertificate",
                format!("the token's signature does not match the App Certificate given for App ID {}", show(&t.app_id)),
                "build the token with the App Certificate of this App ID (Agora Console, project config: the primary certificate); if the certificate is right, the token was changed after it was built (cut, re-encoded, or edited)",
            );
        }
    }
    check_times(r, d, now);
    check_services(r, &t.services, e);
}

/// Checks the token's App ID; false when it is not the expected one (an error).
pub(super) fn check_app_id(r: &mut Report, token_app_id: &str, expected: Option<&str>) -> bool {
    if validate::app_id("appId", token_app_id).is_err() {
        r.error(
            Code::WrongAppId,
            "appId",
            format!("the token's App ID {} is not a 32-character hexadecimal App ID", show(token_app_id)),
            "build the token with the App ID from Agora Console (32 hexadecimal characters); an undefined environment variable is a common cause",
        );
        return false;
    }
    let Some(want) = expected else { return true };
    if want == token_app_id {
        return true;
    }
    if want.eq_ignore_ascii_case(token_app_id) {
        r.warning(
            Code::WrongAppId,
            "appId",
            format!("the token's App ID {} differs from {} only in letter case", show(token_app_id), show(want)),
            "use the App ID exactly as Agora Console shows it, in the token and in the client",
        );
        return true;
    }
    r.error(
        Code::WrongAppId,
        "appId",
        format!("the token is for App ID {}, but the client uses App ID {}", show(token_app_id), show(want)),
        "build the token with the App ID the client initializes the SDK with (and that project's App Certificate)",
    );
    false
}

fn check_times(r: &mut Report, d: &DecodedToken2, now: u32) {
    let t = &d.token;
    let issue = u64::from(t.issue_ts);
    let expires = issue + u64::from(t.expire);
    let now64 = u64::from(now);
    if t.issue_ts > now.saturating_add(CLOCK_SKEW) {
        r.error(
            Code::NotYetValid,
            "issueTs",
            format!("the token was issued at {}, {} in the future", iso(issue), duration(issue - now64)),
            "the clock of the server that built the token is ahead: synchronise it (NTP); a token takes its issue time from that clock",
        );
    } else if t.issue_ts > now {
        r.warning(
            Code::NotYetValid,
            "issueTs",
            format!("the token was issued at {}, {} in the future", iso(issue), duration(issue - now64)),
            "the clocks of the token server and of this machine differ slightly: keep them synchronised (NTP)",
        );
    }
    let expired = t.expire == 0 || expires <= now64;
    if t.expire == 0 {
        r.error(
            Code::Expired,
            "expire",
            format!("the token expired when it was issued ({}): its expire is 0", iso(issue)),
            "pass the lifetime in seconds from now (for example 3600); in AccessToken2 0 means expired at once, not \"never\"",
        );
    } else if expires <= now64 {
        r.error(
            Code::Expired,
            "expire",
            format!(
                "the token expired at {}, {} ago (it was issued at {} for {})",
                iso(expires),
                duration(now64 - expires),
                iso(issue),
                duration(u64::from(t.expire))
            ),
            "build a new token; renew it before it expires (the SDK's token-privilege-will-expire event) with renewToken",
        );
    }
    if t.expire >= LOOKS_ABSOLUTE {
        r.warning(
            Code::LifetimeOver24h,
            "expire",
            format!("the token's expire is {} s ({}): that looks like an absolute Unix timestamp, but AccessToken2 takes seconds from now", t.expire, duration(u64::from(t.expire))),
            "pass a lifetime such as 3600, not Date.now() / 1000 + 3600 (that was agora-access-token's 006 API); Agora caps a token at 24 h",
        );
    } else if t.expire > MAX_LIFETIME {
        r.warning(
            Code::LifetimeOver24h,
            "expire",
            format!("the token's lifetime is {} ({} s); Agora caps a token at 24 h", duration(u64::from(t.expire)), t.expire),
            "build tokens for at most 86400 s and renew them (renewToken) before they expire",
        );
    }
    if expired {
        return;
    }
    // One problem per service, naming its privileges (at most a few shown).
    for s in &d.token.services {
        let svc = s.service_type().name();
        let (mut gone, mut soon) = (Vec::new(), Vec::new());
        let (mut first_gone, mut first_soon) = (u64::MAX, u64::MAX);
        for &(p, pe) in s.privileges.entries() {
            let at = issue + u64::from(pe);
            if pe == 0 || pe >= t.expire {
                continue;
            }
            if at <= now64 {
                gone.push(p);
                first_gone = first_gone.min(at);
            } else {
                soon.push(p);
                first_soon = first_soon.min(at);
            }
        }
        if !gone.is_empty() {
            r.error(
                Code::PrivilegeExpired,
                "privileges",
                format!("the {svc} {} expired at {}, before the token (which expires at {})", names(s.service_type(), &gone), iso(first_gone), iso(expires)),
                "build the token with a privilege lifetime as long as the token's (the privilegeExpire argument), or renew the token before the privilege expires",
            );
        }
        if !soon.is_empty() {
            r.warning(
                Code::PrivilegeExpired,
                "privileges",
                format!(
                    "the {svc} {} expire at {}, {} before the token",
                    names(s.service_type(), &soon),
                    iso(first_soon),
                    duration(expires - first_soon)
                ),
                "renew the token before the privilege expires, or build it with the same lifetime for the privileges and the token",
            );
        }
    }
}

/// `privilege kPrivilegeJoinChannel (1)` or `privileges 1, 2 and 3 more`.
fn names(t: ServiceType, ps: &[u16]) -> String {
    const SHOWN: usize = 4;
    let mut list: Vec<String> = ps.iter().take(SHOWN).map(|&p| privilege_name(t, p)).collect();
    if ps.len() > SHOWN {
        list.push(format!("{} more", ps.len() - SHOWN));
    }
    format!("{} {}", if ps.len() == 1 { "privilege" } else { "privileges" }, list.join(", "))
}

fn privilege_name(t: ServiceType, p: u16) -> String {
    match t.privilege_names().iter().find(|(_, n)| *n == p) {
        Some((name, _)) => format!("{name} ({p})"),
        None => format!("{p}"),
    }
}

/// The names a token's services are known by in messages.
fn service_list(services: &[Service<'_>]) -> String {
    if services.is_empty() {
        return "no service".into();
    }
    let mut names: Vec<&str> = services.iter().map(|s| s.service_type().name()).collect();
    names.dedup();
    names.join(", ")
}

fn builder_for(t: ServiceType) -> &'static str {
    match t {
        ServiceType::Rtc => "RtcTokenBuilder.buildTokenWithUid (or buildTokenWithUserAccount)",
        ServiceType::Rtm | ServiceType::Rtm2 => {
            "RtmTokenBuilder.buildToken, or RtcTokenBuilder.buildTokenWithRtm for one token that does both"
        }
        ServiceType::Chat => "ChatTokenBuilder.buildUserToken",
        ServiceType::Apaas => "ApaasTokenBuilder.buildRoomUserToken",
        ServiceType::Fpa => "FpaTokenBuilder.buildToken",
        ServiceType::ConvoAI => "ConvoAITokenBuilder.buildToken",
        ServiceType::Stt => "SttTokenBuilder.buildToken",
        ServiceType::Streaming | ServiceType::FCdn => "an AccessToken2 with that service added",
    }
}

fn check_services(r: &mut Report, services: &[Service<'_>], e: &Expected) {
    let Some(target) = e.target() else {
        // No service expected: the channel/uid/role checks have nothing to apply to, but a
        // uid alone is still checked against an RTC service when there is one.
        if let Some(uid) = &e.uid {
            if let Some(ServiceData::Rtc { uid: tu, .. }) = services.iter().map(|s| &s.data).find(|d| matches!(d, ServiceData::Rtc { .. }))
            {
                rules::check_uid(r, tu, uid);
            }
        }
        return;
    };
    // RTM login is the rtm service (RTM 1.x/2.x) or the rtm2 service.
    let matching: Vec<&Service<'_>> = services
        .iter()
        .filter(|s| s.service_type() == target || (target == ServiceType::Rtm && s.service_type() == ServiceType::Rtm2))
        .collect();
    let Some(s) = matching.first() else {
        let what = if target == ServiceType::Rtm && services.iter().any(|s| s.service_type() == ServiceType::Rtc) {
            "this is an RTC token used to log in to RTM: ".to_string()
        } else {
            String::new()
        };
        r.error(
            Code::MissingService,
            "service",
            format!("{what}the token has no {} service (it has {})", target.name(), service_list(services)),
            format!("build a token that includes {}: {}", target.name(), builder_for(target)),
        );
        return;
    };
    match &s.data {
        ServiceData::Rtc { channel_name, uid } => {
            if let Some(c) = &e.channel_name {
                // Several RTC services: any one for the channel will do.
                let any =
                    matching.iter().any(|m| matches!(&m.data, ServiceData::Rtc { channel_name: mc, .. } if rules::channel_matches(mc, c)));
                if !any {
                    rules::check_channel(r, channel_name, c, "RTC");
                }
            }
            if let Some(u) = &e.uid {
                rules::check_uid(r, uid, u);
            }
            check_rtc_privileges(r, s, e.role);
        }
        ServiceData::Rtm { user_id } | ServiceData::Rtm2 { user_id, .. } => {
            if let Some(u) = &e.uid {
                let want = match u {
                    super::Uid::Number(n) => n.to_string(),
                    super::Uid::Account(a) => a.clone(),
                };
                if **user_id != want {
                    r.error(
                        Code::UidMismatch,
                        "uid",
                        format!("the RTM token is for user id {}, but the client logs in as {}", show(user_id), show(&want)),
                        "build the RTM token with the user id the client passes to login (RTM user ids are strings: 42 and \"42\" are the same, \"042\" is not)",
                    );
                }
            }
            if !s.privileges.entries().iter().any(|&(p, _)| p == crate::service::RTM_LOGIN) {
                r.error(
                    Code::MissingPrivilege,
                    "privileges",
                    "the token's RTM service has no login privilege (kPrivilegeLogin)".into(),
                    "add ServiceRtm.kPrivilegeLogin, or build the token with RtmTokenBuilder.buildToken",
                );
            }
        }
        ServiceData::Streaming { channel_name, .. } | ServiceData::FCdn { channel_name, .. } => {
            if let Some(c) = &e.channel_name {
                rules::check_channel(r, channel_name, c, target.name());
            }
        }
        _ => {
            if s.privileges.entries().is_empty() {
                r.error(
                    Code::MissingPrivilege,
                    "privileges",
                    format!("the token's {} service has no privilege", target.name()),
                    format!("build it with {}", builder_for(target)),
                );
            }
        }
    }
}

fn check_rtc_privileges(r: &mut Report, s: &Service<'_>, role: Option<Role>) {
    let has = |p: u16| s.privileges.entries().iter().any(|&(k, _)| k == p);
    if !has(RTC_JOIN_CHANNEL) {
        r.error(
            Code::MissingPrivilege,
            "privileges",
            "the token's RTC service has no join-channel privilege (kPrivilegeJoinChannel), so no client can join with it".into(),
            "build the token with RtcTokenBuilder.buildTokenWithUid, or add ServiceRtc.kPrivilegeJoinChannel",
        );
    }
    if role == Some(Role::Publisher) {
        let missing: Vec<&str> = [(RTC_PUBLISH_AUDIO, "audio"), (RTC_PUBLISH_VIDEO, "video"), (RTC_PUBLISH_DATA, "data")]
            .into_iter()
            .filter(|&(p, _)| !has(p))
            .map(|(_, n)| n)
            .collect();
        if !missing.is_empty() {
            let what = if missing.len() == 3 {
                "a subscriber token (join only)".to_string()
            } else {
                format!("missing the publish {} privilege", missing.join(", "))
            };
            r.error(
                Code::MissingPrivilege,
                "role",
                format!("the client publishes, but the token is {what}"),
                "build the token with RtcRole.PUBLISHER for users who publish (role 1), or keep this user an audience member",
            );
        }
    }
}
