//! zlib compression of token payloads and bounded inflation of untrusted input.
//!
//! # Compression
//!
//! Token payloads are a few hundred bytes (a few KiB at most), and a general-purpose
//! compressor spends most of its time on such inputs setting up per-stream state
//! (clearing 64-256 KiB of tables). Inputs up to [`SMALL_MAX`] bytes therefore go
//! through a small encoder written for them:
//!
//! - LZ77 over the input alone (no window beyond it): a 4096-entry hash table of 4-byte
//!   prefixes, never cleared (each call's positions are offset past the last call's),
//!   with hash chains through a `prev` array indexed by position (written before it is
//!   read, so never cleared), up to 16 candidates, and zlib-style lazy matching. Keying
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
//!   branch-free path.
//! - All working memory is a per-thread scratch (about 120 KiB) allocated once per
//!   thread; the only allocation per call is growing `out`. No `unsafe`.
//!
//! Longer inputs fall back to flate2 at level 6, as does any internal inconsistency
//! (the output size disagreeing with the computed one, a code that is not complete),
//! which the tests, the million-payload round trips and fuzzing have not produced.
//!
//! # Decompression
//!
//! Inflation stays on flate2 with a hard output limit.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::error::DecodeError;

/// Largest input the small encoder handles; longer inputs are compressed by flate2.
/// Must stay below 32 KiB (the deflate window) and below 65536 (`u16` positions + 1,
/// a single stored block).
const SMALL_MAX: usize = 8192;
/// Below this many input bytes only stored and fixed-Huffman blocks are considered:
/// building the dynamic code takes about half the time of a 300-byte payload and, on
/// token payloads of that size, changes the mean size by less than 0.01%.
const DYNAMIC_MIN: usize = 640;

thread_local! {
    static COMPRESS: RefCell<Option<Compress>> = const { RefCell::new(None) };
    static DECOMPRESS: RefCell<Option<Decompress>> = const { RefCell::new(None) };
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
    if input.len() <= SMALL_MAX && small_compress(input, literal_prefix, out) {
        return;
    }
    flate2_compress(input, out);
}

/// The general path: flate2 (zlib-rs) at level 6 through a reused, reset `Compress`.
fn flate2_compress(input: &[u8], out: &mut Vec<u8>) {
    crate::with_local(&COMPRESS, |c| {
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
    // Scratch that is unavailable (see `crate::with_local`) sends the input to flate2
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
// Deflate constants and tables (RFC 1951), built at compile time.

const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const END_OF_BLOCK: usize = 256;
/// Literal/length alphabet size as stored here (286 and 287 never occur in a block,
/// their frequency stays 0).
const NUM_LITLEN: usize = 288;
/// Distance alphabet size as stored here (30 and 31 never occur).
const NUM_DIST: usize = 32;
const NUM_CL: usize = 19;
const MAX_CODE_LEN: usize = 15;
const MAX_CL_CODE_LEN: usize = 7;
/// Order in which code-length code lengths are sent.
const CL_ORDER: [usize; NUM_CL] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/// Extra bits after code-length symbols 16, 17, 18.
const CL_EXTRA: [u32; NUM_CL] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];

/// For each match length 3..=258 (index `len - 3`): length code index (symbol - 257).
const LEN_CODE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut l = 0usize;
    while l < 256 {
        t[l] = if l < 8 {
            l as u8
        } else if l == 255 {
            28
        } else {
            let lg = usize::BITS - 1 - l.leading_zeros(); // floor(log2(l)), >= 3
            (4 * (lg as usize - 1) + ((l >> (lg - 2)) & 3)) as u8
        };
        l += 1;
    }
    t
};
/// Extra bits of each length code index (padded to 32 entries).
const LEN_EXTRA: [u8; 32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0];
/// First length (minus 3) of each length code index.
const LEN_BASE: [u16; 32] = {
    let mut t = [0u16; 32];
    let mut k = 0usize;
    while k < 29 {
        t[k] = if k < 8 {
            k as u16
        } else if k == 28 {
            255
        } else {
            ((4 + (k & 3)) << ((k >> 2) - 1)) as u16
        };
        k += 1;
    }
    t
};
/// Extra bits of each distance code (30 and 31 unused).
const DIST_EXTRA: [u8; NUM_DIST] = {
    let mut t = [0u8; NUM_DIST];
    let mut c = 4usize;
    while c < 30 {
        t[c] = ((c >> 1) - 1) as u8;
        c += 1;
    }
    t
};

/// Distance code, its extra-bit count and extra-bit value, for a distance `1..=32768`.
#[inline(always)]
fn dist_code(dist: u32) -> (usize, u32, u32) {
    let d = dist.wrapping_sub(1) & 0x7fff;
    if d < 4 {
        (d as usize, 0, 0)
    } else {
        let lg = 31 - d.leading_zeros(); // >= 2
        let code = 2 * lg + ((d >> (lg - 1)) & 1);
        let extra = lg - 1;
        let base = (2 | (code & 1)) << extra;
        (code as usize, extra, d - base)
    }
}

/// Reverses the low `len` bits of `code` (deflate sends Huffman codes MSB first into an
/// LSB-first bit stream).
const fn reverse(code: u16, len: u8) -> u16 {
    if len == 0 {
        0
    } else {
        code.reverse_bits() >> (16 - len as u32)
    }
}

/// A code table entry: the bit-reversed code in the low 16 bits, its length above.
const fn entry(code: u16, len: u8) -> u32 {
    reverse(code, len) as u32 | (len as u32) << 16
}

const FIXED_LIT_LEN: [u8; NUM_LITLEN] = {
    let mut t = [0u8; NUM_LITLEN];
    let mut s = 0usize;
    while s < NUM_LITLEN {
        t[s] = if s < 144 {
            8
        } else if s < 256 {
            9
        } else if s < 280 {
            7
        } else {
            8
        };
        s += 1;
    }
    t
};
const FIXED_LIT: [u32; NUM_LITLEN] = {
    let mut t = [0u32; NUM_LITLEN];
    let mut s = 0usize;
    while s < NUM_LITLEN {
        let code = if s < 144 {
            0x30 + s
        } else if s < 256 {
            0x190 + (s - 144)
        } else if s < 280 {
            s - 256
        } else {
            0xc0 + (s - 280)
        };
        t[s] = entry(code as u16, FIXED_LIT_LEN[s]);
        s += 1;
    }
    t
};
const FIXED_DIST_LEN: [u8; NUM_DIST] = [5; NUM_DIST];
const FIXED_DIST: [u32; NUM_DIST] = {
    let mut t = [0u32; NUM_DIST];
    let mut c = 0usize;
    while c < 30 {
        t[c] = entry(c as u16, 5);
        c += 1;
    }
    t // NO_DIST (31) stays an empty code
};
/// Distance symbol of a literal in the parse: its code is empty (0 bits) in every table.
const NO_DIST: u32 = 31;
/// Extra bits after each literal/length symbol (0 for literals and end-of-block).
const LIT_EXTRA: [u8; NUM_LITLEN] = {
    let mut t = [0u8; NUM_LITLEN];
    let mut k = 0usize;
    while k < 29 {
        t[257 + k] = LEN_EXTRA[k];
        k += 1;
    }
    t
};

// ---------------------------------------------------------------------------------
// Scratch memory, one per thread.

const HASH_BITS: u32 = 12;
const HASH_SIZE: usize = 1 << HASH_BITS;
/// Hash-chain candidates examined per position (zlib level 6 uses 128; on token payloads
/// 16 gives the same total size, measured with scripts/deflate-node-check.mjs).
const MAX_CHAIN: u32 = 16;
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

// ---------------------------------------------------------------------------------
// LZ77.

/// Room after the input copy in `Scratch::buf`, so that 4- and 8-byte loads at any
/// position of the input stay inside the buffer.
const PAD: usize = 16;

/// The 4 bytes at `p` (little-endian); `p` is below the input length, so this is in
/// the buffer.
#[inline(always)]
fn load32(buf: &[u8; SMALL_MAX + PAD], p: usize) -> u32 {
    let p = p & (SMALL_MAX - 1);
    let mut b = [0u8; 4];
    b.copy_from_slice(&buf[p..p + 4]);
    u32::from_le_bytes(b)
}

/// The 8 bytes at `p` (little-endian), `p` below the input length.
#[inline(always)]
fn load64(buf: &[u8; SMALL_MAX + PAD], p: usize) -> u64 {
    let p = p & (SMALL_MAX - 1);
    let mut b = [0u8; 8];
    b.copy_from_slice(&buf[p..p + 8]);
    u64::from_le_bytes(b)
}

/// Hash of the 4 bytes in `v`, below `HASH_SIZE`.
#[inline(always)]
fn hash4(v: u32) -> usize {
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize & (HASH_SIZE - 1)
}

/// Length of the common prefix of the input at `a` and at `b`, at most `max`
/// (`b + max` is within the input, `a < b`).
#[inline(always)]
fn common_len(buf: &[u8; SMALL_MAX + PAD], a: usize, b: usize, max: usize) -> usize {
    let mut l = 0;
    while l < max {
        let diff = load64(buf, a + l) ^ load64(buf, b + l);
        if diff != 0 {
            return (l + (diff.trailing_zeros() / 8) as usize).min(max);
        }
        l += 8;
    }
    max
}

/// The longest match for position `p` (whose first 4 bytes are `v`: at the last two
/// positions, that includes a byte of the zero padding) longer than
/// `better_than`, walking the chain from `cand` (position + 1) for at most `chain`
/// candidates: `(len, dist)`, or `(0, 0)`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn longest(
    buf: &[u8; SMALL_MAX + PAD],
    n: usize,
    prev: &[u16; SMALL_MAX],
    p: usize,
    v: u32,
    mut cand: usize,
    better_than: usize,
    mut chain: u32,
) -> (usize, usize) {
    let max_len = n.saturating_sub(p).min(MAX_MATCH);
    let mut best = better_than.max(MIN_MATCH - 1);
    if best >= max_len {
        return (0, 0);
    }
    let mut best_dist = 0;
    let mut probe = buf.get(p + best).copied();
    while cand != 0 && chain != 0 {
        let c = cand - 1; // always < p
        if load32(buf, c) == v && buf.get(c + best).copied() == probe {
            let l = common_len(buf, c, p, max_len);
            if l > best {
                best = l;
                best_dist = p.saturating_sub(c);
                if l >= max_len {
                    break;
                }
                probe = buf.get(p + best).copied();
            }
        }
        chain -= 1;
        cand = usize::from(prev[c & (SMALL_MAX - 1)]);
    }
    if best_dist == 0 {
        (0, 0)
    } else {
        (best, best_dist)
    }
}

