//! The watermark WeChat puts in every encrypted payload, and the rules it
//! must meet.

use crate::json::{ObjectWriter, ToJson};
use crate::prelude::*;

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::Fields;
use crate::json::Object;

/// `{ appid, timestamp }`: which app the data was sealed for, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Watermark {
    /// The appid the data was sealed for.
    pub appid: String,
    /// When it was sealed, seconds since the epoch.
    pub timestamp: i64,
}

impl ToJson for Watermark {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("appid", &self.appid)
            .field("timestamp", &self.timestamp)
            .end();
    }
}

/// What a watermark must satisfy. Build it with [`Validation::new`]; every
/// field has a safe default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// Your mini program's appid; the watermark must name it. Always checked.
    pub app_id: String,
    /// The current time in seconds since the epoch. Pure functions take it
    /// instead of reading a clock.
    pub now: u64,
    /// The oldest watermark accepted, in seconds. Defaults to `Some(600)`;
    /// `None` turns the age check off.
    pub max_age: Option<u64>,
    /// How far ahead of `now` a watermark may be (clock skew), in seconds.
    /// Defaults to 60.
    pub leeway: u64,
}

impl Validation {
    /// The default age window: 600 seconds.
    pub const DEFAULT_MAX_AGE: u64 = 600;
    /// The default leeway for watermarks from the future: 60 seconds.
    pub const DEFAULT_LEEWAY: u64 = 60;

    /// Checks for `app_id` at time `now`, with a 600 s window and 60 s leeway.
    pub fn new(app_id: impl Into<String>, now: u64) -> Self {
        Validation {
            app_id: app_id.into(),
            now,
            max_age: Some(Self::DEFAULT_MAX_AGE),
            leeway: Self::DEFAULT_LEEWAY,
        }
    }

    /// The same, with another age window (`None`: no age check).
    pub fn with_max_age(mut self, max_age: Option<u64>) -> Self {
        self.max_age = max_age;
        self
    }
}

/// Reads the payload's watermark and checks it: present, for `app_id`, no
/// older than `max_age` and no more than `leeway` ahead of `now`.
pub fn check_watermark(payload: &Object, validation: &Validation) -> Result<Watermark> {
    let Some(raw) = payload.get("watermark").filter(|v| !v.is_null()) else {
        return Err(Error::field(
            ErrorKind::WatermarkMissing,
            "watermark",
            FieldProblem::Missing,
        ));
    };
    let Some(obj) = raw.as_object() else {
        return Err(Error::field(
            ErrorKind::PayloadShape,
            "watermark",
            FieldProblem::WrongType("an object"),
        ));
    };
    let f = Fields::new(obj, ErrorKind::PayloadShape, "watermark");
    let appid = f.str("appid")?;
    let timestamp = f.int("timestamp")?;
    if appid != validation.app_id {
        return Err(Error::new(ErrorKind::AppIdMismatch).with_field("watermark.appid"));
    }
    let now = i128::from(validation.now);
    let ts = i128::from(timestamp);
    let too_new = ts > now + i128::from(validation.leeway);
    let too_old = validation
        .max_age
        .is_some_and(|max| now - ts > i128::from(max));
    if too_new || too_old {
        return Err(Error::new(ErrorKind::WatermarkTime).with_field("watermark.timestamp"));
    }
    Ok(Watermark {
        appid: appid.to_owned(),
        timestamp,
    })
}
