//! The server build's bindings, in wasm on Node (wasm-bindgen-test): every
//! vector through the exported functions exactly as the npm package calls
//! them, and the conversions of JS values (missing, wrong type, clock
//! default).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{cases, check, DECRYPT, SIGNATURE, WECHAT};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use weapp_login_wasm::server::{auth_ops as ops, public_api as api};

/// A JS value as JSON.
fn json_of(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&text).unwrap()
}

/// An export's answer as an outcome: `Ok(value)`, or `Err(code)` of the
/// error it throws.
fn envelope<T: Into<JsValue>>(answer: Result<T, JsValue>) -> Result<Value, String> {
    match answer {
        Ok(value) => Ok(json_of(&value.into())),
        Err(thrown) => {
            let err = json_of(&thrown);
            assert!(err["retryable"].is_boolean());
            assert!(err["message"].is_string());
            Err(err["code"].as_str().unwrap().to_owned())
        }
    }
}

/// `code2SessionUser`'s JSON text, read.
fn who(answer: Result<String, JsValue>) -> Value {
    serde_json::from_str(&answer.unwrap()).unwrap()
}

/// `signIn`'s answer cut at its one line break: the session record, the ring.
fn signed(answer: Result<String, JsValue>) -> (Value, Value) {
    let text = answer.unwrap();
    let (record, ring) = text.split_once('\n').unwrap();
    assert!(!ring.contains('\n'));
    (
        serde_json::from_str(record).unwrap(),
        serde_json::from_str(ring).unwrap(),
    )
}

fn js(v: &Value) -> JsValue {
    match v {
        Value::String(s) => JsValue::from_str(s),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap()),
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        other => js_sys::JSON::parse(&other.to_string()).unwrap(),
    }
}

fn field(case: &Value, key: &str) -> JsValue {
    case.get(key).map_or(JsValue::UNDEFINED, js)
}

fn decrypt(case: &Value) -> Result<Value, String> {
    let kind = case["kind"].as_str().unwrap();
    let answer = envelope(api::decrypt(
        kind,
        field(case, "sessionKey"),
        field(case, "appId"),
        field(case, "iv"),
        field(case, "encryptedData"),
        field(case, "now"),
        field(case, "maxAgeSeconds"),
    ))?;
    let Value::String(text) = answer else {
        panic!("not text: {answer}")
    };
    // Any payload comes back as its JSON text, a phone number or user info
    // packed: read each as the JS side does (pkg/src/index.js).
    Ok(match kind {
        "phone" | "userinfo" => unpacked(kind, &text),
        _ => serde_json::from_str(&text).unwrap(),
    })
}

/// A packed answer as the object `pkg/src/index.js` makes of it: a header
/// of UTF-16 lengths (empty: absent), `;`, the values.
fn unpacked(kind: &str, text: &str) -> Value {
    let (header, rest) = text.split_once(';').unwrap();
    let units: Vec<u16> = rest.encode_utf16().collect();
    let mut at = 0;
    let values: Vec<Option<String>> = header
        .split(',')
        .map(|len| {
            (!len.is_empty()).then(|| {
                let end = at + len.parse::<usize>().unwrap();
                let value = String::from_utf16(&units[at..end]).unwrap();
                at = end;
                value
            })
        })
        .collect();
    assert_eq!(at, units.len(), "the header covers every value");
    let text = |i: usize| Value::String(values[i].clone().unwrap());
    let number =
        |i: usize| Value::Number(values[i].as_deref().unwrap().parse::<i64>().unwrap().into());
    let mut out = serde_json::Map::new();
    let names: &[&str] = if kind == "phone" {
        &["phoneNumber", "purePhoneNumber", "countryCode"]
    } else {
        &[
            "openId",
            "nickName",
            "gender",
            "language",
            "city",
            "province",
            "country",
            "avatarUrl",
            "unionId",
        ]
    };
    for (i, name) in names.iter().enumerate() {
        match (*name, &values[i]) {
            ("gender", _) => out.insert((*name).into(), number(i)),
            (_, Some(_)) => out.insert((*name).into(), text(i)),
            (_, None) => None,
        };
    }
    let w = names.len();
    out.insert(
        "watermark".into(),
        serde_json::json!({ "appid": text(w), "timestamp": number(w + 1) }),
    );
    Value::Object(out)
}

#[wasm_bindgen_test]
fn decrypt_vectors() {
    for case in cases(DECRYPT, "vectors") {
        check(&case, decrypt(&case));
    }
}

