//! Every store key of one app: `<prefix><appId>:…` for a WeChat app,
//! `<prefix><appId>@<platform>:…` for another platform's, so several mini
//! programs on several platforms can share one store with the default
//! prefix. An appId is `[A-Za-z0-9_-]` only (`createAuth` checks it), so no
//! app's part of a key is the start of another's.
//!
//! A user's own keys carry a Redis Cluster hash tag `{<openid>}`, so they
//! share one slot and different users spread over the cluster; no operation
//! spans two slots. A login code's kept result and its lock share the tag
//! `{<code id>}` likewise.

use crate::platform::Platform;
use crate::prelude::*;
use crate::text::join;

/// One kind of key after the app's part (`<prefix><appId>:`): `before`, then
/// the key's id (a hash, an openid; none for the app's own keys), then
/// `after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct KeyForm {
    /// What comes before the id.
    pub before: &'static str,
    /// What comes after the id.
    pub after: &'static str,
}

const fn form(before: &'static str, after: &'static str) -> KeyForm {
    KeyForm { before, after }
}

/// Every kind of store key, as data: the JS glue builds keys on every
/// request from these, read once, with no call into the core per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct KeyForms {
    /// What ends the app's part, after `<prefix><appId>`: `:`.
    pub app_end: &'static str,
    /// What comes between the appId and the platform's name, for every
    /// platform but WeChat: `@`.
    pub platform_mark: &'static str,
    /// A session, by the hash of its token: `t:<hash>`.
    pub token: KeyForm,
    /// A login code's kept result or refusal, tagged to share a slot with
    /// its lock: `c:{<id>}`.
    pub code: KeyForm,
    /// The lock of a login code's exchange: `lock:c:{<id>}`.
    pub code_lock: KeyForm,
    /// A phone code's kept result or refusal: `pc:<id>`.
    pub phone_code: KeyForm,
    /// The lock of a phone code's upstream call: `lock:pc:<id>` (taken and
    /// read apart from the kept result: the two need not share a slot).
    pub phone_code_lock: KeyForm,
    /// The user's key ring: `{<openid>}:k`.
    pub ring: KeyForm,
    /// The user's record (flags, user object, userId): `{<openid>}:u`.
    pub user: KeyForm,
    /// The user's live sessions (token hashes by expiry): `{<openid>}:s`.
    pub sessions: KeyForm,
    /// The user's `/phone` counter: `{<openid>}:rl:phone`.
    pub phone_limit: KeyForm,
    /// The user's avatar upload counter: `{<openid>}:rl:avatar`.
    pub avatar_limit: KeyForm,
    /// The lock that lets one change to the user's record at a time read,
    /// change and write it (a profile, a phone number, an avatar upload
    /// keeping its image, a sign-in whose `onLogin` changed the record):
    /// `{<openid>}:lock:user`.
    pub user_lock: KeyForm,
    /// The access token: `at`.
    pub access_token: KeyForm,
    /// The access token's refresh lock: `lock:at`.
    pub access_token_lock: KeyForm,
    /// The forced refresh's cooldown: `at:forced`.
    pub forced_refresh: KeyForm,
    /// The user's one kept avatar image, by its tag (a hash of the openid): `av:<tag>`.
    pub avatar: KeyForm,
    /// `createCloudAuth`'s user record: `user:<openid>` (no hash tag).
    pub cloud_user: KeyForm,
    /// The lock of `createCloudAuth`'s user record (see `user_lock`):
    /// `lock:user:<openid>` (no hash tag).
    pub cloud_user_lock: KeyForm,
    /// `createCloudAuth`'s phone counter: `rl:phone:<openid>`.
    pub cloud_phone_limit: KeyForm,
    /// `createCloudAuth`'s avatar upload counter: `rl:avatar:<openid>`.
    pub cloud_avatar_limit: KeyForm,
}

