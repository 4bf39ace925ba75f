//! Alipay's operations (`pkg/src/server/upstream/alipay.js`), and Douyin's
//! phone code answer: the gateway request signed, its answer verified and
//! read, the phone answer verified and opened. The core decides what is
//! signed and verified and reads everything (`weapp_login::alipay`,
//! `weapp_login::toutiao::phone_code`); the RSA arithmetic is the host's
//! (`node:crypto`, passed in as functions: see `weapp_login::crypto`'s
//! `rsa_ops` for the measurements behind that). These only convert.

use js_sys::{Function, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use weapp_login::alipay::{self, AlipayPhone};
use weapp_login::crypto::{
    check_modulus_bits, encode_base64, pkcs1v15_unpad, read_key_text, ContentKey, Pkcs1v15Decrypt,
    Rsa2Sign, Rsa2Verify,
};
use weapp_login::{Error, ErrorKind, Result, Validation};

use super::answer;
use super::args;
use crate::args::{json_text, string};

type Answer = core::result::Result<JsValue, JsValue>;

/// The host's RSA2 signer: `(message: Uint8Array) => Uint8Array`.
struct HostSign<'a>(&'a Function);

impl Rsa2Sign for HostSign<'_> {
    fn sign_rsa2(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.0
            .call1(&JsValue::NULL, &Uint8Array::from(message))
            .ok()
            .and_then(|out| out.dyn_into::<Uint8Array>().ok())
            .map(|out| out.to_vec())
            .ok_or_else(|| Error::new(ErrorKind::Internal))
    }
}

/// The host's RSA2 verifier: `(message: Uint8Array, signature: Uint8Array)
/// => boolean`; anything but `true` (a throw included) is a refusal.
struct HostVerify<'a>(&'a Function);

impl Rsa2Verify for HostVerify<'_> {
    fn verify_rsa2(&self, message: &[u8], signature: &[u8]) -> bool {
        self.0
            .call2(
                &JsValue::NULL,
                &Uint8Array::from(message),
                &Uint8Array::from(signature),
            )
            .is_ok_and(|ok| ok.as_bool() == Some(true))
    }
}

/// The host's raw RSA decryption (`RSA_NO_PADDING`): `(block: Uint8Array)
/// => Uint8Array`, unpadded here (`pkcs1v15_unpad`); a throw, or a block
/// that is not PKCS#1 v1.5 padding, is ERR_DECRYPT_FAILED.
struct HostDecrypt<'a> {
    decrypt: &'a Function,
    block_len: usize,
}

impl Pkcs1v15Decrypt for HostDecrypt<'_> {
    fn decrypt_pkcs1v15(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        if ciphertext.len() != self.block_len {
            return Err(Error::new(ErrorKind::CiphertextLength));
        }
        self.decrypt
            .call1(&JsValue::NULL, &Uint8Array::from(ciphertext))
            .ok()
            .and_then(|out| out.dyn_into::<Uint8Array>().ok())
            .map(|out| Zeroizing::new(out.to_vec()))
            .and_then(|block| pkcs1v15_unpad(&block).map(|m| Zeroizing::new(m.to_vec())))
            .ok_or_else(|| Error::new(ErrorKind::DecryptFailed))
    }
}

/// A key's DER, for the host to load.
#[derive(Serialize)]
struct KeyDerView {
    /// `pkcs1`, `pkcs8` or `spki`, as `node:crypto` names them.
    r#type: &'static str,
    /// The DER, base64.
    der: String,
}

/// `rsaKeyForm(text, isPrivate, field)`: an RSA key's text (PEM of PKCS#1,
/// PKCS#8, SPKI, or the bare base64 of its DER, as Alipay's console shows
/// it) as `{ type, der }` for `crypto.createPrivateKey`/`createPublicKey`
/// (`format: 'der'`). Anything else is ERR_INVALID_ARGUMENT naming `field`.
#[wasm_bindgen(js_name = rsaKeyForm, unchecked_return_type = "{ type: 'pkcs1' | 'pkcs8' | 'spki', der: string }")]
#[allow(clippy::needless_pass_by_value)] // owned, so the key's text is zeroed
pub fn rsa_key_form(text: JsValue, is_private: bool, field: &str) -> Answer {
    answer((|| {
        let field = key_field(field);
        let text = Zeroizing::new(string(&text, field)?);
        let key = read_key_text(&text, is_private, field)?;
        Ok(KeyDerView {
            r#type: key.form.node_type(),
            der: encode_base64(&key.der),
        })
    })())
}

