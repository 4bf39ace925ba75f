//! RSA as the platforms use it, by whoever computes it: RSA2 (SHA256withRSA,
//! PKCS#1 v1.5) signatures for Alipay's open gateway and phone answers, and
//! PKCS#1 v1.5 decryption for Douyin's phone code answer. The core decides
//! what is signed, what is verified and what a decrypted block must be; the
//! arithmetic is behind three traits, implemented by RustCrypto's `rsa`
//! crate (feature `rsa`: [`RsaPrivateKey`](super::RsaPrivateKey),
//! [`RsaPublicKey`](super::RsaPublicKey)) for Rust servers, and by the host's
//! crypto (`node:crypto`, called back from the bindings) in the Node build.
//!
//! Why the host in Node, measured on the server wasm (`make -o setup build`,
//! Node 20, 2048-bit keys, a loaded two-core machine): `rsa` 0.10 grows the
//! wasm from 176,004 to 477,221 bytes (+294 KiB, past the 256 KiB budget on
//! its own); a signature takes 36 ms in the wasm against 3.1 ms in
//! `node:crypto` with a kept `KeyObject`, a verification 2.7 ms against
//! 0.21 ms. Through the host the wasm grows by the formats and bindings
//! alone (to 220,315 bytes, +43 KiB, Alipay's and Douyin's together), and a
//! gateway answer is read and verified in about 0.15 to 0.4 ms, a request
//! built and signed in about 2.6 ms (most of it `node:crypto`'s signature).
//!
//! Key text is read here, once for both: PEM (`RSA PRIVATE KEY` = PKCS#1,
//! `PRIVATE KEY` = PKCS#8, `PUBLIC KEY` = SPKI, `RSA PUBLIC KEY` = PKCS#1)
//! with any line length, or the bare base64 of the DER, as Alipay's console
//! shows keys (`alipay-sdk` wraps them in PEM headers itself); a bare DER's
//! form is told from its first fields.

use crate::prelude::*;
use zeroize::Zeroizing;

use super::decode_base64;
use crate::error::{Error, Result};

/// The smallest modulus accepted, in bits: what RSA2 requires.
pub const RSA_MIN_BITS: usize = 2048;
/// The largest modulus accepted, in bits.
pub const RSA_MAX_BITS: usize = 4096;

/// Checks a key's modulus size (whoever read the key gives it).
///
/// Errors: [`crate::ErrorKind::InvalidArgument`] naming `field` outside
/// [`RSA_MIN_BITS`]..=[`RSA_MAX_BITS`].
pub fn check_modulus_bits(bits: usize, field: &'static str) -> Result<()> {
    if (RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            field,
            "must be an RSA key of 2048 to 4096 bits",
        ))
    }
}

/// Signs with RSA2 (SHA256withRSA, PKCS#1 v1.5): an app's private key.
pub trait Rsa2Sign {
    /// The signature of `message`, the modulus's length in bytes.
    ///
    /// Errors: whatever the signer raises (a host fault).
    fn sign_rsa2(&self, message: &[u8]) -> Result<Vec<u8>>;
}

/// Verifies RSA2 signatures: a platform's public key.
pub trait Rsa2Verify {
    /// Whether `signature` is this key's RSA2 signature of `message`.
    fn verify_rsa2(&self, message: &[u8], signature: &[u8]) -> bool;
}

/// Opens PKCS#1 v1.5 blocks sealed to an app's public key.
pub trait Pkcs1v15Decrypt {
    /// The plaintext of one block. Bad padding should not be told apart
    /// from good (implicit rejection); the caller checks what comes out.
    ///
    /// Errors: [`crate::ErrorKind::CiphertextLength`] when the block is not
    /// the modulus's length; [`crate::ErrorKind::DecryptFailed`] otherwise.
    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>>;
}

