'use strict'
// The standalone functions with `platform`: every vector of
// tests/vectors/platforms.json (made with Node's crypto, and Baidu's
// published sample) through decryptData / decryptPhoneNumber /
// decryptUserInfo, and verifySignature's platforms.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const wl = require('weapp-login')
const vectors = require('../../vectors/platforms.json')
const { hostileValues } = require('../helpers/hostile-values')

const FUNCTIONS = { data: wl.decryptData, phone: wl.decryptPhoneNumber, userInfo: wl.decryptUserInfo }

for (const v of vectors.aes128) {
  test(`${v.platform}: ${v.name}`, () => {
    const run = () => FUNCTIONS[v.kind]({ platform: v.platform, appId: v.appId, sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData, now: v.now })
    if (v.error !== undefined) return assert.throws(run, (e) => e.code === v.error)
    const out = run()
    for (const [k, want] of Object.entries(v.expect)) assert.deepEqual(out[k] === undefined ? null : out[k], want, k)
  })
}

/** Baidu's fields as the standalone functions name them (WeChat's names). */
const BAIDU_NAMES = { openid: 'openId', nickname: 'nickName', headimgurl: 'avatarUrl', sex: 'gender', mobile: 'purePhoneNumber' }

for (const v of vectors.baidu) {
  test(`baidu: ${v.name}`, () => {
    const run = () => FUNCTIONS[v.kind]({ platform: 'baidu', appKey: v.appKey, sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData })
    if (v.error !== undefined) return assert.throws(run, (e) => e.code === v.error)
    const out = run()
    for (const [k, want] of Object.entries(v.expect)) assert.deepEqual(out[v.kind === 'data' ? k : BAIDU_NAMES[k]], want, k)
  })
}

test('baidu: the appKey is required, and another app\'s key is ERR_APPID_MISMATCH', () => {
  const v = vectors.baidu.find((x) => x.name === 'baidu-phone')
  assert.throws(() => wl.decryptPhoneNumber({ platform: 'baidu', sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'appKey')
  assert.throws(() => wl.decryptPhoneNumber({ platform: 'baidu', appKey: 'another-app-key', sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData }), (e) => e.code === 'ERR_APPID_MISMATCH')
})

test('an unknown platform is ERR_INVALID_ARGUMENT naming platform; QQ has no phone payload', () => {
  const v = vectors.aes128[0]
  for (const platform of ['wechat', 'douyin', 'alipay', '', 'QQ']) {
    assert.throws(() => wl.decryptUserInfo({ platform, appId: v.appId, sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'platform', platform)
  }
  assert.throws(() => wl.decryptPhoneNumber({ platform: 'qq', appId: v.appId, sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData, now: v.now }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'platform')
})

test('hostile values in every option of a platform decrypt: typed errors, never a crash', () => {
  const v = vectors.baidu.find((x) => x.name === 'baidu-phone')
  const base = { platform: 'baidu', appKey: v.appKey, sessionKey: v.sessionKey, iv: v.iv, encryptedData: v.encryptedData }
  for (const field of Object.keys(base)) {
    for (const bad of hostileValues()) {
      try {
        wl.decryptPhoneNumber({ ...base, [field]: bad })
      } catch (e) {
        assert.ok(e instanceof wl.WeappLoginError, `${field}: ${e}`)
      }
    }
  }
})

test('verifySignature: sha1(rawData + sessionKey) on WeChat, QQ, Douyin and Kuaishou; Baidu refused', () => {
  const sessionKey = crypto.randomBytes(16).toString('base64')
  const rawData = '{"nickName":"x"}'
  const signature = crypto.createHash('sha1').update(rawData + sessionKey).digest('hex')
  for (const platform of [undefined, 'weixin', 'qq', 'toutiao', 'kuaishou']) {
    assert.equal(wl.verifySignature({ rawData, signature, sessionKey, platform }), true, platform)
    assert.equal(wl.verifySignature({ rawData, signature: '0'.repeat(40), sessionKey, platform }), false, platform)
  }
  assert.throws(() => wl.verifySignature({ rawData, signature, sessionKey, platform: 'baidu' }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'platform')
  assert.throws(() => wl.verifySignature({ rawData, signature, sessionKey, platform: 'jd' }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'platform')
})
