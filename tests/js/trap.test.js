'use strict'
// Surviving a trap: a test-only build (feature trap-test) panics on demand.
// The call that traps fails with ERR_INTERNAL, the instance is rebuilt, and
// the next calls work, with nothing left over from the dead instance.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { createCore } = require('../../pkg/src/core.js')
const { WeappLoginError } = require('weapp-login')

const GLUE = path.join(__dirname, '..', '..', 'pkg', 'dist', 'node-trap', 'weapp_login.js')
const phone = require('../vectors/decrypt.json').vectors.find((v) => v.name === 'phone-basic')

test('a wasm trap rebuilds the instance and the next call works', () => {
  let builds = 0
  const core = createCore(() => { builds++; delete require.cache[GLUE]; return require(GLUE) })
  const decrypt = () => core.call('decrypt_checked', [1, phone.appId, phone.sessionKey, phone.iv, phone.encryptedData, phone.now, undefined])
  assert.equal(decrypt().purePhoneNumber, '13800138000')
  for (let i = 0; i < 3; i++) {
    assert.throws(() => core.call('trap_for_tests', []), (e) => e instanceof WeappLoginError && e.code === 'ERR_INTERNAL' && e.retryable === false)
    assert.equal(decrypt().purePhoneNumber, '13800138000')
    assert.deepEqual(core.call('wechat_error', [40163]), { code: 'ERR_CODE_USED', retryable: false })
  }
  assert.equal(builds, 4)
})

test('the trapping export exists only in the test build', () => {
  const shipped = require('weapp-login')
  assert.equal(Object.keys(shipped).some((k) => /trap/i.test(k)), false)
  const glue = require(path.join(__dirname, '..', '..', 'pkg', 'dist', 'node', 'weapp_login.js'))
  assert.equal(typeof glue.trap_for_tests, 'undefined')
})
