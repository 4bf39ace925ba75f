'use strict'
// The attack: one phone code sent several times at once (or again later) to
// make the server pay for several getuserphonenumber calls, and to have the
// refusals of the extra calls overwrite the number kept for the user's retry.
// Held: 5 concurrent /phone calls with one code make 1 upstream call, on
// memory and on Redis across 2 processes; all 5 get the number; a later
// retry gets it with no upstream call; a refusal never overwrites a kept number.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFile } = require('node:child_process')
const wl = require('weapp-login')
const { fixture, post, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

test('memory: 5 concurrent /phone calls with one code make 1 upstream call, all get the number, and a retry is free', async () => {
  const f = await fixture()
  try {
    const login = await post(f.base, '/login', { code: f.code('pia'), nonce: 'pia-sign-in-nonce-000001' })
    assert.equal(login.status, 200)
    const code = (await f.wx('pia').events.getPhoneNumber()).detail.code
    f.fault('getuserphonenumber', { delayMs: 200, count: 1 }) // the first call is slow: the others arrive while it runs
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(f.base, '/phone', { code }, login.body.token)))
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200], JSON.stringify(answers.map((a) => a.body.error && a.body.error.code)))
    assert.ok(answers.every((a) => a.body.purePhoneNumber === '13800138000'))
    assert.equal(f.stats().getuserphonenumber, 1)
    const retry = await post(f.base, '/phone', { code }, login.body.token)
    assert.equal(retry.status, 200)
    assert.equal(retry.body.purePhoneNumber, '13800138000')
    assert.equal(f.stats().getuserphonenumber, 1)
  } finally { await f.close() }
})

test('Redis, 2 processes: 5 concurrent calls with one code make 1 upstream call, all get the number, and a retry is free', async () => {
  const redis = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }) })
  try {
    const s = await f.auth.login(f.code('quinn'))
    const code = (await f.wx('quinn').events.getPhoneNumber()).detail.code
    f.fault('getuserphonenumber', { delayMs: 300, count: 1 })
    const startAt = Date.now() + 1500 // both processes loaded by then
    const child = (n) => new Promise((resolve, reject) => {
      const arg = JSON.stringify({ redisUrl: redis.url, apiBase: f.emu.url, appId: APP_ID, appSecret: APP_SECRET, pairs: Array(n).fill([s.token, code]), startAt })
      execFile(process.execPath, [path.join(__dirname, '..', 'helpers', 'phone-child.js'), arg], { cwd: path.join(__dirname, '..', '..', '..') }, (err, stdout) => err ? reject(err) : resolve(JSON.parse(stdout)))
    })
    const outcomes = (await Promise.all([child(3), child(2)])).flat()
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'ok', 'ok'])
    assert.equal(f.stats().getuserphonenumber, 1)
    const retry = await f.auth.phoneNumber(s.token, { code })
    assert.equal(retry.purePhoneNumber, '13800138000')
    assert.equal(f.stats().getuserphonenumber, 1)
  } finally { await f.close(); await redis.stop() }
})

test('Redis: a refusal (40163) from a call whose lock ran out never overwrites the kept number; that call answers it', async () => {
  const redis = await startRedis()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }) })
  // A second server on the same Redis whose lock always "succeeds" and whose
  // first looks find nothing: as a process whose lock expired while WeChat was slow.
  const base = wl.redisStore({ url: redis.url })
  const late = Object.create(base)
  let blind = 2
  late.get = (key) => key.includes(':pc:') && blind-- > 0 ? Promise.resolve(null) : base.get(key)
  late.set = (key, value, ttl) => base.set(key, value, ttl)
  late.setIfAbsent = (key, value, ttl) => base.setIfAbsent(key, value, ttl)
  late.lock = async () => 'expired-lock'
  const other = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store: late, retryBaseMs: 5, retryMaxMs: 20 })
  try {
    const s = await f.auth.login(f.code('rae'))
    const code = (await f.wx('rae').events.getPhoneNumber()).detail.code
    assert.equal((await f.auth.phoneNumber(s.token, { code })).purePhoneNumber, '13800138000')
    assert.equal((await other.phoneNumber(s.token, { code })).purePhoneNumber, '13800138000') // WeChat said 40163; the kept number stands
    assert.equal(f.stats().getuserphonenumber, 2)
    assert.equal((await f.auth.phoneNumber(s.token, { code })).purePhoneNumber, '13800138000')
    assert.equal(f.stats().getuserphonenumber, 2)
  } finally { await other.close(); await f.close(); await redis.stop() }
})
