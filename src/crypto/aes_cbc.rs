//! AES-128-CBC/PKCS#7 open and seal, by RustCrypto's `aes` and `cbc`.

use crate::prelude::*;
use aes::cipher::array::Array;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};

use crate::crypto::session_key::SessionKey;
use crate::error::{Error, ErrorKind, Result};

type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;
type Aes128CbcEnc = cbc::Encryptor<aes::Aes128>;

/// Opens AES-128-CBC/PKCS#7 ciphertext. Any padding fault is
/// [`ErrorKind::DecryptFailed`], the same as every later decrypt fault.
pub fn open(key: &SessionKey, iv: &[u8; 16], ciphertext: &[u8]) -> Result<Vec<u8>> {
    open_owned(key, iv, ciphertext.to_vec())
}

/// [`open`], decrypting in place in a buffer it takes over.
pub fn open_owned(key: &SessionKey, iv: &[u8; 16], mut buf: Vec<u8>) -> Result<Vec<u8>> {
    if buf.is_empty() || !buf.len().is_multiple_of(16) {
        return Err(Error::new(ErrorKind::CiphertextLength));
    }
    decrypt_blocks(key, iv, &mut buf);
    let len = unpadded_len(&buf).ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
    buf.truncate(len);
    Ok(buf)
}

/// AES-128-CBC decryption in place of whole blocks, by RustCrypto's `aes`
/// (AES-NI or ARMv8 where the CPU has them, else its constant-time
/// fixsliced software AES, as in every wasm build).
/// All blocks in one call, so the cipher decrypts as many side by side as
/// its backend can (CBC decryption is parallel; the fixsliced AES takes four
/// blocks for the price of one on 64-bit words, which `aes` 0.9 uses on wasm32
/// too, where i64 arithmetic is native).
fn decrypt_blocks(key: &SessionKey, iv: &[u8; 16], buf: &mut [u8]) {
    let mut cipher = Aes128CbcDec::new(key.expose_bytes().into(), iv.into());
    // Whole blocks (checked by the caller): no remainder.
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    cipher.decrypt_blocks(blocks);
}

/// The length of PKCS#7-padded plaintext without its padding, or `None` if
/// the padding is not valid. Every padding byte is looked at whatever the
/// outcome, so the time depends only on the length.
fn unpadded_len(plain: &[u8]) -> Option<usize> {
    let pad = *plain.last()?;
    let tail = plain.get(plain.len().checked_sub(16)?..)?;
    let mut bad = u8::from(pad == 0 || pad > 16);
    for (i, byte) in tail.iter().rev().enumerate() {
        // Bytes within the padding must equal `pad`; others are ignored.
        let inside = u8::from(i < usize::from(pad));
        bad |= inside & u8::from(*byte != pad);
    }
    (bad == 0).then(|| plain.len() - usize::from(pad))
}

/// Seals plaintext with AES-128-CBC/PKCS#7, as WeChat does.
pub fn seal(key: &SessionKey, iv: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    let len = plaintext.len();
    let pad = 16 - len % 16;
    let mut buf = Vec::with_capacity(len + pad);
    buf.extend_from_slice(plaintext);
    buf.resize(len + pad, pad as u8);
    encrypt_blocks(key, iv, &mut buf);
    buf
}

/// AES-128-CBC encryption in place of whole blocks (see [`decrypt_blocks`]).
fn encrypt_blocks(key: &SessionKey, iv: &[u8; 16], buf: &mut [u8]) {
    let mut cipher = Aes128CbcEnc::new(key.expose_bytes().into(), iv.into());
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    cipher.encrypt_blocks(blocks);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open() {
        let key = SessionKey::from_bytes([1; 16]);
        let iv = [2; 16];
        for len in [0usize, 1, 15, 16, 17, 100] {
            let plain = vec![b'x'; len];
            let sealed = seal(&key, &iv, &plain);
            assert_eq!(sealed.len() % 16, 0);
            assert_eq!(open(&key, &iv, &sealed).unwrap(), plain);
        }
    }
}
