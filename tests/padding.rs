//! Our PKCS#7 padding check against RustCrypto's, on random inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn bytes(&mut self, out: &mut [u8]) {
        for b in out {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            *b = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8;
        }
    }
}

/// `crypto::open` checks PKCS#7 padding itself (`unpadded_len`, constant
/// time); `cbc`'s own padding is the reference: random keys, ivs and lengths
/// seal to the same bytes and open back, and random ciphertexts (mostly bad
/// padding) fail or succeed exactly as theirs do.
#[test]
fn padding_matches_rustcrypto() {
    use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
    use weapp_login::crypto::{open, SessionKey};
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for round in 0..2_000 {
        let (mut key, mut iv) = ([0u8; 16], [0u8; 16]);
        rng.bytes(&mut key);
        rng.bytes(&mut iv);
        let len = round % 150;
        let mut plain = vec![0u8; len];
        rng.bytes(&mut plain);
        let mut sealed = vec![0u8; len + 16 - len % 16];
        sealed[..len].copy_from_slice(&plain);
        cbc::Encryptor::<aes::Aes128>::new(&key.into(), &iv.into())
            .encrypt_padded::<Pkcs7>(&mut sealed, len)
            .unwrap();
        let opened = open(&SessionKey::from_bytes(key), &iv, &sealed).unwrap();
        assert_eq!(opened, plain, "round {round}");
        // And sealing: the same ciphertext as theirs.
        assert_eq!(
            weapp_login::crypto::seal(&SessionKey::from_bytes(key), &iv, &plain),
            sealed,
            "seal round {round}"
        );

        let mut junk = vec![0u8; 16 * (1 + round % 9)];
        rng.bytes(&mut junk);
        if round % 3 == 0 {
            // A valid one-byte padding in the last block, sometimes.
            let last = junk.len() - 1;
            let mut reference = junk.clone();
            cbc::Decryptor::<aes::Aes128>::new(&key.into(), &iv.into())
                .decrypt_padded::<aes::cipher::block_padding::NoPadding>(&mut reference)
                .unwrap();
            // Flipping the last ciphertext block's byte flips the same
            // plaintext byte of the next block: aim the chosen block there.
            if junk.len() >= 32 {
                junk[last - 16] ^= reference[last] ^ 1;
            }
        }
        let ours = open(&SessionKey::from_bytes(key), &iv, &junk).map_err(|e| e.code());
        let mut buf = junk.clone();
        let theirs = cbc::Decryptor::<aes::Aes128>::new(&key.into(), &iv.into())
            .decrypt_padded::<Pkcs7>(&mut buf)
            .map(<[u8]>::to_vec)
            .map_err(|_| "ERR_DECRYPT_FAILED");
        assert_eq!(ours, theirs, "junk round {round}");
        accepted += usize::from(ours.is_ok());
    }
    // The aimed paddings were accepted (and compared), not only failures.
    assert!(accepted > 400, "{accepted}");
}
