'use strict'
// createCloudAuth: the login flow inside a WeChat Cloud Development cloud
// function. The platform authenticates every call: `cloud.getWXContext()`
// gives the caller's OPENID, UNIONID and APPID, so there is no AppSecret, no
// code2Session and no session key here. Phone numbers come from
// `cloud.openapi.phonenumber.getPhoneNumber({ code })` or from the button's
// cloudID (`cloud.getOpenData`). `main(event, context)` answers the HTTP
// contract's values as `{ ok: true, ... }` or `{ error: { code, message,
// retryable } }`, and never throws. What WeChat's answers mean (errcodes,
// phone payloads, watermarks) is the core's.
//
// The "session" the client keeps is a token this function issues (its form
// is the core's: `cloudToken`, `readCloudToken`). It is not a credential (the
// platform's OPENID is, on every call); it only carries the expiry, so the
// client's state machine sees sessions end as it does with an HTTP server.

const crypto = require('crypto')
const { WeappLoginError, asWeappLoginError, invalidArgument } = require('../../errors')
const { imageType } = require('../auth/image')
const { readOptions, fields, any, fn, integer } = require('../../options')
const { memoryStore } = require('../../stores/memory')
const { cloudDatabaseStore } = require('../../stores/cloud-database')
const { createUsers } = require('../auth/users')
const { serverError } = require('../auth/fail')
const { keysOf } = require('../auth/keys')
const { prefix } = require('../auth/auth-options')
/** createCloudAuth's defaults and limits (`rules().cloud`) and the cloud database's errCode for a collection that does not exist (`rules().cloudDatabase`): the core's. */
const { cloud: RULES, cloudDatabase: { noCollectionErrcode: NO_COLLECTION } } = require('../../../dist/rules.json')

/** createCloudAuth's options: name → check (`cloud`, `store`, `phoneLimit` and `avatarUploadLimit` are read below). */
const OPTIONS = { cloud: any, store: any, onLogin: fn, onPhone: fn, onProfile: fn, sessionTtlSeconds: integer(60, Infinity), phoneLimit: any, avatarUploadLimit: any, prefix, now: fn }
const ACTIONS = ['login', 'phone', 'profile', 'avatar', 'me', 'logout']
const DEFAULTS = { sessionTtlSeconds: RULES.sessionTtlSeconds, prefix: RULES.prefix, phoneLimit: RULES.phoneLimit, avatarUploadLimit: RULES.avatarUploadLimit }
const AVATAR_LIMIT_BYTES = RULES.avatarLimitBytes
const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' }

/**
 * @param {typeof import('../../loader/server')} core the loaded server core
 * @param {object} options see createCloudAuth in index.js
 */
