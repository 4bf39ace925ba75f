'use strict'
// The client build of the core in a browser: fetch + WebAssembly.

const createGlue = require('../../dist/client/glue.js')
const { textCodec } = require('../text-codec')
const { createCore } = require('../core')

function instantiateWith (wasmUrl) {
  return async function instantiate () {
    const { TextEncoder, TextDecoder } = textCodec()
    const glue = createGlue(TextEncoder, TextDecoder)
    const response = await fetch(wasmUrl)
    if (!response.ok) throw new Error(`fetching the wasm answered ${response.status}`)
    const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), glue.imports)
    glue.setWasm(instance.exports)
    return glue.exports
  }
}

const cores = new Map()

/** The core loaded from `wasmUrl` (one per URL). */
function coreAt (wasmUrl) {
  const key = String(wasmUrl)
  if (!cores.has(key)) cores.set(key, createCore(instantiateWith(key), createGlue.names))
  return cores.get(key)
}

module.exports = { coreAt }
