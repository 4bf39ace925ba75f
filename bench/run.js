#!/usr/bin/env node
'use strict'
// make bench: weapp-login side by side with what people use today, in one
// run. Every comparison interleaves its contenders in the same process and
// reports the median of repeated rounds, and two ratios (ours ÷ theirs; for
// times below 1 is faster, for requests/s above 1 is): the median of the
// rounds' own ratios and the ratio of medians, with the reason printed when
// they are more than 0.1 apart (bench/ratios.js). Writes
// bench/results/results.md and bench/results/chart.svg.
//
//   node bench/run.js [--quick] [--only decrypt|cold-start|coldstart-jsc|server|redis-login|sizes|memory]
//   BENCH_ROUNDS=3 node bench/run.js    every part with 3 rounds instead of its own count (cold starts: at least 7 runs)
// (--quick and --only print without writing bench/results/; a BENCH_ROUNDS
// run writes them, its rounds stated in the header)

const fs = require('fs')
const path = require('path')
const zlib = require('zlib')
const http = require('http')
const crypto = require('crypto')
const { spawnSync, execFileSync } = require('child_process')
const CryptoJS = require('crypto-js')
const wl = require('weapp-login')
/** The app-wide upstream budget counted as it is in production, but never spent: a benchmark's sign-ins are not an attack. */
const COUNTED_NOT_SPENT = { max: 1_000_000, windowSeconds: 60 }
const { start: startEmulator } = require('../www/emulator')
const { getJson, postJson } = require('./upstream-client')
const { PINNING, asLoadGenerator, onServerCore } = require('./pin')
const { ratios, median } = require('./ratios')
const { inTurns } = require('./load')

