//! A small, strict JSON (RFC 8259) reader and writer.
//!
//! Numbers keep their text, so a payload's numbers reach JS exactly as
//! WeChat wrote them and no float parsing or printing is compiled in; the
//! client wasm stays small. Objects keep their keys in order; where a key
//! repeats, the last one counts, as in `JSON.parse`.

use core::fmt;

use crate::prelude::*;

/// How deep arrays and objects may nest before the text is refused.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Object),
}

/// A JSON number, kept as its (validated) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as an `i64`, when it is a whole number in range (`1.0` counts).
    pub fn as_i64(&self) -> Option<i64> {
        // The text is valid JSON: `-?digits(.digits)?([eE]…)?`. Read by
        // hand: up to 19 digits always fit a u64.
        let bytes = self.0.as_bytes();
        let (negative, mut rest) = match bytes {
            [b'-', rest @ ..] => (true, rest),
            _ => (false, bytes),
        };
        let mut n: u64 = 0;
        let mut digits = 0;
        while let [digit @ b'0'..=b'9', tail @ ..] = rest {
            n = n.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
            digits += 1;
            rest = tail;
        }
        match rest {
            _ if digits > 19 => return None,
            [] => {}
            [b'.', fraction @ ..] if fraction.iter().all(|b| *b == b'0') => {}
            _ => return None,
        }
        if negative {
            0i64.checked_sub_unsigned(n)
        } else {
            i64::try_from(n).ok()
        }
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number(int_text(n))
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number(uint_text(n))
    }
}

/// An object: keys in order of appearance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Object(Vec<(String, Value)>);

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object(Vec::new())
    }

    /// The value under `key` (the last one, where the key repeats).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Moves the value under `key` out (the last one, as [`Object::get`]
    /// reads it), leaving `null` in its place.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.0
            .iter_mut()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| core::mem::replace(v, Value::Null))
    }

    /// An object of these entries, in this order (keys assumed distinct).
    #[cfg(feature = "client")]
    pub(crate) fn from_entries(entries: Vec<(String, Value)>) -> Self {
        Object(entries)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`, replacing every earlier value under it.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, value));
    }

    /// The entries in order (repeated keys included).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl core::ops::Index<&str> for Object {
    type Output = Value;
    /// The value under `key`, or `null`.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// The value under `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(o) => o.get(key),
            _ => None,
        }
    }

    /// The object, when this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The whole number, when this is one (see [`Number::as_i64`]).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl core::ops::Index<&str> for Value {
    type Output = Value;
    /// The value under `key`, or `null`.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n.into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(n.into())
    }
}

impl From<Object> for Value {
    fn from(o: Object) -> Self {
        Value::Object(o)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Value {
    /// Numbers become integers where they are whole and in range, floats otherwise.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_f64(n.as_str().parse().unwrap_or(f64::NAN)),
            },
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(o) => o.serialize(s),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Object {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

// --- reading -----------------------------------------------------------------

/// Why a text is not JSON. Deliberately vague: the text may be secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError;

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not valid JSON")
    }
}

impl core::error::Error for ParseError {}

/// Reads one JSON value; surrounding white space is allowed, nothing else.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = reader.value(0)?;
    reader.skip_ws();
    if reader.pos != text.len() {
        return Err(ParseError);
    }
    Ok(value)
}

/// Reads one JSON value from bytes, which must be UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, ParseError> {
    parse(core::str::from_utf8(bytes).map_err(|_| ParseError)?)
}

