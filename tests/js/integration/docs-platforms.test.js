'use strict'
// The code samples of docs/platforms.md and docs/platforms.en.md, run:
// the setup of every platform, and one server serving a WeChat app and a
// Douyin app on one store (memory, and Redis) against their emulators,
// proving their sessions, key rings and sign-outs never mix (with the same
// appId on both: the hardest case). And `PLATFORM=… make demo`'s server.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { start } = require('../../../www/emulator')
const { startDemo } = require('../../../www/server')
const { startRedis } = require('../helpers/redis-server')
const { testKeys } = require('../helpers/fixture')
const { closer } = require('../helpers/listen')

const DOCS = ['platforms.md', 'platforms.en.md'].map((name) => path.join(__dirname, '..', '..', '..', 'docs', name))

/** The ```js blocks of a Markdown file. */
function samples (file) {
  return [...fs.readFileSync(file, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
}

/** Runs a sample as a module body with `env` as process.env, answering the named bindings. */
function run (code, env, names) {
  // eslint-disable-next-line no-new-func
  return new Function('require', 'process', `${code}\nreturn { ${names.join(', ')} }`)(require, { env })
}

async function call (base, method, route, body, token) {
  const headers = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const res = await fetch(base + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  return { status: res.status, body: await res.json() }
}

let redis
before(async () => { redis = await startRedis() })
after(() => redis && redis.stop())

const SECRET = 'docs-sample-secret-0123456789abcdef'

for (const file of DOCS) {
  const [setup, multiApp] = samples(file)

  test(`${path.basename(file)}: the setup sample makes an auth per platform`, async () => {
    assert.ok(setup !== undefined && multiApp !== undefined, 'the page has its two samples')
    const k = await testKeys()
    const env = { WX_APPID: 'wx1234567890abcdef', WX_SECRET: SECRET, QQ_APPID: '1112345678', QQ_SECRET: SECRET, TT_APPID: 'tt1234567890abcdef01', TT_SECRET: SECRET, TT_PHONE_PRIVATE_KEY: k.douyinPhone.privateKey, KS_APPID: 'ks123456789012345678', KS_SECRET: SECRET, BD_APPID: '24567890', BD_APPKEY: 'bdAppKey0123456789', BD_SECRET: SECRET, ALIPAY_APPID: '2021000123456789', ALIPAY_PRIVATE_KEY: k.alipayApp.privateKey, ALIPAY_PUBLIC_KEY: k.alipayApp.appPublicKey, ALIPAY_ENCRYPT_KEY: k.alipayApp.encryptKey }
    const auths = run(setup, env, ['weixin', 'qq', 'douyin', 'kuaishou', 'baidu', 'alipay'])
    assert.deepEqual(Object.values(auths).map((a) => a.platform), ['weixin', 'qq', 'toutiao', 'kuaishou', 'baidu', 'alipay'])
    await Promise.all(Object.values(auths).map((a) => a.close()))
  })

  for (const storeKind of ['memory', 'redis']) {
    test(`${path.basename(file)}: one server, a WeChat app and a Douyin app on one ${storeKind} store, never mixed`, async () => {
      const appId = 'app0000000000000001' // the same on both platforms
      const wx = await start({ appId, appSecret: SECRET })
      const tt = await start({ platform: 'toutiao', appId, appSecret: SECRET })
      const env = { WX_APPID: appId, WX_SECRET: SECRET, WX_API_BASE: wx.url, TT_APPID: appId, TT_SECRET: SECRET, TT_API_BASE: tt.url, PORT: '0' }
      if (storeKind === 'redis') env.REDIS_URL = redis.url
      const { server, weixin, douyin } = run(multiApp, env, ['server', 'weixin', 'douyin'])
      const closeServer = closer(server)
      try {
        if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
        const base = `http://127.0.0.1:${server.address().port}`
        const a = await call(base, 'POST', '/wx/api/login', { code: wx.wechat.emulator.login({ user: 'alice' }).code })
        const b = await call(base, 'POST', '/tt/api/login', { code: tt.wechat.emulator.login({ user: 'alice' }).code })
        assert.equal(a.status, 200, JSON.stringify(a.body))
        assert.equal(b.status, 200, JSON.stringify(b.body))
        assert.equal(a.body.openid, b.body.openid) // one user id on both: only the app's platform tells them apart
        // A token is a session of its own app only.
        assert.equal((await call(base, 'GET', '/tt/api/me', undefined, a.body.token)).body.error.code, 'ERR_SESSION_NOT_FOUND')
        assert.equal((await call(base, 'GET', '/wx/api/me', undefined, b.body.token)).body.error.code, 'ERR_SESSION_NOT_FOUND')
        // Each app's key ring holds its own platform's key.
        const sealed = tt.wechat.emulator.phone({ user: 'alice' })
        const onDouyin = await call(base, 'POST', '/tt/api/phone', { encryptedData: sealed.encryptedData, iv: sealed.iv }, b.body.token)
        assert.equal(onDouyin.status, 200, JSON.stringify(onDouyin.body))
        assert.equal((await call(base, 'POST', '/wx/api/phone', { encryptedData: sealed.encryptedData, iv: sealed.iv }, a.body.token)).body.error.code, 'ERR_SESSION_STALE')
        assert.equal((await call(base, 'GET', '/wx/api/me', undefined, a.body.token)).body.user.phoneNumber, undefined)
        // Signing the user out everywhere on one app leaves the other's sessions.
        await douyin.logoutAll(b.body.openid)
        assert.equal((await call(base, 'GET', '/tt/api/me', undefined, b.body.token)).status, 401)
        assert.equal((await call(base, 'GET', '/wx/api/me', undefined, a.body.token)).status, 200)
        assert.notEqual(weixin.storeKey('x'), douyin.storeKey('x'))
      } finally {
        await closeServer()
        await weixin.close()
        await douyin.close().catch(() => {}) // the shared store is closed once already
        await wx.close()
        await tt.close()
      }
    })
  }
}

for (const platform of ['toutiao', 'baidu', 'alipay']) {
  test(`PLATFORM=${platform} make demo: the demo's server runs that platform's emulator and createAuth`, async () => {
    const demo = await startDemo({ port: 0, env: { PLATFORM: platform } })
    try {
      const base = demo.url.replace(/\/$/, '')
      assert.equal((await (await fetch(`${base}/config.json`)).json()).platform, platform)
      const res = await call(base, 'POST', '/api/login', { code: demo.wechat.emulator.login({ user: 'demo' }).code })
      assert.equal(res.status, 200, JSON.stringify(res.body))
      // The playground's way: the wx stand-in asks the emulator under /wechat/ for a code.
      const { code } = (await call(base, 'POST', '/wechat/__emulator/login', { user: 'page-user' })).body
      const page = await call(base, 'POST', '/api/login', { code })
      assert.equal(page.status, 200, JSON.stringify(page.body))
      if (platform === 'alipay') {
        // The app's keys made at start work end to end: the phone button's answer opens.
        const answer = (await call(base, 'POST', '/wechat/__emulator/phone', { user: 'page-user' })).body
        const phone = await call(base, 'POST', '/api/phone', { response: answer.response, sign: answer.sign }, page.body.token)
        assert.equal(phone.status, 200, JSON.stringify(phone.body))
        assert.equal(phone.body.user.phoneNumber, '138****8000')
      }
    } finally { await demo.close() }
  })
}
