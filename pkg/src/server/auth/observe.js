'use strict'
// Logging and counters. The logger is pino-compatible (`logger.info(obj, msg)`);
// the default is silent. Lines carry names, codes, errcodes and times only:
// never a code, token, session key, secret or phone number.

const LEVELS = ['debug', 'info', 'warn', 'error']
const silent = { debug () {}, info () {}, warn () {}, error () {} }

/** The logger, with any missing level falling back to the nearest lower one. */
function levelsOf (logger) {
  if (logger === undefined) return silent
  const out = {}
  let fallback = () => {}
  for (const level of LEVELS) {
    const fn = typeof logger[level] === 'function' ? logger[level].bind(logger) : fallback
    out[level] = fn
    fallback = fn
  }
  return out
}

/** Creates the logger adapter and the counters behind `auth.stats()`. */
function createObserver (logger) {
  const log = levelsOf(logger)
  const quiet = logger === undefined
  const counts = {}
  const bump = (area, key) => {
    const a = counts[area] || (counts[area] = {})
    a[key] = (a[key] || 0) + 1
  }
  /** Writes one line; a logger that throws never breaks the request. */
  function line (level, fields, msg) {
    try { log[level](fields, msg) } catch { /* the app's logger failed: nothing to do */ }
  }
  return {
    /** No logger was given: lines go nowhere, so callers may skip building them. */
    quiet,
    line,
    bump,
    /** One line and one count per finished operation (`ok` or the error's code). */
    outcome (event, started, error, extra) {
      const outcome = error === undefined ? 'ok' : (error && error.code) || 'ERR_INTERNAL'
      bump(event, outcome)
      if (quiet) return
      const fields = { event, outcome, ms: Date.now() - started, ...extra }
      if (error !== undefined && error && error.errcode !== undefined) fields.errcode = error.errcode
      const serious = outcome === 'ERR_INTERNAL' || outcome === 'ERR_APP_CONFIG'
      line(serious ? 'error' : error === undefined ? 'info' : 'warn', fields, `${event} ${outcome}`)
    },
    /** A store operation failed. */
    storeFault (op, error) {
      bump('store', 'fault')
      const cause = error && error.cause
      line('error', { event: 'store_fault', op, code: error && error.code, cause: cause && (cause.code || cause.name) }, 'store fault')
    },
    /** A hook threw or answered something unusable. */
    hookFailed (hook, openid, error) {
      bump('hook', hook)
      line('error', { event: 'hook_failed', hook, openid, err: { name: error && error.name, message: error && String(error.message).slice(0, 200) } }, `${hook} failed`)
    },
    /** A limit refused a request. */
    limited (limit, extra) {
      bump('rateLimited', limit)
      line('warn', { event: 'rate_limited', limit, ...extra }, `${limit} limit hit`)
    },
    /** `{ login: { ok: 3, ERR_CODE_INVALID: 1 }, phone: …, upstream: …, … }`: a copy. */
    stats () { return JSON.parse(JSON.stringify(counts)) }
  }
}

module.exports = { createObserver, silent }
