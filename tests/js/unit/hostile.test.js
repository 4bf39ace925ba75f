'use strict'
// Any value of any type for any argument of every exported function gives a
// WeappLoginError with an ERR_ code and a boolean `retryable`: never a
// TypeError, never a wasm RuntimeError. The module keeps working, no
// prototype is polluted, and no message repeats a secret.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { vectors } = require('../../vectors/decrypt.json')
const { hostileValues } = require('../helpers/hostile-values')

const phone = vectors.find((v) => v.name === 'phone-basic')
const SECRETS = [phone.sessionKey, phone.iv, phone.encryptedData]

const CALLS = {
  decryptData: { appId: phone.appId, sessionKey: phone.sessionKey, iv: phone.iv, encryptedData: phone.encryptedData, now: phone.now },
  decryptPhoneNumber: { appId: phone.appId, sessionKey: phone.sessionKey, iv: phone.iv, encryptedData: phone.encryptedData, now: phone.now, maxAgeSeconds: 600 },
  decryptUserInfo: { appId: phone.appId, sessionKey: phone.sessionKey, iv: phone.iv, encryptedData: phone.encryptedData, now: phone.now },
  verifySignature: { rawData: '{}', signature: 'ab'.repeat(20), sessionKey: phone.sessionKey },
  encryptData: { appId: phone.appId, sessionKey: phone.sessionKey, data: { a: 1 }, iv: phone.iv, timestamp: 1763900000 }
}
const POSITIONAL = ['sessionKeySignature', 'parseCode2Session', 'parsePhoneEvent', 'wechatError', 'createLoginClient', 'createAuth', 'memoryStore', 'toKoa', 'toFastify']

function expectCleanOutcome (label, fn) {
  let result
  try {
    result = fn()
  } catch (e) {
    assert.ok(e instanceof wl.WeappLoginError, `${label}: threw ${e && e.name}: ${e && e.message}`)
    assert.equal(e.name, 'WeappLoginError')
    assert.match(e.code, /^ERR_[A-Z0-9_]+$/, label)
    assert.notEqual(e.code, 'ERR_INTERNAL', `${label}: the core faulted`)
    assert.equal(typeof e.retryable, 'boolean', label)
    for (const s of SECRETS) assert.ok(!e.message.includes(s), `${label}: message repeats a secret`)
    return { error: e }
  }
  return { result }
}

test('every option of every options-taking function survives every hostile value', () => {
  let calls = 0
  for (const [name, base] of Object.entries(CALLS)) {
    for (const field of Object.keys(base)) {
      for (const value of hostileValues()) {
        expectCleanOutcome(`${name}.${field}=${typeof value}`, () => wl[name]({ ...base, [field]: value }))
        calls++
      }
    }
    for (const value of hostileValues()) {
      expectCleanOutcome(`${name}(${typeof value})`, () => wl[name](value))
      calls++
    }
  }
  assert.ok(calls > 1500, `only ${calls} calls`)
})

test('every positional function survives every hostile value', () => {
  for (const name of [...POSITIONAL, 'errorCodes', 'transitions']) {
    for (const value of hostileValues()) expectCleanOutcome(`${name}(${typeof value})`, () => wl[name](value))
    expectCleanOutcome(`${name}()`, () => wl[name]())
  }
})

test('redisStore answers bad options at once, without connecting', () => {
  for (const value of hostileValues()) {
    let hasUrl = false
    try { hasUrl = value !== null && typeof value === 'object' && typeof value.url === 'string' } catch { /* a hostile object */ }
    if (hasUrl) continue
    expectCleanOutcome(`redisStore(${typeof value})`, () => wl.redisStore(value))
    expectCleanOutcome(`redisStore({ client: ${typeof value} })`, () => wl.redisStore({ client: value }))
  }
})

test('the module still works afterwards, and no prototype was polluted', () => {
  assert.equal(wl.decryptPhoneNumber(CALLS.decryptPhoneNumber).phoneNumber, '13800138000')
  assert.equal(({}).polluted, undefined)
  assert.equal(Object.prototype.polluted, undefined)
  assert.equal(Array.prototype.polluted, undefined)
})

test('__proto__ keys inside decrypted JSON stay plain data', () => {
  const data = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}')
  const sealed = wl.encryptData({ appId: 'wxapp', sessionKey: phone.sessionKey, data, timestamp: 1763900000 })
  const opened = wl.decryptData({ appId: 'wxapp', sessionKey: phone.sessionKey, ...sealed, now: 1763900001 })
  assert.ok(Object.hasOwn(opened, '__proto__'))
  assert.equal(Object.getPrototypeOf(opened), Object.prototype)
  assert.equal(opened.polluted, undefined)
  assert.equal(({}).polluted, undefined)
})

test('encryptedData and iv are strings: their bytes, or text with a lone surrogate, are refused', () => {
  const base = CALLS.decryptPhoneNumber
  assert.equal(wl.decryptPhoneNumber(base).purePhoneNumber.length > 0, true)
  for (const field of ['encryptedData', 'iv']) {
    for (const bytes of [Buffer.from(base[field]), new TextEncoder().encode(base[field])]) {
      assert.throws(() => wl.decryptPhoneNumber({ ...base, [field]: bytes }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === field, field)
    }
    assert.throws(() => wl.decryptPhoneNumber({ ...base, [field]: base[field].slice(0, 8) + '\ud800' + base[field].slice(8) }), (e) => e.code === 'ERR_BASE64' && e.field === field, field)
  }
})
