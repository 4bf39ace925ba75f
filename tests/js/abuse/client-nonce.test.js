'use strict'
// The attack: guess the login nonce another client sends (it alone opens a
// code's kept result). Held: the client draws it from the platform's secure
// random (wx.getRandomValues, else crypto.getRandomValues), never Math.random
// where either exists.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createLoginClient } = require('weapp-login')
const { createFakeWx } = require('../helpers/fake-wx')
const { needsNode } = require('../helpers/node-version')

// A phone's JavaScript has a global crypto.getRandomValues; Node has one from 19.
const GLOBAL_CRYPTO = needsNode(19, 'a global crypto.getRandomValues')

const make = (wx) => createLoginClient({ wx, baseUrl: 'http://127.0.0.1:9/api', appId: 'wx1234567890abcdef' })
const nonceOf = (wx) => wx.calls.requests.find((r) => r.path === '/login').data.nonce

/** Math.random made to answer 0 while `fn` runs: a nonce drawn from it would be all 'A'. */
async function withMathRandomStuck (fn) {
  const real = Math.random
  Math.random = () => 0
  try { return await fn() } finally { Math.random = real }
}

test('the nonce comes from wx.getRandomValues where the base library has it', async () => {
  const wx = createFakeWx()
  const bytes = Array.from({ length: 32 }, (_, i) => i)
  wx.getRandomValues = (o) => { wx.randomValues++; setTimeout(() => o.success({ errMsg: 'getRandomValues:ok', randomValues: Uint8Array.from(bytes).buffer }), 1) }
  await withMathRandomStuck(() => make(wx).login())
  assert.equal(wx.randomValues, 1)
  assert.equal(nonceOf(wx), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef') // byte i → the alphabet's i-th character
})

test('without wx.getRandomValues the nonce comes from crypto.getRandomValues, and two sign-ins never share one', { skip: GLOBAL_CRYPTO }, async () => {
  const nonces = new Set()
  for (let i = 0; i < 20; i++) {
    const wx = createFakeWx()
    delete wx.getRandomValues
    await withMathRandomStuck(() => make(wx).login())
    const nonce = nonceOf(wx)
    assert.match(nonce, /^[A-Za-z0-9_-]{32}$/)
    assert.notEqual(nonce, 'A'.repeat(32))
    nonces.add(nonce)
  }
  assert.equal(nonces.size, 20)
})

test('a failing wx.getRandomValues falls back to crypto.getRandomValues', { skip: GLOBAL_CRYPTO }, async () => {
  const wx = createFakeWx()
  wx.getRandomValues = (o) => setTimeout(() => o.fail({ errMsg: 'getRandomValues:fail' }), 1)
  await withMathRandomStuck(() => make(wx).login())
  assert.notEqual(nonceOf(wx), 'A'.repeat(32))
})
