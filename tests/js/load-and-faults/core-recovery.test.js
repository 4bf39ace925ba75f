'use strict'
// The JS side survives a wasm fault: the call that hit it fails with
// ERR_INTERNAL, the instance is rebuilt, and the next call works.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { createCore } = require('../../../pkg/src/core.js')
const { WeappLoginError } = require('../../../pkg/src/errors.js')

test('a trap rebuilds the instance', () => {
  let built = 0
  const core = createCore(() => {
    built++
    const generation = built
    return {
      work () {
        if (generation === 1) throw new WebAssembly.RuntimeError('unreachable')
        return JSON.stringify({ ok: generation })
      }
    }
  }, ['work'])
  assert.throws(() => core.work(), (e) => e instanceof WeappLoginError && e.code === 'ERR_INTERNAL')
  assert.equal(core.work(), 2)
  assert.equal(core.work(), 2)
  assert.equal(built, 2)
})
