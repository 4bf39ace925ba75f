'use strict'
// Talks to WeChat's server API (or the emulator): timeouts, bounded retries
// with jittered backoff on retryable errors only, and access tokens from
// stable_token, cached in the store and refreshed by one process at a time.
// What an answer means is read by the core.

const { setMaxListeners } = require('events')
const { WeappLoginError } = require('../errors')

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
 * @param {object} o
 * @param {{ call: Function }} o.core
 * @param {object} o.store
 */
function createWechatClient ({ core, store, appId, appSecret, apiBase, fetch: fetchImpl, now, timeoutMs, retries, retryBaseMs, retryMaxMs, prefix }) {
  const base = apiBase.replace(/\/+$/, '')
  const TOKEN_KEY = `${prefix}at`
  const TOKEN_LOCK = `${prefix}lock:at`

  const deadlines = createDeadlines(timeoutMs)
  const url = (path, query) => `${base}${path}?${new URLSearchParams(query)}`
  // The sign-in's URL but for the code, built once.
  const codeUrl = url('/sns/jscode2session', { appid: appId, secret: appSecret, grant_type: 'authorization_code' }) + '&'

  /** One HTTP exchange; transport faults become ERR_NETWORK / ERR_TIMEOUT. */
  async function exchange (method, href, body) {
    const slot = deadlines.enter()
    const signal = slot.controller.signal
    let res
    let text
    try {
      res = await fetchImpl(href, body === undefined
        ? { method, signal }
        : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal })
      text = await res.text()
    } catch (e) {
      const timedOut = signal.aborted
      throw new WeappLoginError(timedOut ? 'ERR_TIMEOUT' : 'ERR_NETWORK', timedOut ? 'WeChat did not answer in time' : 'could not reach WeChat', { retryable: true })
    } finally {
      deadlines.leave(slot)
    }
    if (res.status >= 500) throw new WeappLoginError('ERR_NETWORK', `WeChat answered HTTP ${res.status}`, { retryable: true })
    return text // the core reads it (object or JSON text)
  }

  /** After failed attempt `n`: waits out a jittered, bounded backoff if `e` may be retried, else throws it. */
  async function backoff (e, n) {
    const again = e instanceof WeappLoginError && e.retryable && e.code !== 'ERR_ACCESS_TOKEN' && n < retries
    if (!again) throw e
    const cap = Math.min(retryMaxMs, retryBaseMs * 2 ** n)
    await sleep(cap / 2 + Math.random() * cap / 2)
  }

  /** Runs `attempt` again on retryable errors, at most `retries` more times. */
  async function withRetry (attempt) {
    for (let n = 0; ; n++) {
      try {
        return await attempt()
      } catch (e) {
        await backoff(e, n)
      }
    }
  }

  async function code2session (code) {
    const href = codeUrl + new URLSearchParams({ js_code: code }) // as forms encode it (lone surrogates too)
    for (let n = 0; ; n++) {
      try {
        return core.call('parse_code2session', [await exchange('GET', href)])
      } catch (e) {
        await backoff(e, n)
      }
    }
  }

  /** A fresh access token from stable_token, stored for the others. */
  async function fetchToken (force) {
    const t = await withRetry(async () => core.call('parse_stable_token', [
      await exchange('POST', `${base}/cgi-bin/stable_token`, { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: force })
    ]))
    // Refresh five minutes early, and never keep one past WeChat's word.
    const ttl = Math.max(1, t.expiresIn - 300)
    await store.set(TOKEN_KEY, JSON.stringify({ token: t.accessToken, exp: now() + ttl * 1000 }), ttl)
    return t.accessToken
  }

  async function cachedToken () {
    const raw = await store.get(TOKEN_KEY)
    if (!raw) return null
    try {
      const { token, exp } = JSON.parse(raw)
      return typeof token === 'string' && exp > now() ? token : null
    } catch { return null }
  }

  /**
   * The access token: the cached one unless `stale` (the one WeChat just
   * refused) is given. One process refreshes; the others wait for its result.
   */
  async function accessToken (stale = null) {
    const deadline = Date.now() + timeoutMs * 2
    for (;;) {
      const cached = await cachedToken()
      if (cached !== null && cached !== stale) return cached
      const owner = await store.lock(TOKEN_LOCK, Math.ceil(timeoutMs / 1000) * 2 + 1)
      if (owner !== null) {
        try {
          const again = await cachedToken() // someone may have just finished
          if (again !== null && again !== stale) return again
          return await fetchToken(stale !== null)
        } finally {
          await store.unlock(TOKEN_LOCK, owner).catch(() => {})
        }
      }
      if (Date.now() > deadline) throw new WeappLoginError('ERR_TIMEOUT', 'waited too long for the access token', { retryable: true })
      await sleep(25 + Math.random() * 25)
    }
  }

  /** Calls `fn(token)`; on ERR_ACCESS_TOKEN refreshes the token once and calls again. */
  async function withAccessToken (fn) {
    const token = await accessToken()
    try {
      return await fn(token)
    } catch (e) {
      if (!(e instanceof WeappLoginError) || e.code !== 'ERR_ACCESS_TOKEN') throw e
      return fn(await accessToken(token))
    }
  }

  async function phoneNumber (code) {
    return withAccessToken((token) => withRetry(async () => core.call('parse_phone_number_reply', [
      await exchange('POST', url('/wxa/business/getuserphonenumber', { access_token: token }), { code }),
      appId
    ])))
  }

  async function checkSession (openid, sessionKey) {
    const signature = core.call('session_key_signature', [sessionKey])
    return withAccessToken((token) => withRetry(async () => core.call('parse_check_session', [
      await exchange('GET', url('/wxa/checksession', { access_token: token, openid, signature, sig_method: 'hmac_sha256' }))
    ])))
  }

  return { code2session, phoneNumber, checkSession, accessToken }
}

module.exports = { createWechatClient }
