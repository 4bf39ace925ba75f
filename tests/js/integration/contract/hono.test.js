'use strict'
// The contract on Hono on Node (@hono/node-server): auth.fetchHandler()
// mounted under /api after the app's own routes.
const { contractSuite } = require('./suite')

const [major] = process.versions.node.split('.').map(Number)

contractSuite('Hono on Node', async (auth, options) => {
  const { Hono } = require('hono')
  const { serve } = require('@hono/node-server')
  const app = new Hono()
  app.post('/api/echo', async (c) => {
    const type = c.req.header('content-type')
    return c.json({ type, body: type === 'application/json' ? await c.req.json() : await c.req.text() })
  })
  app.get('/api/private', async (c) => {
    try { return c.json({ session: await auth.sessionFromRequest(c.req.raw) }) } catch (e) { return auth.errorResponse(e) }
  })
  app.mount('/api', auth.fetchHandler({ ...options, basePath: '/api' }), { replaceRequest: false })
  const server = await new Promise((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)) })
  const base = `http://127.0.0.1:${server.address().port}/api`
  return { base, request: (path, init) => fetch(base + path, init), close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }) }
}, { skip: major < 20 && '@hono/node-server 2 needs Node 20' })
