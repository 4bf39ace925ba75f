'use strict'
// The stores: one contract for memory and a real redis-server; two
// createAuth instances sharing one Redis.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { createClient } = require('redis')
const { startRedis } = require('../helpers/redis-server')
const { fixture, post, serve, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { signInSteps } = require('../helpers/store-contract')

let redis
before(async () => { redis = await startRedis() })
after(() => redis && redis.stop())

for (const kind of ['memory', 'redis']) {
  test(`${kind} store: get, set with TTL, setMany, delete, deleteMany, lock with owner, the capped session set`, async () => {
    let t = Date.now()
    const store = kind === 'memory' ? wl.memoryStore({ now: () => t }) : wl.redisStore({ url: redis.url })
    try {
      assert.equal(await store.get('k:none'), null)
      await store.set('k:a', 'one', 60)
      assert.equal(await store.get('k:a'), 'one')
      await store.setMany([['k:b', 'two', 60], ['k:c', 'three', 60]])
      assert.deepEqual([await store.get('k:b'), await store.get('k:c')], ['two', 'three'])
      await store.delete('k:a')
      assert.equal(await store.get('k:a'), null)
      const owner = await store.lock('lock:x', 30)
      assert.ok(owner)
      assert.equal(await store.lock('lock:x', 30), null)
      await store.unlock('lock:x', 'not-the-owner')
      assert.equal(await store.lock('lock:x', 30), null)
      await store.unlock('lock:x', owner)
      assert.ok(await store.lock('lock:x', 30))
      assert.equal(await store.incr('k:n', 60), 1)
      assert.equal(await store.incr('k:n', 60), 2)
      assert.equal(await store.incr('k:n', 60), 3)
      // deleteMany; the per-user session set: drop the expired, cap by lowest score, take all.
      await store.setMany([['k:d1', '1', 60], ['k:d2', '2', 60]])
      await store.deleteMany(['k:d1', 'k:d2', 'k:none'])
      assert.deepEqual([await store.get('k:d1'), await store.get('k:d2')], [null, null])
      const now = t
      assert.deepEqual(await store.addCapped('{u}:s', 'a', now + 1000, 2, 60, now), [])
      assert.deepEqual(await store.addCapped('{u}:s', 'b', now + 2000, 2, 60, now), [])
      assert.deepEqual(await store.addCapped('{u}:s', 'c', now + 3000, 2, 60, now), ['a'])
      assert.deepEqual(await store.addCapped('{u}:s', 'old', now - 1, 0, 60, now + 2500), []) // at now+2500 'b' has expired
      await store.removeMember('{u}:s', 'old')
      assert.deepEqual((await store.takeMembers('{u}:s')).sort(), ['c'])
      assert.deepEqual(await store.takeMembers('{u}:s'), [])
      assert.deepEqual(await store.addCapped('{u}:s', 'x', now + 5000, 0, 60, now), [])
      await store.delete('{u}:s')
      assert.deepEqual(await store.takeMembers('{u}:s'), [])
      // Expiry
      await store.set('k:short', 'v', 1)
      if (kind === 'memory') t += 1001
      else await new Promise((resolve) => setTimeout(resolve, 1100))
      assert.equal(await store.get('k:short'), null)
    } finally { await store.close() }
  })
}

for (const kind of ['memory', 'redis']) {
  test(`${kind} store: the sign-in's steps (claim with and without a counter, getMany, batch)`, async () => {
    const store = kind === 'memory' ? wl.memoryStore() : wl.redisStore({ url: redis.url })
    try { await signInSteps(store, `steps:${kind}:`) } finally { await store.close() }
  })
}

test('a store of the first interface (no claim, getMany, batch) still signs in, shares a code across processes and caps sessions', async () => {
  const firstInterface = (store) => {
    const out = {}
    for (const op of ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'close']) out[op] = store[op].bind(store)
    out.shared = true
    return out
  }
  const prefix = 'first:'
  const a = await fixture({ store: firstInterface(wl.redisStore({ url: redis.url })), authOptions: { prefix, maxSessionsPerUser: 2 } })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: a.emu.url, store: firstInterface(wl.redisStore({ url: redis.url })), prefix, retryBaseMs: 5 })
  try {
    const code = a.code('olga')
    const nonce = 'olga-sign-in-nonce-00001'
    const first = await post(a.base, '/login', { code, nonce })
    assert.equal(first.status, 200)
    assert.equal((await b.login(code, { nonce })).token, first.body.token)
    await assert.rejects(b.login(code, { nonce: 'someone-else-nonce-0001' }), (e) => e.code === 'ERR_CODE_USED')
    const tokens = [first.body.token]
    for (let i = 0; i < 2; i++) tokens.push((await a.auth.login(a.code('olga'))).token)
    // The fixture's clock stands still (one expiry for all three): one of them went past the cap.
    const live = await Promise.all(tokens.map((t) => b.session(t).then(() => true, (e) => { assert.equal(e.code, 'ERR_SESSION_NOT_FOUND'); return false })))
    assert.equal(live.filter(Boolean).length, 2)
    assert.equal(a.stats().jscode2session, 3)
  } finally { await b.close(); await a.close() }
})

