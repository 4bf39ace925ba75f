//! Every reader of outside JSON: WeChat's answers, button events, server
//! replies, stored entries, state-machine input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use weapp_login::json::parse_bytes;
use weapp_login::wechat::wx_result::{check_scope, parse_login_result};
use weapp_login::*;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = parse_bytes(data) else { return };
    let _ = parse_code2session(&value);
    let _ = parse_stable_token(&value);
    let _ = parse_phone_number_reply(&value, "wx1234567890abcdef");
    let _ = parse_check_session(&value);
    let _ = parse_phone_event(&value);
    let _ = parse_profile_result(&value);
    let _ = parse_avatar_event(&value);
    let _ = parse_nickname(&value);
    let _ = parse_login_result(&value);
    let _ = check_scope(&value, "scope.userInfo");
    let _ = ClientSession::from_login_reply(&value);
    let _ = open_session(&value, 1_796_000_000_000);
    let _ = read_reply(401, value.clone());
    let _ = KeyRing::from_json(&value);
    if let (Ok(state), Some(event)) = (LoginState::from_json(&value), value.get("event")) {
        if let Ok(event) = LoginEvent::from_json(event) {
            let _ = state.transition(&event);
        }
    }
    if let Some(object) = value.as_object() {
        let _ = client::storage::seal_entry(object, 1);
    }
});