const QUICK = process.argv.includes('--quick')
/** BENCH_ROUNDS: the rounds (runs) of every part, for a short run on a busy machine. */
const ROUNDS = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : null
if (ROUNDS !== null && !(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error('BENCH_ROUNDS takes a positive integer')
/** A part's rounds: BENCH_ROUNDS if set, else its own count (quick or full). */
const rounds = (quick, full) => ROUNDS ?? (QUICK ? quick : full)
/** A cold start's runs: at least 7 (a fresh process is a fraction of a second; fewer runs read below bare node). */
const coldRuns = () => Math.max(rounds(5, 15), 7)
const ROOT = path.join(__dirname, '..')
const OUT = path.join(__dirname, 'results')
const APP_ID = 'wx1234567890abcdef'
const SECRET = 'bench-secret'
/** Douyin's app in the bench's second platform. */
const TT_APP_ID = 'tt1234567890abcdef'
const rows = [] // { group, name, value, unit, ratio?, ofMedians?, target? }
const notes = {} // group → lines printed under its table (why the two ratios differ)
const addNote = (group, line) => { (notes[group] = notes[group] || []).push(line) }
const say = (...a) => console.log(...a)

// --- 1. decrypt: ours vs Node's crypto vs crypto-js vs @noble/ciphers ---------

/** The same checks ours makes, with Node's own crypto. */
function nodeDecrypt (o, shape) {
  const d = crypto.createDecipheriv('aes-128-cbc', Buffer.from(o.sessionKey, 'base64'), Buffer.from(o.iv, 'base64'))
  const text = Buffer.concat([d.update(Buffer.from(o.encryptedData, 'base64')), d.final()]).toString('utf8')
  return checked(JSON.parse(text), o, shape)
}

function cryptoJsDecrypt (o, shape) {
  const plain = CryptoJS.AES.decrypt(
    { ciphertext: CryptoJS.enc.Base64.parse(o.encryptedData) },
    CryptoJS.enc.Base64.parse(o.sessionKey),
    { iv: CryptoJS.enc.Base64.parse(o.iv), mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 }
  ).toString(CryptoJS.enc.Utf8)
  return checked(JSON.parse(plain), o, shape)
}

/** The same checks with @noble/ciphers, the audited pure-JS AES (its CBC strips PKCS#7). */
function nobleDecrypt (noble, o, shape) {
  const plain = noble.cbc(Buffer.from(o.sessionKey, 'base64'), Buffer.from(o.iv, 'base64')).decrypt(Buffer.from(o.encryptedData, 'base64'))
  return checked(JSON.parse(Buffer.from(plain.buffer, plain.byteOffset, plain.length).toString('utf8')), o, shape)
}

function checked (p, o, shape) {
  const w = p.watermark
  if (!w || w.appid !== o.appId || o.now - w.timestamp > 600 || w.timestamp - o.now > 60) throw new Error('watermark')
  if (shape === 'phone') {
    if (typeof p.phoneNumber !== 'string' || typeof p.purePhoneNumber !== 'string') throw new Error('shape')
    return { phoneNumber: p.phoneNumber, purePhoneNumber: p.purePhoneNumber, countryCode: String(p.countryCode), watermark: w }
  }
  // User info as decryptUserInfo reads it: every field's type, the absent
  // ones filled in, the known fields alone in a new object.
  if (typeof p.openId !== 'string' || p.openId === '') throw new Error('shape')
  for (const k of USER_TEXT) if (p[k] !== undefined && typeof p[k] !== 'string') throw new Error('shape')
  if (p.gender !== undefined && !Number.isSafeInteger(p.gender)) throw new Error('shape')
  const info = { openId: p.openId, nickName: p.nickName ?? '', gender: p.gender ?? 0, language: p.language ?? '', city: p.city ?? '', province: p.province ?? '', country: p.country ?? '', avatarUrl: p.avatarUrl ?? '' }
  if (p.unionId !== undefined) info.unionId = p.unionId
  info.watermark = { appid: w.appid, timestamp: w.timestamp }
  return info
}
/** User info's text fields besides openId. */
const USER_TEXT = ['nickName', 'language', 'city', 'province', 'country', 'avatarUrl', 'unionId']

function payloads () {
  const sessionKey = crypto.randomBytes(16).toString('base64')
  const now = 1763900005
  const seal = (data) => ({ appId: APP_ID, sessionKey, now, ...wl.encryptData({ appId: APP_ID, sessionKey, data, timestamp: now - 5 }) })
  const phone = seal({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
  const user = seal({
    openId: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', nickName: '微信用户', gender: 0, language: 'zh_CN', city: 'Shenzhen', province: 'Guangdong', country: 'China',
    avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
    unionId: 'oUnIoNiDaBcDeFgHiJkLmNoPqRsT'
  })
  return { phone, user }
}

function timeOne (fn, n) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  return Number(process.hrtime.bigint() - start) / n
}

/** Slices of a round: each contender's calls of a round are cut into this many, taken in turns. */
const DECRYPT_SLICES = 10

/**
 * Each contender's time per call, one figure per round. A round gives each
 * contender `n` calls in DECRYPT_SLICES slices taken in turns (A B C D, then
 * D C B A, …), so every contender's figure spans the whole round: a busy
 * moment of the machine (a neighbour on the VM's host) falls on all of them,
 * not on the one that happened to be running.
 */
function interleave (contenders, { rounds, n }) {
  const names = Object.keys(contenders)
  const samples = Object.fromEntries(names.map((k) => [k, []]))
  for (const fn of Object.values(contenders)) timeOne(fn, Math.min(n, 2000)) // warm up
  const per = Math.ceil(n / DECRYPT_SLICES)
  for (let r = 0; r < rounds; r++) {
    const total = Object.fromEntries(names.map((k) => [k, 0]))
    for (let s = 0; s < DECRYPT_SLICES; s++) {
      const order = (r + s) % 2 ? [...names].reverse() : names
      for (const k of order) total[k] += timeOne(contenders[k], per) * per
    }
    for (const k of names) samples[k].push(total[k] / (per * DECRYPT_SLICES))
  }
  return samples
}

async function benchDecrypt () {
  const noble = await import('@noble/ciphers/aes.js') // ESM only
  const p = payloads()
  const cases = [
    ['decryptPhoneNumber', p.phone, 'phone', (o) => wl.decryptPhoneNumber(o)],
    ['decryptUserInfo', p.user, 'user', (o) => wl.decryptUserInfo(o)]
  ]
  for (const [name, o, shape, ours] of cases) {
    const plainBytes = Buffer.from(o.encryptedData, 'base64').length
    assert(JSON.stringify(ours(o)) === JSON.stringify(nodeDecrypt(o, shape)), `${name}: the contenders disagree`)
    assert(JSON.stringify(nobleDecrypt(noble, o, shape)) === JSON.stringify(nodeDecrypt(o, shape)), `${name}: noble disagrees`)
    const m = interleave({
      'weapp-login': () => ours(o),
      'node:crypto': () => nodeDecrypt(o, shape),
      'crypto-js': () => cryptoJsDecrypt(o, shape),
      '@noble/ciphers': () => nobleDecrypt(noble, o, shape)
    }, { rounds: rounds(5, 21), n: QUICK ? 2000 : 10000 })
    const group = `${name} (${plainBytes} B ciphertext), ns/call`
    const mine = m['weapp-login']
    rows.push({ group, name: 'weapp-login', value: median(mine), unit: 'ns' })
    for (const [key, target] of [['node:crypto', '≤ 1.5 (aim 1.0)'], ['crypto-js', '≤ 0.1'], ['@noble/ciphers', '≤ 1.0']]) {
      const r = ratios(mine, m[key], { unit: 'time', label: key })
      rows.push({ group, name: `${key} (same checks)`, value: median(m[key]), unit: 'ns', ratio: r.ofRounds, ofMedians: r.ofMedians, target })
      say(`  ${name} ÷ ${key}: median of rounds ${r.ofRounds.toFixed(2)}, ratio of medians ${r.ofMedians.toFixed(2)}; per round ${r.perRound.map((x) => x.toFixed(2)).join(' ')}`)
      say(`    ns per round, ours: ${mine.map(Math.round).join(' ')}; ${key}: ${m[key].map(Math.round).join(' ')}`)
      if (r.note) { say(`    why they differ: ${r.note}`); addNote(group, `${key}: ${r.note}`) }
    }
  }
}

function assert (ok, message) { if (!ok) throw new Error(message) }

// --- 2. cold start ------------------------------------------------------------

function benchColdStart () {
  const runs = coldRuns()
  const spawnMs = (code) => {
    const t = process.hrtime.bigint()
    const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT })
    if (r.status !== 0) throw new Error(`cold start failed: ${r.stderr}`)
    return Number(process.hrtime.bigint() - t) / 1e6
  }
  const s = { node: [], ours: [], cjs: [] }
  for (let i = 0; i < runs; i++) {
    s.node.push(spawnMs(''))
    s.ours.push(spawnMs("require('weapp-login').wechatError(-1)"))
    s.cjs.push(spawnMs("require('crypto-js').AES"))
  }
  const base = median(s.node)
  const ours = median(s.ours) - base
  const theirs = median(s.cjs) - base
  const group = 'cold start: require() in a fresh process, ms above bare node'
  rows.push({ group, name: 'bare node (subtracted)', value: base, unit: 'ms' })
  rows.push({ group, name: "require('weapp-login') + first call", value: ours, unit: 'ms' })
  rows.push({ group, name: "require('crypto-js')", value: theirs, unit: 'ms', ofMedians: ours / theirs })
}

// --- 3. the server: handler() vs a hand-written node:http baseline --------------

/** Answers `obj` as JSON with `status`. */
function sendJson (res, status, obj) {
  const t = JSON.stringify(obj)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) })
  res.end(t)
}

