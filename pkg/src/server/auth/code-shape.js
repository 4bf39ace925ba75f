'use strict'
// What a WeChat code can look like: the core's rule (src/payload/code_shape.rs),
// read once as data, so checking a code costs no call into the wasm.

const escape = (text) => text.replace(/[\\\]^-]/g, '\\$&')

/**
 * @param {typeof import('../../loader/server')} core
 * @returns {(code: string) => boolean}
 */
function codeShapeOf (core) {
  const { minLength, maxLength, extraCharacters } = core.wechatCodeShape()
  const re = new RegExp(`^[A-Za-z0-9${escape(extraCharacters)}]{${minLength},${maxLength}}$`)
  return (code) => typeof code === 'string' && re.test(code)
}

module.exports = { codeShapeOf }
