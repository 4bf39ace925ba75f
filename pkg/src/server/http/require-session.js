'use strict'
// Protecting the app's own routes: auth.requireSession() for node:http-style
// frameworks, auth.sessionFromRequest(request) for fetch runtimes.

const { answer, bearerOf } = require('./exchange')
const { checkNodeArguments } = require('./node-handler')
const { WeappLoginError } = require('../../errors')

/** The Bearer token of a fetch Request or a node:http request. */
function tokenOf (request) {
  try {
    if (request === null || typeof request !== 'object' || request.headers === null || typeof request.headers !== 'object') return null
    const h = request.headers
    const value = typeof h.get === 'function' ? h.get('authorization') : h.authorization
    return bearerOf(Array.isArray(value) ? value[0] : value)
  } catch {
    return null // headers that cannot be read carry no token
  }
}

/** `{ openid, unionid?, userId?, expiresAt }`: only these, whatever else auth.session knows. */
function sessionView (s) {
  const out = { openid: s.openid }
  if (s.unionid !== undefined) out.unionid = s.unionid
  if (s.userId !== undefined) out.userId = s.userId
  out.expiresAt = s.expiresAt
  return out
}

/**
 * @param {object} auth what createAuth built
 */
function createSessionTools (auth) {
  /** The session of the request's Bearer token, or a WeappLoginError (ERR_SESSION_*, ERR_STORE_UNAVAILABLE). */
  async function sessionFromRequest (request) {
    const token = tokenOf(request)
    if (token === null) throw new WeappLoginError('ERR_SESSION_NOT_FOUND')
    return sessionView(await auth.session(token))
  }

  /** The JSON answer for a failed session lookup, as a fetch Response. */
  function errorResponse (e) {
    const a = answer(e, {})
    return new Response(JSON.stringify(a.json), { status: a.status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...a.headers } })
  }

  /**
   * `(req, res, next)`: sets `req.session` and calls `next()`, or answers the JSON 401/503.
   */
  function requireSession () {
    async function serve (req, res, next) {
      let session
      try {
        session = await sessionFromRequest(req)
      } catch (e) {
        if (res.headersSent || res.writableEnded) return
        const a = answer(e, {})
        const text = JSON.stringify(a.json)
        res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...(a.status === 401 ? { 'www-authenticate': 'Bearer' } : {}), ...a.headers })
        res.end(text)
        return
      }
      req.session = session
      if (typeof next === 'function') next()
    }
    function middleware (req, res, next) {
      checkNodeArguments(req, res, 'auth.requireSession()')
      return serve(req, res, next)
    }
    Object.defineProperty(middleware, Symbol.for('weapp-login.serve'), { value: { kind: 'session', serve } })
    return middleware
  }

  return { requireSession, sessionFromRequest, errorResponse }
}

module.exports = { createSessionTools, tokenOf }
