# weapp-login: `make demo` and `make test` do everything on a fresh machine;
# the other targets are their parts.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

WASM_TARGET := wasm32-unknown-unknown
# The bindings crate (wasm/) builds every wasm; the library (src/) has no
# exports of its own.
BINDINGS    := -p weapp-login-wasm --lib
SERVER_DIST := pkg/dist/server
SERVER_WASM := $(SERVER_DIST)/weapp_login_bg.wasm
CLIENT_OUT  := target/client/$(WASM_TARGET)/release-client/weapp_login_wasm.wasm
CLIENT_GEN  := target/client-bindgen
CLIENT_DIST := pkg/dist/client
CLIENT_WASM := $(CLIENT_DIST)/weapp_login_client.wasm
MP_INDEX    := pkg/miniprogram_dist/index.js
CLIENT_JS   := pkg/dist/client-js/core.js
TYPES       := pkg/index.d.ts
ERROR_TABLE := pkg/dist/error-table.json
RULES       := pkg/dist/rules.json
SERVER_TRAP := pkg/dist/server-trap
CLIENT_TRAP := pkg/dist/client-trap
JS_SOURCES  := $(shell find pkg/src -name '*.js' -o -name '*.mjs')
RUST_INPUTS := $(shell find src wasm/src -name '*.rs') Cargo.toml wasm/Cargo.toml Cargo.lock .cargo/config.toml
# The features Rust 1.95 still turns on for wasm32; binaryen must be told.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals
WASM_OPT := node_modules/.bin/wasm-opt
# Lowered to plain MVP wasm for phones (iOS's JavaScriptCore): no bulk memory,
# sign extension or non-trapping conversions left, checked by --mvp-features.
WASM_LOWER := --signext-lowering --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering
# The client wasm's shape for size: flattened and re-looped before -Oz
# (about 400 bytes less).
WASM_SHAPE := --flatten --rereloop
# No build machine paths in the shipped wasm: the sources' paths (this
# checkout, cargo's registry) are rewritten to neutral ones.
CARGO_HOME ?= $(HOME)/.cargo
REMAP := --remap-path-prefix=$(CURDIR)=/weapp-login --remap-path-prefix=$(CARGO_HOME)/registry/src=/crates --remap-path-prefix=$(CARGO_HOME)/git/checkouts=/crates-git
# The client builds' flags: .cargo/config.toml's (which RUSTFLAGS replaces) and REMAP.
CLIENT_RUSTFLAGS := -C target-feature=-reference-types,-multivalue $(REMAP)

.PHONY: setup build types test test-rust test-wasm test-js test-node-versions lint fmt clean demo bench fuzz
PORT ?= 8080

## setup: install whatever is missing (Debian packages, Rust target, wasm-bindgen-cli, npm ci)
setup:
	@bash tools/setup.sh

## build: the server wasm for Node (pkg/dist/server), the client wasm for mini
## programs (pkg/miniprogram_dist), browsers (pkg/dist/web) and the Node client
## (pkg/dist/client), and the declarations (make types)
build: setup $(SERVER_WASM) $(ERROR_TABLE) $(RULES) $(CLIENT_WASM) $(MP_INDEX) $(TYPES)

## types: the published .d.ts, written by tsc from the sources' JSDoc
## (pkg/dist/types/) and the entry files at pkg/'s root that re-export them
types: $(TYPES)

# The server build (feature `server`), for Node: the server's parts only;
# the Node entry runs the client's parts on the client build
# (pkg/src/loader/client-node.js). tools/server-facade.js writes core.js
# and core.d.ts beside the glue: one guarded function per export. One LLVM
# inline threshold for every crate (-inline-threshold 120, where "s" has 75
# and -O3 225): 7 KiB more wasm than without it, for decrypts 2-4% faster.
# Built in a target directory of its own, so other wasm builds keep their
# artifacts.
# The library is optimised for size ("s"; its dependencies, the AES, SHA-1
# and base64 among them, at 3): 31 KiB less, for about 2% on a decrypt
# (bench/README.md). wasm-opt rewrites the module once before wasm-bindgen:
# the standard library's call_indirect encoding would otherwise read to
# wasm-bindgen as reference types.
SERVER_TARGET_DIR := target/server
SERVER_RUSTFLAGS  := -C target-feature=-reference-types,-multivalue -C llvm-args=-inline-threshold=120 $(REMAP)
SERVER_PROFILE    := --config 'profile.release.package.weapp-login.opt-level="s"'
$(SERVER_WASM): $(RUST_INPUTS) tools/server-facade.js
	RUSTFLAGS="$(SERVER_RUSTFLAGS)" CARGO_TARGET_DIR=$(SERVER_TARGET_DIR) cargo build --release --target $(WASM_TARGET) $(BINDINGS) --features server $(SERVER_PROFILE)
	$(WASM_OPT) --strip-target-features $(WASM_OPT_FEATURES) $(SERVER_TARGET_DIR)/$(WASM_TARGET)/release/weapp_login_wasm.wasm -o $(SERVER_TARGET_DIR)/bindgen-input.wasm
	wasm-bindgen --target nodejs --out-dir $(SERVER_DIST) --out-name weapp_login $(SERVER_TARGET_DIR)/bindgen-input.wasm
	node tools/server-facade.js $(SERVER_DIST)
	$(WASM_OPT) -O3 $(WASM_OPT_FEATURES) $@ -o $@
	@ls -l $@ | awk '{print "built " $$9 ": " $$5 " bytes"}'

