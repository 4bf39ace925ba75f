//! Field access on JSON objects with errors that name the field and keep
//! "missing" apart from "wrong type".

use alloc::borrow::Cow;

use crate::json::{Object, Value};

use crate::error::{Error, ErrorKind, FieldProblem, Result};

/// `value` as an object; anything else is `kind` about `field`.
pub(crate) fn object<'a>(
    value: &'a Value,
    kind: ErrorKind,
    field: &'static str,
) -> Result<&'a Object> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Err(Error::field(kind, field, FieldProblem::Missing)),
        _ => Err(Error::field(
            kind,
            field,
            FieldProblem::WrongType("an object"),
        )),
    }
}

/// A wx event's `detail`: `obj` itself, unless it lacks `marker` and holds a
/// `detail` object (someone passed the whole event).
pub(crate) fn event_detail<'a>(obj: &'a Object, marker: &str) -> &'a Object {
    match obj.get("detail") {
        Some(Value::Object(inner)) if !obj.contains_key(marker) => inner,
        _ => obj,
    }
}

/// The fields of one object; errors are of `kind` and name `path.key`.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    obj: &'a Object,
    kind: ErrorKind,
    path: &'static str,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(obj: &'a Object, kind: ErrorKind, path: &'static str) -> Self {
        Fields { obj, kind, path }
    }

    pub(crate) fn err(&self, key: &'static str, problem: FieldProblem) -> Error {
        let name: Cow<'static, str> = if self.path.is_empty() {
            Cow::Borrowed(key)
        } else {
            Cow::Owned(crate::text::join(&[self.path, ".", key]))
        };
        Error::field(self.kind, name, problem)
    }

    /// The value under `key`; `null` counts as absent.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key).filter(|v| !v.is_null())
    }

    /// An optional boolean: absent is `false`.
    #[cfg(feature = "client")]
    pub(crate) fn flag(&self, key: &'static str) -> Result<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.err(key, FieldProblem::WrongType("a boolean"))),
        }
    }

    pub(crate) fn opt_str(&self, key: &'static str) -> Result<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(key, FieldProblem::WrongType("a string"))),
        }
    }

    pub(crate) fn str(&self, key: &'static str) -> Result<&'a str> {
        self.opt_str(key)?
            .ok_or_else(|| self.err(key, FieldProblem::Missing))
    }

    /// A string that must not be empty.
    pub(crate) fn non_empty_str(&self, key: &'static str) -> Result<&'a str> {
        let s = self.str(key)?;
        if s.is_empty() {
            return Err(self.err(key, FieldProblem::Invalid("must not be empty")));
        }
        Ok(s)
    }

    pub(crate) fn opt_int(&self, key: &'static str) -> Result<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => integer(v)
                .map(Some)
                .ok_or_else(|| self.err(key, FieldProblem::WrongType("an integer"))),
        }
    }

    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) fn int(&self, key: &'static str) -> Result<i64> {
        self.opt_int(key)?
            .ok_or_else(|| self.err(key, FieldProblem::Missing))
    }
}

/// An integer, also when JSON wrote it as `1.0`.
pub(crate) fn integer(value: &Value) -> Option<i64> {
    value.as_i64()
}
