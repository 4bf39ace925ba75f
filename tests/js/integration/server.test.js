'use strict'
// createAuth and its handler against the emulator over 127.0.0.1.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture, post, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { needsNode } = require('../helpers/node-version')

const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof wl.WeappLoginError && e.code === code)

test('20 concurrent logins with one code: one upstream exchange, one session; the kept result only for the same nonce', async () => {
  const f = await fixture()
  try {
    const code = f.code()
    const nonce = 'nonce-of-the-first-client-0001'
    const results = await Promise.all(Array.from({ length: 20 }, () => f.auth.login(code, { nonce })))
    assert.equal(f.stats().jscode2session, 1)
    assert.ok(results.every((r) => r.token === results[0].token))
    assert.equal(results[0].token.length, 43) // 32 random bytes
    const again = await f.auth.login(code, { nonce }) // the client's retry, later
    assert.equal(again.token, results[0].token)
    await rejectsWith(f.auth.login(code, { nonce: 'another-client-nonce-00000' }), 'ERR_CODE_USED')
    await rejectsWith(f.auth.login(code), 'ERR_CODE_USED')
    assert.equal(f.stats().jscode2session, 1)
    assert.equal((await f.auth.session(results[0].token)).openid, results[0].openid)
    // Without a nonce, concurrent callers share the exchange; later ones find the code used.
    const bare = f.code()
    const shared = await Promise.all([f.auth.login(bare), f.auth.login(bare)])
    assert.equal(shared[0].token, shared[1].token)
    await rejectsWith(f.auth.login(bare), 'ERR_CODE_USED')
    assert.equal(f.stats().jscode2session, 2)
    await rejectsWith(f.auth.login(f.code(), { nonce: 'short' }), 'ERR_INVALID_ARGUMENT')
  } finally { await f.close() }
})

test('-1 is retried (bounded); 40029 and 40163 are not, and are remembered; 45011 is not retried', async () => {
  const f = await fixture()
  try {
    f.fault('jscode2session', { errcode: -1, count: 1 })
    const ok = await f.auth.login(f.code())
    assert.ok(ok.token)
    assert.equal(f.stats().jscode2session, 2)
    await rejectsWith(f.auth.login('never-issued'), 'ERR_CODE_INVALID') // cannot be a code: never sent
    assert.equal(f.stats().jscode2session, 2)
    const unknown = 'a'.repeat(32)
    await rejectsWith(f.auth.login(unknown), 'ERR_CODE_INVALID')
    assert.equal(f.stats().jscode2session, 3)
    const code = f.code()
    f.emu.wechat.api.jscode2session({ appid: APP_ID, secret: APP_SECRET, js_code: code, grant_type: 'authorization_code' }) // someone else used it
    await rejectsWith(f.auth.login(code), 'ERR_CODE_USED')
    assert.equal(f.stats().jscode2session, 4)
    f.fault('jscode2session', { errcode: 45011, count: 1 })
    await assert.rejects(f.auth.login(f.code()), (e) => e.code === 'ERR_RATE_LIMITED' && e.retryable === true && e.errcode === 45011 && e.retryAfter === 60)
    assert.equal(f.stats().jscode2session, 5) // 45011 is a per-minute limit: no retry, a minute's wait
    f.fault('jscode2session', { errcode: -1, count: 10 })
    await assert.rejects(f.auth.login(f.code()), (e) => e.code === 'ERR_UPSTREAM_BUSY' && e.retryable === true)
    assert.equal(f.stats().jscode2session, 5 + 3) // the first try and two retries: bounded
  } finally { await f.close() }
})

