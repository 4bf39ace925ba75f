'use strict'
// Phone numbers: by phone code (WeChat's current API: access token +
// getuserphonenumber, bound to the session's user by sending its openid;
// Douyin's get_phonenumber_info, RSA-opened), by the old encryptedData/iv
// opened with the user's key ring, or by a signed answer the core verifies
// and opens with no upstream call (Alipay's `{ response, sign }`).
// - At most `phoneLimit.max` new phone codes per user per window (default 5 a minute).
// - One paid call per phone code: callers in this process share one flight;
//   across processes a lock per code in the store picks one caller, and the
//   others wait (backing off) for what it keeps.
// - A refused phone code is remembered, but never over a kept number; a
//   fetched number is kept, sealed, for the code's life, so a retry with the
//   same code answers it without a paid call.
// - The phone flag and the masked number are recorded only after onPhone
//   succeeded, in the user's turn (users.js: the record read again and written).

const { sha256, seal, open, randomText } = require('../../seal')
const { WeappLoginError, invalidArgument } = require('../../errors')
const { waitForKept, setIfAbsent, remember, codeLockTtl } = require('./single-flight')
/** A code's life and the error of a used one: the core's (src/server/rules/). */
const { codeLifeSeconds: CODE_LIFE_SECONDS, usedCode: USED } = require('../../../dist/rules.json')

