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

/**
 * The sign-in's store steps, on the keys of several users (on a Cluster,
 * several slots; each step's keys share a hash tag): claim (the kept value or
 * the lock, with and without a counter), getMany, batch.
 * @param {object} store
 * @param {string} ns a key prefix of this run's own
 */
async function signInSteps (store, ns) {
  const code = (id) => [`${ns}c:{${id}}`, `${ns}lock:c:{${id}}`]
  const user = (id) => [`${ns}{${id}}:k`, `${ns}{${id}}:u`, `${ns}{${id}}:s`]
  // claim: the lock when nothing is kept, nothing while another holds it.
  const [c1, l1] = code('one')
  const first = await store.claim(c1, l1, 30)
  assert.equal(first.kept, null)
  assert.equal(typeof first.owner, 'string')
  assert.deepEqual(await store.claim(c1, l1, 30), { kept: null, owner: null })
  // batch over several users' keys: sets, the capped session set, the kept result and the unlock last.
  const now = Date.now()
  const users = Array.from({ length: 6 }, (_, i) => user(`user${i}`))
  const ops = []
  users.forEach(([ring, record, sessions], i) => {
    ops.push(['set', `${ns}t:${i}`, `session${i}`, 60], ['set', ring, `ring${i}`, 60], ['set', record, `record${i}`, 60])
    ops.push(['addCapped', sessions, 'old', now + 1000, 1, 60, now], ['addCapped', sessions, `new${i}`, now + 2000, 1, 60, now])
  })
  ops.push(['set', c1, 'kept', 60], ['unlock', l1, first.owner])
  const answers = await store.batch(ops)
  assert.equal(answers.length, ops.length)
  ops.forEach((op, i) => {
    if (op[0] !== 'addCapped') assert.equal(answers[i], undefined)
    else assert.deepEqual(answers[i], op[2] === 'old' ? [] : ['old'])
  })
  assert.equal(await store.get(l1), null, 'unlocked with the writes')
  for (const [i, [ring, record]] of users.entries()) {
    assert.deepEqual(await store.getMany([ring, record, `${ns}none{user${i}}`]), [`ring${i}`, `record${i}`, null])
  }
  assert.deepEqual(await store.getMany(users.map(([ring]) => ring)), users.map((_, i) => `ring${i}`)) // across users
  assert.deepEqual(await store.getMany([]), [])
  assert.deepEqual(await store.batch([]), [])
  assert.deepEqual((await store.takeMembers(users[0][2])).sort(), ['new0'])
  // A kept value is answered, the lock left alone.
  assert.deepEqual(await store.claim(c1, l1, 30), { kept: 'kept', owner: null })
  assert.equal(await store.get(l1), null)
  // With a counter: counted first (its own key, another slot), nothing claimed past the limit.
  const counter = { key: `${ns}rl:login:10.0.0.1`, ttlSeconds: 60, max: 2 }
  const [c2, l2] = code('two')
  const [c3, l3] = code('three')
  const counted = await store.claim(c2, l2, 30, counter)
  assert.equal(counted.count, 1)
  assert.equal(typeof counted.owner, 'string')
  assert.deepEqual(await store.claim(c2, l2, 30, counter), { kept: null, owner: null, count: 2 })
  assert.deepEqual(await store.claim(c3, l3, 30, counter), { kept: null, owner: null, count: 3 })
  assert.equal(await store.get(l3), null, 'nothing claimed past the limit')
  assert.equal(await store.incr(counter.key, 60), 4)
  await store.unlock(l2, counted.owner)
}

module.exports = { storeContract, signInSteps }
