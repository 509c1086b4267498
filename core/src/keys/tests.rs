//! Recognition, round trips and hostile input for [`super::decode_legacy_key`].

use super::dynamic_key::{self as dk, KeyInput, Service4};
use super::*;
use crate::validate::{AppCertificate, AppId, ChannelName};
use proptest::prelude::*;

const APP_ID: &str = "970ca35de60c44645bbae8a215061b33";
const CERT: &str = "5cfd2fd1755d40ecb72977518be15d3b";

fn keys(channel: &str, unix_ts: u32, random_int: u32, uid: u32, expired_ts: u32) -> Vec<(&'static str, String)> {
    let k = KeyInput {
        app_id: AppId::new("appId", APP_ID).unwrap(),
        channel_name: ChannelName::new("channelName", channel).unwrap(),
        unix_ts,
        random_int,
        uid,
        expired_ts,
    };
    let c = AppCertificate::new("appCertificate", CERT).unwrap();
    let account = signaling::SignalingAccount::new("account", channel).unwrap();
    vec![
        ("DynamicKey", dk::generate_v1(&k, c)),
        ("DynamicKey2", dk::generate_v2(&k, c)),
        ("DynamicKey3", dk::generate_v3(&k, c)),
        ("DynamicKey4", dk::generate_v4(&k, c, Service4::PublicSharing)),
        ("DynamicKey4", dk::generate_v4(&k, c, Service4::Recording)),
        ("DynamicKey4", dk::generate_v4(&k, c, Service4::MediaChannel)),
        ("SignalingToken", signaling::build(k.app_id, c, account, expired_ts)),
    ]
}

#[test]
fn recognises_each_format() {
    for (format, key) in keys("room 1", 1446455472, 58964981, 2882341273, 1446455471) {
        let d = decode_legacy_key(&key).unwrap().unwrap();
        assert_eq!(d.format(), format);
        assert_eq!(d.ambiguity().is_some(), matches!(format, "DynamicKey" | "DynamicKey2" | "DynamicKey4"));
        let uid = if format == "SignalingToken" { "room 1" } else { "2882341273" };
        assert_eq!(d.verify(CERT, Some("room 1"), Some(uid)), Ok(true), "{format}");
    }
    for other in ["", "007abc", "006abc", "005abc", "2:", "hello"] {
        assert!(decode_legacy_key(other).is_none(), "{other}");
    }
    assert!(decode_legacy_key("003").unwrap().is_err());
    assert!(decode_legacy_key("1:").unwrap().is_err());
}

#[test]
fn keys_whose_signature_looks_like_a_prefix() {
    // A v2 key whose signature happens to start with "006" is still a v2 key.
    let v2 = dk::generate_v2(
        &KeyInput {
            app_id: AppId::new("appId", APP_ID).unwrap(),
            channel_name: ChannelName::new("channelName", "c").unwrap(),
            unix_ts: 1,
            random_int: 2,
            uid: 3,
            expired_ts: 4,
        },
        AppCertificate::new("appCertificate", CERT).unwrap(),
    );
    let forged = format!("006{}", &v2[3..]);
    assert_eq!(decode_legacy_key(&forged).unwrap().unwrap().format(), "DynamicKey2");
}

#[test]
fn verify_needs_what_the_signature_covers() {
    let all = keys("c", 1, 2, 3, 4);
    let v1 = decode_legacy_key(&all[0].1).unwrap().unwrap();
    assert_eq!(v1.verify(CERT, None, None), Err(VerifyInput::MissingChannel));
    assert_eq!(v1.verify(CERT, Some("c"), None), Ok(true));
    let v2 = decode_legacy_key(&all[1].1).unwrap().unwrap();
    assert_eq!(v2.verify(CERT, Some("c"), None), Err(VerifyInput::MissingUid));
    assert_eq!(v2.verify(CERT, Some("c"), Some("03")), Err(VerifyInput::UidNotNumeric));
    let s = decode_legacy_key(&all[6].1).unwrap().unwrap();
    assert_eq!(s.verify(CERT, None, None), Err(VerifyInput::MissingUid));
    assert_eq!(s.verify(CERT, None, Some("c")), Ok(true));
    assert_eq!(s.verify("5cfd2fd1755d40ecb72977518be15d3c", None, Some("c")), Ok(false));
}

#[test]
fn huge_inputs_are_refused_by_length() {
    for prefix in ["1:", "003", "004", ""] {
        let s = format!("{prefix}{}", "a".repeat(1 << 20));
        let t = std::time::Instant::now();
        if let Some(r) = decode_legacy_key(&s) {
            assert!(r.is_err(), "{prefix}");
        }
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
    }
    // Every shape's exact length, filled with each kind of character: no panic.
    for len in [78, 90, 103, 110, 113] {
        for fill in ["0", "f", "F", "9", ":", "\u{e9}", "\0"] {
            for prefix in ["", "1:", "003", "004"] {
                let s: String = format!("{prefix}{}", fill.repeat(len)).chars().take(len).collect();
                let _ = decode_legacy_key(&s).map(|r| r.map(|k| k.verify(CERT, Some("c"), Some("1"))));
            }
        }
    }
}

fn channel() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 !#$%&()+:;<=.>?@^_{|}~,-]{1,64}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every key decodes to its inputs and verifies; one byte changed does not.
    #[test]
    fn round_trip_and_one_byte_changed(ch in channel(), ts: u32, r: u32, uid: u32, exp: u32, pos: usize, byte in 0x21u8..0x7f) {
        for (format, key) in keys(&ch, ts, r, uid, exp) {
            let d = decode_legacy_key(&key).unwrap().unwrap();
            let expect_uid = if format == "SignalingToken" { ch.clone() } else { uid.to_string() };
            match &d {
                LegacyKey::Dynamic(k) => {
                    prop_assert_eq!((k.unix_ts, k.random_int, k.app_id.as_str()), (ts, r, APP_ID));
                    if format != "DynamicKey" { prop_assert_eq!(k.expired_ts, Some(exp)); }
                    if matches!(format, "DynamicKey2" | "DynamicKey3") { prop_assert_eq!(k.uid, Some(uid)); }
                }
                LegacyKey::Signaling(s) => prop_assert_eq!(s.expired_ts, exp),
            }
            prop_assert_eq!(d.verify(CERT, Some(&ch), Some(&expect_uid)), Ok(true));
            prop_assert_eq!(d.verify("5cfd2fd1755d40ecb72977518be15d3a", Some(&ch), Some(&expect_uid)), Ok(false));
            let i = pos % key.len();
            if key.as_bytes()[i] == byte { continue; }
            let mut changed = key.clone().into_bytes();
            changed[i] = byte;
            let changed = String::from_utf8(changed).unwrap();
            if let Some(Ok(d)) = decode_legacy_key(&changed) {
                prop_assert_ne!(d.verify(CERT, Some(&ch), Some(&expect_uid)), Ok(true), "{} {}", format, changed);
            }
        }
    }

    /// Any string: no panic, and a claimed key is one of the shapes.
    #[test]
    fn hostile_input(s in "[0-9a-fA-F:\u{e9}x]{0,130}") {
        if let Some(Ok(d)) = decode_legacy_key(&s) {
            prop_assert!(s.len() <= signaling::MAX_LEN || s.len() >= 90);
            let _ = d.verify(CERT, Some("c"), Some("1"));
        }
    }
}
