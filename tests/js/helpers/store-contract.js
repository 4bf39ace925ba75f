'use strict'
// What every store must do, asserted on one store. Keys are under `ns`, so
// one server can hold several runs.
const assert = require('node:assert/strict')

/**
 * @param {object} store
 * @param {string} ns a key prefix of this run's own
 */
async function storeContract (store, ns) {
  assert.equal(await store.get(`${ns}none`), null)
  await store.set(`${ns}a`, 'one', 60)
  assert.equal(await store.get(`${ns}a`), 'one')
  // Keys of several users: on a Cluster, several slots.
  const many = Array.from({ length: 8 }, (_, i) => [`${ns}user${i}:x`, `v${i}`, 60])
  await store.setMany(many)
  assert.deepEqual(await Promise.all(many.map(([k]) => store.get(k))), many.map(([, v]) => v))
  await store.setMany([[`${ns}b`, 'two', 60]])
  assert.equal(await store.get(`${ns}b`), 'two')
  await store.delete(`${ns}a`)
  assert.equal(await store.get(`${ns}a`), null)
  const owner = await store.lock(`${ns}lock`, 30)
  assert.ok(owner)
  assert.equal(await store.lock(`${ns}lock`, 30), null)
  await store.unlock(`${ns}lock`, 'not-the-owner')
  assert.equal(await store.lock(`${ns}lock`, 30), null)
  await store.unlock(`${ns}lock`, owner)
  assert.ok(await store.lock(`${ns}lock`, 30))
  assert.equal(await store.incr(`${ns}n`, 60), 1)
  assert.equal(await store.incr(`${ns}n`, 60), 2)
  assert.equal(store.shared, true)
}

module.exports = { storeContract }
