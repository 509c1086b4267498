//! Property tests for the 007 decoder, run on stable in `cargo test` (the cargo-fuzz
//! targets in fuzz/ go much deeper, on nightly). Every runner uses a fixed seed, so a
//! run is deterministic and a failure reproduces.

use std::borrow::Cow;

use agora_token_core::internals::deflate;
use agora_token_core::internals::pack::Writer;
use agora_token_core::service::{Rtm2Permissions, Service, ServiceData};
use agora_token_core::v007::{self, AccessToken2};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fn runner(cases: u32, seed: u8) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]))
}

/// Any short string, often non-ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9 !#$%&()+:;<=.>?@_~,-]{0,24}", any::<String>().prop_map(|s| s.chars().take(40).collect()),]
}

fn data() -> impl Strategy<Value = ServiceData<'static>> {
    let perms = btree_map(any::<u16>(), btree_map(any::<u16>(), vec(text(), 0..4), 0..3), 0..3);
    prop_oneof![
        (text(), text()).prop_map(|(c, u)| ServiceData::Rtc { channel_name: c.into(), uid: u.into() }),
        text().prop_map(|u| ServiceData::Rtm { user_id: u.into() }),
        (text(), text()).prop_map(|(c, a)| ServiceData::Streaming { channel_name: c.into(), account: a.into() }),
        Just(ServiceData::Fpa),
        text().prop_map(|u| ServiceData::Chat { user_id: u.into() }),
        (text(), text()).prop_map(|(c, a)| ServiceData::FCdn { channel_name: c.into(), account: a.into() }),
        (text(), text(), any::<i16>()).prop_map(|(r, u, role)| ServiceData::Apaas { room_uuid: r.into(), user_uuid: u.into(), role }),
        (text(), perms)
            .prop_map(|(u, p): (String, Rtm2Permissions)| ServiceData::Rtm2 { user_id: u.into(), permissions: std::borrow::Cow::Owned(p) }),
        Just(ServiceData::ConvoAI),
        Just(ServiceData::Stt),
    ]
}

fn service() -> impl Strategy<Value = Service<'static>> {
    (data(), vec((any::<u16>(), any::<u32>()), 0..5)).prop_map(|(d, p)| Service::with_privileges(d, &p))
}

fn token() -> impl Strategy<Value = AccessToken2<'static>> {
    (text(), any::<u32>(), any::<u32>(), any::<u32>(), vec(service(), 0..6)).prop_map(|(app_id, issue_ts, expire, salt, services)| {
        AccessToken2 { app_id: Cow::Owned(app_id), issue_ts, expire, salt, services }
    })
}

/// The raw (inflated) payload of a token this crate built.
fn payload_of(token: &str) -> Vec<u8> {
    let d = v007::decode(token).unwrap();
    let mut p = Vec::new();
    Writer(&mut p).bytes(&d.signature);
    p.extend_from_slice(&d.signing_info);
    p
}

fn zlib(p: &[u8]) -> Vec<u8> {
    let mut z = Vec::new();
    deflate::zlib_compress(p, &mut z);
    z
}

/// Exercises everything a caller can do with a decode result.
fn poke(r: Result<v007::DecodedToken2, agora_token_core::DecodeError>) {
    if let Ok(d) = r {
        let _ = d.verify(CERT);
        let _ = d.is_for(Some("a"), Some("1"));
        let _ = d.strict();
    }
}

#[test]
fn random_bytes_never_panic() {
    runner(1200, 1)
        .run(&vec(any::<u8>(), 0..600), |bytes| {
            poke(v007::decode_payload(&bytes));
            // The same bytes as a zlib stream, and as the text of a token.
            let _ = deflate::zlib_inflate(&bytes, v007::MAX_PAYLOAD);
            poke(v007::decode(&format!("007{}", String::from_utf8_lossy(&bytes))));
            Ok(())
        })
        .unwrap();
}

#[test]
fn random_strings_never_panic() {
    runner(1200, 2)
        .run(&prop_oneof!["007[A-Za-z0-9+/=]{0,200}", "00[0-9][ -~]{0,80}", any::<String>()], |s| {
            poke(v007::decode(&s));
            Ok(())
        })
        .unwrap();
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    SetU16(usize, u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop_oneof![Just(0u16), Just(1), Just(0xffff), Just(0x8000), any::<u16>()])
            .prop_map(|(i, v)| Mutation::SetU16(i, v)),
    ]
}

