//! The checks of the keys older than DynamicKey5: DynamicKey (v1) to DynamicKey4 and the
//! Signaling token. They carry an App ID and (except v1) an expiry; their channel and uid
//! can only be checked through the signature, when a certificate is given.

use super::access_token2::check_app_id;
use super::{duration, iso, show, Code, Expected, Report, CLOCK_SKEW, MAX_LIFETIME};
use crate::keys::LegacyKey;
use crate::service::ServiceType;

pub(super) fn check(r: &mut Report, k: &LegacyKey, e: &Expected, now: u32) {
    let (app_id, issued, expires) = match k {
        LegacyKey::Dynamic(d) => (d.app_id.as_str(), Some(d.unix_ts), d.expired_ts.filter(|&t| t != 0)),
        LegacyKey::Signaling(s) => (s.app_id.as_str(), None, Some(s.expired_ts)),
    };
    let format = k.format();
    let same_app = check_app_id(r, app_id, e.app_id.as_deref());
    let now64 = u64::from(now);
    if let Some(issued) = issued.filter(|&t| t > now.saturating_add(CLOCK_SKEW)) {
        r.error(
            Code::NotYetValid,
            "unixTs",
            format!("the {format} was issued at {}, {} in the future", iso(issued.into()), duration(u64::from(issued) - now64)),
            "the clock of the server that built the key is ahead: synchronise it (NTP)",
        );
    }
    match expires {
        Some(at) if at <= now => r.error(
            Code::Expired,
            "expiredTs",
            format!("the {format} expired at {}, {} ago", iso(at.into()), duration(now64 - u64::from(at))),
            "build a new key; its expiry is an absolute Unix timestamp",
        ),
        Some(at) if u64::from(at) > now64 + u64::from(MAX_LIFETIME + CLOCK_SKEW) => r.warning(
            Code::LifetimeOver24h,
            "expiredTs",
            format!(
                "the {format} is valid until {}, {} from now; Agora caps a key at 24 h",
                iso(at.into()),
                duration(u64::from(at) - now64)
            ),
            "build keys for at most 24 h",
        ),
        _ => {}
    }
    let signaling = matches!(k, LegacyKey::Signaling(_));
    match e.target() {
        Some(ServiceType::Rtm) if signaling => {}
        Some(ServiceType::Rtc) | None if !signaling => {}
        None => {}
        Some(t) => r.error(
            Code::MissingService,
            "service",
            format!("a {format} is not a key for {}", t.name()),
            format!("build a 007 token for {} with the agora-token API", t.name()),
        ),
    }
    // As the keys read it: a Signaling account 0 is "0", a DynamicKey uid a number.
    let uid = e.uid.as_ref().map(|u| u.as_expected().written());
    let (Some(cert), true) = (&e.app_certificate, same_app) else { return };
    if let Ok(good) = k.verify(cert, e.channel_name.as_deref(), uid.as_deref()) {
        r.signature_checked = true;
        if !good {
            r.error(
                Code::BadSignature,
                "appCertificate",
                format!(
                    "the {format}'s signature does not match this App Certificate{}",
                    match (&e.channel_name, &uid) {
                        (Some(c), Some(u)) if !signaling => format!(" with channel {} and uid {}", show(c), show(u)),
                        (_, Some(u)) if signaling => format!(" and account {}", show(u)),
                        _ => String::new(),
                    }
                ),
                format!("a {format} stores neither channel nor uid: either the certificate is not this App ID's, or the key was built for another channel or uid"),
            );
        }
    }
}
