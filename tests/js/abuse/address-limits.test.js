'use strict'
// Issue #21's address plans, as an attacker runs them against the emulator
// (which counts the upstream calls), on memory and on a real Redis shared by
// two servers: random codes from 1,000 /64s of one IPv6 /48 meet the /48's
// limit (60 a minute by default); from 1,000 /48s, the app-wide budget of
// jscode2session calls (600 a minute by default). What the per-address limit
// already held (1,000 codes from one address: 20 calls) is login-limit.test.js.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const { fixture, serve, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

const random = () => crypto.randomBytes(12).toString('base64url')

let redis
before(async () => { redis = await startRedis() })
after(async () => { if (redis) await redis.stop() })

function postLogin (agent, base, code, from) {
  const body = JSON.stringify({ code })
  return new Promise((resolve, reject) => {
    const req = http.request(base + '/login', { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': from } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** 1,000 random codes, 50 at a time, request `i` from `from(i)`, through the servers in turn; answers the statuses seen. */
async function storm (bases, from) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  const statuses = {}
  try {
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, j) => {
        const i = batch * 50 + j
        return postLogin(agent, bases[i % bases.length], random(), from(i))
      }))
      for (const s of answers) statuses[s] = (statuses[s] || 0) + 1
    }
  } finally { agent.destroy() }
  return statuses
}

/** The emulator and one server (memory), or two servers sharing a fresh Redis namespace (as two processes would). */
async function servers (kind, authOptions = {}) {
  if (kind === 'memory') {
    const f = await fixture({ authOptions, handlerOptions: { trustProxy: 1 } })
    return { f, bases: [f.base], close: () => f.close() }
  }
  const prefix = `abuse-${crypto.randomBytes(4).toString('hex')}:`
  const f = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { prefix, ...authOptions }, handlerOptions: { trustProxy: 1 } })
  const other = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store: wl.redisStore({ url: redis.url }), prefix, ...authOptions })
  const second = await serve(other.handler({ trustProxy: 1 }))
  return { f, bases: [f.base, second.base], close: async () => { await second.close(); await other.close(); await f.close() } }
}

/** A distinct /64 of 2001:db8:77::/48 for each `i`, with a changing interface id. */
const sameSlash48 = (i) => `2001:db8:77:${i.toString(16)}:${(i * 7919 % 65536).toString(16)}::1`
/** A distinct /48 for each `i`. */
const ownSlash48 = (i) => `2001:${(0x1000 + i).toString(16)}:1:1::1`

for (const kind of ['memory', 'redis']) {
  test(`${kind}: 1,000 random codes from 1,000 /64s of one /48 make at most 60 upstream calls`, async (t) => {
    const { f, bases, close } = await servers(kind)
    try {
      const statuses = await storm(bases, sameSlash48)
      t.diagnostic(JSON.stringify({ requests: 1000, servers: bases.length, statuses, upstreamCalls: f.stats().jscode2session }))
      assert.ok(f.stats().jscode2session <= 60, `upstream calls: ${f.stats().jscode2session}`)
      assert.equal(statuses[400], f.stats().jscode2session) // each one that went: WeChat's 40029
      assert.equal(statuses[429], 1000 - f.stats().jscode2session)
      // Another /48 is not held back by this one.
      assert.equal(await postLogin(undefined, bases[0], random(), '2001:db8:78::1'), 400)
    } finally { await close() }
  })

  test(`${kind}: 1,000 random codes from 1,000 /48s make no more upstream calls than the app-wide budget`, async (t) => {
    const { f, bases, close } = await servers(kind)
    try {
      const statuses = await storm(bases, ownSlash48)
      t.diagnostic(JSON.stringify({ requests: 1000, servers: bases.length, statuses, upstreamCalls: f.stats().jscode2session }))
      assert.equal(f.stats().jscode2session, 600) // the default budget, spent and not passed
      assert.equal(statuses[429], 400)
      // The budget is the app's: a real user from a fresh address waits for the window too.
      assert.equal(await postLogin(undefined, bases[0], f.code(), '192.0.2.200'), 429)
      // Said once (by each server), however many sign-ins it refused.
      const said = f.logged.filter((l) => l.level === 'warn' && l.fields.limit === 'upstreamLoginBudget')
      assert.equal(said.length, 1)
      assert.ok(f.auth.stats().rateLimited.upstreamLoginBudget >= 400 / bases.length)
    } finally { await close() }
  })
}

test('the budget\'s refusal says when to try again: retryAfter is its window, in seconds', async () => {
  const f = await fixture({ authOptions: { upstreamLoginBudget: { max: 1, windowSeconds: 45 } } })
  try {
    await f.auth.login(f.code('ann'))
    await assert.rejects(f.auth.login(f.code('bo')), (e) => e.code === 'ERR_RATE_LIMITED' && e.retryAfter === 45)
  } finally { await f.close() }
})