test('on Redis, /phone (encrypted) and /profile read the session, then the key ring and the record together in one MGET; a change is written in the user\'s turn in three calls', async () => {
  const calls = []
  const counted = (store) => new Proxy(store, {
    get (target, name) {
      const v = target[name]
      return typeof v === 'function' ? (...args) => { calls.push(name); return v.apply(target, args) } : v
    }
  })
  const a = await fixture({ store: counted(wl.redisStore({ url: redis.url })), authOptions: { prefix: 'trips:' } })
  try {
    const login = await post(a.base, '/login', { code: a.code('rita'), nonce: 'rita-sign-in-nonce-00001' })
    assert.equal(login.status, 200)
    const sealed = () => { const d = a.emu.wechat.emulator.phone({ user: 'rita' }); return { encryptedData: d.encryptedData, iv: d.iv } }
    const first = await post(a.base, '/phone', sealed(), login.body.token)
    assert.equal(first.body.purePhoneNumber, '13800138000')
    // The number is recorded now: a second /phone only reads.
    calls.length = 0
    const again = await post(a.base, '/phone', sealed(), login.body.token)
    assert.equal(again.status, 200)
    assert.equal(again.body.user.phoneNumber, first.body.user.phoneNumber)
    assert.deepEqual(calls, ['get', 'getMany'])
    calls.length = 0
    const info = a.emu.wechat.emulator.userinfo({ user: 'rita' })
    const profile = await post(a.base, '/profile', { encryptedData: info.encryptedData, iv: info.iv }, login.body.token)
    assert.equal(profile.status, 200)
    // Then the change in the user's turn: the lock, the record read again, the record written and the lock let go in one batch.
    assert.deepEqual(calls, ['get', 'getMany', 'lock', 'get', 'batch'])
  } finally { await a.close() }
})

test('two servers on one Redis: a login on one is a session on the other; one stable_token for both', async () => {
  const a = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { prefix: 'wl2:' } })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: a.emu.url, store: wl.redisStore({ url: redis.url }), prefix: 'wl2:', retryBaseMs: 5 })
  const bApi = await serve(b.handler())
  const inspector = createClient({ url: redis.url })
  await inspector.connect()
  try {
    const code = a.code('hana')
    const nonce = 'hana-sign-in-nonce-0001'
    const login = await post(a.base, '/login', { code, nonce })
    assert.equal(login.status, 200)
    const me = await fetch(bApi.base + '/me', { headers: { authorization: `Bearer ${login.body.token}` } })
    assert.equal((await me.json()).openid, login.body.openid)
    // The same code on the other server (a client retry): the same session, no second exchange.
    const again = await post(bApi.base, '/login', { code, nonce })
    assert.equal(again.body.token, login.body.token)
    assert.equal((await post(bApi.base, '/login', { code, nonce: 'someone-else-nonce-01' })).body.error.code, 'ERR_CODE_USED')
    assert.equal(a.stats().jscode2session, 1)
    const wx = a.wx('hana')
    const events = await Promise.all(Array.from({ length: 10 }, () => wx.events.getPhoneNumber()))
    const answers = await Promise.all(events.map((ev, i) => post(i % 2 ? a.base : bApi.base, '/phone', { code: ev.detail.code }, login.body.token)))
    // The per-user limit (5 a minute) holds across both servers.
    const outcomes = answers.map((r) => r.status === 200 ? r.body.purePhoneNumber : r.body.error.code).sort()
    assert.deepEqual(outcomes, [...Array(5).fill('13800138000'), ...Array(5).fill('ERR_RATE_LIMITED')])
    assert.equal(a.stats().stable_token, 1)
    // Only hashes: the raw token is nowhere in Redis, keys or values.
    const keys = await inspector.keys('*')
    assert.ok(keys.length > 0)
    for (const key of keys) {
      assert.ok(!key.includes(login.body.token))
      const type = await inspector.type(key)
      if (type === 'string') assert.ok(!(await inspector.get(key)).includes(login.body.token), key)
    }
  } finally {
    await inspector.quit()
    await bApi.close()
    await b.close()
    await a.close()
  }
})

test('one code at two servers at once: one upstream exchange, one session', async () => {
  const a = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { prefix: 'wl3:' } })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: a.emu.url, store: wl.redisStore({ url: redis.url }), prefix: 'wl3:' })
  try {
    const code = a.code('ivy')
    const o = { nonce: 'ivy-sign-in-nonce-00001' }
    const results = await Promise.all([a.auth.login(code, o), b.login(code, o), a.auth.login(code, o), b.login(code, o)])
    assert.equal(a.stats().jscode2session, 1)
    assert.ok(results.every((r) => r.token === results[0].token))
  } finally { await b.close(); await a.close() }
})

test('Redis down: ERR_STORE_UNAVAILABLE and 503, then recovery without a restart', async () => {
  const own = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: own.url, timeoutMs: 500 }) })
  try {
    const s = await f.auth.login(f.code())
    await own.stop()
    await assert.rejects(f.auth.session(s.token), (e) => e.code === 'ERR_STORE_UNAVAILABLE' && e.retryable === true)
    const me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${s.token}` } })
    assert.equal(me.status, 503)
    const back = await startRedis(own.port)
    try {
      let ok = null
      for (let i = 0; i < 40 && ok === null; i++) {
        try { ok = await f.auth.login(f.code()) } catch (e) {
          assert.equal(e.code, 'ERR_STORE_UNAVAILABLE')
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
      assert.ok(ok && ok.token, 'the store came back')
    } finally { await back.stop() }
  } finally { await f.close() }
})
