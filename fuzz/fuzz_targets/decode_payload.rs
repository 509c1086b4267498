//! Arbitrary bytes straight into the payload parser (no zlib in the way, so the fuzzer
//! reaches the services and the RTM2 permission lists).
#![no_main]

use agora_token_core::service::{ServiceData, MAX_RTM2_PERMISSION_TYPES, MAX_RTM2_RESOURCES, MAX_RTM2_RESOURCE_TYPES};
use agora_token_core::v007;
use libfuzzer_sys::fuzz_target;

const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = v007::decode_payload(data) {
        // What was read never claims more bytes than the payload has.
        assert!(d.signature.len() + d.signing_info.len() <= data.len());
        assert!(d.trailing_bytes <= data.len());
        // Nothing decoded goes past the caps on the work a token may ask for.
        assert!(d.token.services.len() <= v007::MAX_SERVICES);
        for s in &d.token.services {
            if let ServiceData::Rtm2 { permissions, .. } = &s.data {
                assert!(permissions.len() <= MAX_RTM2_RESOURCE_TYPES);
                assert!(permissions.values().all(|p| p.len() <= MAX_RTM2_PERMISSION_TYPES));
                assert!(permissions.values().flat_map(|p| p.values()).map(Vec::len).sum::<usize>() <= MAX_RTM2_RESOURCES);
            }
        }
        let _ = d.verify(CERT);
        let _ = d.strict();
    }
});
