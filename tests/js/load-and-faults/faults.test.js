'use strict'
// Faults: WeChat slow or failing in bursts, Redis killed mid-run, and a load
// run of 2,000 sign-ins with faults injected. Every sign-in ends in a session
// or a clear retryable error: no hang, no 500, no acknowledged session lost.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const wl = require('weapp-login')
const crypto = require('node:crypto')
const { fixture, post } = require('../helpers/fixture')
const { startRedis } = require('../helpers/redis-server')

/** The upstream budget of an app with thousands of sign-ins a minute (the load tests' users). */
const BUSY_APP = { max: 10_000, windowSeconds: 60 }

test('WeChat too slow: ERR_TIMEOUT after a bounded number of tries, no hang', async () => {
  const f = await fixture({ authOptions: { timeoutMs: 100, retries: 2 } })
  try {
    f.fault('jscode2session', { delayMs: 400, count: 10 })
    await assert.rejects(f.auth.login(f.code()), (e) => e.code === 'ERR_TIMEOUT' && e.retryable === true)
    assert.equal(f.stats().jscode2session, 3)
    const res = await post(f.base, '/login', { code: f.code() })
    assert.equal(res.status, 502)
    assert.equal(res.body.error.code, 'ERR_TIMEOUT')
  } finally { await f.close() }
})

test('upstream timeouts are per request: the slow answer times out, the fast ones started with it do not', async () => {
  const f = await fixture({ authOptions: { timeoutMs: 500, retries: 0 } })
  try {
    f.fault('jscode2session', { delayMs: 3000, count: 1 })
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => f.auth.login(f.code(`window-${i}`))))
    const codes = outcomes.map((o) => o.status === 'fulfilled' ? 'ok' : o.reason.code).sort()
    assert.deepEqual(codes, ['ERR_TIMEOUT', ...Array(19).fill('ok')])
  } finally { await f.close() }
})

test('many sign-ins at once through a custom fetch that listens to the signal: no listener-leak warning', async () => {
  const warnings = []
  const onWarning = (w) => warnings.push(w.name)
  process.on('warning', onWarning)
  let n = 0
  const listening = async (url, init) => {
    const onAbort = () => {}
    init.signal.addEventListener('abort', onAbort)
    await new Promise((resolve) => setImmediate(resolve))
    init.signal.removeEventListener('abort', onAbort)
    const body = JSON.stringify({ openid: `o${String(n++).padStart(27, '0')}`, session_key: 'MDEyMzQ1Njc4OWFiY2RlZg==' })
    return { status: 200, text: async () => body }
  }
  const auth = wl.createAuth({ appId: 'wx1234567890abcdef', appSecret: 'secret', fetch: listening })
  try {
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => auth.login(`listening-code-${i}`)))
    assert.equal(new Set(results.map((r) => r.token)).size, 300)
    await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on the next tick
    assert.deepEqual(warnings.filter((w) => w === 'MaxListenersExceededWarning'), [])
  } finally {
    process.off('warning', onWarning)
    await auth.close()
  }
})

/** The load tests' faults: WeChat busy (-1) and rate-limited (45011) in bursts, and slow between them. */
function injectLoadFaults (f) {
  f.fault('jscode2session', { errcode: -1, count: 150 })
  f.fault('jscode2session', { errcode: 45011, count: 60 })
  f.fault('jscode2session', { delayMs: 30, count: 200 })
  f.fault('jscode2session', { errcode: 45011, count: 40 })
}

