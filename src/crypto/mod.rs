//! The developer server's cryptography: AES-128-CBC/PKCS#7 open and seal,
//! WeChat's base64 rules, the session key, the rawData signature and the
//! session-key HMAC. Nothing here knows a payload's format.

mod aes_cbc;
mod encoding;
mod session_key;
mod signature;

pub use aes_cbc::{open, open_owned, seal};
pub use encoding::{decode_base64, decode_ciphertext, decode_iv, encode_base64};
pub use session_key::SessionKey;
pub use signature::{raw_data_signature, session_key_signature, verify_signature};
