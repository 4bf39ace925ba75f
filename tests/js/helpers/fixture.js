'use strict'
// The emulator, createAuth against it, and its handler on 127.0.0.1.

const http = require('node:http')
const path = require('node:path')
const { start } = require('../../../www/emulator')
const wl = require('weapp-login')
const scan = require('./log-scan')

const APP_ID = 'wx1234567890abcdef'
const APP_SECRET = 'test-app-secret-0123456789abcdef'

/**
 * Each platform's test app: its appId, and the credentials it adds
 * (Baidu's appKey). WeChat's is APP_ID.
 */
const APPS = {
  weixin: { appId: APP_ID },
  qq: { appId: '1112345678' },
  toutiao: { appId: 'tt1234567890abcdef01' },
  kuaishou: { appId: 'ks123456789012345678' },
  baidu: { appId: '24567890', appKey: 'bdAppKey0123456789abcdefABCDEF' }
}
const PLATFORM_NAMES = Object.keys(APPS)

/** A clock tests can move. */
function clock (t = Date.now()) {
  const c = { t, now: () => c.t, advance: (ms) => { c.t += ms } }
  return c
}

async function serve (handler) {
  const server = http.createServer(handler)
  const sockets = new Set() // for Node < 18.2, which has no closeAllConnections
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const closeAll = () => { for (const s of sockets) s.destroy() }
  return { server, base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { closeAll(); server.close(resolve) }) }
}

/**
 * The emulator of `platform` (WeChat by default), createAuth against it,
 * and its handler on 127.0.0.1.
 */
async function fixture ({ store, time = clock(), authOptions = {}, emulatorOptions = {}, handlerOptions, platform = 'weixin' } = {}) {
  const app = APPS[platform]
  const credentials = platform === 'weixin' ? {} : { platform, ...app }
  const emu = await start({ appId: app.appId, appSecret: APP_SECRET, now: time.now, ...credentials, ...emulatorOptions })
  scan.watchSecrets(() => emu.wechat.emulator.secrets())
  const logged = [] // this fixture's lines, as { level, fields, msg }
  const auth = wl.createAuth({ appId: app.appId, appSecret: APP_SECRET, apiBase: emu.url, store, now: time.now, retryBaseMs: 5, retryMaxMs: 20, logger: scan.scanningLogger(logged), ...credentials, ...authOptions })
  const api = await serve(auth.handler(handlerOptions))
  const { createWx } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'wx.mjs'))
  return {
    emu,
    auth,
    /** What this fixture's auth logged: `{ level, fields, msg }` each. */
    logged,
    base: api.base,
    time,
    platform,
    appId: app.appId,
    wx: (user = 'alice', storage = new Map()) => createWx({ emulatorUrl: emu.url, appId: app.appId, user, storage }),
    /** A fresh wx.login code for `user` (rotating their session key, as WeChat does). */
    code: (user = 'alice') => emu.wechat.emulator.login({ user }).code,
    stats: () => emu.wechat.stats,
    fault: (endpoint, spec) => emu.wechat.emulator.faults({ endpoint, ...spec }),
    async close () { await api.close(); await emu.close(); await auth.close() }
  }
}

async function post (base, route, body, token, headers = {}) {
  const res = await fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return { status: res.status, body: await res.json(), text: null }
}

module.exports = { fixture, clock, serve, post, APP_ID, APP_SECRET, APPS, PLATFORM_NAMES, scan }