test('load: 2,000 sign-ins by distinct users, 50 in flight, faults injected', async (t) => {
  // Each user from an address of their own (behind one trusted proxy): the per-address /login limit stays on.
  // 2,000 users in seconds is an app past the default upstream budget (600 a minute): raised, as such an app raises it.
  const f = await fixture({ handlerOptions: { trustProxy: 1 }, authOptions: { upstreamLoginBudget: BUSY_APP } })
  let sent = 0
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  try {
    injectLoadFaults(f)
    const total = 2000
    const codes = Array.from({ length: total }, (_, i) => f.code(`load-user-${i}`))
    const outcomes = {}
    const tokens = []
    let next = 0
    const started = Date.now()
    const post = poster(f.base, agent)
    const one = (code) => post({ code }, `198.18.${(sent >> 8) & 255}.${sent++ & 255}`)
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < total) {
        const r = await one(codes[next++])
        const key = r.status === 200 ? 'session' : `${r.status} ${r.body && r.body.error ? r.body.error.code : ''}`
        outcomes[key] = (outcomes[key] || 0) + 1
        if (r.status === 200) tokens.push(r.body.token)
        else assert.ok(r.body && r.body.error && r.body.error.retryable === true, `not a clear retryable error: ${key}`)
      }
    }))
    const seconds = (Date.now() - started) / 1000
    // Every acknowledged session is there.
    let lost = 0
    for (const token of tokens) { try { await f.auth.session(token) } catch { lost++ } }
    const figures = { signIns: total, outcomes, upstreamCalls: f.stats().jscode2session, lostSessions: lost, seconds }
    t.diagnostic(JSON.stringify(figures))
    fs.mkdirSync(path.join(__dirname, '..', '..', '..', 'test-results'), { recursive: true })
    fs.writeFileSync(path.join(__dirname, '..', '..', '..', 'test-results', 'load.json'), JSON.stringify(figures, null, 2))
    assert.equal(lost, 0)
    assert.equal(Object.keys(outcomes).filter((k) => /^500|hang|error/.test(k)).length, 0, JSON.stringify(outcomes))
    assert.ok(outcomes.session >= total * 0.8, JSON.stringify(outcomes))
    assert.ok(Object.keys(outcomes).length > 1, 'the faults showed')
  } finally {
    agent.destroy()
    await f.close()
  }
})

test('Redis killed mid-run and restarted: 503 while down, recovery without a restart, no session lost', async () => {
  const redis = await startRedis(undefined, { durable: true })
  const f = await fixture({ store: wl.redisStore({ url: redis.url, timeoutMs: 300 }) })
  try {
    const before = []
    for (let i = 0; i < 20; i++) before.push((await post(f.base, '/login', { code: f.code(`r${i}`) })).body.token)
    await redis.kill()
    const down = await post(f.base, '/login', { code: f.code('during') })
    assert.equal(down.status, 503)
    assert.equal(down.body.error.code, 'ERR_STORE_UNAVAILABLE')
    assert.equal(down.body.error.retryable, true)
    const back = await startRedis(redis.port, { dir: redis.dir, durable: true })
    try {
      let me = null
      for (let i = 0; i < 50 && (me === null || me.status !== 200); i++) {
        me = await fetch(f.base + '/me', { headers: { authorization: `Bearer ${before[0]}` } })
        if (me.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.equal(me.status, 200, 'the server recovered by itself')
      for (const token of before) assert.ok((await f.auth.session(token)).openid)
    } finally { await back.stop() }
  } finally { await f.close() }
})

/**
 * One client's sign-in as the real client does it: a nonce per attempt of
 * the code, the same nonce on retries of retryable errors (bounded, with a
 * little backoff). Ends in a token or the last answer.
 */
async function signInLikeAClient (one, code, from, tries = 30) {
  const nonce = crypto.randomBytes(18).toString('base64url')
  let last
  for (let i = 0; i < tries; i++) {
    last = await one({ code, nonce }, from)
    if (last.status === 200) return last
    if (!(last.body && last.body.error && last.body.error.retryable === true)) return last
    await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 60))
  }
  return last
}

/**
 * A keep-alive JSON poster with a hard timeout that reports 'hang'; each
 * phone has its own address (behind a trusted proxy: X-Forwarded-For), as
 * real users do, so the per-address /login limit stays on.
 */
function poster (base, agent) {
  return (body, from) => new Promise((resolve) => {
    const text = JSON.stringify(body)
    const req = http.request(base + '/login', { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-forwarded-for': from }, timeout: 15_000 }, (res) => {
      let out = ''
      res.on('data', (c) => { out += c })
      res.on('end', () => { try { resolve({ status: res.statusCode, body: JSON.parse(out) }) } catch { resolve({ status: `unreadable ${res.statusCode}` }) } })
    })
    req.on('timeout', () => { req.destroy(); resolve({ status: 'hang' }) })
    req.on('error', (e) => resolve({ status: `error ${e.code}` }))
    req.end(text)
  })
}

