'use strict'
// The browser entry for require() (`weapp-login/client` from CommonJS,
// bundled to dist/web/index.cjs): the client of browser.mjs. CommonJS has no
// import.meta.url to find the wasm beside the code, so the `wasmUrl` option
// says where it is served from; without it the client refuses at once
// (ERR_INVALID_ARGUMENT, `field: 'wasmUrl'`).

const { coreAt } = require('./loader/client-web')
const { clientApi } = require('./client-api')
const { invalidArgument } = require('./errors')

module.exports = clientApi(coreAt, 'wasmUrl', () => { throw invalidArgument('wasmUrl') })
