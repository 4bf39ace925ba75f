'use strict'
// Alipay's client (dist/miniprogram-js, the JS-compiled core, on `my`)
// against the Alipay emulator's raw gateway: createAuth({ platform:
// 'alipay' }) is not served yet, so a stand-in developer server exchanges
// the auth code with createAlipayClient and opens the phone answer. What is
// checked is the client's side: the auth code it sends is one the gateway
// accepts once, and my.getPhoneNumber's signed answer reaches the server
// whole, so it opens.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const http = require('node:http')
const path = require('node:path')
const core = require('../../../pkg/src/loader/server')
const { createAlipayClient } = require('../../../pkg/src/server/upstream/alipay')
const wl = require(path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'miniprogram-js', 'index.js'))

const APP_ID = '2021000000000009'
const app = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const appPrivate = app.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')
const appPublic = app.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
const encryptKey = crypto.randomBytes(16).toString('base64')
let emu, server, baseUrl
const sessions = new Map()

function readJson (req) {
  return new Promise((resolve) => {
    let text = ''
    req.on('data', (c) => { text += c })
    req.on('end', () => { try { resolve(JSON.parse(text || '{}')) } catch { resolve({}) } })
  })
}

before(async () => {
  const { startAlipay } = await import('../../../www/emulator/alipay.mjs')
  emu = await startAlipay({ appId: APP_ID, appPublicKey: appPublic, encryptKey })
  const upstream = createAlipayClient({ core, appId: APP_ID, privateKey: appPrivate, alipayPublicKey: emu.alipay.alipayPublicKey, encryptKey, apiBase: emu.url })
  server = http.createServer(async (req, res) => {
    const send = (status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)) }
    const body = await readJson(req)
    const token = (req.headers.authorization || '').replace(/^Bearer /, '')
    try {
      if (req.url === '/api/login') {
        const { openid } = await upstream.exchangeCode(body.code)
        const t = crypto.randomBytes(24).toString('hex')
        sessions.set(t, openid)
        return send(200, { token: t, openid, expiresAt: Date.now() + 3600_000 })
      }
      if (!sessions.has(token)) return send(401, { error: { code: 'ERR_SESSION_NOT_FOUND' } })
      if (req.url === '/api/phone') {
        const phone = upstream.openPhone(body, { reveal: true })
        return send(200, { ...phone, user: { phoneNumber: phone.masked } })
      }
      if (req.url === '/api/logout') { sessions.delete(token); return send(200, {}) }
      send(404, { error: { code: 'ERR_NOT_FOUND' } })
    } catch (e) {
      send(400, { error: { code: e.code || 'ERR_INTERNAL' } })
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${server.address().port}/api`
})

after(async () => {
  if (server) { if (server.closeAllConnections) server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)) }
  if (emu) await emu.close()
})

/** Alipay's `my` over the emulator: getAuthCode, its storage, my.request (headers, status), my.getPhoneNumber. */
function myFor (user, storage, calls) {
  return {
    getAuthCode (o) { calls.authCodes++; setTimeout(() => o.success(emu.alipay.emulator.authcode({ user })), 1) },
    getStorageSync: ({ key }) => ({ data: storage.has(key) ? storage.get(key) : null }),
    setStorageSync: ({ key, data }) => { storage.set(key, JSON.parse(JSON.stringify(data))) },
    removeStorageSync: ({ key }) => { storage.delete(key) },
    request (o) {
      fetch(o.url, { method: o.method, headers: o.headers, body: o.data === undefined ? undefined : JSON.stringify(o.data) }).then(async (res) => {
        const data = await res.json()
        if (res.status >= 400) o.fail({ error: 19, errorMessage: 'http status error', status: res.status, data })
        else o.success({ status: res.status, data, headers: {} })
      }, (e) => o.fail({ error: 12, errorMessage: e.message }))
    },
    // The native answer: the signed response as JSON text.
    getPhoneNumber (o) { setTimeout(() => o.success({ response: JSON.stringify(emu.alipay.emulator.phone({ user })) }), 1) }
  }
}

test('Alipay: the auth code signs in at the gateway, the phone answer opens, a relaunch keeps the session, sign-out ends it', async () => {
  const storage = new Map()
  const calls = { authCodes: 0 }
  const options = { my: myFor('ann', storage, calls), baseUrl, appId: APP_ID }
  const client = wl.createLoginClient(options)
  const session = await client.login()
  assert.equal(session.openid, emu.alipay.user('ann').openId)
  assert.equal(calls.authCodes, 1)

  await assert.rejects(client.getPhoneNumber({ type: 'error', detail: { error: 11, errorMessage: '用户取消授权' } }), (e) => e.code === 'ERR_USER_DENIED' && e.errno === 11)
  const phone = await client.getPhoneNumber({ type: 'getAuthorize', detail: {} })
  assert.equal(phone.purePhoneNumber, '13800138000')
  assert.equal(client.state.phone, true)

  const relaunched = wl.createLoginClient(options)
  assert.equal(relaunched.state.name, 'signedIn')
  assert.equal((await relaunched.login()).token, session.token)
  assert.equal(calls.authCodes, 1, 'no checkSession on Alipay, and no new sign-in')

  await relaunched.logout()
  assert.equal(relaunched.state.name, 'signedOut')
  assert.equal(sessions.has(session.token), false)
})
