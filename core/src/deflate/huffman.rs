//! Huffman codes: length-limited canonical codes and the run-length coded code lengths.

use super::*;

/// Frequencies below this are grouped by value; higher ones are leaves of their own.
pub(super) const CLASSES: usize = 32;

/// `count` identical Huffman tree nodes of weight `weight` each; `hist[d]` is the
/// number of leaves at depth `d` below one of them (depths past 15 are counted at 15).
#[derive(Clone, Copy, Default)]
pub(super) struct Group {
    pub(super) weight: u32,
    pub(super) count: u32,
    pub(super) hist: [u16; 16],
}

pub(super) const LEAF_HIST: [u16; 16] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// Histogram of a node whose two children have histograms `a` and `b`.
#[inline(always)]
pub(super) fn parent_hist(a: &[u16; 16], b: &[u16; 16]) -> [u16; 16] {
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
pub(super) fn huffman_depths(leaves: &mut [Group], inner: &mut [Group; SYM_ROOM]) -> Option<[u16; 16]> {
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
pub(super) struct CodeShape {
    /// `class[w]`: symbols of frequency `w` (`w < CLASSES`; `class[0]` = unused).
    pub(super) class: [usize; CLASSES],
    /// Symbols of frequency `CLASSES` or more, in `HuffWork::big`.
    pub(super) nbig: usize,
    /// `count[l]`: codes of length `l`.
    pub(super) count: [u32; MAX_CODE_LEN + 1],
    pub(super) limit: usize,
    /// The lone used symbol, when there is only one (it is paired with another).
    pub(super) lone: Option<usize>,
}

/// Computes the shape of a length-limited Huffman code for `freq` (at most `SYM_ROOM`
/// symbols, sum below 2^31); `used`, if given, lists every symbol of nonzero frequency
/// once. At least two symbols always get a code (a lone used
/// symbol is paired with an unused one), so every code is complete. None if the
/// construction came out inconsistent (which does not happen).
pub(super) fn code_shape(freq: &[u32], used: Option<&[u16]>, limit: usize, hw: &mut HuffWork) -> Option<CodeShape> {
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
pub(super) fn assign_lengths(shape: &CodeShape, freq: &[u32], used: Option<&[u16]>, lens: &mut [u8], hw: &mut HuffWork) {
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
pub(super) fn build_lengths(freq: &[u32], used: Option<&[u16]>, limit: usize, lens: &mut [u8], hw: &mut HuffWork) -> bool {
    let m = freq.len().min(lens.len()).min(SYM_ROOM);
    match code_shape(&freq[..m], used, limit, hw) {
        Some(shape) => {
            assign_lengths(&shape, &freq[..m], used, &mut lens[..m], hw);
            true
        }
        None => false,
    }
}

/// Canonical code table (see [`entry`]) for the code lengths `lens`, with `extra` the
/// extra bits of each symbol (missing ones are 0).
///
/// The symbols are cut into four consecutive quarters, counted and numbered side by
/// side: each quarter's codes of a length start past those of the quarters before it.
/// (Counting or numbering the symbols one after another makes each step wait on the
/// previous increment of the same counter in memory, and most symbols share a few
/// lengths, 0 above all; four independent chains run about twice as fast.)
pub(super) fn make_table(lens: &[u8], extra: &[u8], tab: &mut [u32]) {
    let n = lens.len().min(tab.len());
    let (lens, tab) = (&lens[..n], &mut tab[..n]);
    let q = n.div_ceil(4);
    let mut tally = [[0u32; 16]; 4];
    for i in 0..q {
        for (p, t) in tally.iter_mut().enumerate() {
            if let Some(&l) = lens.get(p * q + i) {
                t[usize::from(l & 15)] += 1;
            }
        }
    }
    // First code of each length, for each quarter.
    let mut next = [[0u32; 16]; 4];
    let mut code = 0u32;
    for l in 1..16 {
        code = (code + tally.iter().map(|t| t[l - 1]).sum::<u32>() * u32::from(l > 1)) << 1;
        next[0][l] = code;
        for p in 1..4 {
            next[p][l] = next[p - 1][l] + tally[p - 1][l];
        }
    }
    for i in 0..q {
        for (p, next) in next.iter_mut().enumerate() {
            let k = p * q + i;
            if let (Some(&l), Some(t)) = (lens.get(k), tab.get_mut(k)) {
                let l = l & 15;
                *t = entry(next[usize::from(l)] as u16, l, extra.get(k).copied().unwrap_or(0));
                next[usize::from(l)] += 1;
            }
        }
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
pub(super) fn rle_lengths(lens: &[u8], items: &mut [u16; SYM_ROOM], k: &mut usize) {
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
pub(super) struct DynamicPlan {
    /// Size of the code description plus the coded symbols, without the 3-bit block
    /// header and without the extra bits of lengths and distances.
    pub(super) bits: u32,
    pub(super) hlit: usize,
    pub(super) hdist: usize,
    pub(super) hclen: usize,
    pub(super) n_items: usize,
}

/// Builds the dynamic codes' lengths for the frequencies in `s` and sizes the block
/// (None if a code could not be built, which does not happen).
pub(super) fn plan_dynamic(s: &mut Scratch) -> Option<DynamicPlan> {
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
pub(super) fn dot(freq: &[u32], lens: &[u8]) -> u32 {
    freq.iter().zip(lens).fold(0u32, |acc, (&f, &l)| acc.wrapping_add(f.wrapping_mul(u32::from(l))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deflate::tests::*;

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

    /// RFC 1951's canonical code assignment, one symbol after another.
    fn table_reference(lens: &[u8]) -> Vec<u32> {
        let mut count = [0u32; 16];
        for &l in lens {
            count[usize::from(l)] += 1;
        }
        count[0] = 0;
        let (mut next, mut code) = ([0u32; 16], 0u32);
        for l in 1..16 {
            code = (code + count[l - 1]) << 1;
            next[l] = code;
        }
        lens.iter()
            .map(|&l| {
                if l == 0 {
                    return 0;
                }
                next[usize::from(l)] += 1;
                entry((next[usize::from(l)] - 1) as u16, l, 0)
            })
            .collect()
    }

    /// The table numbered by quarters equals the canonical one, for the code lengths of
    /// random frequencies over every alphabet size (including ones not divisible by 4).
    #[test]
    fn table_matches_canonical_assignment() {
        let mut rng = gen::Rng::new(31);
        let mut hw = HuffWork { leaves: boxed().unwrap(), inner: boxed().unwrap(), big: [0; SYM_ROOM], rank_len: [0; SYM_ROOM] };
        for i in 0..3000 {
            let m = [NUM_LITLEN, NUM_DIST, NUM_CL, 1 + rng.below(300) as usize][i % 4];
            let sparse = rng.below(4);
            let freq: Vec<u32> = (0..m)
                .map(|_| {
                    let zero = rng.below(4) < sparse;
                    let bits = rng.below(12);
                    if zero {
                        0
                    } else {
                        rng.below(1 << bits) as u32
                    }
                })
                .collect();
            let mut lens = vec![0u8; m];
            assert!(build_lengths(&freq, None, 15, &mut lens, &mut hw));
            let mut tab = vec![0xdead_beef_u32; m];
            make_table(&lens, &[], &mut tab);
            assert_eq!(tab, table_reference(&lens), "case {i}, {m} symbols");
        }
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
}