/**
 * A sign-in as the baselines keep it: a random token, the session under its
 * SHA-256 (openid and session key), the token answered.
 */
function keepSession (sessions, res, openid, sessionKey) {
  const token = crypto.randomBytes(32).toString('base64url')
  sessions.set(crypto.createHash('sha256').update(token).digest('hex'), { openid, key: sessionKey })
  sendJson(res, 200, { token, openid, expiresAt: Date.now() + 7 * 86400e3 })
}

/**
 * The smallest server that does the same work with node:http and node:crypto
 * alone; it calls WeChat over keep-alive node:http, as handler() does
 * (bench/upstream-client.js).
 */
function baselineServer (apiBase) {
  const sessions = new Map() // token's SHA-256 → { openid, key }
  return http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', async () => {
      try {
        const data = JSON.parse(body || '{}')
        if (req.url === '/login') {
          const r = await getJson(`${apiBase}/sns/jscode2session?${new URLSearchParams({ appid: APP_ID, secret: SECRET, js_code: data.code, grant_type: 'authorization_code' })}`)
          if (r.errcode) return sendJson(res, 400, { error: { code: 'ERR_UPSTREAM_API' } })
          return keepSession(sessions, res, r.openid, r.session_key)
        }
        if (req.url === '/phone') {
          const s = sessions.get(crypto.createHash('sha256').update((req.headers.authorization || '').slice(7)).digest('hex'))
          if (!s) return sendJson(res, 401, { error: { code: 'ERR_SESSION_NOT_FOUND' } })
          const p = nodeDecrypt({ sessionKey: s.key, iv: data.iv, encryptedData: data.encryptedData, appId: APP_ID, now: Math.floor(Date.now() / 1000) }, 'phone')
          return sendJson(res, 200, { phoneNumber: p.phoneNumber, purePhoneNumber: p.purePhoneNumber, countryCode: p.countryCode })
        }
        sendJson(res, 404, {})
      } catch { sendJson(res, 400, { error: { code: 'ERR_DECRYPT_FAILED' } }) }
    })
  })
}

