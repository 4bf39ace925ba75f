'use strict'
// CPU per upstream call through the transport's withRetry and call, the
// fetch answering at once; 9 rounds of 200,000, package copies interleaved.
//   node bench/parts/transport-call.js pkg [/tmp/pkg-before]
const dirs = process.argv.slice(2)
const N = 200000
const mk = (dir) => {
  const { createTransport } = require(require('path').resolve(dir) + '/src/server/upstream/transport')
  const { createObserver } = require(require('path').resolve(dir) + '/src/server/auth/observe')
  const answer = { status: 200, text: async () => '{"openid":"o","session_key":"k"}' }
  const t = createTransport({ label: 'WeChat', fail: (c) => new Error(c), observe: createObserver(undefined), fetch: async () => answer, timeoutMs: 5000, retries: 1, retryBaseMs: 10, retryMaxMs: 100 })
  return async () => { const c = process.cpuUsage(); for (let i = 0; i < N; i++) await t.withRetry(() => t.call('jscode2session', 'GET', 'http://x/sns?a=1', undefined, (x) => x)); const d = process.cpuUsage(c); return (d.user + d.system) / N * 1000 }
}
;(async () => {
  const runs = dirs.map(mk); const res = dirs.map(() => [])
  for (let r = 0; r < 9; r++) for (let j = 0; j < runs.length; j++) { const k = r % 2 ? runs.length - 1 - j : j; res[k].push(await runs[k]()) }
  dirs.forEach((d, j) => { const s = [...res[j]].sort((a, b) => a - b); console.log(d, 'ns per call: median', s[4].toFixed(0), 'best', s[0].toFixed(0)) })
})()
