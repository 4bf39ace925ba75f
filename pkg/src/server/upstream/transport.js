'use strict'
// One platform's HTTP calls: timeouts, bounded jittered retries on the
// core's retried failures only (busy, transport faults, 5xx answers; never
// a quota: a quota's refusal says how long to wait, as `retryAfter`), and
// one log line per upstream call. Every platform's client
// (wechat.js, code-exchange.js, alipay-upstream.js) calls through one of these.

const { setMaxListeners } = require('events')
const { WeappLoginError } = require('../../errors')
/** The failures tried again at once: the core's rule (src/server/rules/upstream.rs). */
const RETRIED = new Set(require('../../../dist/rules.json').upstreamRetried)

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const JSON_BODY = { 'content-type': 'application/json' }

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Upstream timeouts without an AbortController and a timer per request: the
// requests that start within one window share a signal, aborted `timeoutMs`
// after the window closes if any of them is still out. Each request is thus
// given up between `timeoutMs` and `timeoutMs + WINDOW_MS` after it started.
const WINDOW_MS = 50
const WINDOW_MAX = 256 // requests per window (each adds a listener to its signal)

function createDeadlines (timeoutMs) {
  let current = null
  function expire (slot) {
    if (current === slot) current = null
    if (slot.pending > 0) slot.controller.abort()
  }
  return {
    /** The window a request starting now belongs to; `leave` it when the answer is in. */
    enter () {
      const t = Date.now()
      if (current === null || t >= current.closes || current.count >= WINDOW_MAX) {
        current = { controller: new AbortController(), closes: t + WINDOW_MS, count: 0, pending: 0 }
        setMaxListeners(WINDOW_MAX, current.controller.signal) // any fetch may listen once per request
        setTimeout(expire, timeoutMs + WINDOW_MS, current).unref()
      }
      current.count++
      current.pending++
      return current
    },
    leave (slot) { slot.pending-- }
  }
}


/**
 * Whether a failed upstream call is worth another try at once: the core's
 * rule (WeChat busy, the transport, a 5xx answer: `call` raises
 * ERR_HTTP_STATUS for a 5xx only). Never a quota (ERR_RATE_LIMITED waits for
 * the caller's backoff); a refused token (ERR_ACCESS_TOKEN) is
 * withAccessToken's to refresh.
 */
const retryNow = (e) => e instanceof WeappLoginError && RETRIED.has(e.code)

/**
 * @param {object} o
 * @param {string} o.label the platform's name in messages (`WeChat`, `Douyin`…)
 * @param {string} [o.configHint] what an ERR_APP_CONFIG's log line says to check
 * @param {Function} o.fail errors from the core's table
 * @param {typeof import('../../loader/server')} o.core how long a refused quota waits (`quotaRetryAfter`)
 * @param {() => number} o.now the clock (ms since the epoch)
 * @param {ReturnType<typeof import('../auth/observe').createObserver>} o.observe
 * @param {Function} o.fetch
 * @param {number} o.timeoutMs
 * @param {number} o.retries
 * @param {number} o.retryBaseMs
 * @param {number} o.retryMaxMs
 */
function createTransport ({ label, configHint = 'appid, secret, IP whitelist or frozen secret', fail, core, now, observe, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs }) {
  const deadlines = createDeadlines(timeoutMs)
  /**
   * The fetch options of a call (`body`: none, an object sent as JSON,
   * URLSearchParams sent as a form, or text sent as it is, its content type
   * in `headers`); `headers`: the call's own (Douyin's `access-token`).
   */
  function init (method, body, signal, headers) {
    const out = body === undefined
      ? { method, signal }
      : typeof body === 'string'
        ? { method, headers: {}, body, signal }
        : body instanceof URLSearchParams
          ? { method, headers: FORM, body: String(body), signal }
          : { method, headers: JSON_BODY, body: JSON.stringify(body), signal }
    if (headers !== undefined) out.headers = { ...out.headers, ...headers }
    return out
  }

  const okNames = new Map() // endpoint → the name of its `…:ok` counter, made once

  /**
   * One upstream call read by `parse`, counted and logged with its endpoint,
   * errcode and time; `headers`: the call's own. Transport faults become
   * ERR_NETWORK / ERR_TIMEOUT (with their cause), a 5xx ERR_HTTP_STATUS
   * (with its `status`); `parse` reads the answer's text (the core does).
   */
  async function call (endpoint, method, href, body, parse, headers) {
    const started = Date.now()
    let out
    try {
      const slot = deadlines.enter()
      const signal = slot.controller.signal
      let res
      let text
      try {
        res = await fetchImpl(href, init(method, body, signal, headers))
        text = await res.text()
      } catch (cause) {
        const timedOut = signal.aborted
        throw fail(timedOut ? 'ERR_TIMEOUT' : 'ERR_NETWORK', timedOut ? `${label} did not answer in time` : `could not reach ${label}`, { cause })
      } finally {
        deadlines.leave(slot)
      }
      if (res.status >= 500) {
        const e = fail('ERR_HTTP_STATUS', `${label} answered HTTP ${res.status}`)
        e.status = res.status
        throw e
      }
      out = parse(text)
    } catch (e) {
      const errcode = e && e.errcode !== undefined ? e.errcode : null
      const code = e && e.code
      // A quota the platform refused the call with: how long to wait (the core's rule), as `retryAfter`.
      if (code === 'ERR_RATE_LIMITED' && errcode !== null && e.retryAfter === undefined) {
        const wait = core.quotaRetryAfter(errcode, Math.floor(now() / 1000))
        if (wait !== undefined) e.retryAfter = wait
      }
      if (code === 'ERR_APP_CONFIG') observe.line('error', { event: 'app_config', endpoint, errcode }, `${label} refused the app configuration (${configHint})`)
      observe.bump('upstream', `${endpoint}:${code || 'ok'}`)
      const fields = { event: 'upstream', endpoint, errcode, ms: Date.now() - started }
      if (code !== undefined) fields.code = code
      observe.line(code === undefined ? 'info' : 'warn', fields, `upstream ${endpoint}`)
      throw e
    }
    let ok = okNames.get(endpoint)
    if (ok === undefined) { ok = `${endpoint}:ok`; okNames.set(endpoint, ok) }
    observe.bump('upstream', ok)
    // Without a logger the line goes nowhere: not built.
    if (!observe.quiet) observe.line('info', { event: 'upstream', endpoint, errcode: 0, ms: Date.now() - started }, `upstream ${endpoint}`)
    return out
  }

  /** After failed attempt `n`: waits out a jittered, bounded backoff if `e` may be retried, else throws it. */
  async function backoff (e, n) {
    if (!(retryNow(e) && n < retries)) throw e
    const cap = Math.min(retryMaxMs, retryBaseMs * 2 ** n)
    await sleep(cap / 2 + Math.random() * cap / 2)
  }

  /** Runs `attempt` (which answers a promise) again on what `retryNow` allows, at most `retries` more times. */
  function withRetry (attempt) {
    let first
    try { first = attempt() } catch (e) { return again(attempt, e) }
    return first.catch((e) => again(attempt, e))
  }

  /** The tries after a first one failed with `e`. */
  async function again (attempt, e) {
    for (let n = 0; ; n++) {
      await backoff(e, n)
      try {
        return await attempt()
      } catch (f) {
        e = f
      }
    }
  }

  return { call, withRetry }
}

module.exports = { createTransport, sleep }
