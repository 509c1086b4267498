use super::*;
use crate::service::{Service, ServiceData, RTC_JOIN_CHANNEL, RTC_PUBLISH_AUDIO, RTC_PUBLISH_DATA, RTC_PUBLISH_VIDEO, RTM_LOGIN};
use crate::v007::AccessToken2;

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";
const OTHER_CERT: &str = "5CFd2fd1755d40ecb72977518be15d3c";
const NOW: u32 = 1_800_000_000;

fn rtc(channel: &str, uid: &str, publisher: bool, issue: u32, expire: u32, privilege: u32) -> String {
    let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts: issue, expire, salt: 7, services: vec![] };
    let mut s = Service::new(ServiceData::Rtc { channel_name: channel.to_owned().into(), uid: uid.to_owned().into() });
    s.privileges.add(RTC_JOIN_CHANNEL, privilege);
    if publisher {
        for p in [RTC_PUBLISH_AUDIO, RTC_PUBLISH_VIDEO, RTC_PUBLISH_DATA] {
            s.privileges.add(p, privilege);
        }
    }
    t.add_service(s);
    t.build(CERT).unwrap()
}

fn ok_token() -> String {
    rtc("demo", "42", true, NOW - 60, 3600, 3600)
}

fn full() -> Expected {
    Expected {
        app_id: Some(APP_ID.into()),
        app_certificate: Some(CERT.into()),
        channel_name: Some("demo".into()),
        uid: Some(Uid::Number(42)),
        service: Some(ServiceType::Rtc),
        role: Some(Role::Publisher),
        sdk: None,
    }
}

fn codes(d: &Diagnosis) -> Vec<(&'static str, &'static str)> {
    d.problems.iter().map(|p| (p.code.as_str(), p.severity.as_str())).collect()
}

#[test]
fn a_correct_token_is_ok() {
    let d = diagnose(&ok_token(), &full(), NOW);
    assert!(d.ok(), "{:?}", d.problems);
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    assert!(d.signature_checked);
    assert_eq!(d.version(), Some("007"));
}

#[test]
fn each_mistake_gives_its_code() {
    let e = full();
    let cases: Vec<(String, Expected, &str)> = vec![
        ("nope".into(), e.clone(), "MALFORMED"),
        (ok_token(), Expected { app_certificate: Some(OTHER_CERT.into()), ..e.clone() }, "BAD_SIGNATURE"),
        (ok_token(), Expected { app_id: Some("0".repeat(32)), ..e.clone() }, "WRONG_APP_ID"),
        (rtc("demo", "42", true, NOW - 7200, 3600, 3600), e.clone(), "EXPIRED"),
        (rtc("demo", "42", true, NOW + 3600, 3600, 3600), e.clone(), "NOT_YET_VALID"),
        (rtc("demo", "42", true, NOW - 600, 3600, 300), e.clone(), "PRIVILEGE_EXPIRED"),
        (rtc("other", "42", true, NOW - 60, 3600, 3600), e.clone(), "CHANNEL_MISMATCH"),
        (rtc("demo", "43", true, NOW - 60, 3600, 3600), e.clone(), "UID_MISMATCH"),
        (rtc("demo", "42", false, NOW - 60, 3600, 3600), e.clone(), "MISSING_PRIVILEGE"),
        (ok_token(), Expected { service: Some(ServiceType::Rtm), channel_name: None, role: None, ..e.clone() }, "MISSING_SERVICE"),
        (ok_token(), Expected { sdk: Some(Sdk::parse("sdk", "web 4.7").unwrap()), ..e.clone() }, "WRONG_VERSION"),
        (ok_token(), Expected { sdk: Some(Sdk::parse("sdk", "android 3.5.1").unwrap()), ..e.clone() }, "WRONG_VERSION"),
    ];
    for (token, exp, code) in cases {
        let d = diagnose(&token, &exp, NOW);
        let errors: Vec<&str> = d.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.code.as_str()).collect();
        assert_eq!(errors, vec![code], "{code}: {:?}", d.problems);
        assert!(!d.ok());
    }
}

