//! The server's operations that differ by platform, in one place: reading
//! a code exchange's answer, adding its session key to the user's ring (a
//! 16-byte key for WeChat, QQ, Douyin and Kuaishou; Baidu's 24-byte key),
//! and opening a phone payload or user info with that ring, each with the
//! platform's integrity check (watermark, Baidu's app key). Alipay has no
//! session key: its operations are refused here
//! ([`ErrorKind::InvalidArgument`], field `platform`); its sign-in and phone
//! answers are `crate::alipay`'s.

use crate::baidu;
use crate::crypto::{SessionKey, SessionKey192};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{Object, Value};
use crate::kuaishou;
use crate::platform::Platform;
use crate::prelude::*;
use crate::qq;
use crate::server::key_ring::{KeyRing, RingKey};
use crate::toutiao;
use crate::wechat::encrypted::{open_payload, EncryptedData, Opened, WatermarkRule};
use crate::wechat::phone::{PhoneFields, PhoneNumber};
use crate::wechat::watermark::Validation;

/// A session key of either length, as a code exchange handed it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyKey {
    /// AES-128 (WeChat, QQ, Douyin, Kuaishou).
    Aes128(SessionKey),
    /// AES-192 (Baidu).
    Aes192(SessionKey192),
}

/// Who signed in, as the platform's code exchange answered, with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformSession {
    /// The user's openid in this app.
    pub openid: String,
    /// The unionid, where the platform gave one.
    pub unionid: Option<String>,
    /// Douyin's anonymous openid, when an `anonymous_code` was sent.
    pub anonymous_openid: Option<String>,
    /// The session key: the server keeps it in the ring, never in JS.
    pub key: AnyKey,
}

/// The refusal of an operation the platform does not have (Alipay's
/// sign-in through the session-key path; QQ's phone payload): field
/// `platform`, the caller's own option.
fn not_on(why: &'static str) -> Error {
    Error::invalid_argument("platform", why)
}

/// Reads the code exchange's answer of `platform` (WeChat's
/// `jscode2session`, QQ's, Douyin's v2 or older, Kuaishou's `code2session`,
/// Baidu's `jscode2sessionkey`), mapping the platform's errors to our kinds.
pub fn read_code_exchange(platform: Platform, body: &Value) -> Result<PlatformSession> {
    let plain = |s: crate::wechat::code2session::Code2Session| PlatformSession {
        openid: s.openid,
        unionid: s.unionid,
        anonymous_openid: None,
        key: AnyKey::Aes128(s.session_key),
    };
    Ok(match platform {
        Platform::Weixin => plain(crate::wechat::code2session::parse_code2session(body)?),
        Platform::Qq => plain(qq::parse_code2session(body)?),
        Platform::Kuaishou => plain(kuaishou::parse_code2session(body)?),
        Platform::Toutiao => {
            let t = toutiao::parse_code2session(body)?;
            PlatformSession {
                anonymous_openid: t.anonymous_openid,
                ..plain(t.session)
            }
        }
        Platform::Baidu => {
            let s = baidu::parse_code2session(body)?;
            PlatformSession {
                openid: s.openid,
                unionid: s.unionid,
                anonymous_openid: None,
                key: AnyKey::Aes192(s.session_key),
            }
        }
        _ => {
            return Err(not_on(
                "alipay has no session key: its sign-in is a signed gateway call",
            ))
        }
    })
}

/// A sign-in as the core hands it back: who signed in (as the code exchange
/// answered) and the user's ring text with the answer's key first. The key
/// itself is only in `ring`, the text the server stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// The user's openid in this app.
    pub openid: String,
    /// The unionid, where the platform gave one.
    pub unionid: Option<String>,
    /// The stored ring text with the new key first.
    pub ring: String,
}

/// The stored ring text with the answer's key added first: at most `size`
/// keys, older ones only within `grace` seconds at `now`; and who signed in.
pub fn sign_in(
    platform: Platform,
    body: &Value,
    stored: Option<&str>,
    now: u64,
    size: usize,
    grace: u64,
) -> Result<SignIn> {
    fn pushed<K: RingKey>(
        stored: Option<&str>,
        key: K,
        now: u64,
        size: usize,
        grace: u64,
    ) -> String {
        let mut ring: KeyRing<K> = stored.map(KeyRing::from_storage).unwrap_or_default();
        ring.push(key, now, size, grace);
        crate::json::to_json(&ring)
    }
    let session = read_code_exchange(platform, body)?;
    let ring = match session.key {
        AnyKey::Aes128(key) => pushed(stored, key, now, size, grace),
        AnyKey::Aes192(key) => pushed(stored, key, now, size, grace),
    };
    Ok(SignIn {
        openid: session.openid,
        unionid: session.unionid,
        ring,
    })
}

