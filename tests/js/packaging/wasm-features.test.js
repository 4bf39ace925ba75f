'use strict'
// The shipped wasm uses no reference types and no multi-value, so it runs on
// older Node versions (cloud functions) and on iOS's JavaScriptCore. The
// server build's AES is RustCrypto's constant-time fixsliced soft AES: no
// SIMD either. The client build is plain MVP (tests/js/unit/client.test.js).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const WASM = path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'server', 'weapp_login_bg.wasm')

test('wasm-validate accepts the server wasm without reference types or multi-value', () => {
  const r = spawnSync('wasm-validate', ['--disable-reference-types', '--disable-multi-value', WASM], { encoding: 'utf8' })
  assert.equal(r.error, undefined, 'wasm-validate is installed (make setup)')
  assert.equal(r.status, 0, r.stderr)
  const noSimd = spawnSync('wasm-validate', ['--disable-simd', WASM], { encoding: 'utf8' })
  assert.equal(noSimd.status, 0, noSimd.stderr)
})

test('the server wasm imports nothing but wasm-bindgen glue', () => {
  const mod = new WebAssembly.Module(require('node:fs').readFileSync(WASM))
  const modules = new Set(WebAssembly.Module.imports(mod).map((i) => i.module))
  assert.deepEqual([...modules], ['./weapp_login_bg.js'])
})

test('the server wasm stays within its budget: 256 KiB raw', () => {
  const bytes = require('node:fs').readFileSync(WASM).length
  assert.ok(bytes <= 256 * 1024, `${bytes} bytes`)
})
