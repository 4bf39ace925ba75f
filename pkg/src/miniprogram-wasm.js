'use strict'
// The mini program entry for QQ and Douyin (`weapp-login/miniprogram-wasm`,
// bundled to dist/miniprogram-wasm/): the client on the wasm core, loaded
// with the platform's WebAssembly object (QQWebAssembly, TTWebAssembly;
// WXWebAssembly too) from `wasmPath` (default: where "build npm" puts it).

const { loaderWith } = require('./loader/client-wx')
const { platformWebAssembly } = require('./loader/web-assembly')
const { clientApi } = require('./client-api')

/** @type {ReturnType<typeof import('./client-api.js').clientApi>} */
module.exports = clientApi(loaderWith(platformWebAssembly), 'wasmPath')
