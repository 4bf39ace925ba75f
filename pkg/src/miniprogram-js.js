'use strict'
// The mini program entry for platforms whose main thread has no WebAssembly
// (`weapp-login/miniprogram-js`, bundled to dist/miniprogram-js/index.js):
// Alipay, Baidu, Kuaishou. The same client on the same core, compiled to
// JavaScript (pkg/dist/client-js); no wasm file ships with it.

const { jsCore } = require('./loader/client-js')
const { clientApi } = require('./client-api')

/** @type {ReturnType<typeof import('./client-api.js').clientApi>} */
module.exports = clientApi(jsCore, 'wasmPath', jsCore)
