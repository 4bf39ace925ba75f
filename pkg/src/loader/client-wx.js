'use strict'
// The client build of the core inside a mini program: the platform's
// WebAssembly object (WXWebAssembly, QQWebAssembly, TTWebAssembly) instantiates the brotli-compressed wasm (`.wasm.br`) from the package's folder. No fetch, no eval, no Node built-ins.

const createGlue = require('../../dist/client/glue.js')
const { textCodec } = require('../text-codec')
const { createCore } = require('../core')

/** Where WeChat's "build npm" puts this package's wasm. */
const DEFAULT_WASM_PATH = '/miniprogram_npm/weapp-login/weapp_login_client.wasm'

function wxWebAssembly () {
  // A free variable on purpose: mini programs provide it as a global.
  // eslint-disable-next-line no-undef
  if (typeof WXWebAssembly !== 'undefined') return WXWebAssembly
  throw new Error('WXWebAssembly is not available (base library 2.13.0 or later)')
}

function instantiateWith (wasmPath, findWebAssembly) {
  return async function instantiate () {
    const { TextEncoder, TextDecoder } = textCodec()
    const glue = createGlue(TextEncoder, TextDecoder)
    const wasm = findWebAssembly()
    // Only the brotli-compressed wasm ships (base library 2.14.0 and later
    // read it; older ones are refused before this: base-library.js).
    const result = await wasm.instantiate(wasmPath + '.br', glue.imports)
    const instance = result && result.instance ? result.instance : result
    glue.setWasm(instance.exports)
    return glue.exports
  }
}

/**
 * A `coreAt(wasmPath)`: the core loaded from `wasmPath` (one per path) with
 * the WebAssembly object `findWebAssembly` answers.
 * @param {() => any} findWebAssembly
 */
function loaderWith (findWebAssembly) {
  const cores = new Map()
  return (wasmPath = DEFAULT_WASM_PATH) => {
    if (!cores.has(wasmPath)) cores.set(wasmPath, createCore(instantiateWith(wasmPath, findWebAssembly), createGlue.names))
    return cores.get(wasmPath)
  }
}

/** The core loaded from `wasmPath` with WXWebAssembly. */
const coreAt = loaderWith(wxWebAssembly)

module.exports = { coreAt, loaderWith, DEFAULT_WASM_PATH }
