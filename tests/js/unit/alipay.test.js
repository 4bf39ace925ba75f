'use strict'
// tests/vectors/alipay.json (made with alipay-sdk and Node's crypto) through
// the Node build: createAlipayClient's requests equal alipay-sdk's own
// signing byte for byte, its signed answers and phone responses read with
// ours, tampered ones are refused; Douyin's phone code answers open with
// node:crypto's RSA called back from the core. Options are checked.
process.env.TZ = 'Asia/Shanghai' // alipay-sdk writes `timestamp` in local time
const { test } = require('node:test')
const assert = require('node:assert')
const crypto = require('node:crypto')
const path = require('node:path')
const { AlipaySdk } = require('alipay-sdk')
const util = require(path.join(path.dirname(require.resolve('alipay-sdk')), 'util.js'))
const core = require('../../../pkg/src/loader/server')
const { createAlipayClient } = require('../../../pkg/src/server/upstream/alipay')
const v = require('../../vectors/alipay.json')

const base = { core, appId: v.appId, privateKey: v.keys.appPrivatePkcs1Bare, alipayPublicKey: v.keys.alipayPublicBare, encryptKey: v.keys.encryptKey }

/** A client whose gateway answers `text`, recording each request. */
function clientAnswering (text, extra = {}) {
  const seen = []
  const client = createAlipayClient({
    ...base,
    ...extra,
    apiBase: 'https://gateway.test',
    fetch: async (url, init) => { seen.push({ url, init }); return { status: 200, text: async () => text } }
  })
  return { client, seen }
}

const paramsOf = ({ url, init }) => ({ ...Object.fromEntries(new URL(url).searchParams), ...Object.fromEntries(new URLSearchParams(init.body)) })

test('our gateway requests equal alipay-sdk\'s signed parameters, for every private key form', async () => {
  const sdk = new AlipaySdk({ appId: v.appId, privateKey: v.keys.appPrivatePkcs1Bare })
  for (const form of ['appPrivatePkcs1Pem', 'appPrivatePkcs8Pem', 'appPrivatePkcs1Bare', 'appPrivatePkcs8Bare']) {
    for (const c of v.requests) {
      const { client, seen } = clientAnswering(v.answers[0].text, { privateKey: v.keys[form], now: () => c.now * 1000 })
      await client.exchangeCode(c.code)
      const ours = paramsOf(seen[0])
      assert.deepStrictEqual(ours, c.params, `${form} ${c.name}`)
      // And alipay-sdk, signing the same parameters at the same moment now, agrees.
      const RealDate = Date
      global.Date = class extends RealDate { constructor (...a) { super(...(a.length ? a : [c.now * 1000])) } }
      let theirs
      try { theirs = util.sign('alipay.system.oauth.token', { grantType: 'authorization_code', code: c.code }, sdk.config) } finally { global.Date = RealDate }
      assert.deepStrictEqual(ours, theirs)
      assert.strictEqual(seen[0].init.method, 'POST')
      assert.match(seen[0].init.headers['content-type'], /^application\/x-www-form-urlencoded/)
      assert.strictEqual(new URL(seen[0].url).pathname, '/gateway.do')
    }
  }
})

test('every gateway answer reads as the vectors say, and tampered ones are refused', async () => {
  for (const a of v.answers) {
    const { client } = clientAnswering(a.text)
    if (a.expect) {
      assert.deepStrictEqual(await client.exchangeCode('abc'), { openid: a.expect.openid, unionid: null }, a.name)
      assert.deepStrictEqual(core.alipayTokenUser(a.text, (m, s) => crypto.verify('sha256', m, crypto.createPublicKey({ key: Buffer.from(v.keys.alipayPublicBare, 'base64'), format: 'der', type: 'spki' }), s)), a.expect, a.name)
    } else {
      await assert.rejects(client.exchangeCode('abc'), (e) => e.code === a.error && (a.errcode === undefined || e.errcode === a.errcode), a.name)
    }
  }
})

test('every phone answer opens, masked unless the number is asked for, or is refused', () => {
  const { client } = clientAnswering('')
  for (const p of v.phones) {
    if (p.expect) {
      assert.deepStrictEqual(client.openPhone({ response: p.response, sign: p.sign }, { reveal: true }), p.expect, p.name)
      assert.deepStrictEqual(client.openPhone({ response: p.response, sign: p.sign }), { countryCode: p.expect.countryCode, masked: p.expect.masked }, p.name)
    } else {
      assert.throws(() => client.openPhone({ response: p.response, sign: p.sign }), (e) => e.code === p.error && (p.errcode === undefined || e.errcode === p.errcode), p.name)
    }
  }
})

