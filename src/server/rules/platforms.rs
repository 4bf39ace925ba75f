//! What the server's glue needs to know of each platform, as data: where
//! its API is, how a code is exchanged, which credentials `createAuth`
//! takes for it, and which phone and profile ways it has. Read once from
//! `rules.json` (`platforms`); the formats themselves are the core's
//! (`crate::server::platforms`).

use crate::platform::Platform;

/// How a platform's code exchange is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Encoding {
    /// `GET`, the parameters in the query.
    Query,
    /// `POST`, the parameters as a JSON object.
    Json,
    /// `POST`, the parameters as a form (`application/x-www-form-urlencoded`).
    Form,
}

/// One platform's facts for the server's glue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PlatformRules {
    /// The stable name (`createAuth({ platform })`).
    pub name: &'static str,
    /// Whether `createAuth` serves it.
    pub available: bool,
    /// The API origin `apiBase` defaults to.
    pub api_base: &'static str,
    /// The code exchange's path under `api_base`.
    pub code_path: &'static str,
    /// How the code exchange is sent.
    pub code_encoding: Encoding,
    /// The code exchange's parameter names, in this order: the app's id,
    /// its secret, the code. (Baidu: `client_id` is the app key.)
    pub code_params: [&'static str; 3],
    /// A fixed parameter sent with every exchange (`grant_type`), or `""`.
    pub code_grant: &'static str,
    /// Whether `createAuth` takes `appSecret` (required) for it: every
    /// platform but Alipay, whose requests are signed with the app's key.
    pub app_secret: bool,
    /// The `createAuth` options it requires, besides `appId` (and
    /// `appSecret` where [`PlatformRules::app_secret`]).
    pub extra_credentials: &'static [&'static str],
    /// The `createAuth` options it takes when given (Douyin's
    /// `phonePrivateKey` for phone codes, Alipay's `encryptKey` for phone
    /// answers); checked when given, refused on another platform.
    pub optional_credentials: &'static [&'static str],
    /// Whether its sign-in hands over a session key, kept in the user's key
    /// ring (every platform but Alipay: its sign-in answers ids only).
    pub session_key: bool,
    /// Whether `/phone` takes `{ encryptedData, iv }`.
    pub phone_payload: bool,
    /// Whether `/phone` takes a phone code exchanged upstream (WeChat's
    /// `getuserphonenumber`; Douyin's `get_phonenumber_info`, with
    /// `phonePrivateKey`).
    pub phone_code: bool,
    /// Whether `/phone` takes a signed phone answer the core verifies and
    /// opens (Alipay's `{ response, sign }`), with no upstream call.
    pub phone_response: bool,
    /// The path of the token the phone code's exchange sends, on the same
    /// origin as that exchange (Douyin's client token, `client_key` =
    /// appId, `client_secret` = appSecret), or `""` where the glue needs
    /// none (WeChat's `stable_token` is its own client's).
    pub token_path: &'static str,
    /// The origin of the phone code's exchange when `apiBase` is not given
    /// (Douyin's is on `open.douyin.com`), or `""`.
    pub phone_code_api_base: &'static str,
    /// The phone code exchange's path (Douyin: posted `{ code }` with an
    /// `access-token` header), or `""`.
    pub phone_code_path: &'static str,
    /// Whether the platform signs `rawData` with the session key.
    pub signed_raw_data: bool,
    /// Whether `checksession` exists (WeChat's).
    pub check_session: bool,
}

