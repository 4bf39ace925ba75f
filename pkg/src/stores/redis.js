'use strict'
// The Redis store: on a node-redis or ioredis client (single, Cluster or
// Sentinel; see redis-client.js), or on the `redis` package given a URL.
// Several server processes can share one Redis. Every failure is
// ERR_STORE_UNAVAILABLE (retryable, HTTP 503); commands never queue up while
// Redis is away. On a Cluster no command spans slots: an operation that must
// be atomic across keys needs keys with one hash tag `{…}`.

const { createHash } = require('crypto')
const { randomText } = require('../seal') // lock owners from the pooled random bytes: no system call each
const { WeappLoginError, invalidArgument } = require('../errors')
const { readOptions } = require('../options')
const { wrapClient, groupBySlot, READY } = require('./redis-client')

// SET each KEYS[i] to ARGV[2i-1] with ARGV[2i] seconds: all or nothing.
const SET_MANY = `for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[2 * i - 1], 'EX', ARGV[2 * i])
end
return #KEYS`
// INCR, and start the window's clock on the first count only.
const INCR = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`
// A user's sessions: a sorted set of token hashes by expiry (ms). Drop the
// expired, add one, evict the oldest past the cap (0: none); one key only.
const CAPPED = `local function capped (key, member, score, cap, ttl, now)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  redis.call('ZADD', key, score, member)
  redis.call('EXPIRE', key, ttl)
  cap = tonumber(cap)
  local n = redis.call('ZCARD', key)
  if cap > 0 and n > cap then
    local out = redis.call('ZRANGE', key, 0, n - cap - 1)
    redis.call('ZREMRANGEBYRANK', key, 0, n - cap - 1)
    return out
  end
  return {}
end
`
const ADD_CAPPED = `${CAPPED}return capped(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])`
// A batch: ARGV[1] has one letter per key (s: SET, z: the capped set,
// u: unlock), then each operation's arguments in turn. Answers one reply
// per operation (the capped set's evicted members, 0 for the others).
const BATCH = `${CAPPED}local out = {}
local a = 2
for i, key in ipairs(KEYS) do
  local op = string.sub(ARGV[1], i, i)
  if op == 's' then
    redis.call('SET', key, ARGV[a], 'EX', ARGV[a + 1])
    a = a + 2
    out[i] = 0
  elseif op == 'z' then
    out[i] = capped(key, ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4])
    a = a + 5
  else
    if redis.call('GET', key) == ARGV[a] then redis.call('DEL', key) end
    a = a + 1
    out[i] = 0
  end
end
return out`
// The kept value of KEYS[1], or else the lock KEYS[2] taken for ARGV[1]
// (1), or 0 when someone else holds it. Both keys in one slot. With a
// counter KEYS[3] (same slot): INCR it first (its window starting at the
// first count, ARGV[3] seconds); past ARGV[4] nothing is claimed. Answers
// { count or -1, the outcome }.
const CLAIM = `local n = -1
if KEYS[3] then
  n = redis.call('INCR', KEYS[3])
  if n == 1 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
  if n > tonumber(ARGV[4]) then return {n, 0} end
end
local kept = redis.call('GET', KEYS[1])
if kept then return {n, kept} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return {n, 1} end
return {n, 0}`
// CLAIM with counters: KEYS[3…] one per letter of ARGV[3], each with its
// seconds and max in ARGV[4…]: 'c' the address's and 'o' its network's,
// counted first (past one's max nothing is claimed, nothing more counted);
// 'b' the budget, counted only when the lock is there to take (past its max
// the lock is not taken). Answers { kept, 1 or 0, then each count or -1 }.
const CLAIM_COUNTED = `local function count (key, seconds)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, seconds) end
  return n
end
local out = {0, -1, -1, -1}
local at = {c = 2, o = 3, b = 4}
local budget
for i = 1, #ARGV[3] do
  local letter = string.sub(ARGV[3], i, i)
  local key, seconds, max = KEYS[2 + i], ARGV[2 + 2 * i], tonumber(ARGV[3 + 2 * i])
  if letter == 'b' then
    budget = {key, seconds, max}
  else
    local n = count(key, seconds)
    out[at[letter]] = n
    if n > max then return out end
  end
