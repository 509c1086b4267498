//! A loop of RTM2 `buildTokenWithPermissions` tokens with 1000 channel names in the core
//! alone, for profilers (as `profile_rtc`):
//!
//!   cargo build --release -p agora-token-core --example profile_rtm2
//!   perf record ./target/release/examples/profile_rtm2 20000

use agora_token_core::builders::{self, Credentials};
use agora_token_core::validate::{Account, AppCertificate, AppId};
use agora_token_core::Rtm2Permissions;

fn main() {
    let n: u32 = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(20_000);
    let mut perms = Rtm2Permissions::new();
    perms.entry(0).or_default().insert(0, (0..1000).map(|i| format!("channel-{i}")).collect());
    let t = std::time::Instant::now();
    let mut total = 0usize;
    for _ in 0..n {
        let c = Credentials {
            app_id: AppId::new("appId", "970CA35de60c44645bbae8a215061b33").unwrap(),
            app_certificate: AppCertificate::new("appCertificate", "5CFd2fd1755d40ecb72977518be15d3b").unwrap(),
        };
        total += builders::rtm2_token(c, Account::from_str("userId", "alice").unwrap(), &perms, 3600).len();
    }
    eprintln!("{:.3} us/token ({total})", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
