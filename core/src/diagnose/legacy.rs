//! The checks of the legacy formats: AccessToken ("006"), which stores only the CRC32s of
//! its channel name and uid, and DynamicKey5 ("005"), which stores neither. What they do
//! not carry can only be checked through the signature, when a certificate is given.

use super::access_token2::check_app_id;
use super::{duration, iso, show, Code, Expected, Report, Role, Uid, CLOCK_SKEW, MAX_LIFETIME};
use crate::dynamic_key5::Decoded005;
use crate::service::ServiceType;
use crate::v006::{self, Decoded006};

/// A 006 privilege timestamp below this (about ten years of seconds) was almost certainly
/// meant as "seconds from now": 006 takes absolute Unix timestamps.
const LOOKS_RELATIVE: u32 = 315_360_000;

/// `privilege kJoinChannel (1)` or `privileges kJoinChannel (1), ... and 3 more`.
fn names(ps: &[(u16, u32)]) -> String {
    const SHOWN: usize = 4;
    let mut list: Vec<String> = ps.iter().take(SHOWN).map(|&(p, _)| legacy_privilege_name(p)).collect();
    if ps.len() > SHOWN {
        list.push(format!("{} more", ps.len() - SHOWN));
    }
    format!("{} {}", if ps.len() == 1 { "privilege" } else { "privileges" }, list.join(", "))
}

fn legacy_privilege_name(p: u16) -> String {
    match v006::PRIVILEGES.iter().find(|(_, n)| *n == p) {
        Some((name, _)) => format!("{name} ({p})"),
        None => format!("{p}"),
    }
}

