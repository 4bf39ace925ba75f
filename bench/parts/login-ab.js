'use strict'
// Paired A/B of POST /login: servers from package copies (a directory holding
// a built pkg/, e.g. a copy taken before a change) and `base` (the
// hand-written baseline), each in a child of its own with its own emulator.
// Each round's requests go in SLICES slices per server (20 by default),
// taken in turns (A B B A …), so a busy moment of the machine falls on every
// server alike: a round's ratios then move a few percent where whole rounds
// taken in turns moved 20. Per round: req/s and the child's CPU per request
// (server and emulator, from /proc; Linux only). The load runs on core 0,
// the servers on core 1, as in make bench (bench/pin.js).
//   node bench/parts/login-ab.js ROUNDS N base pkg /tmp/pkg-before
//   PLATFORM=toutiao …          Douyin's /login
//   SLICES=1 …                  each round's requests in one go
//   PROF=dir …                  a --cpu-prof of each child under dir/<i>/
//   … pkg@--no-liftoff          a child under node flags (each after an @)
const http = require('http')
const fs = require('fs')
const path = require('path')
const { spawn } = require('child_process')
const { asLoadGenerator, onServerCore } = require('../pin') // the bench's cores: load here on core 0, the servers on core 1
const { send } = require('../load') // make bench's requests: JSON POSTs, each from an address of its own
const [,, mode, ...rest] = process.argv
const APP_ID = 'wx1234567890abcdef'; const TT = 'tt1234567890abcdef'; const SECRET = 'bench-secret'
const WT = path.join(__dirname, '../..')
if (mode === 'child') {
  const [dir, platform, who] = rest
  ;(async () => {
    const { start } = require(WT + '/www/emulator')
    const appId = platform === 'toutiao' ? TT : APP_ID
    const emu = await start({ platform, appId, appSecret: SECRET })
    let server
    if (who === 'base') {
      const { getJson, postJson } = require(WT + '/bench/upstream-client')
      const crypto = require('crypto')
      const sessions = new Map()
      server = http.createServer((req, res) => {
        let body = ''
        req.on('data', (c) => { body += c })
        req.on('end', async () => {
          const data = JSON.parse(body)
          let openid; let key
          if (platform === 'toutiao') { const r = await postJson(`${emu.url}/api/apps/v2/jscode2session`, { appid: appId, secret: SECRET, code: data.code }); if (r.err_no !== 0) { res.writeHead(400); return res.end() } openid = r.data.openid; key = r.data.session_key } else { const r = await getJson(`${emu.url}/sns/jscode2session?${new URLSearchParams({ appid: APP_ID, secret: SECRET, js_code: data.code, grant_type: 'authorization_code' })}`); if (r.errcode) { res.writeHead(400); return res.end() } openid = r.openid; key = r.session_key }
          const token = crypto.randomBytes(32).toString('base64url')
          sessions.set(crypto.createHash('sha256').update(token).digest('hex'), { openid, key })
          const t = JSON.stringify({ token, openid, expiresAt: Date.now() + 7 * 86400e3 })
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) }); res.end(t)
        })
      })
    } else {
      const wl = require(path.resolve(dir))
      server = http.createServer(wl.createAuth({ ...(platform === 'weixin' ? {} : { platform }), appId, appSecret: SECRET, apiBase: emu.url, upstreamLoginBudget: { max: 1e6, windowSeconds: 60 } }).handler({ trustProxy: 1 }))
    }
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, emulator: emu.url })))
    process.on('SIGTERM', () => process.exit(0))
  })()
  return
}
const [rounds, n, ...dirs] = [mode, ...rest]
const platform = process.env.PLATFORM || 'weixin'
const cpuOf = (pid) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10 } // ms
const SLICES = Number(process.env.SLICES || 20)
asLoadGenerator(async () => {
  const kids = []
  const start = (dir, i) => new Promise((resolve) => {
    const [where, ...nodeFlags] = dir.split('@') // pkg@--flag: the child under a flag of node's
    const flags = process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}/${i}`, ...nodeFlags] : nodeFlags
    const c = spawn(...onServerCore([...flags, __filename, 'child', where, platform, where === 'base' ? 'base' : 'ours']), { stdio: ['ignore', 'pipe', 'inherit'] })
    kids.push(c)
    c.stdout.once('data', (d) => resolve({ pid: c.pid, ...JSON.parse(String(d)) }))
  })
  const servers = await Promise.all(dirs.map(start))
  const many = async (emu, count) => { const out = []; for (let i = 0; i < count; i += 100) out.push(...await Promise.all(Array.from({ length: Math.min(100, count - i) }, async () => ({ code: (await (await fetch(`${emu}/__emulator/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'u' + Math.floor(Math.random() * 1e9) }) })).json()).code })))); return out }
  const res = dirs.map(() => ({ rps: [], cpu: [] }))
  for (let r = 0; r <= Number(rounds); r++) {
    const input = await Promise.all(servers.map((s) => many(s.emulator, Number(n))))
    const seconds = dirs.map(() => 0)
    const cpu0 = servers.map((s) => cpuOf(s.pid)) // a child's CPU over the whole round: it idles while the others are loaded
    const per = Math.ceil(Number(n) / SLICES)
    const agents = dirs.map(() => new http.Agent({ keepAlive: true, maxSockets: 32 }))
    for (let k = 0; k < SLICES; k++) {
      const order = dirs.map((_, i) => i)
      if ((r + k) % 2) order.reverse()
      for (const i of order) seconds[i] += await send(agents[i], servers[i].url + '/login', input[i].slice(k * per, (k + 1) * per), { concurrency: 32 })
    }
    for (const a of agents) a.destroy()
    if (r > 0) dirs.forEach((_, i) => { res[i].rps.push(Number(n) / seconds[i]); res[i].cpu.push((cpuOf(servers[i].pid) - cpu0[i]) * 1000 / Number(n)) }) // round 0 warms up
  }
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
  dirs.forEach((d, i) => console.log(`${d}: req/s median ${Math.round(med(res[i].rps))} [${res[i].rps.map(Math.round).join(' ')}]; CPU µs/req (server+emulator) median ${Math.round(med(res[i].cpu))} [${res[i].cpu.map(Math.round).join(' ')}]`))
  for (let i = 1; i < dirs.length; i++) {
    const rps = res[i].rps.map((v, k) => v / res[0].rps[k])
    const cpu = res[i].cpu.map((v, k) => v / res[0].cpu[k])
    console.log(`${dirs[i]} ÷ ${dirs[0]}: req/s median of rounds ${med(rps).toFixed(2)} [${rps.map((x) => x.toFixed(2)).join(' ')}]; CPU median of rounds ${med(cpu).toFixed(2)} [${cpu.map((x) => x.toFixed(2)).join(' ')}]`)
  }
  for (const k of kids) k.kill('SIGTERM')
})
