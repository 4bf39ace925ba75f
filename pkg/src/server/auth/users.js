'use strict'
// The user record the server keeps per openid: `{ p, f, u, id? }` — the
// phone and profile flags, the user object the mini program renders, and
// the app's userId. Without `onLogin`, `u` is the server's own small record
// `{ nickName?, avatarUrl?, phoneNumber? }` (the phone always masked); with
// it, `u` starts as what onLogin answered and later changes merge into it.
//
// Every change to a record takes turns with the others (a profile, a phone
// number, an avatar upload, a sign-in whose onLogin changed the record), in
// this process and across processes: a lock in the store, in the user's
// slot. Each reads the record inside its turn and writes it before the
// next begins, so none writes back a copy another change has replaced (an
// old avatarUrl, a lost nickname or phone flag).

const { randomText } = require('../../seal')
const { backoff, sleep } = require('./single-flight')
/** How long a user's record is kept after its last write, and how long a change's turn lives: the core's. */
const { userTtlSeconds: USER_TTL, userLockSeconds: LOCK_SECONDS } = require('../../../dist/rules.json')

/**
 * @param {object} o
 * @param {object} o.store where records are kept
 * @param {{ user: (openid: string) => string, userLock: (openid: string) => string, ring?: (openid: string) => string }} o.keys
 * @param {typeof import('../../loader/server')} o.core
 * @param {(code: string, message: string, details?: object) => Error} o.fail
 * @param {object} [o.locks] where the turns' locks are taken: `store` unless given (a store with lock and unlock)
 */
function createUsers ({ store, keys, core, fail, locks = store }) {
  /** A stored record read leniently: damage means an empty record. */
  function read (raw) {
    let r = null
    try { r = raw ? JSON.parse(raw) : null } catch { r = null }
    if (r === null || typeof r !== 'object' || Array.isArray(r)) r = {}
    if (r.u === null || typeof r.u !== 'object' || Array.isArray(r.u)) r.u = {}
    return r
  }

  const get = async (openid) => read(await store.get(keys.user(openid)))
  const entry = (openid, record) => [keys.user(openid), JSON.stringify(record), USER_TTL]

  /**
   * The user's turn, taken: `{ key, owner }`, the lock's. Waits, backing
   * off, while another change holds it (at most the lock's life and a
   * second: a holder that died has let go by then); past that,
   * ERR_RATE_LIMITED. The owner is chosen before the call that takes the
   * lock, so a lock that call took and then failed (a timeout) is let go.
   */
  async function take (openid) {
    const turn = { key: keys.userLock(openid), owner: randomText(12) }
    const deadline = Date.now() + (LOCK_SECONDS + 1) * 1000
    try {
      for (let n = 0; (await locks.lock(turn.key, LOCK_SECONDS, turn.owner)) === null; n++) {
        if (Date.now() >= deadline) throw fail('ERR_RATE_LIMITED', 'another change to this user is still being written; try again', { retryAfter: 1 })
        await sleep(Math.min(backoff(n), Math.max(1, deadline - Date.now())))
      }
      return turn
    } catch (e) {
      await letGo(turn)
      throw e
    }
  }

  /** Ends a turn (unless a batch ended it: `owner` null). A store fault is no matter: the lock expires with its TTL. */
  async function letGo (turn) {
    if (turn.owner === null) return
    const { owner } = turn
    turn.owner = null
    await locks.unlock(turn.key, owner).catch(() => { /* it expires */ })
  }

  /** Runs `fn` in the user's turn and answers what it answers; the turn ends whatever `fn` did. */
  async function inTurn (openid, fn) {
    const turn = await take(openid)
    try {
      return await fn()
    } finally { await letGo(turn) }
  }

  /**
   * Changes the record of `openid` in the user's turn: `apply(record)`
   * changes the record read in the turn and answers whether it did; a
   * changed record is written, and the turn ended, in one store step where
   * the store can. Answers the record. With `seen` (the record as read
   * before, beside other work), a change that would change nothing in it
   * takes no turn: it answers `seen`.
   * @param {string} openid
   * @param {(record: object) => boolean} apply
   * @param {object} [seen]
   */
  async function change (openid, apply, seen) {
    if (seen !== undefined && !apply(seen)) return seen
    const turn = await take(openid)
    try {
      const record = await get(openid)
      if (apply(record)) {
        if (locks === store && typeof store.batch === 'function') {
          await store.batch([['set', ...entry(openid, record)], ['unlock', turn.key, turn.owner]])
          turn.owner = null
        } else {
          await store.set(...entry(openid, record))
        }
      }
      return record
    } finally { await letGo(turn) }
  }

  return {
    /** How long a record lives after its last write (what an avatar lives at most). */
    ttlSeconds: USER_TTL,
    read,
    /** The record of `openid`. */
    get,
    /**
     * The user's key ring and record as stored, `[ring, record]` (null when
     * missing): one read where the store can (one MGET on Redis; both keys
     * share the user's slot).
     */
    ringAndRecord (openid) {
      const both = [keys.ring(openid), keys.user(openid)]
      return typeof store.getMany === 'function' ? store.getMany(both) : Promise.all(both.map((k) => store.get(k)))
    },
    /** The store entry that writes `record` (in the user's turn). */
    entry,
    /** Writes `record` (in the user's turn). */
    async put (openid, record) { await store.set(...entry(openid, record)) },
    take,
    letGo,
    inTurn,
    change,
    /** The phone number as the mini program may see it: `138****8000`. */
    masked: (pure) => core.maskPhone(pure)
  }
}

module.exports = { createUsers }
