'use strict'
// The Node entry's behaviour beyond the vectors: defaults, argument errors
// (missing apart from wrong type, with the field named), round trips.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { vectors } = require('../../vectors/decrypt.json')

const phone = vectors.find((v) => v.name === 'phone-basic')
const opts = (over = {}) => ({ appId: phone.appId, sessionKey: phone.sessionKey, iv: phone.iv, encryptedData: phone.encryptedData, now: phone.now, ...over })
const codeOf = (fn) => { try { fn() } catch (e) { assert.ok(e instanceof wl.WeappLoginError); return [e.code, e.field] } return ['ok'] }

test('missing and wrongly typed arguments are told apart and named', () => {
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ iv: undefined }))), ['ERR_INVALID_ARGUMENT', 'iv'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ iv: 16 }))), ['ERR_INVALID_ARGUMENT', 'iv'])
  let m, t
  try { wl.decryptPhoneNumber(opts({ iv: undefined })) } catch (e) { m = e }
  try { wl.decryptPhoneNumber(opts({ iv: 16 })) } catch (e) { t = e }
  assert.equal(m.code, t.code)
  assert.notEqual(m.message, t.message)
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber()), ['ERR_INVALID_ARGUMENT', 'options'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber('x')), ['ERR_INVALID_ARGUMENT', 'options'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ appId: '' }))), ['ERR_INVALID_ARGUMENT', 'appId'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ sessionKey: null }))), ['ERR_INVALID_ARGUMENT', 'sessionKey'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ sessionKey: 'bad!' }))), ['ERR_BASE64', 'sessionKey'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ encryptedData: 'AAAA' }))), ['ERR_CIPHERTEXT_LENGTH', 'encryptedData'])
})

test('now defaults to the clock; milliseconds are refused', () => {
  // The vector's watermark is from 2025: with the real clock it is too old.
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ now: undefined }))), ['ERR_WATERMARK_TIME', 'watermark.timestamp'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ now: Date.now() }))), ['ERR_INVALID_ARGUMENT', 'now'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ now: -1 }))), ['ERR_INVALID_ARGUMENT', 'now'])
  assert.deepEqual(codeOf(() => wl.decryptPhoneNumber(opts({ now: '1763900005' }))), ['ERR_INVALID_ARGUMENT', 'now'])
  // ...and fresh data opens with the clock.
  const sealed = wl.encryptData({ appId: phone.appId, sessionKey: phone.sessionKey, data: { phoneNumber: '1', purePhoneNumber: '1', countryCode: 86 } })
  const got = wl.decryptPhoneNumber({ appId: phone.appId, sessionKey: phone.sessionKey, ...sealed })
  assert.equal(got.countryCode, '86')
  assert.ok(Math.abs(got.watermark.timestamp - Date.now() / 1000) < 5)
})

test('maxAgeSeconds: default 600, null turns it off, numbers set it', () => {
  assert.equal(codeOf(() => wl.decryptPhoneNumber(opts({ now: phone.now + 601 })))[0], 'ERR_WATERMARK_TIME')
  assert.equal(codeOf(() => wl.decryptPhoneNumber(opts({ now: phone.now + 601, maxAgeSeconds: null })))[0], 'ok')
  assert.equal(codeOf(() => wl.decryptPhoneNumber(opts({ now: phone.now + 601, maxAgeSeconds: 700 })))[0], 'ok')
  assert.equal(codeOf(() => wl.decryptPhoneNumber(opts({ maxAgeSeconds: 'x' })))[0], 'ERR_INVALID_ARGUMENT')
})

test('encryptData then decryptData round-trips any JSON object, with a fresh iv each time', () => {
  const data = { stepInfoList: [{ step: 1, timestamp: 2 }], nick: '小明🙂', nested: { a: [null, true, 1.5] } }
  const a = wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data, timestamp: 100 })
  const b = wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data, timestamp: 100 })
  assert.notEqual(a.iv, b.iv)
  assert.notEqual(a.encryptedData, b.encryptedData)
  const opened = wl.decryptData({ appId: 'wxa', sessionKey: phone.sessionKey, ...a, now: 100 })
  assert.deepEqual(opened, { ...data, watermark: { appid: 'wxa', timestamp: 100 } })
  assert.equal(codeOf(() => wl.decryptData({ appId: 'wxb', sessionKey: phone.sessionKey, ...a, now: 100 }))[0], 'ERR_APPID_MISMATCH')
  assert.equal(codeOf(() => wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data: [1] }))[0], 'ERR_INVALID_ARGUMENT')
  assert.equal(codeOf(() => wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data: {}, iv: 'AAAA' }))[0], 'ERR_IV_LENGTH')
})

