//! Little-endian byte packing shared by every token version: fixed-width integers and
//! byte strings prefixed by their length as a `u16`.

use crate::error::DecodeError;

/// Appends packed values to a byte vector.
pub struct Writer<'a>(pub &'a mut Vec<u8>);

impl Writer<'_> {
    #[inline]
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    #[inline]
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    #[inline]
    pub fn i16(&mut self, v: i16) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    /// A length-prefixed byte string. Callers validate lengths first; a longer slice is
    /// a programming error (caught by debug builds and the tests), so a release build
    /// cuts it at `u16::MAX` rather than wrapping the prefix.
    #[inline]
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        debug_assert!(b.len() <= u16::MAX as usize, "Writer::bytes: {} bytes do not fit the u16 length", b.len());
        let b = &b[..b.len().min(u16::MAX as usize)];
        self.u16(b.len() as u16);
        self.0.extend_from_slice(b);
        self
    }
    /// A map from `u16` keys to `u32` values, given in key order. Keys are distinct `u16`s,
    /// so there are at most 65536 of them; callers keep the count within `u16::MAX`.
    pub fn u32_map(&mut self, entries: &[(u16, u32)]) -> &mut Self {
        debug_assert!(entries.len() <= u16::MAX as usize, "u32_map: {} entries do not fit the u16 count", entries.len());
        self.u16(entries.len() as u16);
        for &(k, v) in entries {
            self.u16(k).u32(v);
        }
        self
    }
}

/// Reads packed values from a byte slice; every read is bounds-checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let rest = self.buf.len() - self.pos;
        if n > rest {
            return Err(DecodeError::Truncated { what, needed: n, offset: self.pos, remaining: rest });
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn i16(&mut self, what: &'static str) -> Result<i16, DecodeError> {
        Ok(self.u16(what)? as i16)
    }

    pub fn u32(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn bytes(&mut self, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let n = self.u16(what)? as usize;
        self.take(n, what)
    }

    pub fn string(&mut self, what: &'static str) -> Result<String, DecodeError> {
        self.str(what).map(str::to_owned)
    }

    /// Reads past a string, checking it as [`Reader::str`] does: most are short and ASCII,
    /// which an inline check settles without a call into the UTF-8 validator.
    pub fn check_str(&mut self, what: &'static str) -> Result<(), DecodeError> {
        let b = self.bytes(what)?;
        if b.is_ascii() || std::str::from_utf8(b).is_ok() {
            Ok(())
        } else {
            Err(DecodeError::InvalidUtf8 { what })
        }
    }

    /// As [`Reader::string`], borrowed from the buffer.
    pub fn str(&mut self, what: &'static str) -> Result<&'a str, DecodeError> {
        let b = self.bytes(what)?;
        std::str::from_utf8(b).map_err(|_| DecodeError::InvalidUtf8 { what })
    }

    /// A `u16 -> u32` map. The count is checked against the bytes left before anything
    /// is allocated, so a forged count cannot make the reader reserve memory.
    pub fn u32_map(&mut self, what: &'static str) -> Result<Vec<(u16, u32)>, DecodeError> {
        let n = self.u32_map_len(what)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push((self.u16(what)?, self.u32(what)?));
        }
        Ok(out)
    }

    /// Reads past a `u16 -> u32` map, with the checks of [`Reader::u32_map`].
    pub fn skip_u32_map(&mut self, what: &'static str) -> Result<(), DecodeError> {
        let n = self.u32_map_len(what)?;
        self.take(n * 6, what).map(drop)
    }

    /// A map's entry count, checked against the bytes left.
    fn u32_map_len(&mut self, what: &'static str) -> Result<usize, DecodeError> {
        let n = self.u16(what)? as usize;
        self.fits(n, 6, "token", what, "entries")?;
        Ok(n)
    }

    /// Checks that `count` items of at least `min_size` bytes each fit in the bytes left,
    /// so that a forged count is refused before anything is reserved for it.
    pub fn fits(
        &self,
        count: usize,
        min_size: usize,
        container: &'static str,
        what: &'static str,
        unit: &'static str,
    ) -> Result<(), DecodeError> {
        let remaining = self.buf.len() - self.pos;
        if count * min_size > remaining {
            return Err(DecodeError::CountExceedsData { container, what, count, unit, remaining });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut v = Vec::new();
        Writer(&mut v).u16(0x1234).u32(0xdeadbeef).i16(-1).bytes(b"abc").u32_map(&[(1, 2), (3, 4)]);
        assert_eq!(&v[..2], &[0x34, 0x12]);
        let mut r = Reader::new(&v);
        assert_eq!(r.u16("a").unwrap(), 0x1234);
        assert_eq!(r.u32("b").unwrap(), 0xdeadbeef);
        assert_eq!(r.i16("c").unwrap(), -1);
        assert_eq!(r.bytes("d").unwrap(), b"abc");
        assert_eq!(r.u32_map("e").unwrap(), vec![(1, 2), (3, 4)]);
        assert!(r.is_empty());
    }

    #[test]
    fn truncated_reads_fail_cleanly() {
        let mut r = Reader::new(&[5, 0, b'a']);
        let e = r.bytes("channel name").unwrap_err();
        assert_eq!(e, DecodeError::Truncated { what: "channel name", needed: 5, offset: 2, remaining: 1 });
        assert!(e.to_string().contains("channel name needs 5 bytes"), "{e}");
        let mut r = Reader::new(&[0xff, 0xff, 0, 0]);
        assert!(matches!(r.u32_map("privileges").unwrap_err(), DecodeError::CountExceedsData { count: 65535, .. }));
        assert!(Reader::new(&[1]).u16("x").is_err());
    }

    #[test]
    fn u32_map_with_the_most_entries_a_u16_count_holds() {
        let entries: Vec<(u16, u32)> = (0..u16::MAX).map(|k| (k, k as u32)).collect();
        let mut v = Vec::new();
        Writer(&mut v).u32_map(&entries);
        assert_eq!(Reader::new(&v).u32_map("m").unwrap(), entries);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "do not fit the u16 count")]
    fn u32_map_count_over_u16_is_a_bug() {
        let entries: Vec<(u16, u32)> = (0..=u16::MAX).map(|k| (k, 0)).collect();
        Writer(&mut Vec::new()).u32_map(&entries);
    }
}
