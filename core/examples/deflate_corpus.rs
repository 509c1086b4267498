//! Writes (input, compressed input) pairs for checking the encoder against another
//! inflater (scripts/deflate-node-check.mjs checks them with Node's zlib).
//!
//! Usage:
//!   cargo run --release --example deflate_corpus -- <seed> <count> <file>
//!   cargo run --release --example deflate_corpus -- stats <seed> <count>
//!
//! The file is a sequence of records, all integers little-endian:
//!   u8 kind (0 = token-shaped, 1 = arbitrary), u32 input length, input bytes,
//!   u32 compressed length, compressed bytes.
//! Record i is token-shaped when i is even, arbitrary when odd. Token-shaped inputs are
//! compressed as the token builder does (`zlib_compress_hinted` with their signature and
//! App ID as the literal prefix), arbitrary ones with `zlib_compress`'s defaults.
//!
//! `stats` prints how our output compares in size with flate2 at level 6.

use std::io::{BufWriter, Write};

use agora_token_core::internals::deflate::zlib_compress_hinted;

/// The literal prefix the token builder passes for a token-shaped payload (signature and
/// App ID, with their length prefixes).
const TOKEN_PREFIX: usize = 2 + 32 + 2 + 32;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("stats") {
        let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
        let count = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
        stats(seed, count);
        return;
    }
    if args.len() != 3 {
        eprintln!("usage: deflate_corpus <seed> <count> <file> | stats <seed> <count>");
        std::process::exit(2);
    }
    let seed: u64 = args[0].parse().expect("seed: an integer");
    let count: u64 = args[1].parse().expect("count: an integer");
    let file = std::fs::File::create(&args[2]).expect("cannot create the output file");
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut rng = gen::Rng::new(seed);
    let mut input = Vec::new();
    let mut z = Vec::new();
    for i in 0..count {
        let kind = (i % 2) as u8;
        if kind == 0 {
            gen::token_payload(&mut rng, &mut input);
        } else {
            gen::arbitrary(&mut rng, &mut input, 4096);
        }
        z.clear();
        zlib_compress_hinted(&input, if kind == 0 { TOKEN_PREFIX } else { 0 }, &mut z);
        w.write_all(&[kind]).unwrap();
        w.write_all(&(input.len() as u32).to_le_bytes()).unwrap();
        w.write_all(&input).unwrap();
        w.write_all(&(z.len() as u32).to_le_bytes()).unwrap();
        w.write_all(&z).unwrap();
    }
    w.flush().unwrap();
}

fn flate2_level6(input: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::new(6), true);
    let mut out = Vec::with_capacity(input.len() + 64);
    c.compress_vec(input, &mut out, flate2::FlushCompress::Finish).unwrap();
    out
}

fn stats(seed: u64, count: u64) {
    let mut rng = gen::Rng::new(seed);
    let mut input = Vec::new();
    let mut z = Vec::new();
    for (name, token) in [("token-shaped", true), ("arbitrary", false)] {
        let (mut ratio_sum, mut ours_total, mut theirs_total) = (0f64, 0u64, 0u64);
        let (mut worse, mut better, mut worst) = (0u64, 0u64, 0f64);
        let mut by_type = [0u64; 4];
        for _ in 0..count {
            if token {
                gen::token_payload(&mut rng, &mut input);
            } else {
                gen::arbitrary(&mut rng, &mut input, 4096);
            }
            z.clear();
            zlib_compress_hinted(&input, if token { TOKEN_PREFIX } else { 0 }, &mut z);
            by_type[usize::from((z[2] >> 1) & 3)] += 1;
            let theirs = flate2_level6(&input);
            let r = z.len() as f64 / theirs.len() as f64;
            ratio_sum += r;
            worst = worst.max(r);
            ours_total += z.len() as u64;
            theirs_total += theirs.len() as u64;
            worse += u64::from(z.len() > theirs.len());
            better += u64::from(z.len() < theirs.len());
        }
        println!(
            "{name}: mean ratio {:.5}, total ratio {:.5} ({} vs {} bytes), longer in {worse}, shorter in {better}, \
             worst {worst:.4}; blocks stored/fixed/dynamic {}/{}/{}",
            ratio_sum / count as f64,
            ours_total as f64 / theirs_total as f64,
            ours_total,
            theirs_total,
            by_type[0],
            by_type[1],
            by_type[2],
        );
    }
}

/// Payload generators, shared with the other deflate tests.
#[allow(dead_code)]
#[path = "../tests/support/payloads.rs"]
mod gen;
