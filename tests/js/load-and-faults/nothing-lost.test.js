'use strict'
// Nothing lost: a hook failure or a store fault after an upstream exchange
// does not spend the user's one-time code for nothing; flags are set only
// after the hooks succeeded.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { fixture } = require('../helpers/fixture')

const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof wl.WeappLoginError && e.code === code)

/**
 * A memoryStore whose next `n` calls of `op` (matching `match`) fail;
 * `firstInterface`: without claim, getMany and batch, as a custom store of the first interface.
 */
function flakyStore (now, { firstInterface = false } = {}) {
  const store = wl.memoryStore({ now })
  const plan = []
  const wrapped = Object.create(store)
  const optional = ['claim', 'getMany', 'batch']
  for (const op of optional) wrapped[op] = undefined
  for (const op of ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'close', ...(firstInterface ? [] : optional)]) {
    wrapped[op] = async (...args) => {
      const i = plan.findIndex((p) => p.op === op && p.match(args))
      if (i >= 0 && plan[i].n-- > 0) {
        if (plan[i].n === 0) plan.splice(i, 1)
        throw new wl.WeappLoginError('ERR_STORE_UNAVAILABLE', 'injected store fault', { retryable: true })
      }
      return store[op](...args)
    }
  }
  wrapped.shared = false
  wrapped.failNext = (op, n = 1, match = () => true) => plan.push({ op, n, match })
  return wrapped
}

test('onPhone throws once: a retryable ERR_HOOK_FAILED, logged; the retry with the same code answers the number; the flag only after success', async () => {
  let fail = 1
  const seen = []
  const f = await fixture({ authOptions: { onPhone: (openid, phone) => { if (fail-- > 0) throw new Error('database down'); seen.push(phone.purePhoneNumber) } } })
  try {
    const wx = f.wx('fay')
    const s = await f.auth.login(f.code('fay'))
    const { code } = (await wx.events.getPhoneNumber()).detail
    await assert.rejects(f.auth.phoneNumber(s.token, { code }), (e) => e.code === 'ERR_HOOK_FAILED' && e.retryable === true)
    assert.equal((await f.auth.login(f.code('fay'))).phone, false) // not marked yet
    assert.ok(f.logged.some((l) => l.level === 'error' && l.fields.event === 'hook_failed' && l.fields.hook === 'onPhone'))
    const again = await f.auth.phoneNumber(s.token, { code })
    assert.equal(again.purePhoneNumber, '13800138000')
    assert.deepEqual(seen, ['13800138000'])
    assert.equal(f.stats().getuserphonenumber, 1) // one paid call
    assert.equal((await f.auth.login(f.code('fay'))).phone, true)
    assert.equal(f.auth.stats().hook.onPhone, 1)
  } finally { await f.close() }
})

test('onProfile throws once: the profile flag stays unset until it succeeds', async () => {
  let fail = 1
  const f = await fixture({ authOptions: { onProfile: () => { if (fail-- > 0) throw new Error('nope') } } })
  try {
    const s = await f.auth.login(f.code('gus'))
    await rejectsWith(f.auth.userInfo(s.token, { nickName: 'Gus' }), 'ERR_HOOK_FAILED')
    assert.equal((await f.auth.me(s.token)).user.nickName, undefined)
    assert.equal((await f.auth.userInfo(s.token, { nickName: 'Gus' })).user.nickName, 'Gus')
    assert.equal((await f.auth.login(f.code('gus'))).profile, true)
  } finally { await f.close() }
})

for (const [kind, op] of [['a store with batch', 'batch'], ['a store of the first interface (setMany)', 'setMany']]) {
  test(`the store fails after the exchange (${kind}): the retry with the same code and nonce gets the session, one upstream call`, async () => {
    const holder = {}
    const f = await fixture({ store: undefined, authOptions: { store: (holder.s = flakyStore(Date.now, { firstInterface: op === 'setMany' })) } })
    try {
      const code = f.code('hal')
      const nonce = 'hal-sign-in-nonce-000001'
      holder.s.failNext(op, 1)
      await assert.rejects(f.auth.login(code, { nonce }), (e) => e.code === 'ERR_STORE_UNAVAILABLE' && e.retryable === true)
      await rejectsWith(f.auth.login(code, { nonce: 'somebody-else-nonce-0001' }), 'ERR_CODE_USED')
      const s = await f.auth.login(code, { nonce })
      assert.equal((await f.auth.session(s.token)).openid, s.openid)
      assert.equal(f.stats().jscode2session, 1)
      assert.ok(f.logged.some((l) => l.fields.event === 'store_fault' && l.fields.op === op))
    } finally { await f.close() }
  })
}

test('the store fails after the phone code exchange: the retry answers the kept number, one paid call', async () => {
  const holder = {}
  const f = await fixture({ authOptions: { store: (holder.s = flakyStore(Date.now)) } })
  try {
    const s = await f.auth.login(f.code('ida'))
    const { code } = (await f.wx('ida').events.getPhoneNumber()).detail
    holder.s.failNext('set', 1, ([key]) => key.includes(':pc:'))
    await rejectsWith(f.auth.phoneNumber(s.token, { code }), 'ERR_STORE_UNAVAILABLE')
    assert.equal((await f.auth.phoneNumber(s.token, { code })).purePhoneNumber, '13800138000')
    assert.equal(f.stats().getuserphonenumber, 1)
  } finally { await f.close() }
})

test('onLogin throws once: the retry with the same code and nonce completes the sign-in without another exchange', async () => {
  let fail = 1
  const f = await fixture({ authOptions: { onLogin: ({ openid }) => { if (fail-- > 0) throw new Error('users table locked'); return { userId: 'u-1', user: { nickName: 'Ivy' } } } } })
  try {
    const code = f.code('ivy')
    const nonce = 'ivy-sign-in-nonce-000001'
    await rejectsWith(f.auth.login(code, { nonce }), 'ERR_HOOK_FAILED')
    const s = await f.auth.login(code, { nonce })
    assert.deepEqual(s.user, { nickName: 'Ivy' })
    assert.equal((await f.auth.session(s.token)).userId, 'u-1')
    assert.equal(f.stats().jscode2session, 1)
  } finally { await f.close() }
})
