'use strict'
// Which mini program build of weapp-login each platform gets, and the one
// file that build loads at run time with where in a mini program's output
// it must be: the mini program entries' default `wasmPath`
// (src/loader/client-wx.js) with `.br`, as WeChat's "build npm" lays it
// out. Shared by the Taro and Vite plugins.
const fs = require('fs')
const path = require('path')

/** Where the wasm goes, relative to the mini program's root. */
const WASM_ASSET = 'miniprogram_npm/weapp-login/weapp_login_client.wasm.br'

/**
 * The build each platform loads: WeChat the package's mini program build
 * (WXWebAssembly), QQ and Douyin `miniprogram-wasm` (QQWebAssembly,
 * TTWebAssembly), Alipay, Baidu and Kuaishou `miniprogram-js` (the core
 * compiled to JavaScript). By Taro's `--type` and uni-app's `-p`.
 */
const BUILDS = {
  weapp: 'miniprogram',
  'mp-weixin': 'miniprogram',
  qq: 'miniprogram-wasm',
  'mp-qq': 'miniprogram-wasm',
  tt: 'miniprogram-wasm',
  'mp-toutiao': 'miniprogram-wasm',
  alipay: 'miniprogram-js',
  'mp-alipay': 'miniprogram-js',
  swan: 'miniprogram-js',
  'mp-baidu': 'miniprogram-js',
  kwai: 'miniprogram-js',
  'mp-kuaishou': 'miniprogram-js'
}

/**
 * The same builds by the client's `platform` option (`createLoginClient`'s
 * names), for a native project: what `npx weapp-login miniprogram
 * <platform>` copies into it (bin/weapp-login.js).
 */
const PLATFORM_BUILDS = {
  weixin: 'miniprogram',
  qq: 'miniprogram-wasm',
  toutiao: 'miniprogram-wasm',
  alipay: 'miniprogram-js',
  baidu: 'miniprogram-js',
  kuaishou: 'miniprogram-js'
}

/** The folder of each build in the package. */
const BUILD_DIRS = {
  miniprogram: 'miniprogram_dist',
  'miniprogram-wasm': path.join('dist', 'miniprogram-wasm'),
  'miniprogram-js': path.join('dist', 'miniprogram-js')
}

/** The names an app imports the mini program build under (`weapp-login`, `weapp-login/miniprogram`). */
const ENTRY = /^weapp-login(\/miniprogram)?$/

/**
 * The mini program build for `platform` (a Taro `--type` or uni-app `-p`);
 * undefined for a target that is not one of the mini programs above.
 * @param {string | undefined} platform
 * @returns {'miniprogram' | 'miniprogram-wasm' | 'miniprogram-js' | undefined}
 */
function buildFor (platform) {
  return typeof platform === 'string' && Object.prototype.hasOwnProperty.call(BUILDS, platform) ? BUILDS[platform] : undefined
}

/**
 * The mini program build for a native project on `platform` (the client's
 * `platform` option: `qq`, `toutiao`, …); undefined for any other name.
 * @param {string | undefined} platform
 * @returns {'miniprogram' | 'miniprogram-wasm' | 'miniprogram-js' | undefined}
 */
function buildForPlatform (platform) {
  return typeof platform === 'string' && Object.prototype.hasOwnProperty.call(PLATFORM_BUILDS, platform) ? PLATFORM_BUILDS[platform] : undefined
}

/**
 * The folder of `build` (`miniprogram`, `miniprogram-wasm`,
 * `miniprogram-js`) inside the installed package.
 * @param {string} build
 * @returns {string}
 */
function buildDir (build) {
  return path.join(__dirname, BUILD_DIRS[build])
}

/**
 * The brotli-compressed client wasm the build loads; null for the
 * JavaScript core, which loads nothing.
 * @param {string} build
 * @returns {Buffer | null}
 */
function wasmAssetBytes (build = 'miniprogram') {
  if (build === 'miniprogram-js') return null
  return fs.readFileSync(path.join(buildDir(build), 'weapp_login_client.wasm.br'))
}

module.exports = { WASM_ASSET, ENTRY, PLATFORM_BUILDS, buildFor, buildForPlatform, buildDir, wasmAssetBytes }
