//! Every case of tests/vectors/platforms.json (built with Node's own crypto
//! by tests/vectors/make-platforms.js, plus Baidu's published sample)
//! through each platform's Rust API, and hostile Baidu frames made here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{json, Value};
use weapp_login::crypto::{SessionKey, SessionKey192};
use weapp_login::json::Object;
use weapp_login::wechat::encrypted::Opened;
use weapp_login::wechat::watermark::Watermark;
use weapp_login::{baidu, kuaishou, qq, toutiao, EncryptedData, Error, Platform, Validation};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/platforms.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn object_json(o: &Object) -> Value {
    serde_json::from_str(&weapp_login::Value::Object(o.clone()).to_json()).unwrap()
}

fn watermark_json(w: &Option<Watermark>) -> Value {
    w.as_ref().map_or(
        Value::Null,
        |w| json!({ "appid": w.appid, "timestamp": w.timestamp }),
    )
}

fn opened_json(o: &Opened) -> Value {
    let mut v = object_json(&o.data);
    v["watermark"] = watermark_json(&o.watermark);
    v
}

/// The error code, or the result as JSON.
fn outcome(result: Result<Value, Error>) -> Result<Value, &'static str> {
    result.map_err(|e| e.code())
}

/// Every key of `expect` is in `got` with the same value.
fn assert_subset(name: &str, got: &Value, expect: &Value) {
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(&got[k], v, "{name}: {k} in {got}");
    }
}

fn check(case: &Value, got: Result<Value, &'static str>) {
    let name = case["name"].as_str().unwrap();
    match (case.get("error"), got) {
        (Some(code), Err(got)) => assert_eq!(code, got, "{name}"),
        (Some(code), Ok(v)) => panic!("{name}: expected {code}, got {v}"),
        (None, Err(got)) => panic!("{name}: expected success, got {got}"),
        (None, Ok(v)) => assert_subset(name, &v, &case["expect"]),
    }
}

fn aes128_case(case: &Value) -> Result<Value, Error> {
    let s = |k: &str| case[k].as_str().unwrap();
    let validation = Validation::new(s("appId"), case["now"].as_u64().unwrap());
    let key = SessionKey::from_base64(s("sessionKey"))?;
    let sealed = EncryptedData {
        encrypted_data: s("encryptedData"),
        iv: s("iv"),
    };
    let platform = Platform::from_name(s("platform"))?;
    Ok(match (platform, s("kind")) {
        (Platform::Qq, "userInfo") => {
            opened_json(&qq::decrypt_user_info(&key, &sealed, &validation)?)
        }
        (Platform::Kuaishou, "userInfo") => {
            opened_json(&kuaishou::decrypt_user_info(&key, &sealed, &validation)?)
        }
        (Platform::Kuaishou, "phone") => {
            let o = kuaishou::decrypt_phone_number(&key, &sealed, &validation)?;
            json!({ "purePhoneNumber": o.data.pure_phone_number, "watermark": watermark_json(&o.watermark) })
        }
        (Platform::Toutiao, "userInfo") => {
            opened_json(&toutiao::decrypt_user_info(&key, &sealed, &validation)?)
        }
        (Platform::Toutiao, "phone") => {
            let p = toutiao::decrypt_phone_number(&key, &sealed, &validation)?;
            json!({ "purePhoneNumber": p.pure_phone_number, "watermark": watermark_json(&Some(p.watermark)) })
        }
        other => panic!("no case kind {other:?}"),
    })
}

fn baidu_case(case: &Value) -> Result<Value, Error> {
    let s = |k: &str| case[k].as_str().unwrap();
    let key = SessionKey192::from_base64(s("sessionKey"))?;
    let sealed = EncryptedData {
        encrypted_data: s("encryptedData"),
        iv: s("iv"),
    };
    let app_key = s("appKey");
    Ok(match s("kind") {
        "data" => object_json(&baidu::decrypt_data(&key, &sealed, app_key)?),
        "phone" => json!({ "mobile": baidu::decrypt_phone_number(&key, &sealed, app_key)?.mobile }),
        "userInfo" => {
            let u = baidu::decrypt_user_info(&key, &sealed, app_key)?;
            json!({ "openid": u.openid, "nickname": u.nickname, "headimgurl": u.headimgurl, "sex": u.sex })
        }
        other => panic!("no case kind {other}"),
    })
}

fn code2session_case(case: &Value) -> Result<Value, Error> {
    let body = weapp_login::json::parse(&case["body"].to_string()).unwrap();
    Ok(
        match Platform::from_name(case["platform"].as_str().unwrap())? {
            Platform::Qq => {
                let s = qq::parse_code2session(&body)?;
                json!({ "openid": s.openid, "unionid": s.unionid })
            }
            Platform::Kuaishou => {
                let s = kuaishou::parse_code2session(&body)?;
                json!({ "openid": s.openid, "unionid": s.unionid })
            }
            Platform::Toutiao => {
                let t = toutiao::parse_code2session(&body)?;
                json!({ "openid": t.session.openid, "unionid": t.session.unionid, "anonymous_openid": t.anonymous_openid })
            }
            Platform::Baidu => {
                let s = baidu::parse_code2session(&body)?;
                json!({ "openid": s.openid, "unionid": s.unionid })
            }
            other => panic!("no code2session cases for {other}"),
        },
    )
}

