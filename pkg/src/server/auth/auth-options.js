'use strict'
// createAuth's options, checked when given: type, range, and unknown names
// (refused with the name). A bad option fails at startup, not at the first
// request.

const { invalidArgument } = require('../../errors')
const { fields, integer, string, fn, bool, orFalse, orNull, url } = require('../../options')

/** The operations a store must have (see memoryStore). */
const STORE_OPERATIONS = ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'close']

function store (v, name) {
  if (v === null || typeof v !== 'object') throw invalidArgument(name, { mustBe: 'a store (memoryStore(), redisStore(…))' })
  for (const op of STORE_OPERATIONS) {
    let f
    try { f = v[op] } catch { f = undefined }
    if (typeof f !== 'function') throw invalidArgument(`${name}.${op}`, { mustBe: 'a function: not a store (see memoryStore)' })
  }
  return v
}

function logger (v, name) {
  if (v === null || typeof v !== 'object') throw invalidArgument(name, { mustBe: 'a pino-compatible logger' })
  for (const level of ['info', 'warn', 'error']) {
    let f
    try { f = v[level] } catch { f = undefined }
    if (typeof f !== 'function') throw invalidArgument(`${name}.${level}`, { mustBe: 'a function' })
  }
  return v
}

function limit (v, name) {
  const { max, windowSeconds } = fields(v, name, { max: integer(1, 1e6), windowSeconds: integer(1, 86400) })
  if (max === undefined) throw invalidArgument(`${name}.max`)
  return { max, windowSeconds: windowSeconds === undefined ? 60 : windowSeconds }
}

/**
 * The store key prefix: at most 64 characters, no white space, and no hash
 * tag braces (a `{` or `}` would move every key's Redis Cluster slot onto
 * the prefix: one slot for all, and the per-user tags ignored).
 */
function prefix (v, name) {
  string(0, 64, /^[^\s]*$/)(v, name)
  if (/[{}]/.test(v)) throw invalidArgument(name, { why: 'has { or }: a Redis Cluster hash tag in the prefix would put every key in one slot' })
  return v
}

/** createAuth's options: name → check. */
const AUTH = {
  platform: string(1, 32),
  appId: string(1, 64, /^[A-Za-z0-9_-]+$/),
  appSecret: string(1, 256),
  appKey: string(1, 256),
  privateKey: string(1, 16384),
  alipayPublicKey: string(1, 16384),
  encryptKey: string(1, 1024),
  phonePrivateKey: string(1, 16384),
  store,
  apiBase: url,
  fetch: fn,
  now: fn,
  logger,
  sessionTtlSeconds: integer(60, 366 * 24 * 3600),
  maxSessionsPerUser: orFalse(integer(1, 10000)),
  keyRingSize: integer(1, 10),
  keyGraceSeconds: integer(0, 30 * 24 * 3600),
  maxAgeSeconds: orNull(integer(0, 30 * 24 * 3600)),
  timeoutMs: integer(50, 120000),
  retries: integer(0, 5),
  retryBaseMs: integer(1, 60000),
  retryMaxMs: integer(1, 60000),
  prefix,
  phoneLimit: orFalse(limit),
  avatarUploadLimit: orFalse(limit),
  avatarStore: store,
  upstreamLoginBudget: orFalse(limit),
  rememberRefusedCodes: bool,
  forcedRefreshCooldownSeconds: integer(30, 24 * 3600),
  avatarLimitBytes: integer(1, 10 * 1024 * 1024),
  avatarBaseUrl: string(0, 2048),
  onLogin: fn,
  onPhone: fn,
  onProfile: fn,
  onAvatar: fn
}

/**
 * The credentials some platforms take besides appId (and appSecret): rules.json
 * `platforms[].extraCredentials` (required) and `optionalCredentials`.
 */
const EXTRA_CREDENTIALS = ['appKey', 'privateKey', 'alipayPublicKey', 'encryptKey', 'phonePrivateKey']

/**
 * The platform's credentials: appId always, appSecret where its rules say
 * (every platform but Alipay), and the ones its rules add (Baidu: appKey;
 * Alipay: privateKey and alipayPublicKey) or allow (Douyin: phonePrivateKey;
 * Alipay: encryptKey); one it does not take, given, is refused, each error
 * naming the platform. The keys themselves are read when the upstream client
 * is made (the core reads their form, node:crypto loads them).
 */
function credentials (given, rules) {
  const name = rules.name
  if (given.appId === undefined) throw invalidArgument('appId', { mustBe: `your ${name} app's appid` })
  if (rules.appSecret && given.appSecret === undefined) throw invalidArgument('appSecret', { mustBe: `your ${name} app's secret` })
  if (!rules.appSecret && given.appSecret !== undefined) throw invalidArgument('appSecret', { why: `${name} does not take it (its requests are signed with privateKey)` })
  for (const extra of EXTRA_CREDENTIALS) {
    const wanted = rules.extraCredentials.includes(extra)
    const allowed = wanted || rules.optionalCredentials.includes(extra)
    if (wanted && given[extra] === undefined) throw invalidArgument(extra, { mustBe: `your ${name} app's ${extra}` })
    if (!allowed && given[extra] !== undefined) throw invalidArgument(extra, { why: `${name} does not take it` })
  }
}

/**
 * createAuth's options, checked, over the defaults. `platformRules(name)`
 * is the core's check of a platform's name and its rules (rules.json
 * `platforms`); a platform whose rules say `createAuth` does not serve it is refused.
 */
function readAuthOptions (options, defaults, platformRules) {
  if (options === undefined) throw invalidArgument('options')
  const given = fields(options, 'options', AUTH)
  const rules = platformRules(given.platform === undefined ? defaults.platform : given.platform)
  if (!rules.available) throw invalidArgument('platform', { why: `${rules.name} is not served by createAuth` })
  credentials(given, rules)
  // Where a phone code is exchanged when it is not on apiBase's origin (Douyin's): apiBase when given.
  const phoneApiBase = given.apiBase !== undefined || rules.phoneCodeApiBase === '' ? undefined : rules.phoneCodeApiBase
  const cfg = { ...defaults, apiBase: rules.apiBase, phoneApiBase, ...given, platform: rules.name }
  if (cfg.retryMaxMs < cfg.retryBaseMs) throw invalidArgument('retryMaxMs', { why: 'below retryBaseMs' })
  return cfg
}

module.exports = { readAuthOptions, STORE_OPERATIONS, prefix }
