'use strict'
// The Redis store, on the official `redis` client (install it beside
// weapp-login). Several server processes can share one Redis. Every failure
// is ERR_STORE_UNAVAILABLE (retryable, HTTP 503); commands never queue up
// while Redis is away.

const { randomBytes } = require('crypto')
const { WeappLoginError } = require('../errors')
const { readOptions } = require('../core')

// INCR, and start the window's clock on the first count only.
const INCR = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`
// A user's sessions: a sorted set of token hashes by expiry (ms). Drop the
// expired, add one, evict the oldest past the cap (0: none); one key only.
const ADD_CAPPED = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local cap = tonumber(ARGV[3])
local n = redis.call('ZCARD', KEYS[1])
if cap > 0 and n > cap then
  local out = redis.call('ZRANGE', KEYS[1], 0, n - cap - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - cap - 1)
  return out
end
return {}`
// Every member, and the set gone: one key only.
const TAKE_MEMBERS = `local out = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return out`
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/**
 * @param {{ url?: string, client?: object, timeoutMs?: number }} options
 *   a Redis URL, or a `redis` client of your own (connected or not)
 * @example
 * const auth = createAuth({ appId, appSecret, store: redisStore({ url: process.env.REDIS_URL }) })
 */
function redisStore (options) {
  const [url, given, timeout] = readOptions(options, ['url', 'client', 'timeoutMs'])
  const timeoutMs = typeof timeout === 'number' && timeout > 0 ? timeout : 2000
  let client = given
  const looksLikeClient = (c) => { try { return c !== null && typeof c === 'object' && typeof c.sendCommand === 'function' } catch { return false } }
  if (client !== undefined && !looksLikeClient(client)) {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`client` must be a `redis` client)', { field: 'client' })
  }
  if (client === undefined && typeof url !== 'string') {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'invalid argument (`url` must be a redis:// URL, or pass `client`)', { field: 'url' })
  }
  if (!client) {
    let redis
    try { redis = require('redis') } catch (cause) {
      throw new WeappLoginError('ERR_INVALID_ARGUMENT', 'redisStore needs the `redis` package: npm install redis', { field: 'store', cause })
    }
    client = redis.createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries) => Math.min(50 * (retries + 1), 1000) }
    })
  }
  client.on('error', () => { /* reported per command as ERR_STORE_UNAVAILABLE */ })
  let connecting = null

  function connected () {
    if (client.isReady) return Promise.resolve()
    if (connecting !== null) return connecting // first connection under way: commands sent together wait for it
    if (client.isOpen) return Promise.reject(new Error('reconnecting'))
    if (connecting === null) connecting = client.connect().finally(() => { connecting = null })
    return connecting
  }

  async function run (args) {
    let timer
    try {
      return await Promise.race([
        connected().then(() => client.sendCommand(args)),
        new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs) })
      ])
    } catch (cause) {
      throw new WeappLoginError('ERR_STORE_UNAVAILABLE', 'the session store is unavailable', { retryable: true, cause })
    } finally {
      clearTimeout(timer)
    }
  }

  const seconds = (ttl) => String(Math.max(1, Math.ceil(ttl)))

  return {
    kind: 'redis',
    shared: true,
    async get (key) { return run(['GET', key]) },
    async set (key, value, ttlSeconds) { await run(['SET', key, String(value), 'EX', seconds(ttlSeconds)]) },
    /** One SET per entry, sent together: each key may live on its own Cluster slot. */
    async setMany (entries) {
      await Promise.all(entries.map(([k, v, ttl]) => run(['SET', k, String(v), 'EX', seconds(ttl)])))
    },
    /** One DEL per key, sent together (keys may live on different slots). */
    async deleteMany (keys) { await Promise.all(keys.map((k) => run(['DEL', k]))) },
    /** See memoryStore's addCapped. */
    async addCapped (key, member, score, cap, ttlSeconds, nowMs) {
      const out = await run(['EVAL', ADD_CAPPED, '1', key, member, String(score), String(cap), seconds(ttlSeconds), String(nowMs)])
      return Array.isArray(out) ? out.map(String) : []
    },
    async removeMember (key, member) { await run(['ZREM', key, member]) },
    async takeMembers (key) {
      const out = await run(['EVAL', TAKE_MEMBERS, '1', key])
      return Array.isArray(out) ? out.map(String) : []
    },
    async delete (key) { await run(['DEL', key]) },
    async incr (key, ttlSeconds) { return Number(await run(['EVAL', INCR, '1', key, seconds(ttlSeconds)])) },
    async lock (key, ttlSeconds) {
      const owner = randomBytes(12).toString('hex')
      return (await run(['SET', key, owner, 'NX', 'EX', seconds(ttlSeconds)])) === 'OK' ? owner : null
    },
    async unlock (key, owner) { await run(['EVAL', UNLOCK, '1', key, owner]) },
    async close () {
      try { if (client.isOpen) await (typeof client.close === 'function' ? client.close() : client.quit()) } catch { /* already gone */ }
    },
    client
  }
}

module.exports = { redisStore }
