'use strict'
// WeChat's quotas, protected by default: codes that cannot be codes never
// leave, refused codes are remembered, /phone is limited per user, a phone
// code only answers for its own user, forced token refreshes are rare
// across processes, and apps sharing a store keep to their own keys.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFile } = require('node:child_process')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const { start } = require('../../../www/emulator')
const { fixture, APP_ID, APP_SECRET, scan } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof wl.WeappLoginError && e.code === code)

test('the same refused code asked 5 times makes 1 upstream call (defaults)', async () => {
  const f = await fixture()
  try {
    const refused = crypto.randomBytes(16).toString('hex') // well-shaped, never issued: 40029
    for (let i = 0; i < 5; i++) await rejectsWith(f.auth.login(refused), 'ERR_CODE_INVALID')
    assert.equal(f.stats().jscode2session, 1)
    const spent = f.code()
    await f.auth.login(spent)
    for (let i = 0; i < 5; i++) await rejectsWith(f.auth.login(spent), 'ERR_CODE_USED')
    assert.equal(f.stats().jscode2session, 2)
    f.fault('jscode2session', { errcode: 40226, count: 1 })
    const blocked = f.code()
    for (let i = 0; i < 5; i++) await rejectsWith(f.auth.login(blocked), 'ERR_CODE_BLOCKED')
    assert.equal(f.stats().jscode2session, 3)
  } finally { await f.close() }
})

test('with rememberRefusedCodes false, a refused code is sent to WeChat every time', async () => {
  const f = await fixture({ authOptions: { rememberRefusedCodes: false } })
  try {
    const refused = crypto.randomBytes(16).toString('hex')
    for (let i = 0; i < 3; i++) await rejectsWith(f.auth.login(refused), 'ERR_CODE_INVALID')
    assert.equal(f.stats().jscode2session, 3)
  } finally { await f.close() }
})

test('500 strings that cannot be WeChat codes make no upstream call', async () => {
  const f = await fixture()
  try {
    const junk = ['', 'x', 'short-code', ' '.repeat(32), 'a'.repeat(129), 'é'.repeat(32), '<script>alert(1)</script>xxxxx', 'a b'.repeat(10)]
    for (let i = 0; i < 500; i++) {
      const c = junk[i % junk.length] + (i % 3 === 0 ? '' : `/${i}`)
      await assert.rejects(f.auth.login(c), (e) => e.code === 'ERR_CODE_INVALID' || e.code === 'ERR_INVALID_ARGUMENT')
    }
    const s = await f.auth.login(f.code('ann'))
    await rejectsWith(f.auth.phoneNumber(s.token, { code: 'not a phone code' }), 'ERR_CODE_INVALID')
    assert.equal(f.stats().jscode2session, 1)
    // The core's bounds, 16 to 128 of [A-Za-z0-9_-]: just inside goes to WeChat, just outside does not.
    for (const c of ['a'.repeat(15), 'a'.repeat(129), 'a'.repeat(15) + '.']) await rejectsWith(f.auth.login(c), 'ERR_CODE_INVALID')
    assert.equal(f.stats().jscode2session, 1)
    for (const c of ['a'.repeat(16), '_-'.repeat(64)]) await rejectsWith(f.auth.login(c), 'ERR_CODE_INVALID') // WeChat's 40029
    assert.equal(f.stats().jscode2session, 3)
    assert.equal(f.stats().getuserphonenumber, undefined)
  } finally { await f.close() }
})

test('/phone: at most 5 new phone codes per user a minute by default; a kept answer is free; false turns it off', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('bea')
    const s = await f.auth.login(f.code('bea'))
    const other = await f.auth.login(f.code('cid'))
    const codes = []
    for (let i = 0; i < 6; i++) codes.push((await wx.events.getPhoneNumber()).detail.code)
    for (let i = 0; i < 5; i++) assert.equal((await f.auth.phoneNumber(s.token, { code: codes[i] })).purePhoneNumber, '13800138000')
    await assert.rejects(f.auth.phoneNumber(s.token, { code: codes[5] }), (e) => e.code === 'ERR_RATE_LIMITED' && e.retryable === true && e.retryAfter === 60)
    assert.equal(f.stats().getuserphonenumber, 5)
    // A retry of an answered code is not a new paid call, even past the limit.
    assert.equal((await f.auth.phoneNumber(s.token, { code: codes[0] })).purePhoneNumber, '13800138000')
    // Another user has their own count.
    const cidCode = (await f.wx('cid').events.getPhoneNumber()).detail.code
    assert.equal((await f.auth.phoneNumber(other.token, { code: cidCode })).purePhoneNumber, '13800138000')
    f.time.advance(61_000)
    assert.equal((await f.auth.phoneNumber(s.token, { code: codes[5] })).purePhoneNumber, '13800138000')
    assert.equal(f.auth.stats().rateLimited.phone, 1)
    assert.ok(f.logged.some((l) => l.fields.event === 'rate_limited' && l.fields.limit === 'phone'))
  } finally { await f.close() }
  const off = await fixture({ authOptions: { phoneLimit: false } })
  try {
    const wx = off.wx('dee')
    const s = await off.auth.login(off.code('dee'))
    for (let i = 0; i < 8; i++) await off.auth.phoneNumber(s.token, { code: (await wx.events.getPhoneNumber()).detail.code })
    assert.equal(off.stats().getuserphonenumber, 8)
  } finally { await off.close() }
})

