//! The login state machine, as a pure transition function.
//!
//! `signedOut → signingIn → signedIn | failed`. [`TRANSITIONS`] is the one
//! table of what is allowed; [`LoginState::transition`] consults it and
//! refuses anything else with [`ErrorKind::InvalidTransition`], leaving the
//! state as it was. [`LoginState::next_step`] tells a page what to show.

use crate::prelude::*;

use crate::client::user_view::{has_phone, has_profile, merge_user, read_user};
use crate::json::{Object, ObjectWriter, ToJson, Value};

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};

/// The name of a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateName {
    /// No session.
    SignedOut,
    /// `wx.login` and the server exchange are under way.
    SigningIn,
    /// A session exists.
    SignedIn,
    /// The last sign-in failed.
    Failed,
}

/// The name of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventName {
    /// A sign-in starts.
    LoginStart,
    /// The server answered with a session.
    LoginOk,
    /// The sign-in failed.
    LoginFail,
    /// The server no longer knows the session.
    SessionExpired,
    /// The user gave a profile.
    ProfileOk,
    /// The user bound a phone number.
    PhoneOk,
    /// The server answered about the user (`GET /me`).
    UserOk,
    /// The user signed out.
    Logout,
    /// A stored session was found at launch.
    Restore,
}

/// An event, with what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginEvent {
    /// A sign-in starts; `signingIn` keeps its attempt, and only a
    /// `LOGIN_OK` or `LOGIN_FAIL` of the same attempt ends it.
    LoginStart {
        /// The caller's number for this sign-in (a new one for each).
        attempt: Option<i64>,
    },
    /// The server answered with a session for `openid`; the flags say what
    /// the server already has for this user.
    LoginOk {
        /// The user's openid.
        openid: String,
        /// The server has the user's profile.
        profile: bool,
        /// The server has the user's phone number.
        phone: bool,
        /// The server's `user` view.
        user: Object,
        /// The sign-in this answers ([`LoginEvent::LoginStart`]'s attempt).
        attempt: Option<i64>,
    },
    /// The sign-in failed with this error code.
    LoginFail {
        /// An `ERR_…` code.
        code: String,
        /// The sign-in this answers ([`LoginEvent::LoginStart`]'s attempt).
        attempt: Option<i64>,
    },
    /// The server no longer knows the session.
    SessionExpired,
    /// The user gave a profile, or part of one.
    ProfileOk {
        /// What the server answered about the user, merged over the view.
        user: Object,
        /// The whole profile was given (a WeChat profile): the step is
        /// done. Otherwise (an avatar or a nickname alone) it is done once
        /// the view has both a nickname and an avatar.
        complete: bool,
    },
    /// The user bound a phone number.
    PhoneOk {
        /// What the server answered about the user, merged over the view.
        user: Object,
    },
    /// The server answered about the user (`GET /me`).
    UserOk {
        /// Its `user` view, merged over the one held.
        user: Object,
    },
    /// The user signed out.
    Logout,
    /// A stored session was found at launch.
    Restore {
        /// The stored openid.
        openid: String,
        /// The stored profile flag.
        profile: bool,
        /// The stored phone flag.
        phone: bool,
        /// The stored `user` view.
        user: Object,
    },
}

impl StateName {
    /// The state with this JS name, if any.
    pub fn from_name(name: &str) -> Option<StateName> {
        Some(match name {
            "signedOut" => StateName::SignedOut,
            "signingIn" => StateName::SigningIn,
            "signedIn" => StateName::SignedIn,
            "failed" => StateName::Failed,
            _ => return None,
        })
    }

    /// The name as JS sees it (`"signedIn"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            StateName::SignedOut => "signedOut",
            StateName::SigningIn => "signingIn",
            StateName::SignedIn => "signedIn",
            StateName::Failed => "failed",
        }
    }
}

impl EventName {
    /// The event with this JS name, if any.
    pub fn from_name(name: &str) -> Option<EventName> {
        Some(match name {
            "LOGIN_START" => EventName::LoginStart,
            "LOGIN_OK" => EventName::LoginOk,
            "LOGIN_FAIL" => EventName::LoginFail,
            "SESSION_EXPIRED" => EventName::SessionExpired,
            "PROFILE_OK" => EventName::ProfileOk,
            "PHONE_OK" => EventName::PhoneOk,
            "USER_OK" => EventName::UserOk,
            "LOGOUT" => EventName::Logout,
            "RESTORE" => EventName::Restore,
            _ => return None,
        })
    }

