'use strict'
// The sample mini program (www/miniprogram) after WeChat's "build npm", in
// WeChat's official component simulator, miniprogram-simulate: its wxml is
// compiled by WeChat's own Linux compiler (miniprogram-compiler's bin/linux/wcc
// and wcsc, the `official` compiler), rendered into jsdom, and driven by
// taps on the rendered buttons, against the demo server and the WeChat
// emulator (its `wx` from www/emulator/wx.mjs) over HTTP.
//
// Until the developer server has `POST /avatar` (issue #13), a small front
// server in this test answers it as the contract says (multipart field
// `avatar` → `{ avatarUrl, user }`) and passes everything else through.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { buildNpm } = require('../helpers/build-npm')
const { startSimulator, until, tap, fire } = require('../helpers/simulator')
const { startAvatarFront } = require('../helpers/avatar-front')
const { startDemo } = require('../../../www/server')

const SAMPLE = path.join(__dirname, '..', '..', '..', 'www', 'miniprogram')
const APP_ID = 'wx1234567890abcdef'
const KEY = `weapp-login:v1:${APP_ID}:session`
let project, demo, front, simulator, avatars

before(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-simulate-'))
  fs.cpSync(SAMPLE, project, { recursive: true })
  await buildNpm(project)
  demo = await startDemo({ port: 0, env: {} })
  front = await startAvatarFront(demo.url)
  avatars = front.avatars
  const baseUrl = `${front.url}api`
  fs.writeFileSync(path.join(project, 'config.js'), `module.exports = { baseUrl: ${JSON.stringify(baseUrl)}, appId: '${APP_ID}' }\n`)

  simulator = startSimulator(project)
})

after(async () => {
  if (front) await front.close()
  if (demo) await demo.close()
  if (simulator) simulator.close()
  if (project) fs.rmSync(project, { recursive: true, force: true })
})

const launch = (wx) => simulator.launch(wx)

