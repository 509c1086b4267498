//! Decoding untrusted tokens: every malformed shape gives a clear error, never a panic,
//! never an allocation the input did not pay for.

use agora_token_core::internals::deflate;
use agora_token_core::internals::pack::Writer;
use agora_token_core::service::{Service, ServiceData};
use agora_token_core::v007::{self, AccessToken2, MAX_PAYLOAD, MAX_TOKEN_LEN};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

/// Standard base64 with padding (tokens' alphabet).
fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// "007" + base64(zlib(payload)).
fn token_of(payload: &[u8]) -> String {
    let mut z = Vec::new();
    deflate::zlib_compress(payload, &mut z);
    format!("007{}", b64(&z))
}

/// A payload: a 32-byte signature, then the fields, then `services` (raw bytes) after a
/// service count of `count`.
fn payload(count: u16, services: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    Writer(&mut p).bytes(&[7u8; 32]).bytes(APP_ID.as_bytes()).u32(1_700_000_000).u32(600).u32(12345).u16(count);
    p.extend_from_slice(services);
    p
}

fn rtc_service(channel: &str, uid: &str) -> Vec<u8> {
    let mut s = Vec::new();
    Writer(&mut s).u16(1).u32_map(&[(1, 600)]).bytes(channel.as_bytes()).bytes(uid.as_bytes());
    s
}

fn err(token: &str) -> String {
    match v007::decode(token).and_then(|d| d.strict()) {
        Ok(d) => panic!("decoded a malformed token: {d:?}"),
        Err(e) => e.to_string(),
    }
}

fn err_payload(p: &[u8]) -> String {
    let direct = match v007::decode_payload(p).and_then(|d| d.strict()) {
        Ok(d) => panic!("decoded a malformed payload: {d:?}"),
        Err(e) => e.to_string(),
    };
    // The same payload through the whole decoder gives the same message.
    assert_eq!(err(&token_of(p)), direct);
    direct
}

fn assert_contains(msg: &str, want: &str) {
    assert!(msg.contains(want), "expected {want:?} in {msg:?}");
}

fn valid_token() -> String {
    let mut t = AccessToken2 { app_id: APP_ID.into(), issue_ts: 1_700_000_000, expire: 600, salt: 42, services: vec![] };
    t.add_service(Service::with_privileges(ServiceData::Rtc { channel_name: "ch".into(), uid: "7".into() }, &[(1, 600)]));
    t.build(CERT).unwrap()
}

#[test]
fn well_formed_payload_decodes() {
    let p = payload(1, &rtc_service("ch", "7"));
    let d = v007::decode(&token_of(&p)).unwrap().strict().unwrap();
    assert_eq!(d.token.app_id, APP_ID);
    assert_eq!(d.token.services.len(), 1);
    // Signed with nobody's certificate: decodes, does not verify.
    assert!(!d.verify(CERT));
}

#[test]
fn zlib_bomb_is_refused_before_it_is_inflated() {
    // 10 MB of zeros compress to a few kilobytes: a token-sized bomb.
    let zeros = vec![0u8; 10 * 1024 * 1024];
    let mut z = Vec::new();
    deflate::zlib_compress(&zeros, &mut z);
    assert!(z.len() < 64 * 1024, "bomb is {} bytes", z.len());
    let e = deflate::zlib_inflate(&z, MAX_PAYLOAD).unwrap_err();
    assert_contains(&e.to_string(), "more than 65536 bytes");
    // The cap is found before the end: cut off the second half of the stream (a full
    // inflate would report a truncated stream) and the error is still the cap.
    let e = deflate::zlib_inflate(&z[..z.len() / 2], MAX_PAYLOAD).unwrap_err();
    assert_contains(&e.to_string(), "more than 65536 bytes");
    // Corrupt the checksum: a full inflate would report it; the cap comes first.
    let mut bad = z.clone();
    let n = bad.len();
    bad[n - 1] ^= 0xff;
    assert_contains(&deflate::zlib_inflate(&bad, MAX_PAYLOAD).unwrap_err().to_string(), "more than 65536 bytes");
    // And as a token.
    let token = format!("007{}", b64(&z));
    assert!(token.len() <= MAX_TOKEN_LEN);
    assert_contains(&err(&token), "inflates to more than 65536 bytes");
}