    /// The name as JS sees it (`"LOGIN_OK"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            EventName::LoginStart => "LOGIN_START",
            EventName::LoginOk => "LOGIN_OK",
            EventName::LoginFail => "LOGIN_FAIL",
            EventName::SessionExpired => "SESSION_EXPIRED",
            EventName::ProfileOk => "PROFILE_OK",
            EventName::PhoneOk => "PHONE_OK",
            EventName::UserOk => "USER_OK",
            EventName::Logout => "LOGOUT",
            EventName::Restore => "RESTORE",
        }
    }
}

impl LoginEvent {
    /// The event's name.
    pub fn name(&self) -> EventName {
        match self {
            LoginEvent::LoginStart { .. } => EventName::LoginStart,
            LoginEvent::LoginOk { .. } => EventName::LoginOk,
            LoginEvent::LoginFail { .. } => EventName::LoginFail,
            LoginEvent::SessionExpired => EventName::SessionExpired,
            LoginEvent::ProfileOk { .. } => EventName::ProfileOk,
            LoginEvent::PhoneOk { .. } => EventName::PhoneOk,
            LoginEvent::UserOk { .. } => EventName::UserOk,
            LoginEvent::Logout => EventName::Logout,
            LoginEvent::Restore { .. } => EventName::Restore,
        }
    }
}

impl LoginEvent {
    /// Reads an event from JSON: `{ type: "LOGIN_START", attempt? }`,
    /// `{ type: "LOGIN_OK", openid, profile?, phone?, user?, attempt? }`,
    /// `{ type: "LOGIN_FAIL", code?, attempt? }`,
    /// `{ type: "PROFILE_OK", user?, complete? }` (`complete` defaults to
    /// `true` without a `user`, to `false` with one), `{ type: "PHONE_OK", user? }`,
    /// `{ type: "USER_OK", user }`.
    pub fn from_json(value: &Value) -> Result<Self> {
        let f = Fields::new(
            object(value, ErrorKind::InvalidArgument, "event")?,
            ErrorKind::InvalidArgument,
            "event",
        );
        let name = EventName::from_name(f.str("type")?)
            .ok_or_else(|| f.err("type", FieldProblem::Invalid("not a login event")))?;
        let attempt = f.opt_int("attempt")?;
        Ok(match name {
            EventName::LoginStart => LoginEvent::LoginStart { attempt },
            EventName::LoginOk | EventName::Restore => {
                let (openid, profile, phone, user) = signed_in(&f)?;
                if name == EventName::LoginOk {
                    LoginEvent::LoginOk {
                        openid,
                        profile,
                        phone,
                        user,
                        attempt,
                    }
                } else {
                    LoginEvent::Restore {
                        openid,
                        profile,
                        phone,
                        user,
                    }
                }
            }
            EventName::LoginFail => LoginEvent::LoginFail {
                code: f.opt_str("code")?.unwrap_or_default().to_owned(),
                attempt,
            },
            EventName::SessionExpired => LoginEvent::SessionExpired,
            EventName::ProfileOk => {
                let given = f.get("user").is_some();
                LoginEvent::ProfileOk {
                    user: read_user(f.get("user"))?,
                    complete: match f.get("complete") {
                        None => !given,
                        Some(_) => f.flag("complete")?,
                    },
                }
            }
            EventName::PhoneOk => LoginEvent::PhoneOk {
                user: read_user(f.get("user"))?,
            },
            EventName::UserOk => LoginEvent::UserOk {
                user: read_user(f.get("user"))?,
            },
            EventName::Logout => LoginEvent::Logout,
        })
    }
}

/// The `openid`, `profile`, `phone` and `user` of a signed-in state or event.
fn signed_in(f: &Fields<'_>) -> Result<(String, bool, bool, Object)> {
    Ok((
        f.non_empty_str("openid")?.to_owned(),
        f.flag("profile")?,
        f.flag("phone")?,
        read_user(f.get("user"))?,
    ))
}

