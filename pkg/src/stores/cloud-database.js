'use strict'
// A store on WeChat Cloud Development's database, for cloud functions
// (createCloudAuth): what it keeps outlives cold starts and is shared by
// every instance. One document per key in one collection: `{ _id, k, v, exp }`
// with `_id` a hash of the key, `v` the value and `exp` its expiry (ms). The
// database has no TTL of its own: expired documents are ignored when read and
// removed by `sweep()` (call it from a timer-triggered function).

const crypto = require('crypto')
const { WeappLoginError, invalidArgument } = require('../errors')
const { readOptions } = require('../options')

/** A key's hash tag `{…}` (the key itself without one): which keys go together. */
const tagOf = (key) => {
  const open = key.indexOf('{')
  const close = open < 0 ? -1 : key.indexOf('}', open + 1)
  return close > open + 1 ? key.slice(open + 1, close) : key
}
/** The database's answers the store reads, and its tries at a taken `_id`: the core's (rules.json `cloudDatabase`). */
const { idTakenErrcode: ID_TAKEN, createAttempts: CREATE_ATTEMPTS } = require('../../dist/rules.json').cloudDatabase
/** Whether the database refused an `add` because the `_id` is taken (its errCode; MongoDB's E11000 duplicate key in its message). */
const takenId = (e) => e !== null && typeof e === 'object' && (e.errCode === ID_TAKEN || /E11000/.test(String(e.errMsg || e.message)))
const idOf = (key) => crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)

/**
 * A store on the cloud database (`cloud.database()`), for createCloudAuth:
 * it outlives cold starts. One document per key in `collection` (default
 * `weapp_login`, created in the console); `sweep()` removes expired ones.
 * @example
 * const cloud = require('wx-server-sdk')
 * cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
 * const auth = createCloudAuth({ cloud, store: cloudDatabaseStore({ db: cloud.database() }) })
 * @param {{ db: unknown, collection?: string, now?: () => number }} options `db`: `cloud.database()`;
 *   `collection` (default `weapp_login`) must exist (create it in the console)
 * @returns {import('../server/types.mjs').Store & { sweep(): Promise<number> }}
 */
