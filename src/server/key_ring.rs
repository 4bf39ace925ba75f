//! The key ring: the last few session keys of one user, newest first.
//!
//! Every `wx.login` may rotate a user's session key, so data a button sealed
//! just before a re-login is sealed under the previous key. The server keeps
//! the last few keys for a grace period and tries them newest first; when
//! none opens the data, the answer is [`ErrorKind::SessionStale`].

use crate::crypto::{verify_signature, SessionKey, SessionKey192};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{Object, ObjectWriter, ToJson, Value};
use crate::prelude::*;
use crate::wechat::encrypted::{
    open_decoded_data, open_decoded_phone_number, open_decoded_user_info, DecodedData,
    EncryptedData,
};
use crate::wechat::phone::PhoneNumber;
use crate::wechat::user_info::UserInfo;
use crate::wechat::watermark::Validation;

/// How many keys a ring keeps by default.
pub const DEFAULT_RING_SIZE: usize = 3;
/// How long an older key is kept by default: one day.
pub const DEFAULT_GRACE_SECONDS: u64 = 86_400;

/// A session key a ring can keep: read from and written as base64 text.
/// WeChat, QQ, Douyin and Kuaishou keys are [`SessionKey`] (16 bytes);
/// Baidu's are [`SessionKey192`] (24 bytes).
pub trait RingKey: Clone + PartialEq {
    /// Reads a key from its base64 text.
    fn read_base64(text: &str) -> Result<Self>;
    /// The key as base64 text, for the server's store only.
    fn stored_base64(&self) -> zeroize::Zeroizing<String>;
}

impl RingKey for SessionKey {
    fn read_base64(text: &str) -> Result<Self> {
        SessionKey::from_base64(text)
    }
    fn stored_base64(&self) -> zeroize::Zeroizing<String> {
        self.expose_base64()
    }
}

impl RingKey for SessionKey192 {
    fn read_base64(text: &str) -> Result<Self> {
        SessionKey192::from_base64(text)
    }
    fn stored_base64(&self) -> zeroize::Zeroizing<String> {
        self.expose_base64()
    }
}

/// One key and when it arrived (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingEntry<K = SessionKey> {
    /// The session key.
    pub key: K,
    /// When `code2Session` handed it over.
    pub since: u64,
}

/// A user's recent session keys, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRing<K = SessionKey>(Vec<RingEntry<K>>);

impl<K> Default for KeyRing<K> {
    fn default() -> Self {
        KeyRing(Vec::new())
    }
}

impl KeyRing {
    /// An empty ring.
    pub fn new() -> Self {
        KeyRing(Vec::new())
    }
}

impl<K: RingKey> KeyRing<K> {
    /// Reads a stored ring, `[{ key, since }]`. Entries that do not read are
    /// dropped: a damaged ring only means fewer keys to try.
    pub fn from_json(value: &Value) -> Self {
        let entries = match value {
            Value::Array(items) => items
                .iter()
                .filter_map(|item| {
                    let key = K::read_base64(item.get("key")?.as_str()?).ok()?;
                    let since = u64::try_from(item.get("since")?.as_i64()?).ok()?;
                    Some(RingEntry { key, since })
                })
                .collect(),
            _ => Vec::new(),
        };
        KeyRing(entries)
    }

    /// Reads a ring as the server stores it: its JSON text (see [`ToJson`]).
    /// Text that is not JSON is an empty ring, as a damaged entry is a
    /// dropped one: there is simply no key to try.
    pub fn from_storage(text: &str) -> Self {
        crate::json::parse(text)
            .map(|value| KeyRing::from_json(&value))
            .unwrap_or_default()
    }

    /// The keys, newest first.
    pub fn entries(&self) -> &[RingEntry<K>] {
        &self.0
    }

