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
// minutes.

const { sealAes128 } = require('./seal')

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
  token: {
    route: 'POST /api/apps/v2/token',
    read: (q, body) => ({ appid: body.appid, secret: body.secret, ok: body.grant_type === 'client_credential' }),
    answer: (token, expiresIn) => ({ err_no: 0, err_tips: 'success', data: { access_token: token, expires_in: expiresIn } }),
    ttlSeconds: 7200,
    /** What is left of the previous token when a new one is issued. */
    previousLeftSeconds: 300
  }
}
