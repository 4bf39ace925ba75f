'use strict'
// Attack: one signed-in user uploads avatar after avatar (120 × 1 MiB) to
// fill the store, so that Redis under `maxmemory-policy volatile-ttl`
// evicts the other users' sessions and the abuser's own counters. Held: the
// per-user upload limit refuses all but a few, the user keeps one image (a
// new one replaces the old in one write), and nothing is evicted.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const { startRedis, cli } = require('../helpers/redis-server')
const { fixture, post } = require('../helpers/fixture')

const USERS = 30
const UPLOADS = 120
const MIB = 1024 * 1024
/** A 1 MiB "PNG": the magic bytes, then random bytes (nothing for Redis to share). */
const BIG_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(MIB - 8)])

function form (bytes) {
  const boundary = '----WeappLoginAbuse' + crypto.randomBytes(8).toString('hex')
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

async function upload (base, token, bytes = BIG_PNG) {
  const f = form(bytes)
  const res = await fetch(base + '/avatar', { method: 'POST', headers: { 'content-type': f.type, authorization: `Bearer ${token}` }, body: f.body })
  return { status: res.status, body: await res.json() }
}

/** The keys of the Redis at `port` matching `pattern`. */
async function keys (port, pattern) {
  const out = await cli(port, '--scan', '--pattern', pattern)
  return out === '' ? [] : out.split('\n')
}

const info = async (port, field) => Number(new RegExp(`${field}:(\\d+)`).exec(await cli(port, 'info', 'all'))[1])

let redis
before(async () => { redis = await startRedis(0, { args: ['--maxmemory', '64mb', '--maxmemory-policy', 'volatile-ttl'] }) })
after(() => redis && redis.stop())

test('120 × 1 MiB avatar uploads by one user leave every other session, the abuser\'s counters and one kept image (64 MiB Redis, volatile-ttl)', async () => {
  await cli(redis.port, 'flushall')
  const f = await fixture({ store: wl.redisStore({ url: redis.url }) })
  try {
    const others = []
    for (let i = 0; i < USERS; i++) others.push(await f.auth.login(f.code(`user${i}`)))
    const signIn = await post(f.base, '/login', { code: f.code('mallory') }) // counted against this address
    assert.equal(signIn.status, 200)
    const token = signIn.body.token

    const answers = []
    for (let i = 0; i < UPLOADS; i += 10) { // ten at a time, as fast as the loopback takes them
      answers.push(...await Promise.all(Array.from({ length: 10 }, () => upload(f.base, token))))
    }
    const accepted = answers.filter((a) => a.status === 200)
    const refused = answers.filter((a) => a.status !== 200)
    assert.equal(accepted.length, 5) // avatarUploadLimit's default: 5 a minute
    assert.ok(refused.every((a) => a.status === 429 && a.body.error.code === 'ERR_RATE_LIMITED'))

    assert.equal(await info(redis.port, 'evicted_keys'), 0)
    for (const s of others) assert.equal((await f.auth.session(s.token)).openid, s.openid)
    assert.equal((await f.auth.session(token)).openid, signIn.body.openid)
    // The abuser's counters: its address's sign-ins and its uploads, still counting.
    const loginCounters = await keys(redis.port, '*rl:login:*')
    assert.equal(loginCounters.length, 1)
    assert.equal(await cli(redis.port, 'get', loginCounters[0]), '1')
    const uploadCounters = await keys(redis.port, '*:rl:avatar')
    assert.equal(uploadCounters.length, 1)
    assert.equal(await cli(redis.port, 'get', uploadCounters[0]), String(UPLOADS))
    // One kept image: the last one answered; the others' URLs answer 404.
    assert.equal((await keys(redis.port, '*av:*')).length, 1)
    const urls = accepted.map((a) => a.body.avatarUrl)
    const served = []
    // Absolute: under the server's own origin, read from the request.
    assert.ok(urls.every((url) => url.startsWith(f.base + '/avatars/')), urls[0])
    for (const url of urls) served.push((await fetch(url)).status)
    assert.equal(served.filter((s) => s === 200).length, 1)
    assert.equal(served.filter((s) => s === 404).length, 4)
    const me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${token}` } })
    const current = (await me.json()).user.avatarUrl
    const image = await fetch(current)
    assert.equal(image.status, 200)
    assert.ok(Buffer.from(await image.arrayBuffer()).equals(BIG_PNG))
    // The image lives as long as the user record, not longer.
    const [avatarKey] = await keys(redis.port, '*av:*')
    const [userKey] = await keys(redis.port, `*{${signIn.body.openid}}:u`)
    assert.ok(avatarKey !== undefined && userKey !== undefined, 'both keys are there')
    const [avatarMs, userMs] = [Number(await cli(redis.port, 'pttl', avatarKey)), Number(await cli(redis.port, 'pttl', userKey))]
    // Two SETs with the same TTL, issued a few ms apart by concurrent uploads
    // (in either order): the image may outlive the record by that moment,
    // never by more than the TTL's own granularity (a second).
    assert.ok(avatarMs > 0 && avatarMs <= userMs + 1000, `the image's ${avatarMs} ms left, the record's ${userMs} ms`)
  } finally { await f.close() }
})

test('with no upload limit, a user still keeps one image: 40 uploads hold one key and about 1.4 MiB', async () => {
  await cli(redis.port, 'flushall')
  const f = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { avatarUploadLimit: false } })
  try {
    const s = await f.auth.login(f.code('nolimit'))
    const before = await info(redis.port, 'used_memory')
    for (let i = 0; i < 40; i++) assert.equal((await upload(f.base, s.token)).status, 200)
    assert.equal((await keys(redis.port, '*av:*')).length, 1)
    assert.ok(await info(redis.port, 'used_memory') - before < 4 * MIB)
    assert.equal(await info(redis.port, 'evicted_keys'), 0)
  } finally { await f.close() }
})

test('avatarStore keeps the images apart from the sessions', async () => {
  await cli(redis.port, 'flushall')
  const images = wl.memoryStore()
  const f = await fixture({ store: wl.redisStore({ url: redis.url }), authOptions: { avatarStore: images } })
  try {
    const s = await f.auth.login(f.code('apart'))
    const up = await upload(f.base, s.token, BIG_PNG.subarray(0, 4096))
    assert.equal(up.status, 200)
    assert.equal((await keys(redis.port, '*av:*')).length, 0)
    assert.equal((await fetch(up.body.avatarUrl)).status, 200)
  } finally { await f.close() }
})

test('avatarUploadLimit and avatarStore are checked when given', () => {
  const base = { appId: 'wx1234567890abcdef', appSecret: 'test-app-secret-0123456789abcdef' }
  for (const [options, field] of [[{ avatarUploadLimit: { max: 0 } }, 'avatarUploadLimit.max'], [{ avatarUploadLimit: 5 }, 'avatarUploadLimit'], [{ avatarUploadLimit: { windowSeconds: 60 } }, 'avatarUploadLimit.max'], [{ avatarStore: {} }, 'avatarStore.get']]) {
    assert.throws(() => wl.createAuth({ ...base, ...options }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === field)
  }
  assert.ok(wl.createAuth({ ...base, avatarUploadLimit: { max: 2, windowSeconds: 10 }, avatarStore: wl.memoryStore() }))
})