/**
 * Douyin's `/login` as a developer writes it with node:http and node:crypto
 * alone: the code POSTed as JSON to `/api/apps/v2/jscode2session` over
 * keep-alive node:http (bench/upstream-client.js), the answer's `err_no` and
 * openid checked, the session kept as the WeChat baseline keeps it.
 */
function baselineDouyinServer (apiBase) {
  const sessions = new Map() // token's SHA-256 → { openid, key }
  return http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', async () => {
      try {
        const data = JSON.parse(body || '{}')
        if (req.url !== '/login') return sendJson(res, 404, {})
        const r = await postJson(`${apiBase}/api/apps/v2/jscode2session`, { appid: TT_APP_ID, secret: SECRET, code: data.code })
        if (r.err_no !== 0 || !r.data || typeof r.data.openid !== 'string' || r.data.openid === '') return sendJson(res, 400, { error: { code: 'ERR_UPSTREAM_API' } })
        return keepSession(sessions, res, r.data.openid, r.data.session_key)
      } catch { sendJson(res, 502, { error: { code: 'ERR_NETWORK' } }) }
    })
  })
}

/**
 * One server under test and its own emulator, in a process of its own: the
 * load generator stays out of their way, and neither server's garbage is
 * collected in the other's measuring time.
 */
async function serverChild (who, platform) {
  const appId = platform === 'toutiao' ? TT_APP_ID : APP_ID
  const emu = await startEmulator({ platform, appId, appSecret: SECRET })
  const server = who === 'ours'
    ? http.createServer(wl.createAuth({ platform, appId, appSecret: SECRET, apiBase: emu.url, upstreamLoginBudget: COUNTED_NOT_SPENT }).handler({ trustProxy: 1 })) // the default /login limit on; each request from an address of its own
    : platform === 'toutiao' ? baselineDouyinServer(emu.url) : baselineServer(emu.url)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.once('SIGTERM', () => process.exit(0)) // an orderly exit, so that flags such as --cpu-prof write their files
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, emulator: emu.url }))
}