# The client build (feature `client`): no_std, for size.
$(CLIENT_WASM): $(RUST_INPUTS) tools/wrap-glue.js
	RUSTFLAGS="$(CLIENT_RUSTFLAGS)" CARGO_TARGET_DIR=target/client cargo build --profile release-client --target $(WASM_TARGET) $(BINDINGS) --features client
	rm -rf $(CLIENT_GEN)
	wasm-bindgen --target bundler --out-dir $(CLIENT_GEN) --out-name weapp_login_client $(CLIENT_OUT)
	$(WASM_OPT) $(WASM_SHAPE) -Oz $(WASM_OPT_FEATURES) $(WASM_LOWER) $(CLIENT_GEN)/weapp_login_client_bg.wasm -o $(CLIENT_GEN)/lowered.wasm
	$(WASM_OPT) -Oz --mvp-features $(CLIENT_GEN)/lowered.wasm -o $(CLIENT_GEN)/final.wasm
	node tools/wrap-glue.js $(CLIENT_GEN) weapp_login_client $(CLIENT_GEN)/final.wasm $(CLIENT_DIST)/glue.js
	cp $(CLIENT_GEN)/final.wasm $@
	@node -e "const b=require('fs').readFileSync(process.argv[1]);console.log('built '+process.argv[1]+': '+b.length+' bytes, '+require('zlib').brotliCompressSync(b).length+' brotli')" $@

# Test-only builds of the two shipped configurations that can trap on
# demand (feature trap-test): never packed.
$(SERVER_TRAP)/core.js: $(RUST_INPUTS) tools/server-facade.js
	cargo build --release --target $(WASM_TARGET) $(BINDINGS) --features server,trap-test
	wasm-bindgen --target nodejs --out-dir $(SERVER_TRAP) --out-name weapp_login target/$(WASM_TARGET)/release/weapp_login_wasm.wasm
	node tools/server-facade.js $(SERVER_TRAP)

$(CLIENT_TRAP)/glue.js: $(RUST_INPUTS) tools/wrap-glue.js
	RUSTFLAGS="$(CLIENT_RUSTFLAGS)" CARGO_TARGET_DIR=target/client-trap cargo build --profile release-client --target $(WASM_TARGET) $(BINDINGS) --features client,trap-test
	rm -rf target/client-trap-bindgen
	wasm-bindgen --target bundler --out-dir target/client-trap-bindgen --out-name weapp_login_client target/client-trap/$(WASM_TARGET)/release-client/weapp_login_wasm.wasm
	mkdir -p $(CLIENT_TRAP)
	cp target/client-trap-bindgen/weapp_login_client_bg.wasm $(CLIENT_TRAP)/weapp_login_client.wasm
	node tools/wrap-glue.js target/client-trap-bindgen weapp_login_client $(CLIENT_TRAP)/weapp_login_client.wasm $@

# The core's error table as JSON (from a native run of tools/core_tables.rs),
# for pkg/src/errors.js on every runtime.
# With it, its codes as the type ErrorCode (pkg/dist/error-code.mjs), and
# its rules (defaults, limits, formats: pkg/dist/rules.json).
$(ERROR_TABLE) $(RULES) &: $(RUST_INPUTS) tools/core_tables.rs tools/error-table.js
	node tools/error-table.js

# `tsc --declaration --emitDeclarationOnly --allowJs` over pkg/src
# (pkg/tsconfig.types.json); ErrorCode comes from the core's table
# (pkg/dist/error-code.mjs, written with error-table.json).
$(TYPES): $(ERROR_TABLE) $(CLIENT_WASM) $(JS_SOURCES) pkg/taro.js pkg/vite.js pkg/tsconfig.types.json tools/types.js
	node tools/types.js

