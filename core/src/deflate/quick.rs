//! A fast inflater for the zlib streams tokens carry, tried before zlib-rs.
//!
//! It inflates only what it can be sure zlib inflates to the same bytes: a zlib header zlib
//! accepts, fixed and dynamic Huffman blocks whose codes are complete, no reserved symbols,
//! no distance before the start of the output or beyond the header's window, the Adler-32
//! matching, and nothing after the stream. On anything else (a stored block, an incomplete
//! or over-subscribed code, a truncated or corrupt stream, output past the limit) it gives
//! up and returns `None`, and [`super::zlib_inflate`] hands the stream to zlib-rs, which
//! decides and words the error. So every error, and every odd-but-valid stream, is zlib's.
//!
//! Where its speed comes from: a 64-bit bit buffer refilled eight bytes at a time, one
//! table lookup per code (two for a code longer than the first-level table), and copies in
//! eight-byte words. And one thing general inflaters do not do: a token's repeated entries
//! (privileges, RTM2 resource names) compress to a literal or two followed by the same
//! match again and again, so after each match the decoder keeps the match's bits, and when
//! the next bits are the same it copies the same length from the same distance without
//! decoding them (the same bits under the same codes decode to the same match). Runs of
//! privilege entries (a literal, then the match again from one entry back) go to a loop of
//! their own, `entry_run`, which writes each entry as one word; runs of literals to
//! another, `literal_run`, which takes a fixed block's literals two at a time (both loops
//! in `quick_runs.rs`).
//!
//! A [`Watch`] sees the output during such runs: a 007 verify hashes the signed bytes
//! there while they inflate (see `v007::decode_with_mac`).

use std::cell::RefCell;
use std::sync::OnceLock;

use super::tables::{CL_ORDER, DIST_EXTRA, FIXED_LIT_LEN, LEN_BASE, LEN_EXTRA, NUM_CL};

/// First-level table bits of the literal/length and distance codes; longer codes take a
/// second lookup in a subtable.
const LIT_BITS: u32 = 10;
const DIST_BITS: u32 = 8;
/// Table sizes: the first level, plus room for every subtable a complete code can need
/// (zlib's bounds for these table bits, 1332 and 402, rounded up).
const LIT_TABLE: usize = 1336;
const DIST_TABLE: usize = 408;
/// Slack after the output limit: a match may be written in eight-byte words past its end.
const SLACK: usize = 16;

// A table entry: the value in the high 16 bits (a literal byte, a length or distance base,
// or a subtable's offset), the kind, the extra-bit count (a subtable's index bits for a
// link) and, in the low 6 bits, the code's length (for an entry in a subtable, the whole
// code's length), so that the bit buffer shifts by the entry itself.
const LITERAL: u32 = 0;
const LENGTH: u32 = 1;
const END: u32 = 2;
const LINK: u32 = 3;
const BAD: u32 = 4;

const fn entry(value: u32, kind: u32, extra: u32, len: u32) -> u32 {
    value << 16 | kind << 12 | extra << 8 | len
}
#[inline(always)]
fn kind(e: u32) -> u32 {
    (e >> 12) & 0xf
}
#[inline(always)]
fn extra(e: u32) -> u32 {
    (e >> 8) & 0xf
}
#[inline(always)]
fn code_len(e: u32) -> u32 {
    e & 63
}
#[inline(always)]
fn value(e: u32) -> u32 {
    e >> 16
}
#[inline(always)]
fn low(bits: u64, n: u32) -> u64 {
    bits & ((1u64 << n) - 1)
}

/// The longest first-level table, and each number below 2^MAX_BITS with its MAX_BITS bits
/// reversed.
const MAX_BITS: u32 = LIT_BITS;
const REVERSED: [u16; 1 << MAX_BITS] = {
    let mut t = [0u16; 1 << MAX_BITS];
    let mut x = 0;
    while x < t.len() {
        t[x] = ((x as u32).reverse_bits() >> (32 - MAX_BITS)) as u16;
        x += 1;
    }
    t
};

