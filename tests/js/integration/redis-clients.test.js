'use strict'
// redisStore on every client people run Redis with, against real servers:
// node-redis 4, 5 and 6 (single and Sentinel) and ioredis (single and
// Sentinel); anything else refused when the store is made; its options checked.
// The Cluster is in redis-cluster.test.js.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { startRedis, startSentinel } = require('../helpers/redis-server')
const { storeContract, signInSteps } = require('../helpers/store-contract')
const { needsNode } = require('../helpers/node-version')
const { fixture, post, APP_ID, APP_SECRET } = require('../helpers/fixture')

// Each client with the lowest Node its package's `engines` allow.
const NODE_REDIS = [['redis4', 'redis 4', 14], ['redis5', 'redis 5', 18], ['redis', 'redis 6', 20]]

let single, sentinel
before(async () => { [single, sentinel] = await Promise.all([startRedis(), startSentinel()]) })
after(async () => { await Promise.all([single && single.stop(), sentinel && sentinel.stop()]) })

const refused = (fn, field) => assert.throws(fn, (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === field)

/** The store contract, then a sign-in and a phone number through createAuth on it. */
async function signInOn (store, ns) {
  await storeContract(store, ns)
  await signInSteps(store, ns)
  const f = await fixture({ store, authOptions: { prefix: ns } })
  try {
    const login = await post(f.base, '/login', { code: f.code('mei') })
    assert.equal(login.status, 200)
    const event = await f.wx('mei').events.getPhoneNumber()
    const phone = await post(f.base, '/phone', { code: event.detail.code }, login.body.token)
    assert.equal(phone.status, 200)
    assert.equal(phone.body.purePhoneNumber, '13800138000')
    assert.equal((await f.auth.session(login.body.token)).openid, login.body.openid)
  } finally { await f.close() }
}

for (const [name, label, minNode] of NODE_REDIS) {
  const skip = needsNode(minNode, label)
  test(`${label}: createClient`, { skip }, async () => {
    const store = wl.redisStore({ client: require(name).createClient({ url: single.url }) })
    assert.equal(store.clientKind, 'node-redis')
    await signInOn(store, `${name}:`)
  })
  if (name !== 'redis4') { // Sentinel came with redis 5
    test(`${label}: createSentinel`, { skip }, async () => {
      const client = require(name).createSentinel({ name: sentinel.name, sentinelRootNodes: sentinel.sentinelRootNodes })
      const store = wl.redisStore({ client })
      assert.equal(store.clientKind, 'node-redis-sentinel')
      await signInOn(store, `${name}:sentinel:`)
      // It wrote to the master (the replica follows it).
      const direct = require(name).createClient({ url: sentinel.master.url })
      await direct.connect()
      try { assert.equal(await direct.get(`${name}:sentinel:b`), 'two') } finally { await direct.quit() }
    })
  }
}

test('redis 4 in legacyMode (callbacks): through its promise API', async () => {
  const store = wl.redisStore({ client: require('redis4').createClient({ url: single.url, legacyMode: true }) })
  assert.equal(store.clientKind, 'node-redis')
  await signInOn(store, 'redis4:legacy:')
})

test('redisStore works on ioredis, against a Redis and a Sentinel Redis', async () => {
  const IORedis = require('ioredis')
  const plain = wl.redisStore({ client: new IORedis(single.url, { lazyConnect: true }) })
  assert.equal(plain.clientKind, 'ioredis')
  await signInOn(plain, 'io:')
  const viaSentinel = wl.redisStore({ client: new IORedis({ sentinels: sentinel.sentinelRootNodes, name: sentinel.name }) })
  assert.equal(viaSentinel.clientKind, 'ioredis')
  await signInOn(viaSentinel, 'io:sentinel:')
})

for (const [how, gate] of [['claim', 'claim'], ['a store without claim (get, then lock)', 'lock']]) {
  test(`the code lock (${how}): a process that takes it after another finished the code uses its result (no second exchange)`, async () => {
    const prefix = `race-${gate}:`
    const a = await fixture({ store: wl.redisStore({ url: single.url }), authOptions: { prefix } })
    const storeB = wl.redisStore({ url: single.url })
    let atLock
    const reachedLock = new Promise((resolve) => { atLock = resolve })
    let aDone
    const aFinished = new Promise((resolve) => { aDone = resolve })
    // B is about to look for the code's result (or has looked: none yet) and waits at the lock until A is done.
    const gated = { ...storeB, async [gate] (key, ...rest) { if (key.includes('lock:c:') || key.includes(':c:')) { atLock(); await aFinished } return storeB[gate](key, ...rest) } }
    if (gate === 'lock') { delete gated.claim; delete gated.getMany; delete gated.batch }
    const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: a.emu.url, store: gated, prefix, retryBaseMs: 5 })
    try {
      const code = a.code('rosa')
      const nonce = 'nonce-of-rosa-0123456789' // one client, its retry reaching the other process
      const bLogin = b.login(code, { nonce })
      await reachedLock
      const first = await a.auth.login(code, { nonce })
      aDone()
      const second = await bLogin
      assert.equal(second.token, first.token)
      assert.equal(a.stats().jscode2session, 1)
    } finally { await b.close(); await a.close() }
  })
}

test('a client that is not one of those is refused when the store is made', () => {
  const fakes = [
    {},
    { sendCommand () {} }, // no connect, no isOpen
    { send_command () {}, connected: true }, // node-redis 3
    { v4: { sendCommand () {} }, sendCommand (a, cb) {}, connect () {} }, // no isOpen
    { call () {}, status: 'ready' }, // no isCluster
    'redis://127.0.0.1:6379',
    () => {},
    new Proxy({}, { get () { throw new Error('hostile') }, has () { throw new Error('hostile') } })
  ]
  for (const client of fakes) refused(() => wl.redisStore({ client }), 'client')
})

test('options are checked when given: names, types, ranges', () => {
  refused(() => wl.redisStore({ url: single.url, timeout: 100 }), 'timeout')
  refused(() => wl.redisStore({ url: single.url, tls: true }), 'tls')
  for (const timeoutMs of [0, -1, 1.5, '100', NaN, Infinity, 60_001, null]) refused(() => wl.redisStore({ url: single.url, timeoutMs }), 'timeoutMs')
  for (const url of [42, '', 'http://127.0.0.1:6379', '127.0.0.1:6379', null]) refused(() => wl.redisStore({ url }), 'url')
  refused(() => wl.redisStore({}), 'url')
  refused(() => wl.redisStore(), 'options')
  refused(() => wl.redisStore('redis://127.0.0.1'), 'options')
  const client = require('redis4').createClient({ url: single.url })
  refused(() => wl.redisStore({ url: single.url, client }), 'client')
  const store = wl.redisStore({ url: single.url, timeoutMs: 60_000 })
  return store.close()
})