end
local kept = redis.call('GET', KEYS[1])
if kept then out[1] = kept return out end
if redis.call('EXISTS', KEYS[2]) == 1 then return out end
if budget then
  local n = count(budget[1], budget[2])
  out[4] = n
  if n > budget[3] then return out end
end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
out[1] = 1
return out`
// Every member, and the set gone: one key only.
const TAKE_MEMBERS = `local out = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return out`
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** CLAIM_COUNTED's counters, `[letter, key, seconds, max]` each, or null when there is no network counter and no budget. */
function countersOf (count, budget) {
  const outer = count === undefined ? undefined : count.outer
  if (outer === undefined && budget === undefined) return null
  const out = []
  if (count !== undefined) out.push(['c', count.key, count.ttlSeconds, count.max])
  if (outer !== undefined) out.push(['o', outer.key, count.ttlSeconds, outer.max])
  if (budget !== undefined) out.push(['b', budget.key, budget.ttlSeconds, budget.max])
  return out
}

const OPTIONS = ['url', 'client', 'timeoutMs']

/** The options, checked: known names only, each of its type and range. */
function readStoreOptions (options) {
  const [url, client, timeoutMs] = readOptions(options, OPTIONS)
  let names
  try { names = Object.keys(options) } catch { names = [] }
  for (const name of names) {
    if (!OPTIONS.includes(name)) throw invalidArgument(name, { why: `not an option of redisStore (its options: ${OPTIONS.join(', ')})` })
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\/./.test(url))) throw invalidArgument('url', { mustBe: 'a redis:// or rediss:// URL' })
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 60_000)) throw invalidArgument('timeoutMs', { mustBe: 'a whole number of milliseconds from 1 to 60000' })
  if (url !== undefined && client !== undefined) throw invalidArgument('client', { why: 'given with `url`: give one of them' })
  if (url === undefined && client === undefined) throw invalidArgument('url', { mustBe: 'a redis:// URL, or pass `client`' })
  return { url, client, timeoutMs: timeoutMs === undefined ? 2000 : timeoutMs }
}

/**
 * A store on Redis, shared by every server process that uses it. Single
 * Redis, Cluster and Sentinel.
 * @param {import('../server/types.mjs').RedisStoreOptions} options
 *   `url`: a Redis URL (the `redis` package is then required); or `client`: a
 *   node-redis client, Cluster or Sentinel (redis ≥ 4), or an ioredis Redis or
 *   Cluster, connected or not; `timeoutMs`: per command (default 2000)
 * @returns {import('../server/types.mjs').Store & {
 *   readonly client: unknown,
 *   readonly clientKind: 'node-redis' | 'node-redis-cluster' | 'node-redis-sentinel' | 'ioredis' | 'ioredis-cluster'
 * }} the store; `client`: the client in use; `clientKind`: which client it took
 * @example
 * const auth = createAuth({ appId, appSecret, store: redisStore({ url: process.env.REDIS_URL }) })
 * // a Cluster: redisStore({ client: createCluster({ rootNodes: [{ url: 'redis://10.0.0.1:6379' }] }) })
 */
function redisStore (options) {
  const { url, client: given, timeoutMs } = readStoreOptions(options)
  let client = given
  if (client === undefined) {
    let redis
    try { redis = require('redis') } catch (cause) {
      throw invalidArgument('store', { why: 'redisStore needs the `redis` package: npm install redis', cause })
    }
    client = redis.createClient({
      url,
      disableOfflineQueue: true,
      // Each command's deadline is this store's own (`timeoutMs`): node-redis 6's
      // default one (5 s, an AbortSignal and its listeners per command) is off.
      commandOptions: { timeout: 0 },
      socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(50 * (retries + 1), 1000) }
    })
  }
  const redis = wrapClient(client)

  // Scripts go by their SHA-1 (EVALSHA): Redis neither receives nor hashes
  // their text again; a server that does not know one yet gets it once (EVAL).
  const shas = new Map()
  function send (args) {
    if (args[0] !== 'EVAL') return redis.send(args)
    let sha = shas.get(args[1])
    if (sha === undefined) { sha = createHash('sha1').update(args[1]).digest('hex'); shas.set(args[1], sha) }
    return redis.send(['EVALSHA', sha, ...args.slice(2)]).catch((e) => {
      if (!/^NOSCRIPT/.test(String(e && e.message))) throw e
      return redis.send(args)
    })
  }

  const unavailable = (cause) => cause instanceof WeappLoginError ? cause : new WeappLoginError('ERR_STORE_UNAVAILABLE', 'the session store is unavailable', { cause })

  /** One command, answered within `timeoutMs`; any failure is ERR_STORE_UNAVAILABLE. */
  function run (args) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(unavailable(new Error('timeout'))), timeoutMs)
      const failed = (cause) => { clearTimeout(timer); reject(unavailable(cause)) }
      let sent
      try {
        const ready = redis.ready()
        sent = ready === READY ? send(args) : ready.then(() => send(args)) // up: sent at once
      } catch (e) { failed(e); return }
      sent.then((value) => { clearTimeout(timer); resolve(value) }, failed)
    })
  }

  const seconds = (ttl) => String(Math.max(1, Math.ceil(ttl)))

  /** A batch operation as BATCH's letter and arguments. */
  function opArgs (op) {
    switch (op[0]) {
      case 'set': return ['s', [String(op[2]), seconds(op[3])]]
      case 'addCapped': return ['z', [op[2], String(op[3]), String(op[4]), seconds(op[5]), String(op[6])]]
      case 'unlock': return ['u', [op[2]]]
      default: throw invalidArgument('ops', { why: `${op[0]} is not a batch operation` })
    }
  }

  return {
    kind: 'redis',
    shared: true,
    async get (key) { return run(['GET', key]) },
    async set (key, value, ttlSeconds) { await run(['SET', key, String(value), 'EX', seconds(ttlSeconds)]) },
    /**
     * All at once on a single Redis (one script). On a Cluster, one script per
     * slot, the last entry's slot after the others are in.
     */
    async setMany (entries) {
      if (entries.length === 0) return
      const write = (part) => {
        const keys = part.map(([k]) => k)
        const args = part.flatMap(([, v, ttl]) => [String(v), seconds(ttl)])
        return run(['EVAL', SET_MANY, String(keys.length), ...keys, ...args])
      }
      const groups = groupBySlot(redis, entries, ([k]) => k)
      const last = groups.pop()
      await Promise.all(groups.map(write))
      await write(last)
    },
    /** See memoryStore's getMany: one MGET (on a Cluster, one per slot). */
    async getMany (keys) {
      if (keys.length === 0) return []
      const out = await run(['MGET', ...keys])
      return out.map((v) => v === undefined ? null : v)
    },
    /**
     * See memoryStore's batch. All at once on a single Redis (one script); on
     * a Cluster, one script per slot, the last operation's slot after the
     * others are done.
     */
    async batch (ops) {
      if (ops.length === 0) return []
      const out = new Array(ops.length)
      const write = async (part) => {
        let letters = ''
        const keys = []
        const args = []
        for (const [, op] of part) {
          const [letter, more] = opArgs(op)
          letters += letter
          keys.push(op[1])
          args.push(...more)
        }
        const replies = await run(['EVAL', BATCH, String(keys.length), ...keys, letters, ...args])
        part.forEach(([i, op], j) => {
          out[i] = op[0] !== 'addCapped' ? undefined : Array.isArray(replies[j]) ? replies[j].map(String) : []
        })
      }
      const groups = groupBySlot(redis, ops.map((op, i) => [i, op]), ([, op]) => op[1])
      const last = groups.pop()
      await Promise.all(groups.map(write))
      await write(last)
      return out
    },
    /** One DEL per key, sent together (keys may live on different slots). */
    async deleteMany (keys) { await Promise.all(keys.map((k) => run(['DEL', k]))) },
    /** See memoryStore's addCapped. */
    async addCapped (key, member, score, cap, ttlSeconds, nowMs) {
      const out = await run(['EVAL', ADD_CAPPED, '1', key, String(member), String(score), String(cap), seconds(ttlSeconds), String(nowMs)])
      return Array.isArray(out) ? out.map(String) : []
    },
    async removeMember (key, member) { await run(['ZREM', key, member]) },
    async takeMembers (key) {
      const out = await run(['EVAL', TAKE_MEMBERS, '1', key])
      return Array.isArray(out) ? out.map(String) : []
    },
    async delete (key) { await run(['DEL', key]) },
    async incr (key, ttlSeconds) { return Number(await run(['EVAL', INCR, '1', key, seconds(ttlSeconds)])) },
    /** See memoryStore's lock: for `owner` when given, so a lock taken by a command that timed out can still be let go. */
    async lock (key, ttlSeconds, owner) {
      const mine = owner === undefined ? randomText(12) : String(owner)
      return (await run(['SET', key, mine, 'NX', 'EX', seconds(ttlSeconds)])) === 'OK' ? mine : null
    },
    /** Sets `key` unless it holds a value (SET NX): true when set. */
    async setIfAbsent (key, value, ttlSeconds) {
      return (await run(['SET', key, String(value), 'NX', 'EX', seconds(ttlSeconds)])) === 'OK'
    },
    async unlock (key, owner) { await run(['EVAL', UNLOCK, '1', key, owner]) },
    /**
     * See memoryStore's claim: one script, so `key` and `lockKey` must share
     * a hash tag `{…}` (one slot on a Cluster). A counter on another slot of
     * a Cluster is counted beside it (a lock taken past the limit is let go).
     */
    async claim (key, lockKey, ttlSeconds, count, budget, given) {
      const owner = given === undefined ? randomText(12) : String(given)
      const counters = countersOf(count, budget)
      if (counters !== null && (!redis.cluster || counters.every(([, k]) => redis.slot(k) === redis.slot(key)))) {
        const reply = await run(['EVAL', CLAIM_COUNTED, String(2 + counters.length), key, lockKey, ...counters.map(([, k]) => k),
          owner, seconds(ttlSeconds), counters.map(([letter]) => letter).join(''), ...counters.flatMap(([, , ttl, max]) => [seconds(ttl), String(max)])])
        const out = typeof reply[0] === 'string' ? { kept: reply[0], owner: null } : { kept: null, owner: Number(reply[0]) === 1 ? owner : null }
        const [n, m, b] = [Number(reply[1]), Number(reply[2]), Number(reply[3])]
        if (count !== undefined) out.count = n
        if (m >= 0) out.outerCount = m
        if (b >= 0) out.budgetCount = b
        return out
      }
      // Otherwise (no counters but the address's, or a Cluster with them on other slots): the address's only; the caller counts the rest.
      // `count` is set on the claim made here, as memoryStore does (`{ ...claim, count }` is a slow path on Node 16–20).
      const claimOf = (reply, n) => {
        const out = typeof reply[1] === 'string' ? { kept: reply[1], owner: null } : { kept: null, owner: Number(reply[1]) === 1 ? owner : null }
        if (n !== undefined) out.count = n
        return out
      }
      if (count === undefined) return claimOf(await run(['EVAL', CLAIM, '2', key, lockKey, owner, seconds(ttlSeconds)]))
      if (!redis.cluster || redis.slot(count.key) === redis.slot(key)) {
        const reply = await run(['EVAL', CLAIM, '3', key, lockKey, count.key, owner, seconds(ttlSeconds), seconds(count.ttlSeconds), String(count.max)])
        return claimOf(reply, Number(reply[0]))
      }
      const [n, reply] = await Promise.all([
        run(['EVAL', INCR, '1', count.key, seconds(count.ttlSeconds)]).then(Number),
        run(['EVAL', CLAIM, '2', key, lockKey, owner, seconds(ttlSeconds)])
      ])
      const claimed = claimOf(reply, n)
      if (n <= count.max) return claimed
      if (claimed.owner !== null) run(['EVAL', UNLOCK, '1', lockKey, owner]).catch(() => { /* it expires */ })
      return { kept: null, owner: null, count: n }
    },
    async close () { await redis.close() },
    /** The client in use. */
    client,
    /** Which client it is: `node-redis`, `node-redis-cluster`, `node-redis-sentinel`, `ioredis` or `ioredis-cluster`. */
    clientKind: redis.kind
  }
}

module.exports = { redisStore }
