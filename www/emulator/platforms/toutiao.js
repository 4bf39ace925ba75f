'use strict'
// Douyin's code exchange as the emulator answers it: `POST
// /api/apps/v2/jscode2session` (JSON `{ appid, secret, code,
// anonymous_code }`) answering `{ err_no, err_tips, data: { session_key,
// openid, anonymous_openid, unionid } }`; err_no 40015 appid, 40017
// secret, 40018 code (unknown, expired or used), 40019 anonymous code,
// -1 busy. `tt.login` gives a code and an anonymous code, each single-use.
// User info (no watermark, as Douyin's docs show) and the old phone button
// (with a watermark) are WeChat's AES-128-CBC with the session key. Access
// tokens: `POST /api/apps/v2/token` (JSON `{ appid, secret, grant_type:
// 'client_credential' }`), 2 hours; a new one cuts the previous one to 5
// minutes. Client tokens: `POST /oauth/client_token/` (JSON `{ client_key,
// client_secret, grant_type: 'client_credential' }`) answering `{ data: {
// access_token, expires_in, error_code, description }, message }`, 2 hours,
// only the latest two valid. The new phone button (base library 3.51.0+)
// gives a code (5 minutes, single use) exchanged at `POST
// /api/apps/v1/get_phonenumber_info/` (header `access-token`: a client
// token, JSON `{ code }`), answering `{ err_no, err_msg,
// log_id, data }`, `data` the base64 of the phone payload (WeChat's fields
// and a watermark) RSA-encrypted (PKCS#1 v1.5) to the public key the app set
// in the console (`phonePublicKey`); err_no 28005187 for an unknown,
// expired or used code (the number a Douyin SDK's docs give).

const crypto = require('crypto')
const { sealAes128 } = require('./seal')

/** Encrypts `data`'s JSON to the app's phone public key, as Douyin answers a phone code. */
function sealPhoneCode (publicKey, data) {
  return crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(JSON.stringify(data), 'utf8')).toString('base64')
}

module.exports = {
  name: 'toutiao',
  route: 'POST /api/apps/v2/jscode2session',
  keyBytes: 16,
  anonymous: true,
  read: (q, body) => ({ appid: body.appid, secret: body.secret, code: body.code, anonymousCode: body.anonymous_code, ok: true }),
  answer: (u, anonymousOpenid) => ({ err_no: 0, err_tips: 'success', data: { session_key: u.sessionKey, openid: u.openid, anonymous_openid: anonymousOpenid || '', unionid: u.unionid } }),
  refuse: (why) => ({ err_no: { appid: 40015, secret: 40017, code: 40018, used: 40018, anonymous: 40019 }[why] || why, err_tips: String(why), data: null }),
  signsRawData: true,
  sealUserInfo: (u, info) => sealAes128(u.sessionKey, { openId: u.openid, ...info }),
  sealPhone: (u, phone, watermark) => sealAes128(u.sessionKey, { ...phone, watermark }),
  phoneCode: {
    route: 'POST /api/apps/v1/get_phonenumber_info/',
    seal: sealPhoneCode,
    answer: (data) => ({ err_no: 0, err_msg: 'success', log_id: crypto.randomBytes(8).toString('hex'), data }),
    /** `code`: unknown, expired or used; `token`: an access token Douyin did not issue or that ended (its number is not in the stored docs). */
    refuse: (why) => ({ err_no: { code: 28005187, token: 28001008 }[why] || why, err_msg: String(why), log_id: crypto.randomBytes(8).toString('hex'), data: '' })
  },
  clientToken: {
    route: 'POST /oauth/client_token/',
    read: (q, body) => ({ appid: body.client_key, secret: body.client_secret, ok: body.grant_type === 'client_credential' }),
    answer: (token, expiresIn) => ({ data: { access_token: token, description: '', error_code: 0, expires_in: expiresIn }, message: 'success' }),
    /** A refused request: the error number is not in the stored docs (kept as `errcode`, ERR_UPSTREAM_API). */
    refuse: (why) => ({ data: { description: String(why), error_code: 10003 }, message: 'error' }),
    ttlSeconds: 7200,
    /** How many of the latest client tokens stay valid. */
    kept: 2
  },
  token: {
    route: 'POST /api/apps/v2/token',
    read: (q, body) => ({ appid: body.appid, secret: body.secret, ok: body.grant_type === 'client_credential' }),
    answer: (token, expiresIn) => ({ err_no: 0, err_tips: 'success', data: { access_token: token, expires_in: expiresIn } }),
    ttlSeconds: 7200,
    /** What is left of the previous token when a new one is issued. */
    previousLeftSeconds: 300
  }
}
