'use strict'
// Calls into a wasm build of the core, the same way on every runtime.
// Each export answers with a JSON envelope: {"ok": value} or {"error": {...}}.
// If the instance ever faults (a trap, or an exception thrown through it),
// it is rebuilt, and the call fails with ERR_INTERNAL instead of leaving a
// broken module behind.

const { WeappLoginError, fromCore } = require('./errors')

/**
 * @param {() => Record<string, Function>} instantiate builds a fresh instance of the glue
 */
function createCore (instantiate) {
  let exports = null

  function current () {
    if (exports === null) exports = instantiate()
    return exports
  }

  /**
   * Calls export `name` with `args` and unwraps its envelope.
   * @param {string} name
   * @param {unknown[]} args
   */
  function call (name, args) {
    let envelope
    try {
      envelope = current()[name](...args)
    } catch (cause) {
      exports = null // rebuilt on the next call
      throw new WeappLoginError('ERR_INTERNAL', 'internal error in weapp-login; the module was reset', { cause })
    }
    const answer = JSON.parse(envelope)
    if (answer.error !== undefined) throw fromCore(answer.error)
    return answer.ok
  }

  return { call, reset () { exports = null } }
}

/**
 * Reads the named properties of an options object. A missing or non-object
 * argument, or one whose properties cannot be read, is ERR_INVALID_ARGUMENT.
 * @param {unknown} options
 * @param {string[]} names
 * @param {string} [field]
 */
function readOptions (options, names, field = 'options') {
  if (options === undefined || options === null) {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', `invalid argument (\`${field}\` is missing)`, { field })
  }
  if (typeof options !== 'object') {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', `invalid argument (\`${field}\` must be an object)`, { field })
  }
  try {
    return names.map((name) => options[name])
  } catch {
    throw new WeappLoginError('ERR_INVALID_ARGUMENT', `invalid argument (\`${field}\` could not be read)`, { field })
  }
}

module.exports = { createCore, readOptions }
