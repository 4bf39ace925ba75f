'use strict'
// Misuse that reads like an attack on the app: `app.use(auth.handler())` in
// Koa hands the handler a `ctx` where it expects a request and a response.
// Held: handler() and requireSession() throw ERR_INVALID_ARGUMENT at once, to
// the framework calling them (Koa answers 500 and emits it), never an
// uncaught exception later in the app's process.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')
const { listen } = require('../helpers/listen')
const wl = require('weapp-login')
const { needsNode } = require('../helpers/node-version')

const auth = () => wl.createAuth({ appId: 'wx1234567890abcdef', appSecret: 'test-app-secret-0123456789abcdef' })
const invalid = (e) => e instanceof wl.WeappLoginError && e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'req' && /toKoa/.test(e.message)

/** What Koa passes a middleware: a context (with req, res, request, response) and next. */
function koaLike () {
  const req = Object.assign(new http.IncomingMessage(null), { method: 'POST', url: '/login', headers: { 'content-type': 'application/json' } })
  const ctx = { req, res: {}, request: { body: { code: 'x' } }, response: {}, method: 'POST', url: '/login', path: '/login', headers: req.headers, state: {} }
  return [ctx, async () => {}]
}

test('handler() given a Koa ctx throws ERR_INVALID_ARGUMENT naming toKoa, synchronously', () => {
  const a = auth()
  assert.throws(() => a.handler()(...koaLike()), invalid)
  assert.throws(() => a.requireSession()(...koaLike()), invalid)
  for (const [req, res] of [[undefined, undefined], [null, {}], [{ headers: {} }, {}], [new Request('http://localhost/login'), undefined]]) {
    assert.throws(() => a.handler()(req, res, () => {}), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'req')
    assert.throws(() => a.requireSession()(req, res, () => {}), (e) => e.code === 'ERR_INVALID_ARGUMENT' && e.field === 'req')
  }
})

test('Koa: app.use(auth.handler()) answers 500 through Koa\'s error handling, and nothing is uncaught', { skip: needsNode(18, 'Koa 3') }, async () => {
  const Koa = require('koa')
  const app = new Koa()
  const emitted = []
  app.on('error', (e) => emitted.push(e))
  app.use(auth().handler())
  const uncaught = []
  const onUncaught = (e) => uncaught.push(e)
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
  const server = await listen(app.callback())
  try {
    const res = await fetch(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"x"}' })
    assert.equal(res.status, 500)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(emitted.length, 1)
    assert.ok(invalid(emitted[0]))
    assert.deepEqual(uncaught, [])
  } finally {
    process.off('uncaughtException', onUncaught)
    process.off('unhandledRejection', onUncaught)
    await server.close()
  }
})
