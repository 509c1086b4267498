//! Output: the bit writer and the choice and writing of the one final block.

use super::*;

/// Room of [`BitWriter`]'s array. Every block the small encoder writes fits with room
/// to spare: a Huffman block is written only when it is smaller than the stored block
/// (at most `SMALL_MAX` + 5 bytes), and the one-pass fixed block takes at most
/// `FIXED_MAX` bytes.
pub(super) const OUT_ROOM: usize = 2 * SMALL_MAX;

/// Most bytes the one-pass fixed block of fewer than `DYNAMIC_MIN` input bytes takes:
/// at most 9 bits per byte (a literal takes 8 or 9; a match of 3 or more bytes at most
/// 8 + 5 + 5 + 9 bits at these distances), plus 10 bits of header and end-of-block.
pub(super) const FIXED_MAX: usize = (3 + 9 * DYNAMIC_MIN + 7).div_ceil(8);
const _: () = assert!(FIXED_MAX + 8 <= OUT_ROOM && SMALL_MAX + 5 + 8 <= OUT_ROOM);

/// LSB-first bit writer into a fixed array (the scratch's `bits`) with 8 bytes past
/// `OUT_ROOM`: it always stores 8 bytes, at the position masked into the array, and
/// advances by the whole bytes written, without branches or bounds checks. `pos` itself
/// is not masked; [`BitWriter::written`] refuses the output if it came near the room.
pub(super) struct BitWriter<'a> {
    pub(super) buf: &'a mut [u8; OUT_ROOM + 8],
    pub(super) pos: usize,
    pub(super) acc: u64,
    pub(super) nbits: u32,
}

impl BitWriter<'_> {
    /// Adds the low `n` bits of `v`; between two flushes at most 56 bits may be added,
    /// so every shift here is under 64.
    #[inline(always)]
    pub(super) fn put(&mut self, v: u64, n: u32) {
        self.acc |= v.wrapping_shl(self.nbits);
        self.nbits += n;
    }

    #[inline(always)]
    pub(super) fn flush(&mut self) {
        let p = self.pos & (OUT_ROOM - 1);
        self.buf[p..p + 8].copy_from_slice(&self.acc.to_le_bytes());
        let bytes = self.nbits >> 3;
        self.pos += bytes as usize;
        self.acc = self.acc.wrapping_shr(bytes * 8);
        self.nbits &= 7;
    }

    /// Writes the last partial byte; returns the bytes written, or `None` if they may
    /// have wrapped around the array.
    pub(super) fn written(&mut self) -> Option<&[u8]> {
        self.flush();
        let n = self.pos + usize::from(self.nbits > 0);
        if n + 8 > OUT_ROOM {
            return None;
        }
        self.buf.get(..n)
    }
}

/// Sends the parsed symbols with the given code tables, then end-of-block.
///
/// Literals and matches take the same branch-free path: a literal's distance symbol
/// has an empty code, and its extra-bit counts are 0. Items go out two per store when
/// their codes fit together (nearly always): each store waits on the one before it
/// (shift, or, advance), and that chain, not the table lookups, bounds this loop.
pub(super) fn write_symbols(out: &mut BitWriter<'_>, seq: &[u32], lit: &[u32; NUM_LITLEN], dist: &[u32; NUM_DIST]) {
    // A local writer, whose position and bits the compiler keeps in registers (stores
    // through `out.buf` could otherwise alias `out`'s own fields).
    let mut w = BitWriter { buf: &mut *out.buf, pos: out.pos, acc: out.acc, nbits: out.nbits };
    // An item's bits and their count (at most 15 + 5 + 15 + 13 = 48).
    let code = |item: u32| {
        let e = lit[(item & 0x1ff) as usize % NUM_LITLEN];
        let d = dist[((item >> 9) & 31) as usize];
        let v1 = u64::from(e & 0xffff) | u64::from((item >> 14) & 31) << code_len(e);
        let v2 = u64::from(d & 0xffff) | u64::from(item >> 19) << code_len(d);
        (v1 | v2 << coded_len(e), coded_len(e) + coded_len(d))
    };
    let mut pairs = seq.chunks_exact(2);
    for pair in &mut pairs {
        let (a, na) = code(pair[0]);
        let (b, nb) = code(pair[1]);
        if na + nb <= 56 {
            w.put(a | b << na, na + nb);
            w.flush();
        } else {
            w.put(a, na);
            w.flush();
            w.put(b, nb);
            w.flush();
        }
    }
    for &item in pairs.remainder() {
        let (a, na) = code(item);
        w.put(a, na);
        w.flush();
    }
    let e = lit[END_OF_BLOCK];
    w.put(u64::from(e & 0xffff), code_len(e));
    w.flush();
    let (pos, acc, nbits) = (w.pos, w.acc, w.nbits);
    (out.pos, out.acc, out.nbits) = (pos, acc, nbits);
}