#[test]
fn payload_just_at_the_cap_is_read_and_one_past_is_not() {
    let at = vec![1u8; MAX_PAYLOAD];
    let mut z = Vec::new();
    deflate::zlib_compress(&at, &mut z);
    assert_eq!(deflate::zlib_inflate(&z, MAX_PAYLOAD).unwrap().len(), MAX_PAYLOAD);
    let past = vec![1u8; MAX_PAYLOAD + 1];
    z.clear();
    deflate::zlib_compress(&past, &mut z);
    assert!(deflate::zlib_inflate(&z, MAX_PAYLOAD).is_err());
}

#[test]
fn length_prefixes_longer_than_the_input() {
    // Signature claims 65535 bytes.
    let mut p = Vec::new();
    Writer(&mut p).u16(0xffff);
    p.extend_from_slice(&[0; 10]);
    assert_contains(&err_payload(&p), "signature needs 65535 bytes at offset 2 but only 10 remain");
    // App ID claims more than is left.
    let mut p = Vec::new();
    Writer(&mut p).bytes(&[0; 32]).u16(500);
    p.extend_from_slice(b"970CA35d");
    assert_contains(&err_payload(&p), "app id needs 500 bytes");
    // A channel name inside a service claims more than is left.
    let mut s = Vec::new();
    Writer(&mut s).u16(1).u32_map(&[]).u16(40000);
    s.extend_from_slice(b"abc");
    assert_contains(&err_payload(&payload(1, &s)), "rtc channel name needs 40000 bytes");
    // A uid cut short.
    let mut s = rtc_service("ch", "12345");
    s.truncate(s.len() - 2);
    assert_contains(&err_payload(&payload(1, &s)), "rtc uid needs 5 bytes");
    // Fields cut short.
    let p = payload(0, &[]);
    for cut in [0, 1, 33, 40, 60, p.len() - 1] {
        let e = err_payload(&p[..cut]);
        assert_contains(&e, "truncated token");
    }
}

#[test]
fn empty_payload_and_empty_signature() {
    assert_contains(&err_payload(&[]), "signature needs 2 bytes");
    // A zero-length signature reads, then never verifies.
    let mut p = Vec::new();
    Writer(&mut p).bytes(&[]).bytes(APP_ID.as_bytes()).u32(1).u32(2).u32(3).u16(1);
    p.extend_from_slice(&rtc_service("c", ""));
    let d = v007::decode(&token_of(&p)).unwrap().strict().unwrap();
    assert!(d.signature.is_empty());
    assert!(!d.verify(CERT));
}

#[test]
fn service_counts_in_the_thousands() {
    for count in [1000u16, 5000, 65535] {
        let e = err_payload(&payload(count, &rtc_service("ch", "1")));
        assert_contains(&e, &format!("claims {count} services"));
    }
    // A count the bytes could hold but the services then run out.
    let e = err_payload(&payload(3, &[1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]));
    assert_contains(&e, "truncated token");
    // Privilege map and RTM2 list counts are checked before anything is reserved.
    let mut s = Vec::new();
    Writer(&mut s).u16(1).u16(60000);
    assert_contains(&err_payload(&payload(1, &s)), "privileges claims 60000 entries");
    let mut s = Vec::new();
    Writer(&mut s).u16(8).u32_map(&[]).bytes(b"me").u16(1).u16(0).u16(1).u16(1).u16(50000);
    assert_contains(&err_payload(&payload(1, &s)), "rtm2 resource list claims 50000 entries");
    let mut s = Vec::new();
    Writer(&mut s).u16(8).u32_map(&[]).bytes(b"me").u16(65535).u16(0).u16(0);
    assert_contains(&err_payload(&payload(1, &s)), "token holds 65535 rtm2 resource types; a token may hold at most 32");
}

