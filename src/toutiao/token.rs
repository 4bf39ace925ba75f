//! Douyin's app-level access tokens, as the phone code's exchange sends one
//! in its `access-token` header: the client token (`POST
//! https://open.douyin.com/oauth/client_token/`, JSON `{ client_key,
//! client_secret, grant_type: "client_credential" }`, answering `{ data: {
//! access_token, expires_in, error_code, description }, message }`; 2 hours,
//! only the latest two valid), which is what `get_phonenumber_info` takes;
//! and the mini program's `getAccessToken` (`POST /api/apps/v2/token`,
//! answering `{ err_no, err_tips, data: { access_token, expires_in } }`),
//! read the same way. Sources: `tests/vectors/README.md`.

use crate::json::Value;
use crate::prelude::*;

use crate::error::{FieldProblem, Result};
use crate::toutiao::envelope::{answer_fields, data_fields, status_ok};
use crate::wechat::wechat_api::{AccessToken, AccessTokenText};

/// Reads a client token's or `getAccessToken`'s answer. A non-zero `err_no`
/// (`getAccessToken`) or `data.error_code` (client token) is Douyin's error
/// ([`TOUTIAO_ERRCODES`]: a wrong appid or secret is
/// [`ErrorKind::AppConfig`]; a number of its own is
/// [`ErrorKind::UpstreamApi`], kept in `errcode`); anything else without a
/// token is [`ErrorKind::PayloadShape`].
///
/// [`TOUTIAO_ERRCODES`]: crate::toutiao::TOUTIAO_ERRCODES
/// [`ErrorKind::AppConfig`]: crate::error::ErrorKind::AppConfig
/// [`ErrorKind::UpstreamApi`]: crate::error::ErrorKind::UpstreamApi
/// [`ErrorKind::PayloadShape`]: crate::error::ErrorKind::PayloadShape
pub fn read_access_token(body: &Value) -> Result<AccessToken> {
    let top = answer_fields(body)?;
    status_ok(&top, "err_no", &[])?;
    let f = data_fields(&top)?;
    status_ok(&f, "error_code", &[])?;
    let expires_in = f.int("expires_in")?;
    Ok(AccessToken {
        access_token: AccessTokenText::new(f.non_empty_str("access_token")?.to_owned()),
        expires_in: u64::try_from(expires_in)
            .map_err(|_| f.err("expires_in", FieldProblem::Invalid("must not be negative")))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn a_token_reads_and_refusals_map_to_their_kinds() {
        let ok = parse(
            r#"{"err_no":0,"err_tips":"success","data":{"access_token":"t-1","expires_in":7200}}"#,
        )
        .unwrap();
        let t = read_access_token(&ok).unwrap();
        assert_eq!((t.access_token.expose(), t.expires_in), ("t-1", 7200));
        let client = parse(r#"{"data":{"access_token":"clt.1","description":"","error_code":0,"expires_in":7200},"message":"success"}"#).unwrap();
        assert_eq!(
            read_access_token(&client).unwrap().access_token.expose(),
            "clt.1"
        );
        let refused = parse(
            r#"{"data":{"description":"bad client_key","error_code":10003},"message":"error"}"#,
        )
        .unwrap();
        let e = read_access_token(&refused).unwrap_err();
        assert_eq!((e.code(), e.errcode()), ("ERR_UPSTREAM_API", Some(10003)));
        let secret = parse(r#"{"err_no":40017,"err_tips":"bad secret","data":null}"#).unwrap();
        let e = read_access_token(&secret).unwrap_err();
        assert_eq!((e.code(), e.errcode()), ("ERR_APP_CONFIG", Some(40017)));
        for bad in [
            r#"{"err_no":0}"#,
            r#"{"err_no":0,"data":{"access_token":"","expires_in":1}}"#,
            r#"[]"#,
            r#"{"err_no":0,"data":{"access_token":"t","expires_in":-1}}"#,
        ] {
            assert_eq!(
                read_access_token(&parse(bad).unwrap()).unwrap_err().code(),
                "ERR_PAYLOAD_SHAPE",
                "{bad}"
            );
        }
    }
}
