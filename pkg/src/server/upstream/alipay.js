'use strict'
// Talks to Alipay's open gateway (or the emulator): HTTP only. A client on
// its own (createAuth's is alipay-upstream.js, through the transport). The core
// builds each request and its sign content, chooses the bytes an answer's
// signature covers, and reads everything; node:crypto does the RSA
// arithmetic it is handed (the core calls `sign`/`verify` back), with the
// keys loaded once here as KeyObjects. Why the host's RSA and not a crate in
// the wasm: src/crypto/rsa_ops.rs (measured size and speed).

const crypto = require('crypto')
const { WeappLoginError, invalidArgument } = require('../../errors')
const { fields, any, string, fn, integer, url } = require('../../options')
const { loadKey } = require('./rsa-key')

/** Where each key option may be given, as errors name them. */
const FIELD = (name) => `alipay.${name}`

/**
 * A client of Alipay's open gateway for one app: trades `my.getAuthCode`'s
 * auth code for the user's id (`alipay.system.oauth.token`), and opens the
 * phone button's `{ response, sign }`. Every option is checked when given.
 * @param {object} options
 * @param {typeof import('../../loader/server')} options.core the loaded server core
 * @param {string} options.appId the app's id (`2021…`)
 * @param {string} options.privateKey the app's RSA2 private key: PKCS#1 or PKCS#8, PEM or bare base64
 * @param {string} options.alipayPublicKey Alipay's public key for this app: SPKI, PEM or bare base64
 * @param {string} [options.encryptKey] the content-encryption key (base64 of 16 bytes): needed by `openPhone`
 * @param {string} [options.apiBase] the gateway's origin (the emulator's URL in tests); defaults to Alipay's
 * @param {Function} [options.fetch] a `fetch`; defaults to the keep-alive node:https one
 * @param {() => number} [options.now] the clock, in ms
 * @param {number} [options.timeoutMs] one gateway call, in ms (default 5000)
 * @example
 * const alipay = createAlipayClient({ core, appId, privateKey, alipayPublicKey, encryptKey })
 * const { openid } = await alipay.exchangeCode(authCode)
 * const { masked } = alipay.openPhone({ response, sign })
 */
function createAlipayClient (options) {
  const o = fields(options, 'alipay', {
    core: any,
    appId: string(1, 64, /^[0-9A-Za-z_-]+$/),
    privateKey: string(1, 16384),
    alipayPublicKey: string(1, 16384),
    encryptKey: string(1, 1024),
    apiBase: url,
    fetch: fn,
    now: fn,
    timeoutMs: integer(1, 120000)
  })
  const core = o.core
  if (core === undefined || core === null || typeof core.alipayOauthTokenRequest !== 'function') throw invalidArgument(FIELD('core'), { mustBe: 'the loaded server core' })
  for (const name of ['appId', 'privateKey', 'alipayPublicKey']) {
    if (o[name] === undefined) throw invalidArgument(FIELD(name))
  }
  const appKey = loadKey(core, o.privateKey, true, FIELD('privateKey'))
  const alipayKey = loadKey(core, o.alipayPublicKey, false, FIELD('alipayPublicKey'))
  if (o.encryptKey !== undefined) core.alipayCheckEncryptKey(o.encryptKey, FIELD('encryptKey'))
  const gateway = core.alipayGateway()
  const href = `${(o.apiBase || gateway.apiBase).replace(/\/+$/, '')}${gateway.path}`
  const fetchImpl = o.fetch || require('./keep-alive-fetch').httpsFetch
  const now = o.now || Date.now
  const timeoutMs = o.timeoutMs || 5000

  // The RSA the core calls back: RSA2 with the app's key, verification with Alipay's.
  const sign = (message) => crypto.sign('sha256', message, appKey)
  const verify = (message, signature) => crypto.verify('sha256', message, alipayKey, signature)

  /** One gateway call: transport faults are ERR_NETWORK / ERR_TIMEOUT, a 5xx ERR_HTTP_STATUS; the answer's text is the core's to read. */
  async function post (query, body) {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    let res
    let text
    try {
      res = await fetchImpl(`${href}?${query}`, { method: 'POST', headers: { 'content-type': gateway.contentType, accept: 'application/json' }, body, signal: controller.signal })
      text = await res.text()
    } catch (cause) {
      if (controller.signal.aborted) throw new WeappLoginError('ERR_TIMEOUT', 'Alipay did not answer in time', { cause })
      throw new WeappLoginError('ERR_NETWORK', 'could not reach Alipay', { cause })
    } finally {
      clearTimeout(timer)
    }
    if (res.status >= 500) {
      const e = new WeappLoginError('ERR_HTTP_STATUS', `Alipay answered HTTP ${res.status}`)
      e.status = res.status
      throw e
    }
    return text
  }

  /**
   * Trades an auth code for the user's id: `{ openid, unionid: null }`
   * (`openid`: the app's `open_id`, or the `user_id` where the app uses those).
   * @param {string} code `my.getAuthCode`'s auth code
   */
  async function exchangeCode (code) {
    const request = core.alipayOauthTokenRequest(o.appId, code, Math.floor(now() / 1000), sign)
    const user = core.alipayTokenUser(await post(request.query, request.body), verify)
    return { openid: user.openid, unionid: null }
  }

  /**
   * Verifies and opens the phone button's answer: `{ countryCode, masked }`,
   * or with `reveal: true` `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
   * @param {{ response: string, sign?: string } | { encryptedData: string, sign: string }} answer
   *   what `my.getPhoneNumber` gave (`{ response, sign }`, or its `{ response: '<JSON text>' }`),
   *   or uni-app's event detail (`{ encryptedData, sign }`)
   * @param {{ reveal?: boolean }} [opts]
   */
  function openPhone (answer, opts = {}) {
    if (o.encryptKey === undefined) throw invalidArgument(FIELD('encryptKey'))
    return core.alipayOpenPhone(answer, o.encryptKey, opts.reveal === true, verify)
  }

  return { exchangeCode, openPhone }
}

module.exports = { createAlipayClient }
