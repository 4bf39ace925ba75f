'use strict'
// Issue #21's "no client address, everyone locked out": a fetchHandler()
// with no address source (a Next.js route handler), and handler() behind a
// proxy it was not told about. The server says so, and junk from addresses
// it cannot know does not lock a real user's valid code out: for them the
// app-wide upstream budget is the limit.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const crypto = require('node:crypto')
const { fixture, serve } = require('../helpers/fixture')

const random = () => crypto.randomBytes(12).toString('base64url')
const warnings = (f, event) => f.logged.filter((l) => l.level === 'warn' && l.fields.event === event)

/** A POST /login to a fetch handler, as a route handler receives it (no address beside the request). */
async function viaFetch (handle, code, headers = {}) {
  const res = await handle(new Request('https://app.example/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code }) }))
  return res.status
}

function viaHttp (base, code, headers = {}) {
  const body = JSON.stringify({ code })
  return new Promise((resolve, reject) => {
    const req = http.request(base + '/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('fetchHandler() with no address source warns when made, and after 20 junk requests a valid code still signs in', async () => {
  const f = await fixture()
  try {
    const handle = f.auth.fetchHandler()
    assert.equal(warnings(f, 'no_client_address').length, 1)
    const junk = []
    for (let i = 0; i < 20; i++) junk.push(await viaFetch(handle, random()))
    assert.deepEqual([...new Set(junk)], [400]) // each went to WeChat (40029): the budget counts them
    assert.equal(await viaFetch(handle, random()), 400) // the 21st too: no shared 'unknown' window
    assert.equal(await viaFetch(handle, f.code('real-user')), 200)
    assert.equal(await f.auth.store.get(f.auth.storeKey('rl:login:unknown')), null)
    assert.equal(f.stats().jscode2session, 22)
  } finally { await f.close() }
})

test('fetchHandler() with no address source: the app-wide budget is the limit', async () => {
  const f = await fixture({ authOptions: { upstreamLoginBudget: { max: 25, windowSeconds: 60 } } })
  try {
    const handle = f.auth.fetchHandler()
    const statuses = {}
    for (let i = 0; i < 40; i++) { const s = await viaFetch(handle, random()); statuses[s] = (statuses[s] || 0) + 1 }
    assert.deepEqual(statuses, { 400: 25, 429: 15 })
    assert.equal(f.stats().jscode2session, 25)
  } finally { await f.close() }
})

test('fetchHandler() told where addresses are does not warn; a request without one still shares one window', async () => {
  const f = await fixture()
  try {
    const handle = f.auth.fetchHandler({ loginLimit: { max: 2 }, clientAddress: (request) => request.headers.get('cf-connecting-ip') })
    f.auth.fetchHandler({ trustProxy: 1 })
    assert.equal(warnings(f, 'no_client_address').length, 0)
    assert.deepEqual([await viaFetch(handle, random()), await viaFetch(handle, random()), await viaFetch(handle, random())], [400, 400, 429])
  } finally { await f.close() }
})

test('handler() behind a proxy it was not told about warns once, and 20 junk requests do not lock a valid code out', async () => {
  const f = await fixture()
  const s = await serve(f.auth.handler()) // trustProxy 0; the peer (127.0.0.1) forwards X-Forwarded-For
  try {
    const junk = []
    for (let i = 0; i < 25; i++) junk.push(await viaHttp(s.base, random(), { 'x-forwarded-for': `198.51.100.${i}` }))
    assert.deepEqual([...new Set(junk)], [400])
    assert.equal(await viaHttp(s.base, f.code('real-user'), { 'x-forwarded-for': '198.51.100.99' }), 200)
    assert.equal(warnings(f, 'trust_proxy_unset').length, 1)
    // Without X-Forwarded-For the peer is the client, limited as before.
    const direct = []
    for (let i = 0; i < 21; i++) direct.push(await viaHttp(s.base, random()))
    assert.equal(direct[19], 400)
    assert.equal(direct[20], 429)
  } finally { await s.close(); await f.close() }
})

test('handler({ trustProxy }) warns once when a request arrives without X-Forwarded-For', async () => {
  const f = await fixture()
  const s = await serve(f.auth.handler({ trustProxy: 1 }))
  try {
    assert.equal(await viaHttp(s.base, random()), 400)
    assert.equal(await viaHttp(s.base, random()), 400)
    assert.equal(warnings(f, 'trust_proxy_unmatched').length, 1)
    assert.equal(warnings(f, 'trust_proxy_unset').length, 0)
  } finally { await s.close(); await f.close() }
})
