'use strict'
// The in-process store: the default. Values are strings; every entry expires.

const { randomBytes } = require('crypto')
const { readOptions } = require('../core')

/**
 * A store in this process's memory. Sessions do not survive a restart and
 * are not shared between processes: use redisStore for that.
 * @example
 * const auth = createAuth({ appId, appSecret, store: memoryStore() })
 */
function memoryStore (options) {
  const [nowOpt] = options === undefined ? [undefined] : readOptions(options, ['now'])
  const now = typeof nowOpt === 'function' ? nowOpt : Date.now
  // key → "<expiry in ms, base 36>|<value>": one string per entry, no object.
  const data = new Map()
  let writes = 0

  const expiry = (entry) => parseInt(entry.slice(0, entry.indexOf('|')), 36)

  /** The live entry's value, or undefined (an expired one is dropped). */
  function live (key) {
    const entry = data.get(key)
    if (entry === undefined) return undefined
    if (expiry(entry) <= now()) { data.delete(key); return undefined }
    return { value: entry.slice(entry.indexOf('|') + 1) }
  }

  /** Drops expired entries now and then, so memory follows the live sessions. */
  function sweep (force = false) {
    if (!force && ++writes % 1024 !== 0) return
    const t = now()
    for (const [k, entry] of data) if (expiry(entry) <= t) data.delete(k)
  }

  function put (key, value, ttlSeconds) {
    data.set(key, `${(now() + Math.max(1, ttlSeconds) * 1000).toString(36)}|${value}`)
    sweep()
  }

  return {
    kind: 'memory',
    /** Not shared with other processes: nothing to coordinate with them. */
    shared: false,
    async get (key) { const e = live(key); return e === undefined ? null : e.value },
    async set (key, value, ttlSeconds) { put(key, value, ttlSeconds) },
    async setMany (entries) { for (const [k, v, ttl] of entries) put(k, v, ttl) },
    async delete (key) { data.delete(key) },
    async incr (key, ttlSeconds) {
      const e = live(key)
      if (e === undefined) { put(key, '1', ttlSeconds); return 1 }
      const n = (parseInt(e.value, 10) || 0) + 1
      const entry = data.get(key)
      data.set(key, entry.slice(0, entry.indexOf('|') + 1) + n) // the window keeps its end
      return n
    },
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
    /** How many entries are held, expired ones dropped first (for tests and benchmarks). */
    size () { sweep(true); return data.size }
  }
}

module.exports = { memoryStore }
