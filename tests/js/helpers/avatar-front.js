'use strict'
// A front server for the sample mini program's tests: it answers
// `POST <basePath>/avatar` as the HTTP contract says (multipart field
// `avatar` with a Bearer token → `{ avatarUrl, user }`) and passes every
// other request to the demo server. It stands in until the developer
// server has its own `POST /avatar` (issue #13); then the tests can talk to
// the demo directly.

const http = require('node:http')

/**
 * @param {string} target the demo's URL (`http://127.0.0.1:port/`)
 * @returns {Promise<{ url: string, avatars: { fieldOk: boolean, auth: string }[], close: () => Promise<void> }>}
 */
async function startAvatarFront (target) {
  const avatars = []
  const server = http.createServer(async (req, res) => {
    const chunks = []
    for await (const c of req) chunks.push(c)
    const body = Buffer.concat(chunks)
    if (req.method === 'POST' && req.url === '/api/avatar') {
      const type = req.headers['content-type'] || ''
      const auth = req.headers.authorization || ''
      const fieldOk = /^multipart\/form-data; boundary=/.test(type) && body.includes('name="avatar"')
      avatars.push({ fieldOk, auth })
      const ok = fieldOk && /^Bearer \S+$/.test(auth)
      const avatarUrl = `${target}api/avatars/${avatars.length}`
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
      res.end(JSON.stringify(ok ? { avatarUrl, user: { avatarUrl } } : { error: { code: 'ERR_INVALID_ARGUMENT', message: 'no avatar' } }))
      return
    }
    const headers = { ...req.headers }
    delete headers.host
    delete headers['content-length']
    const up = await fetch(new URL(req.url, target), { method: req.method, headers, body: body.length ? body : undefined })
    res.writeHead(up.status, { 'content-type': up.headers.get('content-type') || 'application/json' })
    res.end(Buffer.from(await up.arrayBuffer()))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    avatars,
    close: () => new Promise((resolve) => server.close(resolve))
  }
}

module.exports = { startAvatarFront }
