'use strict'
// The client core compiled to JavaScript (pkg/dist/client-js, binaryen's
// wasm2js): the wasm's answers, memory growth (wasm2js swaps in a new
// ArrayBuffer and leaves the old one attached: the glue must follow it),
// and a fresh instance after a trap.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')
const { jsCore } = require(path.join(PKG, 'src', 'loader', 'client-js.js'))
const wasmCore = require(path.join(PKG, 'src', 'loader', 'client-node.js'))
const { createCore } = require(path.join(PKG, 'src', 'core.js'))
const { textCodec } = require(path.join(PKG, 'src', 'text-codec.js'))

/** `{ ok }` with the answer, or `{ code }` of the error. */
function answer (core, name, a, b) {
  try { return { ok: core[name](a, b) } } catch (e) { return { code: e.code } }
}

const CALLS = [
  ['transitions'],
  ['sessionStorageKey', 'wx1234567890abcdef'],
  ['sessionStorageKey', 'has:colon'],
  ['parseLoginResult', { errMsg: 'login:ok', code: 'c1' }],
  ['parseLoginResult', { errMsg: 'login:fail timeout' }],
  ['parsePhoneEvent', { detail: { errMsg: 'getPhoneNumber:ok', code: 'p1' } }],
  ['parsePhoneEvent', { detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'ZW5j', iv: 'aXY=' } }],
  ['parsePhoneEvent', { detail: { errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 } }],
  ['parsePhoneEvent', { detail: { errMsg: 'getPhoneNumber:fail user deny' } }],
  ['parsePhoneEvent', 'not an event'],
  ['parseNickname', { detail: { value: ' 小明🙂 ' } }],
  ['checkWxResult', { errMsg: 'getPhoneNumber:fail', errno: 1400001 }],
  ['readReply', 401, { error: { code: 'ERR_SESSION_EXPIRED' } }],
  ['requestFailure', 'request:fail timeout'],
  ['loginReply', { token: 't'.repeat(40), openid: 'o1', expiresAt: 2e12 }, 1.7e12],
  ['transition', { name: 'signedOut' }, { type: 'LOGIN_START', attempt: 1 }]
]

test('the JS-compiled core answers what the wasm answers', async () => {
  const js = jsCore()
  await js.ready()
  for (const [name, a, b] of CALLS) {
    assert.deepEqual(answer(js, name, a, b), answer(wasmCore, name, a, b), name)
  }
  // A sealed session opens the same on both.
  const session = answer(wasmCore, 'loginReply', { token: 't'.repeat(40), openid: 'o1', expiresAt: 2e12 }, 1.7e12).ok
  const sealed = js.sealSession(session)
  assert.deepEqual(js.openSession(sealed, 1.7e12), wasmCore.openSession(wasmCore.sealSession(session), 1.7e12))
})

test('it reads Alipay\'s signed phone answer (the alipay-phone build)', async () => {
  const js = jsCore()
  await js.ready()
  assert.deepEqual(js.parsePhoneEvent({ response: '{"response":"cmVz","sign":"c2ln"}' }), { kind: 'signed', response: '{"response":"cmVz","sign":"c2ln"}' })
  assert.deepEqual(js.parsePhoneEvent({ detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'cmVz', sign: 'c2ln' } }), { kind: 'signed', response: 'cmVz', sign: 'c2ln' })
})

test('its memory grows and the glue follows the new buffer (strings both ways after the grow)', async () => {
  const js = jsCore()
  await js.ready()
  const code = 'x'.repeat(3 << 20) // more than the initial memory
  assert.equal(js.parsePhoneEvent({ detail: { errMsg: 'getPhoneNumber:ok', code } }).code.length, code.length)
  assert.equal(js.parseNickname({ detail: { value: '小明🙂' } }), '小明🙂')
  assert.equal(js.sessionStorageKey('wx1234567890abcdef'), wasmCore.sessionStorageKey('wx1234567890abcdef'))
})

test('after a trap the instance is dropped and the next call runs on a fresh one', { skip: !fs.existsSync(path.join(PKG, 'dist', 'client-trap', 'glue.js')) && 'make pkg/dist/client-trap/glue.js first' }, () => {
  // The trap build (feature trap-test) through the same lowering and wasm2js.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-js-trap-'))
  try {
    const lowered = path.join(tmp, 'lowered.wasm')
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'wasm-opt'), ['--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int', '--enable-mutable-globals', '--signext-lowering', '--llvm-memory-copy-fill-lowering', '--llvm-nontrapping-fptoint-lowering', '-O1', path.join(PKG, 'dist', 'client-trap', 'weapp_login_client.wasm'), '-o', lowered], { stdio: 'ignore' })
    const out = path.join(tmp, 'core.js')
    execFileSync('node', [path.join(ROOT, 'tools', 'build-js-core.js'), lowered, out], { stdio: 'ignore' })
    const instantiateJs = require(out)
    const createGlue = require(path.join(PKG, 'dist', 'client-trap', 'glue.js'))
    let built = 0
    const core = createCore(() => {
      built++
      const { TextEncoder, TextDecoder } = textCodec()
      const glue = createGlue(TextEncoder, TextDecoder)
      glue.setWasm(instantiateJs(glue.imports))
      return glue.exports
    }, createGlue.names)
    assert.equal(core.sessionStorageKey('wx1234567890abcdef'), 'weapp-login:v1:wx1234567890abcdef:session')
    assert.throws(() => core.trapForTests(), (e) => e.code === 'ERR_INTERNAL')
    assert.equal(core.sessionStorageKey('wx1234567890abcdef'), 'weapp-login:v1:wx1234567890abcdef:session')
    assert.equal(built, 2, 'a fresh instance after the trap')
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
})
