'use strict'
// The node:http side of createAuth, for node:http, Express 4 and 5, NestJS
// (Express platform), and, through ./adapters.js, Koa and Fastify:
//   POST /login /phone /profile /avatar /logout   GET /me /avatars/<id>
// A good citizen: the method and path are matched before anything else is
// looked at, and any other request goes to `next()` untouched (its body
// unread). A body a framework already parsed is taken as it is; an unread
// one is read here, with a size limit and a time limit. The rules are the
// request core's (./http/exchange.js).

const { matchRoute, localPath } = require('./routes')
const { createExchange, answer, withHeaders, bearerOf } = require('./exchange')
const { WeappLoginError, invalidArgument } = require('../../errors')
const { handlerOptions } = require('./handler-options')
const { clientAddress, addressKey, isPrivate } = require('./client-address')
const { publicOrigin } = require('./public-origin')

const JSON_TYPE = 'application/json; charset=utf-8'
const EMPTY = Buffer.alloc(0)
/** Marks what handler() and requireSession() built, for the Koa and Fastify adapters. */
const SERVE = Symbol.for('weapp-login.serve')

/** Writes an answer of the request core. */
function write (res, answer, head = false) {
  if (res.headersSent || res.writableEnded || res.destroyed) return
  if (answer.json !== undefined) {
    const text = JSON.stringify(answer.json)
    const fields = { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) }
    for (const name in answer.headers) fields[name] = answer.headers[name] // most answers add none: no spread
    res.writeHead(answer.status, fields)
    res.end(head ? undefined : text)
  } else if (answer.bytes !== undefined) {
    res.writeHead(answer.status, { 'content-length': answer.bytes.length, ...answer.headers })
    res.end(head ? undefined : Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.length))
  } else {
    res.writeHead(answer.status, answer.headers)
    res.end()
  }
}

/** Whether the request's body stream was read already (by a framework's parser). */
const consumed = (req) => req.readableEnded === true || req.readable === false

/** A body that could not be read. */
const unreadable = () => invalidArgument('body', { why: 'could not be read' })
/** A body given up on, answered with the connection closed. */
const closing = (e) => withHeaders(e, { connection: 'close' })
const tooLarge = () => closing(new WeappLoginError('ERR_BODY_TOO_LARGE'))
const tooSlow = () => closing(new WeappLoginError('ERR_BODY_TIMEOUT'))
const broken = () => closing(unreadable())

/**
 * The body: what a framework parsed (`given`), or the bytes read from the stream.
 * @returns {Promise<{ parsed?: unknown, bytes?: Uint8Array }>}
 */
function readBody (req, limit, timeoutMs, given) {
  if (consumed(req)) {
    // Read by a framework: the same limit, on what the request declared.
    if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge())
    if (given === undefined || given === null) return Promise.resolve({ bytes: EMPTY })
    if (typeof given === 'string') given = Buffer.from(given, 'utf8')
    if (given instanceof Uint8Array) {
      return given.length > limit ? Promise.reject(tooLarge()) : Promise.resolve({ bytes: given })
    }
    // Parsed (a chunked or compressed body declares no length it keeps): its JSON's size.
    return parsedSize(given) > limit ? Promise.reject(tooLarge()) : Promise.resolve({ parsed: given })
  }
  if (Number(req.headers['content-length']) > limit) { req.resume(); return Promise.reject(tooLarge()) }
  // Something else reads it already (or paused it): read along, as it flows.
  if (req.readableFlowing !== null) return streamed(req, limit, timeoutMs)
  // This runs while node:http is still parsing the packet that carried the
  // headers. Once it is done with what has arrived, a body that came whole
  // (most do) is buffered in the request: read at once, with no timer and no
  // listeners. Any other is read as it arrives.
  return new Promise((resolve) => setImmediate(resolve))
    .then(() => req.complete && !req.destroyed && req.readableFlowing === null ? buffered(req, limit) : streamed(req, limit, timeoutMs))
}

/** The size of a body a framework parsed, as JSON text (what it would take to send it); Infinity when it has none. */
function parsedSize (value) {
  let text
  try { text = JSON.stringify(value) } catch { return Infinity }
  return typeof text === 'string' ? Buffer.byteLength(text) : 0
}