/// A signed-in state; the flags are also set by what the view shows (a
/// nickname and an avatar complete the profile; a phone number the phone).
fn signed_in_state(openid: String, profile: bool, phone: bool, user: Object) -> LoginState {
    LoginState::SignedIn {
        openid,
        profile: profile || has_profile(&user),
        phone: phone || has_phone(&user),
        user,
    }
}

/// What ERR_INVALID_TRANSITION says.
fn refused() -> Error {
    Error::new(ErrorKind::InvalidTransition).with_field("event")
}

/// What a page should offer next (the seed's "用户授权 → 绑定手机").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Sign in.
    Login,
    /// Ask for the profile (avatar and nickname).
    Profile,
    /// Ask to bind a phone number.
    Phone,
    /// Nothing left to ask.
    Done,
}

impl NextStep {
    /// The step as JS sees it (`"phone"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            NextStep::Login => "login",
            NextStep::Profile => "profile",
            NextStep::Phone => "phone",
            NextStep::Done => "done",
        }
    }
}

/// A state of the machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum LoginState {
    /// No session.
    #[default]
    SignedOut,
    /// A sign-in is under way.
    SigningIn {
        /// Its attempt, as `LOGIN_START` gave it.
        attempt: Option<i64>,
    },
    /// Signed in as `openid`.
    SignedIn {
        /// The user's openid.
        openid: String,
        /// The profile was given (or the view has a nickname and an avatar).
        profile: bool,
        /// A phone number was bound (or the view shows one).
        phone: bool,
        /// What the server answered about the user.
        user: Object,
    },
    /// The last sign-in failed with `error`.
    Failed {
        /// An `ERR_…` code.
        error: String,
    },
}

/// One allowed transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The state it leaves.
    pub from: StateName,
    /// The event that moves it.
    pub event: EventName,
    /// The state it enters.
    pub to: StateName,
}

impl ToJson for Transition {
    /// `{ from, event, to }`.
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("from", self.from.as_str())
            .field("event", self.event.as_str())
            .field("to", self.to.as_str())
            .end();
    }
}

const fn t(from: StateName, event: EventName, to: StateName) -> Transition {
    Transition { from, event, to }
}

/// Every allowed transition; anything else is refused.
pub const TRANSITIONS: &[Transition] = {
    use EventName::*;
    use StateName::*;
    &[
        t(SignedOut, LoginStart, SigningIn),
        t(SignedOut, Restore, SignedIn),
        t(SignedOut, Logout, SignedOut),
        t(SigningIn, LoginOk, SignedIn),
        t(SigningIn, LoginFail, Failed),
        t(SigningIn, Logout, SignedOut),
        t(SignedIn, LoginStart, SigningIn),
        t(SignedIn, ProfileOk, SignedIn),
        t(SignedIn, PhoneOk, SignedIn),
        t(SignedIn, UserOk, SignedIn),
        t(SignedIn, SessionExpired, SignedOut),
        t(SignedIn, Logout, SignedOut),
        t(Failed, LoginStart, SigningIn),
        t(Failed, Logout, SignedOut),
    ]
};

impl LoginState {
    /// Reads a state (or a [`StateView`]) from JSON: `{ name, openid?, profile?, phone?, user?, error?, attempt? }`.
    pub fn from_json(value: &Value) -> Result<Self> {
        let f = Fields::new(
            object(value, ErrorKind::InvalidArgument, "state")?,
            ErrorKind::InvalidArgument,
            "state",
        );
        let name = StateName::from_name(f.str("name")?)
            .ok_or_else(|| f.err("name", FieldProblem::Invalid("not a login state")))?;
        Ok(match name {
            StateName::SignedOut => LoginState::SignedOut,
            StateName::SigningIn => LoginState::SigningIn {
                attempt: f.opt_int("attempt")?,
            },
            StateName::SignedIn => {
                let (openid, profile, phone, user) = signed_in(&f)?;
                signed_in_state(openid, profile, phone, user)
            }
            StateName::Failed => LoginState::Failed {
                error: f.opt_str("error")?.unwrap_or("ERR_INTERNAL").to_owned(),
            },
        })
    }

