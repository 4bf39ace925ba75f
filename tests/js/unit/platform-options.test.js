'use strict'
// createAuth's `platform` and the credentials each platform takes: checked
// at startup, each refusal naming the option.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
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

test('an unknown platform is refused naming platform', () => {
  for (const platform of ['wechat', 'douyin', 'Weixin', 'jd', 'Alipay', ' qq']) refused({ ...base, platform }, 'platform')
})

// Keys as a console gives them: made once for these tests.
const rsa = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const appPair = rsa()
const alipayPair = rsa()
const alipay = {
  platform: 'alipay',
  appId: '2021000123456789',
  privateKey: appPair.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  // Bare base64 of the DER, as Alipay's console shows a key.
  alipayPublicKey: alipayPair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  encryptKey: crypto.randomBytes(16).toString('base64')
}

test('alipay: appId, privateKey and alipayPublicKey required, encryptKey taken; appSecret and the others refused', async () => {
  const made = [wl.createAuth(alipay), wl.createAuth({ ...alipay, encryptKey: undefined })]
  assert.deepEqual(made.map((a) => a.platform), ['alipay', 'alipay'])
  await Promise.all(made.map((a) => a.close()))
  for (const field of ['appId', 'privateKey', 'alipayPublicKey']) refused({ ...alipay, [field]: undefined }, field)
  refused({ ...alipay, appSecret: 'secret' }, 'appSecret')
  refused({ ...alipay, appKey: 'key' }, 'appKey')
  refused({ ...alipay, phonePrivateKey: alipay.privateKey }, 'phonePrivateKey')
  for (const platform of ['weixin', 'qq', 'toutiao', 'kuaishou']) {
    for (const field of ['privateKey', 'alipayPublicKey', 'encryptKey']) refused({ ...base, platform, [field]: alipay[field] }, field)
  }
})

test('alipay: keys that are not usable RSA2 keys, or a content key that is not 16 bytes, are refused naming the option', () => {
  const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' })
  refused({ ...alipay, privateKey: small }, 'privateKey')
  refused({ ...alipay, privateKey: 'not a key' }, 'privateKey')
  refused({ ...alipay, privateKey: alipay.alipayPublicKey }, 'privateKey') // a public key where the private one goes
  refused({ ...alipay, alipayPublicKey: 'AAAA' }, 'alipayPublicKey')
  refused({ ...alipay, encryptKey: crypto.randomBytes(24).toString('base64') }, 'encryptKey')
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })
  refused({ ...alipay, privateKey: ec }, 'privateKey')
})

test('toutiao: phonePrivateKey taken (and checked), refused on every other platform', async () => {
  const key = rsa().privateKey.export({ type: 'pkcs1', format: 'pem' })
  const douyin = wl.createAuth({ ...base, platform: 'toutiao', phonePrivateKey: key })
  assert.equal(douyin.platform, 'toutiao')
  await douyin.close()
  refused({ ...base, platform: 'toutiao', phonePrivateKey: 'nope' }, 'phonePrivateKey')
  for (const platform of ['weixin', 'qq', 'kuaishou']) refused({ ...base, platform, phonePrivateKey: key }, 'phonePrivateKey')
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
  const ali = wl.createAuth({ ...alipay, appId: 'wx1' })
  assert.equal(weixin.storeKey('x'), 'wl:wx1:x')
  assert.equal(douyin.storeKey('x'), 'wl:wx1@toutiao:x')
  assert.equal(baidu.storeKey('x'), 'wl:wx1@baidu:x')
  assert.equal(ali.storeKey('x'), 'wl:wx1@alipay:x')
  await Promise.all([weixin.close(), douyin.close(), baidu.close(), ali.close()])
})
