'use strict'
// createAuth's options, checked when given: type, range, and unknown names
// (refused with the name). A bad option fails at startup, not at the first
// request.

const { WeappLoginError } = require('../../errors')

const invalid = (field, message) => new WeappLoginError('ERR_INVALID_ARGUMENT', `invalid argument (\`${field}\` ${message})`, { field })

/** The operations a store must have (see memoryStore). */
const STORE_OPERATIONS = ['get', 'set', 'setMany', 'delete', 'deleteMany', 'incr', 'lock', 'unlock', 'addCapped', 'removeMember', 'takeMembers', 'close']

const integer = (min, max) => (v, name) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(name, 'must be an integer')
  if (v < min || v > max) throw invalid(name, `must be from ${min} to ${max}`)
  return v
}
const string = (min, max, pattern) => (v, name) => {
  if (typeof v !== 'string') throw invalid(name, 'must be a string')
  if (v.length < min || v.length > max) throw invalid(name, `must be ${min} to ${max} characters`)
  if (pattern && !pattern.test(v)) throw invalid(name, `must match ${pattern}`)
  return v
}
const fn = (v, name) => { if (typeof v !== 'function') throw invalid(name, 'must be a function'); return v }
const bool = (v, name) => { if (typeof v !== 'boolean') throw invalid(name, 'must be true or false'); return v }
const orFalse = (check) => (v, name) => v === false ? false : check(v, name)
const orNull = (check) => (v, name) => v === null ? null : check(v, name)

function url (v, name) {
  string(1, 2048)(v, name)
  let u
  try { u = new URL(v) } catch { throw invalid(name, 'must be an http(s) URL') }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid(name, 'must be an http(s) URL')
  return v
}

function store (v, name) {
  if (v === null || typeof v !== 'object') throw invalid(name, 'must be a store (memoryStore(), redisStore(…))')
  for (const op of STORE_OPERATIONS) {
    let f
    try { f = v[op] } catch { f = undefined }
    if (typeof f !== 'function') throw invalid(`${name}.${op}`, 'must be a function: not a store (see memoryStore)')
  }
  return v
}

function logger (v, name) {
  if (v === null || typeof v !== 'object') throw invalid(name, 'must be a pino-compatible logger')
  for (const level of ['info', 'warn', 'error']) {
    let f
    try { f = v[level] } catch { f = undefined }
    if (typeof f !== 'function') throw invalid(`${name}.${level}`, 'must be a function')
  }
  return v
}

function limit (v, name) {
  const { max, windowSeconds } = fields(v, name, { max: integer(1, 1e6), windowSeconds: integer(1, 86400) })
  if (max === undefined) throw invalid(`${name}.max`, 'is missing')
  return { max, windowSeconds: windowSeconds === undefined ? 60 : windowSeconds }
}

/** createAuth's options: name → check. */
const AUTH = {
  appId: string(1, 64, /^[A-Za-z0-9_-]+$/),
  appSecret: string(1, 256),
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
  prefix: string(0, 64, /^[^\s]*$/),
  phoneLimit: orFalse(limit),
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
 * Reads `options` against `checks`: every given name must be known and pass
 * its check. Absent (`undefined`) options are left out.
 * @param {unknown} options
 * @param {string} field what the options are called in errors
 * @param {Record<string, (v: unknown, name: string) => unknown>} checks
 */
function fields (options, field, checks) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalid(field, 'must be an object')
  let names
  try { names = Object.keys(options) } catch { throw invalid(field, 'could not be read') }
  const out = {}
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(checks, name)) throw invalid(field === 'options' ? name : `${field}.${name}`, 'is not an option')
    let v
    try { v = options[name] } catch { throw invalid(name, 'could not be read') }
    if (v !== undefined) out[name] = checks[name](v, field === 'options' ? name : `${field}.${name}`)
  }
  return out
}

/** createAuth's options, checked, over the defaults. */
function readAuthOptions (options, defaults) {
  if (options === undefined) throw invalid('options', 'is missing')
  const given = fields(options, 'options', AUTH)
  if (given.appId === undefined) throw invalid('appId', 'must be your appid')
  if (given.appSecret === undefined) throw invalid('appSecret', 'must be your app secret')
  const cfg = { ...defaults, ...given }
  if (cfg.retryMaxMs < cfg.retryBaseMs) throw invalid('retryMaxMs', 'must not be below retryBaseMs')
  return cfg
}

module.exports = { readAuthOptions, fields, invalid, STORE_OPERATIONS, integer, fn }
