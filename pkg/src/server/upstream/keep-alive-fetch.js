'use strict'
// A minimal `fetch` on node:https and node:http: how the server calls WeChat
// on Node unless given a `fetch` (half the CPU of the global fetch per call,
// and there on Node 16, which has none). Connections are kept alive, as
// Node 19+ keeps its global agent's (idle ones close after 5 s). Only what
// the server's calls to WeChat use: a method, headers, a string body, an
// AbortSignal; the answer's `status`, `ok`, `headers.get`, `text()` and
// `json()`. No redirects are followed, and an answer is read up to 4 MiB.

const http = require('http')
const https = require('https')

const MAX_BODY = 4 * 1024 * 1024
const AGENTS = { 'http:': new http.Agent({ keepAlive: true, timeout: 5000 }), 'https:': new https.Agent({ keepAlive: true, timeout: 5000 }) }

/** An Error named as fetch names an aborted request's. */
const aborted = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })

// The requests out under each signal, and one listener per signal that ends
// them all: the transport shares a signal between the requests of a time
// window, and a listener each would be added and removed per request (an
// EventTarget looks through its listeners on both).
const watched = new WeakMap() // AbortSignal → Set of requests out under it

/** Watches `req` under `signal`: ended when it aborts. Answers the set to leave. */
function watch (signal, req) {
  let out = watched.get(signal)
  if (out === undefined) {
    const requests = new Set()
    out = requests
    watched.set(signal, requests)
    signal.addEventListener('abort', () => { for (const r of requests) r.destroy(aborted()) }, { once: true })
  }
  out.add(req)
  return out
}

/**
 * @param {string | URL} input an http: or https: URL
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Uint8Array, signal?: AbortSignal }} [init]
 * @returns {Promise<{ status: number, ok: boolean, headers: { get(name: string): string | null }, text(): Promise<string>, json(): Promise<any> }>}
 * @example
 * const res = await httpsFetch('https://api.weixin.qq.com/cgi-bin/stable_token', { method: 'POST', body })
 */
function httpsFetch (input, init = {}) {
  return new Promise((resolve, reject) => {
    let url
    try { url = new URL(String(input)) } catch (e) { reject(new TypeError('invalid URL')); return }
    const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null
    if (lib === null) { reject(new TypeError(`unsupported protocol ${url.protocol}`)); return }
    const { method = 'GET', headers = {}, body, signal } = init
    if (signal && signal.aborted) { reject(aborted()); return }
    // A string is sent as its UTF-8 bytes, written by the socket: no copy
    // here. node:http writes its content-length (the body goes in one end()).
    const payload = body === undefined || body === null ? null : typeof body === 'string' ? body : Buffer.from(body)
    const req = lib.request(url, { method, headers, agent: AGENTS[url.protocol] }, (res) => {
      const chunks = []
      let size = 0
      res.on('data', (chunk) => {
        size += chunk.length
        if (size > MAX_BODY) { req.destroy(new Error('the answer is too large')); return }
        chunks.push(chunk)
      })
      res.on('error', fail)
      res.on('end', () => {
        done()
        // Most answers come in one chunk: read as it is.
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8')
        const status = res.statusCode
        resolve({
          status,
          ok: status >= 200 && status < 300,
          headers: { get: (name) => { const v = res.headers[String(name).toLowerCase()]; return v === undefined ? null : [].concat(v).join(', ') } },
          text: async () => text,
          json: async () => JSON.parse(text)
        })
      })
    })
    const watching = signal ? watch(signal, req) : null
    function done () { if (watching !== null) watching.delete(req) }
    function fail (e) { done(); reject(e) }
    req.on('error', fail)
    req.end(payload === null ? undefined : payload)
  })
}

module.exports = { httpsFetch }
