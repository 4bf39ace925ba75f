'use strict'
// The Node build of the core: the wasm-bindgen `nodejs` glue, instantiated
// synchronously on first use, and afresh after a fault.

const path = require('path')
const { createCore } = require('../core')

const GLUE = path.join(__dirname, '..', '..', 'dist', 'node', 'weapp_login.js')

function instantiate () {
  delete require.cache[GLUE]
  return require(GLUE)
}

/**
 * Long base64 text (`encryptedData`, `iv`) for `decrypt`: a string crosses
 * into wasm as its UTF-8 bytes, one native copy instead of wasm-bindgen's
 * loop over its characters. Anything else stays as it is for the core to
 * refuse, except objects: a caller's `Uint8Array` is not a string, so an
 * object crosses as `0` (the wrong type, as before).
 * @param {unknown} value
 */
function textArgument (value) {
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  return value !== null && typeof value === 'object' ? 0 : value
}

module.exports = { ...createCore(instantiate), textArgument }
