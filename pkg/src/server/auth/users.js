'use strict'
// The user record the server keeps per openid: `{ p, f, u, id? }` — the
// phone and profile flags, the user object the mini program renders, and
// the app's userId. Without `onLogin`, `u` is the server's own small record
// `{ nickName?, avatarUrl?, phoneNumber? }` (the phone always masked); with
// it, `u` starts as what onLogin answered and later changes merge into it.

/** How long a user's record is kept after its last write: the core's. */
const { userTtlSeconds: USER_TTL } = require('../../../dist/rules.json')

/** @param {{ store: object, keys: object, core: typeof import('../../loader/server') }} o */
function createUsers ({ store, keys, core }) {
  /** A stored record read leniently: damage means an empty record. */
  function read (raw) {
    let r = null
    try { r = raw ? JSON.parse(raw) : null } catch { r = null }
    if (r === null || typeof r !== 'object' || Array.isArray(r)) r = {}
    if (r.u === null || typeof r.u !== 'object' || Array.isArray(r.u)) r.u = {}
    return r
  }

  return {
    /** How long a record lives after its last write (what an avatar lives at most). */
    ttlSeconds: USER_TTL,
    read,
    /** The record of `openid`. */
    async get (openid) { return read(await store.get(keys.user(openid))) },
    /**
     * The user's key ring and record as stored, `[ring, record]` (null when
     * missing): one read where the store can (one MGET on Redis; both keys
     * share the user's slot).
     */
    ringAndRecord (openid) {
      const both = [keys.ring(openid), keys.user(openid)]
      return typeof store.getMany === 'function' ? store.getMany(both) : Promise.all(both.map((k) => store.get(k)))
    },
    /** The store entry that writes `record`. */
    entry: (openid, record) => [keys.user(openid), JSON.stringify(record), USER_TTL],
    /** Writes `record`. */
    async put (openid, record) { await store.set(keys.user(openid), JSON.stringify(record), USER_TTL) },
    /** The phone number as the mini program may see it: `138****8000`. */
    masked: (pure) => core.maskPhone(pure)
  }
}

module.exports = { createUsers }
