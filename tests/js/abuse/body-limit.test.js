'use strict'
// Attack: a body far over `bodyLimit` that a framework in front of the
// handler already parsed under its own, larger limit (`express.json({ limit:
// '10mb' })`), sent chunked or compressed so no content-length tells its
// size. Held: the parsed body is measured (its JSON's length) and refused
// with ERR_BODY_TOO_LARGE; the fetch handler counts a chunked stream as it
// reads it.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const zlib = require('node:zlib')
const express = require('express4')
const { fixture, serve } = require('../helpers/fixture')
const { needsNode } = require('../helpers/node-version')

const LIMIT = 16 * 1024
/** A JSON body of about `size` bytes, with a code that cannot be used. */
const bigBody = (size) => JSON.stringify({ code: 'x', pad: 'a'.repeat(size) })

/** POSTs `body` to `url` in chunks, with no content-length; `headers` added. */
function postChunked (url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    for (let at = 0; at < body.length; at += 4096) req.write(body.subarray(at, at + 4096))
    req.end()
  })
}

test('express.json({ limit: 10mb }) in front: a chunked body over bodyLimit is ERR_BODY_TOO_LARGE, one within it signs in', async () => {
  const f = await fixture()
  const app = express()
  app.use(express.json({ limit: '10mb' }))
  app.use('/api', f.auth.handler({ bodyLimit: LIMIT }))
  const api = await serve(app)
  try {
    const big = await postChunked(api.base + '/api/login', Buffer.from(bigBody(4 * LIMIT)))
    assert.equal(big.status, 413)
    assert.equal(big.body.error.code, 'ERR_BODY_TOO_LARGE')
    const gzipped = zlib.gzipSync(bigBody(64 * LIMIT)) // a few KiB on the wire, 1 MiB parsed
    assert.ok(gzipped.length < LIMIT)
    const inflated = await postChunked(api.base + '/api/login', gzipped, { 'content-encoding': 'gzip' })
    assert.equal(inflated.body.error.code, 'ERR_BODY_TOO_LARGE')
    const ok = await postChunked(api.base + '/api/login', Buffer.from(JSON.stringify({ code: f.code('nina') })))
    assert.equal(ok.status, 200)
    assert.equal(typeof ok.body.token, 'string')
  } finally { await api.close(); await f.close() }
})

test('fetchHandler: a chunked stream over bodyLimit is ERR_BODY_TOO_LARGE', { skip: needsNode(18, 'a streamed Request body') }, async () => {
  const f = await fixture()
  try {
    const handle = f.auth.fetchHandler({ bodyLimit: LIMIT, clientAddress: () => '192.0.2.7' })
    const bytes = new TextEncoder().encode(bigBody(4 * LIMIT))
    const body = new ReadableStream({
      start (c) {
        for (let at = 0; at < bytes.length; at += 4096) c.enqueue(bytes.subarray(at, at + 4096))
        c.close()
      }
    })
    const res = await handle(new Request('http://localhost/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' }))
    assert.equal(res.status, 413)
    assert.equal((await res.json()).error.code, 'ERR_BODY_TOO_LARGE')
  } finally { await f.close() }
})
