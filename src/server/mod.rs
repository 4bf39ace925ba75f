//! The developer server's operations on a user's keys and sessions: the key
//! ring, one way in for every decrypt, the stored session record, the
//! profile a client submits, and the rules (defaults, limits and store
//! formats) the server's glue reads.
//!
//! Built on `wechat` and `crypto`; never on
//! `client`.

pub mod decrypt;
pub mod key_ring;
pub mod platforms;
pub mod profile_submission;
pub mod rules;
pub mod session_record;
