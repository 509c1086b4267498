//! A loop of 007 builds of one RTC service with N privileges (keys 0..N-1), as the bench's
//! scaling rows, in the core alone, for profilers (as `profile_rtc`):
//!
//!   cargo build --release -p agora-token-core --example profile_privileges
//!   perf record ./target/release/examples/profile_privileges 100 200000

use agora_token_core::service::{Service, ServiceData};
use agora_token_core::v007::AccessToken2;

fn main() {
    let mut args = std::env::args().skip(1).map(|s| s.parse::<u32>().unwrap());
    let privileges = args.next().unwrap_or(100);
    let n = args.next().unwrap_or(200_000);
    let mut t = AccessToken2::new("970CA35de60c44645bbae8a215061b33", 3600);
    let mut rtc = Service::new(ServiceData::Rtc { channel_name: "7d72365eb983485397e3e3f9d460bdda".into(), uid: "2882341273".into() });
    for k in 0..privileges {
        rtc.privileges.add(k as u16, 3600);
    }
    t.add_service(rtc);
    let start = std::time::Instant::now();
    let mut total = 0usize;
    for _ in 0..n {
        total += t.build("5CFd2fd1755d40ecb72977518be15d3b").unwrap().len();
    }
    eprintln!("{:.3} us/token ({total})", start.elapsed().as_secs_f64() * 1e6 / n as f64);
}
