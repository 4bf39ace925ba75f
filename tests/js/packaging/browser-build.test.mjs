// The browser build (`weapp-login/client`): an ES module that fetches the
// client wasm over HTTP. Here Node plays the browser (fetch + WebAssembly);
// the Chromium run of the playground drives it for real.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { createFakeWx } = require('../helpers/fake-wx.js')
const WEB = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'pkg', 'dist', 'web')

test('the browser build signs in with the client wasm fetched over HTTP', async () => {
  const served = []
  const server = http.createServer((req, res) => {
    served.push(req.url)
    const file = path.join(WEB, path.basename(req.url))
    if (!fs.existsSync(file)) { res.writeHead(404).end(); return }
    res.writeHead(200, { 'content-type': 'application/wasm' }).end(fs.readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { createLoginClient, transitions, WeappLoginError } = await import('weapp-login/client')
    const wasmUrl = `http://127.0.0.1:${server.address().port}/weapp_login_client.wasm`
    const wx = createFakeWx()
    const client = createLoginClient({ wx, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef', wasmUrl })
    const session = await client.login()
    assert.equal(session.openid, 'o-user-1')
    assert.equal(client.state.nextStep, 'profile')
    await assert.rejects(client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } }), (e) => e instanceof WeappLoginError && e.code === 'ERR_USER_DENIED')
    assert.deepEqual(served, ['/weapp_login_client.wasm'])
    // The default core (beside the module) is another URL: a file URL here, which Node cannot fetch.
    await assert.rejects(transitions(), (e) => e instanceof WeappLoginError && e.code === 'ERR_INTERNAL')
  } finally {
    server.close()
  }
})
