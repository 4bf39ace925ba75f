'use strict'
// The upstream client of a session-key platform other than WeChat (QQ,
// Douyin, Kuaishou, Baidu): its code exchange, sent as the core's rules
// say (rules.json `platforms`: path, GET query, JSON or form, parameter
// names), read by the core. Douyin's phone code, where the app gave
// `phonePrivateKey`: the app's client token (open.douyin.com's
// `oauth/client_token`, kept in the store until five minutes before it
// ends, fetched by one process at a time), then `get_phonenumber_info`
// with it in the `access-token` header, whose answer the core opens with the
// key (node:crypto's raw RSA, the padding read by the core). No
// checksession (see client.js).

const crypto = require('crypto')
const { createTransport, sleep } = require('./transport')
const { loadKey } = require('./rsa-key')
const PLATFORMS = require('../../../dist/rules.json').platforms

/** Each platform's name in messages. */
const LABELS = { qq: 'QQ', toutiao: 'Douyin', kuaishou: 'Kuaishou', baidu: 'Baidu' }
/** A JSON body's content type, for a body written here as text. */
const JSON_TYPE = { 'content-type': 'application/json' }

/**
 * @param {object} o
 * @param {string} o.platform
 * @param {typeof import('../../loader/server')} o.core
 * @param {string} o.appId
 * @param {string} o.appSecret
 * @param {string} [o.appKey] Baidu's app key (its `client_id`)
 * @param {string} o.apiBase
 * @param {string} [o.phonePrivateKey] Douyin's phone key: the private key of the public key set in its console
 * @param {string} [o.phoneApiBase] where Douyin's phone code is exchanged (`apiBase` when given)
 * @returns {import('./client').UpstreamClient}
 */
function createCodeExchangeClient ({ platform, core, store, keys, observe, fail, appId, appSecret, appKey, phonePrivateKey, apiBase, phoneApiBase, maxAgeSeconds, fetch: fetchImpl, now, timeoutMs, retries, retryBaseMs, retryMaxMs }) {
  const rules = PLATFORMS.find((p) => p.name === platform)
  const { call, withRetry } = createTransport({ label: LABELS[platform] || platform, fail, core, now, observe, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs })
  const href = apiBase.replace(/\/+$/, '') + rules.codePath
  const [idName, secretName, codeName] = rules.codeParams
  const fixed = { [idName]: platform === 'baidu' ? appKey : appId, [secretName]: appSecret }
  if (rules.codeGrant !== '') fixed.grant_type = rules.codeGrant
  const endpoint = rules.codePath.slice(rules.codePath.lastIndexOf('/') + 1)
  const read = (text) => { const user = JSON.parse(core.code2SessionUser(platform, text)); user.answer = text; return user }

  // A JSON body's fixed part, written once: `{"appid":…,"secret":…,"code":` (Douyin).
  const jsonHead = `${JSON.stringify(fixed).slice(0, -1)},${JSON.stringify(codeName)}:`

  /** The request for `code` (and Douyin's anonymous code), as the platform takes it. */
  function request (code, extra) {
    const anonymousCode = platform === 'toutiao' && extra !== undefined && typeof extra.anonymousCode === 'string' ? extra.anonymousCode : undefined
    if (rules.codeEncoding === 'json') {
      const text = jsonHead + JSON.stringify(code)
      return ['POST', href, anonymousCode === undefined ? `${text}}` : `${text},"anonymous_code":${JSON.stringify(anonymousCode)}}`, JSON_TYPE]
    }
    const params = { ...fixed, [codeName]: code }
    if (anonymousCode !== undefined) params.anonymous_code = anonymousCode
    return rules.codeEncoding === 'query' ? ['GET', `${href}?${new URLSearchParams(params)}`, undefined, undefined] : ['POST', href, new URLSearchParams(params), undefined]
  }

  function code2session (code, extra) {
    const [method, url, body, headers] = request(code, extra)
    return withRetry(() => call(endpoint, method, url, body, read, headers))
  }

  if (rules.phoneCodePath === '' || phonePrivateKey === undefined) return { platform, code2session, phoneNumber: undefined, checkSession: undefined, accessToken: undefined }

  // ---- Douyin's phone code
  const phoneKey = loadKey(core, phonePrivateKey, true, 'phonePrivateKey', platform)
  const blockBytes = phoneKey.asymmetricKeyDetails.modulusLength / 8
  const decrypt = (block) => crypto.privateDecrypt({ key: phoneKey, padding: crypto.constants.RSA_NO_PADDING }, block)
  const phoneBase = (phoneApiBase || apiBase).replace(/\/+$/, '') // the token and the exchange share an origin
  const tokenHref = phoneBase + rules.tokenPath
  const phoneHref = phoneBase + rules.phoneCodePath
  let local = null // this process's copy: { token, exp }
  let fetching = null

  const readRecord = (raw) => {
    try {
      const r = JSON.parse(raw)
      return r && typeof r.token === 'string' && r.exp > now() ? r : null
    } catch { return null }
  }

  /**
   * The app's client token: this process's copy, the store's, or a fresh
   * one. One process fetches at a time (a lock in the store; the others wait
   * for what it keeps), so every process holds the same token: Douyin keeps
   * only the latest two valid.
   */
  async function accessToken () {
    if (local !== null && local.exp > now()) return local.token
    if (fetching === null) {
      fetching = (async () => {
        const deadline = Date.now() + timeoutMs * (retries + 2)
        for (;;) {
          const kept = readRecord(await store.get(keys.accessToken))
          if (kept !== null) { local = kept; return kept.token }
          const owner = await store.lock(keys.accessTokenLock, Math.ceil(timeoutMs * (retries + 1) / 1000) + 1)
          if (owner !== null) {
            try {
              const again = readRecord(await store.get(keys.accessToken)) // someone may have just finished
              if (again !== null) { local = again; return again.token }
              const t = await withRetry(() => call('client_token', 'POST', tokenHref, { client_key: appId, client_secret: appSecret, grant_type: 'client_credential' }, (text) => core.platformAccessToken(platform, text)))
              const ttl = Math.max(1, t.expiresIn - 300) // five minutes early, never past the platform's word
              local = { token: t.accessToken, exp: now() + ttl * 1000 }
              await store.set(keys.accessToken, JSON.stringify(local), ttl)
              return local.token
            } finally {
              await store.unlock(keys.accessTokenLock, owner).catch(() => {})
            }
          }
          if (Date.now() > deadline) throw fail('ERR_TIMEOUT', 'waited too long for Douyin\'s client token')
          await sleep(25 + Math.random() * 25)
        }
      })()
      const done = () => { fetching = null }
      fetching.then(done, done)
    }
    return fetching
  }

  /** A phone code's number: `{ phoneNumber, purePhoneNumber, countryCode, masked }`, the watermark checked for this app. */
  async function phoneNumber (code) {
    const token = await accessToken()
    return withRetry(() => call('get_phonenumber_info', 'POST', phoneHref, { code },
      (text) => core.toutiaoPhoneCodeAnswer(text, appId, Math.floor(now() / 1000), maxAgeSeconds, blockBytes, decrypt), { 'access-token': token }))
  }

  return { platform, code2session, phoneNumber, checkSession: undefined, accessToken }
}

module.exports = { createCodeExchangeClient }
