#!/usr/bin/env node
'use strict'
// `POST /login` with redisStore against the hand-written baseline
// (bench/redis-baseline.js) on the same Redis: a redis-server started here
// (or REDIS_URL), each server and its own emulator in a child process, the
// load (32 in flight) from this one. A warm-up round, then rounds in which
// both servers are measured back to back, order alternating; two ratios:
// the median of the rounds' own ratios and the ratio of medians, with the
// reason when they are more than 0.1 apart (./ratios). Both servers call
// WeChat over keep-alive node:http. Then the store round trips per
// sign-in of each, counted with MONITOR (commands sent by clients; a
// script's inner commands are not round trips) over a separate sample.
//
//   [BENCH_ROUNDS=N] node bench/redis-login.js [--quick]   prints the rows as JSON last
//   require('./bench/redis-login').benchRedisLogin({ quick, rounds }) → { rows, note } for bench/run.js

const http = require('node:http')
const { spawn } = require('node:child_process')
const { onServerCore } = require('./pin')

const APP_ID = 'wx1234567890abcdef'
const SECRET = 'bench-secret'
const CONCURRENCY = 32
/** The app-wide upstream budget counted as it is in production, but never spent: a benchmark's sign-ins are not an attack. */
const COUNTED_NOT_SPENT = { max: 1_000_000, windowSeconds: 60 }
const { ratios, median } = require('./ratios')
const { send, withAgent, inTurns } = require('./load')

/** A server under test with its own emulator, in this (child) process. */
async function serverChild (who, redisUrl) {
  const wl = require('weapp-login')
  const { start } = require('../www/emulator')
  const { baselineRedisServer } = require('./redis-baseline')
  const emu = await start({ appId: APP_ID, appSecret: SECRET })
  const server = who === 'ours'
    ? http.createServer(wl.createAuth({ appId: APP_ID, appSecret: SECRET, apiBase: emu.url, store: wl.redisStore({ url: redisUrl }), prefix: 'ours:', upstreamLoginBudget: COUNTED_NOT_SPENT }).handler({ trustProxy: 1 }))
    : await baselineRedisServer({ apiBase: emu.url, redisUrl, appId: APP_ID, appSecret: SECRET })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, emulator: emu.url }))
}

/**
 * Commands clients sent while `fn` ran, from MONITOR: { total, trips, byName }
 * (`trips` counts a MULTI…EXEC block once; commands sent concurrently on one
 * connection, which node-redis pipelines, are still counted one by one).
 */
async function monitored (redisUrl, fn) {
  const { createClient } = require('redis')
  const client = createClient({ url: redisUrl })
  await client.connect()
  const byName = {}
  let total = 0
  let trips = 0
  const inMulti = new Set() // connections between MULTI and EXEC: one round trip, pipelined
  await client.monitor((line) => {
    const m = /^\S+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line)
    if (!m || m[1] === 'lua') return // a script's own commands: not sent by a client
    const name = m[2].toUpperCase()
    if (name === 'MONITOR' || name === 'PING') return
    byName[name] = (byName[name] || 0) + 1
    total++
    if (name === 'MULTI') { inMulti.add(m[1]); trips++ } else if (name === 'EXEC') inMulti.delete(m[1])
    else if (!inMulti.has(m[1])) trips++
  })
  try { await fn() } finally {
    await new Promise((resolve) => setTimeout(resolve, 200)) // the last lines
    await client.disconnect()
  }
  return { total, trips, byName }
}

/**
 * @param {{ quick?: boolean, rounds?: number | null, say?: (...a: any[]) => void }} [o] rounds: instead of 3 (quick) or 13
 * @returns {Promise<{ rows: Array<{ group: string, name: string, value: number, unit: string, ratio?: number, ofMedians?: number, target?: string }>, note: string | null }>}
 */
