'use strict'
// The one options checker. Every options reader (createAuth, handler(),
// createLoginClient, the stores, createCloudAuth) reads its options with
// these and refuses a bad one with ERR_INVALID_ARGUMENT naming it, in the
// core's wording. Small: the mini program build carries it.

const { invalidArgument } = require('./errors')

/**
 * Reads the named properties of an options object. A missing or non-object
 * argument, or one whose properties cannot be read, is ERR_INVALID_ARGUMENT.
 * @param {unknown} options
 * @param {string[]} names
 * @param {string} [field] what the object is called in errors
 */
function readOptions (options, names, field = 'options') {
  if (options === undefined || options === null) throw invalidArgument(field)
  if (typeof options !== 'object') throw invalidArgument(field, { mustBe: 'an object' })
  try {
    return names.map((name) => options[name])
  } catch {
    throw invalidArgument(field, { why: 'could not be read' })
  }
}

/**
 * Reads `options` against `checks` (name → `(value, field) => value`): every
 * own name must be known and pass its check. Absent (`undefined`) options
 * are left out.
 * @param {unknown} options
 * @param {string} field what the options are called in errors
 * @param {Record<string, (v: unknown, name: string) => unknown>} checks
 * @param {(name: string) => string} [nameOf] how one option is named in errors
 *   (default: `field.name`, or the bare name for `options`)
 */
function fields (options, field, checks, nameOf = (name) => field === 'options' ? name : `${field}.${name}`) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalidArgument(field, { mustBe: 'an object' })
  let names
  try { names = Object.keys(options) } catch { throw invalidArgument(field, { why: 'could not be read' }) }
  const out = {}
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(checks, name)) throw invalidArgument(nameOf(name), { why: `not an option of ${field}` })
    let v
    try { v = options[name] } catch { throw invalidArgument(name, { why: 'could not be read' }) }
    if (v !== undefined) out[name] = checks[name](v, nameOf(name))
  }
  return out
}

/** Any value, as given (for options another check reads). */
const any = (v) => v
const integer = (min, max) => (v, name) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgument(name, { mustBe: 'an integer' })
  if (v < min || v > max) throw invalidArgument(name, { mustBe: `from ${min} to ${max}` })
  return v
}
const string = (min, max, pattern) => (v, name) => {
  if (typeof v !== 'string') throw invalidArgument(name, { mustBe: 'a string' })
  if (v.length < min || v.length > max) throw invalidArgument(name, { mustBe: `${min} to ${max} characters` })
  if (pattern && !pattern.test(v)) throw invalidArgument(name, { mustBe: `text matching ${pattern}` })
  return v
}
const fn = (v, name) => { if (typeof v !== 'function') throw invalidArgument(name, { mustBe: 'a function' }); return v }
const bool = (v, name) => { if (typeof v !== 'boolean') throw invalidArgument(name, { mustBe: 'true or false' }); return v }
const orFalse = (check) => (v, name) => v === false ? false : check(v, name)
const orNull = (check) => (v, name) => v === null ? null : check(v, name)

/** An http(s) URL of at most 2048 characters. */
function url (v, name) {
  string(1, 2048)(v, name)
  let u
  try { u = new URL(v) } catch { u = null }
  if (u === null || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw invalidArgument(name, { mustBe: 'an http(s) URL' })
  return v
}

module.exports = { readOptions, fields, any, integer, string, fn, bool, orFalse, orNull, url }
