#!/usr/bin/env node
// Builds tests/vectors/alipay.json with Alipay's official Node SDK
// (alipay-sdk 4.14.0: its request signing `sign`, its answer check
// `checkResponseSign`, its `aesEncrypt`) and Node's own crypto, not with any
// code of this project: RSA2 gateway requests and signed answers, the phone
// button's `{ response, sign }`, content-key ciphertexts, and Douyin's phone
// code answers (RSA PKCS#1 v1.5 sealed to the app's key), each with what it
// must read to or the error code it must raise. The keys are made afresh
// on each run (so the file changes); every case is checked against
// alipay-sdk before it is written. Run: node tests/vectors/make-alipay.js
'use strict'
process.env.TZ = 'Asia/Shanghai' // alipay-sdk writes `timestamp` in local time
const crypto = require('crypto')
const fs = require('fs')
const path = require('path')
const assert = require('assert')
const { AlipaySdk } = require('alipay-sdk')
// Its util module is not in its exports map: required by path.
const util = require(path.join(path.dirname(require.resolve('alipay-sdk')), 'util.js'))

const b64 = (buf) => Buffer.from(buf).toString('base64')
const pair = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const der = (key, type) => b64(key.export({ type, format: 'der' }))
const pem = (key, type) => key.export({ type, format: 'pem' })

const app = pair()
const alipay = pair()
const other = pair()
const encryptKey = b64(crypto.createHash('sha256').update('alipay-content-key').digest().subarray(0, 16))
const otherEncryptKey = b64(crypto.createHash('sha256').update('another-content-key').digest().subarray(0, 16))
const APP_ID = '2021000000000001'

const keys = {
  appPrivatePkcs1Pem: pem(app.privateKey, 'pkcs1'),
  appPrivatePkcs8Pem: pem(app.privateKey, 'pkcs8'),
  appPrivatePkcs1Bare: der(app.privateKey, 'pkcs1'),
  appPrivatePkcs8Bare: der(app.privateKey, 'pkcs8'),
  appPublicSpkiPem: pem(app.publicKey, 'spki'),
  appPublicBare: der(app.publicKey, 'spki'),
  alipayPrivatePkcs8Pem: pem(alipay.privateKey, 'pkcs8'),
  alipayPublicBare: der(alipay.publicKey, 'spki'),
  alipayPublicPkcs1Pem: pem(alipay.publicKey, 'pkcs1'),
  otherPublicBare: der(other.publicKey, 'spki'),
  encryptKey,
  otherEncryptKey
}

// --- requests: alipay-sdk's own signing, at a fixed time ------------------
const RealDate = Date
function at (seconds, fn) {
  global.Date = class extends RealDate {
    constructor (...a) { super(...(a.length ? a : [seconds * 1000])) }
    static now () { return seconds * 1000 }
  }
  try { return fn() } finally { global.Date = RealDate }
}
const sdkConfig = { appId: APP_ID, privateKey: keys.appPrivatePkcs1Bare, charset: 'utf-8', version: '1.0', signType: 'RSA2' }
const sdk = new AlipaySdk({ appId: APP_ID, privateKey: keys.appPrivatePkcs1Bare, alipayPublicKey: keys.alipayPublicBare })
const requests = [
  { name: 'oauth-token', code: '4b203fe6c11548bcabd8da5bb087a83b', now: 1796574605 },
  { name: 'oauth-token-leap-day-midnight', code: 'e0d1c2b3a4958677', now: 1709136000 },
  { name: 'oauth-token-code-with-symbols', code: 'a+b/c=d~e', now: 1763900000 }
].map((c) => {
  const params = at(c.now, () => util.sign('alipay.system.oauth.token', { grantType: 'authorization_code', code: c.code }, sdk.config))
  // Check the sign with Node's own crypto over the content Alipay's docs define.
  const content = Object.keys(params).filter((k) => k !== 'sign' && params[k] !== '').sort().map((k) => `${k}=${params[k]}`).join('&')
  assert(crypto.verify('sha256', Buffer.from(content), app.publicKey, Buffer.from(params.sign, 'base64')))
  return { ...c, appId: APP_ID, signContent: content, params }
})
void sdkConfig

