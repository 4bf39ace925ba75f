//! What the server accepts as a profile (`POST /profile`), decided once:
//! sealed user info (opened with the user's key ring, for that user, its
//! watermark checked and then dropped), signed `rawData`, or the current
//! way's nickname; a `rawData` given with a `signature` is checked against
//! the ring first.

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};
use crate::json::{Object, Value};
use crate::platform::Platform;
use crate::server::key_ring::KeyRing;
use crate::server::platforms;
use crate::wechat::encrypted::EncryptedData;
use crate::wechat::nickname::check_nickname;
use crate::wechat::watermark::Validation;

/// A profile the server may record.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileUpdate {
    /// What the user gave, without a watermark: user info (WeChat's field
    /// names, `nickName`, `avatarUrl`…) or `{ nickName }`.
    pub user_info: Object,
    /// Whether it completes the profile step (every way does).
    pub completes_profile: bool,
}

/// Reads a profile submission `body` for the user `openid`:
/// `{ encryptedData, iv, rawData?, signature? }`, `{ rawData, signature }`
/// or `{ nickName }` (anything else is [`ErrorKind::InvalidArgument`], field
/// `data`). Sealed data must open with a key of `ring`
/// ([`ErrorKind::SessionStale`] otherwise), be `openid`'s, and pass
/// `validation`; a `signature` must match `rawData` under one of the keys.
pub fn read_profile_submission(
    body: &Value,
    ring: &KeyRing,
    validation: &Validation,
    openid: &str,
) -> Result<ProfileUpdate> {
    read_submission(
        body,
        |raw, sig| ring.verify_signature(raw, sig),
        |sealed| {
            let opened = crate::server::decrypt::decrypt(
                crate::server::decrypt::Keys::Ring(ring),
                crate::server::decrypt::PayloadKind::UserInfo,
                sealed,
                validation,
                Some(openid),
            )?;
            match opened {
                // As JS sees it (UserInfo's ToJson names the fields), less the watermark.
                crate::server::decrypt::Decrypted::UserInfo(info) => {
                    match crate::json::parse(&crate::json::to_json(&info)) {
                        Ok(Value::Object(map)) => Ok(without_watermark(&map)),
                        _ => Err(Error::new(ErrorKind::Internal)),
                    }
                }
                _ => Err(Error::new(ErrorKind::Internal)),
            }
        },
    )
}

/// [`read_profile_submission`] for a platform other than WeChat, with the
/// user's ring as stored (its keys live at its `now` within its `grace`): sealed
/// user info opens by [`platforms::open_user_info`] (Baidu's frame must end
/// with `app_key`), a `signature` is checked by
/// [`platforms::verify_signature`]. Alipay seals no user info: its
/// `{ response }` (`my.getOpenUserInfo`'s text) is read by
/// [`crate::alipay::profile::read_open_user_info`] as the user's word, and
/// `{ nickName }` as on every platform.
pub fn read_platform_profile(
    platform: Platform,
    body: &Value,
    ring: platforms::StoredRing<'_>,
    validation: &Validation,
    app_key: &str,
    openid: &str,
) -> Result<ProfileUpdate> {
    if platform == Platform::Alipay {
        if let Some(Value::String(text)) = body.get("response") {
            return Ok(ProfileUpdate {
                user_info: crate::alipay::profile::read_open_user_info(text)?,
                completes_profile: true,
            });
        }
    }
    read_submission(
        body,
        |raw, sig| platforms::verify_signature(platform, ring, raw, sig),
        |sealed| platforms::open_user_info(platform, ring, sealed, validation, app_key, openid),
    )
}

