//! Alipay's (`my`) formats. No session key is involved: `my.getAuthCode`
//! gives an auth code, which the server trades through the RSA2-signed open
//! gateway (`alipay.system.oauth.token`, [`gateway`]) for the user's ids,
//! reading the answer only once its signature verifies ([`answer`]). The
//! phone button (`getAuthorize`, `my.getPhoneNumber`) gives `{ response,
//! sign }`: RSA2-signed by Alipay over the quoted ciphertext, AES-sealed
//! with the app's content key ([`phone`]). Errors (`code`, `sub_code`) map
//! to ours through [`errors`]. Sources: `tests/vectors/README.md`
//! (section "Alipay").

pub mod answer;
pub mod errors;
pub mod gateway;
pub mod phone;
pub mod profile;
pub mod time;

pub use answer::{read_oauth_token, AlipayToken};
pub use errors::{alipay_error, ALIPAY_CODES, ALIPAY_SUB_CODES};
pub use gateway::{
    oauth_token_request, sign_content, GatewayRequest, ALIPAY_API_BASE, GATEWAY_CONTENT_TYPE,
    GATEWAY_PATH,
};
pub use phone::{open_phone_response, phone_answer_parts, seal_phone_response, AlipayPhone};
pub use time::gateway_timestamp;
