'use strict'
// Which platform a client runs on, and each platform's API object in the
// shape the client calls (pkg/src/client/platform.js).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { adapt, detectPlatform, loginExtra, phoneDetail } = require('../../../pkg/src/client/platform')

const code = (fn) => { try { fn(); return 'no error' } catch (e) { return e.code } }

test('the platform: the option decides, then Taro, uni-app, the globals, the shape', () => {
  assert.equal(detectPlatform({}, 'baidu').platform, 'baidu')
  assert.equal(detectPlatform({ getAuthCode () {} }, 'weixin').platform, 'weixin')
  assert.equal(code(() => detectPlatform({}, 'jd')), 'ERR_INVALID_ARGUMENT')
  assert.equal(code(() => detectPlatform({}, 7)), 'ERR_INVALID_ARGUMENT')
  const Taro = { ENV_TYPE: {}, getEnv: () => 'TT' }
  assert.deepEqual(detectPlatform(Taro), { platform: 'toutiao', framework: true })
  assert.equal(detectPlatform({ ENV_TYPE: {}, getEnv: () => 'ALIPAY' }).platform, 'alipay')
  const uni = { addInterceptor () {}, getSystemInfoSync: () => ({ uniPlatform: 'mp-baidu' }) }
  assert.deepEqual(detectPlatform(uni), { platform: 'baidu', framework: true })
  const tt = { login () {} }
  globalThis.tt = tt
  try { assert.equal(detectPlatform(tt).platform, 'toutiao') } finally { delete globalThis.tt }
  assert.equal(detectPlatform({ getAuthCode () {} }).platform, 'alipay')
  assert.equal(detectPlatform({ getLoginCode () {} }).platform, 'baidu')
  assert.equal(detectPlatform({ login () {} }).platform, 'weixin')
  assert.equal(detectPlatform({ getEnv () { throw new Error('x') }, ENV_TYPE: {} }).platform, 'weixin', 'a throwing getter is no platform')
})

test('the API object comes under exactly one name', () => {
  assert.equal(adapt(undefined, { tt: { login () {} }, platform: 'toutiao' }).platform, 'toutiao')
  assert.equal(code(() => adapt(undefined, {})), 'ERR_INVALID_ARGUMENT')
  assert.equal(code(() => adapt(undefined, { tt: {}, my: {} })), 'ERR_INVALID_ARGUMENT')
  assert.equal(code(() => adapt(undefined, { my: 'my' })), 'ERR_INVALID_ARGUMENT')
})

test('Douyin\'s anonymous code goes with the code; no other platform sends one', () => {
  assert.deepEqual(loginExtra('toutiao', { code: 'c', anonymousCode: 'a' }), { anonymousCode: 'a' })
  assert.deepEqual(loginExtra('toutiao', { code: 'c', anonymousCode: '' }), {})
  assert.deepEqual(loginExtra('weixin', { code: 'c', anonymousCode: 'a' }), {})
  assert.deepEqual(loginExtra('toutiao', null), {})
})

function alipay (overrides = {}) {
  const seen = {}
  const my = {
    getAuthCode (o) { seen.scopes = o.scopes; o.success({ authCode: 'ac' }) },
    getStorageSync ({ key }) { return { data: key === 'k' ? { a: 1 } : null } },
    setStorageSync (o) { seen.set = o },
    removeStorageSync (o) { seen.removed = o },
    request (o) { seen.request = o; o.success({ status: 200, data: { ok: true }, headers: {} }) },
    ...overrides
  }
  return { wx: adapt(undefined, { my }).wx, seen }
}