#[test]
fn every_aes128_platform_payload_opens_or_fails_with_its_code() {
    let v = vectors();
    let cases = v["aes128"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        check(case, outcome(aes128_case(case)));
    }
}

#[test]
fn every_baidu_frame_opens_or_fails_with_its_code() {
    let v = vectors();
    let cases = v["baidu"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        check(case, outcome(baidu_case(case)));
    }
}

#[test]
fn baidus_published_sample_opens_to_its_user_info() {
    let v = vectors();
    let sample = v["baidu"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "baidu-docs-sample")
        .unwrap();
    // Its padding is 28 bytes: Baidu pads to 32, not to AES's 16.
    assert_eq!(sample["padding"], 28);
    let got = baidu_case(sample).unwrap();
    assert_eq!(got["nickname"], "baidu_user");
    assert_eq!(got["openid"], "open_id");
}

#[test]
fn every_code_exchange_answer_reads_or_fails_with_its_code_and_errcode() {
    let v = vectors();
    for case in v["code2session"].as_array().unwrap() {
        let result = code2session_case(case);
        if let (Err(e), Some(errcode)) = (&result, case.get("errcode")) {
            assert_eq!(e.errcode(), errcode.as_i64(), "{}", case["name"]);
        }
        check(case, outcome(result));
    }
}

#[test]
fn baidu_seal_and_open_agree_and_refuse_another_app() {
    let key = SessionKey192::from_bytes([9; 24]);
    let iv = [3; 16];
    let mut data = Object::new();
    data.insert("mobile", weapp_login::Value::from("15500000000"));
    let sealed = baidu::encrypt_data(&key, &iv, &[1; 16], &data, "appkey-1");
    let iv_text = weapp_login::crypto::encode_base64(&iv);
    let input = EncryptedData {
        encrypted_data: &sealed,
        iv: &iv_text,
    };
    assert_eq!(
        baidu::decrypt_phone_number(&key, &input, "appkey-1")
            .unwrap()
            .mobile,
        "15500000000"
    );
    let e = baidu::decrypt_data(&key, &input, "appkey-2").unwrap_err();
    assert_eq!(
        (e.code(), e.field_name()),
        ("ERR_APPID_MISMATCH", Some("app_key"))
    );
    let e = baidu::decrypt_data(&key, &input, "").unwrap_err();
    assert_eq!(
        (e.code(), e.field_name()),
        ("ERR_INVALID_ARGUMENT", Some("appKey"))
    );
}

#[test]
fn baidu_errors_never_carry_the_values_passed_in() {
    let v = vectors();
    for case in v["baidu"].as_array().unwrap() {
        if let Err(e) = baidu_case(case) {
            let message = format!("{e}");
            for k in ["sessionKey", "iv", "encryptedData", "appKey"] {
                let value = case[k].as_str().unwrap();
                assert!(!message.contains(value), "{}: {message}", case["name"]);
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn seal(plain: &[u8]) -> String {
        let key = SessionKey192::from_bytes([4; 24]);
        baidu::frame::seal_raw_frame(&key, &[5; 16], plain)
    }

    proptest! {
        /// Any frame at all (random header, length, data and tail) opens to
        /// data, or fails with one of the two frame codes: never a panic, a
        /// padding code or a shape code.
        #[test]
        fn any_frame_gives_data_or_one_of_two_codes(plain in proptest::collection::vec(any::<u8>(), 0..200)) {
            let key = SessionKey192::from_bytes([4; 24]);
            let iv = weapp_login::crypto::encode_base64(&[5; 16]);
            let sealed = seal(&plain);
            let input = EncryptedData { encrypted_data: &sealed, iv: &iv };
            match baidu::decrypt_data(&key, &input, "appkey") {
                Ok(_) => {}
                Err(e) => prop_assert!(matches!(e.code(), "ERR_DECRYPT_FAILED" | "ERR_APPID_MISMATCH"), "{}", e.code()),
            }
        }

        /// Any length field over a well-formed frame: the data opens only
        /// when the length is its own.
        #[test]
        fn only_the_true_length_opens(len in any::<u32>()) {
            let data = br#"{"a":1}"#;
            let mut plain = vec![0u8; 16];
            plain.extend_from_slice(&len.to_be_bytes());
            plain.extend_from_slice(data);
            plain.extend_from_slice(b"appkey");
            let key = SessionKey192::from_bytes([4; 24]);
            let iv = weapp_login::crypto::encode_base64(&[5; 16]);
            let sealed = seal(&plain);
            let input = EncryptedData { encrypted_data: &sealed, iv: &iv };
            let result = baidu::decrypt_data(&key, &input, "appkey");
            prop_assert_eq!(result.is_ok(), len == 7);
        }
    }
}
