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

module.exports = { listen, readText }
