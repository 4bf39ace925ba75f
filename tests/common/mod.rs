//! Shared by the vector tests (native and wasm): the vectors and one runner
//! per kind, so that both run exactly the same cases the same way.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

pub const DECRYPT: &str = include_str!("../vectors/decrypt.json");
pub const SIGNATURE: &str = include_str!("../vectors/signature.json");
pub const WECHAT: &str = include_str!("../vectors/wechat-responses.json");

pub fn cases(file: &str, key: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(file).unwrap();
    assert!(
        doc["source"]
            .as_str()
            .unwrap()
            .contains("Node's built-in crypto"),
        "vector files say where they came from"
    );
    let cases = doc[key].as_array().unwrap().clone();
    assert!(!cases.is_empty(), "no cases under {key}");
    cases
}

/// A serde_json value as this crate's JSON value.
pub fn ours(v: &Value) -> weapp_login::Value {
    weapp_login::json::parse(&v.to_string()).unwrap()
}

/// Anything this crate writes as JSON, read back by serde_json.
pub fn theirs<T: weapp_login::ToJson + ?Sized>(x: &T) -> Value {
    serde_json::from_str(&weapp_login::json::to_json(x)).unwrap()
}

/// What a case expects: a value or an error code.
pub enum Expect<'a> {
    Value(&'a Value),
    Error(&'a str),
}

pub fn expect(case: &Value) -> Expect<'_> {
    match case.get("expectError") {
        Some(code) => Expect::Error(code.as_str().unwrap()),
        None => Expect::Value(&case["expect"]),
    }
}

pub fn name(case: &Value) -> &str {
    case["name"].as_str().unwrap()
}

/// Checks an outcome (`Ok(json)` or `Err(code)`) against a case.
pub fn check(case: &Value, outcome: Result<Value, String>) {
    match (expect(case), outcome) {
        (Expect::Value(want), Ok(got)) => assert_eq!(&got, want, "case {}", name(case)),
        (Expect::Error(want), Err(got)) => assert_eq!(got, want, "case {}", name(case)),
        (Expect::Value(_), Err(code)) => panic!("case {}: unexpected error {code}", name(case)),
        (Expect::Error(want), Ok(v)) => panic!("case {}: expected {want}, got {v}", name(case)),
    }
}
