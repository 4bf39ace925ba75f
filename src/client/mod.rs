//! The mini program's side: the login state machine (a pure transition
//! function), the stored session and its envelope, the guard that keeps
//! secrets out of client storage, the user view pages render from, and the
//! developer server's replies; the client's rules (defaults, what counts as
//! a lost session).
//!
//! Built on `wechat`; never on `crypto` or
//! `server`: the client build cannot see a session key.

pub mod frame;
pub mod reply;
pub mod rules;
pub mod secrets;
pub mod session;
pub mod state;
pub mod storage;
pub mod user_view;
