# weapp-login: `make test` and (once the demo lands) `make demo` do everything
# on a fresh machine; the other targets are their parts.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

WASM_TARGET := wasm32-unknown-unknown
WASM_OUT    := target/$(WASM_TARGET)/release/weapp_login.wasm
NODE_DIST   := pkg/dist/node
NODE_WASM   := $(NODE_DIST)/weapp_login_bg.wasm
RUST_INPUTS := $(shell find src -name '*.rs') Cargo.toml Cargo.lock .cargo/config.toml
# The features Rust 1.95 still turns on for wasm32; binaryen must be told.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals
WASM_OPT := node_modules/.bin/wasm-opt

.PHONY: setup build test test-rust test-wasm test-js lint fmt clean

## setup: install whatever is missing (Debian packages, Rust target, wasm-bindgen-cli, npm ci)
setup:
	@bash tools/setup.sh

## build: the server wasm and its Node glue in pkg/dist/node
build: setup $(NODE_WASM)

$(NODE_WASM): $(RUST_INPUTS)
	cargo build --release --target $(WASM_TARGET) --lib
	wasm-bindgen --target nodejs --out-dir $(NODE_DIST) $(WASM_OUT)
	$(WASM_OPT) -O3 $(WASM_OPT_FEATURES) $@ -o $@
	@ls -l $@ | awk '{print "built " $$9 ": " $$5 " bytes"}'

## test: everything (lints, Rust natively and in wasm, the npm package in Node)
test: build lint test-rust test-wasm test-js

lint:
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --target $(WASM_TARGET) --lib --tests -- -D warnings

test-rust:
	cargo test --quiet

test-wasm:
	# In release: the same LTO build that ships, so no std code with reference types is linked in.
	cargo test --release --target $(WASM_TARGET) --test wasm

test-js: build
	node_modules/.bin/tsc -p tests/types
	node --test tests/js/

fmt:
	cargo fmt

clean:
	cargo clean
	rm -rf pkg/dist
