'use strict'
// The Alipay emulator (www/emulator/alipay.mjs) against Alipay's official
// Node SDK as the client (alipay-sdk's exec must succeed against it, and its
// answers must pass alipay-sdk's own signature check), and against
// createAlipayClient: single-use codes, refused signatures, the phone grant.
const { test, before, after } = require('node:test')
const assert = require('node:assert')
const crypto = require('node:crypto')
const { AlipaySdk } = require('alipay-sdk')
const core = require('../../../pkg/src/loader/server')
const { createAlipayClient } = require('../../../pkg/src/server/upstream/alipay')

const APP_ID = '2021000000000009'
const app = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const appPrivate = app.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')
const appPublic = app.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
const encryptKey = crypto.randomBytes(16).toString('base64')
let emu

before(async () => {
  const { startAlipay } = await import('../../../www/emulator/alipay.mjs')
  emu = await startAlipay({ appId: APP_ID, appPublicKey: appPublic, encryptKey })
})
after(() => emu && emu.close())

const authCode = (user) => emu.alipay.emulator.authcode({ user }).authCode
const sdkFor = (privateKey = appPrivate) => new AlipaySdk({ appId: APP_ID, privateKey, alipayPublicKey: emu.alipay.alipayPublicKey, gateway: `${emu.url}/gateway.do` })
const clientFor = (privateKey = appPrivate) => createAlipayClient({ core, appId: APP_ID, privateKey, alipayPublicKey: emu.alipay.alipayPublicKey, encryptKey, apiBase: emu.url })

test('alipay-sdk\'s exec signs in against the emulator, and the answer passes its signature check', async () => {
  const result = await sdkFor().exec('alipay.system.oauth.token', { grantType: 'authorization_code', code: authCode('ann') }, { validateSign: true })
  assert.strictEqual(result.userId, emu.alipay.user('ann').userId)
  assert.strictEqual(result.openId, emu.alipay.user('ann').openId)
  assert.strictEqual(result.expiresIn, 1296000)
})

test('the emulator refuses alipay-sdk\'s request signed with another key, in Alipay\'s error shape', async () => {
  const stray = stranger.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64')
  const result = await sdkFor(stray).exec('alipay.system.oauth.token', { grantType: 'authorization_code', code: authCode('ann') })
  assert.strictEqual(result.code, '40002')
  assert.strictEqual(result.subCode, 'isv.invalid-signature')
})

test('our client signs in against the emulator; a code works once', async () => {
  const client = clientFor()
  const code = authCode('bob')
  assert.deepStrictEqual(await client.exchangeCode(code), { openid: emu.alipay.user('bob').openId, unionid: null })
  await assert.rejects(client.exchangeCode(code), (e) => e.code === 'ERR_CODE_INVALID' && e.errcode === 40002)
  await assert.rejects(client.exchangeCode('0'.repeat(32)), (e) => e.code === 'ERR_CODE_INVALID')
})

test('a code alipay-sdk spent is spent for our client too', async () => {
  const code = authCode('cat')
  await sdkFor().exec('alipay.system.oauth.token', { grantType: 'authorization_code', code }, { validateSign: true })
  await assert.rejects(clientFor().exchangeCode(code), (e) => e.code === 'ERR_CODE_INVALID')
})

test('our request signed with the wrong key is refused by the emulator as an app configuration fault', async () => {
  const stray = stranger.privateKey.export({ type: 'pkcs8', format: 'pem' })
  await assert.rejects(clientFor(stray).exchangeCode(authCode('dan')), (e) => e.code === 'ERR_APP_CONFIG' && e.errcode === 40002)
})

test('answers the emulator signs with a key we were not given are refused', async () => {
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
  const client = createAlipayClient({ core, appId: APP_ID, privateKey: appPrivate, alipayPublicKey: other, apiBase: emu.url })
  await assert.rejects(client.exchangeCode(authCode('eve')), (e) => e.code === 'ERR_UPSTREAM_SIGNATURE')
})

test('the emulator\'s phone grant opens with our client, masked unless asked', () => {
  const client = clientFor()
  const answer = emu.alipay.emulator.phone({ user: 'fay' })
  assert.deepStrictEqual(client.openPhone(answer), { countryCode: '86', masked: '138****8000' })
  assert.strictEqual(client.openPhone(answer, { reveal: true }).purePhoneNumber, '13800138000')
})

test('with a timestamp window, our Beijing-time timestamps pass and a skewed clock is refused', async () => {
  const { startAlipay } = await import('../../../www/emulator/alipay.mjs')
  const strict = await startAlipay({ appId: APP_ID, appPublicKey: appPublic, encryptKey, timestampSkewMs: 60000 })
  try {
    const options = { core, appId: APP_ID, privateKey: appPrivate, alipayPublicKey: strict.alipay.alipayPublicKey, apiBase: strict.url }
    const code = strict.alipay.emulator.authcode({ user: 'hal' }).authCode
    assert.strictEqual((await createAlipayClient(options).exchangeCode(code)).openid, strict.alipay.user('hal').openId)
    const skewed = createAlipayClient({ ...options, now: () => Date.now() - 3600 * 1000 })
    await assert.rejects(skewed.exchangeCode(strict.alipay.emulator.authcode({ user: 'hal' }).authCode), (e) => e.code === 'ERR_APP_CONFIG')
  } finally {
    await strict.close()
  }
})

test('the emulator\'s secrets never appear in our errors', async () => {
  const client = clientFor()
  const code = authCode('gus')
  await client.exchangeCode(code)
  const e = await client.exchangeCode(code).catch((err) => err)
  for (const secret of emu.alipay.secrets()) assert(!String(e.message).includes(secret))
})

test('withAlipay mounts the gateway beside the WeChat emulator\'s handler on one server', async () => {
  const { listen } = require('../helpers/listen')
  const { createWechat, createHandler } = require('../../../www/emulator/index.js')
  const { createAlipay, withAlipay } = await import('../../../www/emulator/alipay.mjs')
  const alipay = createAlipay({ appId: APP_ID, appPublicKey: appPublic, encryptKey })
  const wechat = createWechat({ appId: 'wx1234567890abcdef', appSecret: 's' })
  const { url, close } = await listen(withAlipay(alipay, createHandler(wechat)))
  try {
    const wx = await (await fetch(`${url}/sns/jscode2session?appid=wx1234567890abcdef&secret=s&js_code=nope&grant_type=authorization_code`)).json()
    assert.strictEqual(wx.errcode, 40029)
    const client = createAlipayClient({ core, appId: APP_ID, privateKey: appPrivate, alipayPublicKey: alipay.alipayPublicKey, apiBase: url })
    const code = (await (await fetch(`${url}/__alipay/authcode`, { method: 'POST', body: '{"user":"ivy"}' })).json()).authCode
    assert.strictEqual((await client.exchangeCode(code)).openid, alipay.user('ivy').openId)
  } finally {
    await close()
  }
})
