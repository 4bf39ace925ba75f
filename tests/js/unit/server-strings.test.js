'use strict'
// Text crosses into and out of the server core through Node's own UTF-8
// writer and reader (tools/server-facade.js replaces the glue's helpers):
// the same bytes as TextEncoder writes, and still right after the wasm
// memory grows under them.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const core = require('../../../pkg/src/loader/server')

const KEY = 'LOuXutcBgDlbsaD1O5w6Ug=='
const who = (openid) => JSON.parse(core.code2SessionUser('weixin', `{"openid":"${openid}","session_key":"${KEY}"}`)).openid

test('multi-byte text crosses into the core and back unchanged, both ways', () => {
  for (const openid of ['o-ascii', 'o-é', 'o-微信用户', 'o-😀🙂', 'o-\u0080\u07ff\u0800\uffff']) {
    assert.equal(who(openid), openid)
  }
})

test('a lone surrogate crosses as U+FFFD, as TextEncoder writes it', () => {
  assert.equal(who('o-\ud800x'), 'o-\ufffdx')
  assert.equal(who('o-x\udfff'), 'o-x\ufffd')
  assert.equal(who('o-x\udfff'), new TextDecoder().decode(new TextEncoder().encode('o-x\udfff')))
})

test('text still crosses right after the wasm memory grew to take a large argument', () => {
  const before = who('o-before')
  // Far larger than the memory holds: it grows, and the old view of it is detached.
  assert.throws(() => core.code2SessionUser('weixin', `{"openid":"${'o'.repeat(32 << 20)}"`), (e) => e.code === 'ERR_PAYLOAD_SHAPE')
  assert.equal(before, 'o-before')
  assert.equal(who('o-after-é😀'), 'o-after-é😀')
})