/// What the LZ77 parse produces, item by item.
trait Sink {
    fn literal(&mut self, byte: u8);
    /// A match of `len` (3..=258) bytes at distance `dist` (1..=SMALL_MAX).
    fn matched(&mut self, len: usize, dist: usize);
}

/// Copies `input` into `buf` followed by `PAD` zero bytes; false if it does not fit.
fn load_input(buf: &mut [u8; SMALL_MAX + PAD], input: &[u8]) -> bool {
    let n = input.len();
    let Some(copy) = buf.get_mut(..n + PAD) else { return false };
    let (data, pad) = copy.split_at_mut(n);
    data.copy_from_slice(input);
    pad.fill(0);
    true
}

/// LZ77 over the first `n` bytes of `buf` (loaded by [`load_input`]), handing each
/// literal and match to `sink` in order. The first `literal_prefix` bytes are literals,
/// neither searched nor indexed.
///
/// The loop over positions is kept small (hash, insert, and a literal when there is no
/// candidate, which is most positions of a token payload); everything about a candidate
/// happens in [`matches_at`], out of line.
#[inline(always)]
fn lz77<S: Sink>(buf: &[u8; SMALL_MAX + PAD], n: usize, literal_prefix: usize, chains: &mut Chains, sink: &mut S) {
    let n = n.min(SMALL_MAX);
    if chains.base > u32::MAX - 2 * SMALL_MAX as u32 {
        chains.head.fill(0);
        chains.base = 0;
    }
    let base = chains.base;
    // Positions below `hashable` have the 3 bytes a match needs (a 4-byte key reads
    // one padding byte at the last of them; matches are still measured within `n`).
    let hashable = n.saturating_sub(MIN_MATCH - 1);
    let mut i = 0usize;
    while i < n.min(literal_prefix) {
        sink.literal(buf[i & (SMALL_MAX - 1)]);
        i += 1;
    }
    while i < hashable {
        let v = load32(buf, i);
        let h = hash4(v);
        let cand = chains.head[h].saturating_sub(base) as usize;
        chains.head[h] = base + i as u32 + 1;
        chains.prev[i & (SMALL_MAX - 1)] = cand as u16;
        if cand != 0 {
            if let Some((start, len, dist)) = matches_at(buf, n, chains, i, v, cand) {
                while i < start {
                    sink.literal(buf[i & (SMALL_MAX - 1)]);
                    i += 1;
                }
                sink.matched(len, dist);
                i += len;
                continue;
            }
        }
        sink.literal(buf[i & (SMALL_MAX - 1)]);
        i += 1;
    }
    while i < n {
        sink.literal(buf[i & (SMALL_MAX - 1)]);
        i += 1;
    }
    chains.base = base + n as u32 + 1;
}

/// Position `i` (below `n - 2`, already inserted, its 4-byte key `v`) has the chain
/// candidate `cand` (position + 1). Finds the longest match there, lets a longer match
/// at a following position win (lazy matching, zlib's rule), and inserts the positions
/// up to the match's end. Returns `(start, len, dist)`: the bytes from `i` to `start`
/// are literals, then comes the match. `None` when no candidate matches.
///
/// Out of line and free of the sink, so that the sink's state stays in registers in
/// the caller's loop.
#[inline(never)]
fn matches_at(
    buf: &[u8; SMALL_MAX + PAD],
    n: usize,
    chains: &mut Chains,
    mut i: usize,
    v: u32,
    cand: usize,
) -> Option<(usize, usize, usize)> {
    let base = chains.base;
    let Chains { head, prev, .. } = chains;
    let hashable = n.saturating_sub(MIN_MATCH - 1);
    let (mut len, mut dist) = longest(buf, n, prev, i, v, cand, 0, MAX_CHAIN);
    if len == 0 {
        return None;
    }
    let mut inserted = i + 1;
    while len < LAZY_LEN && i + 1 < hashable {
        let q = i + 1;
        let v = load32(buf, q);
        let h = hash4(v);
        let cand = head[h].saturating_sub(base) as usize;
        head[h] = base + q as u32 + 1;
        prev[q & (SMALL_MAX - 1)] = cand as u16;
        inserted = q + 1;
        let chain = if len >= GOOD_LEN { MAX_CHAIN / 4 } else { MAX_CHAIN };
        let (len2, dist2) = if cand == 0 { (0, 0) } else { longest(buf, n, prev, q, v, cand, len, chain) };
        if len2 <= len {
            break;
        }
        i = q;
        len = len2;
        dist = dist2;
    }
    let end = (i + len).min(hashable);
    for q in inserted..end {
        let h = hash4(load32(buf, q));
        prev[q & (SMALL_MAX - 1)] = head[h].saturating_sub(base) as u16;
        head[h] = base + q as u32 + 1;
    }
    Some((i, len, dist))
}

