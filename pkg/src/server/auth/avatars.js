'use strict'
// Avatars uploaded by the mini program (chooseAvatar + wx.uploadFile): the
// type read from the magic bytes (jpeg, png, webp, gif), a size limit, and
// either the app's onAvatar hook or the store keeping the image.

const { randomText } = require('../../seal')
const { imageType: sniff } = require('./image')
const { invalidArgument } = require('../../errors')

/** How long a kept image is kept: the core's. */
const { avatarTtlSeconds: AVATAR_TTL } = require('../../../dist/rules.json')
const ID = /^[A-Za-z0-9_-]{16,64}$/

function createAvatars ({ store, keys, cfg, fail, hook }) {

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

  /** Stores the image (or hands it to onAvatar) and answers its URL. */
  async function save (openid, userId, file) {
    if (cfg.onAvatar) {
      const out = await hook('onAvatar', openid, () => cfg.onAvatar({ openid, userId, bytes: file.bytes, contentType: file.contentType }),
        (v) => v && typeof v === 'object' && typeof v.avatarUrl === 'string' && v.avatarUrl !== '' ? v : null)
      return out.avatarUrl
    }
    const id = randomText(18)
    await store.set(keys.avatar(id), JSON.stringify({ t: file.contentType, b: file.bytes.toString('base64') }), AVATAR_TTL)
    return `${cfg.avatarBaseUrl}/avatars/${id}`
  }

  /** A kept image: `{ bytes, contentType }`, or null. */
  async function file (id) {
    if (typeof id !== 'string' || !ID.test(id)) return null
    const raw = await store.get(keys.avatar(id))
    if (raw === null) return null
    try {
      const { t, b } = JSON.parse(raw)
      return { bytes: Buffer.from(b, 'base64'), contentType: t }
    } catch { return null }
  }

  return { check, save, file }
}

module.exports = { createAvatars, sniff }
