//! `cargo bench -p agora-token-core --bench tokens`: the core alone, without Node, so the
//! share of the napi call in `npm run bench`'s figures is visible.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

use agora_token_core::builders::{self, Credentials};
use agora_token_core::service::Rtm2Permissions;
use agora_token_core::v007;
use agora_token_core::validate::{Account, AppCertificate, AppId, ChannelName, RtcRole};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

fn creds() -> Credentials<'static> {
    Credentials { app_id: AppId::new("appId", APP_ID).unwrap(), app_certificate: AppCertificate::new("appCertificate", CERT).unwrap() }
}

fn benches(c: &mut Criterion) {
    let channel = ChannelName::new("channelName", "7d72365eb983485397e3e3f9d460bdda").unwrap();
    c.bench_function("rtc_token (buildTokenWithUid)", |b| {
        b.iter(|| builders::rtc_token(creds(), channel, Account::from_u32(black_box(2882341273)), RtcRole::Publisher, 3600, 0))
    });
    let mut permissions = Rtm2Permissions::new();
    permissions.entry(0).or_default().insert(0, vec!["news".into(), "sports".into()]);
    permissions.entry(4).or_default().insert(1, vec!["bob".into()]);
    c.bench_function("rtm2_token (buildTokenWithPermissions)", |b| {
        b.iter(|| builders::rtm2_token(creds(), Account::from_str("userId", "alice").unwrap(), &permissions, 3600))
    });
    let token = builders::rtc_token(creds(), channel, Account::from_u32(2882341273), RtcRole::Publisher, 3600, 0);
    c.bench_function("decode + verify (verifyToken)", |b| b.iter(|| v007::decode(black_box(&token)).unwrap().verify(CERT)));
    c.bench_function("decode (decodeToken, without the JS object)", |b| b.iter(|| v007::decode(black_box(&token)).unwrap()));
}

criterion_group!(tokens, benches);
criterion_main!(tokens);
