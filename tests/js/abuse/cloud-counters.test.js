'use strict'
// Attack, in Cloud Development: ask for phone numbers (or upload avatars)
// until the limit, then wait for a cold start (or hit a new instance) and
// go on: the per-user limits counted in one instance's memory started again.
// Held: without a store, the counters live in the cloud database
// (collection weapp_login_limits, created on first use).
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { cloudFixture } = require('../helpers/cloud-fixture')

const APP_ID = 'wxc10ud000000000c'
const APP_SECRET = 'cloud-counter-secret'
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256, 3)])

let emulator, platform, createWx, dir
const ready = (async () => {
  ({ emulator, platform, createWx, dir } = await cloudFixture({ appId: APP_ID, appSecret: APP_SECRET, scratch: 'weapp-login-cloud-counters-' }))
  const folder = path.join(dir, 'login')
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'index.js'), "const cloud = require('wx-server-sdk')\nconst { createCloudAuth } = require('weapp-login')\ncloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })\nexports.main = createCloudAuth({ cloud }).main\n")
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ permissions: { openapi: ['phonenumber.getPhoneNumber'] } }))
  platform.deploy('login', folder)
})()
after(async () => {
  await ready
  await emulator.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function call (user, data) {
  const wx = createWx({ emulatorUrl: emulator.url, appId: APP_ID, user, cloud: platform })
  wx.cloud.init({ env: platform.env })
  return { wx, result: (await wx.cloud.callFunction({ name: 'login', data })).result }
}

test('the phone limit holds across a cold start: 5 numbers, a cold start, the 6th is ERR_RATE_LIMITED', async () => {
  await ready
  const { wx } = await call('vera', { action: 'login' })
  for (let i = 0; i < 5; i++) {
    const { result } = await call('vera', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code })
    assert.equal(result.ok, true, JSON.stringify(result))
  }
  platform.coldStart('login')
  const { result } = await call('vera', { action: 'phone', code: (await wx.events.getPhoneNumber()).detail.code })
  assert.equal(result.error.code, 'ERR_RATE_LIMITED')
  assert.ok(platform.collections.has('weapp_login_limits')) // created on first use
})

test('the avatar upload limit holds across a cold start', async () => {
  await ready
  for (let i = 0; i < 5; i++) assert.equal((await call('walt', { action: 'avatar', base64: PNG.toString('base64') })).result.ok, true)
  platform.coldStart('login')
  assert.equal((await call('walt', { action: 'avatar', base64: PNG.toString('base64') })).result.error.code, 'ERR_RATE_LIMITED')
})
