'use strict'
// The decrypt functions' hot path writes their strings into one area of the
// wasm memory (pkg/src/loader/node.js, src/wasm/server.rs `decrypt_input`).
// It must answer exactly as the checked path does, for any strings (a phone
// number comes back in a flat form, read without JSON.parse), and leave no
// session key or ciphertext behind in the wasm memory.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const core = require('../../pkg/src/loader/node.js')
const { vectors } = require('../vectors/decrypt.json')

const phone = vectors.find((v) => v.name === 'phone-basic')
const KINDS = { data: 0, phone: 1, userinfo: 2 }

/** `{ ok }` or `{ code }` of a call, never a throw. */
function outcome (fn) {
  try {
    return { ok: fn() }
  } catch (e) {
    assert.ok(e instanceof wl.WeappLoginError, `threw ${e && e.name}`)
    return { code: e.code }
  }
}

function both (kind, o) {
  const fast = outcome(() => core.run((g) => g.decrypt_fast(kind, o.appId, o.sessionKey, o.iv, o.encryptedData, o.now, NaN), core.readDecryptAnswer))
  const checked = outcome(() => core.call('decrypt_checked', [kind, o.appId, o.sessionKey, o.iv, o.encryptedData, o.now, undefined]))
  return { fast, checked }
}

test('the area path answers as the checked path for every vector', () => {
  let compared = 0
  for (const v of vectors) {
    const kind = KINDS[v.kind] ?? 0
    const { fast, checked } = both(kind, v)
    assert.deepEqual(fast, checked, v.name)
    compared++
  }
  assert.ok(compared >= 20)
})

test('non-ASCII, lone surrogates and empty strings in any field answer as the checked path', () => {
  const odd = ['', '小明', '\ud800', 'a\u0000b', '💥'.repeat(40), phone.sessionKey + '\u00e9']
  const fields = ['appId', 'sessionKey', 'iv', 'encryptedData']
  let errors = 0
  for (const field of fields) {
    for (const value of odd) {
      const { fast, checked } = both(1, { ...phone, [field]: value })
      assert.deepEqual(fast, checked, `${field} = ${JSON.stringify(value)}`)
      if (fast.code) errors++
    }
  }
  assert.ok(errors > 0)
  // and the area still works afterwards
  assert.equal(wl.decryptPhoneNumber({ ...phone }).phoneNumber, phone.expect.phoneNumber)
})

test('phone numbers in the flat form, NULs inside fields included, read as the JSON path reads them', () => {
  const texts = ['13800138000', '+1 (555) 0100', 'a\u0000b', '\u0000', '小明🙂', '\\"\u2028']
  let flat = 0
  for (const text of texts) {
    const sealed = wl.encryptData({ appId: phone.appId, sessionKey: phone.sessionKey, data: { phoneNumber: text, purePhoneNumber: text, countryCode: text.length > 3 ? '86' : 1 }, timestamp: phone.now - 1 })
    const o = { appId: phone.appId, sessionKey: phone.sessionKey, now: phone.now, ...sealed }
    const raw = core.run((g) => { const t = g.decrypt_fast(1, o.appId, o.sessionKey, o.iv, o.encryptedData, o.now, NaN); flat += t.startsWith('P'); return JSON.stringify({ ok: t }) })
    assert.equal(typeof raw, 'string')
    const { fast, checked } = both(1, o)
    assert.deepEqual(fast, checked, JSON.stringify(text))
    assert.equal(fast.ok.phoneNumber, text)
    assert.equal(wl.decryptPhoneNumber(o).phoneNumber, text)
  }
  assert.equal(flat, texts.length - 2, 'the two texts with a NUL took the JSON form')
})

test('outsized input goes the allocating way with the same answer, and the area keeps working', () => {
  const huge = { ...phone, encryptedData: 'A'.repeat(200_000) + '==' }
  const { fast, checked } = both(1, huge)
  assert.deepEqual(fast, checked)
  assert.ok(fast.code)
  assert.equal(wl.decryptPhoneNumber({ ...phone }).phoneNumber, phone.expect.phoneNumber)
})

test('no session key or ciphertext is left in the wasm memory after a decrypt', () => {
  const memoryNow = () => {
    let buffer = null
    core.run((g) => { buffer = g.wasm_memory().buffer; return '{"ok":null}' })
    return Buffer.from(buffer)
  }
  const o = { ...phone }
  // A fresh instance, so nothing from earlier calls is in its memory: a
  // fault on purpose makes the core rebuild it.
  assert.throws(() => core.run(() => { throw new Error('reset') }), (e) => e.code === 'ERR_INTERNAL')
  assert.equal(wl.decryptPhoneNumber(o).phoneNumber, o.expect.phoneNumber)
  const after = memoryNow()
  assert.equal(after.indexOf(o.sessionKey), -1, 'the session key text is gone')
  assert.equal(after.indexOf(o.encryptedData.slice(64, 128)), -1, 'the ciphertext text is gone')
  // Control: the allocating path copies the strings in and frees them
  // without zeroing (the allocator reuses a freed block's first bytes, so
  // look in the middle of the ciphertext), and the same search finds it.
  core.run((g) => g.decrypt_typed(1, o.appId, o.sessionKey, o.iv, o.encryptedData, o.now, NaN))
  assert.notEqual(memoryNow().indexOf(o.encryptedData.slice(64, 128)), -1, 'control: the search finds a left-over copy')
})
