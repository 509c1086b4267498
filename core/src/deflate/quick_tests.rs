//! Tests of the fast inflater (`quick.rs`): against zlib-rs on what encoders write and on
//! damaged streams, and at the limit.

use super::*;
use crate::deflate::inflate::zlib_rs_inflate;
use crate::deflate::tests::*;
use std::io::{Read, Write};

#[test]
fn fixed_codes_build() {
    let t = fixed();
    // 'a' (0x61) is the 8-bit code 0x30 + 0x61, sent bit-reversed.
    let e = t.lit[reverse(0x30 + 0x61, 8) as usize];
    assert_eq!((kind(e), value(e), code_len(e)), (LITERAL, 0x61, 8));
    assert_eq!(kind(t.lit[reverse(0xc6, 8) as usize]), BAD, "286 is reserved");
    assert_eq!(kind(t.dist[reverse(30, 5) as usize]), BAD, "distance code 30 is reserved");
}

fn flate2_level(input: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(input).unwrap();
    e.finish().unwrap()
}

#[cfg(not(target_family = "wasm"))]
fn libdeflate_level(input: &[u8], level: i32) -> Vec<u8> {
    let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::new(level).unwrap());
    let mut z = vec![0; c.zlib_compress_bound(input.len())];
    let n = c.zlib_compress(input, &mut z).unwrap();
    z.truncate(n);
    z
}

/// Streams as encoders write them, of the inputs the other tests use: token payloads,
/// runs of privileges and RTM2 names (up to 60 kB, so several blocks), arbitrary bytes.
fn streams(mut each: impl FnMut(&str, &[u8], &[u8])) {
    let mut rng = gen::Rng::new(0x1f1a7e);
    let mut input = Vec::new();
    for i in 0..1500 {
        match i % 5 {
            0 | 1 => gen::token_payload(&mut rng, &mut input),
            2 => {
                let n = rng.below(10_000) as usize;
                input = privilege_payload(&mut rng, n);
            }
            3 => {
                let n = rng.below(3000) as usize;
                input = names_payload(&mut rng, n);
            }
            _ => gen::arbitrary(&mut rng, &mut input, if i % 3 == 0 { 60_000 } else { 2000 }),
        }
        each("ours", &input, &compress(&input));
        let level = [1, 6, 9][i % 3];
        each("flate2", &input, &flate2_level(&input, level));
        #[cfg(not(target_family = "wasm"))]
        each("libdeflate", &input, &libdeflate_level(&input, [1, 6, 12][i % 3]));
    }
}

/// What encoders write, it inflates as zlib does; and it gives up on few of them
/// (stored blocks, which it leaves to zlib-rs, and nothing else).
#[test]
fn inflates_what_encoders_write() {
    let (mut streams_seen, mut declined) = (0, Vec::new());
    streams(|who, input, z| {
        assert_eq!(zlib_rs_inflate(z, 1 << 16).unwrap(), input);
        streams_seen += 1;
        match inflate(z, 1 << 16) {
            Some(out) => assert_eq!(out, input, "{who}, {} bytes", input.len()),
            None => declined.push((who.to_owned(), input.len(), z[2] >> 1 & 3)),
        }
    });
    // Only stored blocks (type 0) are left to zlib-rs: random bytes in every encoder.
    let not_stored: Vec<_> = declined.iter().filter(|d| d.2 != 0).collect();
    assert!(not_stored.is_empty(), "declined streams with Huffman blocks: {not_stored:?}");
    assert!(declined.len() * 10 < streams_seen, "{} of {streams_seen} declined", declined.len());
}

/// Every stream it inflates, zlib inflates to the same bytes, among streams made odd on
/// purpose: each of the streams above with bits flipped, bytes changed, cut or grown,
/// and (so that the Adler-32 does not reject nearly all of them) the Adler-32 of what
/// zlib inflates the changed deflate data to written back. Most such streams decode to
/// something, many with codes and distances no encoder writes.
#[test]
fn inflates_nothing_zlib_refuses() {
    let mut rng = gen::Rng::new(0xbad5eed);
    let (mut agreed, mut both_refused, mut declined) = (0, 0, 0);
    streams(|_, _, z| {
        if z.len() > 3000 {
            return;
        }
        for _ in 0..12 {
            let mut m = z.to_vec();
            match rng.below(4) {
                0 => {
                    for _ in 0..=rng.below(3) {
                        let bit = rng.below(m.len() as u64 * 8) as usize;
                        m[bit / 8] ^= 1 << (bit % 8);
                    }
                }
                1 => {
                    let at = rng.below(m.len() as u64) as usize;
                    m[at] = rng.below(256) as u8;
                }
                2 => m.truncate(rng.below(m.len() as u64) as usize),
                _ => m.push(rng.below(256) as u8),
            }
            // The Adler-32 of what raw inflation of the deflate data gives, if anything.
            if rng.below(4) != 0 && m.len() > 6 {
                let body = &m[2..m.len() - 4];
                let mut out = Vec::new();
                if flate2::read::DeflateDecoder::new(body).read_to_end(&mut out).is_ok() {
                    let n = m.len();
                    m[n - 4..].copy_from_slice(&crate::deflate::write::adler32(&out).to_be_bytes());
                }
            }
            let limit = [64, 4096, 1 << 16][rng.below(3) as usize];
            match (inflate(&m, limit), zlib_rs_inflate(&m, limit)) {
                (Some(a), Ok(b)) => {
                    assert_eq!(a, b, "stream {m:02x?}");
                    agreed += 1;
                }
                (Some(_), Err(e)) => panic!("zlib refuses ({e}) a stream inflated here: {m:02x?}"),
                (None, Ok(_)) => declined += 1,
                (None, Err(_)) => both_refused += 1,
            }
        }
    });
    assert!(agreed > 2000 && both_refused > 2000, "agreed {agreed}, both refused {both_refused}, declined {declined}");
}

/// Past the limit, it gives up (and zlib-rs words the error); at it, it inflates.
#[test]
fn stops_at_the_limit() {
    let mut rng = gen::Rng::new(7);
    let input = privilege_payload(&mut rng, 1000);
    let z = compress(&input);
    assert_eq!(inflate(&z, input.len()).unwrap(), input);
    assert!(inflate(&z, input.len() - 1).is_none());
    assert!(zlib_rs_inflate(&z, input.len() - 1).is_err());
    assert!(inflate(&z, 1 << 21).is_none(), "limits above 1 MiB are zlib-rs's");
}

/// A short token's payload is a fixed block of literals, which go two at a time
/// (`literal_run`): to the limit exactly, and not a byte past it, wherever it falls.
#[test]
fn fixed_literals_stop_at_the_limit() {
    let mut rng = gen::Rng::new(11);
    let mut input = Vec::new();
    let mut fixed_blocks = 0;
    for _ in 0..200 {
        gen::token_payload(&mut rng, &mut input);
        let z = compress(&input);
        fixed_blocks += usize::from(z[2] >> 1 & 3 == 1);
        assert_eq!(inflate(&z, input.len()).unwrap(), input);
        for short in 1..4 {
            assert!(inflate(&z, input.len() - short).is_none(), "{} bytes, limit {short} short", input.len());
        }
    }
    assert!(fixed_blocks > 150, "{fixed_blocks} of 200 payloads coded as fixed blocks");
}
