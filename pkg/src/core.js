'use strict'
// The JS side of the wasm boundary, the same on every runtime. The server
// build's exports answer their value or throw the core's error (its facade,
// pkg/dist/server/core.js, is generated around `coreFailure`); the client
// build's answer an envelope's JSON text, `{ ok }` or `{ error }`, unwrapped
// here. If an instance ever faults (a trap, or an exception thrown through
// it), it is dropped and rebuilt, and the call fails with ERR_INTERNAL
// instead of leaving a broken module behind.

const { WeappLoginError, fromCore } = require('./errors')

/** The error after a fault: `reset()` has dropped the instance. */
function fault (cause, reset) {
  reset()
  return new WeappLoginError('ERR_INTERNAL', 'internal error in weapp-login; the module was reset', { cause })
}

/**
 * What a server export threw, as the error to throw: the core's own (a plain
 * object `{ code, message, retryable, field?, errcode? }`) as a
 * WeappLoginError; anything else is a fault.
 * @param {unknown} thrown
 * @param {() => void} reset drops the instance
 */
function coreFailure (thrown, reset) {
  if (thrown !== null && typeof thrown === 'object' && Object.getPrototypeOf(thrown) === Object.prototype && typeof thrown.code === 'string') return fromCore(thrown)
  return fault(thrown, reset)
}

/**
 * The client build's exports `names`, each `(a, b) => value`, and `ready()`.
 * @param {() => (Record<string, Function> | Promise<Record<string, Function>>)} instantiate
 *   builds a fresh instance of the glue; synchronously (Node) or not (mini program, browser)
 * @param {readonly string[]} names
 */
function createCore (instantiate, names) {
  let exports = null
  let loading = null

  /** Resolves once an instance is ready (building one if needed). */
  function ready () {
    if (exports !== null) return Promise.resolve()
    if (loading === null) {
      loading = Promise.resolve()
        .then(instantiate)
        .then((built) => { exports = built; loading = null }, (cause) => {
          loading = null
          throw new WeappLoginError('ERR_INTERNAL', 'could not load the weapp-login wasm', { cause })
        })
    }
    return loading
  }

  function current () {
    if (exports !== null) return exports
    const built = loading === null ? instantiate() : null
    if (built === null || typeof built.then === 'function') {
      if (built !== null) loading = Promise.resolve(built).then((e) => { exports = e; loading = null }, () => { loading = null })
      throw new WeappLoginError('ERR_INTERNAL', 'the weapp-login wasm is still loading: await `ready` first')
    }
    exports = built
    return exports
  }

  const core = { ready }
  for (const name of names) {
    core[name] = (a, b) => {
      const glue = current()
      let envelope
      try {
        envelope = glue[name](a, b)
      } catch (cause) {
        throw fault(cause, () => { exports = null }) // rebuilt on the next call or `ready()`
      }
      const answer = JSON.parse(envelope)
      if (answer.error !== undefined) throw fromCore(answer.error)
      return answer.ok
    }
  }
  return core
}

module.exports = { createCore, coreFailure }
