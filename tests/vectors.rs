//! Every case in tests/vectors/ (made with Node's own crypto, see its
//! README) through the Rust API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{cases, check, ours, theirs, DECRYPT, SIGNATURE, WECHAT};
use serde_json::Value;
use weapp_login::{
    decrypt_data, decrypt_phone_number, decrypt_user_info, parse_code2session, parse_phone_event,
    session_key_signature, verify_signature, EncryptedData, Error, SessionKey, Validation,
};

fn decrypt_case(case: &Value) -> Result<Value, Error> {
    let s = |k: &str| case[k].as_str().unwrap();
    let mut validation = Validation::new(s("appId"), case["now"].as_u64().unwrap());
    if let Some(max_age) = case.get("maxAgeSeconds") {
        validation = validation.with_max_age(max_age.as_u64());
    }
    let key = SessionKey::from_base64(s("sessionKey"))?;
    let sealed = EncryptedData {
        encrypted_data: s("encryptedData"),
        iv: s("iv"),
    };
    Ok(match s("kind") {
        "phone" => theirs(&decrypt_phone_number(&key, &sealed, &validation)?),
        "userinfo" => theirs(&decrypt_user_info(&key, &sealed, &validation)?),
        "data" => theirs(&decrypt_data(&key, &sealed, &validation)?),
        other => panic!("unknown kind {other}"),
    })
}

#[test]
fn decrypt_vectors() {
    let all = cases(DECRYPT, "vectors");
    assert!(all.len() >= 20);
    for case in &all {
        check(case, decrypt_case(case).map_err(|e| e.code().to_owned()));
    }
}

#[test]
fn every_decrypt_case_also_opens_as_plain_data_or_fails_the_same_way() {
    // decryptData sees the same bytes: shape checks aside, it agrees.
    for case in cases(DECRYPT, "vectors") {
        let mut generic = case.clone();
        generic["kind"] = Value::from("data");
        let outcome = decrypt_case(&generic).map_err(|e| e.code().to_owned());
        match case.get("expectError").and_then(Value::as_str) {
            Some("ERR_PAYLOAD_SHAPE") => assert!(outcome.is_ok(), "{}", case["name"]),
            Some(code) => assert_eq!(outcome.unwrap_err(), code, "{}", case["name"]),
            None => assert_eq!(outcome.unwrap()["watermark"], case["expect"]["watermark"]),
        }
    }
}

#[test]
fn raw_data_signature_vectors() {
    for case in cases(SIGNATURE, "rawDataSignature") {
        let key = SessionKey::from_base64(case["sessionKey"].as_str().unwrap()).unwrap();
        let ok = verify_signature(
            case["rawData"].as_str().unwrap(),
            case["signature"].as_str().unwrap(),
            &key,
        );
        assert_eq!(ok, case["expect"].as_bool().unwrap(), "{}", case["name"]);
    }
}

#[test]
fn session_key_signature_vectors() {
    for case in cases(SIGNATURE, "sessionKeySignature") {
        let key = SessionKey::from_base64(case["sessionKey"].as_str().unwrap()).unwrap();
        assert_eq!(
            session_key_signature(&key),
            case["signature"].as_str().unwrap()
        );
    }
}

#[test]
fn code2session_vectors() {
    for case in cases(WECHAT, "code2session") {
        let outcome = parse_code2session(&ours(&case["body"])).map(|s| {
            let mut v = serde_json::json!({
                "openid": s.openid,
                "sessionKey": s.session_key.expose_base64().as_str(),
            });
            if let Some(u) = s.unionid {
                v["unionid"] = Value::from(u);
            }
            v
        });
        if let (Err(e), Some(retryable)) = (&outcome, case.get("retryable")) {
            assert_eq!(
                e.retryable(),
                retryable.as_bool().unwrap(),
                "{}",
                case["name"]
            );
        }
        check(&case, outcome.map_err(|e| e.code().to_owned()));
    }
}

#[test]
fn phone_event_vectors() {
    for case in cases(WECHAT, "phoneEvent") {
        let outcome = parse_phone_event(&ours(&case["detail"])).map(|e| theirs(&e));
        check(&case, outcome.map_err(|e| e.code().to_owned()));
    }
}

#[test]
fn errors_never_carry_the_inputs() {
    for case in cases(DECRYPT, "vectors") {
        if let Err(e) = decrypt_case(&case) {
            let text = format!("{e} {e:?}");
            for secret in ["sessionKey", "iv", "encryptedData"].map(|k| case[k].as_str().unwrap()) {
                if secret.len() >= 8 {
                    assert!(!text.contains(secret), "{} leaks an input", case["name"]);
                }
            }
        }
    }
}
