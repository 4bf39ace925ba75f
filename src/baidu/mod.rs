//! Baidu's formats. `swan.getLoginCode` (formerly `swan.login`) codes are
//! posted to `https://spapi.baidu.com/oauth/jscode2sessionkey` (`code`,
//! `client_id` = AppKey, `sk` = AppSecret), which answers `{ openid,
//! session_key }` with a 24-byte session key, or `{ errno, error,
//! error_description }`. Encrypted data is AES-192-CBC with that key, padded
//! to 32 bytes, and framed: 16 random bytes, a 4-byte big-endian length, the
//! data, then the app key, which must be this app's ([`frame`]). Sources:
//! `tests/vectors/README.md`.

pub mod code2session;
pub mod frame;
pub mod payloads;

pub use code2session::parse_code2session;
pub use frame::{decrypt_data, encrypt_data};
pub use payloads::{decrypt_phone_number, decrypt_user_info, BaiduPhone, BaiduUserInfo};
