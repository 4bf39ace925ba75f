//! RSA for the platforms that sign or seal with it: RSA2 (SHA256withRSA,
//! PKCS#1 v1.5) signatures for Alipay's open gateway and phone answers, and
//! PKCS#1 v1.5 decryption for Douyin's phone code answer, by RustCrypto's
//! `rsa` 0.10 (constant-time arithmetic on `crypto-bigint`; decryption
//! rejects bad padding implicitly, so a wrong key or a damaged ciphertext
//! reads as garbage that the caller's JSON check refuses).
//!
//! Keys are read in every form the platforms' consoles and SDKs hand out:
//! PEM (`RSA PRIVATE KEY` = PKCS#1, `PRIVATE KEY` = PKCS#8, `PUBLIC KEY` =
//! SPKI, `RSA PUBLIC KEY` = PKCS#1), with any line length, or the bare
//! base64 of the DER (Alipay's console shows keys this way; `alipay-sdk`
//! wraps them in PEM headers itself). Modulus sizes from 2048 to 4096 bits.
//!
//! Why here rather than the host's `node:crypto`: measured on the server
//! build (`make -o setup build`, Node 22, 2048-bit keys), the crate adds
//! the size and costs the time written in `tests/vectors/README.md` (section
//! "Alipay"), within the 256 KiB budget; keeping RSA in the core keeps the
//! sign content, the verified bytes and the parsing in one place, testable
//! natively and fed the same vectors.

use crate::prelude::*;
use core::fmt;

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::sha2::Sha256;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};

/// The smallest modulus accepted, in bits: what RSA2 requires.
pub const RSA_MIN_BITS: usize = 2048;
/// The largest modulus accepted, in bits.
pub const RSA_MAX_BITS: usize = 4096;

/// An RSA private key: an app's signing key (Alipay) or decryption key
/// (Douyin). `Debug` never shows it; the `rsa` crate zeroes it on drop.
pub struct RsaPrivateKey(rsa::PrivateKey);

/// An RSA public key: the platform's key that signs its answers (Alipay's
/// public key), or an app's public key (for emulators and tests).
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey(rsa::PublicKey);

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RsaPrivateKey(<redacted>)")
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPublicKey({} bits)", self.0.size() * 8)
    }
}

/// The DER inside a key's text, and the PEM label it had (`None`: bare base64).
struct KeyText {
    label: Option<String>,
    der: Zeroizing<Vec<u8>>,
}

/// Reads PEM (any line length, CR/LF or LF, surrounding blanks) or bare
/// base64 into DER. Whitespace inside the base64 is skipped.
fn key_text(text: &str, field: &'static str, what: &'static str) -> Result<KeyText> {
    let bad = || Error::invalid_argument(field, what);
    let text = text.trim();
    let (label, body) = if let Some(rest) = text.strip_prefix("-----BEGIN ") {
        let (label, rest) = rest.split_once("-----").ok_or_else(bad)?;
        let footer = format_footer(label);
        let body = rest.trim_end();
        let body = body.strip_suffix(footer.as_str()).ok_or_else(bad)?;
        (Some(label.to_owned()), body)
    } else {
        (None, text)
    };
    let b64: Zeroizing<String> =
        Zeroizing::new(body.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    if b64.is_empty() || b64.contains('-') {
        return Err(bad());
    }
    let der = Zeroizing::new(super::decode_base64(&b64, field).map_err(|_| bad())?);
    Ok(KeyText { label, der })
}

fn format_footer(label: &str) -> String {
    let mut footer = String::from("-----END ");
    footer.push_str(label);
    footer.push_str("-----");
    footer
}

fn size_checked(bits: usize, field: &'static str) -> Result<()> {
    if (RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            field,
            "must be an RSA key of 2048 to 4096 bits",
        ))
    }
}

const PRIVATE_FORMS: &str =
    "must be an RSA private key: PKCS#1 or PKCS#8, as PEM or bare base64 (unencrypted)";
const PUBLIC_FORMS: &str = "must be an RSA public key: SPKI or PKCS#1, as PEM or bare base64";

