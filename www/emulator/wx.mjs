// The `wx` stand-in, for Node and the browser: the calls a mini program
// makes, answered by the emulator over HTTP, with WeChat's callback style,
// errMsg strings and errno values. `events` makes real-shaped button events.
//
//   const wx = createWx({ emulatorUrl: 'http://127.0.0.1:9000', appId, user: 'alice' })
//
// Privacy (base library ≥ 2.32.3): with `privacy: { agreed: false }` the
// privacy-scoped APIs (getPhoneNumber, getRealtimePhoneNumber, chooseAvatar,
// getUserProfile) fail with errno 104 until the user agrees, through
// wx.requirePrivacyAuthorize: the app's wx.onNeedPrivacyAuthorization
// listener is asked (it calls `resolve({ event: 'agree' | 'disagree' })`),
// or without one WeChat's own popup, answered by `privacy.answer`. Scopes
// listed in `privacy.undeclared` fail with errno 112. `phoneQuota: n`
// lets n phone numbers through, then errno 1400001.
//
// With `cloud` (a platform from cloud-sdk.js, Node only), `wx.cloud` runs
// cloud functions in this process as this user: `wx.cloud.init({ env? })`,
// then `wx.cloud.callFunction({ name, data, config? })` → `{ errMsg, result,
// requestID }` (callbacks, or a Promise without them, as in WeChat).

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

const PRIVACY_104 = 'privacy permission is not authorized'
const PRIVACY_112 = 'api scope is not declared in the privacy agreement'
const QUOTA_MSG = '该功能使用次数已达当前小程序上限，暂时无法使用'

function base64Bytes (b64) {
  if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(b64, 'base64'))
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
}

