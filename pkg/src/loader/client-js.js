'use strict'
// The client core compiled to JavaScript (binaryen's wasm2js over the client
// wasm built with Alipay's phone answer, tools/build-js-core.js), for mini programs whose main thread has no
// WebAssembly: Alipay, Baidu, Kuaishou. Each instance is built by the
// factory from fresh glue, so a faulted one is replaced by a new one.

const createGlue = require('../../dist/client-js/glue.js')
const instantiateJs = require('../../dist/client-js/core.js')
const { textCodec } = require('../text-codec')
const { createCore } = require('../core')

function instantiate () {
  const { TextEncoder, TextDecoder } = textCodec()
  const glue = createGlue(TextEncoder, TextDecoder)
  glue.setWasm(instantiateJs(glue.imports))
  return glue.exports
}

let core = null

/** The JS-compiled core (one per app; it has no location). */
function jsCore () {
  if (core === null) core = createCore(instantiate, createGlue.names)
  return core
}

module.exports = { jsCore }
