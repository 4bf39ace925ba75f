'use strict'
// The HTTP layer's own rules: options checked when given, client-address
// keys, what /login hands auth.login, good-citizen routing, multipart edges.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const wl = require('weapp-login')
const { addressKey, forwardedEntry, clientAddress } = require('../../../pkg/src/server/http/client-address')
const { fileField, boundaryOf } = require('../../../pkg/src/server/http/multipart')
const { fixture, serve, post } = require('../helpers/fixture')
const { PNG, multipart } = require('./contract/suite')
/** Tests that serve HTTP: the fixture needs Node 18's global fetch and server.closeAllConnections. */
const NODE_18 = { skip: (typeof fetch !== 'function' || typeof require('node:http').Server.prototype.closeAllConnections !== 'function') && 'needs Node 18.2+' }

/** No upstream call is made by these tests (and Node 16 has no global fetch to default to). */
const unused = async () => { throw new Error('no upstream call expected') }
const refused = (fn, field) => assert.throws(fn, (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === field)

test('handler options are checked when given: type, range, unknown names', async () => {
  const auth = wl.createAuth({ appId: 'wx1234567890abcdef', appSecret: 'secret', fetch: unused })
  try {
    for (const [name, make] of [['handler', (o) => auth.handler(o)], ['fetchHandler', (o) => auth.fetchHandler(o)]]) {
      refused(() => make({ bodyLimt: 10 }), 'bodyLimt')
      refused(() => make({ bodyLimit: 0 }), 'bodyLimit')
      refused(() => make({ bodyLimit: -1 }), 'bodyLimit')
      refused(() => make({ bodyLimit: Infinity }), 'bodyLimit')
      refused(() => make({ bodyLimit: '1 lightyear' }), 'bodyLimit')
      refused(() => make({ bodyLimit: '0mb' }), 'bodyLimit')
      refused(() => make({ cors: 'yes' }), 'cors')
      refused(() => make({ cors: { origin: 5 } }), 'cors.origin')
      refused(() => make({ cors: { origin: [] } }), 'cors.origin')
      refused(() => make({ cors: { origin: '*', credentials: true } }), 'credentials')
      refused(() => make({ basePath: 'api' }), 'basePath')
      refused(() => make({ basePath: '/a?b' }), 'basePath')
      refused(() => make({ bodyTimeoutMs: 0 }), 'bodyTimeoutMs')
      refused(() => make({ bodyTimeoutMs: '10s' }), 'bodyTimeoutMs')
      refused(() => make({ loginLimit: true }), 'loginLimit')
      refused(() => make({ loginLimit: { max: 0 } }), 'loginLimit.max')
      refused(() => make({ loginLimit: { windowSeconds: 60 } }), 'loginLimit.max')
      refused(() => make({ loginLimit: { max: 5, window: 60 } }), 'window')
      refused(() => make({ trustProxy: true }), 'trustProxy')
      refused(() => make({ trustProxy: -1 }), 'trustProxy')
      refused(() => make({ trustProxy: 1.5 }), 'trustProxy')
      refused(() => make({ avatarLimit: 'big' }), 'avatarLimit')
      refused(() => make('options'), name)
    }
    refused(() => auth.handler({ clientAddress: () => null }), 'clientAddress') // fetchHandler's only
    refused(() => auth.fetchHandler({ clientAddress: 'x-real-ip' }), 'clientAddress')
    // Accepted: sizes as text, false to turn a limit off, hops.
    for (const o of [{ bodyLimit: '1mb' }, { bodyLimit: '1.5 KB' }, { bodyLimit: 100 }, { cors: true }, { cors: false }, { cors: { origin: (o) => o.endsWith('.example') } }, { loginLimit: false }, { loginLimit: { max: 5 } }, { trustProxy: 2 }, { trustProxy: false }, { basePath: '/api/' }, { avatarLimit: '2mb' }]) {
      assert.equal(typeof auth.handler(o), 'function')
      assert.equal(typeof auth.fetchHandler(o), 'function')
    }
  } finally { await auth.close() }
})

test("bodyLimit: '1kb' limits the body (it does not turn the limit off); cors: true sends CORS headers", NODE_18, async () => {
  const f = await fixture()
  const s = await serve(f.auth.handler({ bodyLimit: '1kb', cors: true }))
  try {
    const big = await post(s.base, '/login', { code: 'x'.repeat(1100) })
    assert.equal(big.status, 413)
    assert.equal(big.body.error.code, 'ERR_BODY_TOO_LARGE')
    const small = await post(s.base, '/login', { code: 'x'.repeat(900) })
    assert.equal(small.status, 400) // read, and refused by WeChat's rules, not by the size
    const pre = await fetch(s.base + '/login', { method: 'OPTIONS', headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'POST' } })
    assert.equal(pre.status, 204)
    assert.equal(pre.headers.get('access-control-allow-origin'), '*')
    assert.match(pre.headers.get('access-control-allow-headers'), /authorization/)
    const answer = await fetch(s.base + '/me', { headers: { origin: 'https://anywhere.example' } })
    assert.equal(answer.headers.get('access-control-allow-origin'), '*')
  } finally { await s.close(); await f.close() }
})

