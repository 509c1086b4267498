//! Arbitrary text into the version dispatch: Ok or Err, never a panic; a token it reads
//! verifies (with and without channel, uid and time) to a bool or a parameter error, and
//! a string over the longest token is always refused.
#![no_main]

use agora_token_core::version::MAX_ANY_TOKEN_LEN;
use agora_token_core::{decode_any, Expected};
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match decode_any(&text) {
        Ok(d) => {
            assert!(text.len() <= MAX_ANY_TOKEN_LEN);
            let _ = d.verify(CERT, &Expected::default());
            let _ = d.verify(CERT, &Expected { channel_name: Some("c"), uid: Some(agora_token_core::ExpectedUid::Text("1")), now: Some(u32::MAX) });
            let _ = d.expires_at();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