/// Every kind of store key.
pub const KEY_FORMS: KeyForms = KeyForms {
    app_end: ":",
    platform_mark: "@",
    token: form("t:", ""),
    code: form("c:{", "}"),
    code_lock: form("lock:c:{", "}"),
    phone_code: form("pc:", ""),
    phone_code_lock: form("lock:pc:", ""),
    ring: form("{", "}:k"),
    user: form("{", "}:u"),
    sessions: form("{", "}:s"),
    phone_limit: form("{", "}:rl:phone"),
    avatar_limit: form("{", "}:rl:avatar"),
    user_lock: form("{", "}:lock:user"),
    access_token: form("at", ""),
    access_token_lock: form("lock:at", ""),
    forced_refresh: form("at:forced", ""),
    avatar: form("av:", ""),
    cloud_user: form("user:", ""),
    cloud_user_lock: form("lock:user:", ""),
    cloud_phone_limit: form("rl:phone:", ""),
    cloud_avatar_limit: form("rl:avatar:", ""),
};

/// The store keys of one app (`createAuth`'s and `createCloudAuth`'s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreKeys {
    /// `<prefix><appId>:`.
    app: String,
}

impl StoreKeys {
    /// The keys under `prefix` (`wl:` by default) for the WeChat app `app_id`.
    pub fn new(prefix: &str, app_id: &str) -> Self {
        StoreKeys {
            app: join(&[prefix, app_id, KEY_FORMS.app_end]),
        }
    }

    /// The keys under `prefix` for `app_id` on `platform`: WeChat's as
    /// [`StoreKeys::new`], another platform's `<prefix><appId>@<platform>:`.
    pub fn for_platform(prefix: &str, platform: Platform, app_id: &str) -> Self {
        if platform == Platform::Weixin {
            return StoreKeys::new(prefix, app_id);
        }
        StoreKeys {
            app: join(&[
                prefix,
                app_id,
                KEY_FORMS.platform_mark,
                platform.name(),
                KEY_FORMS.app_end,
            ]),
        }
    }

    /// `<prefix><appId>:<suffix>`: a key of this app.
    pub fn of(&self, suffix: &str) -> String {
        join(&[&self.app, suffix])
    }

    /// The key of kind `form` for `id`.
    fn keyed(&self, form: KeyForm, id: &str) -> String {
        join(&[&self.app, form.before, id, form.after])
    }

    /// A session, by the hash of its token: `…:t:<hash>`.
    pub fn token(&self, hash: &str) -> String {
        self.keyed(KEY_FORMS.token, hash)
    }

    /// A login code's kept result or refusal, by the code's id, tagged to
    /// share a slot with its lock: `…:c:{<id>}`.
    pub fn code(&self, id: &str) -> String {
        self.keyed(KEY_FORMS.code, id)
    }

    /// The lock of a login code's exchange: `…:lock:c:{<id>}`.
    pub fn code_lock(&self, id: &str) -> String {
        self.keyed(KEY_FORMS.code_lock, id)
    }

    /// A phone code's kept result or refusal: `…:pc:<id>`.
    pub fn phone_code(&self, id: &str) -> String {
        self.keyed(KEY_FORMS.phone_code, id)
    }

    /// The lock of a phone code's upstream call: `…:lock:pc:<id>`.
    pub fn phone_code_lock(&self, id: &str) -> String {
        self.keyed(KEY_FORMS.phone_code_lock, id)
    }

