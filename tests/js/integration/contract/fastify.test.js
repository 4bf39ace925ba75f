'use strict'
// The contract on Fastify with its default parsers for the app's own routes:
// the handler is a plugin (toFastify) registered under /api.
const { toFastify } = require('weapp-login')
const { contractSuite } = require('./suite')

const [major] = process.versions.node.split('.').map(Number)

contractSuite('Fastify', async (auth, options) => {
  const app = require('fastify')()
  app.register(toFastify(auth.handler(options)), { prefix: '/api' })
  app.post('/api/echo', async (request) => ({ type: request.headers['content-type'], body: request.body }))
  app.get('/api/private', { preHandler: toFastify(auth.requireSession()) }, async (request) => ({ session: request.session }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${app.server.address().port}/api`
  return { base, request: (path, init) => fetch(base + path, init), close: () => app.close() }
}, { skip: major < 20 && 'Fastify 5 needs Node 20' })