export function createWx ({ emulatorUrl, appId, user = 'default', storage = new Map(), fetch: fetchImpl = globalThis.fetch, privacy = {}, phoneQuota = Infinity, cloud = null }) {
  const base = String(emulatorUrl).replace(/\/+$/, '')
  const authSetting = {}
  const calls = { login: 0, checkSession: 0, request: 0, uploadFile: 0, requirePrivacyAuthorize: 0, callFunction: 0 }
  const privacyState = { agreed: privacy.agreed !== false, answer: privacy.answer || 'agree', undeclared: new Set(privacy.undeclared || []) }
  const privacyListeners = []
  const tempFiles = new Map() // temporary paths (chooseAvatar) → their bytes
  let quotaLeft = phoneQuota

  /** The privacy refusal a scoped API meets now, or null. */
  function privacyRefusal (api) {
    if (privacyState.undeclared.has(api)) return { errMsg: `${api}:fail ${PRIVACY_112}`, errno: 112 }
    if (!privacyState.agreed) return { errMsg: `${api}:fail ${PRIVACY_104}`, errno: 104 }
    return null
  }

  async function emulator (route, body) {
    const res = await fetchImpl(`${base}/__emulator/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, ...body })
    })
    return res.json()
  }

  // WeChat's callback style: success or fail, then complete.
  function callback (options, work) {
    const o = options || {}
    Promise.resolve().then(work).then((res) => {
      const failed = typeof res.errMsg === 'string' && !/:ok$/.test(res.errMsg)
      if (failed) { if (o.fail) o.fail(res) } else if (o.success) o.success(res)
      if (o.complete) o.complete(res)
    }, (e) => {
      const res = { errMsg: `fail ${e && e.message}` }
      if (o.fail) o.fail(res)
      if (o.complete) o.complete(res)
    })
  }

  const isMap = storage instanceof Map
  const wx = {
    appId,
    calls,
    login (o) { calls.login++; callback(o, () => emulator('login')) },
    checkSession (o) { calls.checkSession++; callback(o, () => emulator('checksession')) },
    /** WeChat's secure random (base library 2.15.0+): `length` bytes as `randomValues`, an ArrayBuffer. */
    getRandomValues (o) {
      callback(o, () => {
        const length = o && o.length
        if (!Number.isInteger(length) || length < 1 || length > 1048576) return { errMsg: 'getRandomValues:fail invalid length' }
        return { errMsg: 'getRandomValues:ok', randomValues: globalThis.crypto.getRandomValues(new Uint8Array(length)).buffer }
      })
    },
    getStorageSync (key) {
      const v = isMap ? storage.get(key) : storage.getItem(key)
      if (v === undefined || v === null) return ''
      return isMap ? JSON.parse(JSON.stringify(v)) : JSON.parse(v)
    },
    setStorageSync (key, value) {
      if (isMap) storage.set(key, JSON.parse(JSON.stringify(value)))
      else storage.setItem(key, JSON.stringify(value))
    },
    removeStorageSync (key) { isMap ? storage.delete(key) : storage.removeItem(key) },
    request (o) {
      calls.request++
      const controller = typeof AbortController === 'function' ? new AbortController() : null
      const timer = setTimeout(() => controller && controller.abort(), o.timeout || 60000)
      callback({ success: o.success, fail: o.fail, complete: o.complete }, async () => {
        try {
          const method = (o.method || 'GET').toUpperCase()
          const hasBody = method !== 'GET' && method !== 'HEAD' && o.data !== undefined
          const res = await fetchImpl(o.url, {
            method,
            headers: o.header || {},
            body: hasBody ? (typeof o.data === 'string' ? o.data : JSON.stringify(o.data)) : undefined,
            signal: controller ? controller.signal : undefined
          })
          const text = await res.text()
          let data = text
          if (o.dataType !== 'text') { try { data = JSON.parse(text) } catch { /* not JSON: the text */ } }
          return { errMsg: 'request:ok', statusCode: res.status, data, header: Object.fromEntries(res.headers) }
        } catch (e) {
          return { errMsg: e && e.name === 'AbortError' ? 'request:fail timeout' : `request:fail ${e && e.message}` }
        } finally {
          clearTimeout(timer)
        }
      })
    },
    /** Multipart upload of a temporary file (from chooseAvatar), as wx.uploadFile does; `data` is the reply's text. */
    uploadFile (o) {
      calls.uploadFile++
      callback({ success: o.success, fail: o.fail, complete: o.complete }, async () => {
        const bytes = tempFiles.get(o.filePath)
        if (!bytes) return { errMsg: 'uploadFile:fail file not found' }
        const form = new FormData()
        for (const [k, v] of Object.entries(o.formData || {})) form.append(k, String(v))
        const type = /\.png$/.test(o.filePath) ? 'image/png' : 'image/jpeg'
        form.append(o.name, new Blob([bytes], { type }), o.filePath.replace(/^.*\//, ''))
        const header = { ...(o.header || {}) }
        for (const k of Object.keys(header)) if (k.toLowerCase() === 'content-type') delete header[k]
        try {
          const res = await fetchImpl(o.url, { method: 'POST', headers: header, body: form })
          return { errMsg: 'uploadFile:ok', statusCode: res.status, data: await res.text() }
        } catch (e) {
          return { errMsg: `uploadFile:fail ${e && e.message}` }
        }
      })
    },
    getUserProfile (o) {
      // Real WeChat wants this inside a tap, with a desc; the emulator just answers.
      callback(o, async () => {
        if (!o || !o.desc) return { errMsg: 'getUserProfile:fail desc is required' }
        return privacyRefusal('getUserProfile') || emulator('userinfo', { api: 'getUserProfile' })
      })
    },
    /** Privacy: asks the app's listener (or WeChat's popup) unless already agreed. */
    requirePrivacyAuthorize (o) {
      calls.requirePrivacyAuthorize++
      callback(o, () => new Promise((resolve) => {
        if (privacyState.agreed) return resolve({ errMsg: 'requirePrivacyAuthorize:ok' })
        const decide = (answer) => {
          const agreed = answer && answer.event === 'agree'
          if (agreed) privacyState.agreed = true
          resolve(agreed ? { errMsg: 'requirePrivacyAuthorize:ok' } : { errMsg: `requirePrivacyAuthorize:fail ${PRIVACY_104}`, errno: 104 })
        }
        const listener = privacyListeners[privacyListeners.length - 1]
        if (listener) listener(decide, { referrer: 'requirePrivacyAuthorize' })
        else decide({ event: privacyState.answer })
      }))
    },
    onNeedPrivacyAuthorization (listener) { if (typeof listener === 'function') privacyListeners.push(listener) },
    getPrivacySetting (o) {
      callback(o, async () => ({ errMsg: 'getPrivacySetting:ok', needAuthorization: !privacyState.agreed, privacyContractName: '《小程序隐私保护指引》' }))
    },
    privacy: privacyState,
    getSetting (o) { callback(o, async () => ({ errMsg: 'getSetting:ok', authSetting: { ...authSetting } })) },
    getUserInfo (o) {
      callback(o, async () => authSetting['scope.userInfo'] ? emulator('userinfo') : { errMsg: 'getUserInfo:fail scope unauthorized' })
    },
    getFileSystemManager () {
      return {
        readFile (o) {
          callback(o, async () => (tempFiles.has(o.filePath) ? { errMsg: 'readFile:ok', data: TINY_PNG } : { errMsg: 'readFile:fail no such file' }))
        }
      }
    },
    showToast () {},
    cloud: cloud === null ? undefined : createWxCloud(cloud, user, calls),
    /** Real-shaped button events, made by the emulator. */
    events: {
      async getPhoneNumber ({ allow = true } = {}) {
        return { type: 'getphonenumber', detail: await phoneDetail('getPhoneNumber', allow) }
      },
      /** `open-type="getRealtimePhoneNumber"`: a code only, checked in real time by WeChat. */
      async getRealtimePhoneNumber ({ allow = true } = {}) {
        return { type: 'getrealtimephonenumber', detail: await phoneDetail('getRealtimePhoneNumber', allow) }
      },
      /** The nickname input as typed (`bindinput` / `bindblur`). */
      nicknameInput (value) { return { type: 'input', detail: { value, cursor: String(value).length } } },
      /** WeChat's review of the nickname input (`bindnicknamereview`), after blur. */
      nicknameReview ({ pass = true, timeout = false } = {}) { return { type: 'nicknamereview', detail: { pass, timeout } } },
      /** A form's submit event (`<form bindsubmit>`), e.g. `{ nickName }`. */
      submit (value) { return { type: 'submit', detail: { value: { ...value }, target: {} } } },
      async getUserInfo ({ allow = true } = {}) {
        if (!allow) return { type: 'getuserinfo', detail: { errMsg: 'getUserInfo:fail auth deny' } }
        authSetting['scope.userInfo'] = true
        return { type: 'getuserinfo', detail: await emulator('userinfo') }
      },
      async chooseAvatar () {
        const refused = privacyRefusal('chooseAvatar')
        if (refused) return { type: 'chooseavatar', detail: refused }
        const detail = await emulator('avatar')
        tempFiles.set(detail.avatarUrl, base64Bytes(TINY_PNG))
        return { type: 'chooseavatar', detail }
      }
    }
  }
  /** A phone button's detail: a privacy refusal, the used-up quota, a refusal or the emulator's code. */
  async function phoneDetail (api, allow) {
    const refused = privacyRefusal(api)
    if (refused) return refused
    if (!allow) return { errMsg: `${api}:fail user deny` }
    if (quotaLeft <= 0) return { errMsg: `${api}:fail ${QUOTA_MSG}`, errno: 1400001 }
    const detail = await emulator('phone', { allow })
    quotaLeft--
    if (api === 'getPhoneNumber') return detail
    return { errMsg: `${api}:ok`, code: detail.code }
  }

  return wx
}

/** `wx.cloud` on a cloud platform (cloud-sdk.js): init, then callFunction as `user`. */
function createWxCloud (platform, user, calls) {
  let env = null
  const settle = (o, work) => {
    const p = Promise.resolve().then(work)
    if (!o || (!o.success && !o.fail && !o.complete)) return p // no callbacks: a Promise, as WeChat does
    p.then((res) => { if (o.success) o.success(res); if (o.complete) o.complete(res) },
      (err) => { const res = { errCode: err.errCode, errMsg: err.errMsg }; if (o.fail) o.fail(res); if (o.complete) o.complete(res) })
    return undefined
  }
  return {
    init (options = {}) {
      env = options.env === undefined ? platform.env : typeof options.env === 'object' ? options.env.functions || platform.env : options.env
    },
    callFunction (o) {
      calls.callFunction++
      return settle(o, async () => {
        const fail = (errCode, errMsg) => { throw Object.assign(new Error(errMsg), { errCode, errMsg }) }
        if (!o || typeof o.name !== 'string' || o.name === '') fail(-1, 'cloud.callFunction:fail parameter.name should be String instead of ' + typeof (o && o.name))
        const target = (o.config && o.config.env) || env
        if (target === null) fail(-1, 'cloud.callFunction:fail please call wx.cloud.init() first')
        if (target !== platform.env) fail(-501000, `cloud.callFunction:fail Error: errCode: -501000  | errMsg: [ResourceNotFound] env ${target} not found`)
        return platform.invoke(o.name, o.data, { user })
      })
    }
  }
}
