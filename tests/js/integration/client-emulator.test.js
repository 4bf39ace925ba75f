'use strict'
// The client against the WeChat emulator's `wx` (www/emulator/wx.mjs) and
// the demo server: privacy consent (errno 104/112, requirePrivacyAuthorize,
// onNeedPrivacyAuthorization), the used-up phone quota (errno 1400001),
// getRealtimePhoneNumber exchanged by the real server, and the avatar as a
// real multipart upload.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { createLoginClient, WeappLoginError } = require('weapp-login')
const { startDemo } = require('../../../www/server')
const { startAvatarFront } = require('../helpers/avatar-front')

const APP_ID = 'wx1234567890abcdef'
let demo, front, createWx

before(async () => {
  demo = await startDemo({ port: 0, env: {} })
  front = await startAvatarFront(demo.url)
  ;({ createWx } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'wx.mjs')))
})

after(async () => {
  if (front) await front.close()
  if (demo) await demo.close()
})

const rejectsWith = (promise, code, check = () => true) =>
  assert.rejects(promise, (e) => e instanceof WeappLoginError && e.code === code && check(e))

function device (user, options = {}) {
  const wx = createWx({ emulatorUrl: demo.url + 'wechat', appId: APP_ID, user, ...options })
  const client = createLoginClient({ wx, baseUrl: front.url + 'api', appId: APP_ID })
  return { wx, client }
}

test('privacy: refused with errno 104 until the user agrees through the app\'s listener', async () => {
  const { wx, client } = device('privacy-user', { privacy: { agreed: false } })
  await client.login()
  await rejectsWith(client.getPhoneNumber(await wx.events.getPhoneNumber()), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104 && /privacy/.test(e.errMsg))
  await rejectsWith(client.chooseAvatar(await wx.events.chooseAvatar()), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104)
  await rejectsWith(client.getUserProfile({ desc: '完善资料' }), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104)

  // The app's own popup answers "disagree", then "agree".
  const answers = ['disagree', 'agree']
  wx.onNeedPrivacyAuthorization((resolve, info) => {
    assert.equal(info.referrer, 'requirePrivacyAuthorize')
    resolve({ buttonId: 'agree-btn', event: answers.shift() })
  })
  await rejectsWith(client.requirePrivacy(), 'ERR_PRIVACY_DENIED', (e) => e.errno === 104)
  await client.requirePrivacy()
  const phone = await client.getPhoneNumber(await wx.events.getPhoneNumber())
  assert.equal(phone.purePhoneNumber.length, 11)
  await client.requirePrivacy() // agreed once: no new question
  assert.equal(answers.length, 0)
})

test('privacy: a scope not declared in the agreement is errno 112', async () => {
  const { wx, client } = device('undeclared-user', { privacy: { undeclared: ['getPhoneNumber'] } })
  await client.login()
  await rejectsWith(client.getPhoneNumber(await wx.events.getPhoneNumber()), 'ERR_PRIVACY_DENIED', (e) => e.errno === 112)
})

test('the used-up phone quota is ERR_PHONE_QUOTA (errno 1400001), with nothing sent', async () => {
  const { wx, client } = device('quota-user', { phoneQuota: 1 })
  await client.login()
  await client.getPhoneNumber(await wx.events.getPhoneNumber())
  const requests = wx.calls.request
  await rejectsWith(client.getPhoneNumber(await wx.events.getPhoneNumber()), 'ERR_PHONE_QUOTA', (e) => e.errno === 1400001 && e.retryable === false)
  assert.equal(wx.calls.request, requests)
})

test('getRealtimePhoneNumber: the emulated button\'s code is exchanged by the server', async () => {
  const { wx, client } = device('realtime-user')
  await client.login()
  const event = await wx.events.getRealtimePhoneNumber()
  assert.equal(event.type, 'getrealtimephonenumber')
  assert.deepEqual(Object.keys(event.detail).sort(), ['code', 'errMsg'])
  const phone = await client.getRealtimePhoneNumber(event)
  assert.equal(phone.countryCode, '86')
  assert.equal(client.state.phone, true)
  await rejectsWith(client.getRealtimePhoneNumber(await wx.events.getRealtimePhoneNumber({ allow: false })), 'ERR_USER_DENIED')
})

// The emulated wx.uploadFile builds its multipart body with fetch's FormData
// and Blob, which Node 16's experimental fetch does not send as WeChat does.
const MULTIPART = { skip: Number(process.versions.node.split('.')[0]) < 18 && "the emulator's wx.uploadFile needs Node 18's FormData" }

test('the avatar goes up with the emulator\'s wx.uploadFile as multipart with the token', MULTIPART, async () => {
  const { wx, client } = device('avatar-user')
  await client.login()
  const before = front.avatars.length
  const { avatarUrl } = await client.chooseAvatar(await wx.events.chooseAvatar())
  assert.match(avatarUrl, /\/api\/avatars\/\d+$/)
  const got = front.avatars[before]
  assert.equal(got.fieldOk, true)
  assert.match(got.auth, /^Bearer \S+$/)
  assert.equal(client.state.user.avatarUrl, avatarUrl)
  assert.equal(wx.calls.uploadFile, 1)
})
