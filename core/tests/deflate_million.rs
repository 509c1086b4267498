//! One million (by default) seeded payloads, token-shaped and arbitrary (0 to 4 KiB),
//! through `zlib_compress_hinted` and back through flate2's inflater. Token-shaped payloads
//! pass the literal prefix the token builder passes (their signature and App ID, 68
//! bytes); arbitrary ones pass 0 or a random prefix, up to past their end.
//!
//!   cargo test --release -p agora-token-core --test deflate_million -- --ignored --nocapture
//!
//! DEFLATE_MILLION_COUNT and DEFLATE_MILLION_SEED change the count and the seed.

use std::time::Instant;

use agora_token_core::internals::deflate::zlib_compress_hinted;
use flate2::{Decompress, FlushDecompress, Status};

fn inflate(d: &mut Decompress, z: &[u8], expect_len: usize, out: &mut Vec<u8>) {
    d.reset(true);
    out.clear();
    out.reserve(expect_len + 1);
    let status = d.decompress_vec(z, out, FlushDecompress::Finish).expect("flate2 rejected the stream");
    assert_eq!(status, Status::StreamEnd, "stream does not end where it should");
    assert_eq!(d.total_in() as usize, z.len(), "bytes after the end of the stream");
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
#[ignore]
fn million_round_trips() {
    let count = env_u64("DEFLATE_MILLION_COUNT", 1_000_000);
    let seed = env_u64("DEFLATE_MILLION_SEED", 20_261_122);
    let threads = 2u64;
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::spawn(move || {
                let mut rng = gen::Rng::new(seed ^ (t + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                let mut d = Decompress::new(true);
                let (mut input, mut z, mut back) = (Vec::new(), Vec::new(), Vec::new());
                let mut stats = [0u64; 6]; // stored, fixed, dynamic, input bytes, output bytes, count
                let mut i = t;
                while i < count {
                    let prefix = if i % 2 == 0 {
                        gen::token_payload(&mut rng, &mut input);
                        68
                    } else {
                        gen::arbitrary(&mut rng, &mut input, 4096);
                        if i % 4 == 1 {
                            0
                        } else {
                            rng.below(input.len() as u64 + 16) as usize
                        }
                    };
                    z.clear();
                    zlib_compress_hinted(&input, prefix, &mut z);
                    inflate(&mut d, &z, input.len(), &mut back);
                    assert!(back == input, "payload {i} (thread {t}, seed {seed}) does not round-trip");
                    stats[usize::from((z[2] >> 1) & 3).min(2)] += 1;
                    stats[3] += input.len() as u64;
                    stats[4] += z.len() as u64;
                    stats[5] += 1;
                    i += threads;
                }
                stats
            })
        })
        .collect();
    let mut total = [0u64; 6];
    for h in handles {
        let s = h.join().expect("a round trip failed");
        for (a, b) in total.iter_mut().zip(s) {
            *a += b;
        }
    }
    assert_eq!(total[5], count);
    println!(
        "{} payloads round-tripped in {:.1} s: blocks stored/fixed/dynamic {}/{}/{}, {} bytes in, {} bytes out",
        total[5],
        start.elapsed().as_secs_f64(),
        total[0],
        total[1],
        total[2],
        total[3],
        total[4]
    );
}

/// Payload generators, shared with the other deflate tests.
#[allow(dead_code)]
#[path = "support/payloads.rs"]
mod gen;
