#!/usr/bin/env node
// Builds tests/vectors/platforms.json with Node's own crypto (no code of this
// project): AES-128-CBC payloads as QQ, Kuaishou and Douyin seal them,
// AES-192-CBC frames as Baidu seals them (padded by hand to 32 bytes, as
// Baidu's official sample is), hostile Baidu frames, and each platform's
// code-exchange answers as their docs show them. Deterministic: fixed keys,
// ivs and "random" bytes. Run: node tests/vectors/make-platforms.js
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const NOW = 1763900000;
const b64 = (buf) => Buffer.from(buf).toString('base64');
const bytes = (seed, n) => crypto.createHash('sha256').update(seed).digest().subarray(0, n);

function aes128(key, iv, text) {
  const c = crypto.createCipheriv('aes-128-cbc', key, iv);
  return b64(Buffer.concat([c.update(Buffer.from(text)), c.final()]));
}

// PKCS#7 to a multiple of `block` bytes, then raw AES-192-CBC.
function aes192(key, iv, plain, block = 32, padByte) {
  const pad = block - (plain.length % block);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, padByte === undefined ? pad : padByte)]);
  const c = crypto.createCipheriv('aes-192-cbc', key, iv);
  c.setAutoPadding(false);
  return b64(Buffer.concat([c.update(padded), c.final()]));
}

function frame(random, data, appKey, lengthField) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lengthField === undefined ? Buffer.byteLength(data) : lengthField);
  return Buffer.concat([random, len, Buffer.from(data), Buffer.from(appKey)]);
}

const cases = { aes128: [], baidu: [], code2session: [] };

