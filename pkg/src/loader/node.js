'use strict'
// The Node build of the core: the wasm-bindgen `nodejs` glue, instantiated
// synchronously on first use, and afresh after a fault.

const path = require('path')
const { createCore } = require('../core')

const GLUE = path.join(__dirname, '..', '..', 'dist', 'node', 'weapp_login.js')

function instantiate () {
  delete require.cache[GLUE]
  return require(GLUE)
}

module.exports = createCore(instantiate)
