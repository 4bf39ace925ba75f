//! One way in for every decrypt: which payload, with what keys. A
//! standalone decrypt is a ring of one key; a server's is the user's
//! [`KeyRing`].

use crate::crypto::SessionKey;
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::json::Object;
use crate::server::key_ring::KeyRing;
use crate::wechat::encrypted::{
    open_decoded_data, open_decoded_phone_number, open_decoded_user_info, EncryptedData,
};
use crate::wechat::phone::PhoneNumber;
use crate::wechat::user_info::UserInfo;
use crate::wechat::watermark::Validation;

/// What to open sealed data with.
#[derive(Debug, Clone, Copy)]
pub enum Keys<'a> {
    /// One session key (the standalone functions): when it does not open the
    /// data, [`ErrorKind::DecryptFailed`].
    One(&'a SessionKey),
    /// A user's key ring, newest first (the server): when no key opens the
    /// data, [`ErrorKind::SessionStale`].
    Ring(&'a KeyRing),
}

/// Which payload the sealed data holds, and so which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// Any payload (user info, phone, WeRun…): the watermark is checked.
    Data,
    /// The phone button's payload: watermark and shape.
    PhoneNumber,
    /// User info (getUserInfo, getUserProfile): watermark and shape.
    UserInfo,
}

impl PayloadKind {
    /// Every kind, with its one spelling.
    pub const ALL: [(PayloadKind, &'static str); 3] = [
        (PayloadKind::Data, "data"),
        (PayloadKind::PhoneNumber, "phone"),
        (PayloadKind::UserInfo, "userinfo"),
    ];

    /// The kind named `name` (`data`, `phone` or `userinfo`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, spelling)| *spelling == name)
            .map(|(kind, _)| *kind)
    }
}

/// What a decrypt opened.
#[derive(Debug, Clone, PartialEq)]
pub enum Decrypted {
    /// Any payload, whole (watermark included).
    Data(Object),
    /// A phone number.
    PhoneNumber(PhoneNumber),
    /// A user's profile.
    UserInfo(UserInfo),
}

/// Opens `sealed` as `kind` with `keys`, checking it against `validation`.
/// With `user`, a [`PayloadKind::UserInfo`] must be that user's (its
/// `openId`), or it is [`ErrorKind::PayloadShape`] (field `openId`).
pub fn decrypt(
    keys: Keys<'_>,
    kind: PayloadKind,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
    user: Option<&str>,
) -> Result<Decrypted> {
    let opened = match (keys, kind) {
        (Keys::One(key), PayloadKind::Data) => {
            Decrypted::Data(open_decoded_data(key, &sealed.decode()?, validation)?)
        }
        (Keys::One(key), PayloadKind::PhoneNumber) => Decrypted::PhoneNumber(
            open_decoded_phone_number(key, &sealed.decode()?, validation)?,
        ),
        (Keys::One(key), PayloadKind::UserInfo) => {
            Decrypted::UserInfo(open_decoded_user_info(key, &sealed.decode()?, validation)?)
        }
        (Keys::Ring(ring), PayloadKind::Data) => {
            Decrypted::Data(ring.decrypt_data(sealed, validation)?)
        }
        (Keys::Ring(ring), PayloadKind::PhoneNumber) => {
            Decrypted::PhoneNumber(ring.decrypt_phone_number(sealed, validation)?)
        }
        (Keys::Ring(ring), PayloadKind::UserInfo) => {
            Decrypted::UserInfo(ring.decrypt_user_info(sealed, validation)?)
        }
    };
    if let (Some(openid), Decrypted::UserInfo(info)) = (user, &opened) {
        if info.open_id != openid {
            return Err(Error::field(
                ErrorKind::PayloadShape,
                "openId",
                FieldProblem::Invalid("belongs to another user"),
            ));
        }
    }
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::encode_base64;
    use crate::wechat::encrypted::encrypt_data;

    #[test]
    fn one_key_fails_as_decrypt_failed_and_a_ring_as_stale() {
        let key = SessionKey::from_bytes([1; 16]);
        let other = SessionKey::from_bytes([2; 16]);
        let iv = [3u8; 16];
        let data = crate::json::parse(r#"{"openId":"o-a","nickName":"a"}"#).unwrap();
        let text = encrypt_data(&key, &iv, data.as_object().unwrap().clone(), "wxa", 100);
        let iv_text = encode_base64(&iv);
        let sealed = EncryptedData {
            encrypted_data: &text,
            iv: &iv_text,
        };
        let v = Validation::new("wxa", 100);
        let kind = PayloadKind::from_name("userinfo").unwrap();
        assert!(matches!(
            decrypt(Keys::One(&key), kind, &sealed, &v, Some("o-a")),
            Ok(Decrypted::UserInfo(_))
        ));
        let err = |keys: Keys<'_>, user| decrypt(keys, kind, &sealed, &v, user).unwrap_err().code();
        assert_eq!(err(Keys::One(&other), None), "ERR_DECRYPT_FAILED");
        let mut ring = KeyRing::new();
        ring.push(other.clone(), 100, 3, 10);
        assert_eq!(err(Keys::Ring(&ring), None), "ERR_SESSION_STALE");
        ring.push(key.clone(), 101, 3, 10);
        assert_eq!(err(Keys::Ring(&ring), Some("o-b")), "ERR_PAYLOAD_SHAPE");
        assert_eq!(
            PayloadKind::from_name("phone"),
            Some(PayloadKind::PhoneNumber)
        );
        assert_eq!(PayloadKind::from_name("Phone"), None);
    }
}
