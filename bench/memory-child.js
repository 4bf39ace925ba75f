'use strict'
// The memory part of `make bench` (spawned by bench/run.js with --expose-gc):
// one million decryptPhoneNumber calls in a process that loads nothing but
// the package, so the RSS measured is the package's and not the harness's
// (crypto-js, the emulator, http). Every sample follows a full GC: garbage
// not yet collected is not growth, while anything leaked across the boundary
// survives it. Prints one JSON line.
//   node --expose-gc bench/memory-child.js 1000000

const crypto = require('crypto')
// The instances the package makes, seen as they are made (the shipped glue
// exports nothing of its wasm): their linear memory is what the core holds.
const instances = []
const { Instance } = WebAssembly
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports)
  instances.push(instance)
  return instance
}
const wl = require('weapp-login')
const wasmBytes = () => instances.reduce((sum, i) => sum + (i.exports.memory ? i.exports.memory.buffer.byteLength : 0), 0)

const total = Number(process.argv[2] || 1_000_000)
const APP_ID = 'wx1234567890abcdef'
const sessionKey = crypto.randomBytes(16).toString('base64')
const now = 1763900005
const phone = {
  appId: APP_ID,
  sessionKey,
  now,
  ...wl.encryptData({ appId: APP_ID, sessionKey, data: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' }, timestamp: now - 5 })
}

const sample = () => { global.gc(); const m = process.memoryUsage(); return { wasm: wasmBytes(), rss: m.rss, heap: m.heapUsed } }
let at1k = null
let wasmMax = 0
let rssMax = 0
let heapMax = 0
for (let i = 1; i <= total; i++) {
  wl.decryptPhoneNumber(phone)
  if (i === 1000) at1k = sample()
  if (i > 1000 && i % 50_000 === 0) {
    const s = sample()
    wasmMax = Math.max(wasmMax, s.wasm)
    rssMax = Math.max(rssMax, s.rss)
    heapMax = Math.max(heapMax, s.heap)
  }
}
const last = sample()
console.log(JSON.stringify({
  wasmAt1k: at1k.wasm,
  rssAt1k: at1k.rss,
  wasmMax: Math.max(wasmMax, last.wasm),
  rssMax: Math.max(rssMax, last.rss),
  rssLast: last.rss,
  heapAt1k: at1k.heap,
  heapMax: Math.max(heapMax, last.heap)
}))
