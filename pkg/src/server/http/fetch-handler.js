'use strict'
// auth.fetchHandler(): the same routes, limits, timeouts and CORS as
// handler(), as `(request: Request) => Promise<Response>` for Hono, Next.js
// route handlers, Bun, Deno and workers.

const { matchRoute, localPath } = require('./routes')
const { createExchange, answer, withHeaders, bearerOf } = require('./exchange')
const { handlerOptions } = require('./handler-options')
const { addressKey, clientAddress } = require('./client-address')
const { publicOrigin } = require('./public-origin')
const { WeappLoginError, invalidArgument } = require('../../errors')

const EMPTY = new Uint8Array(0)

/**
 * The socket address a runtime hands its fetch handler beside the request:
 * Deno's `info.remoteAddr`, Bun's `server.requestIP(request)`, @hono/node-server's
 * `env.incoming.socket` (and Hono's `c.env` passed through `app.mount`).
 */
function runtimeAddress (request, extra) {
  try {
    const info = extra[0]
    if (info === null || typeof info !== 'object') return null
    if (info.remoteAddr && typeof info.remoteAddr.hostname === 'string') return info.remoteAddr.hostname
    if (typeof info.requestIP === 'function') { const a = info.requestIP(request); return a && typeof a.address === 'string' ? a.address : null }
    if (info.incoming && info.incoming.socket) return info.incoming.socket.remoteAddress || null
  } catch {}
  return null
}

/** A body that could not be read. */
const unreadable = () => invalidArgument('body', { why: 'could not be read' })

/** Reads a fetch body with a size limit and a time limit. */
async function readStream (request, limit, timeoutMs) {
  const declared = Number(request.headers.get('content-length'))
  if (declared > limit) throw new WeappLoginError('ERR_BODY_TOO_LARGE')
  if (request.body === null) return { bytes: EMPTY }
  if (request.bodyUsed) throw unreadable()
  const reader = request.body.getReader()
  const chunks = []
  let size = 0
  let timer
  const late = new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, 'late') })
  try {
    for (;;) {
      const step = await Promise.race([reader.read(), late])
      if (step === 'late') throw new WeappLoginError('ERR_BODY_TIMEOUT')
      if (step.done) break
      size += step.value.length
      if (size > limit) throw new WeappLoginError('ERR_BODY_TOO_LARGE')
      chunks.push(step.value)
    }
  } catch (e) {
    reader.cancel().catch(() => {})
    if (e instanceof WeappLoginError) throw e
    throw unreadable()
  } finally {
    clearTimeout(timer)
  }
  if (chunks.length === 1) return { bytes: chunks[0] }
  const all = new Uint8Array(size)
  let at = 0
  for (const c of chunks) { all.set(c, at); at += c.length }
  return { bytes: all }
}

/** A fetch Response for an answer of the request core. */
function toResponse (answer, head) {
  if (answer.json !== undefined) {
    const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...answer.headers }
    return new Response(head ? null : JSON.stringify(answer.json), { status: answer.status, headers })
  }
  return new Response(head || answer.bytes === undefined ? null : answer.bytes, { status: answer.status, headers: answer.headers })
}

/**
 * @param {object} auth what createAuth built
 * @param {unknown} [options] HandlerOptions and `clientAddress(request, ...rest)`
 */
function createFetchHandler (auth, options, deployment = {}) {
  const opts = handlerOptions(options, { fetch: true })
  const exchange = createExchange(auth, opts, deployment)
  if (!opts.addressSource) {
    exchange.warnOnce('no_client_address', 'fetchHandler() has no clientAddress and no trustProxy: unless the runtime hands over the socket address (Deno, Bun, @hono/node-server), /login cannot be limited per client and the app-wide upstreamLoginBudget is its limit; pass clientAddress: (request) => the address your platform vouches for')
  }

  /** The client's address key: `clientAddress`, else X-Forwarded-For per trustProxy, else what the runtime passed. */
  function addressOf (request, extra) {
    if (opts.clientAddress !== null) {
      let given = null
      try { given = opts.clientAddress(request, ...extra) } catch { given = null }
      const key = addressKey(given)
      if (key !== null) return key
    }
    return clientAddress({ forwardedFor: request.headers.get('x-forwarded-for'), socketAddress: runtimeAddress(request, extra), trustProxy: opts.trustProxy })
  }

  /**
   * @param {Request} request
   * @param {...unknown} extra what the runtime passes beside the request (Deno's info, Bun's server, Hono's env)
   * @returns {Promise<Response>}
   */
  async function fetchHandler (request, ...extra) {
    let url
    try { url = new URL(request.url) } catch { url = null }
    const path = url === null ? null : localPath(url.pathname, opts.basePath)
    const route = path === null ? null : matchRoute(request.method, path)
    const origin = request.headers.get('origin') || undefined
    if (route === null || route.allow) {
      if (route !== null && request.method === 'OPTIONS' && opts.cors !== null) return toResponse(exchange.preflight(origin, route.allow))
      const e = route === null ? new WeappLoginError('ERR_NOT_FOUND') : withHeaders(new WeappLoginError('ERR_METHOD_NOT_ALLOWED'), { allow: route.allow })
      return toResponse(answer(e, exchange.corsHeaders(origin) || {}))
    }
    const io = {
      header: (name) => { const v = request.headers.get(name); return v === null ? undefined : v },
      bearer: () => bearerOf(request.headers.get('authorization')),
      address: () => addressOf(request, extra),
      hasBody: () => request.body !== null && request.headers.get('content-length') !== '0',
      body: (limit) => readStream(request, limit, opts.bodyTimeoutMs),
      base: opts.basePath,
      origin: () => publicOrigin({ scheme: url.protocol.slice(0, -1), host: url.host, header: io.header, trustProxy: opts.trustProxy })
    }
    return toResponse(await exchange.serve(route, io), request.method === 'HEAD')
  }

  return fetchHandler
}

module.exports = { createFetchHandler, toResponse }
