'use strict'
// Sessions an operator can manage: logoutAll across processes, a cap on live
// sessions per user, the key ring's grace counted from supersession and
// checked when keys are tried, and legacy user info checked for age.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture, APP_ID, APP_SECRET, scan } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof wl.WeappLoginError && e.code === code)

test('logoutAll(openid) revokes every session of a user across processes (one Redis)', async () => {
  const redis = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }) })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store: wl.redisStore({ url: redis.url }), logger: scan.scanningLogger() })
  try {
    const tokens = []
    for (let i = 0; i < 3; i++) tokens.push((await f.auth.login(f.code('jo'))).token)
    for (let i = 0; i < 2; i++) tokens.push((await b.login(f.code('jo'))).token)
    const other = await b.login(f.code('kai'))
    const { openid } = await f.auth.session(tokens[0])
    assert.equal(await b.logoutAll(openid), 5)
    for (const t of tokens) {
      await rejectsWith(f.auth.session(t), 'ERR_SESSION_NOT_FOUND')
      await rejectsWith(b.session(t), 'ERR_SESSION_NOT_FOUND')
    }
    assert.equal((await f.auth.session(other.token)).openid, other.openid)
    assert.equal(await f.auth.logoutAll(openid), 0)
    await rejectsWith(f.auth.logoutAll(''), 'ERR_INVALID_ARGUMENT')
    // A later sign-in works as usual.
    assert.ok((await f.auth.session((await f.auth.login(f.code('jo'))).token)).openid)
  } finally { await b.close(); await f.close(); await redis.stop() }
})

for (const kind of ['memory', 'redis']) {
  test(`${kind}: at most 10 live sessions per user by default, the oldest goes; logout frees a place`, async () => {
    const redis = kind === 'redis' ? await startRedis() : null
    const f = await fixture({ store: redis ? wl.redisStore({ url: redis.url }) : undefined })
    try {
      const tokens = []
      for (let i = 0; i < 12; i++) {
        tokens.push((await f.auth.login(f.code('lee'))).token)
        f.time.advance(1000)
      }
      for (const t of tokens.slice(0, 2)) await rejectsWith(f.auth.session(t), 'ERR_SESSION_NOT_FOUND')
      for (const t of tokens.slice(2)) assert.ok((await f.auth.session(t)).openid)
      await f.auth.logout(tokens[11])
      tokens.push((await f.auth.login(f.code('lee'))).token)
      assert.ok((await f.auth.session(tokens[2])).openid, 'the logged-out session freed its place')
    } finally { await f.close(); if (redis) await redis.stop() }
  })
}

test('maxSessionsPerUser: 1 keeps only the newest device; false keeps them all', async () => {
  const one = await fixture({ authOptions: { maxSessionsPerUser: 1 } })
  try {
    const a = await one.auth.login(one.code('max'))
    one.time.advance(1)
    const b = await one.auth.login(one.code('max'))
    await rejectsWith(one.auth.session(a.token), 'ERR_SESSION_NOT_FOUND')
    assert.ok((await one.auth.session(b.token)).openid)
  } finally { await one.close() }
  const all = await fixture({ authOptions: { maxSessionsPerUser: false } })
  try {
    const tokens = []
    for (let i = 0; i < 15; i++) tokens.push((await all.auth.login(all.code('max'))).token)
    for (const t of tokens) assert.ok((await all.auth.session(t)).openid)
  } finally { await all.close() }
})

test("the key ring's grace is counted from when a key was superseded, and checked when keys are tried", async () => {
  const HOUR = 3600 * 1000
  const f = await fixture({ authOptions: { maxAgeSeconds: null, sessionTtlSeconds: 30 * 24 * 3600 } })
  try {
    const wx = f.wx('neo')
    const first = f.code('neo') // key 1
    const sealedUnderKey1 = (await wx.events.getPhoneNumber()).detail
    await f.auth.login(first)
    f.time.advance(23 * HOUR)
    const s = await f.auth.login(f.code('neo')) // key 2: key 1 superseded now, 23 h after it arrived
    f.time.advance(2 * HOUR) // key 1 arrived 25 h ago, superseded 2 h ago: inside its grace
    const pair = { encryptedData: sealedUnderKey1.encryptedData, iv: sealedUnderKey1.iv }
    assert.equal((await f.auth.phoneNumber(s.token, pair)).countryCode, '86')
    f.time.advance(22 * HOUR + 1000) // superseded 24 h + 1 s ago; no sign-in since to prune the ring
    await rejectsWith(f.auth.phoneNumber(s.token, pair), 'ERR_SESSION_STALE')
    // The newest key keeps opening.
    assert.equal((await f.auth.phoneNumber(s.token, (await wx.events.getPhoneNumber()).detail)).countryCode, '86')
  } finally { await f.close() }
})

test('legacy user info is checked for age like phone data', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('ora')
    const s = await f.auth.login(f.code('ora'))
    const { detail } = await wx.events.getUserInfo()
    f.time.advance(601 * 1000)
    await rejectsWith(f.auth.userInfo(s.token, { encryptedData: detail.encryptedData, iv: detail.iv }), 'ERR_WATERMARK_TIME')
  } finally { await f.close() }
})
