'use strict'
// The mini program client against a wx test double: one login at a time,
// storage reuse, checkSession, the buttons, re-sign-in, logout, secrets.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createLoginClient, WeappLoginError } = require('weapp-login')
const { createFakeWx, SESSION_KEY } = require('../helpers/fake-wx')
const { hostileValues } = require('../helpers/hostile-values')

const APP_ID = 'wx1234567890abcdef'
const KEY = `weapp-login:v1:${APP_ID}:session`
const BASE = 'http://127.0.0.1:9/api'
const make = (wx, extra = {}) => createLoginClient({ wx, baseUrl: BASE, appId: APP_ID, ...extra })
const posts = (wx, path) => wx.calls.requests.filter((r) => r.path === path).length
const rejectsWith = (promise, code) => assert.rejects(promise, (e) => e instanceof WeappLoginError && e.code === code)

test('50 concurrent logins share one wx.login and one POST /login', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  const results = await Promise.all(Array.from({ length: 50 }, () => client.login()))
  assert.equal(wx.calls.login, 1)
  assert.equal(posts(wx, '/login'), 1)
  assert.ok(results.every((r) => r.token === results[0].token && r.openid === 'o-user-1'))
  assert.equal(client.state.name, 'signedIn')
  assert.equal(client.state.nextStep, 'profile')
})

test('a stored unexpired session is reused: no wx.login, no request, one checkSession per launch', async () => {
  const wx = createFakeWx()
  await make(wx).login()
  const before = { login: wx.calls.login, requests: wx.calls.requests.length }
  const relaunched = make(wx) // a new launch, same storage
  await relaunched.ready
  assert.equal(relaunched.state.name, 'signedIn') // restored before any call
  await relaunched.login()
  await relaunched.login()
  await Promise.all([relaunched.login(), relaunched.login()])
  assert.equal(wx.calls.login, before.login)
  assert.equal(wx.calls.requests.length, before.requests)
  assert.equal(wx.calls.checkSession, 1)
})

test('a failed checkSession means one new sign-in', async () => {
  const storage = new Map()
  await make(createFakeWx({ storage })).login()
  const wx = createFakeWx({ storage, checkSessionOk: false })
  const client = make(wx)
  await Promise.all([client.login(), client.login(), client.login()])
  assert.equal(wx.calls.checkSession, 1)
  assert.equal(wx.calls.login, 1)
  assert.equal(posts(wx, '/login'), 1)
})

test('every corrupt storage shape is a fresh sign-in, never an exception', async () => {
  const shapes = [
    'garbage', '{', 42, true, [], [1, 2], {}, { v: 1 }, { v: 2, exp: Date.now() + 1e6, data: {} },
    { v: 1, exp: Date.now() - 1, data: { token: 't'.repeat(40), openid: 'o', expiresAt: Date.now() - 1 } },
    { v: 1, exp: Date.now() + 1e6, data: { token: 1, openid: 'o', expiresAt: Date.now() + 1e6 } },
    { v: 1, exp: Date.now() + 1e6, data: { token: 't'.repeat(40), openid: 'o', expiresAt: Date.now() + 1e6, session_key: SESSION_KEY } },
    { v: '1', exp: 'soon', data: 'x' }, JSON.stringify({ v: 1, exp: 1, data: {} })
  ]
  for (const shape of shapes) {
    const storage = new Map([[KEY, shape]])
    const wx = createFakeWx({ storage })
    const client = make(wx)
    await client.ready
    assert.equal(client.state.name, 'signedOut', JSON.stringify(shape))
    await client.login()
    assert.equal(wx.calls.login, 1, JSON.stringify(shape))
    assert.equal(storage.get(KEY).v, 1)
  }
})

test('phone button: deny, cancel and no permission fail without a request', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const cases = [
    ['getPhoneNumber:fail user deny', 'ERR_USER_DENIED'],
    ['getPhoneNumber:fail:user cancel', 'ERR_USER_DENIED'],
    ['getPhoneNumber:fail no permission', 'ERR_NO_PERMISSION'],
    ['getPhoneNumber:fail jsapi has no permission, event=getphonenumber', 'ERR_WX_FAIL']
  ]
  const requests = wx.calls.requests.length
  for (const [errMsg, code] of cases) await rejectsWith(client.getPhoneNumber({ detail: { errMsg } }), code)
  assert.equal(wx.calls.requests.length, requests)
})

