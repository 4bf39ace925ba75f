'use strict'
// The mini program client against a wx test double, issue #14: state that
// survives a relaunch, today's WeChat rules (privacy, quota, timeouts), and
// a request layer an app can live on (origins, replies, re-sign-in limits,
// uploads, interceptors, hooks, checked answers, failed storage writes).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createLoginClient, WeappLoginError } = require('weapp-login')
const { createFakeWx } = require('../helpers/fake-wx')

const APP_ID = 'wx1234567890abcdef'
const KEY = `weapp-login:v1:${APP_ID}:session`
const BASE = 'http://127.0.0.1:9/api'
const make = (wx, extra = {}) => createLoginClient({ wx, baseUrl: BASE, appId: APP_ID, ...extra })
const rejectsWith = (promise, code, check = () => true) =>
  assert.rejects(promise, (e) => e instanceof WeappLoginError && e.code === code && check(e))
const ok = (data) => ({ statusCode: 200, data })

test('relaunch keeps the profile, the phone and the user view: nothing asked twice, no request', async () => {
  const storage = new Map()
  const wx = createFakeWx({ storage })
  const client = make(wx)
  await client.login()
  await client.chooseAvatar({ detail: { avatarUrl: 'wxfile://tmp_a.png' } })
  assert.equal(client.state.nextStep, 'profile')
  await client.setNickname('小明')
  await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'pc' } })
  assert.equal(client.state.nextStep, 'done')

  const again = createFakeWx({ storage })
  const relaunched = make(again)
  await relaunched.ready
  const s = relaunched.state
  assert.deepEqual([s.name, s.profile, s.phone, s.nextStep], ['signedIn', true, true, 'done'])
  assert.deepEqual(s.user, { avatarUrl: 'https://cdn.example.com/avatars/1.png', nickName: '小明', phoneNumber: '138****8000' })
  assert.equal(again.calls.requests.length + again.calls.login, 0)
  assert.ok(!JSON.stringify([...storage.values()]).includes('13800138000'), 'the full phone number is never stored')
})

test('refreshUser takes the server\'s /me view into the state and storage', async () => {
  const storage = new Map()
  const wx = createFakeWx({ storage })
  const client = make(wx)
  await client.login()
  wx.user.nickName = '改名了'
  await client.refreshUser()
  assert.equal(client.state.user.nickName, '改名了')
  const relaunched = make(createFakeWx({ storage }))
  await relaunched.ready
  assert.equal(relaunched.state.user.nickName, '改名了')
})

test('a storage write that fails leaves no stale session behind', async () => {
  const storage = new Map()
  const wx = createFakeWx({ storage })
  const client = make(wx)
  const first = await client.login()
  assert.ok(storage.has(KEY))
  wx.setStorageSync = () => { throw new Error('storage full') }
  const second = await client.login({ force: true })
  assert.notEqual(second.token, first.token)
  assert.equal(storage.has(KEY), false, 'the old session is gone, not kept')
  const relaunched = make(createFakeWx({ storage }))
  await relaunched.ready
  assert.equal(relaunched.state.name, 'signedOut')
})

test('the server\'s answer is checked before it is used or stored', async () => {
  const cases = [
    ['token with a line break', { token: 'abc\r\nX-Evil: 1', openid: 'o', expiresAt: Date.now() + 1e6 }],
    ['token with NUL', { token: 'abc\u0000', openid: 'o', expiresAt: Date.now() + 1e6 }],
    ['token with a space', { token: 'abc def', openid: 'o', expiresAt: Date.now() + 1e6 }],
    ['expiresAt in the past', { token: 't'.repeat(40), openid: 'o', expiresAt: Date.now() - 1000 }],
    ['user not an object', { token: 't'.repeat(40), openid: 'o', expiresAt: Date.now() + 1e6, user: 'x' }]
  ]
  for (const [what, data] of cases) {
    const wx = createFakeWx({ server: { '/login': () => ok(data) } })
    const client = make(wx)
    await rejectsWith(client.login(), 'ERR_PAYLOAD_SHAPE', () => true)
    assert.equal(wx.storage.size, 0, what)
    assert.equal(client.state.name, 'failed', what)
  }
})

