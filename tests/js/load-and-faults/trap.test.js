'use strict'
// Surviving a trap: a test-only build (feature trap-test) panics on demand.
// The call that traps fails with ERR_INTERNAL, the instance is rebuilt, and
// the next calls work, with nothing left over from the dead instance.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { createCore } = require('../../../pkg/src/core.js')
const { WeappLoginError } = require('weapp-login')

const GLUE = path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'server-trap', 'weapp_login.js')
const phone = require('../../vectors/decrypt.json').vectors.find((v) => v.name === 'phone-basic')

test('a wasm trap rebuilds the instance and the next call works', () => {
  let builds = 0
  const core = require(path.join(path.dirname(GLUE), 'core.js'))(() => { builds++; delete require.cache[GLUE]; return require(GLUE) })
  const decrypt = () => JSON.parse(core.decrypt('data', phone.sessionKey, phone.appId, phone.iv, phone.encryptedData, phone.now, undefined))
  assert.equal(decrypt().purePhoneNumber, '13800138000')
  for (let i = 0; i < 3; i++) {
    assert.throws(() => core.trapForTests(), (e) => e instanceof WeappLoginError && e.code === 'ERR_INTERNAL' && e.retryable === false)
    assert.equal(decrypt().purePhoneNumber, '13800138000')
    assert.deepEqual(core.wechatError(40163), { code: 'ERR_CODE_USED', retryable: false })
  }
  assert.equal(builds, 4)
})

test('the trapping export exists only in the test build', () => {
  const shipped = require('weapp-login')
  assert.equal(Object.keys(shipped).some((k) => /trap/i.test(k)), false)
  const glue = require(path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'server', 'weapp_login.js'))
  assert.equal(typeof glue.trapForTests, 'undefined')
})

test('the client build: a trap rebuilds the instance asynchronously and the client carries on', async () => {
  const fs = require('node:fs')
  const { createLoginClientWith } = require('../../../pkg/src/client')
  const { textCodec } = require('../../../pkg/src/text-codec')
  const { createFakeWx } = require('../helpers/fake-wx')
  const DIR = path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'client-trap')
  const createGlue = require(path.join(DIR, 'glue.js'))
  let builds = 0
  const core = createCore(async () => {
    builds++
    const { TextEncoder, TextDecoder } = textCodec()
    const glue = createGlue(TextEncoder, TextDecoder)
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(DIR, 'weapp_login_client.wasm')), glue.imports)
    glue.setWasm(instance.exports)
    return glue.exports
  }, createGlue.names)
  const wx = createFakeWx()
  const client = createLoginClientWith(core, { wx, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })
  await client.login()
  assert.throws(() => core.trapForTests(), (e) => e instanceof WeappLoginError && e.code === 'ERR_INTERNAL')
  // The next client call waits for a fresh instance and works.
  const phone = await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'c1' } })
  assert.equal(phone.purePhoneNumber, '13800138000')
  assert.equal(client.state.phone, true)
  assert.equal(builds, 2)
})