/// Opens `/phone`'s encrypted payload of `platform` (Douyin's old button,
/// Kuaishou, Baidu) with the user's stored ring, only its keys live at
/// `now` within `grace` seconds: WeChat's fields (Baidu's `{ mobile }` is a
/// mainland number: `countryCode` `86`). Douyin's payload must carry a
/// watermark for this app; Kuaishou's is checked when present; Baidu's
/// frame must end with `app_key`. No key opens it: [`ErrorKind::SessionStale`].
/// WeChat's own path is [`KeyRing::decrypt_phone_number`].
pub fn open_phone(
    platform: Platform,
    ring: StoredRing<'_>,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
    app_key: &str,
) -> Result<PhoneFields> {
    match platform {
        Platform::Toutiao => ring
            .first_opening(|key: &SessionKey| {
                toutiao::decrypt_phone_number(key, sealed, validation)
            })
            .map(phone_fields),
        Platform::Kuaishou => ring
            .first_opening(|key: &SessionKey| {
                kuaishou::decrypt_phone_number(key, sealed, validation)
            })
            .map(|o| o.data),
        Platform::Baidu => ring
            .first_opening(|key: &SessionKey192| baidu::decrypt_phone_number(key, sealed, app_key))
            .map(|p| PhoneFields {
                phone_number: p.mobile.clone(),
                pure_phone_number: p.mobile,
                country_code: "86".into(),
            }),
        Platform::Weixin => ring
            .live::<SessionKey>()
            .decrypt_phone_number(sealed, validation)
            .map(phone_fields),
        _ => Err(not_on("this platform has no encrypted phone payload")),
    }
}

/// A user's key ring as the server stores it, and the moment it is used
/// at: only its keys live at `now` within `grace` seconds open data.
#[derive(Debug, Clone, Copy)]
pub struct StoredRing<'a> {
    /// The ring's stored text (`[]` for none).
    pub text: &'a str,
    /// Seconds since the epoch.
    pub now: u64,
    /// How long a superseded key keeps opening data, in seconds.
    pub grace: u64,
}

impl StoredRing<'_> {
    /// The ring's live keys, of the platform's length.
    fn live<K: RingKey>(&self) -> KeyRing<K> {
        KeyRing::<K>::from_storage(self.text).live(self.now, self.grace)
    }

    /// Runs `open` with each live key of the platform's length, newest
    /// first, until one opens the data ([`KeyRing::first_opening`]): none
    /// opening it is [`ErrorKind::SessionStale`].
    fn first_opening<K: RingKey, T>(&self, open: impl FnMut(&K) -> Result<T>) -> Result<T> {
        self.live::<K>().first_opening(open)
    }
}

/// Opens user info of `platform` (not WeChat's: see
/// `read_profile_submission`) with the user's live ring, for the user
/// `openid`: QQ, Douyin and Kuaishou seal WeChat's fields with AES-128-CBC
/// (a watermark checked when present); Baidu seals `{ openid, nickname,
/// headimgurl, sex }` in its frame, answered in WeChat's names (`openId`,
/// `nickName`, `avatarUrl`, `gender`). The watermark is dropped; an
/// `openId` of another user is [`ErrorKind::PayloadShape`] (field `openId`).
pub fn open_user_info(
    platform: Platform,
    ring: StoredRing<'_>,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
    app_key: &str,
    openid: &str,
) -> Result<Object> {
    let opened: Object = match platform {
        Platform::Baidu => {
            let info = ring.first_opening(|key: &SessionKey192| {
                baidu::decrypt_user_info(key, sealed, app_key)
            })?;
            baidu_user_object(&info)
        }
        Platform::Qq | Platform::Toutiao | Platform::Kuaishou | Platform::Weixin => {
            let opened: Opened = ring.first_opening(|key: &SessionKey| match platform {
                Platform::Qq => qq::decrypt_user_info(key, sealed, validation),
                Platform::Toutiao => toutiao::decrypt_user_info(key, sealed, validation),
                Platform::Kuaishou => kuaishou::decrypt_user_info(key, sealed, validation),
                // WeChat's: the watermark is required.
                _ => open_payload(key, sealed, validation, WatermarkRule::Required),
            })?;
            let mut out = Object::new();
            for (k, v) in opened
                .data
                .iter()
                .filter(|(k, _)| k.as_str() != "watermark")
            {
                out.insert(k.clone(), v.clone());
            }
            out
        }
        _ => return Err(not_on("this platform has no encrypted user info")),
    };
    match opened.get("openId").and_then(Value::as_str) {
        Some(id) if id != openid => Err(Error::field(
            ErrorKind::PayloadShape,
            "openId",
            crate::error::FieldProblem::Invalid("belongs to another user"),
        )),
        _ => Ok(opened),
    }
}

