//! Arbitrary text into `decode_legacy_key` (SignalingToken, DynamicKey 1-4): `None`, Ok or
//! Err, never a panic; a key it accepts has its format's exact shape and verifies (to true
//! or false) without panicking, whatever the expected values.
#![no_main]

use agora_token_core::keys::{decode_legacy_key, dynamic_key, signaling, LegacyKey};
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5cfd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(Ok(key)) = decode_legacy_key(&text) else { return };
    match &key {
        LegacyKey::Dynamic(d) => {
            let want = match d.generation {
                dynamic_key::Generation::V1 => dynamic_key::V1_LEN,
                dynamic_key::Generation::V2 => dynamic_key::V2_LEN,
                dynamic_key::Generation::V3 => dynamic_key::V3_LEN,
                dynamic_key::Generation::V4 => dynamic_key::V4_LEN,
            };
            assert_eq!(text.len(), want);
            assert_eq!(d.signature.len(), dynamic_key::SIGNATURE_LEN);
            assert_eq!(d.app_id.len(), dynamic_key::APP_ID_LEN);
        }
        LegacyKey::Signaling(s) => {
            assert!(text.len() <= signaling::MAX_LEN);
            assert_eq!(s.signature.len(), 32);
        }
    }
    let _ = key.verify(CERT, Some("channel"), Some("1"));
    let _ = key.verify(CERT, None, None);
    let _ = key.verify("short", Some(""), Some("4294967296"));
});
