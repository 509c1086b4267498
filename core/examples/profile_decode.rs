//! Where a 007 decode and verify spend their time, in the core alone: a token with N
//! privileges (default 1000; `1` is a small token), and each step timed on its own.
//!
//!   cargo run --release -p agora-token-core --example profile_decode -- 1
//!   cargo run --release -p agora-token-core --example profile_decode -- 1000
//!   cargo run --release -p agora-token-core --example profile_decode -- 1000 inflate
//!
//! A step's name as the second argument times that step alone (for `perf record` of one
//! step, and for comparing two builds by interleaving their runs of it).
//!
//! For finding where the time goes; `npm run bench` is the measure.

use std::borrow::Cow;

use agora_token_core::internals::deflate::zlib_inflate;
use agora_token_core::{decode_any, decode_to_verify, AccessToken2, Expected, Service, ServiceData};

fn time(name: &str, n: u32, mut f: impl FnMut() -> usize) {
    if std::env::args().nth(2).is_some_and(|only| only != name) {
        return;
    }
    let start = std::time::Instant::now();
    let mut sink = 0usize;
    for _ in 0..n {
        sink = sink.wrapping_add(f());
    }
    eprintln!("{name:>22}: {:8.3} us ({sink})", start.elapsed().as_secs_f64() * 1e6 / n as f64);
}

fn main() {
    let privileges: u16 = std::env::args().nth(1).map(|s| s.parse().expect("a privilege count")).unwrap_or(1000);
    let cert = "5CFd2fd1755d40ecb72977518be15d3b";
    let mut token = AccessToken2::new("970CA35de60c44645bbae8a215061b33", 3600);
    let mut rtc = Service::new(ServiceData::Rtc {
        channel_name: Cow::Borrowed("7d72365eb983485397e3e3f9d460bdda"),
        uid: Cow::Borrowed("2882341273"),
    });
    for k in 0..privileges {
        rtc.privileges.add(k, 3600);
    }
    token.add_service(rtc);
    let token = token.build(cert).expect("a valid token");
    use base64::Engine;
    let z = base64::engine::general_purpose::STANDARD.decode(&token[3..]).expect("base64");
    let payload = zlib_inflate(&z, 1 << 16).expect("inflates");
    eprintln!("{privileges} privilege(s): token {} chars, zlib {} bytes, payload {} bytes", token.len(), z.len(), payload.len());
    let n = if privileges >= 100 { 20_000 } else { 200_000 };
    time("verify", n, || decode_to_verify(&token).ok().and_then(|t| t.verify(cert, &Expected::default()).ok()).map_or(0, usize::from));
    time("verify_token", n, || agora_token_core::verify_token(&token, cert, &Expected::default()).map_or(0, |r| r.map_or(0, usize::from)));
    time("decode_any", n, || decode_any(&token).map_or(0, |_| 1));
    time("decode_to_verify", n, || decode_to_verify(&token).map_or(0, |_| 1));
    time("base64", n, || base64::engine::general_purpose::STANDARD.decode(&token[3..]).map_or(0, |v| v.len()));
    time("inflate", n, || zlib_inflate(&z, 1 << 16).map_or(0, |v| v.len()));
}