/// Records the parse for a block whose code is chosen afterwards: each item with its
/// symbols and extra bits (see `Scratch::seq`), the symbol frequencies, and the
/// literal/length symbols in order of first use.
struct Recorder<'a> {
    seq: &'a mut [u32; SMALL_MAX],
    nseq: usize,
    lit_freq: &'a mut [u32; NUM_LITLEN],
    lit_used: &'a mut [u16; SYM_ROOM],
    nu: usize,
    dist_freq: &'a mut [u32; NUM_DIST],
}

impl Recorder<'_> {
    /// Counts a literal/length symbol, listing it when first seen (without a branch).
    #[inline(always)]
    fn count(&mut self, sym: usize) {
        let sym = sym % NUM_LITLEN;
        let old = self.lit_freq[sym];
        self.lit_freq[sym] = old + 1;
        self.lit_used[self.nu & (SYM_ROOM - 1)] = sym as u16;
        self.nu += usize::from(old == 0);
    }
}

impl Sink for Recorder<'_> {
    #[inline(always)]
    fn literal(&mut self, byte: u8) {
        self.count(usize::from(byte));
        self.seq[self.nseq & (SMALL_MAX - 1)] = u32::from(byte) | NO_DIST << 9;
        self.nseq += 1;
    }

    #[inline(always)]
    fn matched(&mut self, len: usize, dist: usize) {
        let l = (len - MIN_MATCH) & 0xff;
        let k = usize::from(LEN_CODE[l] & 31);
        self.count(257 + k);
        let (dc, _, dv) = dist_code(dist as u32);
        self.dist_freq[dc & (NUM_DIST - 1)] += 1;
        let lv = (l as u32).wrapping_sub(u32::from(LEN_BASE[k])) & 31;
        self.seq[self.nseq & (SMALL_MAX - 1)] = (257 + k) as u32 | (dc as u32 & 31) << 9 | lv << 14 | (dv & 0x1fff) << 19;
        self.nseq += 1;
    }
}

/// Parses `input` (at most `SMALL_MAX` bytes) into `s.seq` and fills the symbol
/// frequencies. Returns the number of items in `s.seq`.
fn parse(input: &[u8], literal_prefix: usize, s: &mut Scratch) -> usize {
    let n = input.len();
    let Scratch { buf, chains, seq, lit_freq, lit_used, n_lit_used, dist_freq, .. } = s;
    *lit_freq = [0; NUM_LITLEN];
    *dist_freq = [0; NUM_DIST];
    lit_freq[END_OF_BLOCK] = 1;
    lit_used[0] = END_OF_BLOCK as u16;
    if !load_input(buf, input) {
        *n_lit_used = 1;
        return 0;
    }
    let mut r = Recorder { seq, nseq: 0, lit_freq, lit_used, nu: 1, dist_freq };
    lz77(buf, n, literal_prefix, chains, &mut r);
    *n_lit_used = r.nu.min(NUM_LITLEN);
    r.nseq
}

/// Output room of [`FixedWriter`]: a fixed block of fewer than `DYNAMIC_MIN` input bytes
/// takes at most 9 bits per byte (a literal takes 8 or 9; a match of 3 or more bytes at
/// most 8 + 5 + 5 + 9 bits at these distances), plus 10 bits of header and end-of-block.
const FIXED_ROOM: usize = 1024;
const _: () = assert!((3 + 9 * DYNAMIC_MIN + 7).div_ceil(8) + 8 <= FIXED_ROOM);

/// Writes the parse straight out as fixed-Huffman codes into a fixed-size array, in the
/// manner of [`BitWriter`]. Positions are masked into the array so that stores need no
/// bounds checks; `pos` itself is not, and the caller refuses the result if it passed
/// the room (which the bound above rules out).
struct FixedWriter<'a> {
    buf: &'a mut [u8; FIXED_ROOM + 8],
    pos: usize,
    acc: u64,
    nbits: u32,
}

impl FixedWriter<'_> {
    /// Adds the low `n` bits of `v`; between two flushes at most 56 bits may be added,
    /// so every shift below is under 64.
    #[inline(always)]
    fn put(&mut self, v: u64, n: u32) {
        self.acc |= v.wrapping_shl(self.nbits);
        self.nbits += n;
    }

    #[inline(always)]
    fn flush(&mut self) {
        let p = self.pos & (FIXED_ROOM - 1);
        self.buf[p..p + 8].copy_from_slice(&self.acc.to_le_bytes());
        let bytes = self.nbits >> 3;
        self.pos += bytes as usize;
        self.acc = self.acc.wrapping_shr(bytes * 8);
        self.nbits &= 7;
    }
}

impl Sink for FixedWriter<'_> {
    #[inline(always)]
    fn literal(&mut self, byte: u8) {
        let e = FIXED_LIT[usize::from(byte)];
        self.put(u64::from(e & 0xffff), e >> 16);
        self.flush();
    }

    #[inline(always)]
    fn matched(&mut self, len: usize, dist: usize) {
        let l = (len - MIN_MATCH) & 0xff;
        let k = usize::from(LEN_CODE[l] & 31);
        let e = FIXED_LIT[(257 + k) % NUM_LITLEN];
        let lv = (l as u32).wrapping_sub(u32::from(LEN_BASE[k])) & 31;
        let n1 = (e >> 16) + u32::from(LEN_EXTRA[k]);
        let v1 = u64::from(e & 0xffff) | u64::from(lv) << (e >> 16);
        let (dc, dn, dv) = dist_code(dist as u32);
        let d = FIXED_DIST[dc & (NUM_DIST - 1)];
        let v2 = u64::from(d & 0xffff) | u64::from(dv & 0x1fff) << 5;
        self.put(v1 | v2 << n1, n1 + 5 + dn);
        self.flush();
    }
}

// ---------------------------------------------------------------------------------
// Huffman codes.

/// Frequencies below this are grouped by value; higher ones are leaves of their own.
const CLASSES: usize = 32;

/// `count` identical Huffman tree nodes of weight `weight` each; `hist[d]` is the
/// number of leaves at depth `d` below one of them (depths past 15 are counted at 15).
#[derive(Clone, Copy, Default)]
struct Group {
    weight: u32,
    count: u32,
    hist: [u16; 16],
}

const LEAF_HIST: [u16; 16] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// Histogram of a node whose two children have histograms `a` and `b`.
#[inline(always)]
fn parent_hist(a: &[u16; 16], b: &[u16; 16]) -> [u16; 16] {
    let mut r = [0u16; 16];
    for d in 1..16 {
        r[d] = a[d - 1].wrapping_add(b[d - 1]);
    }
    r[15] = r[15].wrapping_add(a[15]).wrapping_add(b[15]);
    r
}

