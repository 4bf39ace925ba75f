'use strict'
// The HTTP layer alone: handler() over a stub auth whose login answers at
// once, against a bare node:http server answering the same JSON; server CPU
// per request from /proc (Linux only), 7 rounds of 10,000 after a warm-up.
//   node bench/parts/http-layer.js bare pkg [/tmp/pkg-before]
//   PROF=dir …   a --cpu-prof of each server
const http = require('http')
const fs = require('fs')
const { spawn } = require('child_process')
const [,, mode, arg] = process.argv
const RESULT = { token: 'x'.repeat(43), openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', expiresAt: 1765000000000, profile: false, phone: false, user: {} }
if (mode === 'child') {
  let server
  if (arg === 'bare') {
    server = http.createServer((req, res) => { let body = ''; req.on('data', (c) => { body += c }); req.on('end', () => { JSON.parse(body); const t = JSON.stringify(RESULT); res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) }); res.end(t) }) })
  } else {
    const { createHandler } = require(require('path').resolve(arg) + '/src/server/http/node-handler')
    const map = new Map()
    const auth = { login: async (code, o) => { const n = (map.get(o.address) || 0) + 1; map.set(o.address, n); return RESULT }, storeKey: (s) => 'wl:' + s, store: { incr: async () => 1 }, log: () => {} }
    server = http.createServer(createHandler(auth, { trustProxy: 1 }))
  }
  server.listen(0, '127.0.0.1', () => console.log(server.address().port))
  process.on('SIGTERM', () => process.exit(0))
  return
}
const cpuOf = (pid) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
let sent = 0
const nextAddress = () => { const i = sent++; return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }
async function load (port, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 }); let next = 0
  const one = () => new Promise((resolve, reject) => { const text = JSON.stringify({ code: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' }); const req = http.request({ agent, host: '127.0.0.1', port, path: '/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-forwarded-for': nextAddress() } }, (res) => { res.resume(); res.on('end', () => res.statusCode === 200 ? resolve() : reject(new Error('status ' + res.statusCode))) }); req.end(text) })
  await Promise.all(Array.from({ length: 32 }, async () => { while (next++ < n) await one() }))
  agent.destroy()
}
;(async () => {
  const who = process.argv.slice(2)
  const kids = await Promise.all(who.map((w) => new Promise((resolve) => { const c = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []), __filename, 'child', w], { stdio: ['ignore', 'pipe', 'inherit'] }); c.stdout.once('data', (d) => resolve({ c, port: Number(String(d)) })) })))
  const res = who.map(() => [])
  for (let r = 0; r <= 7; r++) for (let j = 0; j < who.length; j++) { const k = r % 2 ? who.length - 1 - j : j; const c0 = cpuOf(kids[k].c.pid); await load(kids[k].port, 10000); if (r > 0) res[k].push((cpuOf(kids[k].c.pid) - c0) * 1000 / 10000) }
  who.forEach((w, j) => { const s = [...res[j]].sort((a, b) => a - b); console.log(w, 'server CPU µs/request: median', s[3].toFixed(1), 'all', res[j].map((x) => x.toFixed(0)).join(' ')) })
  for (const k of kids) k.c.kill('SIGTERM')
})()