/// Reads text that is already UTF-8; every slice it takes ends at an ASCII
/// byte, so it is a whole string. Past the end it reads NUL bytes, which
/// nothing accepts (a raw NUL is not JSON either).
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The text from `start` to where the reader is.
    fn since(&self, start: usize) -> Result<&'a str, ParseError> {
        self.text.get(start..self.pos).ok_or(ParseError)
    }

    fn peek(&self) -> u8 {
        self.bytes.get(self.pos).copied().unwrap_or(0)
    }

    fn next(&mut self) -> u8 {
        let b = self.peek();
        self.pos += 1;
        b
    }

    /// Skips white space; the byte after it.
    fn skip_ws(&mut self) -> u8 {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        self.peek()
    }

    /// Skips white space and `byte`, when that comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.skip_ws() == byte;
        if found {
            self.pos += 1;
        }
        found
    }

    /// Skips white space and `byte`, which must come next.
    fn expect(&mut self, byte: u8) -> Result<(), ParseError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(ParseError)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError);
        }
        Ok(match self.skip_ws() {
            b'{' => {
                self.pos += 1;
                // Most objects read here have a handful of fields: one allocation.
                let mut entries = Vec::with_capacity(8);
                if !self.eat(b'}') {
                    loop {
                        if self.skip_ws() != b'"' {
                            return Err(ParseError);
                        }
                        let key = self.string()?;
                        self.expect(b':')?;
                        entries.push((key, self.value(depth + 1)?));
                        if !self.eat(b',') {
                            self.expect(b'}')?;
                            break;
                        }
                    }
                }
                Value::Object(Object(entries))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if !self.eat(b',') {
                            self.expect(b']')?;
                            break;
                        }
                    }
                }
                Value::Array(items)
            }
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => self.number()?,
            _ => {
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                let (len, value) = if rest.starts_with(b"true") {
                    (4, Value::Bool(true))
                } else if rest.starts_with(b"false") {
                    (5, Value::Bool(false))
                } else if rest.starts_with(b"null") {
                    (4, Value::Null)
                } else {
                    return Err(ParseError);
                };
                self.pos += len;
                value
            }
        })
    }

    /// Skips digits; whether there was at least one.
    fn digits(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        self.pos > start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == b'-' {
            self.pos += 1;
        }
        // No leading zeros: `0` stands alone.
        if self.peek() == b'0' {
            self.pos += 1;
        } else if !self.digits() {
            return Err(ParseError);
        }
        if self.peek() == b'.' {
            self.pos += 1;
            if !self.digits() {
                return Err(ParseError);
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.pos += 1;
            }
            if !self.digits() {
                return Err(ParseError);
            }
        }
        Ok(Value::Number(Number(self.since(start)?.to_owned())))
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.next() {
                b @ b'0'..=b'9' => b - b'0',
                b @ b'a'..=b'f' => b - b'a' + 10,
                b @ b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(ParseError),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // "
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control
            // character: usually the whole string, copied once.
            let start = self.pos;
            let run = self
                .bytes
                .get(start..)
                .unwrap_or_default()
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .ok_or(ParseError)?;
            self.pos += run;
            // The whole string, with no escape (the usual one): made at its
            // size in one allocation, with no growing. The server's
            // decrypts read dozens per payload; the mini program build,
            // short of bytes, reads few and goes without.
            #[cfg(feature = "server")]
            if out.is_empty() && self.peek() == b'"' {
                let whole = self.since(start)?.to_owned();
                self.pos += 1;
                return Ok(whole);
            }
            out.push_str(self.since(start)?);
            match self.next() {
                b'"' => return Ok(out),
                b'\\' => {
                    let c = match self.next() {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(ParseError),
                    };
                    out.push(c);
                }
                _ => return Err(ParseError), // a raw control character
            }
        }
    }

    /// After `\u`: one character, from a surrogate pair where needed.
    /// A lone surrogate is refused.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if self.next() != b'\\' || self.next() != b'u' {
                    return Err(ParseError);
                }
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(ParseError);
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(ParseError),
            other => other,
        };
        char::from_u32(code).ok_or(ParseError)
    }
}

// --- writing -----------------------------------------------------------------

/// Writes `s` as a JSON string.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        // The common byte first: escapes are rare.
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push_str(hex_digit(b >> 4));
            out.push_str(hex_digit(b));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// The hex digit of `n & 0xf`, as text (pushing a `&str` keeps the
/// char-encoding path of `String::push` out of the wasm).
fn hex_digit(n: u8) -> &'static str {
    let n = usize::from(n & 0xf);
    "0123456789abcdef".get(n..=n).unwrap_or_default()
}

/// Appends the decimal digits of `n`, without the formatting machinery.
pub(crate) fn push_uint(out: &mut String, mut n: u64) {
    // u64::MAX has 20 digits; they are written from the last.
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // n % 10 < 10, so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let d = (n % 10) as u8;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + d;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &b in digits.get(at..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

/// Appends the decimal digits of `n`, with its sign.
pub(crate) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_uint(out, n.unsigned_abs());
}