async function benchServer () {
  const { spawn } = require('child_process')
  const children = []
  const start = (who, platform = 'weixin') => new Promise((resolve, reject) => {
    const child = spawn(...onServerCore([...(process.env.BENCH_CHILD_FLAGS ? process.env.BENCH_CHILD_FLAGS.split(' ') : []), __filename, '--server-child', who, platform]), { stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d))))
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)))
  })
  try {
    // WeChat's /login and /phone, and Douyin's /login (platform 'toutiao'):
    // four servers, each with its own emulator.
    const [ours, theirs, oursTt, theirsTt] = await Promise.all([start('ours'), start('theirs'), start('ours', 'toutiao'), start('theirs', 'toutiao')])
    const urls = { ours: ours.url, theirs: theirs.url }
    const emulators = { ours: ours.emulator, theirs: theirs.emulator }
    const tt = { urls: { ours: oursTt.url, theirs: theirsTt.url }, emulators: { ours: oursTt.emulator, theirs: theirsTt.emulator } }
    const n = QUICK ? 300 : 2000 // sign-ins per round: long enough rounds that a busy moment of the machine averages out
    const roundCount = rounds(3, 13)
    const concurrency = 32
    // /phone answers about 4× faster than /login: more requests, so that each
    // round lasts seconds (about 12,000 requests) and a busy moment of this
    // noisy machine averages out within it.
    const PHONE_SCALE = 6
    const emulator = async (who, route, body, at = emulators) => {
      const res = await fetch(`${at[who]}/__emulator/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return res.json()
    }
    const many = async (count, make) => {
      const out = []
      for (let i = 0; i < count; i += 100) out.push(...await Promise.all(Array.from({ length: Math.min(100, count - i) }, make)))
      return out
    }
    const results = { login: { ours: [], theirs: [] }, phone: { ours: [], theirs: [] }, douyinLogin: { ours: [], theirs: [] } }
    // Round 0 warms both servers up (JIT, pools, sockets) and is not counted.
    for (let r = 0; r <= roundCount; r++) {
      const pair = r % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']
      // Every input first (untimed), then each route measured for both servers
      // in turns (bench/load.js), so a round's two figures see the same machine.
      const input = {}
      for (const who of pair) {
        const codes = await many(n, async () => ({ code: (await emulator(who, 'login', { user: `u${Math.floor(Math.random() * 1e9)}` })).code }))
        // /phone, the old (encrypted) path: a session, then payloads sealed with its key.
        const user = `phone-${who}-${r}`
        const { code } = await emulator(who, 'login', { user })
        const s = await (await fetch(urls[who] + '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })).json()
        const bodies = await many(n * PHONE_SCALE, async () => { const d = await emulator(who, 'phone', { user }); return { encryptedData: d.encryptedData, iv: d.iv } })
        const ttCodes = await many(n, async () => ({ code: (await emulator(who, 'login', { user: `u${Math.floor(Math.random() * 1e9)}` }, tt.emulators)).code }))
        input[who] = { codes, token: s.token, bodies, ttCodes }
      }
      const of = (field) => ({ ours: input.ours[field], theirs: input.theirs[field] })
      const at = (servers, route) => ({ ours: servers.ours + route, theirs: servers.theirs + route })
      const measured = [
        ['login', await inTurns(pair, at(urls, '/login'), of('codes'), { concurrency })],
        ['phone', await inTurns(pair, at(urls, '/phone'), of('bodies'), { concurrency, tokens: of('token') })],
        ['douyinLogin', await inTurns(pair, at(tt.urls, '/login'), of('ttCodes'), { concurrency })]
      ]
      if (r > 0) for (const [route, rates] of measured) for (const who of pair) results[route][who].push(rates[who])
    }
    const parts = {
      login: { title: 'POST /login (code exchange with the emulator)', baseline: 'node:http + node:crypto baseline (WeChat over keep-alive node:http)' },
      phone: { title: 'POST /phone (encrypted path)', baseline: 'node:http + node:crypto baseline (WeChat over keep-alive node:http)' },
      douyinLogin: { title: "Douyin (platform 'toutiao') POST /login (code exchange with the emulator)", baseline: 'node:http + node:crypto Douyin baseline (JSON POST over keep-alive node:http)' }
    }
    for (const [route, part] of Object.entries(parts)) {
      const group = `handler() throughput, ${part.title}, requests/s, ${concurrency} in flight`
      const { ours, theirs } = results[route]
      // Both ratios: the median of each round's own ratio (both measured back
      // to back), which other work on the machine disturbs less, and the
      // ratio of medians; why they differ when they do.
      const r = ratios(ours, theirs, { unit: 'rate', label: 'baseline' })
      rows.push({ group, name: 'weapp-login handler()', value: median(ours), unit: 'req/s' })
      rows.push({ group, name: part.baseline, value: median(theirs), unit: 'req/s', ratio: r.ofRounds, ofMedians: r.ofMedians, target: '≥ 0.85 (both ratios)' })
      say(`  ${part.title}: median of rounds ${r.ofRounds.toFixed(2)}, ratio of medians ${r.ofMedians.toFixed(2)}; per round ${r.perRound.map((x) => x.toFixed(2)).join(' ')}`)
      say(`    req/s per round, ours: ${ours.map(Math.round).join(' ')}; baseline: ${theirs.map(Math.round).join(' ')}`)
      if (r.note) { say(`    why they differ: ${r.note}`); addNote(group, r.note) }
    }
  } finally {
    for (const child of children) child.kill()
  }
}

// --- 4. sizes -------------------------------------------------------------------

function sizes () {
  const measure = (buf) => ({ raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length, brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length })
  const add = (name, buf, target) => {
    const m = measure(buf)
    for (const kind of ['raw', 'gzip', 'brotli']) rows.push({ group: 'sizes, KiB', name: `${name} (${kind})`, value: m[kind] / 1024, unit: 'KiB', target: target[kind] || '' })
  }
  add('client wasm', fs.readFileSync(path.join(ROOT, 'pkg/dist/client/weapp_login_client.wasm')), { raw: '≤ 40', brotli: '≤ 16' })
  add('server wasm', fs.readFileSync(path.join(ROOT, 'pkg/dist/server/weapp_login_bg.wasm')), { raw: '≤ 256' })
  const dir = path.join(ROOT, 'pkg/miniprogram_dist')
  const all = Buffer.concat(fs.readdirSync(dir).filter((f) => !f.endsWith('.br')).map((f) => fs.readFileSync(path.join(dir, f))))
  const files = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0)
  rows.push({ group: 'sizes, KiB', name: 'miniprogram_dist, every file as shipped (what build npm adds)', value: files / 1024, unit: 'KiB', target: '≤ 48' })
  add('miniprogram_dist without .br', all, {})
  // The other platforms' builds, as each ships: the bundle and what it
  // loads at run time (shippedBuild), then the JS-compiled core alone.
  const wasmBuild = shippedBuild('pkg/dist/miniprogram-wasm')
  rows.push({ group: 'sizes, KiB', name: 'dist/miniprogram-wasm (QQ, Douyin), every file as shipped: index.js + .wasm.br', value: wasmBuild.total / 1024, unit: 'KiB' })
  add('dist/miniprogram-wasm without .br', wasmBuild.js, {})
  const jsBuild = shippedBuild('pkg/dist/miniprogram-js')
  add('dist/miniprogram-js (Alipay, Baidu, Kuaishou), every file as shipped: index.js, no wasm', jsBuild.js, {})
  add('JS-compiled core alone (dist/client-js/core.js, bundled into dist/miniprogram-js)', fs.readFileSync(path.join(ROOT, 'pkg/dist/client-js/core.js')), {})
}

/**
 * What a platform's build (`weapp-login/miniprogram-wasm`,
 * `weapp-login/miniprogram-js`) ships: its bundle `index.js`, which requires
 * nothing, and the `.wasm.br` it loads at run time (the default `wasmPath`,
 * src/loader/client-wx.js) when it names one. Fails when the folder holds
 * anything else, so the sizes are of what ships, never of a guess.
 * @param {string} dir relative to the repository
 * @returns {{ js: Buffer, total: number }} the bundle, and every shipped file's bytes together
 */
function shippedBuild (dir) {
  const index = fs.readFileSync(path.join(ROOT, dir, 'index.js'))
  const text = index.toString('utf8')
  assert(!/\brequire\(\s*["'`]/.test(text), `${dir}/index.js requires another file: measure it too`)
  const loads = [...new Set([...text.matchAll(/miniprogram_npm\/weapp-login\/([\w.-]+\.wasm)/g)].map((m) => m[1] + '.br'))]
  const files = ['index.js', ...loads]
  assert(fs.readdirSync(path.join(ROOT, dir)).sort().join() === files.sort().join(), `${dir} holds other files than ${files.join(', ')}`)
  return { js: index, total: files.reduce((n, f) => n + fs.statSync(path.join(ROOT, dir, f)).size, 0) }
}

