//! zlib compression of token payloads and bounded inflation of untrusted input.
//!
//! # Compression
//!
//! What the encoder is for: token payloads are a few hundred bytes, and a general-purpose
//! compressor spends most of its time on such inputs setting up per-stream state
//! (clearing 64-256 KiB of tables); below about 600 bytes no library comes within 4x of
//! a small encoder written for them. Which path a payload takes:
//!
//! | input | path |
//! | --- | --- |
//! | below `LIBRARY_MIN` (800 B) | the small encoder here |
//! | `LIBRARY_MIN` and up, native targets | libdeflate (crate `libdeflater`), level 1, one reused compressor per thread |
//! | up to `SMALL_MAX` (8 KiB) on WebAssembly (no C library there) | the small encoder |
//! | past `SMALL_MAX` (8 KiB) on WebAssembly | flate2 at level 6 |
//!
//! The hand-over point is measured (the ignored `crossover` test): above it, payloads
//! are mostly long runs of repeated privilege or permission entries, on which the small
//! encoder's hash chains walk many equal candidates and libdeflate is 1.5x to 4x faster
//! at the same size (within 1%).
//!
//! The small encoder (`tables`, `lz77`, `huffman`, `write`):
//!
//! - LZ77 over the input alone (no window beyond it): a 4096-entry hash table of 4-byte
//!   prefixes, never cleared (each call's positions are offset past the last call's),
//!   with hash chains through a `prev` array indexed by position (written before it is
//!   read, so never cleared), up to 16 candidates (but no more than 2 in a row that do not
//!   improve on the best match: runs of repeated privilege entries otherwise walk all 16
//!   at every position, for +0.06% of size on token payloads), and zlib-style lazy matching. Keying
//!   on 4 bytes rather than deflate's minimum of 3 gives up 3-byte matches: on token
//!   payloads that costs about 0.9% of size and saves half the candidate checks, whose
//!   branches are what a short input's parse spends its time mispredicting.
//! - Below DYNAMIC_MIN bytes, the block is fixed Huffman (or stored, if smaller), and
//!   the parse is written out as codes while it is made.
//! - From DYNAMIC_MIN bytes up, the parse records each literal or match with its
//!   symbols and extra bits, the symbol frequencies, and the list of literal/length
//!   symbols used; then ONE final block, the cheapest of stored / fixed Huffman /
//!   dynamic Huffman, chosen from exact bit costs (fixed on ties). Dynamic codes are canonical Huffman codes:
//!   a two-queue Huffman construction over groups of equal-frequency symbols gives the
//!   number of codes of each length, which are limited to 15 bits (7 for the
//!   code-length code) by moving leaves up while the Kraft sum is oversubscribed, then
//!   handed out by ascending frequency. Code lengths are run-length coded (16/17/18)
//!   and the block's size is known to the bit before anything is written.
//! - The bit writers store 8 bytes at a time into room reserved ahead (in `out`, or in
//!   a fixed array for the one-pass fixed block); a literal and a match take the same
//!   branch-free path. The parse hands literals over as runs, and the one-pass fixed
//!   writer codes up to six of them per store (a 156-byte `buildTokenWithUid` payload
//!   took ~70 ns less in `examples/profile_rtc.rs` than with one store per literal).
//! - All working memory is a per-thread scratch (about 120 KiB) allocated once per
//!   thread; the only allocation per call is growing `out`. No `unsafe`.
//!
//! Any internal inconsistency of the small encoder (the output size disagreeing with
//! the computed one, a code that is not complete) falls back to flate2.
//!
//! How it is verified: the unit tests beside each part (code lengths against a reference
//! Huffman cost and the Kraft equality, run-length coding against a straightforward
//! coder, the one-pass fixed writer against the planned path, every block type chosen),
//! ~20k seeded payloads through flate2's inflater here, a million through
//! `tests/deflate_million.rs` (`--ignored`), the `deflate_roundtrip` fuzz target, and
//! `scripts/deflate-node-check.mjs` through Node's own zlib.
//!
//! # Decompression
//!
//! Inflation stays on flate2 with a hard output limit. libdeflate's inflater was measured
//! about a quarter faster on token payloads, but it accepts streams zlib refuses (the
//! reserved length symbols 286 and 287 read as length 258; `inflate` has the test), and
//! a decoder that accepts tokens agora-token (Node's zlib) refuses would defeat `diagnoseToken`.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
#[cfg(not(target_family = "wasm"))]
use libdeflater::{CompressionLvl, Compressor};

