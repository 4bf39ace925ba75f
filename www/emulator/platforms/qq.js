'use strict'
// QQ's code exchange as the emulator answers it: WeChat's parameters and
// answer at `GET /sns/jscode2session` on api.q.qq.com, WeChat's errcodes
// (-1 busy, 40029 bad code; a used code is 40029 too: QQ documents no
// 40163). User info is WeChat's AES-128-CBC, signed, with no watermark
// (QQ's docs show none); QQ has no phone-number payload.

const { sealAes128 } = require('./seal')

module.exports = {
  name: 'qq',
  route: 'GET /sns/jscode2session',
  keyBytes: 16,
  /** The request's credentials and code. */
  read: (q) => ({ appid: q.appid, secret: q.secret, code: q.js_code, ok: q.grant_type === 'authorization_code' }),
  /** The answer for user `u`. */
  answer: (u) => ({ openid: u.openid, session_key: u.sessionKey, unionid: u.unionid }),
  /** The refusal of kind `why` (`appid`, `secret`, `request`, `code`, `used`), or an injected errcode. */
  refuse: (why) => ({ errcode: { appid: 40013, secret: 40125, request: 40002, code: 40029, used: 40029 }[why] || why, errmsg: String(why) }),
  signsRawData: true,
  sealUserInfo: (u, info) => sealAes128(u.sessionKey, { openId: u.openid, unionId: u.unionid, ...info }),
  sealPhone: null
}
