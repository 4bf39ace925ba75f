'use strict'
// Alipay's upstream client for createAuth (see client.js for the
// interface): the sign-in's `alipay.system.oauth.token` through the
// transport (timeouts, bounded retries on busy and transport faults, one
// log line per call), and the phone button's answer verified and opened by
// the core with no upstream call. The core builds and signs each request,
// chooses what an answer's signature covers and reads everything;
// node:crypto does the RSA it is handed, with the keys loaded once here.
// No session key: the answer's ids are all a sign-in keeps.

const crypto = require('crypto')
const { invalidArgument } = require('../../errors')
const { createTransport } = require('./transport')
const { loadKey } = require('./rsa-key')

/**
 * @param {object} o
 * @param {typeof import('../../loader/server')} o.core
 * @param {string} o.appId
 * @param {string} o.privateKey the app's RSA2 private key (PKCS#1 or PKCS#8, PEM or bare base64)
 * @param {string} o.alipayPublicKey Alipay's public key (SPKI, PEM or bare base64)
 * @param {string} [o.encryptKey] the content-encryption key (base64 of 16 bytes): phone answers need it
 * @param {string} o.apiBase
 * @returns {import('./client').UpstreamClient}
 */
function createAlipayUpstream ({ core, observe, fail, appId, privateKey, alipayPublicKey, encryptKey, apiBase, fetch: fetchImpl, now, timeoutMs, retries, retryBaseMs, retryMaxMs }) {
  const appKey = loadKey(core, privateKey, true, 'privateKey', 'alipay')
  const alipayKey = loadKey(core, alipayPublicKey, false, 'alipayPublicKey', 'alipay')
  if (encryptKey !== undefined) {
    try { core.alipayCheckEncryptKey(encryptKey, 'encryptKey') } catch (cause) { throw invalidArgument('encryptKey', { why: 'not a usable alipay content key (base64 of 16 bytes)', cause }) }
  }
  const gateway = core.alipayGateway()
  const href = apiBase.replace(/\/+$/, '') + gateway.path
  const headers = { 'content-type': gateway.contentType, accept: 'application/json' }
  const { call, withRetry } = createTransport({ label: 'Alipay', configHint: 'app_id, the app\'s private key, Alipay\'s public key or the content key', fail, core, now, observe, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs })

  // The RSA the core calls back: RSA2 with the app's key, verification with Alipay's.
  const sign = (message) => crypto.sign('sha256', message, appKey)
  const verify = (message, signature) => crypto.verify('sha256', message, alipayKey, signature)
  const read = (text) => ({ openid: core.alipayTokenUser(text, verify).openid }) // the tokens stay in the core

  /** An auth code traded for the user's id; each try signed afresh (its own timestamp). */
  function code2session (code) {
    return withRetry(() => {
      const request = core.alipayOauthTokenRequest(appId, code, Math.floor(now() / 1000), sign)
      return call('alipay.system.oauth.token', 'POST', `${href}?${request.query}`, request.body, read, headers)
    })
  }

  /**
   * The phone button's answer (`{ response, sign }`, uni-app's
   * `{ encryptedData, sign }`, or `my.getPhoneNumber`'s `{ response: '<JSON
   * text>' }`), verified with Alipay's key and only then opened:
   * `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
   */
  function openPhone (answer) {
    if (encryptKey === undefined) throw invalidArgument('encryptKey', { why: 'alipay phone answers are opened with the content key: give createAuth encryptKey' })
    return core.alipayOpenPhone(answer, encryptKey, true, verify)
  }

  return { platform: 'alipay', code2session, phoneNumber: undefined, openPhone, checkSession: undefined, accessToken: undefined }
}

module.exports = { createAlipayUpstream }
