'use strict'
// The contract on every session-key platform (WeChat, QQ, Douyin, Kuaishou,
// Baidu) against its emulator, on the memory store and on a real
// redis-server, through handler() on node:http; and the quota protections
// the suite does not cover on each platform: the app's upstream sign-in
// budget, and the per-user limit on phone codes where the platform has them
// (a phone payload is opened by the core and costs no upstream call: no limit).
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { contractSuite } = require('./suite')
const { nodeHttpMount } = require('./servers')
const { startRedis } = require('../../helpers/redis-server')
const { fixture, post, PLATFORM_NAMES } = require('../../helpers/fixture')

let redis
before(async () => { redis = await startRedis() })
after(() => redis && redis.stop())

for (const platform of PLATFORM_NAMES) {
  contractSuite(`node:http, ${platform}, memory store`, nodeHttpMount, { platform })
  contractSuite(`node:http, ${platform}, redis store`, nodeHttpMount, { platform, store: () => wl.redisStore({ url: redis.url }) })
}

const PHONE_CODES = new Set(require('../../../../pkg/dist/rules.json').platforms.filter((p) => p.phoneCode).map((p) => p.name))

for (const platform of PLATFORM_NAMES) {
  test(`${platform}: the app's upstream sign-in budget holds; the per-user limit on phone codes where it has them`, async () => {
    const f = await fixture({ platform, authOptions: { phoneLimit: { max: 2, windowSeconds: 60 }, upstreamLoginBudget: { max: 2, windowSeconds: 60 } } })
    try {
      const s = await post(f.base, '/login', { code: f.code('quota-user') })
      assert.equal(s.status, 200, JSON.stringify(s.body))
      if (PHONE_CODES.has(platform)) {
        const codes = []
        for (let i = 0; i < 3; i++) codes.push((await post(f.base, '/phone', { code: 'f00d'.repeat(7) + 'c0d' + i }, s.body.token)).body.error.code)
        assert.deepEqual(codes, ['ERR_CODE_INVALID', 'ERR_CODE_INVALID', 'ERR_RATE_LIMITED'])
      } else {
        // Payloads are opened by the core: three stale ones are three ERR_SESSION_STALE, never a limit.
        const sealed = f.emu.wechat.emulator.phone({ user: 'another-user' })
        const body = sealed.encryptedData === undefined ? { encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' } : { encryptedData: sealed.encryptedData, iv: sealed.iv }
        for (let i = 0; i < 3; i++) assert.notEqual((await post(f.base, '/phone', body, s.body.token)).body.error.code, 'ERR_RATE_LIMITED')
      }
      // The budget: two exchanges in the window, then refused before the upstream call.
      assert.equal((await post(f.base, '/login', { code: f.code('quota-user-2') })).status, 200)
      const calls = f.stats()[f.exchangeRoute]
      const third = await post(f.base, '/login', { code: f.code('quota-user-3') })
      assert.equal(third.body.error.code, 'ERR_RATE_LIMITED')
      assert.equal(f.stats()[f.exchangeRoute], calls)
    } finally { await f.close() }
  })
}
