'use strict'
// The contract on a bare node:http server: http.createServer(auth.handler()).
const http = require('node:http')
const { contractSuite } = require('./suite')
const { listen, readText } = require('./servers')

contractSuite('node:http', async (auth, options) => {
  const api = auth.handler({ ...options, basePath: '/api' })
  const guard = auth.requireSession()
  const server = http.createServer((req, res) => api(req, res, async () => {
    if (req.method === 'POST' && req.url === '/api/echo') {
      const type = req.headers['content-type']
      const text = await readText(req)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ type, body: type === 'application/json' ? JSON.parse(text) : text }))
    } else if (req.url === '/api/private') {
      guard(req, res, () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ session: req.session })) })
    } else { res.writeHead(404); res.end() }
  }))
  return listen(server, '/api')
})