test('the sign-in sends a nonce', async () => {
  const wx = createFakeWx()
  await make(wx).login()
  const sent = wx.calls.requests.find((r) => r.path === '/login').data
  assert.match(sent.nonce, /^[A-Za-z0-9_-]{16,64}$/)
  assert.equal(typeof sent.code, 'string')
})

test('privacy refusals, the used-up phone quota and other wx failures keep errno and errMsg', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const requests = wx.calls.requests.length
  const cases = [
    [{ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 }, 'ERR_PRIVACY_DENIED'],
    [{ errMsg: 'getPhoneNumber:fail api scope is not declared in the privacy agreement', errno: 112 }, 'ERR_PRIVACY_DENIED'],
    [{ errMsg: 'getPhoneNumber:fail privacy permission is not authorized' }, 'ERR_PRIVACY_DENIED'],
    [{ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 }, 'ERR_PHONE_QUOTA'],
    [{ errMsg: 'getPhoneNumber:fail user deny', errno: 0 }, 'ERR_USER_DENIED']
  ]
  for (const [detail, code] of cases) {
    await rejectsWith(client.getPhoneNumber({ type: 'getphonenumber', detail }), code,
      (e) => e.errMsg === detail.errMsg && e.errno === detail.errno)
  }
  await rejectsWith(client.getRealtimePhoneNumber({ detail: { errMsg: 'getRealtimePhoneNumber:fail', errno: 104 } }), 'ERR_PRIVACY_DENIED')
  await rejectsWith(client.chooseAvatar({ detail: { errMsg: 'chooseAvatar:fail', errno: 112 } }), 'ERR_PRIVACY_DENIED', (e) => e.errno === 112)
  assert.equal(wx.calls.requests.length + wx.calls.uploads.length, requests, 'nothing reached the server')

  wx.getUserProfile = (o) => setTimeout(() => o.fail({ errMsg: 'getUserProfile:fail privacy permission is not authorized', errno: 104 }), 1)
  await rejectsWith(client.getUserProfile({ desc: 'x' }), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104 && /privacy/.test(e.errMsg))
})

test('getRealtimePhoneNumber posts its code like getPhoneNumber', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  const got = await client.getRealtimePhoneNumber({ type: 'getrealtimephonenumber', detail: { errMsg: 'getRealtimePhoneNumber:ok', code: 'rt-1' } })
  assert.equal(got.purePhoneNumber, '13800138000')
  assert.deepEqual(wx.calls.requests.at(-1).data, { code: 'rt-1' })
  assert.equal(client.state.phone, true)
})

test('requirePrivacy: agreed resolves, refused is ERR_PRIVACY_DENIED, no privacy API resolves', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.requirePrivacy() // this base library has no privacy rules
  wx.requirePrivacyAuthorize = (o) => setTimeout(() => o.success({ errMsg: 'requirePrivacyAuthorize:ok' }), 1)
  await client.requirePrivacy()
  wx.requirePrivacyAuthorize = (o) => setTimeout(() => o.fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized', errno: 104 }), 1)
  await rejectsWith(client.requirePrivacy(), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104)
})

test('a wx.login that never answers rejects with a retryable ERR_TIMEOUT; so does login:fail timeout', async () => {
  const wx = createFakeWx()
  wx.login = () => {} // never calls back
  const client = make(wx, { timeout: 30 })
  await rejectsWith(client.login(), 'ERR_TIMEOUT', (e) => e.retryable === true && e.errMsg === undefined)
  assert.equal(client.state.name, 'failed')
  await rejectsWith(client.request({ url: '/me' }), 'ERR_TIMEOUT')

  const wx2 = createFakeWx()
  wx2.login = (o) => setTimeout(() => o.fail({ errMsg: 'login:fail timeout' }), 1)
  await rejectsWith(make(wx2).login(), 'ERR_TIMEOUT', (e) => e.retryable === true && e.errMsg === 'login:fail timeout')
})