test('the budget counts only calls that go upstream, and opens again with its window', async () => {
  const f = await fixture({ authOptions: { upstreamLoginBudget: { max: 3, windowSeconds: 60 } } })
  try {
    // 50 concurrent sign-ins with one code: one call; a code that cannot be a WeChat code: none.
    const code = f.code('ann')
    const same = await Promise.all(Array.from({ length: 50 }, () => f.auth.login(code).then(() => 'ok', (e) => e.code)))
    assert.ok(same.includes('ok'))
    await assert.rejects(f.auth.login('short'), { code: 'ERR_CODE_INVALID' })
    assert.equal(f.stats().jscode2session, 1)
    // A refused code: one call, then remembered (no call, nothing counted).
    const junk = random()
    for (let i = 0; i < 5; i++) await assert.rejects(f.auth.login(junk), { code: 'ERR_CODE_INVALID' })
    assert.equal(f.stats().jscode2session, 2)
    // One call left, then ERR_RATE_LIMITED with no call, through auth.login too (no HTTP layer needed).
    assert.equal((await f.auth.login(f.code('bo'))).openid.length > 0, true)
    await assert.rejects(f.auth.login(f.code('cy')), (e) => e.code === 'ERR_RATE_LIMITED' && e.retryable === true && e.retryAfter === 60)
    assert.equal(f.stats().jscode2session, 3)
    // The next window: open again.
    f.time.advance(61_000)
    assert.equal((await f.auth.login(f.code('cy'))).openid.length > 0, true)
    assert.equal(f.stats().jscode2session, 4)
  } finally { await f.close() }
})

test('upstreamLoginBudget and loginLimit.networkMax are checked when given, and can be turned off', async () => {
  const make = (o) => wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, ...o })
  const refused = (fn, field) => assert.throws(fn, (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === field)
  refused(() => make({ upstreamLoginBudget: { max: 0 } }), 'upstreamLoginBudget.max')
  refused(() => make({ upstreamLoginBudget: { windowSeconds: 60 } }), 'upstreamLoginBudget.max')
  refused(() => make({ upstreamLoginBudget: { max: 10, per: 60 } }), 'upstreamLoginBudget.per')
  refused(() => make({ upstreamLoginBudget: true }), 'upstreamLoginBudget')
  const auth = make({ upstreamLoginBudget: false })
  refused(() => auth.handler({ loginLimit: { max: 5, networkMax: 0 } }), 'loginLimit.networkMax')
  refused(() => auth.handler({ loginLimit: { max: 5, networkMax: '60' } }), 'loginLimit.networkMax')
  assert.equal(typeof auth.handler({ loginLimit: { max: 5, networkMax: false } }), 'function')
  await auth.close()
  // With networkMax off, 30 /64s of one /48 each get their own window only.
  const f = await fixture({ handlerOptions: { trustProxy: 1, loginLimit: { max: 1, networkMax: false } } })
  try {
    const statuses = []
    for (let i = 0; i < 30; i++) statuses.push(await postLogin(undefined, f.base, random(), sameSlash48(i)))
    assert.deepEqual([...new Set(statuses)], [400])
  } finally { await f.close() }
  // networkMax defaults to three times max.
  const g = await fixture({ handlerOptions: { trustProxy: 1, loginLimit: { max: 2 } } })
  try {
    const statuses = []
    for (let i = 0; i < 8; i++) statuses.push(await postLogin(undefined, g.base, random(), sameSlash48(i)))
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429, 429])
  } finally { await g.close() }
})

test('the claim counts the address, its network and the budget in one store step (memory and Redis)', async () => {
  const stores = [['memory', wl.memoryStore()], ['redis', wl.redisStore({ url: redis.url })]]
  for (const [kind, store] of stores) {
    const ns = `claim-${kind}-${crypto.randomBytes(3).toString('hex')}:`
    const count = { key: `${ns}rl:a`, ttlSeconds: 60, max: 2, outer: { key: `${ns}rl:n`, max: 3 } }
    const budget = { key: `${ns}rl:b`, ttlSeconds: 60, max: 1 }
    const first = await store.claim(`${ns}c:{1}`, `${ns}lock:c:{1}`, 30, count, budget)
    assert.equal(typeof first.owner, 'string', kind)
    assert.deepEqual({ ...first, owner: 'o' }, { kept: null, owner: 'o', count: 1, outerCount: 1, budgetCount: 1 }, kind)
    // The lock is held: the budget is not counted (the holder is the one going upstream).
    assert.deepEqual(await store.claim(`${ns}c:{1}`, `${ns}lock:c:{1}`, 30, count, budget), { kept: null, owner: null, count: 2, outerCount: 2 }, kind)
    // The address is past its max: nothing else counted, nothing claimed.
    assert.deepEqual(await store.claim(`${ns}c:{2}`, `${ns}lock:c:{2}`, 30, count, budget), { kept: null, owner: null, count: 3 }, kind)
    // Another address of the network: the budget is spent, the lock not taken.
    const other = { ...count, key: `${ns}rl:a2` }
    assert.deepEqual(await store.claim(`${ns}c:{2}`, `${ns}lock:c:{2}`, 30, other, budget), { kept: null, owner: null, count: 1, outerCount: 3, budgetCount: 2 }, kind)
    assert.equal(await store.get(`${ns}lock:c:{2}`), null, kind)
    // The network is past its max.
    assert.deepEqual(await store.claim(`${ns}c:{2}`, `${ns}lock:c:{2}`, 30, { ...count, key: `${ns}rl:a3` }, budget), { kept: null, owner: null, count: 1, outerCount: 4 }, kind)
    await store.close()
  }
})
