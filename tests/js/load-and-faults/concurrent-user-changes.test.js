'use strict'
// One user's changes to their record at once (avatar uploads, a profile, a
// phone number, a sign-in whose onLogin changed the record) take turns: each
// reads the record in its turn and writes it before the next begins.
// Whatever the order the store takes them in, /me shows every change: the
// avatarUrl serves an image (the one that upload answered), never one a later
// upload replaced; the nickname and the phone are there. On the memory store
// (answering at a network's pace), on one Redis shared by two server
// processes, and on a Redis Cluster (the image and the record on different
// masters).
const { test, before, after, mock } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const { startRedis, startCluster } = require('../helpers/redis-server')
const { fixture, serve, post, APP_ID, APP_SECRET } = require('../helpers/fixture')
const { needsNode } = require('../helpers/node-version')

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
 * /me's user, its avatarUrl checked: one of `uploads` answered it, and it
 * serves that upload's image (of `images`).
 */
async function meServesUpload (f, token, uploads, images, round) {
  const me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${token}` } })
  const { user } = await me.json()
  assert.equal(typeof user.avatarUrl, 'string', `round ${round}: /me has no avatarUrl`)
  // Each server answers the URL under its own origin: the same image is the same path.
  const which = uploads.findIndex((a) => new URL(a.body.avatarUrl).pathname === new URL(user.avatarUrl).pathname)
  assert.ok(which >= 0, `round ${round}: /me names an avatarUrl no upload answered`)
  const served = await fetch(user.avatarUrl)
  assert.equal(served.status, 200, `round ${round}: /me's avatarUrl answers ${served.status}`)
  assert.ok(Buffer.from(await served.arrayBuffer()).equals(images[which]), `round ${round}: /me's avatarUrl serves another upload's image`)
  return user
}

/** Every answer 200, or the failures' bodies in the message. */
const allOk = (answers) => assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.map((a) => a.status === 200 ? 200 : a.body)))

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
    allOk(answers)
    await meServesUpload(f, token, answers, images, round)
  }
  assert.equal(await lockOf(f, openid), null, 'the uploads let go of their lock')
}

/** The user's lock as stored (its owner), or null. */
const lockOf = (f, openid) => f.auth.store.get(f.auth.storeKey(`{${openid}}:lock:user`))

/** Avatar uploads in each round of raceChanges. */
const UPLOADS_WITH = 3

/**
 * Rounds of one user's changes at once, spread over `bases`: UPLOADS_WITH
 * avatar uploads, a profile (the round's nickname), a phone number by code
 * and, with `signIns`, a sign-in whose onLogin changes the record. Each
 * round is a new user (no flag set yet). After it, /me shows every change:
 * the avatar served, the nickname, the phone; the user's lock is let go.
 */
async function raceChanges (f, bases, { signIns = false } = {}) {
  const at = (i) => bases[i % bases.length]
  for (let round = 0; round < ROUNDS; round++) {
    const name = `mixer-${round}`
    const { token, openid } = (await post(f.base, '/login', { code: f.code(name) })).body
    const images = Array.from({ length: UPLOADS_WITH }, png)
    const nickName = `Mixer ${round}`
    const [uploads, profile, phone, signIn] = await Promise.all([
      Promise.all(images.map((bytes, i) => upload(at(i), token, bytes))),
      post(at(1), '/profile', { nickName }, token),
      post(at(0), '/phone', { code: f.emu.wechat.emulator.phone({ user: name }).code }, token),
      signIns ? post(at(1), '/login', { code: f.code(name) }) : null
    ])
    allOk([...uploads, profile, phone, ...(signIn === null ? [] : [signIn])])
    const user = await meServesUpload(f, token, uploads, images, round)
    assert.equal(user.nickName, nickName, `round ${round}: /me lost the nickname`)
    assert.equal(user.phoneNumber, '138****8000', `round ${round}: /me lost the phone number`)
    assert.equal((await post(f.base, '/login', { code: f.code(name) })).body.phone, true, `round ${round}: the record lost its phone flag`)
    assert.equal(await lockOf(f, openid), null, `round ${round}: the changes let go of the user's lock`)
  }
}