#[test]
fn unknown_service_types() {
    for t in [0u16, 11, 12, 0x7fff, 0xffff] {
        let mut s = rtc_service("ch", "1");
        s.extend_from_slice(&t.to_le_bytes());
        s.extend_from_slice(&[0; 8]);
        let p = payload(2, &s);
        // Lenient decode keeps what it could read and says where it stopped.
        let d = v007::decode_payload(&p).unwrap();
        assert_eq!(d.unknown_service, Some(t));
        assert_eq!(d.token.services.len(), 1);
        assert_contains(&err_payload(&p), &format!("service type {t}, which this decoder does not know"));
    }
}

#[test]
fn trailing_bytes() {
    let mut s = rtc_service("ch", "1");
    s.extend_from_slice(&[0xAA; 5]);
    let p = payload(1, &s);
    assert_eq!(v007::decode_payload(&p).unwrap().trailing_bytes, 5);
    assert_contains(&err_payload(&p), "5 unexpected bytes after its last service");
    // Bytes after the end of the zlib stream.
    let mut z = Vec::new();
    deflate::zlib_compress(&payload(1, &rtc_service("ch", "1")), &mut z);
    z.extend_from_slice(b"junk");
    assert_contains(&err(&format!("007{}", b64(&z))), "bytes after the end of its zlib stream");
}

#[test]
fn invalid_utf8_strings() {
    let mut p = Vec::new();
    Writer(&mut p).bytes(&[0; 32]).bytes(&[0xff, 0xfe]).u32(1).u32(2).u32(3).u16(0);
    assert_contains(&err_payload(&p), "app id is not valid UTF-8");
    let mut s = Vec::new();
    Writer(&mut s).u16(2).u32_map(&[]).bytes(&[0xc3]);
    assert_contains(&err_payload(&payload(1, &s)), "rtm user id is not valid UTF-8");
}

#[test]
fn bad_base64() {
    assert_contains(&err("007!!!!"), "not valid base64");
    assert_contains(&err("007eJ zz"), "a '+' may have become a space");
    assert_contains(&err("007eJ-_abcd"), "URL-safe base64");
    assert_contains(&err("007A"), "not valid base64");
    assert_contains(&err("007\u{e9}\u{e9}\u{e9}\u{e9}"), "not valid base64");
    // Valid base64 that is not zlib.
    assert_contains(&err("007AAAAAAAA"), "not a valid zlib stream");
    // A real token, cut in the middle of its zlib stream.
    let t = valid_token();
    let cut = &t[..t.len() - 12];
    let e = err(cut);
    assert!(e.contains("zlib") || e.contains("base64"), "{e}");
}

#[test]
fn wrong_version_prefixes() {
    let t = valid_token();
    for bad in ["", "0", "00", "006", "008", "7", "abc"] {
        let e = err(&format!("{bad}{}", &t[3..]));
        assert_contains(&e, "not a 007 token");
    }
    assert_contains(&err(""), "not a 007 token: it starts with \"\"");
    assert_contains(&err("006abc"), "starts with \"006\"");
    assert_contains(&err("\u{e9}\u{e9}\u{e9}\u{e9}"), "not a 007 token");
    assert_contains(&err(" 007abc"), "not a 007 token");
    assert_contains(&err("007"), "nothing after its \"007\" version prefix");
}

#[test]
fn overlong_tokens_are_refused_before_decoding() {
    let long = format!("007{}", "A".repeat(MAX_TOKEN_LEN));
    assert_contains(&err(&long), "characters long; a 007 token is at most");
    let at = format!("007{}", "A".repeat(MAX_TOKEN_LEN - 3));
    assert!(!err(&at).contains("characters long"));
}

