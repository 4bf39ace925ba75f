'use strict'
// One user's avatar uploads at once: each keeps the image, then writes the
// user record's avatarUrl. Whatever the order the store takes them in, /me's
// avatarUrl must serve an image (the one that upload answered), never name
// one a later upload replaced. On the memory store (its avatarStore answering
// at a network's pace), on one Redis shared by two server processes, and on
// a Redis Cluster (the image and the record on different masters).
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const { startRedis, startCluster } = require('../helpers/redis-server')
const { fixture, serve, post, APP_ID, APP_SECRET } = require('../helpers/fixture')

// One Redis and one Cluster for the file (top-level hooks before any test: Node 16 runs them then).
let redis
let cluster
before(async () => { [redis, cluster] = await Promise.all([startRedis(), startCluster()]) })
after(() => Promise.all([redis && redis.stop(), cluster && cluster.stop()]))

const ROUNDS = 16
const AT_ONCE = 10

/** A small "PNG" of its own: the magic bytes, then random bytes of a random length. */
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(1024 + crypto.randomInt(64 * 1024))])

async function upload (base, token, bytes) {
  const boundary = '----WeappLoginRace' + crypto.randomBytes(8).toString('hex')
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  const res = await fetch(base + '/avatar', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` }, body })
  return { status: res.status, body: await res.json() }
}

/**
 * Rounds of AT_ONCE uploads by one user, spread over `bases` (server
 * processes sharing one store); after each round, /me's avatarUrl serves
 * the image of the upload that answered that URL.
 */
async function raceUploads (f, bases) {
  const { token, openid } = (await post(f.base, '/login', { code: f.code('racer') })).body
  for (let round = 0; round < ROUNDS; round++) {
    const images = Array.from({ length: AT_ONCE }, png)
    const answers = await Promise.all(images.map((bytes, i) => upload(bases[i % bases.length], token, bytes)))
    assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.map((a) => a.status === 200 ? 200 : a.body)))
    const me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${token}` } })
    const { avatarUrl } = (await me.json()).user
    // Each server answers the URL under its own origin: the same image is the same path.
    const which = answers.findIndex((a) => new URL(a.body.avatarUrl).pathname === new URL(avatarUrl).pathname)
    assert.ok(which >= 0, `round ${round}: /me names an avatarUrl no upload answered`)
    const served = await fetch(avatarUrl)
    assert.equal(served.status, 200, `round ${round}: /me's avatarUrl answers ${served.status}`)
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(images[which]), `round ${round}: /me's avatarUrl serves another upload's image`)
  }
  assert.equal(await lockOf(f, openid), null, 'the uploads let go of their lock')
}

/** The user's lock as stored (its owner), or null. */
const lockOf = (f, openid) => f.auth.store.get(f.auth.storeKey(`{${openid}}:lock:user`))

/**
 * A memory store whose answers come after a random few milliseconds, as a
 * network store's do; each write lands at once, as on a server that has
 * taken it before its reply is back.
 */
function lateAnswers (store) {
  const late = (value) => new Promise((resolve) => setTimeout(() => resolve(value), crypto.randomInt(8)))
  const out = Object.create(store)
  for (const op of ['get', 'set']) out[op] = (...args) => store[op](...args).then(late)
  return out
}

test('one user\'s avatar uploads at once: /me\'s avatarUrl serves its image (memory store, an avatarStore answering late)', async () => {
  const f = await fixture({ authOptions: { avatarUploadLimit: false, avatarStore: lateAnswers(wl.memoryStore()) } })
  try {
    await raceUploads(f, [f.base])
  } finally { await f.close() }
})

test('an upload whose onAvatar hook fails lets go of the user\'s lock: the next one goes at once', async () => {
  let calls = 0
  const onAvatar = async () => { if (++calls === 1) throw new Error('the CDN is down'); return { avatarUrl: 'https://cdn.example.com/a.png' } }
  const f = await fixture({ authOptions: { onAvatar } })
  try {
    const s = await f.auth.login(f.code('hooked'))
    await assert.rejects(f.auth.avatar(s.token, { bytes: png() }), (e) => e.code === 'ERR_HOOK_FAILED')
    assert.equal(await lockOf(f, s.openid), null)
    const started = Date.now()
    assert.equal((await f.auth.avatar(s.token, { bytes: png() })).avatarUrl, 'https://cdn.example.com/a.png')
    assert.ok(Date.now() - started < 1000, 'no wait for the lock to expire')
  } finally { await f.close() }
})

test('an upload waits its turn while another holds the user\'s lock, then goes', async () => {
  const f = await fixture({ authOptions: { avatarBaseUrl: 'https://api.example.com' } })
  try {
    const s = await f.auth.login(f.code('waiter'))
    const key = f.auth.storeKey(`{${s.openid}}:lock:user`)
    assert.equal(await f.auth.store.lock(key, 60, 'another-upload'), 'another-upload')
    setTimeout(() => { f.auth.store.unlock(key, 'another-upload') }, 300)
    const started = Date.now()
    const up = await f.auth.avatar(s.token, { bytes: png() })
    assert.ok(Date.now() - started >= 300, 'it waited for the holder')
    assert.equal((await f.auth.me(s.token)).user.avatarUrl, up.avatarUrl)
    assert.equal(await lockOf(f, s.openid), null)
  } finally { await f.close() }
})

test('a lock call that took the lock and then failed (a store timeout) leaves no lock behind', async () => {
  const base = wl.memoryStore()
  const store = Object.create(base)
  let failNext = true
  store.lock = async (...args) => {
    const owner = await base.lock(...args)
    if (failNext) { failNext = false; throw new Error('the store timed out') } // taken, but the answer is lost
    return owner
  }
  const f = await fixture({ store, authOptions: { avatarBaseUrl: 'https://api.example.com' } })
  try {
    const s = await f.auth.login(f.code('timeout'))
    await assert.rejects(f.auth.avatar(s.token, { bytes: png() }), (e) => e.code === 'ERR_STORE_UNAVAILABLE')
    assert.equal(await lockOf(f, s.openid), null)
    const started = Date.now()
    assert.equal((await f.auth.avatar(s.token, { bytes: png() })).user.avatarUrl.startsWith('https://api.example.com/avatars/'), true)
    assert.ok(Date.now() - started < 1000, 'no wait for the lock to expire')
  } finally { await f.close() }
})

/** The fixture on `store`, and a second server process on `secondStore` (the same Redis, its own connection). */
async function twoProcesses (store, secondStore, prefix) {
  const f = await fixture({ store, authOptions: { prefix, avatarUploadLimit: false } })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store: secondStore, prefix, avatarUploadLimit: false })
  const bApi = await serve(b.handler())
  return { f, bases: [f.base, bApi.base], async close () { await bApi.close(); await b.close(); await f.close() } }
}

test('one user\'s avatar uploads at once, through two server processes on one Redis: /me\'s avatarUrl serves its image', async () => {
  const two = await twoProcesses(wl.redisStore({ url: redis.url }), wl.redisStore({ url: redis.url }), 'race:single:')
  try {
    await raceUploads(two.f, two.bases)
  } finally { await two.close() }
})

test('one user\'s avatar uploads at once, through two server processes on a Redis Cluster: /me\'s avatarUrl serves its image', async () => {
  const client = () => new (require('ioredis').Cluster)(cluster.hosts)
  const two = await twoProcesses(wl.redisStore({ client: client() }), wl.redisStore({ client: client() }), 'race:cluster:')
  try {
    await raceUploads(two.f, two.bases)
  } finally { await two.close() }
})