// --- AES-128-CBC payloads (QQ, Kuaishou, Douyin) ---------------------------
const key16 = bytes('platforms-key-16', 16);
const iv16 = bytes('platforms-iv-16', 16);
const appid = { qq: '1112223334', kuaishou: 'ks671234567890', toutiao: 'tt5daf2b0123457910' };
const wm = (id, ts = NOW - 5) => ({ appid: id, timestamp: ts });
const userInfo = { openId: 'o-user-1', nickName: 'Band', gender: 1, language: 'zh_CN', city: 'Guangzhou', province: 'Guangdong', country: 'CN', avatarUrl: 'https://example.com/a.png' };
const phone = { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' };
function aesCase(name, platform, kind, payload, expect, appId = appid[platform]) {
  cases.aes128.push({
    name, platform, kind, appId, now: NOW,
    sessionKey: b64(key16), iv: b64(iv16),
    encryptedData: aes128(key16, iv16, JSON.stringify(payload)),
    ...expect,
  });
}
aesCase('qq-user-info-no-watermark', 'qq', 'userInfo', userInfo, { expect: { openId: 'o-user-1', watermark: null } });
aesCase('qq-user-info-watermark', 'qq', 'userInfo', { ...userInfo, watermark: wm(appid.qq) }, { expect: { openId: 'o-user-1', watermark: wm(appid.qq) } });
aesCase('qq-user-info-other-app', 'qq', 'userInfo', { ...userInfo, watermark: wm('1119998887') }, { error: 'ERR_APPID_MISMATCH' });
aesCase('kuaishou-phone-no-watermark', 'kuaishou', 'phone', phone, { expect: { purePhoneNumber: '13800138000', watermark: null } });
aesCase('kuaishou-phone-old-watermark', 'kuaishou', 'phone', { ...phone, watermark: wm(appid.kuaishou, NOW - 4000) }, { error: 'ERR_WATERMARK_TIME' });
aesCase('kuaishou-phone-no-number', 'kuaishou', 'phone', { countryCode: '86' }, { error: 'ERR_PAYLOAD_SHAPE' });
aesCase('kuaishou-user-info', 'kuaishou', 'userInfo', userInfo, { expect: { openId: 'o-user-1', watermark: null } });
aesCase('toutiao-phone', 'toutiao', 'phone', { ...phone, watermark: wm(appid.toutiao) }, { expect: { purePhoneNumber: '13800138000', watermark: wm(appid.toutiao) } });
aesCase('toutiao-phone-no-watermark', 'toutiao', 'phone', phone, { error: 'ERR_WATERMARK_MISSING' });
aesCase('toutiao-phone-other-app', 'toutiao', 'phone', { ...phone, watermark: wm('tt0000000000000000') }, { error: 'ERR_APPID_MISMATCH' });
aesCase('toutiao-user-info', 'toutiao', 'userInfo', userInfo, { expect: { openId: 'o-user-1', watermark: null } });
{
  const other = bytes('platforms-other-key', 16);
  cases.aes128.push({
    name: 'qq-user-info-stale-key', platform: 'qq', kind: 'userInfo', appId: appid.qq, now: NOW,
    sessionKey: b64(other), iv: b64(iv16),
    encryptedData: aes128(key16, iv16, JSON.stringify(userInfo)), error: 'ERR_DECRYPT_FAILED',
  });
}

// --- Baidu: AES-192-CBC frames ----------------------------------------------
// Baidu's own sample (its docs' PHP and Java decrypt examples): the input and
// what it opens to, checked here with Node's aes-192-cbc.
{
  const sample = {
    appKey: 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7',
    sessionKey: '1df09d0a1677dd72b8325aec59576e0c',
    iv: '1df09d0a1677dd72b8325Q==',
    encryptedData: 'OpCoJgs7RrVgaMNDixIvaCIyV2SFDBNLivgkVqtzq2GC10egsn+PKmQ/+5q+chT8xzldLUog2haTItyIkKyvzvmXonBQLIMeq54axAu9c3KG8IhpFD6+ymHocmx07ZKi7eED3t0KyIxJgRNSDkFk5RV1ZP2mSWa7ZgCXXcAbP0RsiUcvhcJfrSwlpsm0E1YJzKpYy429xrEEGvK+gfL+Cw==',
  };
  const d = crypto.createDecipheriv('aes-192-cbc', Buffer.from(sample.sessionKey, 'base64'), Buffer.from(sample.iv, 'base64'));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(sample.encryptedData, 'base64')), d.final()]);
  const pad = plain[plain.length - 1];
  const body = plain.subarray(0, plain.length - pad);
  const n = body.readUInt32BE(16);
  const data = JSON.parse(body.subarray(20, 20 + n).toString());
  if (body.subarray(20 + n).toString() !== sample.appKey) throw new Error('sample app key');
  cases.baidu.push({ name: 'baidu-docs-sample', source: 'Baidu smart program docs, 用户数据的签名验证和加解密, PHP sample', kind: 'userInfo', ...sample, padding: pad, expect: data });
}
const key24 = bytes('platforms-key-24', 24);
const iv24 = bytes('platforms-iv-24', 16);
const random = bytes('platforms-random', 16);
const appKey = 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7';
function baiduCase(name, kind, plain, expect, opts = {}) {
  cases.baidu.push({
    name, kind, appKey: opts.appKey || appKey,
    sessionKey: b64(opts.key || key24), iv: b64(iv24),
    encryptedData: opts.raw || aes192(key24, iv24, plain, opts.block, opts.padByte),
    ...expect,
  });
}
const bUser = { openid: 'open_id', nickname: 'baidu_user', headimgurl: 'url of image', sex: 1 };
baiduCase('baidu-user-info', 'userInfo', frame(random, JSON.stringify(bUser), appKey), { expect: bUser });
baiduCase('baidu-phone', 'phone', frame(random, JSON.stringify({ mobile: '15500000000' }), appKey), { expect: { mobile: '15500000000' } });
baiduCase('baidu-pkcs7-16', 'data', frame(random, '{"a":1}', appKey), { expect: { a: 1 } }, { block: 16 });
baiduCase('baidu-other-app-key', 'data', frame(random, '{"a":1}', 'AnotherAppKey000000000000000000x'), { error: 'ERR_APPID_MISMATCH' });
baiduCase('baidu-app-key-cut', 'data', frame(random, '{"a":1}', appKey.slice(0, 10)), { error: 'ERR_APPID_MISMATCH' });
baiduCase('baidu-length-ffffffff', 'data', frame(random, '{"a":1}', appKey, 0xffffffff), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-length-past-end', 'data', frame(random, '{"a":1}', appKey, 7 + appKey.length + 1), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-length-zero', 'data', frame(random, '{"a":1}', appKey, 0), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-length-cuts-json', 'data', frame(random, '{"a":1}', appKey, 4), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-truncated-header', 'data', Buffer.concat([random, Buffer.from([0, 0])]), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-not-json', 'data', frame(random, 'not json', appKey), { error: 'ERR_DECRYPT_FAILED' });
baiduCase('baidu-pad-33', 'data', frame(random, '{"a":1}', appKey), { error: 'ERR_DECRYPT_FAILED' }, { block: 32, padByte: 33 });
baiduCase('baidu-pad-zero', 'data', frame(random, '{"a":1}', appKey), { error: 'ERR_DECRYPT_FAILED' }, { block: 32, padByte: 0 });
baiduCase('baidu-stale-key', 'data', frame(random, '{"a":1}', appKey), { error: 'ERR_DECRYPT_FAILED' }, { key: bytes('platforms-other-24', 24), raw: aes192(key24, iv24, frame(random, '{"a":1}', appKey)) });
baiduCase('baidu-16-byte-key', 'data', frame(random, '{"a":1}', appKey), { error: 'ERR_KEY_LENGTH' }, { key: key16 });
baiduCase('baidu-phone-no-mobile', 'phone', frame(random, '{"phone":"1"}', appKey), { error: 'ERR_PAYLOAD_SHAPE' });
cases.baidu.push({ name: 'baidu-ciphertext-not-blocks', kind: 'data', appKey, sessionKey: b64(key24), iv: b64(iv24), encryptedData: b64(Buffer.alloc(20)), error: 'ERR_CIPHERTEXT_LENGTH' });

// --- code exchange answers ----------------------------------------------------
const c2s = (platform, name, body, expect) => cases.code2session.push({ platform, name, body, ...expect });
const sk = b64(key16);
c2s('qq', 'qq-ok', { openid: 'o-qq', session_key: sk, unionid: 'u-qq' }, { expect: { openid: 'o-qq', unionid: 'u-qq' } });
c2s('qq', 'qq-busy', { errcode: -1, errmsg: 'system busy' }, { error: 'ERR_UPSTREAM_BUSY', errcode: -1 });
c2s('qq', 'qq-code-invalid', { errcode: 40029, errmsg: 'invalid code' }, { error: 'ERR_CODE_INVALID', errcode: 40029 });
c2s('qq', 'qq-rate-limited', { errcode: 45011, errmsg: 'freq limit' }, { error: 'ERR_RATE_LIMITED', errcode: 45011 });
c2s('kuaishou', 'kuaishou-ok', { result: 1, open_id: 'o-ks', session_key: sk, union_id: 'u-ks' }, { expect: { openid: 'o-ks', unionid: 'u-ks' } });
c2s('kuaishou', 'kuaishou-ok-no-union', { result: 1, open_id: 'o-ks', session_key: sk }, { expect: { openid: 'o-ks', unionid: null } });
c2s('kuaishou', 'kuaishou-code-invalid', { result: 240001, error_msg: 'code invalid' }, { error: 'ERR_CODE_INVALID', errcode: 240001 });
c2s('kuaishou', 'kuaishou-secret', { result: 240002, error_msg: 'app_secret invalid' }, { error: 'ERR_APP_CONFIG', errcode: 240002 });
c2s('kuaishou', 'kuaishou-params', { result: 100, error_msg: 'params' }, { error: 'ERR_UPSTREAM_API', errcode: 100 });
c2s('kuaishou', 'kuaishou-no-result', { open_id: 'o-ks', session_key: sk }, { error: 'ERR_PAYLOAD_SHAPE' });
c2s('toutiao', 'toutiao-v2-ok', { err_no: 0, err_tips: 'success', data: { session_key: sk, openid: 'o-tt', anonymous_openid: '', unionid: 'u-tt', dopenid: '' } }, { expect: { openid: 'o-tt', unionid: 'u-tt', anonymous_openid: null } });
c2s('toutiao', 'toutiao-v2-anonymous', { err_no: 0, err_tips: 'success', data: { session_key: sk, openid: 'o-tt', anonymous_openid: 'a-tt', unionid: '' } }, { expect: { openid: 'o-tt', unionid: null, anonymous_openid: 'a-tt' } });
c2s('toutiao', 'toutiao-v2-code', { err_no: 40018, err_tips: 'bad code', data: null }, { error: 'ERR_CODE_INVALID', errcode: 40018 });
c2s('toutiao', 'toutiao-v2-secret', { err_no: 40017, err_tips: 'bad secret' }, { error: 'ERR_APP_CONFIG', errcode: 40017 });
c2s('toutiao', 'toutiao-v2-only-anonymous', { err_no: 0, err_tips: 'success', data: { session_key: '', openid: '', anonymous_openid: 'a-tt' } }, { error: 'ERR_PAYLOAD_SHAPE' });
c2s('toutiao', 'toutiao-legacy-ok', { session_key: sk, openid: 'o-tt', anonymous_openid: 'a-tt' }, { expect: { openid: 'o-tt', unionid: null, anonymous_openid: 'a-tt' } });
c2s('toutiao', 'toutiao-legacy-appid', { errcode: 40015, errmsg: 'bad appid' }, { error: 'ERR_APP_CONFIG', errcode: 40015 });
c2s('toutiao', 'toutiao-legacy-acode', { errcode: 40019, errmsg: 'bad acode' }, { error: 'ERR_CODE_INVALID', errcode: 40019 });
c2s('toutiao', 'toutiao-legacy-system', { errcode: -1, errmsg: 'system error' }, { error: 'ERR_UPSTREAM_BUSY', errcode: -1 });
c2s('baidu', 'baidu-ok', { openid: 'l214zFqNrEuIEnp6m7Y01sw8yj', session_key: '981ce8b151c0599acf7ad1a673c6ff5e' }, { expect: { openid: 'l214zFqNrEuIEnp6m7Y01sw8yj', unionid: null } });
c2s('baidu', 'baidu-errno', { errno: 10010100, error: 'parameter is invalid', error_description: "Key: 'Code2SessionKeyParam.ClientID' Error:Field validation for 'ClientID' failed on the 'required' tag" }, { error: 'ERR_UPSTREAM_API', errcode: 10010100 });
c2s('baidu', 'baidu-oauth-error', { error: 'invalid_grant', error_description: 'code is expired' }, { error: 'ERR_CODE_INVALID' });

const out = {
  source: 'Built by tests/vectors/make-platforms.js with Node ' + process.version + "'s crypto (aes-128-cbc, aes-192-cbc); baidu-docs-sample is Baidu's published sample; code2session bodies follow each platform's docs (tests/vectors/README.md)",
  ...cases,
};
fs.writeFileSync(path.join(__dirname, 'platforms.json'), JSON.stringify(out, null, 2) + '\n');
console.log('platforms.json:', cases.aes128.length, 'aes128,', cases.baidu.length, 'baidu,', cases.code2session.length, 'code2session');