/// The entry of each literal/length symbol (286 and 287 are reserved), without its length.
const LIT_ENTRIES: [u32; 288] = {
    let mut t = [0u32; 288];
    let mut sym = 0;
    while sym < 288 {
        t[sym] = match sym {
            0..=255 => entry(sym as u32, LITERAL, 0, 0),
            256 => entry(0, END, 0, 0),
            257..=285 => entry(LEN_BASE[sym - 257] as u32 + 3, LENGTH, LEN_EXTRA[sym - 257] as u32, 0),
            _ => entry(0, BAD, 0, 0),
        };
        sym += 1;
    }
    t
};

/// The entry of each distance symbol (30 and 31 are reserved), without its length.
const DIST_ENTRIES: [u32; 32] = {
    let mut t = [0u32; 32];
    let mut sym = 0;
    while sym < 32 {
        t[sym] = if sym < 30 {
            let base = if sym < 4 { sym as u32 + 1 } else { ((2 | (sym as u32 & 1)) << (sym / 2 - 1)) + 1 };
            entry(base, LENGTH, DIST_EXTRA[sym] as u32, 0)
        } else {
            entry(0, BAD, 0, 0)
        };
        sym += 1;
    }
    t
};

/// The entry of each code-length symbol (its value), without its length.
const CL_ENTRIES: [u32; NUM_CL] = {
    let mut t = [0u32; NUM_CL];
    let mut sym = 0;
    while sym < NUM_CL {
        t[sym] = entry(sym as u32, LITERAL, 0, 0);
        sym += 1;
    }
    t
};

/// Fills `table` with the decoding table of the code with these lengths (one per symbol,
/// 0 for unused), `bits` at the first level. `None` unless the code is complete.
fn build(lens: &[u8], bits: u32, table: &mut [u32], entries: &[u32]) -> Option<()> {
    debug_assert!(bits <= MAX_BITS);
    // Counted and sorted in four interleaved quarters: one counter or offset incremented
    // symbol after symbol waits for its own last store each time.
    let q = lens.len().div_ceil(4);
    let quarters: [&[u8]; 4] = std::array::from_fn(|k| &lens[(k * q).min(lens.len())..((k + 1) * q).min(lens.len())]);
    let mut counts = [[0u16; 16]; 4];
    for i in 0..q {
        for (c, part) in counts.iter_mut().zip(quarters) {
            if let Some(&l) = part.get(i) {
                c[l as usize & 15] += 1;
            }
        }
    }
    let mut count = [0u16; 16];
    for l in 1..16 {
        count[l] = counts[0][l] + counts[1][l] + counts[2][l] + counts[3][l];
    }
    // Complete: the codes fill the code space exactly (Kraft's sum is 1).
    let mut left: i32 = 1;
    for &c in &count[1..] {
        left = (left << 1) - c as i32;
        if left < 0 {
            return None;
        }
    }
    if left != 0 {
        return None;
    }
    // The symbols in canonical order (by length, then symbol), each quarter from its own
    // offsets.
    let mut offs = [[0u16; 16]; 4];
    let mut start = 0u16;
    for l in 1..16 {
        for k in 0..4 {
            offs[k][l] = start;
            start += counts[k][l];
        }
    }
    let mut sorted = [0u16; 288];
    for i in 0..q {
        for (k, (off, part)) in offs.iter_mut().zip(quarters).enumerate() {
            if let Some(&l) = part.get(i) {
                if l != 0 {
                    let at = &mut off[l as usize & 15];
                    sorted[*at as usize % 288] = (k * q + i) as u16;
                    *at += 1;
                }
            }
        }
    }
    let n = start as usize;
    let size = 1usize << bits;
    // Codes that fit the first level, length by length: each goes to every slot whose low
    // bits are its bit-reversed code. In canonical order, the first 2^l slots are filled for
    // the codes of up to l bits once those are placed; doubling that part then repeats them
    // for l + 1 bits, where the codes of l + 1 bits go into the slots no shorter code took.
    // The codes of one length are consecutive numbers, each reversed on its own through a
    // table (counting a reversed code up, one from the other, made a chain of about ten
    // cycles per code).
    let mut code: u32 = 0;
    let mut i = 0;
    let mut filled = 0;
    for len in 1..=bits {
        let count = count[len as usize] as usize;
        if count > 0 {
            if i == 0 {
                filled = len;
            }
            while filled < len {
                table.copy_within(..1 << filled, 1 << filled);
                filled += 1;
            }
            for (k, &sym) in sorted[i..i + count].iter().enumerate() {
                let rev = REVERSED[(((code + k as u32) << (MAX_BITS - len)) as usize) % REVERSED.len()];
                table[rev as usize] = entries[sym as usize] | len;
            }
            i += count;
        }
        code = (code + count as u32) << 1;
    }
    while filled < bits {
        table.copy_within(..1 << filled, 1 << filled);
        filled += 1;
    }
    // `code` is now the first code of `bits + 1` bits; the first longer code in use (the
    // lengths between have none) is it with zeros appended.
    let len = sorted[..n].get(i).map_or(bits + 1, |&sym| lens[sym as usize] as u32);
    let mut c = Canonical { sorted: &sorted[..n], lens, i, code: code << (len - bits - 1), len };
    // Longer codes: those sharing their first `bits` bits (consecutive in canonical order)
    // get one subtable, sized for the longest of them.
    let mut next_free = size;
    while !c.done() {
        let prefix = c.code >> (c.len - bits);
        let mut scan = c;
        let mut last_len = c.len;
        while !scan.done() && scan.code >> (scan.len - bits) == prefix {
            last_len = scan.len;
            scan.advance();
        }
        let sub = last_len - bits;
        if next_free + (1 << sub) > table.len() {
            return None;
        }
        table[reverse(prefix, bits) as usize] = entry(next_free as u32, LINK, sub, bits);
        while c.i < scan.i {
            let e = entries[c.symbol()] | c.len;
            let own = c.len - bits;
            let mut slot = reverse(c.code & ((1 << own) - 1), own) as usize;
            while slot < 1 << sub {
                table[next_free + slot] = e;
                slot += 1 << own;
            }
            c.advance();
        }
        next_free += 1 << sub;
    }
    Some(())
}