// --- 4b. the mini program's cold start in JavaScriptCore without JIT -------------

function benchColdStartJsc () {
  const { coldStartJsc } = require('./coldstart-jsc')
  const r = coldStartJsc({ runs: coldRuns() })
  const group = 'mini program cold start, jsc --useJIT=false (a relaunch with a stored session), ms'
  rows.push({ group, name: 'evaluate the bundle alone (baseline)', value: r.baselineMs, unit: 'ms' })
  rows.push({ group, name: 'launch: evaluate, then createLoginClient with the first frame from storage', value: r.coldStartMs, unit: 'ms', ofMedians: r.coldStartMs / r.baselineMs, target: `≤ ${r.budgetMs} ms` })
  rows.push({ group, name: 'first frame: createLoginClient after evaluation', value: r.firstFrameMs, unit: 'ms', target: `≤ ${r.firstFrameBudgetMs} ms` })
  rows.push({ group, name: 'core confirmed: evaluate, instantiate, restore (client.ready)', value: r.confirmedMs, unit: 'ms', ofMedians: r.confirmedMs / r.baselineMs })
  // The same relaunch on the JS-compiled core (dist/miniprogram-js: Alipay,
  // Baidu, Kuaishou), on Alipay's `my` with no WebAssembly: reported beside
  // the wasm build's, without the WeChat build's budgets.
  const j = coldStartJsc({ runs: coldRuns(), js: true })
  const jsGroup = "JS-compiled core's mini program cold start, jsc --useJIT=false (dist/miniprogram-js on Alipay's my, no WebAssembly; a relaunch with a stored session), ms"
  rows.push({ group: jsGroup, name: 'evaluate the bundle alone (baseline)', value: j.baselineMs, unit: 'ms' })
  rows.push({ group: jsGroup, name: 'launch: evaluate, then createLoginClient with the first frame from storage', value: j.coldStartMs, unit: 'ms', ofMedians: j.coldStartMs / j.baselineMs })
  rows.push({ group: jsGroup, name: 'first frame: createLoginClient after evaluation', value: j.firstFrameMs, unit: 'ms' })
  rows.push({ group: jsGroup, name: 'core confirmed: evaluate, instantiate, restore (client.ready)', value: j.confirmedMs, unit: 'ms', ofMedians: j.confirmedMs / j.baselineMs })
}

// --- 5. memory --------------------------------------------------------------------