function cloudDatabaseStore (options) {
  const [db, collectionOpt, nowOpt] = readOptions(options, ['db', 'collection', 'now'])
  let ok
  try { ok = db !== null && typeof db === 'object' && typeof db.collection === 'function' && db.command !== null && typeof db.command === 'object' } catch { ok = false }
  if (!ok) throw invalidArgument('db', { mustBe: 'cloud.database()' })
  const name = collectionOpt === undefined ? 'weapp_login' : collectionOpt
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw invalidArgument('collection', { mustBe: 'a collection name' })
  if (nowOpt !== undefined && typeof nowOpt !== 'function') throw invalidArgument('now', { mustBe: 'a function returning milliseconds' })
  const now = nowOpt || Date.now
  const _ = db.command
  const col = () => db.collection(name)

  /** A database failure is the store's: ERR_STORE_UNAVAILABLE (retryable), whatever it said. */
  async function io (fn) {
    try {
      return await fn()
    } catch (cause) {
      throw new WeappLoginError('ERR_STORE_UNAVAILABLE', 'the cloud database did not answer', { cause })
    }
  }

  const doc = (key, value, ttlSeconds) => ({ k: key, v: value, exp: now() + Math.max(1, ttlSeconds) * 1000 })
  const put = (key, value, ttlSeconds) => col().doc(idOf(key)).set({ data: doc(key, value, ttlSeconds) })

  /** The live document of `key`, or null. */
  async function live (key) {
    const res = await col().where({ _id: idOf(key) }).get()
    const d = res && Array.isArray(res.data) ? res.data[0] : undefined
    return d && d.k === key && d.exp > now() ? d : null
  }

  /**
   * Creates the document unless a live one exists: false when one does.
   * Callers race for it (a lock): whoever's `add` finds the `_id` taken
   * looks again, and a live document is the winner's; an expired one in the
   * way is cleared and the `add` tried again. An `_id` still taken after a
   * few tries, by documents that are gone each time it looks, is a lock
   * others keep taking and letting go: held (false), as it is to a waiter.
   */
  async function create (key, value, ttlSeconds) {
    for (let attempt = 1; ; attempt++) {
      try {
        await col().add({ data: { _id: idOf(key), ...doc(key, value, ttlSeconds) } })
        return true
      } catch (e) {
        if (await live(key) !== null) return false
        if (!takenId(e)) throw e
        if (attempt === CREATE_ATTEMPTS) return false
        await col().where({ _id: idOf(key), exp: _.lte(now()) }).remove()
      }
    }
  }

  /** Adds one to the counter at `key` (created at 1 with this TTL); answers the count. */
  const incr = (key, ttlSeconds) => io(async () => {
    const res = await col().where({ _id: idOf(key), exp: _.gt(now()) }).update({ data: { v: _.inc(1) } })
    if (res && res.stats && res.stats.updated === 1) return (await live(key) || { v: 1 }).v
    if (await create(key, 1, ttlSeconds)) return 1
    await col().where({ _id: idOf(key) }).update({ data: { v: _.inc(1) } })
    return (await live(key) || { v: 1 }).v
  })

  return {
    kind: 'cloud-database',
    /** Shared by every instance of every function of the environment. */
    shared: true,
    get: (key) => io(async () => { const d = await live(key); return d === null ? null : String(d.v) }),
    set: (key, value, ttlSeconds) => io(() => put(key, value, ttlSeconds)),
    /** One write per entry (the database has no multi-document write outside a transaction). */
    setMany: (entries) => io(() => Promise.all(entries.map(([k, v, ttl]) => put(k, v, ttl)))),
    delete: (key) => io(() => col().doc(idOf(key)).remove()),
    incr,
    lock: (key, ttlSeconds, given) => io(async () => {
      const owner = given === undefined ? crypto.randomBytes(12).toString('hex') : String(given)
      return (await create(key, owner, ttlSeconds)) ? owner : null
    }),
    /** Sets `key` unless it holds a live value: true when set. */
    setIfAbsent: (key, value, ttlSeconds) => io(() => create(key, value, ttlSeconds)),
    unlock: (key, owner) => io(() => col().where({ _id: idOf(key), v: owner }).remove()),
    /** The value kept at `key`, or else the lock at `lockKey` taken (for `given`, the owner, when given), after the counter `count` (see memoryStore's claim). The app's budget is left to the caller (no `budgetCount`). */
    async claim (key, lockKey, ttlSeconds, count, budget, given) {
      const n = count === undefined ? undefined : await incr(count.key, count.ttlSeconds)
      if (n !== undefined && n > count.max) return { kept: null, owner: null, count: n }
      const out = await io(async () => {
        const d = await live(key)
        if (d !== null) return { kept: String(d.v), owner: null }
        const owner = given === undefined ? crypto.randomBytes(12).toString('hex') : String(given)
        return { kept: null, owner: (await create(lockKey, owner, ttlSeconds)) ? owner : null }
      })
      if (n !== undefined) out.count = n
      return out
    },
    /** The values of `keys` (null for a missing one): one read each, sent together. */
    getMany: (keys) => io(() => Promise.all(keys.map(async (key) => { const d = await live(key); return d === null ? null : String(d.v) }))),
    /**
     * `set` and `unlock` operations (see memoryStore's batch; this store keeps
     * no session sets): the keys of one hash tag `{…}` in order, the last
     * operation's tag after the others are done.
     */
    batch: (ops) => ops.some((op) => op[0] !== 'set' && op[0] !== 'unlock')
      ? Promise.reject(invalidArgument('ops', { why: 'only set and unlock operations here: cloudDatabaseStore keeps no session sets' }))
      : io(async () => {
      const one = (op) => op[0] === 'set' ? put(op[1], op[2], op[3]) : col().where({ _id: idOf(op[1]), v: op[2] }).remove()
        const inOrder = async (group) => { for (const op of group) await one(op) }
        const groups = new Map() // hash tag → its operations
        for (const op of ops) {
          const tag = tagOf(op[1])
          if (groups.has(tag)) groups.get(tag).push(op)
          else groups.set(tag, [op])
        }
        if (ops.length === 0) return []
        const lastTag = tagOf(ops[ops.length - 1][1])
        await Promise.all([...groups].filter(([tag]) => tag !== lastTag).map(([, group]) => inOrder(group)))
        await inOrder(groups.get(lastTag))
        return ops.map(() => undefined)
      }),
    /** Removes expired documents; answers how many. */
    sweep: () => io(async () => {
      const res = await col().where({ exp: _.lte(now()) }).remove()
      return res && res.stats ? res.stats.removed : 0
    }),
    async close () {}
  }
}

module.exports = { cloudDatabaseStore }
