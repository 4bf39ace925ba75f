'use strict'
// The client build of the core in Node (the same wasm mini programs run), for
// `createLoginClient` and `transitions`: the server build leaves the client's
// parts out. Compiled once, instantiated synchronously, afresh after a fault.

const fs = require('fs')
const path = require('path')
const createGlue = require('../../dist/client/glue.js')
const { createCore } = require('../core')

const WASM = path.join(__dirname, '..', '..', 'dist', 'client', 'weapp_login_client.wasm')
let compiled = null

function instantiate () {
  if (compiled === null) compiled = new WebAssembly.Module(fs.readFileSync(WASM))
  const glue = createGlue(TextEncoder, TextDecoder)
  glue.setWasm(new WebAssembly.Instance(compiled, glue.imports).exports)
  return glue.exports
}

module.exports = createCore(instantiate, createGlue.names)
