'use strict'
// The upstream client of a session-key platform other than WeChat (QQ,
// Douyin, Kuaishou, Baidu): its code exchange, sent as the core's rules
// say (rules.json `platforms`: path, GET query, JSON or form, parameter
// names), read by the core. No access token, phone code or checksession:
// those methods are absent (see client.js).

const { createTransport } = require('./transport')
const PLATFORMS = require('../../../dist/rules.json').platforms

/** Each platform's name in messages. */
const LABELS = { qq: 'QQ', toutiao: 'Douyin', kuaishou: 'Kuaishou', baidu: 'Baidu' }

/**
 * @param {object} o
 * @param {string} o.platform
 * @param {typeof import('../../loader/server')} o.core
 * @param {string} o.appId
 * @param {string} o.appSecret
 * @param {string} [o.appKey] Baidu's app key (its `client_id`)
 * @param {string} o.apiBase
 * @returns {import('./client').UpstreamClient}
 */
function createCodeExchangeClient ({ platform, core, observe, fail, appId, appSecret, appKey, apiBase, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs }) {
  const rules = PLATFORMS.find((p) => p.name === platform)
  const { call, withRetry } = createTransport({ label: LABELS[platform] || platform, fail, observe, fetch: fetchImpl, timeoutMs, retries, retryBaseMs, retryMaxMs })
  const href = apiBase.replace(/\/+$/, '') + rules.codePath
  const [idName, secretName, codeName] = rules.codeParams
  const fixed = { [idName]: platform === 'baidu' ? appKey : appId, [secretName]: appSecret }
  if (rules.codeGrant !== '') fixed.grant_type = rules.codeGrant
  const endpoint = rules.codePath.slice(rules.codePath.lastIndexOf('/') + 1)
  const read = (text) => { const user = core.code2SessionUser(platform, text); user.answer = text; return user }

  /** The request for `code` (and Douyin's anonymous code), as the platform takes it. */
  function request (code, extra) {
    const params = { ...fixed, [codeName]: code }
    if (platform === 'toutiao' && extra !== undefined && typeof extra.anonymousCode === 'string') params.anonymous_code = extra.anonymousCode
    switch (rules.codeEncoding) {
      case 'query': return ['GET', `${href}?${new URLSearchParams(params)}`, undefined]
      case 'json': return ['POST', href, params]
      default: return ['POST', href, new URLSearchParams(params)]
    }
  }

  function code2session (code, extra) {
    const [method, url, body] = request(code, extra)
    return withRetry(() => call(endpoint, method, url, body, read))
  }

  return { platform, code2session, phoneNumber: undefined, checkSession: undefined, accessToken: undefined }
}

module.exports = { createCodeExchangeClient }