    /// Adds `key` as the newest (moving it up if it is there already), then
    /// keeps at most `size` keys: the newest always, the others only while
    /// younger than `grace` seconds at `now`.
    pub fn push(&mut self, key: K, now: u64, size: usize, grace: u64) {
        self.0.retain(|e| e.key != key);
        self.0.insert(0, RingEntry { key, since: now });
        let mut kept = 0;
        self.0.retain(|e| {
            kept += 1;
            kept == 1 || (kept <= size && now.saturating_sub(e.since) <= grace)
        });
    }

    /// The keys still allowed to open data at `now`: the newest always; an
    /// older one only while no more than `grace` seconds have passed since it
    /// was superseded (the `since` of the key that came after it). A key that
    /// was superseded long ago stays dead even if it arrived recently.
    pub fn live(&self, now: u64, grace: u64) -> KeyRing<K> {
        let mut out = Vec::with_capacity(self.0.len());
        let mut superseded_at: Option<u64> = None;
        for e in &self.0 {
            match superseded_at {
                None => out.push(e.clone()),
                Some(at) if now.saturating_sub(at) <= grace => out.push(e.clone()),
                Some(_) => break, // every older key was superseded earlier still
            }
            superseded_at = Some(e.since);
        }
        KeyRing(out)
    }

    /// Runs `open` with each key, newest first, until one opens the data:
    /// data sealed under an older key still opens. When no key opens it:
    /// [`ErrorKind::SessionStale`]. Faults other than
    /// [`ErrorKind::DecryptFailed`] are reported as they are.
    pub fn first_opening<T>(&self, mut open: impl FnMut(&K) -> Result<T>) -> Result<T> {
        for entry in &self.0 {
            match open(&entry.key) {
                Err(e) if e.kind() == ErrorKind::DecryptFailed => continue,
                other => return other,
            }
        }
        Err(Error::new(ErrorKind::SessionStale))
    }
}

impl KeyRing {
    /// Opens `sealed` with the first key that can: data sealed under an older
    /// key still opens. When no key opens it: [`ErrorKind::SessionStale`].
    /// Input-format and watermark faults are reported as they are.
    /// The ciphertext is decoded once, whatever the number of keys.
    fn try_keys<T>(
        &self,
        sealed: &EncryptedData<'_>,
        mut open: impl FnMut(&SessionKey, &DecodedData) -> Result<T>,
    ) -> Result<T> {
        let decoded = sealed.decode()?;
        self.first_opening(|key| open(key, &decoded))
    }

    /// [`crate::decrypt_data`] with the ring.
    pub fn decrypt_data(&self, sealed: &EncryptedData<'_>, v: &Validation) -> Result<Object> {
        self.try_keys(sealed, |key, d| open_decoded_data(key, d, v))
    }

    /// [`crate::decrypt_phone_number`] with the ring.
    pub fn decrypt_phone_number(
        &self,
        sealed: &EncryptedData<'_>,
        v: &Validation,
    ) -> Result<PhoneNumber> {
        self.try_keys(sealed, |key, d| open_decoded_phone_number(key, d, v))
    }

    /// [`crate::decrypt_user_info`] with the ring.
    pub fn decrypt_user_info(
        &self,
        sealed: &EncryptedData<'_>,
        v: &Validation,
    ) -> Result<UserInfo> {
        self.try_keys(sealed, |key, d| open_decoded_user_info(key, d, v))
    }

    /// Checks a `rawData` signature against every key; none matching is
    /// [`ErrorKind::SessionStale`] (a stale key and tampering look alike).
    pub fn verify_signature(&self, raw_data: &str, signature: &str) -> Result<()> {
        if self
            .0
            .iter()
            .any(|e| verify_signature(raw_data, signature, &e.key))
        {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::SessionStale).with_field("signature"))
        }
    }
}

