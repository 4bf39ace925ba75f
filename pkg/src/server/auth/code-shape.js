'use strict'
// What a WeChat code or a login nonce can look like: the core's rules
// (src/wechat/code_shape.rs, src/server/rules/sign_in.rs), read once as
// data, so checking one costs no call into the wasm.

const escape = (text) => text.replace(/[\\\]^-]/g, '\\$&')

/**
 * A check of text against a shape: `minLength` to `maxLength` characters of
 * ASCII letters, digits and `extraCharacters`.
 * @param {{ minLength: number, maxLength: number, extraCharacters: string }} shape
 * @returns {(text: unknown) => boolean}
 */
function shapeCheck ({ minLength, maxLength, extraCharacters }) {
  const re = new RegExp(`^[A-Za-z0-9${escape(extraCharacters)}]{${minLength},${maxLength}}$`)
  return (text) => typeof text === 'string' && re.test(text)
}

/**
 * @param {typeof import('../../loader/server')} core
 * @returns {(code: string) => boolean}
 */
function codeShapeOf (core) {
  return shapeCheck(core.wechatCodeShape())
}

module.exports = { codeShapeOf, shapeCheck }
