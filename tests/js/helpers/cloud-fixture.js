'use strict'
// A Cloud Development stand-in for tests: the WeChat emulator's HTTP side
// (for wx.login and the button events, unref'd: Node 16's runner may not run
// after()), its cloud platform, and a scratch folder. Made once per test
// file and awaited by every test (not a before() hook: Node 16's runner does
// not await one at the top level).
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { createWechat, createHandler } = require('../../../www/emulator')
const { listen } = require('./listen')
const { createCloudPlatform } = require('../../../www/emulator/cloud-sdk')

/**
 * @param {{ appId: string, appSecret: string, scratch: string }} o `scratch`: the scratch folder's name prefix
 * @returns {Promise<{ emulator: { wechat: object, url: string, close: () => Promise<void> }, platform: object, createWx: Function, dir: string }>}
 */
async function cloudFixture ({ appId, appSecret, scratch }) {
  const { createWx } = await import('../../../www/emulator/wx.mjs')
  const wechat = createWechat({ appId, appSecret })
  const { server, url, close } = await listen(createHandler(wechat))
  server.unref()
  const emulator = {
    wechat,
    url,
    close
  }
  const platform = createCloudPlatform({ wechat, appId, appSecret })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), scratch))
  return { emulator, platform, createWx, dir }
}

module.exports = { cloudFixture }
