'use strict'
// The client-side API every runtime's entry exposes, given that runtime's
// way of loading the core.

const { WeappLoginError, errorCodes } = require('./errors')
const { readOptions } = require('./options')
const { createLoginClientWith } = require('./client')

/**
 * @param {(location: string | undefined) => { call: Function, ready: () => Promise<void> }} coreAt
 * @param {string} locationOption the option naming where the wasm is (`wasmPath`, `wasmUrl`)
 * @param {() => { call: Function, ready: () => Promise<void> }} [defaultCore]
 */
function clientApi (coreAt, locationOption, defaultCore = () => coreAt(undefined)) {
  const coreFor = (options) => {
    const [where] = readOptions(options, [locationOption])
    return where === undefined ? defaultCore() : coreAt(where)
  }
  /** A promise of the loaded core's answer to `name(...args)`. */
  const ask = (name, args) => {
    const core = defaultCore()
    return core.ready().then(() => core.call(name, args))
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
    transitions: () => ask('transitions', []),
    /** The getPhoneNumber event's detail, read: `{ kind: 'code' | 'encrypted', … }`. */
    parsePhoneEvent: (detail) => ask('parse_phone_event', [detail]),
    /** Every error code with `retryable`, `httpStatus` and a description. */
    errorCodes: () => Promise.resolve(errorCodes())
  }
}

module.exports = { clientApi }
