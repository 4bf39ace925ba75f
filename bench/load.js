'use strict'
// How the server parts load the servers under test (bench/run.js,
// bench/redis-login.js): JSON POSTs over keep-alive agents, each request from
// an address of its own (X-Forwarded-For: the servers trust one proxy, the
// baselines ignore it), and two servers measured in turns.

const http = require('node:http')

/** Each round's requests go in SLICES slices per server, taken in turns. */
const SLICES = 4

let sent = 0 // requests sent by this process: each one's address
const nextAddress = () => { const i = sent++; return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }

/**
 * `bodies` POSTed as JSON to `href` over `agent`, `concurrency` in flight
 * (with `token` as a Bearer token when given): the seconds they took. Any
 * answer but 200 throws, after all were sent.
 * @param {http.Agent} agent
 * @param {string} href
 * @param {unknown[]} bodies
 * @param {{ concurrency: number, token?: string | null }} o
 * @returns {Promise<number>}
 */
async function send (agent, href, bodies, { concurrency, token = null }) {
  const url = new URL(href)
  let next = 0
  let failures = 0
  const one = (body) => new Promise((resolve) => {
    const text = JSON.stringify(body)
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-forwarded-for': nextAddress() }
    if (token) headers.authorization = `Bearer ${token}`
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      res.resume()
      res.on('end', () => { if (res.statusCode !== 200) failures++; resolve() })
    })
    req.on('error', () => { failures++; resolve() })
    req.end(text)
  })
  const t = process.hrtime.bigint()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) await one(bodies[next++])
  }))
  const seconds = Number(process.hrtime.bigint() - t) / 1e9
  if (failures) throw new Error(`${failures} of ${bodies.length} requests to ${url.pathname} failed`)
  return seconds
}

/** `fn(agent)` with a keep-alive agent of `concurrency` sockets, destroyed after. */
async function withAgent (concurrency, fn) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  try { return await fn(agent) } finally { agent.destroy() }
}

/**
 * Both servers' requests/s on one route in one round. Each one's requests
 * (`bodies[who]`, as many for both) are cut into SLICES slices POSTed to
 * `hrefs[who]` in turns, A B B A A B B A from `pair[0]`, each server over a
 * keep-alive agent of its own for the round; a server's rate is its requests
 * over the sum of its slices' seconds. A busy moment of the machine (a
 * neighbour on the VM's host) then falls on both servers' figures, not only
 * on the one being measured in it.
 * @param {[string, string]} pair the servers, the first to go first
 * @param {Record<string, string>} hrefs each server's URL for the route
 * @param {Record<string, unknown[]>} bodies each server's requests
 * @param {{ concurrency: number, tokens?: Record<string, string | null> }} o
 * @returns {Promise<Record<string, number>>} each server's requests/s
 */
function inTurns (pair, hrefs, bodies, { concurrency, tokens = {} }) {
  return withAgent(concurrency, (first) => withAgent(concurrency, async (second) => {
    const agents = { [pair[0]]: first, [pair[1]]: second }
    const seconds = { [pair[0]]: 0, [pair[1]]: 0 }
    const per = Math.ceil(bodies[pair[0]].length / SLICES)
    for (let s = 0; s < SLICES; s++) {
      for (const who of s % 2 ? [pair[1], pair[0]] : pair) {
        seconds[who] += await send(agents[who], hrefs[who], bodies[who].slice(s * per, (s + 1) * per), { concurrency, token: tokens[who] })
      }
    }
    return { [pair[0]]: bodies[pair[0]].length / seconds[pair[0]], [pair[1]]: bodies[pair[1]].length / seconds[pair[1]] }
  }))
}

module.exports = { send, withAgent, inTurns }