// --- answers: signed by "Alipay" over the member's text --------------------
const MEMBER = 'alipay_system_oauth_token_response'
const signWith = (key, text) => crypto.sign('sha256', Buffer.from(text), key).toString('base64')
function answer (memberName, memberText, { key = alipay.privateKey, sign, extra = '' } = {}) {
  const s = sign === undefined ? signWith(key, memberText) : sign
  return `{"${memberName}":${memberText}${extra},"sign":${JSON.stringify(s)}}`
}
const ok = '{"access_token":"authusrB8c4f0b1e6a3d4e5f","alipay_user_id":"20880012345678901234567890123456","expires_in":1296000,"open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authusrB1f2e3d4c5b6a7","user_id":"2088102104794936"}'
const okUserOnly = '{"access_token":"authusrBx","expires_in":1296000,"re_expires_in":2592000,"refresh_token":"authusrBy","user_id":"2088102104794936"}'
const err = '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid","sub_msg":"授权码code无效"}'
const spaced = '{ "access_token" : "t1", "expires_in" : 1296000, "open_id" : "o\\u002f1" }'
const answers = [
  { name: 'ok-open-id', text: answer(MEMBER, ok), expect: { openid: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', openId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', userId: '2088102104794936', expiresIn: 1296000 } },
  { name: 'ok-user-id-only', text: answer(MEMBER, okUserOnly), expect: { openid: '2088102104794936', userId: '2088102104794936', expiresIn: 1296000 } },
  { name: 'ok-spaced-and-escaped', text: answer(MEMBER, spaced), expect: { openid: 'o/1', openId: 'o/1', expiresIn: 1296000 } },
  { name: 'error-code-invalid-signed', text: answer('error_response', err), error: 'ERR_CODE_INVALID', errcode: 40002 },
  { name: 'error-unsigned', text: `{"error_response":{"code":"20000","msg":"Service Currently Unavailable","sub_code":"isp.unknow-error","sub_msg":"系统繁忙"}}`, error: 'ERR_UPSTREAM_BUSY', errcode: 20000 },
  { name: 'error-badly-signed', text: answer('error_response', err, { key: other.privateKey }), error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'error-in-member', text: answer(MEMBER, '{"code":"40006","msg":"Insufficient Permissions","sub_code":"isv.insufficient-isv-permissions"}'), error: 'ERR_NO_PERMISSION', errcode: 40006 },
  { name: 'tampered-member', text: answer(MEMBER, ok).replace('2088102104794936', '2088102104794937'), error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'tampered-sign', text: answer(MEMBER, ok, { sign: (() => { const s = Buffer.from(signWith(alipay.privateKey, ok), 'base64'); s[10] ^= 1; return b64(s) })() }), error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'signed-by-another-key', text: answer(MEMBER, ok, { key: other.privateKey }), error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'unsigned-success', text: `{"${MEMBER}":${ok}}`, error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'sign-not-base64', text: answer(MEMBER, ok, { sign: '***' }), error: 'ERR_UPSTREAM_SIGNATURE' },
  { name: 'repeated-member', text: answer(MEMBER, ok, { extra: `,"${MEMBER}":${okUserOnly}` }), error: 'ERR_PAYLOAD_SHAPE' },
  { name: 'no-member', text: '{"sign":"AAAA"}', error: 'ERR_PAYLOAD_SHAPE' },
  { name: 'not-json', text: '<html>502</html>', error: 'ERR_PAYLOAD_SHAPE' },
  { name: 'no-ids', text: answer(MEMBER, '{"access_token":"t","expires_in":1}'), error: 'ERR_PAYLOAD_SHAPE' }
]
// Every answer Alipay signed verifies with alipay-sdk's own check, and the tampered ones do not.
for (const a of answers) {
  if (!a.expect) continue
  sdk.checkResponseSign(a.text, MEMBER, JSON.parse(a.text).sign)
}
for (const name of ['tampered-member', 'tampered-sign', 'signed-by-another-key']) {
  const a = answers.find((x) => x.name === name)
  assert.throws(() => sdk.checkResponseSign(a.text, MEMBER, JSON.parse(a.text).sign))
}

