'use strict'
// Which mini program platform the client runs on, and its API object in the
// shape the client calls (WeChat's): `login` answers `{ code }` (and Douyin's
// `anonymousCode`), storage is `getStorageSync(key)`, `request` answers
// `{ statusCode, data }`, a failure `{ errMsg, errno? }` (Douyin's `errNo`,
// Alipay's `error` become `errno`). Only the I/O
// shapes are changed here; what a result or event means is the core's.

const { invalidArgument } = require('../errors')
const { readOptions } = require('../options')

/** The options the platform's API object may come under (exactly one of them). */
const API_NAMES = 'wx qq tt ks swan my Taro uni'.split(' ')

/**
 * The platforms, by the name `createAuth({ platform })` uses on the server.
 * @typedef {'weixin' | 'qq' | 'toutiao' | 'kuaishou' | 'baidu' | 'alipay'} Platform
 */
const PLATFORMS = ['weixin', 'qq', 'toutiao', 'kuaishou', 'baidu', 'alipay']

/** Taro's `getEnv()` and uni-app's `uniPlatform`, by platform. */
const TARO_ENV = { WEAPP: 'weixin', QQ: 'qq', TT: 'toutiao', KWAI: 'kuaishou', SWAN: 'baidu', ALIPAY: 'alipay' }
const UNI_PLATFORM = { 'mp-weixin': 'weixin', 'mp-qq': 'qq', 'mp-toutiao': 'toutiao', 'mp-kuaishou': 'kuaishou', 'mp-baidu': 'baidu', 'mp-alipay': 'alipay' }

/** The native API objects mini programs provide as globals, by platform (most specific first: QQ also has `wx`). */
function nativeGlobals () {
  /* eslint-disable no-undef */
  return [
    ['alipay', typeof my !== 'undefined' ? my : undefined],
    ['baidu', typeof swan !== 'undefined' ? swan : undefined],
    ['toutiao', typeof tt !== 'undefined' ? tt : undefined],
    ['kuaishou', typeof ks !== 'undefined' ? ks : undefined],
    ['qq', typeof qq !== 'undefined' ? qq : undefined],
    ['weixin', typeof wx !== 'undefined' ? wx : undefined]
  ]
  /* eslint-enable no-undef */
}

function attempt (fn) {
  try { return fn() } catch { return undefined }
}

/**
 * The platform `api` belongs to and whether it is a framework's object
 * (`Taro`, `uni`) over the native one. `explicit` (the `platform` option)
 * decides when given.
 * @param {object} api
 * @param {unknown} explicit
 * @returns {{ platform: Platform, framework: boolean }}
 */
function detectPlatform (api, explicit) {
  if (explicit !== undefined && !PLATFORMS.includes(/** @type {any} */ (explicit))) {
    throw invalidArgument('platform', { mustBe: 'one of ' + PLATFORMS.join(', ') })
  }
  const taroEnv = typeof attempt(() => api.getEnv) === 'function' && attempt(() => api.ENV_TYPE) ? attempt(() => api.getEnv()) : undefined
  const uni = typeof taroEnv !== 'string' && typeof attempt(() => api.addInterceptor) === 'function' && typeof attempt(() => api.getSystemInfoSync) === 'function'
    ? attempt(() => api.getSystemInfoSync().uniPlatform)
    : undefined
  const framework = typeof taroEnv === 'string' || typeof uni === 'string'
  if (explicit !== undefined) return { platform: /** @type {Platform} */ (explicit), framework }
  if (typeof taroEnv === 'string') return { platform: TARO_ENV[taroEnv] || 'weixin', framework }
  if (typeof uni === 'string') return { platform: UNI_PLATFORM[uni] || 'weixin', framework }
  for (const [name, value] of nativeGlobals()) if (value !== undefined && value === api) return { platform: /** @type {Platform} */ (name), framework }
  // No global to compare with (a test double, a wrapped object): by shape.
  if (typeof attempt(() => api.getAuthCode) === 'function') return { platform: 'alipay', framework }
  if (typeof attempt(() => api.getLoginCode) === 'function') return { platform: 'baidu', framework }
  return { platform: 'weixin', framework }
}

