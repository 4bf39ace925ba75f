'use strict'
// The attack (or the bad day): Redis stalls past the store's timeout while a
// sign-in claims its code, so the claim still runs once Redis is back and
// takes the code's lock for a caller that already gave up. Held: the lock's
// owner is known before the claim and let go, so the retry with the same
// code and nonce signs in within 5 s of Redis coming back; a waiter backs off
// (fewer than 50 store reads while it waits).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { createClient } = require('redis')
const { fixture, post, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

/** `base` with its reads counted (get, getMany, claim). */
function counting (base) {
  const store = Object.create(base)
  store.reads = 0
  for (const op of ['get', 'getMany', 'claim', 'lock', 'set', 'incr']) {
    store[op] = (...args) => { if (op === 'get' || op === 'getMany' || op === 'claim') store.reads++; return base[op](...args) }
  }
  return store
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

test('Redis paused 3 s during a sign-in: the retry with the same code and nonce signs in within 5 s of Redis coming back', async (t) => {
  const redis = await startRedis()
  const store = counting(wl.redisStore({ url: redis.url, timeoutMs: 500 }))
  const f = await fixture({ store })
  const admin = createClient({ url: redis.url })
  await admin.connect()
  try {
    await f.auth.login(f.code('stan')) // connected before the pause
    const body = { code: f.code('stan'), nonce: 'stan-sign-in-nonce-00001' }
    await admin.sendCommand(['CLIENT', 'PAUSE', '3000'])
    const back = Date.now() + 3000
    const first = await post(f.base, '/login', body)
    assert.equal(first.status, 503)
    assert.equal(first.body.error.code, 'ERR_STORE_UNAVAILABLE')
    await sleep(back - Date.now() + 20)
    const readsBefore = store.reads
    const retry = await post(f.base, '/login', body)
    const took = Date.now() - back
    assert.equal(retry.status, 200, JSON.stringify(retry.body))
    assert.ok(took < 5000, `${took} ms after Redis came back`)
    assert.ok(store.reads - readsBefore < 50, `${store.reads - readsBefore} store reads`)
    assert.equal(f.stats().jscode2session, 2)
    t.diagnostic(`signed in ${took} ms after Redis came back, ${store.reads - readsBefore} store reads`)
  } finally { await admin.quit(); await f.close(); await redis.stop() }
})

test('a waiter for another process\'s exchange backs off: a 3 s exchange costs it fewer than 50 store reads', async (t) => {
  const redis = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }) })
  const store = counting(wl.redisStore({ url: redis.url }))
  const other = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store, retryBaseMs: 5, retryMaxMs: 20 })
  try {
    const code = f.code('tess')
    const nonce = 'tess-sign-in-nonce-00001'
    f.fault('jscode2session', { delayMs: 3000, count: 1 })
    const holder = f.auth.login(code, { nonce })
    await sleep(100) // the holder has the code's lock
    const readsBefore = store.reads
    const [a, b] = await Promise.all([holder, other.login(code, { nonce })])
    assert.equal(a.openid, b.openid)
    assert.equal(a.token, b.token) // the holder's kept result
    assert.equal(f.stats().jscode2session, 1)
    assert.ok(store.reads - readsBefore < 50, `${store.reads - readsBefore} store reads while waiting`)
    t.diagnostic(`${store.reads - readsBefore} store reads while waiting 3 s`)
  } finally { await other.close(); await f.close(); await redis.stop() }
})
