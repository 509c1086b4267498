//! zlib_compress (the small encoder) against the flate2 level-6 path it replaces.
//!
//! cargo bench -p agora-token-core --bench deflate

use std::hint::black_box;

use agora_token_core::internals::deflate::zlib_compress;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::{Compress, Compression, FlushCompress};

/// `count` token-shaped payloads whose lengths are within `lo..=hi`.
fn payloads(lo: usize, hi: usize, count: usize) -> Vec<Vec<u8>> {
    let mut rng = gen::Rng::new(7);
    let mut all = Vec::new();
    let mut p = Vec::new();
    while all.len() < count {
        gen::token_payload(&mut rng, &mut p);
        if (lo..=hi).contains(&p.len()) {
            all.push(p.clone());
        }
    }
    all
}

/// What `zlib_compress` did before: a reused, reset flate2 `Compress` at level 6.
fn flate2_compress(c: &mut Compress, input: &[u8], out: &mut Vec<u8>) {
    c.reset();
    out.reserve(input.len() + 64);
    c.compress_vec(input, out, FlushCompress::Finish).unwrap();
}

fn bench(cr: &mut Criterion) {
    let mut out = Vec::with_capacity(16384);
    let mut c = Compress::new(Compression::new(6), true);
    // One call per iteration on the first payload of the set, then one iteration over
    // a set of payloads (time per payload: divide by the set's size, see Throughput).
    for (name, lo, hi, count) in [("300B", 280, 320, 100), ("2KiB", 1800, 2300, 20)] {
        let set = payloads(lo, hi, count);
        let mut g = cr.benchmark_group(format!("zlib_compress/{name}"));
        let one = &set[0];
        g.bench_function("ours/one", |b| {
            b.iter(|| {
                out.clear();
                zlib_compress(black_box(one), &mut out);
                black_box(out.len())
            })
        });
        g.bench_function("flate2/one", |b| {
            b.iter(|| {
                out.clear();
                flate2_compress(&mut c, black_box(one), &mut out);
                black_box(out.len())
            })
        });
        g.throughput(Throughput::Elements(set.len() as u64));
        g.bench_function(format!("ours/set{}", set.len()), |b| {
            b.iter(|| {
                for p in &set {
                    out.clear();
                    zlib_compress(black_box(p), &mut out);
                    black_box(out.len());
                }
            })
        });
        g.bench_function(format!("flate2/set{}", set.len()), |b| {
            b.iter(|| {
                for p in &set {
                    out.clear();
                    flate2_compress(&mut c, black_box(p), &mut out);
                    black_box(out.len());
                }
            })
        });
        g.finish();
        let (mut ours, mut theirs, mut inputs) = (0, 0, 0);
        for p in &set {
            let mut z = Vec::new();
            zlib_compress(p, &mut z);
            ours += z.len();
            let mut z = Vec::new();
            flate2_compress(&mut c, p, &mut z);
            theirs += z.len();
            inputs += p.len();
        }
        println!(
            "{name}: first payload {} bytes; set of {}: {inputs} input bytes, ours {ours} bytes, flate2 {theirs} bytes",
            one.len(),
            set.len()
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// Payload generators, shared with the other deflate tests.
#[allow(dead_code)]
#[path = "../tests/support/payloads.rs"]
mod gen;
