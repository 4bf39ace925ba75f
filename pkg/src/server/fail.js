'use strict'
// WeappLoginErrors built from the core's table: `retryable` is the core's
// word for each code, never set by hand here.

const { WeappLoginError } = require('../errors')

/**
 * @param {{ call: Function }} core
 * @returns {(code: string, message: string, details?: { field?: string, errcode?: number, cause?: unknown }) => WeappLoginError}
 */
function errorsOf (core) {
  const retryable = new Map(core.call('error_codes', []).map((r) => [r.code, r.retryable]))
  return (code, message, details = {}) => new WeappLoginError(code, message, { ...details, retryable: retryable.get(code) === true })
}

module.exports = { errorsOf }
