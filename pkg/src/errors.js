'use strict'
// The one error class. Its `retryable` flag, HTTP status and default
// message come from the Rust core's error table (src/error.rs), which the
// build writes to dist/error-table.json: nothing here is retyped by hand.

const TABLE = require('../dist/error-table.json')

/** code → { retryable, httpStatus, description }, from the core. */
const ROWS = new Map(TABLE.map((row) => [row.code, row]))

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
   * @param {import('../dist/error-code.mjs').ErrorCode} code a stable `ERR_…` code (one of `errorCodes()`)
   * @param {string} [message] for people; never holds a key, secret, token or
   *   phone number. Defaults to the core's description of `code`.
   * @param {{ errcode?: number, field?: string, cause?: unknown }} [details]
   */
  constructor (code, message, details = {}) {
    const row = ROWS.get(code)
    const text = typeof message === 'string' && message !== '' ? message : (row ? row.description : code)
    super(text, details.cause === undefined ? undefined : { cause: details.cause })
    /** @type {'WeappLoginError'} */
    this.name = 'WeappLoginError'
    /** Stable code. */
    this.code = code
    /** Whether trying again later may succeed: the core's table says. */
    this.retryable = row !== undefined && row.retryable
    /** The HTTP status a server answers for this code: the core's table says. */
    this.httpStatus = row === undefined ? 500 : row.httpStatus
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

module.exports = { WeappLoginError, fromCore, ERROR_TABLE: TABLE }
