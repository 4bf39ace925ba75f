'use strict'
// The Node entry of weapp-login (CommonJS; index.mjs re-exports it for ESM).
// Everything here converts arguments and calls the Rust core; the core decides.

const { randomFillSync } = require('crypto')
const core = require('./loader/server')
const { readOptions } = require('./options')
const { WeappLoginError, isWeappLoginError, errorCodes, invalidArgument } = require('./errors')
const { createAuthOn } = require('./server')
const { memoryStore } = require('./stores/memory')

// What a server may never use is loaded on first use, so that `require`
// (a cloud function's cold start) reads only what signs users in: the
// client and its core, the cloud function's auth, the Redis and cloud
// database stores, the Koa and Fastify adapters.
/** The client and its core (the client build, for Node). */
const clientCore = () => require('./loader/client-node')
/** @type {typeof import('./stores/redis.js').redisStore} */
const redisStore = (options) => require('./stores/redis').redisStore(options)
/** @type {typeof import('./stores/cloud-database.js').cloudDatabaseStore} */
const cloudDatabaseStore = (options) => require('./stores/cloud-database').cloudDatabaseStore(options)
/** @type {typeof import('./server/http/adapters.js').toKoa} */
const toKoa = (middleware) => require('./server/http/adapters').toKoa(middleware)
/** @type {typeof import('./server/http/adapters.js').toFastify} */
const toFastify = (middleware) => require('./server/http/adapters').toFastify(middleware)

/**
 * @import { DecryptOptions, PhoneNumber, UserInfo, Watermark, Code2Session, PhoneEvent, ErrorCodeInfo } from './types.mjs'
 * @import { ErrorCode } from '../dist/error-code.mjs'
 * @import { LoginClientOptions, LoginClient, Transition } from './client/types.mjs'
 * @import { AuthOptions, Auth, CloudAuthOptions, CloudAuth } from './server/types.mjs'
 */

const DECRYPT_FIELDS = ['appId', 'sessionKey', 'iv', 'encryptedData', 'now', 'maxAgeSeconds', 'platform', 'appKey']
/** The platforms that sign rawData with the session key (rules.json `platforms`). */
const SIGNS_RAW_DATA = new Set(require('../dist/rules.json').platforms.filter((p) => p.signedRawData).map((p) => p.name))

/**
 * The three decrypt functions: one session key through the core's decrypt.
 * `kind`: `data`, `phone` or `userinfo`. Another platform's payload
 * (`platform`: qq, toutiao, kuaishou, baidu) opens by its rules, as JSON.
 */
function decrypt (kind, options) {
  const [appId, sessionKey, iv, encryptedData, now, maxAge, platform, appKey] = readOptions(options, DECRYPT_FIELDS)
  if (platform !== undefined && platform !== 'weixin') {
    if (typeof platform !== 'string') throw invalidArgument('platform', { mustBe: 'a platform name' })
    return JSON.parse(core.decryptPlatform(platform, kind, sessionKey, appId, appKey, iv, encryptedData, now, maxAge))
  }
  // Arguments that have their types cross typed (a cheaper crossing); any
  // other goes as it is, for the core's typed error naming it.
  const text = typeof sessionKey === 'string' && typeof appId === 'string' && typeof iv === 'string' && typeof encryptedData === 'string' &&
    (now === undefined || typeof now === 'number') && (maxAge === undefined || typeof maxAge === 'number')
    ? core.decryptTyped(kind, sessionKey, appId, iv, encryptedData, now, maxAge)
    : core.decrypt(kind, sessionKey, appId, iv, encryptedData, now, maxAge)
  // Any payload comes back as its JSON text (JSON.parse keeps `__proto__` a
  // plain key); a phone number or user info as its values, packed.
  return kind === 'data' ? JSON.parse(text) : PAYLOADS[kind](unpack(text))
}

/**
 * The values of a packed answer (`Packed` in wasm/src/server/public_api.rs):
 * a header of each value's length in UTF-16 units (empty: absent), `;`, then
 * the values one after another. Cut, not parsed: cheaper than `JSON.parse`.
 * @param {string} text
 * @returns {(string | undefined)[]}
 */
function unpack (text) {
  const values = []
  const end = text.indexOf(';')
  let at = end + 1 // where the next value starts
  let length = -1 // the entry's length so far; -1 while it has no digit
  for (let i = 0; i <= end; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      length = (length < 0 ? 0 : length * 10) + c - 48
      continue
    }
    // `,` or the final `;`: the entry is complete.
    values.push(length < 0 ? undefined : text.slice(at, at += length))
    length = -1
  }
  return values
}