/// Leaf depth counts of a Huffman tree over `leaves` (groups of leaves in ascending
/// weight order, at least two leaves in all).
///
/// This is the two-queue Huffman construction (leaves, then internal nodes, each
/// queue in ascending weight) run on groups of equal-weight items: `c >= 2` items of
/// the smallest weight are paired among themselves in one step, making `c / 2`
/// identical nodes. Token payloads have ~100 distinct bytes, most of them once or
/// twice, so this takes a few dozen steps instead of one per symbol. Returns None if
/// the queues are inconsistent (which does not happen).
fn huffman_depths(leaves: &mut [Group], inner: &mut [Group; SYM_ROOM]) -> Option<[u16; 16]> {
    let nl = leaves.len();
    let (mut li, mut ii, mut ie) = (0usize, 0usize, 0usize);
    loop {
        let leaf_first = li < nl && (ii >= ie || leaves.get(li)?.weight <= inner.get(ii)?.weight);
        let x = if leaf_first { leaves.get_mut(li)? } else { inner.get_mut(ii).filter(|_| ii < ie)? };
        let made = if x.count >= 2 {
            let pairs = x.count / 2;
            x.count -= 2 * pairs;
            let node = Group { weight: x.weight.saturating_mul(2), count: pairs, hist: parent_hist(&x.hist, &x.hist) };
            if x.count == 0 {
                if leaf_first {
                    li += 1;
                } else {
                    ii += 1;
                }
            }
            node
        } else {
            let xv = *x;
            if leaf_first {
                li += 1;
            } else {
                ii += 1;
            }
            let leaf_first = li < nl && (ii >= ie || leaves.get(li)?.weight <= inner.get(ii)?.weight);
            if !leaf_first && ii >= ie {
                return Some(xv.hist); // x was the root
            }
            let y = if leaf_first { leaves.get_mut(li)? } else { inner.get_mut(ii)? };
            y.count = y.count.checked_sub(1)?;
            let node = Group { weight: xv.weight.saturating_add(y.weight), count: 1, hist: parent_hist(&xv.hist, &y.hist) };
            if y.count == 0 {
                if leaf_first {
                    li += 1;
                } else {
                    ii += 1;
                }
            }
            node
        };
        *inner.get_mut(ie)? = made;
        ie += 1;
    }
}

/// The shape of a length-limited Huffman code: how many symbols of each frequency
/// class there are, and how many codes of each length. With the symbols ranked by
/// ascending frequency (classes, then `HuffWork::big` in order), rank `r` gets the
/// `r`-th length counting from the longest.
struct CodeShape {
    /// `class[w]`: symbols of frequency `w` (`w < CLASSES`; `class[0]` = unused).
    class: [usize; CLASSES],
    /// Symbols of frequency `CLASSES` or more, in `HuffWork::big`.
    nbig: usize,
    /// `count[l]`: codes of length `l`.
    count: [u32; MAX_CODE_LEN + 1],
    limit: usize,
    /// The lone used symbol, when there is only one (it is paired with another).
    lone: Option<usize>,
}

/// Computes the shape of a length-limited Huffman code for `freq` (at most `SYM_ROOM`
/// symbols, sum below 2^31); `used`, if given, lists every symbol of nonzero frequency
/// once. At least two symbols always get a code (a lone used
/// symbol is paired with an unused one), so every code is complete. None if the
/// construction came out inconsistent (which does not happen).
fn code_shape(freq: &[u32], used: Option<&[u16]>, limit: usize, hw: &mut HuffWork) -> Option<CodeShape> {
    let m = freq.len().min(SYM_ROOM);
    let freq = &freq[..m];
    let limit = limit.clamp(1, MAX_CODE_LEN);
    // Symbols per frequency class (four interleaved tallies, so that runs of symbols
    // in one class do not wait on each other), and the symbols of high frequency.
    let mut tally = [[0u32; CLASSES + 1]; 4];
    let mut nbig = 0usize;
    let mut count_one = |k: usize, sym: usize| {
        let c = (freq.get(sym).copied().unwrap_or(0) as usize).min(CLASSES);
        tally[k & 3][c] += 1;
        hw.big[nbig & (SYM_ROOM - 1)] = sym as u16;
        nbig += usize::from(c == CLASSES);
    };
    match used {
        Some(list) => {
            for (k, &sym) in list.iter().enumerate() {
                count_one(k, usize::from(sym));
            }
        }
        None => {
            for sym in 0..m {
                count_one(sym, sym);
            }
        }
    }
    let mut class = [0usize; CLASSES];
    for (c, v) in class.iter_mut().enumerate() {
        *v = tally.iter().map(|t| t[c] as usize).sum();
    }
    let listed: usize = class.iter().sum::<usize>() + nbig;
    class[0] += m.saturating_sub(listed);
    let used = m - class[0];
    let mut count = [0u32; MAX_CODE_LEN + 1];
    if used < 2 {
        let lone = freq.iter().position(|&f| f != 0);
        count[1] = 2;
        return Some(CodeShape { class, nbig, count, limit, lone: Some(lone.unwrap_or(0)) });
    }
    let big = &mut hw.big[..nbig];
    let key = |sym: u16| (freq.get(usize::from(sym)).copied().unwrap_or(0), sym);
    if big.len() <= 24 {
        // Usually a handful: insertion sort beats the general sort's setup.
        for i in 1..big.len() {
            let mut j = i;
            while j > 0 && key(big[j - 1]) > key(big[j]) {
                big.swap(j - 1, j);
                j -= 1;
            }
        }
    } else {
        big.sort_unstable_by_key(|&sym| key(sym));
    }

    // Leaves in ascending weight: the classes, then the frequent symbols one by one.
    let mut nl = 0usize;
    for (w, &c) in class.iter().enumerate().skip(1) {
        if c > 0 {
            hw.leaves[nl & (SYM_ROOM - 1)] = Group { weight: w as u32, count: c as u32, hist: LEAF_HIST };
            nl += 1;
        }
    }
    for &sym in big.iter() {
        let w = freq.get(usize::from(sym)).copied().unwrap_or(0);
        hw.leaves[nl & (SYM_ROOM - 1)] = Group { weight: w, count: 1, hist: LEAF_HIST };
        nl += 1;
    }
    let depths = huffman_depths(&mut hw.leaves[..nl.min(SYM_ROOM)], &mut hw.inner)?;

    // Length limiting: clamping to `limit` makes the code oversubscribed by
    // `kraft - full` units of 2^-limit. Each step turns the deepest leaf above `limit`
    // into an internal node whose children are that leaf and one leaf taken from depth
    // `limit`: the Kraft sum drops by exactly one unit.
    for (d, &c) in depths.iter().enumerate().skip(1) {
        count[d.min(limit)] += u32::from(c);
    }
    let mut kraft: u64 = 0;
    for (d, &c) in count.iter().enumerate().take(limit + 1).skip(1) {
        kraft += u64::from(c) << (limit - d);
    }
    let full = 1u64 << limit;
    while kraft > full {
        let d = (1..limit).rev().find(|&d| count[d] > 0)?;
        count[d] -= 1;
        count[d + 1] += 2;
        count[limit] = count[limit].saturating_sub(1);
        kraft -= 1;
    }
    if kraft != full || count.iter().map(|&c| c as usize).sum::<usize>() != used {
        return None;
    }
    Some(CodeShape { class, nbig, count, limit, lone: None })
}