test('one flipped byte anywhere in a phone response or its sign is refused as a signature fault', () => {
  const { client } = clientAnswering('')
  const good = v.phones.find((p) => p.name === 'ok')
  for (const field of ['response', 'sign']) {
    const bytes = Buffer.from(good[field], 'base64')
    for (let i = 0; i < bytes.length; i += 7) {
      const bad = Buffer.from(bytes)
      bad[i] ^= 0x40
      const answer = { ...good, [field]: bad.toString('base64') }
      assert.throws(() => client.openPhone(answer), (e) => e.code === 'ERR_SIGNATURE', `${field}[${i}]`)
    }
  }
})

test('a phone response alipay-sdk sealed and Alipay signed opens; our core never opens an unsigned one', () => {
  const { client } = clientAnswering('')
  const alipayKey = crypto.createPrivateKey(v.keys.alipayPrivatePkcs8Pem)
  const response = util.aesEncrypt({ code: '10000', msg: 'Success', mobile: '13912345678' }, v.keys.encryptKey)
  const sign = crypto.sign('sha256', Buffer.from(`"${response}"`), alipayKey).toString('base64')
  assert.deepStrictEqual(client.openPhone({ response, sign }), { countryCode: '86', masked: '139****5678' })
  assert.throws(() => client.openPhone({ response }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'sign')
  assert.throws(() => client.openPhone({ response, sign: '' }), (e) => e.code === 'ERR_INVALID_ARGUMENT')
  assert.throws(() => client.openPhone(null), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'answer')
  // uni-app's event detail, and my.getPhoneNumber's own answer (JSON text holding both).
  assert.strictEqual(client.openPhone({ errMsg: 'getPhoneNumber:ok', encryptedData: response, sign }).masked, '139****5678')
  const native = JSON.stringify({ response, sign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' })
  assert.strictEqual(client.openPhone({ response: native }).masked, '139****5678')
})

test('the options are checked when given, and refusals name alipay', () => {
  const refused = (options, field) => assert.throws(() => createAlipayClient(options), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === field, field)
  refused({ ...base, privateKey: v.keys.appPublicBare }, 'alipay.privateKey')
  refused({ ...base, privateKey: '-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----' }, 'alipay.privateKey')
  refused({ ...base, alipayPublicKey: v.keys.appPrivatePkcs8Pem }, 'alipay.alipayPublicKey')
  refused({ ...base, alipayPublicKey: 'not a key' }, 'alipay.alipayPublicKey')
  refused({ ...base, encryptKey: 'AAAA' }, 'alipay.encryptKey')
  refused({ ...base, encryptKey: 42 }, 'alipay.encryptKey')
  refused({ ...base, apiBase: 'ftp://x' }, 'alipay.apiBase')
  refused({ ...base, fetch: 1 }, 'alipay.fetch')
  refused({ ...base, unknown: 1 }, 'alipay.unknown')
  refused({ ...base, privateKey: undefined }, 'alipay.privateKey')
  refused({ ...base, core: {} }, 'alipay.core')
  const small = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 })
  refused({ ...base, privateKey: small.privateKey.export({ type: 'pkcs8', format: 'pem' }) }, 'alipay.privateKey')
  // Without a content key, sign-in works and the phone is refused naming it.
  const { client } = clientAnswering('', { encryptKey: undefined })
  assert.throws(() => client.openPhone(v.phones[0]), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'alipay.encryptKey')
})

test('bad auth codes are refused before any request is made', async () => {
  const { client, seen } = clientAnswering(v.answers[0].text)
  for (const code of ['', ' ', 'a b', 'é', 'x'.repeat(129), null, 42]) {
    await assert.rejects(client.exchangeCode(code), (e) => e.code === 'ERR_INVALID_ARGUMENT', String(code))
  }
  assert.strictEqual(seen.length, 0)
})

test('transport faults and 5xx answers are retryable codes', async () => {
  const down = createAlipayClient({ ...base, fetch: async () => { throw new Error('ECONNREFUSED') } })
  await assert.rejects(down.exchangeCode('abc'), (e) => e.code === 'ERR_NETWORK' && e.retryable === true)
  const slow = createAlipayClient({ ...base, timeoutMs: 20, fetch: (url, init) => new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted')))) })
  await assert.rejects(slow.exchangeCode('abc'), (e) => e.code === 'ERR_TIMEOUT')
  const { client } = clientAnswering('')
  const busy = createAlipayClient({ ...base, fetch: async () => ({ status: 503, text: async () => 'busy' }) })
  await assert.rejects(busy.exchangeCode('abc'), (e) => e.code === 'ERR_HTTP_STATUS' && e.status === 503)
  void client
})

test('Douyin phone code answers open with node:crypto\'s RSA, called back from the core', () => {
  const d = v.douyin
  for (const form of ['privateKeyPkcs1Pem', 'privateKeyPkcs8Bare']) {
    const text = d[form]
    const { type, der } = core.rsaKeyForm(text, true, 'toutiao.phonePrivateKey')
    const key = crypto.createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type })
    const bytes = key.asymmetricKeyDetails.modulusLength / 8
    // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809): the raw operation, unpadded by the core.
    const decrypt = (block) => crypto.privateDecrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, block)
    for (const c of d.cases) {
      const run = () => core.toutiaoPhoneCodeAnswer(JSON.stringify(c.answer), d.appId, d.now, undefined, bytes, decrypt)
      if (c.expect) assert.deepStrictEqual(run(), c.expect, c.name)
      else assert.throws(run, (e) => e.code === c.error && (c.errcode === undefined || e.errcode === c.errcode), `${form} ${c.name}`)
    }
  }
})

