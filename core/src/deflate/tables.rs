//! Deflate constants and tables (RFC 1951), built at compile time.

pub(super) const MIN_MATCH: usize = 3;
pub(super) const MAX_MATCH: usize = 258;
pub(super) const END_OF_BLOCK: usize = 256;
/// Literal/length alphabet size as stored here (286 and 287 never occur in a block,
/// their frequency stays 0).
pub(super) const NUM_LITLEN: usize = 288;
/// Distance alphabet size as stored here (30 and 31 never occur).
pub(super) const NUM_DIST: usize = 32;
pub(super) const NUM_CL: usize = 19;
pub(super) const MAX_CODE_LEN: usize = 15;
pub(super) const MAX_CL_CODE_LEN: usize = 7;
/// Order in which code-length code lengths are sent.
pub(super) const CL_ORDER: [usize; NUM_CL] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/// Extra bits after code-length symbols 16, 17, 18.
pub(super) const CL_EXTRA: [u8; NUM_CL] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];

/// For each match length 3..=258 (index `len - 3`): length code index (symbol - 257).
pub(super) const LEN_CODE: [u8; 256] = {
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
pub(super) const LEN_EXTRA: [u8; 32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0];
/// First length (minus 3) of each length code index.
pub(super) const LEN_BASE: [u16; 32] = {
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
pub(super) const DIST_EXTRA: [u8; NUM_DIST] = {
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
pub(super) fn dist_code(dist: u32) -> (usize, u32, u32) {
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
pub(super) const fn reverse(code: u16, len: u8) -> u16 {
    if len == 0 {
        0
    } else {
        code.reverse_bits() >> (16 - len as u32)
    }
}

/// A code table entry: the bit-reversed code in the low 16 bits, its length in bits
/// 16-23, and its length with the symbol's `extra` bits in bits 24-31.
pub(super) const fn entry(code: u16, len: u8, extra: u8) -> u32 {
    reverse(code, len) as u32 | (len as u32) << 16 | ((len + extra) as u32) << 24
}

/// The code's length in bits, of a table entry.
#[inline(always)]
pub(super) const fn code_len(e: u32) -> u32 {
    (e >> 16) & 0xff
}

/// The bits a symbol takes with its extra bits, of a table entry.
#[inline(always)]
pub(super) const fn coded_len(e: u32) -> u32 {
    e >> 24
}

pub(super) const FIXED_LIT_LEN: [u8; NUM_LITLEN] = {
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
pub(super) const FIXED_LIT: [u32; NUM_LITLEN] = {
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
        t[s] = entry(code as u16, FIXED_LIT_LEN[s], LIT_EXTRA[s]);
        s += 1;
    }
    t
};
pub(super) const FIXED_DIST_LEN: [u8; NUM_DIST] = [5; NUM_DIST];
pub(super) const FIXED_DIST: [u32; NUM_DIST] = {
    let mut t = [0u32; NUM_DIST];
    let mut c = 0usize;
    while c < 30 {
        t[c] = entry(c as u16, 5, DIST_EXTRA[c]);
        c += 1;
    }
    t // NO_DIST (31) stays an empty code
};
/// Distance symbol of a literal in the parse: its code is empty (0 bits) in every table.
pub(super) const NO_DIST: u32 = 31;
/// Extra bits after each literal/length symbol (0 for literals and end-of-block).
pub(super) const LIT_EXTRA: [u8; NUM_LITLEN] = {
    let mut t = [0u8; NUM_LITLEN];
    let mut k = 0usize;
    while k < 29 {
        t[257 + k] = LEN_EXTRA[k];
        k += 1;
    }
    t
};
