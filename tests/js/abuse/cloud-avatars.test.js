'use strict'
// Attack, in Cloud Development: one user uploads avatar after avatar, each
// a new file in the environment's cloud storage. Held: the per-user upload
// limit, and one file per user (the previous one deleted once the record
// names the new one; the new one deleted when keeping it failed).
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { cloudFixture } = require('../helpers/cloud-fixture')
const { createCloudAuth } = require('../../../pkg')

const APP_ID = 'wxc10ud000000000b'
const APP_SECRET = 'cloud-abuse-secret'
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 3)])
const base64 = PNG.toString('base64')

let emulator, platform, createWx, dir
const ready = (async () => {
  ({ emulator, platform, createWx, dir } = await cloudFixture({ appId: APP_ID, appSecret: APP_SECRET, scratch: 'weapp-login-cloud-abuse-' }))
})()
after(async () => {
  await ready
  await emulator.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Deploys a function made with `createCloudAuth({ cloud, ...options })` (options as source text). */
function deploy (name, options) {
  const folder = path.join(dir, name)
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'index.js'), `const cloud = require('wx-server-sdk')\nconst { createCloudAuth } = require('weapp-login')\ncloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })\nconst auth = createCloudAuth({ cloud, ${options} })\nexports.main = auth.main\n`)
  platform.deploy(name, folder)
}

async function call (user, data, name) {
  const wx = createWx({ emulatorUrl: emulator.url, appId: APP_ID, user, cloud: platform })
  wx.cloud.init({ env: platform.env })
  return (await wx.cloud.callFunction({ name, data })).result
}

/** The files in cloud storage under the package's avatar folder. */
const avatarFiles = () => [...platform.files.keys()].filter((id) => id.includes('/weapp-login/avatars/'))

test('20 avatar uploads by one user: 5 accepted, the rest ERR_RATE_LIMITED, one cloud file kept', async () => {
  await ready
  deploy('limited', '')
  const answers = []
  for (let i = 0; i < 20; i++) answers.push(await call('ivan', { action: i % 2 === 0 ? 'avatar' : 'profile', ...(i % 2 === 0 ? { base64 } : { avatar: { base64 } }) }, 'limited'))
  assert.equal(answers.filter((a) => a.ok === true).length, 5)
  assert.ok(answers.filter((a) => a.ok !== true).every((a) => a.error.code === 'ERR_RATE_LIMITED'))
  const kept = avatarFiles()
  assert.equal(kept.length, 1)
  const me = await call('ivan', { action: 'me' }, 'limited')
  assert.equal(me.user.avatarUrl, kept[0])
  // Another user is not limited by this one, and keeps a file of their own.
  assert.equal((await call('judy', { action: 'avatar', base64 }, 'limited')).ok, true)
  assert.equal(avatarFiles().length, 2)
})

test('with no upload limit, 20 uploads still leave one cloud file per user', async () => {
  await ready
  for (const id of avatarFiles()) platform.files.delete(id)
  deploy('unlimited', 'avatarUploadLimit: false')
  for (let i = 0; i < 20; i++) assert.equal((await call('karl', { action: 'avatar', base64 }, 'unlimited')).ok, true)
  assert.equal(avatarFiles().length, 1)
})

test('an upload whose onProfile hook fails leaves no file behind', async () => {
  await ready
  for (const id of avatarFiles()) platform.files.delete(id)
  deploy('hookfails', 'onProfile: () => { throw new Error(\'down\') }')
  const answer = await call('lena', { action: 'avatar', base64 }, 'hookfails')
  assert.equal(answer.error.code, 'ERR_HOOK_FAILED')
  assert.equal(avatarFiles().length, 0)
})

test('avatarUploadLimit is checked when given', () => {
  const cloud = { getWXContext: () => ({}) }
  for (const limit of [{ max: -1, windowSeconds: 60 }, { max: 5 }, 5, 'off', true]) {
    assert.throws(() => createCloudAuth({ cloud, avatarUploadLimit: limit }), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'avatarUploadLimit')
  }
  for (const limit of [false, { max: 0, windowSeconds: 1 }, { max: 2, windowSeconds: 30 }]) assert.ok(createCloudAuth({ cloud, avatarUploadLimit: limit }))
})
