//! AES-CBC/PKCS#7 open and seal, by RustCrypto's `aes` and `cbc`:
//! AES-128 with a 16-byte session key (WeChat, QQ, Kuaishou, Douyin) and
//! AES-192 with a 24-byte one (Baidu, whose padding fills to 32 bytes).

use crate::prelude::*;
use aes::cipher::array::Array;
use aes::cipher::consts::U16;
use aes::cipher::{
    Block, BlockModeDecBackend, BlockModeDecClosure, BlockModeDecrypt, BlockModeEncrypt,
    BlockSizeUser, KeyIvInit, ParBlocks,
};
use zeroize::Zeroize;

use crate::crypto::session_key::{SessionKey, SessionKey192};
use crate::error::{Error, ErrorKind, Result};

type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;
type Aes128CbcEnc = cbc::Encryptor<aes::Aes128>;
type Aes192CbcDec = cbc::Decryptor<aes::Aes192>;
type Aes192CbcEnc = cbc::Encryptor<aes::Aes192>;

/// The largest PKCS#7 pad an AES-192 payload may carry: Baidu pads to a
/// multiple of 32 bytes (its official sample's ciphertext ends in 28 bytes
/// of `0x1c`), so pads of 1 to 32 bytes are read.
pub const AES192_MAX_PAD: usize = 32;

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
    let len = unpadded_len(&buf, 16).ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
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
    cipher.decrypt_with_backend(WholeBatches(blocks));
}

/// CBC decryption of blocks in place, a batch at a time: as many blocks as
/// the cipher's backend decrypts side by side (`ParBlocksSize`), the last,
/// shorter batch filled up with zero blocks. `cipher`'s own loop decrypts
/// that tail a block at a time, and the fixsliced software AES (every wasm
/// build) costs as much for one block as for a batch of four: 26 blocks
/// (a user-info payload) then cost eight batches instead of seven, 10
/// blocks (a phone number) four instead of three. A block's plaintext
/// depends only on it and the block before, so the filler changes nothing
/// in the blocks before it; its own output is zeroed, never read.
/// (AES-128 and AES-192 alike: 16-byte blocks.)
struct WholeBatches<'a>(&'a mut [Block<Aes128CbcDec>]);

impl BlockSizeUser for WholeBatches<'_> {
    type BlockSize = U16;
}

impl BlockModeDecClosure for WholeBatches<'_> {
    fn call<B: BlockModeDecBackend<BlockSize = U16>>(self, backend: &mut B) {
        let (batches, tail) = Array::<_, B::ParBlocksSize>::slice_as_chunks_mut(self.0);
        for batch in batches {
            backend.decrypt_par_blocks_inplace(batch);
        }
        if tail.is_empty() {
            return;
        }
        let mut filled = ParBlocks::<B>::default();
        filled
            .iter_mut()
            .zip(tail.iter())
            .for_each(|(to, from)| *to = *from);
        backend.decrypt_par_blocks_inplace(&mut filled);
        tail.iter_mut()
            .zip(filled.iter())
            .for_each(|(to, from)| *to = *from);
        filled
            .iter_mut()
            .for_each(|block| block.as_mut_slice().zeroize());
    }
}

/// The length of PKCS#7-padded plaintext without its padding (of 1 to
/// `max_pad` bytes), or `None` if the padding is not valid. Every byte that
/// could be padding is looked at whatever the outcome, so the time depends
/// only on the length.
fn unpadded_len(plain: &[u8], max_pad: usize) -> Option<usize> {
    let pad = *plain.last()?;
    let window = max_pad.min(plain.len());
    let tail = plain.get(plain.len() - window..)?;
    let mut bad = u8::from(pad == 0 || usize::from(pad) > window);
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

/// Opens AES-192-CBC ciphertext whose PKCS#7 padding is 1 to
/// [`AES192_MAX_PAD`] bytes. Like [`open`], any padding fault is
/// [`ErrorKind::DecryptFailed`]; a ciphertext that is empty or not whole
/// blocks is [`ErrorKind::CiphertextLength`].
pub fn open_192(key: &SessionKey192, iv: &[u8; 16], ciphertext: &[u8]) -> Result<Vec<u8>> {
    let mut buf = ciphertext.to_vec();
    if buf.is_empty() || !buf.len().is_multiple_of(16) {
        return Err(Error::new(ErrorKind::CiphertextLength));
    }
    let mut cipher = Aes192CbcDec::new(key.expose_bytes().into(), iv.into());
    let (blocks, _) = Array::slice_as_chunks_mut(&mut buf);
    cipher.decrypt_with_backend(WholeBatches(blocks));
    let len =
        unpadded_len(&buf, AES192_MAX_PAD).ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
    buf.truncate(len);
    Ok(buf)
}

/// Seals plaintext with AES-192-CBC, padded (PKCS#7) to a multiple of
/// `pad_to` bytes: 32 as Baidu does, or 16 for plain PKCS#7. `pad_to` is
/// clamped to 16 or 32.
pub fn seal_192(key: &SessionKey192, iv: &[u8; 16], plaintext: &[u8], pad_to: usize) -> Vec<u8> {
    let block = if pad_to >= AES192_MAX_PAD {
        AES192_MAX_PAD
    } else {
        16
    };
    let len = plaintext.len();
    let pad = block - len % block;
    let mut buf = Vec::with_capacity(len + pad);
    buf.extend_from_slice(plaintext);
    buf.resize(len + pad, pad as u8);
    let mut cipher = Aes192CbcEnc::new(key.expose_bytes().into(), iv.into());
    let (blocks, _) = Array::slice_as_chunks_mut(&mut buf);
    cipher.encrypt_blocks(blocks);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open() {
        let key = SessionKey::from_bytes([1; 16]);
        let iv = [2; 16];
        // Every tail length of the backend's batches (four blocks in wasm, up
        // to eight with AES-NI), and more than one batch.
        for len in 0usize..=300 {
            let plain: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let sealed = seal(&key, &iv, &plain);
            assert_eq!(sealed.len() % 16, 0);
            assert_eq!(open(&key, &iv, &sealed).unwrap(), plain);
        }
    }

    #[test]
    fn seal_then_open_192_with_either_pad_block() {
        let key = SessionKey192::from_bytes([5; 24]);
        let iv = [6; 16];
        for pad_to in [16, 32] {
            for len in 0usize..=300 {
                let plain = vec![b'y'; len];
                let sealed = seal_192(&key, &iv, &plain, pad_to);
                assert_eq!(sealed.len() % pad_to, 0);
                assert_eq!(open_192(&key, &iv, &sealed).unwrap(), plain);
            }
        }
    }

    #[test]
    fn pads_longer_than_the_window_are_refused() {
        assert_eq!(unpadded_len(&[17u8; 32], 16), None);
        assert_eq!(unpadded_len(&[17u8; 32], 32), Some(15));
        assert_eq!(unpadded_len(&[33u8; 48], 32), None);
        assert_eq!(unpadded_len(&[0u8; 16], 32), None);
        // A pad longer than the plaintext itself.
        assert_eq!(unpadded_len(&[20u8; 16], 32), None);
    }
}
