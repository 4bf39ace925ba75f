'use strict'
// Issue #21's lesser hole: a `prefix` with hash-tag braces moves every key's
// Redis Cluster slot onto the prefix (one slot for all, the per-user tags
// ignored). createAuth and createCloudAuth refuse it, naming `prefix`.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { APP_ID, APP_SECRET } = require('../helpers/fixture')

const refusedPrefix = (fn) => assert.throws(fn, (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'prefix')
const cloud = { getWXContext: () => ({ OPENID: 'o', APPID: APP_ID }) }

test('a prefix with { or }, white space or more than 64 characters is refused by createAuth and createCloudAuth', () => {
  for (const prefix of ['{wl}:', 'wl{', 'wl}:', 'a b', 'x'.repeat(65)]) {
    refusedPrefix(() => wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, prefix }))
    refusedPrefix(() => wl.createCloudAuth({ cloud, prefix }))
  }
})

test('an ordinary prefix, an empty one and one of 64 characters are taken', async () => {
  for (const prefix of ['', 'wl:', 'my-app/prod:', 'x'.repeat(64)]) {
    const auth = wl.createAuth({ appId: APP_ID, appSecret: APP_SECRET, prefix })
    assert.equal(auth.prefix, prefix)
    await auth.close()
    assert.equal(typeof wl.createCloudAuth({ cloud, prefix }).main, 'function')
  }
})
