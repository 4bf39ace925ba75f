//! The first frame: the state a page renders before the core is loaded.
//!
//! Beside the session, the stored envelope carries `view`: the state view
//! the machine enters when it restores that session (`RESTORE` from
//! signed out), written here when the session is sealed. The client's JS
//! reads it synchronously at `createLoginClient`, with the format in
//! [`FRAME_RULES`] (exported through `rules.json`), and shows it as a
//! display-only snapshot while the envelope's `exp` is after `now`. Once
//! the core is loaded, [`restore`] opens the envelope as
//! [`open_session`] does and answers the state the machine enters: that
//! confirms or corrects the snapshot. Where the stored `view` differs from
//! that state (an entry sealed without one, or changed since), the client
//! seals the session again, so the next launch's first frame is right.

use crate::prelude::*;

use crate::client::session::ClientSession;
use crate::client::state::{LoginEvent, LoginState, StateView};
use crate::client::storage::{
    open_session, EmptyReason, Opened, KEY_PREFIX, SESSION_KEY_END, STORAGE_VERSION,
};
use crate::error::Result;
use crate::json::{ObjectWriter, ToJson, Value};

/// The envelope field that holds the first frame.
pub const VIEW_FIELD: &str = "view";

/// The state the machine enters when it restores `session`: `RESTORE` from
/// signed out.
pub fn restored_state(session: &ClientSession) -> Result<LoginState> {
    LoginState::default().transition(&LoginEvent::Restore {
        openid: session.openid.clone(),
        profile: session.profile,
        phone: session.phone,
        user: session.user.clone(),
    })
}

/// What a launch finds in storage, as the core judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The stored session, or why there is none.
    pub opened: Opened<ClientSession>,
    /// The state the machine is in after the launch: signed in with the
    /// session's view, or signed out. Where the stored `view` differs from
    /// it (an entry sealed without one, or changed since), the client
    /// seals the session again, so the next launch's first frame is right.
    pub state: StateView,
}

/// Opens what storage holds at `now_ms` and restores it: the session (or
/// why there is none) and the machine's state. Never an error for what was
/// stored.
pub fn restore(raw: &Value, now_ms: u64) -> Restored {
    match open_session(raw, now_ms) {
        Opened::Found(session) => match restored_state(&session) {
            Ok(state) => Restored {
                opened: Opened::Found(session),
                state: state.into_view(),
            },
            // A session the machine would not restore is no session.
            Err(_) => signed_out(EmptyReason::Shape),
        },
        Opened::Empty(reason) => signed_out(reason),
    }
}

fn signed_out(reason: EmptyReason) -> Restored {
    Restored {
        opened: Opened::Empty(reason),
        state: LoginState::default().into_view(),
    }
}

impl ToJson for Restored {
    /// `{ session, state }`, or `{ reason, state }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        match &self.opened {
            Opened::Found(session) => w.field("session", session),
            Opened::Empty(reason) => w.field("reason", reason.as_str()),
        };
        w.field("state", &self.state);
        w.end();
    }
}

/// What `appId` may be in a storage key: 1 to 64 ASCII letters, digits and
/// `extra_characters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct AppIdShape {
    /// The shortest appId: 1.
    pub min_length: usize,
    /// The longest appId: 64.
    pub max_length: usize,
    /// The characters allowed beside letters and digits: `_-`.
    pub extra_characters: &'static str,
}

/// The names of the envelope's fields the first frame is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EnvelopeFields {
    /// The envelope's version: `v`.
    pub version: &'static str,
    /// When the envelope ends, milliseconds since the epoch: `exp`.
    pub expires: &'static str,
    /// The first frame: `view`.
    pub view: &'static str,
}

/// The first frame's fields and their JSON types (`string`, `boolean`,
/// `object`): a stored `view` is shown only when each is there with its
/// type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct ViewShape {
    /// The state's name.
    pub name: &'static str,
    /// The openid.
    pub openid: &'static str,
    /// The profile flag.
    pub profile: &'static str,
    /// The phone flag.
    pub phone: &'static str,
    /// What to offer next.
    pub next_step: &'static str,
    /// The server's `user` view (nickname, avatar URL, masked phone).
    pub user: &'static str,
}

/// How the client's JS reads the first frame before the core is loaded:
/// where the session is stored, the envelope's fields, and the view's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct FrameRules {
    /// The storage key is `key_before`, the appId, then `key_after`.
    pub key_before: &'static str,
    /// See [`FrameRules::key_before`].
    pub key_after: &'static str,
    /// What the appId may be (another is refused by the core once loaded).
    pub app_id: AppIdShape,
    /// The envelope version the first frame is read from.
    pub version: i64,
    /// The envelope's fields.
    pub fields: EnvelopeFields,
    /// The first frame's fields and types.
    pub view: ViewShape,
}