/** An Alipay `fail` result (`{ error, errorMessage }`) as a wx one: errno kept, the user's cancel (11) named as WeChat does. */
function alipayFailure (api, res) {
  const r = res !== null && typeof res === 'object' ? res : {}
  const errno = typeof r.error === 'number' ? r.error : undefined
  const reason = errno === 11 ? 'cancel' : (typeof r.errorMessage === 'string' ? r.errorMessage : '')
  const out = { errMsg: `${api}:fail ${reason}`.trim() }
  if (errno !== undefined) out.errno = errno
  return out
}

/**
 * A Douyin result or event detail with its number where the client reads
 * it: Douyin's failures carry `errNo` (its framework's error page; the newer
 * phone button's page says `errno`), kept as `errno` on the error. What it
 * means is read from `errMsg`, as on WeChat.
 * @param {unknown} res
 * @returns {unknown}
 */
function douyinErrno (res) {
  const errNo = attempt(() => /** @type {any} */ (res).errNo)
  if (typeof errNo !== 'number' || typeof attempt(() => /** @type {any} */ (res).errno) === 'number') return res
  return attempt(() => ({ .../** @type {object} */ (res), errno: errNo })) || res
}

/** The callback APIs the client calls on the platform's object. */
const CALLBACK_APIS = 'login checkSession request uploadFile getSetting getUserInfo getUserProfile requirePrivacyAuthorize getRandomValues getPhoneNumber'.split(' ')

/**
 * Douyin's object, its callback APIs' `fail` results handed on with their
 * `errNo` as `errno` ({@link douyinErrno}).
 * @param {any} api
 */
function douyinApi (api) {
  const out = Object.create(api)
  for (const name of CALLBACK_APIS) {
    if (typeof attempt(() => api[name]) !== 'function') continue
    out[name] = (o) => api[name](o !== null && typeof o === 'object' && typeof o.fail === 'function' ? { ...o, fail: (res) => o.fail(douyinErrno(res)) } : o)
  }
  return out
}

/**
 * What the phone button handed over, for the core to read. On Alipay, the
 * `getAuthorize` button's event (or none) says the user agreed, and
 * `my.getPhoneNumber` (`ask`) answers `{ response }`; its error event
 * (`onError`: `{ detail: { error, errorMessage } }`) becomes a wx one.
 * uni-app's mp-alipay pages get the answer in the event itself, and its
 * error event with an errMsg of uni-app's beside `error`.
 * @param {Platform} platform
 * @param {unknown} event
 * @param {() => Promise<unknown>} ask
 * @returns {[unknown] | Promise<[unknown]>} the detail in a box (an event is never awaited: a hostile one could answer `then`)
 */
function phoneDetail (platform, event, ask) {
  if (platform === 'toutiao') {
    const detail = attempt(() => /** @type {any} */ (event).detail)
    if (detail === null || typeof detail !== 'object') return [douyinErrno(event)]
    const withErrno = douyinErrno(detail)
    return [withErrno === detail ? event : attempt(() => ({ .../** @type {object} */ (event), detail: withErrno })) || event]
  }
  if (platform !== 'alipay') return [event]
  const type = attempt(() => /** @type {any} */ (event).type)
  if (event === undefined || type === 'getAuthorize' || type === 'getauthorize') return ask().then((res) => [res])
  const detail = attempt(() => /** @type {any} */ (event).detail)
  const error = attempt(() => detail.error)
  // uni-app's mp-alipay pages hand the error event on with an errMsg of their own made from `errorMessage`: the `error` number decides.
  const errMsg = attempt(() => detail.errMsg)
  const failed = errMsg === undefined || (typeof errMsg === 'string' && errMsg.startsWith('getPhoneNumber:fail'))
  return [typeof error === 'number' && failed ? { detail: alipayFailure('getPhoneNumber', detail) } : event]
}

/**
 * `api` in the shape the client calls. WeChat's, QQ's, Kuaishou's and the
 * frameworks' objects already have it (the frameworks answer Alipay's calls
 * in WeChat's shape, but for an HTTP error status, which stays a `fail`);
 * Baidu's login is `getLoginCode` where present, Douyin's failures carry
 * `errNo` (native or through a framework), and Alipay's native object has
 * its own login, storage, request and results.
 * @param {object} api
 * @param {Platform} platform
 * @param {boolean} framework
 * @returns {object}
 */
