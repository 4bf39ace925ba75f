//! The JSON reader: any bytes; what it accepts writes back and reads the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use weapp_login::json::{parse, parse_bytes, to_json};

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = parse_bytes(data) {
        let text = to_json(&value);
        assert_eq!(parse(&text).ok(), Some(value));
    }
});
