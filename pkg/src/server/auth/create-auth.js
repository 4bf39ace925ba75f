'use strict'
// The developer server's side of the login flow, for one app on one
// platform (WeChat by default; QQ, Douyin, Kuaishou, Baidu, Alipay): trades codes for sessions,
// keeps each user's key ring and record, opens phone numbers and profiles,
// and answers for tokens. Tokens are random and stored only as hashes; the
// session key never leaves the server. Decisions (what the platform said, which
// key opens what, what a code can look like) are the core's.
//
// The parts: options.js (checked options), keys.js (store keys),
// upstream/client.js (the platform's upstream client), login.js, phone.js, sessions.js, users.js (the records, changed one at a time per user), avatars.js,
// observe.js (logger and counters).

const { WeappLoginError, invalidArgument } = require('../../errors')
const { memoryStore, isMemoryStore } = require('../../stores/memory')
const { createUpstreamClient } = require('../upstream/client')
const { readAuthOptions } = require('./auth-options')
const { serverError } = require('./fail')
const { keysOf } = require('./keys')
const { createObserver } = require('./observe')
const { createSessions } = require('./sessions')
const { createUsers } = require('./users')
const { createLogin } = require('./login')
const { createPhone } = require('./phone')
const { createAvatars } = require('./avatars')
const { createUpstreamBudget } = require('./upstream-budget')
const { codeShapeOf } = require('./code-shape')
/** The server's own defaults (the core's `rules().auth`); the key ring's and the watermark's are the core's `defaults()`. */
const { auth: DEFAULTS, platforms: PLATFORMS } = require('../../../dist/rules.json')

const shapes = new WeakMap() // core → its code check, made once
const codeShape = (core) => {
  let check = shapes.get(core)
  if (check === undefined) { check = codeShapeOf(core); shapes.set(core, check) }
  return check
}

/**
 * How the server calls WeChat unless given `fetch`: on Node (and Bun),
 * node:http(s) with keep-alive connections, which costs half the CPU of the
 * global fetch per call (and is there on Node 16, which has no fetch);
 * elsewhere the runtime's fetch.
 */
function defaultFetch () {
  if (typeof process === 'object' && process !== null && process.versions && process.versions.node) {
    try { return require('../upstream/keep-alive-fetch').httpsFetch } catch { /* a runtime without node:http */ }
  }
  return globalThis.fetch
}

/**
 * `run()`'s answer, or a rejection once `seconds` passed without one. The
 * hook may still finish later; its answer is then not used.
 * @param {number} seconds
 * @param {string} name the hook's, for the rejection's message
 * @param {() => unknown} run
 */
