'use strict'
// redisStore on a real Redis Cluster of three masters (started here, on
// loopback ports): the store contract on node-redis 4, 5, 6 and ioredis
// Cluster clients, and the whole server flow through createAuth, with the
// keys of different users on different slots of all three masters and no
// command across slots (Redis would answer CROSSSLOT).
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { keySlot, wrapClient } = require('../../../pkg/src/stores/redis-client')
const { startCluster } = require('../helpers/redis-server')
const { storeContract, signInSteps } = require('../helpers/store-contract')
const { needsNode } = require('../helpers/node-version')
const { fixture, post, serve, APP_ID, APP_SECRET } = require('../helpers/fixture')

let cluster
before(async () => { cluster = await startCluster() })
after(() => cluster && cluster.stop())

const CLIENTS = {
  'redis 4': [14, () => require('redis4').createCluster({ rootNodes: cluster.rootNodes })],
  'redis 5': [18, () => require('redis5').createCluster({ rootNodes: cluster.rootNodes })],
  'redis 6': [20, () => require('redis').createCluster({ rootNodes: cluster.rootNodes })],
  ioredis: [12, () => new (require('ioredis').Cluster)(cluster.hosts)],
  'ioredis (keyPrefix)': [12, () => new (require('ioredis').Cluster)(cluster.hosts, { keyPrefix: 'pfx:' })]
}
// The flow through createAuth runs on the newest node-redis this Node can load, and on ioredis.
const NODE_REDIS = Number(process.versions.node.split('.')[0]) >= 20 ? 'redis 6' : Number(process.versions.node.split('.')[0]) >= 18 ? 'redis 5' : 'redis 4'

test('our key slots are Redis Cluster\'s (CLUSTER KEYSLOT), hash tags included', async () => {
  const keys = ['', 'a', 'wl:t:abc', 'wl:k:oAbc-123', '{user1000}.following', 'foo{}{bar}', 'foo{{bar}}zap', 'foo{bar}{zap}', '{}', '}{', '键:用户', 'x'.repeat(300)]
  for (let i = 0; i < 40; i++) keys.push(`wl:${APP_ID}:u:o${i.toString(36)}`)
  for (const key of keys) assert.equal(keySlot(key), await cluster.keyslot(key), key)
})

for (const [label, [minNode, make]] of Object.entries(CLIENTS)) {
  test(`${label} Cluster client: the store contract across slots`, { skip: needsNode(minNode, label) }, async () => {
    const store = wl.redisStore({ client: make() })
    try {
      assert.ok(store.clientKind.endsWith('-cluster'), store.clientKind)
      const ns = `contract:${label}:`
      await storeContract(store, ns)
      assert.ok(new Set(Array.from({ length: 8 }, (_, i) => keySlot(`${ns}user${i}:x`))).size > 1, 'several slots')
      await signInSteps(store, ns) // claim, getMany and batch: no CROSSSLOT
      assert.ok(new Set(Array.from({ length: 6 }, (_, i) => keySlot(`${ns}{user${i}}:k`))).size > 1, 'the users on several slots')
      assert.notEqual(keySlot(`${ns}rl:login:10.0.0.1`), keySlot(`${ns}c:{two}`), 'the counter on another slot than the code')
      // An atomic multi-key script across slots is refused before Redis sees it.
      const wrapped = wrapClient(store.client)
      const prefix = label.includes('keyPrefix') ? 'pfx:' : ''
      assert.equal(wrapped.slot(`${ns}x`), await cluster.keyslot(`${prefix}${ns}x`), 'the slot of the key the client sends')
      const [p, q] = [`${ns}p`, `${ns}q`]
      assert.notEqual(wrapped.slot(p), wrapped.slot(q))
      await assert.rejects(async () => wrapped.send(['EVAL', 'return 1', '2', p, q]), (e) => e.code === 'ERR_INTERNAL')
    } finally { await store.close() }
  })
}

