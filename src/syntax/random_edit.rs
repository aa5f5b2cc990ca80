//! Deterministic random edits for the tests of the incremental paths.

/// xorshift: deterministic without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// A random edit of `text`: up to `max_len` bytes at a random place
    /// (on char boundaries) replaced by one of `inserts`, or deleted (one
    /// time in three). Returns the replaced range and the inserted text.
    pub fn edit<'i>(
        &mut self,
        text: &str,
        max_len: usize,
        inserts: &[&'i str],
    ) -> (std::ops::Range<usize>, &'i str) {
        let mut a = self.below(text.len() + 1);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (a + self.below(max_len + 1)).min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        let insert = if self.below(3) == 0 {
            ""
        } else {
            inserts[self.below(inserts.len())]
        };
        (a..b, insert)
    }
}