function platformApi (api, platform, framework) {
  if (platform === 'baidu' && typeof attempt(() => api.getLoginCode) === 'function') {
    return Object.assign(Object.create(api), { login: (o) => api.getLoginCode(o) })
  }
  if (platform === 'toutiao') return douyinApi(api)
  if (platform !== 'alipay') return api
  // No `checkSession` on Alipay: the server's session alone decides (a lost one is re-signed in on its 401).
  const ok = (o) => o.success({ errMsg: 'checkSession:ok' })
  if (framework) {
    // Alipay's `fail` for an HTTP error status (`{ error: 19, status, data }`), which Taro hands on as it is and
    // uni-app with `status` renamed `statusCode`: an answer all the same.
    const answered = (name) => (o) => api[name](Object.assign({}, o, {
      fail: (res) => {
        const status = attempt(() => typeof res.status === 'number' ? res.status : res.statusCode)
        if (typeof status === 'number' && status > 0) o.success({ statusCode: status, data: attempt(() => res.data) })
        else o.fail(res)
      }
    }))
    return Object.assign(Object.create(api), { checkSession: ok, request: answered('request'), uploadFile: answered('uploadFile') })
  }
  const wrap = (name, o, take, success) => {
    // `failed`: the caller's wx-style fail callback, handed the platform's failure as it is.
    const { success: done, fail: failed, ...rest } = o
    return api[name]({ ...take(rest), success: (res) => done(success(res)), fail: (res) => { const f = failureOf(name, res, done); if (f !== undefined) failed(f) } })
  }
  // An HTTP error status is a `fail` on Alipay, with `status` and `data`: an answer to read all the same.
  const failureOf = (name, res, done) => {
    if (res && typeof res.status === 'number' && res.status > 0 && (name === 'request' || name === 'uploadFile')) {
      done({ statusCode: res.status, data: res.data })
      return undefined
    }
    return alipayFailure(name, res)
  }
  return {
    login: (o) => wrap('getAuthCode', o, () => ({ scopes: 'auth_base' }), (res) => ({ errMsg: 'login:ok', code: res && res.authCode })),
    checkSession: ok,
    getStorageSync: (key) => { const r = api.getStorageSync({ key }); return r && r.data !== undefined && r.data !== null ? r.data : '' },
    setStorageSync: (key, data) => api.setStorageSync({ key, data }),
    removeStorageSync: (key) => api.removeStorageSync({ key }),
    request: (o) => wrap('request', o, ({ header, ...rest }) => ({ ...rest, headers: header }), (res) => ({ statusCode: res.status, data: res.data, header: res.headers })),
    uploadFile: (o) => wrap('uploadFile', o, ({ name, header, ...rest }) => ({ ...rest, fileName: name, fileType: 'image', header }), (res) => ({ statusCode: res.statusCode, data: res.data })),
    getPhoneNumber: (o) => wrap('getPhoneNumber', o, (rest) => rest, (res) => res)
  }
}

/**
 * The API object given to createLoginClient (`wx`, or under one of
 * {@link API_NAMES}), its platform, and the object in the shape the client
 * calls.
 * @param {unknown} wx the `wx` option
 * @param {unknown} options
 * @returns {{ wx: any, platform: Platform }}
 */
function adapt (wx, options) {
  const values = readOptions(options, [...API_NAMES, 'platform'])
  const explicit = values.pop()
  const given = values.map((v, i) => [API_NAMES[i], v]).filter(([, v]) => v !== undefined)
  const [name = 'wx', api] = given.length === 1 ? given[0] : []
  if (api === null || (typeof api !== 'object' && typeof api !== 'function')) {
    throw invalidArgument(name, { mustBe: 'the platform\'s API object, under exactly one of ' + API_NAMES.join(', ') })
  }
  const { platform, framework } = detectPlatform(api, explicit)
  return { wx: platformApi(api, platform, framework), platform }
}

/**
 * What `/login` takes beside the code from this platform's login result:
 * Douyin's `anonymousCode`, which the server exchanges with the code.
 * @param {Platform} platform
 * @param {any} res
 */
function loginExtra (platform, res) {
  const anonymousCode = platform === 'toutiao' ? attempt(() => res.anonymousCode) : undefined
  return typeof anonymousCode === 'string' && anonymousCode !== '' ? { anonymousCode } : {}
}

module.exports = { adapt, loginExtra, phoneDetail, detectPlatform, PLATFORMS }