/// A canonical Huffman code's codes in order: the symbol at `sorted[i]`, its code (most
/// significant bit first) and length.
#[derive(Clone, Copy)]
struct Canonical<'a> {
    sorted: &'a [u16],
    lens: &'a [u8],
    i: usize,
    code: u32,
    len: u32,
}

impl Canonical<'_> {
    fn done(&self) -> bool {
        self.i >= self.sorted.len()
    }

    fn symbol(&self) -> usize {
        self.sorted[self.i] as usize
    }

    /// To the next code: one more, with zeros appended when it is longer.
    fn advance(&mut self) {
        self.i += 1;
        self.code += 1;
        if let Some(&s) = self.sorted.get(self.i) {
            let next = self.lens[s as usize] as u32;
            self.code <<= next - self.len;
            self.len = next;
        }
    }
}

fn reverse(code: u32, len: u32) -> u32 {
    code.reverse_bits() >> (32 - len)
}

struct Tables {
    lit: [u32; LIT_TABLE],
    dist: [u32; DIST_TABLE],
}

impl Default for Tables {
    fn default() -> Self {
        Tables { lit: [0; LIT_TABLE], dist: [0; DIST_TABLE] }
    }
}

fn fixed() -> &'static Tables {
    static FIXED: OnceLock<Box<Tables>> = OnceLock::new();
    FIXED.get_or_init(|| {
        let mut t = Box::<Tables>::default();
        let built =
            build(&FIXED_LIT_LEN, LIT_BITS, &mut t.lit, &LIT_ENTRIES).and_then(|()| build(&[5; 32], DIST_BITS, &mut t.dist, &DIST_ENTRIES));
        debug_assert!(built.is_some(), "the fixed codes are complete");
        t
    })
}

#[derive(Default)]
struct Scratch {
    tables: Tables,
    out: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Option<Box<Scratch>>> = const { RefCell::new(None) };
}

/// The input as bits, least significant first, refilled eight bytes at a time. Reading
/// past the end yields zero bits; `overrun` says whether any of those were consumed.
#[derive(Clone, Copy)]
struct Bits<'a> {
    input: &'a [u8],
    /// The next byte to load.
    pos: usize,
    buf: u64,
    /// Valid bits in `buf`.
    n: u32,
}

