//! LZ77: the parse of the input into literals and matches, and the sinks that take it.

use super::*;

/// Room after the input copy in `Scratch::buf`, so that 4- and 8-byte loads at any
/// position of the input stay inside the buffer.
pub(super) const PAD: usize = 16;

/// The 4 bytes at `p` (little-endian); `p` is below the input length, so this is in
/// the buffer.
#[inline(always)]
pub(super) fn load32(buf: &[u8; SMALL_MAX + PAD], p: usize) -> u32 {
    let p = p & (SMALL_MAX - 1);
    let mut b = [0u8; 4];
    b.copy_from_slice(&buf[p..p + 4]);
    u32::from_le_bytes(b)
}

/// The 8 bytes at `p` (little-endian), `p` below the input length.
#[inline(always)]
pub(super) fn load64(buf: &[u8; SMALL_MAX + PAD], p: usize) -> u64 {
    let p = p & (SMALL_MAX - 1);
    let mut b = [0u8; 8];
    b.copy_from_slice(&buf[p..p + 8]);
    u64::from_le_bytes(b)
}

/// Hash of the 4 bytes in `v`, below `HASH_SIZE`.
#[inline(always)]
pub(super) fn hash4(v: u32) -> usize {
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize & (HASH_SIZE - 1)
}

/// Length of the common prefix of the input at `a` and at `b`, at most `max`
/// (`b + max` is within the input, `a < b`).
#[inline(always)]
pub(super) fn common_len(buf: &[u8; SMALL_MAX + PAD], a: usize, b: usize, max: usize) -> usize {
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
pub(super) fn longest(
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
    // Candidates checked since the last improvement (or, for a lazy look, since the
    // start): runs of repeated fixed-size entries (privileges, permission names) put
    // many equally long candidates on a chain, and past a few of them a longer match is
    // rarely found.
    let mut stale = 0u32;
    while cand != 0 && chain != 0 && stale < GIVE_UP {
        let c = cand - 1; // always < p
        if load32(buf, c) == v && buf.get(c + best).copied() == probe {
            let l = common_len(buf, c, p, max_len);
            if l > best {
                best = l;
                best_dist = p.saturating_sub(c);
                stale = 0;
                if l >= max_len {
                    break;
                }
                probe = buf.get(p + best).copied();
            }
        }
        chain -= 1;
        if best_dist != 0 || better_than != 0 {
            stale += 1;
        }
        cand = usize::from(prev[c & (SMALL_MAX - 1)]);
    }
    if best_dist == 0 {
        (0, 0)
    } else {
        (best, best_dist)
    }
}

/// What the LZ77 parse produces, item by item.
pub(super) trait Sink {
    fn literal(&mut self, byte: u8);
    /// A run of literals, in order.
    #[inline(always)]
    fn literals(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.literal(b);
        }
    }
    /// A match of `len` (3..=258) bytes at distance `dist` (1..=SMALL_MAX).
    fn matched(&mut self, len: usize, dist: usize);
    /// An entry of a run: a literal, then the same match as the last one, again.
    #[inline(always)]
    fn entry(&mut self, byte: u8, len: usize, dist: usize) {
        self.literal(byte);
        self.matched(len, dist);
    }
}

