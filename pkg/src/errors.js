'use strict'
// The one error class. Its `retryable` flag, HTTP status and default
// message come from the Rust core's error table (src/error.rs), which the
// build writes to dist/error-table.json: nothing here is retyped by hand.

/** The core's table, read when first needed (a phone's launch builds no error). */
let table = null
/** @returns {import('./types.mjs').ErrorCodeInfo[]} */
const TABLE = () => table || (table = require('../dist/error-table.json'))

/** code → { retryable, httpStatus, description }, from the core. */
let rows = null
const ROWS = () => rows || (rows = new Map(TABLE().map((row) => [row.code, row])))

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
    const row = ROWS().get(code)
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
 * Builds the error the core describes: the server build throws
 * `{ code, message, retryable, field?, errcode? }`; the client build answers
 * `{ code, detail, field?, errcode? }`, whose message is the code's
 * description from the table followed by `detail`, as `Error::message`
 * (src/error.rs) writes it (the descriptions stay out of the client wasm).
 * @param {{ code: string, message?: string, detail?: string, field?: string, errcode?: number }} e
 */
function fromCore (e) {
  const row = ROWS().get(e.code)
  const message = typeof e.detail === 'string' ? (row ? row.description : e.code) + e.detail : e.message
  return new WeappLoginError(e.code, message, e)
}

/**
 * An ERR_INVALID_ARGUMENT about `field`, worded as the core words it
 * (`Error::message` in src/error.rs): the kind's description, then
 * ``(`field` is missing)``, ``(`field` must be <mustBe>)`` or ``(`field`: <why>)``.
 * @param {string} field the argument or option, as a dotted path
 * @param {{ mustBe?: string, why?: string, cause?: unknown }} [problem] none: the field is missing
 */
function invalidArgument (field, problem = {}) {
  const text = problem.mustBe !== undefined ? ` must be ${problem.mustBe}` : problem.why !== undefined ? `: ${problem.why}` : ' is missing'
  return new WeappLoginError('ERR_INVALID_ARGUMENT', `${ROWS().get('ERR_INVALID_ARGUMENT').description} (\`${field}\`${text})`, { field, cause: problem.cause })
}

/** `e` if it is a WeappLoginError, else ERR_INTERNAL (whatever `e` said stays out of the answer). */
function asWeappLoginError (e) {
  return e instanceof WeappLoginError ? e : new WeappLoginError('ERR_INTERNAL', undefined, { cause: e })
}

/**
 * Whether `value` is a WeappLoginError: narrows a `catch (err)` (`unknown`
 * under TypeScript's `strict`) to one, without a cast. Also true for one
 * made by another copy of the package (two bundles in one app), whose class
 * `instanceof` cannot see: an Error named `WeappLoginError` with a code of
 * the core's table.
 * @example
 * try { await client.getPhoneNumber(e) } catch (err) {
 *   if (isWeappLoginError(err) && err.code === 'ERR_USER_DENIED') return
 *   throw err
 * }
 * @param {unknown} value
 * @returns {value is import('./types.mjs').WeappLoginError}
 */
function isWeappLoginError (value) {
  if (value instanceof WeappLoginError) return true
  if (!(value instanceof Error) || value.name !== 'WeappLoginError') return false
  const code = /** @type {{ code?: unknown }} */ (value).code
  return typeof code === 'string' && ROWS().has(code)
}

/**
 * Every error code with `retryable`, `httpStatus` and a description: a copy
 * of the core's table.
 * @example
 * errorCodes().find((e) => e.code === 'ERR_RATE_LIMITED').httpStatus // 429
 * @returns {import('./types.mjs').ErrorCodeInfo[]}
 */
function errorCodes () {
  return TABLE().map((row) => /** @type {import('./types.mjs').ErrorCodeInfo} */ ({ ...row }))
}

module.exports = { WeappLoginError, isWeappLoginError, fromCore, invalidArgument, asWeappLoginError, errorCodes }
