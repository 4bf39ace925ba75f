'use strict'
// Stores an app wraps: a store made with Object.create(base) that overrides
// some operations keeps every read and write going through its overrides,
// even where the base has the optional steps (claim, getMany, batch) that
// would otherwise do the same work without them.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { startRedis } = require('../helpers/redis-server')
const { fixture, post } = require('../helpers/fixture')

let redis
before(async () => { redis = await startRedis() })
after(() => redis && redis.stop())

/** `base` with its values sealed at rest by the app: `get`, `set` and `setMany` overridden, nothing else. */
function sealedAtRest (base) {
  const wrapped = Object.create(base)
  const seal = (v) => 'sealed:' + Buffer.from(String(v)).toString('base64')
  const unseal = (v) => {
    if (v === null) return null
    if (!v.startsWith('sealed:')) throw new Error('a value was written past the wrapper')
    return Buffer.from(v.slice(7), 'base64').toString()
  }
  wrapped.get = async (key) => unseal(await base.get(key))
  wrapped.set = (key, value, ttl) => base.set(key, seal(value), ttl)
  wrapped.setMany = (entries) => base.setMany(entries.map(([k, v, ttl]) => [k, seal(v), ttl]))
  return wrapped
}

for (const kind of ['memory', 'redis']) {
  test(`${kind}: a store wrapped with Object.create that overrides get/set/setMany signs in, answers /phone and /profile, and only its own writes reach the base`, async () => {
    const base = kind === 'memory' ? wl.memoryStore() : wl.redisStore({ url: redis.url })
    const store = sealedAtRest(base)
    const a = await fixture({ store, authOptions: { prefix: `wrapped-${kind}:` } })
    try {
      const login = await post(a.base, '/login', { code: a.code('wren'), nonce: 'wren-sign-in-nonce-00001' })
      assert.equal(login.status, 200, JSON.stringify(login.body))
      const sealed = a.emu.wechat.emulator.phone({ user: 'wren' })
      const phone = await post(a.base, '/phone', { encryptedData: sealed.encryptedData, iv: sealed.iv }, login.body.token)
      assert.equal(phone.status, 200, JSON.stringify(phone.body))
      assert.equal(phone.body.user.phoneNumber, '138****8000')
      const info = a.emu.wechat.emulator.userinfo({ user: 'wren' })
      const profile = await post(a.base, '/profile', { encryptedData: info.encryptedData, iv: info.iv }, login.body.token)
      assert.equal(profile.status, 200, JSON.stringify(profile.body))
      // What the base holds for the user was written through the wrapper.
      const record = await base.get(a.auth.storeKey(`{${login.body.openid}}:u`))
      assert.ok(record.startsWith('sealed:'), record)
      const again = await post(a.base, '/login', { code: a.code('wren'), nonce: 'wren-sign-in-nonce-00002' })
      assert.equal(again.status, 200, JSON.stringify(again.body))
      assert.equal(again.body.user.phoneNumber, '138****8000')
    } finally { await a.close() }
  })
}

test('a store whose methods all live on one prototype (a class) keeps its optional steps', async () => {
  const calls = []
  class Counting {
    constructor (base) { this.base = base }
  }
  const base = wl.memoryStore()
  for (const op of Object.keys(base)) {
    if (typeof base[op] !== 'function') continue
    Counting.prototype[op] = function (...args) { calls.push(op); return base[op](...args) }
  }
  const a = await fixture({ store: new Counting(base) })
  try {
    const login = await post(a.base, '/login', { code: a.code('cole'), nonce: 'cole-sign-in-nonce-00001' })
    assert.equal(login.status, 200)
    assert.ok(calls.includes('claim') && calls.includes('getMany') && calls.includes('batch'), calls.join(' '))
  } finally { await a.close() }
})