/// Checks `rawData`'s `signature` (`sha1(rawData + session_key)`) against
/// the live keys of a 16-byte ring (WeChat, QQ, Douyin, Kuaishou); Baidu
/// signs nothing this way ([`ErrorKind::InvalidArgument`], field
/// `signature`). None matching: [`ErrorKind::SessionStale`].
pub fn verify_signature(
    platform: Platform,
    ring: StoredRing<'_>,
    raw_data: &str,
    signature: &str,
) -> Result<()> {
    match platform {
        Platform::Baidu | Platform::Alipay => Err(Error::invalid_argument(
            "signature",
            "this platform does not sign rawData with the session key",
        )),
        _ => ring
            .live::<SessionKey>()
            .verify_signature(raw_data, signature),
    }
}

/// What [`decrypt_with_key`] opens: any data, a phone number or user info.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// Any sealed object, as it opened (its watermark checked where there is one).
    Data,
    /// A phone number: WeChat's fields (`phoneNumber`, `purePhoneNumber`,
    /// `countryCode`), and the `watermark` where the platform seals one.
    Phone,
    /// User info, in WeChat's field names (Baidu's mapped), its `openId` required.
    UserInfo,
}

/// Opens `sealed` of `platform` (QQ, Douyin, Kuaishou, Baidu) with one
/// session key given as base64 text (16 bytes; Baidu's 24): the standalone
/// `decryptData`, `decryptPhoneNumber` and `decryptUserInfo` with a
/// `platform`. Each platform's check: a watermark naming `validation`'s app
/// (required in Douyin's phone payload, checked when present elsewhere);
/// Baidu's frame ending with `app_key`. QQ has no phone payload
/// ([`ErrorKind::InvalidArgument`], field `platform`).
pub fn decrypt_with_key(
    platform: Platform,
    payload: Payload,
    key_text: &str,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
    app_key: &str,
) -> Result<Object> {
    let out = match platform {
        Platform::Baidu => {
            let key = SessionKey192::from_base64(key_text)?;
            match payload {
                Payload::Data => baidu::decrypt_data(&key, sealed, app_key)?,
                Payload::Phone => {
                    let p = baidu::decrypt_phone_number(&key, sealed, app_key)?;
                    phone_object(&p.mobile, &p.mobile, "86")
                }
                Payload::UserInfo => {
                    baidu_user_object(&baidu::decrypt_user_info(&key, sealed, app_key)?)
                }
            }
        }
        Platform::Qq | Platform::Toutiao | Platform::Kuaishou => {
            let key = SessionKey::from_base64(key_text)?;
            let opened = match (platform, payload) {
                (Platform::Qq, Payload::Phone) => {
                    return Err(not_on("this platform has no encrypted phone payload"))
                }
                (Platform::Toutiao, Payload::Phone) => {
                    let p = toutiao::decrypt_phone_number(&key, sealed, validation)?;
                    let mut out =
                        phone_object(&p.phone_number, &p.pure_phone_number, &p.country_code);
                    out.insert("watermark", watermark_value(&p.watermark));
                    return Ok(out);
                }
                (Platform::Kuaishou, Payload::Phone) => {
                    let o = kuaishou::decrypt_phone_number(&key, sealed, validation)?;
                    let mut out = phone_object(
                        &o.data.phone_number,
                        &o.data.pure_phone_number,
                        &o.data.country_code,
                    );
                    if let Some(w) = &o.watermark {
                        out.insert("watermark", watermark_value(w));
                    }
                    return Ok(out);
                }
                (Platform::Qq, _) => qq::decrypt_user_info(&key, sealed, validation)?,
                (Platform::Toutiao, _) => toutiao::decrypt_user_info(&key, sealed, validation)?,
                _ => kuaishou::decrypt_user_info(&key, sealed, validation)?,
            };
            opened.data
        }
        _ => return Err(not_on(
            "use the standalone functions without platform for weixin; alipay has no session key",
        )),
    };
    if payload == Payload::UserInfo {
        let fields = crate::fields::Fields::new(&out, ErrorKind::PayloadShape, "");
        fields.non_empty_str("openId")?;
    }
    Ok(out)
}

