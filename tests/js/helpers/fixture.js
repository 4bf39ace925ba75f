'use strict'
// The emulator, createAuth against it, and its handler on 127.0.0.1.

const { listen } = require('./listen')
const crypto = require('node:crypto')
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
  baidu: { appId: '24567890', appKey: 'bdAppKey0123456789abcdefABCDEF' },
  alipay: { appId: '2021000123456789' }
}
const PLATFORM_NAMES = Object.keys(APPS)

/** The emulator route that counts each platform's code exchanges (its stats key). */
const EXCHANGE_ROUTES = { weixin: 'jscode2session', alipay: 'gateway' }

/** Keys made once per process: Douyin's phone key pair, Alipay's app credentials and Alipay's own signing key. */
let keys = null
async function testKeys () {
  if (keys === null) {
    const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
    const { appCredentials } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'alipay.mjs'))
    keys = {
      douyinPhone: { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) },
      alipayApp: appCredentials(),
      alipaySigning: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
    }
  }
  return keys
}

/**
 * Alipay's gateway emulator on 127.0.0.1, shaped as `start()`'s answer for
 * the tests (`wechat.emulator`: the mini program's side, `alipay.asWx`), and
 * createAuth's credentials for it.
 */
async function startAlipayEmulator ({ appId, now, emulatorOptions }) {
  const k = await testKeys()
  const { createAlipay, withAlipay } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'alipay.mjs'))
  const alipay = createAlipay({ appId, appPublicKey: k.alipayApp.appPublicKey, encryptKey: k.alipayApp.encryptKey, alipayPrivateKey: k.alipaySigning, now, ...emulatorOptions })
  const srv = await serve(withAlipay(alipay, undefined, { asWx: true }))
  const emu = { url: srv.base, close: srv.close, alipay, wechat: { emulator: { ...alipay.asWx, secrets: () => alipay.secrets() }, stats: alipay.stats } }
  scan.secret(k.alipayApp.encryptKey) // the content key: never in a log line
  return { emu, credentials: { platform: 'alipay', appId, privateKey: k.alipayApp.privateKey, alipayPublicKey: alipay.alipayPublicKey, encryptKey: k.alipayApp.encryptKey } }
}

/** A clock tests can move. */
function clock (t = Date.now()) {
  const c = { t, now: () => c.t, advance: (ms) => { c.t += ms } }
  return c
}

async function serve (handler) {
  const { server, url, close } = await listen(handler)
  return { server, base: url, close }
}

/**
 * The emulator of `platform` (WeChat by default), createAuth against it,
 * and its handler on 127.0.0.1.
 */
async function fixture ({ store, time = clock(), authOptions = {}, emulatorOptions = {}, handlerOptions, platform = 'weixin' } = {}) {
  const app = APPS[platform]
  let credentials = platform === 'weixin' ? {} : { platform, ...app }
  let emu
  if (platform === 'alipay') {
    ({ emu, credentials } = await startAlipayEmulator({ appId: app.appId, now: time.now, emulatorOptions }))
  } else if (platform === 'toutiao') {
    // Douyin's phone code: the emulator seals to the public key, the server opens with the private one.
    const { douyinPhone } = await testKeys()
    emu = await start({ appId: app.appId, appSecret: APP_SECRET, now: time.now, ...credentials, phonePublicKey: douyinPhone.publicKey, ...emulatorOptions })
    credentials = { ...credentials, phonePrivateKey: douyinPhone.privateKey }
  } else {
    emu = await start({ appId: app.appId, appSecret: APP_SECRET, now: time.now, ...credentials, ...emulatorOptions })
  }
  scan.watchSecrets(() => emu.wechat.emulator.secrets())
  const logged = [] // this fixture's lines, as { level, fields, msg }
  const secret = platform === 'alipay' ? {} : { appSecret: APP_SECRET } // Alipay signs with its key instead
  const auth = wl.createAuth({ appId: app.appId, ...secret, apiBase: emu.url, store, now: time.now, retryBaseMs: 5, retryMaxMs: 20, logger: scan.scanningLogger(logged), ...credentials, ...authOptions })
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
    /** The stats key of this platform's code exchange. */
    exchangeRoute: EXCHANGE_ROUTES[platform] || 'code2session',
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

module.exports = { fixture, clock, serve, post, APP_ID, APP_SECRET, APPS, PLATFORM_NAMES, EXCHANGE_ROUTES, testKeys, scan }