#[test]
fn wrong_signature_verifies_false_without_error() {
    let t = valid_token();
    let d = v007::decode(&t).unwrap().strict().unwrap();
    assert!(d.verify(CERT));
    // Flip one bit of the signature (inside the payload) and re-pack.
    let mut z = Vec::new();
    let mut p = Vec::new();
    Writer(&mut p).bytes(&d.signature);
    p.extend_from_slice(&d.signing_info);
    p[5] ^= 1;
    deflate::zlib_compress(&p, &mut z);
    let forged = format!("007{}", b64(&z));
    let f = v007::decode(&forged).unwrap().strict().unwrap();
    assert_eq!(f.token, d.token);
    assert!(!f.verify(CERT));
    // A signature of another length never verifies.
    let mut short = Vec::new();
    Writer(&mut short).bytes(&d.signature[..31]);
    short.extend_from_slice(&d.signing_info);
    assert!(!v007::decode(&token_of(&short)).unwrap().verify(CERT));
    // Changing a signed field breaks the signature too.
    let mut changed = Vec::new();
    Writer(&mut changed).bytes(&d.signature);
    changed.extend_from_slice(&d.signing_info);
    let last = changed.len() - 1;
    changed[last] ^= 1; // last byte of the uid
    assert!(!v007::decode(&token_of(&changed)).unwrap().verify(CERT));
    // Certificates that are not 32 hex characters never verify and never panic.
    for c in ["", "x", &CERT[..31], &format!("{CERT}0"), "5CFd2fd1755d40ecb72977518be15d3\u{e9}"] {
        assert!(!d.verify(c));
    }
}

#[test]
fn every_prefix_of_a_valid_token_fails_cleanly() {
    let t = valid_token();
    for n in 0..t.len() {
        let _ = v007::decode(&t[..n]).map(|d| d.strict());
    }
    let p = {
        let d = v007::decode(&t).unwrap();
        let mut p = Vec::new();
        Writer(&mut p).bytes(&d.signature);
        p.extend_from_slice(&d.signing_info);
        p
    };
    for n in 0..p.len() {
        assert!(v007::decode_payload(&p[..n]).is_err(), "prefix of {n} bytes decoded");
    }
}

// ---- Legacy 006 tokens ---------------------------------------------------------------

mod v006_tokens {
    use super::*;
    use agora_token_core::v006;

    fn token() -> String {
        let mut t = v006::AccessToken::new(APP_ID, "channel", "42");
        t.salt = 7;
        t.ts = 1_800_000_000;
        t.add_privilege(v006::JOIN_CHANNEL, 1_800_000_000);
        t.build_unchecked(CERT)
    }

    /// "006" + app id + base64(content).
    fn token_of(app_id: &str, content: &[u8]) -> String {
        format!("006{app_id}{}", b64(content))
    }

    fn content(signature: &[u8], message: &[u8], trailing: &[u8]) -> Vec<u8> {
        let mut c = Vec::new();
        Writer(&mut c).bytes(signature).u32(1).u32(2).bytes(message);
        c.extend_from_slice(trailing);
        c
    }

    fn message(count: u16, entries: &[u8]) -> Vec<u8> {
        let mut m = Vec::new();
        Writer(&mut m).u32(7).u32(1_800_000_000).u16(count);
        m.extend_from_slice(entries);
        m
    }