function createCloudAuthWith (core, options) {
  /** A WeappLoginError (its `retryable` is the core's for `code`). */
  const fail = serverError

  if (options === undefined) throw invalidArgument('options')
  const cfg = { ...DEFAULTS, ...fields(options, 'options', OPTIONS) }

  const cloud = cfg.cloud
  if (cloud === null || (typeof cloud !== 'object' && typeof cloud !== 'function')) throw invalidArgument('cloud', { mustBe: "wx-server-sdk's `cloud`" })
  let getWXContext
  try { getWXContext = cloud.getWXContext } catch { getWXContext = undefined }
  if (typeof getWXContext !== 'function') throw invalidArgument('cloud', { mustBe: "wx-server-sdk's `cloud` (it has no getWXContext)" })
  /** `{ max, windowSeconds }` (`max: 0`, or `false` where allowed: off) → `[max, windowSeconds]`. */
  function limitOf (name, offWithFalse) {
    if (offWithFalse && cfg[name] === false) return [0, 1]
    const [max, windowSeconds] = readOptions(cfg[name], ['max', 'windowSeconds'], name)
    if (!Number.isInteger(max) || max < 0 || !Number.isInteger(windowSeconds) || windowSeconds < 1) {
      throw invalidArgument(name, { mustBe: `{ max, windowSeconds }: whole numbers (max 0${offWithFalse ? ', or false,' : ''} turns the limit off)` })
    }
    return [max, windowSeconds]
  }
  const [limitMax, limitWindow] = limitOf('phoneLimit', false)
  const [avatarMax, avatarWindow] = limitOf('avatarUploadLimit', true)
  const now = cfg.now || Date.now
  const store = cfg.store === undefined ? memoryStore({ now }) : cfg.store
  let storeOk
  try { storeOk = store !== null && typeof store === 'object' && ['get', 'set', 'incr'].every((op) => typeof store[op] === 'function') } catch { storeOk = false }
  if (!storeOk) throw invalidArgument('store', { mustBe: 'a store (memoryStore(), redisStore(…) or one of that shape)' })
  /**
   * Where the phone and avatar counters live: `store` when one was given;
   * else the cloud database (collection `weapp_login_limits`, created when
   * missing), shared by every instance, so no cold start resets them. Only
   * a `cloud` with no database (not wx-server-sdk) counts in memory.
   */
  let counterStore = cfg.store === undefined ? null : store
  const counters = () => {
    if (counterStore === null) counterStore = databaseCounters(cloud, now) || store
    return counterStore
  }

  /** The caller, as the platform injected it: `{ openid, unionid?, appId }`. */
  function caller () {
    let ctx
    try { ctx = getWXContext.call(cloud) } catch (cause) {
      throw fail('ERR_INTERNAL', 'cloud.getWXContext() failed', { cause })
    }
    const openid = ctx && ctx.OPENID
    if (typeof openid !== 'string' || openid === '') {
      throw fail('ERR_SESSION_NOT_FOUND', 'no calling user: call this function from the mini program (wx.cloud.callFunction)')
    }
    const appId = typeof ctx.APPID === 'string' ? ctx.APPID : ''
    const out = { openid, appId }
    if (typeof ctx.UNIONID === 'string' && ctx.UNIONID !== '') out.unionid = ctx.UNIONID
    return out
  }

  /**
   * Where a change to a record takes its turn (users.js: one change to a
   * user's record at a time, read, changed and written in its turn): the
   * store's locks (`<prefix><appId>:lock:user:<openid>`), across instances;
   * with a store of get, set and incr only, this instance's.
   */
  let locksOk
  try { locksOk = typeof store.lock === 'function' && typeof store.unlock === 'function' } catch { locksOk = false }
  const locks = locksOk ? store : memoryStore({ now })
  /**
   * The caller's user record, kept as createAuth keeps it (./auth/users.js:
   * `{ p, f, u, id? }`, and `a`: the avatar file this function uploaded),
   * under `<prefix><appId>:user:<openid>`.
   */
  const usersOf = (who) => {
    const keys = keysOf(cfg.prefix, who.appId)
    return createUsers({ store, core, fail, locks, keys: { user: () => keys.cloudUser(who.openid), userLock: () => keys.cloudUserLock(who.openid) } })
  }
  /** The record (a store fault is the answer, ERR_STORE_UNAVAILABLE: never an empty record written over the kept one). */
  const record = (who) => usersOf(who).get(who.openid)
  /** Changes the caller's record in their turn: `apply(r)` changes the record read in it. Answers the record written. */
  const change = (who, apply) => usersOf(who).change(who.openid, (r) => { apply(r); return true })

  /** Runs an app hook; its failure is ERR_HOOK_FAILED (retryable), never the app's own error text. */
  async function hook (name, ...args) {
    if (cfg[name] === undefined) return undefined
    try {
      return await cfg[name](...args)
    } catch (cause) {
      if (cause instanceof WeappLoginError) throw cause
      throw fail('ERR_HOOK_FAILED', `the app's ${name} hook failed`, { cause })
    }
  }

  /** The token's expiry (the core reads it); a token is optional (the OPENID is the identity) but, when sent, must be current. */
  function tokenExpiry (token) {
    if (token === undefined || token === null) return null
    return core.readCloudToken(token, now())
  }

  function text (value, field, max) {
    if (typeof value !== 'string' || value.trim() === '') throw invalidArgument(field, { mustBe: 'a non-empty string' })
    if (value.length > max) throw invalidArgument(field, { why: 'too long' })
    return value
  }

  /** A cloudID as the button gave it, or as the platform replaced a `wx.cloud.CloudID(…)`: its data is never trusted, only re-opened here. */
  function cloudIdOf (value) {
    let id = value
    if (value !== null && typeof value === 'object') {
      try { id = value.cloudID } catch { throw invalidArgument('cloudID', { why: 'could not be read' }) }
    }
    return text(id, 'cloudID', RULES.maxCloudIdLength)
  }

  /** A wx-server-sdk failure (`{ errCode, errMsg }`) as the core reads WeChat's errcode. */
  function sdkFailure (e, api) {
    const errcode = e !== null && typeof e === 'object' && Number.isInteger(e.errCode) ? e.errCode : null
    if (errcode === null || errcode === 0) return fail('ERR_UPSTREAM_API', `${api} failed`, { cause: e })
    const { code } = core.wechatError(errcode)
    return fail(code, `${api} failed (errCode ${errcode})`, { errcode, cause: e })
  }

  /** Calls a wx-server-sdk API, which may throw at once (not initialised) or reject. */
  async function sdk (api, fn) {
    try {
      return await fn()
    } catch (e) {
      throw sdkFailure(e, api)
    }
  }

  async function phoneByCode (code, who) {
    const res = await sdk('openapi.phonenumber.getPhoneNumber', () => cloud.openapi.phonenumber.getPhoneNumber({ code }))
    const info = res !== null && typeof res === 'object' ? res.phoneInfo : undefined
    return core.parsePhoneNumberReply({ errcode: 0, phone_info: info }, who.appId)
  }

  async function openData (cloudID) {
    const res = await sdk('getOpenData', () => cloud.getOpenData({ list: [cloudID] }))
    const item = res !== null && typeof res === 'object' && Array.isArray(res.list) ? res.list[0] : undefined
    if (item === null || typeof item !== 'object' || item.cloudID !== cloudID || item.data === null || typeof item.data !== 'object') {
      throw fail('ERR_PAYLOAD_SHAPE', 'getOpenData answered no data for this cloudID', { field: 'cloudID' })
    }
    return item.data
  }

  async function phoneByCloudId (cloudID, who) {
    return core.parsePhoneNumberReply({ errcode: 0, phone_info: await openData(cloudID) }, who.appId)
  }

  /** The chosen avatar (`{ base64 }`, as the client reads the chooseAvatar file) into cloud storage: its file ID. */
  async function uploadFile (who, avatar) {
    const [base64] = readOptions(avatar, ['base64'], 'avatar')
    if (typeof base64 !== 'string' || base64.length > Math.ceil(AVATAR_LIMIT_BYTES / 3) * 4 + 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
      throw invalidArgument('avatar.base64', { mustBe: `base64 of an image of at most ${AVATAR_LIMIT_BYTES} bytes` })
    }
    const bytes = Buffer.from(base64, 'base64')
    const type = imageType(bytes)
    if (type === null) throw invalidArgument('avatar.base64', { why: 'not a jpeg, png, webp or gif image' })
    if (avatarMax !== 0 && await counters().incr(keysOf(cfg.prefix, who.appId).cloudAvatarLimit(who.openid), avatarWindow) > avatarMax) {
      throw fail('ERR_RATE_LIMITED', 'too many avatar uploads; slow down', { retryAfter: avatarWindow })
    }
    const name = crypto.createHash('sha256').update(`weapp-login:avatar:${who.openid}`).digest('base64url').slice(0, 16)
    const cloudPath = `weapp-login/avatars/${name}-${crypto.randomBytes(6).toString('base64url')}.${IMAGE_TYPES[type]}`
    const res = await sdk('uploadFile', () => cloud.uploadFile({ cloudPath, fileContent: bytes }))
    if (res === null || typeof res !== 'object' || typeof res.fileID !== 'string' || res.fileID === '') {
      throw fail('ERR_PAYLOAD_SHAPE', 'uploadFile answered no fileID')
    }
    return res.fileID
  }

  /** Deletes cloud files this function uploaded and no longer uses; a failure leaves the file (nothing to answer for). */
  async function deleteFiles (fileIDs) {
    const list = fileIDs.filter((id) => typeof id === 'string' && id !== '')
    if (list.length === 0) return
    try { await cloud.deleteFile({ fileList: list }) } catch { /* kept: the next upload tries no more */ }
  }

  /**
   * Uploads the avatar, then runs `keep(fileID)` (the hooks and the record
   * write, answering the record written). The user has one uploaded file:
   * the record's `a` names it, the previous one is deleted once the record
   * names the new one, and the new one is deleted if keeping it failed.
   */
  async function replaceAvatar (who, avatar, keep) {
    const fileID = await uploadFile(who, avatar)
    let r
    try {
      r = await keep(fileID)
    } catch (e) {
      await deleteFiles([fileID])
      throw e
    }
    return r
  }

  /** `getPhoneNumber` is paid per success: at most `phoneLimit.max` tries per user per window. */
  async function checkPhoneLimit (who) {
    if (limitMax === 0) return
    const n = await counters().incr(keysOf(cfg.prefix, who.appId).cloudPhoneLimit(who.openid), limitWindow)
    if (n > limitMax) throw fail('ERR_RATE_LIMITED', 'too many phone number requests; slow down', { retryAfter: limitWindow })
  }

  const actions = {
    async login (who) {
      const app = await hook('onLogin', who.unionid === undefined ? { openid: who.openid } : { openid: who.openid, unionid: who.unionid })
      let answered = false
      let userId, user
      if (app !== undefined && app !== null) {
        [userId, user] = readOptions(app, ['userId', 'user'], 'onLogin result')
        if (userId !== undefined && typeof userId !== 'string' && typeof userId !== 'number') throw fail('ERR_HOOK_FAILED', 'onLogin returned a userId that is not a string or number')
        if (user !== undefined && (user === null || typeof user !== 'object' || Array.isArray(user))) throw fail('ERR_HOOK_FAILED', 'onLogin returned a user that is not an object')
        answered = true
      }
      // Written at every sign-in (the record lives a year past its last write).
      const r = await change(who, (kept) => {
        if (!answered) return
        if (userId === undefined) delete kept.id; else kept.id = userId
        if (user !== undefined) kept.u = user // the app's record wins at sign-in
      })
      const expiresAt = now() + cfg.sessionTtlSeconds * 1000
      const token = core.cloudToken(expiresAt, crypto.randomBytes(16).toString('base64url'))
      const out = { token, openid: who.openid }
      if (who.unionid !== undefined) out.unionid = who.unionid
      Object.assign(out, { expiresAt, profile: r.f === true, phone: r.p === true, user: r.u })
      if (r.id !== undefined) out.userId = r.id
      return out
    },

    async phone (who, event) {
      const [code, cloudIdValue, encryptedData] = readOptions(event, ['code', 'cloudID', 'encryptedData'], 'data')
      if (code === undefined && cloudIdValue === undefined) {
        throw invalidArgument(encryptedData === undefined ? 'code' : 'cloudID', { why: 'needed: send the button\'s code (or its cloudID; the encrypted pair needs a session key a cloud function does not have)' })
      }
      await checkPhoneLimit(who)
      let phone
      if (code !== undefined) {
        try {
          phone = await phoneByCode(text(code, 'code', RULES.maxPhoneCodeLength), who)
        } catch (e) {
          if (cloudIdValue === undefined) throw e
        }
      }
      if (phone === undefined) phone = await phoneByCloudId(cloudIdOf(cloudIdValue), who)
      const out = { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode }
      await hook('onPhone', who.openid, { ...out })
      const r = await change(who, (kept) => {
        kept.p = true
        kept.u.phoneNumber = phone.masked // the core's rule, as createAuth's
      })
      return { ...out, user: r.u }
    },

    async profile (who, event) {
      const [nickName, avatarUrl, cloudIdValue, avatar] = readOptions(event, ['nickName', 'avatarUrl', 'cloudID', 'avatar'], 'data')
      const info = {}
      let opened = null
      if (cloudIdValue !== undefined) {
        // The legacy getUserInfo / getUserProfile cloudID, opened here and checked by the core for this caller.
        opened = core.openUserInfo(await openData(cloudIdOf(cloudIdValue)), who.appId, who.openid, undefined)
        delete opened.watermark
        if (opened.nickName !== '') info.nickName = opened.nickName
        if (opened.avatarUrl !== '') info.avatarUrl = opened.avatarUrl
      }
      // The core's cloud profile rules: a nickname trimmed, an avatar a cloud:// file ID or an https URL.
      if (nickName !== undefined) info.nickName = core.checkCloudNickname(nickName)
      if (avatarUrl !== undefined) info.avatarUrl = core.checkCloudAvatarUrl(avatarUrl)
      if (avatar === undefined && Object.keys(info).length === 0 && opened === null) throw invalidArgument('data', { why: 'needs nickName, avatarUrl, avatar or cloudID' })
      const save = async (fileID) => {
        if (fileID !== undefined) info.avatarUrl = fileID
        const userInfo = opened === null ? info : { ...opened, ...info }
        await hook('onProfile', who.openid, { ...userInfo })
        let replaced
        const r = await change(who, (kept) => {
          replaced = fileID === undefined ? undefined : kept.a
          kept.f = true
          Object.assign(kept.u, info)
          if (fileID !== undefined) kept.a = fileID
        })
        if (replaced !== fileID) await deleteFiles([replaced])
        return { userInfo, user: r.u }
      }
      return avatar === undefined ? save(undefined) : replaceAvatar(who, avatar, save)
    },

    /** The contract's `POST /avatar`, over the cloud: `{ base64 }` (the chosen file, read) → `{ avatarUrl, user }`. */
    async avatar (who, event) {
      const [base64] = readOptions(event, ['base64'], 'data')
      return replaceAvatar(who, { base64 }, async (avatarUrl) => {
        await hook('onProfile', who.openid, { avatarUrl })
        let replaced
        const r = await change(who, (kept) => {
          replaced = kept.a
          kept.u.avatarUrl = avatarUrl
          kept.a = avatarUrl
        })
        if (replaced !== avatarUrl) await deleteFiles([replaced])
        return { avatarUrl, user: r.u }
      })
    },

    async me (who, event, expiry) {
      const r = await record(who)
      const out = { openid: who.openid }
      if (who.unionid !== undefined) out.unionid = who.unionid
      if (r.id !== undefined) out.userId = r.id
      out.expiresAt = expiry === null ? now() + cfg.sessionTtlSeconds * 1000 : expiry
      out.user = r.u
      return out
    },

    async logout () {
      return {} // nothing to revoke: the platform vouches for every call; the client forgets its token
    }
  }

  /** One action, throwing: `{ action, token?, ...body }` → its answer. */
  async function run (event) {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) throw invalidArgument('event', { mustBe: 'an object' })
    const [action, token] = readOptions(event, ['action', 'token'], 'event')
    if (!ACTIONS.includes(action)) throw invalidArgument('action', { mustBe: `one of ${ACTIONS.join(', ')}` })
    const who = caller()
    const expiry = action === 'login' || action === 'logout' ? null : tokenExpiry(token)
    return actions[action](who, event, expiry)
  }

  /** The answer as a value: never a throw, never a secret. */
  function answerFor (e) {
    const err = asWeappLoginError(e)
    const error = { code: err.code, message: err.message, retryable: err.retryable }
    if (err.errcode !== undefined) error.errcode = err.errcode
    if (err.retryAfter !== undefined) error.retryAfter = err.retryAfter // seconds: a limit's window, a user's turn
    return { error }
  }

  return {
    /**
     * The cloud function's entry: `exports.main = auth.main`.
     * @param {{ action: string, token?: string }} event what `wx.cloud.callFunction({ data })` sent
     * @returns {Promise<object>} `{ ok: true, ... }` or `{ error: { code, message, retryable } }`
     */
    main: async (event, context) => {
      try {
        return { ok: true, ...(await run(event)) }
      } catch (e) {
        return answerFor(e)
      }
    },
    /** The same actions, throwing WeappLoginErrors: `run({ action: 'me' })`. */
    run,
    /** The store in use. */
    store
  }
}