impl Bits<'_> {
    #[inline(always)]
    fn refill(&mut self) {
        if !self.refill_word() {
            while self.n <= 56 {
                let byte = self.input.get(self.pos).copied().unwrap_or(0);
                self.buf |= (byte as u64) << self.n;
                self.pos += 1;
                self.n += 8;
            }
        }
    }

    /// Refills from the next eight input bytes, to 56 bits or more; false, with nothing
    /// read, when fewer than eight are left.
    #[inline(always)]
    fn refill_word(&mut self) -> bool {
        let Some(&word) = self.input.get(self.pos..).and_then(<[u8]>::first_chunk) else { return false };
        self.buf |= u64::from_le_bytes(word) << self.n;
        self.pos += ((63 - self.n) >> 3) as usize;
        self.n |= 56;
        true
    }

    #[inline(always)]
    fn take(&mut self, n: u32) -> u64 {
        let v = low(self.buf, n);
        self.buf >>= n;
        self.n -= n;
        v
    }

    #[inline(always)]
    fn skip(&mut self, n: u32) {
        self.buf >>= n;
        self.n -= n;
    }

    /// Skips a first-level table entry's code: the shift takes the entry whole, whose low
    /// 6 bits are the code's length (a 64-bit shift counts only those), one step fewer in
    /// a chain of lookups.
    #[inline(always)]
    fn skip_entry(&mut self, e: u32) {
        self.buf = self.buf.wrapping_shr(e);
        self.n -= code_len(e);
    }

    /// Bits consumed so far, counting any zero bits read past the end.
    fn consumed(&self) -> usize {
        self.pos * 8 - self.n as usize
    }
}

/// Reads the output while it is being inflated. A long token's payload is inflated in a
/// loop bound by the latency of its steps, which leaves most of the processor idle;
/// hashing the bytes already out, a little at a time from within that loop, gets done in
/// that idle time (on a 007 token with 1000 privileges, hashing after inflating took about
/// 1.2 us more than hashing during it).
pub(crate) trait Watch {
    /// Called from within runs of entries with the output so far (final bytes), each time
    /// it has reached the length the last call returned (the first time, at once); returns
    /// the length at which to be called next.
    fn seen(&mut self, out: &[u8]) -> usize;
    /// The output will be inflated again from the start, by the fallback inflater, which
    /// does not call `seen`: what the watch saw is forgotten.
    fn restart(&mut self);
}

/// The watch of a caller with nothing to watch.
pub(crate) struct NoWatch;

impl Watch for NoWatch {
    fn seen(&mut self, _: &[u8]) -> usize {
        usize::MAX
    }
    fn restart(&mut self) {}
}

/// [`inflate_with`], returning a copy of the bytes, or `None` where it gives up.
#[cfg(test)]
pub(super) fn inflate(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    inflate_with(input, limit, &mut NoWatch, |out, _| out.to_vec()).ok()
}

/// Inflates `input`, a zlib stream, to at most `limit` bytes and runs `read` on them where
/// they were inflated, in this thread's scratch buffer; or, when it cannot be sure zlib
/// would inflate the stream to the same bytes (see the module's documentation), gives
/// `read` back unrun, for the caller's fallback. `watch` sees the output as it comes, and
/// is handed to `read` with it.
pub(super) fn inflate_with<W: Watch, R, F: FnOnce(&[u8], &mut W) -> R>(input: &[u8], limit: usize, watch: &mut W, read: F) -> Result<R, F> {
    if limit > 1 << 20 {
        return Err(read);
    }
    crate::local::with_local(&SCRATCH, |s| {
        let s = s.get_or_insert_with(Box::default);
        if s.out.len() < limit + SLACK {
            s.out.resize(limit + SLACK, 0);
        }
        match inflate_into(input, limit, &mut s.tables, &mut s.out, watch) {
            Some(n) => Ok(read(&s.out[..n], watch)),
            None => Err(read),
        }
    })
}