test('a body is read whole however it arrives: in one packet or in pieces, sized or chunked; past the limit either way is 413', NODE_18, async () => {
  const net = require('node:net')
  const f = await fixture()
  const s = await serve(f.auth.handler({ bodyLimit: '1kb' }))
  const { port } = new URL(s.base)
  /** Sends `parts` over one connection, a pause between them, and answers the status and error code. */
  const raw = (parts) => new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1')
    let text = ''
    socket.on('data', (c) => { text += c })
    socket.on('error', reject)
    socket.on('close', () => resolve({ status: Number(text.slice(9, 12)), code: (/"code":"([A-Z_]+)"/.exec(text) || [])[1] }))
    socket.on('connect', async () => {
      for (const part of parts) { socket.write(part); await new Promise((resolve) => setTimeout(resolve, 30)) }
    })
  })
  const head = (extra) => `POST /phone HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\nauthorization: Bearer not-a-session\r\n${extra}\r\n`
  const body = JSON.stringify({ encryptedData: 'e'.repeat(200), iv: 'i'.repeat(24) })
  const sized = head(`content-length: ${body.length}\r\n`)
  const chunked = (text) => `${text.length.toString(16)}\r\n${text}\r\n`
  try {
    // Read and parsed, then refused for the token: the body came through whole.
    assert.deepEqual(await raw([sized + body]), { status: 401, code: 'ERR_SESSION_NOT_FOUND' })
    assert.deepEqual(await raw([sized, body.slice(0, 100), body.slice(100)]), { status: 401, code: 'ERR_SESSION_NOT_FOUND' })
    assert.deepEqual(await raw([head('transfer-encoding: chunked\r\n') + chunked(body.slice(0, 50)) + chunked(body.slice(50)) + '0\r\n\r\n']), { status: 401, code: 'ERR_SESSION_NOT_FOUND' })
    assert.deepEqual(await raw([sized + body.slice(0, -1) + '!']), { status: 400, code: 'ERR_INVALID_ARGUMENT' })
    // Past the limit with no length declared: whole, or in pieces.
    const big = JSON.stringify({ encryptedData: 'e'.repeat(1100), iv: 'i'.repeat(24) })
    assert.deepEqual(await raw([head('transfer-encoding: chunked\r\n') + chunked(big) + '0\r\n\r\n']), { status: 413, code: 'ERR_BODY_TOO_LARGE' })
    assert.deepEqual(await raw([head('transfer-encoding: chunked\r\n'), chunked(big.slice(0, 600)), chunked(big.slice(600)), '0\r\n\r\n']), { status: 413, code: 'ERR_BODY_TOO_LARGE' })
  } finally { await s.close(); await f.close() }
})

