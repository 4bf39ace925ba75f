'use strict'
// The client-side API every runtime's entry exposes, given that runtime's
// way of loading the core.

const { WeappLoginError } = require('./errors')
const { readOptions } = require('./core')
const { createLoginClientWith } = require('./client')

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
    WeappLoginError,
    /**
     * Creates the login client.
     * @example
     * const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx…' })
     * await client.login()
     */
    createLoginClient (options) {
      return createLoginClientWith(coreFor(options), options)
    },
    /** The state machine's transitions `[{ from, event, to }]`, for drawing it. */
    transitions: () => ask((core) => core.transitions()),
    /** The getPhoneNumber event's detail, read: `{ kind: 'code' | 'encrypted', … }`. */
    parsePhoneEvent: (detail) => ask((core) => core.parsePhoneEvent(detail)),
    /** Every error code with `retryable`, `httpStatus` and a description. */
    errorCodes: () => ask((core) => core.errorCodes())
  }
}

module.exports = { clientApi }
