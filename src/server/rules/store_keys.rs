//! Every store key of one app: `<prefix><appId>:…`, so several mini programs
//! can share one store with the default prefix.
//!
//! A user's own keys carry a Redis Cluster hash tag `{<openid>}`, so they
//! share one slot and different users spread over the cluster; no operation
//! spans two slots. A login code's kept result and its lock share the tag
//! `{<code id>}` likewise.

use crate::prelude::*;
use crate::text::join;

/// The store keys of one app (`createAuth`'s and `createCloudAuth`'s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreKeys {
    /// `<prefix><appId>:`.
    app: String,
}

impl StoreKeys {
    /// The keys under `prefix` (`wl:` by default) for `app_id`.
    pub fn new(prefix: &str, app_id: &str) -> Self {
        StoreKeys {
            app: join(&[prefix, app_id, ":"]),
        }
    }

    /// `<prefix><appId>:<suffix>`: a key of this app.
    pub fn of(&self, suffix: &str) -> String {
        join(&[&self.app, suffix])
    }

    /// A session, by the hash of its token: `…:t:<hash>`.
    pub fn token(&self, hash: &str) -> String {
        join(&[&self.app, "t:", hash])
    }

    /// A login code's kept result or refusal, by the code's id, tagged to
    /// share a slot with its lock: `…:c:{<id>}`.
    pub fn code(&self, id: &str) -> String {
        join(&[&self.app, "c:{", id, "}"])
    }

    /// The lock of a login code's exchange: `…:lock:c:{<id>}`.
    pub fn code_lock(&self, id: &str) -> String {
        join(&[&self.app, "lock:c:{", id, "}"])
    }

    /// A phone code's kept result or refusal: `…:pc:<id>`.
    pub fn phone_code(&self, id: &str) -> String {
        join(&[&self.app, "pc:", id])
    }

    /// The user's key ring: `…:{<openid>}:k`.
    pub fn ring(&self, openid: &str) -> String {
        self.user_key(openid, "k")
    }

    /// The user's record (flags, user object, userId): `…:{<openid>}:u`.
    pub fn user(&self, openid: &str) -> String {
        self.user_key(openid, "u")
    }

    /// The user's live sessions (token hashes by expiry): `…:{<openid>}:s`.
    pub fn sessions(&self, openid: &str) -> String {
        self.user_key(openid, "s")
    }

    /// The user's `/phone` counter: `…:{<openid>}:rl:phone`.
    pub fn phone_limit(&self, openid: &str) -> String {
        self.user_key(openid, "rl:phone")
    }

    /// The access token: `…:at`.
    pub fn access_token(&self) -> String {
        self.of("at")
    }

    /// The access token's refresh lock: `…:lock:at`.
    pub fn access_token_lock(&self) -> String {
        self.of("lock:at")
    }

    /// The forced refresh's cooldown: `…:at:forced`.
    pub fn forced_refresh(&self) -> String {
        self.of("at:forced")
    }

    /// A kept avatar image: `…:av:<id>`.
    pub fn avatar(&self, id: &str) -> String {
        join(&[&self.app, "av:", id])
    }

    /// `createCloudAuth`'s user record: `…:user:<openid>` (no hash tag).
    pub fn cloud_user(&self, openid: &str) -> String {
        join(&[&self.app, "user:", openid])
    }

    /// `createCloudAuth`'s phone counter: `…:rl:phone:<openid>`.
    pub fn cloud_phone_limit(&self, openid: &str) -> String {
        join(&[&self.app, "rl:phone:", openid])
    }

    fn user_key(&self, openid: &str, what: &str) -> String {
        join(&[&self.app, "{", openid, "}:", what])
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
        assert_eq!(k.access_token(), "wl:wx1:at");
        assert_eq!(k.access_token_lock(), "wl:wx1:lock:at");
        assert_eq!(k.forced_refresh(), "wl:wx1:at:forced");
        assert_eq!(k.avatar("a"), "wl:wx1:av:a");
    }

    #[test]
    fn a_users_keys_share_one_hash_tag() {
        let k = StoreKeys::new("wl:", "wx1");
        assert_eq!(k.ring("o"), "wl:wx1:{o}:k");
        assert_eq!(k.user("o"), "wl:wx1:{o}:u");
        assert_eq!(k.sessions("o"), "wl:wx1:{o}:s");
        assert_eq!(k.phone_limit("o"), "wl:wx1:{o}:rl:phone");
    }

    #[test]
    fn the_cloud_keys_have_no_hash_tag() {
        let k = StoreKeys::new("p:", "wx1");
        assert_eq!(k.cloud_user("o"), "p:wx1:user:o");
        assert_eq!(k.cloud_phone_limit("o"), "p:wx1:rl:phone:o");
    }
}
