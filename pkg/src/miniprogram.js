'use strict'
// The mini program entry (package.json "miniprogram": "miniprogram_dist";
// bundled to miniprogram_dist/index.js). Loads the client wasm with
// WXWebAssembly; a `wasmPath` option overrides where from.

const { coreAt } = require('./loader/wx-wasm')
const { clientApi } = require('./client-api')

module.exports = clientApi(coreAt, 'wasmPath')
