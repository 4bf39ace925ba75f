'use strict'
/**
 * The Taro plugin (Taro 3 and 4, webpack or Vite): points the app's
 * `weapp-login` / `weapp-login/miniprogram` at the build the platform being
 * built loads, and after each mini program build writes the client wasm
 * where that build loads it from. One line in `config/index.js`:
 *
 * @example
 * // config/index.js
 * export default defineConfig({ plugins: ['weapp-login/taro'], ... })
 */
const fs = require('fs')
const path = require('path')
const { WASM_ASSET, buildFor, wasmAssetBytes } = require('./wasm-asset')
const vitePlugin = require('./vite')

/**
 * The Taro plugin. By `taro build --type`: `weapp` keeps the package's mini
 * program build; `qq` and `tt` get `weapp-login/miniprogram-wasm`, `alipay`
 * and `swan` (and Kuaishou's `kwai`) `weapp-login/miniprogram-js`; the wasm
 * goes to `miniprogram_npm/weapp-login/weapp_login_client.wasm.br` in the
 * output for the builds that load one. H5 and other web targets are left
 * alone (they load `weapp-login/client`).
 * @example
 * // config/index.ts
 * export default defineConfig({ plugins: ['weapp-login/taro'] })
 * @param {{ paths: { outputPath: string }, runOpts?: { options?: { platform?: string } }, onBuildComplete: (fn: () => void) => void, modifyWebpackChain?: (fn: (args: { chain: any }) => void) => void, modifyViteConfig?: (fn: (args: { viteConfig: any }) => void) => void }} ctx
 */
module.exports = function weappLoginTaro (ctx) {
  const platform = ctx.runOpts && ctx.runOpts.options && ctx.runOpts.options.platform
  const build = buildFor(platform)
  if (build === undefined) return
  if (build !== 'miniprogram') {
    const target = `weapp-login/${build}`
    if (typeof ctx.modifyWebpackChain === 'function') {
      ctx.modifyWebpackChain(({ chain }) => {
        chain.resolve.alias.set('weapp-login$', target).set('weapp-login/miniprogram$', target)
      })
    }
    if (typeof ctx.modifyViteConfig === 'function') {
      ctx.modifyViteConfig(({ viteConfig }) => {
        const plugin = vitePlugin({ platform })
        // The alias only: the wasm is written below, after the build.
        delete plugin.generateBundle
        viteConfig.plugins = [plugin, ...(viteConfig.plugins || [])]
      })
    }
  }
  const bytes = wasmAssetBytes(build)
  if (bytes === null) return
  ctx.onBuildComplete(() => {
    const file = path.join(ctx.paths.outputPath, WASM_ASSET)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, bytes)
  })
}
