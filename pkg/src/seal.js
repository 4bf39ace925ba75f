'use strict'
// Random text, hashes, and results sealed for the holder of a one-time code
// (and the sign-in's nonce): AES-256-GCM under a key made from them, so a
// copy of the store shows no token and a caller without them opens nothing.

const crypto = require('crypto')

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

const sealKey = (code, nonce) => sha256(`weapp-login:code-key:${code}\u0000${nonce || ''}`)

/** `value` sealed for `code` + `nonce`: base64url of iv (12) · tag (16) · ciphertext. */
function seal (code, nonce, value) {
  const iv = randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', sealKey(code, nonce), iv)
  const body = cipher.update(JSON.stringify(value), 'utf8')
  const rest = cipher.final()
  return Buffer.concat([iv, cipher.getAuthTag(), body, rest]).toString('base64url')
}

/** The sealed value, or null when `code` + `nonce` do not open it. */
function open (code, nonce, sealed) {
  try {
    const all = Buffer.from(sealed, 'base64url')
    if (all.length < 28) return null
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey(code, nonce), all.subarray(0, 12))
    decipher.setAuthTag(all.subarray(12, 28))
    return JSON.parse(Buffer.concat([decipher.update(all.subarray(28)), decipher.final()]).toString('utf8'))
  } catch {
    return null
  }
}

module.exports = { sha256, randomBytes, randomText, seal, open }