/// The decimal text of `n`, without the formatting machinery.
pub fn uint_text(n: u64) -> String {
    let mut s = String::new();
    push_uint(&mut s, n);
    s
}

/// The decimal text of `n`.
pub fn int_text(n: i64) -> String {
    let mut s = String::new();
    push_int(&mut s, n);
    s
}

/// Something that writes itself as JSON.
pub trait ToJson {
    /// Appends the JSON text.
    fn write_json(&self, out: &mut String);
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Number(n) => out.push_str(&n.0),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => items.as_slice().write_json(out),
            Value::Object(o) => o.write_json(out),
        }
    }
}

impl ToJson for Object {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in self.iter() {
            w.field(k, v);
        }
        w.end();
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut String) {
        push_int(out, *self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        push_uint(out, *self);
    }
}

impl ToJson for u16 {
    fn write_json(&self, out: &mut String) {
        push_uint(out, u64::from(*self));
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

/// Writes an object field by field: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes one field.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        value.write_json(self.out);
        self
    }

    /// Writes one field when it has a value.
    pub fn optional<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.field(key, v);
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

/// The JSON text of anything that writes itself.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    // Room for what the core usually writes (a record, a ring): no regrowing.
    let mut out = String::with_capacity(256);
    value.write_json(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back() {
        let text = r#"{"a":[1,-2.5e3,true,false,null],"b":"x\"y\\z\n\u00e9\ud83d\ude42","c":{}}"#;
        let v = parse(text).unwrap();
        assert_eq!(
            v["a"],
            Value::Array(vec![
                Value::Number(Number("1".into())),
                Value::Number(Number("-2.5e3".into())),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
            ])
        );
        assert_eq!(v["b"].as_str(), Some("x\"y\\z\né🙂"));
        assert_eq!(parse(&v.to_json()).unwrap(), v);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "\"\\x\"",
            "\"a\nb\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "{a:1}",
            "[1] 2",
            "nul",
            "NaN",
            "'x'",
            "\u{feff}1",
        ] {
            assert_eq!(parse(bad), Err(ParseError), "{bad:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(&deep), Err(ParseError));
        assert!(parse(&("[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH))).is_ok());
    }

    #[test]
    fn numbers_beyond_f64_are_still_json() {
        // JSON.parse reads these as Infinity and 0; they stay text here.
        for text in [
            "1e310",
            "-1e310",
            "1e-400",
            "123456789012345678901234567890",
        ] {
            assert_eq!(parse(text).unwrap().to_json(), text);
        }
    }

    #[test]
    fn integers() {
        let n = |t: &str| parse(t).unwrap().as_i64();
        assert_eq!(n("42"), Some(42));
        assert_eq!(n("-7"), Some(-7));
        assert_eq!(n("1.0"), Some(1));
        assert_eq!(n("1.5"), None);
        assert_eq!(n("1e3"), None);
        assert_eq!(n("99999999999999999999"), None);
        assert_eq!(int_text(i64::MIN), "-9223372036854775808");
        assert_eq!(uint_text(0), "0");
        assert_eq!(uint_text(u64::MAX), "18446744073709551615");
    }

    #[test]
    fn repeated_keys_last_wins_and_insert_replaces() {
        let mut o = parse(r#"{"a":1,"a":2}"#)
            .unwrap()
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(o["a"].as_i64(), Some(2));
        o.insert("a", Value::from(3i64));
        assert_eq!(o.len(), 1);
        assert_eq!(Value::Object(o).to_json(), r#"{"a":3}"#);
    }

    #[test]
    fn take_moves_out_the_value_get_reads_and_leaves_null() {
        let mut o = parse(r#"{"a":"first","a":"last","b":"x"}"#)
            .unwrap()
            .as_object()
            .unwrap()
            .clone();
        assert_eq!(o.take("a"), Some(Value::from("last")));
        assert!(o.get("a").is_some_and(Value::is_null));
        assert_eq!(o.take("missing"), None);
        assert_eq!(o.len(), 3);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_with_serde_as_it_writes_itself() {
        let text = r#"{"a":[1,-2.5,true,null],"b":"x\"y","c":{"d":12345678901}}"#;
        let v = parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::to_value(&v).unwrap();
        let ours: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
        assert_eq!(theirs, ours);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(to_json("a\u{1}b\u{1f}"), r#""a\u0001b\u001f""#);
    }
}
