//! zlib_inflate (the fast inflater, zlib-rs when it gives up) must agree with zlib-rs alone
//! on any input: the same bytes, or both refusing. Each input is tried as a zlib stream,
//! and as raw deflate data given a zlib header and, when zlib-rs inflates it raw, the
//! Adler-32 of the result, so that most inputs reach the decoder past the checksum.
//!
//!   cargo +nightly fuzz run inflate -- -max_len=4000
#![no_main]

use std::io::Read;

use agora_token_core::internals::deflate::zlib_inflate;
use flate2::{Decompress, FlushDecompress, Status};
use libfuzzer_sys::fuzz_target;

const LIMIT: usize = 65536;

/// zlib-rs in one call: the whole stream, nothing after it, at most LIMIT bytes out.
fn oracle(z: &[u8]) -> Option<Vec<u8>> {
    let mut d = Decompress::new(true);
    let mut out = Vec::with_capacity(LIMIT + 1);
    match d.decompress_vec(z, &mut out, FlushDecompress::Finish) {
        Ok(Status::StreamEnd) if d.total_in() as usize == z.len() && out.len() <= LIMIT => Some(out),
        _ => None,
    }
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

fn check(z: &[u8]) {
    assert_eq!(zlib_inflate(z, LIMIT).ok(), oracle(z), "stream {z:02x?}");
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut z = vec![0x78, 0x9c];
    z.extend_from_slice(data);
    let mut raw = Vec::new();
    let adler = match flate2::read::DeflateDecoder::new(data).take(LIMIT as u64 + 1).read_to_end(&mut raw) {
        Ok(_) => adler32(&raw),
        Err(_) => 0,
    };
    z.extend_from_slice(&adler.to_be_bytes());
    check(&z);
});
