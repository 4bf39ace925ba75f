'use strict'
// The framework-neutral request core: one matched route in, one answer out
// (`{ status, headers, json }` or `{ status, headers, bytes }`). The node:http
// handler and the fetch handler only translate requests and answers; every
// rule (limits, content types, CORS, errors) is here, once.

const { WeappLoginError } = require('../../errors')
const { boundaryOf, fileField } = require('./multipart')
const { imageType } = require('../auth/image')
const { ADMISSION } = require('../auth/login')

const JSON_CONTENT = /^\s*application\/(?:[a-z0-9.+-]*\+)?json\s*(;|$)/i
/** Room for the multipart framing around the avatar's bytes. */
const MULTIPART_OVERHEAD = 16 * 1024
/** Counts requests that came with no address at all (one shared window). */
const UNKNOWN_ADDRESS = 'unknown'

/**
 * Errors are the core's: a code's HTTP status and `retryable` come from its table.
 * @param {Map<string, { status: number, retryable: boolean }>} table
 */
function createErrors (table) {
  /** A WeappLoginError for `code`, retryable as the core says; `status` overrides the HTTP status. */
  function coded (code, message, status, extra) {
    const e = new WeappLoginError(code, message)
    if (status !== undefined) Object.defineProperty(e, 'httpStatus', { value: status })
    if (extra !== undefined) Object.defineProperty(e, 'headers', { value: extra })
    return e
  }

  /** The answer for any error: `{ error: { code, message, retryable } }` with its status. */
  function answer (e, headers) {
    if (e instanceof WeappLoginError) {
      const row = table.get(e.code)
      const status = e.httpStatus || (row === undefined ? 500 : row.status)
      return { status, headers: e.headers ? { ...headers, ...e.headers } : headers, json: { error: { code: e.code, message: e.message, retryable: e.retryable === true } } }
    }
    return { status: 500, headers, json: { error: { code: 'ERR_INTERNAL', message: 'internal error', retryable: false } } }
  }

  return { coded, answer }
}

/**
 * @param {object} auth what createAuth built
 * @param {Map<string, { status: number, retryable: boolean }>} table the core's error table
 * @param {ReturnType<import('./handler-options').handlerOptions>} opts checked options
 */