/// `rsaModulusBits(bits, field)`: `true` if a loaded key's modulus size is
/// one the core takes (2048 to 4096 bits), else ERR_INVALID_ARGUMENT naming
/// `field`.
#[wasm_bindgen(js_name = rsaModulusBits)]
pub fn rsa_modulus_bits(bits: f64, field: &str) -> Answer {
    answer((|| {
        let bits = args::seconds_number(bits, "bits")?;
        check_modulus_bits(
            usize::try_from(bits).unwrap_or(usize::MAX),
            key_field(field),
        )?;
        Ok(true)
    })())
}

/// The option names a key may be given under (errors name one of them).
const KEY_FIELDS: &[&str] = &[
    "privateKey",
    "alipayPublicKey",
    "encryptKey",
    "phonePrivateKey",
    "alipay.privateKey",
    "alipay.alipayPublicKey",
    "alipay.encryptKey",
    "toutiao.phonePrivateKey",
];

/// `field` as one of [`KEY_FIELDS`] (the first for any other text).
fn key_field(field: &str) -> &'static str {
    KEY_FIELDS
        .iter()
        .copied()
        .find(|f| *f == field)
        .unwrap_or("privateKey")
}

/// `alipayCheckEncryptKey(encryptKey, field)`: `true` if the content key is
/// base64 of 16 bytes (a 128-bit AES key), else ERR_INVALID_ARGUMENT
/// naming `field`.
#[wasm_bindgen(js_name = alipayCheckEncryptKey)]
pub fn alipay_check_encrypt_key(encrypt_key: JsValue, field: &str) -> Answer {
    answer((|| {
        let field = key_field(field);
        let text = Zeroizing::new(string(&encrypt_key, field)?);
        ContentKey::from_base64(&text, field)?;
        Ok(true)
    })())
}

/// Where and how gateway requests go.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GatewayRules {
    api_base: &'static str,
    path: &'static str,
    content_type: &'static str,
}

/// `alipayGateway()`: `{ apiBase, path, contentType }`: Alipay's origin
/// (`apiBase`'s default), the gateway's path under it, and the content type
/// requests are posted with.
#[wasm_bindgen(js_name = alipayGateway, unchecked_return_type = "{ apiBase: string, path: string, contentType: string }")]
pub fn alipay_gateway() -> Answer {
    answer(Ok(GatewayRules {
        api_base: alipay::ALIPAY_API_BASE,
        path: alipay::GATEWAY_PATH,
        content_type: alipay::GATEWAY_CONTENT_TYPE,
    }))
}

/// `alipayOauthTokenRequest(appId, code, now, sign)`:
/// `alipay.system.oauth.token` for an auth code at `now` (seconds), signed
/// by `sign` (the host's RSA2 with the app's private key): `{ query, body }`,
/// to post as `${gateway}?${query}` with `body` form-encoded.
#[wasm_bindgen(js_name = alipayOauthTokenRequest, unchecked_return_type = "{ query: string, body: string }")]
pub fn alipay_oauth_token_request(
    app_id: &str,
    code: JsValue,
    now: f64,
    sign: &Function,
) -> Answer {
    answer((|| {
        let code = string(&code, "code")?;
        let now = args::seconds_number(now, "now")?;
        alipay::oauth_token_request(app_id, &HostSign(sign), &code, now)
    })())
}

/// Who signed in, as the gateway answered: no token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AlipayUser {
    openid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    open_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_in: Option<u64>,
}

/// `alipayTokenUser(answer, verify)`: the gateway's answer text, its
/// signature checked by `verify` (the host's RSA2 with Alipay's public key)
/// over the bytes the core chose, then read: `{ openid, openId?, userId?,
/// expiresIn? }` (`openid`: `open_id`, else `user_id`). The access and
/// refresh tokens stay in the core. An answer not signed by the key is
/// ERR_UPSTREAM_SIGNATURE; Alipay's errors are mapped by the core's table.
#[wasm_bindgen(js_name = alipayTokenUser, unchecked_return_type = "{ openid: string, openId?: string, userId?: string, expiresIn?: number }")]
pub fn alipay_token_user(answer_text: &str, verify: &Function) -> Answer {
    answer(
        alipay::read_oauth_token(answer_text, &HostVerify(verify)).map(|token| AlipayUser {
            openid: token.openid().to_owned(),
            open_id: token.open_id.clone(),
            user_id: token.user_id.clone(),
            expires_in: token.expires_in,
        }),
    )
}

