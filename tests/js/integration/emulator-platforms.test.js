'use strict'
// The emulator of each session-key platform over HTTP, as strict as
// WeChat's: its code exchange (single-use codes, its own error answers),
// its token endpoint where it has one, and Baidu's frame, checked here with
// Node's crypto alone.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { start } = require('../../../www/emulator')

const SECRET = 'emulator-test-secret'

async function request (url, route, params) {
  const [method, path] = route.split(' ')
  const json = method === 'POST' && !/code2session$|jscode2sessionkey$|access_token$/.test(path)
  const init = method === 'GET'
    ? { method }
    : { method, headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' }, body: json ? JSON.stringify(params) : String(new URLSearchParams(params)) }
  const res = await fetch(method === 'GET' ? `${url}${path}?${new URLSearchParams(params)}` : url + path, init)
  return res.json()
}

/** Each platform: its exchange's route and parameters, and how an answer says no. */
const PLATFORMS = {
  qq: { route: 'GET /sns/jscode2session', params: (code, secret) => ({ appid: 'qq1', secret, js_code: code, grant_type: 'authorization_code' }), refusal: (a) => a.errcode || 0 },
  toutiao: { route: 'POST /api/apps/v2/jscode2session', params: (code, secret) => ({ appid: 'tt1', secret, code }), refusal: (a) => a.err_no },
  kuaishou: { route: 'POST /oauth2/mp/code2session', params: (code, secret) => ({ app_id: 'ks1', app_secret: secret, js_code: code }), refusal: (a) => a.result === 1 ? 0 : a.result },
  baidu: { route: 'POST /oauth/jscode2sessionkey', params: (code, secret) => ({ client_id: 'bdkey', sk: secret, code }), refusal: (a) => a.error || 0 }
}
const APP_IDS = { qq: 'qq1', toutiao: 'tt1', kuaishou: 'ks1', baidu: 'bd1' }

for (const [platform, p] of Object.entries(PLATFORMS)) {
  test(`${platform} emulator: a code works once, a wrong secret and an unknown code get the platform's refusals`, async () => {
    const emu = await start({ platform, appId: APP_IDS[platform], appSecret: SECRET, appKey: 'bdkey' })
    try {
      const { code } = emu.wechat.emulator.login({ user: 'u' })
      const ok = await request(emu.url, p.route, p.params(code, SECRET))
      assert.equal(p.refusal(ok), 0, JSON.stringify(ok))
      const key = Buffer.from((ok.data || ok).session_key, 'base64')
      assert.equal(key.length, platform === 'baidu' ? 24 : 16)
      assert.notEqual(p.refusal(await request(emu.url, p.route, p.params(code, SECRET))), 0) // used
      assert.notEqual(p.refusal(await request(emu.url, p.route, p.params('f'.repeat(32), SECRET))), 0) // unknown
      const fresh = emu.wechat.emulator.login({ user: 'u' }).code
      assert.notEqual(p.refusal(await request(emu.url, p.route, p.params(fresh, 'wrong'))), 0) // wrong secret
      assert.equal(p.refusal(await request(emu.url, p.route, p.params(fresh, SECRET))), 0) // a refused call does not use the code
    } finally { await emu.close() }
  })
}

test('Douyin\'s and Kuaishou\'s token endpoints: Douyin cuts the previous token to 5 minutes, Kuaishou keeps it', async () => {
  let t = Date.now()
  const now = () => t
  const tt = await start({ platform: 'toutiao', appId: 'tt1', appSecret: SECRET, now })
  const ks = await start({ platform: 'kuaishou', appId: 'ks1', appSecret: SECRET, now })
  try {
    const ttToken = () => request(tt.url, 'POST /api/apps/v2/token', { appid: 'tt1', secret: SECRET, grant_type: 'client_credential' })
    const ksToken = () => request(ks.url, 'POST /oauth2/access_token', { app_id: 'ks1', app_secret: SECRET, grant_type: 'client_credentials' })
    const a = (await ttToken()).data.access_token
    const b = (await ttToken()).data.access_token
    const c = (await ksToken()).access_token
    const d = (await ksToken()).access_token
    t += 6 * 60 * 1000
    assert.equal(tt.wechat.emulator.tokenValid(a), false)
    assert.equal(tt.wechat.emulator.tokenValid(b), true)
    assert.equal(ks.wechat.emulator.tokenValid(c), true)
    assert.equal(ks.wechat.emulator.tokenValid(d), true)
    assert.equal((await request(tt.url, 'POST /api/apps/v2/token', { appid: 'tt1', secret: 'wrong', grant_type: 'client_credential' })).err_no, 40017)
  } finally { await tt.close(); await ks.close() }
})

test('Baidu\'s frame, opened with Node\'s crypto: random bytes, a big-endian length, the data, the app key, padded to 32', async () => {
  const emu = await start({ platform: 'baidu', appId: 'bd1', appSecret: SECRET, appKey: 'bdkey' })
  try {
    const sealed = emu.wechat.emulator.phone({ user: 'u' })
    const decipher = crypto.createDecipheriv('aes-192-cbc', Buffer.from(emu.wechat.emulator.sessionKeyOf('u'), 'base64'), Buffer.from(sealed.iv, 'base64'))
    decipher.setAutoPadding(false)
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.encryptedData, 'base64')), decipher.final()])
    assert.equal(plain.length % 32, 0)
    const pad = plain[plain.length - 1]
    assert.ok(pad >= 1 && pad <= 32)
    const body = plain.subarray(0, plain.length - pad)
    const length = body.readUInt32BE(16)
    assert.deepEqual(JSON.parse(body.subarray(20, 20 + length).toString('utf8')), { mobile: '13800138000' })
    assert.equal(body.subarray(20 + length).toString('utf8'), 'bdkey')
  } finally { await emu.close() }
})
