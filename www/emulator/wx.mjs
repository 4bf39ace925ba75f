// The `wx` stand-in, for Node and the browser: the calls a mini program
// makes, answered by the emulator over HTTP, with WeChat's callback style
// and errMsg strings. `events` makes real-shaped button events.
//
//   const wx = createWx({ emulatorUrl: 'http://127.0.0.1:9000', appId, user: 'alice' })
//
// With `cloud` (a platform from cloud-sdk.js, Node only), `wx.cloud` runs
// cloud functions in this process as this user: `wx.cloud.init({ env? })`,
// then `wx.cloud.callFunction({ name, data, config? })` → `{ errMsg, result,
// requestID }` (callbacks, or a Promise without them, as in WeChat).

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

export function createWx ({ emulatorUrl, appId, user = 'default', storage = new Map(), fetch: fetchImpl = globalThis.fetch, cloud = null }) {
  const base = String(emulatorUrl).replace(/\/+$/, '')
  const authSetting = {}
  const calls = { login: 0, checkSession: 0, request: 0, callFunction: 0 }

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
    getUserProfile (o) {
      // Real WeChat wants this inside a tap, with a desc; the emulator just answers.
      callback(o, async () => {
        if (!o || !o.desc) return { errMsg: 'getUserProfile:fail desc is required' }
        return emulator('userinfo', { api: 'getUserProfile' })
      })
    },
    getSetting (o) { callback(o, async () => ({ errMsg: 'getSetting:ok', authSetting: { ...authSetting } })) },
    getUserInfo (o) {
      callback(o, async () => authSetting['scope.userInfo'] ? emulator('userinfo') : { errMsg: 'getUserInfo:fail scope unauthorized' })
    },
    getFileSystemManager () {
      return {
        readFile (o) {
          callback(o, async () => (/^http:\/\/tmp\//.test(o.filePath) ? { errMsg: 'readFile:ok', data: TINY_PNG } : { errMsg: 'readFile:fail no such file' }))
        }
      }
    },
    showToast () {},
    cloud: cloud === null ? undefined : createWxCloud(cloud, user, calls),
    /** Real-shaped button events, made by the emulator. */
    events: {
      async getPhoneNumber ({ allow = true } = {}) {
        return { type: 'getphonenumber', detail: await emulator('phone', { allow }) }
      },
      async getUserInfo ({ allow = true } = {}) {
        if (!allow) return { type: 'getuserinfo', detail: { errMsg: 'getUserInfo:fail auth deny' } }
        authSetting['scope.userInfo'] = true
        return { type: 'getuserinfo', detail: await emulator('userinfo') }
      },
      async chooseAvatar () {
        return { type: 'chooseavatar', detail: await emulator('avatar') }
      }
    }
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
