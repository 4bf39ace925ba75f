'use strict'
// A test double of `wx` with a tiny developer server behind wx.request.
// Everything it is asked is counted, so tests can assert on calls.

const SESSION_KEY = 'Pt8Rn+yFDuTkk1kp6WSh5w=='

function createFakeWx ({ checkSessionOk = true, storage = new Map(), server = {} } = {}) {
  const calls = { login: 0, checkSession: 0, getUserProfile: 0, getUserInfo: 0, getSetting: 0, readFile: 0, requests: [], uploads: [] }
  let codes = 0
  let tokens = 0
  const live = new Set() // tokens the server still knows
  const later = (fn) => setTimeout(fn, 1)

  // The developer server: each route may be overridden by `server[path]`.
  const routes = {
    '/login' ({ data }) {
      if (!data || typeof data.code !== 'string') return { statusCode: 400, data: { error: { code: 'ERR_INVALID_ARGUMENT' } } }
      const token = `tok-${++tokens}-${'x'.repeat(40)}`
      live.add(token)
      return { statusCode: 200, data: { token, openid: 'o-user-1', expiresAt: Date.now() + 3600_000 } }
    },
    '/phone' ({ data }) {
      user.phoneNumber = '138****8000'
      return { statusCode: 200, data: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', echoed: data, user: { ...user } } }
    },
    '/profile' ({ data }) {
      const nickName = (data && data.nickName) || (data && data.userInfo && data.userInfo.nickName) || 'n'
      user.nickName = nickName
      return { statusCode: 200, data: { userInfo: { nickName }, user: { ...user } } }
    },
    '/avatar' ({ name, filePath }) {
      if (name !== 'avatar' || !filePath) return { statusCode: 400, data: { error: { code: 'ERR_INVALID_ARGUMENT' } } }
      user.avatarUrl = 'https://cdn.example.com/avatars/1.png'
      return { statusCode: 200, data: { avatarUrl: user.avatarUrl, user: { ...user } } }
    },
    '/logout' () { return { statusCode: 200, data: {} } },
    '/me' () { return { statusCode: 200, data: { openid: 'o-user-1', user: { ...user } } } }
  }
  const user = {} // the server's record of the user, as its answers show it

  /** The Authorization header, named in any case (as HTTP reads it: uni-app's mp-alipay lowercases it). */
  function authorization (header) {
    const name = header && typeof header === 'object' ? Object.keys(header).find((k) => k.toLowerCase() === 'authorization') : undefined
    return name === undefined ? undefined : header[name]
  }

  function authorized (header) {
    const auth = authorization(header)
    return typeof auth === 'string' && live.has(auth.replace(/^Bearer /, ''))
  }

  function answer (path, o, shape) {
    const route = server[path] || routes[path]
    if (!route) return o.success(shape({ statusCode: 404, data: 'not found' }))
    if (path !== '/login' && !authorized(o.header) && !server[path]) {
      return o.success(shape({ statusCode: 401, data: { error: { code: 'ERR_SESSION_NOT_FOUND', message: 'no session', retryable: false } } }))
    }
    const res = route(o, { authorized: authorized(o.header) })
    if (res.fail) o.fail({ errMsg: res.fail, ...(res.errno === undefined ? {} : { errno: res.errno }) })
    else if (res.never) { /* never answers */ } else o.success(shape(res))
  }

  const wx = {
    calls,
    user,
    storage,
    live,
    login (o) { calls.login++; later(() => o.success({ errMsg: 'login:ok', code: `code-${++codes}` })) },
    /** WeChat's secure random (base library 2.15.0+): `{ randomValues: ArrayBuffer }`; counted in `randomValues`. */
    getRandomValues (o) {
      wx.randomValues++
      // Any bytes do for a double (it also runs where there is no require).
      later(() => o.success({ errMsg: 'getRandomValues:ok', randomValues: Uint8Array.from({ length: o.length }, () => Math.floor(Math.random() * 256)).buffer }))
    },
    randomValues: 0,
    checkSession (o) { calls.checkSession++; later(() => checkSessionOk ? o.success({ errMsg: 'checkSession:ok' }) : o.fail({ errMsg: 'checkSession:fail session time out' })) },
    getStorageSync (k) { return storage.has(k) ? storage.get(k) : '' },
    setStorageSync (k, v) { storage.set(k, JSON.parse(JSON.stringify(v))) },
    removeStorageSync (k) { storage.delete(k) },
    request (o) {
      const path = o.url.replace(/^https?:\/\/[^/]+\/api/, '')
      calls.requests.push({ url: o.url, path, method: o.method, data: o.data, header: o.header })
      later(() => answer(path, o, (res) => res))
    },
    /** Multipart upload: the route sees `{ name, filePath, formData, header }`; the reply's data is text, as WeChat gives it. */
    uploadFile (o) {
      const path = o.url.replace(/^https?:\/\/[^/]+\/api/, '')
      calls.uploads.push({ url: o.url, path, name: o.name, filePath: o.filePath, formData: o.formData, header: o.header })
      later(() => answer(path, o, (res) => ({ ...res, data: typeof res.data === 'string' ? res.data : JSON.stringify(res.data) })))
    },
    getUserProfile (o) {
      calls.getUserProfile++
      later(() => o.success({ errMsg: 'getUserProfile:ok', userInfo: { nickName: '微信用户', avatarUrl: 'https://x/132' }, rawData: '{}', signature: 'ab'.repeat(20), encryptedData: 'AAAA', iv: 'BBBB' }))
    },
    getSetting (o) { calls.getSetting++; later(() => o.success({ errMsg: 'getSetting:ok', authSetting: wx.authSetting || {} })) },
    getUserInfo (o) { calls.getUserInfo++; later(() => o.success({ errMsg: 'getUserInfo:ok', userInfo: { nickName: 'legacy' }, rawData: '{}', signature: 's' })) },
    getFileSystemManager () {
      return { readFile (o) { calls.readFile++; later(() => o.success({ data: 'aGVsbG8=' })) } }
    }
  }
  return wx
}

module.exports = { createFakeWx, SESSION_KEY }
