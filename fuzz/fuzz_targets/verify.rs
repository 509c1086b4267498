//! Arbitrary token and certificate into decode + verify. The first byte picks how the
//! certificate is made (bit 0: from the input, often invalid, or a fixed valid one) and
//! whether the rest is also taken as a 007 payload (bit 1), with a run of privilege-like
//! entries after it (the upper bits: how many, in forties), compressed into a token: there
//! `verify_token`, which hashes the signed bytes while they inflate, must give what
//! `decode_to_verify` and then `verify` give, errors included, without panicking. (Such a
//! token's signature almost never matches, so this holds the two to the same verdicts and
//! errors; that the hashing during inflation makes the right MAC is held by
//! `verify_token_agrees_with_decode_then_verify` in core/tests/proptest_decode.rs.)
#![no_main]

use agora_token_core::internals::base64;
use agora_token_core::internals::deflate::zlib_compress;
use agora_token_core::{decode_to_verify, v007, verify_token, Expected};
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let (cert, token) = if mode & 1 == 0 && rest.len() >= 32 {
        let (c, t) = rest.split_at(32);
        (String::from_utf8_lossy(c).into_owned(), t)
    } else {
        (CERT.to_owned(), rest)
    };
    if mode & 2 != 0 {
        let mut payload = token.to_vec();
        let entry: [u8; 6] = token.get(token.len().saturating_sub(6)..).and_then(|t| t.try_into().ok()).unwrap_or([0, 0, 16, 14, 0, 0]);
        for k in 0..(usize::from(mode >> 2) * 40) {
            payload.push(entry[0].wrapping_add(k as u8));
            payload.extend_from_slice(&entry[1..]);
        }
        let mut z = Vec::new();
        zlib_compress(&payload, &mut z);
        let s = format!("007{}", base64(&z));
        let e = Expected::default();
        assert_eq!(verify_token(&s, &cert, &e), decode_to_verify(&s).map(|t| t.verify(&cert, &e)));
    }
    let token = String::from_utf8_lossy(token);
    if let Ok(d) = v007::decode(&token) {
        let ok = d.verify(&cert);
        // verify never accepts a certificate that is not 32 hex characters.
        if ok {
            assert!(cert.len() == 32 && cert.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        let _ = d.is_for(None, Some(""));
    }
});
