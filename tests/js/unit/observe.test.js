'use strict'
// Observability: one structured line per sign-in, phone, profile, upstream
// call, rate-limit hit, store fault and hook error; counters by outcome and
// error code; silent by default; and the suite-wide log scanner itself.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture, APP_ID, APP_SECRET, scan } = require('../helpers/fixture')

test('one structured line per sign-in, phone, profile and upstream call; stats by outcome and code', async () => {
  const f = await fixture()
  try {
    const wx = f.wx('quin')
    const s = await f.auth.login(f.code('quin'))
    await assert.rejects(f.auth.login('b'.repeat(32)))
    await f.auth.phoneNumber(s.token, { code: (await wx.events.getPhoneNumber()).detail.code })
    await f.auth.userInfo(s.token, { nickName: 'Quin' })
    const events = f.logged.map((l) => l.fields.event)
    assert.deepEqual(events.filter((e) => e === 'login'), ['login', 'login'])
    assert.deepEqual(events.filter((e) => e === 'phone'), ['phone'])
    assert.deepEqual(events.filter((e) => e === 'profile'), ['profile'])
    const upstream = f.logged.filter((l) => l.fields.event === 'upstream')
    assert.deepEqual(upstream.map((l) => l.fields.endpoint), ['jscode2session', 'jscode2session', 'stable_token', 'getuserphonenumber'])
    assert.deepEqual(upstream.map((l) => l.fields.errcode), [0, 40029, 0, 0])
    assert.ok(upstream.every((l) => typeof l.fields.ms === 'number'))
    const failed = f.logged.find((l) => l.fields.event === 'login' && l.fields.outcome !== 'ok')
    assert.equal(failed.level, 'warn')
    assert.equal(failed.fields.outcome, 'ERR_CODE_INVALID')
    assert.equal(failed.fields.errcode, 40029)
    const stats = f.auth.stats()
    assert.deepEqual(stats.login, { ok: 1, ERR_CODE_INVALID: 1 })
    assert.deepEqual(stats.phone, { ok: 1 })
    assert.deepEqual(stats.profile, { ok: 1 })
    assert.equal(stats.upstream['jscode2session:ERR_CODE_INVALID'], 1)
  } finally { await f.close() }
})

test('store faults and hook errors are logged at error level and counted', async () => {
  const store = wl.memoryStore()
  const broken = Object.create(store)
  Object.assign(broken, { shared: false, async get () { throw new Error('connection reset') } })
  for (const op of ['set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'close']) broken[op] = store[op]
  const f = await fixture({ authOptions: { store: broken, onLogin: () => { throw new Error('boom') } } })
  try {
    await assert.rejects(f.auth.session('x'.repeat(43)), (e) => e.code === 'ERR_STORE_UNAVAILABLE' && e.cause instanceof Error)
    const fault = f.logged.find((l) => l.fields.event === 'store_fault')
    assert.equal(fault.level, 'error')
    assert.equal(fault.fields.op, 'get')
    assert.equal(f.auth.stats().store.fault, 1)
  } finally { await f.close() }
  const g = await fixture({ authOptions: { onLogin: () => { throw new Error('boom') } } })
  try {
    await assert.rejects(g.auth.login(g.code('ray')), (e) => e.code === 'ERR_HOOK_FAILED' && e.retryable === true)
    const line = g.logged.find((l) => l.fields.event === 'hook_failed')
    assert.equal(line.level, 'error')
    assert.equal(line.fields.hook, 'onLogin')
    assert.equal(line.fields.err.message, 'boom')
    assert.deepEqual(g.auth.stats().hook, { onLogin: 1 })
  } finally { await g.close() }
})

test('the default logger is silent', async () => {
  const printed = []
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug }
  for (const k of Object.keys(original)) console[k] = (...a) => printed.push(a)
  const f = await fixture({ authOptions: { logger: undefined } })
  try {
    await f.auth.login(f.code('sam'))
    await assert.rejects(f.auth.login('c'.repeat(32)))
  } finally {
    Object.assign(console, original)
    await f.close()
  }
  assert.deepEqual(printed, [])
})

test('a logger that throws never breaks a request', async () => {
  const thrower = { info () { throw new Error('disk full') }, warn () { throw new Error('disk full') }, error () { throw new Error('disk full') } }
  const f = await fixture({ authOptions: { logger: thrower } })
  try {
    assert.ok((await f.auth.login(f.code('tia'))).token)
  } finally { await f.close() }
})

test('the suite-wide scanner finds a planted secret, phone number or token in a line', () => {
  const lines = ['info {"event":"login","outcome":"ok","ms":3}', 'warn {"phone":"13800138000"}', `info {"t":"${'A'.repeat(43)}"}`, 'error planted-secret-value']
  const leaks = scan.findLeaks(lines, ['planted-secret-value', APP_SECRET])
  assert.deepEqual(leaks.map((l) => lines.indexOf(l.line)), [1, 2, 3])
  assert.deepEqual(scan.check(), [], 'nothing this process logged so far holds a secret')
})
