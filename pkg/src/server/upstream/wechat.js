'use strict'
// Talks to WeChat's server API (or the emulator): timeouts, bounded jittered
// retries on -1, transport faults and 5xx answers only (never on 45011/45009:
// those limits are per minute), and access tokens from stable_token, cached in the store
// and refreshed by one process at a time: a refused token is refreshed in
// normal mode first; a forced refresh (which cancels the token every other
// server holds) happens at most once per cooldown per appId, across
// processes. One log line per upstream call. What an answer means is the core's.

const { createTransport, sleep } = require('./transport')

/** Text a query carries as it is. */
const URL_SAFE = /^[A-Za-z0-9_-]*$/

/**
 * WeChat's upstream client (see upstream/client.js for the interface).
 * @param {object} o
 * @param {typeof import('../../loader/server')} o.core
 * @param {object} o.store
 * @param {ReturnType<typeof import('../auth/keys').keysOf>} o.keys
 * @param {ReturnType<typeof import('../auth/observe').createObserver>} o.observe
 * @param {Function} o.fail errors from the core's table
 * @returns {import('./client').UpstreamClient}
 */
function createWechatClient ({ core, store, keys, observe, fail, appId, appSecret, apiBase, fetch: fetchImpl, now, timeoutMs, retries, retryBaseMs, retryMaxMs, forcedRefreshCooldownSeconds }) {
  const base = apiBase.replace(/\/+$/, '')
  const { call, withRetry } = createTransport({ label: 'WeChat', fail, core, now, observe, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs })
  const url = (path, query) => `${base}${path}?${new URLSearchParams(query)}`
  // The sign-in's URL but for the code, built once.
  const codeUrl = url('/sns/jscode2session', { appid: appId, secret: appSecret, grant_type: 'authorization_code' }) + '&'

  /** `{ openid, unionid?, answer }`: who signed in, and the answer's text for the core's `signIn` (the session key stays in it). */
  const signedIn = (user, answer) => { user.answer = answer; return user }

  function code2session (code) {
    // As forms encode it (lone surrogates too); a code of URL-safe characters (every one login lets through) is itself.
    const href = codeUrl + (URL_SAFE.test(code) ? `js_code=${code}` : new URLSearchParams({ js_code: code }))
    return withRetry(() => call('jscode2session', 'GET', href, undefined, (text) => signedIn(JSON.parse(core.code2SessionUser('weixin', text)), text)))
  }

  // ---- access tokens
  let local = null // this process's copy: { token, exp, confirmed? }
  const refreshing = new Map() // refused token ('' for none) → the refresh in flight

  const readRecord = (raw) => {
    try {
      const r = JSON.parse(raw)
      return r && typeof r.token === 'string' && r.exp > now() ? r : null
    } catch { return null }
  }

  async function stored () {
    const raw = await store.get(keys.accessToken)
    return raw ? readRecord(raw) : null
  }

  /** A token from stable_token (`force`: a forced refresh), stored for the others. */
  async function fetchToken (force, refused = null) {
    const t = await withRetry(() => call(force ? 'stable_token:force' : 'stable_token', 'POST', `${base}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: force },
      (text) => core.parseStableToken(text)))
    // Refresh five minutes early, and never keep one past WeChat's word.
    const ttl = Math.max(1, t.expiresIn - 300)
    const record = { token: t.accessToken, exp: now() + ttl * 1000 }
    // Normal mode answered the token WeChat just refused: the next refusal goes straight to the forced path.
    if (t.accessToken === refused) record.confirmed = now()
    await store.set(keys.accessToken, JSON.stringify(record), ttl)
    local = record
    return record
  }

  /** Under the lock: a token other than `refused`, normal mode first, forced at most once per cooldown. */
  async function renew (refused) {
    const again = await stored() // someone may have just finished
    if (again !== null && again.token !== refused) return again
    const cooldownMs = forcedRefreshCooldownSeconds * 1000
    // Normal mode first, unless it already gave back this very (refused) token within the cooldown.
    if (refused === null || again === null || again.token !== refused || !(again.confirmed > now() - cooldownMs)) {
      const fresh = await fetchToken(false, refused)
      if (refused === null || fresh.token !== refused) return fresh
    }
    const cooldown = await store.lock(keys.forcedRefresh, forcedRefreshCooldownSeconds)
    if (cooldown === null) {
      observe.limited('forced_refresh', {})
      throw fail('ERR_ACCESS_TOKEN', 'WeChat refused the access token and a forced refresh was made less than 30 s ago; try again shortly')
    }
    return fetchToken(true)
  }

  /** A token other than `refused` (null: any valid one). One process refreshes; the others wait for it. */
  function refresh (refused) {
    const id = refused === null ? '' : refused
    let p = refreshing.get(id)
    if (p === undefined) {
      p = (async () => {
        const deadline = Date.now() + timeoutMs * 2
        for (;;) {
          const current = await stored()
          if (current !== null && current.token !== refused) { local = current; return current.token }
          const owner = await store.lock(keys.accessTokenLock, Math.ceil(timeoutMs / 1000) * 2 + 1)
          if (owner !== null) {
            try {
              return (await renew(refused)).token
            } finally {
              await store.unlock(keys.accessTokenLock, owner).catch(() => {})
            }
          }
          if (Date.now() > deadline) throw fail('ERR_TIMEOUT', 'waited too long for the access token')
          await sleep(25 + Math.random() * 25)
        }
      })()
      refreshing.set(id, p)
      const done = () => { refreshing.delete(id) }
      p.then(done, done)
    }
    return p
  }

  /** The access token: this process's copy while valid, else the store's, else a fresh one. */
  async function accessToken () {
    if (local !== null && local.exp > now()) return local.token
    return refresh(null)
  }

  /** Calls `fn(token)`; on ERR_ACCESS_TOKEN gets another token once and calls again. */
  async function withAccessToken (fn) {
    const token = await accessToken()
    try {
      return await fn(token)
    } catch (e) {
      if (!(e && e.code === 'ERR_ACCESS_TOKEN')) throw e
      if (local !== null && local.token === token) local = null
      return fn(await refresh(token))
    }
  }

  /** The phone number for a phone code, bound to the session's user (`openid` in the body). */
  function phoneNumber (code, openid) {
    return withAccessToken((token) => withRetry(() => call('getuserphonenumber', 'POST',
      url('/wxa/business/getuserphonenumber', { access_token: token }), { code, openid },
      (text) => core.parsePhoneNumberReply(text, appId))))
  }

  /** `signature`: the core's HMAC of the user's newest session key. */
  function checkSession (openid, signature) {
    return withAccessToken((token) => withRetry(() => call('checksession', 'GET',
      url('/wxa/checksession', { access_token: token, openid, signature, sig_method: 'hmac_sha256' }), undefined,
      (text) => core.parseCheckSession(text))))
  }

  return { platform: 'weixin', code2session, phoneNumber, checkSession, accessToken }
}

module.exports = { createWechatClient }
