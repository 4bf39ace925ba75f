'use strict'
// Issue #12's quota goal at the HTTP layer: with the defaults, 1,000 random
// codes from one address make at most 21 upstream calls within the window,
// with and without forged X-Forwarded-For entries behind trustProxy: 1, through
// handler() and fetchHandler(). The emulator counts the upstream calls.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const crypto = require('node:crypto')
const { fixture, serve } = require('../helpers/fixture')
/** Tests that serve HTTP: the fixture needs Node 18's global fetch and server.closeAllConnections. */
const NODE_18 = { skip: (typeof fetch !== 'function' || typeof require('node:http').Server.prototype.closeAllConnections !== 'function') && 'needs Node 18.2+' }

const random = () => crypto.randomBytes(12).toString('base64url')
const CLIENT = '203.0.113.77'

/** Sends 1,000 random codes; answers the statuses seen and the upstream calls made. */
async function storm (send) {
  const statuses = {}
  for (let batch = 0; batch < 20; batch++) {
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(random())))
    for (const s of answers) statuses[s] = (statuses[s] || 0) + 1
  }
  return statuses
}

function postLogin (agent, base, code, headers) {
  const body = JSON.stringify({ code })
  return new Promise((resolve, reject) => {
    const req = http.request(base + '/login', { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('handler(): 1,000 random codes from one address make at most 20 upstream calls', NODE_18, async (t) => {
  const f = await fixture()
  const direct = await serve(f.auth.handler())
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  try {
    const statuses = await storm((code) => postLogin(agent, direct.base, code, {}))
    t.diagnostic(JSON.stringify({ requests: 1000, statuses, upstreamCalls: f.stats().jscode2session }))
    assert.ok(f.stats().jscode2session <= 20, `upstream calls: ${f.stats().jscode2session}`)
    assert.equal(statuses[429], 980)
    assert.equal(statuses[400], 20) // random codes: WeChat says 40029
  } finally { agent.destroy(); await direct.close(); await f.close() }
})

test('handler({ trustProxy: 1 }): forged X-Forwarded-For entries do not open new windows', NODE_18, async (t) => {
  const f = await fixture()
  const proxied = await serve(f.auth.handler({ trustProxy: 1 }))
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
  try {
    let n = 0
    // What the client wrote, then what our one trusted proxy appended: the address it saw.
    const forged = () => [`10.${n % 250}.${(n >> 8) % 250}.1`, `2001:db8:${(n++).toString(16)}::1`, 'not-an-ip', random()][n % 4]
    const statuses = await storm((code) => postLogin(agent, proxied.base, code, { 'x-forwarded-for': `${forged()}, ${CLIENT}` }))
    t.diagnostic(JSON.stringify({ requests: 1000, forged: true, statuses, upstreamCalls: f.stats().jscode2session }))
    assert.ok(f.stats().jscode2session <= 20, `upstream calls: ${f.stats().jscode2session}`)
    assert.equal(statuses[429], 980)
    // Without forged entries: the same window (it is the same client).
    assert.equal(await postLogin(agent, proxied.base, random(), { 'x-forwarded-for': CLIENT }), 429)
    // Another client behind the proxy has a window of its own.
    assert.equal(await postLogin(agent, proxied.base, random(), { 'x-forwarded-for': '203.0.113.78' }), 400)
    // An unparsable entry where the proxy's should be: the socket's address counts (127.0.0.1, fresh).
    assert.equal(await postLogin(agent, proxied.base, random(), { 'x-forwarded-for': `${CLIENT}, garbage` }), 400)
    // The counters the store holds: one per address, keyed by the parsed IP, never by header text
    // (1,000 distinct forged values did not make 1,000 entries).
    assert.equal(Number(await f.auth.store.get(f.auth.storeKey(`rl:login:${CLIENT}`))), 1001)
    assert.equal(await f.auth.store.get(f.auth.storeKey('rl:login:not-an-ip')), null)
    assert.ok(f.auth.store.size() < 100, `store entries: ${f.auth.store.size()}`)
  } finally { agent.destroy(); await proxied.close(); await f.close() }
})

test('fetchHandler({ trustProxy: 1 }): the same limit, in the same store', NODE_18, async (t) => {
  const f = await fixture()
  try {
    const handle = f.auth.fetchHandler({ trustProxy: 1 })
    const send = async (code, xff) => (await handle(new Request('https://api.example/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ code }) }))).status
    let n = 0
    const statuses = await storm((code) => send(code, n++ % 2 ? `198.18.${n % 250}.${n % 7}, ${CLIENT}` : CLIENT))
    t.diagnostic(JSON.stringify({ requests: 1000, fetchHandler: true, statuses, upstreamCalls: f.stats().jscode2session }))
    assert.ok(f.stats().jscode2session <= 20, `upstream calls: ${f.stats().jscode2session}`)
    assert.equal(statuses[429], 980)
    // IPv6 clients count per /64: another address in the same /64 shares the window.
    for (let i = 0; i < 20; i++) await send(random(), `2001:db8:aa:bb::${i.toString(16)}`)
    assert.equal(await send(random(), '2001:db8:aa:bb:ffff::1'), 429)
    assert.equal(await send(random(), '::ffff:198.51.100.1'), 400) // IPv4-mapped: an IPv4 client of its own
  } finally { await f.close() }
})

test('clientAddress() and no address at all: one shared window, never none', NODE_18, async () => {
  const f = await fixture()
  try {
    const limited = f.auth.fetchHandler({ loginLimit: { max: 2 }, clientAddress: (request) => request.headers.get('cf-connecting-ip') })
    const send = async (headers) => (await limited(new Request('https://api.example/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code: random() }) }))).status
    assert.deepEqual([await send({ 'cf-connecting-ip': '192.0.2.1' }), await send({ 'cf-connecting-ip': '192.0.2.1' }), await send({ 'cf-connecting-ip': '192.0.2.1' })], [400, 400, 429])
    assert.equal(await send({ 'cf-connecting-ip': '192.0.2.2' }), 400)
    // Nothing tells the address: every such request shares one window.
    assert.deepEqual([await send({}), await send({ 'cf-connecting-ip': 'junk' }), await send({})], [400, 400, 429])
    // Deno hands the address beside the request.
    const deno = f.auth.fetchHandler({ loginLimit: { max: 1 } })
    const viaDeno = async (ip) => (await deno(new Request('https://api.example/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: random() }) }), { remoteAddr: { hostname: ip } })).status
    assert.deepEqual([await viaDeno('192.0.2.9'), await viaDeno('192.0.2.9'), await viaDeno('192.0.2.10')], [400, 429, 400])
  } finally { await f.close() }
})
