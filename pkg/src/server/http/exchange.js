'use strict'
// The framework-neutral request core: one matched route in, one answer out
// (`{ status, headers, json }` or `{ status, headers, bytes }`). The node:http
// handler and the fetch handler only translate requests and answers; every
// rule (limits, content types, CORS, errors) is here, once.

const { WeappLoginError, invalidArgument, asWeappLoginError } = require('../../errors')
const { boundaryOf, fileField } = require('./multipart')
const { imageType } = require('../auth/image')
const { handlerLoginOptions } = require('../auth/login')
const { serverError } = require('../auth/fail')
const { networkOf } = require('./client-address')

const JSON_CONTENT = /^\s*application\/(?:[a-z0-9.+-]*\+)?json\s*(;|$)/i
/** Room for the multipart framing around the avatar's bytes. */
const MULTIPART_OVERHEAD = 16 * 1024
/** Counts requests that came with no address at all (one shared window). */
const UNKNOWN_ADDRESS = 'unknown'

/**
 * `e` carrying extra headers for its answer (`allow`, `connection: close`;
 * a limit's `retry-after` comes from the error's `retryAfter`). Its status
 * and `retryable` stay the core's.
 * @param {WeappLoginError} e
 * @param {Record<string, string>} headers
 */
function withHeaders (e, headers) {
  Object.defineProperty(e, 'headers', { value: headers })
  return e
}

/**
 * The answer for any error: `{ error: { code, message, retryable } }` with
 * the status the core's table gives its code (anything not a
 * WeappLoginError is ERR_INTERNAL), and the error's `retryAfter` (seconds:
 * one of our limits' window, a user's turn) as its `retry-after` header.
 */
function answer (e, headers) {
  const err = asWeappLoginError(e)
  let extra = err.headers
  if (err.retryAfter !== undefined) extra = { ...extra, 'retry-after': String(err.retryAfter) }
  return { status: err.httpStatus, headers: extra ? { ...headers, ...extra } : headers, json: { error: { code: err.code, message: err.message, retryable: err.retryable } } }
}

/**
 * @param {object} auth what createAuth built
 * @param {ReturnType<import('./handler-options').handlerOptions>} opts checked options
 * @param {{ avatarUrlsGiven?: boolean }} [deployment] what createAuth's options say:
 *   `avatarUrlsGiven` when `avatarBaseUrl` or `onAvatar` makes the avatar URLs
 *   (otherwise they are answered under the request's public origin)
 */
