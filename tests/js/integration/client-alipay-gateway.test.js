'use strict'
// Alipay's client (dist/miniprogram-js, the JS-compiled core, on `my`)
// against createAuth({ platform: 'alipay' })'s handler and the Alipay
// emulator's gateway: the auth code the client sends is one the gateway
// accepts once, my.getPhoneNumber's signed answer reaches the server whole,
// so it verifies and opens, and a relaunch keeps the session.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const path = require('node:path')
const { createAuth, memoryStore } = require('weapp-login')
const { listen } = require('../helpers/listen')
const wl = require(path.join(__dirname, '..', '..', '..', 'pkg', 'dist', 'miniprogram-js', 'index.js'))

const APP_ID = '2021000000000009'
const app = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const appPrivate = app.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')
const appPublic = app.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
const encryptKey = crypto.randomBytes(16).toString('base64')
let emu, auth, server, baseUrl

before(async () => {
  const { startAlipay } = await import('../../../www/emulator/alipay.mjs')
  emu = await startAlipay({ appId: APP_ID, appPublicKey: appPublic, encryptKey })
  auth = createAuth({ platform: 'alipay', appId: APP_ID, privateKey: appPrivate, alipayPublicKey: emu.alipay.alipayPublicKey, encryptKey, apiBase: emu.url, store: memoryStore() })
  const handle = auth.handler({ basePath: '/api' })
  server = await listen((req, res) => handle(req, res, () => { res.writeHead(404); res.end() }))
  baseUrl = `${server.url}/api`
})

after(async () => {
  if (server) await server.close()
  if (auth) await auth.close()
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
  await assert.rejects(auth.session(session.token), (e) => e.code === 'ERR_SESSION_NOT_FOUND')
})