/// Every vector whose arguments have their types answers the same through
/// `decryptTyped` as through `decrypt`: the same text, or the same error.
#[wasm_bindgen_test]
fn typed_decrypt_answers_as_decrypt() {
    let mut compared = 0;
    for case in cases(DECRYPT, "vectors") {
        let text = |key: &str| case.get(key).and_then(Value::as_str);
        let number = |key: &str| match case.get(key) {
            None => Some(None),
            Some(Value::Number(n)) => Some(n.as_f64()),
            Some(_) => None,
        };
        let (Some(key), Some(app_id), Some(iv), Some(data), Some(now), Some(max_age)) = (
            text("sessionKey"),
            text("appId"),
            text("iv"),
            text("encryptedData"),
            number("now"),
            number("maxAgeSeconds"),
        ) else {
            continue;
        };
        let kind = case["kind"].as_str().unwrap();
        let typed = envelope(api::decrypt_typed(
            kind,
            key.to_owned(),
            app_id,
            iv,
            data,
            now,
            max_age,
        ));
        let any = envelope(api::decrypt(
            kind,
            field(&case, "sessionKey"),
            field(&case, "appId"),
            field(&case, "iv"),
            field(&case, "encryptedData"),
            field(&case, "now"),
            field(&case, "maxAgeSeconds"),
        ));
        assert_eq!(typed, any, "{}", case["name"]);
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} vectors compared");
}

#[wasm_bindgen_test]
fn signature_vectors() {
    for case in cases(SIGNATURE, "rawDataSignature") {
        let got = envelope(api::verify_signature(
            field(&case, "rawData"),
            field(&case, "signature"),
            field(&case, "sessionKey"),
        ));
        assert_eq!(got, Ok(case["expect"].clone()), "{}", case["name"]);
    }
    for case in cases(SIGNATURE, "sessionKeySignature") {
        let got = envelope(api::session_key_signature(field(&case, "sessionKey")));
        assert_eq!(got, Ok(case["signature"].clone()));
    }
}

#[wasm_bindgen_test]
fn wechat_response_vectors() {
    for case in cases(WECHAT, "code2session") {
        check(
            &case,
            envelope(api::parse_code2session(field(&case, "body"))),
        );
    }
    for case in cases(WECHAT, "phoneEvent") {
        check(
            &case,
            envelope(api::parse_phone_event(field(&case, "detail"))),
        );
    }
}

