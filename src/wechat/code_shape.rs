//! What a WeChat one-time code can look like.
//!
//! `wx.login` codes and phone codes are short ASCII tokens (today 32 and 64
//! characters of `[A-Za-z0-9]`). Anything that cannot be one is refused
//! before it reaches WeChat, so junk costs no upstream call or quota.

/// The shortest text taken as a possible WeChat code.
pub const MIN_CODE_LENGTH: usize = 16;
/// The longest text taken as a possible WeChat code.
pub const MAX_CODE_LENGTH: usize = 128;

/// The characters besides ASCII letters and digits a WeChat code may hold.
pub const CODE_EXTRA_CHARACTERS: &str = "_-";

/// Whether `code` can be a WeChat code (`wx.login`'s or a phone button's):
/// 16 to 128 characters of `[A-Za-z0-9_-]`. Room is left for WeChat to
/// change its format; what can never be a code (spaces, quotes, multi-byte
/// text, a few characters, a kilobyte) is refused.
pub fn is_wechat_code(code: &str) -> bool {
    crate::text::is_url_safe(code, MIN_CODE_LENGTH, MAX_CODE_LENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_can_be_wechat_codes() {
        assert!(is_wechat_code("0a3Xyz0w3dKZ4F2bEF2w3Fh1Zh4Xyz0w"));
        assert!(is_wechat_code(&"e3".repeat(32)));
        assert!(is_wechat_code("listening-code_0"));
        for extra in CODE_EXTRA_CHARACTERS.chars() {
            assert!(is_wechat_code(&format!("{extra}{}", "a".repeat(15))));
        }
    }

    #[test]
    fn codes_that_cannot() {
        for bad in [
            "",
            "x",
            "never-issued",
            "0a3Xyz0w3dKZ4F2b EF2w3Fh1Zh4Xyz0w",
            "0a3Xyz0w3dKZ4F2b\"F2w3Fh1Zh4Xyz0w",
            "0a3Xyz0w3dKZ4F2bé2w3Fh1Zh4Xyz0w",
            "0a3Xyz0w3dKZ4F2b/F2w3Fh1Zh4Xyz0w",
        ] {
            assert!(!is_wechat_code(bad), "{bad}");
        }
        assert!(!is_wechat_code(&"a".repeat(MAX_CODE_LENGTH + 1)));
        assert!(is_wechat_code(&"a".repeat(MAX_CODE_LENGTH)));
    }
}