test('the daily quota (45009) waits until midnight in Beijing, answered as retry-after', async () => {
  const f = await fixture({ time: { now: () => Date.UTC(2026, 11, 7, 4, 0, 0) } }) // noon in Beijing
  try {
    f.fault('jscode2session', { errcode: 45009, count: 2 })
    await assert.rejects(f.auth.login(f.code()), (e) => e.code === 'ERR_RATE_LIMITED' && e.errcode === 45009 && e.retryAfter === 12 * 3600)
    const res = await fetch(f.base + '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: f.code() }) })
    assert.equal(res.status, 429)
    assert.equal(res.headers.get('retry-after'), String(12 * 3600))
    assert.equal((await res.json()).error.code, 'ERR_RATE_LIMITED')
    assert.equal(f.stats().jscode2session, 2) // never retried
  } finally { await f.close() }
})

test('data sealed under the previous key opens after a re-login; an unknown key is ERR_SESSION_STALE', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('bob')
    const first = await f.auth.login(f.code('bob'))
    const event = await wx.events.getPhoneNumber() // sealed with the key of the first login
    const second = await f.auth.login(f.code('bob')) // wx.login again: the key rotates
    assert.notEqual(first.token, second.token)
    const phone = await f.auth.phoneNumber(second.token, { encryptedData: event.detail.encryptedData, iv: event.detail.iv })
    assert.deepEqual(phone, { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', user: { phoneNumber: '138****8000' } })
    // Sealed under a key the server never saw (the user signed in elsewhere since).
    f.emu.wechat.emulator.login({ user: 'bob' })
    const stale = await wx.events.getPhoneNumber()
    await rejectsWith(f.auth.phoneNumber(second.token, { encryptedData: stale.detail.encryptedData, iv: stale.detail.iv }), 'ERR_SESSION_STALE')
  } finally { await f.close() }
})

test('the phone code path: one cached access token; a refused one is refreshed in normal mode first, forced at most once per 30 s', async () => {
  const f = await fixture({ authOptions: { phoneLimit: { max: 50, windowSeconds: 60 } } })
  try {
    const wx = f.wx('carol')
    const s = await f.auth.login(f.code('carol'))
    for (let i = 0; i < 3; i++) {
      const ev = await wx.events.getPhoneNumber()
      assert.equal((await f.auth.phoneNumber(s.token, { code: ev.detail.code })).purePhoneNumber, '13800138000')
    }
    assert.equal(f.stats().stable_token, 1)
    f.fault('getuserphonenumber', { errcode: 42001, count: 1 })
    const ev = await wx.events.getPhoneNumber()
    await f.auth.phoneNumber(s.token, { code: ev.detail.code })
    // normal mode gave the same (still valid) token back, so one forced refresh
    assert.equal(f.stats().stable_token, 3)
    assert.equal(f.stats().stable_token_forced, 1)
    f.time.advance(20_000)
    f.fault('getuserphonenumber', { errcode: 40001, count: 1 })
    await rejectsWith(f.auth.phoneNumber(s.token, { code: (await wx.events.getPhoneNumber()).detail.code }), 'ERR_ACCESS_TOKEN')
    assert.equal(f.stats().stable_token_forced, 1) // within 30 s of the last: no second forced refresh
    // A used code falls back to the encrypted pair when it came too.
    const both = await wx.events.getPhoneNumber()
    await f.auth.phoneNumber(s.token, { code: both.detail.code })
    assert.equal((await f.auth.phoneNumber(s.token, both.detail)).countryCode, '86') // the kept number: same code, same answer
    const spent = await wx.events.getPhoneNumber()
    const token = (await (await fetch(f.emu.url + '/cgi-bin/stable_token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET }) })).json()).access_token
    f.emu.wechat.api.getuserphonenumber({ access_token: token }, { code: spent.detail.code }) // someone else spent it
    await rejectsWith(f.auth.phoneNumber(s.token, { code: spent.detail.code }), 'ERR_CODE_USED')
    assert.equal((await f.auth.phoneNumber(s.token, spent.detail)).countryCode, '86') // falls back to the sealed pair
  } finally { await f.close() }
})

test('an unknown, an expired and a logged-out token are each refused with their code', async () => {
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code())
    await rejectsWith(f.auth.session('nope'), 'ERR_SESSION_NOT_FOUND')
    await rejectsWith(f.auth.session(undefined), 'ERR_SESSION_NOT_FOUND')
    assert.equal((await f.auth.session(s.token)).openid, s.openid)
    f.time.advance(7 * 24 * 3600 * 1000 + 1)
    await rejectsWith(f.auth.session(s.token), 'ERR_SESSION_EXPIRED')
    const t = await f.auth.login(f.code())
    await f.auth.logout(t.token)
    await rejectsWith(f.auth.session(t.token), 'ERR_SESSION_NOT_FOUND')
  } finally { await f.close() }
})

test('user info: sealed and signed, checked against the session', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('dan')
    const s = await f.auth.login(f.code('dan'))
    const { detail } = await wx.events.getUserInfo()
    const { userInfo } = await f.auth.userInfo(s.token, detail)
    assert.equal(userInfo.openId, s.openid)
    assert.equal(userInfo.nickName, '微信用户')
    await rejectsWith(f.auth.userInfo(s.token, { ...detail, rawData: detail.rawData.replace('微信用户', 'mallory') }), 'ERR_SESSION_STALE')
    const other = await f.auth.login(f.code('eve'))
    await rejectsWith(f.auth.userInfo(other.token, { encryptedData: detail.encryptedData, iv: detail.iv }), 'ERR_SESSION_STALE')
    assert.deepEqual((await f.auth.userInfo(s.token, { nickName: ' 小明 ' })).userInfo, { nickName: '小明' })
    const again = await f.auth.login(f.code('dan'))
    assert.equal(again.profile, true) // the server remembers what it has
    assert.equal((await f.auth.checkSession(again.token)), true)
  } finally { await f.close() }
})

