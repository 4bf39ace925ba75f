'use strict'
// The mini program build's minimum base library (2.14.0: WXWebAssembly
// takes .wasm.br from there on), checked before the wasm loads.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { MIN_BASE_LIBRARY, checkBaseLibrary, baseLibraryVersion, older } = require(path.join(__dirname, '..', '..', '..', 'pkg', 'src', 'base-library.js'))

test('versions compare numerically, part by part', () => {
  assert.equal(MIN_BASE_LIBRARY, '2.14.0')
  assert.equal(older('2.13.2', '2.14.0'), true)
  assert.equal(older('2.9.0', '2.14.0'), true)
  assert.equal(older('2.14', '2.14.0'), false)
  assert.equal(older('2.14.0', '2.14.0'), false)
  assert.equal(older('3.0.0', '2.14.0'), false)
  assert.equal(older('2.100.1', '2.14.0'), false)
})

test('an older base library is ERR_WX_FAIL; a newer or unknown one passes', () => {
  assert.throws(() => checkBaseLibrary('2.13.9'), (e) => e.code === 'ERR_WX_FAIL' && e.name === 'WeappLoginError' && e.retryable === false)
  assert.doesNotThrow(() => checkBaseLibrary('2.14.0'))
  assert.doesNotThrow(() => checkBaseLibrary('3.5.8'))
  assert.doesNotThrow(() => checkBaseLibrary(undefined))
})

test('the version is read from the global wx, and a wx that throws or lies reads as unknown', () => {
  const saved = globalThis.wx
  try {
    globalThis.wx = { getAppBaseInfo: () => ({ SDKVersion: '2.30.1' }) }
    assert.equal(baseLibraryVersion(), '2.30.1')
    globalThis.wx = { getAppBaseInfo () { throw new Error('no') }, getSystemInfoSync: () => ({ SDKVersion: '2.13.0' }) }
    assert.equal(baseLibraryVersion(), '2.13.0')
    assert.throws(() => checkBaseLibrary(), (e) => e.code === 'ERR_WX_FAIL')
    globalThis.wx = { getSystemInfoSync: () => ({ SDKVersion: 'dev; rm -rf' }) }
    assert.equal(baseLibraryVersion(), undefined)
    delete globalThis.wx
    assert.equal(baseLibraryVersion(), undefined)
  } finally {
    if (saved === undefined) delete globalThis.wx
    else globalThis.wx = saved
  }
})
