//! The core keeps per-thread scratch buffers, a cached key and a salt pool. A token built
//! while its thread is shutting down (from another thread-local's destructor, after the
//! core's own thread-locals are gone) must still come out right, without a panic.

use std::cell::RefCell;
use std::panic;
use std::sync::mpsc::{channel, Sender};
use std::thread;

use agora_token_core::service::{Service, ServiceData};
use agora_token_core::{salt, v006, v007};

const APP_ID: &str = "970CA35de60c44645bbae8a215061b33";
const CERT: &str = "5CFd2fd1755d40ecb72977518be15d3b";

/// What one round of work produces: the 007 token's inflated payload, whether it
/// verifies, and the 006 token. (The round also draws a salt, which only has to come
/// without a panic.)
#[derive(Debug, PartialEq)]
struct Outcome {
    payload_007: Vec<u8>,
    verifies: bool,
    token_006: String,
}

fn work() -> Outcome {
    let rtc = ServiceData::Rtc { channel_name: "teardown-room".into(), uid: "4242".into() };
    let services = [Service::with_privileges(rtc, &[(1, 600), (2, 600)])];
    let parts = v007::Parts { app_id: APP_ID, issue_ts: 1_700_000_000, expire: 600, salt: 99_999 };
    let token = v007::build_parts(parts, &services, CERT);
    let decoded = v007::decode(&token).expect("our own token decodes");
    let payload_007 = [&decoded.signature[..], &decoded.signing_info[..]].concat();
    let verifies = decoded.verify(CERT);
    let parts = v006::Parts { app_id: APP_ID, channel_name: "teardown-room", uid: "4242", salt: 7, ts: 1_700_000_600 };
    let token_006 = v006::build_parts(parts, &[(1, 1_700_003_600)], CERT);
    let _ = salt::random_u32();
    Outcome { payload_007, verifies, token_006 }
}

/// Does `work` from its destructor and sends the outcome (or the panic's message).
struct Late(Sender<Result<Outcome, String>>);

impl Drop for Late {
    fn drop(&mut self) {
        let outcome = panic::catch_unwind(work).map_err(|e| {
            e.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| e.downcast_ref::<String>().cloned()).unwrap_or_default()
        });
        let _ = self.0.send(outcome);
    }
}

thread_local! {
    static LATE: RefCell<Option<Late>> = const { RefCell::new(None) };
}

#[test]
fn tokens_built_during_thread_teardown_are_right() {
    let expected = work();
    assert!(expected.verifies);
    let (tx, rx) = channel();
    thread::spawn(move || {
        // Thread-locals are destroyed in the reverse order of their first use: `LATE`
        // first here, so its destructor runs after the core's thread-locals are gone.
        LATE.with(|l| *l.borrow_mut() = Some(Late(tx)));
        work();
    })
    .join()
    .expect("the thread finished");
    let late = rx.recv().expect("the destructor reported").unwrap_or_else(|panic| panic!("building during teardown panicked: {panic}"));
    assert_eq!(late, expected);
}
