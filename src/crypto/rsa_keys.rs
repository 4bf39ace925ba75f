//! RSA keys on RustCrypto's `rsa` 0.10 (feature `rsa`): constant-time
//! arithmetic on `crypto-bigint`, deterministic PKCS#1 v1.5 signatures, and
//! decryption that rejects bad padding implicitly. For Rust servers and the
//! native tests; the Node build uses the host's crypto instead (see
//! [`rsa_ops`](super::rsa_ops) for why, with the figures). Modulus sizes
//! from 2048 to 4096 bits.

use crate::prelude::*;
use core::fmt;

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::sha2::Sha256;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use super::rsa_ops::{
    check_modulus_bits, read_key_text, KeyForm, Pkcs1v15Decrypt, Rsa2Sign, Rsa2Verify,
    PRIVATE_FORMS, PUBLIC_FORMS,
};
use crate::error::{Error, ErrorKind, Result};

/// An RSA private key: an app's signing key (Alipay) or decryption key
/// (Douyin). `Debug` never shows it; the `rsa` crate zeroes it on drop.
pub struct RsaPrivateKey(rsa::PrivateKey);

/// An RSA public key: a platform's key that signs its answers (Alipay's
/// public key).
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

fn size_checked(bytes: usize, field: &'static str) -> Result<()> {
    check_modulus_bits(bytes * 8, field)
}

impl RsaPrivateKey {
    /// Reads a private key given as text (PKCS#1 or PKCS#8, PEM or bare
    /// base64). `field` names the option in errors.
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] naming `field`.
    pub fn from_text(text: &str, field: &'static str) -> Result<Self> {
        let bad = || Error::invalid_argument(field, PRIVATE_FORMS);
        let key = read_key_text(text, true, field)?;
        let key = match key.form {
            KeyForm::Pkcs1 => rsa::PrivateKey::from_pkcs1_der(&key.der),
            _ => rsa::PrivateKey::from_pkcs8_der(&key.der).map_err(|_| rsa::pkcs1::Error::Crypto),
        }
        .map_err(|_| bad())?;
        size_checked(key.size(), field)?;
        Ok(RsaPrivateKey(key))
    }

    /// The matching public key.
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.to_public_key())
    }
}

impl Rsa2Sign for RsaPrivateKey {
    fn sign_rsa2(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.0
            .pkcs1v15_sign::<Sha256>(message)
            .map_err(|_| Error::new(ErrorKind::Internal))
    }
}

impl Pkcs1v15Decrypt for RsaPrivateKey {
    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
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
    /// Reads a public key given as text (SPKI or PKCS#1, PEM or bare base64).
    ///
    /// Errors: [`ErrorKind::InvalidArgument`] naming `field`.
    pub fn from_text(text: &str, field: &'static str) -> Result<Self> {
        let bad = || Error::invalid_argument(field, PUBLIC_FORMS);
        let key = read_key_text(text, false, field)?;
        let key = match key.form {
            KeyForm::Spki => rsa::PublicKey::from_public_key_der(&key.der).ok(),
            _ => rsa::PublicKey::from_pkcs1_der(&key.der).ok(),
        }
        .ok_or_else(bad)?;
        size_checked(key.size(), field)?;
        Ok(RsaPublicKey(key))
    }
}

impl Rsa2Verify for RsaPublicKey {
    fn verify_rsa2(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0.pkcs1v15_verify::<Sha256>(message, signature).is_ok()
    }
}
