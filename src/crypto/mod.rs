//! The developer server's cryptography: AES-128-CBC/PKCS#7 and AES-192-CBC open and seal,
//! WeChat's base64 rules, the session key, the rawData signature, the
//! session-key HMAC, Alipay's content key and RSA (RSA2 signatures, PKCS#1
//! v1.5 decryption). Nothing here knows a payload's format.

mod aes_cbc;
mod content_key;
mod encoding;
#[cfg(feature = "rsa")]
mod rsa_keys;
mod rsa_ops;
mod session_key;
mod signature;

pub use aes_cbc::{open, open_192, open_owned, seal, seal_192, AES192_MAX_PAD};
pub use content_key::ContentKey;
pub use encoding::{decode_base64, decode_ciphertext, decode_iv, encode_base64};
#[cfg(feature = "rsa")]
pub use rsa_keys::{RsaPrivateKey, RsaPublicKey};
pub use rsa_ops::{
    check_modulus_bits, pkcs1v15_unpad, read_key_text, KeyDer, KeyForm, Pkcs1v15Decrypt, Rsa2Sign,
    Rsa2Verify, PRIVATE_FORMS, PUBLIC_FORMS, RSA_MAX_BITS, RSA_MIN_BITS,
};
pub use session_key::{SessionKey, SessionKey192};
pub use signature::{raw_data_signature, session_key_signature, verify_signature};
