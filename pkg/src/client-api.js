'use strict'
// The client-side API every runtime's entry exposes, given that runtime's
// way of loading the core.

const { WeappLoginError, isWeappLoginError, errorCodes } = require('./errors')
const { readOptions } = require('./options')
const { createLoginClientWith } = require('./client')

/**
 * The core `make()` builds, built when first touched: creating a client
 * touches none (its first frame comes from storage), so a launch builds the
 * core after its first frame.
 * @template {object} T
 * @param {() => T} make
 * @returns {T}
 */
function lazyCore (make) {
  let core = null
  return /** @type {T} */ (new Proxy({}, { get: (_, name) => (core || (core = make()))[name] }))
}

/**
 * @param {(location: string | undefined) => import('../dist/client/glue').ClientExports & { ready: () => Promise<void> }} coreAt
 * @param {string} locationOption the option naming where the wasm is (`wasmPath`, `wasmUrl`)
 * @param {() => import('../dist/client/glue').ClientExports & { ready: () => Promise<void> }} [defaultCore]
 */
function clientApi (coreAt, locationOption, defaultCore = () => coreAt(undefined)) {
  const coreFor = (options) => {
    const [where] = readOptions(options, [locationOption])
    return where === undefined ? defaultCore() : coreAt(where)
  }
  /** A promise of `use(core)` once the core is loaded. */
  const ask = (use) => {
    const core = defaultCore()
    return core.ready().then(() => use(core))
  }
  return {
    /**
     * The one error class (the same class in every entry). Branch on `code`, never on the message.
     * @type {import('./types.mjs').WeappLoginErrorClass}
     */
    WeappLoginError,
    /**
     * Whether a caught value is a WeappLoginError (narrows `unknown` without a cast).
     * @example
     * try { await client.login() } catch (err) { if (isWeappLoginError(err) && err.retryable) retryLater() }
     */
    isWeappLoginError,
    /**
     * Creates the login client.
     * @example
     * const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx…' })
     * await client.login()
     * @param {import('./client/types.mjs').LoginClientOptions} options
     * @returns {import('./client/types.mjs').LoginClient}
     */
    createLoginClient (options) {
      return createLoginClientWith(lazyCore(() => coreFor(options)), options)
    },
    /**
     * The state machine's transitions `[{ from, event, to }]`, for drawing it
     * (asynchronous here: the wasm loads asynchronously).
     * @returns {Promise<import('./client/types.mjs').Transition[]>}
     */
    transitions: () => ask((core) => core.transitions()),
    /**
     * The getPhoneNumber event's detail, read: `{ kind: 'code' | 'encrypted', … }`.
     * @param {unknown} detail
     * @returns {Promise<import('./types.mjs').PhoneEvent>}
     */
    parsePhoneEvent: (detail) => ask((core) => core.parsePhoneEvent(detail)),
    /**
     * Every error code with `retryable`, `httpStatus` and a description.
     * @returns {Promise<import('./types.mjs').ErrorCodeInfo[]>}
     */
    errorCodes: () => Promise.resolve(errorCodes())
  }
}

module.exports = { clientApi }
