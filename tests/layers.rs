//! The library's layers, checked: every `crate::…` path in `src/` goes to its
//! own layer or one below it, never up and never across to a sibling.
//!
//! ```text
//! server/  client/     operations on a key ring · the mini program's machine
//!      \    /          (server may use crypto; client never: no session key)
//!      formats         each platform's formats: wechat/, qq/, toutiao/, kuaishou/, baidu/, alipay/
//!      crypto/         AES-CBC (128 and 192), base64, the session keys, signatures
//!      base            error.rs, json.rs, fields.rs, limit.rs, text.rs, platform.rs (and lib.rs's prelude)
//! ```
//!
//! Each file's layer comes from its place in `src/`; each path's layer from
//! its first segment after `crate::` (grouped `crate::{a, b::c}` imports are
//! split). A path through the crate root's re-exports (`crate::Error`)
//! hides its layer and is refused too; `lib.rs`, which holds those
//! re-exports, is not checked. Comment lines are skipped (doc links are not
//! imports).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

/// A layer of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Base,
    Crypto,
    Formats,
    Server,
    Client,
}

use Layer::*;

impl Layer {
    /// The layers a module of this layer may import from.
    fn may_use(self) -> &'static [Layer] {
        match self {
            Base => &[Base],
            Crypto => &[Base, Crypto],
            Formats => &[Base, Crypto, Formats],
            Server => &[Base, Crypto, Formats, Server],
            Client => &[Base, Formats, Client],
        }
    }

    /// The layer of the module `crate::<name>`.
    fn of_module(name: &str) -> Option<Layer> {
        Some(match name {
            "prelude" | "error" | "json" | "fields" | "limit" | "text" | "platform" => Base,
            "crypto" => Crypto,
            "wechat" | "qq" | "toutiao" | "kuaishou" | "baidu" | "alipay" => Formats,
            "server" => Server,
            "client" => Client,
            _ => return None,
        })
    }

    /// The layer of a file, from its path under `src/` (`None` for `lib.rs`).
    fn of_file(relative: &str) -> Option<Layer> {
        if relative == "lib.rs" {
            return None;
        }
        let first = relative.split('/').next().unwrap_or(relative);
        let module = first.strip_suffix(".rs").unwrap_or(first);
        Some(Layer::of_module(module).unwrap_or_else(|| {
            panic!("src/{relative} is in no layer: give it one in tests/layers.rs")
        }))
    }
}

/// The first segment of every `crate::` path in `text`, comment lines left out.
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut heads = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            heads.extend(group_heads(group));
        } else {
            heads.push(ident(rest).to_owned());
        }
    }
    heads
}

/// The leading identifier of each top-level item of a `{ … }` group.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = vec![ident(group.trim_start()).to_owned()];
    let mut depth = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(ident(group[i + 1..].trim_start()).to_owned()),
            _ => {}
        }
    }
    heads.retain(|h| !h.is_empty());
    heads
}

fn ident(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// What is wrong with the imports of a file of layer `layer`.
fn violations(layer: Layer, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for head in crate_paths(text) {
        match Layer::of_module(&head) {
            Some(to) if layer.may_use().contains(&to) => {}
            Some(to) => found.push(format!("{layer:?} uses {to:?} (crate::{head})")),
            None => found.push(format!(
                "crate::{head} goes through the crate root: name its module"
            )),
        }
    }
    if text.contains("super::super") {
        found.push("super::super leaves the module: use a crate:: path".to_owned());
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_in_src_goes_down_or_stays_in_its_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "src/ not found");
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy();
        let relative = relative.replace('\\', "/");
        let Some(layer) = Layer::of_file(&relative) else {
            continue;
        };
        let text = fs::read_to_string(&file).unwrap();
        for v in violations(layer, &text) {
            problems.push(format!("src/{relative}: {v}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_import_up_a_layer_is_refused() {
    let v = violations(Formats, "use crate::server::key_ring::KeyRing;");
    assert_eq!(v, ["Formats uses Server (crate::server)"]);
}

#[test]
fn server_and_client_never_use_each_other() {
    assert!(!violations(Server, "use crate::client::state::LoginState;").is_empty());
    assert!(!violations(Client, "let s = crate::server::rules::DEFAULTS;").is_empty());
}

#[test]
fn the_client_never_uses_crypto() {
    assert!(!violations(Client, "use crate::crypto::SessionKey;").is_empty());
    assert!(violations(Server, "use crate::crypto::SessionKey;").is_empty());
}

#[test]
fn grouped_imports_are_split() {
    let text = "use crate::{\n    error::Result,\n    wechat::{phone::PhoneNumber, watermark},\n};";
    assert!(violations(Formats, text).is_empty());
    assert_eq!(
        violations(Crypto, text),
        ["Crypto uses Formats (crate::wechat)"]
    );
}

#[test]
fn paths_through_the_crate_root_and_super_super_are_refused() {
    assert!(!violations(Server, "Ok::<_, crate::Error>(())").is_empty());
    assert!(!violations(Formats, "use super::super::client;").is_empty());
}

#[test]
fn comments_and_longer_names_are_not_imports() {
    assert!(violations(
        Base,
        "/// See [`crate::server::KeyRing`].\n// crate::client"
    )
    .is_empty());
    assert!(violations(Base, "use my_crate::client;").is_empty());
}

#[test]
fn downward_and_same_layer_imports_pass() {
    let text = "use crate::json::Value;\nuse crate::crypto::seal;\nuse crate::wechat::phone;";
    assert!(violations(Server, text).is_empty());
    assert!(violations(Base, "use crate::prelude::*;\nuse crate::text::join;").is_empty());
}

#[test]
fn every_platforms_formats_share_wechats_layer() {
    for folder in ["wechat", "qq", "toutiao", "kuaishou", "baidu", "alipay"] {
        assert_eq!(Layer::of_module(folder), Some(Formats), "{folder}");
        assert_eq!(Layer::of_file(&format!("{folder}/mod.rs")), Some(Formats));
    }
    assert_eq!(Layer::of_module("platform"), Some(Base));
    assert!(violations(Formats, "use crate::wechat::errcode::table_kind;").is_empty());
    assert!(!violations(Base, "use crate::baidu::frame;").is_empty());
}