/// Adler-32 of `data` (zlib-rs's, vectorised where the CPU allows).
pub(super) fn adler32(data: &[u8]) -> u32 {
    zlib_rs::adler32::adler32(1, data)
}

/// Encodes `input` (at most `SMALL_MAX` bytes) as a zlib stream appended to `out`.
/// Returns false if the output size differs from the computed one (a bug).
pub(super) fn encode(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>) -> bool {
    if input.len() < DYNAMIC_MIN {
        encode_fixed(input, literal_prefix, s, out)
    } else {
        encode_planned(input, literal_prefix, s, out, true)
    }
}

/// The stored block of `input` (at most 65535 bytes) and the Adler-32, appended to `out`.
pub(super) fn write_stored(input: &[u8], adler: [u8; 4], out: &mut Vec<u8>) {
    let n = input.len();
    let len = (n as u16).to_le_bytes();
    let nlen = (!(n as u16)).to_le_bytes();
    out.reserve(2 + 5 + n + 4);
    out.extend_from_slice(&[0x78, 0x9c, 0x01, len[0], len[1], nlen[0], nlen[1]]);
    out.extend_from_slice(input);
    out.extend_from_slice(&adler);
}

/// Bits of a stored block of `n` bytes: 3 header bits padded to a byte, LEN, NLEN, the bytes.
pub(super) fn stored_bits(n: usize) -> u32 {
    8 + 32 + 8 * n as u32
}

/// Short inputs, which get a fixed-Huffman or a stored block: the parse is written out
/// as fixed codes while it is made (no symbol list, no frequencies), then replaced by a
/// stored block if that is smaller. Produces the same bytes as
/// `encode_planned(input, literal_prefix, s, out, false)`.
pub(super) fn encode_fixed(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>) -> bool {
    let n = input.len();
    if n >= DYNAMIC_MIN || !load_input(&mut s.buf, input) {
        return false;
    }
    // BFINAL, BTYPE = 01 in the first 3 bits.
    let mut w = FixedWriter(BitWriter { buf: &mut s.bits, pos: 0, acc: 0b011, nbits: 3 });
    lz77::<_, false>(&s.buf, n, literal_prefix, &mut s.chains, &mut w);
    let w = &mut w.0;
    w.put(0, 7); // end-of-block: seven 0 bits
    let fixed_bits = w.pos * 8 + w.nbits as usize;
    let Some(written) = w.written() else { return false };
    let adler = adler32(input).to_be_bytes();
    if stored_bits(n) < fixed_bits as u32 {
        write_stored(input, adler, out);
    } else {
        out.reserve(2 + written.len() + 4);
        out.extend_from_slice(&[0x78, 0x9c]);
        out.extend_from_slice(written);
        out.extend_from_slice(&adler);
    }
    true
}

