//! Alipay's content-encryption key ("AES 密钥" in its console): AES-CBC with
//! an all-zero iv and PKCS#7 padding, as Alipay's SDKs seal and open
//! `biz_content` and the phone button's `response`. The console issues
//! 128-bit keys; 192- and 256-bit keys are read too, as `alipay-sdk`
//! (crypto-js) reads them.

use crate::prelude::*;
use aes::cipher::array::Array;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use core::fmt;
use zeroize::{Zeroize, Zeroizing};

use super::aes_cbc::unpadded_len;
use super::decode_base64;
use crate::error::{Error, ErrorKind, Result};

/// The zero iv Alipay uses with its content key.
const ZERO_IV: [u8; 16] = [0; 16];

/// A content-encryption key of 16, 24 or 32 bytes. `Debug` never shows it;
/// it is zeroed on drop.
pub struct ContentKey(Vec<u8>);

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentKey(AES-{}, <redacted>)", self.0.len() * 8)
    }
}

impl Drop for ContentKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ContentKey {
    /// Reads the key as the console shows it: base64 of 16, 24 or 32 bytes.
    ///
    /// Errors: [`ErrorKind::Base64`] or [`ErrorKind::KeyLength`] naming `field`.
    pub fn from_base64(text: &str, field: &'static str) -> Result<Self> {
        let bytes = Zeroizing::new(decode_base64(text.trim(), field)?);
        match bytes.len() {
            16 | 24 | 32 => Ok(ContentKey(bytes.to_vec())),
            _ => Err(Error::field(
                ErrorKind::KeyLength,
                field,
                crate::error::FieldProblem::Invalid("must decode to 16, 24 or 32 bytes"),
            )),
        }
    }

    /// Opens ciphertext sealed with this key. Bad padding is
    /// [`ErrorKind::DecryptFailed`]; an empty or ragged ciphertext
    /// [`ErrorKind::CiphertextLength`].
    pub fn open(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let mut buf = Zeroizing::new(ciphertext.to_vec());
        if buf.is_empty() || !buf.len().is_multiple_of(16) {
            return Err(Error::new(ErrorKind::CiphertextLength));
        }
        let (blocks, _) = Array::slice_as_chunks_mut(&mut buf);
        match self.0.len() {
            16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.decrypt_blocks(blocks)),
            24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.decrypt_blocks(blocks)),
            _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.decrypt_blocks(blocks)),
        }
        .map_err(|_| Error::new(ErrorKind::Internal))?;
        let len = unpadded_len(&buf, 16).ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
        buf.truncate(len);
        Ok(buf)
    }

    /// Seals plaintext with this key (PKCS#7 to 16 bytes), as Alipay does:
    /// for emulators and tests.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let len = plaintext.len();
        let pad = 16 - len % 16;
        let mut buf = Vec::with_capacity(len + pad);
        buf.extend_from_slice(plaintext);
        // pad is 1..=16: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        buf.resize(len + pad, pad as u8);
        let (blocks, _) = Array::slice_as_chunks_mut(&mut buf);
        // The key's length is one of the three (checked when read): these cannot fail.
        let _ = match self.0.len() {
            16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.encrypt_blocks(blocks)),
            24 => cbc::Encryptor::<aes::Aes192>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.encrypt_blocks(blocks)),
            _ => cbc::Encryptor::<aes::Aes256>::new_from_slices(&self.0, &ZERO_IV)
                .map(|mut c| c.encrypt_blocks(blocks)),
        };
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_with_each_key_size() {
        for key in [
            "AAAAAAAAAAAAAAAAAAAAAA==",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ] {
            let key = ContentKey::from_base64(key, "encryptKey").unwrap();
            for len in [0usize, 1, 15, 16, 17, 100] {
                let plain = vec![b'z'; len];
                let sealed = key.seal(&plain);
                assert_eq!(sealed.len() % 16, 0);
                assert_eq!(&key.open(&sealed).unwrap()[..], &plain[..]);
            }
        }
    }

    #[test]
    fn other_key_lengths_are_refused() {
        for key in ["", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAA"] {
            let e = ContentKey::from_base64(key, "encryptKey").unwrap_err();
            assert_eq!(e.code(), "ERR_KEY_LENGTH", "{key:?}");
            assert_eq!(e.field_name(), Some("encryptKey"));
        }
        assert_eq!(
            ContentKey::from_base64("!!", "encryptKey").unwrap_err().code(),
            "ERR_BASE64"
        );
    }
}