test('client-address keys: parsed IPs only, IPv6 by /64, IPv4-mapped as IPv4', () => {
  const cases = {
    '203.0.113.7': '203.0.113.7',
    ' 203.0.113.7 ': '203.0.113.7',
    '203.0.113.7:5555': '203.0.113.7',
    '::ffff:203.0.113.7': '203.0.113.7',
    '::FFFF:cb00:7107': '203.0.113.7',
    '2001:db8:1:2:3:4:5:6': '2001:db8:1:2::/64',
    '2001:0DB8:0001:0002::9': '2001:db8:1:2::/64',
    '[2001:db8:1:2::9]:443': '2001:db8:1:2::/64',
    'fe80::1%eth0': 'fe80:0:0:0::/64',
    '::1': '0:0:0:0::/64',
    '256.1.1.1': null,
    '1.2.3': null,
    '01.2.3.4': null,
    '1::2::3': null,
    '1:2:3:4:5:6:7:8:9': null,
    'unknown': null,
    '<script>': null,
    '': null,
    [`${'1'.repeat(70)}`]: null
  }
  for (const [text, key] of Object.entries(cases)) assert.equal(addressKey(text), key, text)
  assert.equal(addressKey(undefined), null)
  assert.equal(addressKey(42), null)
  // The hops-th entry from the right; fewer entries: the leftmost; several headers: one list.
  assert.equal(forwardedEntry('a, b, c', 1), 'c')
  assert.equal(forwardedEntry('a, b, c', 2), 'b')
  assert.equal(forwardedEntry('a', 3), 'a')
  assert.equal(forwardedEntry(['a, b', 'c'], 1), 'c')
  assert.equal(forwardedEntry('a, b', 0), null)
  assert.equal(forwardedEntry(' , ', 1), null)
  const socket = '::ffff:10.0.0.2'
  assert.equal(clientAddress({ forwardedFor: '1.1.1.1, 203.0.113.7', socketAddress: socket, trustProxy: 1 }), '203.0.113.7')
  assert.equal(clientAddress({ forwardedFor: '1.1.1.1, 203.0.113.7', socketAddress: socket, trustProxy: 0 }), '10.0.0.2')
  assert.equal(clientAddress({ forwardedFor: '203.0.113.7, forged', socketAddress: socket, trustProxy: 1 }), '10.0.0.2')
  assert.equal(clientAddress({ forwardedFor: undefined, socketAddress: socket, trustProxy: 1 }), '10.0.0.2')
  assert.equal(clientAddress({ forwardedFor: 'x', socketAddress: undefined, trustProxy: 1 }), null)
})

test('POST /login hands auth.login the code, the nonce and the address key', NODE_18, async () => {
  const f = await fixture()
  const seen = []
  const original = f.auth.login
  const spy = { ...f.auth }
  // handler() is built from the auth object it is called on: wrap its login.
  const inner = require('../../../pkg/src/server/http/node-handler')
  spy.login = (code, options) => { seen.push([code, options]); return original(code, options) }
  const s = await serve(inner.createHandler(spy, { trustProxy: 1 }))
  try {
    const code = f.code()
    const res = await post(s.base, '/login', { code, nonce: 'abcdefghijklmnop' }, null, { 'x-forwarded-for': 'forged, 2001:db8:5:6:7::1' })
    assert.equal(res.status, 200)
    assert.deepEqual(seen, [[code, { nonce: 'abcdefghijklmnop', address: '2001:db8:5:6::/64' }]])
  } finally { await s.close(); await f.close() }
})

test('not ours: next() gets the request untouched, its body unread', NODE_18, async () => {
  const f = await fixture()
  const api = f.auth.handler({ basePath: '/api' })
  const seen = []
  const server = http.createServer((req, res) => api(req, res, () => {
    let text = ''
    req.on('data', (c) => { text += c })
    req.on('end', () => { seen.push([req.method, req.url, req.headers['content-type'], text]); res.end('app') })
  }))
  const s = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)))
  try {
    const sends = [
      ['POST', '/api/upload', 'text/csv', 'a,b'],
      ['POST', '/api/login/extra', 'application/json', '{"x":1}'],
      ['GET', '/api/login', undefined, ''],
      ['PUT', '/api/me', 'application/xml', '<me/>'],
      ['POST', '/apiary/login', 'application/json', '{"code":"x"}'],
      ['POST', '/login', 'application/json', '{"code":"x"}'],
      ['OPTIONS', '/api/login', undefined, ''] // CORS is off: not ours either
    ]
    for (const [method, path, type, body] of sends) {
      const res = await fetch(s + path, { method, headers: type ? { 'content-type': type } : {}, body: body === '' ? undefined : body })
      assert.equal(await res.text(), 'app', `${method} ${path}`)
    }
    assert.deepEqual(seen, sends.map(([m, p, t, b]) => [m, p, t, b]))
  } finally { server.closeAllConnections(); server.close(); await f.close() }
})

test('on a bare node:http server: 404 for other paths, 405 with Allow for another method', NODE_18, async () => {
  const f = await fixture()
  try {
    const other = await fetch(f.base + '/elsewhere')
    assert.equal(other.status, 404)
    assert.equal((await other.json()).error.code, 'ERR_NOT_FOUND')
    const wrong = await fetch(f.base + '/login')
    assert.equal(wrong.status, 405)
    assert.equal(wrong.headers.get('allow'), 'POST')
    assert.equal((await wrong.json()).error.code, 'ERR_METHOD_NOT_ALLOWED')
  } finally { await f.close() }
})

