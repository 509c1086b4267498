//! Arbitrary text into the legacy 006 decoder: Ok or Err, never a panic; a token it
//! accepts verifies (to true or false) without panicking.
#![no_main]

use agora_token_core::v006;
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = v006::decode(&text) {
        assert_eq!(d.app_id.len(), v006::APP_ID_LEN);
        assert_eq!(d.signature.len(), 32);
        let _ = d.verify(CERT, "channel", "1");
        let _ = d.verify(CERT, "", "");
        let _ = d.verify("short", "channel", "");
    }
});
