'use strict'
// Sessions: random tokens stored only as hashes, a record
// `{ openid, unionid?, userId?, exp }` per token (its form is the core's), and each user's live
// sessions tracked so an operator can revoke them all (`logoutAll`) and a
// user holds at most `maxSessionsPerUser` (the oldest goes).

const { sha256, randomText } = require('../../seal')
/** The longest token looked up (JS `length`): the core's; longer is an unknown session, never a store read. */
const { maxSessionTokenLength: MAX_TOKEN } = require('../../../dist/rules.json')

/**
 * @param {{ store: object, keys: object, fail: Function, now: () => number, cfg: object, observe: object }} o
 */
function createSessions ({ core, store, keys, fail, now, cfg, observe }) {
  const hashOf = (token) => sha256(`weapp-login:token:${token}`, 'base64url')
  const notFound = () => fail('ERR_SESSION_NOT_FOUND', 'no session for this token')
  const ttl = cfg.sessionTtlSeconds + 24 * 3600

  /** When a session made now ends (ms since the epoch). */
  const expiresAt = () => now() + cfg.sessionTtlSeconds * 1000

  /**
   * A new session's token and its store entry, for `record`: the core's
   * storage form of `{ openid, unionid?, userId?, exp }` (session_record.rs,
   * made by the core's `signIn` or `sessionRecord`), ending at `ends`
   * (`expiresAt()`).
   */
  function create (record, ends) {
    const token = randomText(32)
    const hash = hashOf(token)
    return { token, hash, expiresAt: ends, entry: [keys.token(hash), record, ttl] }
  }

  /**
   * The store batch operation that tracks a written session under its user
   * (answers the sessions evicted past the cap: give them to dropEvicted).
   */
  function trackOp (openid, hash, expiresAt) {
    const cap = cfg.maxSessionsPerUser === false ? 0 : cfg.maxSessionsPerUser
    return ['addCapped', keys.sessions(openid), hash, expiresAt, cap, ttl, now()]
  }

  /** Ends the sessions evicted past the cap (a fault is logged: they expire by themselves). */
  async function dropEvicted (evicted) {
    if (Array.isArray(evicted) && evicted.length > 0) {
      await store.deleteMany(evicted.map((h) => keys.token(h))).catch((e) => observe.storeFault('deleteMany', e))
    }
  }

  /** Tracks a written session under its user; evicts the oldest past the cap. */
  async function track (openid, hash, expiresAt) {
    const op = trackOp(openid, hash, expiresAt)
    await dropEvicted(await store.addCapped(op[1], op[2], op[3], op[4], op[5], op[6]))
  }

  /** `{ openid, unionid?, userId?, expiresAt }` for a token, or ERR_SESSION_NOT_FOUND / ERR_SESSION_EXPIRED. */
  async function get (token) {
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN) throw notFound()
    const raw = await store.get(keys.token(hashOf(token)))
    // `{ openid, unionid?, userId?, expiresAt }`, or the core's ERR_SESSION_NOT_FOUND / ERR_SESSION_EXPIRED.
    return core.readSessionRecord(raw === null ? '' : String(raw), now())
  }

  /** Ends one session (a missing one is already ended). */
  async function logout (token) {
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN) return
    const hash = hashOf(token)
    const raw = await store.get(keys.token(hash))
    let s = null
    try { s = core.readSessionRecord(raw === null ? '' : String(raw), 0) } catch { s = null }
    await store.delete(keys.token(hash))
    if (s !== null) await store.removeMember(keys.sessions(s.openid), hash)
  }

  /** Ends every session of `openid`, in every process sharing the store. Answers how many. */
  async function logoutAll (openid) {
    const hashes = await store.takeMembers(keys.sessions(openid))
    if (hashes.length > 0) await store.deleteMany(hashes.map((h) => keys.token(h)))
    return hashes.length
  }

  return { expiresAt, create, trackOp, dropEvicted, track, get, logout, logoutAll }
}

module.exports = { createSessions }