mod huffman;
mod inflate;
mod lz77;
mod tables;
mod write;

use huffman::*;
pub use inflate::zlib_inflate;
use lz77::*;
use tables::*;
use write::*;

/// Largest input the small encoder handles; longer inputs are compressed by flate2.
/// Must stay below 32 KiB (the deflate window) and below 65536 (`u16` positions + 1,
/// a single stored block).
const SMALL_MAX: usize = 8192;
/// Below this many input bytes only stored and fixed-Huffman blocks are considered:
/// building the dynamic code takes about half the time of a 300-byte payload and, on
/// token payloads of that size, changes the mean size by less than 0.01%.
const DYNAMIC_MIN: usize = 640;

/// From this many input bytes up, payloads go to libdeflate (see [`library_compress`]):
/// the measured crossover (`crossover` test below) where libdeflate at level 1 with a
/// reused compressor becomes faster than the small encoder, whose hash chains walk many
/// equal candidates on long runs of repeated privilege entries. In thread CPU time, a
/// 732-byte payload (a token with 100 privileges) took ~5.9 us here and ~6.7 us in
/// libdeflate at the same size; at ~850 bytes of mixed payloads libdeflate was ahead.
#[cfg(not(target_family = "wasm"))]
const LIBRARY_MIN: usize = 800;
#[cfg(not(target_family = "wasm"))]
const LIBRARY_LEVEL: i32 = 1;

thread_local! {
    #[cfg(not(target_family = "wasm"))]
    static LIBDEFLATE: RefCell<Option<Compressor>> = const { RefCell::new(None) };
    static COMPRESS: RefCell<Option<Compress>> = const { RefCell::new(None) };
    static SMALL: RefCell<Option<Box<Scratch>>> = const { RefCell::new(None) };
}

/// Appends the zlib stream of `input` to `out` (2-byte header, one deflate stream,
/// big-endian Adler-32).
pub fn zlib_compress(input: &[u8], out: &mut Vec<u8>) {
    zlib_compress_hinted(input, 0, out);
}

/// As [`zlib_compress`], for a caller that knows its first `literal_prefix` bytes neither
/// repeat nor recur later (random bytes, such as a signature): the small encoder writes
/// them as literals without searching or indexing them, which saves most of its parse
/// work on them. flate2, for long inputs, does not take the hint.
pub fn zlib_compress_hinted(input: &[u8], literal_prefix: usize, out: &mut Vec<u8>) {
    #[cfg(not(target_family = "wasm"))]
    if input.len() >= LIBRARY_MIN {
        library_compress(input, out);
        return;
    }
    if input.len() <= SMALL_MAX && small_compress(input, literal_prefix, out) {
        return;
    }
    flate2_compress(input, out);
}

/// Large payloads: libdeflate at level 1 through this thread's reused compressor.
#[cfg(not(target_family = "wasm"))]
fn library_compress(input: &[u8], out: &mut Vec<u8>) {
    crate::local::with_local(&LIBDEFLATE, |c| {
        let c = c.get_or_insert_with(|| Compressor::new(CompressionLvl::new(LIBRARY_LEVEL).unwrap_or_default()));
        let start = out.len();
        out.resize(start + c.zlib_compress_bound(input.len()), 0);
        // The buffer is the library's own bound for this input, so this cannot fail.
        let n = c.zlib_compress(input, &mut out[start..]).expect("zlib_compress_bound is enough room");
        out.truncate(start + n);
        // The same header as every other path (and agora-token): 78 9c, "default level".
        // FLEVEL is advisory and FCHECK stays valid (0x789c is a multiple of 31).
        out[start + 1] = 0x9c;
    });
}

