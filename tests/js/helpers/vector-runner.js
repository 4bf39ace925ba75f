'use strict'
// Runs every case of tests/vectors/ through a loaded weapp-login module.
// Shared by the CommonJS and the ESM test, so both run the same cases.

const assert = require('node:assert/strict')
const path = require('node:path')
const fs = require('node:fs')

const VECTORS = path.join(__dirname, '..', '..', 'vectors')
const load = (name) => {
  const doc = JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'))
  assert.match(doc.source, /Node's built-in crypto/)
  return doc
}

const DECRYPT_BY_KIND = { phone: 'decryptPhoneNumber', userinfo: 'decryptUserInfo', data: 'decryptData' }

/** Asserts `fn()` returns `expect`, or throws a WeappLoginError with `expectError`. */
function outcome (wl, c, fn) {
  if (c.expectError === undefined) {
    assert.deepEqual(fn(), c.expect, c.name)
    return
  }
  assert.throws(fn, (e) => {
    assert.ok(e instanceof wl.WeappLoginError, `${c.name}: ${e}`)
    assert.equal(e.code, c.expectError, c.name)
    assert.equal(typeof e.retryable, 'boolean')
    if (c.retryable !== undefined) assert.equal(e.retryable, c.retryable, c.name)
    return true
  })
}

/** Registers one test per vector file with node:test's `test`. Returns the number of cases. */
function registerVectorTests (wl, test) {
  const decrypt = load('decrypt.json')
  const signature = load('signature.json')
  const wechat = load('wechat-responses.json')

  test('every decrypt vector opens to its expected answer or fails with its code', () => {
    for (const c of decrypt.vectors) {
      const opts = { appId: c.appId, sessionKey: c.sessionKey, iv: c.iv, encryptedData: c.encryptedData, now: c.now }
      if ('maxAgeSeconds' in c) opts.maxAgeSeconds = c.maxAgeSeconds
      outcome(wl, c, () => wl[DECRYPT_BY_KIND[c.kind]](opts))
      // Messages never carry the inputs.
      try { wl[DECRYPT_BY_KIND[c.kind]](opts) } catch (e) {
        for (const secret of [c.sessionKey, c.iv, c.encryptedData]) {
          if (secret.length >= 8) assert.ok(!e.message.includes(secret), `${c.name} leaks an input`)
        }
      }
    }
  })

  test('every rawData signature vector verifies as expected', () => {
    for (const c of signature.rawDataSignature) {
      assert.equal(wl.verifySignature({ rawData: c.rawData, signature: c.signature, sessionKey: c.sessionKey }), c.expect, c.name)
    }
  })

  test('every session key signature vector gives its hmac', () => {
    for (const c of signature.sessionKeySignature) {
      assert.equal(wl.sessionKeySignature(c.sessionKey), c.signature)
    }
  })

  test('every code2session answer reads to its fields or its error code', () => {
    for (const c of wechat.code2session) outcome(wl, c, () => wl.parseCode2Session(c.body))
  })

  test('code2session answers given as JSON text read the same as objects', () => {
    for (const c of wechat.code2session) {
      if (typeof c.body === 'object') outcome(wl, c, () => wl.parseCode2Session(JSON.stringify(c.body)))
    }
  })

  test('every phone button event reads to its kind or its error code', () => {
    for (const c of wechat.phoneEvent) outcome(wl, c, () => wl.parsePhoneEvent(c.detail))
  })

  test('errcodes in the vectors agree with wechatError', () => {
    for (const c of wechat.code2session) {
      if (c.body && typeof c.body.errcode === 'number' && c.body.errcode !== 0) {
        const e = wl.wechatError(c.body.errcode)
        assert.equal(e.code, c.expectError, c.name)
        assert.equal(e.retryable, c.retryable, c.name)
      }
    }
  })

  return decrypt.vectors.length + signature.rawDataSignature.length + signature.sessionKeySignature.length +
    wechat.code2session.length + wechat.phoneEvent.length
}

module.exports = { registerVectorTests }