function benchMemory () {
  const total = QUICK ? 100_000 : 1_000_000
  const run = (flags) => {
    const child = spawnSync(process.execPath, ['--expose-gc', ...flags, path.join(__dirname, 'memory-child.js'), String(total)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 })
    if (child.status !== 0) throw new Error(`memory run failed: ${child.stderr}`)
    return JSON.parse(child.stdout.trim().split('\n').pop())
  }
  const r = run([])
  // The same with V8 held still: no optimizing JS compiler, wasm compiled by
  // TurboFan up front, and the young generation kept at its starting size
  // (V8 grows it, and so the RSS, when many short-lived objects are made).
  // What RSS growth is left then would be ours.
  const still = run(['--no-opt', '--no-liftoff', '--max-semi-space-size=1'])
  const group = `memory over ${total.toLocaleString('en')} decryptPhoneNumber calls, MiB (samples after a full GC)`
  const mib = (bytes) => bytes / 1048576
  rows.push({ group, name: 'wasm memory after 1,000', value: mib(r.wasmAt1k), unit: 'MiB' })
  rows.push({ group, name: 'wasm memory growth after 1,000', value: mib(r.wasmMax - r.wasmAt1k), unit: 'MiB', target: 'no growth' })
  rows.push({ group, name: 'V8 heap in use after 1,000', value: mib(r.heapAt1k), unit: 'MiB' })
  rows.push({ group, name: 'V8 heap in use, growth after 1,000', value: mib(r.heapMax - r.heapAt1k), unit: 'MiB', target: 'no growth' })
  rows.push({ group, name: 'RSS after 1,000', value: mib(r.rssAt1k), unit: 'MiB' })
  rows.push({ group, name: 'RSS, largest seen', value: mib(r.rssMax), unit: 'MiB' })
  rows.push({ group, name: 'RSS growth after 1,000 (V8 as it runs: JIT code, young generation sized up)', value: mib(r.rssMax - r.rssAt1k), unit: 'MiB' })
  rows.push({ group, name: 'RSS growth after 1,000, V8 held still (--no-opt --no-liftoff --max-semi-space-size=1)', value: mib(still.rssMax - still.rssAt1k), unit: 'MiB', target: 'no growth' })
  const store = spawnSync(process.execPath, ['--expose-gc', __filename, '--store-child', QUICK ? '20000' : '100000'], { cwd: ROOT, encoding: 'utf8' })
  if (store.status !== 0) throw new Error(`store run failed: ${store.stderr}`)
  const s = JSON.parse(store.stdout.trim().split('\n').pop())
  rows.push({ group: 'memoryStore', name: `bytes per session, just after ${s.sessions.toLocaleString('en')} sign-ins (with each code's 5-minute result)`, value: s.bytesPerSessionFresh, unit: 'B' })
  rows.push({ group: 'memoryStore', name: 'bytes per session once the codes have expired (session + key ring)', value: s.bytesPerSession, unit: 'B', target: '< 1024' })
}

async function storeChild (sessions) {
  let clock = Date.now()
  const now = () => clock
  const store = wl.memoryStore({ now })
  const fakeWechat = async (url) => {
    const u = new URL(url)
    const code = u.searchParams.get('js_code')
    const body = JSON.stringify({ openid: 'o' + crypto.createHash('sha256').update(code).digest('base64url').slice(0, 27), session_key: crypto.randomBytes(16).toString('base64') })
    return { status: 200, text: async () => body }
  }
  const auth = wl.createAuth({ appId: APP_ID, appSecret: SECRET, store, fetch: fakeWechat, now, upstreamLoginBudget: COUNTED_NOT_SPENT })
  global.gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < sessions; i++) await auth.login(`code-${String(i).padStart(16, '0')}`) // shaped like a WeChat code
  global.gc()
  const fresh = process.memoryUsage().heapUsed
  const entriesFresh = store.size()
  clock += 301_000 // the sign-in codes' 5 minutes are over: what stays is the sessions and key rings
  store.size()
  global.gc()
  const settled = process.memoryUsage().heapUsed
  console.log(JSON.stringify({ sessions, entriesFresh, entries: store.size(), bytesPerSessionFresh: (fresh - before) / sessions, bytesPerSession: (settled - before) / sessions }))
}

// --- report ---------------------------------------------------------------------