/// The general path: flate2 (zlib-rs) at level 6 through a reused, reset `Compress`.
fn flate2_compress(input: &[u8], out: &mut Vec<u8>) {
    crate::local::with_local(&COMPRESS, |c| {
        let c = c.get_or_insert_with(|| Compress::new(Compression::default(), true));
        c.reset();
        // A zlib stream is never more than input + 5 bytes per 16 KiB block + header/trailer.
        out.reserve(input.len() + input.len() / 1000 + 64);
        loop {
            let before_in = c.total_in() as usize;
            let status =
                c.compress_vec(&input[before_in..], out, FlushCompress::Finish).expect("deflate of an in-memory buffer cannot fail");
            if status == Status::StreamEnd {
                break;
            }
            out.reserve(out.capacity().max(64));
        }
    });
}

/// Compresses with the small encoder. Returns false (leaving `out` as it was) if the
/// scratch is unavailable or the written size disagrees with the computed one; the
/// caller then uses flate2.
fn small_compress(input: &[u8], literal_prefix: usize, out: &mut Vec<u8>) -> bool {
    // Scratch that is unavailable (see `crate::local::with_local`) sends the input to flate2
    // rather than allocating a second scratch.
    SMALL
        .try_with(|s| {
            let Ok(mut s) = s.try_borrow_mut() else { return false };
            if s.is_none() {
                *s = Scratch::new();
            }
            let Some(s) = s.as_mut() else { return false };
            let start = out.len();
            if encode(input, literal_prefix, s, out) {
                true
            } else {
                debug_assert!(false, "small deflate encoder disagreed with its own size computation");
                out.truncate(start);
                false
            }
        })
        .unwrap_or(false)
}

// ---------------------------------------------------------------------------------
// Scratch memory, one per thread.

const HASH_BITS: u32 = 12;
const HASH_SIZE: usize = 1 << HASH_BITS;
/// Hash-chain candidates examined per position (zlib level 6 uses 128; on token payloads
/// 16 gives the same total size, measured with scripts/deflate-node-check.mjs).
const MAX_CHAIN: u32 = 16;
/// Stop walking a chain after this many candidates in a row that do not improve on
/// the best match so far. On 100k payloads of scripts/deflate-node-check.mjs, against
/// Node's level 6: 3 gave a mean size ratio of 1.00038, 2 gave 1.00061 and dynamic
/// blocks of 700-800 B ~5% faster (short payloads unchanged), 1 gave 1.00638.
const GIVE_UP: u32 = 2;
/// With a current match at least this long, look at only a quarter of the chain when
/// checking the next position (zlib's `good_length` at level 6).
const GOOD_LEN: usize = 8;
/// Do not look for a longer match at the next position once a match is this long
/// (zlib's `max_lazy` at level 6 is 16).
const LAZY_LEN: usize = 32;
/// Room in the symbol arrays used while building codes (a power of two, so that
/// masking an index proves it in bounds).
const SYM_ROOM: usize = 512;

/// The hash chains of the LZ77 parse.
///
/// The table is not cleared between calls: each call's positions are stored offset by
/// `base`, which then moves past them, so that older entries read as "empty" (their
/// offset position saturates to 0). Only when `base` nears `u32::MAX` is it cleared.
struct Chains {
    /// Head of each hash chain: `base` + position + 1 (at most `base` = empty).
    head: Box<[u32; HASH_SIZE]>,
    base: u32,
    /// `prev[p]`: position + 1 of the previous position with the same hash (0 = none).
    /// Written before it is read, so never cleared.
    prev: Box<[u16; SMALL_MAX]>,
}