/// The message inside a raw PKCS#1 v1.5 encryption block (`00 02`, at
/// least 8 non-zero padding bytes, `00`, the message): for hosts that only
/// give the raw RSA operation (Node 20's `privateDecrypt` refuses PKCS#1
/// v1.5 padding where its OpenSSL lacks implicit rejection, CVE-2023-46809,
/// so the bindings ask it for `RSA_NO_PADDING` and unpad here). Every byte
/// is looked at whatever the outcome. `None` for a block that is not such
/// padding; the caller answers one decrypt error for it and for a message
/// that then fails its checks, so nothing tells the two apart (and the
/// blocks come from the platform's answer, not from a user).
pub fn pkcs1v15_unpad(block: &[u8]) -> Option<&[u8]> {
    let mut bad = u8::from(block.len() < 11);
    bad |= u8::from(block.first() != Some(&0)) | u8::from(block.get(1) != Some(&2));
    // The index of the first zero after the type byte, found without an early exit.
    let mut separator = 0usize;
    let mut found = 0u8;
    for (i, byte) in block.iter().enumerate().skip(2) {
        let is_zero = u8::from(*byte == 0);
        let first = is_zero & (found ^ 1);
        separator |= usize::from(first) * i;
        found |= is_zero;
    }
    bad |= found ^ 1;
    // At least 8 padding bytes: the separator is at index 10 or later.
    bad |= u8::from(separator < 10);
    if bad != 0 {
        return None;
    }
    block.get(separator + 1..)
}

/// Which structure a key's DER holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum KeyForm {
    /// PKCS#1 `RSAPrivateKey`.
    Pkcs1,
    /// PKCS#8 `PrivateKeyInfo`.
    Pkcs8,
    /// X.509 `SubjectPublicKeyInfo`.
    Spki,
    /// PKCS#1 `RSAPublicKey`.
    Pkcs1Public,
}

impl KeyForm {
    /// The name `node:crypto`'s `createPrivateKey`/`createPublicKey` take
    /// as `type` for DER of this form.
    pub const fn node_type(self) -> &'static str {
        match self {
            KeyForm::Pkcs1 | KeyForm::Pkcs1Public => "pkcs1",
            KeyForm::Pkcs8 => "pkcs8",
            KeyForm::Spki => "spki",
        }
    }

    /// Whether this form holds a private key.
    pub const fn is_private(self) -> bool {
        matches!(self, KeyForm::Pkcs1 | KeyForm::Pkcs8)
    }
}

/// A key's DER and its form. The DER is zeroed on drop.
pub struct KeyDer {
    /// The DER bytes.
    pub der: Zeroizing<Vec<u8>>,
    /// What they hold.
    pub form: KeyForm,
}

impl core::fmt::Debug for KeyDer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "KeyDer({:?}, <redacted>)", self.form)
    }
}

/// What the private key options must be, in errors.
pub const PRIVATE_FORMS: &str =
    "must be an RSA private key: PKCS#1 or PKCS#8, as PEM or bare base64 (unencrypted)";
/// What the public key options must be, in errors.
pub const PUBLIC_FORMS: &str = "must be an RSA public key: SPKI or PKCS#1, as PEM or bare base64";