    /// The state's name.
    pub fn name(&self) -> StateName {
        match self {
            LoginState::SignedOut => StateName::SignedOut,
            LoginState::SigningIn { .. } => StateName::SigningIn,
            LoginState::SignedIn { .. } => StateName::SignedIn,
            LoginState::Failed { .. } => StateName::Failed,
        }
    }

    /// What a page should offer next.
    pub fn next_step(&self) -> NextStep {
        match self {
            LoginState::SignedIn { profile: false, .. } => NextStep::Profile,
            LoginState::SignedIn { phone: false, .. } => NextStep::Phone,
            LoginState::SignedIn { .. } => NextStep::Done,
            _ => NextStep::Login,
        }
    }

    /// The state after `event`, or [`ErrorKind::InvalidTransition`] when the
    /// table does not allow it, or when a `LOGIN_OK` or `LOGIN_FAIL` answers
    /// another attempt than the sign-in under way (one a logout overtook):
    /// the caller keeps the state it had.
    pub fn transition(&self, event: &LoginEvent) -> Result<LoginState> {
        if let (
            LoginState::SigningIn { attempt },
            LoginEvent::LoginOk {
                attempt: answers, ..
            }
            | LoginEvent::LoginFail {
                attempt: answers, ..
            },
        ) = (self, event)
        {
            if answers != attempt {
                return Err(refused());
            }
        }
        // Where the event leads is the table's to say; the event only
        // brings the data the new state holds.
        let target = TRANSITIONS
            .iter()
            .find(|t| t.from == self.name() && t.event == event.name())
            .map(|t| t.to)
            .ok_or_else(refused)?;
        Ok(match target {
            StateName::SignedOut => LoginState::SignedOut,
            StateName::SigningIn => LoginState::SigningIn {
                attempt: match event {
                    LoginEvent::LoginStart { attempt } => *attempt,
                    _ => None,
                },
            },
            StateName::Failed => LoginState::Failed {
                error: match event {
                    LoginEvent::LoginFail { code, .. } => ErrorKind::from_code(code),
                    _ => None,
                }
                .unwrap_or(ErrorKind::Internal)
                .code()
                .to_owned(),
            },
            StateName::SignedIn => match (event, self) {
                (
                    LoginEvent::LoginOk {
                        openid,
                        profile,
                        phone,
                        user,
                        ..
                    }
                    | LoginEvent::Restore {
                        openid,
                        profile,
                        phone,
                        user,
                    },
                    _,
                ) => signed_in_state(openid.clone(), *profile, *phone, user.clone()),
                (
                    LoginEvent::ProfileOk { user: patch, .. }
                    | LoginEvent::PhoneOk { user: patch }
                    | LoginEvent::UserOk { user: patch },
                    LoginState::SignedIn {
                        openid,
                        profile,
                        phone,
                        user,
                    },
                ) => signed_in_state(
                    openid.clone(),
                    *profile || matches!(event, LoginEvent::ProfileOk { complete: true, .. }),
                    *phone || matches!(event, LoginEvent::PhoneOk { .. }),
                    merge_user(user, patch),
                ),
                // An event that brings no session cannot enter signedIn.
                _ => return Err(refused()),
            },
        })
    }

    /// The state as pages see it: `{ name, openid?, profile, phone, nextStep, user, error?, attempt? }`.
    pub fn view(&self) -> StateView {
        self.clone().into_view()
    }

    /// [`LoginState::view`], without a copy of the strings.
    pub fn into_view(self) -> StateView {
        let name = self.name();
        let next_step = self.next_step();
        let (openid, profile, phone, user, error, attempt) = match self {
            LoginState::SignedIn {
                openid,
                profile,
                phone,
                user,
            } => (Some(openid), profile, phone, user, None, None),
            LoginState::Failed { error } => (None, false, false, Object::new(), Some(error), None),
            LoginState::SigningIn { attempt } => (None, false, false, Object::new(), None, attempt),
            LoginState::SignedOut => (None, false, false, Object::new(), None, None),
        };
        StateView {
            name,
            openid,
            profile,
            phone,
            next_step,
            user,
            error,
            attempt,
        }
    }
}

