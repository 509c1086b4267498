//! zlib compression of token payloads and bounded inflation of untrusted input.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::error::DecodeError;

thread_local! {
    static COMPRESS: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
    static DECOMPRESS: RefCell<Decompress> = RefCell::new(Decompress::new(true));
}

/// Appends the zlib stream (level 6) of `input` to `out`.
pub fn zlib_compress(input: &[u8], out: &mut Vec<u8>) {
    COMPRESS.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        // A zlib stream is never more than input + 5 bytes per 16 KiB block + header/trailer.
        out.reserve(input.len() + input.len() / 1000 + 64);
        loop {
            let before_in = c.total_in() as usize;
            let status = c
                .compress_vec(&input[before_in..], out, FlushCompress::Finish)
                .expect("deflate of an in-memory buffer cannot fail");
            if status == Status::StreamEnd {
                break;
            }
            out.reserve(out.capacity().max(64));
        }
    });
}

/// Inflates a zlib stream, refusing to produce more than `limit` bytes. A stream that
/// would inflate past the limit is rejected as soon as the limit is crossed, without
/// inflating the rest.
pub fn zlib_inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    DECOMPRESS.with(|d| {
        let mut d = d.borrow_mut();
        d.reset(true);
        let mut out = Vec::with_capacity((input.len() * 4).clamp(64, limit + 1));
        loop {
            let consumed = d.total_in() as usize;
            let produced = out.len();
            let status = d
                .decompress_vec(&input[consumed..], &mut out, FlushDecompress::Finish)
                .map_err(|e| DecodeError::new(format!("token payload is not a valid zlib stream ({e})")))?;
            if out.len() > limit {
                return Err(DecodeError::new(format!(
                    "token payload inflates to more than {limit} bytes; refusing it"
                )));
            }
            match status {
                Status::StreamEnd => {
                    if (d.total_in() as usize) < input.len() {
                        return Err(DecodeError::new("token payload has bytes after the end of its zlib stream"));
                    }
                    return Ok(out);
                }
                _ => {
                    let stalled = d.total_in() as usize == consumed && out.len() == produced;
                    if out.len() == out.capacity() {
                        out.reserve((out.capacity()).min(limit + 1 - out.len()).max(64));
                    } else if stalled || d.total_in() as usize >= input.len() {
                        return Err(DecodeError::new("token payload is a truncated zlib stream"));
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bounded() {
        let data = vec![0u8; 1 << 20];
        let mut z = Vec::new();
        zlib_compress(&data, &mut z);
        let e = zlib_inflate(&z, 65536).unwrap_err();
        assert!(e.0.contains("more than 65536"), "{e}");
        assert!(zlib_inflate(&z[..z.len() / 2], 1 << 21).is_err());
        assert!(zlib_inflate(b"not zlib", 100).is_err());
        assert!(zlib_inflate(b"", 100).is_err());
        let mut extra = Vec::new();
        zlib_compress(b"abc", &mut extra);
        extra.push(0);
        assert!(zlib_inflate(&extra, 100).is_err());
    }
}
