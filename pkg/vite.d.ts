/**
 * The Vite plugin: emits the client wasm to
 * `miniprogram_npm/weapp-login/weapp_login_client.wasm.br` in a mini
 * program build's output (uni-app `mp-weixin`).
 * @example
 * import weappLogin from 'weapp-login/vite'
 * export default defineConfig({ plugins: [uni(), weappLogin()] })
 */
declare function weappLogin(): { name: string; apply: 'build'; generateBundle(): void }
export = weappLogin