# The client core compiled to JavaScript (binaryen's wasm2js), for mini
# programs without main-thread WebAssembly (weapp-login/miniprogram-js): the
# client build with Alipay's phone answer (feature alipay-phone), shaped and
# lowered as the wasm above, its own glue beside it.
CLIENT_JS_GEN := target/client-js-bindgen
$(CLIENT_JS): $(RUST_INPUTS) tools/wrap-glue.js tools/build-js-core.js
	RUSTFLAGS="$(CLIENT_RUSTFLAGS)" CARGO_TARGET_DIR=target/client-js cargo build --profile release-client --target $(WASM_TARGET) $(BINDINGS) --features client,alipay-phone
	rm -rf $(CLIENT_JS_GEN)
	wasm-bindgen --target bundler --out-dir $(CLIENT_JS_GEN) --out-name weapp_login_client target/client-js/$(WASM_TARGET)/release-client/weapp_login_wasm.wasm
	$(WASM_OPT) $(WASM_SHAPE) -Oz $(WASM_OPT_FEATURES) $(WASM_LOWER) $(CLIENT_JS_GEN)/weapp_login_client_bg.wasm -o $(CLIENT_JS_GEN)/lowered.wasm
	$(WASM_OPT) -Oz --mvp-features $(CLIENT_JS_GEN)/lowered.wasm -o $(CLIENT_JS_GEN)/final.wasm
	node tools/wrap-glue.js $(CLIENT_JS_GEN) weapp_login_client $(CLIENT_JS_GEN)/final.wasm $(dir $@)glue.js
	node tools/build-js-core.js $(CLIENT_JS_GEN)/final.wasm $@

$(MP_INDEX): $(CLIENT_WASM) $(CLIENT_JS) $(ERROR_TABLE) $(RULES) $(JS_SOURCES) tools/build-client.js
	node tools/build-client.js

## demo: the WeChat emulator, a developer server and the playground on http://127.0.0.1:$(PORT)/ (PLATFORM=toutiao make demo: another platform's emulator)
demo: build
	PORT=$(PORT) node www/server.js

## bench: ours against Node's crypto, crypto-js, @noble/ciphers and hand-written servers; writes bench/results/ (BENCH_ROUNDS=3 make bench: a short run)
bench: build
	node bench/run.js

## fuzz: every cargo-fuzz target for FUZZ_SECONDS (default 60) each; not part of `make test`
fuzz: setup
	bash tools/fuzz.sh

## test: everything (lints, Rust natively and in wasm, the npm package in Node)
test: build lint test-rust test-wasm test-js test-node-versions

lint:
	@echo "make: $@ starts at $$(date -u +%T) UTC"
	cargo fmt --all --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --lib --no-default-features --features client -- -D warnings
	cargo clippy --quiet --lib --no-default-features --features server -- -D warnings
	cargo clippy --quiet --features serde --lib --examples -- -D warnings
	cargo clippy --quiet --target $(WASM_TARGET) --lib -- -D warnings
	cargo clippy --quiet --target $(WASM_TARGET) -p weapp-login-wasm --all-targets --features server -- -D warnings
	cargo clippy --quiet --target $(WASM_TARGET) -p weapp-login-wasm --lib --features client -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

test-rust:
	@echo "make: $@ starts at $$(date -u +%T) UTC"
	cargo test --quiet
	cargo test --quiet --features serde --lib
	# A Rust crate for wasm32 with its own #[global_allocator] that depends
	# on the library: it must build (no allocator, panic handler or exports
	# of ours get in its way).
	cargo build --quiet --manifest-path tests/wasm-consumer/Cargo.toml --target $(WASM_TARGET) --release

test-wasm:
	@echo "make: $@ starts at $$(date -u +%T) UTC"
	# The server build's bindings, in wasm on Node, in release: the same LTO
	# build that ships, so no std code with reference types is linked in.
	cargo test --release --target $(WASM_TARGET) -p weapp-login-wasm --features server --test server

test-js: build $(SERVER_TRAP)/core.js $(CLIENT_TRAP)/glue.js
	@echo "make: $@ starts at $$(date -u +%T) UTC"
	node_modules/typescript/bin/tsc -p tests/types
	node_modules/typescript/bin/tsc -p tests/types/miniprogram
	# Taro's and uni-app's own typings, as their projects install them (tools/setup.sh)
	node_modules/typescript/bin/tsc -p tests/types/frameworks/tsconfig.taro.json
	node_modules/typescript/bin/tsc -p tests/types/frameworks/tsconfig.uni.json
	node --test tests/js/

## test-node-versions: the Node suite on Node 16, 18 and 22 too (the machine's Node is test-js's)
test-node-versions: build $(SERVER_TRAP)/core.js $(CLIENT_TRAP)/glue.js
	@echo "make: $@ starts at $$(date -u +%T) UTC"
	node tools/node-suite.js

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf pkg/dist pkg/miniprogram_dist
