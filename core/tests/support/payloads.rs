// Seeded payload generators shared by the deflate tests, benchmark and corpus example
// (included with `#[path]`): token-shaped payloads like a 007 token's inflated bytes, and
// arbitrary bytes.

/// splitmix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` below 2^32; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    pub fn bytes(&mut self, out: &mut Vec<u8>, n: usize) {
        for _ in 0..n {
            out.push(self.next_u64() as u8);
        }
    }
}

const NAME_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{|}~,";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const PREFIXES: [&str; 8] = ["room", "live_", "channel-", "game:", "class_", "meeting-", "test", "user_"];

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn chars(rng: &mut Rng, out: &mut Vec<u8>, set: &[u8], n: usize) {
    for _ in 0..n {
        out.push(set[rng.below(set.len() as u64) as usize]);
    }
}
/// A u16-length-prefixed string built by `f`.
fn string(out: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    let at = out.len();
    out.extend_from_slice(&[0, 0]);
    f(out);
    let len = (out.len() - at - 2) as u16;
    out[at..at + 2].copy_from_slice(&len.to_le_bytes());
}
fn channel_name(rng: &mut Rng, out: &mut Vec<u8>) {
    string(out, |o| {
        if rng.below(2) == 0 {
            let n = rng.range(1, 64) as usize;
            chars(rng, o, NAME_CHARS, n);
        } else {
            o.extend_from_slice(PREFIXES[rng.below(8) as usize].as_bytes());
            let n = rng.range(1, 20) as usize;
            chars(rng, o, ALNUM, n);
        }
    });
}
fn uid(rng: &mut Rng, out: &mut Vec<u8>) {
    string(out, |o| match rng.below(4) {
        0 => {}
        1 => {
            let n = rng.range(1, 32) as usize;
            chars(rng, o, ALNUM, n);
        }
        _ => o.extend_from_slice(rng.range(1, u64::from(u32::MAX)).to_string().as_bytes()),
    });
}

/// A 007 token payload: signature, app id, issue ts, expire, salt and services.
pub fn token_payload(rng: &mut Rng, out: &mut Vec<u8>) {
    out.clear();
    u16le(out, 32);
    rng.bytes(out, 32);
    u16le(out, 32);
    chars(rng, out, b"0123456789abcdef", 32);
    let issue = 1_600_000_000 + rng.below(200_000_000) as u32;
    let expire = [600, 3600, 86400, 604_800, rng.range(1, 100_000) as u32][rng.below(5) as usize];
    u32le(out, issue);
    u32le(out, expire);
    u32le(out, rng.range(1, 99_999_999) as u32);
    // Service types in ascending order, as the encoder packs them.
    let long_list = rng.below(20) == 0;
    let mut types: Vec<u16> = [1u16, 2, 4, 5, 7, 8, 9, 10].into_iter().filter(|_| rng.below(4) == 0).collect();
    if types.is_empty() || long_list {
        types.insert(0, if long_list { 2 } else { 1 });
        types.dedup();
    }
    u16le(out, types.len() as u16);
    for &t in &types {
        u16le(out, t);
        let n = rng.range(1, 4) as u16;
        u16le(out, n);
        let privilege_expire = if rng.below(3) == 0 { 0 } else { issue.wrapping_add(expire) };
        for k in 1..=n {
            u16le(out, k);
            u32le(out, privilege_expire);
        }
        match t {
            1 => {
                channel_name(rng, out);
                uid(rng, out);
            }
            2 if long_list => {
                uid(rng, out);
                // RTM2-style permission lists: channel names with permission flags.
                let lists = rng.range(1, 3);
                for _ in 0..lists {
                    let entries = rng.range(5, 60) as u16;
                    u16le(out, entries);
                    for _ in 0..entries {
                        channel_name(rng, out);
                        u16le(out, rng.below(8) as u16);
                    }
                }
            }
            4 => {}
            _ => uid(rng, out),
        }
    }
    out.truncate(4096);
}

/// Arbitrary bytes of length `0..=max` from a few generators (random, small
/// alphabets, runs, repeats with edits, token fragments).
pub fn arbitrary(rng: &mut Rng, out: &mut Vec<u8>, max: usize) {
    out.clear();
    let len = match rng.below(10) {
        0..=4 => rng.below(max as u64 + 1) as usize,
        5..=7 => rng.below(400) as usize,
        8 => rng.below(17) as usize,
        _ => max - rng.below(17).min(max as u64) as usize,
    }
    .min(max);
    match rng.below(6) {
        0 => rng.bytes(out, len),
        1 => {
            let k = rng.range(1, 40);
            let base = rng.below(256);
            for _ in 0..len {
                out.push((base + rng.below(k)) as u8);
            }
        }
        2 => {
            while out.len() < len {
                let b = rng.next_u64() as u8;
                let run = rng.range(1, 300) as usize;
                out.extend(std::iter::repeat_n(b, run));
            }
        }
        3 => {
            let period = rng.range(1, 100) as usize;
            rng.bytes(out, period.min(len));
            while out.len() < len {
                let at = out.len() - period.min(out.len());
                let b = out[at];
                out.push(if rng.below(20) == 0 { rng.next_u64() as u8 } else { b });
            }
        }
        4 => {
            let mut tmp = Vec::new();
            while out.len() < len {
                token_payload(rng, &mut tmp);
                let a = rng.below(tmp.len() as u64) as usize;
                let b = rng.range(a as u64, tmp.len() as u64) as usize;
                out.extend_from_slice(&tmp[a..b]);
            }
        }
        _ => {
            // Long repeats at long distances, mixed with noise.
            let mut chunk = Vec::new();
            let n = rng.range(1, 600) as usize;
            rng.bytes(&mut chunk, n);
            while out.len() < len {
                if rng.below(2) == 0 {
                    out.extend_from_slice(&chunk);
                } else {
                    let n = rng.range(1, 50) as usize;
                    rng.bytes(out, n);
                }
            }
        }
    }
    out.truncate(len);
}
