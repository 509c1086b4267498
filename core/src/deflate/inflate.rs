//! Bounded inflation of untrusted zlib streams: the fast inflater when it can be sure of
//! the result (`quick.rs`), zlib-rs otherwise, which then decides and words any error.

use std::cell::RefCell;

use flate2::{Decompress, FlushDecompress, Status};

use super::quick::{NoWatch, Watch};
use crate::error::DecodeError;

thread_local! {
    static DECOMPRESS: RefCell<Option<Decompress>> = const { RefCell::new(None) };
}

/// Inflates a zlib stream, refusing to produce more than `limit` bytes. A stream that
/// would inflate past the limit is rejected as soon as the limit is crossed, without
/// inflating the rest.
pub fn zlib_inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    zlib_inflate_with(input, limit, <[u8]>::to_vec)
}

/// [`zlib_inflate`], handing the inflated bytes to `read` instead of returning them: when
/// the fast inflater takes the stream, `read` sees them where they were inflated (a
/// per-thread buffer), and no copy is made for a caller that keeps only part of them.
pub fn zlib_inflate_with<R>(input: &[u8], limit: usize, read: impl FnOnce(&[u8]) -> R) -> Result<R, DecodeError> {
    zlib_inflate_watched(input, limit, &mut NoWatch, |out, _| read(out))
}

/// [`zlib_inflate_with`], with `watch` seeing the output as the fast inflater makes it (see
/// [`Watch`]; the fallback inflater restarts it and does not call it), and handed to `read`.
pub(crate) fn zlib_inflate_watched<W: Watch, R>(
    input: &[u8],
    limit: usize,
    watch: &mut W,
    read: impl FnOnce(&[u8], &mut W) -> R,
) -> Result<R, DecodeError> {
    match super::quick::inflate_with(input, limit, watch, read) {
        Ok(r) => Ok(r),
        Err(read) => {
            watch.restart();
            zlib_rs_inflate(input, limit).map(|out| read(&out, watch))
        }
    }
}

/// [`zlib_inflate`] by zlib-rs alone.
pub(super) fn zlib_rs_inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    crate::local::with_local(&DECOMPRESS, |d| {
        let d = d.get_or_insert_with(|| Decompress::new(true));
        d.reset(true);
        // (Saturating, and `max` before `min`: a limit below 63 must not panic.)
        let mut out = Vec::with_capacity(input.len().saturating_mul(4).max(64).min(limit.saturating_add(1)));
        loop {
            let consumed = d.total_in() as usize;
            let produced = out.len();
            let status = d
                .decompress_vec(&input[consumed..], &mut out, FlushDecompress::Finish)
                .map_err(|e| DecodeError::Zlib(format!("token payload is not a valid zlib stream ({e})")))?;
            if out.len() > limit {
                return Err(DecodeError::Zlib(format!("token payload inflates to more than {limit} bytes; refusing it")));
            }
            match status {
                Status::StreamEnd => {
                    if (d.total_in() as usize) < input.len() {
                        return Err(DecodeError::Zlib("token payload has bytes after the end of its zlib stream".into()));
                    }
                    return Ok(out);
                }
                _ => {
                    let stalled = d.total_in() as usize == consumed && out.len() == produced;
                    if out.len() == out.capacity() {
                        // Doubling, but never past the limit (+1 to detect crossing it):
                        // `reserve_exact`, since `reserve` may round up to twice the need.
                        out.reserve_exact(out.capacity().min(limit.saturating_add(1) - out.len()).max(64));
                    } else if stalled || d.total_in() as usize >= input.len() {
                        return Err(DecodeError::Zlib("token payload is a truncated zlib stream".into()));
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deflate::tests::*;
    use crate::deflate::zlib_compress;

    /// Inflating up to the limit allocates no more than the limit (plus the byte that
    /// detects crossing it, plus the minimum step).
    #[test]
    fn inflate_allocates_within_the_limit() {
        for len in [65_536usize, 40_000, 65_535] {
            let data: Vec<u8> = (0..len).map(|i| (i % 7) as u8).collect();
            let z = compress(&data);
            let back = zlib_inflate(&z, 65_536).unwrap();
            assert_eq!(back, data);
            assert!(back.capacity() <= 65_536 + 1 + 64, "{len} bytes inflated into a buffer of {}", back.capacity());
        }
    }

    /// Refused as zlib (and so agora-token, through Node's zlib) refuses it: a fixed-Huffman
    /// block using the reserved length symbol 286. libdeflate's inflater reads 286 and 287
    /// as length 258 and would inflate this to 259 bytes: with it, decoding took about a
    /// quarter less time, but tokens that zlib refuses would have decoded and verified.
    #[test]
    fn reserved_length_symbols_are_refused() {
        let reserved = [0x78, 0x9c, 0x4b, 0x1c, 0x03, 0x00, 0xd9, 0xa8, 0x62, 0x24];
        assert!(zlib_inflate(&reserved, 1000).is_err());
        assert!(crate::deflate::quick::inflate(&reserved, 1000).is_none());
        // The same stream with symbol 285 (length 258): 'a', then 258 more.
        let valid = [0x78, 0x9c, 0x4b, 0x1c, 0x05, 0x00, 0xd9, 0xa8, 0x62, 0x24];
        assert_eq!(zlib_inflate(&valid, 1000).unwrap(), vec![b'a'; 259]);
    }

    #[test]
    fn bounded() {
        let data = vec![0u8; 1 << 20];
        let mut z = Vec::new();
        zlib_compress(&data, &mut z);
        let e = zlib_inflate(&z, 65536).unwrap_err();
        assert!(e.to_string().contains("more than 65536"), "{e}");
        assert!(zlib_inflate(&z[..z.len() / 2], 1 << 21).is_err());
        assert!(zlib_inflate(b"not zlib", 100).is_err());
        assert!(zlib_inflate(b"", 100).is_err());
        let mut extra = Vec::new();
        zlib_compress(b"abc", &mut extra);
        extra.push(0);
        assert!(zlib_inflate(&extra, 100).is_err());
    }
}
