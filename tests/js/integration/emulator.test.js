'use strict'
// The WeChat emulator behaves as WeChat does where the login flow depends on it.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { start } = require('../../../www/emulator')

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

test('the emulator can make its next N calls answer an errcode, or answer late', async () => {
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

test('a forced refresh cancels the previous token, 30 s apart, 20 a day', async () => {
  await post('/__emulator/reset', {})
  const ask = (force) => post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET, force_refresh: force })
  const phone = (token) => post('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: token })
  const a = await ask(false)
  const b = await ask(true)
  assert.notEqual(b.access_token, a.access_token)
  assert.equal((await phone(a.access_token)).errcode, 40001) // the old one stops working
  assert.equal((await phone(b.access_token)).errcode, 40029) // the new one works (the code is bogus)
  assert.equal((await ask(true)).errcode, 45011) // within 30 s
  for (let i = 0; i < 19; i++) { t.now += 31 * 1000; assert.ok((await ask(true)).access_token, `forced refresh ${i + 2}`) }
  t.now += 31 * 1000
  assert.equal((await ask(true)).errcode, 45009) // the 21st of the day
  assert.equal((await ask(false)).errcode, undefined) // normal mode still answers
  t.now += 24 * 3600 * 1000
  assert.ok((await ask(true)).access_token)
})

test('a phone code answers only for its own user when the openid is given', async () => {
  const { openid: mine } = await exchange((await login('p1')).code)
  const { openid: theirs } = await exchange((await login('p2')).code)
  const { access_token: token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET })
  const { code } = await post('/__emulator/phone', { user: 'p1' })
  assert.equal((await post('/wxa/business/getuserphonenumber', { code, openid: theirs }, { access_token: token })).errcode, 40029)
  const ok = await post('/wxa/business/getuserphonenumber', { code, openid: mine }, { access_token: token })
  assert.equal(ok.errcode, 0)
  assert.equal((await post('/wxa/business/getuserphonenumber', { code, openid: mine }, { access_token: token })).errcode, 40163)
})

test('resetusersessionkey gives the user a new session key; the old one no longer signs', async () => {
  const { session_key: key, openid } = await exchange((await login('r1')).code)
  const { access_token: token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET })
  const sign = (k) => crypto.createHmac('sha256', k).update('').digest('hex')
  const reset = await get('/wxa/resetusersessionkey', { access_token: token, openid, signature: sign(key), sig_method: 'hmac_sha256' })
  assert.equal(reset.errcode, 0)
  assert.equal(reset.openid, openid)
  assert.notEqual(reset.session_key, key)
  assert.equal((await get('/wxa/checksession', { access_token: token, openid, signature: sign(key), sig_method: 'hmac_sha256' })).errcode, 87009)
  assert.equal((await get('/wxa/checksession', { access_token: token, openid, signature: sign(reset.session_key), sig_method: 'hmac_sha256' })).errcode, 0)
})

test('the configuration errcodes can be produced: 40164 (IP not whitelisted), 40243 (secret frozen)', async () => {
  const { code } = await login('c1')
  await post('/__emulator/app', { ipWhitelisted: false })
  assert.equal((await exchange(code)).errcode, 40164)
  assert.equal((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP_ID, secret: SECRET })).errcode, 40164)
  await post('/__emulator/app', { ipWhitelisted: true, secretFrozen: true })
  assert.equal((await exchange(code)).errcode, 40243)
  await post('/__emulator/app', { secretFrozen: false })
  assert.ok((await exchange(code)).openid)
})
