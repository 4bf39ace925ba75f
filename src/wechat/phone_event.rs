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
