//! HMAC (RFC 2104) with SHA-256 and SHA-1, straight on the block functions of `sha2` and
//! `sha1`.
//!
//! A 007 token takes HMACs of short messages (a 32-byte key, a ~120-byte signing info).
//! Through the `hmac` crate's generic wrapper (buffering, copies of the hash state) a
//! token took about 1.21 us in `core/examples/profile_rtc.rs`; with this, 1.14 us. A short
//! message is fed to the block function in place and only its last one or two blocks are
//! copied for padding; a long one goes in batches of blocks (see [`BATCH`]). The older
//! keys (DynamicKey 1-5) sign with HMAC-SHA1 the same way. Checked against the `hmac`
//! crate, RFC 4231 and RFC 2202 in the tests below.

use sha2::digest::generic_array::GenericArray;

const BLOCK: usize = 64;

type Block = GenericArray<u8, sha2::digest::consts::U64>;

/// A Merkle-Damgard hash of 64-byte blocks with a big-endian length and big-endian words:
/// its initial state and its block function.
struct Hash<const W: usize> {
    h0: [u32; W],
    compress: fn(&mut [u32; W], &[Block]),
}

/// Blocks handed to the block function at once, from a message of at least 4 blocks. Each
/// call loads and stores the state (and SHA-NI's shuffles it), which a long message (a 007
/// token with 1000 privileges signs 6 kB, 96 blocks) then pays once per batch instead of
/// once per block. The batch is a copy (the block functions take arrays of blocks, which
/// `&[u8]` is not); for a short message, as most tokens sign, it costs more than it saves.
const BATCH: usize = 16;

// The block functions are never inlined: built with AVX enabled (`-C target-cpu=native`),
// the SHA-NI instructions (which have only a legacy SSE encoding) inlined next to the AVX
// code around them ran 10 to 40 times slower (a 007 token build took ~36 us instead of
// ~0.9 us, a DynamicKey5 ~10 us instead of ~1 us); across a call, the compiler clears the
// upper register state first.

#[inline(never)]
fn sha256_blocks(state: &mut [u32; 8], blocks: &[Block]) {
    sha2::compress256(state, blocks);
}

#[inline(never)]
fn sha1_blocks(state: &mut [u32; 5], blocks: &[Block]) {
    sha1::compress(state, blocks);
}

const SHA256: Hash<8> =
    Hash { h0: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19], compress: sha256_blocks };

const SHA1: Hash<5> = Hash { h0: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0], compress: sha1_blocks };

impl<const W: usize> Hash<W> {
    /// Hashes whole blocks into `state`, one call each.
    fn each(&self, state: &mut [u32; W], blocks: &[u8]) {
        for block in blocks.chunks_exact(BLOCK) {
            (self.compress)(state, &[*Block::from_slice(block)]);
        }
    }