/// Reads a key's text (see the module docs) as a private (`private`) or
/// public key. `field` names the option in errors; no part of the key is
/// ever in a message.
///
/// Errors: [`crate::ErrorKind::InvalidArgument`] naming `field` for text
/// that is not such a key (an encrypted PKCS#8 key, a certificate, a key of
/// the other kind, base64 that is not a DER sequence).
pub fn read_key_text(text: &str, private: bool, field: &'static str) -> Result<KeyDer> {
    let what = if private { PRIVATE_FORMS } else { PUBLIC_FORMS };
    let bad = || Error::invalid_argument(field, what);
    let text = text.trim();
    let (label, body) = match text.strip_prefix("-----BEGIN ") {
        Some(rest) => {
            let (label, rest) = rest.split_once("-----").ok_or_else(bad)?;
            let mut footer = String::from("-----END ");
            footer.push_str(label);
            footer.push_str("-----");
            let body = rest
                .trim_end()
                .strip_suffix(footer.as_str())
                .ok_or_else(bad)?;
            (Some(label), body)
        }
        None => (None, text),
    };
    let b64: Zeroizing<String> =
        Zeroizing::new(body.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    if b64.is_empty() || b64.contains('-') {
        return Err(bad());
    }
    let der = Zeroizing::new(decode_base64(&b64, field).map_err(|_| bad())?);
    let sniffed = sniff(&der).ok_or_else(bad)?;
    let form = match label {
        None => sniffed,
        Some("RSA PRIVATE KEY") if sniffed == KeyForm::Pkcs1 => sniffed,
        Some("PRIVATE KEY") if sniffed == KeyForm::Pkcs8 => sniffed,
        Some("PUBLIC KEY") if sniffed == KeyForm::Spki => sniffed,
        Some("RSA PUBLIC KEY") if sniffed == KeyForm::Pkcs1Public => sniffed,
        Some(_) => return Err(bad()),
    };
    if form.is_private() != private {
        return Err(bad());
    }
    Ok(KeyDer { der, form })
}

/// Tells the four forms apart by their first fields: a private key starts
/// `SEQUENCE { INTEGER 0, …`, then a SEQUENCE (PKCS#8's algorithm) or an
/// INTEGER (PKCS#1's modulus); a public key starts `SEQUENCE {` then a
/// SEQUENCE (SPKI's algorithm) or an INTEGER (PKCS#1's modulus). The full
/// structure is checked by whoever uses the key.
fn sniff(der: &[u8]) -> Option<KeyForm> {
    if der.first() != Some(&0x30) {
        return None;
    }
    let inner = skip_header(der, 0)?;
    let first_tag = *der.get(inner)?;
    match first_tag {
        0x30 => Some(KeyForm::Spki),
        0x02 => {
            // INTEGER 0 (a private key's version) or the modulus.
            let value_at = skip_header(der, inner)?;
            let is_zero_version = der.get(inner + 1) == Some(&1) && der.get(value_at) == Some(&0);
            if !is_zero_version {
                return Some(KeyForm::Pkcs1Public);
            }
            let next = value_at + 1;
            match der.get(next)? {
                0x30 => Some(KeyForm::Pkcs8),
                0x02 => Some(KeyForm::Pkcs1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The index of the value of the DER element whose tag is at `at`.
fn skip_header(der: &[u8], at: usize) -> Option<usize> {
    let len = *der.get(at + 1)?;
    if len < 0x80 {
        return Some(at + 2);
    }
    let count = usize::from(len & 0x7f);
    if count == 0 || count > 4 {
        return None;
    }
    Some(at + 2 + count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_refused_naming_the_field() {
        for text in [
            "",
            "   ",
            "not base64 at all!",
            "QUJD",
            "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----",
            "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----",
        ] {
            for private in [true, false] {
                let e = read_key_text(text, private, "privateKey").unwrap_err();
                assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{text:?}");
                assert_eq!(e.field_name(), Some("privateKey"));
            }
        }
    }

    #[test]
    fn pkcs1v15_blocks_unpad_only_when_well_formed() {
        let mut block = vec![0u8, 2];
        block.extend([7u8; 8]);
        block.push(0);
        block.extend(b"msg");
        assert_eq!(pkcs1v15_unpad(&block), Some(&b"msg"[..]));
        // An empty message is a message.
        assert_eq!(pkcs1v15_unpad(&block[..11]), Some(&b""[..]));
        let mut short_padding = vec![0u8, 2, 1, 1, 1, 0];
        short_padding.extend(b"msgmsgmsg");
        assert_eq!(pkcs1v15_unpad(&short_padding), None);
        let mut wrong_type = block.clone();
        wrong_type[1] = 1;
        assert_eq!(pkcs1v15_unpad(&wrong_type), None);
        let mut no_separator = vec![0u8, 2];
        no_separator.extend([9u8; 20]);
        assert_eq!(pkcs1v15_unpad(&no_separator), None);
        assert_eq!(pkcs1v15_unpad(&[]), None);
        assert_eq!(pkcs1v15_unpad(&[0, 2]), None);
    }

    #[test]
    fn forms_are_told_from_the_first_fields() {
        // SEQUENCE { INTEGER 0, INTEGER … } and SEQUENCE { INTEGER 0, SEQUENCE … }.
        assert_eq!(
            sniff(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05]),
            Some(KeyForm::Pkcs1)
        );
        assert_eq!(
            sniff(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x30, 0x00]),
            Some(KeyForm::Pkcs8)
        );
        assert_eq!(
            sniff(&[0x30, 0x04, 0x30, 0x00, 0x03, 0x00]),
            Some(KeyForm::Spki)
        );
        assert_eq!(
            sniff(&[0x30, 0x06, 0x02, 0x01, 0x07, 0x02, 0x01, 0x03]),
            Some(KeyForm::Pkcs1Public)
        );
        assert_eq!(sniff(&[0x31, 0x00]), None);
        assert_eq!(sniff(&[0x30]), None);
        assert_eq!(sniff(&[0x30, 0x85, 0, 0, 0, 0, 0]), None);
    }
}