function createPhone ({ core, platform, rules, appKey, store, keys, wechat, sessions, users, cfg, fail, observe, now, hook, ringOf, storedRing, isCode }) {
  const rescue = new Map() // phone code id → { openid, phone, exp }: fetched, not yet kept in the store
  const inflight = new Map() // phone code id → this process's one fetch of it
  const orphaned = new Map() // phone code id → the owner of a lock we could not release
  const seconds = () => Math.floor(now() / 1000)
  const sealed = store.shared !== false // shared with other processes: a lock in the store
  const used = () => fail('ERR_CODE_USED', 'this phone code was already used', { errcode: USED.errcode })

  /** The kept state of a phone code: a refusal thrown (the core reads its record), the number, or ERR_CODE_USED. */
  function fromKept (code, openid, kept) {
    const refusal = core.readRefusalRecord(kept) // refused before: the core reads its record
    if (refusal !== undefined) throw fail(refusal.code, 'the platform refused this phone code', refusal.errcode === undefined ? {} : { errcode: refusal.errcode })
    const phone = open(code, openid, kept) // sealed for the code and its user
    if (phone === null) throw used()
    return { phone }
  }

  /**
   * The number for a phone code: `{ phone }` kept (or fetched by a flight
   * this one waited for), or `{ phone, masked, kept }` fetched here (`kept`:
   * the write that keeps it for the code's life, already under way). One
   * fetch per code across processes: in this process the callers share one
   * flight; across processes the code's lock in the store picks one, and the
   * others wait for what it keeps.
   */
  async function byCode (code, openid) {
    if (!isCode(code)) throw fail('ERR_CODE_INVALID', 'this cannot be a phone code')
    const codeId = sha256(`weapp-login:phone-code-id:${openid}:${code}`, 'base64url') // per user: another's refusal is not this one's
    const running = inflight.get(codeId)
    if (running !== undefined) {
      const got = await running
      return { phone: got.phone, masked: got.masked } // fetched once: the flight keeps it
    }
    const flight = fly(code, codeId, openid)
    inflight.set(codeId, flight)
    const done = () => { inflight.delete(codeId) }
    // The flight ends once what it fetched is kept (or not), so a later call reads the store.
    flight.then((got) => got.kept === undefined ? done() : got.kept.then(done, done), done)
    return flight
  }

  /** One flight of a phone code (see byCode). */
  async function fly (code, codeId, openid) {
    const r = rescue.get(codeId)
    if (r !== undefined && r.exp > now()) {
      if (r.openid !== openid) throw used()
      await store.set(keys.phoneCode(codeId), seal(code, openid, r.phone), CODE_LIFE_SECONDS)
      rescue.delete(codeId)
      return { phone: r.phone }
    }
    const key = keys.phoneCode(codeId)
    const lockKey = keys.phoneCodeLock(codeId)
    const lockTtl = codeLockTtl(cfg)
    const lock = { owner: null }
    const release = () => {
      if (lock.owner === null) return
      const mine = lock.owner
      lock.owner = null
      store.unlock(lockKey, mine).catch(() => {
        remember(orphaned, codeId, mine)
      })
    }
    if (sealed && orphaned.has(codeId)) {
      await store.unlock(lockKey, orphaned.get(codeId)) // ours, left behind: let go first
      orphaned.delete(codeId)
    }
    const limit = cfg.phoneLimit
    const mine = randomText(12) // known before the call that takes the lock: released if that call fails
    // The kept number, the lock (the kept result and the lock are apart on a
    // Cluster: a look and a lock, then a second look once locked) and the
    // user's count, at once.
    const [looked, locked, counted] = await Promise.allSettled([
      store.get(key),
      sealed ? store.lock(lockKey, lockTtl, mine) : null,
      limit === false ? 0 : store.incr(keys.phoneLimit(openid), limit.windowSeconds)
    ])
    if (sealed) {
      if (locked.status === 'rejected') { lock.owner = mine; release(); throw locked.reason }
      lock.owner = locked.value
    }
    let kept
    try {
      if (looked.status === 'rejected') throw looked.reason
      if (counted.status === 'rejected') throw counted.reason
      kept = looked.value
      // Locked beside the look: the holder before may have kept and let go in between.
      if (kept === null && lock.owner !== null) kept = await store.get(key)
    } catch (e) { release(); throw e }
    if (kept !== null) { release(); return fromKept(code, openid, kept) }
    if (limit !== false && counted.value > limit.max) {
      release()
      observe.limited('phone', { openid })
      throw fail('ERR_RATE_LIMITED', 'too many phone number requests for this user; slow down', { retryAfter: limit.windowSeconds })
    }
    if (sealed && lock.owner === null) {
      // Another process is fetching it: wait (backing off) for what it keeps.
      const theirs = await waitForKept(store, key, lockKey, Date.now() + cfg.timeoutMs * (cfg.retries + 2))
      if (theirs !== null) return fromKept(code, openid, theirs)
      throw fail('ERR_UPSTREAM_BUSY', 'this phone code is being exchanged elsewhere; try again')
    }
    let phone
    try {
      phone = await wechat.phoneNumber(code, openid)
    } catch (e) {
      // A refusal the core keeps for the code's life, where nothing is kept
      // yet: it never overwrites a kept number, and that number is the answer.
      const record = cfg.rememberRefusedCodes && e instanceof WeappLoginError ? core.refusalRecord(e.code, e.errcode) : undefined
      let theirs = null
      if (record !== undefined) {
        theirs = await setIfAbsent(store, key, record, CODE_LIFE_SECONDS).then((set) => set ? null : store.get(key)).catch((f) => { observe.storeFault('set', f); return null })
      }
      release()
      if (theirs !== null) return fromKept(code, openid, theirs)
      throw e
    }
    const { masked } = phone // the core's mask, from the same call
    phone = { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode }
    // Kept for the code's life, the lock let go with it; until the store has it, this process keeps it.
    const sealedPhone = seal(code, openid, phone)
    const write = lock.owner !== null && typeof store.batch === 'function'
      ? store.batch([['set', key, sealedPhone, CODE_LIFE_SECONDS], ['unlock', lockKey, lock.owner]]).then(() => { lock.owner = null })
      : store.set(key, sealedPhone, CODE_LIFE_SECONDS)
    const keptNow = write.then(release, (e) => {
      remember(rescue, codeId, { openid, phone, exp: now() + CODE_LIFE_SECONDS * 1000 })
      release()
      throw e
    })
    keptNow.catch(() => {}) // awaited by the caller, or dropped with its request's error
    return { phone, masked, kept: keptNow }
  }

  /** The user's phone number: `{ code }` (current) or `{ encryptedData, iv }` (old); the code first when both came. */
  async function phoneNumber (token, data) {
    const sess = await sessions.get(token)
    const { openid } = sess
    const [code, encryptedData, iv] = read(data)
    if (wechat.openPhone !== undefined) return answered(sess, code, data)
    let phone
    let masked // from the reply's own crossing; a number kept from an earlier reply is masked below
    let keep = null // the fetched number's write, under way
    // Read in parallel with the rest: the user's record, and for the old path
    // its key ring too (one read where the store can).
    const byPayload = code === undefined || wechat.phoneNumber === undefined
    const stored = byPayload ? users.ringAndRecord(openid) : users.get(openid).then((record) => [null, record])
    stored.catch(() => {}) // awaited below, or dropped with the request's error
    if (code !== undefined && wechat.phoneNumber === undefined) {
      // No phone code on this platform (see upstream/client.js): its encrypted payload only.
      if (encryptedData === undefined) throw invalidArgument('code', { why: rules.phoneCode ? `${platform} phone codes need createAuth's phonePrivateKey` : `${platform} has no phone code: send encryptedData and iv` })
    } else if (code !== undefined) {
      if (typeof code !== 'string' || code === '') throw invalidArgument('code', { mustBe: 'a non-empty string' })
      try {
        const got = await byCode(code, openid)
        phone = got.phone
        masked = got.masked
        if (got.kept !== undefined) keep = got.kept
      } catch (e) {
        if (encryptedData === undefined || (e && (e.code === 'ERR_RATE_LIMITED' || e.code === 'ERR_STORE_UNAVAILABLE'))) throw e
      }
    }
    if (phone === undefined) {
      const { ring, graceSeconds } = byPayload ? ringOf((await stored)[0]) : await storedRing(openid) // after a refused code: not read yet
      // The core's decrypt with the user's key ring, and its mask, in one call.
      const p = core.openPhoneNumber(platform, appKey, ring, graceSeconds, cfg.appId, iv, encryptedData, seconds(), cfg.maxAgeSeconds)
      phone = { phoneNumber: p.phoneNumber, purePhoneNumber: p.purePhoneNumber, countryCode: p.countryCode }
      masked = p.masked
    } else if (masked === undefined) {
      masked = users.masked(phone.purePhoneNumber)
    }
    // The phone flag and the masked number, in the user's turn (unless the record as read has them).
    const apply = (r) => {
      if (r.p === true && r.u.phoneNumber === masked) return false
      r.p = true
      r.u.phoneNumber = masked
      return true
    }
    const seen = users.read((await stored)[1])
    let record
    if (cfg.onPhone) {
      // The number is kept before the hook runs: a hook failure loses nothing.
      if (keep !== null) await keep
      await hook('onPhone', openid, () => cfg.onPhone(openid, { ...phone }, sess.userId === undefined ? {} : { userId: sess.userId }))
      record = await users.change(openid, apply, seen)
    } else {
      [, record] = await Promise.all([keep, users.change(openid, apply, seen)])
    }
    // Not `{ ...phone, user }`: spread then a property is a slow path on Node 16–20 (about 1 µs).
    return { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode, user: record.u }
  }

  /**
   * A signed phone answer (Alipay's), verified and opened by the core before
   * anything is recorded: nothing upstream is spent, so no code flight or
   * per-user count. The record as for every way: onPhone first, then the
   * phone flag and the masked number.
   */
  async function answered (sess, code, data) {
    const { openid } = sess
    let responded
    try { responded = data.response !== undefined || data.encryptedData !== undefined } catch { responded = false }
    if (code !== undefined && !responded) throw invalidArgument('code', { why: `${platform} has no phone code: send the phone button's { response, sign }` })
    const p = wechat.openPhone(data)
    const phone = { phoneNumber: p.phoneNumber, purePhoneNumber: p.purePhoneNumber, countryCode: p.countryCode }
    if (cfg.onPhone) await hook('onPhone', openid, () => cfg.onPhone(openid, { ...phone }, sess.userId === undefined ? {} : { userId: sess.userId }))
    // The phone flag and the masked number, in the user's turn.
    const record = await users.change(openid, (r) => {
      if (r.p === true && r.u.phoneNumber === p.masked) return false
      r.p = true
      r.u.phoneNumber = p.masked
      return true
    })
    return { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode, user: record.u }
  }

  function read (data) {
    if (data === null || typeof data !== 'object') throw invalidArgument('data', { mustBe: 'an object' })
    try { return [data.code, data.encryptedData, data.iv] } catch { throw invalidArgument('data', { why: 'could not be read' }) }
  }

  return { phoneNumber }
}

module.exports = { createPhone }