/// How the first frame is read, as data (`rules.json`'s `client.frame`).
pub const FRAME_RULES: FrameRules = FrameRules {
    key_before: KEY_PREFIX,
    key_after: SESSION_KEY_END,
    app_id: AppIdShape {
        min_length: 1,
        max_length: crate::client::storage::MAX_APP_ID_BYTES,
        extra_characters: crate::client::storage::APP_ID_EXTRA_CHARACTERS,
    },
    version: STORAGE_VERSION,
    fields: EnvelopeFields {
        version: "v",
        expires: "exp",
        view: VIEW_FIELD,
    },
    view: ViewShape {
        name: "string",
        openid: "string",
        profile: "boolean",
        phone: "boolean",
        next_step: "string",
        user: "object",
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::storage::{seal_session, session_storage_key};
    use crate::json::parse;

    fn session(user: &str) -> ClientSession {
        ClientSession {
            token: "t".repeat(43),
            openid: "o1".into(),
            unionid: None,
            expires_at: 2_000,
            profile: false,
            phone: false,
            user: parse(user).unwrap().as_object().unwrap().clone(),
        }
    }

    const FULL: &str = r#"{ "nickName": "小明", "avatarUrl": "https://a.example/1", "phoneNumber": "138****8000" }"#;

    fn json_type(v: &Value) -> &'static str {
        match v {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Object(_) => "object",
            _ => "other",
        }
    }

    #[test]
    fn the_sealed_envelope_carries_the_restored_view_in_the_rules_format() {
        let sealed = seal_session(&session(FULL)).unwrap();
        let f = FRAME_RULES.fields;
        assert_eq!(sealed[f.version].as_i64(), Some(FRAME_RULES.version));
        assert_eq!(sealed[f.expires].as_i64(), Some(2_000));
        let view = &sealed[f.view];
        let shape = FRAME_RULES.view;
        for (name, ty) in [
            ("name", shape.name),
            ("openid", shape.openid),
            ("profile", shape.profile),
            ("phone", shape.phone),
            ("nextStep", shape.next_step),
            ("user", shape.user),
        ] {
            assert_eq!(json_type(&view[name]), ty, "{name}");
        }
        // The view is the machine's: a nickname, an avatar and a phone make
        // the steps done, as RESTORE says.
        assert_eq!(view["name"].as_str(), Some("signedIn"));
        assert_eq!(view["nextStep"].as_str(), Some("done"));
        assert_eq!(view["user"]["phoneNumber"].as_str(), Some("138****8000"));
        assert_eq!(
            view.to_json(),
            crate::json::to_json(&restored_state(&session(FULL)).unwrap().view())
        );
    }

    #[test]
    fn the_key_in_the_rules_is_the_cores_key() {
        let key = session_storage_key("wx123").unwrap();
        assert_eq!(
            key,
            [FRAME_RULES.key_before, "wx123", FRAME_RULES.key_after].concat()
        );
        let longest = "a".repeat(FRAME_RULES.app_id.max_length);
        assert!(session_storage_key(&longest).is_ok());
        assert!(session_storage_key(&[longest.as_str(), "a"].concat()).is_err());
        let extra = FRAME_RULES.app_id.extra_characters;
        assert!(session_storage_key(extra).is_ok());
        assert!(session_storage_key("").is_err());
    }

    #[test]
    fn restore_answers_the_session_and_the_view_sealing_stored() {
        let sealed = seal_session(&session(FULL)).unwrap();
        let r = restore(&sealed, 1_000);
        assert_eq!(r.opened, Opened::Found(session(FULL)));
        assert_eq!(r.state.name.as_str(), "signedIn");
        assert_eq!(crate::json::to_json(&r.state), sealed[VIEW_FIELD].to_json());
        // As JSON text, the same.
        assert_eq!(
            restore(&Value::String(sealed.to_json()), 1_000).state,
            r.state
        );
    }

    #[test]
    fn an_expired_or_corrupt_envelope_restores_signed_out() {
        let sealed = seal_session(&session(FULL)).unwrap();
        for (raw, reason) in [
            (sealed.clone(), EmptyReason::Expired),
            (Value::String("{".into()), EmptyReason::Corrupt),
            (Value::Null, EmptyReason::Absent),
        ] {
            let r = restore(&raw, 2_000);
            assert_eq!(r.opened, Opened::Empty(reason));
            assert_eq!(r.state.name.as_str(), "signedOut");
            assert!(crate::json::to_json(&r).contains(r#""state":{"name":"signedOut""#));
        }
    }
}