/// The encoder's working memory. The large arrays are boxed one by one, so that no
/// large value is ever built on the stack.
struct Scratch {
    /// A copy of the input followed by `PAD` zero bytes.
    buf: Box<[u8; SMALL_MAX + PAD]>,
    chains: Chains,
    /// The LZ77 parse, one item per literal or match: bits 0-8 the literal/length
    /// symbol, 9-13 the distance symbol (`NO_DIST` for a literal), 14-18 the length's
    /// extra bits, 19-31 the distance's extra bits.
    seq: Box<[u32; SMALL_MAX]>,
    lit_freq: [u32; NUM_LITLEN],
    /// The literal/length symbols used, in order of first use.
    lit_used: [u16; SYM_ROOM],
    n_lit_used: usize,
    dist_freq: [u32; NUM_DIST],
    cl_freq: [u32; 32],
    lit_len: [u8; NUM_LITLEN],
    dist_len: [u8; NUM_DIST],
    cl_len: [u8; NUM_CL],
    lit_tab: [u32; NUM_LITLEN],
    dist_tab: [u32; NUM_DIST],
    cl_tab: [u32; NUM_CL],
    /// Run-length coded code lengths: `extra << 5 | symbol`.
    cl_items: [u16; SYM_ROOM],
    huff: HuffWork,
    /// Output of the one-pass fixed-Huffman writer.
    fixed_out: Box<[u8; FIXED_ROOM + 8]>,
}

/// Working arrays for [`build_lengths`].
struct HuffWork {
    leaves: Box<[Group; SYM_ROOM]>,
    inner: Box<[Group; SYM_ROOM]>,
    /// Symbols of frequency `CLASSES` or more.
    big: [u16; SYM_ROOM],
    /// Code length by rank in ascending frequency.
    rank_len: [u8; SYM_ROOM],
}

/// A zeroed boxed array, allocated on the heap directly.
fn boxed<T: Copy + Default, const N: usize>() -> Option<Box<[T; N]>> {
    vec![T::default(); N].into_boxed_slice().try_into().ok()
}

impl Scratch {
    fn new() -> Option<Box<Scratch>> {
        Some(Box::new(Scratch {
            buf: boxed()?,
            chains: Chains { head: boxed()?, base: 0, prev: boxed()? },
            seq: boxed()?,
            lit_freq: [0; NUM_LITLEN],
            lit_used: [0; SYM_ROOM],
            n_lit_used: 0,
            dist_freq: [0; NUM_DIST],
            cl_freq: [0; 32],
            lit_len: [0; NUM_LITLEN],
            dist_len: [0; NUM_DIST],
            cl_len: [0; NUM_CL],
            lit_tab: [0; NUM_LITLEN],
            dist_tab: [0; NUM_DIST],
            cl_tab: [0; NUM_CL],
            cl_items: [0; SYM_ROOM],
            huff: HuffWork { leaves: boxed()?, inner: boxed()?, big: [0; SYM_ROOM], rank_len: [0; SYM_ROOM] },
            fixed_out: boxed()?,
        }))
    }
}

#[cfg(test)]
mod tests {
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
            // library path) and refuses one more.
            let mine = small(at_max);
            assert!(flate2_inflate(&mine) == at_max, "small encoder round trip at SMALL_MAX");
            assert!(z == if cfg!(target_family = "wasm") { mine } else { large_path(at_max) }, "SMALL_MAX bytes");
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

    #[test]
    fn large_payloads_go_to_the_library() {
        // Where the small encoder stops: the library's threshold, or its own limit on WebAssembly.
        #[cfg(not(target_family = "wasm"))]
        let small_below = LIBRARY_MIN;
        #[cfg(target_family = "wasm")]
        let small_below = SMALL_MAX + 1;
        let mut rng = gen::Rng::new(8);
        for n in [0, 100, 1000, 10_000] {
            let p = privilege_payload(&mut rng, n);
            let z = check(&p);
            if p.len() < small_below {
                assert!(z == small(&p), "{} bytes", p.len());
            } else {
                assert!(z == large_path(&p), "{} bytes", p.len());
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
        for (lo, hi) in [(250, 350), (500, 600), (600, 700), (700, 800), (800, 900), (900, 1000), (1000, 1100), (1800, 2300), (3000, 4000)]
        {
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
}