    fn err(t: &str) -> String {
        match v006::decode(t) {
            Ok(d) => panic!("decoded a malformed 006 token: {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn valid_token_decodes_and_verifies() {
        let d = v006::decode(&token()).unwrap();
        assert_eq!(d.app_id, APP_ID);
        assert!(d.verify(CERT, "channel", "42"));
        assert!(!d.verify(CERT, "channel", "43"));
        assert!(!d.verify("ffffffffffffffffffffffffffffffff", "channel", "42"));
        assert!(!d.verify("short", "channel", "42"));
    }

    #[test]
    fn wrong_app_id_length() {
        let t = token();
        let body = &t[3 + 32..];
        // 31 hex characters, then the body (which starts with 'I', not hex).
        assert_contains(&err(&format!("006{}{body}", &APP_ID[..31])), "has only 31 hexadecimal characters");
        assert_contains(&err(&format!("006{body}")), "has only 0 hexadecimal characters");
        // A non-hex character inside the App ID.
        assert_contains(&err(&format!("006{}g{}{body}", &APP_ID[..10], &APP_ID[11..])), "has only 10 hexadecimal characters");
        // 33 hex characters: the 33rd is read as the start of the body, which breaks it.
        assert!(v006::decode(&format!("006{APP_ID}0{body}")).is_err());
        assert_contains(&err(&format!("006{APP_ID}")), "nothing after its App ID");
        assert_contains(&err("006"), "only 0 hexadecimal");
    }

    #[test]
    fn wrong_prefix_bad_base64_and_length() {
        let t = token();
        assert_contains(&err(&format!("007{}", &t[3..])), "not a 006 token");
        assert_contains(&err(""), "not a 006 token");
        assert_contains(&err(&format!("006{APP_ID}!!!!")), "not valid base64");
        let long = format!("006{APP_ID}{}", "A".repeat(v006::MAX_TOKEN_LEN));
        assert_contains(&err(&long), "a 006 token is at most");
    }

    #[test]
    fn malformed_content() {
        let sig = [9u8; 32];
        let ok = content(&sig, &message(1, &[1, 0, 0, 0, 0, 0]), &[]);
        assert!(v006::decode(&token_of(APP_ID, &ok)).is_ok());
        assert_contains(&err(&token_of(APP_ID, &content(&sig[..31], &message(0, &[]), &[]))), "signature must be 32 bytes");
        assert_contains(&err(&token_of(APP_ID, &content(&sig, &message(0, &[]), &[0, 1]))), "2 unexpected bytes after its message");
        assert_contains(&err(&token_of(APP_ID, &content(&sig, &message(0, &[5]), &[]))), "1 unexpected bytes after its privileges");
        assert_contains(&err(&token_of(APP_ID, &content(&sig, &message(60000, &[]), &[]))), "privileges claims 60000 entries");
        let mut cut = ok.clone();
        cut.truncate(ok.len() - 3);
        assert_contains(&err(&token_of(APP_ID, &cut)), "truncated token");
        let mut c = Vec::new();
        Writer(&mut c).u16(0xffff);
        assert_contains(&err(&token_of(APP_ID, &c)), "signature needs 65535 bytes");
    }

    #[test]
    fn every_prefix_fails_cleanly() {
        let t = token();
        for n in 0..t.len() {
            let _ = v006::decode(&t[..n]);
        }
    }
}

#[test]
fn many_privileges_in_reverse_order_decode_in_linear_time() {
    // A payload near the cap: one service with ~10,900 privileges, keys descending and
    // repeated. Reading it used to insert one by one (quadratic).
    let n = 10_000u16;
    let mut entries: Vec<(u16, u32)> = (1..=n).rev().map(|k| (k, u32::from(k))).collect();
    entries.extend((1..=800u16).map(|k| (k, 7)));
    let mut s = Vec::new();
    Writer(&mut s).u16(1).u16(entries.len() as u16);
    for &(k, v) in &entries {
        Writer(&mut s).u16(k).u32(v);
    }
    Writer(&mut s).bytes(b"ch").bytes(b"");
    let p = payload(1, &s);
    assert!(p.len() <= MAX_PAYLOAD);
    let start = std::time::Instant::now();
    let d = v007::decode(&token_of(&p)).unwrap().strict().unwrap();
    let e = d.token.services[0].privileges.entries();
    assert_eq!(e.len(), n as usize);
    assert!(e.windows(2).all(|w| w[0].0 < w[1].0));
    // A repeated key keeps its last value.
    assert_eq!(e[0], (1, 7));
    assert_eq!(e[799], (800, 7));
    assert_eq!(e[800], (801, 801));
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
}

/// A 64 KiB payload of empty FPA services deflates to a token of about 200 characters:
/// the decoder refuses it by its service count instead of building 16,000 services.
#[test]
fn thousands_of_services_are_refused_by_count() {
    let mut services = Vec::new();
    for _ in 0..16_000 {
        Writer(&mut services).u16(4).u16(0);
    }
    let token = token_of(&payload(16_000, &services));
    assert!(token.len() < 1_000, "token is {} characters", token.len());
    let e = v007::decode(&token).unwrap_err();
    assert_eq!(e, agora_token_core::DecodeError::TooMany { what: "services", count: 16_000, max: v007::MAX_SERVICES });
    // As many empty RTM2 resource types in one service: refused by count too.
    let mut rtm2 = Vec::new();
    Writer(&mut rtm2).u16(8).u16(0).bytes(b"u").u16(16_000);
    for r in 0..16_000u16 {
        Writer(&mut rtm2).u16(r).u16(0);
    }
    let e = v007::decode(&token_of(&payload(1, &rtm2))).unwrap_err();
    assert!(matches!(e, agora_token_core::DecodeError::TooMany { what: "rtm2 resource types", count: 16_000, .. }), "{e}");
}

/// Each kind of damage is its own `DecodeError` variant, with the details in its fields
/// (the messages checked above are their `Display`).
#[test]
fn each_fault_is_its_own_variant() {
    use agora_token_core::DecodeError as E;
    let strict = |p: &[u8]| v007::decode_payload(p).and_then(|d| d.strict()).unwrap_err();
    let mut p = Vec::new();
    Writer(&mut p).u16(0xffff);
    p.extend_from_slice(&[0; 10]);
    assert_eq!(strict(&p), E::Truncated { what: "signature", needed: 65535, offset: 2, remaining: 10 });
    let mut s = Vec::new();
    Writer(&mut s).u16(1).u16(60000);
    assert!(matches!(strict(&payload(1, &s)), E::CountExceedsData { what: "privileges", count: 60000, .. }));
    assert!(matches!(
        strict(&payload(5000, &rtc_service("ch", "1"))),
        E::CountExceedsData { what: "it", count: 5000, unit: "services", .. }
    ));
    let mut s = rtc_service("ch", "1");
    s.extend_from_slice(&11u16.to_le_bytes());
    assert_eq!(strict(&payload(2, &s)), E::UnknownService { service_type: 11 });
    let mut s = rtc_service("ch", "1");
    s.extend_from_slice(&[0xAA; 5]);
    assert_eq!(strict(&payload(1, &s)), E::TrailingBytes { container: "token", n: 5, after: "last service" });
    let mut p = Vec::new();
    Writer(&mut p).bytes(&[0; 32]).bytes(&[0xff, 0xfe]).u32(1).u32(2).u32(3).u16(0);
    assert_eq!(strict(&p), E::InvalidUtf8 { what: "app id" });
    let decode = |t: &str| v007::decode(t).unwrap_err();
    assert!(matches!(decode("007eJ zz"), E::Base64 { what: "token", .. }));
    assert!(matches!(decode("007AAAAAAAA"), E::Zlib(_)));
    assert_eq!(decode("006abc"), E::WrongVersion { name: "007 token", expected: "007", got: "006".into() });
    assert_eq!(decode("007"), E::Empty { what: "token", after: "\"007\" version prefix" });
    let long = format!("007{}", "A".repeat(MAX_TOKEN_LEN));
    assert_eq!(decode(&long), E::TooLong { what: "token", name: "007 token", len: MAX_TOKEN_LEN + 3, max: MAX_TOKEN_LEN });
    let mut p = payload(1, &rtc_service("ch", "1"));
    p.truncate(p.len() - 1);
    assert!(matches!(decode(&token_of(&p)), E::Truncated { what: "rtc uid", .. }));
}

/// An RTM2 service that lists one resource type twice: the lists merge (as agora-token's
/// decoder merges them), and the merged map keeps to the permission-type cap, in both
/// kinds of decode. (Each list alone is within the cap; the fuzz target `decode_payload`
/// found a token whose merged map was not.)
#[test]
fn a_resource_type_listed_twice_merges_within_the_cap() {
    use agora_token_core::service::MAX_RTM2_PERMISSION_TYPES;
    use agora_token_core::{decode_any, decode_to_verify, AnyToken, DecodeError};
    // Resource type 0 twice, with `per_list` permission types each (distinct, or the same
    // ones again when `overlap`), one name each.
    let rtm2 = |per_list: u16, overlap: bool| {
        let mut s = Vec::new();
        Writer(&mut s).u16(8).u16(0).bytes(b"u").u16(2);
        for list in 0..2u16 {
            Writer(&mut s).u16(0).u16(per_list);
            for q in 0..per_list {
                let permission = if overlap { q } else { list * per_list + q };
                Writer(&mut s).u16(permission).u16(1).bytes(format!("n{list}-{q}").as_bytes());
            }
        }
        token_of(&payload(1, &s))
    };
    let half = (MAX_RTM2_PERMISSION_TYPES / 2) as u16;
    // 8 + 8 distinct: 16, at the cap, merged into one map.
    let Ok(AnyToken::V007(d)) = decode_any(&rtm2(half, false)) else { panic!("refused a token at the cap") };
    let ServiceData::Rtm2 { permissions, .. } = &d.token.services[0].data else { panic!("not RTM2") };
    assert_eq!(permissions.len(), 1);
    assert_eq!(permissions[&0].len(), MAX_RTM2_PERMISSION_TYPES);
    assert_eq!(permissions[&0][&0], ["n0-0"]);
    assert!(decode_to_verify(&rtm2(half, false)).is_ok());
    // The same permission types twice: the last list of each wins.
    let Ok(AnyToken::V007(d)) = decode_any(&rtm2(3, true)) else { panic!("refused overlapping lists") };
    let ServiceData::Rtm2 { permissions, .. } = &d.token.services[0].data else { panic!("not RTM2") };
    assert_eq!((permissions[&0].len(), &permissions[&0][&2]), (3, &vec!["n1-2".to_string()]));
    // 9 + 9 distinct: 18 in the merged map, refused by both decoders with the same error.
    let over = rtm2(half + 1, false);
    let expected = DecodeError::TooMany {
        what: "rtm2 permission types for one resource type",
        count: MAX_RTM2_PERMISSION_TYPES + 1,
        max: MAX_RTM2_PERMISSION_TYPES,
    };
    assert_eq!(decode_any(&over).unwrap_err(), expected);
    assert_eq!(decode_to_verify(&over).unwrap_err(), expected);
}

/// Deflate's bit order: values LSB first, Huffman codes MSB first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, v: u32, n: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }
    fn align(&mut self) {
        if self.n > 0 {
            self.put(0, 8 - self.n);
        }
    }
}

/// An empty, not final, dynamic-Huffman block: a code-length code of 3 symbols, a
/// literal/length code of 2 (a literal and end-of-block), no distance code, then the
/// end-of-block code. 94 bits, and a new set of code tables for the inflater.
fn empty_dynamic_block(b: &mut Bits) {
    b.put(0, 1); // not final
    b.put(2, 2); // dynamic
    b.put(0, 5); // 257 literal/length code lengths
    b.put(0, 5); // 1 distance code length
    b.put(14, 4); // 18 code-length code lengths, in deflate's order:
    for sym in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        b.put(
            match sym {
                18 => 1,
                0 | 1 => 2,
                _ => 0,
            },
            3,
        );
    }
    // Canonical codes: 18 is 0, 0 is 10, 1 is 11.
    b.code(0b11, 2); // literal 0: length 1
    b.code(0, 1); // 138 zeros
    b.put(127, 7);
    b.code(0, 1); // 117 zeros
    b.put(106, 7);
    b.code(0b11, 2); // end-of-block: length 1
    b.code(0b10, 2); // the one distance code: unused
    b.code(1, 1); // end-of-block
}