/// Copies `input` into `buf` followed by `PAD` zero bytes; false if it does not fit.
pub(super) fn load_input(buf: &mut [u8; SMALL_MAX + PAD], input: &[u8]) -> bool {
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
///
/// With `REPEAT`, a position whose bytes match those at the last searched match's
/// distance for exactly that match's length takes that match without a search, and the
/// positions it covers are not indexed: the next entry of a run is found by the repeat
/// again, and where the run breaks, a search still finds the entries' first positions.
/// (Indexing them cost about a third of the time on runs of RTM2 names, for 0.2-0.5%
/// of size.)
#[inline(always)]
pub(super) fn lz77<S: Sink, const REPEAT: bool>(
    buf: &[u8; SMALL_MAX + PAD],
    n: usize,
    literal_prefix: usize,
    chains: &mut Chains,
    sink: &mut S,
) {
    let n = n.min(SMALL_MAX);
    if chains.base > u32::MAX - 2 * SMALL_MAX as u32 {
        chains.head.fill(0);
        chains.base = 0;
    }
    let base = chains.base;
    // Positions below `hashable` have the 3 bytes a match needs (a 4-byte key reads
    // one padding byte at the last of them; matches are still measured within `n`).
    let hashable = n.saturating_sub(MIN_MATCH - 1);
    // Literals are handed over as runs (from `run` to `i`), not one at a time, so that
    // the loop over positions carries no sink state and a writer can code several
    // literals per store.
    let mut run = 0usize;
    let mut i = n.min(literal_prefix);
    // The last match found by a search, whose distance and length are taken again at
    // once where they match again.
    let (mut rep, mut rep_len) = (0usize, 0usize);
    while i < hashable {
        let v = load32(buf, i);
        let h = hash4(v);
        let cand = chains.head[h].saturating_sub(base) as usize;
        chains.head[h] = base + i as u32 + 1;
        chains.prev[i & (SMALL_MAX - 1)] = cand as u16;
        if REPEAT && rep != 0 && rep <= i && load32(buf, i - rep) == v {
            let len = common_len(buf, i - rep, i, n.saturating_sub(i).min(MAX_MATCH));
            if len == rep_len {
                sink.literals(&buf[run..i]);
                sink.matched(len, rep);
                i = entries(buf, n, chains, i + len, (rep, rep_len), sink);
                run = i;
                continue;
            }
        }
        if cand != 0 {
            if let Some((start, len, dist)) = matches_at(buf, n, chains, i, v, cand) {
                sink.literals(&buf[run..start]);
                sink.matched(len, dist);
                i = start + len;
                run = i;
                (rep, rep_len) = (dist, len);
                continue;
            }
        }
        i += 1;
    }
    sink.literals(&buf[run..n]);
    chains.base = base + n as u32 + 1;
}

/// A run of entries after a repeated match that ended at `i`: while the next position
/// has no chain to search and the one after it repeats the match (one literal, then
/// the match again, as in runs of privileges or RTM2 names), takes the two at once.
/// Returns the position where that stops, not yet inserted, with nothing pending.
///
/// It does what the loop in [`lz77`](fn@lz77) does at those two positions (insert the first,
/// which neither repeats nor has a chain, as a literal; insert the second, repeated),
/// in a loop that carries less: the parse is the same.
#[inline(always)]
fn entries<S: Sink>(
    buf: &[u8; SMALL_MAX + PAD],
    n: usize,
    chains: &mut Chains,
    mut i: usize,
    (rep, rep_len): (usize, usize),
    sink: &mut S,
) -> usize {
    let base = chains.base;
    let hashable = n.saturating_sub(MIN_MATCH - 1);
    while i + 1 < hashable && rep <= i {
        let v = load32(buf, i);
        let h = hash4(v);
        if chains.head[h] > base || load32(buf, i - rep) == v {
            break;
        }
        let j = i + 1;
        let w = load32(buf, j);
        if load32(buf, j - rep) != w || common_len(buf, j - rep, j, n.saturating_sub(j).min(MAX_MATCH)) != rep_len {
            break;
        }
        chains.head[h] = base + i as u32 + 1;
        chains.prev[i & (SMALL_MAX - 1)] = 0;
        let h = hash4(w);
        let cand = chains.head[h].saturating_sub(base);
        chains.head[h] = base + j as u32 + 1;
        chains.prev[j & (SMALL_MAX - 1)] = cand as u16;
        sink.entry(buf[i & (SMALL_MAX - 1)], rep_len, rep);
        i = j + rep_len;
    }
    i
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
pub(super) fn matches_at(
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

/// The parse item of a match (see `Scratch::seq`).
#[inline(always)]
fn match_item(len: usize, dist: usize) -> u32 {
    let l = (len - MIN_MATCH) & 0xff;
    let k = usize::from(LEN_CODE[l] & 31);
    let (dc, _, dv) = dist_code(dist as u32);
    let lv = (l as u32).wrapping_sub(u32::from(LEN_BASE[k])) & 31;
    (257 + k) as u32 | (dc as u32 & 31) << 9 | lv << 14 | (dv & 0x1fff) << 19
}

/// Records the parse for a block whose code is chosen afterwards: each item with its
/// symbols and extra bits (see `Scratch::seq`), the symbol frequencies, and the
/// literal/length symbols in order of first use.
pub(super) struct Recorder<'a> {
    pub(super) seq: &'a mut [u32; SMALL_MAX],
    pub(super) nseq: usize,
    pub(super) lit_freq: &'a mut [u32; NUM_LITLEN],
    pub(super) lit_used: &'a mut [u16; SYM_ROOM],
    pub(super) nu: usize,
    pub(super) dist_freq: &'a mut [u32; NUM_DIST],
    /// The last match's length and distance (`len << 16 | dist`), and its item: runs of
    /// entries repeat the same match, which is then not coded again.
    pub(super) last: (u32, u32),
    /// Entries recorded by [`Sink::entry`] whose match (`last`) is not counted yet.
    pub(super) uncounted: u32,
}

impl Recorder<'_> {
    /// Counts the matches of the entries recorded since the last match changed.
    #[inline(always)]
    pub(super) fn count_entries(&mut self) {
        let item = self.last.1;
        // The match was counted (and listed) by `matched` before its entries.
        self.lit_freq[(item & 0x1ff) as usize % NUM_LITLEN] += self.uncounted;
        self.dist_freq[((item >> 9) & 31) as usize] += self.uncounted;
        self.uncounted = 0;
    }
    /// Counts a literal/length symbol, listing it when first seen (without a branch).
    #[inline(always)]
    pub(super) fn count(&mut self, sym: usize) {
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
        let key = (len as u32) << 16 | dist as u32;
        if key != self.last.0 {
            self.count_entries();
            self.last = (key, match_item(len, dist));
        }
        let item = self.last.1;
        self.count((item & 0x1ff) as usize);
        self.dist_freq[((item >> 9) & 31) as usize] += 1;
        self.seq[self.nseq & (SMALL_MAX - 1)] = item;
        self.nseq += 1;
    }

    /// The literal, and the last match again; its count waits for [`Recorder::count_entries`].
    #[inline(always)]
    fn entry(&mut self, byte: u8, len: usize, dist: usize) {
        self.literal(byte);
        if (len as u32) << 16 | dist as u32 != self.last.0 {
            self.matched(len, dist);
            return;
        }
        self.seq[self.nseq & (SMALL_MAX - 1)] = self.last.1;
        self.nseq += 1;
        self.uncounted += 1;
    }
}

/// Parses `input` (at most `SMALL_MAX` bytes) into `s.seq` and fills the symbol
/// frequencies, with repeated matches taken without a search when `repeat` (see
/// [`lz77`](fn@lz77)). Returns the number of items in `s.seq`.
pub(super) fn parse(input: &[u8], literal_prefix: usize, s: &mut Scratch, repeat: bool) -> usize {
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
    let mut r = Recorder { seq, nseq: 0, lit_freq, lit_used, nu: 1, dist_freq, last: (0, 0), uncounted: 0 };
    if repeat {
        lz77::<_, true>(buf, n, literal_prefix, chains, &mut r);
    } else {
        lz77::<_, false>(buf, n, literal_prefix, chains, &mut r);
    }
    r.count_entries();
    *n_lit_used = r.nu.min(NUM_LITLEN);
    r.nseq
}

/// Writes the parse straight out as fixed-Huffman codes, for the one-pass fixed block.
pub(super) struct FixedWriter<'a>(pub(super) BitWriter<'a>);

