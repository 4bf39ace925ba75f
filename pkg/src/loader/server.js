'use strict'
// The server build of the core in Node: the wasm-bindgen `nodejs` glue behind
// its generated facade (pkg/dist/server/core.js), one typed function per
// export, loaded on first use and afresh after a fault.

const path = require('path')
const bind = require('../../dist/server/core')

const GLUE = path.join(__dirname, '..', '..', 'dist', 'server', 'weapp_login.js')

module.exports = bind(() => { delete require.cache[GLUE]; return require(GLUE) })