/// Code lengths of the code of shape `shape` for `freq` into `lens` (same length).
fn assign_lengths(shape: &CodeShape, freq: &[u32], used: Option<&[u16]>, lens: &mut [u8], hw: &mut HuffWork) {
    lens.fill(0);
    if let Some(lone) = shape.lone {
        let other = if lone == 0 { 1 } else { 0 };
        for s in [lone, other] {
            if let Some(l) = lens.get_mut(s) {
                *l = 1;
            }
        }
        return;
    }
    // Lengths by rank in ascending frequency: the longest first.
    let mut r = 0usize;
    for d in (1..=shape.limit).rev() {
        for _ in 0..shape.count[d] {
            hw.rank_len[r & (SYM_ROOM - 1)] = d as u8;
            r += 1;
        }
    }
    // Each class takes the next ranks; a class whose ranks all have one length (the
    // usual case) needs no per-symbol rank.
    let cnt = &shape.class;
    let mut first = [0usize; CLASSES];
    let mut uniform = [Some(0u8); CLASSES];
    let mut acc = 0usize;
    for w in 1..CLASSES {
        first[w] = acc;
        if cnt[w] > 0 {
            let a = hw.rank_len[acc & (SYM_ROOM - 1)];
            let b = hw.rank_len[(acc + cnt[w] - 1) & (SYM_ROOM - 1)];
            uniform[w] = if a == b { Some(a) } else { None };
        }
        acc += cnt[w];
    }
    for (k, &sym) in hw.big.iter().take(shape.nbig).enumerate() {
        if let Some(l) = lens.get_mut(usize::from(sym)) {
            *l = hw.rank_len[(acc + k) & (SYM_ROOM - 1)];
        }
    }
    let mut set = |sym: usize| {
        let c = freq.get(sym).copied().unwrap_or(0) as usize;
        if c < CLASSES {
            let len = match uniform[c] {
                Some(u) => u,
                None => {
                    let v = hw.rank_len[first[c] & (SYM_ROOM - 1)];
                    first[c] += 1;
                    v
                }
            };
            if let Some(l) = lens.get_mut(sym) {
                *l = len;
            }
        }
    };
    match used {
        Some(list) => {
            for &sym in list {
                set(usize::from(sym));
            }
        }
        None => {
            for sym in 0..freq.len() {
                set(sym);
            }
        }
    }
}

/// Computes length-limited Huffman code lengths for `freq` into `lens` (same length,
/// at most `SYM_ROOM`); unused symbols get 0. `used`, if given, lists every symbol of
/// nonzero frequency once (then only those are visited). Returns false if no code could be built
/// (which does not happen).
fn build_lengths(freq: &[u32], used: Option<&[u16]>, limit: usize, lens: &mut [u8], hw: &mut HuffWork) -> bool {
    let m = freq.len().min(lens.len()).min(SYM_ROOM);
    match code_shape(&freq[..m], used, limit, hw) {
        Some(shape) => {
            assign_lengths(&shape, &freq[..m], used, &mut lens[..m], hw);
            true
        }
        None => false,
    }
}

/// Canonical code table (see [`entry`]) for the code lengths `lens`.
fn make_table(lens: &[u8], tab: &mut [u32]) {
    let mut count = [0u32; 16];
    for &l in lens {
        count[usize::from(l & 15)] += 1;
    }
    count[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0u32;
    for l in 1..16 {
        code = (code + count[l - 1]) << 1;
        next[l] = code;
    }
    for (t, &l) in tab.iter_mut().zip(lens) {
        let l = l & 15;
        *t = entry(next[usize::from(l)] as u16, l);
        next[usize::from(l)] += 1;
    }
}

/// Run-length codes `lens` (at most 320 entries) with the code-length alphabet into
/// `items` (`extra << 5 | symbol`) from `*k` on.
///
/// Runs of zeros: 11 or more take symbol 18 (up to 138 at a time), 3 to 10 symbol 17,
/// shorter ones that many 0s. Runs of a length `v`: `v`, then symbol 16 for each 3 to 6
/// more (6 at a time), the last 1 or 2 as `v` again. The run starts are found with a
/// bit set and the common runs (zeros up to 138, others up to 7) are coded without
/// branches, since run lengths follow the data and would be mispredicted.
fn rle_lengths(lens: &[u8], items: &mut [u16; SYM_ROOM], k: &mut usize) {
    const M: usize = SYM_ROOM - 1;
    let n = lens.len().min(320);
    let lens = &lens[..n];
    // starts: bit i set when a run starts at i.
    let mut starts = [0u64; 5];
    let mut prev = lens.first().map_or(0, |&v| v ^ 1);
    for (w, word) in starts.iter_mut().enumerate() {
        let mut bits = 0u64;
        for (j, &v) in lens.iter().skip(w * 64).take(64).enumerate() {
            bits |= u64::from(v != prev) << j;
            prev = v;
        }
        *word = bits;
    }
    let mut kk = *k;
    let mut emit_run = |v: u8, r: usize, kk: &mut usize| {
        if (v == 0 && r <= 138) || (v != 0 && r <= 7) {
            let zero = v == 0;
            let z0 = if r >= 11 {
                18 | (r - 11) << 5
            } else if r >= 3 {
                17 | (r - 3) << 5
            } else {
                0
            };
            let t = r.saturating_sub(1);
            let nz1 = if t >= 3 { 16 | (t - 3) << 5 } else { usize::from(v) };
            let (s0, s1, count) =
                if zero { (z0, 0, if r >= 3 { 1 } else { r }) } else { (usize::from(v), nz1, 1 + if t >= 3 { 1 } else { t }) };
            items[*kk & M] = s0 as u16;
            items[(*kk + 1) & M] = s1 as u16;
            items[(*kk + 2) & M] = u16::from(v);
            *kk += count;
            return;
        }
        let mut push = |item: usize, kk: &mut usize| {
            items[*kk & M] = item as u16;
            *kk += 1;
        };
        let mut run = r;
        if v == 0 {
            while run >= 11 {
                let take = run.min(138);
                push(18 | (take - 11) << 5, kk);
                run -= take;
            }
            if run >= 3 {
                push(17 | (run - 3) << 5, kk);
                run = 0;
            }
        } else {
            push(usize::from(v), kk);
            run -= 1;
            while run >= 3 {
                let take = run.min(6);
                push(16 | (take - 3) << 5, kk);
                run -= take;
            }
        }
        for _ in 0..run {
            push(usize::from(v), kk);
        }
    };
    let mut run_start: Option<usize> = None;
    for (w, &word) in starts.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let st = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(p) = run_start {
                emit_run(lens.get(p).copied().unwrap_or(0), st - p, &mut kk);
            }
            run_start = Some(st);
        }
    }
    if let Some(p) = run_start {
        emit_run(lens.get(p).copied().unwrap_or(0), n - p, &mut kk);
    }
    *k = kk;
}

/// Dynamic-block layout computed by [`plan_dynamic`].
struct DynamicPlan {
    /// Size of the code description plus the coded symbols, without the 3-bit block
    /// header and without the extra bits of lengths and distances.
    bits: u32,
    hlit: usize,
    hdist: usize,
    hclen: usize,
    n_items: usize,
}