impl Sink for FixedWriter<'_> {
    #[inline(always)]
    fn literal(&mut self, byte: u8) {
        let e = FIXED_LIT[usize::from(byte)];
        self.0.put(u64::from(e & 0xffff), code_len(e));
        self.0.flush();
    }

    /// Up to six literals (at most 54 bits) per store: the codes of a group are joined
    /// apart from the bit accumulator, whose shift-and-store chain is what a run of
    /// single literals waits on.
    #[inline(always)]
    fn literals(&mut self, bytes: &[u8]) {
        for group in bytes.chunks(6) {
            let (mut v, mut n) = (0u64, 0u32);
            for &b in group {
                let e = FIXED_LIT[usize::from(b)];
                v |= u64::from(e & 0xffff) << n;
                n += code_len(e);
            }
            self.0.put(v, n);
            self.0.flush();
        }
    }

    #[inline(always)]
    fn matched(&mut self, len: usize, dist: usize) {
        let l = (len - MIN_MATCH) & 0xff;
        let k = usize::from(LEN_CODE[l] & 31);
        let e = FIXED_LIT[(257 + k) % NUM_LITLEN];
        let lv = (l as u32).wrapping_sub(u32::from(LEN_BASE[k])) & 31;
        let n1 = coded_len(e);
        let v1 = u64::from(e & 0xffff) | u64::from(lv) << code_len(e);
        let (dc, dn, dv) = dist_code(dist as u32);
        let d = FIXED_DIST[dc & (NUM_DIST - 1)];
        let v2 = u64::from(d & 0xffff) | u64::from(dv & 0x1fff) << 5;
        self.0.put(v1 | v2 << n1, n1 + 5 + dn);
        self.0.flush();
    }
}
