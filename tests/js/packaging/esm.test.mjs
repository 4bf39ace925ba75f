// Every vector through the package's ESM entry; named and default imports
// are the same functions, and errors are the same class as in CommonJS.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as named from 'weapp-login'
import wlDefault from 'weapp-login'

const require = createRequire(import.meta.url)
const { registerVectorTests } = require('../helpers/vector-runner.js')

registerVectorTests(named, test)

test('ESM and CommonJS share one module and one error class', () => {
  const cjs = require('weapp-login')
  assert.equal(named.decryptData, cjs.decryptData)
  assert.equal(wlDefault.WeappLoginError, named.WeappLoginError)
  assert.throws(() => named.wechatError('x'), cjs.WeappLoginError)
})

test('usable synchronously right after import', () => {
  assert.deepEqual(named.wechatError(-1), { code: 'ERR_UPSTREAM_BUSY', retryable: true })
})
