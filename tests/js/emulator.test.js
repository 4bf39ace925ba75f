'use strict'
// The WeChat emulator behaves as WeChat does where the login flow depends on it.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { start } = require('../../www/emulator')

const APP_ID = 'wxemulator000001'
const SECRET = 'emulator-secret'
const t = { now: Date.now() }
let emu
const get = async (route, query) => (await fetch(`${emu.url}${route}?${new URLSearchParams(query)}`)).json()
const post = async (route, body, query = {}) => (await fetch(`${emu.url}${route}?${new URLSearchParams(query)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()
const login = (user = 'u1') => post('/__emulator/login', { user })
const exchange = (code, over = {}) => get('/sns/jscode2session', { appid: APP_ID, secret: SECRET, js_code: code, grant_type: 'authorization_code', ...over })

before(async () => { emu = await start({ appId: APP_ID, appSecret: SECRET, now: () => t.now }) })
after(() => emu.close())

test('jscode2session: credentials, unknown, used and expired codes', async () => {
  const { code } = await login()
  assert.equal((await exchange(code, { appid: 'wxother' })).errcode, 40013)
  assert.equal((await exchange(code, { secret: 'wrong' })).errcode, 40125)
  assert.equal((await exchange('nope')).errcode, 40029)
  const first = await exchange(code)
  assert.ok(first.openid && first.session_key && first.errcode === undefined)
  assert.equal((await exchange(code)).errcode, 40163)
  const late = (await login()).code
  t.now += 5 * 60 * 1000 + 1
  assert.equal((await exchange(late)).errcode, 40029)
})

test('every wx.login rotates the session key; the openid stays', async () => {
  const a = await exchange((await login('u2')).code)
  const b = await exchange((await login('u2')).code)
  assert.equal(a.openid, b.openid)
  assert.notEqual(a.session_key, b.session_key)
  assert.equal(Buffer.from(a.session_key, 'base64').length, 16)
})

test('the phone button seals with the current key; its code works once', async () => {
  const { code } = await login('u3')
  const { session_key: key } = await exchange(code)
  const detail = await post('/__emulator/phone', { user: 'u3' })
  const decipher = crypto.createDecipheriv('aes-128-cbc', Buffer.from(key, 'base64'), Buffer.from(detail.iv, 'base64'))
  const plain = JSON.parse(Buffer.concat([decipher.update(Buffer.from(detail.encryptedData, 'base64')), decipher.final()]).toString())
  assert.equal(plain.watermark.appid, APP_ID)
  const { access_token: token, expires_in: expiresIn } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET })
  assert.ok(token && expiresIn > 7000)
  const phone = await post('/wxa/business/getuserphonenumber', { code: detail.code }, { access_token: token })
  assert.equal(phone.errcode, 0)
  assert.equal(phone.phone_info.purePhoneNumber, '13800138000')
  assert.equal((await post('/wxa/business/getuserphonenumber', { code: detail.code }, { access_token: token })).errcode, 40163)
  assert.equal((await post('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: 'bogus' })).errcode, 40001)
  assert.deepEqual(await post('/__emulator/phone', { user: 'u3', allow: false }), { errMsg: 'getPhoneNumber:fail user deny' })
})

test('access tokens expire; stable_token keeps one until then unless forced', async () => {
  const ask = (force) => post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET, force_refresh: force })
  const a = await ask(false)
  assert.equal((await ask(false)).access_token, a.access_token)
  const b = await ask(true)
  assert.notEqual(b.access_token, a.access_token)
  t.now += 7200 * 1000 + 1
  assert.equal((await post('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: b.access_token })).errcode, 42001)
  assert.equal((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: 'bad' })).errcode, 40125)
})

test('checksession: the current key signs; an old one is 87009', async () => {
  const { session_key: old, openid } = await exchange((await login('u4')).code)
  const { session_key: key } = await exchange((await login('u4')).code)
  const { access_token: token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET })
  const sign = (k) => crypto.createHmac('sha256', k).update('').digest('hex')
  const check = (k) => get('/wxa/checksession', { access_token: token, openid, signature: sign(k), sig_method: 'hmac_sha256' })
  assert.equal((await check(key)).errcode, 0)
  assert.equal((await check(old)).errcode, 87009)
})

test('faults: the next N calls answer an errcode, or late', async () => {
  await post('/__emulator/faults', { endpoint: 'jscode2session', errcode: -1, count: 2 })
  const { code } = await login('u5')
  assert.equal((await exchange(code)).errcode, -1)
  assert.equal((await exchange(code)).errcode, -1)
  assert.ok((await exchange(code)).openid)
  // A delayed answer arrives after one asked for later.
  await post('/__emulator/faults', { endpoint: 'stable_token', delayMs: 300 })
  const order = []
  await Promise.all([
    post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET }).then(() => order.push('delayed')),
    new Promise((resolve) => setTimeout(resolve, 20)).then(() => exchange('nope')).then(() => order.push('prompt'))
  ])
  assert.deepEqual(order, ['prompt', 'delayed'])
})
