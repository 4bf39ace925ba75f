'use strict'
// The mini program client: drives wx and the developer server. Every
// decision (state transitions, what is stored, what a reply or event means)
// is the Rust core's; this file only sequences calls.

const { WeappLoginError, invalidArgument } = require('../errors')
const { readOptions } = require('../options')
const { callWx, keepWxDetails, storage } = require('./wx')
const { exchange } = require('./http')
const { underOrigins } = require('./origin')
const { readClientOptions, readTimeout } = require('./options')
const { createCloudTransport } = require('./cloud-transport')
const { frameKey, firstFrame, signedOutView, sameView } = require('./first-frame')
const { phoneDetail, loginExtra } = require('./platform')

const DEFAULT_PROFILE_DESC = '用于完善会员资料'
/** The pause before a failed sign-in's one retry, jittered over its upper half (internal tuning, not an option). */
const RETRY_PAUSE_MS = 400

/** Reads optional options: absent is `{}`; anything unreadable is ERR_INVALID_ARGUMENT. */
function optional (options, names) {
  return options === undefined || options === null ? names.map(() => undefined) : readOptions(options, names)
}

/**
 * Creates a login client.
 * @param {{ call: Function, ready: () => Promise<void> }} core the loaded core of this runtime
 * @param {object} options see `readClientOptions` (pkg/src/client/options.js)
 */
