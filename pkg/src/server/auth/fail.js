'use strict'
// The server's errors: WeappLoginErrors, whose `retryable` and HTTP status
// are the core's word for each code (pkg/src/errors.js reads its table).

const { WeappLoginError } = require('../../errors')

/**
 * A WeappLoginError; `details.retryAfter` (seconds until one of our own
 * limits may let the call pass: its window, or 1 for a user's turn) is kept
 * as `retryAfter`, which the HTTP layer answers as `retry-after` and a cloud
 * function as `error.retryAfter`. (Set here, not in WeappLoginError: the mini
 * program's bundle has no use for it.)
 * @param {string} code
 * @param {string} message
 * @param {{ field?: string, errcode?: number, retryAfter?: number, cause?: unknown }} [details]
 * @returns {WeappLoginError & { retryAfter?: number }}
 */
function serverError (code, message, details = {}) {
  const e = new WeappLoginError(code, message, details)
  if (details.retryAfter !== undefined) e.retryAfter = details.retryAfter
  return e
}

module.exports = { serverError }