/// The submission's three ways, with the platform's signature check and
/// user-info opening.
fn read_submission(
    body: &Value,
    verify: impl Fn(&str, &str) -> Result<()>,
    open_user_info: impl Fn(&EncryptedData<'_>) -> Result<Object>,
) -> Result<ProfileUpdate> {
    let f = Fields::new(
        object(body, ErrorKind::InvalidArgument, "data")?,
        ErrorKind::InvalidArgument,
        "",
    );
    let encrypted_data = f.opt_str("encryptedData")?;
    let raw_data = f.opt_str("rawData")?;
    let signature = f.opt_str("signature")?;
    if raw_data.is_some() || signature.is_some() {
        let raw = raw_data.ok_or_else(|| f.err("rawData", FieldProblem::Missing))?;
        let sig = signature.ok_or_else(|| f.err("signature", FieldProblem::Missing))?;
        verify(raw, sig)?;
    }
    let user_info = if let Some(data) = encrypted_data {
        let sealed = EncryptedData {
            encrypted_data: data,
            iv: f.str("iv")?,
        };
        open_user_info(&sealed)?
    } else if let Some(raw) = raw_data {
        // Its signature checked out above.
        match crate::json::parse(raw) {
            Ok(Value::Object(map)) => without_watermark(&map),
            _ => return Err(f_shape("rawData")),
        }
    } else if let Some(name) = f.opt_str("nickName")? {
        let mut info = Object::new();
        info.insert("nickName", Value::from(check_nickname(name)?.as_str()));
        info
    } else {
        return Err(Error::invalid_argument(
            "data",
            "needs encryptedData and iv, rawData and signature, or nickName",
        ));
    };
    Ok(ProfileUpdate {
        user_info,
        completes_profile: true,
    })
}

fn f_shape(field: &'static str) -> Error {
    Error::field(
        ErrorKind::PayloadShape,
        field,
        FieldProblem::Invalid("is not a JSON object"),
    )
}

/// The object without its `watermark` (a detail of transport, not profile).
fn without_watermark(map: &Object) -> Object {
    let mut out = Object::new();
    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "watermark") {
        out.insert(k.clone(), v.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{encode_base64, raw_data_signature, SessionKey};
    use crate::json::parse;
    use crate::wechat::encrypted::encrypt_data;

    fn ring_of(key: &SessionKey) -> KeyRing {
        let mut ring = KeyRing::new();
        ring.push(key.clone(), 100, 3, 1000);
        ring
    }

    #[test]
    fn each_way_and_its_refusals() {
        let key = SessionKey::from_bytes([4; 16]);
        let ring = ring_of(&key);
        let v = Validation::new("wxa", 100);
        let read = |body: &str| read_profile_submission(&parse(body).unwrap(), &ring, &v, "o-a");

        let nick = read(r#"{"nickName":"  小明 "}"#).unwrap();
        assert_eq!(
            nick.user_info.get("nickName").and_then(Value::as_str),
            Some("小明")
        );
        assert!(nick.completes_profile);

        let raw = r#"{"nickName":"a","avatarUrl":"https://x"}"#;
        let sig = raw_data_signature(raw, &key);
        let body = crate::json::to_json(&{
            let mut o = Object::new();
            o.insert("rawData", Value::from(raw));
            o.insert("signature", Value::from(sig.as_str()));
            o
        });
        assert_eq!(
            read(&body)
                .unwrap()
                .user_info
                .get("avatarUrl")
                .and_then(Value::as_str),
            Some("https://x")
        );
        let tampered = body.replace("https://x", "https://y");
        assert_eq!(read(&tampered).unwrap_err().code(), "ERR_SESSION_STALE");

        let iv = [5u8; 16];
        let sealed = |openid: &str| {
            let data = parse(&format!(r#"{{"openId":"{openid}","nickName":"b"}}"#)).unwrap();
            let text = encrypt_data(&key, &iv, data.as_object().unwrap().clone(), "wxa", 100);
            format!(
                r#"{{"encryptedData":"{text}","iv":"{}"}}"#,
                encode_base64(&iv)
            )
        };
        let opened = read(&sealed("o-a")).unwrap().user_info;
        assert_eq!(opened.get("nickName").and_then(Value::as_str), Some("b"));
        assert!(opened.get("watermark").is_none());
        assert_eq!(
            read(&sealed("o-b")).unwrap_err().code(),
            "ERR_PAYLOAD_SHAPE"
        );

        for bad in [
            r#"{}"#,
            r#"{"nickName":""}"#,
            r#"{"nickName":5}"#,
            r#"[1]"#,
            r#"{"rawData":"{}"}"#,
        ] {
            assert_eq!(
                read(bad).unwrap_err().code(),
                "ERR_INVALID_ARGUMENT",
                "{bad}"
            );
        }
    }
}
