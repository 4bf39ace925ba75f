'use strict'

/**
 * The one error class of weapp-login. Every failure, from the Rust core or
 * the JS glue, is one of these. Branch on `code` (stable), never on `message`.
 *
 * @example
 * try { decryptPhoneNumber(opts) } catch (e) {
 *   if (e instanceof WeappLoginError && e.code === 'ERR_DECRYPT_FAILED') askToSignInAgain()
 * }
 */
class WeappLoginError extends Error {
  /**
   * @param {string} code a stable `ERR_…` code
   * @param {string} message for people; never holds a key, secret, token or phone number
   * @param {{ retryable?: boolean, errcode?: number, field?: string, cause?: unknown }} [details]
   */
  constructor (code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'WeappLoginError'
    this.code = code
    this.retryable = details.retryable === true
    if (details.errcode !== undefined) this.errcode = details.errcode
    if (details.field !== undefined) this.field = details.field
  }
}

/**
 * Builds the error described by the core's `{ code, message, retryable, field?, errcode? }`.
 * @param {{ code: string, message: string, retryable: boolean, field?: string, errcode?: number }} e
 */
function fromCore (e) {
  return new WeappLoginError(e.code, e.message, e)
}

module.exports = { WeappLoginError, fromCore }
