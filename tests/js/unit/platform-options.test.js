'use strict'
// createAuth's `platform` and the credentials each platform takes: checked
// at startup, each refusal naming the option.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const wl = require('weapp-login')
const { hostileValues } = require('../helpers/hostile-values')

const base = { appId: 'app123', appSecret: 'secret' }
const refused = (options, field) => assert.throws(() => wl.createAuth(options), (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === field, JSON.stringify(options))

test('platform defaults to weixin; each served platform is taken by its name', async () => {
  const made = [wl.createAuth(base)]
  for (const platform of ['weixin', 'qq', 'toutiao', 'kuaishou']) made.push(wl.createAuth({ ...base, platform }))
  made.push(wl.createAuth({ ...base, platform: 'baidu', appKey: 'key' }))
  assert.deepEqual(made.map((a) => a.platform), ['weixin', 'weixin', 'qq', 'toutiao', 'kuaishou', 'baidu'])
  await Promise.all(made.map((a) => a.close()))
})

test('an unknown platform, or alipay (not served yet), is refused naming platform', () => {
  for (const platform of ['wechat', 'douyin', 'Weixin', 'jd', 'alipay', ' qq']) refused({ ...base, platform }, 'platform')
})

test('each platform\'s credentials: Baidu needs appKey, the others refuse it; appId and appSecret everywhere', () => {
  refused({ ...base, platform: 'baidu' }, 'appKey')
  for (const platform of ['weixin', 'qq', 'toutiao', 'kuaishou']) refused({ ...base, platform, appKey: 'key' }, 'appKey')
  for (const platform of ['qq', 'toutiao', 'kuaishou', 'baidu']) {
    refused({ platform, appSecret: 'secret', appKey: 'key' }, 'appId')
    refused({ platform, appId: 'app123', appKey: 'key' }, 'appSecret')
  }
})

test('hostile values of platform and appKey: typed errors, never a crash', () => {
  for (const bad of hostileValues()) {
    for (const options of [{ ...base, platform: bad }, { ...base, platform: 'baidu', appKey: bad }]) {
      if (options.platform === undefined || (options.platform === 'baidu' && typeof options.appKey === 'string' && options.appKey !== '' && options.appKey.length <= 256)) continue
      try {
        wl.createAuth(options).close()
      } catch (e) {
        assert.ok(e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT', String(e))
      }
    }
  }
})

test('store keys name the platform of every app but WeChat\'s', async () => {
  const weixin = wl.createAuth({ ...base, appId: 'wx1' })
  const douyin = wl.createAuth({ ...base, appId: 'wx1', platform: 'toutiao' })
  const baidu = wl.createAuth({ ...base, appId: 'wx1', platform: 'baidu', appKey: 'key' })
  assert.equal(weixin.storeKey('x'), 'wl:wx1:x')
  assert.equal(douyin.storeKey('x'), 'wl:wx1@toutiao:x')
  assert.equal(baidu.storeKey('x'), 'wl:wx1@baidu:x')
  await Promise.all([weixin.close(), douyin.close(), baidu.close()])
})
