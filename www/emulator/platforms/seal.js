'use strict'
// The emulators' sealing, with Node's own crypto (independently of
// weapp-login's code): WeChat's AES-128-CBC (QQ, Douyin, Kuaishou share
// it) and Baidu's framed AES-192-CBC.

const crypto = require('crypto')

/** AES-128-CBC/PKCS#7 of `data`'s JSON with the user's session key. */
function sealAes128 (sessionKey, data) {
  const iv = crypto.randomBytes(16)
  const cipher = crypto.createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv)
  return { encryptedData: Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]).toString('base64'), iv: iv.toString('base64') }
}

/**
 * Baidu's frame: 16 random bytes, the data's length (u32 big-endian), the
 * data, the app key; PKCS#7 padded to 32 bytes; AES-192-CBC with the
 * 24-byte session key.
 */
function sealBaidu (sessionKey, data, appKey) {
  const json = Buffer.from(JSON.stringify(data), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)
  const plain = Buffer.concat([crypto.randomBytes(16), length, json, Buffer.from(appKey, 'utf8')])
  const pad = 32 - (plain.length % 32)
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)])
  const iv = crypto.randomBytes(16)
  const cipher = crypto.createCipheriv('aes-192-cbc', Buffer.from(sessionKey, 'base64'), iv)
  cipher.setAutoPadding(false)
  return { encryptedData: Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64'), iv: iv.toString('base64') }
}

module.exports = { sealAes128, sealBaidu }
