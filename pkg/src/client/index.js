'use strict'
// The mini program client: drives wx and the developer server. Every
// decision (state transitions, what is stored, what a reply or event means)
// is the Rust core's; this file only sequences calls.

const { WeappLoginError } = require('../errors')
const { readOptions } = require('../core')
const { callWx, storage } = require('./wx')
const { createCloudTransport, readCloudOption } = require('./cloud-transport')

const DEFAULT_TIMEOUT_MS = 10000
const DEFAULT_PROFILE_DESC = '用于完善会员资料'

/** Reads optional options: absent is `{}`; anything unreadable is ERR_INVALID_ARGUMENT. */
function optional (options, names) {
  return options === undefined || options === null ? names.map(() => undefined) : readOptions(options, names)
}

/**
 * Creates a login client.
 * @param {{ call: Function, ready: () => Promise<void> }} core the loaded core of this runtime
 * @param {object} options `{ wx, baseUrl, appId, timeout?, now? }`
 */
function createLoginClientWith (core, options) {
  const [wx, baseUrl, appId, timeoutOpt, nowOpt, cloudOpt] = readOptions(options, ['wx', 'baseUrl', 'appId', 'timeout', 'now', 'cloud'])
  if (wx === null || typeof wx !== 'object') {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`wx` must be the wx object)', { field: 'wx' })
  }
  const cloud = cloudOpt === undefined ? null : readCloudOption(cloudOpt) // Cloud Development: no baseUrl
  if (cloud === null && (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl))) {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`baseUrl` must be an http(s) URL)', { field: 'baseUrl' })
  }
  if (typeof appId !== 'string') {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`appId` must be a string)', { field: 'appId' })
  }
  const timeout = typeof timeoutOpt === 'number' && timeoutOpt > 0 ? timeoutOpt : DEFAULT_TIMEOUT_MS
  const now = typeof nowOpt === 'function' ? nowOpt : () => Date.now()
  const root = cloud === null ? baseUrl.replace(/\/+$/, '') : ''
  const cloudTransport = cloud === null ? null : createCloudTransport(core, wx, cloud, timeout)

  let state = null // the core's state view, once ready
  let storageKey = null
  let session = null // what the core let us keep of the last sign-in
  let inflight = null // the one sign-in under way
  let checkedThisLaunch = false
  let generation = 0 // bumped by logout, so a sign-in it overtook is dropped
  const listeners = new Set()

  function dispatch (event) {
    state = core.call('transition', [state, event])
    for (const fn of Array.from(listeners)) {
      try { fn(state) } catch { /* a listener's fault is its own */ }
    }
  }

  function forget () {
    session = null
    storage.remove(wx, storageKey)
  }

  const ready = core.ready().then(() => {
    storageKey = core.call('session_storage_key', [appId])
    state = core.call('initial_state', [])
    const opened = core.call('open_session', [storage.get(wx, storageKey), now()])
    if (opened.session !== undefined) {
      session = opened.session
      dispatch({ type: 'RESTORE', openid: session.openid, profile: session.profile, phone: session.phone })
    } else if (opened.reason !== 'absent') {
      storage.remove(wx, storageKey) // corrupt, foreign, expired or unsafe: gone
    }
  })

  ready.catch(() => {}) // reported to whoever awaits `ready` or a method, never as an unhandled rejection

  /** Before each call: the first load and restore, then a live instance (rebuilt if it faulted). */
  const live = () => ready.then(() => core.ready())

  function publicSession (s) {
    const out = { openid: s.openid, token: s.token, expiresAt: s.expiresAt }
    if (s.unionid !== undefined) out.unionid = s.unionid
    return out
  }

  function url (path) {
    return /^https?:\/\//.test(path) ? path : root + (path.startsWith('/') ? path : '/' + path)
  }

  /** One HTTP exchange through wx.request; the core reads the reply. */
  async function send (options, token) {
    if (cloudTransport !== null) return cloudTransport.send(options, token)
    const [path, method = 'GET', data, header = {}, t] = readOptions(options, ['url', 'method', 'data', 'header', 'timeout'])
    if (typeof path !== 'string' || path === '' || typeof method !== 'string' || header === null || typeof header !== 'object') {
      throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`url` must be a path or URL; `method` a string; `header` an object)', { field: 'options' })
    }
    let headers
    try { headers = { 'content-type': 'application/json', ...header } } catch {
      throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`header` could not be read)', { field: 'header' })
    }
    if (token) headers.Authorization = `Bearer ${token}`
    const res = await callWx(core, wx, 'request', { url: url(path), method, data, header: headers, timeout: t || timeout, dataType: 'json' })
    core.call('read_reply', [res.statusCode, res.data]) // throws the error a non-2xx reply carries
    return res.data
  }

  async function signIn () {
    const started = generation
    dispatch({ type: 'LOGIN_START' })
    try {
      const code = core.call('parse_login_result', [await callWx(core, wx, 'login', { timeout })])
      const fresh = core.call('login_reply', [await send({ url: '/login', method: 'POST', data: { code } })])
      if (started !== generation) {
        throw new WeappLoginError('ERR_INVALID_TRANSITION', 'signed out while signing in')
      }
      // The core refuses to seal anything that looks like a secret; keep the session in memory either way.
      storage.set(wx, storageKey, core.call('seal_session', [fresh]))
      session = fresh
      checkedThisLaunch = true
      dispatch({ type: 'LOGIN_OK', openid: fresh.openid, profile: fresh.profile, phone: fresh.phone })
      return publicSession(fresh)
    } catch (e) {
      if (started === generation) dispatch({ type: 'LOGIN_FAIL', code: e && e.code })
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
        try {
          await callWx(core, wx, 'checkSession')
          return publicSession(session)
        } catch { /* WeChat's session is gone: sign in again */ }
      }
      return signIn()
    })()
    try { return await inflight } finally { inflight = null }
  }

  /** A request with the token; signs in again once if the server lost the session. */
  async function request (options) {
    readOptions(options, ['url'])
    await live()
    if (session === null) await login()
    try {
      return await send(options, session.token)
    } catch (e) {
      if (!(e instanceof WeappLoginError) || !e.code.startsWith('ERR_SESSION_')) throw e
      if (state.name === 'signedIn') dispatch({ type: 'SESSION_EXPIRED' })
      forget()
      await login({ force: true })
      return send(options, session.token)
    }
  }

  async function submitProfile (body) {
    const reply = await request({ url: '/profile', method: 'POST', data: body })
    if (state.name === 'signedIn') dispatch({ type: 'PROFILE_OK' })
    return reply && reply.userInfo
  }

  return {
    /** Resolves once the wasm is loaded and any stored session restored. */
    ready,
    /** The state view `{ name, openid?, profile, phone, nextStep, error? }`; `null` before `ready`. */
    get state () { return state },
    login,
    request,
    /** `bindgetphonenumber`: posts the code (or the encrypted pair) with the current session. */
    async getPhoneNumber (event) {
      await live()
      const ev = core.call('parse_phone_event', [event])
      const body = ev.kind === 'code' ? { code: ev.code } : { encryptedData: ev.encryptedData, iv: ev.iv }
      if (ev.kind === 'code' && ev.encryptedData !== undefined) Object.assign(body, { encryptedData: ev.encryptedData, iv: ev.iv })
      const reply = await request({ url: '/phone', method: 'POST', data: body })
      if (state.name === 'signedIn') dispatch({ type: 'PHONE_OK' })
      return { phoneNumber: reply.phoneNumber, purePhoneNumber: reply.purePhoneNumber, countryCode: reply.countryCode }
    },
    /** Call straight from a tap handler: wx.getUserProfile runs before anything is awaited. */
    getUserProfile (options) {
      let desc
      try { [desc = DEFAULT_PROFILE_DESC] = optional(options, ['desc']) } catch (e) { return Promise.reject(e) }
      const pending = callWx(core, wx, 'getUserProfile', { desc })
      return pending.then((res) => submitProfile(core.call('parse_profile_result', [res])))
    },
    /** Legacy: from the getUserInfo button's event, or without one when scope.userInfo is granted. */
    async getUserInfo (event) {
      await live()
      let res = event
      if (event === undefined) {
        core.call('check_scope', [await callWx(core, wx, 'getSetting'), 'scope.userInfo'])
        res = await callWx(core, wx, 'getUserInfo', { withCredentials: true })
      }
      return submitProfile(core.call('parse_profile_result', [res]))
    },
    /** `bindchooseavatar`: uploads the chosen avatar (base64, through `request`). */
    async chooseAvatar (event) {
      await live()
      const avatarUrl = core.call('parse_avatar_event', [event])
      let fs
      try { fs = wx.getFileSystemManager() } catch { fs = null }
      const file = await callWx(core, fs || {}, 'readFile', { filePath: avatarUrl, encoding: 'base64' })
      const reply = await request({ url: '/profile', method: 'POST', data: { avatar: { base64: file.data } } })
      return { avatarUrl, userInfo: reply && reply.userInfo }
    },
    /** `input type="nickname"`'s event (or the text): saves the nickname. */
    async setNickname (eventOrText) {
      await live()
      return submitProfile({ nickName: core.call('parse_nickname', [eventOrText]) })
    },
    /** Calls `fn(state)` on every change; returns the unsubscribe function. */
    subscribe (fn) {
      if (typeof fn !== 'function') {
        throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`fn` must be a function)', { field: 'fn' })
      }
      listeners.add(fn)
      return () => { listeners.delete(fn) }
    },
    /** Signs out here and (best effort) on the server. */
    async logout () {
      await live()
      const token = session && session.token
      generation++
      forget()
      dispatch({ type: 'LOGOUT' })
      if (token) {
        try { await send({ url: '/logout', method: 'POST' }, token) } catch { /* the server forgets on its own */ }
      }
    }
  }
}

module.exports = { createLoginClientWith }