pub(super) fn check_006(r: &mut Report, d: &Decoded006, e: &Expected, now: u32) {
    let same_app = check_app_id(r, &d.app_id, e.app_id.as_deref());
    let now64 = u64::from(now);
    let expired = d.ts <= now;
    if expired {
        r.error(
            Code::Expired,
            "ts",
            format!("the token expired at {}, {} ago", iso(u64::from(d.ts)), duration(now64 - u64::from(d.ts))),
            "build a new token (agora-access-token sets a 006 token's own expiry to 24 h after it is built)",
        );
    } else if u64::from(d.ts) > now64 + u64::from(MAX_LIFETIME + CLOCK_SKEW) {
        r.warning(
            Code::NotYetValid,
            "ts",
            format!(
                "the token's own expiry is {}, more than 24 h from now: it was probably built on a server whose clock is {} ahead",
                iso(u64::from(d.ts)),
                duration(u64::from(d.ts) - now64 - u64::from(MAX_LIFETIME))
            ),
            "synchronise the token server's clock (NTP)",
        );
    }
    let has = |p: u16| d.privileges.iter().any(|&(k, _)| k == p);
    if !expired {
        let gone: Vec<(u16, u32)> = d.privileges.iter().copied().filter(|&(_, at)| at != 0 && at <= now).collect();
        let long: Vec<(u16, u32)> =
            d.privileges.iter().copied().filter(|&(_, at)| at > now.saturating_add(MAX_LIFETIME + CLOCK_SKEW)).collect();
        if let Some(&(_, at)) = gone.iter().min_by_key(|&&(_, at)| at) {
            let hint = if at < LOOKS_RELATIVE {
                format!("a 006 privilege expiry is an absolute Unix timestamp, and {at} looks like seconds from now: pass Math.floor(Date.now() / 1000) + {at}")
            } else {
                "build a new token, with privilegeExpiredTs later than the time the client uses it".to_string()
            };
            r.error(Code::PrivilegeExpired, "privileges", format!("the {} expired at {}", names(&gone), iso(u64::from(at))), hint);
        }
        if let Some(&(_, at)) = long.iter().max_by_key(|&&(_, at)| at) {
            r.warning(
                Code::LifetimeOver24h,
                "privileges",
                format!(
                    "the {} run until {}, {} from now; Agora caps a token at 24 h",
                    names(&long),
                    iso(u64::from(at)),
                    duration(u64::from(at) - now64)
                ),
                "build tokens for at most 24 h and renew them (renewToken) before they expire",
            );
        }
    }
    let target = e.target();
    let missing_service = match target {
        Some(ServiceType::Rtc) => !has(v006::JOIN_CHANNEL),
        Some(ServiceType::Rtm) => !has(v006::RTM_LOGIN),
        Some(_) => true,
        None => false,
    };
    match target {
        Some(ServiceType::Rtm) if !has(v006::RTM_LOGIN) => {
            let what = if has(v006::JOIN_CHANNEL) { "this is an RTC token used to log in to RTM: " } else { "" };
            r.error(
                Code::MissingService,
                "service",
                format!("{what}the 006 token has no RTM login privilege (kRtmLogin)"),
                "build the RTM token with RtmTokenBuilder.buildToken (agora-token-native/legacy), or a 007 token with RtcTokenBuilder.buildTokenWithRtm",
            );
        }
        Some(ServiceType::Rtc) if !has(v006::JOIN_CHANNEL) => {
            let what = if has(v006::RTM_LOGIN) { "this is an RTM token used to join an RTC channel: " } else { "" };
            r.error(
                Code::MissingService,
                "service",
                format!("{what}the 006 token has no join-channel privilege (kJoinChannel)"),
                "build the token with RtcTokenBuilder.buildTokenWithUid",
            );
        }
        Some(ServiceType::Rtc | ServiceType::Rtm) | None => {}
        Some(t) => r.error(
            Code::MissingService,
            "service",
            format!("a 006 token carries RTC and RTM privileges only, not {}", t.name()),
            format!("build a 007 token for {} with the agora-token API", t.name()),
        ),
    }
    if target == Some(ServiceType::Rtc) && e.role == Some(Role::Publisher) && has(v006::JOIN_CHANNEL) {
        let missing: Vec<u16> = [v006::PUBLISH_AUDIO, v006::PUBLISH_VIDEO, v006::PUBLISH_DATA].into_iter().filter(|&p| !has(p)).collect();
        if !missing.is_empty() {
            r.error(
                Code::MissingPrivilege,
                "role",
                format!(
                    "the client publishes, but the 006 token lacks {}",
                    missing.iter().map(|&p| legacy_privilege_name(p)).collect::<Vec<_>>().join(", ")
                ),
                "build the token with Role.PUBLISHER (1) for users who publish",
            );
        }
    }
    if missing_service {
        // The token is not for this use: its channel and uid tell nothing more.
        return;
    }
    // What the token was signed for: an RTM token signs the account as its "channel" and ""
    // as its uid.
    let rtm = target == Some(ServiceType::Rtm) || (target.is_none() && has(v006::RTM_LOGIN) && !has(v006::JOIN_CHANNEL));
    let (channel, uid): (Option<String>, Option<String>) = if rtm {
        (e.uid.as_ref().map(rtm_account), Some(String::new()))
    } else {
        (e.channel_name.clone(), e.uid.as_ref().map(|u| u.token_form().into_owned()))
    };
    let crc = |s: &str| crc32fast::hash(s.as_bytes());
    // The values the token was signed with, where the CRCs allow telling them.
    let mut signed_channel = channel.clone();
    let mut signed_uid = uid.clone();
    let mut crc_ok = true;
    if let Some(c) = &channel {
        if crc(c) == d.crc_channel_name {
            // Signed for this channel.
        } else if !rtm && d.crc_channel_name == crc("*") {
            signed_channel = Some("*".into());
        } else {
            crc_ok = false;
            let (field, msg, hint) = if rtm {
                (
                    "uid",
                    format!("the 006 RTM token is not for user id {} (its CRC32 differs from the one in the token)", show(c)),
                    "build the RTM token with the user id the client passes to login",
                )
            } else {
                (
                    "channelName",
                    format!("the 006 token is not for channel {}: the token keeps only a CRC32 of its channel name, and it differs", show(c)),
                    "build the token for the channel the client joins (channel names are case-sensitive; a 006 token's wildcard can only be checked for \"*\")",
                )
            };
            r.error(if rtm { Code::UidMismatch } else { Code::ChannelMismatch }, field, msg, hint);
        }
    }
    if let (Some(u), false) = (&uid, rtm) {
        if crc(u) == d.crc_uid {
            // Signed for this uid.
        } else if d.crc_uid == crc("") {
            signed_uid = Some(String::new());
        } else {
            crc_ok = false;
            let who = e.uid.as_ref().map(Uid::describe).unwrap_or_default();
            let hint = match e.uid {
                Some(Uid::Number(0)) if d.crc_uid == crc("0") => {
                    "the token was built for the account \"0\", which is not uid 0: build it with the number 0 to admit any uid"
                }
                Some(Uid::Number(0)) => "the client joins with uid 0, so Agora assigns it a uid the token is not for: join with the token's uid, or build the token with uid 0",
                _ => "build the token for the uid the client joins with (uid 123 and account \"123\" are the same token; uid 0 admits any uid, account \"0\" does not)",
            };
            r.error(Code::UidMismatch, "uid", format!("the 006 token is not for {who}: the CRC32 of its uid differs"), hint);
        }
    }
    if let (Some(cert), Some(c), Some(u)) = (&e.app_certificate, &signed_channel, &signed_uid) {
        if crc_ok && same_app {
            r.signature_checked = true;
            if !d.verify(cert, c, u) {
                r.error(
                    Code::BadSignature,
                    "appCertificate",
                    format!("the token's signature does not match the App Certificate given for App ID {}", show(&d.app_id)),
                    "build the token with the App Certificate of this App ID; if it is right, the token was changed after it was built",
                );
            }
        }
    }
}