test('the token goes only to baseUrl\'s origin and the listed ones', async () => {
  const routes = {}
  const wx = createFakeWx()
  const request = wx.request
  wx.request = (o) => {
    if (!o.url.startsWith(BASE)) { routes[o.url] = o.header; return setTimeout(() => o.success(ok({})), 1) }
    return request(o)
  }
  const client = make(wx, { tokenOrigins: ['https://cdn.example.com'] })
  await client.login()
  for (const url of ['https://other.example.com/x', 'http://127.0.0.1:10/api/me', 'http://127.0.0.1:9@evil.example/api', 'https://cdn.example.com.evil.example/', 'https://cdn.example.com/x', 'https://CDN.example.com:443/y']) {
    await client.request({ url })
  }
  const auth = (u) => routes[u] && routes[u].Authorization
  assert.equal(auth('https://other.example.com/x'), undefined)
  assert.equal(auth('http://127.0.0.1:10/api/me'), undefined)
  assert.equal(auth('http://127.0.0.1:9@evil.example/api'), undefined)
  assert.equal(auth('https://cdn.example.com.evil.example/'), undefined)
  assert.match(auth('https://cdn.example.com/x'), /^Bearer tok-/)
  assert.match(auth('https://CDN.example.com:443/y'), /^Bearer tok-/)
  await client.request({ url: '/me' })
  assert.match(wx.calls.requests.at(-1).header.Authorization, /^Bearer tok-/)
  await client.request({ url: 'http://127.0.0.1:9/api/me' })
  assert.match(wx.calls.requests.at(-1).header.Authorization, /^Bearer tok-/)
})

test('a non-2xx reply keeps its status, its body and the server\'s code and message', async () => {
  const wx = createFakeWx({
    server: {
      '/orders/42': () => ({ statusCode: 404, data: { reason: 'no such order' } }),
      '/big': () => ({ statusCode: 413, data: { error: { code: 'ERR_INVALID_ARGUMENT', message: 'body too large', retryable: false } } }),
      '/theirs': () => ({ statusCode: 409, data: { error: { code: 'ORDER_CLOSED', message: 'closed' } } }),
      '/busy': () => ({ statusCode: 503, data: 'busy' })
    }
  })
  const client = make(wx)
  await client.login()
  await rejectsWith(client.request({ url: '/orders/42' }), 'ERR_HTTP_STATUS', (e) => e.status === 404 && e.data.reason === 'no such order' && e.retryable === false)
  await rejectsWith(client.request({ url: '/big', method: 'POST', data: {} }), 'ERR_INVALID_ARGUMENT', (e) => e.status === 413 && e.message === 'body too large')
  await rejectsWith(client.request({ url: '/theirs' }), 'ERR_HTTP_STATUS', (e) => e.status === 409 && e.data.error.code === 'ORDER_CLOSED')
  await rejectsWith(client.request({ url: '/busy' }), 'ERR_NETWORK', (e) => e.status === 503 && e.retryable === true)
})

test('only a lost session signs in again, within the limit: a 401 elsewhere never calls wx.login', async () => {
  const lost = { statusCode: 401, data: { error: { code: 'ERR_SESSION_EXPIRED' } } }
  const wx = createFakeWx({ server: { '/always401': () => lost, '/plain401': () => ({ statusCode: 401, data: 'login first' }) } })
  const client = make(wx)
  await client.login()
  await rejectsWith(client.request({ url: '/plain401' }), 'ERR_HTTP_STATUS', (e) => e.status === 401)
  assert.equal(wx.calls.login, 1)
  for (let i = 0; i < 5; i++) await rejectsWith(client.request({ url: '/always401' }), 'ERR_SESSION_EXPIRED', (e) => e.status === 401)
  assert.equal(wx.calls.login, 1 + 3, 'three re-sign-ins a minute, then the error itself')

  // What counts as lost is the app's to say.
  const wx2 = createFakeWx({ server: { '/mine': () => ({ statusCode: 401, data: { error: { code: 'ERR_SESSION_NOT_FOUND' } } }) } })
  const c2 = make(wx2, { sessionLost: ['ERR_HTTP_STATUS'], signInLimit: { max: 1 } })
  await c2.login()
  await rejectsWith(c2.request({ url: '/mine' }), 'ERR_SESSION_NOT_FOUND')
  assert.equal(wx2.calls.login, 1, 'not a lost session by this app\'s rule')
})

test('concurrent requests that find the session lost share one re-sign-in', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  wx.live.clear()
  const answers = await Promise.all([1, 2, 3, 4].map(() => client.request({ url: '/me' })))
  assert.ok(answers.every((a) => a.openid === 'o-user-1'))
  assert.equal(wx.calls.login, 2)
})

