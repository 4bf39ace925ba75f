'use strict'
// The in-process store: the default. Values are strings; every entry expires.

const { randomBytes } = require('crypto')

/**
 * A store in this process's memory. Sessions do not survive a restart and
 * are not shared between processes: use redisStore for that.
 * @example
 * const auth = createAuth({ appId, appSecret, store: memoryStore() })
 */
function memoryStore ({ now = Date.now } = {}) {
  const data = new Map() // key → { value, exp }
  let writes = 0

  function live (key) {
    const e = data.get(key)
    if (e === undefined) return undefined
    if (e.exp <= now()) { data.delete(key); return undefined }
    return e
  }

  function sweep () {
    if (++writes % 1024 !== 0) return
    const t = now()
    for (const [k, e] of data) if (e.exp <= t) data.delete(k)
  }

  function put (key, value, ttlSeconds) {
    data.set(key, { value: String(value), exp: now() + Math.max(1, ttlSeconds) * 1000 })
    sweep()
  }

  return {
    kind: 'memory',
    async get (key) { const e = live(key); return e === undefined ? null : e.value },
    async set (key, value, ttlSeconds) { put(key, value, ttlSeconds) },
    async setMany (entries) { for (const [k, v, ttl] of entries) put(k, v, ttl) },
    async delete (key) { data.delete(key) },
    async lock (key, ttlSeconds) {
      if (live(key) !== undefined) return null
      const owner = randomBytes(12).toString('hex')
      put(key, owner, ttlSeconds)
      return owner
    },
    async unlock (key, owner) {
      const e = live(key)
      if (e !== undefined && e.value === owner) data.delete(key)
    },
    async close () { data.clear() },
    /** How many entries are held (for tests and benchmarks). */
    size () { return data.size }
  }
}

module.exports = { memoryStore }