    /// The user's key ring: `…:{<openid>}:k`.
    pub fn ring(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.ring, openid)
    }

    /// The user's record (flags, user object, userId): `…:{<openid>}:u`.
    pub fn user(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.user, openid)
    }

    /// The user's live sessions (token hashes by expiry): `…:{<openid>}:s`.
    pub fn sessions(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.sessions, openid)
    }

    /// The user's `/phone` counter: `…:{<openid>}:rl:phone`.
    pub fn phone_limit(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.phone_limit, openid)
    }

    /// The user's avatar upload counter: `…{<openid>}:rl:avatar`.
    pub fn avatar_limit(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.avatar_limit, openid)
    }

    /// The lock of the user's record, taken by each change to it: `…{<openid>}:lock:user`.
    pub fn user_lock(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.user_lock, openid)
    }

    /// The access token: `…:at`.
    pub fn access_token(&self) -> String {
        self.keyed(KEY_FORMS.access_token, "")
    }

    /// The access token's refresh lock: `…:lock:at`.
    pub fn access_token_lock(&self) -> String {
        self.keyed(KEY_FORMS.access_token_lock, "")
    }

    /// The forced refresh's cooldown: `…:at:forced`.
    pub fn forced_refresh(&self) -> String {
        self.keyed(KEY_FORMS.forced_refresh, "")
    }

    /// A kept avatar image: `…:av:<id>`.
    pub fn avatar(&self, id: &str) -> String {
        self.keyed(KEY_FORMS.avatar, id)
    }

    /// `createCloudAuth`'s user record: `…:user:<openid>` (no hash tag).
    pub fn cloud_user(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.cloud_user, openid)
    }

    /// The lock of `createCloudAuth`'s user record, taken by each change to
    /// it: `…:lock:user:<openid>` (no hash tag).
    pub fn cloud_user_lock(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.cloud_user_lock, openid)
    }

    /// `createCloudAuth`'s phone counter: `…:rl:phone:<openid>`.
    pub fn cloud_phone_limit(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.cloud_phone_limit, openid)
    }

    /// `createCloudAuth`'s avatar upload counter: `…:rl:avatar:<openid>`.
    pub fn cloud_avatar_limit(&self, openid: &str) -> String {
        self.keyed(KEY_FORMS.cloud_avatar_limit, openid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_apps_prefix_then_their_kind() {
        let k = StoreKeys::new("wl:", "wx1");
        assert_eq!(k.of("x"), "wl:wx1:x");
        assert_eq!(k.token("h"), "wl:wx1:t:h");
        assert_eq!(k.code("id"), "wl:wx1:c:{id}");
        assert_eq!(k.code_lock("id"), "wl:wx1:lock:c:{id}");
        assert_eq!(k.phone_code("id"), "wl:wx1:pc:id");
        assert_eq!(k.phone_code_lock("id"), "wl:wx1:lock:pc:id");
        assert_eq!(k.access_token(), "wl:wx1:at");
        assert_eq!(k.access_token_lock(), "wl:wx1:lock:at");
        assert_eq!(k.forced_refresh(), "wl:wx1:at:forced");
        assert_eq!(k.avatar("a"), "wl:wx1:av:a");
    }

    #[test]
    fn another_platforms_keys_name_it_after_the_app() {
        assert_eq!(
            StoreKeys::for_platform("wl:", Platform::Weixin, "wx1"),
            StoreKeys::new("wl:", "wx1")
        );
        let k = StoreKeys::for_platform("wl:", Platform::Toutiao, "tt1");
        assert_eq!(k.token("h"), "wl:tt1@toutiao:t:h");
        assert_eq!(k.ring("o"), "wl:tt1@toutiao:{o}:k");
        // The same appId on two platforms: no key in common.
        let q = StoreKeys::for_platform("wl:", Platform::Qq, "tt1");
        assert_ne!(q.token("h"), k.token("h"));
        assert_ne!(StoreKeys::new("wl:", "tt1").token("h"), k.token("h"));
    }

    #[test]
    fn a_users_keys_share_one_hash_tag() {
        let k = StoreKeys::new("wl:", "wx1");
        assert_eq!(k.ring("o"), "wl:wx1:{o}:k");
        assert_eq!(k.user("o"), "wl:wx1:{o}:u");
        assert_eq!(k.sessions("o"), "wl:wx1:{o}:s");
        assert_eq!(k.phone_limit("o"), "wl:wx1:{o}:rl:phone");
        assert_eq!(k.avatar_limit("o"), "wl:wx1:{o}:rl:avatar");
        assert_eq!(k.user_lock("o"), "wl:wx1:{o}:lock:user");
    }

    #[test]
    fn the_cloud_keys_have_no_hash_tag() {
        let k = StoreKeys::new("p:", "wx1");
        assert_eq!(k.cloud_user("o"), "p:wx1:user:o");
        assert_eq!(k.cloud_user_lock("o"), "p:wx1:lock:user:o");
        assert_eq!(k.cloud_phone_limit("o"), "p:wx1:rl:phone:o");
    }

    #[test]
    fn a_users_key_forms_carry_the_openid_as_a_hash_tag() {
        for f in [
            KEY_FORMS.ring,
            KEY_FORMS.user,
            KEY_FORMS.sessions,
            KEY_FORMS.phone_limit,
            KEY_FORMS.avatar_limit,
            KEY_FORMS.user_lock,
        ] {
            assert_eq!(f.before, "{");
            assert!(f.after.starts_with("}:"), "{f:?}");
        }
        // A code's lock shares its tag `{<id>}`.
        assert!(KEY_FORMS.code_lock.before.ends_with(KEY_FORMS.code.before));
        assert_eq!(KEY_FORMS.code_lock.after, KEY_FORMS.code.after);
    }
}
