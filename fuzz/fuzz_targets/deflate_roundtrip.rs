//! zlib_compress_hinted on arbitrary bytes, with a literal prefix taken from the first
//! byte (0 to 765 bytes), must give a zlib stream that flate2 inflates back to the same
//! bytes (and that zlib_inflate accepts with the exact length as its limit).
//!
//!   cargo +nightly fuzz run deflate_roundtrip -- -max_len=17000
//!
//! (-max_len above 800 reaches the size where zlib_compress hands input other than runs
//! of repeated entries to libdeflate; runs stay on the small encoder up to 16384 bytes,
//! everything past that goes to libdeflate, or on WebAssembly to flate2.)
#![no_main]

use std::io::Read;

use agora_token_core::internals::deflate::{zlib_compress_hinted, zlib_inflate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let prefix = data.first().map_or(0, |&b| usize::from(b) * 3);
    let mut z = Vec::new();
    zlib_compress_hinted(data, prefix, &mut z);
    let mut back = Vec::new();
    flate2::read::ZlibDecoder::new(&z[..]).read_to_end(&mut back).expect("flate2 rejected the stream");
    assert_eq!(back, data);
    assert_eq!(zlib_inflate(&z, data.len()).expect("zlib_inflate rejected the stream"), data);
});