test('phone button: the code path and the encrypted path post what they got, with no wx.login in between', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const logins = wx.calls.login
  const byCode = await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'pc-1' } })
  assert.deepEqual(byCode, { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
  const sent = wx.calls.requests.filter((r) => r.path === '/phone')
  assert.deepEqual(sent[0].data, { code: 'pc-1' })
  await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'AAAA', iv: 'BBBB' } })
  assert.deepEqual(wx.calls.requests.filter((r) => r.path === '/phone')[1].data, { encryptedData: 'AAAA', iv: 'BBBB' })
  assert.equal(wx.calls.login, logins, 'no wx.login between the button and the server')
  assert.equal(wx.calls.checkSession, 0)
  assert.ok(sent.every((r) => r.header.Authorization.startsWith('Bearer tok-')))
  assert.equal(client.state.phone, true)
})

test('request() signs in again exactly once when the server lost the session', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  wx.live.clear() // the server forgot every session
  const me = await client.request({ url: '/me' })
  assert.equal(me.openid, 'o-user-1')
  assert.equal(wx.calls.login, 2)
  assert.equal(posts(wx, '/me'), 2)

  // A server that never accepts the token: one re-sign-in, then the error.
  const stubborn = createFakeWx({ server: { '/me': () => ({ statusCode: 401, data: { error: { code: 'ERR_SESSION_EXPIRED' } } }) } })
  const c2 = make(stubborn)
  await c2.login()
  await rejectsWith(c2.request({ url: '/me' }), 'ERR_SESSION_EXPIRED')
  assert.equal(stubborn.calls.login, 2)
  assert.equal(posts(stubborn, '/me'), 2)
})

test('server and network errors arrive as WeappLoginErrors with their codes', async () => {
  const wx = createFakeWx({
    server: {
      '/phone': () => ({ statusCode: 502, data: { error: { code: 'ERR_CODE_USED', message: 'used', retryable: false, errcode: 40163 } } }),
      '/slow': () => ({ fail: 'request:fail timeout' }),
      '/down': () => ({ fail: 'request:fail net::ERR_CONNECTION_REFUSED' })
    }
  })
  const client = make(wx)
  await client.login()
  await assert.rejects(client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'c' } }), (e) => e.code === 'ERR_CODE_USED' && e.errcode === 40163)
  await rejectsWith(client.request({ url: '/slow' }), 'ERR_TIMEOUT')
  await rejectsWith(client.request({ url: '/down' }), 'ERR_NETWORK')
})

test('logout clears storage and state, and tells the server', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  assert.ok(wx.storage.has(KEY))
  await client.logout()
  assert.equal(wx.storage.has(KEY), false)
  assert.equal(client.state.name, 'signedOut')
  assert.equal(posts(wx, '/logout'), 1)
  assert.equal(make(wx).state.name, 'signedOut') // nothing stored: the first frame is signed out
})

test('a session_key in the server answer is never stored', async () => {
  const wx = createFakeWx({
    server: { '/login': () => ({ statusCode: 200, data: { token: 'tok-safe-' + 'y'.repeat(40), openid: 'o2', expiresAt: Date.now() + 1e6, session_key: SESSION_KEY, sessionKey: SESSION_KEY } }) }
  })
  const client = make(wx)
  const s = await client.login()
  assert.equal(s.openid, 'o2')
  const stored = JSON.stringify([...wx.storage.values()])
  assert.ok(!stored.includes(SESSION_KEY))
  assert.ok(!/session_?key/i.test(stored))
  assert.ok(!JSON.stringify(s).includes(SESSION_KEY))
})

test('a token shaped like a session key is refused', async () => {
  const wx = createFakeWx({ server: { '/login': () => ({ statusCode: 200, data: { token: SESSION_KEY, openid: 'o', expiresAt: Date.now() + 1e6 } }) } })
  await rejectsWith(make(wx).login(), 'ERR_SENSITIVE_FIELD')
  assert.equal(wx.storage.size, 0)
})

test('profile: getUserProfile runs inside the tap, then next steps go profile → phone → done', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  const seen = []
  const unsubscribe = client.subscribe((s) => seen.push(s.nextStep))
  await client.login()
  const pending = client.getUserProfile({ desc: '完善资料' })
  assert.equal(wx.calls.getUserProfile, 1, 'called synchronously, before any await')
  await pending
  assert.equal(client.state.nextStep, 'phone')
  await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'c' } })
  assert.equal(client.state.nextStep, 'done')
  unsubscribe()
  await client.logout()
  assert.deepEqual(seen, ['login', 'profile', 'phone', 'done'])
})

