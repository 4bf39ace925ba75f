'use strict'
// What a code's single flight needs of the store beyond its lock: waiting
// for another process's kept result with a bounded, jittered backoff (never
// a busy poll), and keeping a refusal only where nothing is kept yet.

// Internal tuning, not a default anyone sets: a waiter looks first after
// about 25 ms, then after twice as long each time, up to 500 ms between
// looks; each wait is jittered over its upper half, so waiters spread out.
// Over the longest wait (a held code lock's life) that is a few dozen reads.
const FIRST_WAIT_MS = 25
const MAX_WAIT_MS = 500

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The `n`th wait (from 0): FIRST_WAIT_MS doubling up to MAX_WAIT_MS, over its upper half at random. */
function backoff (n) {
  const top = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(n, 16))
  return top / 2 + Math.random() * top / 2
}

/** `[kept, lock]` at once: one read where the store can. */
function readBoth (store, key, lockKey) {
  return typeof store.getMany === 'function' ? store.getMany([key, lockKey]) : Promise.all([store.get(key), store.get(lockKey)])
}

/**
 * Waits, backing off, for the value kept at `key` by the holder of the lock
 * at `lockKey`: the value, or null when the holder let go without keeping
 * one (its error was its caller's) or `deadline` (ms, Date.now()) passed.
 */
async function waitForKept (store, key, lockKey, deadline) {
  for (let n = 0; Date.now() < deadline; n++) {
    await sleep(Math.min(backoff(n), Math.max(1, deadline - Date.now())))
    const [kept, locked] = await readBoth(store, key, lockKey)
    if (kept !== null) return kept
    if (locked === null) {
      // The holder keeps its result before (or as) it lets go of the lock:
      // it may have done both since the look above. Look once more.
      return store.get(key)
    }
  }
  return null
}

/**
 * Sets `key` to `value` unless something is kept there (a refusal never
 * overwrites a kept result): true when set. The store's own step where it
 * has one; else a look then a write (not atomic: a custom store's best).
 */
async function setIfAbsent (store, key, value, ttlSeconds) {
  if (typeof store.setIfAbsent === 'function') return store.setIfAbsent(key, value, ttlSeconds)
  if ((await store.get(key)) !== null) return false
  await store.set(key, value, ttlSeconds)
  return true
}

/** What a process remembers per code in memory (a result kept for a rescue, a lock it could not let go of) holds at most this many codes. */
const REMEMBERED_MAX = 10000

/** Sets `key` in `map`, the oldest entry dropped first when it is full. */
function remember (map, key, value) {
  if (map.size >= REMEMBERED_MAX) map.delete(map.keys().next().value)
  map.set(key, value)
}

/** How long a code's lock lives, in seconds: past its longest exchange (every try, each within `timeoutMs`). */
const codeLockTtl = (cfg) => Math.ceil(cfg.timeoutMs / 1000) * (cfg.retries + 2)

module.exports = { waitForKept, setIfAbsent, backoff, sleep, remember, codeLockTtl }