test('Alipay: getAuthCode for login, its storage, request and failures in WeChat\'s shape', async () => {
  const { wx, seen } = alipay()
  const res = await new Promise((resolve, reject) => wx.login({ success: resolve, fail: reject }))
  assert.deepEqual(res, { errMsg: 'login:ok', code: 'ac' })
  assert.equal(seen.scopes, 'auth_base')
  assert.deepEqual(wx.getStorageSync('k'), { a: 1 })
  assert.equal(wx.getStorageSync('other'), '')
  wx.setStorageSync('k', 1)
  assert.deepEqual(seen.set, { key: 'k', data: 1 })
  wx.removeStorageSync('k')
  assert.deepEqual(seen.removed, { key: 'k' })
  const reply = await new Promise((resolve, reject) => wx.request({ url: 'u', header: { Authorization: 'Bearer t' }, success: resolve, fail: reject }))
  assert.deepEqual(seen.request.headers, { Authorization: 'Bearer t' })
  assert.equal('header' in seen.request, false)
  assert.deepEqual(reply, { statusCode: 200, data: { ok: true }, header: {} })
  await new Promise((resolve) => wx.checkSession({ success: resolve }))

  // An HTTP error status is an answer; a transport failure keeps Alipay's error number.
  const failing = alipay({ request (o) { o.fail({ error: 19, status: 401, data: { error: { code: 'ERR_SESSION_EXPIRED' } } }) } }).wx
  assert.deepEqual(await new Promise((resolve, reject) => failing.request({ url: 'u', success: resolve, fail: reject })), { statusCode: 401, data: { error: { code: 'ERR_SESSION_EXPIRED' } } })
  const down = alipay({ getAuthCode (o) { o.fail({ error: 11, errorMessage: '用户取消' }) } }).wx
  assert.deepEqual(await new Promise((resolve) => down.login({ success: resolve, fail: resolve })), { errMsg: 'getAuthCode:fail cancel', errno: 11 })
})

test('Alipay\'s phone button: getAuthorize asks my.getPhoneNumber; onError becomes a refusal with its error number', async () => {
  const ask = () => Promise.resolve({ response: '{}' })
  assert.deepEqual(await phoneDetail('alipay', { type: 'getAuthorize' }, ask), [{ response: '{}' }])
  assert.deepEqual(await phoneDetail('alipay', undefined, ask), [{ response: '{}' }])
  assert.deepEqual(phoneDetail('alipay', { type: 'error', detail: { error: 11, errorMessage: '用户取消' } }, ask), [{ detail: { errMsg: 'getPhoneNumber:fail cancel', errno: 11 } }])
  const uniApp = { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'r', sign: 's' } }
  assert.equal(phoneDetail('alipay', uniApp, ask)[0], uniApp)
  const wechat = { detail: { errMsg: 'getPhoneNumber:ok', code: 'c' } }
  assert.equal(phoneDetail('weixin', wechat, ask)[0], wechat)
  const hostile = new Proxy({}, { get () { throw new Error('no') } })
  assert.equal(phoneDetail('alipay', hostile, ask)[0], hostile, 'an unreadable event is the core\'s to refuse')
})

test('Douyin: errNo on a fail result or a phone event is kept as errno; errno, when there, stays', async () => {
  const tt = { login (o) { o.fail({ errMsg: 'login:fail auth deny', errNo: 10200 }) }, getStorageSync: (k) => k }
  const { wx, platform } = adapt(undefined, { tt, platform: 'toutiao' })
  assert.equal(platform, 'toutiao')
  assert.deepEqual(await new Promise((resolve) => wx.login({ success: resolve, fail: resolve })), { errMsg: 'login:fail auth deny', errNo: 10200, errno: 10200 })
  assert.equal(wx.getStorageSync('k'), 'k', 'the other APIs are Douyin\'s own')
  const event = { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:fail auth deny', errNo: 10200 } }
  assert.deepEqual(phoneDetail('toutiao', event), [{ type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:fail auth deny', errNo: 10200, errno: 10200 } }])
  assert.deepEqual(phoneDetail('toutiao', event.detail), [{ errMsg: 'getPhoneNumber:fail auth deny', errNo: 10200, errno: 10200 }])
  const newer = { detail: { errMsg: 'getPhoneNumber:fail auth deny', errno: 7, errNo: 10200 } }
  assert.equal(phoneDetail('toutiao', newer)[0], newer)
  const ok = { detail: { errMsg: 'getPhoneNumber:ok', code: 'c' } }
  assert.equal(phoneDetail('toutiao', ok)[0], ok)
  const hostile = new Proxy({}, { get () { throw new Error('no') } })
  assert.equal(phoneDetail('toutiao', hostile)[0], hostile, 'an unreadable event is the core\'s to refuse')
})
