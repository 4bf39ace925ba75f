'use strict'
// A Cloud Development stand-in for tests: the WeChat emulator's HTTP side
// (for wx.login and the button events, unref'd: Node 16's runner may not run
// after()), its cloud platform, and a scratch folder. Made once per test
// file and awaited by every test (not a before() hook: Node 16's runner does
// not await one at the top level).
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const { createWechat, createHandler } = require('../../../www/emulator')
const { createCloudPlatform } = require('../../../www/emulator/cloud-sdk')

/**
 * @param {{ appId: string, appSecret: string, scratch: string }} o `scratch`: the scratch folder's name prefix
 * @returns {Promise<{ emulator: { wechat: object, url: string, close: () => Promise<void> }, platform: object, createWx: Function, dir: string }>}
 */
async function cloudFixture ({ appId, appSecret, scratch }) {
  const { createWx } = await import('../../../www/emulator/wx.mjs')
  const wechat = createWechat({ appId, appSecret })
  const server = http.createServer(createHandler(wechat))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const emulator = {
    wechat,
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { if (server.closeAllConnections) server.closeAllConnections(); server.close(() => resolve()) })
  }
  const platform = createCloudPlatform({ wechat, appId, appSecret })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), scratch))
  return { emulator, platform, createWx, dir }
}

module.exports = { cloudFixture }
