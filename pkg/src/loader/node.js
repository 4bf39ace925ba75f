'use strict'
// The server build of the core for Node: the wasm-bindgen `nodejs` glue,
// instantiated synchronously on first use, and afresh after a fault.

const path = require('path')
const { createCore } = require('../core')

const GLUE = path.join(__dirname, '..', '..', 'dist', 'node', 'weapp_login.js')
const AREA_LIMIT = 64 * 1024 // bytes; a user-info payload is about 1 KiB

function instantiate () {
  delete require.cache[GLUE]
  return withInputArea(require(GLUE))
}

/**
 * Adds `decrypt_fast`, the decrypt functions' hot path: the four strings are
 * written (UTF-8) straight into one area of the instance's memory that the
 * core reads and then zeroes, instead of one allocation and one copy loop
 * each. Conversion only; the core decides everything.
 * @param {Record<string, Function>} glue
 */
function withInputArea (glue) {
  const memory = glue.wasm_memory()
  let view = null
  let base = 0
  let capacity = 0
  function decrypt_fast (kind, appId, sessionKey, iv, encryptedData, now, maxAge) { // eslint-disable-line camelcase
    const need = 3 * (appId.length + sessionKey.length + iv.length + encryptedData.length)
    if (need > capacity && need <= AREA_LIMIT) {
      base = glue.input_area(need)
      capacity = base === 0 ? 0 : need
      view = null
    }
    // The area keeps its size for the instance's life: outsized input (or an
    // area the core could not give) goes the allocating way.
    if (need > capacity) return glue.decrypt_typed(kind, appId, sessionKey, iv, encryptedData, now, maxAge)
    if (view === null || view.buffer !== memory.buffer) view = Buffer.from(memory.buffer)
    const a = view.utf8Write(appId, base)
    const b = view.utf8Write(sessionKey, base + a)
    const c = view.utf8Write(iv, base + a + b)
    const d = view.utf8Write(encryptedData, base + a + b + c)
    return glue.decrypt_input(kind, a, b, c, d, now, maxAge)
  }
  return { ...glue, decrypt_fast }
}

/**
 * Reads `decrypt_fast`'s answer: a JSON envelope, or a phone number in the
 * flat form `flat_phone_answer` (src/wasm/server.rs, its one writer) makes to
 * spare a `JSON.parse`: `P`, then phoneNumber, purePhoneNumber, countryCode,
 * watermark.appid and watermark.timestamp, each after a NUL.
 * @param {string} text
 */
function readDecryptAnswer (text) {
  if (text.charCodeAt(0) !== 0x50) return JSON.parse(text)
  const f = text.split('\0')
  return { ok: { phoneNumber: f[1], purePhoneNumber: f[2], countryCode: f[3], watermark: { appid: f[4], timestamp: Number(f[5]) } } }
}

module.exports = createCore(instantiate)
module.exports.readDecryptAnswer = readDecryptAnswer