/// A phone number's fields, its watermark (checked already) dropped.
fn phone_fields(p: PhoneNumber) -> PhoneFields {
    PhoneFields {
        phone_number: p.phone_number,
        pure_phone_number: p.pure_phone_number,
        country_code: p.country_code,
    }
}

/// Baidu's user info in WeChat's names: `openId`, `nickName`, `avatarUrl`,
/// `gender`.
fn baidu_user_object(info: &baidu::BaiduUserInfo) -> Object {
    let mut out = Object::new();
    out.insert("openId", Value::from(info.openid.as_str()));
    out.insert("nickName", Value::from(info.nickname.as_str()));
    out.insert("avatarUrl", Value::from(info.headimgurl.as_str()));
    out.insert("gender", Value::from(info.sex));
    out
}

fn phone_object(phone_number: &str, pure: &str, country_code: &str) -> Object {
    let mut out = Object::new();
    out.insert("phoneNumber", Value::from(phone_number));
    out.insert("purePhoneNumber", Value::from(pure));
    out.insert("countryCode", Value::from(country_code));
    out
}

fn watermark_value(w: &crate::wechat::watermark::Watermark) -> Value {
    let mut out = Object::new();
    out.insert("appid", Value::from(w.appid.as_str()));
    out.insert("timestamp", Value::from(w.timestamp));
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::encode_base64;
    use crate::json::parse;

    fn stored(text: &str) -> StoredRing<'_> {
        StoredRing {
            text,
            now: 1000,
            grace: 50,
        }
    }

    #[test]
    fn each_platform_signs_in_with_its_keys_length() {
        let kuaishou =
            parse(r#"{"result":1,"open_id":"o-ks","session_key":"LOuXutcBgDlbsaD1O5w6Ug=="}"#)
                .unwrap();
        let signed = sign_in(Platform::Kuaishou, &kuaishou, None, 1000, 3, 50).unwrap();
        assert_eq!(signed.openid, "o-ks");
        let ring = signed.ring;
        assert_eq!(ring, r#"[{"key":"LOuXutcBgDlbsaD1O5w6Ug==","since":1000}]"#);
        let baidu =
            parse(r#"{"openid":"o-bd","session_key":"1df09d0a1677dd72b8325aec59576e0c"}"#).unwrap();
        // A 16-byte ring does not read a 24-byte key, nor the other way round.
        let ring = sign_in(Platform::Baidu, &baidu, Some(&ring), 1010, 3, 50)
            .unwrap()
            .ring;
        assert_eq!(
            ring,
            r#"[{"key":"1df09d0a1677dd72b8325aec59576e0c","since":1010}]"#
        );
        for p in [Platform::Weixin, Platform::Qq, Platform::Toutiao] {
            assert_eq!(
                read_code_exchange(p, &baidu).unwrap_err().code(),
                "ERR_PAYLOAD_SHAPE"
            );
        }
        let e = read_code_exchange(Platform::Alipay, &baidu).unwrap_err();
        assert_eq!(
            (e.code(), e.field_name()),
            ("ERR_INVALID_ARGUMENT", Some("platform"))
        );
    }

    #[test]
    fn baidu_phone_opens_with_the_ring_and_its_app_key_only() {
        let key = SessionKey192::from_bytes([3; 24]);
        let data = parse(r#"{"mobile":"15500000000"}"#).unwrap();
        let sealed_text = baidu::encrypt_data(
            &key,
            &[1; 16],
            &[2; 16],
            data.as_object().unwrap(),
            "app-key",
        );
        let iv = encode_base64(&[1; 16]);
        let sealed = EncryptedData {
            encrypted_data: &sealed_text,
            iv: &iv,
        };
        let ring = format!(
            r#"[{{"key":"{}","since":990}}]"#,
            key.expose_base64().as_str()
        );
        let v = Validation::new("bd1", 1000);
        let phone = open_phone(Platform::Baidu, stored(&ring), &sealed, &v, "app-key").unwrap();
        assert_eq!(
            (
                phone.pure_phone_number.as_str(),
                phone.country_code.as_str()
            ),
            ("15500000000", "86")
        );
        let e = open_phone(Platform::Baidu, stored(&ring), &sealed, &v, "other").unwrap_err();
        assert_eq!(e.code(), "ERR_APPID_MISMATCH");
        let e = open_phone(Platform::Baidu, stored("[]"), &sealed, &v, "app-key").unwrap_err();
        assert_eq!(e.code(), "ERR_SESSION_STALE");
        let e = open_phone(Platform::Qq, stored(&ring), &sealed, &v, "").unwrap_err();
        assert_eq!(e.field_name(), Some("platform"));
    }
}