function createExchange (auth, table, opts) {
  const { coded, answer } = createErrors(table)
  const limit = opts.loginLimit

  /** The CORS headers for a request from `origin`, or null (CORS off, or an origin not allowed). */
  function corsHeaders (origin) {
    const cors = opts.cors
    if (cors === null) return null
    let allowed
    if (cors.origin === '*') allowed = '*'
    else if (typeof origin !== 'string' || origin === '') return null
    else if (typeof cors.origin === 'string') allowed = cors.origin === origin ? origin : null
    else if (Array.isArray(cors.origin)) allowed = cors.origin.includes(origin) ? origin : null
    else {
      let verdict
      try { verdict = cors.origin(origin) } catch { verdict = false }
      allowed = verdict === true ? origin : (typeof verdict === 'string' && verdict !== '' ? verdict : null)
    }
    if (allowed === null) return null
    const h = { 'access-control-allow-origin': allowed, 'access-control-expose-headers': 'retry-after' }
    if (allowed !== '*') h.vary = 'origin'
    return h
  }

  /** The answer to a preflight for one of our paths. */
  function preflight (origin, method) {
    const headers = corsHeaders(origin)
    if (headers === null) return { status: 204, headers: {}, empty: true }
    return {
      status: 204,
      headers: { ...headers, 'access-control-allow-methods': method === 'GET' ? 'GET, HEAD' : 'POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' },
      empty: true
    }
  }

  const rateLimited = () => coded('ERR_RATE_LIMITED', 'too many sign-ins from this address; slow down', undefined, { 'retry-after': String(limit.windowSeconds) })

  /**
   * Sign-ins per address per window, counted in the store (so across
   * processes too): what login counts before it touches the code (in the
   * same store step as the code's claim, where the store can), or null.
   */
  function admissionOf (address) {
    if (limit === null) return null
    return { key: auth.storeKey(`rl:login:${address === null ? UNKNOWN_ADDRESS : address}`), windowSeconds: limit.windowSeconds, max: limit.max, refused: rateLimited }
  }

  /** Counts a sign-in that does not reach login (its body was refused). */
  async function checkLoginLimit (admission) {
    if (admission !== null && await auth.store.incr(admission.key, admission.windowSeconds) > admission.max) throw rateLimited()
  }

  /** The JSON object a JSON route was sent (an empty body counts as `{}`). */
  async function jsonBody (io) {
    const contentType = io.header('content-type')
    if (typeof contentType !== 'string' || !JSON_CONTENT.test(contentType)) {
      if (!io.hasBody()) return {}
      throw coded('ERR_INVALID_ARGUMENT', 'send JSON (content-type: application/json)', 415)
    }
    const got = await io.body(opts.bodyLimit)
    let value
    if (got.parsed !== undefined) {
      value = got.parsed
    } else {
      if (got.bytes.length === 0) return {}
      const bytes = Buffer.isBuffer(got.bytes) ? got.bytes : Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length)
      try { value = JSON.parse(bytes.toString()) } catch { value = undefined }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw coded('ERR_INVALID_ARGUMENT', 'the body is not a JSON object', 400)
    return value
  }

  /** The avatar a multipart body carries: `{ bytes, contentType }`. */
  async function avatarBody (io) {
    const boundary = boundaryOf(io.header('content-type'))
    if (boundary === null) throw coded('ERR_INVALID_ARGUMENT', 'send the image as multipart/form-data (wx.uploadFile with name: \'avatar\')', 415)
    const got = await io.body(opts.avatarLimit + MULTIPART_OVERHEAD)
    if (got.bytes === undefined) throw coded('ERR_INVALID_ARGUMENT', 'the form was read before this handler; mount it before any multipart parser', 400)
    const { file, problem } = fileField(Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length), boundary, 'avatar')
    if (problem !== undefined) throw coded('ERR_INVALID_ARGUMENT', problem, 400)
    if (file.bytes.length > opts.avatarLimit) throw coded('ERR_INVALID_ARGUMENT', 'the image is too large', 413)
    const contentType = imageType(file.bytes)
    if (contentType === null) throw coded('ERR_INVALID_ARGUMENT', 'the avatar must be a JPEG, PNG, WebP or GIF image', 415)
    return { bytes: file.bytes, contentType }
  }

  /** A stored avatar's URL, relative to our routes, answered under the prefix the client reached us at. */
  function placeAvatars (result, base) {
    if (base === '' || result === null || typeof result !== 'object') return result
    const relative = (url) => typeof url === 'string' && url.startsWith('/avatars/')
    const user = result.user !== null && typeof result.user === 'object' ? result.user : null
    if (!relative(result.avatarUrl) && !(user !== null && relative(user.avatarUrl))) return result
    const out = { ...result } // a copy: auth may share its result between callers
    if (relative(out.avatarUrl)) out.avatarUrl = base + out.avatarUrl
    if (user !== null && relative(user.avatarUrl)) out.user = { ...user, avatarUrl: base + user.avatarUrl }
    return out
  }

  async function run (route, io) {
    const token = io.bearer()
    if (route.bearer && token === null) throw coded('ERR_SESSION_NOT_FOUND', 'no session for this token')
    switch (route.name) {
      case 'login': {
        const address = io.address()
        const admission = admissionOf(address)
        let body
        try { body = await jsonBody(io) } catch (e) { await checkLoginLimit(admission); throw e }
        const options = { nonce: body.nonce, address: address === null ? undefined : address }
        if (admission !== null) Object.defineProperty(options, ADMISSION, { value: admission }) // not enumerable: the options read as before
        return auth.login(body.code, options)
      }
      case 'phone': return auth.phoneNumber(token, await jsonBody(io))
      case 'profile': return auth.userInfo(token, await jsonBody(io))
      case 'logout': await auth.logout(token); return {}
      case 'me': return typeof auth.me === 'function' ? auth.me(token) : auth.session(token)
      case 'avatar': return auth.avatar(token, await avatarBody(io))
      default: return null // avatarFile: answered by `file`
    }
  }

  async function file (route) {
    let found
    try {
      found = await auth.avatarFile(route.id)
    } catch (e) {
      if (!(e instanceof WeappLoginError) || (e.code !== 'ERR_SESSION_NOT_FOUND' && e.code !== 'ERR_INVALID_ARGUMENT')) throw e
      found = null
    }
    if (found === null || found === undefined) throw coded('ERR_INVALID_ARGUMENT', 'no such route', 404)
    return {
      status: 200,
      headers: { 'content-type': found.contentType, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'" },
      bytes: found.bytes
    }
  }

  /**
   * Answers one matched route.
   * @param {{ name: string, bearer: boolean, id?: string }} route what matchRoute found
   * @param {{ header(name: string): string | undefined, bearer(): string | null, address(): string | null,
   *   hasBody(): boolean, body(limit: number): Promise<{ parsed?: unknown, bytes?: Uint8Array }>, base: string }} io
   * @returns {Promise<{ status: number, headers: object, json?: unknown, bytes?: Uint8Array }>}
   */
  async function serve (route, io) {
    const cors = corsHeaders(io.header('origin'))
    const headers = cors === null ? {} : cors
    try {
      if (route.name === 'avatarFile') {
        const answered = await file(route)
        return { ...answered, headers: { ...headers, ...answered.headers } }
      }
      const result = await run(route, io)
      return { status: 200, headers, json: placeAvatars(result, io.base) }
    } catch (e) {
      return answer(e, headers)
    }
  }

  return { serve, preflight, corsHeaders, coded, answer }
}

/** The Bearer token of an Authorization header, or null. */
function bearerOf (header) {
  if (typeof header !== 'string') return null
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)
  return m === null ? null : m[1]
}

/** The core's error table as `code → { status, retryable }`. */
function errorTable (core) {
  return new Map(core.errorCodes().map((r) => [r.code, { status: r.httpStatus, retryable: r.retryable }]))
}

module.exports = { createExchange, createErrors, bearerOf, errorTable, JSON_CONTENT }