/**
 * The collection the counters use when no store is given: their own (one
 * document per user and counter, reused when its window has passed).
 */
const COUNTERS_COLLECTION = 'weapp_login_limits'

/**
 * Counters on the cloud database (`{ incr }`), the collection created on
 * first use when it is missing; null when `cloud` has no database.
 */
function databaseCounters (cloud, now) {
  let db
  let base
  try {
    db = typeof cloud.database === 'function' ? cloud.database() : null
    base = db === null ? null : cloudDatabaseStore({ db, collection: COUNTERS_COLLECTION, now })
  } catch { return null }
  if (base === null) return null
  let creating = null
  const missing = (e) => e !== null && typeof e === 'object' && e.cause !== null && typeof e.cause === 'object' && e.cause.errCode === NO_COLLECTION
  return {
    async incr (key, ttlSeconds) {
      try {
        return await base.incr(key, ttlSeconds)
      } catch (e) {
        if (!missing(e) || typeof db.createCollection !== 'function') throw e
        // Created once (another instance may be creating it too: its error is no matter).
        if (creating === null) creating = Promise.resolve().then(() => db.createCollection(COUNTERS_COLLECTION)).catch(() => {})
        await creating
        return base.incr(key, ttlSeconds)
      }
    }
  }
}

module.exports = { createCloudAuthWith }
