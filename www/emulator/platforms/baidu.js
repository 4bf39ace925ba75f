'use strict'
// Baidu's code exchange as the emulator answers it: `POST
// /oauth/jscode2sessionkey` (form `code, client_id` = the app key, `sk` =
// the app secret) answering `{ openid, session_key }` with a 24-byte key,
// or OAuth 2.0's `{ error, error_description }` (`invalid_client`,
// `invalid_grant` for an unknown, expired or used code), with `errno`
// 10010100 for a missing parameter. Data is sealed in Baidu's frame
// (AES-192-CBC, the app key at its end): the phone button `{ mobile }`,
// user info `{ openid, nickname, headimgurl, sex }`; nothing is signed.

const { sealBaidu } = require('./seal')

module.exports = {
  name: 'baidu',
  route: 'POST /oauth/jscode2sessionkey',
  keyBytes: 24,
  /** Baidu's app is named by its app key (client_id). */
  byAppKey: true,
  read: (q, body) => ({ appid: body.client_id, secret: body.sk, code: body.code, ok: true }),
  answer: (u) => ({ openid: u.openid, session_key: u.sessionKey }),
  refuse: (why) => why === 'request'
    ? { errno: 10010100, error: 'parameter is invalid', error_description: 'a parameter is missing' }
    : typeof why === 'number'
      ? { errno: why, error: 'server_error', error_description: 'injected fault' }
      : { error: { appid: 'invalid_client', secret: 'invalid_client', code: 'invalid_grant', used: 'invalid_grant' }[why], error_description: String(why) },
  signsRawData: false,
  sealUserInfo: (u, info, appKey) => sealBaidu(u.sessionKey, { openid: u.openid, nickname: info.nickName, headimgurl: info.avatarUrl, sex: info.gender }, appKey),
  sealPhone: (u, phone, watermark, appKey) => sealBaidu(u.sessionKey, { mobile: phone.purePhoneNumber }, appKey)
}