    /// Hashes `msg` into `state`, which has already taken `done` bytes (whole blocks), and
    /// returns the final state.
    fn finish(&self, mut state: [u32; W], done: usize, msg: &[u8]) -> [u32; W] {
        let (blocks, tail) = msg.split_at(msg.len() - msg.len() % BLOCK);
        if blocks.len() < 4 * BLOCK {
            self.each(&mut state, blocks);
        } else {
            let mut batch = [Block::default(); BATCH];
            for chunk in blocks.chunks(BATCH * BLOCK) {
                for (b, block) in batch.iter_mut().zip(chunk.chunks_exact(BLOCK)) {
                    b.copy_from_slice(block);
                }
                (self.compress)(&mut state, &batch[..chunk.len() / BLOCK]);
            }
        }
        // The tail, 0x80, zeros, and the message length in bits (big-endian u64).
        let mut last = [0u8; 2 * BLOCK];
        last[..tail.len()].copy_from_slice(tail);
        last[tail.len()] = 0x80;
        let end = if tail.len() + 1 + 8 <= BLOCK { BLOCK } else { 2 * BLOCK };
        let bits = ((done + msg.len()) as u64) * 8;
        last[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        self.each(&mut state, &last[..end]);
        state
    }

    /// The HMAC of `msg` under `key` (any length; keys over 64 bytes are hashed first), as
    /// `B` = 4 x `W` bytes.
    fn hmac<const B: usize>(&self, key: &[u8], msg: &[u8]) -> [u8; B] {
        let hashed: [u8; B];
        let key = if key.len() > BLOCK {
            hashed = digest_bytes(self.finish(self.h0, 0, key));
            &hashed[..]
        } else {
            key
        };
        let mut pad = [0x36u8; BLOCK];
        for (p, k) in pad.iter_mut().zip(key) {
            *p ^= k;
        }
        let mut inner = self.h0;
        self.each(&mut inner, &pad);
        let inner: [u8; B] = digest_bytes(self.finish(inner, BLOCK, msg));
        // 0x36 ^ 0x5c turns the inner pad into the outer one.
        for p in pad.iter_mut() {
            *p ^= 0x36 ^ 0x5c;
        }
        let mut outer = self.h0;
        self.each(&mut outer, &pad);
        digest_bytes(self.finish(outer, BLOCK, &inner))
    }
}

/// A final state as the digest's bytes (big-endian words).
fn digest_bytes<const W: usize, const B: usize>(state: [u32; W]) -> [u8; B] {
    const { assert!(B == 4 * W) };
    let mut out = [0u8; B];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// An HMAC-SHA256 under a 32-byte key, of a message fed in whole blocks as it becomes
/// available and then finished with the rest: `HmacSha256::new(key)`, `blocks` any number
/// of times, `finish`. The same MAC as [`hmac_sha256`] of the whole message.
pub(crate) struct HmacSha256 {
    key: [u8; 32],
    /// The inner hash after its key block and the blocks fed so far.
    inner: [u32; 8],
    /// Message bytes fed so far (whole blocks).
    fed: usize,
}

impl HmacSha256 {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        let mut pad = [0x36u8; BLOCK];
        for (p, k) in pad.iter_mut().zip(key) {
            *p ^= k;
        }
        let mut inner = SHA256.h0;
        SHA256.each(&mut inner, &pad);
        HmacSha256 { key: *key, inner, fed: 0 }
    }

    /// Feeds `two`, the next two blocks of the message (one call of the block function:
    /// a message fed this way while it is inflated is hashed in steps small enough for the
    /// processor to overlap them with the inflating).
    pub(crate) fn two_blocks(&mut self, two: &[u8; 2 * BLOCK]) {
        let mut blocks = [Block::default(); 2];
        blocks[0].copy_from_slice(&two[..BLOCK]);
        blocks[1].copy_from_slice(&two[BLOCK..]);
        sha256_blocks(&mut self.inner, &blocks);
        self.fed += 2 * BLOCK;
    }

    /// Message bytes fed so far.
    pub(crate) fn fed(&self) -> usize {
        self.fed
    }

    /// The MAC of the bytes fed, then `rest`.
    pub(crate) fn finish(self, rest: &[u8]) -> [u8; 32] {
        let inner: [u8; 32] = digest_bytes(SHA256.finish(self.inner, BLOCK + self.fed, rest));
        let mut pad = [0x5cu8; BLOCK];
        for (p, k) in pad.iter_mut().zip(&self.key) {
            *p ^= k;
        }
        let mut outer = SHA256.h0;
        SHA256.each(&mut outer, &pad);
        digest_bytes(SHA256.finish(outer, BLOCK, &inner))
    }
}

/// HMAC-SHA256 of `msg` under `key` (any length).
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    SHA256.hmac(key, msg)
}

/// HMAC-SHA1 of `msg` under `key` (any length).
pub fn hmac_sha1(key: &[u8], msg: &[u8]) -> [u8; 20] {
    SHA1.hmac(key, msg)
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, Mac};

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn matches_the_hmac_crate() {
        // Every key length around the block size and every message length around one and
        // two blocks (where the padding spills into another block), with varied bytes; and
        // long messages, hashed in batches of blocks (one, several, a part of one last).
        let bytes: Vec<u8> = (0..7000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for key_len in (0..=70).chain([100, 128, 200]) {
            for msg_len in (0..=140).chain([191, 192, 255, 256, 257, 300, 1023, 1024, 1025, 1088, 2100, 6132]) {
                let key = &bytes[..key_len];
                let msg = &bytes[bytes.len() - msg_len..];
                let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
                m.update(msg);
                assert_eq!(
                    hmac_sha256(key, msg)[..],
                    m.finalize().into_bytes()[..],
                    "SHA-256: key {key_len} bytes, message {msg_len} bytes"
                );
                let mut m = Hmac::<sha1::Sha1>::new_from_slice(key).unwrap();
                m.update(msg);
                assert_eq!(hmac_sha1(key, msg)[..], m.finalize().into_bytes()[..], "SHA-1: key {key_len} bytes, message {msg_len} bytes");
            }
        }
    }

    #[test]
    fn fed_in_steps_matches_in_one() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8).collect();
        let key: [u8; 32] = std::array::from_fn(|i| bytes[1999 - i]);
        for len in [0, 1, 63, 64, 127, 128, 129, 200, 255, 256, 257, 383, 384, 385, 1000, 1999] {
            let msg = &bytes[..len];
            for steps in 0..=len / (2 * BLOCK) {
                let mut m = HmacSha256::new(&key);
                for two in msg.chunks_exact(2 * BLOCK).take(steps) {
                    m.two_blocks(two.try_into().unwrap());
                }
                assert_eq!(m.fed(), steps * 2 * BLOCK);
                assert_eq!(m.finish(&msg[steps * 2 * BLOCK..]), hmac_sha256(&key, msg), "{len} bytes, {steps} steps");
            }
        }
    }

    #[test]
    fn rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn rfc_2202_case_2() {
        let mac = hmac_sha1(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }
}
