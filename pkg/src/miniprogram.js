'use strict'
// The mini program entry (package.json "miniprogram": "miniprogram_dist",
// and the `miniprogram`/`browser` export conditions Taro and uni-app follow;
// bundled to miniprogram_dist/index.js). Loads the client wasm with
// WXWebAssembly; a `wasmPath` option overrides where from. Needs base
// library 2.14.0 or later (src/base-library.js), checked before loading.

const { coreAt } = require('./loader/client-wx')
const { clientApi } = require('./client-api')
const { checkBaseLibrary } = require('./base-library')

/** The core at `wasmPath`, whose `ready()` first checks the base library. */
function checkedCoreAt (wasmPath) {
  const core = coreAt(wasmPath)
  return {
    ...core,
    ready: () => new Promise((resolve) => { checkBaseLibrary(); resolve() }).then(core.ready)
  }
}

/** @type {ReturnType<typeof import('./client-api.js').clientApi>} */
module.exports = clientApi(checkedCoreAt, 'wasmPath')
