'use strict'
// The developer server's side of the login flow: trades codes for sessions,
// keeps each user's key ring, opens phone numbers and profiles, and answers
// for tokens. Tokens are random and stored only as hashes; the session key
// never leaves the server. Decisions (what WeChat said, which key opens
// what, the key ring's rules) are the core's.

const crypto = require('crypto')
const { WeappLoginError } = require('../errors')
const { readOptions } = require('../core')
const { memoryStore } = require('../stores/memory')
const { createWechatClient } = require('./wechat')

const DEFAULTS = {
  apiBase: 'https://api.weixin.qq.com',
  sessionTtlSeconds: 7 * 24 * 3600,
  keyRingSize: 3,
  keyGraceSeconds: 24 * 3600,
  maxAgeSeconds: 600,
  timeoutMs: 5000,
  retries: 3,
  retryBaseMs: 100,
  retryMaxMs: 2000,
  prefix: 'wl:'
}
const CODE_LIFE_SECONDS = 300

// SHA-256 in one call where Node has crypto.hash (20.12+, 21.7+): no Hash object.
const sha256 = typeof crypto.hash === 'function'
  ? (text, encoding = 'buffer') => crypto.hash('sha256', text, encoding)
  : (text, encoding) => crypto.createHash('sha256').update(text).digest(encoding)

// Random bytes from a pool refilled 4 KiB at a time: one system call for many
// sign-ins instead of two each. Every byte is used once, and zeroed once taken.
const pool = Buffer.alloc(4096)
let poolAt = pool.length
function take (n) {
  if (poolAt + n > pool.length) { crypto.randomFillSync(pool); poolAt = 0 }
  poolAt += n
  return poolAt - n
}
function randomBytes (n) {
  const at = take(n)
  const out = Buffer.from(pool.subarray(at, at + n))
  pool.fill(0, at, at + n)
  return out
}
/** `n` random bytes as base64url text, straight from the pool. */
function randomText (n) {
  const at = take(n)
  const out = pool.toString('base64url', at, at + n)
  pool.fill(0, at, at + n)
  return out
}
const invalid = (field, message) => new WeappLoginError('ERR_INVALID_ARGUMENT', `invalid argument (\`${field}\` ${message})`, { field })

const codeKey = (code) => sha256(`weapp-login:code-key:${code}`)

/**
 * The sign-in's result sealed with a key only the code's holder can make
 * (AES-256-GCM): base64url of iv (12 bytes) · tag (16) · ciphertext.
 */
function sealForCode (code, result) {
  const iv = randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', codeKey(code), iv)
  const body = cipher.update(JSON.stringify(result), 'utf8')
  const rest = cipher.final() // empty: GCM is a stream mode
  return Buffer.concat([iv, cipher.getAuthTag(), body, rest]).toString('base64url')
}

function openForCode (code, sealed) {
  try {
    let iv, tag, body
    if (sealed.charCodeAt(0) === 123) { // '{': the JSON form earlier versions wrote
      const o = JSON.parse(sealed)
      iv = Buffer.from(o.iv, 'base64'); tag = Buffer.from(o.tag, 'base64'); body = Buffer.from(o.body, 'base64')
    } else {
      const all = Buffer.from(sealed, 'base64url')
      if (all.length < 28) return null
      iv = all.subarray(0, 12); tag = all.subarray(12, 28); body = all.subarray(28)
    }
    const decipher = crypto.createDecipheriv('aes-256-gcm', codeKey(code), iv)
    decipher.setAuthTag(tag)
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'))
  } catch {
    return null
  }
}

/**
 * @param {{ call: Function }} core the loaded core
 * @param {object} options `{ appId, appSecret, store?, apiBase?, fetch?, now?, … }`
 */
