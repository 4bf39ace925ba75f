/**
 * The Taro plugin: after each mini program build it writes the client wasm
 * to `miniprogram_npm/weapp-login/weapp_login_client.wasm.br` in the output.
 * @example
 * // config/index.ts
 * export default defineConfig({ plugins: ['weapp-login/taro'] })
 */
declare function weappLoginTaro(ctx: unknown): void
export = weappLoginTaro
