//! The `detail` of the `getPhoneNumber` button's `bindgetphonenumber` event.

use crate::prelude::*;

use crate::json::{ObjectWriter, ToJson, Value};

use crate::error::{ErrorKind, FieldProblem, Result};
use crate::fields::{event_detail, object, Fields};
use crate::wechat::wx_result::check_detail;

/// What the phone button handed over, to send to the developer server.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(
        tag = "kind",
        rename_all = "lowercase",
        rename_all_fields = "camelCase"
    )
)]
pub enum PhoneEvent {
    /// Base library ≥ 2.21.2: a one-time `code` for `getuserphonenumber`.
    /// The encrypted pair, when it came too, is kept as a fallback.
    Code {
        /// The one-time phone code (5 minutes, single use).
        code: String,
        /// The old-style ciphertext, when present.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        encrypted_data: Option<String>,
        /// Its iv, when present.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        iv: Option<String>,
    },
    #[cfg(feature = "alipay-phone")]
    /// Alipay: `my.getPhoneNumber`'s signed `response` (its JSON text, or
    /// the ciphertext with its `sign` apart, as uni-app's mp-alipay hands it).
    Signed {
        /// The response as Alipay gave it.
        response: String,
        /// Its RSA2 signature, when it came apart from the response.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        sign: Option<String>,
    },
    /// Older base libraries: only the ciphertext, opened with the session key.
    Encrypted {
        /// The ciphertext, base64.
        encrypted_data: String,
        /// The iv, base64.
        iv: String,
    },
}

impl ToJson for PhoneEvent {
    /// `{ kind: "code", code, encryptedData?, iv? }` or `{ kind: "encrypted", encryptedData, iv }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        match self {
            PhoneEvent::Code {
                code,
                encrypted_data,
                iv,
            } => {
                w.field("kind", "code").field("code", code);
                w.optional("encryptedData", encrypted_data)
                    .optional("iv", iv);
            }
            #[cfg(feature = "alipay-phone")]
            PhoneEvent::Signed { response, sign } => {
                w.field("kind", "signed").field("response", response);
                w.optional("sign", sign);
            }
            PhoneEvent::Encrypted { encrypted_data, iv } => {
                w.field("kind", "encrypted")
                    .field("encryptedData", encrypted_data)
                    .field("iv", iv);
            }
        }
        w.end();
    }
}

/// Reads the event's `detail` (the whole event is accepted too).
///
/// A refusal is [`ErrorKind::UserDenied`], a missing ability
/// [`ErrorKind::NoPermission`], a privacy refusal (errno 104/112)
/// [`ErrorKind::PrivacyDenied`], a used-up quota (errno 1400001)
/// [`ErrorKind::PhoneQuota`], any other failure [`ErrorKind::WxFail`];
/// an `ok` without a code or a complete encrypted pair is
/// [`ErrorKind::PayloadShape`].
pub fn parse_phone_event(detail: &Value) -> Result<PhoneEvent> {
    let obj = event_detail(object(detail, ErrorKind::PayloadShape, "detail")?, "errMsg");
    let f = Fields::new(obj, ErrorKind::PayloadShape, "");
    #[cfg(feature = "alipay-phone")]
    if let Some(signed) = alipay_answer(&f)? {
        return Ok(signed);
    }
    check_detail(&f, true)?;
    let code = f.opt_str("code")?.filter(|c| !c.is_empty());
    let encrypted_data = f.opt_str("encryptedData")?.filter(|s| !s.is_empty());
    let iv = f.opt_str("iv")?.filter(|s| !s.is_empty());
    let pair = match (encrypted_data, iv) {
        (Some(d), Some(i)) => Some((d.to_owned(), i.to_owned())),
        (None, None) => None,
        (None, Some(_)) if code.is_some() => None,
        (Some(_), None) if code.is_some() => None,
        (None, Some(_)) => return Err(f.err("encryptedData", FieldProblem::Missing)),
        (Some(_), None) => return Err(f.err("iv", FieldProblem::Missing)),
    };
    match (code, pair) {
        (Some(code), pair) => {
            let (encrypted_data, iv) = pair.unzip();
            Ok(PhoneEvent::Code {
                code: code.to_owned(),
                encrypted_data,
                iv,
            })
        }
        (None, Some((encrypted_data, iv))) => Ok(PhoneEvent::Encrypted { encrypted_data, iv }),
        (None, None) => Err(f.err("code", FieldProblem::Missing)),
    }
}