/** An onLogin that answers a new userId at each sign-in (a change to the record), a few milliseconds late. */
function changingOnLogin () {
  let n = 0
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, crypto.randomInt(8)))
    return { userId: `app-${crypto.randomBytes(4).toString('hex')}-${++n}` }
  }
}

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

test('an onAvatar hook that does not answer within avatarHookSeconds fails the upload inside the user\'s turn: nothing written, the lock let go', { skip: needsNode(20, 'node:test mock timers') }, async () => {
  const { avatarHookSeconds, userLockSeconds } = require('../../../pkg/dist/rules.json')
  assert.ok(avatarHookSeconds < userLockSeconds) // the record would be written while the lock still holds
  let called = false
  const onAvatar = () => { called = true; return new Promise(() => {}) } // an upload to a CDN that hangs
  const f = await fixture({ authOptions: { onAvatar } })
  try {
    const s = await f.auth.login(f.code('slow-cdn'))
    mock.timers.enable({ apis: ['setTimeout'] })
    let outcome = null
    const up = f.auth.avatar(s.token, { bytes: png() }).then(() => { outcome = 'answered' }, (e) => { outcome = e })
    while (!called) await new Promise((resolve) => setImmediate(resolve))
    mock.timers.tick(avatarHookSeconds * 1000 - 1)
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
    assert.equal(outcome, null, 'still waiting for the hook')
    mock.timers.tick(1)
    await up
    assert.equal(outcome.code, 'ERR_HOOK_FAILED')
    assert.equal(outcome.retryable, true)
    mock.timers.reset()
    assert.equal(await lockOf(f, s.openid), null)
    assert.equal((await f.auth.me(s.token)).user.avatarUrl, undefined) // nothing written
  } finally { mock.timers.reset(); await f.close() }
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

/** Every limit a race would meet off: one user's uploads, phone numbers and sign-ins from one address. */
const UNLIMITED = { avatarUploadLimit: false, phoneLimit: false }
const UNLIMITED_HANDLER = { loginLimit: false }

/** The fixture on `store`, and a second server process on `secondStore` (the same Redis, its own connection); both with `authOptions`. */
async function twoProcesses (store, secondStore, prefix, authOptions = {}) {
  const f = await fixture({ store, authOptions: { prefix, ...UNLIMITED, ...authOptions }, handlerOptions: UNLIMITED_HANDLER })
  const b = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store: secondStore, prefix, ...UNLIMITED, ...authOptions })
  const bApi = await serve(b.handler(UNLIMITED_HANDLER))
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

test('one user\'s uploads, profile, phone number and a sign-in whose onLogin changes the record, at once: /me shows them all (memory store answering late, an avatarStore of its own)', async () => {
  const f = await fixture({
    store: lateAnswers(wl.memoryStore()),
    authOptions: { ...UNLIMITED, avatarStore: lateAnswers(wl.memoryStore()), onLogin: changingOnLogin() },
    handlerOptions: UNLIMITED_HANDLER
  })
  try {
    await raceChanges(f, [f.base], { signIns: true })
  } finally { await f.close() }
})

test('one user\'s uploads, profile, phone number and sign-in at once, through two server processes on one Redis: /me shows them all', async () => {
  const two = await twoProcesses(wl.redisStore({ url: redis.url }), wl.redisStore({ url: redis.url }), 'mix:single:', { onLogin: changingOnLogin() })
  try {
    await raceChanges(two.f, two.bases, { signIns: true })
  } finally { await two.close() }
})

test('one user\'s uploads, profile, phone number and sign-in at once, through two server processes on a Redis Cluster: /me shows them all', async () => {
  const client = () => new (require('ioredis').Cluster)(cluster.hosts)
  const two = await twoProcesses(wl.redisStore({ client: client() }), wl.redisStore({ client: client() }), 'mix:cluster:', { onLogin: changingOnLogin() })
  try {
    await raceChanges(two.f, two.bases, { signIns: true })
  } finally { await two.close() }
})

/** `store` with every call counted by operation (`calls`), and the keys it locked (`locked`). */
function counted (store) {
  const out = Object.create(store)
  out.calls = {}
  out.locked = []
  for (const op of ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'claim', 'getMany', 'batch', 'setIfAbsent']) {
    if (typeof store[op] !== 'function') continue
    out[op] = (...args) => {
      out.calls[op] = (out.calls[op] || 0) + 1
      if (op === 'lock') out.locked.push(args[0])
      return store[op](...args)
    }
  }
  return out
}

