'use strict'
/**
 * The Taro plugin (Taro 3 and 4, webpack or Vite): after each mini program
 * build it writes the client wasm where the mini program build of
 * weapp-login loads it from. One line in `config/index.js`:
 *
 * @example
 * // config/index.js
 * export default defineConfig({ plugins: ['weapp-login/taro'], ... })
 */
const fs = require('fs')
const path = require('path')
const { WASM_ASSET, wasmAssetBytes } = require('./wasm-asset')

/** H5 and other non-mini-program targets load `weapp-login/client` and need nothing here. */
const WEB_PLATFORMS = new Set(['h5', 'rn', 'harmony', 'harmony-hybrid'])

/**
 * The Taro plugin: after each mini program build it writes the client wasm
 * to `miniprogram_npm/weapp-login/weapp_login_client.wasm.br` in the output.
 * @example
 * // config/index.ts
 * export default defineConfig({ plugins: ['weapp-login/taro'] })
 * @param {{ paths: { outputPath: string }, runOpts?: { options?: { platform?: string } }, onBuildComplete: (fn: () => void) => void }} ctx
 */
module.exports = function weappLoginTaro (ctx) {
  ctx.onBuildComplete(() => {
    const platform = ctx.runOpts && ctx.runOpts.options && ctx.runOpts.options.platform
    if (WEB_PLATFORMS.has(platform)) return
    const target = path.join(ctx.paths.outputPath, WASM_ASSET)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, wasmAssetBytes())
  })
}
