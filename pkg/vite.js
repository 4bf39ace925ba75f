'use strict'
/**
 * The Vite plugin (uni-app Vue 3 for `mp-weixin`, or any Vite build of a
 * mini program): emits the client wasm where the mini program build of
 * weapp-login loads it from. One line in `vite.config.js`:
 *
 * @example
 * import uni from '@dcloudio/vite-plugin-uni'
 * import weappLogin from 'weapp-login/vite'
 * export default defineConfig({ plugins: [uni(), weappLogin()] })
 */
const { WASM_ASSET, wasmAssetBytes } = require('./wasm-asset')

/**
 * The Vite plugin: emits the client wasm to
 * `miniprogram_npm/weapp-login/weapp_login_client.wasm.br` in a mini
 * program build's output (uni-app `mp-weixin`).
 * @example
 * import weappLogin from 'weapp-login/vite'
 * export default defineConfig({ plugins: [uni(), weappLogin()] })
 * @returns {{ name: string, apply: 'build', generateBundle: () => void }}
 */
function weappLogin () {
  return {
    name: 'weapp-login',
    apply: 'build',
    generateBundle () {
      // uni-app names the target in UNI_PLATFORM; H5 loads weapp-login/client instead.
      const platform = process.env.UNI_PLATFORM
      if (platform === 'h5' || platform === 'app') return
      this.emitFile({ type: 'asset', fileName: WASM_ASSET, source: wasmAssetBytes() })
    }
  }
}

module.exports = Object.assign(weappLogin, { default: weappLogin })
