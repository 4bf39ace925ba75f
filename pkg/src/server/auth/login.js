'use strict'
// Sign-in: a login code (wx.login's, or another platform's: tt.login,
// qq.login, ks.login, swan.getLoginCode, Alipay's my.getAuthCode) traded
// for a session, once per code, through the app's upstream client
// (upstream/client.js).
// - A code that cannot be a login code never reaches the platform; a code
//   the platform refused (invalid, used, blocked) is remembered for its life.
// - Concurrent calls with one code share one exchange; the result is kept
//   for the code's life, sealed for the code + the client's `nonce`, and
//   goes only to a caller with that nonce (others: ERR_CODE_USED). Without a
//   nonce, only concurrent callers share it, and the code is then used.
// - After the exchange nothing is lost: if onLogin or the store fails, this
//   process keeps the exchange (and the built result) for the code's life,
//   so the client's retry with the same code and nonce completes it.
// - A code lock's owner is chosen before the call that takes it, so a lock
//   taken by a call that failed or timed out is let go (now, or by this
//   process's next try with the code); a waiter backs off between looks.
// - On a store that has them, a sign-in is three store steps: claim (the
//   HTTP layer's per-address count, then the code's kept result or its
//   lock), getMany (the user's key ring and record), batch (the writes, the
//   kept result last, the code's unlock with it). Other stores: the old calls.
//   A sign-in whose onLogin changed the user's record also takes the user's
//   turn (users.js) and reads the record again in it; the turn ends with the batch.

const { sha256, seal, open, randomText } = require('../../seal')
const { WeappLoginError, invalidArgument } = require('../../errors')
const { shapeCheck } = require('./code-shape')
const { waitForKept, setIfAbsent, remember, codeLockTtl } = require('./single-flight')
// The core's rules (src/server/rules/): a code's life, the record of a code
// used without a nonce, and what a login nonce can look like.
const { codeLifeSeconds: CODE_LIFE_SECONDS, usedCode: USED, loginNonce } = require('../../../dist/rules.json')

const isNonce = shapeCheck(loginNonce)

// The per-address limit of the login options the HTTP layer made, an option
// only it can give (`{ key, windowSeconds, max, refused: () => Error,
// network? }`, counted in the same store step as the code's claim): kept
// beside the options, so they read as a caller's do and nobody else can set it.
const admissions = new WeakMap()

/**
 * The options the HTTP layer signs in with: the client's `nonce`, its
 * `address`, Douyin's `anonymousCode` where given, and the per-address limit.
 * @param {string | undefined} nonce
 * @param {string | undefined} address
 * @param {unknown} anonymousCode
 * @param {object | undefined} admission
 */
function handlerLoginOptions (nonce, address, anonymousCode, admission) {
  const options = { nonce, address }
  if (anonymousCode !== undefined) options.anonymousCode = anonymousCode
  if (admission !== undefined) admissions.set(options, admission)
  return options
}

/**
 * @param {object} o
 */