/// Builds the dynamic codes' lengths for the frequencies in `s` and sizes the block
/// (None if a code could not be built, which does not happen).
fn plan_dynamic(s: &mut Scratch) -> Option<DynamicPlan> {
    let used = &s.lit_used[..s.n_lit_used.min(NUM_LITLEN)];
    if !build_lengths(&s.lit_freq, Some(used), MAX_CODE_LEN, &mut s.lit_len, &mut s.huff)
        || !build_lengths(&s.dist_freq, None, MAX_CODE_LEN, &mut s.dist_len, &mut s.huff)
    {
        return None;
    }
    let hlit = s.lit_len.iter().rposition(|&l| l != 0).map_or(0, |p| p + 1).clamp(257, 286);
    let hdist = s.dist_len.iter().rposition(|&l| l != 0).map_or(0, |p| p + 1).clamp(1, 30);
    let mut n_items = 0usize;
    rle_lengths(&s.lit_len[..hlit], &mut s.cl_items, &mut n_items);
    rle_lengths(&s.dist_len[..hdist], &mut s.cl_items, &mut n_items);
    // Symbol counts (four interleaved tallies) and the extra bits of 16, 17, 18.
    let mut tally = [[0u32; 32]; 4];
    for (i, &item) in s.cl_items.iter().take(n_items).enumerate() {
        tally[i & 3][usize::from(item & 31)] += 1;
    }
    for (sym, f) in s.cl_freq.iter_mut().enumerate() {
        *f = tally.iter().map(|t| t[sym]).sum();
    }
    let mut bits = 2 * s.cl_freq[16] + 3 * s.cl_freq[17] + 7 * s.cl_freq[18];
    if !build_lengths(&s.cl_freq[..NUM_CL], None, MAX_CL_CODE_LEN, &mut s.cl_len, &mut s.huff) {
        return None;
    }
    let hclen = CL_ORDER.iter().rposition(|&sym| s.cl_len[sym] != 0).map_or(0, |p| p + 1).max(4);
    bits += 5 + 5 + 4 + 3 * hclen as u32;
    bits += dot(&s.cl_freq[..NUM_CL], &s.cl_len);
    bits += dot(&s.lit_freq, &s.lit_len);
    bits += dot(&s.dist_freq, &s.dist_len);
    Some(DynamicPlan { bits, hlit, hdist, hclen, n_items })
}

/// Sum of `freq[i] * lens[i]` (fits in u32: at most SMALL_MAX + 1 symbols of 15 bits).
#[inline(always)]
fn dot(freq: &[u32], lens: &[u8]) -> u32 {
    freq.iter().zip(lens).fold(0u32, |acc, (&f, &l)| acc.wrapping_add(f.wrapping_mul(u32::from(l))))
}

// ---------------------------------------------------------------------------------
// Output.

/// LSB-first bit writer into a slice with 8 bytes of room past the data: it always
/// stores 8 bytes and advances by the whole bytes written, without branches. Writing
/// past the end sets `overflow` instead of panicking.
struct BitWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
    acc: u64,
    nbits: u32,
    overflow: bool,
}

impl BitWriter<'_> {
    /// Adds the low `n` bits of `v`. Between two flushes at most 56 bits may be added.
    #[inline(always)]
    fn put(&mut self, v: u64, n: u32) {
        self.acc |= v << (self.nbits & 63);
        self.nbits += n;
    }

    #[inline(always)]
    fn flush(&mut self) {
        match self.buf.get_mut(self.pos..self.pos + 8) {
            Some(dst) => dst.copy_from_slice(&self.acc.to_le_bytes()),
            None => self.overflow = true,
        }
        let bytes = self.nbits >> 3;
        self.pos += bytes as usize;
        self.acc = self.acc.checked_shr(bytes * 8).unwrap_or(0);
        self.nbits &= 7;
    }

    /// Writes the last partial byte; returns the number of bytes written.
    fn finish(&mut self) -> usize {
        self.flush();
        if self.nbits > 0 {
            self.pos += 1;
            self.nbits = 0;
            self.acc = 0;
        }
        self.pos
    }
}

/// Sends the parsed symbols with the given code tables, then end-of-block.
///
/// Literals and matches take the same branch-free path: a literal's distance symbol
/// has an empty code, and its extra-bit counts are 0.
fn write_symbols(w: &mut BitWriter<'_>, seq: &[u32], lit: &[u32; NUM_LITLEN], dist: &[u32; NUM_DIST]) {
    for &item in seq {
        let sym = (item & 0x1ff) as usize % NUM_LITLEN;
        let ds = ((item >> 9) & 31) as usize;
        let e = lit[sym];
        let n1 = (e >> 16) + u32::from(LIT_EXTRA[sym]);
        let v1 = u64::from(e & 0xffff) | u64::from((item >> 14) & 31) << (e >> 16);
        let d = dist[ds];
        let n2 = (d >> 16) + u32::from(DIST_EXTRA[ds]);
        let v2 = u64::from(d & 0xffff) | u64::from(item >> 19) << (d >> 16);
        w.put(v1 | v2 << n1, n1 + n2);
        w.flush();
    }
    let e = lit[END_OF_BLOCK];
    w.put(u64::from(e & 0xffff), e >> 16);
    w.flush();
}

/// Adler-32 of `data` (zlib-rs's, vectorised where the CPU allows).
fn adler32(data: &[u8]) -> u32 {
    zlib_rs::adler32::adler32(1, data)
}

/// Encodes `input` (at most `SMALL_MAX` bytes) as a zlib stream appended to `out`.
/// Returns false if the output size differs from the computed one (a bug).
fn encode(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>) -> bool {
    if input.len() < DYNAMIC_MIN {
        encode_fixed(input, literal_prefix, s, out)
    } else {
        encode_planned(input, literal_prefix, s, out, true)
    }
}

/// The stored block of `input` (at most 65535 bytes) and the Adler-32, appended to `out`.
fn write_stored(input: &[u8], adler: [u8; 4], out: &mut Vec<u8>) {
    let n = input.len();
    let len = (n as u16).to_le_bytes();
    let nlen = (!(n as u16)).to_le_bytes();
    out.reserve(2 + 5 + n + 4);
    out.extend_from_slice(&[0x78, 0x9c, 0x01, len[0], len[1], nlen[0], nlen[1]]);
    out.extend_from_slice(input);
    out.extend_from_slice(&adler);
}

/// Bits of a stored block of `n` bytes: 3 header bits padded to a byte, LEN, NLEN, the bytes.
fn stored_bits(n: usize) -> u32 {
    8 + 32 + 8 * n as u32
}

/// Short inputs, which get a fixed-Huffman or a stored block: the parse is written out
/// as fixed codes while it is made (no symbol list, no frequencies), then replaced by a
/// stored block if that is smaller. Produces the same bytes as
/// `encode_planned(input, literal_prefix, s, out, false)`.
fn encode_fixed(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>) -> bool {
    let n = input.len();
    if n >= DYNAMIC_MIN || !load_input(&mut s.buf, input) {
        return false;
    }
    // BFINAL, BTYPE = 01 in the first 3 bits.
    let mut w = FixedWriter { buf: &mut s.fixed_out, pos: 0, acc: 0b011, nbits: 3 };
    lz77(&s.buf, n, literal_prefix, &mut s.chains, &mut w);
    w.put(0, 7); // end-of-block: seven 0 bits
    w.flush();
    let fixed_bits = w.pos * 8 + w.nbits as usize;
    let written = fixed_bits.div_ceil(8);
    if w.pos + 8 > FIXED_ROOM {
        return false;
    }
    let adler = adler32(input).to_be_bytes();
    if stored_bits(n) < fixed_bits as u32 {
        write_stored(input, adler, out);
    } else {
        out.reserve(2 + written + 4);
        out.extend_from_slice(&[0x78, 0x9c]);
        out.extend_from_slice(&w.buf[..written]);
        out.extend_from_slice(&adler);
    }
    true
}

