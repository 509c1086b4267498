//! Arbitrary token and certificate into decode + verify. The first byte picks how the
//! certificate is made: from the input (often invalid) or a fixed valid one.
#![no_main]

use agora_token_core::v007;
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
