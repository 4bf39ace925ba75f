'use strict'
// The Node entry of weapp-login (CommonJS; index.mjs re-exports it for ESM).
// Everything here converts arguments and calls the Rust core; the core decides.

const { randomFillSync } = require('crypto')
const core = require('./loader/server')
const clientCore = require('./loader/client-node')
const { readOptions } = require('./core')
const { WeappLoginError } = require('./errors')
const { createLoginClientWith } = require('./client')
const { createAuthOn } = require('./server')
const { createCloudAuthWith } = require('./server/cloud/cloud-auth')
const { memoryStore } = require('./stores/memory')
const { redisStore } = require('./stores/redis')
const { cloudDatabaseStore } = require('./stores/cloud-database')
const { toKoa, toFastify } = require('./server/http/adapters')

const DECRYPT_FIELDS = ['appId', 'sessionKey', 'iv', 'encryptedData', 'now', 'maxAgeSeconds']

/**
 * The three decrypt functions: one session key through the core's decrypt.
 * `kind`: `data`, `phone` or `userinfo`.
 */
function decrypt (kind, options) {
  const [appId, sessionKey, iv, encryptedData, now, maxAge] = readOptions(options, DECRYPT_FIELDS)
  const answer = core.decrypt(kind, sessionKey, appId, core.textArgument(iv), core.textArgument(encryptedData), now, maxAge)
  // Any payload comes back as its JSON text: JSON.parse keeps `__proto__` a plain key.
  return kind === 'data' ? JSON.parse(answer) : answer
}

/**
 * Opens any encrypted payload (user info, phone, WeRun…) and checks its watermark.
 * @example
 * const data = decryptData({ appId, sessionKey, iv, encryptedData })
 */
function decryptData (options) {
  return decrypt('data', options)
}

/**
 * Opens the getPhoneNumber button's encrypted data.
 * @example
 * const { phoneNumber, countryCode } = decryptPhoneNumber({ appId, sessionKey, iv, encryptedData })
 */
function decryptPhoneNumber (options) {
  return decrypt('phone', options)
}

/**
 * Opens encrypted user info (getUserInfo / getUserProfile).
 * @example
 * const { openId, nickName } = decryptUserInfo({ appId, sessionKey, iv, encryptedData })
 */
function decryptUserInfo (options) {
  return decrypt('userinfo', options)
}

/**
 * Checks `signature === sha1(rawData + sessionKey)` in constant time.
 * @example
 * if (!verifySignature({ rawData, signature, sessionKey })) throw new Error('tampered')
 */
function verifySignature (options) {
  return core.verifySignature(...readOptions(options, ['rawData', 'signature', 'sessionKey']))
}

/**
 * `hmac_sha256(sessionKey, '')` in hex: the signature `/wxa/checksession` wants.
 * @example
 * const signature = sessionKeySignature(sessionKey)
 */
function sessionKeySignature (sessionKey) {
  return core.sessionKeySignature(sessionKey)
}

/**
 * Seals data as WeChat does (watermark included). For emulators and tests.
 * @example
 * const { encryptedData, iv } = encryptData({ appId, sessionKey, data: { phoneNumber: '13800138000' } })
 */
function encryptData (options) {
  const [appId, sessionKey, data, iv, timestamp] = readOptions(options, ['appId', 'sessionKey', 'data', 'iv', 'timestamp'])
  return core.encryptData(appId, sessionKey, data, iv, timestamp, randomFillSync(new Uint8Array(16)))
}

/**
 * Reads a `jscode2session` answer (object or JSON text); throws WeChat's error for an errcode.
 * @example
 * const { openid, sessionKey, unionid } = parseCode2Session(await res.json())
 */
function parseCode2Session (body) {
  return core.parseCode2Session(body)
}

/**
 * Reads the `bindgetphonenumber` event's `detail`.
 * @example
 * const ev = parsePhoneEvent(e.detail) // { kind: 'code', code } or { kind: 'encrypted', encryptedData, iv }
 */
function parsePhoneEvent (detail) {
  return core.parsePhoneEvent(detail)
}

/**
 * The `{ code, retryable }` of a WeChat errcode.
 * @example
 * wechatError(40163) // { code: 'ERR_CODE_USED', retryable: false }
 */
function wechatError (errcode) {
  return core.wechatError(errcode)
}

/**
 * Every error code with `retryable`, `httpStatus` and a description.
 * @example
 * errorCodes().find((e) => e.code === 'ERR_RATE_LIMITED').httpStatus // 429
 */
function errorCodes () {
  return core.errorCodes()
}

/**
 * The mini program login client, here driven by any `wx`-shaped object (the
 * emulator's, or a test double). In a mini program the package's
 * `miniprogram_dist` build is used instead; the API is the same.
 * @example
 * const client = createLoginClient({ wx, baseUrl: 'http://127.0.0.1:8080/api', appId })
 * const { openid } = await client.login()
 */
function createLoginClient (options) {
  return createLoginClientWith(clientCore, options)
}

/**
 * The login state machine's transitions `[{ from, event, to }]`, for drawing it.
 * @example
 * transitions().filter((t) => t.from === 'signedIn')
 */
function transitions () {
  return clientCore.transitions()
}

/**
 * The developer server's side: code exchange, sessions, phone numbers, profiles.
 * @example
 * const auth = createAuth({ appId, appSecret, store: redisStore({ url: process.env.REDIS_URL }) })
 * http.createServer(auth.handler()).listen(8080)
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
 */
function createCloudAuth (options) {
  return createCloudAuthWith(core, options)
}

module.exports = {
  WeappLoginError,
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
