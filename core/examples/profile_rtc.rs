//! A loop of `buildTokenWithUid`-shaped tokens in the core alone, for profilers:
//!
//!   cargo build --release -p agora-token-core --example profile_rtc
//!   perf record ./target/release/examples/profile_rtc 2000000
//!
//! (build with `CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_PROFILE_RELEASE_STRIP=none`
//! for symbols). Prints the mean time per token; `cargo bench` and `npm run bench` are the
//! measures, this is for finding where the time goes.

use agora_token_core::builders::{self, Credentials};
use agora_token_core::validate::{Account, AppCertificate, AppId, ChannelName, RtcRole};
fn main() {
    let channel = ChannelName::new("channelName", "7d72365eb983485397e3e3f9d460bdda").unwrap();
    let n: u32 = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(2_000_000);
    let t = std::time::Instant::now();
    let mut total = 0usize;
    for i in 0..n {
        let c = Credentials {
            app_id: AppId::new("appId", "970CA35de60c44645bbae8a215061b33").unwrap(),
            app_certificate: AppCertificate::new("appCertificate", "5CFd2fd1755d40ecb72977518be15d3b").unwrap(),
        };
        total += builders::rtc_token(c, channel, Account::from_u32(2882341273u32.wrapping_add(i)), RtcRole::Publisher, 3600, 0).len();
    }
    eprintln!("{:.3} us/token ({total})", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