/// Alipay's answer, when `f` holds one: my.getPhoneNumber's `{ response }`
/// (no errMsg), or uni-app's mp-alipay `{ errMsg, encryptedData, sign }`
/// (the response as `encryptedData`, no iv, no code). A failure's errMsg is
/// left to [`check_detail`].
#[cfg(feature = "alipay-phone")]
fn alipay_answer(f: &Fields<'_>) -> Result<Option<PhoneEvent>> {
    let text = |key| f.opt_str(key).map(|v| v.filter(|s| !s.is_empty()));
    let sign = text("sign")?.map(str::to_owned);
    let response = match f.opt_str("errMsg")? {
        None => text("response")?,
        Some(_) if sign.is_some() && text("iv")?.is_none() && text("code")?.is_none() => {
            check_detail(f, true)?;
            text("encryptedData")?
        }
        Some(_) => None,
    };
    Ok(response.map(|response| PhoneEvent::Signed {
        response: response.to_owned(),
        sign,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read(text: &str) -> core::result::Result<PhoneEvent, &'static str> {
        parse_phone_event(&parse(text).unwrap()).map_err(|e| e.code())
    }

    #[test]
    #[cfg(feature = "alipay-phone")]
    fn alipay_answers_are_signed_responses() {
        let signed = |response: &str, sign: Option<&str>| PhoneEvent::Signed {
            response: response.to_owned(),
            sign: sign.map(str::to_owned),
        };
        assert_eq!(
            read(r#"{"response":"{\"response\":\"cmVz\",\"sign\":\"c2ln\"}"}"#),
            Ok(signed(r#"{"response":"cmVz","sign":"c2ln"}"#, None))
        );
        assert_eq!(
            read(r#"{"response":"cmVz","sign":"c2ln"}"#),
            Ok(signed("cmVz", Some("c2ln")))
        );
        assert_eq!(
            read(
                r#"{"type":"getphonenumber","detail":{"errMsg":"getPhoneNumber:ok","encryptedData":"cmVz","sign":"c2ln"}}"#
            ),
            Ok(signed("cmVz", Some("c2ln")))
        );
        assert_eq!(
            read(
                r#"{"detail":{"errMsg":"getPhoneNumber:fail user deny","encryptedData":"cmVz","sign":"c2ln"}}"#
            ),
            Err("ERR_USER_DENIED")
        );
        assert_eq!(read(r#"{"response":""}"#), Err("ERR_PAYLOAD_SHAPE"));
        assert_eq!(read(r#"{"response":7}"#), Err("ERR_PAYLOAD_SHAPE"));
    }

    #[test]
    fn douyin_and_baidu_events_read_as_wechat_ones() {
        assert!(matches!(
            read(r#"{"detail":{"errMsg":"getPhoneNumber:ok","code":"c1"}}"#),
            Ok(PhoneEvent::Code { .. })
        ));
        assert!(matches!(
            read(r#"{"detail":{"errMsg":"getPhoneNumber:ok","encryptedData":"ZA==","iv":"aXY="}}"#),
            Ok(PhoneEvent::Encrypted { .. })
        ));
        assert_eq!(
            read(r#"{"detail":{"errMsg":"getPhoneNumber:fail auth deny"}}"#),
            Err("ERR_USER_DENIED")
        );
    }
}
