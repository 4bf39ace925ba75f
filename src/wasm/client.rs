//! Bindings of the client build: the state machine, storage, server replies
//! and the profile buttons. The server build exports each function with
//! wasm-bindgen; the client build reaches them (and the shared ones in
//! `common`) through one entry point, `call`, declared at the end.

use crate::prelude::*;

use crate::json::{ObjectWriter, ToJson, Value};
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::state::{LoginEvent, LoginState, TRANSITIONS};
use crate::storage::Opened;
use crate::wasm::{answer, args};
use crate::ClientSession;

fn state_arg(v: &JsValue) -> Result<LoginState> {
    LoginState::from_json(&args::json(v, "state", ErrorKind::InvalidArgument)?)
}

fn event_arg(v: &JsValue) -> Result<LoginEvent> {
    LoginEvent::from_json(&args::json(v, "event", ErrorKind::InvalidArgument)?)
}

/// `initialState()`: signed out.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn initial_state() -> JsValue {
    answer(Ok(LoginState::default().into_view()))
}

/// `transition(state, event)`: the next state, or ERR_INVALID_TRANSITION.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn transition(state: JsValue, event: JsValue) -> JsValue {
    answer(state_arg(&state).and_then(|s| {
        let event = event_arg(&event)?;
        s.transition(&event).map(LoginState::into_view)
    }))
}

/// `transitions()`: the table, `[{ from, event, to }]`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn transitions() -> JsValue {
    answer(Ok(TRANSITIONS))
}

/// `sessionStorageKey(appId)`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn session_storage_key(app_id: JsValue) -> JsValue {
    answer(args::string(&app_id, "appId").and_then(|id| crate::session_storage_key(&id)))
}

/// `loginReply(body, nowMs?)`: what the client keeps of `POST /login`'s
/// answer; with `nowMs`, a session already ended is refused too.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn login_reply(body: JsValue, now_ms: JsValue) -> JsValue {
    answer(
        args::json(&body, "body", ErrorKind::PayloadShape).and_then(|v| {
            if now_ms.is_undefined() {
                ClientSession::from_login_reply(&v)
            } else {
                ClientSession::from_login_reply_at(&v, args::milliseconds(&now_ms, "nowMs")?)
            }
        }),
    )
}

/// `sealSession(session)`: the storage envelope, or ERR_SENSITIVE_FIELD.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn seal_session(session: JsValue) -> JsValue {
    answer(
        args::json(&session, "session", ErrorKind::InvalidArgument)
            .and_then(|v| ClientSession::from_login_reply(&v))
            .and_then(|s| crate::seal_session(&s)),
    )
}

/// What `openSession` answers: `{ session }`, or `{ reason }` when there is none.
struct OpenedView(Opened<ClientSession>);

impl ToJson for OpenedView {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        match &self.0 {
            Opened::Found(session) => w.field("session", session),
            Opened::Empty(reason) => w.field("reason", reason.as_str()),
        };
        w.end();
    }
}

/// `openSession(raw, nowMs)`: never an error for what was stored.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn open_session(raw: JsValue, now_ms: JsValue) -> JsValue {
    answer((|| {
        let now_ms = args::milliseconds(&now_ms, "nowMs")?;
        let raw = args::any_json(&raw).unwrap_or(Value::String("{".into()));
        Ok(OpenedView(crate::open_session(&raw, now_ms)))
    })())
}

/// `readReply(statusCode, data)`: `true` for a 2xx reply, otherwise its error.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn read_reply(status: JsValue, body: JsValue) -> JsValue {
    answer((|| {
        // A whole number from 0 to 999: the cast saturates (NaN gives 0),
        // so it reads back unchanged only for a whole number in range.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let status = status
            .as_f64()
            .and_then(|s| (s <= 999.0 && f64::from(s as u16) == s).then_some(s as u16))
            .ok_or_else(|| Error::argument_type("statusCode", "an HTTP status"))?;
        // An unreadable body is no body.
        let body = args::any_json(&body).unwrap_or(Value::Null);
        crate::read_reply(status, body).map(|_| true)
    })())
}

/// `requestFailure(errMsg)`: always the error for a failed `wx.request`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn request_failure(err_msg: JsValue) -> JsValue {
    let msg = err_msg.as_string().unwrap_or_default();
    answer::<bool>(Err(crate::request_failure(&msg)))
}

/// `parseProfileResult(detail)`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn parse_profile_result(detail: JsValue) -> JsValue {
    // Answered from the detail as read, without a copy of the profile.
    match args::json(&detail, "detail", ErrorKind::PayloadShape) {
        Ok(v) => answer(crate::payload::profile::read_profile_result(&v)),
        Err(err) => answer::<bool>(Err(err)),
    }
}

/// `parseAvatarEvent(event)`: the temporary avatar path.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn parse_avatar_event(detail: JsValue) -> JsValue {
    answer(
        args::json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|v| crate::parse_avatar_event(&v)),
    )
}

/// `parseNickname(eventOrText)`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn parse_nickname(input: JsValue) -> JsValue {
    let value = if let Some(text) = input.as_string() {
        Ok(Value::String(text))
    } else {
        args::json(&input, "nickname", ErrorKind::InvalidArgument)
    };
    answer(value.and_then(|v| crate::parse_nickname(&v)))
}

/// Declares the client build's one entry point, `call(op, a, b)`, which
/// runs export number `op` with its (up to two) arguments, and `ops()`, the
/// exports' names in that order (space-separated); the glue
/// (tools/wrap-glue.js) offers each under its name. One entry point instead
/// of seventeen keeps the mini program's wasm small: each export of its own
/// costs a wrapper and a name. The server build exports every function.
macro_rules! client_exports {
    (|$a:ident, $b:ident| $($name:ident => $call:expr,)*) => {
        /// The client exports, numbered in order.
        #[cfg(not(feature = "server"))]
        #[allow(non_camel_case_types)]
        enum Op {
            $($name,)*
        }

        /// `call(op, a, b)`: export number `op` of `ops()`; an unknown
        /// number is ERR_INTERNAL.
        #[cfg(not(feature = "server"))]
        #[wasm_bindgen]
        pub fn call(op: u32, $a: JsValue, $b: JsValue) -> JsValue {
            match op {
                $(n if n == Op::$name as u32 => $call,)*
                _ => answer::<bool>(Err(Error::new(ErrorKind::Internal))),
            }
        }

        /// `ops()`: the names of the client build's exports, in `call`'s
        /// order, each after a space.
        #[cfg(not(feature = "server"))]
        #[wasm_bindgen]
        pub fn ops() -> JsValue {
            JsValue::from_str(concat!($(" ", stringify!($name)),*))
        }
    };
}

client_exports! {
    |a, b|
    initial_state => initial_state(),
    transition => transition(a, b),
    transitions => transitions(),
    session_storage_key => session_storage_key(a),
    login_reply => login_reply(a, b),
    seal_session => seal_session(a),
    open_session => open_session(a, b),
    read_reply => read_reply(a, b),
    request_failure => request_failure(a),
    parse_profile_result => parse_profile_result(a),
    parse_avatar_event => parse_avatar_event(a),
    parse_nickname => parse_nickname(a),
    error_codes => super::common::error_codes(),
    parse_phone_event => super::common::parse_phone_event(a),
    check_wx_result => super::common::check_wx_result(a),
    parse_login_result => super::common::parse_login_result(a),
    check_scope => super::common::check_scope(a, b),
}
