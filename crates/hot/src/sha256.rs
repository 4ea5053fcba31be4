//! SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) of whole messages: v2's HMAC-SHA256 sign
//! type and the fingerprints of v3 keys (the SHA-256 of a key's SPKI). One rolled round loop:
//! sha2's compression function (unrolled, 3.9 KB even at opt-level "s") and the `hmac` and
//! `digest` layers around it were the largest code either module held for paths that hash a
//! few hundred bytes.

/// The round constants: the first 32 bits of the fractional parts of the cube roots of the
/// first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The initial hash value: the first 32 bits of the fractional parts of the square roots of
/// the first 8 primes.
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut state = H0;
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        compress(&mut state, block);
    }
    // The rest, a 1 bit, zeros up to 8 bytes short of a block, and the length in bits: one
    // block, or two when fewer than 9 bytes are left in the first.
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    for (byte, value) in tail.iter_mut().zip(rest.iter().chain(&[0x80])) {
        *byte = *value;
    }
    let end = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8).to_be_bytes();
    if let Some(length) = tail.get_mut(end - 8..end) {
        length.copy_from_slice(&bits);
    }
    for block in tail.get(..end).unwrap_or_default().chunks_exact(64) {
        compress(&mut state, block);
    }
    let mut out = [0; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// HMAC-SHA256 fed piece by piece: the message is kept (after the inner key block) and hashed
/// at the end, which for v2's few hundred bytes costs less than a streaming state.
pub struct HmacSha256 {
    /// The key block XOR ipad, then the message.
    inner: Vec<u8>,
}

impl HmacSha256 {
    /// Keyed with `key` (of any length: hashed first when longer than a block).
    pub fn new(key: &[u8]) -> HmacSha256 {
        let hashed;
        let key = if key.len() > 64 {
            hashed = sha256(key);
            &hashed[..]
        } else {
            key
        };
        let mut inner = vec![0x36; 64];
        for (byte, k) in inner.iter_mut().zip(key) {
            *byte ^= k;
        }
        HmacSha256 { inner }
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.extend_from_slice(data);
    }

    /// The MAC.
    pub fn finish(self) -> [u8; 32] {
        let inner = sha256(&self.inner);
        // The outer key block is the inner one with ipad (0x36) swapped for opad (0x5c).
        let mut outer: Vec<u8> = self
            .inner
            .iter()
            .take(64)
            .map(|b| b ^ (0x36 ^ 0x5c))
            .collect();
        outer.extend_from_slice(&inner);
        sha256(&outer)
    }
}

/// One 64-byte block into `state`. The message schedule is kept as a window of the 16 words
/// the next rounds read, shifted each round (no indexing, so nothing to check).
fn compress(state: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = bytes.try_into().map_or(0, u32::from_be_bytes);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for k in K {
        let [w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15] = w;
        let t1 = h
            .wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25))
            .wrapping_add((e & f) ^ (!e & g))
            .wrapping_add(k)
            .wrapping_add(w0);
        let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22))
            .wrapping_add((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
        // W[t+16]; the last 16 computed are never read, which costs less than a branch.
        let next = (w14.rotate_right(17) ^ w14.rotate_right(19) ^ (w14 >> 10))
            .wrapping_add(w9)
            .wrapping_add(w1.rotate_right(7) ^ w1.rotate_right(18) ^ (w1 >> 3))
            .wrapping_add(w0);
        w = [
            w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15, next,
        ];
    }
    for (word, add) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(add);
    }
}

#[cfg(test)]
mod tests {
    use super::{sha256, HmacSha256};
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    fn hex(bytes: &[u8]) -> String {
        crate::digest::hex_upper(bytes)
    }

    #[test]
    fn known_answers() {
        // FIPS 180-4 examples: one block, two blocks; and the empty message.
        assert_eq!(
            hex(&sha256(b"abc")),
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1"
        );
        assert_eq!(
            hex(&sha256(b"")),
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
        );
        // RFC 4231 test case 6: a key longer than a block.
        let mut mac = HmacSha256::new(&[0xaa; 131]);
        mac.update(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            hex(&mac.finish()),
            "60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54"
        );
    }

    #[test]
    fn matches_sha2_and_hmac_at_every_length() {
        // Every length across three blocks: the padding's edge cases (55, 56, 63, 64 bytes…),
        // and keys shorter than, as long as and longer than a block.
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..=data.len() {
            let message = data.get(..len).unwrap_or_default();
            assert_eq!(
                sha256(message).as_slice(),
                Sha256::digest(message).as_slice(),
                "length {len}"
            );
            for key_len in [0, 1, 32, 63, 64, 65, 150] {
                let key = data.get(..key_len).unwrap_or_default();
                let mut ours = HmacSha256::new(key);
                let (a, b) = message.split_at(len / 3);
                ours.update(a);
                ours.update(b);
                let mut theirs = Hmac::<Sha256>::new_from_slice(key).unwrap();
                theirs.update(message);
                assert_eq!(
                    ours.finish().as_slice(),
                    theirs.finalize().into_bytes().as_slice(),
                    "length {len}, key {key_len}"
                );
            }
        }
    }
}
