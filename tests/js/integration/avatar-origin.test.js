'use strict'
// Avatar URLs that display: without `avatarBaseUrl`, the handlers answer a
// kept avatar under the server's own public origin, read from the request
// (forwarded headers only when `trustProxy` trusts the proxies); where it
// cannot be known, `/avatar` is refused with ERR_SERVER_CONFIG naming the option.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { publicOrigin } = require('../../../pkg/src/server/http/public-origin')
const { fixture } = require('../helpers/fixture')
const { PNG, multipart } = require('./contract/suite')
const NODE_18 = { skip: (typeof fetch !== 'function' || typeof require('node:http').Server.prototype.closeAllConnections !== 'function') && 'needs Node 18.2+' }

const headers = (h) => (name) => h[name]

test('the public origin: the request\'s own, forwarded headers only through trusted proxies', () => {
  const direct = { scheme: 'http', host: '127.0.0.1:8080', trustProxy: 0 }
  assert.equal(publicOrigin({ ...direct, header: headers({}) }), 'http://127.0.0.1:8080')
  assert.equal(publicOrigin({ ...direct, scheme: 'https', host: 'API.Example.com', header: headers({}) }), 'https://api.example.com')
  // Through a proxy nobody said to trust: unknown, whatever it claims.
  for (const h of [{ 'x-forwarded-proto': 'https' }, { 'x-forwarded-host': 'evil.example' }, { 'x-forwarded-for': '203.0.113.7' }, { forwarded: 'for=203.0.113.7;proto=https' }]) {
    assert.equal(publicOrigin({ ...direct, header: headers(h) }), null, JSON.stringify(h))
  }
  // Trusted hops: the entry they vouch for, from the right.
  const proxied = { scheme: 'http', host: '10.0.0.5:3000', header: headers({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' }) }
  assert.equal(publicOrigin({ ...proxied, trustProxy: 1 }), 'https://api.example.com')
  assert.equal(publicOrigin({ scheme: 'http', host: 'h', header: headers({ 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'forged.example, api.example.com' }), trustProxy: 1 }), 'https://api.example.com')
  assert.equal(publicOrigin({ scheme: 'http', host: 'h', header: headers({ 'x-forwarded-for': '1.2.3.4' }), trustProxy: 1 }), 'http://h', 'a proxy that names neither keeps the request\'s own')
  // Hostile hosts and schemes: none.
  for (const host of ['a b', 'evil.example/x', 'evil.example?', 'user@evil.example', '', '-x', 'x'.repeat(300), undefined]) {
    assert.equal(publicOrigin({ ...direct, host, header: headers({}) }), null, String(host))
  }
  assert.equal(publicOrigin({ ...direct, scheme: 'javascript', header: headers({}) }), null)
  assert.equal(publicOrigin({ scheme: 'http', host: 'h', header: headers({ 'x-forwarded-proto': 'ftp' }), trustProxy: 1 }), null)
})

async function upload (base, token, extra = {}) {
  const form = multipart('avatar', PNG)
  const res = await fetch(base + '/avatar', { method: 'POST', headers: { 'content-type': form.type, authorization: `Bearer ${token}`, ...extra }, body: form.body })
  return { status: res.status, body: await res.json() }
}

test('/avatar answers an absolute URL under the server\'s own origin, which serves the image', NODE_18, async () => {
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code('direct'))
    const up = await upload(f.base, s.token)
    assert.equal(up.status, 200)
    assert.ok(up.body.avatarUrl.startsWith(f.base + '/avatars/'), up.body.avatarUrl)
    assert.equal(up.body.user.avatarUrl, up.body.avatarUrl)
    assert.equal((await fetch(up.body.avatarUrl)).status, 200)
  } finally { await f.close() }
})

test('behind a proxy not trusted, /avatar is refused: ERR_SERVER_CONFIG naming avatarBaseUrl', NODE_18, async () => {
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code('proxied'))
    const up = await upload(f.base, s.token, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '203.0.113.7' })
    assert.equal(up.status, 500)
    assert.equal(up.body.error.code, 'ERR_SERVER_CONFIG')
    assert.equal(up.body.error.retryable, false)
    assert.ok(!JSON.stringify(up.body).includes('evil.example'))
    // Refused before anything was kept: no image, the user's view untouched.
    assert.equal((await f.auth.me(s.token)).user.avatarUrl, undefined)
  } finally { await f.close() }
})

test('behind a trusted proxy, its forwarded origin; with avatarBaseUrl, that always', NODE_18, async () => {
  const trusted = await fixture({ handlerOptions: { trustProxy: 1 } })
  try {
    const s = await trusted.auth.login(trusted.code('trusted'))
    const up = await upload(trusted.base, s.token, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com', 'x-forwarded-for': '203.0.113.7' })
    assert.equal(up.status, 200)
    assert.match(up.body.avatarUrl, /^https:\/\/api\.example\.com\/avatars\/[A-Za-z0-9_-]{46}$/)
  } finally { await trusted.close() }
  const hooked = await fixture({ authOptions: { onAvatar: async () => ({ avatarUrl: 'https://img.example.com/a.png' }) } })
  try {
    const s = await hooked.auth.login(hooked.code('hooked'))
    const up = await upload(hooked.base, s.token, { 'x-forwarded-for': '203.0.113.7' })
    assert.equal(up.status, 200, 'onAvatar makes the URL: nothing to place')
    assert.equal(up.body.avatarUrl, 'https://img.example.com/a.png')
  } finally { await hooked.close() }
  const set = await fixture({ authOptions: { avatarBaseUrl: 'https://cdn.example.com' } })
  try {
    const s = await set.auth.login(set.code('set'))
    const up = await upload(set.base, s.token, { 'x-forwarded-for': '203.0.113.7' })
    assert.equal(up.status, 200)
    assert.match(up.body.avatarUrl, /^https:\/\/cdn\.example\.com\/avatars\//)
  } finally { await set.close() }
})

test('fetchHandler: the origin of the URL the runtime saw', NODE_18, async () => {
  const f = await fixture()
  try {
    const s = await f.auth.login(f.code('fetch'))
    const handle = f.auth.fetchHandler()
    const form = multipart('avatar', PNG)
    const res = await handle(new Request('https://api.example.com/avatar', { method: 'POST', headers: { 'content-type': form.type, authorization: `Bearer ${s.token}` }, body: form.body }))
    assert.equal(res.status, 200)
    assert.match((await res.json()).avatarUrl, /^https:\/\/api\.example\.com\/avatars\//)
    const form2 = multipart('avatar', PNG)
    const refused = await handle(new Request('http://10.0.0.5/avatar', { method: 'POST', headers: { 'content-type': form2.type, authorization: `Bearer ${s.token}`, 'x-forwarded-proto': 'https' }, body: form2.body }))
    assert.equal(refused.status, 500)
    assert.equal((await refused.json()).error.code, 'ERR_SERVER_CONFIG')
  } finally { await f.close() }
})