function createLogin ({ core, platform, rules, store, keys, wechat, sessions, users, cfg, fail, observe, now, hook, isCode, upstreamBudget }) {
  const inflight = new Map() // code id → { nonce, promise }
  const anonymousCodes = new Map() // code id → Douyin's anonymous code sent with it, while its exchange runs
  const rescue = new Map() // code id → { nonce, s, exp, and once built: result, writes, hash }
  const orphaned = new Map() // code id → the owner of a code lock we could not release
  const seconds = () => Math.floor(now() / 1000)
  const sealed = store.shared !== false
  const used = () => fail('ERR_CODE_USED', 'this code was already used', { errcode: USED.errcode })

  /** What the store keeps for a code signed in with `nonce`. */
  function keep (code, nonce, result) {
    if (nonce === undefined) return USED.record // nobody may have it later
    return sealed ? seal(code, nonce, result) : JSON.stringify({ n: nonce, r: result }) // this process's memory: as it is
  }
  /** The kept result for `nonce`, or null. */
  function reopen (code, nonce, kept) {
    if (nonce === undefined) return null
    if (sealed) return open(code, nonce, kept)
    try {
      const k = JSON.parse(kept)
      return k.n === nonce ? k.r : null
    } catch { return null }
  }

  /** The kept state of a code: a refusal thrown (the core reads its record), a result for this nonce, or ERR_CODE_USED. */
  function fromKept (code, nonce, kept) {
    const refusal = core.readRefusalRecord(kept)
    if (refusal !== undefined) throw fail(refusal.code, 'the platform refused this code', refusal.errcode === undefined ? {} : { errcode: refusal.errcode })
    const result = reopen(code, nonce, kept)
    if (result === null) throw used()
    return result
  }

  /** Counts a sign-in against its admission (the per-address limit), on its own: ERR_RATE_LIMITED past it. */
  async function admit (admission) {
    if (admission === undefined) return
    if (await store.incr(admission.key, admission.windowSeconds) > admission.max) throw admission.refused()
    if (admission.network !== undefined) await admitNetwork(admission)
  }
  /** The admission's network (an IPv6 /48), counted once its address was let in. */
  async function admitNetwork (admission) {
    const network = admission.network
    if (network !== undefined && await store.incr(network.key, admission.windowSeconds) > network.max) throw admission.refused()
  }

  /**
   * The code's exchange: kept result, another process's, or a sign-in of our
   * own; first counted against `admission` (the HTTP layer's per-address
   * limit), in the same step as the code's claim where the store can.
   */
  async function exchange (code, codeId, nonce, admission) {
    let r = rescue.get(codeId)
    if (r !== undefined && r.exp <= now()) { rescue.delete(codeId); r = undefined }
    const claims = sealed && typeof store.claim === 'function' && r === undefined
    if (!claims) await admit(admission)
    if (r !== undefined) {
      if (r.nonce !== nonce) throw used()
      return complete(code, codeId, r, null)
    }
    const lockKey = keys.codeLock(codeId)
    const lockTtl = codeLockTtl(cfg)
    const lock = { key: lockKey, owner: null } // the code lock while this exchange holds it
    const release = () => {
      if (!sealed || lock.owner === null) return
      const mine = lock.owner
      lock.owner = null
      orphaned.delete(codeId)
      store.unlock(lockKey, mine).catch(() => {
        remember(orphaned, codeId, mine)
      })
    }
    if (sealed && orphaned.has(codeId)) {
      // A lock this process took (or may have taken: its call failed) and
      // could not let go of: let go of it now, before claiming again.
      await store.unlock(lockKey, orphaned.get(codeId))
      orphaned.delete(codeId)
    }
    // The lock's owner, known before the call that takes it: if that call
    // fails or times out, it may still take the lock, and this lets it go.
    const mine = sealed ? randomText(12) : null // a process-local store takes no lock
    const failed = (e) => { lock.owner = mine; release(); throw e }
    let kept
    let spent = upstreamBudget === null // the call upstream counted against the app's budget (or there is none)
    if (!sealed) {
      kept = await store.get(keys.code(codeId)) // a process-local store needs no lock
      lock.owner = 'local'
    } else if (claims) {
      // The kept result, or else the lock: one step, so nobody can finish in between.
      // The address's counter, its network's (`outer`) and the app's upstream budget (counted only with the lock taken).
      const count = admission === undefined ? undefined : { key: admission.key, ttlSeconds: admission.windowSeconds, max: admission.max }
      if (count !== undefined && admission.network !== undefined) count.outer = admission.network
      let claimed
      try { claimed = await store.claim(keys.code(codeId), lockKey, lockTtl, count, spent ? undefined : upstreamBudget.count, mine) } catch (e) { failed(e) }
      if (count !== undefined && (claimed.count > count.max || (claimed.outerCount !== undefined && claimed.outerCount > count.outer.max))) throw admission.refused() // nothing was claimed
      if (claimed.budgetCount !== undefined) { upstreamBudget.check(claimed.budgetCount); spent = true } // past it, nothing was claimed
      lock.owner = claimed.owner // a store may answer its own owner
      kept = claimed.kept
      // A store whose claim counts the address only: the network after it.
      if (count !== undefined && count.outer !== undefined && claimed.outerCount === undefined) {
        try { await admitNetwork(admission) } catch (e) { release(); throw e }
      }
    } else {
      // A store without claim: the kept result and the lock in one round trip.
      const [looked, locked] = await Promise.allSettled([store.get(keys.code(codeId)), store.lock(lockKey, lockTtl, mine)])
      if (locked.status === 'rejected') failed(locked.reason)
      lock.owner = locked.value
      if (looked.status === 'rejected') { release(); throw looked.reason }
      kept = looked.value
      if (kept === null && lock.owner !== null) {
        // The look above ran beside the lock: another process may have finished
        // (and unlocked) in between. Look again, now that no one else can.
        try { kept = await store.get(keys.code(codeId)) } catch (e) { release(); throw e }
      }
    }
    if (kept !== null) { release(); return fromKept(code, nonce, kept) }
    if (lock.owner === null) return waitForOther(code, codeId, nonce, lockKey)
    try {
      if (!spent) upstreamBudget.check(await store.incr(upstreamBudget.count.key, upstreamBudget.count.ttlSeconds))
      return await signIn(code, codeId, nonce, lock)
    } finally { release() }
  }

  /** Another process is exchanging this code: wait (backing off) for its kept result. */
  async function waitForOther (code, codeId, nonce, lockKey) {
    const kept = await waitForKept(store, keys.code(codeId), lockKey, Date.now() + cfg.timeoutMs * (cfg.retries + 2))
    if (kept !== null) return fromKept(code, nonce, kept)
    throw fail('ERR_UPSTREAM_BUSY', 'this code is being exchanged elsewhere; try again')
  }

  /** The upstream exchange, then the rest of the sign-in. */
  async function signIn (code, codeId, nonce, lock) {
    let s
    try {
      const anonymousCode = anonymousCodes.get(codeId)
      s = await (anonymousCode === undefined ? wechat.code2session(code) : wechat.code2session(code, { anonymousCode }))
    } catch (e) {
      // A refusal the core keeps for the code's life (invalid, used, blocked): its record.
      // Kept only where nothing is: it never overwrites a result kept meanwhile
      // (this lock outlived), and that result is the answer.
      const record = cfg.rememberRefusedCodes && e instanceof WeappLoginError ? core.refusalRecord(e.code, e.errcode) : undefined
      if (record !== undefined) {
        const key = keys.code(codeId)
        const kept = await setIfAbsent(store, key, record, CODE_LIFE_SECONDS).then((set) => set ? null : store.get(key)).catch((f) => { observe.storeFault('set', f); return null })
        if (kept !== null) return fromKept(code, nonce, kept)
      }
      throw e
    }
    const r = { nonce, s, exp: now() + CODE_LIFE_SECONDS * 1000 }
    remember(rescue, codeId, r)
    return complete(code, codeId, r, lock)
  }

  /**
   * The sign-in's writes: session, key ring, user record, the user's session
   * list, and the kept result last (with the code lock released, when held).
   * One batch where the store has it (one script per slot on Redis). A
   * record onLogin changed is read again in the user's turn, changed, and
   * written with the rest, the turn ended with it (users.js); the answer's
   * flags and user are then the record's as written. A sign-in that changes
   * no record takes no turn.
   */
  function write (r, code, codeId, lock) {
    return r.hooked === undefined ? writeAll(r, r.writes, null, codeId, lock) : writeInTurn(r, code, codeId, lock)
  }

  /**
   * The writes with the user's record, read in the user's turn (onLogin's
   * change applied) and written before the kept result, which answers that
   * record (a profile or phone number written since the first read shows).
   */
  async function writeInTurn (r, code, codeId, lock) {
    const { openid } = r.result
    const turn = await users.take(openid)
    try {
      const record = await users.get(openid)
      applyHooked(r.hooked, record)
      r.result = { ...r.result, profile: record.f === true, phone: record.p === true, user: record.u }
      const writes = r.writes.slice()
      writes[writes.length - 1] = [keys.code(codeId), keep(code, r.nonce, r.result), CODE_LIFE_SECONDS]
      writes.splice(writes.length - 1, 0, users.entry(openid, record))
      await writeAll(r, writes, turn, codeId, lock)
    } finally { await users.letGo(turn) }
  }

  /** `writes` (the kept result last) and the user's session list; the user's turn and the code lock ended with them, where held. */
  async function writeAll (r, writes, turn, codeId, lock) {
    const { result } = r
    if (typeof store.batch !== 'function') {
      await Promise.all([store.setMany(writes), sessions.track(result.openid, r.hash, result.expiresAt)])
      return
    }
    const ops = writes.map((entry) => ['set', entry[0], entry[1], entry[2]])
    const tracked = ops.length - 1 // before the kept result
    ops.splice(tracked, 0, sessions.trackOp(result.openid, r.hash, result.expiresAt))
    if (turn !== null) ops.splice(ops.length - 1, 0, ['unlock', turn.key, turn.owner]) // in the user's slot, before the kept result
    const unlocks = sealed && lock !== null && lock.owner !== null
    if (unlocks) ops.push(['unlock', lock.key, lock.owner])
    const answers = await store.batch(ops)
    if (turn !== null) turn.owner = null // ended with the writes
    if (unlocks) { lock.owner = null; orphaned.delete(codeId) } // released with the writes
    const evicted = answers[tracked]
    if (Array.isArray(evicted) && evicted.length > 0) await sessions.dropEvicted(evicted)
  }

  /** onLogin and the writes: session, key ring, user record, kept result; then the user's session list. */
  async function complete (code, codeId, r, lock) {
    if (r.result === undefined) {
      const { s } = r
      const [[ringRaw, userRaw], hooked] = cfg.onLogin
        ? await Promise.all([
          users.ringAndRecord(s.openid),
          hook('onLogin', s.openid, () => cfg.onLogin(s.unionid === undefined ? { openid: s.openid } : { openid: s.openid, unionid: s.unionid }), checkOnLogin)
        ])
        : [await users.ringAndRecord(s.openid), undefined]
      const record = users.read(userRaw)
      // onLogin's change to the record, if any: written in the user's turn (see write).
      const userChanged = hooked !== undefined && applyHooked(hooked, record)
      const userId = hooked !== undefined ? hooked.userId : undefined
      const expiresAt = sessions.expiresAt()
      // One call into the core: the session's record and the ring with the
      // answer's key first (the session key stays in the core); a platform
      // without one (Alipay) keeps no ring.
      let ring = null
      let sessionRecord
      if (rules.sessionKey) {
        const signedIn = core.signIn(platform, s.answer, ringRaw, seconds(), cfg.keyRingSize, cfg.keyGraceSeconds, userId, expiresAt)
        const cut = signedIn.indexOf('\n')
        sessionRecord = signedIn.slice(0, cut)
        ring = signedIn.slice(cut + 1)
      } else {
        sessionRecord = core.sessionRecord(s.openid, s.unionid, userId, expiresAt)
      }
      const made = sessions.create(sessionRecord, expiresAt)
      const result = { token: made.token, openid: s.openid, expiresAt: made.expiresAt, profile: record.f === true, phone: record.p === true, user: record.u }
      if (s.unionid !== undefined) result.unionid = s.unionid
      if (s.anonymousOpenid !== undefined) result.anonymousOpenid = s.anonymousOpenid
      const writes = [made.entry]
      if (ring !== null) writes.push([keys.ring(s.openid), ring, cfg.sessionTtlSeconds + cfg.keyGraceSeconds]) // the core's storage text
      writes.push([keys.code(codeId), keep(code, r.nonce, result), CODE_LIFE_SECONDS]) // last: kept once the rest is in
      r.result = result
      r.writes = writes
      r.hooked = userChanged ? hooked : undefined
      r.hash = made.hash
      r.s = { openid: s.openid } // the session key is written: drop it from memory
    }
    await write(r, code, codeId, lock)
    rescue.delete(codeId)
    return r.result
  }

  /** Applies onLogin's answer to `record` (the app's user object wins at sign-in): whether that changed it. */
  function applyHooked (hooked, record) {
    let changed = false
    if (hooked.user !== undefined) { record.u = hooked.user; changed = true }
    if (hooked.userId !== undefined && record.id !== hooked.userId) { record.id = hooked.userId; changed = true }
    return changed
  }

  /** onLogin's answer: `{ userId?, user? }` (or nothing). */
  function checkOnLogin (v) {
    if (v === undefined || v === null) return {}
    if (typeof v !== 'object') return null
    const out = {}
    if (v.userId !== undefined) {
      if (typeof v.userId !== 'string' && !(typeof v.userId === 'number' && Number.isSafeInteger(v.userId))) return null
      out.userId = v.userId
    }
    if (v.user !== undefined) {
      if (v.user === null || typeof v.user !== 'object' || Array.isArray(v.user)) return null
      try { out.user = JSON.parse(JSON.stringify(v.user)) } catch { return null }
    }
    return out
  }

  /**
   * Signs in with a wx.login code.
   * @param {unknown} code
   * @param {{ nonce?: string, address?: string }} [options]
   */
  function login (code, options) {
    let nonce
    let admission
    let anonymousCode
    try {
      if (typeof code !== 'string' || code === '') throw invalidArgument('code', { mustBe: 'a non-empty string' })
      if (options !== undefined) {
        if (options === null || typeof options !== 'object') throw invalidArgument('options', { mustBe: 'an object' })
        try { nonce = options.nonce; admission = admissions.get(options); anonymousCode = options.anonymousCode } catch { throw invalidArgument('options', { why: 'could not be read' }) }
        if (nonce !== undefined && !isNonce(nonce)) throw invalidArgument('nonce', { mustBe: '16 to 64 characters of A-Z a-z 0-9 _ -' })
        // Douyin's tt.login also gives an anonymous code: sent with the code, for the anonymous openid.
        if (anonymousCode !== undefined && (platform !== 'toutiao' || !isCode(anonymousCode))) throw invalidArgument('anonymousCode', { why: platform === 'toutiao' ? 'cannot be a Douyin anonymous code' : `${platform} has no anonymous code` })
      }
      if (!isCode(code)) throw fail('ERR_CODE_INVALID', 'this cannot be a login code')
    } catch (e) { return admit(admission).then(() => { throw e }) }
    const codeId = sha256(`weapp-login:code-id:${code}`, 'base64url')
    const running = inflight.get(codeId)
    if (running !== undefined) return admit(admission).then(() => running.nonce === nonce ? running.promise : Promise.reject(used()))
    if (anonymousCode !== undefined) anonymousCodes.set(codeId, anonymousCode)
    const promise = exchange(code, codeId, nonce, admission)
    inflight.set(codeId, { nonce, promise })
    const done = () => { inflight.delete(codeId); anonymousCodes.delete(codeId) }
    promise.then(done, done)
    return promise
  }

  return { login }
}

module.exports = { createLogin, handlerLoginOptions }