// --- the phone button's answer -------------------------------------------
const quoted = (response) => `"${response}"`
function phone (body, { content = encryptKey, key = alipay.privateKey } = {}) {
  const response = typeof body === 'string' ? util.aesEncryptText(body, content) : util.aesEncrypt(body, content)
  return { response, sign: signWith(key, quoted(response)) }
}
const flip = (text, at) => { const b = Buffer.from(text, 'base64'); b[at] ^= 1; return b64(b) }
const good = phone({ code: '10000', msg: 'Success', mobile: '13800138000' })
const phones = [
  { name: 'ok', ...good, expect: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', masked: '138****8000' } },
  { name: 'ok-with-country-code', ...phone({ code: '10000', msg: 'Success', mobile: '852-61234567' }), expect: { phoneNumber: '852-61234567', purePhoneNumber: '61234567', countryCode: '852', masked: '612*4567' } },
  { name: 'refused-by-alipay', ...phone({ code: '40006', msg: 'Insufficient Permissions', subCode: 'isv.insufficient-isv-permissions', subMsg: 'ISV权限不足' }), error: 'ERR_NO_PERMISSION', errcode: 40006 },
  { name: 'tampered-response', response: flip(good.response, 5), sign: good.sign, error: 'ERR_SIGNATURE' },
  { name: 'tampered-sign', response: good.response, sign: flip(good.sign, 20), error: 'ERR_SIGNATURE' },
  { name: 'signed-by-another-key', ...phone({ code: '10000', msg: 'Success', mobile: '13800138000' }, { key: other.privateKey }), error: 'ERR_SIGNATURE' },
  { name: 'sealed-with-another-content-key', ...phone({ code: '10000', msg: 'Success', mobile: '13800138000' }, { content: otherEncryptKey }), error: 'ERR_DECRYPT_FAILED' },
  { name: 'not-json-inside', ...phone('mobile=13800138000'), error: 'ERR_DECRYPT_FAILED' },
  { name: 'no-mobile', ...phone({ code: '10000', msg: 'Success' }), error: 'ERR_PAYLOAD_SHAPE' },
  { name: 'sign-of-the-unquoted-response', response: good.response, sign: signWith(alipay.privateKey, good.response), error: 'ERR_SIGNATURE' }
]
// alipay-sdk opens what it sealed (its own round trip), and the good one's sign checks with Node.
assert.deepStrictEqual(util.aesDecrypt(good.response, encryptKey), { code: '10000', msg: 'Success', mobile: '13800138000' })
assert(crypto.verify('sha256', Buffer.from(quoted(good.response)), alipay.publicKey, Buffer.from(good.sign, 'base64')))

// --- content key: alipay-sdk's ciphertexts (deterministic: zero iv) --------
const content = ['', 'a', '{"code":"10000","msg":"Success","mobile":"13800138000"}', '中文 and 16 bytes', 'x'.repeat(16)]
  .map((plaintext) => ({ plaintext, ciphertext: util.aesEncryptText(plaintext, encryptKey) }))

// --- Douyin's phone code: RSA PKCS#1 v1.5 to the app's key -----------------
const tt = pair()
const TT_APP = 'tt1234567890abcdef'
const NOW = 1763900000
const seal = (obj, key = tt.publicKey) => b64(crypto.publicEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(JSON.stringify(obj))))
const ttPhone = (appid, timestamp) => ({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { appid, timestamp } })
const douyin = {
  appId: TT_APP,
  now: NOW,
  privateKeyPkcs1Pem: pem(tt.privateKey, 'pkcs1'),
  privateKeyPkcs8Bare: der(tt.privateKey, 'pkcs8'),
  cases: [
    { name: 'ok', answer: { err_no: 0, err_msg: '', log_id: '20251123', data: seal(ttPhone(TT_APP, NOW - 5)) }, expect: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', masked: '138****8000' } },
    { name: 'other-app', answer: { err_no: 0, data: seal(ttPhone('tt0000000000000000', NOW - 5)) }, error: 'ERR_APPID_MISMATCH' },
    { name: 'too-old', answer: { err_no: 0, data: seal(ttPhone(TT_APP, NOW - 3600)) }, error: 'ERR_WATERMARK_TIME' },
    { name: 'no-watermark', answer: { err_no: 0, data: seal({ phoneNumber: '1', purePhoneNumber: '1', countryCode: '86' }) }, error: 'ERR_WATERMARK_MISSING' },
    { name: 'sealed-to-another-key', answer: { err_no: 0, data: seal(ttPhone(TT_APP, NOW - 5), other.publicKey) }, error: 'ERR_DECRYPT_FAILED' },
    { name: 'one-byte-changed', answer: { err_no: 0, data: flip(seal(ttPhone(TT_APP, NOW - 5)), 100) }, error: 'ERR_DECRYPT_FAILED' },
    { name: 'short-block', answer: { err_no: 0, data: b64(Buffer.alloc(128, 1)) }, error: 'ERR_CIPHERTEXT_LENGTH' },
    { name: 'code-expired', answer: { err_no: 28005187, err_msg: 'code expired', log_id: 'x' }, error: 'ERR_CODE_INVALID', errcode: 28005187 },
    { name: 'system-error', answer: { err_no: -1, err_msg: 'system error' }, error: 'ERR_UPSTREAM_BUSY', errcode: -1 }
  ]
}

const out = {
  source: 'tests/vectors/make-alipay.js: alipay-sdk 4.14.0 (util.sign, checkResponseSign, aesEncrypt) and Node crypto; no code of weapp-login',
  appId: APP_ID,
  keys,
  requests,
  answers,
  phones,
  content,
  douyin
}
fs.writeFileSync(path.join(__dirname, 'alipay.json'), JSON.stringify(out, null, 1) + '\n')
console.log(`wrote alipay.json: ${requests.length} requests, ${answers.length} answers, ${phones.length} phones, ${content.length} content, ${douyin.cases.length} douyin`)