impl<K: RingKey> ToJson for KeyRing<K> {
    /// `[{ key, since }]`: for the server's store only.
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            ObjectWriter::new(out)
                .field("key", e.key.stored_base64().as_str())
                .field("since", &e.since)
                .end();
        }
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::encode_base64;
    use crate::wechat::encrypted::encrypt_data;

    fn key(n: u8) -> SessionKey {
        SessionKey::from_bytes([n; 16])
    }

    #[test]
    fn push_keeps_the_newest_and_young_ones() {
        let mut ring = KeyRing::new();
        ring.push(key(1), 100, 3, 50);
        ring.push(key(2), 110, 3, 50);
        ring.push(key(3), 120, 3, 50);
        ring.push(key(4), 130, 3, 50);
        let keys: Vec<u8> = ring
            .entries()
            .iter()
            .map(|e| e.key.expose_bytes()[0])
            .collect();
        assert_eq!(keys, vec![4, 3, 2]);
        ring.push(key(5), 1000, 3, 50); // the others are past their grace
        assert_eq!(ring.entries().len(), 1);
        ring.push(key(5), 1001, 3, 50); // the same key again: not twice
        assert_eq!(ring.entries().len(), 1);
    }

    #[test]
    fn grace_counts_from_supersession_when_keys_are_tried() {
        let mut ring = KeyRing::new();
        ring.push(key(1), 100, 3, 1000);
        ring.push(key(2), 900, 3, 1000); // key 1 superseded at 900
        let live = |ring: &KeyRing, now| -> Vec<u8> {
            ring.live(now, 50)
                .entries()
                .iter()
                .map(|e| e.key.expose_bytes()[0])
                .collect()
        };
        // Key 1 arrived 850 s before its supersession: still inside its grace.
        assert_eq!(live(&ring, 920), vec![2, 1]);
        assert_eq!(live(&ring, 950), vec![2, 1]);
        // Past the grace counted from 900: only the newest opens.
        assert_eq!(live(&ring, 951), vec![2]);
        // The newest never expires here (the session's own life bounds it).
        assert_eq!(live(&ring, 1_000_000), vec![2]);
        ring.push(key(3), 960, 3, 1000);
        // Key 2 superseded at 960 is live; key 1 (superseded at 900) is not.
        assert_eq!(live(&ring, 1000), vec![3, 2]);
        assert_eq!(KeyRing::new().live(5, 5).entries().len(), 0);
    }

    #[test]
    fn older_keys_still_open_and_unknown_ones_are_stale() {
        let iv = [7u8; 16];
        let data =
            crate::json::parse(r#"{"phoneNumber":"1","purePhoneNumber":"1","countryCode":"86"}"#)
                .unwrap();
        let sealed_text = encrypt_data(&key(1), &iv, data.as_object().unwrap().clone(), "wxa", 100);
        let iv_text = encode_base64(&iv);
        let sealed = EncryptedData {
            encrypted_data: &sealed_text,
            iv: &iv_text,
        };
        let v = Validation::new("wxa", 100);
        let mut ring = KeyRing::new();
        ring.push(key(1), 100, 3, 500);
        ring.push(key(2), 110, 3, 500);
        assert_eq!(
            ring.decrypt_phone_number(&sealed, &v)
                .unwrap()
                .pure_phone_number,
            "1"
        );
        let mut other = KeyRing::new();
        other.push(key(9), 100, 3, 500);
        assert_eq!(
            other.decrypt_phone_number(&sealed, &v).unwrap_err().code(),
            "ERR_SESSION_STALE"
        );
        assert_eq!(
            KeyRing::new().decrypt_data(&sealed, &v).unwrap_err().code(),
            "ERR_SESSION_STALE"
        );
        // Round trip through storage.
        let stored = crate::json::parse(&crate::json::to_json(&ring)).unwrap();
        assert_eq!(KeyRing::from_json(&stored), ring);
        assert_eq!(KeyRing::from_storage(&crate::json::to_json(&ring)), ring);
        for damaged in ["", "{", "{}", "null", "[1]"] {
            assert_eq!(KeyRing::from_storage(damaged), KeyRing::new(), "{damaged}");
        }
    }
}