/// The first versions that read 007, from Agora's compatibility table: native 3.5.2, Web 4.8.0.
#[test]
fn sdks_from_the_first_007_version_read_007() {
    for sdk in ["android 3.5.2", "ios 3.6", "windows 4.0.0", "web 4.8.0", "web 4.20", "rtm 1.5.0", "rtm-web 1.4.6", "rtm 2.2"] {
        let e = Expected { sdk: Some(Sdk::parse("sdk", sdk).unwrap()), ..full() };
        let d = diagnose(&ok_token(), &e, NOW);
        assert!(d.problems.is_empty(), "{sdk}: {:?}", d.problems);
    }
}

#[test]
fn lifetime_over_24h_is_a_warning() {
    let d = diagnose(&rtc("demo", "42", true, NOW - 60, 2 * 86400, 2 * 86400), &full(), NOW);
    assert!(d.ok());
    assert_eq!(codes(&d), vec![("LIFETIME_OVER_24H", "warning")]);
    let d = diagnose(&rtc("demo", "42", true, NOW - 60, NOW + 3600, NOW + 3600), &full(), NOW);
    assert!(d.problems[0].message.contains("absolute Unix timestamp"), "{:?}", d.problems);
}

#[test]
fn expire_zero_expired_at_issue() {
    let d = diagnose(&rtc("demo", "42", true, NOW - 60, 0, 0), &full(), NOW);
    assert_eq!(codes(&d), vec![("EXPIRED", "error")]);
    assert!(d.problems[0].message.contains("expire is 0"));
}

#[test]
fn uid_rules() {
    let e = |uid| Expected { uid: Some(uid), ..full() };
    // Account "42" and uid 42 are the same token.
    assert!(diagnose(&ok_token(), &e(Uid::Account("42".into())), NOW).ok());
    // A uid-0 token admits any uid or account.
    let any = rtc("demo", "", true, NOW - 60, 3600, 3600);
    assert!(diagnose(&any, &e(Uid::Number(7)), NOW).ok());
    assert!(diagnose(&any, &e(Uid::Account("alice".into())), NOW).ok());
    // Account "0" is not uid 0.
    let zero = rtc("demo", "0", true, NOW - 60, 3600, 3600);
    let d = diagnose(&zero, &e(Uid::Number(0)), NOW);
    assert_eq!(codes(&d), vec![("UID_MISMATCH", "error")]);
    assert!(d.problems[0].hint.contains("not uid 0"), "{}", d.problems[0].hint);
    let d = diagnose(&rtc("demo", "alice", true, NOW - 60, 3600, 3600), &e(Uid::Number(42)), NOW);
    assert!(d.problems[0].hint.contains("string user account"), "{}", d.problems[0].hint);
}

#[test]
fn wildcard_channels() {
    assert!(channel_matches("*", "anything"));
    assert!(channel_matches("*", ""));
    assert!(channel_matches("1*a*2", "1a2"));
    assert!(channel_matches("1*a*2", "1xxaYY2"));
    assert!(!channel_matches("1*a*2", "1xx2"));
    assert!(!channel_matches("room*", "Room1"));
    assert!(channel_matches("room*", "room1"));
    assert!(!channel_matches("demo", "*"));
    assert!(!channel_matches("demo", "Demo"));
    let d = diagnose(&rtc("*", "42", true, NOW - 60, 3600, 3600), &full(), NOW);
    assert!(d.ok(), "{:?}", d.problems);
    let d = diagnose(&rtc("Demo", "42", true, NOW - 60, 3600, 3600), &full(), NOW);
    assert!(d.problems[0].hint.contains("case-sensitive"));
    // Hostile patterns stay fast: the longest wildcard against the longest name.
    let p = "*a".repeat(MAX_WILDCARD / 2 - 1) + "*b";
    let t0 = std::time::Instant::now();
    assert!(!channel_matches(&p, &"a".repeat(MAX_EXPECTED_CHANNEL)));
    assert!(t0.elapsed() < std::time::Duration::from_secs(2), "{:?}", t0.elapsed());
    assert!(!channel_matches(&"*a".repeat(30_000), &"a".repeat(29_999)));
    let e = Expected { channel_name: Some("c".repeat(MAX_EXPECTED_CHANNEL + 1)), ..Expected::default() };
    assert_eq!(e.check().unwrap_err().param, "expected.channelName");
}