test('multipart: the avatar field among others; malformed forms are refused, not crashed on', () => {
  const form = multipart('avatar', PNG, 'image/png', { a: '1', b: 'two' })
  const boundary = boundaryOf(form.type)
  const { file } = fileField(form.body, boundary, 'avatar')
  assert.ok(file.bytes.equals(PNG))
  assert.equal(file.contentType, 'image/png')
  assert.equal(boundaryOf('multipart/form-data; boundary="quoted b"'), 'quoted b')
  assert.equal(boundaryOf('multipart/form-data'), null)
  assert.equal(boundaryOf('text/plain; boundary=x'), null)
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`
  const twice = Buffer.concat([Buffer.from(part), PNG, Buffer.from('\r\n' + part), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)])
  assert.equal(typeof fileField(twice, boundary, 'avatar').problem, 'string') // two files under one name
  for (const body of [Buffer.from(''), Buffer.from('garbage'), form.body.subarray(0, 60), form.body.subarray(0, form.body.length - 10), Buffer.from(`--${boundary}\r\nno end of headers`)]) {
    assert.ok(typeof fileField(body, boundary, 'avatar').problem === 'string')
  }
})

test('bodies an app already read as a Buffer or a string (express.raw, express.text) are taken as they are', NODE_18, async () => {
  const express = require('express')
  const { listen } = require('./contract/servers')
  const f = await fixture()
  const mounts = []
  try {
    for (const [kind, parser] of [['raw', express.raw({ type: '*/*', limit: '5mb' })], ['text', express.text({ type: '*/*', limit: '5mb' })]]) {
      const app = express()
      app.use(parser)
      const api = f.auth.handler({ bodyLimit: '1kb' })
      app.use('/api', api, api.errorHandler)
      const m = await listen(require('node:http').createServer(app))
      mounts.push(m)
      const login = await post(m.base, '/login', { code: f.code() })
      assert.equal(login.status, 200, JSON.stringify(login.body))
      const big = await post(m.base, '/login', { code: 'x'.repeat(2000) })
      assert.equal(big.status, 413)
      const bad = await post(m.base, '/login', '{"code":')
      assert.equal(bad.status, 400)
      assert.equal(bad.body.error.code, 'ERR_INVALID_ARGUMENT')
      if (kind === 'raw') { // a multipart body as a Buffer (as text, its bytes are no longer the image's)
        const form = multipart('avatar', PNG)
        const up = await fetch(m.base + '/avatar', { method: 'POST', headers: { 'content-type': form.type, authorization: `Bearer ${login.body.token}` }, body: form.body })
        assert.equal(up.status, 200)
        assert.ok((await up.json()).avatarUrl.startsWith(m.base + '/avatars/'), 'under the server\'s own origin and the prefix it was reached at')
      }
    }
  } finally {
    for (const m of mounts) await m.close()
    await f.close()
  }
})

test('handler(), fetchHandler() and their options answer any hostile value with a WeappLoginError', async () => {
  const { hostileValues } = require('../helpers/hostile-values')
  const auth = wl.createAuth({ appId: 'wx1234567890abcdef', appSecret: 'secret', fetch: unused })
  try {
    let calls = 0
    for (const value of hostileValues()) {
      for (const make of [(o) => auth.handler(o), (o) => auth.fetchHandler(o)]) {
        for (const options of [value, { bodyLimit: value }, { cors: value }, { cors: { origin: value } }, { loginLimit: value }, { loginLimit: { max: value } }, { trustProxy: value }, { basePath: value }, { bodyTimeoutMs: value }, { avatarLimit: value }]) {
          try { make(options) } catch (e) {
            assert.ok(e instanceof wl.WeappLoginError, `${typeof value}: ${e && e.name}`)
            assert.equal(e.code, 'ERR_INVALID_ARGUMENT')
          }
          calls++
        }
      }
      await assert.rejects(auth.sessionFromRequest(value), (e) => e instanceof wl.WeappLoginError && /^ERR_SESSION_NOT_FOUND$/.test(e.code))
    }
    assert.ok(calls > 200)
  } finally { await auth.close() }
})