function createLoginClientWith (core, options) {
  const o = readClientOptions(options)
  const { wx, root, appId, timeout, now } = o
  // WeChat Cloud Development: the server is a cloud function (no baseUrl).
  const cloudTransport = o.cloud === null ? null : createCloudTransport(core, wx, o.cloud, timeout)

  let storageKey = null
  let session = null // what the core let us keep of the last sign-in
  let inflight = null // the one sign-in under way
  let checkedThisLaunch = false
  let attempts = 0 // sign-ins started: each one's number, which the machine checks its answer against
  const reSignIns = [] // when sessions were found lost, for the limit
  const listeners = new Set()

  function dispatch (event) {
    enter(core.transition(state, event))
  }

  /** Enters `next` (a state the core answered) and tells the listeners. */
  function enter (next) {
    state = next
    for (const fn of Array.from(listeners)) {
      try { fn(state) } catch { /* a listener's fault is its own */ }
    }
  }

  /** Writes `s` to storage; when that fails, no older session is left behind. */
  function persist (s) {
    let sealed = null
    try { sealed = core.sealSession(s) } catch { /* refused: keep it in memory only */ }
    if (sealed === null || !storage.set(wx, storageKey, sealed)) storage.remove(wx, storageKey)
  }

  function forget () {
    session = null
    storage.remove(wx, storageKey)
  }

  /** After a change of the user's state: the session takes the state's flags and view, and is stored. */
  function keepState () {
    if (session === null || state.name !== 'signedIn' || state.openid !== session.openid) return
    session = { ...session, profile: state.profile, phone: state.phone, user: state.user }
    persist(session)
  }

  // The first frame: what storage says, read now, before the core is
  // loaded (display only; the core confirms or corrects it below).
  let state = firstFrameAt(wx, appId, now)

  /** Loads the core and restores what storage holds: the machine's state after the launch. */
  function load () {
    return core.ready().then(() => {
      // The key in the core's format (rules.json); an appId it would
      // refuse is refused by the core here.
      storageKey = frameKey(appId) || core.sessionStorageKey(appId)
      const stored = storage.get(wx, storageKey)
      const t = now()
      const opened = core.openSession(stored, t)
      if (opened.session !== undefined) {
        session = opened.session
        // Storage's first frame is not the core's (sealed without one, or
        // changed since): sealed again, for the next launch.
        if (!sameView(firstFrame(stored, t), opened.state)) persist(session)
      } else if (opened.reason !== 'absent') {
        storage.remove(wx, storageKey) // corrupt, foreign, expired or unsafe: gone
      }
      // The first frame confirmed (listeners hear of it only when it
      // differs) or corrected.
      if (sameView(state, opened.state)) state = opened.state
      else enter(opened.state)
    }, (err) => {
      if (state.name !== 'signedOut') enter(signedOutView()) // nothing can back the first frame
      throw err
    })
  }

  // The core loads when first needed (`ready`, a method), or else once the
  // launch's first frame is out (the next macrotask): never before
  // createLoginClient returns.
  let loading = null
  function ready () {
    if (loading === null) {
      loading = load()
      loading.catch(() => {}) // reported to whoever awaits `ready` or a method, never as an unhandled rejection
    }
    return loading
  }
  try { setTimeout(ready, 0) } catch { /* no timers here: the first need loads it */ }

  /** Before each call: the first load and restore, then a live instance (rebuilt if it faulted). */
  const live = () => ready().then(() => core.ready())

  /** Runs a public method; its failure is also told to `onError`. */
  function guarded (op, run) {
    let pending
    try { pending = Promise.resolve(run()) } catch (e) { pending = Promise.reject(e) }
    return pending.catch((err) => {
      if (typeof o.onError === 'function') {
        try { o.onError(err, { op }) } catch { /* a hook's fault is its own */ }
      }
      throw err
    })
  }

  function publicSession (s) {
    const out = { openid: s.openid, token: s.token, expiresAt: s.expiresAt }
    if (s.unionid !== undefined) out.unionid = s.unionid
    return out
  }

  /** A path under `baseUrl`, or an absolute URL as it is. */
  function url (path) {
    return /^https?:\/\//i.test(path) ? path : root + (path.startsWith('/') ? path : '/' + path)
  }

  /** `header` with the token added when `target` may receive it. */
  function headerFor (target, header, token) {
    let out
    try { out = { ...header } } catch {
      throw invalidArgument('header', { why: 'could not be read' })
    }
    if (token && underOrigins(target, o.origins)) out.Authorization = `Bearer ${token}`
    return out
  }

  /** A per-call `timeout`: absent is the client's; anything but a positive number of ms is refused. */
  const timeoutOf = (t) => readTimeout(t, timeout)

  /** One app request or upload, with the token where it may go. */
  function sendApp (api, options, token) {
    if (api === 'uploadFile') {
      const [path, filePath, name = 'file', formData, header = {}, t] = readOptions(options, ['url', 'filePath', 'name', 'formData', 'header', 'timeout'])
      if (typeof path !== 'string' || path === '' || typeof filePath !== 'string' || filePath === '' || typeof name !== 'string' || header === null || typeof header !== 'object') {
        throw invalidArgument('options', { why: '`url` and `filePath` must be strings; `header` an object' })
      }
      const target = url(path)
      const wxOptions = { url: target, filePath, name, header: headerFor(target, header, token), timeout: timeoutOf(t) }
      if (formData !== undefined) wxOptions.formData = formData
      return exchange(core, wx, 'uploadFile', wxOptions, o.onRequest)
    }
    const [path, method = 'GET', data, header = {}, t] = readOptions(options, ['url', 'method', 'data', 'header', 'timeout'])
    if (typeof path !== 'string' || path === '' || typeof method !== 'string' || header === null || typeof header !== 'object') {
      throw invalidArgument('options', { why: '`url` must be a path or URL; `method` a string; `header` an object' })
    }
    const target = url(path)
    const headers = headerFor(target, { 'content-type': 'application/json', ...header }, token)
    return exchange(core, wx, 'request', { url: target, method, data, header: headers, timeout: timeoutOf(t), dataType: 'json' }, o.onRequest)
  }

  /**
   * The one seam where the client reaches its own server (`/login`,
   * `/phone`, `/profile`, `/avatar`, `/me`, `/logout`): over HTTP with
   * wx.request / wx.uploadFile under `baseUrl`. Another transport (Cloud
   * Development) plugs in here, answering the same values or rejecting with
   * the same errors.
   * @param {{ path: string, method?: string, data?: object, filePath?: string, name?: string }} call
   * @param {string} [token]
   */
  function callServer (call, token) {
    if (cloudTransport !== null) return cloudTransport.call(call, token)
    if (call.filePath !== undefined) return sendApp('uploadFile', { url: call.path, filePath: call.filePath, name: call.name }, token)
    return sendApp('request', { url: call.path, method: call.method || 'GET', data: call.data }, token)
  }

  async function signIn () {
    const attempt = ++attempts
    dispatch({ type: 'LOGIN_START', attempt })
    try {
      const res = await callWx(core, wx, 'login', { timeout }, timeout)
      const code = core.parseLoginResult(res)
      const data = Object.assign({ code, nonce: await makeNonce(core, wx) }, loginExtra(o.platform, res))
      const send = () => callServer({ path: '/login', method: 'POST', data })
      let reply
      try {
        reply = await send()
      } catch (e) {
        // Once more with the same code and nonce, after a network fault or a
        // retryable answer: the server answers what it kept for them, so a
        // lost reply costs no new code. Not after a rate limit (slow down).
        if (!(e instanceof WeappLoginError) || e.retryable !== true || e.code === 'ERR_RATE_LIMITED') throw e
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS / 2 + Math.random() * RETRY_PAUSE_MS / 2))
        reply = await send()
      }
      const fresh = core.loginReply(reply, now())
      // The machine refuses (ERR_INVALID_TRANSITION) an answer to a sign-in a logout overtook.
      const next = core.transition(state, { type: 'LOGIN_OK', openid: fresh.openid, profile: fresh.profile, phone: fresh.phone, user: fresh.user, attempt })
      persist(fresh)
      session = fresh
      checkedThisLaunch = true
      enter(next)
      return publicSession(fresh)
    } catch (e) {
      let failed = null
      try { failed = core.transition(state, { type: 'LOGIN_FAIL', code: e && e.code, attempt }) } catch { /* not this sign-in's to end: the machine refused it */ }
      if (failed !== null) enter(failed)
      throw e
    }
  }

  async function login (options) {
    const [force] = optional(options, ['force'])
    await live()
    if (inflight !== null) return inflight
    inflight = (async () => {
      if (force !== true && session !== null && session.expiresAt > now()) {
        if (checkedThisLaunch) return publicSession(session)
        checkedThisLaunch = true
        let current = true
        try { await callWx(core, wx, 'checkSession', {}, timeout) } catch { current = false /* WeChat's session is gone */ }
        if (session === null) {
          // Signed out while WeChat was asked: no sign-in behind the user's back.
          throw new WeappLoginError('ERR_INVALID_TRANSITION', 'signed out while signing in')
        }
        if (current) return publicSession(session)
      }
      return signIn()
    })()
    try { return await inflight } finally { inflight = null }
  }

  /** Whether one more re-sign-in fits the limit (and counts it). */
  function mayResign () {
    const t = now()
    while (reSignIns.length > 0 && reSignIns[0] <= t - o.signInLimit.windowMs) reSignIns.shift()
    if (reSignIns.length >= o.signInLimit.max) return false
    reSignIns.push(t)
    return true
  }

  /**
   * Whether `target` is our server: under `baseUrl`'s origin (or
   * `tokenOrigins`), or with `cloud`, any path (the cloud function).
   */
  function toOurServer (target) {
    if (cloudTransport !== null) return !/^https?:\/\//i.test(target)
    return underOrigins(target, o.origins)
  }

  /**
   * Sends with the session's token; when the server says the session is
   * gone, signs in again (within the limit) and sends once more.
   */
  async function withSession (send, target) {
    await live()
    if (!toOurServer(target)) return send(undefined) // no token goes there: no sign-in needed
    if (session === null) await login()
    const token = session.token
    try {
      return await send(token)
    } catch (e) {
      if (!o.sessionLost(e)) throw e
      if (session !== null && session.token !== token) return send(session.token) // another call signed in meanwhile
      if (inflight !== null) {
        await inflight
        return send(session.token)
      }
      if (!mayResign()) throw e
      if (state.name === 'signedIn') dispatch({ type: 'SESSION_EXPIRED' })
      forget()
      await login({ force: true })
      return send(session.token)
    }
  }

  /** A call to our server with the session. */
  function serverCall (call) {
    return withSession((token) => callServer(call, token), url(call.path))
  }

  /** Applies a server answer about the user to the state, and stores it. */
  function userChanged (event) {
    if (state.name !== 'signedIn') return
    dispatch(event)
    keepState()
  }

  /** The `user` a reply carries, if it carries one. */
  function userOf (reply, fallback) {
    if (reply !== null && typeof reply === 'object' && reply.user !== null && typeof reply.user === 'object') return reply.user
    return fallback
  }

  async function submitProfile (body, complete, fallback) {
    const reply = await serverCall({ path: '/profile', method: 'POST', data: body })
    const userInfo = reply && reply.userInfo
    userChanged({ type: 'PROFILE_OK', user: userOf(reply, fallback(userInfo)), complete })
    return userInfo
  }

  /** Reads a wx event or result with the core; a refusal keeps its errno and errMsg. */
  function readWx (read, value) {
    try { return read(value) } catch (err) {
      let detail = value
      try { if (value && typeof value === 'object' && value.detail && typeof value.detail === 'object' && !('errMsg' in value)) detail = value.detail } catch { /* unreadable */ }
      throw keepWxDetails(err, detail)
    }
  }

  async function getPhoneNumber (event) {
    await live()
    const ev = readWx(core.parsePhoneEvent, (await phoneDetail(o.platform, event, () => callWx(core, wx, 'getPhoneNumber', {}, timeout)))[0])
    // The event as the core read it is the body: `{ code, encryptedData?, iv? }`, `{ encryptedData, iv }` or `{ response, sign? }`.
    const body = Object.assign({}, ev)
    delete body.kind
    const reply = await serverCall({ path: '/phone', method: 'POST', data: body })
    userChanged({ type: 'PHONE_OK', user: userOf(reply, {}) })
    return { phoneNumber: reply.phoneNumber, purePhoneNumber: reply.purePhoneNumber, countryCode: reply.countryCode }
  }

  return {
    /** Resolves once the wasm is loaded and any stored session restored (asking for it starts the load). */
    get ready () { return ready() },
    /**
     * The state view `{ name, openid?, profile, phone, nextStep, user, error? }`.
     * Before `ready`, what storage says (the stored session's view while it
     * has not ended, else signed out); from `ready` on, the core's.
     */
    get state () { return state },
    login: (options) => guarded('login', () => login(options)),
    /** wx.request; the token goes only to `baseUrl`'s origin (and `tokenOrigins`). */
    request: (options) => guarded('request', () => {
      const [path] = readOptions(options, ['url'])
      if (typeof path !== 'string' || path === '') {
        throw invalidArgument('url', { mustBe: 'a path or URL' })
      }
      const target = url(path)
      // With `cloud`, a path is one of the cloud function's actions (`/me`).
      if (cloudTransport !== null && toOurServer(target)) return withSession((token) => cloudTransport.send(options, token), target)
      return withSession((token) => sendApp('request', options, token), target)
    }),
    /** wx.uploadFile with the token (multipart); the reply's JSON is parsed. */
    uploadFile: (options) => guarded('uploadFile', () => {
      const [path] = readOptions(options, ['url'])
      if (typeof path !== 'string' || path === '') {
        throw invalidArgument('url', { mustBe: 'a path or URL' })
      }
      return withSession((token) => sendApp('uploadFile', options, token), url(path))
    }),
    /**
     * `requestOptions` with `Authorization: Bearer <token>` added when a
     * session is held and the URL may receive it; a copy, never signing in.
     * For interceptors (Taro's `addInterceptor`, uni-app's `addInterceptor`).
     */
    authorize (requestOptions) {
      const [target, header = {}] = readOptions(requestOptions, ['url', 'header'])
      if (header === null || typeof header !== 'object') {
        throw invalidArgument('header', { mustBe: 'an object' })
      }
      const token = session !== null && session.expiresAt > now() ? session.token : undefined
      let copy
      try { copy = { ...requestOptions } } catch {
        throw invalidArgument('options', { why: 'could not be read' })
      }
      return Object.assign(copy, { header: headerFor(target, header, token) })
    },
    /** `bindgetphonenumber` or `bindgetrealtimephonenumber`: posts the code (or the encrypted pair) with the current session. */
    getPhoneNumber: (event) => guarded('getPhoneNumber', () => getPhoneNumber(event)),
    /** `open-type="getRealtimePhoneNumber"`'s event: the same exchange as getPhoneNumber. */
    getRealtimePhoneNumber: (event) => guarded('getRealtimePhoneNumber', () => getPhoneNumber(event)),
    /** Call straight from a tap handler: wx.getUserProfile runs before anything is awaited. */
    getUserProfile (options) {
      return guarded('getUserProfile', () => {
        const [desc = DEFAULT_PROFILE_DESC] = optional(options, ['desc'])
        const pending = callWx(core, wx, 'getUserProfile', { desc })
        return pending.then((res) => submitProfile(core.parseProfileResult(res), true, () => ({})))
      })
    },
    /** Legacy: from the getUserInfo button's event, or without one when scope.userInfo is granted. */
    getUserInfo: (event) => guarded('getUserInfo', async () => {
      await live()
      let res = event
      if (event === undefined) {
        core.checkScope(await callWx(core, wx, 'getSetting'), 'scope.userInfo')
        res = await callWx(core, wx, 'getUserInfo', { withCredentials: true })
      }
      return submitProfile(readWx(core.parseProfileResult, res), true, () => ({}))
    }),
    /** `bindchooseavatar`: uploads the chosen image with wx.uploadFile to `POST /avatar` → `{ avatarUrl, user }`. */
    chooseAvatar: (event) => guarded('chooseAvatar', async () => {
      await live()
      const filePath = readWx(core.parseAvatarEvent, event)
      const reply = await serverCall({ path: '/avatar', filePath, name: 'avatar' })
      const avatarUrl = reply && typeof reply.avatarUrl === 'string' ? reply.avatarUrl : undefined
      const user = userOf(reply, avatarUrl === undefined ? {} : { avatarUrl })
      userChanged({ type: 'PROFILE_OK', user, complete: false })
      return { avatarUrl, user: state.user }
    }),
    /**
     * The nickname, once WeChat has reviewed it: the text (kept from the
     * input, sent on `bindnicknamereview` with `pass`), or a form's submit
     * event (`<input type="nickname" name="nickName">`).
     */
    setNickname: (eventOrText) => guarded('setNickname', async () => {
      await live()
      const nickName = core.parseNickname(eventOrText)
      return submitProfile({ nickName }, false, (info) => ({ nickName: (info && info.nickName) || nickName }))
    }),
    /** `GET /me`: the server's current view of the user, kept in the state. */
    refreshUser: () => guarded('refreshUser', async () => {
      const reply = await serverCall({ path: '/me' })
      if (reply !== null && typeof reply === 'object' && reply.user !== null && typeof reply.user === 'object') {
        userChanged({ type: 'USER_OK', user: reply.user })
      }
      return reply
    }),
    /**
     * `wx.requirePrivacyAuthorize`: resolves once the user agreed to the
     * privacy agreement (at once where the base library has no privacy
     * rules); ERR_PRIVACY_DENIED when they did not.
     */
    requirePrivacy: () => guarded('requirePrivacy', async () => {
      await live()
      let has
      try { has = typeof wx.requirePrivacyAuthorize === 'function' } catch { has = false }
      if (!has) return
      await callWx(core, wx, 'requirePrivacyAuthorize')
    }),
    /** Calls `fn(state)` on every change; returns the unsubscribe function. */
    subscribe (fn) {
      if (typeof fn !== 'function') {
        throw invalidArgument('fn', { mustBe: 'a function' })
      }
      listeners.add(fn)
      return () => { listeners.delete(fn) }
    },
    /** Signs out here and (best effort) on the server. */
    logout: () => guarded('logout', async () => {
      await live()
      const token = session && session.token
      forget()
      dispatch({ type: 'LOGOUT' })
      if (token) {
        try { await callServer({ path: '/logout', method: 'POST' }, token) } catch { /* the server forgets on its own */ }
      }
    })
  }
}

