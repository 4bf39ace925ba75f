'use strict'
// memoryStore drops expired entries as it is written to, without a full
// scan: its memory follows the live entries.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const v8 = require('node:v8')
const vm = require('node:vm')
const wl = require('weapp-login')

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed }

test('memoryStore frees expired entries while it is written to, and keeps live ones', async () => {
  let t = 1_800_000_000_000
  const store = wl.memoryStore({ now: () => t })
  const big = (i) => Buffer.alloc(2048, 97 + (i % 26)).toString('latin1') // a string of its own each
  const before = heap()
  // 20,000 entries of 2 KiB living 1 s, one living 1 s but written again later with a longer life.
  for (let i = 0; i < 20_000; i++) await store.set(`short:${i}`, big(i), 1)
  await store.set('again', 'first', 1)
  const full = heap()
  assert.ok(full - before > 30e6, `the entries take memory: ${full - before} bytes`)
  t += 500
  await store.set('again', 'second', 60)
  t += 1_000 // every `short:` entry has expired
  for (let i = 0; i < 12_000; i++) await store.set(`long:${i}`, 'v', 3600)
  const after = heap()
  assert.ok(full - after > 30e6, `expired entries freed by the writes alone: ${full - after} of ${full - before} bytes`)
  assert.equal(await store.get('again'), 'second') // written again: lives on
  assert.equal(await store.get('long:0'), 'v')
  assert.equal(await store.get('short:0'), null)
  assert.equal(store.size(), 12_001)
})