/// The state as pages see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateView {
    /// The state's name.
    pub name: StateName,
    /// The openid, when signed in.
    pub openid: Option<String>,
    /// The profile was given.
    pub profile: bool,
    /// A phone number was bound.
    pub phone: bool,
    /// What to offer next.
    pub next_step: NextStep,
    /// What the server answered about the user (`{}` when signed out).
    pub user: Object,
    /// The error code, when failed.
    pub error: Option<String>,
    /// The sign-in's attempt, while signing in.
    pub attempt: Option<i64>,
}

impl ToJson for StateView {
    /// `{ name, openid?, profile, phone, nextStep, user, error?, attempt? }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("name", self.name.as_str())
            .optional("openid", &self.openid)
            .field("profile", &self.profile)
            .field("phone", &self.phone)
            .field("nextStep", self.next_step.as_str())
            .field("user", &self.user)
            .optional("error", &self.error)
            .optional("attempt", &self.attempt);
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(openid: &str) -> LoginEvent {
        LoginEvent::LoginOk {
            openid: openid.into(),
            profile: false,
            phone: false,
            user: Object::new(),
            attempt: None,
        }
    }

    const START: LoginEvent = LoginEvent::LoginStart { attempt: None };

    #[test]
    fn the_happy_path_and_next_steps() {
        let s = LoginState::default();
        assert_eq!(s.next_step(), NextStep::Login);
        let s = s.transition(&START).unwrap();
        let s = s.transition(&ok("o1")).unwrap();
        assert_eq!(s.next_step(), NextStep::Profile);
        let s = s
            .transition(&LoginEvent::ProfileOk {
                user: Object::new(),
                complete: true,
            })
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Phone);
        let s = s
            .transition(&LoginEvent::PhoneOk {
                user: Object::new(),
            })
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Done);
        assert_eq!(
            s.transition(&LoginEvent::Logout).unwrap(),
            LoginState::SignedOut
        );
    }

    #[test]
    fn every_pair_outside_the_table_is_refused() {
        let states = [
            LoginState::SignedOut,
            LoginState::SigningIn { attempt: None },
            LoginState::SignedIn {
                openid: "o".into(),
                profile: false,
                phone: true,
                user: Object::new(),
            },
            LoginState::Failed {
                error: "ERR_NETWORK".into(),
            },
        ];
        let events = [
            START,
            ok("o"),
            LoginEvent::LoginFail {
                code: "ERR_NETWORK".into(),
                attempt: None,
            },
            LoginEvent::SessionExpired,
            LoginEvent::ProfileOk {
                user: Object::new(),
                complete: false,
            },
            LoginEvent::PhoneOk {
                user: Object::new(),
            },
            LoginEvent::UserOk {
                user: Object::new(),
            },
            LoginEvent::Logout,
            LoginEvent::Restore {
                openid: "o".into(),
                profile: true,
                phone: true,
                user: Object::new(),
            },
        ];
        let mut allowed = 0;
        for s in &states {
            for e in &events {
                let in_table = TRANSITIONS
                    .iter()
                    .find(|t| t.from == s.name() && t.event == e.name());
                match (s.transition(e), in_table) {
                    (Ok(next), Some(t)) => {
                        assert_eq!(next.name(), t.to);
                        allowed += 1;
                    }
                    (Err(err), None) => assert_eq!(err.code(), "ERR_INVALID_TRANSITION"),
                    (got, want) => panic!("{s:?} + {e:?}: {got:?} vs {want:?}"),
                }
            }
        }
        assert_eq!(allowed, TRANSITIONS.len());
    }

    #[test]
    fn unknown_failure_codes_become_internal() {
        let s = LoginState::SigningIn { attempt: None }
            .transition(&LoginEvent::LoginFail {
                code: "nope".into(),
                attempt: None,
            })
            .unwrap();
        assert_eq!(
            s,
            LoginState::Failed {
                error: "ERR_INTERNAL".into()
            }
        );
    }

    fn event(text: &str) -> LoginEvent {
        LoginEvent::from_json(&crate::json::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn avatar_and_nickname_complete_the_profile_step() {
        let s = LoginState::SigningIn { attempt: None }
            .transition(&ok("o"))
            .unwrap();
        let s = s
            .transition(&event(
                r#"{ "type": "PROFILE_OK", "user": { "avatarUrl": "https://a/1" } }"#,
            ))
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Profile, "an avatar alone");
        let s = s
            .transition(&event(
                r#"{ "type": "PROFILE_OK", "user": { "nickName": "小明" } }"#,
            ))
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Phone, "avatar plus nickname");
        let s = s
            .transition(&event(
                r#"{ "type": "PHONE_OK", "user": { "phoneNumber": "138****8000" } }"#,
            ))
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Done);
        let view = crate::json::to_json(&s.view());
        assert!(view.contains(r#""user":{"avatarUrl":"https://a/1","nickName":"小明","phoneNumber":"138****8000"}"#), "{view}");
        // A WeChat profile (legacy) completes the step by itself.
        let s = LoginState::SigningIn { attempt: None }
            .transition(&ok("o"))
            .unwrap();
        let s = s.transition(&event(r#"{ "type": "PROFILE_OK" }"#)).unwrap();
        assert_eq!(s.next_step(), NextStep::Phone);
    }

    #[test]
    fn a_restored_view_decides_the_next_step() {
        let s = LoginState::SignedOut
            .transition(&event(
                r#"{ "type": "RESTORE", "openid": "o", "user": { "nickName": "n", "avatarUrl": "a", "phoneNumber": "138****8000" } }"#,
            ))
            .unwrap();
        assert_eq!(s.next_step(), NextStep::Done);
        let back =
            LoginState::from_json(&crate::json::parse(&crate::json::to_json(&s.view())).unwrap())
                .unwrap();
        assert_eq!(back, s);
        let s = s
            .transition(&event(
                r#"{ "type": "USER_OK", "user": { "nickName": "m" } }"#,
            ))
            .unwrap();
        assert_eq!(
            s.view().user.get("nickName"),
            Some(&Value::String("m".into()))
        );
    }

    #[test]
    fn a_sign_in_ends_only_with_an_answer_to_its_own_attempt() {
        let s = LoginState::SignedOut
            .transition(&event(r#"{ "type": "LOGIN_START", "attempt": 2 }"#))
            .unwrap();
        assert_eq!(s, LoginState::SigningIn { attempt: Some(2) });
        let view = crate::json::to_json(&s.view());
        assert!(view.ends_with(r#""attempt":2}"#), "{view}");
        let back = LoginState::from_json(&crate::json::parse(&view).unwrap()).unwrap();
        assert_eq!(back, s);
        for stale in [
            r#"{ "type": "LOGIN_OK", "openid": "o", "attempt": 1 }"#,
            r#"{ "type": "LOGIN_OK", "openid": "o" }"#,
            r#"{ "type": "LOGIN_FAIL", "code": "ERR_NETWORK", "attempt": 1 }"#,
        ] {
            let err = s.transition(&event(stale)).unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_TRANSITION", "{stale}");
        }
        let done = s
            .transition(&event(
                r#"{ "type": "LOGIN_OK", "openid": "o", "attempt": 2 }"#,
            ))
            .unwrap();
        assert_eq!(done.name(), StateName::SignedIn);
        let failed = s
            .transition(&event(
                r#"{ "type": "LOGIN_FAIL", "code": "ERR_NETWORK", "attempt": 2 }"#,
            ))
            .unwrap();
        assert_eq!(failed.name(), StateName::Failed);
    }

    #[test]
    fn a_sign_in_a_logout_overtook_is_refused() {
        let s = LoginState::SignedOut
            .transition(&event(r#"{ "type": "LOGIN_START", "attempt": 1 }"#))
            .unwrap()
            .transition(&LoginEvent::Logout)
            .unwrap();
        let late = event(r#"{ "type": "LOGIN_OK", "openid": "o", "attempt": 1 }"#);
        assert_eq!(
            s.transition(&late).unwrap_err().code(),
            "ERR_INVALID_TRANSITION"
        );
        // Signing in again after the logout: the old answer is still not this one's.
        let again = s
            .transition(&event(r#"{ "type": "LOGIN_START", "attempt": 2 }"#))
            .unwrap();
        assert_eq!(
            again.transition(&late).unwrap_err().code(),
            "ERR_INVALID_TRANSITION"
        );
    }
}
