'use strict'
// Kuaishou's code exchange as the emulator answers it: `POST
// /oauth2/mp/code2session` (form `app_id, app_secret, js_code`) answering
// `{ result: 1, open_id, session_key, union_id }`, or `{ result,
// error_msg }`: 240001 code invalid (unknown, expired or used), 240002
// app_secret, 100 parameters incomplete. User info and the phone button
// are WeChat's AES-128-CBC with the session key, without a watermark. Access
// tokens: `POST /oauth2/access_token` (form `app_id, app_secret, grant_type
// = client_credentials`), 48 hours; a new one leaves the previous valid.

const { sealAes128 } = require('./seal')

module.exports = {
  name: 'kuaishou',
  route: 'POST /oauth2/mp/code2session',
  keyBytes: 16,
  read: (q, body) => ({ appid: body.app_id, secret: body.app_secret, code: body.js_code, ok: true }),
  answer: (u) => ({ result: 1, open_id: u.openid, session_key: u.sessionKey, union_id: u.unionid }),
  refuse: (why) => ({ result: { appid: 100, secret: 240002, request: 100, code: 240001, used: 240001 }[why] || why, error_msg: String(why) }),
  signsRawData: true,
  sealUserInfo: (u, info) => sealAes128(u.sessionKey, { openId: u.openid, ...info }),
  sealPhone: (u, phone) => sealAes128(u.sessionKey, phone),
  token: {
    route: 'POST /oauth2/access_token',
    read: (q, body) => ({ appid: body.app_id, secret: body.app_secret, ok: body.grant_type === 'client_credentials' }),
    answer: (token, expiresIn) => ({ result: 1, access_token: token, expires_in: expiresIn, token_type: 'bearer' }),
    ttlSeconds: 48 * 3600,
    previousLeftSeconds: null
  }
}