function report ({ write }) {
  const fmt = (v, unit) => unit === 'ns' || unit === 'req/s' || unit === 'B' ? Math.round(v).toLocaleString('en') : v.toFixed(unit === 'ms' ? 1 : 2)
  const lines = []
  const groups = [...new Set(rows.map((r) => r.group))]
  for (const group of groups) {
    lines.push('', `### ${group}`, '', '| | value | ratio (ours ÷ this), median of rounds | ratio of medians | target |', '|---|---:|---:|---:|---|')
    for (const r of rows.filter((x) => x.group === group)) {
      lines.push(`| ${r.name} | ${fmt(r.value, r.unit)} ${r.unit} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.ofMedians === undefined ? '' : r.ofMedians.toFixed(2)} | ${r.target || ''} |`)
    }
    for (const n of notes[group] || []) lines.push('', `Why the two ratios differ: ${n}.`)
  }
  const head = [
    '# weapp-login benchmark',
    '',
    `Made by \`${ROUNDS !== null ? `BENCH_ROUNDS=${ROUNDS} node bench/run.js` : 'make bench'}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${require('os').cpus()[0].model.trim()} × ${require('os').cpus().length}; the server parts with the ${PINNING}.`,
    'Contenders interleaved, medians of repeated rounds. Two ratios (ours ÷ this): the median of the rounds\' own ratios (in each round the contenders take turns in slices, so a busy moment of the machine falls on all of them; the targets are read against it) and the ratio of medians; where they are more than 0.1 apart, the reason is under the table.',
    ...(ROUNDS !== null ? ['', `**A reduced run: \`BENCH_ROUNDS=${ROUNDS}\`** (${ROUNDS} rounds per part, where \`make bench\` takes 13–21; cold starts ${coldRuns()} runs, where it takes 15). Its figures are noisy.`] : [])
  ]
  const md = [...head, ...lines, ''].join('\n')
  say(md)
  if (!write) return
  fs.mkdirSync(OUT, { recursive: true })
  fs.writeFileSync(path.join(OUT, 'results.md'), md)
  fs.writeFileSync(path.join(OUT, 'chart.svg'), chart())
  say(`written: ${path.relative(ROOT, path.join(OUT, 'results.md'))}, ${path.relative(ROOT, path.join(OUT, 'chart.svg'))}`)
}

/** A bar chart of every ratio (the median of rounds where there are rounds), with the line at 1.0. */
function chart () {
  const bars = rows.filter((r) => r.ratio !== undefined || r.ofMedians !== undefined).map((r) => ({ ...r, ratio: r.ratio ?? r.ofMedians }))
  const w = 760; const rowH = 26; const left = 330; const scale = 300 / Math.max(2, ...bars.map((b) => b.ratio))
  const h = bars.length * rowH + 50
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<text x="10" y="18" font-weight="bold">weapp-login ÷ contender (time ratio; for req/s, throughput ratio)</text>`]
  bars.forEach((b, i) => {
    const y = 30 + i * rowH
    const label = `${b.group.split(',')[0]} vs ${b.name}`
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(label.slice(0, 52))}</text>`)
    parts.push(`<rect x="${left}" y="${y + 3}" width="${Math.max(1, b.ratio * scale)}" height="${rowH - 8}" fill="#07c160"/>`)
    parts.push(`<text x="${left + b.ratio * scale + 6}" y="${y + 15}">${b.ratio.toFixed(2)}</text>`)
  })
  parts.push(`<line x1="${left + scale}" x2="${left + scale}" y1="26" y2="${h - 10}" stroke="#e64340" stroke-dasharray="4 3"/>`)
  parts.push(`<text x="${left + scale + 4}" y="${h - 12}" fill="#e64340">1.0</text></svg>`)
  return parts.join('\n')
}

async function main () {
  if (process.argv[2] === '--store-child') return storeChild(Number(process.argv[3]))
  if (process.argv[2] === '--server-child') return serverChild(process.argv[3], process.argv[4])
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null
  const redisLogin = async () => {
    const { rows: found, note } = await require('./redis-login').benchRedisLogin({ quick: QUICK, rounds: ROUNDS, say })
    for (const row of found) rows.push(row)
    if (note) addNote(found[0].group, note)
  }
  // The parts that load servers run with the load generator and the servers
  // on cores of their own (bench/pin.js).
  const parts = { decrypt: benchDecrypt, 'cold-start': benchColdStart, 'coldstart-jsc': benchColdStartJsc, server: () => asLoadGenerator(benchServer), 'redis-login': () => asLoadGenerator(redisLogin), sizes, memory: benchMemory }
  for (const [name, run] of Object.entries(parts)) {
    if (only && only !== name) continue
    say(`${name}…`)
    await run()
  }
  report({ write: !only && !QUICK }) // partial or quick runs only print
}

main().catch((e) => { console.error(e); process.exit(1) })
