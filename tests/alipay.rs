//! Every case of tests/vectors/alipay.json (made with alipay-sdk and Node's
//! own crypto by tests/vectors/make-alipay.js) through the Rust API, with
//! the `rsa` crate's keys: our requests equal alipay-sdk's byte for byte,
//! its signed answers and phone responses verify and open with ours, its
//! content-key ciphertexts equal our seal, Douyin's sealed phone answers
//! open; every tampered case is refused. Hostile input never panics.
#![cfg(feature = "rsa")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use serde_json::{json, Value};
use weapp_login::alipay::{self, answer::top_level_members};
use weapp_login::crypto::{
    decode_base64, encode_base64, ContentKey, Rsa2Sign, Rsa2Verify, RsaPrivateKey, RsaPublicKey,
};
use weapp_login::toutiao::phone_code::open_phone_code_answer;
use weapp_login::Validation;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/alipay.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn key(v: &Value, name: &str) -> String {
    v["keys"][name].as_str().unwrap().to_owned()
}

fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode_form(k), decode_form(v))
        })
        .collect()
}

fn decode_form(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_private_key_form_reads_to_the_same_key() {
    let v = vectors();
    let public = RsaPublicKey::from_text(&key(&v, "appPublicSpkiPem"), "k").unwrap();
    for form in [
        "appPrivatePkcs1Pem",
        "appPrivatePkcs8Pem",
        "appPrivatePkcs1Bare",
        "appPrivatePkcs8Bare",
    ] {
        let private = RsaPrivateKey::from_text(&key(&v, form), "privateKey").unwrap();
        assert_eq!(private.public_key(), public, "{form}");
    }
    let bare = RsaPublicKey::from_text(&key(&v, "appPublicBare"), "k").unwrap();
    assert_eq!(bare, public);
    let pkcs1 = RsaPublicKey::from_text(&key(&v, "alipayPublicPkcs1Pem"), "k").unwrap();
    assert_eq!(
        pkcs1,
        RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "k").unwrap()
    );
    // A private key is not a public one, and the other way round.
    let e = RsaPublicKey::from_text(&key(&v, "appPrivatePkcs8Pem"), "alipayPublicKey").unwrap_err();
    assert_eq!(
        (e.code(), e.field_name()),
        ("ERR_INVALID_ARGUMENT", Some("alipayPublicKey"))
    );
    let e = RsaPrivateKey::from_text(&key(&v, "appPublicBare"), "privateKey").unwrap_err();
    assert_eq!(
        (e.code(), e.field_name()),
        ("ERR_INVALID_ARGUMENT", Some("privateKey"))
    );
}

#[test]
fn our_requests_equal_alipay_sdks_byte_for_byte() {
    let v = vectors();
    let private = RsaPrivateKey::from_text(&key(&v, "appPrivatePkcs1Bare"), "privateKey").unwrap();
    for case in v["requests"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let request = alipay::oauth_token_request(
            case["appId"].as_str().unwrap(),
            &private,
            case["code"].as_str().unwrap(),
            case["now"].as_u64().unwrap(),
        )
        .unwrap();
        let mut ours: Vec<(String, String)> = form_pairs(&request.query);
        ours.extend(form_pairs(&request.body));
        ours.sort();
        let mut theirs: Vec<(String, String)> = case["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        theirs.sort();
        assert_eq!(ours, theirs, "{name}");
        let pairs: Vec<(&str, &str)> = ours.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            alipay::sign_content(&pairs),
            case["signContent"].as_str().unwrap(),
            "{name}"
        );
    }
}

#[test]
fn alipay_sdks_signatures_verify_and_ours_equal_them() {
    let v = vectors();
    let case = &v["requests"][0];
    let private = RsaPrivateKey::from_text(&key(&v, "appPrivatePkcs8Pem"), "privateKey").unwrap();
    let content = case["signContent"].as_str().unwrap().as_bytes();
    let theirs = decode_base64(case["params"]["sign"].as_str().unwrap(), "sign").unwrap();
    assert_eq!(private.sign_rsa2(content).unwrap(), theirs);
    assert!(private.public_key().verify_rsa2(content, &theirs));
    let mut altered = theirs.clone();
    altered[0] ^= 1;
    assert!(!private.public_key().verify_rsa2(content, &altered));
}

fn outcome<T>(result: weapp_login::Result<T>, ok: impl FnOnce(T) -> Value) -> Value {
    match result {
        Ok(value) => ok(value),
        Err(e) => json!({ "error": e.code(), "errcode": e.errcode() }),
    }
}

fn expected(case: &Value) -> Value {
    match case.get("expect") {
        Some(expect) => expect.clone(),
        None => {
            json!({ "error": case["error"], "errcode": case.get("errcode").cloned().unwrap_or(Value::Null) })
        }
    }
}

#[test]
fn every_gateway_answer_reads_as_alipay_sdk_checks_it() {
    let v = vectors();
    let alipay_key =
        RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "alipayPublicKey").unwrap();
    for case in v["answers"].as_array().unwrap() {
        let got = outcome(
            alipay::read_oauth_token(case["text"].as_str().unwrap(), &alipay_key),
            |t| {
                let mut out = json!({ "openid": t.openid() });
                if let Some(id) = &t.open_id {
                    out["openId"] = json!(id);
                }
                if let Some(id) = &t.user_id {
                    out["userId"] = json!(id);
                }
                if let Some(n) = t.expires_in {
                    out["expiresIn"] = json!(n);
                }
                out
            },
        );
        assert_eq!(got, expected(case), "{}", case["name"]);
    }
}

