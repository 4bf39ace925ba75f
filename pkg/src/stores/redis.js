'use strict'
// The Redis store, on the official `redis` client (install it beside
// weapp-login). Several server processes can share one Redis. Every failure
// is ERR_STORE_UNAVAILABLE (retryable, HTTP 503); commands never queue up
// while Redis is away.

const { randomBytes } = require('crypto')
const { WeappLoginError } = require('../errors')
const { readOptions } = require('../core')

// SET each KEYS[i] to ARGV[2i-1] with ARGV[2i] seconds: all or nothing.
const SET_MANY = `for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[2 * i - 1], 'EX', ARGV[2 * i])
end
return #KEYS`
// INCR, and start the window's clock on the first count only.
const INCR = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`
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
    async setMany (entries) {
      const keys = entries.map(([k]) => k)
      const args = entries.flatMap(([, v, ttl]) => [String(v), seconds(ttl)])
      await run(['EVAL', SET_MANY, String(keys.length), ...keys, ...args])
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