fn inflate_into(input: &[u8], limit: usize, dynamic: &mut Tables, out: &mut [u8], watch: &mut dyn Watch) -> Option<usize> {
    let (&cmf, &flg) = (input.first()?, input.get(1)?);
    if cmf & 0x0f != 8 || cmf >> 4 > 7 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 || flg & 0x20 != 0 {
        return None;
    }
    let window = 1usize << ((cmf >> 4) + 8);
    let mut bits = Bits { input, pos: 2, buf: 0, n: 0 };
    let mut o = 0usize;
    loop {
        bits.refill();
        let last = bits.take(1) == 1;
        let tables: &Tables = match bits.take(2) {
            1 => fixed(),
            2 => {
                read_dynamic(&mut bits, dynamic)?;
                dynamic
            }
            _ => return None, // stored blocks and the reserved type: zlib decides
        };
        o = inflate_block(&mut bits, tables, out, o, limit, window, watch)?;
        if bits.consumed() > input.len() * 8 {
            return None;
        }
        if last {
            break;
        }
    }
    // (Each path checks the limit before it writes; this holds them to it.)
    if o > limit {
        return None;
    }
    // The Adler-32 starts at the next byte and ends the input.
    let at = bits.consumed().div_ceil(8);
    let adler = input.get(at..)?;
    if adler.len() != 4 || u32::from_be_bytes(adler.try_into().ok()?) != super::write::adler32(&out[..o]) {
        return None;
    }
    Some(o)
}

/// Reads a dynamic block's code lengths and builds its tables.
fn read_dynamic(bits: &mut Bits<'_>, t: &mut Tables) -> Option<()> {
    bits.refill();
    let nlit = bits.take(5) as usize + 257;
    let ndist = bits.take(5) as usize + 1;
    let ncl = bits.take(4) as usize + 4;
    if nlit > 286 || ndist > 30 {
        return None;
    }
    let mut cl_lens = [0u8; NUM_CL];
    for &k in &CL_ORDER[..ncl] {
        if bits.n < 3 {
            bits.refill();
        }
        cl_lens[k] = bits.take(3) as u8;
    }
    let mut cl = [0u32; 128];
    build(&cl_lens, 7, &mut cl, &CL_ENTRIES)?;
    let mut lens = [0u8; 286 + 30];
    let total = nlit + ndist;
    let mut i = 0;
    while i < total {
        if bits.n < 7 + 7 {
            bits.refill();
        }
        let e = cl[low(bits.buf, 7) as usize];
        bits.skip(code_len(e));
        let (fill, times) = match value(e) {
            sym @ 0..=15 => {
                // (Most lengths come one at a time.)
                *lens.get_mut(i)? = sym as u8;
                i += 1;
                continue;
            }
            16 => (*lens[..i].last()?, 3 + bits.take(2) as usize),
            17 => (0, 3 + bits.take(3) as usize),
            _ => (0, 11 + bits.take(7) as usize),
        };
        if i + times > total {
            return None;
        }
        lens[i..i + times].fill(fill);
        i += times;
    }
    if lens[256] == 0 {
        return None;
    }
    build(&lens[..nlit], LIT_BITS, &mut t.lit, &LIT_ENTRIES)?;
    build(&lens[nlit..total], DIST_BITS, &mut t.dist, &DIST_ENTRIES)
}

/// Copies `len` bytes from `dist` back to `o` (`dist <= o`, and `out` has `SLACK` bytes
/// past `o + len`). `tail` holds the last 8 bytes written (the byte before `o` in its top
/// byte): a copy from within them (`len <= dist <= 8`, as in a token's runs of privilege
/// entries) is made from it, without reading back bytes just stored, whose load would wait
/// for the stores to reach the cache (a load spanning two recent stores is not forwarded).
#[inline(always)]
fn copy_match(out: &mut [u8], o: usize, len: usize, dist: usize, tail: &mut u64) {
    if len <= dist && dist <= 8 {
        let word = *tail >> (8 * (8 - dist));
        out[o..o + 8].copy_from_slice(&word.to_le_bytes());
        *tail = if len == 8 { word } else { *tail >> (8 * len) | word << (8 * (8 - len)) };
        return;
    }
    let src = o - dist;
    if dist >= 8 || len <= dist {
        // In words: each word's bytes that count were written before it is read.
        let mut k = 0;
        while k < len {
            let word: [u8; 8] = out[src + k..src + k + 8].try_into().unwrap_or([0; 8]);
            out[o + k..o + k + 8].copy_from_slice(&word);
            k += 8;
        }
    } else {
        for k in 0..len {
            out[o + k] = out[src + k];
        }
    }
    *tail = last8(out, o + len);
}

