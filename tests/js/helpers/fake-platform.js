'use strict'
// Each mini program platform's API object, emulated from its docs over the
// fake `wx` (tests/js/helpers/fake-wx.js) and its tiny developer server:
// login, storage, request and upload, and the phone button's events in that
// platform's shape. Self-contained apart from `createFakeWx` (passed in), so
// it also runs in jsc.
//   QQ, Kuaishou: WeChat's shapes (`qq.login`, `ks.login` → `{ code }`).
//   Douyin: `tt.login` → `{ code, anonymousCode, isLogin }`; the new phone
//     button hands `{ errMsg, code }`.
//   Baidu: `swan.getLoginCode` → `{ code }`; the phone button hands
//     `{ errMsg, encryptedData, iv }`.
//   Alipay: `my.getAuthCode({ scopes })` → `{ authCode }` (scopes default to
//     auth_base); no checkSession;
//     storage takes `{ key, data }` and answers `{ data }`; `my.request` takes
//     `headers` and answers `{ status, data, headers }`, an HTTP error status
//     being a `fail` with `{ error: 19, status, data }`; failures are
//     `{ error, errorMessage }`; `my.getPhoneNumber` → `{ response }` (the
//     signed response as JSON text).

/** The option name createLoginClient takes each platform's object under. */
const API_KEY = { weixin: 'wx', qq: 'qq', toutiao: 'tt', kuaishou: 'ks', baidu: 'swan', alipay: 'my' }

/** The phone button's events on each platform: allowed, and denied. */
const PHONE_EVENTS = {
  weixin: { allow: { detail: { errMsg: 'getPhoneNumber:ok', code: 'phone-code-1' } }, deny: { detail: { errMsg: 'getPhoneNumber:fail user deny' } } },
  qq: { allow: { detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'ZW5j', iv: 'aXY=' } }, deny: { detail: { errMsg: 'getPhoneNumber:fail user deny' } } },
  kuaishou: { allow: { detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'ZW5j', iv: 'aXY=' } }, deny: { detail: { errMsg: 'getPhoneNumber:fail user deny' } } },
  toutiao: { allow: { detail: { errMsg: 'getPhoneNumber:ok', code: 'tt-phone-code' } }, deny: { detail: { errMsg: 'getPhoneNumber:fail auth deny', errNo: 10200 } } },
  baidu: { allow: { detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'ZW5j', iv: 'aXY=' } }, deny: { detail: { errMsg: 'getPhoneNumber:fail auth deny' } } },
  // The getAuthorize button's event (the client then asks my.getPhoneNumber), and its onError event.
  alipay: { allow: { type: 'getAuthorize', detail: {} }, deny: { type: 'error', detail: { error: 11, errorMessage: '用户取消授权' } } }
}

/**
 * The phone events a framework's page hands over where they differ from the
 * platform's own: uni-app's mp-alipay pages turn the getAuthorize button's
 * event into a `getphonenumber` one, having asked my.getPhoneNumber itself
 * (`{ errMsg, encryptedData: <response>, sign }`), and its onError event into
 * `{ errMsg: 'getPhoneNumber:fail Error: …', error, errorMessage }`
 * (@dcloudio/uni-mp-alipay's onAliGetAuthorize and onAliAuthError).
 */
const FRAMEWORK_PHONE_EVENTS = {
  uni: {
    alipay: {
      allow: { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'cmVzcG9uc2U=', sign: 'c2lnbg==' } },
      deny: { type: 'getphonenumber', detail: { error: 11, errorMessage: '用户取消授权', errMsg: 'getPhoneNumber:fail Error: 用户取消授权' } }
    }
  }
}

/** The phone events a page of `framework` (`taro`, `uni`, or none) gets on `platform`. */
function phoneEvents (platform, framework) {
  return (FRAMEWORK_PHONE_EVENTS[framework] && FRAMEWORK_PHONE_EVENTS[framework][platform]) || PHONE_EVENTS[platform]
}

/** The signed response my.getPhoneNumber answers (as JSON text, as Alipay gives it). */
const ALIPAY_RESPONSE = JSON.stringify({ response: 'cmVzcG9uc2U=', sign: 'c2lnbg==', sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' })

/**
 * @param {Function} createFakeWx
 * @param {string} platform
 * @param {object} [options] createFakeWx's options
 */
function createFakePlatform (createFakeWx, platform, options) {
  const wx = createFakeWx(options)
  const later = (fn) => setTimeout(fn, 1)
  if (platform === 'weixin' || platform === 'qq' || platform === 'kuaishou') return wx
  if (platform === 'toutiao') {
    wx.login = (o) => {
      wx.calls.login++
      later(() => o.success({ errMsg: 'login:ok', code: `tt-code-${wx.calls.login}`, anonymousCode: `tt-anon-${wx.calls.login}`, isLogin: true }))
    }
    delete wx.getRandomValues
    return wx
  }
  if (platform === 'baidu') {
    const login = wx.login
    wx.getLoginCode = (o) => login(o)
    wx.login = () => { throw new Error('swan.login is not the login this base library wants') }
    delete wx.getRandomValues
    return wx
  }
  // Alipay's own shapes.
  const my = {
    calls: wx.calls,
    storage: wx.storage,
    live: wx.live,
    getAuthCode (o) {
      wx.calls.login++
      // `scopes` may be left out (or null): auth_base is the default.
      const scopes = o.scopes === undefined || o.scopes === null ? 'auth_base' : o.scopes
      if (scopes !== 'auth_base' && !(Array.isArray(scopes) && scopes.includes('auth_base'))) return later(() => o.fail({ error: 2, errorMessage: 'bad scopes' }))
      later(() => o.success({ authCode: `ali-auth-${wx.calls.login}` }))
    },
    getStorageSync ({ key }) { return { data: wx.storage.has(key) ? wx.storage.get(key) : null } },
    setStorageSync ({ key, data }) { wx.storage.set(key, JSON.parse(JSON.stringify(data))) },
    removeStorageSync ({ key }) { wx.storage.delete(key) },
    request (o) {
      if ('header' in o) throw new Error('my.request takes `headers`')
      wx.request({
        url: o.url,
        method: o.method,
        // A JSON body may come as text (uni-app sends it so on DingTalk): the server reads it as JSON.
        data: typeof o.data === 'string' && /json/i.test(Object.entries(o.headers || {}).find(([k]) => /^content-type$/i.test(k))?.[1] || '') ? JSON.parse(o.data) : o.data,
        header: o.headers,
        success: (res) => res.statusCode >= 400
          ? o.fail({ error: 19, errorMessage: 'http status error', status: res.statusCode, data: res.data })
          : o.success({ status: res.statusCode, data: res.data, headers: {} }),
        fail: (res) => o.fail({ error: 12, errorMessage: res.errMsg })
      })
    },
    uploadFile (o) {
      if (typeof o.fileName !== 'string' || typeof o.fileType !== 'string') throw new Error('my.uploadFile takes fileName and fileType')
      wx.uploadFile({ url: o.url, filePath: o.filePath, name: o.fileName, formData: o.formData, header: o.header, success: o.success, fail: (res) => o.fail({ error: 12, errorMessage: res.errMsg }) })
    },
    getPhoneNumber (o) { wx.calls.getPhoneNumber = (wx.calls.getPhoneNumber || 0) + 1; later(() => o.success({ response: ALIPAY_RESPONSE })) }
  }
  return my
}

module.exports = { createFakePlatform, API_KEY, PHONE_EVENTS, ALIPAY_RESPONSE, phoneEvents }
