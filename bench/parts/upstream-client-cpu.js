'use strict'
// Client CPU per upstream call: handler()'s transport + keep-alive fetch
// against the baselines' getJson (bench/upstream-client.js), on one local
// JSON server (a child); 32 in flight, 7 rounds of 8,000 after a warm-up.
//   node bench/parts/upstream-client-cpu.js getJson pkg [/tmp/pkg-before]
//   POST=1 node bench/parts/upstream-client-cpu.js postJson pkg   Douyin's way: a JSON body POSTed
const http = require('http')
const { spawn } = require('child_process')
if (process.argv[2] === 'child') {
  const body = JSON.stringify({ openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', session_key: 'AAAAAAAAAAAAAAAAAAAAAA==' })
  const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body) })
  s.listen(0, '127.0.0.1', () => console.log(s.address().port)); return
}
const dirs = process.argv.slice(2)
;(async () => {
  const c = spawn(process.execPath, [__filename, 'child'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise((resolve) => c.stdout.once('data', (d) => resolve(Number(String(d)))))
  const href = `http://127.0.0.1:${port}/sns/jscode2session?appid=wx1&secret=s&grant_type=authorization_code&js_code=`
  const clients = dirs.map((d) => {
    if (d === 'getJson') { const { getJson } = require('../upstream-client'); return (code) => getJson(href + code) }
    if (d === 'postJson') { const { postJson } = require('../upstream-client'); return (code) => postJson(href, { appid: 'tt1', secret: 's', code }) }
    const { httpsFetch } = require(require('path').resolve(d) + '/src/server/upstream/keep-alive-fetch')
    const { createTransport } = require(require('path').resolve(d) + '/src/server/upstream/transport')
    const { createObserver } = require(require('path').resolve(d) + '/src/server/auth/observe')
    const t = createTransport({ label: 'WeChat', fail: (x) => new Error(x), observe: createObserver(undefined), fetch: httpsFetch, timeoutMs: 5000, retries: 1, retryBaseMs: 10, retryMaxMs: 100 })
    if (process.env.POST) return (code) => t.withRetry(() => t.call('jscode2session', 'POST', href, `{"appid":"tt1","secret":"s","code":${JSON.stringify(code)}}`, (x) => JSON.parse(x), { 'content-type': 'application/json' }))
    return (code) => t.withRetry(() => t.call('jscode2session', 'GET', href + code, undefined, (x) => JSON.parse(x)))
  })
  const N = 8000
  const run = async (f) => { let next = 0; const u = process.cpuUsage(); await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < N) await f('0a1b2c3d4e5f6071' + next) })); const d = process.cpuUsage(u); return (d.user + d.system) / N }
  const res = dirs.map(() => [])
  for (let r = 0; r < 8; r++) for (let j = 0; j < dirs.length; j++) { const k = r % 2 ? dirs.length - 1 - j : j; const v = await run(clients[k]); if (r > 0) res[k].push(v) }
  dirs.forEach((d, j) => { const s = [...res[j]].sort((a, b) => a - b); console.log(d, 'client CPU µs/call median', s[3].toFixed(1), 'all', res[j].map((x) => x.toFixed(0)).join(' ')) })
  c.kill()
})()
