'use strict'
// The HTTP side of createAuth, for node:http and Express:
//   POST /login {code}   POST /phone {code}|{encryptedData,iv}   POST /profile …
//   POST /logout         GET /me
// JSON only, a body limit, Bearer tokens, no CORS unless asked, errors as
// { error: { code, message, retryable } } with the core's HTTP status.

const { WeappLoginError } = require('../errors')

const JSON_TYPE = 'application/json; charset=utf-8'
const JSON_CONTENT = /^application\/json\b/i

/** Answers `body` as JSON; `extra`: more headers, or null. */
const reply = (res, status, body, extra) => {
  const text = JSON.stringify(body)
  const headers = { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) }
  if (extra !== null) Object.assign(headers, extra)
  res.writeHead(status, headers)
  res.end(text)
}

const failure = (res, headers, status, code, message, retryable = false) => reply(res, status, { error: { code, message, retryable } }, headers)

/**
 * @param {object} auth what createAuth built
 * @param {Map<string, number>} statuses error code → HTTP status, from the core
 * @param {{ bodyLimit?: number, cors?: false | { origin: string }, basePath?: string, bodyTimeoutMs?: number,
 *   loginLimit?: { max: number, windowSeconds: number }, trustProxy?: boolean }} options
 */
function createHandler (auth, statuses, options = {}) {
  const bodyLimit = options.bodyLimit || 256 * 1024
  const bodyTimeoutMs = options.bodyTimeoutMs || 10_000
  const basePath = (options.basePath || '').replace(/\/+$/, '')
  const cors = options.cors && typeof options.cors.origin === 'string' ? options.cors : null
  const limit = options.loginLimit && options.loginLimit.max > 0 ? { max: options.loginLimit.max, window: options.loginLimit.windowSeconds || 60 } : null

  /** The client's address: the socket's, or X-Forwarded-For's first when the proxy is trusted. */
  function clientIp (req) {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] || '').split(',')[0].trim() : ''
    return forwarded || (req.socket && req.socket.remoteAddress) || 'unknown'
  }

  /** Sign-ins per address per window, counted in the store (so across processes too). */
  async function checkLoginLimit (req) {
    if (!limit) return
    const count = await auth.store.incr(`${auth.prefix}rl:login:${clientIp(req)}`, limit.window)
    if (count > limit.max) {
      throw Object.assign(new WeappLoginError('ERR_RATE_LIMITED', 'too many sign-ins from this address; slow down', { retryable: true }), { retryAfter: limit.window })
    }
  }

  function readBody (req) {
    if (req.body !== undefined && typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body)) {
      return Promise.resolve(req.body) // Express's json() got there first
    }
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'])
      if (declared > bodyLimit) { reject(Object.assign(new Error('too large'), { status: 413 })); req.resume(); return }
      let first = null // most bodies come in one chunk
      let chunks = null
      let size = 0
      // Past the limit or the time: stop reading, answer, and close the connection.
      const giveUp = (status) => { clearTimeout(timer); req.removeAllListeners('data'); req.resume(); reject(Object.assign(new Error('refused body'), { status })) }
      const timer = setTimeout(giveUp, bodyTimeoutMs, 408)
      req.on('data', (chunk) => {
        size += chunk.length
        if (size > bodyLimit) giveUp(413)
        else if (first === null) first = chunk
        else if (chunks === null) chunks = [first, chunk]
        else chunks.push(chunk)
      })
      req.on('end', () => {
        clearTimeout(timer)
        const text = first === null ? '' : (chunks === null ? first : Buffer.concat(chunks, size)).toString('utf8')
        try {
          const value = JSON.parse(text)
          if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
          resolve(value)
        } catch {
          if (text.trim() === '') resolve({})
          else reject(Object.assign(new Error('not JSON'), { status: 400 }))
        }
      })
      req.on('error', (e) => { clearTimeout(timer); reject(e) })
    })
  }

  function bearer (req) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '')
    return m ? m[1] : null
  }

  async function route (method, path, req) {
    if (method === 'GET' && path === '/me') return auth.me(bearer(req))
    if (method !== 'POST') return undefined
    const body = await readBody(req)
    switch (path) {
      case '/login': if (limit !== null) await checkLoginLimit(req); return auth.login(body.code, body.nonce === undefined ? undefined : { nonce: body.nonce })
      case '/phone': return auth.phoneNumber(bearer(req), body)
      case '/profile': return auth.userInfo(bearer(req), body)
      case '/logout': await auth.logout(bearer(req)); return {}
      default: return undefined
    }
  }

  return async function handler (req, res, next) {
    let headers = null
    if (cors) {
      headers = { 'access-control-allow-origin': cors.origin, 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST', vary: 'origin' }
      if (req.method === 'OPTIONS') { res.writeHead(204, headers); res.end(); return }
    }
    const url = req.url
    const q = url.indexOf('?')
    let path = q < 0 ? url : url.slice(0, q)
    if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length) || '/'
    if (req.method === 'POST' && !JSON_CONTENT.test(req.headers['content-type'] || '') && !(req.body && typeof req.body === 'object')) {
      failure(res, headers, 415, 'ERR_INVALID_ARGUMENT', 'send JSON (content-type: application/json)')
      return
    }
    try {
      const result = await route(req.method, path, req)
      if (result === undefined) {
        if (typeof next === 'function') { next(); return }
        failure(res, headers, 404, 'ERR_INVALID_ARGUMENT', 'no such route')
        return
      }
      reply(res, 200, result, headers)
    } catch (e) {
      if (e instanceof WeappLoginError) {
        if (e.retryAfter) headers = { ...headers, 'retry-after': String(e.retryAfter) }
        failure(res, headers, statuses.get(e.code) || 500, e.code, e.message, e.retryable)
      } else if (e && e.status === 413) {
        failure(res, { ...headers, connection: 'close' }, 413, 'ERR_INVALID_ARGUMENT', 'the body is too large')
      } else if (e && e.status === 408) {
        failure(res, { ...headers, connection: 'close' }, 408, 'ERR_TIMEOUT', 'the body arrived too slowly')
      } else if (e && e.status === 400) {
        failure(res, headers, 400, 'ERR_INVALID_ARGUMENT', 'the body is not a JSON object')
      } else {
        failure(res, headers, 500, 'ERR_INTERNAL', 'internal error')
      }
    }
  }
}

module.exports = { createHandler }