/** The typed payloads from their packed values, in the core's order (`open` in public_api.rs). */
const PAYLOADS = {
  /** @returns {import('./types.mjs').PhoneNumber} */
  phone: (v) => ({ phoneNumber: v[0], purePhoneNumber: v[1], countryCode: v[2], watermark: { appid: v[3], timestamp: Number(v[4]) } }),
  /** @returns {import('./types.mjs').UserInfo} */
  userinfo (v) {
    const info = { openId: v[0], nickName: v[1], gender: Number(v[2]), language: v[3], city: v[4], province: v[5], country: v[6], avatarUrl: v[7] }
    if (v[8] !== undefined) info.unionId = v[8]
    info.watermark = { appid: v[9], timestamp: Number(v[10]) }
    return info
  }
}

/**
 * Opens any encrypted payload (user info, phone, WeRun…) and checks its watermark.
 * @example
 * const { stepInfoList } = decryptData({ appId, sessionKey, iv, encryptedData })
 * @param {DecryptOptions} options
 * @returns {Record<string, unknown> & { watermark: Watermark }}
 */
function decryptData (options) {
  return decrypt('data', options)
}

/**
 * Opens the getPhoneNumber button's encrypted data and checks its shape.
 * @example
 * const { phoneNumber, countryCode } = decryptPhoneNumber({ appId, sessionKey, iv, encryptedData })
 * @param {DecryptOptions} options
 * @returns {PhoneNumber}
 */
function decryptPhoneNumber (options) {
  return decrypt('phone', options)
}

/**
 * Opens encrypted user info (getUserInfo / getUserProfile); `openId` is required.
 * @example
 * const { openId, nickName } = decryptUserInfo({ appId, sessionKey, iv, encryptedData })
 * @param {DecryptOptions} options
 * @returns {UserInfo}
 */
function decryptUserInfo (options) {
  return decrypt('userinfo', options)
}

/**
 * Checks `signature === sha1(rawData + sessionKey)` in constant time: WeChat's,
 * QQ's, Douyin's and Kuaishou's signature (`platform`, default `weixin`);
 * Baidu signs nothing this way (ERR_INVALID_ARGUMENT, field `platform`).
 * @example
 * if (!verifySignature({ rawData, signature, sessionKey })) throw new Error('tampered')
 * @param {{ rawData: string, signature: string, sessionKey: string, platform?: string }} options
 * @returns {boolean}
 */
function verifySignature (options) {
  const [rawData, signature, sessionKey, platform] = readOptions(options, ['rawData', 'signature', 'sessionKey', 'platform'])
  if (platform !== undefined && (typeof platform !== 'string' || !SIGNS_RAW_DATA.has(core.platformName(platform)))) throw invalidArgument('platform', { why: 'this platform does not sign rawData with the session key' })
  return core.verifySignature(rawData, signature, sessionKey)
}

/**
 * `hmac_sha256(key = sessionKey text, "")` in hex: the signature `/wxa/checksession` wants.
 * @example
 * const signature = sessionKeySignature(sessionKey)
 * @param {string} sessionKey
 * @returns {string}
 */
function sessionKeySignature (sessionKey) {
  return core.sessionKeySignature(sessionKey)
}

/**
 * Seals data as WeChat does (watermark included). For emulators and tests.
 * @example
 * const { encryptedData, iv } = encryptData({ appId, sessionKey, data: { phoneNumber: '13800138000' } })
 * @param {{ appId: string, sessionKey: string, data: Record<string, unknown>, iv?: string, timestamp?: number }} options
 *   `iv`: base64 of 16 bytes, random when absent; `timestamp`: seconds since the epoch, the clock when absent.
 * @returns {{ encryptedData: string, iv: string }}
 */
function encryptData (options) {
  const [appId, sessionKey, data, iv, timestamp] = readOptions(options, ['appId', 'sessionKey', 'data', 'iv', 'timestamp'])
  return core.encryptData(appId, sessionKey, data, iv, timestamp, randomFillSync(new Uint8Array(16)))
}

/**
 * Reads a `jscode2session` answer (object or JSON text); throws WeChat's error
 * (`ERR_CODE_USED`, …) for a non-zero errcode.
 * @example
 * const { openid, sessionKey, unionid } = parseCode2Session(await res.json())
 * @param {unknown} body
 * @returns {Code2Session}
 */
function parseCode2Session (body) {
  return core.parseCode2Session(body)
}

