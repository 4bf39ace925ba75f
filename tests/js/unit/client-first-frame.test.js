'use strict'
// The first frame: `createLoginClient` returns with `state` read from
// storage (the view the core sealed beside the session), before the core
// loads; the core confirms or corrects it once ready.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createLoginClient } = require('weapp-login')
const { createFakeWx } = require('../helpers/fake-wx')

const APP_ID = 'wx1234567890abcdef'
const KEY = `weapp-login:v1:${APP_ID}:session`
const BASE = 'http://127.0.0.1:9/api'
const USER = { nickName: '小明', avatarUrl: 'https://cdn.example.com/avatars/1.png', phoneNumber: '138****8000' }
const make = (wx, extra = {}) => createLoginClient({ wx, baseUrl: BASE, appId: APP_ID, ...extra })

/** Storage after a sign-in whose server answered a whole user. */
async function signedInStorage () {
  const wx = createFakeWx({
    server: { '/login': () => ({ statusCode: 200, data: { token: 'tok-' + 'z'.repeat(40), openid: 'o-frame', expiresAt: Date.now() + 3600_000, profile: true, phone: true, user: USER } }) }
  })
  await make(wx).login()
  return wx.storage
}

test('a relaunch\'s first state is the stored user, signed in, before the core is loaded', async () => {
  const storage = await signedInStorage()
  const wx = createFakeWx({ storage })
  const client = make(wx)
  assert.deepEqual(client.state, { name: 'signedIn', openid: 'o-frame', profile: true, phone: true, nextStep: 'done', user: USER })
  const heard = []
  client.subscribe((s) => heard.push(s))
  await client.ready
  assert.equal(client.state.name, 'signedIn')
  assert.deepEqual(client.state.user, USER)
  assert.deepEqual(heard, [], 'the core confirmed the first frame: nothing to tell')
  assert.equal(wx.calls.login, 0)
})

test('nothing stored, another app\'s entry, or an appId the core refuses: the first frame is signed out', () => {
  for (const appId of [APP_ID, 'wx:other', '', 'x'.repeat(65)]) {
    const client = createLoginClient({ wx: createFakeWx(), baseUrl: BASE, appId })
    assert.deepEqual(client.state, { name: 'signedOut', nextStep: 'login', phone: false, profile: false, user: {} }, appId)
    client.ready.catch(() => {})
  }
})

test('an expired, foreign-version or misshapen entry never shows a signed-in frame', async () => {
  const storage = await signedInStorage()
  const good = storage.get(KEY)
  const view = good.view
  const shapes = [
    { ...good, exp: Date.now() - 1 }, // ended
    { ...good, exp: String(good.exp) },
    { ...good, v: 2 },
    { ...good, view: undefined },
    { ...good, view: [] },
    { ...good, view: { ...view, user: null } },
    { ...good, view: { ...view, user: [] } },
    { ...good, view: { ...view, profile: 'yes' } },
    { ...good, view: { ...view, nextStep: undefined } },
    { ...good, view: { ...view, openid: 5 } },
    'garbage', '{', 42, null, [], JSON.stringify({ ...good, exp: 1 })
  ]
  for (const shape of shapes) {
    const wx = createFakeWx({ storage: new Map([[KEY, shape]]) })
    const client = make(wx)
    assert.equal(client.state.name, 'signedOut', JSON.stringify(shape))
    assert.deepEqual(client.state.user, {})
    await client.ready
  }
  // A stored entry whose getters throw: signed out, never an exception.
  const hostile = { v: 1, get exp () { throw new Error('boom') } }
  assert.equal(make(createFakeWx({ storage: new Map([[KEY, hostile]]) })).state.name, 'signedOut')
})

test('the first frame is read against the client\'s `now`', async () => {
  const storage = await signedInStorage()
  const exp = storage.get(KEY).exp
  assert.equal(make(createFakeWx({ storage }), { now: () => exp - 1 }).state.name, 'signedIn')
  assert.equal(make(createFakeWx({ storage }), { now: () => exp }).state.name, 'signedOut')
  assert.equal(make(createFakeWx({ storage }), { now: () => { throw new Error('no clock') } }).state.name, 'signedOut')
})

test('the core corrects a first frame it cannot back: signed out, told, and the entry removed', async () => {
  const storage = await signedInStorage()
  const good = storage.get(KEY)
  // The view is well formed, but the session under it is not.
  const wx = createFakeWx({ storage: new Map([[KEY, { ...good, data: { ...good.data, token: 7 } }]]) })
  const client = make(wx)
  assert.equal(client.state.name, 'signedIn')
  const heard = []
  client.subscribe((s) => heard.push(s.name))
  await client.ready
  assert.equal(client.state.name, 'signedOut')
  assert.deepEqual(heard, ['signedOut'])
  assert.equal(wx.storage.has(KEY), false)
})

test('a stored view that is not the core\'s is corrected and sealed again for the next launch', async () => {
  const storage = await signedInStorage()
  const good = storage.get(KEY)
  const older = { v: good.v, exp: good.exp, data: good.data } // sealed without a view
  const changed = { ...good, view: { ...good.view, user: { nickName: '别人' } } }
  for (const entry of [older, changed]) {
    const wx = createFakeWx({ storage: new Map([[KEY, entry]]) })
    const client = make(wx)
    const heard = []
    client.subscribe((s) => heard.push(s.user.nickName))
    await client.ready
    assert.deepEqual(client.state.user, USER)
    assert.deepEqual(heard, ['小明'], 'told of the correction')
    assert.deepEqual(wx.storage.get(KEY).view, good.view, 'sealed again with the core\'s view')
    assert.deepEqual(make(wx).state, good.view, 'the next launch\'s first frame')
  }
})

test('a core that cannot load takes back a signed-in first frame', async () => {
  const storage = await signedInStorage()
  const { WeappLoginError } = require('weapp-login')
  const { createLoginClientWith } = require('../../../pkg/src/client')
  const broken = { ready: () => Promise.reject(new WeappLoginError('ERR_INTERNAL', 'could not load the weapp-login wasm')) }
  const client = createLoginClientWith(broken, { wx: createFakeWx({ storage }), baseUrl: BASE, appId: APP_ID })
  assert.equal(client.state.name, 'signedIn')
  const heard = []
  client.subscribe((s) => heard.push(s.name))
  await assert.rejects(client.ready, (e) => e.code === 'ERR_INTERNAL')
  assert.equal(client.state.name, 'signedOut')
  assert.deepEqual(heard, ['signedOut'])
})

test('the core loads on the next task after createLoginClient, or at once when a method needs it', async () => {
  const storage = await signedInStorage()
  const wx = createFakeWx({ storage })
  const client = make(wx)
  await new Promise((resolve) => setTimeout(resolve, 20))
  // Loaded and confirmed without anyone asking.
  assert.equal(client.state.name, 'signedIn')
  const session = await client.login()
  assert.equal(session.openid, 'o-frame')
  assert.equal(wx.calls.login, 0)
})