/// The 8 bytes before `end` as a word, the last in its top byte (zeros before the start).
fn last8(out: &[u8], end: usize) -> u64 {
    let mut b = [0u8; 8];
    let n = end.min(8);
    b[8 - n..].copy_from_slice(&out[end - n..end]);
    u64::from_le_bytes(b)
}

/// Decodes one block's codes into `out` from `o`; returns the new output length.
fn inflate_block(
    bits: &mut Bits<'_>,
    t: &Tables,
    out: &mut [u8],
    mut o: usize,
    limit: usize,
    window: usize,
    watch: &mut dyn Watch,
) -> Option<usize> {
    let fixed = std::ptr::eq(t, fixed());
    // The last match's bits (at most 15 + 5 + 15 + 13 = 48), their count (0: none yet),
    // and what they decode to.
    // (No match yet: no bits equal these.)
    let (mut rep_bits, mut rep_n, mut rep_len, mut rep_dist) = (u64::MAX, 0u32, 0usize, 0usize);
    // The last 8 bytes of output (zeros before the start: no copy reads those).
    let mut tail = last8(out, o);
    loop {
        if bits.n < 48 {
            bits.refill();
        }
        let mut e = t.lit[low(bits.buf, LIT_BITS) as usize];
        if kind(e) == LINK {
            e = t.lit[value(e) as usize + low(bits.buf >> LIT_BITS, extra(e)) as usize];
        }
        match kind(e) {
            LITERAL => {
                if o >= limit {
                    return None;
                }
                out[o] = value(e) as u8;
                tail = tail >> 8 | u64::from(value(e)) << 56;
                o += 1;
                bits.skip(code_len(e));
                let run = if fixed {
                    literal_run::<true>(bits, &t.lit, out, o, limit)
                } else {
                    literal_run::<false>(bits, &t.lit, out, o, limit)
                };
                if run != o {
                    tail = last8(out, run);
                    o = run;
                }
                if bits.n < rep_n {
                    bits.refill();
                }
                if low(bits.buf, rep_n) == rep_bits {
                    if o + rep_len > limit {
                        return None;
                    }
                    bits.skip(rep_n);
                    copy_match(out, o, rep_len, rep_dist, &mut tail);
                    o += rep_len;
                    if rep_dist == rep_len + 1 && rep_dist <= 8 && rep_n <= RUN_MAX_REP_BITS {
                        let rep = Rep { bits: rep_bits, n: rep_n, len: rep_len, dist: rep_dist };
                        let run = entry_run(bits, &t.lit, out, o, limit, &rep, watch);
                        if run != o {
                            tail = last8(out, run);
                            o = run;
                        }
                    }
                }
            }
            LENGTH => {
                let start = bits.buf;
                let before = bits.n;
                bits.skip(code_len(e));
                let len = value(e) as usize + bits.take(extra(e)) as usize;
                let mut d = t.dist[low(bits.buf, DIST_BITS) as usize];
                if kind(d) == LINK {
                    d = t.dist[value(d) as usize + low(bits.buf >> DIST_BITS, extra(d)) as usize];
                }
                if kind(d) != LENGTH {
                    return None;
                }
                bits.skip(code_len(d));
                let dist = value(d) as usize + bits.take(extra(d)) as usize;
                if dist > o || dist > window || o + len > limit {
                    return None;
                }
                copy_match(out, o, len, dist, &mut tail);
                o += len;
                rep_n = before - bits.n;
                rep_bits = low(start, rep_n);
                rep_len = len;
                rep_dist = dist;
            }
            END => {
                bits.skip(code_len(e));
                return Some(o);
            }
            _ => return None,
        }
    }
}

#[path = "quick_runs.rs"]
mod runs;
use runs::*;

#[cfg(test)]
#[path = "quick_tests.rs"]
mod tests;
