'use strict'
// Avatars uploaded by the mini program (chooseAvatar + wx.uploadFile): the
// type read from the magic bytes (jpeg, png, webp, gif), a size limit, and
// either the app's onAvatar hook or the store keeping the image.
//
// One user cannot crowd out the others' sessions:
// - at most `avatarUploadLimit.max` uploads per user per window (default 5
//   a minute), counted in the store (across processes) before anything is kept;
// - at most one kept image per user: its key is the user's own
//   (`av:<user tag>`, the tag a hash of the openid), so a new image replaces
//   the old in one write, and the old URL stops answering;
// - the image lives no longer than the user record (its TTL), in
//   `avatarStore` when given (a store of its own, apart from sessions).
//
// One user's uploads at once take turns, with every other change to the
// user's record (users.js: a lock in the store, in the user's slot, across
// processes): each keeps its image and writes the record's avatarUrl before
// the next begins, so the record always names the image kept, never one a
// later upload replaced. onAvatar has the core's `avatarHookSeconds` for
// it, well within the turn's lock: past that the upload fails
// (ERR_HOOK_FAILED) and writes nothing, so a change that took the turn once
// the lock ended is never overwritten with a record read before it.
//
// An avatar's URL id is the user tag and the image's version: a URL names
// one image, and reading it is one store read.

const { randomText, sha256 } = require('../../seal')
const { imageType: sniff } = require('./image')
const { invalidArgument } = require('../../errors')
/** How long onAvatar may take inside the user's turn: the core's (its lock lives longer, for the write after it). */
const { avatarHookSeconds: HOOK_SECONDS } = require('../../../dist/rules.json')

/** The user tag: 22 base64url characters (128 bits of SHA-256 of the openid). */
const TAG_LENGTH = 22
/** The version: 18 random bytes, 24 base64url characters. */
const VERSION_BYTES = 18
const ID = /^[A-Za-z0-9_-]{46}$/

/** The user tag of `openid` for avatar keys and URLs: not the openid, not reversible. */
const tagOf = (openid) => sha256(`weapp-login:avatar:${openid}`, 'base64url').slice(0, TAG_LENGTH)

function createAvatars ({ store, avatarStore = store, keys, users, cfg, fail, observe, hook }) {

  /** Checks an upload: `{ bytes, contentType? }` → `{ bytes: Buffer, contentType }`. */
  function check (file) {
    if (file === null || typeof file !== 'object') throw invalidArgument('file', { mustBe: '{ bytes, contentType }' })
    let bytes, contentType
    try { ({ bytes, contentType } = file) } catch { throw invalidArgument('file', { why: 'could not be read' }) }
    if (!(bytes instanceof Uint8Array)) throw invalidArgument('bytes', { mustBe: 'a Buffer or Uint8Array' })
    if (bytes.length === 0) throw invalidArgument('bytes', { why: 'empty' })
    if (bytes.length > cfg.avatarLimitBytes) throw invalidArgument('bytes', { why: `larger than ${cfg.avatarLimitBytes} bytes` })
    if (contentType !== undefined && typeof contentType !== 'string') throw invalidArgument('contentType', { mustBe: 'a string' })
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    const type = sniff(buf)
    if (type === null) throw invalidArgument('bytes', { why: 'not a jpeg, png, webp or gif image' })
    return { bytes: buf, contentType: type }
  }

  /** Counts an upload against the user's limit: ERR_RATE_LIMITED past it. */
  async function count (openid) {
    const limit = cfg.avatarUploadLimit
    if (limit === false) return
    if (await store.incr(keys.avatarLimit(openid), limit.windowSeconds) > limit.max) {
      observe.limited('avatar', { openid })
      throw fail('ERR_RATE_LIMITED', 'too many avatar uploads for this user; slow down', { retryAfter: limit.windowSeconds })
    }
  }

  /** Stores the image (or hands it to onAvatar) and answers its URL: the user's one kept image. */
  async function save (openid, userId, file) {
    if (cfg.onAvatar) {
      const out = await hook('onAvatar', openid, () => cfg.onAvatar({ openid, userId, bytes: file.bytes, contentType: file.contentType }),
        (v) => v && typeof v === 'object' && typeof v.avatarUrl === 'string' && v.avatarUrl !== '' ? v : null, HOOK_SECONDS)
      return out.avatarUrl
    }
    const tag = tagOf(openid)
    const version = randomText(VERSION_BYTES)
    await avatarStore.set(keys.avatar(tag), JSON.stringify({ v: version, t: file.contentType, b: file.bytes.toString('base64') }), users.ttlSeconds)
    return `${cfg.avatarBaseUrl}/avatars/${tag}${version}`
  }

  /** A kept image: `{ bytes, contentType }`, or null (unknown, or replaced since). */
  async function file (id) {
    if (typeof id !== 'string' || !ID.test(id)) return null
    const raw = await avatarStore.get(keys.avatar(id.slice(0, TAG_LENGTH)))
    if (raw === null) return null
    try {
      const { v, t, b } = JSON.parse(raw)
      if (v !== id.slice(TAG_LENGTH)) return null
      return { bytes: Buffer.from(b, 'base64'), contentType: t }
    } catch { return null }
  }

  return { check, count, save, file }
}

module.exports = { createAvatars, sniff }