function createExchange (auth, opts, deployment = {}) {
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

  const rateLimited = () => serverError('ERR_RATE_LIMITED', 'too many sign-ins from this address or its network; slow down', { retryAfter: limit.windowSeconds })

  /**
   * Sign-ins per address per window, counted in the store (so across
   * processes too), and per IPv6 /48 beside it (`network`): what login counts
   * before it touches the code (in the same store step as the code's claim,
   * where the store can), or null. A request with no address shares one
   * window when the handler was told where addresses are (it did not come
   * that way); when it was told nothing, the app's upstream budget is its
   * limit, so junk from unknown addresses cannot lock a real user out.
   */
  function admissionOf (address) {
    if (limit === null || (address === null && !opts.addressSource)) return null
    const admission = { key: auth.storeKey(`rl:login:${address === null ? UNKNOWN_ADDRESS : address}`), windowSeconds: limit.windowSeconds, max: limit.max, refused: rateLimited }
    const network = address === null || limit.networkMax === null ? null : networkOf(address)
    if (network !== null) admission.network = { key: auth.storeKey(`rl:login:${network}`), max: limit.networkMax }
    return admission
  }

  /** Counts a sign-in that does not reach login (its body was refused). */
  async function checkLoginLimit (admission) {
    if (admission === null) return
    if (await auth.store.incr(admission.key, admission.windowSeconds) > admission.max) throw rateLimited()
    if (admission.network !== undefined && await auth.store.incr(admission.network.key, admission.windowSeconds) > admission.network.max) throw rateLimited()
  }

  /** The JSON object a JSON route was sent (an empty body counts as `{}`). */
  async function jsonBody (io) {
    const contentType = io.header('content-type')
    if (typeof contentType !== 'string' || !JSON_CONTENT.test(contentType)) {
      if (!io.hasBody()) return {}
      throw new WeappLoginError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send JSON (content-type: application/json)')
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
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgument('body', { mustBe: 'a JSON object' })
    return value
  }

  /** The avatar a multipart body carries: `{ bytes, contentType }`. */
  async function avatarBody (io) {
    const boundary = boundaryOf(io.header('content-type'))
    if (boundary === null) throw new WeappLoginError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the image as multipart/form-data (wx.uploadFile with name: \'avatar\')')
    const got = await io.body(opts.avatarLimit + MULTIPART_OVERHEAD)
    if (got.bytes === undefined) throw invalidArgument('body', { why: 'the form was read before this handler; mount it before any multipart parser' })
    const { file, problem } = fileField(Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length), boundary, 'avatar')
    if (problem !== undefined) throw invalidArgument('avatar', { why: problem })
    if (file.bytes.length > opts.avatarLimit) throw new WeappLoginError('ERR_BODY_TOO_LARGE', 'the image is too large')
    const contentType = imageType(file.bytes)
    if (contentType === null) throw new WeappLoginError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the avatar must be a JPEG, PNG, WebP or GIF image')
    return { bytes: file.bytes, contentType }
  }

  /** The server's public origin for this request (`io.origin`), or null where it cannot be known. */
  const originOf = (io) => typeof io.origin === 'function' ? io.origin() : null

  /**
   * A kept avatar's URL, relative to our routes (no `avatarBaseUrl`),
   * answered under the server's public origin and the prefix the client
   * reached us at: an `<image>` resolves a root-relative URL inside the
   * mini program package. Without an origin it can know (a proxy it does
   * not trust), the path as it is (`/avatar` is refused before: see run).
   */
  function placeAvatars (result, io) {
    if (result === null || typeof result !== 'object') return result
    const relative = (url) => typeof url === 'string' && url.startsWith('/avatars/')
    const user = result.user !== null && typeof result.user === 'object' ? result.user : null
    if (!relative(result.avatarUrl) && !(user !== null && relative(user.avatarUrl))) return result
    const base = (originOf(io) || '') + io.base
    if (base === '') return result
    const out = { ...result } // a copy: auth may share its result between callers
    if (relative(out.avatarUrl)) out.avatarUrl = base + out.avatarUrl
    if (user !== null && relative(user.avatarUrl)) out.user = { ...user, avatarUrl: base + user.avatarUrl }
    return out
  }

  async function run (route, io) {
    const token = io.bearer()
    if (route.bearer && token === null) throw new WeappLoginError('ERR_SESSION_NOT_FOUND')
    switch (route.name) {
      case 'login': {
        const address = io.address()
        const admission = admissionOf(address)
        let body
        try { body = await jsonBody(io) } catch (e) { await checkLoginLimit(admission); throw e }
        // Douyin's tt.login also gives an anonymous code; the admission is the HTTP layer's own option.
        return auth.login(body.code, handlerLoginOptions(body.nonce, address === null ? undefined : address, body.anonymousCode, admission === null ? undefined : admission))
      }
      case 'phone': return auth.phoneNumber(token, await jsonBody(io))
      case 'profile': return auth.userInfo(token, await jsonBody(io))
      case 'logout': await auth.logout(token); return {}
      case 'me': return typeof auth.me === 'function' ? auth.me(token) : auth.session(token)
      case 'avatar':
        // An avatar URL nobody could display is refused before anything is kept.
        if (deployment.avatarUrlsGiven !== true && originOf(io) === null) {
          throw new WeappLoginError('ERR_SERVER_CONFIG', 'set avatarBaseUrl (such as https://api.example.com) in createAuth\'s options: the server\'s public origin cannot be read from this request (behind a proxy, set trustProxy)', { field: 'avatarBaseUrl' })
        }
        return auth.avatar(token, await avatarBody(io))
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
    if (found === null || found === undefined) throw new WeappLoginError('ERR_NOT_FOUND')
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
      return { status: 200, headers, json: placeAvatars(result, io) }
    } catch (e) {
      return answer(e, headers)
    }
  }

  const warned = new Set()
  /** A warning about how the handler is deployed, through the app's logger, once per handler and `event`. */
  function warnOnce (event, msg) {
    if (warned.has(event) || typeof auth.log !== 'function') return
    warned.add(event)
    auth.log('warn', { event }, msg)
  }

  return { serve, preflight, corsHeaders, warnOnce }
}

/** The Bearer token of an Authorization header, or null. */
function bearerOf (header) {
  if (typeof header !== 'string') return null
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header)
  return m === null ? null : m[1]
}

module.exports = { createExchange, answer, withHeaders, bearerOf, JSON_CONTENT }