function createAuthWith (core, options) {
  const names = ['appId', 'appSecret', 'store', 'apiBase', 'fetch', 'now', 'sessionTtlSeconds', 'keyRingSize', 'keyGraceSeconds', 'maxAgeSeconds', 'timeoutMs', 'retries', 'retryBaseMs', 'retryMaxMs', 'prefix', 'onPhone', 'onProfile']
  const given = Object.fromEntries(readOptions(options, names).map((v, i) => [names[i], v]))
  const cfg = { ...DEFAULTS }
  for (const [k, v] of Object.entries(given)) if (v !== undefined) cfg[k] = v
  if (typeof cfg.appId !== 'string' || cfg.appId === '') throw invalid('appId', 'must be your appid')
  if (typeof cfg.appSecret !== 'string' || cfg.appSecret === '') throw invalid('appSecret', 'must be your app secret')
  const fetchImpl = cfg.fetch || globalThis.fetch || require('./https-fetch').httpsFetch // Node 16: no global fetch
  if (typeof fetchImpl !== 'function') throw invalid('fetch', 'must be a fetch function')
  const now = typeof cfg.now === 'function' ? cfg.now : Date.now
  const store = cfg.store || memoryStore({ now })
  const P = cfg.prefix
  const wechat = createWechatClient({ core, store, appId: cfg.appId, appSecret: cfg.appSecret, apiBase: cfg.apiBase, fetch: fetchImpl, now, timeoutMs: cfg.timeoutMs, retries: cfg.retries, retryBaseMs: cfg.retryBaseMs, retryMaxMs: cfg.retryMaxMs, prefix: P })
  const inflight = new Map() // code id → the promise of its exchange, while it runs
  const seconds = () => Math.floor(now() / 1000)
  const tokenKey = (token) => `${P}t:${sha256(`weapp-login:token:${token}`, 'base64url')}`

  function text (value, field, max = 4096) {
    if (typeof value !== 'string' || value === '') throw invalid(field, 'must be a non-empty string')
    if (value.length > max) throw invalid(field, 'is too long')
    return value
  }

  const readFlags = (raw) => { try { return JSON.parse(raw || '{}') } catch { return {} } }

  async function flags (openid) {
    return readFlags(await store.get(`${P}u:${openid}`))
  }

  async function setFlag (openid, flag) {
    const f = await flags(openid)
    if (f[flag] === true) return // already known: no write
    f[flag] = true
    await store.set(`${P}u:${openid}`, JSON.stringify(f), 365 * 24 * 3600)
  }

  // The code's result, kept for retries with the same code. In a store other
  // processes share (Redis), it is sealed with a key only the code's holder
  // can make, so a copy of the store shows no token; a process-local store
  // (memoryStore) holds it as is, like the process's own memory does.
  const sealed = store.shared !== false
  const keepForCode = (code, result) => sealed ? sealForCode(code, result) : JSON.stringify(result)
  const readForCode = (code, kept) => {
    if (sealed) return openForCode(code, kept)
    try { return JSON.parse(kept) } catch { return null }
  }

  /** The code's exchange: its kept result if the store has one, else a sign-in. */
  async function exchange (code, codeId) {
    const kept = async () => {
      const cached = await store.get(`${P}c:${codeId}`)
      return cached ? readForCode(code, cached) : null
    }
    // Within one process `login` already shares one exchange per code; a store
    // shared by several processes needs its lock too (unknown stores count as shared).
    if (store.shared === false) return (await kept()) || await signIn(code, codeId)
    // The lock first, then the look: looking first would leave a gap in which
    // another process finishes, unlocks, and this one exchanges the code again.
    const lockKey = `${P}lock:c:${codeId}`
    const owner = await store.lock(lockKey, Math.ceil(cfg.timeoutMs / 1000) * (cfg.retries + 2))
    if (owner === null) return await waitForOther(code, codeId, lockKey)
    try {
      return (await kept()) || await signIn(code, codeId)
    } finally {
      // Not waited for: the kept result is in (others waiting read it), and the lock expires anyway.
      store.unlock(lockKey, owner).catch(() => {})
    }
  }

  /** Another process is exchanging this code: wait for its result. */
  async function waitForOther (code, codeId, lockKey) {
    const deadline = Date.now() + cfg.timeoutMs * (cfg.retries + 2)
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      const kept = await store.get(`${P}c:${codeId}`)
      const result = kept && readForCode(code, kept)
      if (result) return result
      if ((await store.get(lockKey)) === null) break // it gave up: its error was its caller's
    }
    throw new WeappLoginError('ERR_WECHAT_BUSY', 'this code is being exchanged elsewhere; try again', { retryable: true })
  }

  /** The upstream exchange, then the session, the key ring and the code's kept result, in one write. */
  async function signIn (code, codeId) {
    const s = await wechat.code2session(code)
    const token = randomText(32)
    const ringKey = `${P}k:${s.openid}`
    const [storedRing, storedFlags] = await Promise.all([store.get(ringKey), store.get(`${P}u:${s.openid}`)])
    const ring = core.call('key_ring_push', [storedRing, s.sessionKey, seconds(), cfg.keyRingSize, cfg.keyGraceSeconds])
    const f = readFlags(storedFlags)
    const expiresAt = now() + cfg.sessionTtlSeconds * 1000
    const session = { openid: s.openid, exp: expiresAt }
    if (s.unionid !== undefined) session.unionid = s.unionid
    const result = { token, openid: s.openid, expiresAt, profile: f.profile === true, phone: f.phone === true }
    if (s.unionid !== undefined) result.unionid = s.unionid
    await store.setMany([
      [tokenKey(token), JSON.stringify(session), cfg.sessionTtlSeconds + 24 * 3600],
      [ringKey, JSON.stringify(ring), cfg.sessionTtlSeconds + cfg.keyGraceSeconds],
      [`${P}c:${codeId}`, keepForCode(code, result), CODE_LIFE_SECONDS]
    ])
    return result
  }

  /** Signs in with a wx.login code. One upstream exchange per code, shared for its life. */
  function login (code) {
    try { text(code, 'code', 256) } catch (e) { return Promise.reject(e) }
    const codeId = sha256(`weapp-login:code-id:${code}`, 'base64url')
    let p = inflight.get(codeId)
    if (p === undefined) {
      p = exchange(code, codeId)
      inflight.set(codeId, p)
      // Once settled, the store's sealed copy serves later callers for the code's life.
      const done = () => { inflight.delete(codeId) }
      p.then(done, done)
    }
    return p
  }

  /** `{ openid, unionid? }` for a token, or ERR_SESSION_NOT_FOUND / ERR_SESSION_EXPIRED. */
  async function session (token) {
    if (typeof token !== 'string' || token === '' || token.length > 512) {
      throw new WeappLoginError('ERR_SESSION_NOT_FOUND', 'no session for this token')
    }
    const raw = await store.get(tokenKey(token))
    let s = null
    try { s = raw && JSON.parse(raw) } catch { s = null }
    if (!s || typeof s.openid !== 'string') throw new WeappLoginError('ERR_SESSION_NOT_FOUND', 'no session for this token')
    if (!(s.exp > now())) throw new WeappLoginError('ERR_SESSION_EXPIRED', 'the session has expired')
    const out = { openid: s.openid }
    if (s.unionid !== undefined) out.unionid = s.unionid
    return out
  }

  const ring = async (openid) => (await store.get(`${P}k:${openid}`)) || '[]'
  const fields = (o, names) => readOptions(o, names, 'data')

  /** The user's phone number: `{ code }` (current) or `{ encryptedData, iv }` (old); the code first when both came. */
  async function phoneNumber (token, data) {
    const { openid } = await session(token)
    const [code, encryptedData, iv] = fields(data, ['code', 'encryptedData', 'iv'])
    let phone
    if (code !== undefined) {
      try {
        phone = await wechat.phoneNumber(text(code, 'code', 256))
      } catch (e) {
        if (encryptedData === undefined) throw e
      }
    }
    if (phone === undefined) {
      phone = core.call('decrypt_with_key_ring', ['phone', await ring(openid), cfg.appId, iv, encryptedData, seconds(), cfg.maxAgeSeconds, undefined])
    }
    await setFlag(openid, 'phone')
    const out = { phoneNumber: phone.phoneNumber, purePhoneNumber: phone.purePhoneNumber, countryCode: phone.countryCode }
    if (typeof cfg.onPhone === 'function') await cfg.onPhone(openid, out)
    return out
  }

  /**
   * The user's profile: sealed user info (checked against the session's openid,
   * and `rawData` against `signature` when given), or the current way's
   * `{ nickName }` / `{ avatar: { base64 } }`.
   */
  async function userInfo (token, data) {
    const { openid } = await session(token)
    const [encryptedData, iv, rawData, signature, nickName, avatar] = fields(data, ['encryptedData', 'iv', 'rawData', 'signature', 'nickName', 'avatar'])
    const keys = await ring(openid)
    let info
    if (rawData !== undefined || signature !== undefined) core.call('verify_with_key_ring', [keys, rawData, signature])
    if (encryptedData !== undefined) {
      info = core.call('decrypt_with_key_ring', ['userinfo', keys, cfg.appId, iv, encryptedData, seconds(), null, openid])
      delete info.watermark
    } else if (rawData !== undefined) {
      try { info = JSON.parse(rawData) } catch { info = null } // its signature checked out above
      if (info === null || typeof info !== 'object' || Array.isArray(info)) {
        throw new WeappLoginError('ERR_PAYLOAD_SHAPE', 'rawData is not a JSON object', { field: 'rawData' })
      }
    } else if (nickName !== undefined || avatar !== undefined) {
      info = {}
      if (nickName !== undefined) info.nickName = text(nickName, 'nickName', 64).trim()
      if (avatar !== undefined) {
        const [base64] = readOptions(avatar, ['base64'], 'avatar')
        if (typeof base64 !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid('avatar.base64', 'must be base64')
        info.avatar = { bytes: Math.floor(base64.length * 3 / 4) }
      }
    } else {
      throw invalid('data', 'needs encryptedData and iv, rawData and signature, nickName or avatar')
    }
    if (encryptedData !== undefined || rawData !== undefined || nickName !== undefined) await setFlag(openid, 'profile')
    if (typeof cfg.onProfile === 'function') await cfg.onProfile(openid, info, avatar)
    return { userInfo: info }
  }

  /** Asks WeChat whether the user's newest session key is still current. */
  async function checkSession (token) {
    const { openid } = await session(token)
    let keys
    try { keys = JSON.parse(await ring(openid)) } catch { keys = null }
    if (!Array.isArray(keys) || keys.length === 0 || typeof keys[0].key !== 'string') throw new WeappLoginError('ERR_SESSION_STALE', 'no session key for this user')
    await wechat.checkSession(openid, keys[0].key)
    return true
  }

  async function logout (token) {
    if (typeof token === 'string' && token !== '') await store.delete(tokenKey(token))
  }

  return {
    login,
    session,
    phoneNumber,
    userInfo,
    checkSession,
    logout,
    /** The store in use. */
    store,
    /** The store key prefix in use. */
    prefix: P,
    /** Closes the store. */
    close: () => store.close()
  }
}

module.exports = { createAuthWith }