/// What leaves the core of a phone answer unless the number is asked for.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MaskedPhone {
    country_code: String,
    masked: String,
}

/// `alipayOpenPhone(answer, encryptKey, reveal, verify)`: the phone
/// button's answer (`{ response, sign }`, uni-app's `{ encryptedData, sign }`
/// or `my.getPhoneNumber`'s `{ response: "<JSON text>" }`), its signature
/// checked by `verify` (the host's RSA2 with Alipay's public key;
/// ERR_SIGNATURE if not Alipay's) and only then opened with the content key:
/// `{ countryCode, masked }`, or with `reveal` in WeChat's shape
/// `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
#[wasm_bindgen(js_name = alipayOpenPhone, unchecked_return_type = "{ phoneNumber?: string, purePhoneNumber?: string, countryCode: string, masked: string }")]
#[allow(clippy::needless_pass_by_value)] // owned, so the key's text is zeroed
pub fn alipay_open_phone(
    phone_answer: JsValue,
    encrypt_key: String,
    reveal: bool,
    verify: &Function,
) -> Answer {
    let encrypt_key = Zeroizing::new(encrypt_key);
    let opened = (|| -> Result<AlipayPhone> {
        let (response, sign) = alipay::phone_answer_parts(&args::object(&phone_answer, "answer")?)?;
        let content = ContentKey::from_base64(&encrypt_key, "encryptKey")?;
        alipay::open_phone_response(&response, &sign, &HostVerify(verify), &content)
    })();
    match opened {
        Ok(phone) if reveal => answer(Ok(phone)),
        Ok(phone) => answer(Ok(MaskedPhone {
            country_code: phone.country_code,
            masked: phone.masked,
        })),
        Err(e) => answer::<AlipayPhone>(Err(e)),
    }
}

/// Douyin's phone as the server keeps it: the number and its masked form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DouyinPhone {
    phone_number: String,
    pure_phone_number: String,
    country_code: String,
    masked: String,
}

/// `toutiaoPhoneCodeAnswer(answer, appId, now, maxAgeSeconds, blockBytes,
/// decrypt)`: `get_phonenumber_info`'s answer text, its `data` opened by
/// `decrypt` (the host's raw RSA, `RSA_NO_PADDING`, with the app's private
/// key, whose modulus is `blockBytes` long; the padding is read here), the watermark checked for `appId` at
/// `now` (seconds; `maxAgeSeconds` `undefined` for the default window,
/// `null` for none): `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
#[wasm_bindgen(js_name = toutiaoPhoneCodeAnswer, unchecked_return_type = "{ phoneNumber: string, purePhoneNumber: string, countryCode: string, masked: string }")]
pub fn toutiao_phone_code_answer(
    answer_text: &str,
    app_id: &str,
    now: f64,
    max_age_seconds: JsValue,
    block_bytes: u32,
    decrypt: &Function,
) -> Answer {
    answer((|| {
        if app_id.is_empty() {
            return Err(Error::invalid_argument("appId", "must not be empty"));
        }
        let now = args::seconds_number(now, "now")?;
        let max_age = args::max_age(&max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        let body = json_text(answer_text, "body", ErrorKind::PayloadShape)?;
        let validation = Validation::new(app_id, now).with_max_age(max_age);
        let key = HostDecrypt {
            decrypt,
            block_len: usize::try_from(block_bytes).unwrap_or(usize::MAX),
        };
        let phone =
            weapp_login::toutiao::phone_code::open_phone_code_answer(&body, &key, &validation)?;
        Ok(DouyinPhone {
            masked: weapp_login::mask_phone(&phone.pure_phone_number),
            phone_number: phone.phone_number,
            pure_phone_number: phone.pure_phone_number,
            country_code: phone.country_code,
        })
    })())
}
