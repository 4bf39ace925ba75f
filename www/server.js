#!/usr/bin/env node
'use strict'
// The demo, in one process on 127.0.0.1:${PORT:-8080}:
//   /            the playground (a phone frame running the real client)
//   /api/…       the developer server: createAuth(…).handler()
//   /wechat/…    the WeChat emulator (createAuth's apiBase, and the page's wx)
//   /pkg/…       the package's browser build;  /emulator/wx.mjs the wx stand-in
//
// REDIS_URL switches the sessions to Redis. WEAPP_APPID, WEAPP_SECRET and
// WECHAT_API_BASE point the developer server at real WeChat (the playground
// then has nobody to sign in: use a real mini program against /api).
// PLATFORM (qq, toutiao, kuaishou, baidu, alipay) runs the emulator and
// createAuth as that platform (`PLATFORM=toutiao make demo`); the emulator
// stays at /wechat/, the page's wx stand-in drives it as it drives WeChat's
// (Alipay: the gateway emulator, the app's keys made at start).

const http = require('http')
const fs = require('fs')
const path = require('path')
const { createWechat, createHandler: createEmulatorHandler } = require('./emulator')
const { createAuth, memoryStore, redisStore } = require('weapp-login')

const ROOT = __dirname
const PKG_WEB = path.join(ROOT, '..', 'pkg', 'dist', 'web')
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' }

function staticFile (res, dir, name) {
  const file = path.join(dir, path.normalize('/' + name))
  if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' })
  fs.createReadStream(file).pipe(res)
}

/**
 * Starts the demo. Resolves with `{ url, close }`.
 * @param {{ port?: number, env?: NodeJS.ProcessEnv }} [options]
 */
async function startDemo ({ port = 8080, env = process.env } = {}) {
  const real = Boolean(env.WEAPP_APPID && env.WEAPP_SECRET)
  const platform = env.PLATFORM || 'weixin'
  const appId = env.WEAPP_APPID || (platform === 'weixin' ? 'wx1234567890abcdef' : `${platform}-demo-app`)
  const appSecret = env.WEAPP_SECRET || 'emulator-secret-not-for-production'
  // Baidu's app is also named by its App Key.
  let credentials = platform === 'weixin' ? {} : platform === 'baidu' ? { platform, appKey: env.WEAPP_APPKEY || 'demo-app-key' } : { platform }
  let secret = { appSecret }
  let wechat
  let emulator
  if (platform === 'alipay') {
    // Alipay's gateway emulator, with an app key pair and content key made at start
    // (the console's part); the `wx` stand-in's routes give auth codes and phone answers.
    const { appCredentials, createAlipay, withAlipay } = await import('./emulator/alipay.mjs')
    const app = appCredentials()
    const alipay = createAlipay({ appId, appPublicKey: app.appPublicKey, encryptKey: app.encryptKey })
    wechat = { emulator: alipay.asWx, alipay }
    emulator = withAlipay(alipay, undefined, { asWx: true })
    credentials = { platform, privateKey: app.privateKey, alipayPublicKey: alipay.alipayPublicKey, encryptKey: app.encryptKey }
    secret = {} // Alipay signs its requests with privateKey
  } else {
    wechat = createWechat({ appId, appSecret, ...credentials })
    emulator = createEmulatorHandler(wechat)
  }
  let apiBase = env.WECHAT_API_BASE || null
  const store = env.REDIS_URL ? redisStore({ url: env.REDIS_URL }) : memoryStore()
  let auth = null
  let api = null

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost')
    const p = url.pathname
    if (p.startsWith('/wechat/')) { req.url = req.url.slice('/wechat'.length); return emulator(req, res) }
    if (p.startsWith('/api/') || p === '/api') return api(req, res)
    if (p === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ appId, platform, emulator: !real, store: store.kind }))
    }
    if (p.startsWith('/pkg/')) return staticFile(res, PKG_WEB, p.slice('/pkg/'.length))
    if (p === '/emulator/wx.mjs') return staticFile(res, path.join(ROOT, 'emulator'), 'wx.mjs')
    return staticFile(res, path.join(ROOT, 'playground'), p === '/' ? 'index.html' : p)
  })
  const sockets = new Set() // closed by hand: Node < 18.2 has no closeAllConnections
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve) })
  const origin = `http://127.0.0.1:${server.address().port}`
  if (!real || !apiBase) apiBase = real ? undefined : `${origin}/wechat` // real: the platform's own API
  auth = createAuth({ appId, ...secret, store, apiBase, ...credentials })
  api = auth.handler({ basePath: '/api' })
  return {
    url: `${origin}/`,
    wechat,
    real,
    platform,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
      await auth.close()
    }
  }
}

module.exports = { startDemo }

if (require.main === module) {
  startDemo({ port: Number(process.env.PORT || 8080) }).then((demo) => {
    console.log(`weapp-login demo: ${demo.url}`)
    console.log(demo.real ? '  developer server → the real platform (the playground needs the emulator)' : `  ${demo.platform}: the local emulator; sessions: ` + (process.env.REDIS_URL ? 'Redis' : 'memory'))
    console.log('  Ctrl-C stops it.')
    const stop = () => demo.close().then(() => process.exit(0), () => process.exit(1))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  }, (e) => {
    console.error(`could not start the demo: ${e.message}`)
    process.exit(1)
  })
}