test('decryptUserInfo answers every text field whole: CJK, emoji, empty and absent ones', () => {
  const data = { openId: 'o-1', nickName: '小明🙂🎉', gender: 2, language: '', city: '深圳', province: 'Guangdong', country: '🇨🇳', avatarUrl: 'https://a.example/𠀀.png', unionId: 'u-🙂' }
  const sealed = wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data, timestamp: 100 })
  const info = wl.decryptUserInfo({ appId: 'wxa', sessionKey: phone.sessionKey, ...sealed, now: 100 })
  assert.deepEqual(info, { ...data, watermark: { appid: 'wxa', timestamp: 100 } })
  const bare = wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data: { openId: 'o-2' }, timestamp: 100 })
  const none = wl.decryptUserInfo({ appId: 'wxa', sessionKey: phone.sessionKey, ...bare, now: 100 })
  assert.deepEqual(none, { openId: 'o-2', nickName: '', gender: 0, language: '', city: '', province: '', country: '', avatarUrl: '', watermark: { appid: 'wxa', timestamp: 100 } })
  const wrong = wl.encryptData({ appId: 'wxa', sessionKey: phone.sessionKey, data: { openId: 'o-3', city: 5 }, timestamp: 100 })
  assert.deepEqual(codeOf(() => wl.decryptUserInfo({ appId: 'wxa', sessionKey: phone.sessionKey, ...wrong, now: 100 })), ['ERR_PAYLOAD_SHAPE', 'city'])
})

test('wechatError covers the errcode table and refuses non-errors', () => {
  const table = { 40029: 'ERR_CODE_INVALID', 40163: 'ERR_CODE_USED', 40226: 'ERR_CODE_BLOCKED', 45011: 'ERR_RATE_LIMITED', 45009: 'ERR_RATE_LIMITED', '-1': 'ERR_UPSTREAM_BUSY', 40001: 'ERR_ACCESS_TOKEN', 40014: 'ERR_ACCESS_TOKEN', 42001: 'ERR_ACCESS_TOKEN', 87009: 'ERR_SESSION_STALE', 40013: 'ERR_APP_CONFIG', 40125: 'ERR_APP_CONFIG', 40164: 'ERR_APP_CONFIG', 40243: 'ERR_APP_CONFIG', 12345: 'ERR_UPSTREAM_API' }
  for (const [errcode, code] of Object.entries(table)) assert.equal(wl.wechatError(Number(errcode)).code, code, errcode)
  assert.equal(wl.wechatError(42001).retryable, true)
  assert.equal(wl.wechatError(40029).retryable, false)
  assert.equal(codeOf(() => wl.wechatError(0))[0], 'ERR_INVALID_ARGUMENT')
  assert.equal(codeOf(() => wl.wechatError(1.5))[0], 'ERR_INVALID_ARGUMENT')
})

test('errors from WeChat keep their errcode', () => {
  assert.throws(() => wl.parseCode2Session({ errcode: 40163, errmsg: 'code been used' }), (e) => e.code === 'ERR_CODE_USED' && e.errcode === 40163 && e.retryable === false)
  assert.throws(() => wl.parseCode2Session({ errcode: 12345 }), (e) => e.code === 'ERR_UPSTREAM_API' && e.errcode === 12345)
})

test('parsePhoneEvent accepts the whole event as well as its detail', () => {
  const detail = { errMsg: 'getPhoneNumber:ok', code: 'abc' }
  assert.deepEqual(wl.parsePhoneEvent({ type: 'getphonenumber', detail }), { kind: 'code', code: 'abc' })
})

test('errorCodes lists every code once, with statuses', () => {
  const rows = wl.errorCodes()
  assert.equal(new Set(rows.map((r) => r.code)).size, rows.length)
  const status = Object.fromEntries(rows.map((r) => [r.code, r.httpStatus]))
  assert.equal(status.ERR_SESSION_EXPIRED, 401)
  assert.equal(status.ERR_RATE_LIMITED, 429)
  assert.equal(status.ERR_STORE_UNAVAILABLE, 503)
  assert.equal(status.ERR_DECRYPT_FAILED, 400)
})

test("the API reference's state diagrams (both languages) are the core's transition table", () => {
  const table = wl.transitions().map((t) => `${t.from} ${t.event} ${t.to}`).sort()
  for (const page of ['api.md', 'api.en.md']) {
    const text = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', '..', 'docs', page), 'utf8')
    const block = text.split('```mermaid')[1].split('```')[0]
    const drawn = [...block.matchAll(/^\s*(\w+) --> (\w+): (\w+)$/gm)].map(([, from, to, event]) => `${from} ${event} ${to}`).sort()
    assert.deepEqual(drawn, table, page)
  }
})