function within (seconds, name, run) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not answer within ${seconds} s`)), seconds * 1000)
    if (typeof timer.unref === 'function') timer.unref()
    Promise.resolve().then(run).then((v) => { clearTimeout(timer); resolve(v) }, (e) => { clearTimeout(timer); reject(e) })
  })
}

/**
 * @param {typeof import('../../loader/server')} core the loaded core
 * @param {object} options see createAuth in index.d.ts
 */
function createAuthWith (core, options) {
  const { keyRingSize, keyGraceSeconds, maxAgeSeconds } = core.defaults()
  // The platform's name checked by the core, then its rules.
  const platformRules = (name) => { const checked = core.platformName(name); return PLATFORMS.find((p) => p.name === checked) }
  const cfg = readAuthOptions(options, { ...DEFAULTS, keyRingSize, keyGraceSeconds, maxAgeSeconds }, platformRules)
  const { platform } = cfg
  const rules = platformRules(platform)
  const appKey = cfg.appKey === undefined ? '' : cfg.appKey
  const fail = serverError
  const fetchImpl = cfg.fetch || defaultFetch()
  if (typeof fetchImpl !== 'function') throw invalidArgument('fetch', { mustBe: 'a fetch function: this runtime has none' })
  const now = cfg.now || Date.now
  const store = cfg.store || memoryStore({ now })
  const keys = keysOf(cfg.prefix, cfg.appId, platform)
  const observe = createObserver(cfg.logger)
  const seconds = () => Math.floor(now() / 1000)

  // Store faults are logged once each, where they happen.
  // (memoryStore cannot fail: used as it is.)
  const watched = isMemoryStore(store) ? store : watchStore(store, observe, fail)
  const wechat = createUpstreamClient({ platform, core, store: watched, keys, observe, fail, appId: cfg.appId, appSecret: cfg.appSecret, appKey, privateKey: cfg.privateKey, alipayPublicKey: cfg.alipayPublicKey, encryptKey: cfg.encryptKey, phonePrivateKey: cfg.phonePrivateKey, apiBase: cfg.apiBase, phoneApiBase: cfg.phoneApiBase, maxAgeSeconds: cfg.maxAgeSeconds, fetch: fetchImpl, now, timeoutMs: cfg.timeoutMs, retries: cfg.retries, retryBaseMs: cfg.retryBaseMs, retryMaxMs: cfg.retryMaxMs, forcedRefreshCooldownSeconds: cfg.forcedRefreshCooldownSeconds })
  const sessions = createSessions({ core, store: watched, keys, fail, now, cfg, observe })
  const users = createUsers({ store: watched, keys, core, fail })

  /**
   * Runs an app hook; a throw, an unusable answer or (given `seconds`) no
   * answer in that time is ERR_HOOK_FAILED (retryable), logged.
   */
  async function hook (name, openid, run, check = (v) => v, seconds) {
    let out
    try {
      out = check(await (seconds === undefined ? run() : within(seconds, name, run)))
    } catch (cause) {
      observe.hookFailed(name, openid, cause)
      throw fail('ERR_HOOK_FAILED', `the ${name} hook failed`, { cause })
    }
    if (out === null) {
      const cause = new TypeError(`${name} answered an unusable value`)
      observe.hookFailed(name, openid, cause)
      throw fail('ERR_HOOK_FAILED', `the ${name} hook answered an unusable value`, { cause })
    }
    return out
  }

  /** The user's key ring as stored, with its grace: the core tries only the keys live at its `now`. */
  const ringOf = (raw) => ({ ring: raw || '[]', graceSeconds: cfg.keyGraceSeconds })
  const storedRing = async (openid) => ringOf(await watched.get(keys.ring(openid)))
  const upstreamBudget = createUpstreamBudget({ limit: cfg.upstreamLoginBudget, keys, fail, observe, now })
  const parts = { core, platform, rules, appKey, store: watched, keys, wechat, sessions, users, cfg, fail, observe, now, hook, ringOf, storedRing, isCode: codeShape(core), upstreamBudget }
  const { login } = createLogin(parts)
  const { phoneNumber } = createPhone(parts)
  const avatarStore = cfg.avatarStore === undefined ? watched : isMemoryStore(cfg.avatarStore) ? cfg.avatarStore : watchStore(cfg.avatarStore, observe, fail)
  const avatars = createAvatars({ ...parts, avatarStore })

  const text = (value, field, max = 4096) => {
    if (typeof value !== 'string' || value === '') throw invalidArgument(field, { mustBe: 'a non-empty string' })
    if (value.length > max) throw invalidArgument(field, { why: 'too long' })
    return value
  }

  /**
   * The user's profile, by the core's rules (`profileUpdate`): sealed user
   * info (checked against the session's openid and for age, and `rawData`
   * against `signature` when given), signed `rawData`, or the current way's
   * `{ nickName }`. Answers `{ userInfo, user }`.
   */
  async function userInfo (token, data) {
    const sess = await sessions.get(token)
    const { openid } = sess
    const [ringRaw, recordRaw] = await users.ringAndRecord(openid)
    const update = core.profileUpdate(platform, appKey, data, ringRaw, cfg.keyGraceSeconds, cfg.appId, openid, seconds(), cfg.maxAgeSeconds)
    const info = JSON.parse(update.userInfo) // any keys: JSON.parse keeps `__proto__` a plain one
    const avatar = undefined // avatars go up through POST /avatar
    if (cfg.onProfile) await hook('onProfile', openid, () => cfg.onProfile(openid, info, avatar, sess.userId === undefined ? {} : { userId: sess.userId }))
    // In the user's turn (unless the record as read needs nothing): the record read again, changed, written.
    const record = await users.change(openid, (r) => {
      let changed = false
      if (update.completesProfile) { changed = changed || r.f !== true; r.f = true }
      if (typeof info.nickName === 'string' && r.u.nickName !== info.nickName) { r.u.nickName = info.nickName; changed = true }
      if (typeof info.avatarUrl === 'string' && info.avatarUrl !== '' && r.u.avatarUrl !== info.avatarUrl) { r.u.avatarUrl = info.avatarUrl; changed = true }
      return changed
    }, users.read(recordRaw))
    return { userInfo: info, user: record.u }
  }

  /** Keeps an uploaded avatar (or hands it to onAvatar): `{ avatarUrl, user }`. */
  async function avatar (token, file) {
    const sess = await sessions.get(token)
    const checked = avatars.check(file)
    await avatars.count(sess.openid)
    // In the user's turn (one change to the record at a time) the image is kept and the record written: the record names the image kept.
    return users.inTurn(sess.openid, async () => {
      const [avatarUrl, record] = await Promise.all([avatars.save(sess.openid, sess.userId, checked), users.get(sess.openid)])
      record.u.avatarUrl = avatarUrl
      await users.put(sess.openid, record)
      return { avatarUrl, user: record.u }
    })
  }

  /** What GET /me answers: `{ openid, unionid?, userId?, expiresAt, user }`. */
  async function me (token) {
    const sess = await sessions.get(token)
    const record = await users.get(sess.openid)
    sess.user = record.u // the core made `sess` for this call (and `{ ...sess, user }` is a slow path on Node 16–20)
    return sess
  }

  /** Asks WeChat whether the user's newest session key is still current (87009: ERR_SESSION_STALE). */
  async function checkSession (token) {
    const { openid } = await sessions.get(token)
    if (wechat.checkSession === undefined) throw invalidArgument('platform', { why: `${platform} has no checksession` })
    // The newest key's signature, or ERR_SESSION_STALE for an empty ring: the core's.
    const signature = core.newestSessionKeySignature((await storedRing(openid)).ring) // the newest key is always live
    await wechat.checkSession(openid, signature)
    return true
  }

  async function logoutAll (openid) {
    text(openid, 'openid', 128)
    return sessions.logoutAll(openid)
  }

  // ---- closing: stop taking work, wait for what is in flight, close the store, stay closed.
  let closed = null
  let busy = 0
  let idle = null
  const settle = () => { if (--busy === 0 && idle !== null) { idle(); idle = null } }
  /** `fn` (of at most two arguments) run as one unit of tracked work, logged as `event`. */
  const work = (event, fn) => async function (a, b) {
    const started = Date.now()
    if (closed !== null) {
      const e = fail('ERR_STORE_UNAVAILABLE', 'this auth has been closed')
      if (event) observe.outcome(event, started, e)
      throw e
    }
    busy++
    try {
      const out = await fn(a, b)
      if (event) observe.outcome(event, started)
      return out
    } catch (e) {
      if (event) observe.outcome(event, started, e)
      throw e
    } finally { settle() }
  }

  function close () {
    if (closed === null) {
      closed = (async () => {
        if (busy > 0) await new Promise((resolve) => { idle = resolve })
        await store.close()
        if (cfg.avatarStore !== undefined && cfg.avatarStore !== store) await cfg.avatarStore.close()
      })()
    }
    return closed
  }

  return {
    login: work('login', login),
    session: work(null, sessions.get),
    me: work('me', me),
    phoneNumber: work('phone', phoneNumber),
    userInfo: work('profile', userInfo),
    avatar: work('avatar', avatar),
    avatarFile: work(null, avatars.file),
    checkSession: work('checksession', checkSession),
    logout: work('logout', sessions.logout),
    logoutAll: work('logoutAll', logoutAll),
    /** `<prefix><appId>:<suffix>` (another platform's: `<prefix><appId>@<platform>:<suffix>`): the store key of this app for `suffix`. */
    storeKey: (suffix) => keys.of(suffix),
    /** Counters by outcome and error code: `{ login: { ok, ERR_… }, phone: …, upstream: …, rateLimited: …, hook: …, store: … }`. */
    stats: () => observe.stats(),
    /** The logger adapter (for the HTTP layer's own lines). */
    log: observe.line,
    /** The store in use. */
    store,
    /** The store key prefix in use. */
    prefix: cfg.prefix,
    /** The appId. */
    appId: cfg.appId,
    /** The platform's stable name (`weixin`, `qq`, `toutiao`, `kuaishou`, `baidu`, `alipay`). */
    platform,
    /** Stops taking work, waits for work in flight, closes the store. Stays closed. */
    close
  }
}

/**
 * The optional store steps and the basic operations each stands for. A step
 * is used only where it is defined alongside them: a store made with
 * `Object.create(redisStore(…))` that overrides `get` (to transform values,
 * to count) must not have its reads bypassed by the base's `getMany`.
 */
const STANDS_FOR = { claim: ['get', 'incr', 'lock'], getMany: ['get'], batch: ['setMany', 'addCapped', 'unlock'], setIfAbsent: ['get', 'set'] }

/** The object in `store`'s prototype chain that defines `name`, or null. */
function definerOf (store, name) {
  for (let o = store; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) return o
  }
  return null
}

/** The store with every failed operation logged (once) as a store fault. */
function watchStore (store, observe, fail) {
  const out = Object.create(store)
  for (const op of ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'claim', 'getMany', 'batch', 'setIfAbsent']) {
    const f = store[op]
    const basics = STANDS_FOR[op]
    if (typeof f !== 'function' || (basics !== undefined && !basics.every((b) => definerOf(store, b) === definerOf(store, op)))) {
      out[op] = undefined // missing, or an optional step not defined alongside its basics: they do its work
      continue
    }
    const failed = (e) => {
      observe.storeFault(op, e)
      throw e instanceof WeappLoginError ? e : fail('ERR_STORE_UNAVAILABLE', 'the session store is unavailable', { cause: e })
    }
    out[op] = function (...args) {
      try { return Promise.resolve(f.apply(store, args)).catch(failed) } catch (e) { return Promise.reject(e).catch(failed) }
    }
  }
  out.shared = store.shared
  return out
}

module.exports = { createAuthWith }
