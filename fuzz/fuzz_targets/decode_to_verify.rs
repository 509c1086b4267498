//! Arbitrary text through both decoders: `decode_to_verify` must refuse exactly what
//! `decode_any` refuses, with the same error, and a token both read must get the same
//! verdicts; and `verify_token` (what `verifyToken` uses, which hashes a 007 token's signed
//! bytes while they inflate) must give what `decode_to_verify` and `verify` give.
#![no_main]

use agora_token_core::{decode_any, decode_to_verify, verify_token, Expected, ExpectedUid};
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let e = Expected { channel_name: Some("c"), ..Expected::default() };
    assert_eq!(verify_token(&text, CERT, &e), decode_to_verify(&text).map(|t| t.verify(CERT, &e)));
    match (decode_any(&text), decode_to_verify(&text)) {
        (Err(a), Err(b)) => assert_eq!(a, b),
        (Ok(full), Ok(lean)) => {
            for e in [
                Expected::default(),
                Expected { now: Some(u32::MAX), ..Expected::default() },
                Expected { channel_name: Some("c"), uid: Some(ExpectedUid::Text("1")), now: None },
                Expected { channel_name: None, uid: Some(ExpectedUid::Number(0)), now: Some(0) },
            ] {
                assert_eq!(full.verify(CERT, &e).ok(), lean.verify(CERT, &e).ok());
            }
        }
        (full, lean) => panic!("decode_any ok: {}, decode_to_verify ok: {}", full.is_ok(), lean.is_ok()),
    }
});