/// The most code tables a token can make the inflater build: a token as long as tokens may
/// be, made of empty dynamic-Huffman blocks (about 5,600) and then its payload in a
/// stored block, decodes to that payload. (Through Node, `decodeToken` and `verifyToken`
/// of this token took 1.5-1.8 ms each, wall clock, on 2026-12-01.)
#[test]
fn thousands_of_dynamic_blocks_decode() {
    let p = payload(1, &rtc_service("ch", "7"));
    let room = (MAX_TOKEN_LEN - 3) / 4 * 3 - 2 - 4 - 5 - p.len();
    let blocks = room * 8 / 94 - 1;
    let mut b = Bits::default();
    b.out.extend_from_slice(&[0x78, 0x9c]);
    for _ in 0..blocks {
        empty_dynamic_block(&mut b);
    }
    b.put(1, 1); // final
    b.put(0, 2); // stored
    b.align();
    let len = p.len() as u16;
    b.out.extend_from_slice(&len.to_le_bytes());
    b.out.extend_from_slice(&(!len).to_le_bytes());
    b.out.extend_from_slice(&p);
    b.out.extend_from_slice(&zlib_rs::adler32::adler32(1, &p).to_be_bytes());
    let token = format!("007{}", b64(&b.out));
    assert!(blocks > 5000 && token.len() <= MAX_TOKEN_LEN, "{blocks} blocks, {} characters", token.len());
    assert_eq!(v007::decode(&token).unwrap(), v007::decode(&token_of(&p)).unwrap());
}
