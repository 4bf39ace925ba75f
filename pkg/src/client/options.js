'use strict'
// Reads and checks createLoginClient's options: every option is checked
// when given, and a wrong one is ERR_INVALID_ARGUMENT naming it.

const { WeappLoginError, invalidArgument } = require('../errors')
const { readOptions } = require('../options')
const { originOf } = require('./origin')
const { readCloudOption } = require('./cloud-transport')
const { adapt } = require('./platform')

// The core's client rules (src/client/rules.rs): the timeout and its bound,
// the sign-in limit, and what counts as "the session is gone" by default.
const { client: RULES } = require('../../dist/rules.json')
const SESSION_CODES = RULES.sessionLostCodes

const NAMES = ['wx', 'baseUrl', 'appId', 'timeout', 'now', 'tokenOrigins', 'sessionLost', 'signInLimit', 'onError', 'onRequest', 'cloud']

function optionalFunction (value, field) {
  if (value !== undefined && typeof value !== 'function') throw invalidArgument(field, { mustBe: 'a function' })
  return value
}

/**
 * @param {unknown} options
 * @returns {{ wx: object, platform: import('./platform').Platform, root: string, appId: string, timeout: number, now: () => number,
 *   origins: Set<string>, sessionLost: (err: unknown) => boolean,
 *   signInLimit: { max: number, windowMs: number }, onError?: Function, onRequest?: Function,
 *   cloud: { name: string, env?: string } | null }}
 */
function readClientOptions (options) {
  const [wxOption, baseUrl, appId, timeout, now, tokenOrigins, sessionLost, signInLimit, onError, onRequest, cloudOption] = readOptions(options, NAMES)
  // The platform's API object (`wx`, `tt`, `my`, …) in the shape the client calls.
  const { wx, platform } = adapt(wxOption, options)
  if (wx === null || (typeof wx !== 'object' && typeof wx !== 'function')) throw invalidArgument('wx', { mustBe: 'the wx object' })
  // With `cloud` (Cloud Development) the server is a cloud function: no baseUrl.
  const cloud = cloudOption === undefined ? null : readCloudOption(cloudOption)
  const base = cloud !== null && baseUrl === undefined ? null : originOf(baseUrl)
  if (base === null && cloud === null) throw invalidArgument('baseUrl', { mustBe: 'an http(s) URL' })
  if (typeof appId !== 'string') throw invalidArgument('appId', { mustBe: 'a string' })
  readTimeout(timeout, 0)
  optionalFunction(now, 'now')
  const origins = new Set(base === null ? [] : [base])
  if (tokenOrigins !== undefined) {
    if (!Array.isArray(tokenOrigins)) throw invalidArgument('tokenOrigins', { mustBe: 'an array of origins' })
    for (const o of tokenOrigins) {
      const origin = originOf(o)
      if (origin === null) throw invalidArgument('tokenOrigins', { mustBe: 'a list of http(s) origins such as https://cdn.example.com' })
      origins.add(origin)
    }
  }
  let lost = (err) => err instanceof WeappLoginError && SESSION_CODES.includes(err.code)
  if (typeof sessionLost === 'function') {
    lost = (err) => { try { return sessionLost(err) === true } catch { return false } }
  } else if (Array.isArray(sessionLost) && sessionLost.every((c) => typeof c === 'string')) {
    const codes = sessionLost.slice()
    lost = (err) => err instanceof WeappLoginError && codes.includes(err.code)
  } else if (sessionLost !== undefined) {
    throw invalidArgument('sessionLost', { mustBe: 'an array of error codes or a function' })
  }
  const limit = { ...RULES.signInLimit }
  if (signInLimit !== undefined) {
    const [max, windowSeconds] = readOptions(signInLimit, ['max', 'windowSeconds'], 'signInLimit')
    if (max !== undefined) {
      if (!Number.isInteger(max) || max < 0) throw invalidArgument('signInLimit', { why: '`max` must be a whole number' })
      limit.max = max
    }
    if (windowSeconds !== undefined) {
      if (typeof windowSeconds !== 'number' || !(windowSeconds > 0)) throw invalidArgument('signInLimit', { why: '`windowSeconds` must be a positive number' })
      limit.windowSeconds = windowSeconds
    }
  }
  return {
    wx,
    platform,
    root: base === null ? '' : baseUrl.replace(/\/+$/, ''),
    cloud,
    appId,
    timeout: readTimeout(timeout, RULES.timeoutMs),
    now: now === undefined ? () => Date.now() : now,
    origins,
    sessionLost: lost,
    signInLimit: { max: limit.max, windowMs: limit.windowSeconds * 1000 },
    onError: optionalFunction(onError, 'onError'),
    onRequest: optionalFunction(onRequest, 'onRequest')
  }
}

/**
 * A `timeout`: absent is `fallback`; anything but a positive number of
 * milliseconds within the core's bound is refused.
 * @param {unknown} t
 * @param {number} fallback
 * @returns {number}
 */
function readTimeout (t, fallback) {
  if (t === undefined) return fallback
  if (typeof t !== 'number' || !(t > 0) || t > RULES.maxTimeoutMs) {
    throw invalidArgument('timeout', { mustBe: `a number of milliseconds, at most ${RULES.maxTimeoutMs}` })
  }
  return t
}

module.exports = { readClientOptions, readTimeout, SESSION_CODES }