/// Parses, then writes the cheapest of a stored, a fixed-Huffman and (when `dynamic`) a
/// dynamic-Huffman block.
pub(super) fn encode_planned(input: &[u8], literal_prefix: usize, s: &mut Scratch, out: &mut Vec<u8>, dynamic: bool) -> bool {
    let n = input.len();
    if n > SMALL_MAX {
        return false;
    }
    let nseq = parse(input, literal_prefix, s, dynamic);

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

    let adler = adler32(input).to_be_bytes();
    if stored_bits < fixed_bits.min(dynamic_bits) {
        write_stored(input, adler, out);
        return true;
    }
    // Fixed wins ties: it needs no code tables.
    let dynamic = plan.filter(|_| dynamic_bits < fixed_bits);
    let body = (if dynamic.is_some() { dynamic_bits } else { fixed_bits }).div_ceil(8) as usize;
    let mut w = BitWriter { buf: &mut s.bits, pos: 0, acc: 0, nbits: 0 };
    let seq = &s.seq[..nseq.min(SMALL_MAX)];
    if let Some(plan) = dynamic {
        make_table(&s.lit_len, &LIT_EXTRA, &mut s.lit_tab);
        make_table(&s.dist_len, &DIST_EXTRA, &mut s.dist_tab);
        make_table(&s.cl_len, &CL_EXTRA, &mut s.cl_tab);
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
            w.put(u64::from(e & 0xffff) | u64::from(item >> 5) << code_len(e), coded_len(e));
            w.flush();
        }
        write_symbols(&mut w, seq, &s.lit_tab, &s.dist_tab);
    } else {
        w.put(0b011, 3); // BFINAL, BTYPE = 01
        write_symbols(&mut w, seq, &FIXED_LIT, &FIXED_DIST);
    }
    let Some(written) = w.written().filter(|w| w.len() == body) else { return false };
    out.reserve(2 + body + 4);
    out.extend_from_slice(&[0x78, 0x9c]);
    out.extend_from_slice(written);
    out.extend_from_slice(&adler);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deflate::tests::*;

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

    /// Two items per store writes the same bits as one item per store, for codes and
    /// extra bits of every length (pairs that fit in one store and pairs that do not).
    #[test]
    fn paired_symbols_match_one_per_store() {
        let mut rng = gen::Rng::new(23);
        for case in 0..2000 {
            // Random code tables: lengths 1..=15 (up to 9 in half the cases), any codes.
            let short = case % 2 == 0;
            let mut entry_of = |extra: u8| {
                let len = 1 + rng.below(if short { 9 } else { 15 }) as u8;
                entry(rng.below(1 << len) as u16, len, extra)
            };
            let lit: [u32; NUM_LITLEN] = std::array::from_fn(|i| entry_of(LIT_EXTRA[i]));
            let mut dist: [u32; NUM_DIST] = std::array::from_fn(|i| entry_of(DIST_EXTRA[i]));
            dist[usize::from(NO_DIST as u8)] = 0;
            let seq: Vec<u32> = (0..rng.below(300))
                .map(|_| {
                    if rng.below(2) == 0 {
                        rng.below(256) as u32 | NO_DIST << 9
                    } else {
                        let sym = 257 + rng.below(29) as usize;
                        let ds = rng.below(30) as u32;
                        let lv = rng.below(1 << LIT_EXTRA[sym]) as u32;
                        let dv = rng.below(1 << DIST_EXTRA[ds as usize]) as u32;
                        sym as u32 | ds << 9 | lv << 14 | dv << 19
                    }
                })
                .collect();
            let mut room = Box::new([0u8; OUT_ROOM + 8]);
            let mut w = BitWriter { buf: &mut room, pos: 0, acc: 0, nbits: 0 };
            write_symbols(&mut w, &seq, &lit, &dist);
            let a = w.written().unwrap().to_vec();
            let mut room = Box::new([0u8; OUT_ROOM + 8]);
            let mut w = BitWriter { buf: &mut room, pos: 0, acc: 0, nbits: 0 };
            for &item in &seq {
                let sym = (item & 0x1ff) as usize;
                let ds = ((item >> 9) & 31) as usize;
                let (e, d) = (lit[sym], dist[ds]);
                w.put(u64::from(e & 0xffff), code_len(e));
                w.put(u64::from((item >> 14) & 31), u32::from(LIT_EXTRA[sym]));
                w.flush();
                w.put(u64::from(d & 0xffff), code_len(d));
                w.put(u64::from(item >> 19), u32::from(DIST_EXTRA[ds]));
                w.flush();
            }
            let e = lit[END_OF_BLOCK];
            w.put(u64::from(e & 0xffff), code_len(e));
            assert_eq!(a, w.written().unwrap(), "case {case}: {} items", seq.len());
        }
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
}
