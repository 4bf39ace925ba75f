#!/usr/bin/env node
// Starts the WeChat emulator:  node www/emulator/cli.js [--port 9000] [--appid wx…] [--secret …]
'use strict'
const { start } = require('./index')

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

start({
  port: Number(arg('port', process.env.PORT || 9000)),
  appId: arg('appid', process.env.WEAPP_APPID || 'wx1234567890abcdef'),
  appSecret: arg('secret', process.env.WEAPP_SECRET || 'emulator-secret')
}).then((emu) => {
  console.log(`WeChat emulator on ${emu.url}`)
  const stop = () => emu.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
})
