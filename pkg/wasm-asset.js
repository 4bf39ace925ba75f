'use strict'
// The one file the mini program build loads at run time, and where in a
// mini program's output it must be: the mini program entry's default
// `wasmPath` (src/loader/client-wx.js) with `.br`, as WeChat's "build npm"
// lays it out. Shared by the Taro and Vite plugins.
const fs = require('fs')
const path = require('path')

/** Where the wasm goes, relative to the mini program's root. */
const WASM_ASSET = 'miniprogram_npm/weapp-login/weapp_login_client.wasm.br'

/** The brotli-compressed client wasm shipped in this package. */
function wasmAssetBytes () {
  return fs.readFileSync(path.join(__dirname, 'miniprogram_dist', 'weapp_login_client.wasm.br'))
}

module.exports = { WASM_ASSET, wasmAssetBytes }