test('hostile input to the Alipay and Douyin bindings is a typed error, never a fault', () => {
  const verify = () => true
  const odd = [undefined, null, 42, '', '{', '[]', '{"sign":1}', 'x'.repeat(5000), { response: {} }, { response: 'a', sign: 7 }, { encryptedData: 1, sign: 'a' }, [], () => 1]
  for (const value of odd) {
    for (const run of [
      () => core.alipayOpenPhone(value, v.keys.encryptKey, false, verify),
      () => core.rsaKeyForm(value, true, 'alipay.privateKey'),
      () => core.rsaKeyForm(value, false, 'alipay.alipayPublicKey'),
      () => core.alipayCheckEncryptKey(value, 'alipay.encryptKey'),
      () => core.alipayOauthTokenRequest(v.appId, value, 1763900000, () => new Uint8Array(256))
    ]) {
      let threw = null
      try { run() } catch (e) { threw = e }
      if (threw !== null) assert.notStrictEqual(threw.code, 'ERR_INTERNAL', String(run))
    }
    if (typeof value === 'string') {
      assert.throws(() => core.alipayTokenUser(value, verify), (e) => e.code !== 'ERR_INTERNAL' && typeof e.code === 'string')
      assert.throws(() => core.toutiaoPhoneCodeAnswer(value, 'tt1', 1, undefined, 256, () => new Uint8Array(256)), (e) => e.code !== 'ERR_INTERNAL')
    }
  }
  // A host that throws or answers nonsense refuses, it does not crash.
  const text = v.answers[0].text
  assert.throws(() => core.alipayTokenUser(text, () => { throw new Error('host fault') }), (e) => e.code === 'ERR_UPSTREAM_SIGNATURE')
  assert.throws(() => core.alipayTokenUser(text, () => 'yes'), (e) => e.code === 'ERR_UPSTREAM_SIGNATURE')
  assert.throws(() => core.alipayOauthTokenRequest(v.appId, 'abc', 1763900000, () => 'not bytes'), (e) => e.code === 'ERR_INTERNAL' && e.retryable === false)
  const ok = v.douyin.cases[0]
  assert.throws(() => core.toutiaoPhoneCodeAnswer(JSON.stringify(ok.answer), v.douyin.appId, v.douyin.now, undefined, 256, () => { throw new Error('x') }), (e) => e.code === 'ERR_DECRYPT_FAILED')
  assert.throws(() => core.toutiaoPhoneCodeAnswer(JSON.stringify(ok.answer), v.douyin.appId, v.douyin.now, undefined, 256, () => new Uint8Array(256)), (e) => e.code === 'ERR_DECRYPT_FAILED')
})