/**
 * Reads the `bindgetphonenumber` event's `detail` (the whole event works too).
 * @example
 * const ev = parsePhoneEvent(e.detail) // { kind: 'code', code } or { kind: 'encrypted', encryptedData, iv }
 * if (ev.kind === 'code') await post('/phone', { code: ev.code })
 * @param {unknown} detail
 * @returns {PhoneEvent}
 */
function parsePhoneEvent (detail) {
  return core.parsePhoneEvent(detail)
}

/**
 * The `{ code, retryable }` of a WeChat errcode.
 * @example
 * wechatError(40163) // { code: 'ERR_CODE_USED', retryable: false }
 * @param {number} errcode
 * @returns {{ code: ErrorCode, retryable: boolean }}
 */
function wechatError (errcode) {
  return core.wechatError(errcode)
}

/**
 * The mini program login client, here driven by any `wx`-shaped object (the
 * emulator's, or a test double). In a mini program the package's
 * `miniprogram_dist` build is used instead; the API is the same.
 * @example
 * const client = createLoginClient({ wx, baseUrl: 'http://127.0.0.1:8080/api', appId })
 * const { openid } = await client.login()
 * @param {LoginClientOptions} options
 * @returns {LoginClient}
 */
function createLoginClient (options) {
  return require('./client').createLoginClientWith(clientCore(), options)
}

/**
 * The login state machine's transitions `[{ from, event, to }]`, for drawing it
 * (in the mini program and browser builds this returns a Promise, as the wasm
 * loads asynchronously).
 * @example
 * transitions().filter((t) => t.from === 'signedIn')
 * @returns {Transition[]}
 */
function transitions () {
  return clientCore().transitions()
}

/**
 * The developer server's side: code exchange, sessions, phone numbers, profiles.
 * @example
 * const auth = createAuth({ appId, appSecret, store: redisStore({ url: process.env.REDIS_URL }) })
 * http.createServer(auth.handler()).listen(8080)
 * @param {AuthOptions} options
 * @returns {Auth}
 */
function createAuth (options) {
  return createAuthOn(core, options)
}

/**
 * The login flow in a WeChat Cloud Development cloud function: the caller's
 * identity from `cloud.getWXContext()` (no AppSecret, no code2Session), phone
 * numbers from `cloud.openapi.phonenumber.getPhoneNumber` or a cloudID.
 * `main` answers `{ ok: true, ... }` or `{ error: { code, message, retryable } }`
 * and never throws; the client reaches it with `createLoginClient({ wx, appId, cloud: { name } })`.
 * @example
 * const cloud = require('wx-server-sdk')
 * cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
 * exports.main = createCloudAuth({ cloud }).main
 * @param {CloudAuthOptions} options
 * @returns {CloudAuth}
 */
function createCloudAuth (options) {
  return require('./server/cloud/cloud-auth').createCloudAuthWith(core, options)
}

/**
 * @type {{
 *   WeappLoginError: import('./types.mjs').WeappLoginErrorClass,
 *   isWeappLoginError: typeof isWeappLoginError,
 *   createAuth: typeof createAuth,
 *   createCloudAuth: typeof createCloudAuth,
 *   memoryStore: typeof import('./stores/memory.js').memoryStore,
 *   redisStore: typeof import('./stores/redis.js').redisStore,
 *   cloudDatabaseStore: typeof import('./stores/cloud-database.js').cloudDatabaseStore,
 *   toKoa: typeof import('./server/http/adapters.js').toKoa,
 *   toFastify: typeof import('./server/http/adapters.js').toFastify,
 *   createLoginClient: typeof createLoginClient,
 *   transitions: typeof transitions,
 *   decryptData: typeof decryptData,
 *   decryptPhoneNumber: typeof decryptPhoneNumber,
 *   decryptUserInfo: typeof decryptUserInfo,
 *   verifySignature: typeof verifySignature,
 *   sessionKeySignature: typeof sessionKeySignature,
 *   encryptData: typeof encryptData,
 *   parseCode2Session: typeof parseCode2Session,
 *   parsePhoneEvent: typeof parsePhoneEvent,
 *   wechatError: typeof wechatError,
 *   errorCodes: typeof errorCodes
 * }}
 */
module.exports = {
  WeappLoginError,
  isWeappLoginError,
  createAuth,
  createCloudAuth,
  memoryStore,
  redisStore,
  cloudDatabaseStore,
  toKoa,
  toFastify,
  createLoginClient,
  transitions,
  decryptData,
  decryptPhoneNumber,
  decryptUserInfo,
  verifySignature,
  sessionKeySignature,
  encryptData,
  parseCode2Session,
  parsePhoneEvent,
  wechatError,
  errorCodes
}