test('legacy getUserInfo: from the button event, from a granted scope, refused without one', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const fromEvent = await client.getUserInfo({ detail: { errMsg: 'getUserInfo:ok', userInfo: { nickName: 'btn' }, rawData: '{}', signature: 's' } })
  assert.equal(fromEvent.nickName, 'btn')
  await rejectsWith(client.getUserInfo(), 'ERR_USER_DENIED')
  wx.authSetting = { 'scope.userInfo': true }
  assert.equal((await client.getUserInfo()).nickName, 'legacy')
  await rejectsWith(client.getUserInfo({ detail: { errMsg: 'getUserInfo:fail auth deny' } }), 'ERR_USER_DENIED')
})

test('avatar and nickname: validated; the avatar goes up with wx.uploadFile, the nickname through request', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const avatar = await client.chooseAvatar({ detail: { avatarUrl: 'wxfile://tmp_1.jpg' } })
  assert.equal(avatar.avatarUrl, 'https://cdn.example.com/avatars/1.png')
  const up = wx.calls.uploads.at(-1)
  assert.deepEqual([up.path, up.name, up.filePath], ['/avatar', 'avatar', 'wxfile://tmp_1.jpg'])
  assert.match(up.header.Authorization, /^Bearer tok-/)
  assert.equal(wx.calls.readFile, 0, 'no base64 in JSON')
  await rejectsWith(client.chooseAvatar({ detail: {} }), 'ERR_PAYLOAD_SHAPE')
  assert.equal(client.state.nextStep, 'profile', 'an avatar alone does not complete the profile')
  assert.equal((await client.setNickname({ detail: { value: '  小明  ' } })).nickName, '小明')
  await rejectsWith(client.setNickname({ detail: { value: '   ' } }), 'ERR_INVALID_ARGUMENT')
  assert.equal(client.state.profile, true)
  assert.equal(client.state.nextStep, 'phone')
})

test('bad options are WeappLoginErrors at once', () => {
  for (const bad of [undefined, null, 'x', { wx: null, baseUrl: BASE, appId: APP_ID }, { wx: {}, baseUrl: 'ftp://x', appId: APP_ID }, { wx: {}, baseUrl: BASE, appId: 1 }]) {
    assert.throws(() => createLoginClient(bad), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT')
  }
  const wx = createFakeWx()
  for (const [name, value] of [['timeout', -1], ['timeout', 'soon'], ['now', 5], ['tokenOrigins', 'https://a'], ['tokenOrigins', ['ftp://x']],
    ['sessionLost', 'ERR_SESSION_EXPIRED'], ['signInLimit', { max: -1 }], ['signInLimit', { windowSeconds: 0 }], ['onError', {}], ['onRequest', 1]]) {
    assert.throws(() => make(wx, { [name]: value }), (e) => e instanceof WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === name, name)
  }
})

test('a wx without the API answers ERR_WX_FAIL; a bad appId rejects ready', async () => {
  const wx = createFakeWx()
  delete wx.login
  await rejectsWith(make(wx).login(), 'ERR_WX_FAIL')
  await rejectsWith(make(createFakeWx(), { appId: 'has:colon' }).ready, 'ERR_INVALID_ARGUMENT')
})

test('every client method answers any hostile argument with a WeappLoginError', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  for (const method of ['getPhoneNumber', 'getRealtimePhoneNumber', 'getUserInfo', 'chooseAvatar', 'setNickname', 'request', 'uploadFile', 'login', 'getUserProfile', 'authorize']) {
    for (const value of hostileValues()) {
      if (method === 'getUserInfo' && value === undefined) continue // means "no button": a valid call
      if ((method === 'login' || method === 'getUserProfile') && (value === undefined || value === null)) continue
      try {
        const r = client[method](value)
        if (method === 'authorize') assert.ok(r && typeof r === 'object')
        await r
      } catch (e) {
        assert.ok(e instanceof WeappLoginError, `${method}(${typeof value}): ${e && e.name} ${e && e.message}`)
        assert.notEqual(e.code, 'ERR_INTERNAL', `${method}(${typeof value})`)
      }
    }
  }
  assert.equal(client.state.name, 'signedIn')
})
