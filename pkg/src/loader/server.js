'use strict'
// The server build of the core in Node: the wasm-bindgen `nodejs` glue behind
// its generated facade (pkg/dist/server/core.js), one typed function per
// export, loaded on first use and afresh after a fault.

const path = require('path')
const bind = require('../../dist/server/core')

const GLUE = path.join(__dirname, '..', '..', 'dist', 'server', 'weapp_login.js')

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

module.exports = { ...bind(() => { delete require.cache[GLUE]; return require(GLUE) }), textArgument }
