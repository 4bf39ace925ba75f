'use strict'
// Configuration that fails fast: every option of createAuth and memoryStore
// checked when given, unknown names refused with the name, the store checked
// for the store interface; close() stops, waits, closes, and stays closed.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture, APP_ID, APP_SECRET } = require('../helpers/fixture')

const base = { appId: APP_ID, appSecret: APP_SECRET, apiBase: 'http://127.0.0.1:9' }
const refused = (options, field) => assert.throws(() => wl.createAuth(options), (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === field, `${JSON.stringify(options)} → ${field}`)

test('createAuth refuses an unknown option, naming it', () => {
  refused({ ...base, sessionTTL: 60 }, 'sessionTTL')
  refused({ ...base, loginLimit: { max: 1 } }, 'loginLimit') // the handler's, not createAuth's
})

test('createAuth checks every option for type and range', () => {
  const cases = [
    ['appId', ''], ['appId', 'wx:1'], ['appId', 42], ['appSecret', ''], ['appSecret', null],
    ['sessionTtlSeconds', '7d'], ['sessionTtlSeconds', 10], ['sessionTtlSeconds', 1.5], ['sessionTtlSeconds', NaN],
    ['maxSessionsPerUser', 0], ['maxSessionsPerUser', true], ['keyRingSize', 0], ['keyRingSize', 11],
    ['keyGraceSeconds', -1], ['maxAgeSeconds', '600'], ['timeoutMs', 0], ['timeoutMs', Infinity], ['retries', 6], ['retries', -1],
    ['retryBaseMs', 0], ['retryMaxMs', '2s'], ['prefix', 5], ['prefix', 'a b'], ['apiBase', 'ftp://x'], ['apiBase', 'not a url'],
    ['fetch', {}], ['now', 5], ['logger', console.log], ['logger', { info () {} }],
    ['phoneLimit', true], ['phoneLimit', { max: 0 }], ['phoneLimit', { windowSeconds: 60 }], ['phoneLimit', { max: 5, window: 60 }],
    ['rememberRefusedCodes', 'yes'], ['forcedRefreshCooldownSeconds', 10], ['avatarLimitBytes', 0], ['avatarBaseUrl', 1],
    ['onLogin', 'fn'], ['onPhone', {}], ['onProfile', 1], ['onAvatar', true]
  ]
  for (const [name, value] of cases) {
    const field = name === 'phoneLimit' && value && typeof value === 'object'
      ? (value.window !== undefined ? 'phoneLimit.window' : 'phoneLimit.max')
      : name === 'logger' && typeof value === 'object' ? 'logger.warn' : name
    refused({ ...base, [name]: value }, field)
  }
  refused({ ...base, retryBaseMs: 500, retryMaxMs: 100 }, 'retryMaxMs')
  refused({ appSecret: APP_SECRET }, 'appId')
  refused({ appId: APP_ID }, 'appSecret')
  assert.throws(() => wl.createAuth(), (e) => e.code === 'ERR_INVALID_ARGUMENT')
  // Good values pass, and `false` turns a limit off.
  const auth = wl.createAuth({ ...base, phoneLimit: false, maxSessionsPerUser: false, maxAgeSeconds: null, sessionTtlSeconds: 3600, logger: { info () {}, warn () {}, error () {} }, prefix: '' })
  return auth.close()
})

test('createAuth: the store is checked for the store interface when it is given', () => {
  refused({ ...base, store: {} }, 'store.get')
  refused({ ...base, store: null }, 'store')
  const { addCapped, ...partial } = wl.memoryStore()
  refused({ ...base, store: partial }, 'store.addCapped')
})

test('memoryStore checks its options when given', () => {
  assert.throws(() => wl.memoryStore({ nope: 1 }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'nope')
  assert.throws(() => wl.memoryStore({ now: 5 }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'now')
  assert.throws(() => wl.memoryStore(7), (e) => e.code === 'ERR_INVALID_ARGUMENT')
  assert.ok(wl.memoryStore({ now: Date.now }))
})

test('close(): stops taking work, waits for the work in flight, closes the store once, stays closed', async () => {
  const f = await fixture()
  let closes = 0
  const close = f.auth.store.close
  f.auth.store.close = async () => { closes++; return close() }
  try {
    f.fault('jscode2session', { delayMs: 300, count: 1 })
    const inFlight = f.auth.login(f.code('pia'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = f.auth.close()
    await assert.rejects(f.auth.login(f.code('pia')), (e) => e.code === 'ERR_STORE_UNAVAILABLE')
    let finished = false
    inFlight.then(() => { finished = true }, () => {})
    await closing
    assert.equal(finished, true, 'close waited for the sign-in in flight')
    assert.ok((await inFlight).token)
    assert.equal(closes, 1)
    await f.auth.close()
    assert.equal(closes, 1)
    await assert.rejects(f.auth.session((await inFlight).token), (e) => e.code === 'ERR_STORE_UNAVAILABLE')
  } finally { await f.close() }
})
