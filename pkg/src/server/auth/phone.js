'use strict'
// Phone numbers: by phone code (current API: access token + getuserphonenumber,
// bound to the session's user by sending its openid) or by the old
// encryptedData/iv opened with the user's key ring.
// - At most `phoneLimit.max` new phone codes per user per window (default 5 a minute).
// - A refused phone code is remembered; a fetched number is kept, sealed, for
//   the code's life, so a retry with the same code answers it without a paid call.
// - The phone flag and the masked number are recorded only after onPhone succeeded.

const { sha256, seal, open } = require('../../seal')
const { WeappLoginError, invalidArgument } = require('../../errors')
/** A code's life and the error of a used one: the core's (src/server/rules/). */
const { codeLifeSeconds: CODE_LIFE_SECONDS, usedCode: USED } = require('../../../dist/rules.json')

const RESCUE_MAX = 10000

function createPhone ({ core, store, keys, wechat, sessions, users, cfg, fail, observe, now, hook, ringOf, storedRing, isCode }) {
  const rescue = new Map() // phone code id → { openid, phone, exp }: fetched, not yet kept in the store
  const seconds = () => Math.floor(now() / 1000)
  const used = () => fail('ERR_CODE_USED', 'this phone code was already used', { errcode: USED.errcode })

  /** The number for a phone code: `{ phone }` kept, or `{ phone, keep }` fetched (`keep()` writes it for the code's life). */
  async function byCode (code, openid) {
    if (!isCode(code)) throw fail('ERR_CODE_INVALID', 'this cannot be a WeChat phone code')
    const codeId = sha256(`weapp-login:phone-code-id:${openid}:${code}`, 'base64url') // per user: another's refusal is not this one's
    const r = rescue.get(codeId)
    if (r !== undefined && r.exp > now()) {
      if (r.openid !== openid) throw used()
      await store.set(keys.phoneCode(codeId), seal(code, openid, r.phone), CODE_LIFE_SECONDS)
      rescue.delete(codeId)
      return { phone: r.phone }
    }
    const limit = cfg.phoneLimit
    const [kept, count] = await Promise.all([
      store.get(keys.phoneCode(codeId)),
      limit === false ? 0 : store.incr(keys.phoneLimit(openid), limit.windowSeconds)
    ])
    if (kept !== null) {
      const refusal = core.readRefusalRecord(kept) // refused before: the core reads its record
      if (refusal !== undefined) throw fail(refusal.code, 'WeChat refused this phone code', refusal.errcode === undefined ? {} : { errcode: refusal.errcode })
      const phone = open(code, openid, kept) // sealed for the code and its user
      if (phone === null) throw used()
      return { phone }
    }
    if (limit !== false && count > limit.max) {
      observe.limited('phone', { openid })
      throw Object.assign(fail('ERR_RATE_LIMITED', 'too many phone number requests for this user; slow down'), { retryAfter: limit.windowSeconds })
    }
    let phone
    try {
      phone = await wechat.phoneNumber(code, openid)
    } catch (e) {
      // A refusal the core keeps for the code's life: its record.
      const record = cfg.rememberRefusedCodes && e instanceof WeappLoginError ? core.refusalRecord(e.code, e.errcode) : undefined
      if (record !== undefined) await store.set(keys.phoneCode(codeId), record, CODE_LIFE_SECONDS).catch((f) => observe.storeFault('set', f))
      throw e
    }
    const { masked } = phone // the core's mask, from the same call
    phone = { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode }
    // Kept for the code's life; until the store has it, this process keeps it.
    const keep = () => store.set(keys.phoneCode(codeId), seal(code, openid, phone), CODE_LIFE_SECONDS).catch((e) => {
      if (rescue.size >= RESCUE_MAX) rescue.delete(rescue.keys().next().value)
      rescue.set(codeId, { openid, phone, exp: now() + CODE_LIFE_SECONDS * 1000 })
      throw e
    })
    return { phone, keep, masked }
  }

  /** The user's phone number: `{ code }` (current) or `{ encryptedData, iv }` (old); the code first when both came. */
  async function phoneNumber (token, data) {
    const sess = await sessions.get(token)
    const { openid } = sess
    const [code, encryptedData, iv] = read(data)
    let phone
    let masked // from the reply's own crossing; a number kept from an earlier reply is masked below
    let keep = null
    // Read in parallel with the rest: the user's record, and for the old path
    // its key ring too (one read where the store can).
    const stored = code === undefined ? users.ringAndRecord(openid) : store.get(keys.user(openid)).then((record) => [null, record])
    stored.catch(() => {}) // awaited below, or dropped with the request's error
    if (code !== undefined) {
      if (typeof code !== 'string' || code === '') throw invalidArgument('code', { mustBe: 'a non-empty string' })
      try {
        const got = await byCode(code, openid)
        phone = got.phone
        masked = got.masked
        if (got.keep) keep = got.keep
      } catch (e) {
        if (encryptedData === undefined || (e && (e.code === 'ERR_RATE_LIMITED' || e.code === 'ERR_STORE_UNAVAILABLE'))) throw e
      }
    }
    if (phone === undefined) {
      const { ring, graceSeconds } = code === undefined ? ringOf((await stored)[0]) : await storedRing(openid) // after a refused code: not read yet
      // The core's decrypt with the user's key ring, and its mask, in one call.
      const p = core.openPhoneNumber(ring, graceSeconds, cfg.appId, core.textArgument(iv), core.textArgument(encryptedData), seconds(), cfg.maxAgeSeconds)
      phone = { phoneNumber: p.phoneNumber, purePhoneNumber: p.purePhoneNumber, countryCode: p.countryCode }
      masked = p.masked
    } else if (masked === undefined) {
      masked = users.masked(phone.purePhoneNumber)
    }
    const record = users.read((await stored)[1])
    const changed = record.p !== true || record.u.phoneNumber !== masked
    if (changed) { record.p = true; record.u.phoneNumber = masked }
    if (cfg.onPhone) {
      // The number is kept before the hook runs: a hook failure loses nothing.
      if (keep !== null) await keep()
      await hook('onPhone', openid, () => cfg.onPhone(openid, { ...phone }, sess.userId === undefined ? {} : { userId: sess.userId }))
      if (changed) await users.put(openid, record)
    } else if (keep !== null || changed) {
      await Promise.all([keep !== null ? keep() : undefined, changed ? users.put(openid, record) : undefined])
    }
    // Not `{ ...phone, user }`: spread then a property is a slow path on Node 16–20 (about 1 µs).
    return { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode, user: record.u }
  }

  function read (data) {
    if (data === null || typeof data !== 'object') throw invalidArgument('data', { mustBe: 'an object' })
    try { return [data.code, data.encryptedData, data.iv] } catch { throw invalidArgument('data', { why: 'could not be read' }) }
  }

  return { phoneNumber }
}

module.exports = { createPhone }
