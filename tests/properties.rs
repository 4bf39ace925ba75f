//! Properties (proptest): no input makes any core function panic, sealed
//! data always opens again, and errors never repeat the inputs.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use weapp_login::crypto::{decode_base64, encode_base64, open, seal};
use weapp_login::json::{parse, to_json};
use weapp_login::{
    check_wx_result, decrypt_data, decrypt_phone_number, decrypt_user_info, encrypt_data,
    parse_code2session, parse_phone_event, session_key_signature, verify_signature, EncryptedData,
    SessionKey, Validation,
};

/// Any JSON value, a few levels deep, with the field names the parsers look for.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("errcode".to_owned()),
        Just("openid".to_owned()),
        Just("session_key".to_owned()),
        Just("unionid".to_owned()),
        Just("errMsg".to_owned()),
        Just("code".to_owned()),
        Just("iv".to_owned()),
        Just("encryptedData".to_owned()),
        Just("detail".to_owned()),
        // The other platforms' answers: Douyin's, Kuaishou's, Baidu's.
        Just("err_no".to_owned()),
        Just("data".to_owned()),
        Just("result".to_owned()),
        Just("open_id".to_owned()),
        Just("errno".to_owned()),
        Just("error".to_owned()),
        Just("anonymous_openid".to_owned()),
        "[a-zA-Z_]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,24}".prop_map(Value::from),
        Just(Value::from("getPhoneNumber:ok")),
        Just(Value::from("Pt8Rn+yFDuTkk1kp6WSh5w==")),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Text that is often JSON and often nearly: valid documents with a few
/// characters changed, dropped or added, and JSON-ish alphabets.
fn json_like_text() -> impl Strategy<Value = String> {
    let mutated = (
        json_value(),
        any::<prop::sample::Index>(),
        prop::sample::select(vec![
            "", ",", "]", "}", "\\", "\"", "-", "0", ".", "e", "\u{1}", "\\ud800", " ",
        ]),
    )
        .prop_map(|(v, at, insert)| {
            let mut text = v.to_string();
            let mut i = at.index(text.len() + 1).min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, insert);
            text
        });
    prop_oneof![
        mutated,
        "[\\[\\]{}:,\"0-9.eE+\\- tfrualsn\\\\u]{0,24}",
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{0,3})?([eE][+-]?[0-9]{0,3})?",
    ]
}

/// Whether an exponent in `text` has ten or more digits.
fn has_overlong_exponent(text: &str) -> bool {
    text.split(['e', 'E']).skip(1).any(|rest| {
        rest.trim_start_matches(['+', '-'])
            .chars()
            .take_while(char::is_ascii_digit)
            .count()
            >= 10
    })
}

/// Strings that are often base64, sometimes nearly.
fn base64ish() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..80).prop_map(|b| encode_base64(&b)),
        prop::collection::vec(any::<u8>(), 0..80).prop_map(|b| encode_base64(&b).replace('+', " ")),
        "[A-Za-z0-9+/= \r\n]{0,64}",
        ".{0,64}",
    ]
}