/// Every platform, in [`Platform::ALL`]'s order.
pub const PLATFORM_RULES: [PlatformRules; 6] = [
    PlatformRules {
        name: Platform::Weixin.name(),
        available: true,
        api_base: "https://api.weixin.qq.com",
        code_path: "/sns/jscode2session",
        code_encoding: Encoding::Query,
        code_params: ["appid", "secret", "js_code"],
        code_grant: "authorization_code",
        extra_credentials: &[],
        phone_payload: true,
        phone_code: true,
        signed_raw_data: true,
        check_session: true,
        app_secret: true,
        optional_credentials: &[],
        session_key: true,
        phone_response: false,
        token_path: "",
        phone_code_api_base: "",
        phone_code_path: "",
    },
    PlatformRules {
        name: Platform::Qq.name(),
        available: true,
        api_base: "https://api.q.qq.com",
        code_path: "/sns/jscode2session",
        code_encoding: Encoding::Query,
        code_params: ["appid", "secret", "js_code"],
        code_grant: "authorization_code",
        extra_credentials: &[],
        phone_payload: false,
        phone_code: false,
        signed_raw_data: true,
        check_session: false,
        app_secret: true,
        optional_credentials: &[],
        session_key: true,
        phone_response: false,
        token_path: "",
        phone_code_api_base: "",
        phone_code_path: "",
    },
    PlatformRules {
        name: Platform::Toutiao.name(),
        available: true,
        api_base: "https://developer.toutiao.com",
        code_path: "/api/apps/v2/jscode2session",
        code_encoding: Encoding::Json,
        code_params: ["appid", "secret", "code"],
        code_grant: "",
        extra_credentials: &[],
        phone_payload: true,
        phone_code: true,
        signed_raw_data: true,
        check_session: false,
        app_secret: true,
        optional_credentials: &["phonePrivateKey"],
        session_key: true,
        phone_response: false,
        token_path: "/oauth/client_token/",
        phone_code_api_base: "https://open.douyin.com",
        phone_code_path: "/api/apps/v1/get_phonenumber_info/",
    },
    PlatformRules {
        name: Platform::Kuaishou.name(),
        available: true,
        api_base: "https://open.kuaishou.com",
        code_path: "/oauth2/mp/code2session",
        code_encoding: Encoding::Form,
        code_params: ["app_id", "app_secret", "js_code"],
        code_grant: "",
        extra_credentials: &[],
        phone_payload: true,
        phone_code: false,
        signed_raw_data: true,
        check_session: false,
        app_secret: true,
        optional_credentials: &[],
        session_key: true,
        phone_response: false,
        token_path: "",
        phone_code_api_base: "",
        phone_code_path: "",
    },
    PlatformRules {
        name: Platform::Baidu.name(),
        available: true,
        api_base: "https://spapi.baidu.com",
        code_path: "/oauth/jscode2sessionkey",
        code_encoding: Encoding::Form,
        code_params: ["client_id", "sk", "code"],
        code_grant: "",
        extra_credentials: &["appKey"],
        phone_payload: true,
        phone_code: false,
        signed_raw_data: false,
        check_session: false,
        app_secret: true,
        optional_credentials: &[],
        session_key: true,
        phone_response: false,
        token_path: "",
        phone_code_api_base: "",
        phone_code_path: "",
    },
    PlatformRules {
        name: Platform::Alipay.name(),
        available: true,
        api_base: "https://openapi.alipay.com",
        code_path: "/gateway.do",
        code_encoding: Encoding::Form,
        code_params: ["app_id", "", "code"],
        code_grant: "authorization_code",
        extra_credentials: &["privateKey", "alipayPublicKey"],
        phone_payload: false,
        phone_code: false,
        signed_raw_data: false,
        check_session: false,
        app_secret: false,
        optional_credentials: &["encryptKey"],
        session_key: false,
        phone_response: true,
        token_path: "",
        phone_code_api_base: "",
        phone_code_path: "",
    },
];

/// The rules of `platform`.
pub fn platform_rules(platform: Platform) -> &'static PlatformRules {
    PLATFORM_RULES
        .iter()
        .find(|r| r.name == platform.name())
        .unwrap_or(&PLATFORM_RULES[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_has_its_rules_in_order() {
        assert_eq!(PLATFORM_RULES.len(), Platform::ALL.len());
        for p in Platform::ALL {
            assert_eq!(platform_rules(*p).name, p.name());
        }
        for p in Platform::ALL {
            assert!(platform_rules(*p).available, "{p}");
        }
        let alipay = platform_rules(Platform::Alipay);
        assert!(!alipay.app_secret && !alipay.session_key && alipay.phone_response);
        assert_eq!(alipay.optional_credentials, &["encryptKey"]);
        let douyin = platform_rules(Platform::Toutiao);
        assert!(douyin.phone_code && douyin.phone_payload);
        assert_eq!(douyin.optional_credentials, &["phonePrivateKey"]);
        assert_eq!(
            platform_rules(Platform::Baidu).extra_credentials,
            &["appKey"]
        );
    }
}