fn apply(buf: &mut Vec<u8>, m: &Mutation) {
    let n = buf.len();
    match *m {
        Mutation::Flip(i, b) if n > 0 => buf[i % n] ^= b,
        Mutation::Insert(i, b) => buf.insert(i % (n + 1), b),
        Mutation::Remove(i) if n > 0 => {
            buf.remove(i % n);
        }
        Mutation::Truncate(i) => buf.truncate(i % (n + 1)),
        Mutation::SetU16(i, v) if n >= 2 => {
            let i = i % (n - 1);
            buf[i..i + 2].copy_from_slice(&v.to_le_bytes());
        }
        _ => {}
    }
}

#[test]
fn mutated_valid_tokens_never_panic() {
    let strategy = (token(), vec(mutation(), 1..4), any::<bool>());
    runner(450, 3)
        .run(&strategy, |(t, muts, on_text)| {
            let s = t.build_unchecked(CERT);
            if on_text {
                // Mutate the token text (kept ASCII so it stays a &str).
                let mut b = s.into_bytes();
                for m in &muts {
                    apply(&mut b, m);
                }
                let text: String = b.into_iter().map(|c| (c & 0x7f) as char).collect();
                poke(v007::decode(&text));
            } else {
                // Mutate the inflated payload, where the lengths and counts are.
                let mut p = payload_of(&s);
                for m in &muts {
                    apply(&mut p, m);
                }
                poke(v007::decode_payload(&p));
                let mut z = zlib(&p);
                poke(v007::decode(&format!("007{}", base64_std(&z))));
                // And the compressed bytes too.
                for m in &muts {
                    apply(&mut z, m);
                }
                poke(v007::decode(&format!("007{}", base64_std(&z))));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn build_decode_round_trip() {
    runner(300, 4)
        .run(&(token(), any::<[u8; 16]>()), |(t, cert)| {
            let cert: String = cert.iter().map(|b| format!("{b:02X}")).collect();
            let s = t.build_unchecked(&cert);
            prop_assert!(s.starts_with("007"));
            let d = v007::decode(&s).unwrap().strict().unwrap();
            let mut expected = t.clone();
            expected.services.sort_by_key(|s| s.service_type());
            prop_assert_eq!(&d.token, &expected);
            prop_assert!(d.verify(&cert));
            prop_assert!(!d.verify(CERT));
            Ok(())
        })
        .unwrap();
}

/// Standard base64 with padding.
fn base64_std(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() { A[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// `decode_to_verify` (which keeps neither privileges nor RTM2 resource names) refuses
/// exactly the payloads `decode_any` refuses, with the same error, and verifies the rest
/// the same way, for every expectation; and it keeps everything else.
#[test]
fn decode_to_verify_agrees_with_decode_any() {
    use agora_token_core::{decode_any, decode_to_verify, AnyToken, Expected};
    let strategy = (token(), vec(mutation(), 0..3));
    runner(400, 5)
        .run(&strategy, |(t, muts)| {
            let mut p = payload_of(&t.build_unchecked(CERT));
            for m in &muts {
                apply(&mut p, m);
            }
            let s = format!("007{}", base64_std(&zlib(&p)));
            let (full, lean) = (decode_any(&s), decode_to_verify(&s));
            match (&full, &lean) {
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (Ok(AnyToken::V007(a)), Ok(AnyToken::V007(b))) => {
                    let channel = a.token.services.iter().find_map(|s| match &s.data {
                        ServiceData::Rtc { channel_name, .. } => Some(channel_name.to_string()),
                        _ => None,
                    });
                    for e in [
                        Expected::default(),
                        Expected { now: Some(t.issue_ts.wrapping_add(1)), ..Expected::default() },
                        Expected { channel_name: channel.as_deref(), ..Expected::default() },
                        Expected { channel_name: Some("other"), uid: Some(agora_token_core::ExpectedUid::Number(1)), now: None },
                    ] {
                        prop_assert_eq!(full.as_ref().unwrap().verify(CERT, &e).ok(), lean.as_ref().unwrap().verify(CERT, &e).ok());
                    }
                    let mut without = a.clone();
                    for s in &mut without.token.services {
                        s.privileges = Default::default();
                        if let ServiceData::Rtm2 { permissions, .. } = &mut s.data {
                            *permissions = Cow::Owned(Rtm2Permissions::new());
                        }
                    }
                    prop_assert_eq!(&without, b);
                }
                _ => prop_assert!(false, "decode_any {:?} but decode_to_verify {:?}", full.is_ok(), lean.is_ok()),
            }
            Ok(())
        })
        .unwrap();
}

/// `verify_token` (which hashes a 007 token's signed bytes while they inflate) gives what
/// `decode_to_verify` and then `verify` give, results and errors alike: on tokens long
/// enough for the hashing to happen during inflation (an RTC service with up to 1500
/// privileges, as runs of keys), mutated in their payload or their compressed bytes, and
/// checked with the right certificate, a wrong one and one that is not valid.
#[test]
fn verify_token_agrees_with_decode_then_verify() {
    use agora_token_core::{decode_to_verify, verify_token, Expected};
    // Keys `first`, `first + step`, ...; expires repeating with `period` (1: all the same,
    // the runs the watch hashes during).
    let runs = (0u16..1500, any::<u16>(), prop_oneof![3 => Just(1u16), 1 => 2u16..4], prop_oneof![3 => Just(1u16), 1 => 2u16..4]);
    let strategy = (token(), runs, vec(mutation(), 0..3), any::<bool>());
    let verified_long = std::cell::Cell::new(0usize);
    runner(300, 6)
        .run(&strategy, |(mut t, (n, first, step, period), muts, in_payload)| {
            let mut rtc = Service::new(ServiceData::Rtc { channel_name: "room".into(), uid: "42".into() });
            for k in 0..n {
                rtc.privileges.add(first.wrapping_add(k.wrapping_mul(step)), 3600 + u32::from(k % period));
            }
            t.add_service(rtc);
            let mut p = payload_of(&t.build_unchecked(CERT));
            let mut z;
            if in_payload {
                for m in &muts {
                    apply(&mut p, m);
                }
                z = zlib(&p);
            } else {
                z = zlib(&p);
                for m in &muts {
                    apply(&mut z, m);
                }
            }
            let s = format!("007{}", base64_std(&z));
            let e = Expected { channel_name: Some("room"), ..Expected::default() };
            for cert in [CERT, "5CFd2fd1755d40ecb72977518be15d3c", "not a certificate"] {
                for e in [Expected::default(), e] {
                    let fused = verify_token(&s, cert, &e);
                    prop_assert_eq!(&fused, &decode_to_verify(&s).map(|d| d.verify(cert, &e)));
                    if muts.is_empty() && cert == CERT {
                        prop_assert_eq!(fused, Ok(Ok(true)));
                        verified_long.set(verified_long.get() + usize::from(p.len() > 2000));
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(verified_long.get() > 20, "only {} long tokens verified", verified_long.get());
}

/// A long token whose zlib stream the fast inflater gives up on after it has inflated (and
/// the watch hashed) part of it (here an empty stored block after the privilege entries,
/// which zlib's sync flush writes), verified by the fallback inflater; and the same token
/// compressed by zlib at several levels, as agora-token's are.
#[test]
fn verify_token_after_fallback_and_from_zlib() {
    use agora_token_core::{verify_token, Expected};
    use flate2::{Compress, Compression, FlushCompress};
    let mut t = AccessToken2 {
        app_id: "970CA35de60c44645bbae8a215061b33".into(),
        issue_ts: 1_700_000_000,
        expire: 3600,
        salt: 9,
        services: vec![],
    };
    let mut rtc = Service::new(ServiceData::Rtc { channel_name: "room".into(), uid: "42".into() });
    for k in 0..1000 {
        rtc.privileges.add(k, 3600);
    }
    t.add_service(rtc);
    let p = payload_of(&t.build_unchecked(CERT));
    let split = p.len() - 40;
    for level in [1, 6, 9] {
        let mut z = Vec::with_capacity(p.len() + 100);
        let mut c = Compress::new(Compression::new(level), true);
        c.compress_vec(&p[..split], &mut z, FlushCompress::Sync).unwrap();
        let synced = z.len();
        assert_eq!(&z[synced - 4..], &[0, 0, 0xff, 0xff], "a sync flush ends with an empty stored block");
        c.compress_vec(&p[split..], &mut z, FlushCompress::Finish).unwrap();
        let mut whole = Vec::with_capacity(p.len());
        flate2::Compress::new(Compression::new(level), true).compress_vec(&p, &mut whole, FlushCompress::Finish).unwrap();
        for z in [z, whole] {
            assert_eq!(deflate::zlib_inflate(&z, v007::MAX_PAYLOAD).unwrap(), p);
            let s = format!("007{}", base64_std(&z));
            assert_eq!(verify_token(&s, CERT, &Expected::default()), Ok(Ok(true)), "level {level}");
            assert_eq!(verify_token(&s, "5CFd2fd1755d40ecb72977518be15d3c", &Expected::default()), Ok(Ok(false)));
        }
    }
}