/// Parses, then writes the cheapest of a stored, a fixed-Huffman and (when `dynamic`) a
/// dynamic-Huffman block.
fn encode_planned(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>, dynamic: bool) -> bool {
    let n = input.len();
    if n > SMALL_MAX {
        return false;
    }
    let nseq = parse(input, literal_prefix, s);

    // Extra bits of lengths and distances: the same for both Huffman block types.
    let mut extra = 0u32;
    for (&f, &e) in s.lit_freq[257..].iter().zip(LEN_EXTRA.iter()) {
        extra += f * u32::from(e);
    }
    extra += dot(&s.dist_freq, &DIST_EXTRA);
    let fixed_bits = 3 + extra + dot(&s.lit_freq, &FIXED_LIT_LEN) + dot(&s.dist_freq, &FIXED_DIST_LEN);
    let stored_bits = stored_bits(n);
    let plan = if dynamic { plan_dynamic(s) } else { None };
    let dynamic_bits = plan.as_ref().map_or(u32::MAX, |p| 3 + extra + p.bits);

    let start = out.len();
    let adler = adler32(input).to_be_bytes();
    if stored_bits < fixed_bits.min(dynamic_bits) {
        write_stored(input, adler, out);
        return true;
    }
    // Fixed wins ties: it needs no code tables.
    let dynamic = plan.filter(|_| dynamic_bits < fixed_bits);
    let body = (if dynamic.is_some() { dynamic_bits } else { fixed_bits }).div_ceil(8) as usize;
    // Header, body, and 8 bytes of room for the bit writer (the Adler-32 goes there).
    out.resize(start + 2 + body + 8, 0);
    let Some(buf) = out.get_mut(start..) else { return false };
    let (header, body_buf) = buf.split_at_mut(2);
    header.copy_from_slice(&[0x78, 0x9c]);
    let mut w = BitWriter { buf: body_buf, pos: 0, acc: 0, nbits: 0, overflow: false };
    let seq = &s.seq[..nseq.min(SMALL_MAX)];
    if let Some(plan) = dynamic {
        make_table(&s.lit_len, &mut s.lit_tab);
        make_table(&s.dist_len, &mut s.dist_tab);
        make_table(&s.cl_len, &mut s.cl_tab);
        w.put(0b101, 3); // BFINAL, BTYPE = 10
        w.put((plan.hlit - 257) as u64, 5);
        w.put((plan.hdist - 1) as u64, 5);
        w.put((plan.hclen - 4) as u64, 4);
        w.flush();
        for &sym in CL_ORDER.iter().take(plan.hclen) {
            w.put(u64::from(s.cl_len[sym]), 3);
            w.flush();
        }
        for &item in s.cl_items.iter().take(plan.n_items) {
            let sym = usize::from(item & 31);
            let e = s.cl_tab.get(sym).copied().unwrap_or(0);
            let extra_bits = CL_EXTRA.get(sym).copied().unwrap_or(0);
            w.put(u64::from(e & 0xffff) | u64::from(item >> 5) << (e >> 16), (e >> 16) + extra_bits);
            w.flush();
        }
        write_symbols(&mut w, seq, &s.lit_tab, &s.dist_tab);
    } else {
        w.put(0b011, 3); // BFINAL, BTYPE = 01
        write_symbols(&mut w, seq, &FIXED_LIT, &FIXED_DIST);
    }
    let written = w.finish();
    if w.overflow || written != body {
        return false;
    }
    out.truncate(start + 2 + body);
    out.extend_from_slice(&adler);
    true
}

