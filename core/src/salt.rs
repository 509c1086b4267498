//! Random salts from the operating system's CSPRNG.
//!
//! Bytes are drawn from the OS in blocks and handed out four at a time, so a token costs
//! one system call per 64 salts rather than one each. Values are uniform over the range
//! (rejection sampling, no modulo bias).

use std::cell::RefCell;

const BLOCK: usize = 256;

struct Pool {
    bytes: [u8; BLOCK],
    pos: usize,
}

impl Pool {
    /// An empty pool: the first draw fills it.
    const EMPTY: Pool = Pool { bytes: [0; BLOCK], pos: BLOCK };
}

impl Default for Pool {
    fn default() -> Self {
        Pool::EMPTY
    }
}

thread_local! {
    static POOL: RefCell<Pool> = const { RefCell::new(Pool::EMPTY) };
}

/// A uniformly random `u32` from the OS CSPRNG.
pub fn random_u32() -> u32 {
    crate::local::with_local(&POOL, |p| {
        if p.pos + 4 > BLOCK {
            // The OS generator failing is not something a caller can recover from.
            getrandom::fill(&mut p.bytes).expect("the operating system's random generator failed");
            p.pos = 0;
        }
        let i = p.pos;
        p.pos += 4;
        let v = u32::from_le_bytes([p.bytes[i], p.bytes[i + 1], p.bytes[i + 2], p.bytes[i + 3]]);
        // Do not leave used bytes behind.
        p.bytes[i..i + 4].fill(0);
        v
    })
}

/// A uniformly random integer in `1..=max`.
pub fn random_in(max: u32) -> u32 {
    let zone = u32::MAX - (u32::MAX % max);
    loop {
        let v = random_u32();
        if v < zone {
            return 1 + v % max;
        }
    }
}

/// The largest salt a 007 token uses: salts are uniform in 1..=99999999, as in agora-token.
pub const MAX_SALT_007: u32 = 99_999_999;

/// A salt for a 007 token.
pub fn salt_007() -> u32 {
    random_in(MAX_SALT_007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_and_varied() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let s = salt_007();
            assert!((1..=MAX_SALT_007).contains(&s));
            seen.insert(s);
        }
        // 10k draws from 1e8 values: a handful of collisions at most.
        assert!(seen.len() > 9_990, "{}", seen.len());
        for _ in 0..1000 {
            assert!((1..=3).contains(&random_in(3)));
        }
    }
}