test('load on Redis: 2,000 sign-ins, faults injected, Redis killed and restarted once; clients retry: 0 lost, 0 × 500, 0 hangs', async (t) => {
  const redis = await startRedis(undefined, { durable: true })
  let current = redis
  const f = await fixture({ store: wl.redisStore({ url: redis.url, timeoutMs: 300 }), authOptions: { timeoutMs: 1000, upstreamLoginBudget: BUSY_APP }, handlerOptions: { trustProxy: 1 } })
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  try {
    injectLoadFaults(f)
    const total = 2000
    const codes = Array.from({ length: total }, (_, i) => f.code(`redis-load-${i}`))
    const one = poster(f.base, agent)
    const outcomes = {}
    const tokens = []
    let next = 0
    let done = 0
    let outage = null
    const started = Date.now()
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < total) {
        const i = next++
        const r = await signInLikeAClient(one, codes[i], `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
        done++
        if (done === 600 && outage === null) {
          // Redis dies mid-run and comes back 500 ms later, with what it had acknowledged.
          outage = (async () => {
            await current.kill()
            await new Promise((resolve) => setTimeout(resolve, 500))
            current = await startRedis(redis.port, { dir: redis.dir, durable: true })
          })()
        }
        const key = r.status === 200 ? 'session' : `${r.status} ${r.body && r.body.error ? r.body.error.code : ''}`
        outcomes[key] = (outcomes[key] || 0) + 1
        if (r.status === 200) tokens.push(r.body.token)
      }
    }))
    await outage
    const seconds = (Date.now() - started) / 1000
    let lost = 0
    for (const token of tokens) { try { await f.auth.session(token) } catch { lost++ } }
    const figures = { signIns: total, outcomes, upstreamCalls: f.stats().jscode2session, lostSessions: lost, seconds, redisRestarted: outage !== null }
    t.diagnostic(JSON.stringify(figures))
    fs.mkdirSync(path.join(__dirname, '..', '..', '..', 'test-results'), { recursive: true })
    fs.writeFileSync(path.join(__dirname, '..', '..', '..', 'test-results', 'load-redis.json'), JSON.stringify(figures, null, 2))
    assert.ok(outage !== null, 'Redis was killed mid-run')
    assert.equal(lost, 0)
    assert.equal(Object.keys(outcomes).filter((k) => /^500|hang|error|unreadable/.test(k)).length, 0, JSON.stringify(outcomes))
    assert.ok(Object.keys(outcomes).every((k) => k === 'session' || /^(429|502|503) /.test(k)), JSON.stringify(outcomes))
    assert.ok(outcomes.session >= total * 0.95, JSON.stringify(outcomes))
  } finally {
    agent.destroy()
    await f.close()
    await current.stop()
  }
})

test('load with a hook that throws: 200 users bind a phone while onPhone fails a third of the time; no number is lost', async () => {
  let n = 0
  const bound = new Map()
  const f = await fixture({ authOptions: { onPhone: (openid, phone) => { if (n++ % 3 === 0) throw new Error('db timeout'); bound.set(openid, phone.purePhoneNumber) } } })
  try {
    const users = Array.from({ length: 200 }, (_, i) => `hook-${i}`)
    const results = await Promise.all(users.map(async (u) => {
      const s = await f.auth.login(f.code(u))
      const { code } = (await f.wx(u).events.getPhoneNumber()).detail
      for (let i = 0; i < 10; i++) {
        try { return { openid: s.openid, phone: await f.auth.phoneNumber(s.token, { code }) } } catch (e) {
          assert.equal(e.code, 'ERR_HOOK_FAILED')
          assert.equal(e.retryable, true)
        }
      }
      return { openid: s.openid, phone: null }
    }))
    assert.ok(results.every((r) => r.phone && r.phone.purePhoneNumber === '13800138000'))
    assert.equal(bound.size, 200, 'every user\'s number reached the app')
    assert.equal(f.stats().getuserphonenumber, 200, 'one paid call per code: the retries used the kept number')
    assert.ok(f.auth.stats().hook.onPhone > 0)
  } finally { await f.close() }
})
