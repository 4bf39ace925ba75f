'use strict'
// The client on each session-key platform's own API object against that
// platform's emulator (www/emulator start({ platform })) and a real
// createAuth({ platform }) server over HTTP: sign in (Douyin's anonymous code
// too), phone (deny, allow: the emulator's encrypted payload, opened by the
// server; QQ has none), profile, relaunch without a new sign-in, sign out.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { listen } = require('../helpers/listen')
const { start } = require('../../../www/emulator')
const { createAuth, createLoginClient, memoryStore } = require('weapp-login')

const SECRET = 'client-platforms-secret-0123456789'
const APPS = {
  qq: { appId: '1112345678', key: 'qq' },
  toutiao: { appId: 'tt1234567890abcdef01', key: 'tt' },
  kuaishou: { appId: 'ks123456789012345678', key: 'ks' },
  baidu: { appId: '24567890', appKey: 'bdAppKey0123456789', key: 'swan' }
}

/** The platform's API object over the emulator: its login, storage and request (fetch). */
function platformApi (platform, emu, user, storage, calls) {
  const login = (o) => { calls.login++; setTimeout(() => o.success(emu.wechat.emulator.login({ user })), 1) }
  const api = {
    getStorageSync: (k) => storage.has(k) ? storage.get(k) : '',
    setStorageSync: (k, v) => { storage.set(k, JSON.parse(JSON.stringify(v))) },
    removeStorageSync: (k) => { storage.delete(k) },
    checkSession: (o) => setTimeout(() => o.success({ errMsg: 'checkSession:ok' }), 1),
    request (o) {
      calls.requests.push({ url: o.url, data: o.data })
      fetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data) })
        .then(async (res) => o.success({ statusCode: res.status, data: await res.json(), header: {} }), (e) => o.fail({ errMsg: 'request:fail ' + e.message }))
    }
  }
  if (platform === 'baidu') api.getLoginCode = login
  else api.login = login
  return api
}

for (const [platform, app] of Object.entries(APPS)) {
  test(`${platform}: the client on ${app.key} against the ${platform} emulator and createAuth({ platform: '${platform}' })`, async () => {
    const emu = await start({ platform, appId: app.appId, appSecret: SECRET, appKey: app.appKey })
    const auth = createAuth({ platform, appId: app.appId, appSecret: SECRET, appKey: app.appKey, apiBase: emu.url, store: memoryStore() })
    const handle = auth.handler({ basePath: '/api' })
    const server = await listen((req, res) => handle(req, res, () => { res.writeHead(404); res.end() }))
    const baseUrl = `${server.url}/api`
    try {
      const storage = new Map()
      const calls = { login: 0, requests: [] }
      const api = platformApi(platform, emu, 'alice', storage, calls)
      const options = { [app.key]: api, platform, baseUrl, appId: app.appId }
      const client = createLoginClient(options)
      const session = await client.login()
      assert.equal(calls.login, 1)
      assert.deepEqual(Object.keys(calls.requests[0].data).sort(), platform === 'toutiao' ? ['anonymousCode', 'code', 'nonce'] : ['code', 'nonce'])

      await assert.rejects(client.getPhoneNumber({ detail: emu.wechat.emulator.phone({ user: 'alice', allow: false }) }), (e) => e.code === 'ERR_USER_DENIED')
      if (platform === 'qq') {
        // QQ has no phone number source: its button's failure is kept as it came.
        await assert.rejects(client.getPhoneNumber({ detail: emu.wechat.emulator.phone({ user: 'alice' }) }), (e) => e.code === 'ERR_WX_FAIL' && e.errMsg === 'getPhoneNumber:fail not supported')
      } else {
        const phone = await client.getPhoneNumber({ detail: emu.wechat.emulator.phone({ user: 'alice' }) })
        assert.equal(phone.purePhoneNumber.length, 11)
        assert.equal(client.state.phone, true)
      }

      const nick = await client.setNickname({ detail: { value: '小明' } })
      assert.equal(nick.nickName, '小明')

      const relaunched = createLoginClient(options)
      assert.equal(relaunched.state.name, 'signedIn', 'the first frame, from storage')
      const again = await relaunched.login()
      assert.equal(again.token, session.token)
      assert.equal(calls.login, 1, 'no new sign-in on a relaunch')
      const me = await relaunched.request({ url: '/me' })
      assert.equal(me.user.nickName, '小明')

      await relaunched.logout()
      assert.equal(relaunched.state.name, 'signedOut')
      assert.equal(storage.size, 0)
      const gone = await fetch(baseUrl + '/me', { headers: { authorization: `Bearer ${session.token}` } })
      assert.equal(gone.status, 401)
    } finally {
      await server.close()
      await auth.close()
      await emu.close()
    }
  })
}