test("a phone code of user B sent with A's token never answers B's number", async () => {
  const f = await fixture()
  try {
    f.emu.wechat.emulator.user('bob').phone = { phoneNumber: '13900139000', purePhoneNumber: '13900139000', countryCode: '86' }
    const a = await f.auth.login(f.code('alice'))
    const b = await f.auth.login(f.code('bob'))
    const bobs = (await f.wx('bob').events.getPhoneNumber()).detail.code
    await rejectsWith(f.auth.phoneNumber(a.token, { code: bobs }), 'ERR_CODE_INVALID')
    // The code is refused for alice only; bob can still use it.
    assert.equal((await f.auth.phoneNumber(b.token, { code: bobs })).purePhoneNumber, '13900139000')
  } finally { await f.close() }
})

test('a 40001 storm: 30 phone requests over 2 processes on one Redis make at most 1 forced refresh', async () => {
  const redis = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { phoneLimit: false } })
  try {
    const pairs = []
    for (let i = 0; i < 30; i++) {
      const s = await f.auth.login(f.code(`storm-${i}`))
      pairs.push([s.token, (await f.wx(`storm-${i}`).events.getPhoneNumber()).detail.code])
    }
    f.fault('getuserphonenumber', { errcode: 40001, count: 1000 }) // every call refused
    const child = (part) => new Promise((resolve, reject) => {
      const arg = JSON.stringify({ redisUrl: redis.url, apiBase: f.emu.url, appId: APP_ID, appSecret: APP_SECRET, pairs: part })
      execFile(process.execPath, [path.join(__dirname, '..', 'helpers', 'phone-child.js'), arg], { cwd: path.join(__dirname, '..', '..', '..') }, (err, stdout) => err ? reject(err) : resolve(JSON.parse(stdout)))
    })
    const outcomes = (await Promise.all([child(pairs.slice(0, 15)), child(pairs.slice(15))])).flat()
    assert.equal(outcomes.length, 30)
    assert.ok(outcomes.every((o) => o === 'ERR_ACCESS_TOKEN'), JSON.stringify(outcomes))
    assert.ok((f.stats().stable_token_forced || 0) <= 1, JSON.stringify(f.stats()))
    assert.equal(f.stats().stable_token_forced, 1)
  } finally { await f.close(); await redis.stop() }
})

test('two apps on one store with the default prefix: 1 stable_token call each, no key shared', async () => {
  const redis = await startRedis()
  const apps = [['wxaaaaaaaaaaaaaaa1', 'secret-a'], ['wxbbbbbbbbbbbbbbb2', 'secret-b']]
  const emus = await Promise.all(apps.map(([appId, appSecret]) => start({ appId, appSecret })))
  for (const e of emus) scan.watchSecrets(() => e.wechat.emulator.secrets())
  const auths = apps.map(([appId, appSecret], i) => wl.createAuth({ appId, appSecret, apiBase: emus[i].url, store: wl.redisStore({ url: redis.url }), logger: scan.scanningLogger() }))
  try {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) {
        const code = emus[i].wechat.emulator.login({ user: 'u' }).code
        const s = await auths[i].login(code)
        const phone = emus[i].wechat.emulator.phone({ user: 'u' }).code
        assert.equal((await auths[i].phoneNumber(s.token, { code: phone })).countryCode, '86')
      }
    }
    assert.deepEqual(emus.map((e) => e.wechat.stats.stable_token), [1, 1])
    assert.deepEqual(emus.map((e) => e.wechat.stats.stable_token_forced || 0), [0, 0])
    assert.equal(auths[0].storeKey('x'), 'wl:wxaaaaaaaaaaaaaaa1:x')
    const { createClient } = require('redis')
    const c = createClient({ url: redis.url })
    await c.connect()
    const keys = await c.keys('*')
    await c.quit()
    assert.ok(keys.length > 0 && keys.every((k) => k.startsWith('wl:wxaaaaaaaaaaaaaaa1:') || k.startsWith('wl:wxbbbbbbbbbbbbbbb2:')), JSON.stringify(keys))
  } finally {
    for (const a of auths) await a.close()
    for (const e of emus) await e.close()
    await redis.stop()
  }
})

test('configuration errcodes are one non-retryable ERR_APP_CONFIG, logged at error level; 87009 is ERR_SESSION_STALE', async () => {
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code('eli'))
    assert.equal(await f.auth.checkSession(s.token), true)
    for (const [setting, errcode] of [[{ ipWhitelisted: false }, 40164], [{ secretFrozen: true }, 40243]]) {
      f.emu.wechat.emulator.app({ ipWhitelisted: true, secretFrozen: false, ...setting })
      await assert.rejects(f.auth.login(f.code('eli')), (e) => e.code === 'ERR_APP_CONFIG' && e.retryable === false && e.errcode === errcode)
    }
    f.emu.wechat.emulator.app({ ipWhitelisted: true, secretFrozen: false })
    const bad = wl.createAuth({ appId: APP_ID, appSecret: 'wrong-secret', apiBase: f.emu.url, logger: scan.scanningLogger(f.logged) })
    await assert.rejects(bad.login(f.code('eli')), (e) => e.code === 'ERR_APP_CONFIG' && e.errcode === 40125)
    await bad.close()
    const errors = f.logged.filter((l) => l.level === 'error' && l.fields.event === 'app_config').map((l) => l.fields.errcode)
    assert.deepEqual(errors, [40164, 40243, 40125])
    // The user signed in again elsewhere (a new wx.login): the key the server holds is stale.
    await rejectsWith(f.auth.checkSession(s.token), 'ERR_SESSION_STALE')
  } finally { await f.close() }
})

test('ERR_NETWORK keeps its cause', async () => {
  const auth = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: 'http://127.0.0.1:9', retries: 0, logger: scan.scanningLogger() })
  try {
    await assert.rejects(auth.login('a'.repeat(32)), (e) => e.code === 'ERR_NETWORK' && e.retryable === true && e.cause instanceof Error)
  } finally { await auth.close() }
})