fn validation() -> impl Strategy<Value = Validation> {
    (
        ".{0,20}",
        any::<u64>(),
        proptest::option::of(any::<u64>()),
        any::<u64>(),
    )
        .prop_map(|(app_id, now, max_age, leeway)| Validation {
            app_id,
            now,
            max_age,
            leeway,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn base64_never_panics(text in ".{0,100}") {
        let _ = decode_base64(&text, "x");
    }

    #[test]
    fn base64_decodes_exactly_as_the_base64_crate(text in "[A-Za-z0-9+/=*]{0,40}", bytes in prop::collection::vec(any::<u8>(), 1..40), cut in 0usize..4, at in any::<prop::sample::Index>(), stray in "[=*A]") {
        use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};
        // The rules src/base64.rs follows: the standard engine, padding
        // indifferent, trailing bits allowed.
        let oracle = GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            GeneralPurposeConfig::new()
                .with_decode_padding_mode(DecodePaddingMode::Indifferent)
                .with_decode_allow_trailing_bits(true),
        );
        // Random text over the alphabet, padding and a stranger; and real
        // encodings with their padding cut or extended.
        let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let trimmed = encoded.trim_end_matches('=');
        let padded = format!("{trimmed}{}", "=".repeat(cut));
        // A real encoding with one character replaced: `=` in odd places.
        let mut swapped = encoded.clone().into_bytes();
        swapped[at.index(encoded.len())] = stray.as_bytes()[0];
        let swapped = String::from_utf8(swapped).unwrap();
        for input in [text.as_str(), encoded.as_str(), trimmed, padded.as_str(), swapped.as_str()] {
            let ours = decode_base64(input, "x").map_err(|e| e.code());
            let theirs = oracle.decode(input).map_err(|_| "ERR_BASE64");
            prop_assert_eq!(ours, theirs, "{:?}", input);
        }
        prop_assert_eq!(encode_base64(&bytes), encoded);
    }

    #[test]
    fn base64_round_trips_and_survives_form_decoding(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = encode_base64(&bytes);
        prop_assert_eq!(decode_base64(&text, "x").unwrap(), bytes.clone());
        prop_assert_eq!(decode_base64(&text.replace('+', " "), "x").unwrap(), bytes.clone());
        let wrapped: String = text.chars().enumerate()
            .flat_map(|(i, c)| if i % 19 == 18 { vec![c, '\r', '\n'] } else { vec![c] })
            .collect();
        prop_assert_eq!(decode_base64(&wrapped, "x").unwrap(), bytes);
    }

    #[test]
    fn decrypt_functions_never_panic(key in base64ish(), iv in base64ish(), data in base64ish(), v in validation()) {
        if let Ok(key) = SessionKey::from_base64(&key) {
            let sealed = EncryptedData { encrypted_data: &data, iv: &iv };
            let _ = decrypt_data(&key, &sealed, &v);
            let _ = decrypt_phone_number(&key, &sealed, &v);
            let _ = decrypt_user_info(&key, &sealed, &v);
        }
    }

    #[test]
    fn decrypting_random_blocks_fails_cleanly(
        key in any::<[u8; 16]>(), iv in any::<[u8; 16]>(),
        blocks in prop::collection::vec(any::<u8>(), 1..8).prop_flat_map(|n| prop::collection::vec(any::<u8>(), n.len() * 16)),
    ) {
        let key = SessionKey::from_bytes(key);
        let (iv, data) = (encode_base64(&iv), encode_base64(&blocks));
        let sealed = EncryptedData { encrypted_data: &data, iv: &iv };
        let err = decrypt_phone_number(&key, &sealed, &Validation::new("wxa", 0)).unwrap_err();
        // Random bytes almost never make valid padding, UTF-8 and a JSON object.
        prop_assert!(matches!(err.code(), "ERR_DECRYPT_FAILED" | "ERR_WATERMARK_MISSING" | "ERR_PAYLOAD_SHAPE"));
        prop_assert!(!err.to_string().contains(&data));
    }

    #[test]
    fn seal_then_open_round_trips(key in any::<[u8; 16]>(), iv in any::<[u8; 16]>(), plain in prop::collection::vec(any::<u8>(), 0..300)) {
        let key = SessionKey::from_bytes(key);
        let sealed = seal(&key, &iv, &plain);
        prop_assert_eq!(sealed.len(), (plain.len() / 16 + 1) * 16);
        prop_assert_eq!(open(&key, &iv, &sealed).unwrap(), plain);
    }

    #[test]
    fn any_sealed_payload_decrypts_with_its_watermark(
        key in any::<[u8; 16]>(), iv in any::<[u8; 16]>(), data in json_value(),
        app_id in "[a-z0-9]{1,18}", timestamp in 0i64..4_000_000_000, age in 0u64..=600,
    ) {
        let key = SessionKey::from_bytes(key);
        let obj = match data { Value::Object(m) => m, other => Map::from_iter([("v".to_owned(), other)]) };
        let ours = parse(&Value::Object(obj.clone()).to_string()).unwrap().as_object().unwrap().clone();
        let ct = encrypt_data(&key, &iv, ours, &app_id, timestamp);
        let iv_text = encode_base64(&iv);
        let sealed = EncryptedData { encrypted_data: &ct, iv: &iv_text };
        let now = u64::try_from(timestamp).unwrap() + age;
        let opened: Value = serde_json::from_str(&to_json(&decrypt_data(&key, &sealed, &Validation::new(app_id.clone(), now)).unwrap())).unwrap();
        prop_assert_eq!(&opened["watermark"], &json!({ "appid": app_id, "timestamp": timestamp }));
        for (k, v) in obj.iter().filter(|(k, _)| *k != "watermark") {
            prop_assert_eq!(&opened[k], v);
        }
        // One second past the window, or another app: refused.
        let late = decrypt_data(&key, &sealed, &Validation::new(app_id.clone(), now + 601 - age)).unwrap_err();
        prop_assert_eq!(late.code(), "ERR_WATERMARK_TIME");
        let other = decrypt_data(&key, &sealed, &Validation::new(format!("{app_id}x"), now)).unwrap_err();
        prop_assert_eq!(other.code(), "ERR_APPID_MISMATCH");
    }

    #[test]
    fn response_parsers_never_panic(body in json_value()) {
        let body = parse(&body.to_string()).unwrap();
        let _ = parse_code2session(&body);
        let _ = parse_phone_event(&body);
    }

    #[test]
    fn our_json_reads_what_serde_json_writes_and_writes_it_back(value in json_value()) {
        let text = value.to_string();
        let ours = parse(&text).unwrap();
        let back: Value = serde_json::from_str(&to_json(&ours)).unwrap();
        prop_assert_eq!(back, value);
        prop_assert_eq!(parse(&to_json(&ours)).unwrap(), ours);
    }

    #[test]
    fn our_json_accepts_exactly_what_serde_json_accepts(text in json_like_text()) {
        let theirs = serde_json::from_str::<Value>(&text);
        let ours = parse(&text);
        // serde_json stops at numbers beyond f64, which JSON (and JSON.parse)
        // allow: the oracle has nothing to say about such text.
        if matches!(&theirs, Err(e) if e.to_string().contains("number out of range")) {
            return Ok(());
        }
        // serde_json skips an overlong exponent's tail and then accepts text
        // such as `2.3e6917794902059e-83`, which is not JSON (JSON.parse refuses it too).
        if theirs.is_ok() && ours.is_err() && has_overlong_exponent(&text) {
            return Ok(());
        }
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}", text);
        if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
            let back: Value = serde_json::from_str(&to_json(&ours)).unwrap();
            prop_assert_eq!(back, theirs);
        }
    }

    #[test]
    fn wx_results_never_panic(msg in ".{0,40}") {
        let _ = check_wx_result(&msg);
        let _ = check_wx_result(&format!("getPhoneNumber:fail{msg}"));
    }

    #[test]
    fn signatures_never_panic_and_only_the_right_one_verifies(key in any::<[u8; 16]>(), raw in ".{0,60}", sig in ".{0,50}") {
        let key = SessionKey::from_bytes(key);
        let right = weapp_login::raw_data_signature(&raw, &key);
        prop_assert!(verify_signature(&raw, &right, &key));
        prop_assert_eq!(verify_signature(&raw, &sig, &key), sig.eq_ignore_ascii_case(&right));
        prop_assert_eq!(session_key_signature(&key).len(), 64);
    }

    #[test]
    fn errors_never_repeat_secret_inputs(key in any::<[u8; 16]>(), junk in "[A-Za-z0-9+/]{24,40}") {
        let key_text = encode_base64(&key);
        let key = SessionKey::from_bytes(key);
        for (data, iv) in [(junk.as_str(), "AAAAAAAAAAAAAAAAAAAAAA=="), ("AAAAAAAAAAAAAAAAAAAAAA==", junk.as_str())] {
            let sealed = EncryptedData { encrypted_data: data, iv };
            if let Err(e) = decrypt_data(&key, &sealed, &Validation::new("wxa", 0)) {
                let text = format!("{e} {e:?}");
                prop_assert!(!text.contains(&junk));
                prop_assert!(!text.contains(&key_text));
            }
        }
    }

    #[test]
    fn every_platforms_readers_never_panic(body in json_value(), ring in json_like_text()) {
        use weapp_login::server::platforms::{read_code_exchange, sign_in};
        let body = parse(&body.to_string()).unwrap();
        for p in weapp_login::Platform::ALL {
            if let Err(e) = read_code_exchange(*p, &body) {
                prop_assert!(e.code().starts_with("ERR_"));
            }
            let _ = sign_in(*p, &body, Some(&ring), 100, 3, 50);
        }
    }

    #[test]
    fn the_wired_readers_never_panic(body in json_value(), text in json_like_text()) {
        // Douyin's token answers, Alipay's my.getOpenUserInfo text: a value or a typed error.
        let parsed = parse(&body.to_string()).unwrap();
        if let Err(e) = weapp_login::toutiao::token::read_access_token(&parsed) {
            prop_assert!(e.code().starts_with("ERR_"));
        }
        for input in [text, body.to_string(), format!(r#"{{"response":{body}}}"#)] {
            if let Err(e) = weapp_login::alipay::profile::read_open_user_info(&input) {
                prop_assert!(e.code().starts_with("ERR_"));
            }
        }
    }

    #[test]
    fn every_platforms_decrypts_never_panic(
        key in base64ish(), iv in base64ish(), data in base64ish(), ring in json_like_text(), v in validation(),
    ) {
        use weapp_login::server::platforms::{decrypt_with_key, open_phone, open_user_info, Payload, StoredRing};
        let sealed = EncryptedData { encrypted_data: &data, iv: &iv };
        let stored = StoredRing { text: &ring, now: 100, grace: 50 };
        for p in weapp_login::Platform::ALL {
            for payload in [Payload::Data, Payload::Phone, Payload::UserInfo] {
                let _ = decrypt_with_key(*p, payload, &key, &sealed, &v, "app-key");
            }
            let _ = open_phone(*p, stored, &sealed, &v, "app-key");
            let _ = open_user_info(*p, stored, &sealed, &v, "app-key", "o");
        }
    }

    #[test]
    fn baidu_frames_open_with_their_app_key_only(
        key in any::<[u8; 24]>(), iv in any::<[u8; 16]>(), random in any::<[u8; 16]>(),
        data in json_value(), app_key in "[A-Za-z0-9]{1,40}",
    ) {
        use weapp_login::server::platforms::{decrypt_with_key, Payload};
        let obj = match data { Value::Object(m) => m, other => Map::from_iter([("v".to_owned(), other)]) };
        let ours = parse(&Value::Object(obj).to_string()).unwrap().as_object().unwrap().clone();
        let sk = weapp_login::crypto::SessionKey192::from_bytes(key);
        let ct = weapp_login::baidu::encrypt_data(&sk, &iv, &random, &ours, &app_key);
        let (iv_text, key_text) = (encode_base64(&iv), encode_base64(&key));
        let sealed = EncryptedData { encrypted_data: &ct, iv: &iv_text };
        let v = Validation::new("", 0);
        let opened = decrypt_with_key(weapp_login::Platform::Baidu, Payload::Data, &key_text, &sealed, &v, &app_key).unwrap();
        prop_assert_eq!(to_json(&opened), to_json(&ours));
        let other = decrypt_with_key(weapp_login::Platform::Baidu, Payload::Data, &key_text, &sealed, &v, &format!("{app_key}x")).unwrap_err();
        prop_assert_eq!(other.code(), "ERR_APPID_MISMATCH");
    }
}
