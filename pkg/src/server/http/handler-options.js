'use strict'
// The HTTP layer's options, checked when given: unknown names are refused
// with the name, every value for its type and range. The defaults and the
// bounds are the core's (`rules().handler`, `rules().handlerBounds`).

const { invalidArgument } = require('../../errors')
const { fields, any } = require('../../options')

const { handler, handlerBounds: BOUNDS } = require('../../../dist/rules.json')

const KIB = 1024
const MIB = 1024 * KIB

/** The defaults, as documented in the README: the core's. */
const DEFAULTS = Object.freeze({ ...handler, loginLimit: Object.freeze({ ...handler.loginLimit }) })

/** What `cors: true` means: any origin (tokens travel in a header, never in cookies). */
const CORS_ANY = '*'

const NAMES = ['bodyLimit', 'cors', 'basePath', 'bodyTimeoutMs', 'loginLimit', 'trustProxy', 'avatarLimit']
const FETCH_NAMES = [...NAMES, 'clientAddress']

const UNITS = { b: 1, kb: KIB, mb: MIB, gb: KIB * MIB }

/**
 * A size in bytes: a positive integer, or text such as `'512kb'`, `'1mb'`,
 * `'1.5 MB'` (units of 1024, as Express's body parsers read them).
 */
function bytes (value, field, max) {
  let n = value
  if (typeof value === 'string') {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value)
    if (m === null) throw invalidArgument(field, { mustBe: "a number of bytes or a size such as '1mb'" })
    n = Math.floor(Number(m[1]) * UNITS[(m[2] || 'b').toLowerCase()])
  } else if (typeof value !== 'number') {
    throw invalidArgument(field, { mustBe: "a number of bytes or a size such as '1mb'" })
  }
  if (!Number.isInteger(n) || n < 1) throw invalidArgument(field, { mustBe: 'at least 1 byte (there is no way to turn the limit off)' })
  if (n > max) throw invalidArgument(field, { mustBe: `at most ${max} bytes` })
  return n
}

function positiveInteger (value, field, max) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidArgument(field, { mustBe: `a whole number from 1 to ${max}` })
  }
  return value
}

/** An options object's own names, refusing unknown ones (named bare in errors); absent is `{}`. */
function entries (options, names, field) {
  if (options === undefined) return {}
  const checks = {}
  for (const name of names) checks[name] = any
  return fields(options, field, checks, (name) => name)
}

function corsOption (value) {
  if (value === false || value === undefined) return null
  if (value === true) return { origin: CORS_ANY }
  const { origin } = entries(value, ['origin'], 'cors')
  if (typeof origin === 'string' && origin !== '') return { origin }
  if (typeof origin === 'function') return { origin }
  if (Array.isArray(origin) && origin.length > 0 && origin.every((o) => typeof o === 'string' && o !== '')) return { origin: [...origin] }
  throw invalidArgument('cors.origin', { mustBe: 'an origin, a list of origins or a function of the request\'s origin' })
}

function loginLimitOption (value) {
  if (value === false) return null
  if (value === undefined) return { ...DEFAULTS.loginLimit }
  if (value === null || typeof value !== 'object') throw invalidArgument('loginLimit', { mustBe: '{ max, windowSeconds?, networkMax? } or false' })
  const { max, windowSeconds, networkMax } = entries(value, ['max', 'windowSeconds', 'networkMax'], 'loginLimit')
  if (max === undefined) throw invalidArgument('loginLimit.max')
  const checkedMax = positiveInteger(max, 'loginLimit.max', BOUNDS.maxLoginLimit)
  const perNetwork = DEFAULTS.loginLimit.networkMax / DEFAULTS.loginLimit.max // three addresses' worth
  return {
    max: checkedMax,
    windowSeconds: windowSeconds === undefined ? DEFAULTS.loginLimit.windowSeconds : positiveInteger(windowSeconds, 'loginLimit.windowSeconds', BOUNDS.maxLoginWindowSeconds),
    networkMax: networkMax === false ? null : networkMax === undefined ? checkedMax * perNetwork : positiveInteger(networkMax, 'loginLimit.networkMax', BOUNDS.maxNetworkLoginLimit)
  }
}

function trustProxyOption (value) {
  if (value === undefined || value === false || value === 0) return 0
  if (value === true) throw invalidArgument('trustProxy', { mustBe: 'a number of proxy hops to trust (such as 1), not true' })
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > BOUNDS.maxTrustProxy) throw invalidArgument('trustProxy', { mustBe: `a number of proxy hops from 0 to ${BOUNDS.maxTrustProxy}, or false` })
  return value
}

function basePathOption (value) {
  if (value === undefined) return ''
  if (typeof value !== 'string' || value.length > BOUNDS.maxBasePathLength) throw invalidArgument('basePath', { mustBe: 'a path such as /api' })
  if (value === '' || value === '/') return ''
  if (value[0] !== '/' || /[?#\s\\%]/.test(value) || value.includes('//')) throw invalidArgument('basePath', { mustBe: 'a path such as /api' })
  return value.replace(/\/+$/, '')
}

/**
 * The handler's options, checked and with their defaults.
 * @param {unknown} options
 * @param {{ fetch?: boolean }} [kind] fetchHandler() takes `clientAddress` too
 */
function handlerOptions (options, kind = {}) {
  const field = kind.fetch ? 'fetchHandler' : 'handler'
  const given = entries(options, kind.fetch ? FETCH_NAMES : NAMES, field)
  const opts = {
    bodyLimit: given.bodyLimit === undefined ? DEFAULTS.bodyLimit : bytes(given.bodyLimit, 'bodyLimit', BOUNDS.maxBodyLimit),
    avatarLimit: given.avatarLimit === undefined ? DEFAULTS.avatarLimit : bytes(given.avatarLimit, 'avatarLimit', BOUNDS.maxBodyLimit),
    bodyTimeoutMs: given.bodyTimeoutMs === undefined ? DEFAULTS.bodyTimeoutMs : positiveInteger(given.bodyTimeoutMs, 'bodyTimeoutMs', BOUNDS.maxBodyTimeoutMs),
    loginLimit: loginLimitOption(given.loginLimit),
    trustProxy: trustProxyOption(given.trustProxy),
    basePath: basePathOption(given.basePath),
    cors: corsOption(given.cors),
    clientAddress: null,
    addressSource: false
  }
  if (given.clientAddress !== undefined) {
    if (typeof given.clientAddress !== 'function') throw invalidArgument('clientAddress', { mustBe: 'a function (request) => address' })
    opts.clientAddress = given.clientAddress
  }
  // Told where clients' addresses are (a function, or proxies to trust): a
  // request that comes without one did not come that way.
  opts.addressSource = opts.clientAddress !== null || opts.trustProxy > 0
  return opts
}

module.exports = { handlerOptions, bytes, DEFAULTS, CORS_ANY }