test('uploadFile sends multipart with the token and parses the JSON reply', async () => {
  const wx = createFakeWx({ server: { '/files': (o) => ({ statusCode: 201, data: { got: o.name, auth: o.header.Authorization.slice(0, 11) } }) } })
  const client = make(wx)
  await client.login()
  const reply = await client.uploadFile({ url: '/files', filePath: 'wxfile://tmp_f.jpg', name: 'file', formData: { a: '1' } })
  assert.deepEqual(reply, { got: 'file', auth: 'Bearer tok-' })
  assert.deepEqual(wx.calls.uploads.at(-1).formData, { a: '1' })
  await rejectsWith(client.uploadFile({ url: '/files' }), 'ERR_INVALID_ARGUMENT')
})

test('authorize adds the token for interceptors, only where it may go, without touching the input', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.ready
  const input = { url: 'http://127.0.0.1:9/api/x', header: { a: '1' }, method: 'GET' }
  assert.deepEqual(client.authorize(input), { ...input, header: { a: '1' } }, 'no session, no token')
  await client.login()
  const out = client.authorize(input)
  assert.match(out.header.Authorization, /^Bearer tok-/)
  assert.equal(out.header.a, '1')
  assert.equal(out.method, 'GET')
  assert.equal(input.header.Authorization, undefined)
  assert.equal(client.authorize({ url: 'https://other.example.com/x' }).header.Authorization, undefined)
})

test('hooks: onRequest times each exchange, onError hears every failure', async () => {
  const seen = []
  const errors = []
  const wx = createFakeWx({ server: { '/gone': () => ({ statusCode: 404, data: 'x' }) } })
  const client = make(wx, { onRequest: (info) => seen.push(info), onError: (err, info) => errors.push([err.code, info.op]) })
  await client.login()
  await client.request({ url: '/me' })
  await assert.rejects(client.request({ url: '/gone' }))
  assert.deepEqual(seen.map((i) => [i.api, i.status]), [['request', 200], ['request', 200], ['request', 404]])
  assert.ok(seen.every((i) => typeof i.durationMs === 'number' && i.durationMs >= 0 && typeof i.url === 'string'))
  assert.deepEqual(errors, [['ERR_HTTP_STATUS', 'request']])
})

test('the nickname after review: a form submit event, or the text', async () => {
  const wx = createFakeWx()
  const client = make(wx)
  await client.login()
  assert.equal((await client.setNickname({ type: 'submit', detail: { value: { nickName: '小红' } } })).nickName, '小红')
  assert.deepEqual(wx.calls.requests.at(-1).data, { nickName: '小红' })
  assert.equal(client.state.user.nickName, '小红')
})

test('a logout while the launch\'s checkSession is under way signs nobody in again', async () => {
  const storage = new Map()
  await make(createFakeWx({ storage })).login()
  const wx = createFakeWx({ storage })
  let answer
  wx.checkSession = (o) => { wx.calls.checkSession++; answer = () => o.success({ errMsg: 'checkSession:ok' }) }
  const client = make(wx)
  await client.ready
  const launching = client.login()
  await new Promise((resolve) => setTimeout(resolve, 5))
  await client.logout()
  answer()
  await rejectsWith(launching, 'ERR_INVALID_TRANSITION')
  assert.equal(client.state.name, 'signedOut')
  assert.equal(wx.calls.login, 0)
  assert.equal(storage.has(KEY), false)
})

test('a request to another origin needs no session: no sign-in, no token', async () => {
  const wx = createFakeWx()
  const request = wx.request
  const seen = []
  wx.request = (o) => {
    if (o.url.startsWith(BASE)) return request(o)
    seen.push(o.header)
    setTimeout(() => o.success(ok({ fine: true })), 1)
  }
  const client = make(wx)
  assert.deepEqual(await client.request({ url: 'https://weather.example.com/today' }), { fine: true })
  assert.equal(wx.calls.login, 0)
  assert.equal(seen[0].Authorization, undefined)
  await rejectsWith(client.request({ url: '/me', timeout: 'soon' }), 'ERR_INVALID_ARGUMENT', (e) => e.field === 'timeout')
})
