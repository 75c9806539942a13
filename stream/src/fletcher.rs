//! Fletcher-4, the checksum of ZFS send streams (every record carries the running sum) and of
//! resume tokens: four 64-bit running sums
//! over the data as native-endian 32-bit words. Trailing bytes that do not fill a word are not
//! summed, exactly as OpenZFS does.

/// A running fletcher-4 state; `update` may be called on consecutive pieces whose lengths are
/// multiples of 4 (a piece with a ragged end must be the last one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fletcher4 {
    /// The four running sums (a, b, c, d), as a record's checksum field holds them.
    pub words: [u64; 4],
}

impl Fletcher4 {
    /// The state before any data: all sums zero.
    pub fn new() -> Fletcher4 {
        Fletcher4::default()
    }

    /// Adds `data`'s whole 32-bit words to the sums (a ragged end is ignored).
    pub fn update(&mut self, data: &[u8]) {
        let [mut a, mut b, mut c, mut d] = self.words;
        for chunk in data.chunks_exact(4) {
            let w = u32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as u64;
            a = a.wrapping_add(w);
            b = b.wrapping_add(a);
            c = c.wrapping_add(b);
            d = d.wrapping_add(c);
        }
        self.words = [a, b, c, d];
    }

    /// The checksum of `data` alone.
    pub fn of(data: &[u8]) -> [u64; 4] {
        let mut f = Fletcher4::new();
        f.update(data);
        f.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_definition_on_small_input() {
        // words 1, 2 (native endian): a = 3, b = 1 + 3 = 4, c = 1 + 4 = 5, d = 1 + 5 = 6
        let mut data = Vec::new();
        data.extend_from_slice(&1u32.to_ne_bytes());
        data.extend_from_slice(&2u32.to_ne_bytes());
        assert_eq!(Fletcher4::of(&data), [3, 4, 5, 6]);
        data.push(0xff); // a ragged tail is ignored
        assert_eq!(Fletcher4::of(&data), [3, 4, 5, 6]);
    }

    #[test]
    fn incremental_equals_one_shot() {
        let data: Vec<u8> = (0..4096u32)
            .flat_map(|i| i.wrapping_mul(2654435761).to_ne_bytes())
            .collect();
        let mut f = Fletcher4::new();
        for piece in data.chunks(512) {
            f.update(piece);
        }
        assert_eq!(f.words, Fletcher4::of(&data));
    }
}