#[wasm_bindgen_test]
fn arguments_missing_or_of_the_wrong_type() {
    let base = &cases(DECRYPT, "vectors")[0];
    let call = |iv: JsValue, now: JsValue, max_age: JsValue| {
        envelope(api::decrypt(
            "phone",
            field(base, "sessionKey"),
            field(base, "appId"),
            iv,
            field(base, "encryptedData"),
            now,
            max_age,
        ))
    };
    let iv = || field(base, "iv");
    let now = || field(base, "now");
    assert!(call(iv(), now(), JsValue::UNDEFINED).is_ok());
    for bad_iv in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(1.0),
        js_sys::Object::new().into(),
    ] {
        assert_eq!(
            call(bad_iv, now(), JsValue::UNDEFINED).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
    }
    // No `now`: the clock, and the 2025 watermark is too old by then.
    assert_eq!(
        call(iv(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err(),
        "ERR_WATERMARK_TIME"
    );
    // ...unless the age check is off.
    assert!(call(iv(), JsValue::UNDEFINED, JsValue::NULL).is_ok());
    assert_eq!(
        call(iv(), JsValue::from_f64(f64::NAN), JsValue::UNDEFINED).unwrap_err(),
        "ERR_INVALID_ARGUMENT"
    );
    assert_eq!(
        call(iv(), now(), JsValue::from_str("600")).unwrap_err(),
        "ERR_INVALID_ARGUMENT"
    );
}

#[wasm_bindgen_test]
fn encrypt_then_decrypt_through_the_bindings() {
    let key = JsValue::from_str("LOuXutcBgDlbsaD1O5w6Ug==");
    let data =
        js_sys::JSON::parse(r#"{"purePhoneNumber":"1","phoneNumber":"1","countryCode":"86"}"#)
            .unwrap();
    let sealed = envelope(api::encrypt_data(
        JsValue::from_str("wxa"),
        key.clone(),
        data,
        JsValue::UNDEFINED,
        JsValue::from_f64(1000.0),
        &[9; 16],
    ))
    .unwrap();
    let opened = envelope(api::decrypt(
        "data",
        key,
        JsValue::from_str("wxa"),
        js(&sealed["iv"]),
        js(&sealed["encryptedData"]),
        JsValue::from_f64(1000.0),
        JsValue::UNDEFINED,
    ))
    .unwrap();
    let opened: Value = serde_json::from_str(opened.as_str().unwrap()).unwrap();
    assert_eq!(opened["watermark"]["timestamp"], 1000);
    assert_eq!(sealed["iv"], "CQkJCQkJCQkJCQkJCQkJCQ==");
}

#[wasm_bindgen_test]
fn wechat_error_reads_an_errcode() {
    assert_eq!(
        envelope(api::wechat_error(JsValue::from_f64(45011.0))).unwrap()["code"],
        "ERR_RATE_LIMITED"
    );
    assert_eq!(
        envelope(api::wechat_error(JsValue::from_f64(0.0))).unwrap_err(),
        "ERR_INVALID_ARGUMENT"
    );
}

#[wasm_bindgen_test]
fn a_key_ring_opens_old_data_and_reports_stale() {
    let base = &cases(DECRYPT, "vectors")[0];
    assert_eq!(base["kind"], "phone");
    // A ring as the server stores it, newest first, each key `since` when
    // it arrived; superseded keys live `graceSeconds` after the next one came.
    let ring_since = |keys: &[(&str, u64)]| {
        Value::Array(
            keys.iter()
                .map(|(k, since)| serde_json::json!({ "key": k, "since": since }))
                .collect(),
        )
        .to_string()
    };
    let open = |ring: &str, grace: f64| {
        envelope(ops::open_phone_number(
            "weixin",
            "",
            Some(ring.to_owned()),
            grace,
            base["appId"].as_str().unwrap(),
            field(base, "iv"),
            field(base, "encryptedData"),
            base["now"].as_f64().unwrap(),
            JsValue::UNDEFINED,
        ))
    };
    let ring = |keys: &[&str]| ring_since(&keys.iter().map(|k| (*k, 1)).collect::<Vec<_>>());
    let key = base["sessionKey"].as_str().unwrap();
    let other = "NGrZgGi7c9rmbdEJakKIYg==";
    assert!(open(&ring(&[other, key]), 1e10).is_ok());
    assert_eq!(
        open(&ring(&[other]), 1e10).unwrap_err(),
        "ERR_SESSION_STALE"
    );
    // The right key, superseded longer ago than the grace at `now`: not tried.
    let now = base["now"].as_u64().unwrap();
    assert!(open(&ring_since(&[(other, now - 100), (key, 1)]), 100.0).is_ok());
    assert_eq!(
        open(&ring_since(&[(other, now - 101), (key, 1)]), 100.0).unwrap_err(),
        "ERR_SESSION_STALE"
    );
    // The public decrypt takes one session key's text: not a ring, nor any
    // other type.
    let one = |key: JsValue| {
        envelope(api::decrypt(
            base["kind"].as_str().unwrap(),
            key,
            field(base, "appId"),
            field(base, "iv"),
            field(base, "encryptedData"),
            field(base, "now"),
            JsValue::UNDEFINED,
        ))
    };
    assert!(one(JsValue::from_str(key)).is_ok());
    assert_eq!(
        one(JsValue::from_str(other)).unwrap_err(),
        "ERR_DECRYPT_FAILED"
    );
    for not_a_key in [
        js_sys::Array::new().into(),
        js_sys::Object::new().into(),
        JsValue::from_f64(1.0),
    ] {
        assert_eq!(one(not_a_key).unwrap_err(), "ERR_INVALID_ARGUMENT");
    }
}

#[wasm_bindgen_test]
fn open_phone_number_is_the_ring_decrypt_and_the_mask_in_one_call() {
    let ring_text = |key: &str| serde_json::json!([{ "key": key, "since": 1 }]).to_string();
    let open = |case: &Value, ring: &str, app_id: &str, now: f64| {
        envelope(ops::open_phone_number(
            "weixin",
            "",
            Some(ring.to_owned()),
            86400.0,
            app_id,
            field(case, "iv"),
            field(case, "encryptedData"),
            now,
            field(case, "maxAgeSeconds"),
        ))
    };
    let phones: Vec<Value> = cases(DECRYPT, "vectors")
        .into_iter()
        .filter(|c| {
            c["kind"] == "phone"
                && c["sessionKey"].is_string()
                && c["appId"].is_string()
                && c["now"].is_number()
        })
        .collect();
    assert!(phones.len() >= 3, "phone vectors: {}", phones.len());
    let mut opened = 0;
    for case in &phones {
        let key = case["sessionKey"].as_str().unwrap();
        let app_id = case["appId"].as_str().unwrap();
        let now = case["now"].as_f64().unwrap();
        let text = ring_text(key);
        // The same outcome as the public decrypt with the ring's one key,
        // except that a ring whose keys do not open the data is stale (a
        // stored entry that is not a key, as `key-24-bytes`, is dropped).
        let decrypted = decrypt(case).map_err(|code| {
            if code == "ERR_DECRYPT_FAILED" || code == "ERR_KEY_LENGTH" {
                "ERR_SESSION_STALE".to_owned()
            } else {
                code
            }
        });
        match (open(case, &text, app_id, now), decrypted) {
            (Ok(got), Ok(want)) => {
                opened += 1;
                for name in ["phoneNumber", "purePhoneNumber", "countryCode"] {
                    assert_eq!(got[name], want[name], "{}: {name}", case["name"]);
                }
                let pure = want["purePhoneNumber"].as_str().unwrap();
                let masked = Value::String(ops::mask_phone(pure));
                assert_eq!(got["masked"], masked, "{}", case["name"]);
                assert!(got.get("watermark").is_none());
            }
            (Err(got), Err(want)) => assert_eq!(got, want, "{}", case["name"]),
            (got, want) => panic!("{}: {got:?} against {want:?}", case["name"]),
        }
    }
    assert!(opened >= 1);
    // Refused: no key that opens it, a damaged ring, a bad clock, no appId.
    let case = &phones[0];
    let key = case["sessionKey"].as_str().unwrap();
    let app_id = case["appId"].as_str().unwrap();
    let now = case["now"].as_f64().unwrap();
    let other = ring_text("NGrZgGi7c9rmbdEJakKIYg==");
    assert_eq!(
        open(case, &other, app_id, now).unwrap_err(),
        "ERR_SESSION_STALE"
    );
    assert_eq!(
        open(case, "{", app_id, now).unwrap_err(),
        "ERR_SESSION_STALE"
    );
    assert_eq!(
        open(case, "", app_id, now).unwrap_err(),
        "ERR_SESSION_STALE"
    );
    for bad_now in [f64::NAN, -1.0, f64::INFINITY, now * 1000.0] {
        assert_eq!(
            open(case, &ring_text(key), app_id, bad_now).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
    }
    assert_eq!(
        open(case, &ring_text(key), "", now).unwrap_err(),
        "ERR_INVALID_ARGUMENT"
    );
    // A NaN grace is refused too.
    let nan_grace = envelope(ops::open_phone_number(
        "weixin",
        "",
        Some(ring_text(key)),
        f64::NAN,
        app_id,
        field(case, "iv"),
        field(case, "encryptedData"),
        now,
        JsValue::UNDEFINED,
    ));
    assert_eq!(nan_grace.unwrap_err(), "ERR_INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
fn a_session_record_reads_back_and_a_bad_clock_is_refused() {
    let text = envelope(ops::session_record(
        "o-a",
        None,
        JsValue::from_f64(7.0),
        2_000.0,
    ))
    .unwrap();
    let text = text.as_str().unwrap();
    let read = envelope(ops::read_session_record(text, 1_999.0)).unwrap();
    assert_eq!(read["openid"], "o-a");
    assert_eq!(read["userId"], 7);
    assert_eq!(read["expiresAt"], 2_000);
    assert_eq!(
        envelope(ops::read_session_record(text, 2_000.0)).unwrap_err(),
        "ERR_SESSION_EXPIRED"
    );
    assert_eq!(
        envelope(ops::read_session_record("", 0.0)).unwrap_err(),
        "ERR_SESSION_NOT_FOUND"
    );
    for bad_now in [f64::NAN, -1.0, f64::INFINITY] {
        assert_eq!(
            envelope(ops::read_session_record(text, bad_now)).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
    }
}

#[wasm_bindgen_test]
fn sign_in_keeps_the_session_key_in_the_core() {
    let key = "LOuXutcBgDlbsaD1O5w6Ug==";
    let other = "NGrZgGi7c9rmbdEJakKIYg==";
    let answer =
        serde_json::json!({ "openid": "o-a", "session_key": key, "unionid": "u-a" }).to_string();
    // Who signed in, without the session key.
    assert_eq!(
        who(ops::code2session_user("weixin", &answer)),
        serde_json::json!({ "openid": "o-a", "unionid": "u-a" })
    );
    // The session record, then the ring as stored, the answer's key first.
    let old = serde_json::json!([{ "key": other, "since": 900 }]).to_string();
    let (record, _) = signed(ops::sign_in(
        "weixin",
        &answer,
        None,
        1000.0,
        3,
        86400.0,
        JsValue::from_str("user-7"),
        2e12,
    ));
    assert_eq!(
        record,
        serde_json::json!({ "openid": "o-a", "unionid": "u-a", "userId": "user-7", "exp": 2_000_000_000_000u64 })
    );
    let ring = |stored: Option<String>| -> Value {
        signed(ops::sign_in(
            "weixin",
            &answer,
            stored,
            1000.0,
            3,
            86400.0,
            JsValue::UNDEFINED,
            2e12,
        ))
        .1
    };
    assert_eq!(
        ring(Some(old)),
        serde_json::json!([{ "key": key, "since": 1000 }, { "key": other, "since": 900 }])
    );
    assert_eq!(
        ring(None),
        serde_json::json!([{ "key": key, "since": 1000 }])
    );
    assert_eq!(ring(Some("{".into())), ring(None));
    // WeChat's refusal, from either call; a bad clock.
    let refused = serde_json::json!({ "errcode": 40163, "errmsg": "code been used" }).to_string();
    assert_eq!(
        envelope(ops::code2session_user("weixin", &refused)).unwrap_err(),
        "ERR_CODE_USED"
    );
    let sign_in = |answer: &str, now: f64, user_id: JsValue, expires_at: f64| {
        envelope(ops::sign_in(
            "weixin", answer, None, now, 3, 86400.0, user_id, expires_at,
        ))
        .unwrap_err()
    };
    assert_eq!(
        sign_in(&refused, 1000.0, JsValue::UNDEFINED, 2e12),
        "ERR_CODE_USED"
    );
    for (now, user_id, expires_at) in [
        (f64::NAN, JsValue::UNDEFINED, 2e12),
        (1000.0, JsValue::from_f64(1.5), 2e12),
        (1000.0, JsValue::TRUE, 2e12),
        (1000.0, JsValue::UNDEFINED, -1.0),
    ] {
        assert_eq!(
            sign_in(&answer, now, user_id, expires_at),
            "ERR_INVALID_ARGUMENT"
        );
    }
}

#[wasm_bindgen_test]
fn every_platforms_sign_in_reads_its_answer_and_keeps_its_key_length() {
    // Douyin's v2 answer, with the anonymous openid.
    let douyin = serde_json::json!({ "err_no": 0, "err_tips": "success", "data": { "session_key": "LOuXutcBgDlbsaD1O5w6Ug==", "openid": "o-tt", "anonymous_openid": "a-tt", "unionid": "u-tt" } }).to_string();
    assert_eq!(
        who(ops::code2session_user("toutiao", &douyin)),
        serde_json::json!({ "openid": "o-tt", "unionid": "u-tt", "anonymousOpenid": "a-tt" })
    );
    // Baidu's 24-byte key is kept as it came; WeChat's reader refuses it.
    let baidu =
        serde_json::json!({ "openid": "o-bd", "session_key": "1df09d0a1677dd72b8325aec59576e0c" })
            .to_string();
    let sign_in = |platform: &str| {
        ops::sign_in(
            platform,
            &baidu,
            None,
            1000.0,
            3,
            86400.0,
            JsValue::from_f64(42.0),
            2e12,
        )
    };
    let (record, ring) = signed(sign_in("baidu"));
    assert_eq!(
        record,
        serde_json::json!({ "openid": "o-bd", "userId": 42, "exp": 2_000_000_000_000u64 })
    );
    assert_eq!(
        ring,
        serde_json::json!([{ "key": "1df09d0a1677dd72b8325aec59576e0c", "since": 1000 }])
    );
    assert_eq!(
        envelope(sign_in("weixin")).unwrap_err(),
        "ERR_PAYLOAD_SHAPE"
    );
    // Kuaishou's refusal, and platforms the core does not serve.
    let kuaishou = serde_json::json!({ "result": 240001, "error_msg": "code invalid" }).to_string();
    assert_eq!(
        envelope(ops::code2session_user("kuaishou", &kuaishou)).unwrap_err(),
        "ERR_CODE_INVALID"
    );
    for platform in ["alipay", "jd", ""] {
        assert_eq!(
            envelope(ops::code2session_user(platform, &douyin)).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
    }
}
