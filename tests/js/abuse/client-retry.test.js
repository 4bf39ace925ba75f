'use strict'
// The attack on the user (a flaky network, a store that blinks): the reply to
// a sign-in is lost after the server exchanged the code, and a new wx.login
// code is spent. Held: the client retries a sign-in that failed with a
// network error or a retryable answer once, with the same code and nonce, so
// the server's kept result for them is reachable; not after a rate limit or
// a refusal.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createLoginClient, WeappLoginError } = require('weapp-login')
const { createFakeWx } = require('../helpers/fake-wx')
const { fixture } = require('../helpers/fixture')

const make = (wx, baseUrl = 'http://127.0.0.1:9/api') => createLoginClient({ wx, baseUrl, appId: 'wx1234567890abcdef' })
const logins = (wx) => wx.calls.requests.filter((r) => r.path === '/login')
const error = (statusCode, code, retryable) => ({ statusCode, data: { error: { code, message: code, retryable } } })

/** A /login route that answers `first` once, then signs in. */
function failingOnce (first) {
  let n = 0
  return (o) => n++ === 0 ? first : { statusCode: 200, data: { token: `tok-${'x'.repeat(40)}`, openid: 'o-user-1', expiresAt: Date.now() + 3600_000 } }
}

for (const [what, first] of [
  ['a network error', { fail: 'request:fail socket hang up' }],
  ['a 503 (ERR_STORE_UNAVAILABLE)', error(503, 'ERR_STORE_UNAVAILABLE', true)],
  ['a 502 (ERR_HOOK_FAILED)', error(502, 'ERR_HOOK_FAILED', true)]
]) {
  test(`a sign-in that failed with ${what} is retried once, with the same code and nonce`, async () => {
    const wx = createFakeWx({ server: { '/login': failingOnce(first) } })
    const session = await make(wx).login()
    assert.equal(session.openid, 'o-user-1')
    const [a, b] = logins(wx)
    assert.equal(logins(wx).length, 2)
    assert.deepEqual(a.data, b.data)
    assert.equal(wx.calls.login, 1)
  })
}

for (const [what, first, code] of [
  ['a rate limit', error(429, 'ERR_RATE_LIMITED', true), 'ERR_RATE_LIMITED'],
  ['a used code', error(400, 'ERR_CODE_USED', false), 'ERR_CODE_USED']
]) {
  test(`a sign-in refused with ${what} is not retried`, async () => {
    const wx = createFakeWx({ server: { '/login': failingOnce(first) } })
    await assert.rejects(make(wx).login(), (e) => e instanceof WeappLoginError && e.code === code)
    assert.equal(logins(wx).length, 1)
  })
}

test('a sign-in whose first try fails twice is not retried again', async () => {
  const wx = createFakeWx({ server: { '/login': () => error(503, 'ERR_STORE_UNAVAILABLE', true) } })
  await assert.rejects(make(wx).login(), (e) => e instanceof WeappLoginError && e.code === 'ERR_STORE_UNAVAILABLE')
  assert.equal(logins(wx).length, 2)
})

test('against the server: onLogin fails once, the client\'s retry completes the kept exchange with no second upstream call', async () => {
  let fails = 1
  const f = await fixture({ authOptions: { onLogin: () => { if (fails-- > 0) throw new Error('db down') } } })
  try {
    const wx = f.wx('uma')
    const session = await make(wx, f.base).login()
    assert.equal(typeof session.openid, 'string')
    assert.equal(f.stats().jscode2session, 1)
    assert.equal(wx.calls.login, 1)
  } finally { await f.close() }
})