impl RsaPrivateKey {
    /// Reads a private key given as text (see the module docs for the
    /// forms). `field` names the option in errors; the key itself is never
    /// in a message.
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] naming `field` for anything
    /// else (an encrypted PKCS#8 key, a public key, a key under 2048 bits).
    pub fn from_text(text: &str, field: &'static str) -> Result<Self> {
        let bad = || Error::invalid_argument(field, PRIVATE_FORMS);
        let KeyText { label, der } = key_text(text, field, PRIVATE_FORMS)?;
        let key = match label.as_deref() {
            Some("RSA PRIVATE KEY") => rsa::PrivateKey::from_pkcs1_der(&der).map_err(|_| bad())?,
            Some("PRIVATE KEY") => rsa::PrivateKey::from_pkcs8_der(&der).map_err(|_| bad())?,
            Some(_) => return Err(bad()),
            None => rsa::PrivateKey::from_pkcs8_der(&der)
                .or_else(|_| rsa::PrivateKey::from_pkcs1_der(&der))
                .map_err(|_| bad())?,
        };
        size_checked(key.size() * 8, field)?;
        Ok(RsaPrivateKey(key))
    }

    /// The matching public key.
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.to_public_key())
    }

    /// Signs `message` with SHA256withRSA (RSA2, PKCS#1 v1.5): deterministic,
    /// the modulus's length in bytes.
    ///
    /// Errors: [`ErrorKind::Internal`] if the key cannot sign (a key read by
    /// [`from_text`](Self::from_text) always can).
    pub fn sign_rsa2(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.0
            .pkcs1v15_sign::<Sha256>(message)
            .map_err(|_| Error::new(ErrorKind::Internal))
    }

    /// Decrypts one PKCS#1 v1.5 block sealed to this key. Bad padding is
    /// not told apart from good (implicit rejection): the answer is then
    /// bytes that mean nothing, which the caller's shape check refuses.
    ///
    /// Errors: [`ErrorKind::CiphertextLength`] when `ciphertext` is not
    /// exactly the modulus's length; [`ErrorKind::DecryptFailed`] otherwise.
    pub fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        if ciphertext.len() != self.0.size() {
            return Err(Error::new(ErrorKind::CiphertextLength));
        }
        self.0
            .pkcs1v15_decrypt(ciphertext)
            .map(Zeroizing::new)
            .map_err(|_| Error::new(ErrorKind::DecryptFailed))
    }
}

impl RsaPublicKey {
    /// Reads a public key given as text (see the module docs for the forms).
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] naming `field` for anything else.
    pub fn from_text(text: &str, field: &'static str) -> Result<Self> {
        let bad = || Error::invalid_argument(field, PUBLIC_FORMS);
        let KeyText { label, der } = key_text(text, field, PUBLIC_FORMS)?;
        let key = match label.as_deref() {
            Some("PUBLIC KEY") => rsa::PublicKey::from_public_key_der(&der).map_err(|_| bad())?,
            Some("RSA PUBLIC KEY") => rsa::PublicKey::from_pkcs1_der(&der).map_err(|_| bad())?,
            Some(_) => return Err(bad()),
            None => rsa::PublicKey::from_public_key_der(&der)
                .or_else(|_| rsa::PublicKey::from_pkcs1_der(&der))
                .map_err(|_| bad())?,
        };
        size_checked(key.size() * 8, field)?;
        Ok(RsaPublicKey(key))
    }

    /// The modulus's length in bytes (the length of a signature or a block).
    pub fn size(&self) -> usize {
        self.0.size()
    }

    /// Whether `signature` is this key's SHA256withRSA (RSA2) signature of
    /// `message`.
    ///
    /// Errors: `kind` (the caller's signature kind) when it is not, whatever
    /// the reason (wrong length, another key, altered bytes).
    pub fn verify_rsa2(&self, message: &[u8], signature: &[u8], kind: ErrorKind) -> Result<()> {
        self.0
            .pkcs1v15_verify::<Sha256>(message, signature)
            .map_err(|_| Error::new(kind))
    }
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
            "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----",
        ] {
            let e = RsaPrivateKey::from_text(text, "privateKey").unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{text:?}");
            assert_eq!(e.field_name(), Some("privateKey"));
            let e = RsaPublicKey::from_text(text, "alipayPublicKey").unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{text:?}");
            assert_eq!(e.field_name(), Some("alipayPublicKey"));
        }
    }
}
