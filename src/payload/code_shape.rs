//! What a WeChat one-time code can look like, and how a phone number is shown.
//!
//! `wx.login` codes and phone codes are short ASCII tokens (today 32 and 64
//! characters of `[A-Za-z0-9]`). Anything that cannot be one is refused
//! before it reaches WeChat, so junk costs no upstream call or quota.

use crate::prelude::*;

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
    (MIN_CODE_LENGTH..=MAX_CODE_LENGTH).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || CODE_EXTRA_CHARACTERS.as_bytes().contains(&b))
}

/// A phone number as the mini program may show it: the first three and last
/// four digits kept, the rest starred (`138****8000`). Numbers of seven
/// digits or fewer keep only their last two. Never the full number.
pub fn mask_phone(pure: &str) -> String {
    let chars: Vec<char> = pure.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 8 { (3, 4) } else { (0, n.min(2)) };
    let mut out = String::with_capacity(n + 4);
    for (i, c) in chars.iter().enumerate() {
        if i < head || i >= n - tail {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    if n < 8 && n == tail {
        // Too short to show anything of it.
        return "*".repeat(n.max(4));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_can_be_wechat_codes() {
        assert!(is_wechat_code("0a3Xyz0w3dKZ4F2bEF2w3Fh1Zh4Xyz0w"));
        assert!(is_wechat_code(&"e3".repeat(32)));
        assert!(is_wechat_code("listening-code_0"));
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

    #[test]
    fn masked_phones_never_show_the_whole_number() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("2025550123"), "202***0123");
        assert_eq!(mask_phone("1234567"), "*****67");
        assert_eq!(mask_phone("12"), "****");
        assert_eq!(mask_phone(""), "****");
    }
}
