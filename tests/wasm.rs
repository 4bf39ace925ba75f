//! The bindings, in wasm on Node (wasm-bindgen-test): every vector through
//! the exported functions exactly as the npm package calls them, and the
//! conversions of JS values (missing, wrong type, clock default).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{cases, check, DECRYPT, SIGNATURE, WECHAT};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use weapp_login::wasm::{common as bind_common, server as bind};

/// What an export answers: its envelope's text (a `String`, or a JS string
/// from the exports the client build shares).
trait Answer {
    fn text(self) -> String;
}

impl Answer for String {
    fn text(self) -> String {
        self
    }
}

impl Answer for JsValue {
    fn text(self) -> String {
        self.as_string().expect("a JS string")
    }
}

/// The envelope as an outcome: `Ok(value)` or `Err(code)`.
fn envelope(answer: impl Answer) -> Result<Value, String> {
    let text = answer.text();
    let v: Value = serde_json::from_str(&text).unwrap();
    match (v.get("ok"), v.get("error")) {
        (Some(ok), None) => Ok(ok.clone()),
        (None, Some(err)) => {
            assert!(err["retryable"].is_boolean());
            assert!(err["message"].is_string());
            Err(err["code"].as_str().unwrap().to_owned())
        }
        _ => panic!("not an envelope: {text}"),
    }
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
    let kind = match case["kind"].as_str().unwrap() {
        "phone" => 1,
        "userinfo" => 2,
        _ => 0,
    };
    envelope(bind::decrypt_checked(
        kind,
        field(case, "appId"),
        field(case, "sessionKey"),
        field(case, "iv"),
        field(case, "encryptedData"),
        field(case, "now"),
        field(case, "maxAgeSeconds"),
    ))
}

#[wasm_bindgen_test]
fn decrypt_vectors() {
    for case in cases(DECRYPT, "vectors") {
        check(&case, decrypt(&case));
    }
}

#[wasm_bindgen_test]
fn signature_vectors() {
    for case in cases(SIGNATURE, "rawDataSignature") {
        let got = envelope(bind::verify_signature(
            field(&case, "rawData"),
            field(&case, "signature"),
            field(&case, "sessionKey"),
        ));
        assert_eq!(got, Ok(case["expect"].clone()), "{}", case["name"]);
    }
    for case in cases(SIGNATURE, "sessionKeySignature") {
        let got = envelope(bind::session_key_signature(field(&case, "sessionKey")));
        assert_eq!(got, Ok(case["signature"].clone()));
    }
}

#[wasm_bindgen_test]
fn wechat_response_vectors() {
    for case in cases(WECHAT, "code2session") {
        check(
            &case,
            envelope(bind::parse_code2session(field(&case, "body"))),
        );
    }
    for case in cases(WECHAT, "phoneEvent") {
        check(
            &case,
            envelope(bind_common::parse_phone_event(field(&case, "detail"))),
        );
    }
}

#[wasm_bindgen_test]
fn arguments_missing_or_of_the_wrong_type() {
    let base = &cases(DECRYPT, "vectors")[0];
    let call = |iv: JsValue, now: JsValue, max_age: JsValue| {
        envelope(bind::decrypt_checked(
            1,
            field(base, "appId"),
            field(base, "sessionKey"),
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
    let sealed = envelope(bind::encrypt_data(
        JsValue::from_str("wxa"),
        key.clone(),
        data,
        JsValue::UNDEFINED,
        JsValue::from_f64(1000.0),
        &[9; 16],
    ))
    .unwrap();
    let opened = envelope(bind::decrypt_checked(
        1,
        JsValue::from_str("wxa"),
        key,
        js(&sealed["iv"]),
        js(&sealed["encryptedData"]),
        JsValue::from_f64(1000.0),
        JsValue::UNDEFINED,
    ))
    .unwrap();
    assert_eq!(opened["watermark"]["timestamp"], 1000);
    assert_eq!(sealed["iv"], "CQkJCQkJCQkJCQkJCQkJCQ==");
}

#[wasm_bindgen_test]
fn wechat_error_and_error_codes() {
    assert_eq!(
        envelope(bind_common::wechat_error(JsValue::from_f64(45011.0))).unwrap()["code"],
        "ERR_RATE_LIMITED"
    );
    assert_eq!(
        envelope(bind_common::wechat_error(JsValue::from_f64(0.0))).unwrap_err(),
        "ERR_INVALID_ARGUMENT"
    );
    let rows = envelope(bind_common::error_codes()).unwrap();
    assert!(rows.as_array().unwrap().len() >= 28);
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn bytes(&mut self, out: &mut [u8]) {
        for b in out {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            *b = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8;
        }
    }
}

/// In wasm, `crypto::open` and `crypto::seal` use the vector-permute AES
/// (src/aes_vperm.rs); RustCrypto's `aes` + `cbc` are the reference: random
/// keys, ivs and lengths seal to the same bytes and open back, and random
/// ciphertexts (mostly bad padding) fail or succeed exactly as theirs do.
#[wasm_bindgen_test]
fn vector_permute_aes_matches_rustcrypto() {
    use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
    use weapp_login::crypto::{open, SessionKey};
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for round in 0..2_000 {
        let (mut key, mut iv) = ([0u8; 16], [0u8; 16]);
        rng.bytes(&mut key);
        rng.bytes(&mut iv);
        let len = round % 150;
        let mut plain = vec![0u8; len];
        rng.bytes(&mut plain);
        let mut sealed = vec![0u8; len + 16 - len % 16];
        sealed[..len].copy_from_slice(&plain);
        cbc::Encryptor::<aes::Aes128>::new(&key.into(), &iv.into())
            .encrypt_padded_mut::<Pkcs7>(&mut sealed, len)
            .unwrap();
        let opened = open(&SessionKey::from_bytes(key), &iv, &sealed).unwrap();
        assert_eq!(opened, plain, "round {round}");
        // And sealing: the same ciphertext as theirs.
        assert_eq!(
            weapp_login::crypto::seal(&SessionKey::from_bytes(key), &iv, &plain),
            sealed,
            "seal round {round}"
        );

        let mut junk = vec![0u8; 16 * (1 + round % 9)];
        rng.bytes(&mut junk);
        if round % 3 == 0 {
            // A valid one-byte padding in the last block, sometimes.
            let last = junk.len() - 1;
            let mut reference = junk.clone();
            cbc::Decryptor::<aes::Aes128>::new(&key.into(), &iv.into())
                .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut reference)
                .unwrap();
            // Flipping the last ciphertext block's byte flips the same
            // plaintext byte of the next block: aim the chosen block there.
            if junk.len() >= 32 {
                junk[last - 16] ^= reference[last] ^ 1;
            }
        }
        let ours = open(&SessionKey::from_bytes(key), &iv, &junk).map_err(|e| e.code());
        let mut buf = junk.clone();
        let theirs = cbc::Decryptor::<aes::Aes128>::new(&key.into(), &iv.into())
            .decrypt_padded_mut::<Pkcs7>(&mut buf)
            .map(<[u8]>::to_vec)
            .map_err(|_| "ERR_DECRYPT_FAILED");
        assert_eq!(ours, theirs, "junk round {round}");
        accepted += usize::from(ours.is_ok());
    }
    // The aimed paddings were accepted (and compared), not only failures.
    assert!(accepted > 400, "{accepted}");
}
