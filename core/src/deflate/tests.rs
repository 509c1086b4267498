//! Tests of the encoder as a whole, the test payloads the parts' tests share, and the
//! measured crossover to the library.

use std::io::Read;

use super::*;

/// Inflates with flate2's own zlib decoder (not through `zlib_inflate`).
pub(super) fn flate2_inflate(z: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).expect("flate2 rejected our stream");
    out
}

pub(super) fn compress(input: &[u8]) -> Vec<u8> {
    let mut z = Vec::new();
    zlib_compress(input, &mut z);
    z
}

/// Compresses, checks the stream with both inflaters, returns it.
pub(super) fn check(input: &[u8]) -> Vec<u8> {
    let z = compress(input);
    assert_eq!(&z[..2], &[0x78, 0x9c]);
    assert_eq!(flate2_inflate(&z), input, "flate2 round trip, input of {} bytes", input.len());
    assert_eq!(zlib_inflate(&z, input.len()).unwrap(), input);
    z
}

/// The small encoder's output, from a fresh scratch.
pub(super) fn small(input: &[u8]) -> Vec<u8> {
    let mut s = Scratch::new().unwrap();
    let mut z = Vec::new();
    assert!(encode(input, 0, &mut s, &mut z), "small encoder failed on {} bytes", input.len());
    z
}

pub(super) fn flate2_only(input: &[u8]) -> Vec<u8> {
    let mut z = Vec::new();
    flate2_compress(input, &mut z);
    z
}

/// What inputs past the small encoder's reach get: libdeflate, or flate2 on WebAssembly.
pub(super) fn large_path(input: &[u8]) -> Vec<u8> {
    let mut z = Vec::new();
    #[cfg(not(target_family = "wasm"))]
    library_compress(input, &mut z);
    #[cfg(target_family = "wasm")]
    flate2_compress(input, &mut z);
    z
}

/// BTYPE of the (single) block: 0 stored, 1 fixed, 2 dynamic.
pub(super) fn block_type(z: &[u8]) -> u8 {
    assert_eq!(z[2] & 1, 1, "BFINAL");
    (z[2] >> 1) & 3
}

#[test]
fn round_trip() {
    for len in [0usize, 1, 10, 200, 5000, 70000] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        let mut z = Vec::new();
        zlib_compress(&data, &mut z);
        assert_eq!(z[0], 0x78);
        assert_eq!(zlib_inflate(&z, 1 << 20).unwrap(), data);
    }
}

