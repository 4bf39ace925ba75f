'use strict'
// Douyin's phone code through createAuth({ platform: 'toutiao',
// phonePrivateKey }) against its emulator: WeChat's phone-code protections
// (one upstream call per code, shared by concurrent callers; a refused code
// remembered), the app's client token fetched once and kept, an answer the
// key does not open refused, and without the key a code refused up front.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { fixture } = require('../helpers/fixture')

test('douyin: concurrent calls with one phone code make one get_phonenumber_info call; one client token serves every code', async () => {
  const f = await fixture({ platform: 'toutiao' })
  try {
    const s = await f.auth.login(f.code('tt-phone'))
    const { code } = f.emu.wechat.emulator.phone({ user: 'tt-phone' })
    const all = await Promise.all([0, 1, 2].map(() => f.auth.phoneNumber(s.token, { code })))
    assert.deepEqual(all.map((p) => p.purePhoneNumber), ['13800138000', '13800138000', '13800138000'])
    assert.equal(all[0].user.phoneNumber, '138****8000')
    assert.equal(f.stats().phone_code, 1)
    // A second code: the same client token, still one token call.
    await f.auth.phoneNumber(s.token, { code: f.emu.wechat.emulator.phone({ user: 'tt-phone' }).code })
    assert.equal(f.stats().phone_code, 2)
    assert.equal(f.stats().client_token, 1)
  } finally { await f.close() }
})

test('douyin: a refused phone code (28005187) is ERR_CODE_INVALID, remembered: one upstream call', async () => {
  const f = await fixture({ platform: 'toutiao' })
  try {
    const s = await f.auth.login(f.code('tt-refused'))
    const unknown = 'f00d'.repeat(8)
    for (let i = 0; i < 2; i++) await assert.rejects(f.auth.phoneNumber(s.token, { code: unknown }), (e) => e.code === 'ERR_CODE_INVALID' && e.errcode === 28005187)
    assert.equal(f.stats().phone_code, 1)
  } finally { await f.close() }
})

test('douyin: an answer sealed to another key is ERR_DECRYPT_FAILED, the number not recorded', async () => {
  const stray = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' })
  const f = await fixture({ platform: 'toutiao', authOptions: { phonePrivateKey: stray } })
  try {
    const s = await f.auth.login(f.code('tt-stray'))
    await assert.rejects(f.auth.phoneNumber(s.token, { code: f.emu.wechat.emulator.phone({ user: 'tt-stray' }).code }), (e) => e.code === 'ERR_DECRYPT_FAILED')
    assert.equal((await f.auth.me(s.token)).user.phoneNumber, undefined)
  } finally { await f.close() }
})

test('douyin: without phonePrivateKey a phone code is ERR_INVALID_ARGUMENT before any call; the old payload still opens', async () => {
  const f = await fixture({ platform: 'toutiao', authOptions: { phonePrivateKey: undefined } })
  try {
    const s = await f.auth.login(f.code('tt-nokey'))
    const detail = f.emu.wechat.emulator.phone({ user: 'tt-nokey' })
    await assert.rejects(f.auth.phoneNumber(s.token, { code: detail.code }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'code')
    assert.equal(f.stats().phone_code || 0, 0)
    // Code and payload together: the payload opens with the session key.
    const phone = await f.auth.phoneNumber(s.token, { code: detail.code, encryptedData: detail.encryptedData, iv: detail.iv })
    assert.equal(phone.purePhoneNumber, '13800138000')
  } finally { await f.close() }
})

test('douyin emulator: client tokens (the latest two valid) and single-use phone codes, as Douyin answers them', async () => {
  const f = await fixture({ platform: 'toutiao' })
  try {
    const postJson = async (route, body, headers = {}) => (await fetch(f.emu.url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).json()
    const app = { client_key: f.appId, client_secret: require('../helpers/fixture').APP_SECRET, grant_type: 'client_credential' }
    const tokens = []
    for (let i = 0; i < 3; i++) tokens.push((await postJson('/oauth/client_token/', app)).data.access_token)
    assert.equal((await postJson('/oauth/client_token/', { ...app, client_secret: 'wrong' })).data.error_code, 10003)
    const code = () => f.emu.wechat.emulator.phone({ user: 'emu-user' }).code
    const ask = (c, token) => postJson('/api/apps/v1/get_phonenumber_info/', { code: c }, { 'access-token': token })
    assert.equal((await ask(code(), tokens[0])).err_no, 28001008) // the oldest of three: no longer valid
    const c = code()
    const ok = await ask(c, tokens[2])
    assert.equal(ok.err_no, 0)
    assert.equal(Buffer.from(ok.data, 'base64').length, 256) // one RSA block for the 2048-bit key
    assert.equal((await ask(c, tokens[1])).err_no, 28005187) // single use
  } finally { await f.close() }
})

test('douyin: two servers on one store fetch one client token between them', async () => {
  const wl = require('weapp-login')
  const { testKeys, APP_SECRET, APPS, scan } = require('../helpers/fixture')
  const f = await fixture({ platform: 'toutiao' })
  const other = wl.createAuth({ platform: 'toutiao', appId: APPS.toutiao.appId, appSecret: APP_SECRET, apiBase: f.emu.url, store: f.auth.store, phonePrivateKey: (await testKeys()).douyinPhone.privateKey, logger: scan.scanningLogger() })
  try {
    const [a, b] = await Promise.all([f.auth.login(f.code('two-a')), other.login(f.code('two-b'))])
    const phones = await Promise.all([
      f.auth.phoneNumber(a.token, { code: f.emu.wechat.emulator.phone({ user: 'two-a' }).code }),
      other.phoneNumber(b.token, { code: f.emu.wechat.emulator.phone({ user: 'two-b' }).code })
    ])
    assert.deepEqual(phones.map((p) => p.purePhoneNumber), ['13800138000', '13800138000'])
    assert.equal(f.stats().client_token, 1)
  } finally { await other.close().catch(() => {}); await f.close() }
})
