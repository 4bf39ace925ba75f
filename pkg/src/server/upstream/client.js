'use strict'
// The upstream client of one app, whatever its platform: one interface,
// one maker. WeChat's (wechat.js) has tokens, phone codes and checksession;
// the other session-key platforms' (code-exchange.js: QQ, Douyin, Kuaishou,
// Baidu) exchange codes, and Douyin's phone codes with `phonePrivateKey`;
// Alipay's (alipay-upstream.js) signs its gateway calls and opens phone
// answers. What each platform's answer means is the core's
// (src/server/platforms.rs); where each platform's API is and which of the
// ways it has are the core's rules (rules.json `platforms`).

const { createWechatClient } = require('./wechat')
const { createCodeExchangeClient } = require('./code-exchange')
const { createAlipayUpstream } = require('./alipay-upstream')

/**
 * Who signed in: the ids the core read from the platform's answer, and the
 * answer's text itself (`answer`), which only the core reads again
 * (`core.signIn(platform, answer, …)`) so the session key never reaches JS.
 * A platform without a session key (Alipay: a signed gateway call answers
 * user_id/open_id) answers the same shape; its core reading keeps no key.
 * @typedef {object} SignedIn
 * @property {string} openid
 * @property {string} [unionid]
 * @property {string} [anonymousOpenid] Douyin, when an anonymous code was sent
 * @property {string} [answer] absent where there is no session key (Alipay)
 */

/**
 * A phone number the platform answered for a phone code.
 * @typedef {object} CodePhone
 * @property {string} phoneNumber
 * @property {string} purePhoneNumber
 * @property {string} countryCode
 * @property {string} masked
 */

/**
 * One app's upstream calls. Every method throws a `WeappLoginError` with the
 * core's code for what the platform answered (or ERR_NETWORK, ERR_TIMEOUT,
 * ERR_HTTP_STATUS), after the transport's bounded retries.
 * @typedef {object} UpstreamClient
 * @property {string} platform the platform's stable name
 * @property {(code: string, extra?: { anonymousCode?: string }) => Promise<SignedIn>} code2session
 *   a login code (and Douyin's anonymous code) exchanged
 * @property {((code: string, openid: string) => Promise<CodePhone>) | undefined} phoneNumber
 *   a phone code exchanged (WeChat's getuserphonenumber; Douyin's
 *   get_phonenumber_info, RSA-opened with `phonePrivateKey`); absent where
 *   the platform (or the app's options) has none
 * @property {((answer: object) => CodePhone) | undefined} [openPhone]
 *   a signed phone answer verified and opened with no upstream call
 *   (Alipay's `{ response, sign }`)
 * @property {((openid: string, signature: string) => Promise<true>) | undefined} checkSession
 *   whether the newest session key is current (WeChat only)
 * @property {(() => Promise<string>) | undefined} accessToken the app's access token, where calls need one
 */

/**
 * The upstream client of `o.platform` (a name the core checked).
 * @param {object} o see createWechatClient; `platform`, Baidu's `appKey`,
 *   Douyin's `phonePrivateKey`, Alipay's `privateKey`, `alipayPublicKey`, `encryptKey`
 * @returns {UpstreamClient}
 */
function createUpstreamClient (o) {
  if (o.platform === 'weixin') return createWechatClient(o)
  if (o.platform === 'alipay') return createAlipayUpstream(o)
  return createCodeExchangeClient(o)
}

module.exports = { createUpstreamClient }