async function benchRedisLogin ({ quick = false, rounds: roundCount = null, say = console.log } = {}) {
  let own = null
  let redisUrl = process.env.REDIS_URL
  if (!redisUrl) {
    const { startRedis } = require('../tests/js/helpers/redis-server')
    own = await startRedis()
    redisUrl = own.url
  }
  const children = []
  const start = (who) => new Promise((resolve, reject) => {
    const child = spawn(...onServerCore([__filename, '--server-child', who, redisUrl]), { stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d))))
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)))
  })
  try {
    const servers = {}
    ;[servers.ours, servers.theirs] = await Promise.all([start('ours'), start('theirs')])
    const codes = async (who, count) => {
      const out = []
      for (let i = 0; i < count; i += 100) {
        out.push(...await Promise.all(Array.from({ length: Math.min(100, count - i) }, async () => {
          const res = await fetch(`${servers[who].emulator}/__emulator/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: `u${Math.floor(Math.random() * 1e9)}` }) })
          return { code: (await res.json()).code }
        })))
      }
      return out
    }
    const n = quick ? 300 : 2000
    const rounds = roundCount ?? (quick ? 3 : 13)
    const results = { ours: [], theirs: [] }
    for (let r = 0; r <= rounds; r++) { // round 0 warms up
      const pair = r % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']
      const input = {}
      for (const who of pair) input[who] = await codes(who, n)
      // Each sign-in from a phone of its own (behind a trusted proxy), as real
      // users come: the default per-address /login limit stays on.
      const rates = await inTurns(pair, { ours: servers.ours.url + '/login', theirs: servers.theirs.url + '/login' }, input, { concurrency: CONCURRENCY })
      if (r > 0) for (const who of pair) results[who].push(rates[who])
    }
    const r = ratios(results.ours, results.theirs, { unit: 'rate', label: 'baseline' })
    say(`  /login on Redis: median of rounds ${r.ofRounds.toFixed(2)}, ratio of medians ${r.ofMedians.toFixed(2)}; per round ${r.perRound.map((x) => x.toFixed(2)).join(' ')}`)
    say(`    req/s per round, ours: ${results.ours.map(Math.round).join(' ')}; baseline: ${results.theirs.map(Math.round).join(' ')}`)
    if (r.note) say(`    why they differ: ${r.note}`)
    // Round trips per sign-in, on a sample of its own (MONITOR slows Redis down).
    const sample = 200
    const trips = {}
    for (const who of ['ours', 'theirs']) {
      const input = await codes(who, sample)
      const seen = await monitored(redisUrl, () => withAgent(CONCURRENCY, (agent) => send(agent, servers[who].url + '/login', input, { concurrency: CONCURRENCY })))
      trips[who] = { commands: seen.total / sample, trips: seen.trips / sample, byName: Object.fromEntries(Object.entries(seen.byName).map(([k, v]) => [k, v / sample])) }
      say(`  ${who}: ${trips[who].commands} Redis commands, ${trips[who].trips} round trips per sign-in ${JSON.stringify(trips[who].byName)}`)
    }
    const group = `handler() throughput with redisStore, POST /login (code exchange with the emulator), requests/s, ${CONCURRENCY} in flight`
    return {
      rows: [
        { group, name: `weapp-login handler() + redisStore (${trips.ours.trips} store round trips/sign-in)`, value: median(results.ours), unit: 'req/s' },
        { group, name: `node:http + node:crypto + node-redis baseline (${trips.theirs.trips} store round trip/sign-in; WeChat over keep-alive node:http)`, value: median(results.theirs), unit: 'req/s', ratio: r.ofRounds, ofMedians: r.ofMedians, target: '≥ 0.85 (both ratios)' }
      ],
      note: r.note
    }
  } finally {
    for (const child of children) child.kill()
    if (own) await own.stop()
  }
}

if (require.main === module) {
  if (process.argv[2] === '--server-child') {
    serverChild(process.argv[3], process.argv[4]).catch((e) => { console.error(e); process.exit(1) })
  } else {
    const rounds = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : null
    benchRedisLogin({ quick: process.argv.includes('--quick'), rounds }).then(({ rows }) => {
      for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(0)} ${r.unit}${r.ratio ? `, median of rounds ${r.ratio.toFixed(2)}, ratio of medians ${r.ofMedians.toFixed(2)} (target ${r.target})` : ''}`)
      console.log(JSON.stringify(rows))
    }, (e) => { console.error(e); process.exitCode = 1 })
  }
}

module.exports = { benchRedisLogin }