/** The body of a request node:http has read to its end: what is buffered. */
function buffered (req, limit) {
  const data = req.read() // everything buffered (paused mode); the stream then ends
  if (data === null) return { bytes: EMPTY }
  if (data.length > limit) { req.resume(); throw tooLarge() }
  return { bytes: data }
}

/** The body as it arrives, within `limit` bytes and `timeoutMs`. */
function streamed (req, limit, timeoutMs) {
  return new Promise((resolve, reject) => {
    if (req.destroyed) { reject(broken()); return }
    let first = null // most bodies come in one chunk
    let chunks = null
    let size = 0
    const stop = () => { clearTimeout(timer); req.removeListener('data', onData); req.removeListener('end', onEnd); req.removeListener('error', onError); req.removeListener('close', onClose) }
    // Past the limit or the time: stop reading, answer, and close the connection.
    const giveUp = (refuse) => { stop(); req.resume(); reject(refuse()) }
    const timer = setTimeout(giveUp, timeoutMs, tooSlow)
    function onData (chunk) {
      size += chunk.length
      if (size > limit) giveUp(tooLarge)
      else if (first === null) first = chunk
      else if (chunks === null) chunks = [first, chunk]
      else chunks.push(chunk)
    }
    function onEnd () {
      stop()
      resolve({ bytes: first === null ? EMPTY : chunks === null ? first : Buffer.concat(chunks, size) })
    }
    function onError () { stop(); reject(broken()) }
    function onClose () { if (!req.readableEnded) onError() }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/** The first value of a header, as text. */
const headerOf = (req, name) => {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

/** Whether a request declares a body. */
function hasBody (req) {
  const length = req.headers['content-length']
  if (length !== undefined) return length.trim() !== '0'
  return req.headers['transfer-encoding'] !== undefined
}

/**
 * Refuses at once (thrown to the framework calling the middleware) what is
 * not a node:http request and response: a Koa `ctx` (`app.use(auth.handler())`),
 * a Fastify request and reply, a fetch Request. Later, it would fail as an
 * uncaught exception in the app's process.
 * @param {unknown} req
 * @param {unknown} res
 * @param {string} name the middleware, as the error names it
 */
function checkNodeArguments (req, res, name) {
  let ok
  try {
    ok = req !== null && typeof req === 'object' && typeof req.on === 'function' && req.headers !== null && typeof req.headers === 'object' &&
      res !== null && typeof res === 'object' && typeof res.writeHead === 'function' && typeof res.end === 'function'
  } catch { ok = false }
  if (ok) return
  const koa = req !== null && typeof req === 'object' && 'req' in req && 'res' in req && 'request' in req
  throw invalidArgument('req', {
    why: koa
      ? `${name} got a Koa context: use app.use(toKoa(${name})) (require('weapp-login').toKoa)`
      : `${name} takes a node:http request and response: for Koa, app.use(toKoa(${name})); for Fastify, toFastify(${name}); for fetch runtimes, auth.fetchHandler()`
  })
}

/**
 * The node:http handler: `http.createServer(auth.handler())`, `app.use('/api', auth.handler())`.
 * @param {object} auth what createAuth built
 * @param {unknown} [options] see HandlerOptions in index.d.ts
 * @param {{ avatarUrlsGiven?: boolean }} [deployment] what createAuth's options say (see exchange.js)
 */
function createHandler (auth, options, deployment = {}) {
  const opts = handlerOptions(options)
  const exchange = createExchange(auth, opts, deployment)

  /**
   * The client's address key (see client-address.js). Traffic that does not
   * match `trustProxy` is said once through the logger. A request forwarded
   * by a private or loopback peer while no proxy is trusted came through a
   * proxy we were not told about: its client's address cannot be known (null).
   */
  function addressOf (req) {
    const forwardedFor = req.headers['x-forwarded-for']
    const socketAddress = req.socket ? req.socket.remoteAddress : null
    if (opts.trustProxy === 0 && forwardedFor !== undefined) {
      exchange.warnOnce('trust_proxy_unset', 'requests arrive with X-Forwarded-For but trustProxy is 0: clients behind the proxy cannot be told apart; set trustProxy to the number of proxies in front of this server')
      const key = addressKey(socketAddress)
      return key !== null && isPrivate(key) ? null : key
    }
    if (opts.trustProxy > 0 && forwardedFor === undefined) {
      exchange.warnOnce('trust_proxy_unmatched', `trustProxy is ${opts.trustProxy} but a request arrived without X-Forwarded-For: its peer's address counts as the client's`)
    }
    return clientAddress({ forwardedFor, socketAddress, trustProxy: opts.trustProxy })
  }

  /** Not ours: the next middleware's, or ERR_NOT_FOUND / ERR_METHOD_NOT_ALLOWED (with Allow) on a bare node:http server. */
  function pass (req, res, next, route) {
    if (typeof next === 'function') { next(); return }
    const e = route !== null && route.allow ? withHeaders(new WeappLoginError('ERR_METHOD_NOT_ALLOWED'), { allow: route.allow }) : new WeappLoginError('ERR_NOT_FOUND')
    write(res, answer(e, exchange.corsHeaders(headerOf(req, 'origin')) || {}))
  }

  /**
   * Serves one request. `via`: what an adapter knows better than the request
   * (the path under its mount, the body its framework parsed, the prefix).
   */
  async function serve (req, res, next, via = {}) {
    const path = via.path !== undefined ? via.path : localPath(req.url || '/', opts.basePath)
    const route = path === null ? null : matchRoute(req.method, path)
    if (route === null) return pass(req, res, next, null)
    if (route.allow) {
      if (req.method === 'OPTIONS' && opts.cors !== null) { write(res, exchange.preflight(headerOf(req, 'origin'), route.allow)); return }
      return pass(req, res, next, route)
    }
    const io = {
      header: (name) => headerOf(req, name),
      bearer: () => bearerOf(req.headers.authorization),
      address: () => addressOf(req),
      hasBody: () => hasBody(req),
      body: (limit) => readBody(req, limit, opts.bodyTimeoutMs, via.body !== undefined ? via.body : req.body),
      base: (via.base !== undefined ? via.base : (typeof req.baseUrl === 'string' ? req.baseUrl : '')) + opts.basePath,
      origin: () => publicOrigin({ scheme: req.socket && req.socket.encrypted ? 'https' : 'http', host: headerOf(req, 'host'), header: (name) => headerOf(req, name), trustProxy: opts.trustProxy })
    }
    write(res, await exchange.serve(route, io), req.method === 'HEAD')
  }

  /** The handler itself: `(req, res, next?)`. */
  function handler (req, res, next) {
    checkNodeArguments(req, res, 'auth.handler()')
    return serve(req, res, next)
  }

  /**
   * An Express error middleware that keeps the JSON contract for our routes
   * when a body parser in front of the handler refused the body (malformed
   * JSON, too large): `app.use('/api', api, api.errorHandler)`. Errors of any
   * other route go on to the app's own error handling.
   */
  function errorHandler (err, req, res, next) {
    const path = localPath(req.url || '/', opts.basePath)
    const route = path === null ? null : matchRoute(req.method, path)
    const type = err !== null && typeof err === 'object' ? err.type : undefined
    if (route === null || route.allow || res.headersSent || typeof type !== 'string' || !/^(entity|encoding|charset|request|stream|parameters)\./.test(type)) { next(err); return }
    const cors = exchange.corsHeaders(headerOf(req, 'origin')) || {}
    const e = type === 'entity.too.large'
      ? new WeappLoginError('ERR_BODY_TOO_LARGE')
      : type === 'entity.parse.failed' ? invalidArgument('body', { mustBe: 'a JSON object' }) : unreadable()
    write(res, answer(e, cors))
  }

  Object.defineProperty(handler, 'errorHandler', { value: errorHandler, enumerable: true })
  Object.defineProperty(handler, SERVE, { value: { kind: 'handler', serve, options: opts } })
  return handler
}

module.exports = { createHandler, checkNodeArguments, write, headerOf, SERVE }
