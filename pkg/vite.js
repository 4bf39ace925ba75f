'use strict'
/**
 * The Vite plugin (uni-app Vue 3 for every mini program platform, Taro's
 * Vite builds, or any Vite build of a mini program): points the app's
 * `weapp-login` / `weapp-login/miniprogram` at the build the platform
 * loads and emits the client wasm where that build loads it from. One line
 * in `vite.config.js`:
 *
 * @example
 * import uni from '@dcloudio/vite-plugin-uni'
 * import weappLogin from 'weapp-login/vite'
 * export default defineConfig({ plugins: [uni(), weappLogin()] })
 */
const { WASM_ASSET, ENTRY, buildFor, wasmAssetBytes } = require('./wasm-asset')

/**
 * The Vite plugin. The platform is uni-app's `UNI_PLATFORM` (`mp-weixin`,
 * `mp-qq`, `mp-toutiao`, `mp-baidu`, `mp-alipay`, `mp-kuaishou`) unless
 * `platform` names it (Taro's `--type` names work too). QQ and Douyin get
 * `weapp-login/miniprogram-wasm` and the wasm at
 * `miniprogram_npm/weapp-login/weapp_login_client.wasm.br`; Alipay, Baidu
 * and Kuaishou `weapp-login/miniprogram-js` (nothing to emit); WeChat the
 * package's mini program build and the wasm at the same path.
 * @example
 * import weappLogin from 'weapp-login/vite'
 * export default defineConfig({ plugins: [uni(), weappLogin()] })
 * @param {{ platform?: string }} [options]
 * @returns {{ name: string, apply: 'build', enforce: 'pre', resolveId: (source: string, importer?: string, options?: object) => Promise<unknown>, generateBundle: () => void }}
 */
function weappLogin (options = {}) {
  // uni-app names the target in UNI_PLATFORM; H5 and app load weapp-login/client instead.
  const build = () => buildFor(options.platform || process.env.UNI_PLATFORM)
  return {
    name: 'weapp-login',
    apply: 'build',
    enforce: 'pre',
    async resolveId (source, importer, resolveOptions) {
      const b = build()
      if (!ENTRY.test(source) || b === undefined || b === 'miniprogram') return null
      return this.resolve(`weapp-login/${b}`, importer, { ...resolveOptions, skipSelf: true })
    },
    generateBundle () {
      const b = build()
      const bytes = b === undefined ? null : wasmAssetBytes(b)
      if (bytes !== null) this.emitFile({ type: 'asset', fileName: WASM_ASSET, source: bytes })
    }
  }
}

module.exports = Object.assign(weappLogin, { default: weappLogin })