test('handler: JSON only, limits, tokens, statuses, one error shape', async () => {
  const f = await fixture()
  try {
    const code = f.code()
    const login = await post(f.base, '/login', { code })
    assert.equal(login.status, 200)
    assert.deepEqual(Object.keys(login.body).sort(), ['expiresAt', 'openid', 'phone', 'profile', 'token', 'unionid', 'user'])
    const me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${login.body.token}` } })
    assert.deepEqual(await me.json(), { openid: login.body.openid, unionid: login.body.unionid, expiresAt: login.body.expiresAt, user: {} })
    const cases = [
      [await post(f.base, '/login', 'code=x', null, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE'],
      [await post(f.base, '/login', '{not json'), 400, 'ERR_INVALID_ARGUMENT'],
      [await post(f.base, '/login', { code: 'x'.repeat(300 * 1024) }), 413, 'ERR_BODY_TOO_LARGE'],
      [await post(f.base, '/login', { code: 'unknown' }), 400, 'ERR_CODE_INVALID'],
      [await post(f.base, '/login', { code }), 400, 'ERR_CODE_USED'], // the same code again, no nonce: used
      [await post(f.base, '/phone', { code: 'x' }), 401, 'ERR_SESSION_NOT_FOUND'],
      [await post(f.base, '/phone', { encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }, login.body.token), 401, 'ERR_SESSION_STALE'],
      [await post(f.base, '/phone', { encryptedData: 'AAAA', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }, login.body.token), 400, 'ERR_CIPHERTEXT_LENGTH'],
      [await post(f.base, '/nowhere', {}), 404, 'ERR_NOT_FOUND']
    ]
    for (const [res, status, code] of cases) {
      assert.equal(res.status, status, JSON.stringify(res.body))
      if (code) {
        assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message', 'retryable'])
        assert.equal(res.body.error.code, code)
        assert.ok(!/\bat .+:\d+:\d+/.test(res.body.error.message), 'no stack traces')
      }
    }
    f.fault('jscode2session', { errcode: 45011, count: 10 })
    const limited = await post(f.base, '/login', { code: f.code() })
    assert.equal(limited.status, 429)
    assert.equal(limited.body.error.retryable, true)
    const out = await post(f.base, '/logout', {}, login.body.token)
    assert.equal(out.status, 200)
    assert.equal((await fetch(f.base + '/me', { headers: { authorization: `Bearer ${login.body.token}` } })).status, 401)
  } finally { await f.close() }
})

test('decrypt failures answer the same whatever the cause', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('fay')
    const s = await f.auth.login(f.code('fay'))
    const { detail } = await wx.events.getPhoneNumber()
    const flip = (b64, at) => { const b = Buffer.from(b64, 'base64'); b[at] ^= 1; return b.toString('base64') }
    const bodies = []
    for (const data of [flip(detail.encryptedData, 0), flip(detail.encryptedData, Buffer.from(detail.encryptedData, 'base64').length - 1), 'AAAAAAAAAAAAAAAAAAAAAA==']) {
      bodies.push((await post(f.base, '/phone', { encryptedData: data, iv: detail.iv }, s.token)).body)
    }
    assert.equal(new Set(bodies.map((b) => JSON.stringify(b))).size, 1, JSON.stringify(bodies))
  } finally { await f.close() }
})

test('Express: the handler mounts under a path and leaves other routes alone', { skip: needsNode(18, 'express 5') }, async () => {
  const express = require('express')
  const f = await fixture()
  const app = express()
  app.use(express.json())
  app.use('/api', f.auth.handler())
  app.get('/api/other', (req, res) => res.json({ other: true }))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${server.address().port}/api`
  try {
    const login = await post(base, '/login', { code: f.code() })
    assert.equal(login.status, 200)
    assert.ok(login.body.token)
    assert.deepEqual(await (await fetch(base + '/other')).json(), { other: true })
  } finally {
    server.closeAllConnections(); server.close()
    await f.close()
  }
})

test('a whole flow: nothing secret in any answer, error or log line', async () => {
  const logs = []
  const original = { log: console.log, error: console.error, warn: console.warn }
  for (const k of Object.keys(original)) console[k] = (...a) => logs.push(a.join(' '))
  const f = await fixture()
  try {
    const wx = f.wx('gil')
    const client = wl.createLoginClient({ wx, baseUrl: f.base, appId: APP_ID })
    const answers = []
    const tap = (p) => p.then((v) => { answers.push(JSON.stringify(v)); return v }, (e) => { answers.push(`${e.code} ${e.message}`); return null })
    const s = await tap(client.login())
    await tap(client.getPhoneNumber(await wx.events.getPhoneNumber()))
    await tap(client.getPhoneNumber(await wx.events.getPhoneNumber({ allow: false })))
    await tap(client.getUserInfo((await wx.events.getUserInfo()).detail))
    await tap(client.request({ url: '/phone', method: 'POST', data: { encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' } }))
    await tap(f.auth.login('bogus'))
    const sessionKey = f.emu.wechat.emulator.sessionKeyOf('gil')
    const everything = [...answers, ...logs]
    assert.ok(answers.length >= 6)
    for (const secret of [sessionKey, APP_SECRET]) {
      assert.ok(!everything.some((line) => line.includes(secret)), 'a session key or the app secret leaked')
    }
    // The token and the phone number only where they belong: the login and phone answers.
    const errorsAndLogs = [...answers.filter((a) => a.startsWith('ERR_')), ...logs]
    for (const secret of [s.token, '13800138000']) assert.ok(!errorsAndLogs.some((l) => l.includes(secret)))
    const stored = JSON.stringify(wx.getStorageSync(`weapp-login:v1:${APP_ID}:session`))
    assert.ok(!stored.includes(sessionKey) && !stored.includes('13800138000'))
  } finally {
    Object.assign(console, original)
    await f.close()
  }
})

test('every server method answers any hostile argument with a WeappLoginError', async () => {
  const { hostileValues } = require('../helpers/hostile-values')
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code())
    for (const value of hostileValues()) {
      assert.throws(() => wl.createAuth(value), (e) => e instanceof wl.WeappLoginError)
      const calls = [
        () => f.auth.login(value),
        () => f.auth.session(value),
        () => f.auth.phoneNumber(s.token, value),
        () => f.auth.phoneNumber(value, { code: 'x' }),
        () => f.auth.userInfo(s.token, value),
        () => f.auth.userInfo(s.token, { encryptedData: value, iv: value, rawData: value, signature: value }),
        () => f.auth.login(f.code('someone-else'), value),
        () => f.auth.me(value),
        () => f.auth.avatar(s.token, value),
        () => f.auth.avatar(s.token, { bytes: value, contentType: value }),
        () => f.auth.avatarFile(value),
        () => f.auth.logoutAll(value),
        () => f.auth.phoneNumber(s.token, { code: value })
      ]
      for (const call of calls) {
        try { await call() } catch (e) {
          assert.ok(e instanceof wl.WeappLoginError, `${call} with ${typeof value}: ${e && e.name} ${e && e.message}`)
          assert.notEqual(e.code, 'ERR_INTERNAL')
        }
      }
      await f.auth.logout(value)
    }
    assert.equal((await f.auth.session(s.token)).openid, s.openid)
  } finally { await f.close() }
})

test('hardening: a slow body times out, and /login has an optional per-address limit', async () => {
  const f = await fixture()
  const limited = await require('../helpers/fixture').serve(f.auth.handler({ loginLimit: { max: 3, windowSeconds: 60 }, bodyTimeoutMs: 300 }))
  try {
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await post(limited.base, '/login', { code: f.code() })).status)
    assert.deepEqual(statuses, [200, 200, 200, 429, 429])
    const res = await fetch(limited.base + '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'x' }) })
    assert.equal(res.headers.get('retry-after'), '60')
    assert.equal((await res.json()).error.code, 'ERR_RATE_LIMITED')
    // A body that never finishes arriving.
    const { token } = await f.auth.login(f.code())
    const answer = await new Promise((resolve) => {
      const req = require('node:http').request(limited.base + '/phone', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: `Bearer ${token}` } }, (r) => {
        let text = ''
        r.on('data', (c) => { text += c })
        r.on('end', () => resolve({ status: r.statusCode, body: JSON.parse(text) }))
      })
      req.on('error', () => resolve({ status: 0 }))
      req.write('{"code":')
    })
    assert.equal(answer.status, 408)
    assert.equal(answer.body.error.code, 'ERR_BODY_TIMEOUT')
  } finally { await limited.close(); await f.close() }
})