#[test]
fn rtm_tokens() {
    let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts: NOW - 60, expire: 3600, salt: 7, services: vec![] };
    let mut s = Service::new(ServiceData::Rtm { user_id: "alice".into() });
    s.privileges.add(RTM_LOGIN, 3600);
    t.add_service(s);
    let token = t.build(CERT).unwrap();
    let e = Expected { service: Some(ServiceType::Rtm), uid: Some(Uid::Account("alice".into())), ..Expected::default() };
    assert!(diagnose(&token, &e, NOW).problems.is_empty());
    let e = Expected { uid: Some(Uid::Account("bob".into())), ..e };
    assert_eq!(codes(&diagnose(&token, &e, NOW)), vec![("UID_MISMATCH", "error")]);
}

#[test]
fn token_006() {
    let parts = crate::v006::Parts { app_id: APP_ID, channel_name: "demo", uid: "42", salt: 1, ts: NOW + 86000 };
    let good = crate::v006::build_parts(parts, &[(1, NOW + 3600), (2, NOW + 3600), (3, NOW + 3600), (4, NOW + 3600)], CERT);
    let d = diagnose(&good, &full(), NOW);
    assert!(d.problems.is_empty() && d.signature_checked, "{:?}", d.problems);
    let e = Expected { channel_name: Some("other".into()), ..full() };
    assert_eq!(codes(&diagnose(&good, &e, NOW)), vec![("CHANNEL_MISMATCH", "error")]);
    let e = Expected { app_certificate: Some(OTHER_CERT.into()), ..full() };
    assert_eq!(codes(&diagnose(&good, &e, NOW)), vec![("BAD_SIGNATURE", "error")]);
    let e = Expected { sdk: Some(Sdk::parse("sdk", "rtm 2.2").unwrap()), ..full() };
    assert_eq!(codes(&diagnose(&good, &e, NOW)), vec![("WRONG_VERSION", "warning")]);
    // Seconds-from-now given where 006 takes a timestamp.
    let rel = crate::v006::build_parts(parts, &[(1, 3600)], CERT);
    let d = diagnose(&rel, &Expected { role: None, ..full() }, NOW);
    assert_eq!(codes(&d), vec![("PRIVILEGE_EXPIRED", "error")]);
    assert!(d.problems[0].hint.contains("absolute Unix timestamp"));
}

#[test]
fn sdk_parse() {
    assert_eq!(Sdk::parse("sdk", "web 4.20").unwrap().version, [4, 20, 0]);
    assert_eq!(Sdk::parse("sdk", "Android v3.5.1").unwrap().family, SdkFamily::Native);
    for bad in ["", "web", "web four", "tv 1.0", "web 1.2.3.4", "web 1..2"] {
        assert!(Sdk::parse("expected.sdk", bad).is_err(), "{bad}");
    }
}

#[test]
fn output_is_bounded() {
    let long = "x".repeat(10_000);
    let token = rtc(&long, "42", true, NOW - 60, 3600, 3600);
    let d = diagnose(&token, &full(), NOW);
    assert!(d.problems.iter().all(|p| p.message.len() < 600), "{:?}", d.problems);
    // Many expired privileges: at most MAX_PROBLEMS problems.
    let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts: NOW - 600, expire: 3600, salt: 7, services: vec![] };
    let mut s = Service::new(ServiceData::Rtc { channel_name: "demo".into(), uid: "42".into() });
    for p in 0..2000 {
        s.privileges.add(p, 1);
    }
    t.add_service(s);
    let d = diagnose(&t.build(CERT).unwrap(), &Expected::default(), NOW);
    assert_eq!(codes(&d), vec![("PRIVILEGE_EXPIRED", "error")]);
    assert!(d.problems[0].message.contains("1996 more"), "{}", d.problems[0].message);
}

#[test]
fn iso_dates() {
    assert_eq!(iso(0), "1970-01-01T00:00:00Z");
    assert_eq!(iso(1_800_000_000), "2027-01-15T08:00:00Z");
    assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
}

#[test]
fn the_certificate_never_appears() {
    let e = Expected { app_certificate: Some(OTHER_CERT.into()), ..full() };
    let d = diagnose(&ok_token(), &e, NOW);
    for p in &d.problems {
        assert!(!p.message.contains(OTHER_CERT) && !p.hint.contains(OTHER_CERT));
        assert!(!p.message.to_lowercase().contains(&OTHER_CERT.to_lowercase()));
    }
}
