//! Readers of plain text: wx errMsg strings, base64, storage keys.
#![no_main]
use libfuzzer_sys::fuzz_target;
use weapp_login::crypto::decode_base64;
use weapp_login::*;

fuzz_target!(|text: &str| {
    let _ = check_wx_result(text);
    let _ = request_failure(text);
    let _ = session_storage_key(text);
    let _ = decode_base64(text, "x");
    let _ = SessionKey::from_base64(text);
    let _ = client::secrets::looks_like_session_key(text);
});