test('damaged store entries and unreadable signed rawData are typed errors', async () => {
  const crypto = require('node:crypto')
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code('kim'))
    const key = f.emu.wechat.emulator.sessionKeyOf('kim')
    const signature = crypto.createHash('sha1').update('not json' + key).digest('hex')
    await rejectsWith(f.auth.userInfo(s.token, { rawData: 'not json', signature }), 'ERR_PAYLOAD_SHAPE')
    await f.auth.store.set(f.auth.storeKey(`{${s.openid}}:k`), '{damaged', 60)
    await rejectsWith(f.auth.checkSession(s.token), 'ERR_SESSION_STALE')
    const ev = await f.wx('kim').events.getPhoneNumber()
    await rejectsWith(f.auth.phoneNumber(s.token, { encryptedData: ev.detail.encryptedData, iv: ev.detail.iv }), 'ERR_SESSION_STALE')
  } finally { await f.close() }
})

test('a per-user limit\'s 429 over HTTP says when to try again: retry-after is its window', async () => {
  const f = await fixture({ authOptions: { phoneLimit: { max: 1, windowSeconds: 30 } } })
  try {
    const wx = f.wx('rita')
    const { token } = (await post(f.base, '/login', { code: f.code('rita') })).body
    const phone = async () => {
      const ev = await wx.events.getPhoneNumber()
      return fetch(f.base + '/phone', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ code: ev.detail.code }) })
    }
    assert.equal((await phone()).status, 200)
    const refused = await phone()
    assert.equal(refused.status, 429)
    assert.equal(refused.headers.get('retry-after'), '30')
    assert.equal((await refused.json()).error.code, 'ERR_RATE_LIMITED')
  } finally { await f.close() }
})
