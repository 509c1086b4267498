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
//! | up to `SMALL_MAX` (16 KiB), runs of repeated entries (`repeats_entries`) | the small encoder |
//! | other input from `LIBRARY_MIN` up, and anything past `SMALL_MAX`, native targets | libdeflate (crate `libdeflater`), level 1, one reused compressor per thread |
//! | up to `SMALL_MAX` on WebAssembly (no C library there) | the small encoder |
//! | past `SMALL_MAX` on WebAssembly | flate2 at level 6 |
//!
//! The hand-over points are measured (the ignored `crossover` test). From 800 bytes up,
//! libdeflate is faster on mixed payloads (several services, long strings); on runs of
//! repeated privilege entries or RTM2 names, which the small encoder parses mostly by
//! repeated matches (below), the small encoder stays faster at every size it takes:
//! 15 against 19 us for 1000 privileges, 17 against 21 us for 1000 RTM2 names (13 kB),
//! at sizes within 0.3% of libdeflate's. A 16-position probe (~0.1-0.2 us) tells the two
//! kinds apart.
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
//! - Repeated matches (dynamic blocks only): where the bytes at the last searched
//!   match's distance match again for exactly that match's length, that match is taken
//!   without a chain walk or a lazy look, and the positions it covers are not indexed.
//!   Runs of privilege entries or RTM2 names, whose matches are all alike, are parsed two
//!   to three times as fast (a 100-privilege token: ~6.2 to ~5.0 us in
//!   `examples/profile_privileges.rs`), at the same sizes or within 0.5%. Taking any
//!   repeat of 5 bytes or more instead made runs of records with changed bytes ~6%
//!   larger; in the one-pass fixed path even this rule made short token payloads 0.04%
//!   larger on average, so that path does not repeat. After a repeated match, the next
//!   entries of the run (a literal, then the match again) go through a loop of their
//!   own (`lz77::entries`) that makes the same parse with less state, and the recorder
//!   keeps the match's item and counts a run's matches once, when the match changes.
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
//! - The bit writers store 8 bytes at a time into a fixed array of the scratch, at
//!   positions masked into it (no bounds checks), and the block is copied into `out`
//!   once written; a literal and a match take the same branch-free path. Code table
//!   entries carry each symbol's length with its extra bits, so that an item is coded
//!   with two lookups. The parse hands literals over as runs, and the one-pass fixed
//!   writer codes up to six of them per store (a 156-byte `buildTokenWithUid` payload
//!   took ~70 ns less in `examples/profile_rtc.rs` than with one store per literal).
//! - All working memory is a per-thread scratch (about 210 KiB) allocated once per
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
mod quick;
mod tables;
mod write;

use huffman::*;
pub(crate) use inflate::zlib_inflate_watched;
pub use inflate::{zlib_inflate, zlib_inflate_with};
use lz77::*;
pub(crate) use quick::Watch;
use tables::*;
use write::*;

/// Largest input the small encoder handles; longer inputs are compressed by libdeflate,
/// or flate2 on WebAssembly. A power of two (positions are masked with it), below 32 KiB
/// (the deflate window) and 65536 (`u16` positions + 1, a single stored block). 16 KiB
/// holds an RTM2 token with 1000 channel names.
const SMALL_MAX: usize = 16384;
/// Below this many input bytes only stored and fixed-Huffman blocks are considered:
/// building the dynamic code takes about half the time of a 300-byte payload and, on
/// token payloads of that size, changes the mean size by less than 0.01%.
const DYNAMIC_MIN: usize = 640;

/// From this many input bytes up, payloads go to libdeflate (see [`library_compress`]),
/// unless they are runs of repeated entries (see [`repeats_entries`]): the measured
/// crossover (`crossover` test) where libdeflate at level 1 with a reused compressor
/// becomes faster than the small encoder on mixed token payloads (at ~850 bytes,
/// 7.2 against 8.0 us in thread CPU time).
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
    if input.len() >= LIBRARY_MIN && !(input.len() <= SMALL_MAX && repeats_entries(input)) {
        library_compress(input, out);
        return;
    }
    if input.len() <= SMALL_MAX && small_compress(input, literal_prefix, out) {
        return;
    }
    flate2_compress(input, out);
}

/// Positions [`repeats_entries`] looks at, and the longest entry it recognizes.
#[cfg_attr(target_family = "wasm", allow(dead_code))]
const PROBE_SAMPLES: usize = 16;
#[cfg_attr(target_family = "wasm", allow(dead_code))]
const PROBE_PERIOD: usize = 32;

/// Whether `input` looks like a run of short repeated entries, such as privileges or
/// RTM2 channel names: at a quarter or more of 16 positions spread over it, the 3 bytes
/// there also stand 1 to 32 bytes earlier (in random bytes, almost never; in a run of
/// privileges, at half of the positions; in one of names, at three quarters). The small
/// encoder parses such input mostly with repeated matches and is faster than libdeflate
/// on it at every size up to `SMALL_MAX`; on other input from `LIBRARY_MIN` up,
/// libdeflate is faster. About 0.1 us (a run of entries) to 0.2 us (other input).
#[cfg_attr(target_family = "wasm", allow(dead_code))]
fn repeats_entries(input: &[u8]) -> bool {
    let n = input.len();
    let Some(span) = n.checked_sub(PROBE_PERIOD + 3).filter(|&s| s >= 2 * PROBE_SAMPLES) else { return false };
    let at = |p: usize| u32::from_le_bytes([input[p], input[p + 1], input[p + 2], 0]);
    let mut hits = 0;
    for j in 0..PROBE_SAMPLES {
        let p = PROBE_PERIOD + span * (2 * j + 1) / (2 * PROBE_SAMPLES);
        let key = at(p);
        hits += usize::from((1..=PROBE_PERIOD).any(|d| at(p - d) == key));
    }
    4 * hits >= PROBE_SAMPLES
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
    /// Output of the bit writers, copied into the caller's buffer once a block is done.
    bits: Box<[u8; OUT_ROOM + 8]>,
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
            bits: boxed()?,
        }))
    }
}

#[cfg(test)]
mod tests;
