'use strict'
// The HTTP contract, one suite for every framework the README shows.
// Each framework file gives a `mount(auth, options)` that serves
// auth.handler() (or auth.fetchHandler()) under /api as that framework
// does, beside two routes of the app's own under the same prefix:
//   POST /api/echo     answers { type, body }: the content type and the body as the app saw them
//   GET  /api/private  protected by requireSession() (or sessionFromRequest): answers { session }
// and answers `{ request(path, init) → Promise<Response>, close() }`.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { fixture } = require('../../helpers/fixture')

/** What each platform's emulator and createAuth give: its phone ways, and whether it signs rawData. */
const PLATFORM_WAYS = Object.fromEntries(require('../../../../pkg/dist/rules.json').platforms.map((p) => [p.name, p]))

/** The options every mount is given (the suite counts on them). */
const OPTIONS = {
  bodyLimit: '2kb',
  bodyTimeoutMs: 400,
  loginLimit: { max: 4, windowSeconds: 60 },
  trustProxy: 1,
  cors: { origin: ['https://app.example'] },
  avatarLimit: 4096
}

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

let addressNo = 0
/** A fresh client address (each test its own login window). */
const address = () => `198.51.100.${++addressNo % 250}`

function multipart (field, bytes, type = 'image/png', extra = {}) {
  const boundary = '----WeappLoginBoundary' + Math.random().toString(16).slice(2)
  const parts = []
  for (const [k, v] of Object.entries(extra)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="tmp_avatar.png"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` }
}

/** Sends a request through the mount; `json` sets a JSON body, `from` the client address. */
async function send (m, method, path, { json, body, type, token, from = address(), headers = {} } = {}) {
  const h = { 'x-forwarded-for': `203.0.113.9, ${from}`, ...headers }
  if (json !== undefined) { h['content-type'] = 'application/json'; body = typeof json === 'string' ? json : JSON.stringify(json) }
  if (type !== undefined) h['content-type'] = type
  if (token !== undefined) h.authorization = `Bearer ${token}`
  const res = await m.request(path, { method, headers: h, body })
  const text = Buffer.from(await res.arrayBuffer())
  let parsed = null
  if (/json/.test(res.headers.get('content-type') || '')) parsed = JSON.parse(text.toString('utf8'))
  return { status: res.status, headers: res.headers, body: parsed, bytes: text }
}

/** Asserts the one error shape with `code` and `status`. */
function isError (res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body))
  assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message', 'retryable'])
  assert.equal(res.body.error.code, code)
  assert.equal(typeof res.body.error.retryable, 'boolean')
}

/** A request over HTTP whose body never finishes arriving. */
function slowBody (base, path, token) {
  return new Promise((resolve) => {
    const req = http.request(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: `Bearer ${token}` } }, (r) => {
      let text = ''
      r.on('data', (c) => { text += c })
      r.on('end', () => resolve({ status: r.statusCode, body: JSON.parse(text) }))
    })
    req.on('error', () => resolve({ status: 0 }))
    req.write('{"code":')
  })
}

/**
 * Runs the contract against one framework, for one platform on one store.
 * @param {string} name
 * @param {(auth: object, options: object) => Promise<{ request: Function, close: Function, base?: string }>} mount
 * @param {{ skip?: string | false, ownRoutes?: boolean, privateRoute?: boolean, parserErrors?: boolean, slowBody?: (m, token) => Promise<{ status: number, body: any }>, platform?: string, store?: () => object }} [traits]
 *   platform: the platform's emulator and createAuth({ platform }) (default weixin);
 *   store: makes the store (default: createAuth's memory store);
 *   ownRoutes: the app has routes of its own under /api (not in a bare fetch handler);
 *   privateRoute: GET /api/private is there (default: ownRoutes);
 *   parserErrors: malformed JSON gets our JSON 400 (false where a framework's parser in front answers it);
 *   slowBody: how to send a body that never ends (default: over HTTP to `base`)
 */
function contractSuite (name, mount, traits = {}) {
  const t = { ownRoutes: true, parserErrors: true, platform: 'weixin', ...traits }
  if (t.privateRoute === undefined) t.privateRoute = t.ownRoutes
  const old = typeof fetch !== 'function' || typeof http.Server.prototype.closeAllConnections !== 'function'
  const opts = { skip: t.skip || (old && 'needs Node 18.2+ (global fetch, server.closeAllConnections)'), concurrency: false }
  test(`contract: ${name}`, opts, async (tt) => {
    const f = await fixture({ platform: t.platform, store: t.store ? t.store() : undefined })
    const m = await mount(f.auth, OPTIONS)
    try {
      const signIn = async (user = 'alice') => {
        const res = await send(m, 'POST', '/login', { json: { code: f.code(user), nonce: 'n0nce-0123456789abcdef' } })
        assert.equal(res.status, 200, JSON.stringify(res.body))
        return res.body
      }

      await tt.test('POST /login signs in; GET /me answers the session; POST /logout ends it', async () => {
        const s = await signIn()
        assert.equal(typeof s.token, 'string')
        assert.match(s.openid, /^[o0]/) // the emulators' openids: o… (WeChat's form), Alipay's open_id 0…
        assert.equal(typeof s.expiresAt, 'number')
        const me = await send(m, 'GET', '/me', { token: s.token })
        assert.equal(me.status, 200)
        assert.equal(me.body.openid, s.openid)
        assert.equal(me.body.expiresAt, s.expiresAt)
        assert.equal(me.headers.get('cache-control'), 'no-store')
        const out = await send(m, 'POST', '/logout', { token: s.token }) // no body at all
        assert.equal(out.status, 200)
        assert.deepEqual(out.body, {})
        isError(await send(m, 'GET', '/me', { token: s.token }), 401, 'ERR_SESSION_NOT_FOUND')
      })

      await tt.test(`${t.platform}: phone (each way the platform has), profile, relaunch, sign-out`, async () => {
        const way = PLATFORM_WAYS[t.platform]
        const emulator = f.emu.wechat.emulator
        const s = await signIn('flow-user')
        // Phone: the sealed payload where the platform has one; WeChat's phone code too.
        const sealed = emulator.phone({ user: 'flow-user' })
        if (way.phonePayload) {
          const res = await send(m, 'POST', '/phone', { json: { encryptedData: sealed.encryptedData, iv: sealed.iv }, token: s.token })
          assert.equal(res.status, 200, JSON.stringify(res.body))
          assert.equal(res.body.purePhoneNumber, '13800138000')
          assert.equal(res.body.user.phoneNumber, '138****8000')
        } else {
          isError(await send(m, 'POST', '/phone', { json: { encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }, token: s.token }), 400, 'ERR_INVALID_ARGUMENT')
        }
        if (way.phoneCode) {
          const { code } = emulator.phone({ user: 'flow-user' })
          const res = await send(m, 'POST', '/phone', { json: { code }, token: s.token })
          assert.equal(res.status, 200, JSON.stringify(res.body))
          assert.equal(res.body.purePhoneNumber, '13800138000')
          // Single use upstream; the kept answer serves the same user's retry.
          assert.equal((await send(m, 'POST', '/phone', { json: { code }, token: s.token })).status, 200)
        } else {
          isError(await send(m, 'POST', '/phone', { json: { code: 'c0de'.repeat(8) }, token: s.token }), 400, 'ERR_INVALID_ARGUMENT')
        }
        if (way.phoneResponse) {
          // Alipay: the button's { response, sign }, verified and opened by the core; a tampered one refused, nothing read.
          const answer = emulator.phone({ user: 'flow-user' })
          const res = await send(m, 'POST', '/phone', { json: { response: answer.response, sign: answer.sign }, token: s.token })
          assert.equal(res.status, 200, JSON.stringify(res.body))
          assert.equal(res.body.purePhoneNumber, '13800138000')
          assert.equal(res.body.user.phoneNumber, '138****8000')
          const uni = await send(m, 'POST', '/phone', { json: { errMsg: 'getPhoneNumber:ok', encryptedData: answer.response, sign: answer.sign }, token: s.token })
          assert.equal(uni.status, 200, JSON.stringify(uni.body))
          const flipped = answer.response.slice(0, 8) + (answer.response[8] === 'A' ? 'B' : 'A') + answer.response.slice(9)
          const tampered = await send(m, 'POST', '/phone', { json: { response: flipped, sign: answer.sign }, token: s.token })
          assert.equal(tampered.body.error.code, 'ERR_SIGNATURE', JSON.stringify(tampered.body))
        }
        // Profile: sealed user info for this user, signed rawData where the platform signs it, a nickname.
        const info = emulator.userinfo({ user: 'flow-user' })
        if (way.sessionKey) {
          const opened = await send(m, 'POST', '/profile', { json: { encryptedData: info.encryptedData, iv: info.iv }, token: s.token })
          assert.equal(opened.status, 200, JSON.stringify(opened.body))
          assert.equal(opened.body.userInfo.openId, s.openid)
          assert.equal(opened.body.userInfo.nickName, info.userInfo.nickName)
          assert.equal(opened.body.userInfo.watermark, undefined)
          const other = emulator.userinfo({ user: 'someone-else' })
          isError(await send(m, 'POST', '/profile', { json: { encryptedData: other.encryptedData, iv: other.iv }, token: s.token }), 401, 'ERR_SESSION_STALE')
        } else {
          // Alipay: my.getOpenUserInfo's unsigned response, the user's word (as a nickname is); nothing sealed to open.
          const told = await send(m, 'POST', '/profile', { json: { response: info.response }, token: s.token })
          assert.equal(told.status, 200, JSON.stringify(told.body))
          assert.equal(told.body.userInfo.nickName, JSON.parse(info.response).response.nickName)
          assert.match(told.body.user.avatarUrl, /^https:\/\//)
          isError(await send(m, 'POST', '/profile', { json: { encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }, token: s.token }), 400, 'ERR_INVALID_ARGUMENT')
        }
        if (way.signedRawData) {
          const signed = await send(m, 'POST', '/profile', { json: { rawData: info.rawData, signature: info.signature }, token: s.token })
          assert.equal(signed.status, 200, JSON.stringify(signed.body))
          isError(await send(m, 'POST', '/profile', { json: { rawData: info.rawData, signature: '0'.repeat(40) }, token: s.token }), 401, 'ERR_SESSION_STALE')
        }
        const named = await send(m, 'POST', '/profile', { json: { nickName: '小明' }, token: s.token })
        assert.equal(named.status, 200, JSON.stringify(named.body))
        // Relaunch: a new login rotates the key; data sealed before it still opens, both sessions live.
        const before = way.phonePayload ? emulator.phone({ user: 'flow-user' }) : null
        const again = await signIn('flow-user')
        assert.equal(again.openid, s.openid)
        assert.equal(again.phone, way.phonePayload || way.phoneCode || way.phoneResponse)
        assert.equal(again.profile, true)
        if (before !== null) {
          const res = await send(m, 'POST', '/phone', { json: { encryptedData: before.encryptedData, iv: before.iv }, token: again.token })
          assert.equal(res.status, 200, JSON.stringify(res.body))
        }
        assert.equal((await send(m, 'GET', '/me', { token: s.token })).status, 200)
        // Sign-out: one session, then every session of the user.
        assert.equal((await send(m, 'POST', '/logout', { token: s.token })).status, 200)
        isError(await send(m, 'GET', '/me', { token: s.token }), 401, 'ERR_SESSION_NOT_FOUND')
        assert.equal((await send(m, 'GET', '/me', { token: again.token })).status, 200)
        await f.auth.logoutAll(s.openid)
        isError(await send(m, 'GET', '/me', { token: again.token }), 401, 'ERR_SESSION_NOT_FOUND')
      })

      await tt.test(`${t.platform}: Douyin's anonymous code answers the anonymous openid; another platform refuses one`, async () => {
        const { code, anonymousCode } = f.emu.wechat.emulator.login({ user: 'anonymous-user' })
        const res = await send(m, 'POST', '/login', { json: { code, anonymousCode: anonymousCode || 'a1b2'.repeat(8) } })
        if (t.platform !== 'toutiao') return isError(res, 400, 'ERR_INVALID_ARGUMENT')
        assert.equal(res.status, 200, JSON.stringify(res.body))
        assert.match(res.body.anonymousOpenid, /^a/)
        // Single use: the anonymous code again (with a fresh code) is Douyin's 40019.
        isError(await send(m, 'POST', '/login', { json: { code: f.code('anonymous-user'), anonymousCode } }), 400, 'ERR_CODE_INVALID')
      })

      await tt.test(`${t.platform}: a refused code costs one upstream call; concurrent logins with one code share one exchange`, async () => {
        const calls = () => f.stats()[f.exchangeRoute] || 0
        const start = calls()
        const unknown = 'a1b2'.repeat(8) // code-shaped, never issued
        isError(await send(m, 'POST', '/login', { json: { code: unknown } }), 400, 'ERR_CODE_INVALID')
        isError(await send(m, 'POST', '/login', { json: { code: unknown } }), 400, 'ERR_CODE_INVALID')
        assert.equal(calls() - start, 1)
        const code = f.code('flight-user')
        const from = address()
        const all = await Promise.all([0, 1, 2].map(() => send(m, 'POST', '/login', { json: { code, nonce: 'n0nce-flight-0123456789' }, from })))
        assert.deepEqual(all.map((r) => r.status), [200, 200, 200])
        assert.equal(new Set(all.map((r) => r.body.token)).size, 1)
        assert.equal(calls() - start, 2)
        isError(await send(m, 'POST', '/login', { json: { code } }), 400, 'ERR_CODE_USED')
      })

      await tt.test('errors keep the JSON contract, with the core\'s statuses', async () => {
        isError(await send(m, 'POST', '/login', { body: 'code=x', type: 'application/x-www-form-urlencoded' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE')
        isError(await send(m, 'POST', '/login', { json: [1, 2] }), 400, 'ERR_INVALID_ARGUMENT')
        isError(await send(m, 'POST', '/login', { json: { code: 'never-issued' } }), 400, 'ERR_CODE_INVALID')
        isError(await send(m, 'POST', '/login', { json: { code: 'x'.repeat(3000) } }), 413, 'ERR_BODY_TOO_LARGE')
        isError(await send(m, 'POST', '/phone', { json: { code: 'x' } }), 401, 'ERR_SESSION_NOT_FOUND')
        isError(await send(m, 'POST', '/phone', { json: { code: 'x' }, token: 'not-a-token' }), 401, 'ERR_SESSION_NOT_FOUND')
        if (t.parserErrors) isError(await send(m, 'POST', '/login', { json: '{"code": "x"' }), 400, 'ERR_INVALID_ARGUMENT')
      })

      await tt.test('the per-address /login limit: 429 with retry-after past it, per trusted address', async () => {
        const from = address()
        const statuses = []
        for (let i = 0; i < 6; i++) statuses.push((await send(m, 'POST', '/login', { json: { code: f.code() }, from })).status)
        assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429])
        const limited = await send(m, 'POST', '/login', { json: { code: f.code() }, from })
        isError(limited, 429, 'ERR_RATE_LIMITED')
        assert.equal(limited.body.error.retryable, true)
        assert.equal(limited.headers.get('retry-after'), '60')
        // Forged entries on the left change nothing; another address has its own window.
        const forged = await send(m, 'POST', '/login', { json: { code: f.code() }, from, headers: { 'x-forwarded-for': `10.9.9.9, ${from}` } })
        assert.equal(forged.status, 429)
        assert.equal((await send(m, 'POST', '/login', { json: { code: f.code() } })).status, 200)
      })

      await tt.test('CORS: preflight and answers for an allowed origin only', async () => {
        const pre = await send(m, 'OPTIONS', '/login', { headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } })
        assert.equal(pre.status, 204)
        assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example')
        assert.match(pre.headers.get('access-control-allow-headers') || '', /authorization/)
        const ok = await send(m, 'POST', '/login', { json: { code: 'never-issued' }, headers: { origin: 'https://app.example' } })
        assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example')
        const other = await send(m, 'POST', '/login', { json: { code: 'never-issued' }, headers: { origin: 'https://evil.example' } })
        assert.equal(other.headers.get('access-control-allow-origin'), null)
      })

      await tt.test('POST /avatar takes the wx.uploadFile form; GET /avatars/<id> answers the image', async () => {
        const s = await signIn('avatar-user')
        const form = multipart('avatar', PNG, 'application/octet-stream', { note: 'skipped' })
        const up = await send(m, 'POST', '/avatar', { body: form.body, type: form.type, token: s.token })
        assert.equal(up.status, 200, JSON.stringify(up.body))
        // Absolute, under the server's own origin (an <image> resolves a
        // root-relative URL inside the mini program package).
        assert.match(up.body.avatarUrl, /^https?:\/\/[^/]+\/api\/avatars\/[A-Za-z0-9_-]+$/)
        assert.equal(up.body.user.avatarUrl, up.body.avatarUrl)
        assert.equal((await send(m, 'GET', '/me', { token: s.token })).body.user.avatarUrl, up.body.avatarUrl)
        const img = await send(m, 'GET', new URL(up.body.avatarUrl).pathname.slice('/api'.length))
        assert.equal(img.status, 200)
        assert.equal(img.headers.get('content-type'), 'image/png')
        assert.ok(img.bytes.equals(PNG))
        isError(await send(m, 'GET', '/avatars/nothing-here'), 404, 'ERR_NOT_FOUND')
        const html = multipart('avatar', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png')
        isError(await send(m, 'POST', '/avatar', { body: html.body, type: html.type, token: s.token }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE')
        const big = multipart('avatar', Buffer.concat([PNG, Buffer.alloc(5000)]))
        isError(await send(m, 'POST', '/avatar', { body: big.body, type: big.type, token: s.token }), 413, 'ERR_BODY_TOO_LARGE')
        const wrongField = multipart('file', PNG)
        isError(await send(m, 'POST', '/avatar', { body: wrongField.body, type: wrongField.type, token: s.token }), 400, 'ERR_INVALID_ARGUMENT')
        isError(await send(m, 'POST', '/avatar', { body: form.body, type: form.type }), 401, 'ERR_SESSION_NOT_FOUND')
      })

      await tt.test('a body that never finishes arriving: 408', { skip: t.slowBody === false }, async () => {
        const s = await signIn('slow-user')
        const res = t.slowBody ? await t.slowBody(m, s.token) : await slowBody(m.base, '/phone', s.token)
        isError(res, 408, 'ERR_BODY_TIMEOUT')
      })

      await tt.test('the app\'s own routes under /api: bodies and content types untouched', { skip: !t.ownRoutes }, async () => {
        const echoed = await send(m, 'POST', '/echo', { json: { hello: 'world', n: 1 } })
        assert.equal(echoed.status, 200)
        assert.deepEqual(echoed.body, { type: 'application/json', body: { hello: 'world', n: 1 } })
        const text = await send(m, 'POST', '/echo', { body: 'plain words', type: 'text/plain' })
        assert.equal(text.status, 200)
        assert.deepEqual(text.body, { type: 'text/plain', body: 'plain words' })
        const getLogin = await send(m, 'GET', '/login') // our path, another method: not ours either
        assert.notEqual(getLogin.status, 200)
      })

      await tt.test('requireSession protects the app\'s own route', { skip: !t.privateRoute }, async () => {
        isError(await send(m, 'GET', '/private'), 401, 'ERR_SESSION_NOT_FOUND')
        isError(await send(m, 'GET', '/private', { token: 'nope' }), 401, 'ERR_SESSION_NOT_FOUND')
        const s = await signIn('private-user')
        const res = await send(m, 'GET', '/private', { token: s.token })
        assert.equal(res.status, 200)
        assert.deepEqual(Object.keys(res.body.session).sort(), s.unionid === undefined ? ['expiresAt', 'openid'] : ['expiresAt', 'openid', 'unionid'])
        assert.equal(res.body.session.openid, s.openid)
      })
    } finally {
      await m.close()
      await f.close()
    }
  })
}

module.exports = { contractSuite, OPTIONS, PNG, multipart }
