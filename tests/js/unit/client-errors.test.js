'use strict'
// The client build answers an error without its description (the JS table
// has it): its errors must still read exactly as the core words them.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const clientCore = require('../../../pkg/src/loader/client-node')
const { hostileValues } = require('../helpers/hostile-values')

const DESCRIPTION = new Map(wl.errorCodes().map((row) => [row.code, row.description]))

function thrown (call) {
  try {
    call()
  } catch (e) {
    assert.ok(e instanceof wl.WeappLoginError, `${e && e.name}: ${e && e.message}`)
    return { code: e.code, message: e.message, retryable: e.retryable, httpStatus: e.httpStatus, field: e.field, errcode: e.errcode }
  }
  return null
}

test('the client build words parsePhoneEvent errors exactly as the server build does', () => {
  const details = [
    ...hostileValues(), '{', {}, { errMsg: 'getPhoneNumber:ok' }, { errMsg: 'getPhoneNumber:fail user deny' },
    { errMsg: 'getPhoneNumber:ok', code: 7 }, { errMsg: 'getPhoneNumber:ok', encryptedData: 5, iv: 'x' }
  ]
  let compared = 0
  for (const detail of details) {
    const server = thrown(() => wl.parsePhoneEvent(detail))
    if (server === null) continue
    assert.deepEqual(thrown(() => clientCore.parsePhoneEvent(detail)), server)
    compared++
  }
  assert.ok(compared > 10, `only ${compared} errors compared`)
})

test("a client build error's message is the description, the field's problem and the errcode", () => {
  assert.deepEqual(thrown(() => clientCore.sessionStorageKey(undefined)), {
    code: 'ERR_INVALID_ARGUMENT', message: 'invalid argument (`appId` is missing)', retryable: false, httpStatus: 400, field: 'appId', errcode: undefined
  })
  assert.equal(thrown(() => clientCore.sessionStorageKey(5)).message, 'invalid argument (`appId` must be a string)')
  const used = thrown(() => clientCore.readReply(400, { error: { code: 'ERR_CODE_USED', errcode: 40163 } }))
  assert.equal(used.message, `${DESCRIPTION.get('ERR_CODE_USED')} [errcode 40163]`)
  assert.equal(used.errcode, 40163)
  const busy = thrown(() => clientCore.readReply(503, { error: { code: 'ERR_UPSTREAM_BUSY' } }))
  assert.equal(busy.message, DESCRIPTION.get('ERR_UPSTREAM_BUSY'))
  assert.equal(busy.retryable, true)
})

test('isWeappLoginError narrows ours, in every entry, and nothing else', () => {
  const node = require('weapp-login')
  const mp = require('../../../pkg/miniprogram_dist/index.js')
  for (const entry of [node, mp]) {
    assert.equal(entry.isWeappLoginError(new entry.WeappLoginError('ERR_USER_DENIED')), true)
    for (const other of [new Error('x'), { name: 'WeappLoginError', code: 'ERR_USER_DENIED' }, null, undefined, 'ERR_USER_DENIED']) {
      assert.equal(entry.isWeappLoginError(other), false)
    }
    // An Error named like ours but with a code outside the core's table is not ours.
    assert.equal(entry.isWeappLoginError(Object.assign(new Error('x'), { name: 'WeappLoginError', code: 'ERR_MADE_UP' })), false)
  }
  // One made by another copy of the package (the mini program bundle's class) is still recognised.
  assert.equal(node.isWeappLoginError(new mp.WeappLoginError('ERR_PRIVACY_DENIED')), true)
  assert.equal(new mp.WeappLoginError('ERR_PRIVACY_DENIED') instanceof node.WeappLoginError, false)
})
