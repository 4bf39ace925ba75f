//! The mini program platforms, by the stable names `createAuth({ platform })`
//! takes.

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, Result};

/// A mini program platform. Each has its own code exchange, errors and
/// sealed payloads (`crate::wechat`, `crate::qq`, `crate::toutiao`,
/// `crate::kuaishou`, `crate::baidu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[non_exhaustive]
pub enum Platform {
    /// WeChat (`wx`): the default.
    #[default]
    Weixin,
    /// QQ (`qq`).
    Qq,
    /// Douyin and the other ByteDance hosts (`tt`).
    Toutiao,
    /// Kuaishou (`ks`).
    Kuaishou,
    /// Baidu (`swan`).
    Baidu,
    /// Alipay (`my`).
    Alipay,
}

impl Platform {
    /// Every platform, the default first.
    pub const ALL: &'static [Platform] = &[
        Platform::Weixin,
        Platform::Qq,
        Platform::Toutiao,
        Platform::Kuaishou,
        Platform::Baidu,
        Platform::Alipay,
    ];

    /// The stable name: `weixin`, `qq`, `toutiao`, `kuaishou`, `baidu` or `alipay`.
    pub const fn name(self) -> &'static str {
        match self {
            Platform::Weixin => "weixin",
            Platform::Qq => "qq",
            Platform::Toutiao => "toutiao",
            Platform::Kuaishou => "kuaishou",
            Platform::Baidu => "baidu",
            Platform::Alipay => "alipay",
        }
    }

    /// The platform of a stable name (exact, lower case).
    ///
    /// Errors: [`crate::ErrorKind::InvalidArgument`] with field `platform`
    /// for any other text (the text itself is not repeated).
    pub fn from_name(name: &str) -> Result<Platform> {
        Platform::ALL
            .iter()
            .copied()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                Error::invalid_argument(
                    "platform",
                    "must be weixin, qq, toutiao, kuaishou, baidu or alipay",
                )
            })
    }
}

impl FromStr for Platform {
    type Err = Error;

    fn from_str(name: &str) -> Result<Platform> {
        Platform::from_name(name)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_to_its_platform() {
        for p in Platform::ALL {
            assert_eq!(Platform::from_name(p.name()).unwrap(), *p);
            assert_eq!(p.name().parse::<Platform>().unwrap(), *p);
            assert_eq!(format!("{p}"), p.name());
        }
        assert_eq!(Platform::default(), Platform::Weixin);
    }

    #[test]
    fn unknown_names_are_refused_naming_the_field() {
        for bad in ["", "wechat", "Weixin", "douyin", "qq ", "jd"] {
            let e = Platform::from_name(bad).unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_ARGUMENT");
            assert_eq!(e.field_name(), Some("platform"));
            let message = format!("{e}");
            assert!(bad.len() < 3 || !message.contains(bad), "{message}");
        }
    }
}
