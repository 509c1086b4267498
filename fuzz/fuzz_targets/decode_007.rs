//! Arbitrary text into the 007 decoder: it must return Ok or Err, never panic, and a
//! token it accepts must verify (to false or true) and pass or fail `strict()` cleanly.
#![no_main]

use agora_token_core::v007;
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = v007::decode(&text) {
        let _ = d.verify(CERT);
        let _ = d.is_for(Some("channel"), Some("1"));
        if let Ok(d) = d.strict() {
            // A strictly valid token's fields re-pack to exactly its signed bytes.
            let _ = d.verify(CERT);
        }
    }
});
