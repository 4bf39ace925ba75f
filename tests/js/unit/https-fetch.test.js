'use strict'
// Without a global fetch (Node 16), the server talks to WeChat through
// node:http(s): the fallback on its own, then createAuth in a process that
// has no global fetch, against the emulator.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { execFile } = require('node:child_process')
const path = require('node:path')
const { httpsFetch } = require('../../../pkg/src/server/upstream/keep-alive-fetch')
const { fixture, serve, APP_ID, APP_SECRET } = require('../helpers/fixture')

test('the keep-alive fetch sends method, headers and body, reads status, text and json, aborts, and refuses oversized answers', async () => {
  const seen = []
  const api = await serve((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], length: req.headers['content-length'], body })
      if (req.url === '/slow') return // never answers
      if (req.url === '/big') { res.end(Buffer.alloc(5 * 1024 * 1024, 97)); return }
      res.writeHead(req.url === '/fail' ? 502 : 200, { 'content-type': 'application/json', 'x-two': ['a', 'b'] })
      res.end(JSON.stringify({ echo: body, errcode: 0 }))
    })
  })
  try {
    const res = await httpsFetch(`${api.base}/x?a=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"é"}' })
    assert.equal(res.status, 200)
    assert.equal(res.ok, true)
    assert.equal(res.headers.get('Content-Type'), 'application/json')
    assert.equal(res.headers.get('x-two'), 'a, b')
    assert.equal(res.headers.get('x-none'), null)
    assert.deepEqual(await res.json(), { echo: '{"code":"é"}', errcode: 0 })
    assert.deepEqual(seen[0], { method: 'POST', url: '/x?a=1', type: 'application/json', length: String(Buffer.byteLength('{"code":"é"}')), body: '{"code":"é"}' })
    const failed = await httpsFetch(`${api.base}/fail`)
    assert.equal(failed.status, 502)
    assert.equal(failed.ok, false)
    assert.equal(seen[1].method, 'GET')

    const controller = new AbortController()
    const slow = httpsFetch(`${api.base}/slow`, { signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 20))
    controller.abort()
    await assert.rejects(slow, (e) => e.name === 'AbortError')
    await assert.rejects(httpsFetch(`${api.base}/x`, { signal: controller.signal }), (e) => e.name === 'AbortError')
    // One signal shared by several requests (as the transport's time windows share one): an abort ends
    // every request still out under it, and one that was answered before is untouched.
    const shared = new AbortController()
    const answered = await httpsFetch(`${api.base}/x`, { signal: shared.signal })
    const out = [httpsFetch(`${api.base}/slow`, { signal: shared.signal }), httpsFetch(`${api.base}/slow`, { signal: shared.signal })]
    await new Promise((resolve) => setTimeout(resolve, 20))
    shared.abort()
    for (const p of out) await assert.rejects(p, (e) => e.name === 'AbortError')
    assert.equal(answered.status, 200)
    assert.deepEqual(await answered.json(), { echo: '', errcode: 0 })
    await assert.rejects(httpsFetch(`${api.base}/big`), /too large/)
    await assert.rejects(httpsFetch('ftp://127.0.0.1/'), TypeError)
    await assert.rejects(httpsFetch('not a url'), TypeError)
    const closed = http.createServer()
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = closed.address().port
    await new Promise((resolve) => closed.close(resolve))
    await assert.rejects(httpsFetch(`http://127.0.0.1:${port}/`), (e) => e.code === 'ECONNREFUSED')
  } finally { await api.close() }
})

/** Runs `script` in a Node process (this one's version) whose global fetch is gone. */
function withoutFetch (script, env) {
  const entry = path.join(__dirname, '..', '..', '..', 'pkg')
  const code = `delete globalThis.fetch; const wl = require(${JSON.stringify(entry)}); (async () => { ${script} })().then((v) => console.log(JSON.stringify(v)), (e) => console.log(JSON.stringify({ error: e.code || String(e) })))`
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', code], { env: { ...process.env, ...env }, encoding: 'utf8' }, (e, out) => e ? reject(e) : resolve(JSON.parse(out.trim().split('\n').pop())))
  })
}

test('no global fetch: createAuth signs in and binds a phone over node:http; a slow WeChat is ERR_TIMEOUT', async () => {
  const f = await fixture()
  try {
    const event = await f.wx('quinn').events.getPhoneNumber() // for the code only
    const env = { API: f.emu.url, APP_ID, APP_SECRET, CODE: f.code('quinn'), PHONE_CODE: event.detail.code }
    const out = await withoutFetch(`
      if (typeof fetch !== 'undefined') throw new Error('fetch is still there')
      const auth = wl.createAuth({ appId: process.env.APP_ID, appSecret: process.env.APP_SECRET, apiBase: process.env.API, retryBaseMs: 5 })
      const s = await auth.login(process.env.CODE)
      const phone = await auth.phoneNumber(s.token, { code: process.env.PHONE_CODE })
      return { openid: s.openid, phone: phone.purePhoneNumber }`, env)
    assert.equal(out.phone, '13800138000')
    assert.equal(typeof out.openid, 'string')
    assert.equal(f.stats().jscode2session, 1)

    f.fault('jscode2session', { delayMs: 2000, count: 10 })
    const slow = await withoutFetch(`
      const auth = wl.createAuth({ appId: process.env.APP_ID, appSecret: process.env.APP_SECRET, apiBase: process.env.API, timeoutMs: 100, retries: 1, retryBaseMs: 5 })
      return auth.login(process.env.CODE)`, { ...env, CODE: f.code('quinn') })
    assert.deepEqual(slow, { error: 'ERR_TIMEOUT' })
  } finally { await f.close() }
})