#[test]
fn empty_input() {
    // A fixed block holding only end-of-block, and Adler-32 of nothing (1).
    assert_eq!(check(b""), [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
}

#[test]
fn single_bytes() {
    for b in 0..=255u8 {
        let z = check(&[b]);
        assert_eq!(z.len(), 2 + 3 + 4, "one byte is a 3-byte fixed block");
        assert_eq!(block_type(&z), 1);
    }
}

#[test]
fn runs_of_one_byte() {
    for b in [0u8, b'a', 0xff] {
        for len in [2usize, 3, 4, 5, 6, 10, 100, 257, 258, 259, 260, 1000, 4096, SMALL_MAX] {
            let input = vec![b; len];
            let z = check(&input);
            assert!(z.len() <= 12 + len / 100, "{len} bytes of {b} took {} bytes", z.len());
        }
    }
}

#[test]
fn appends_to_out() {
    let mut z = b"prefix".to_vec();
    zlib_compress(b"hello hello hello", &mut z);
    assert_eq!(&z[..6], b"prefix");
    assert_eq!(flate2_inflate(&z[6..]), b"hello hello hello");
    // Past the small encoder's limit too.
    let big = vec![7u8; SMALL_MAX + 1];
    let mut z = b"xy".to_vec();
    zlib_compress(&big, &mut z);
    assert_eq!(&z[..2], b"xy");
    assert_eq!(flate2_inflate(&z[2..]), big);
}

#[test]
fn size_limit_and_fallback() {
    let mut rng = gen::Rng::new(99);
    let mut text = Vec::new();
    while text.len() < SMALL_MAX + 1 {
        let mut p = Vec::new();
        gen::token_payload(&mut rng, &mut p);
        text.extend_from_slice(&p);
    }
    let mut random = Vec::new();
    rng.bytes(&mut random, SMALL_MAX + 1);
    for data in [text, random, vec![0u8; SMALL_MAX + 1]] {
        let at_max = &data[..SMALL_MAX];
        let z = check(at_max);
        // The small encoder takes SMALL_MAX bytes (used for them where there is no
        // library path, or for runs of entries) and refuses one more.
        let mine = small(at_max);
        assert!(flate2_inflate(&mine) == at_max, "small encoder round trip at SMALL_MAX");
        let to_small = cfg!(target_family = "wasm") || repeats_entries(at_max);
        assert!(z == if to_small { mine } else { large_path(at_max) }, "SMALL_MAX bytes");
        let over = &data[..SMALL_MAX + 1];
        let mut s = Scratch::new().unwrap();
        assert!(!encode(over, 0, &mut s, &mut Vec::new()), "the small encoder refuses SMALL_MAX + 1 bytes");
        let z = check(over);
        assert!(z == large_path(over), "SMALL_MAX + 1 bytes go to the large path");
    }
}

/// ~20k seeded payloads (token-shaped and arbitrary, 0 to 4 KiB) through flate2's
/// inflater.
#[test]
fn random_round_trips() {
    let mut rng = gen::Rng::new(0x5eed);
    let mut input = Vec::new();
    let mut types = [0usize; 4];
    for i in 0..20_000 {
        if i % 2 == 0 {
            gen::token_payload(&mut rng, &mut input);
        } else {
            // Mostly short, as tokens are; the rest up to 4 KiB.
            let max = if i % 10 == 1 { 4096 } else { 600 };
            gen::arbitrary(&mut rng, &mut input, max);
        }
        let z = compress(&input);
        types[usize::from(block_type(&z))] += 1;
        assert_eq!(flate2_inflate(&z), input, "payload {i}");
    }
    assert!(types[0] > 0 && types[1] > 0 && types[2] > 0, "{types:?}");
}

#[test]
fn token_payloads_are_no_longer_than_flate2s() {
    let mut rng = gen::Rng::new(2024);
    let mut input = Vec::new();
    let mut ratio = 0f64;
    let n = 2000;
    for _ in 0..n {
        gen::token_payload(&mut rng, &mut input);
        ratio += compress(&input).len() as f64 / flate2_only(&input).len() as f64;
    }
    let mean = ratio / f64::from(n);
    assert!(mean <= 1.0, "mean size ratio vs flate2 level 6: {mean}");
}

#[test]
fn threads_have_their_own_scratch() {
    let handles: Vec<_> = (0..4u64)
        .map(|t| {
            std::thread::spawn(move || {
                let mut rng = gen::Rng::new(t);
                let mut input = Vec::new();
                for _ in 0..500 {
                    gen::token_payload(&mut rng, &mut input);
                    assert_eq!(flate2_inflate(&compress(&input)), input);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

/// A 007-like payload whose one service carries `n` privileges (6 bytes each, one
/// expiry for all): the shape that makes the small encoder's hash chains long.
pub(super) fn privilege_payload(rng: &mut gen::Rng, n: usize) -> Vec<u8> {
    let mut p = Vec::new();
    rng.bytes(&mut p, 70);
    p.extend_from_slice(&(n as u16).to_le_bytes());
    for k in 0..n as u16 {
        p.extend_from_slice(&k.to_le_bytes());
        p.extend_from_slice(&3600u32.to_le_bytes());
    }
    p
}

/// A 007-like payload whose RTM2 service lists `n` channel names, `channel-0` on.
pub(super) fn names_payload(rng: &mut gen::Rng, n: usize) -> Vec<u8> {
    let mut p = Vec::new();
    rng.bytes(&mut p, 70);
    p.extend_from_slice(&(n as u16).to_le_bytes());
    for k in 0..n {
        let name = format!("channel-{k}");
        p.extend_from_slice(&(name.len() as u16).to_le_bytes());
        p.extend_from_slice(name.as_bytes());
    }
    p
}

/// Payloads of repeated entries, which the parse codes with matches repeated at the
/// last match's distance and length. Privileges and RTM2 names, as the builders pack
/// them, come out no longer than flate2's level 6 makes on average (0.996 now; at most
/// 1.007 for one). Runs of random records with a few bytes changed, where repeats break
/// off, come out at most 7% longer on average (5.8% now, 5.3% without repeated matches,
/// 11.8% when every repeat of 5 bytes or more was taken at once). Every one inflates
/// back to its input.
#[test]
fn repeated_entries_round_trip_near_flate2s_size() {
    let mut rng = gen::Rng::new(0x4e9);
    let mut entries = Vec::new();
    for n in (100..=1350).step_by(25) {
        entries.push(privilege_payload(&mut rng, n));
    }
    for n in (50..=600).step_by(10) {
        entries.push(names_payload(&mut rng, n));
    }
    let mut records = Vec::new();
    for _ in 0..300 {
        // `count` records of `size` bytes, each a copy of the first with up to 3 bytes
        // changed.
        let (size, count) = (1 + rng.below(40) as usize, 1 + rng.below(300) as usize);
        let mut p = Vec::new();
        rng.bytes(&mut p, 70);
        let mut record = Vec::new();
        rng.bytes(&mut record, size);
        for _ in 0..count {
            let mut r = record.clone();
            for _ in 0..rng.below(4) {
                let at = rng.below(size as u64) as usize;
                r[at] = rng.below(256) as u8;
            }
            p.extend_from_slice(&r);
        }
        records.push(p);
    }
    let mut s = Scratch::new().unwrap();
    let mut ratios = |inputs: &[Vec<u8>], dynamic: bool| -> Vec<f64> {
        let inputs = inputs.iter().filter(|p| (DYNAMIC_MIN..=SMALL_MAX).contains(&p.len()));
        inputs
            .map(|input| {
                let mut z = Vec::new();
                assert!(encode(input, 70, &mut s, &mut z), "{} bytes", input.len());
                assert_eq!(flate2_inflate(&z), *input, "{} bytes", input.len());
                assert!(!dynamic || block_type(&z) == 2, "{} bytes", input.len());
                z.len() as f64 / flate2_only(input).len() as f64
            })
            .collect()
    };
    let entry_ratios = ratios(&entries, true);
    assert!(entry_ratios.len() > 80, "{}", entry_ratios.len());
    for (i, r) in entry_ratios.iter().enumerate() {
        assert!(*r <= 1.02, "entry payload {i}: {r} times flate2's size");
    }
    let mean = entry_ratios.iter().sum::<f64>() / entry_ratios.len() as f64;
    assert!(mean <= 1.0, "entries: mean {mean} times flate2's size");
    let record_ratios = ratios(&records, false);
    assert!(record_ratios.len() > 150, "{}", record_ratios.len());
    let mean = record_ratios.iter().sum::<f64>() / record_ratios.len() as f64;
    assert!(mean <= 1.07, "records: mean {mean} times flate2's size");
}

/// Where each payload goes: the small encoder below `LIBRARY_MIN`, and up to
/// `SMALL_MAX` for runs of entries (on WebAssembly, for everything up to `SMALL_MAX`);
/// the library (flate2 on WebAssembly) for the rest.
#[test]
fn large_payloads_go_to_the_library() {
    let mut rng = gen::Rng::new(8);
    let mut random = Vec::new();
    rng.bytes(&mut random, 3000);
    let cases: [(Vec<u8>, bool); 6] = [
        (privilege_payload(&mut rng, 0), true),
        (privilege_payload(&mut rng, 100), true),
        (privilege_payload(&mut rng, 1000), true),
        (names_payload(&mut rng, 1000), true),
        (privilege_payload(&mut rng, 10_000), false),
        (random, cfg!(target_family = "wasm")),
    ];
    for (p, to_small) in cases {
        let z = check(&p);
        if to_small {
            assert!(p.len() <= SMALL_MAX && z == small(&p), "{} bytes go to the small encoder", p.len());
        } else {
            assert!(z == large_path(&p), "{} bytes go to the library", p.len());
        }
    }
}

/// Where libdeflate becomes faster than the small encoder, interleaved, in this
/// thread's CPU time where Linux gives it (`/proc/thread-self/schedstat`, which moves
/// by scheduler ticks, hence batches of 10,000 calls; on a shared machine wall time
/// moves with the load), else wall time:
///   cargo test --release -p agora-token-core --lib crossover -- --ignored --nocapture
#[test]
#[ignore]
#[cfg(not(target_family = "wasm"))]
fn crossover() {
    let start = std::time::Instant::now();
    // Nanoseconds so far: this thread's CPU time, or wall time.
    let clock = || -> u64 {
        let cpu = std::fs::read_to_string("/proc/thread-self/schedstat").ok();
        cpu.and_then(|t| t.split(' ').next()?.parse().ok()).unwrap_or_else(|| start.elapsed().as_nanos() as u64)
    };
    let mut rng = gen::Rng::new(77);
    let mut sets: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for (lo, hi) in [(250, 350), (500, 600), (600, 700), (700, 800), (800, 900), (900, 1000), (1000, 1100), (1800, 2300), (3000, 4000)] {
        let mut set = Vec::new();
        let mut p = Vec::new();
        while set.len() < 20 {
            if lo < 1000 {
                gen::token_payload(&mut rng, &mut p);
            } else {
                gen::arbitrary(&mut rng, &mut p, hi);
            }
            if (lo..hi).contains(&p.len()) {
                set.push(p.clone());
            }
        }
        sets.push((format!("mixed {lo}-{hi} B"), set));
    }
    for n in [50, 80, 100, 110, 120, 135, 150, 170, 300, 1000] {
        sets.push((format!("{n} privileges"), vec![privilege_payload(&mut rng, n)]));
    }
    for n in [60, 100, 300, 600, 1000] {
        sets.push((format!("{n} RTM2 names"), vec![names_payload(&mut rng, n)]));
    }
    let mut s = Scratch::new().unwrap();
    let mut out = Vec::with_capacity(1 << 16);
    for (name, set) in &sets {
        let (mut ours, mut lib) = (Vec::new(), Vec::new());
        let (mut size_ours, mut size_lib) = (0usize, 0usize);
        let reps = 10_000usize.div_ceil(set.len());
        for _ in 0..7 {
            let t = clock();
            for _ in 0..reps {
                for p in set {
                    out.clear();
                    assert!(encode(p, 0, &mut s, &mut out));
                    size_ours += out.len();
                }
            }
            ours.push((clock() - t) as f64 / (reps * set.len()) as f64);
            let t = clock();
            for _ in 0..reps {
                for p in set {
                    out.clear();
                    library_compress(p, &mut out);
                    size_lib += out.len();
                }
            }
            lib.push((clock() - t) as f64 / (reps * set.len()) as f64);
        }
        ours.sort_by(f64::total_cmp);
        lib.sort_by(f64::total_cmp);
        let len = set.iter().map(Vec::len).sum::<usize>() / set.len();
        println!(
            "{name:>20} (~{len} B): ours {:>8.0} ns, libdeflate L{LIBRARY_LEVEL} {:>8.0} ns, size {:+.2}%",
            ours[3],
            lib[3],
            (size_lib as f64 / size_ours as f64 - 1.0) * 100.0
        );
    }
}

/// Payload generators, shared with the other deflate tests.
#[allow(dead_code)]
pub(super) mod gen {
    include!("../../tests/support/payloads.rs");
}

/// The probe that sends runs of repeated entries to the small encoder at any size up to
/// `SMALL_MAX` recognizes nearly every run of privileges or RTM2 names, and no token
/// payload of other shapes or random bytes (those stay on the library from
/// `LIBRARY_MIN` up, where it is faster on them).
#[test]
fn runs_of_entries_are_recognized() {
    let mut rng = gen::Rng::new(3);
    let (mut entries, mut recognized) = (0, 0);
    for k in 0..600 {
        let p = if k % 2 == 0 {
            let n = 110 + rng.below(2600) as usize;
            privilege_payload(&mut rng, n)
        } else {
            let n = 50 + rng.below(1150) as usize;
            names_payload(&mut rng, n)
        };
        if p.len() <= SMALL_MAX {
            entries += 1;
            recognized += usize::from(repeats_entries(&p));
        }
    }
    assert!(entries > 400 && recognized * 100 >= entries * 95, "{recognized} of {entries} runs of entries recognized");
    let (mut others, mut p) = (0, Vec::new());
    while others < 300 {
        gen::token_payload(&mut rng, &mut p);
        if p.len() >= 800 {
            // (LIBRARY_MIN, which WebAssembly builds do not have.)
            others += 1;
            assert!(!repeats_entries(&p), "a {}-byte token payload", p.len());
        }
    }
    for n in [0, 10, 100, 800, 5000, SMALL_MAX] {
        let mut random = Vec::new();
        rng.bytes(&mut random, n);
        assert!(!repeats_entries(&random), "{n} random bytes");
    }
    assert!(repeats_entries(&[0u8; 1000]));
}