test('a sign-in that changes no user record takes no turn and makes the calls of a sign-in without onLogin; one that changes it takes the user\'s turn', async () => {
  const store = counted(wl.redisStore({ url: redis.url }))
  let userId = 'app-1'
  const f = await fixture({ store, authOptions: { prefix: 'turns:', onLogin: () => ({ userId }) } })
  const plain = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, apiBase: f.emu.url, store, prefix: 'turns:' })
  /** The store calls of `run` (a sign-in), and whether it locked the user's record. */
  const callsOf = async (run) => {
    store.calls = {}
    store.locked = []
    const s = await run()
    return { calls: store.calls, turn: store.locked.includes(f.auth.storeKey(`{${s.openid}}:lock:user`)) }
  }
  try {
    const first = await callsOf(() => f.auth.login(f.code('steady'))) // onLogin sets the userId: a change
    assert.equal(first.turn, true)
    const same = await callsOf(() => f.auth.login(f.code('steady'))) // the same userId: no change
    const without = await callsOf(() => plain.login(f.code('steady')))
    assert.equal(same.turn, false)
    assert.equal(without.turn, false)
    assert.deepEqual(same.calls, without.calls)
    userId = 'app-2'
    const changed = await callsOf(() => f.auth.login(f.code('steady')))
    assert.equal(changed.turn, true)
    // The turn's lock and the record read again; the turn ends in the sign-in's batch.
    assert.deepEqual(changed.calls, { ...same.calls, lock: (same.calls.lock || 0) + 1, get: (same.calls.get || 0) + 1 })
  } finally { await plain.close(); await f.close() }
})

test('a sign-in whose writes failed lets go of the user\'s lock; its retry (the same code and nonce) writes onLogin\'s change', async () => {
  const base = wl.memoryStore()
  const store = Object.create(base)
  let failNext = true
  // batch overridden with the operations it stands for (createAuth uses a store's batch only so).
  for (const op of ['setMany', 'addCapped', 'unlock']) store[op] = (...args) => base[op](...args)
  store.batch = async (ops) => {
    if (failNext) { failNext = false; throw new Error('the store timed out') }
    return base.batch(ops)
  }
  const f = await fixture({ store, authOptions: { onLogin: () => ({ userId: 'app-7' }) } })
  try {
    const code = f.code('retrier')
    const nonce = 'retry-nonce-0123456789'
    await assert.rejects(f.auth.login(code, { nonce }), (e) => e.code === 'ERR_STORE_UNAVAILABLE')
    const s = await f.auth.login(code, { nonce })
    assert.equal(await lockOf(f, s.openid), null)
    assert.equal(JSON.parse(await f.auth.store.get(f.auth.storeKey(`{${s.openid}}:u`))).id, 'app-7')
    // Its turn let go: the next change goes at once.
    const started = Date.now()
    await f.auth.userInfo(s.token, { nickName: 'Rita' })
    assert.ok(Date.now() - started < 1000, 'no wait for the lock to expire')
  } finally { await f.close() }
})

test('a sign-in whose onLogin changes the record answers the record as written in its turn: a profile given while onLogin ran shows', async () => {
  let gate = null
  let entered = null
  const f = await fixture({
    authOptions: {
      onLogin: async () => {
        if (gate !== null) { entered(); await gate }
        return { user: { appName: 'Rita' } }
      }
    }
  })
  try {
    const first = await f.auth.login(f.code('late-flags'))
    assert.equal(first.profile, false)
    let release
    gate = new Promise((resolve) => { release = resolve })
    const inHook = new Promise((resolve) => { entered = resolve })
    const signing = f.auth.login(f.code('late-flags'))
    await inHook // the sign-in read the record (beside its onLogin) before the profile below
    await new Promise((resolve) => setImmediate(resolve))
    await f.auth.userInfo(first.token, { nickName: 'Rita' })
    release()
    const second = await signing
    assert.equal(second.profile, true)
    assert.deepEqual(second.user, { appName: 'Rita' }) // onLogin's user wins at sign-in; the flag stays
    assert.equal(JSON.parse(await f.auth.store.get(f.auth.storeKey(`{${second.openid}}:u`))).f, true)
  } finally { await f.close() }
})
