'use strict'
// Small helpers for the contract suite's framework mounts.

/** Listens on 127.0.0.1; `{ base, request, close }`. */
async function listen (server, prefix = '/api') {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}${prefix}`
  return {
    base,
    request: (path, init) => fetch(base + path, init),
    close: () => new Promise((resolve) => { if (server.closeAllConnections) server.closeAllConnections(); server.close(() => resolve()) })
  }
}

/** A node:http request's body as text. */
function readText (req) {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (c) => { text += c })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

/**
 * The contract's mount on a bare node:http server:
 * http.createServer(auth.handler()), with the app's own /api/echo and
 * /api/private beside it.
 */
async function nodeHttpMount (auth, options) {
  const http = require('node:http')
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
}

module.exports = { listen, readText, nodeHttpMount }