fn rtm_account(u: &Uid) -> String {
    match u {
        Uid::Number(n) => n.to_string(),
        Uid::Account(a) => a.clone(),
    }
}

pub(super) fn check_005(r: &mut Report, d: &Decoded005, e: &Expected, now: u32) {
    let app_id = d.app_id_hex();
    // The key stores the App ID as bytes, so its letter case is lost.
    let same_app = match e.app_id.as_deref() {
        Some(want) if !want.eq_ignore_ascii_case(&app_id) => {
            r.error(
                Code::WrongAppId,
                "appId",
                format!("the key is for App ID {}, but the client uses App ID {}", show(&app_id), show(want)),
                "build the key with the App ID the client initializes the SDK with",
            );
            false
        }
        _ => true,
    };
    let (issue, now64) = (u64::from(d.unix_ts), u64::from(now));
    if d.unix_ts > now.saturating_add(CLOCK_SKEW) {
        r.error(
            Code::NotYetValid,
            "unixTs",
            format!("the key was issued at {}, {} in the future", iso(issue), duration(issue - now64)),
            "the clock of the server that built the key is ahead: synchronise it (NTP)",
        );
    }
    if d.expired_ts != 0 && d.expired_ts <= now {
        r.error(
            Code::Expired,
            "expiredTs",
            format!("the key expired at {}, {} ago", iso(u64::from(d.expired_ts)), duration(now64 - u64::from(d.expired_ts))),
            "build a new key; expiredTs is an absolute Unix timestamp (0: no expiry)",
        );
    } else if d.expired_ts > d.unix_ts.saturating_add(MAX_LIFETIME) {
        r.warning(
            Code::LifetimeOver24h,
            "expiredTs",
            format!("the key is valid for {} after it was issued; Agora caps a key at 24 h", duration(u64::from(d.expired_ts - d.unix_ts))),
            "build keys for at most 24 h",
        );
    }
    let target = e.target();
    let media = matches!(d.service_type, 1 | 4);
    match target {
        Some(ServiceType::Rtc) if !media => r.error(
            Code::MissingService,
            "service",
            format!("the key is a {} key, not a media channel key", d.service_name().unwrap_or("unknown")),
            "build it with generateMediaChannelKey",
        ),
        Some(ServiceType::Rtc) | None => {}
        Some(t) => r.error(
            Code::MissingService,
            "service",
            format!("a DynamicKey5 opens media channels only, not {}", t.name()),
            format!("build a 007 token for {} with the agora-token API", t.name()),
        ),
    }
    if e.role == Some(Role::Publisher) && d.service_type == 4 && d.extra.iter().any(|(k, v)| *k == 1 && v == b"0") {
        r.error(
            Code::MissingPrivilege,
            "role",
            "the client publishes, but the in-channel permission key allows no upload".into(),
            "build the key with the audio-and-video upload permission (\"3\")",
        );
    }
    let uid = match &e.uid {
        Some(Uid::Number(n)) => Some(*n),
        Some(Uid::Account(a)) => {
            r.error(
                Code::UidMismatch,
                "uid",
                format!("a DynamicKey5 is for a numeric uid, but the client joins with the {}", Uid::Account(a.clone()).describe()),
                "join with a numeric uid, or build a 007 token with buildTokenWithUserAccount",
            );
            None
        }
        None => None,
    };
    if let (Some(cert), Some(c), Some(u), true) = (&e.app_certificate, &e.channel_name, uid, same_app) {
        r.signature_checked = true;
        if !d.verify(cert, c, u) {
            r.error(
                Code::BadSignature,
                "appCertificate",
                format!(
                    "the key's signature does not match this App Certificate with channel {} and uid {u}",
                    show(c)
                ),
                "a DynamicKey5 stores neither channel nor uid: either the certificate is not this App ID's, or the key was built for another channel or uid",
            );
        }
    }
}