/**
 * The first frame of `appId`'s client: the view stored with its session
 * while that has not ended, else signed out. Never throws.
 * @param {object} wx
 * @param {unknown} appId
 * @param {() => number} now
 */
function firstFrameAt (wx, appId, now) {
  const key = frameKey(appId)
  if (key === null) return signedOutView()
  let t
  try { t = now() } catch { return signedOutView() }
  return firstFrame(storage.get(wx, key), t)
}

/**
 * 32 characters of [A-Za-z0-9_-] (192 random bits) for one sign-in: not a
 * secret, but not to be guessed, since it alone opens a code's kept result.
 * From `wx.getRandomValues` (base library 2.15.0+), else
 * `crypto.getRandomValues` (browsers, Node 19+, newer phones); only where
 * neither exists (an old base library) from Math.random, which is no worse
 * than a code without a nonce.
 */
async function makeNonce (core, wx) {
  let bytes = null
  try { bytes = new Uint8Array((await callWx(core, wx, 'getRandomValues', { length: 32 }, 2000)).randomValues) } catch { /* not in this base library */ }
  if (bytes === null || bytes.length < 32) {
    try { bytes = globalThis.crypto.getRandomValues(new Uint8Array(32)) } catch { bytes = null }
  }
  let out = ''
  for (let i = 0; i < 32; i++) out += NONCE_ALPHABET[(bytes === null ? Math.random() * 256 : bytes[i]) & 63]
  return out
}
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

module.exports = { createLoginClientWith }