test('the sample in miniprogram-simulate: launch, sign-in, avatar and nickname, phone deny and allow, relaunch, logout', async () => {
  const { createWx } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'wx.mjs'))
  const storage = new Map()
  const emulatorUrl = demo.url + 'wechat'
  const wx = createWx({ emulatorUrl, appId: APP_ID, user: 'simulate-user', storage })

  // Launch: the official compiler's output renders, and the app signs in.
  const { page } = launch(wx)
  assert.equal(page.querySelector('.status').dom.textContent.trim(), '状态 signedOut · 下一步 login')
  await until(() => page.data.state === 'signedIn', 'the sign-in on launch')
  assert.equal(wx.calls.login, 1)
  assert.equal(page.data.nextStep, 'profile')
  assert.ok(page.querySelector('.avatar-wrapper'), 'the avatar button shows once signed in')

  // Avatar: chosen, uploaded with wx.uploadFile (multipart, token) → the server's URL.
  fire(page, '.avatar-wrapper', 'chooseavatar', (await wx.events.chooseAvatar()).detail)
  await until(() => page.data.avatarUrl !== '', 'the avatar URL')
  assert.match(page.data.avatarUrl, /\/api\/avatars\/1$/)
  assert.deepEqual(avatars, [{ fieldOk: true, auth: avatars[0].auth }])
  assert.match(avatars[0].auth, /^Bearer /)
  assert.equal(page.data.nextStep, 'profile', 'an avatar alone does not complete the profile')

  // Nickname: typed, then taken only once WeChat's review passed.
  fire(page, '.nickname', 'input', wx.events.nicknameInput('小明').detail)
  fire(page, '.nickname', 'nicknamereview', wx.events.nicknameReview({ pass: false }).detail)
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.equal(page.data.nickName, '', 'not sent before the review passes')
  fire(page, '.nickname', 'nicknamereview', wx.events.nicknameReview({ pass: true }).detail)
  await until(() => page.data.nickName === '小明', 'the nickname')
  assert.equal(page.data.nextStep, 'phone', 'avatar plus nickname complete the profile')
  assert.equal(page.querySelector('.nick').dom.textContent, '小明')

  // Phone: deny, then allow.
  fire(page, '.bind-phone', 'getphonenumber', (await wx.events.getPhoneNumber({ allow: false })).detail)
  await until(() => page.data.error === 'ERR_USER_DENIED', 'the refusal')
  fire(page, '.bind-phone', 'getphonenumber', (await wx.events.getPhoneNumber({ allow: true })).detail)
  await until(() => page.data.nextStep === 'done', 'the phone binding')
  assert.ok(page.data.phone !== '' && !page.data.phone.includes('13800138000'), 'shown masked (or as bound), never in full')
  assert.equal(page.querySelector('.phone').dom.textContent, page.data.phone)
  assert.ok(!JSON.stringify([...storage.values()]).includes('13800138000'), 'no full phone number stored')
  assert.equal(wx.calls.login, 1)

  // Relaunch: the state and the user view come back from storage, with no sign-in.
  const again = createWx({ emulatorUrl, appId: APP_ID, user: 'simulate-user', storage })
  const instantiated = global.WXWebAssembly.instantiated
  const relaunched = launch(again).page
  // The first setData, as attached ran: already the signed-in user, from
  // storage, before the core is loaded.
  assert.equal(global.WXWebAssembly.instantiated, instantiated, 'no core loaded yet')
  assert.deepEqual([relaunched.data.state, relaunched.data.nextStep, relaunched.data.nickName], ['signedIn', 'done', '小明'])
  assert.match(relaunched.data.avatarUrl, /\/api\/avatars\/1$/)
  assert.ok(relaunched.data.phone !== '' && !relaunched.data.phone.includes('13800138000'), 'the masked phone')
  assert.equal(relaunched.querySelector('.nick').dom.textContent, '小明')
  assert.equal(relaunched.querySelector('.login'), undefined, 'no sign-in button in the first frame')
  await until(() => relaunched.data.state === 'signedIn', 'the restored session')
  assert.deepEqual([relaunched.data.nextStep, relaunched.data.nickName], ['done', '小明'])
  assert.match(relaunched.data.avatarUrl, /\/api\/avatars\/1$/)
  assert.equal(relaunched.querySelector('.nick').dom.textContent, '小明')
  assert.equal(relaunched.querySelector('.bind-phone'), undefined, 'the phone is not asked for again')
  assert.equal(again.calls.login, 0)

  // Logout.
  tap(relaunched, '.logout') // while the launch's wx.checkSession may still be under way
  await until(() => relaunched.data.state === 'signedOut', 'the sign-out')
  await new Promise((resolve) => setTimeout(resolve, 300))
  assert.equal(relaunched.data.state, 'signedOut', 'no sign-in behind the user\'s back')
  assert.equal(again.calls.login, 0)
  await until(() => relaunched.data.state === 'signedOut', 'the sign-out')
  assert.equal(again.getStorageSync(KEY), '')
  assert.ok(relaunched.querySelector('.login'), 'the sign-in button is back')
})

test('the sample in miniprogram-simulate: privacy refused until the user agrees in the page\'s popup', async () => {
  const { createWx } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'wx.mjs'))
  const wx = createWx({ emulatorUrl: demo.url + 'wechat', appId: APP_ID, user: 'simulate-privacy-user', storage: new Map(), privacy: { agreed: false } })
  const { page } = launch(wx)
  await until(() => page.data.nextStep === 'profile', 'the sign-in')
  fire(page, '.avatar-wrapper', 'chooseavatar', (await wx.events.chooseAvatar()).detail)
  await until(() => page.data.error === 'ERR_PRIVACY_DENIED', 'the privacy refusal')
  await until(() => page.querySelector('.privacy') !== undefined, 'the privacy popup')
  fire(page, '.agree', 'agreeprivacyauthorization', {})
  await until(() => page.data.showPrivacy === false, 'the popup closing')
  assert.equal(wx.privacy.agreed, true)
  fire(page, '.avatar-wrapper', 'chooseavatar', (await wx.events.chooseAvatar()).detail)
  await until(() => page.data.avatarUrl !== '', 'the avatar after consent')
  assert.equal(page.data.error, '')
})
