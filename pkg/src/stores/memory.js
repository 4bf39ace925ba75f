'use strict'
// The in-process store: the default. Values are strings; every entry expires.

const { randomText } = require('../seal') // lock owners from the pooled random bytes
const { fields, fn } = require('../options')

// Each entry is one string: its expiry (ms since the epoch) in six
// one-byte characters, big-endian, then the value. No object per entry, and
// reading the expiry allocates nothing.
const STAMP = 6
const TWO_24 = 16777216

function stamp (ms) {
  const hi = Math.floor(ms / TWO_24)
  const lo = ms - hi * TWO_24
  return String.fromCharCode((hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255, lo >>> 16, (lo >>> 8) & 255, lo & 255)
}

const expiry = (entry) =>
  ((entry.charCodeAt(0) << 16) | (entry.charCodeAt(1) << 8) | entry.charCodeAt(2)) * TWO_24 +
  ((entry.charCodeAt(3) << 16) | (entry.charCodeAt(4) << 8) | entry.charCodeAt(5))

// Expired entries are dropped by a sweep that follows the writes in the
// order they expire: each time to live written has a queue of the keys
// written with it, in the order written (so in the order they expire, the
// clock running forward), and a sweep looks only at the heads that are due.
// A live entry is never looked at; an entry written again is looked at when
// its first write was due (and kept: its stamp says when it ends). A store
// sees a handful of times to live (the limits' windows, a code's life, a
// session's); past MAX_QUEUES more, the rest share one queue, whose entries
// may then be dropped late (a read still checks each entry's stamp).
// The sweep runs every SWEEP_EVERY writes and drops at most
// SWEEP_EVERY * SWEEP_STEP due keys: faster than writes can add entries.
const SWEEP_STEP = 2
const SWEEP_EVERY = 16
const MAX_QUEUES = 64
// A queue's consumed head is cut off once it is this long and half the queue.
const COMPACT_AT = 4096

/** Keys in the order they expire: `keys[i]` due at `times[i]` (ms), from `head` on. */
class ExpiryQueue {
  constructor () {
    this.keys = []
    this.times = []
    this.head = 0
  }

  push (key, at) {
    this.keys.push(key)
    this.times.push(at)
  }

  /** Takes up to `max` keys due at `t` off the head, each to `drop`; how many it took. */
  takeDue (t, max, drop) {
    let taken = 0
    while (taken < max && this.head < this.keys.length && this.times[this.head] <= t) {
      const key = this.keys[this.head]
      this.keys[this.head] = undefined // the queue holds no key it is done with
      this.head++
      taken++
      drop(key)
    }
    if (this.head >= COMPACT_AT && this.head * 2 >= this.keys.length) {
      this.keys = this.keys.slice(this.head)
      this.times = this.times.slice(this.head)
      this.head = 0
    }
    return taken
  }
}

/**
 * A store in this process's memory. Sessions do not survive a restart and
 * are not shared between processes: use redisStore for that. The default.
 * @example
 * const auth = createAuth({ appId, appSecret, store: memoryStore() })
 * @param {{ now?: () => number }} [options]
 * @returns {import('../server/types.mjs').Store & { size(): number, readonly kind: 'memory' }}
 */
function memoryStore (options) {
  const given = options === undefined ? {} : fields(options, 'options', { now: fn })
  const now = given.now || Date.now
  const data = new Map() // key → stamp + value
  const queues = new Map() // time to live (ms) → ExpiryQueue of the keys written with it
  let overflow = null // the queue shared past MAX_QUEUES times to live
  let writes = 0 // since the last sweep

  /** The live entry, or undefined (an expired one is dropped). */
  function live (key) {
    const entry = data.get(key)
    if (entry === undefined) return undefined
    if (expiry(entry) <= now()) { data.delete(key); return undefined }
    return entry
  }

  /** The queue of keys written with `ttlMs`. */
  function queueOf (ttlMs) {
    let q = queues.get(ttlMs)
    if (q === undefined) {
      if (queues.size < MAX_QUEUES) {
        q = new ExpiryQueue()
        queues.set(ttlMs, q)
      } else {
        if (overflow === null) overflow = new ExpiryQueue()
        q = overflow
      }
    }
    return q
  }

  /** Drops due entries, at most `max` keys looked at: memory follows the live entries. */
  function sweep (max) {
    const t = now()
    let left = max
    // `live` drops a due key's entry if it expired (a key written again lives on).
    for (const q of queues.values()) {
      left -= q.takeDue(t, left, live)
      if (left <= 0) return
    }
    if (overflow !== null) overflow.takeDue(t, left, live)
  }

  function put (key, value, ttlSeconds) {
    const ttlMs = Math.max(1, ttlSeconds) * 1000
    const at = now() + ttlMs
    data.set(key, stamp(at) + value)
    queueOf(ttlMs).push(key, at)
    if (++writes === SWEEP_EVERY) { writes = 0; sweep(SWEEP_EVERY * SWEEP_STEP) }
  }

  /** Adds one to the counter at `key` (created at 1, living `ttlSeconds`); answers the count. */
  function increment (key, ttlSeconds) {
    const e = live(key)
    if (e === undefined) { put(key, '1', ttlSeconds); return 1 }
    const n = (parseInt(e.slice(STAMP), 10) || 0) + 1
    data.set(key, e.slice(0, STAMP) + n) // the window keeps its end
    return n
  }

  /**
   * Takes the lock at `key` for `owner` (a new token when not given) unless
   * someone holds it: the owner token, or null.
   */
  function takeLock (key, ttlSeconds, owner) {
    if (live(key) !== undefined) return null
    const mine = owner === undefined ? randomText(12) : String(owner)
    put(key, mine, ttlSeconds)
    return mine
  }

  /** Releases the lock at `key` if `owner` holds it. */
  function release (key, owner) {
    const e = live(key)
    if (e !== undefined && e.slice(STAMP) === owner) data.delete(key)
  }

  /**
   * Adds `member` with `score` (its expiry, ms) to the set at `key`, drops
   * members whose score is past `nowMs`, keeps at most `cap` (0: no cap) by
   * evicting the lowest scores, and keeps the set `ttlSeconds`. Answers the
   * evicted members. (Held as one string, a `member score` line each: no
   * object per user for the collector to walk.)
   */
  function addCapped (key, member, score, cap, ttlSeconds, nowMs) {
    const e = live(key)
    const line = `${member} ${score}`
    if (e === undefined) { put(key, line, ttlSeconds); return [] } // the common case: a first session
    const kept = [] // [member, score]: the live ones but `member`
    for (const item of e.slice(STAMP).split('\n')) {
      const at = item.lastIndexOf(' ')
      const m = item.slice(0, at)
      const sc = Number(item.slice(at + 1))
      if (sc > nowMs && m !== member) kept.push([m, sc])
    }
    kept.push([member, score])
    let evicted = []
    if (cap > 0 && kept.length > cap) {
      kept.sort((a, b) => a[1] - b[1])
      evicted = kept.splice(0, kept.length - cap).map(([m]) => m)
    }
    put(key, kept.map(([m, sc]) => `${m} ${sc}`).join('\n'), ttlSeconds)
    return evicted
  }

  /** One operation of a batch (see `batch`). */
  function runOp (op) {
    switch (op[0]) {
      case 'set': put(op[1], op[2], op[3]); return undefined
      case 'addCapped': return addCapped(op[1], op[2], op[3], op[4], op[5], op[6])
      case 'unlock': release(op[1], op[2]); return undefined
      default: throw new TypeError(`not a batch operation: ${op[0]}`)
    }
  }

  const store = {
    kind: 'memory',
    /** Not shared with other processes: nothing to coordinate with them. */
    shared: false,
    async get (key) { const e = live(key); return e === undefined ? null : e.slice(STAMP) },
    async set (key, value, ttlSeconds) { put(key, value, ttlSeconds) },
    async setMany (entries) { for (const [k, v, ttl] of entries) put(k, v, ttl) },
    async delete (key) { data.delete(key) },
    async incr (key, ttlSeconds) { return increment(key, ttlSeconds) },
    /** The lock at `key`, for `owner` when given (the caller knows it before the call): the owner, or null while another holds it. */
    async lock (key, ttlSeconds, owner) { return takeLock(key, ttlSeconds, owner) },
    /** Sets `key` unless it holds a value: true when set. */
    async setIfAbsent (key, value, ttlSeconds) {
      if (live(key) !== undefined) return false
      put(key, value, ttlSeconds)
      return true
    },
    async unlock (key, owner) { release(key, owner) },
    /**
     * The value kept at `key`, or else the lock at `lockKey` taken, in one
     * step: `{ kept, owner: null }` when `key` holds a value (the lock is not
     * touched), `{ kept: null, owner }` when the lock was taken, and
     * `{ kept: null, owner: null }` when someone else holds it. With `count`
     * (`{ key, ttlSeconds, max, outer? }`), first adds one to that counter as
     * `incr` does and answers it as `count`; past `max` nothing is claimed.
     * Within it, `outer` (`{ key, max }`: an enclosing counter, the same
     * window) is counted likewise and answered as `outerCount`. With `budget`
     * (`{ key, ttlSeconds, max }`), adds one to it only when the lock is
     * there to take and answers it as `budgetCount`; past its `max` the lock
     * is not taken.
     * The lock is taken for `owner` when given.
     */
    async claim (key, lockKey, ttlSeconds, count, budget, owner) {
      const n = count === undefined ? undefined : increment(count.key, count.ttlSeconds)
      if (n !== undefined && n > count.max) return { kept: null, owner: null, count: n }
      const m = n === undefined || count.outer === undefined ? undefined : increment(count.outer.key, count.ttlSeconds)
      if (m !== undefined && m > count.outer.max) return { kept: null, owner: null, count: n, outerCount: m }
      const e = live(key)
      let b
      let out
      if (e !== undefined) out = { kept: e.slice(STAMP), owner: null }
      else if (budget !== undefined && live(lockKey) === undefined && (b = increment(budget.key, budget.ttlSeconds)) > budget.max) out = { kept: null, owner: null }
      else out = { kept: null, owner: takeLock(lockKey, ttlSeconds, owner) }
      if (n !== undefined) out.count = n
      if (m !== undefined) out.outerCount = m
      if (b !== undefined) out.budgetCount = b
      return out
    },
    /** The values of `keys` (null for a missing one), in their order. */
    async getMany (keys) { return keys.map((k) => { const e = live(k); return e === undefined ? null : e.slice(STAMP) }) },
    /**
     * Operations that belong together, in their order: `['set', key, value,
     * ttlSeconds]`, `['addCapped', key, member, score, cap, ttlSeconds,
     * nowMs]`, `['unlock', key, owner]`. Answers each one's answer (addCapped:
     * the evicted members; the others: undefined).
     */
    async batch (ops) { return ops.map(runOp) },
    async deleteMany (keys) { for (const k of keys) data.delete(k) },
    /** See `addCapped` above. */
    async addCapped (key, member, score, cap, ttlSeconds, nowMs) { return addCapped(key, member, score, cap, ttlSeconds, nowMs) },
    /** Removes `member` from the set at `key`. */
    async removeMember (key, member) {
      const e = live(key)
      if (e === undefined) return
      const rest = e.slice(STAMP).split('\n').filter((item) => item.slice(0, item.lastIndexOf(' ')) !== member)
      data.set(key, e.slice(0, STAMP) + rest.join('\n'))
    },
    /** Every member of the set at `key`, and the set deleted: one step. */
    async takeMembers (key) {
      const e = live(key)
      data.delete(key)
      if (e === undefined || e.length === STAMP) return []
      return e.slice(STAMP).split('\n').map((item) => item.slice(0, item.lastIndexOf(' ')))
    },
    async close () { data.clear(); queues.clear(); overflow = null },
    /** How many entries are held, expired ones dropped first (for tests and benchmarks). */
    size () {
      const t = now()
      for (const [key, entry] of data) if (expiry(entry) <= t) data.delete(key)
      const dropped = () => {} // the scan above dropped every expired entry
      for (const q of queues.values()) q.takeDue(t, Infinity, dropped)
      if (overflow !== null) overflow.takeDue(t, Infinity, dropped)
      return data.size
    }
  }
  made.add(store)
  return store
}

const made = new WeakSet() // the stores memoryStore made (they cannot fail)
/** Whether `store` is one memoryStore made, as it was made. */
const isMemoryStore = (store) => made.has(store)

module.exports = { memoryStore, isMemoryStore }