/// Inflates a zlib stream, refusing to produce more than `limit` bytes. A stream that
/// would inflate past the limit is rejected as soon as the limit is crossed, without
/// inflating the rest.
pub fn zlib_inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    crate::with_local(&DECOMPRESS, |d| {
        let d = d.get_or_insert_with(|| Decompress::new(true));
        d.reset(true);
        // (Saturating, and `max` before `min`: a limit below 63 must not panic.)
        let mut out = Vec::with_capacity(input.len().saturating_mul(4).max(64).min(limit.saturating_add(1)));
        loop {
            let consumed = d.total_in() as usize;
            let produced = out.len();
            let status = d
                .decompress_vec(&input[consumed..], &mut out, FlushDecompress::Finish)
                .map_err(|e| DecodeError::new(format!("token payload is not a valid zlib stream ({e})")))?;
            if out.len() > limit {
                return Err(DecodeError::new(format!("token payload inflates to more than {limit} bytes; refusing it")));
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
                        // Doubling, but never past the limit (+1 to detect crossing it):
                        // `reserve_exact`, since `reserve` may round up to twice the need.
                        out.reserve_exact(out.capacity().min(limit.saturating_add(1) - out.len()).max(64));
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
    use std::io::Read;

    use super::*;

    /// Inflates with flate2's own zlib decoder (not through `zlib_inflate`).
    fn flate2_inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).expect("flate2 rejected our stream");
        out
    }

    fn compress(input: &[u8]) -> Vec<u8> {
        let mut z = Vec::new();
        zlib_compress(input, &mut z);
        z
    }

    /// Compresses, checks the stream with both inflaters, returns it.
    fn check(input: &[u8]) -> Vec<u8> {
        let z = compress(input);
        assert_eq!(&z[..2], &[0x78, 0x9c]);
        assert_eq!(flate2_inflate(&z), input, "flate2 round trip, input of {} bytes", input.len());
        assert_eq!(zlib_inflate(&z, input.len()).unwrap(), input);
        z
    }

    /// The small encoder's output, from a fresh scratch.
    fn small(input: &[u8]) -> Vec<u8> {
        let mut s = Scratch::new().unwrap();
        let mut z = Vec::new();
        assert!(encode(input, 0, &mut s, &mut z), "small encoder failed on {} bytes", input.len());
        z
    }

    fn flate2_only(input: &[u8]) -> Vec<u8> {
        let mut z = Vec::new();
        flate2_compress(input, &mut z);
        z
    }

    /// BTYPE of the (single) block: 0 stored, 1 fixed, 2 dynamic.
    fn block_type(z: &[u8]) -> u8 {
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
            assert_eq!(z, small(at_max), "SMALL_MAX bytes go through the small encoder");
            let over = &data[..SMALL_MAX + 1];
            let z = check(over);
            assert_eq!(z, flate2_only(over), "SMALL_MAX + 1 bytes go to flate2");
        }
    }

    /// The one-pass fixed-Huffman writer and the record-then-plan path (dynamic blocks
    /// off) produce the same bytes for every input short enough for the former.
    #[test]
    fn one_pass_fixed_matches_planned() {
        let mut rng = gen::Rng::new(11);
        let mut s = Scratch::new().unwrap();
        let mut input = Vec::new();
        let (mut stored, mut fixed) = (0, 0);
        for i in 0..20_000 {
            match i % 3 {
                0 => gen::token_payload(&mut rng, &mut input),
                1 => gen::arbitrary(&mut rng, &mut input, DYNAMIC_MIN - 1),
                _ => {
                    input.clear();
                    let n = rng.below(DYNAMIC_MIN as u64) as usize;
                    input.extend((0..n).map(|_| b"ab0"[rng.below(3) as usize]));
                }
            }
            input.truncate(DYNAMIC_MIN - 1);
            let prefix = [0, 0, 68, rng.below(700) as usize][i % 4];
            let (mut a, mut b) = (b"x".to_vec(), b"x".to_vec());
            assert!(encode_fixed(&input, prefix, &mut s, &mut a));
            assert!(encode_planned(&input, prefix, &mut s, &mut b, false));
            assert_eq!(a, b, "input {i} of {} bytes, literal prefix {prefix}", input.len());
            assert_eq!(flate2_inflate(&a[1..]), input);
            match block_type(&a[1..]) {
                0 => stored += 1,
                _ => fixed += 1,
            }
        }
        assert!(stored > 100 && fixed > 100, "stored {stored}, fixed {fixed}");
    }

    #[test]
    fn chooses_each_block_type() {
        let mut rng = gen::Rng::new(5);
        // Random bytes: stored, 11 bytes of framing.
        let mut random = Vec::new();
        rng.bytes(&mut random, 1000);
        let z = check(&random);
        assert_eq!((block_type(&z), z.len()), (0, 1000 + 11));
        // A typical token payload: fixed.
        let mut token = Vec::new();
        loop {
            gen::token_payload(&mut rng, &mut token);
            if (250..350).contains(&token.len()) {
                break;
            }
        }
        assert_eq!(block_type(&check(&token)), 1);
        // Skewed text: dynamic.
        let text: Vec<u8> = (0..3000).map(|_| b"eeeeeeetttaaoinshrdlu"[rng.below(21) as usize]).collect();
        assert_eq!(block_type(&check(&text)), 2);
    }

    /// Cost of an optimal prefix code for the counts `w` (zeros ignored): the sum of the
    /// weights of the internal nodes of a Huffman tree; a lone symbol costs one bit each.
    fn huffman_cost(w: &mut [u32]) -> u32 {
        w.sort_unstable();
        let mut k = w.iter().position(|&x| x != 0).unwrap_or(w.len());
        if k + 1 >= w.len() {
            return w.get(k).copied().unwrap_or(0);
        }
        let mut cost = 0u32;
        while k + 1 < w.len() {
            // Merge the two lightest, then move the sum to its place (the rest is sorted).
            let merged = w[k].saturating_add(w[k + 1]);
            cost = cost.saturating_add(merged);
            k += 1;
            let mut j = k;
            while j + 1 < w.len() && w[j + 1] < merged {
                w[j] = w[j + 1];
                j += 1;
            }
            w[j] = merged;
        }
        cost
    }

    /// The straightforward run-length coder that `rle_lengths` must agree with.
    fn rle_reference(lens: &[u8], items: &mut [u16; SYM_ROOM], k: &mut usize, freq: &mut [u32; 32]) -> u32 {
        let mut extra_bits = 0u32;
        let mut push = |sym: usize, extra: usize, k: &mut usize| {
            items[*k & (SYM_ROOM - 1)] = (extra << 5 | sym) as u16;
            *k += 1;
            freq[sym & 31] += 1;
        };
        let n = lens.len();
        let mut i = 0;
        while i < n {
            let v = lens[i];
            let mut j = i + 1;
            while j < n && lens[j] == v {
                j += 1;
            }
            let mut run = j - i;
            i = j;
            if v == 0 {
                while run >= 11 {
                    let r = run.min(138);
                    push(18, r - 11, k);
                    extra_bits += 7;
                    run -= r;
                }
                if run >= 3 {
                    push(17, run - 3, k);
                    extra_bits += 3;
                    run = 0;
                }
            } else {
                push(usize::from(v), 0, k);
                run -= 1;
                while run >= 3 {
                    let r = run.min(6);
                    push(16, r - 3, k);
                    extra_bits += 2;
                    run -= r;
                }
            }
            for _ in 0..run {
                push(usize::from(v), 0, k);
            }
        }
        extra_bits
    }

    #[test]
    fn run_length_coding_matches_reference() {
        let mut rng = gen::Rng::new(8);
        for round in 0..20000 {
            let n = 1 + rng.below(if round % 2 == 0 { 30 } else { 300 }) as usize;
            let mut lens = Vec::with_capacity(n);
            while lens.len() < n {
                let v = if rng.below(3) == 0 { 0 } else { rng.below(16) as u8 };
                let scale = [3, 8, 20, 160][rng.below(4) as usize];
                let r = 1 + rng.below(scale) as usize;
                lens.extend(std::iter::repeat_n(v, r.min(n - lens.len())));
            }
            let mut a = [0u16; SYM_ROOM];
            let mut ka = 3;
            rle_lengths(&lens, &mut a, &mut ka);
            let mut b = [0u16; SYM_ROOM];
            let mut kb = 3;
            let mut freq = [0u32; 32];
            rle_reference(&lens, &mut b, &mut kb, &mut freq);
            assert_eq!(&a[3..ka], &b[3..kb], "{lens:?}");
        }
    }

    fn kraft_ok(lens: &[u8], limit: u8) {
        let sum: u64 = lens.iter().filter(|&&l| l != 0).map(|&l| 1u64 << (limit - l)).sum();
        assert!(lens.iter().all(|&l| l <= limit), "a length over {limit}: {lens:?}");
        assert_eq!(sum, 1u64 << limit, "not a complete code: {lens:?}");
    }

    #[test]
    fn code_lengths_are_limited_and_complete() {
        let mut s = Scratch::new().unwrap();
        // Fibonacci weights give a Huffman tree as deep as there are symbols.
        let mut fib = [0u32; NUM_LITLEN];
        let (mut a, mut b) = (1u32, 1u32);
        for f in fib.iter_mut().take(26) {
            *f = a;
            (a, b) = (b, a + b);
        }
        let mut lens = [0u8; NUM_LITLEN];
        assert!(build_lengths(&fib, None, 15, &mut lens, &mut s.huff));
        kraft_ok(&lens, 15);
        assert!(lens[..26].iter().all(|&l| l > 0) && lens[26..].iter().all(|&l| l == 0));
        let mut cl = [0u8; NUM_CL];
        assert!(build_lengths(&fib[..NUM_CL], None, 7, &mut cl, &mut s.huff));
        kraft_ok(&cl, 7);
        // Random frequency sets, some with a single used symbol.
        let mut rng = gen::Rng::new(3);
        for round in 0..3000 {
            let n = [2usize, 19, 30, 286][round % 4];
            let mut freq = vec![0u32; n];
            let used = 1 + rng.below(n as u64) as usize;
            for _ in 0..used {
                let i = rng.below(n as u64) as usize;
                let scale = 1u64 << rng.below(14);
                freq[i] += 1 + rng.below(scale) as u32;
            }
            let limit = if n == 19 { 7 } else { 15 };
            let mut lens = vec![0u8; n];
            assert!(build_lengths(&freq, None, limit as usize, &mut lens, &mut s.huff));
            kraft_ok(&lens, limit);
            let nonzero = freq.iter().filter(|&&f| f != 0).count();
            for (i, (&f, &l)) in freq.iter().zip(&lens).enumerate() {
                if nonzero >= 2 {
                    assert_eq!(f != 0, l != 0, "symbol {i}: freq {f}, len {l}");
                } else if f != 0 {
                    assert_eq!(l, 1);
                }
            }
            // The code is optimal: its cost is the Huffman cost (when not limited).
            if lens.iter().all(|&l| l < limit) && nonzero >= 2 {
                let mut w: Vec<u32> = freq.iter().copied().filter(|&f| f != 0).collect();
                let cost: u64 = freq.iter().zip(&lens).map(|(&f, &l)| u64::from(f) * u64::from(l)).sum();
                assert_eq!(cost, u64::from(huffman_cost(&mut w)), "{freq:?}");
            }
        }
    }

    #[test]
    fn adler32_matches_definition() {
        let mut rng = gen::Rng::new(1);
        for len in [0usize, 1, 15, 16, 17, 5551, 5552, 5553, 20000] {
            let mut data = Vec::new();
            rng.bytes(&mut data, len);
            let (mut a, mut b) = (1u64, 0u64);
            for &x in &data {
                a = (a + u64::from(x)) % 65521;
                b = (b + a) % 65521;
            }
            assert_eq!(adler32(&data), (b << 16 | a) as u32, "len {len}");
            let ff = vec![0xffu8; len];
            let (mut a, mut b) = (1u64, 0u64);
            for &x in &ff {
                a = (a + u64::from(x)) % 65521;
                b = (b + a) % 65521;
            }
            assert_eq!(adler32(&ff), (b << 16 | a) as u32, "len {len} of 0xff");
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

    /// Payload generators, shared with the other deflate tests.
    #[allow(dead_code)]
    pub(super) mod gen {
        include!("../tests/support/payloads.rs");
    }
}
