'use strict'
// The server's errors: WeappLoginErrors, whose `retryable` and HTTP status
// are the core's word for each code (pkg/src/errors.js reads its table).

const { WeappLoginError } = require('../../errors')

/**
 * @returns {(code: string, message: string, details?: { field?: string, errcode?: number, retryAfter?: number, cause?: unknown }) => WeappLoginError}
 */
function errorsOf () {
  return (code, message, details = {}) => new WeappLoginError(code, message, details)
}

module.exports = { errorsOf }
