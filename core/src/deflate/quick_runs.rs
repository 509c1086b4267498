//! The fast inflater's loops for runs (see `quick.rs`): of privilege entries, and of
//! literals. Each keeps only what its run needs, where the general loop in
//! [`inflate_block`] has too many values live to hold them all in registers.

use super::*;

/// The most bits of a repeated match [`entry_run`] takes: with a literal of at most
/// `LIT_BITS`, what one refill (56 bits or more) holds.
pub(super) const RUN_MAX_REP_BITS: u32 = 56 - LIT_BITS;

/// A match that just repeated: its bits (`n` of them) and what they decode to.
pub(super) struct Rep {
    pub(super) bits: u64,
    pub(super) n: u32,
    pub(super) len: usize,
    pub(super) dist: usize,
}

/// A run of entries of `1 + rep.len` bytes (at most 8), each a literal and then `rep`
/// again from one entry back (`rep.dist == rep.len + 1`), as a token's privileges
/// compress. Each entry's copy is then the entry before's bytes after its literal, which
/// are the bytes `out` ends with (the copy just made): so each entry is its literal and
/// those same bytes, written as one word, with no copy. The loop keeps only what a run
/// needs (the general loop has too many values live), refills every few entries, and stops,
/// without consuming it, at anything but such an entry that fits in `limit`; it returns
/// the output length, and [`inflate_block`] goes on from there. `watch` is called as the
/// output grows (see [`Watch`]).
#[inline(never)]
pub(super) fn entry_run(
    bits: &mut Bits<'_>,
    lit: &[u32; LIT_TABLE],
    out: &mut [u8],
    mut o: usize,
    limit: usize,
    rep: &Rep,
    watch: &mut dyn Watch,
) -> usize {
    debug_assert!(rep.dist == rep.len + 1 && rep.dist <= 8 && rep.n <= RUN_MAX_REP_BITS && rep.len <= o);
    let mut b = *bits;
    let (rep_bits, rep_n, step) = (rep.bits, rep.n, rep.dist);
    let mask = (1u64 << rep_n) - 1;
    // The bytes after each literal, above its byte.
    let after = last8(out, o) >> (8 * (8 - rep.len)) << 8;
    // Each entry writes one word from its start, which its end stays within `SLACK` of.
    let end = limit.saturating_sub(step);
    let mut next = 0;
    while o <= end {
        if o >= next {
            // (`out[..o]` is final: each entry's word reaches past `o`, not before it.)
            next = watch.seen(&out[..o]);
        }
        // An entry takes at most `LIT_BITS + rep_n` bits: refilled only when fewer are
        // left, every few entries (a refill every entry put its load in each entry's
        // chain of dependent steps).
        if b.n < LIT_BITS + rep_n && !b.refill_word() {
            break;
        }
        let e = lit[low(b.buf, LIT_BITS) as usize];
        let l = code_len(e);
        if kind(e) != LITERAL || (b.buf >> l) & mask != rep_bits {
            break;
        }
        // (Always there: `out` has `SLACK` bytes past the limit.)
        let Some(w) = out.get_mut(o..).and_then(<[u8]>::first_chunk_mut) else { break };
        *w = (u64::from(value(e)) | after).to_le_bytes();
        b.skip(l + rep_n);
        o += step;
    }
    *bits = b;
    o
}

/// Literals after a literal, until the next code is anything else (the last match
/// again included: its bits begin with its length code) or a literal would pass `limit`,
/// neither of which it consumes; returns the output length, and [`inflate_block`] goes on
/// from there. The general loop keeps too many values live to hold them in registers, and
/// a literal's chain of dependent steps (look up, shift) then waits on the stack as well;
/// this loop keeps only what literals need.
///
/// With `FIXED` (the fixed Huffman codes, whose literals are all 8 or 9 bits long, as a
/// short token's payload is coded), literals go two at a time: the second is looked up
/// at both places it can start while the first is, which halves the chain of lookups.
#[inline(never)]
pub(super) fn literal_run<const FIXED: bool>(
    bits: &mut Bits<'_>,
    lit: &[u32; LIT_TABLE],
    out: &mut [u8],
    mut o: usize,
    limit: usize,
) -> usize {
    let mut b = *bits;
    if FIXED {
        while o + 2 <= limit {
            // Two first-level codes take at most `2 * LIT_BITS` bits.
            if b.n < 2 * LIT_BITS && !b.refill_word() {
                break;
            }
            let e = lit[low(b.buf, LIT_BITS) as usize];
            let at8 = lit[low(b.buf >> 8, LIT_BITS) as usize];
            let at9 = lit[low(b.buf >> 9, LIT_BITS) as usize];
            let l = code_len(e);
            if kind(e) != LITERAL || !(l == 8 || l == 9) {
                break;
            }
            let next = if l == 8 { at8 } else { at9 };
            let Some(two) = out.get_mut(o..o + 2) else { break };
            two[0] = value(e) as u8;
            b.skip_entry(e);
            o += 1;
            if kind(next) != LITERAL {
                break;
            }
            two[1] = value(next) as u8;
            b.skip_entry(next);
            o += 1;
        }
    }
    while o < limit {
        if b.n < LIT_BITS && !b.refill_word() {
            break;
        }
        let e = lit[low(b.buf, LIT_BITS) as usize];
        if kind(e) != LITERAL {
            break;
        }
        let Some(byte) = out.get_mut(o) else { break };
        *byte = value(e) as u8;
        b.skip_entry(e);
        o += 1;
    }
    *bits = b;
    o
}
