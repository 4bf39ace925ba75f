'use strict'
// Calls into a wasm build of the core, the same way on every runtime. Each
// export answers an envelope, `{ ok: value }` or `{ error: {...} }`: a JS
// object (the Node build, made by serde-wasm-bindgen) or its JSON text (the
// mini program build). If the instance ever faults (a trap, or an exception
// thrown through it), it is dropped and rebuilt, and the call fails with
// ERR_INTERNAL instead of leaving a broken module behind.

const { WeappLoginError, fromCore } = require('./errors')

/**
 * @param {() => (Record<string, Function> | Promise<Record<string, Function>>)} instantiate
 *   builds a fresh instance of the glue; synchronously (Node) or not (mini program, browser)
 */
function createCore (instantiate) {
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

  /**
   * Calls export `name` with `args` and unwraps its envelope.
   * @param {string} name
   * @param {unknown[]} args
   */
  function call (name, args) {
    const glue = current()
    let envelope
    try {
      envelope = glue[name](...args)
    } catch (cause) {
      exports = null // rebuilt on the next call or `ready()`
      throw new WeappLoginError('ERR_INTERNAL', 'internal error in weapp-login; the module was reset', { cause })
    }
    const answer = typeof envelope === 'string' ? JSON.parse(envelope) : envelope
    if (answer.error !== undefined) throw fromCore(answer.error)
    return answer.ok
  }

  return { call, ready }
}

module.exports = { createCore }
