'use strict'
// createAuth({ platform: 'alipay' }) against the gateway emulator, beyond
// the contract suite: Alipay's busy answer retried and the code not lost,
// a tampered gateway answer refused before anything is read or kept, the
// app's configuration refused loudly, phone answers signed by another key
// or opened without the content key refused, and onPhone's failure
// recording nothing.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { fixture, post } = require('../helpers/fixture')

const otherKey = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey

test('alipay: 20000 (busy) is retried with the same auth code; past the retries ERR_UPSTREAM_BUSY, and the code still signs in', async () => {
  const f = await fixture({ platform: 'alipay' })
  try {
    const emulator = f.emu.wechat.emulator
    emulator.faults({ count: 1 })
    const ok = await post(f.base, '/login', { code: f.code('busy-user') })
    assert.equal(ok.status, 200, JSON.stringify(ok.body))
    assert.equal(f.stats().gateway, 2)
    // Busy on every try (1 + 2 retries): retryable, and the code is not spent or remembered.
    const code = f.code('busy-user')
    emulator.faults({ count: 3 })
    const busy = await post(f.base, '/login', { code })
    assert.equal(busy.body.error.code, 'ERR_UPSTREAM_BUSY')
    assert.equal(busy.body.error.retryable, true)
    assert.equal(f.stats().gateway, 5)
    const again = await post(f.base, '/login', { code })
    assert.equal(again.status, 200, JSON.stringify(again.body))
    assert.equal(again.body.openid, ok.body.openid)
  } finally { await f.close() }
})

test('alipay: a tampered gateway answer is ERR_UPSTREAM_SIGNATURE, not retried, no session made', async () => {
  const f = await fixture({ platform: 'alipay' })
  try {
    f.emu.wechat.emulator.faults({ tamper: true })
    const res = await post(f.base, '/login', { code: f.code('tamper-user') })
    assert.equal(res.status, 502, JSON.stringify(res.body))
    assert.equal(res.body.error.code, 'ERR_UPSTREAM_SIGNATURE')
    assert.equal(f.stats().gateway, 1)
    assert.deepEqual(f.auth.stats().login, { ERR_UPSTREAM_SIGNATURE: 1 })
    // An error answer altered after signing is refused the same way.
    f.emu.wechat.emulator.faults({ tamper: true })
    const refused = await post(f.base, '/login', { code: 'a1b2'.repeat(8) })
    assert.equal(refused.body.error.code, 'ERR_UPSTREAM_SIGNATURE')
  } finally { await f.close() }
})

test('alipay: a key Alipay does not know is ERR_APP_CONFIG, not retried, logged at error level with its errcode', async () => {
  const stray = otherKey().export({ type: 'pkcs8', format: 'pem' })
  const f = await fixture({ platform: 'alipay', authOptions: { privateKey: stray } })
  try {
    const res = await post(f.base, '/login', { code: f.code('config-user') })
    assert.equal(res.body.error.code, 'ERR_APP_CONFIG')
    assert.equal(res.body.error.retryable, false)
    assert.equal(f.stats().gateway, 1)
    const lines = f.logged.filter((l) => l.level === 'error' && l.fields.event === 'app_config')
    assert.deepEqual(lines.map((l) => [l.fields.endpoint, l.fields.errcode]), [['alipay.system.oauth.token', 40002]])
  } finally { await f.close() }
})

test('alipay: a phone answer signed by another key is ERR_SIGNATURE and records nothing', async () => {
  const f = await fixture({ platform: 'alipay' })
  try {
    const s = (await post(f.base, '/login', { code: f.code('forger') })).body
    const { response } = f.emu.wechat.emulator.phone({ user: 'forger' })
    const sign = crypto.sign('sha256', Buffer.from(`"${response}"`), otherKey()).toString('base64')
    const res = await post(f.base, '/phone', { response, sign }, s.token)
    assert.equal(res.status, 400)
    assert.equal(res.body.error.code, 'ERR_SIGNATURE')
    const garbled = await post(f.base, '/phone', { response, sign: 'not base64!' }, s.token)
    assert.equal(garbled.body.error.code, 'ERR_SIGNATURE')
    const me = await (await fetch(`${f.base}/me`, { headers: { authorization: `Bearer ${s.token}` } })).json()
    assert.equal(me.user.phoneNumber, undefined)
  } finally { await f.close() }
})

test('alipay: without encryptKey a phone answer is ERR_INVALID_ARGUMENT naming encryptKey; a phone code is refused', async () => {
  const f = await fixture({ platform: 'alipay', authOptions: { encryptKey: undefined } })
  try {
    const s = await f.auth.login(f.code('keyless'))
    const answer = f.emu.wechat.emulator.phone({ user: 'keyless' })
    await assert.rejects(f.auth.phoneNumber(s.token, { response: answer.response, sign: answer.sign }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'encryptKey')
    await assert.rejects(f.auth.phoneNumber(s.token, { code: 'c0de'.repeat(8) }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'code')
  } finally { await f.close() }
})

test('alipay: my.getPhoneNumber\'s own JSON text opens; onPhone\'s failure records nothing', async () => {
  let fail = true
  const seen = []
  const f = await fixture({ platform: 'alipay', authOptions: { onPhone: async (openid, phone) => { seen.push([openid, phone.purePhoneNumber]); if (fail) throw new Error('down') } } })
  try {
    const s = await f.auth.login(f.code('hooked'))
    const { response, sign } = f.emu.wechat.emulator.phone({ user: 'hooked' })
    const native = { response: JSON.stringify({ response, sign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' }) }
    await assert.rejects(f.auth.phoneNumber(s.token, native), (e) => e.code === 'ERR_HOOK_FAILED')
    assert.equal((await f.auth.me(s.token)).user.phoneNumber, undefined)
    fail = false
    const phone = await f.auth.phoneNumber(s.token, native)
    assert.equal(phone.purePhoneNumber, '13800138000')
    assert.equal(phone.user.phoneNumber, '138****8000')
    assert.deepEqual(seen, [[s.openid, '13800138000'], [s.openid, '13800138000']])
  } finally { await f.close() }
})

test('alipay: nothing lost: onLogin failing after the gateway answered, the retry with the same code and nonce completes without a second call', async () => {
  let down = true
  const f = await fixture({ platform: 'alipay', authOptions: { onLogin: async () => { if (down) throw new Error('db down'); return { userId: 7 } } } })
  try {
    const code = f.code('rescued')
    const nonce = 'n0nce-rescue-0123456789'
    await assert.rejects(f.auth.login(code, { nonce }), (e) => e.code === 'ERR_HOOK_FAILED' && e.retryable === true)
    down = false
    const s = await f.auth.login(code, { nonce })
    assert.equal(typeof s.token, 'string')
    assert.equal((await f.auth.session(s.token)).userId, 7)
    assert.equal(f.stats().gateway, 1)
    // The same code from another client (another nonce) is not theirs.
    await assert.rejects(f.auth.login(code, { nonce: 'n0nce-other-0123456789' }), (e) => e.code === 'ERR_CODE_USED')
  } finally { await f.close() }
})