#[test]
fn every_phone_answer_opens_or_is_refused() {
    let v = vectors();
    let alipay_key =
        RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "alipayPublicKey").unwrap();
    let content = ContentKey::from_base64(&key(&v, "encryptKey"), "encryptKey").unwrap();
    for case in v["phones"].as_array().unwrap() {
        let got = outcome(
            alipay::open_phone_response(
                case["response"].as_str().unwrap(),
                case["sign"].as_str().unwrap(),
                &alipay_key,
                &content,
            ),
            |p| json!({ "phoneNumber": p.phone_number, "purePhoneNumber": p.pure_phone_number, "countryCode": p.country_code, "masked": p.masked }),
        );
        assert_eq!(got, expected(case), "{}", case["name"]);
    }
}

#[test]
fn our_seal_equals_alipay_sdks_aes_encrypt_and_opens_it() {
    let v = vectors();
    let content = ContentKey::from_base64(&key(&v, "encryptKey"), "encryptKey").unwrap();
    for case in v["content"].as_array().unwrap() {
        let plain = case["plaintext"].as_str().unwrap();
        let theirs = case["ciphertext"].as_str().unwrap();
        assert_eq!(
            encode_base64(&content.seal(plain.as_bytes())),
            theirs,
            "{plain:?}"
        );
        let opened = content.open(&decode_base64(theirs, "x").unwrap()).unwrap();
        assert_eq!(&opened[..], plain.as_bytes());
    }
}

#[test]
fn our_sealed_phone_response_opens_with_our_reader() {
    let v = vectors();
    let alipay_private = RsaPrivateKey::from_text(&key(&v, "alipayPrivatePkcs8Pem"), "k").unwrap();
    let content = ContentKey::from_base64(&key(&v, "encryptKey"), "encryptKey").unwrap();
    let (response, sign) =
        alipay::seal_phone_response("13900139000", &content, &alipay_private).unwrap();
    let phone =
        alipay::open_phone_response(&response, &sign, &alipay_private.public_key(), &content)
            .unwrap();
    assert_eq!(phone.masked, "139****9000");
}

#[test]
fn every_douyin_phone_code_answer_opens_or_is_refused() {
    let v = vectors();
    let d = &v["douyin"];
    for form in ["privateKeyPkcs1Pem", "privateKeyPkcs8Bare"] {
        let private = RsaPrivateKey::from_text(d[form].as_str().unwrap(), "privateKey").unwrap();
        let validation = Validation::new(d["appId"].as_str().unwrap(), d["now"].as_u64().unwrap());
        for case in d["cases"].as_array().unwrap() {
            let body = weapp_login::json::parse(&case["answer"].to_string()).unwrap();
            let got = outcome(
                open_phone_code_answer(&body, &private, &validation),
                |p| json!({ "phoneNumber": p.phone_number, "purePhoneNumber": p.pure_phone_number, "countryCode": p.country_code, "masked": weapp_login::mask_phone(&p.pure_phone_number) }),
            );
            assert_eq!(got, expected(case), "{form} {}", case["name"]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hostile_gateway_answers_never_panic(text in "\\PC{0,200}") {
        let v = vectors();
        let alipay_key = RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "k").unwrap();
        let _ = alipay::read_oauth_token(&text, &alipay_key);
        let _ = top_level_members(&text);
    }

    #[test]
    fn json_shaped_answers_never_panic(parts in proptest::collection::vec(prop_oneof![
        Just("{"), Just("}"), Just("["), Just("]"), Just("\""), Just("\\"), Just(":"), Just(","),
        Just("\"alipay_system_oauth_token_response\""), Just("\"error_response\""), Just("\"sign\""),
        Just("1"), Just(" "), Just("null"), Just("\"code\""), Just("\"10000\""),
    ], 0..40)) {
        let text: String = parts.concat();
        let v = vectors();
        let alipay_key = RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "k").unwrap();
        let _ = alipay::read_oauth_token(&text, &alipay_key);
        if let Ok(members) = top_level_members(&text) {
            for (_, span) in members {
                prop_assert!(text.get(span).is_some());
            }
        }
    }

    #[test]
    fn hostile_phone_responses_never_panic(response in "[A-Za-z0-9+/= \"\\\\]{0,300}", sign in "[A-Za-z0-9+/=]{0,400}") {
        let v = vectors();
        let alipay_key = RsaPublicKey::from_text(&key(&v, "alipayPublicBare"), "k").unwrap();
        let content = ContentKey::from_base64(&key(&v, "encryptKey"), "encryptKey").unwrap();
        let _ = alipay::open_phone_response(&response, &sign, &alipay_key, &content);
    }

    #[test]
    fn hostile_key_texts_never_panic(text in "(-----BEGIN [A-Z ]{0,20}-----)?[A-Za-z0-9+/=\n ]{0,200}(-----END [A-Z ]{0,20}-----)?") {
        let _ = RsaPrivateKey::from_text(&text, "privateKey");
        let _ = RsaPublicKey::from_text(&text, "alipayPublicKey");
    }

    #[test]
    fn hostile_douyin_answers_never_panic(data in "[A-Za-z0-9+/=]{0,400}", err_no in -2i64..3) {
        let v = vectors();
        let d = &v["douyin"];
        let private = RsaPrivateKey::from_text(d["privateKeyPkcs1Pem"].as_str().unwrap(), "k").unwrap();
        let body = weapp_login::json::parse(&json!({ "err_no": err_no, "data": data }).to_string()).unwrap();
        let _ = open_phone_code_answer(&body, &private, &Validation::new("tt", 1));
    }
}