for (const label of [NODE_REDIS, 'ioredis']) {
  test(`${label} Cluster: sign-in, phone by code and sealed, logout, the code lock and the access-token lock through createAuth`, async () => {
    const prefix = `flow:${label.replace(' ', '')}:`
    const a = await fixture({ store: wl.redisStore({ client: CLIENTS[label][1]() }), authOptions: { prefix, phoneLimit: false } })
    // A second server process on the same Cluster (its own client).
    const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: a.emu.url, store: wl.redisStore({ client: CLIENTS[label][1]() }), prefix, retryBaseMs: 5, phoneLimit: false })
    const bApi = await serve(b.handler())
    try {
      const before = await cluster.dbsizes()
      // Sign-ins of many users.
      const users = Array.from({ length: 12 }, (_, i) => `user${i}`)
      const logins = await Promise.all(users.map((u) => post(a.base, '/login', { code: a.code(u) })))
      assert.ok(logins.every((r) => r.status === 200), JSON.stringify(logins.map((r) => r.body)))
      // Every master holds some of them: the keys of different users are on different slots.
      const grown = (await cluster.dbsizes()).map((n, i) => n - before[i])
      assert.ok(grown.every((n) => n > 0), `keys per master: ${grown}`)
      const ringSlots = new Set(logins.map((r) => keySlot(a.auth.storeKey(`{${r.body.openid}}:k`))))
      assert.ok(ringSlots.size > 1)

      // The code lock: one code at both servers at once (one client's
      // retries, with its nonce), one upstream exchange.
      const code = a.code('nina')
      const nonce = 'nonce-of-nina-0123456789'
      const exchanges = a.stats().jscode2session
      const same = await Promise.all([a.auth.login(code, { nonce }), b.login(code, { nonce }), a.auth.login(code, { nonce }), b.login(code, { nonce })])
      assert.equal(a.stats().jscode2session, exchanges + 1)
      assert.ok(same.every((r) => r.token === same[0].token))

      // Phone by code, at both servers at once: one stable_token (the access-token lock).
      const token = same[0].token
      const wx = a.wx('nina')
      const events = await Promise.all(Array.from({ length: 6 }, () => wx.events.getPhoneNumber()))
      const phones = await Promise.all(events.map((ev, i) => post(i % 2 ? a.base : bApi.base, '/phone', { code: ev.detail.code }, token)))
      assert.ok(phones.every((r) => r.status === 200 && r.body.purePhoneNumber === '13800138000'), JSON.stringify(phones.map((r) => r.body)))
      assert.equal(a.stats().stable_token, 1)
      // Phone sealed with the session key (the old way).
      const sealed = await wx.events.getPhoneNumber()
      const opened = await post(bApi.base, '/phone', { encryptedData: sealed.detail.encryptedData, iv: sealed.detail.iv }, token)
      assert.equal(opened.status, 200)
      assert.equal(opened.body.phoneNumber, '13800138000')

      // Logout on one server is a logout on the other.
      assert.equal((await post(a.base, '/logout', {}, token)).status, 200)
      const me = await fetch(bApi.base + '/me', { headers: { authorization: `Bearer ${token}` } })
      assert.equal(me.status, 401)
      assert.equal((await me.json()).error.code, 'ERR_SESSION_NOT_FOUND')
    } finally {
      await bApi.close()
      await b.close()
      await a.close()
    }
  })
}

test('logoutAll on the Cluster: every session of a user, from any server', { skip: typeof wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, fetch: () => {} }).logoutAll !== 'function' && 'auth.logoutAll is not in this build yet' }, async () => {
  const prefix = 'flow:all:'
  const f = await fixture({ store: wl.redisStore({ client: CLIENTS[NODE_REDIS][1]() }), authOptions: { prefix } })
  try {
    const first = await f.auth.login(f.code('omar'))
    const second = await f.auth.login(f.code('omar'))
    const other = await f.auth.login(f.code('pia'))
    await f.auth.logoutAll(first.openid)
    for (const t of [first.token, second.token]) {
      await assert.rejects(f.auth.session(t), (e) => e.code === 'ERR_SESSION_NOT_FOUND')
    }
    assert.equal((await f.auth.session(other.token)).openid, other.openid)
  } finally { await f.close() }
})
